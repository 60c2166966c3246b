"""Lint documents: every sentence with a figure, checked in its context, at its line and column.

``lint_text`` and ``lint_file`` are pure functions of their inputs (the table is passed in), so
files can be spread over processes (``--jobs``) or a Dask cluster (``claimcheck.distributed``)
with the same code.  Suppression comments (``claimcheck-disable-next-line [ID ...] [-- reason]``,
``claimcheck-disable`` ... ``claimcheck-enable``) are applied here: one that names claims silences
only findings about them.
"""

from __future__ import annotations

import bisect
import os
import re
import signal
import threading
import time
from pathlib import Path

from .context import MAX_SENTENCE_CHARS, contexts
from .documents import DocumentError, document, kind_of, line_starts, read_text, silenced
from .figures import has_figure
from .index import Table
from .model import SEVERITY, FileError, Finding, InputError, Result, Segment, UNVERIFIED, deciding_figure
from .verdict import decide

#: Worker processes at most (``--jobs``).
MAX_JOBS = 64
#: Sentences with figures one document may hold (an article has tens): past it, the file is an
#: error, so that a 64 MiB table of numbers costs seconds and not gigabytes.
MAX_FIGURE_SENTENCES = 10_000


def lint_text(text: str, path: str, table: Table, kind: str | None = None) -> list[Finding]:
    """Every sentence of ``text`` that states a figure, with its verdict, in document order."""
    doc = document(text, kind or kind_of(path))
    starts = line_starts(text)
    findings = []
    checked = 0
    for seg, off, (context, reading) in zip(doc.segments, silenced(doc.segments, doc.directives, text),
                                            contexts(doc)):
        if off == () or not has_figure(seg.text):
            continue
        checked += 1
        if checked > MAX_FIGURE_SENTENCES:
            raise InputError(f"{path}: more than {MAX_FIGURE_SENTENCES:,} sentences with figures, not checked "
                             f"(a draft has tens; split a data file, or leave it out with --exclude)")
        if len(seg.text) > MAX_SENTENCE_CHARS:
            result = Result(seg.text[:200] + "…", UNVERIFIED,
                            (f"sentence too long to check ({len(seg.text):,} characters; limit {MAX_SENTENCE_CHARS:,})",),
                            0.0)
            findings.append(Finding(path, seg, result))
            continue
        result = decide(reading, table, context=context)
        if not result.figures:
            continue  # no figure after all ("one of them")
        if off and result.claim is not None and result.claim.id in off:
            continue  # silenced for this claim
        findings.append(Finding(path, seg, result, figure_at(text, starts, seg, result)))
    return findings


def figure_at(text: str, starts: list[int], seg: Segment, result: Result) -> tuple[int, int, int, int] | None:
    """Where the deciding figure is written in the document, found from the sentence's start."""
    fr = deciding_figure(result)
    if fr is None or not fr.figure.text:
        return None
    pattern = r"\s+".join(re.escape(part) for part in fr.figure.text.split())
    limit = seg.offset + len(seg.text) * 3 + 200
    m = re.compile(pattern).search(text, seg.offset, min(len(text), limit))
    if m is None:
        return None
    line = bisect.bisect_right(starts, m.start())
    end = max(m.end() - 1, m.start())
    end_line = bisect.bisect_right(starts, end)
    return line, m.start() - starts[line - 1] + 1, end_line, end - starts[end_line - 1] + 1


def lint_file(path: str, table: Table, encoding: str | None = None) -> list[Finding]:
    """Read and lint one file; ``DocumentError`` for a file that cannot be read."""
    return lint_text(read_text(path, encoding=encoding), display_path(path), table)


def display_path(path: str | os.PathLike) -> str:
    """Paths in findings as the user would type them: relative to the working directory when inside it."""
    text = os.fspath(path)
    if text == "-":
        return text
    try:  # "/abs/drafts/a.md" or "../drafts/a.md", seen from inside drafts/: "a.md"
        rel = os.path.relpath(os.path.abspath(text))
    except ValueError:  # another drive
        rel = ".."
    shown = text if rel.startswith("..") else rel
    # a name starting with "::" would open a line that CI reads as a workflow command
    return f".{os.sep}{shown}" if shown.startswith(":") else shown


def _one(path: str, table: Table, encoding: str | None) -> list[Finding] | FileError:
    try:
        return lint_file(path, table, encoding)
    except InputError as error:
        return FileError(display_path(path), str(error))
    except RecursionError:
        return FileError(display_path(path), "nested too deeply to read", "E902")
    except Exception as error:  # a bug: reported for this file, and the other files are still checked
        return FileError(display_path(path), f"internal error: {type(error).__name__}: {error} (please report it)",
                         "E999")


def lint_paths(paths: list[Path], table: Table, encoding: str | None = None, jobs: int = 1, progress=None):
    """``(path, findings or FileError)`` for each file, in the order of ``paths``; ``jobs``
    processes share the files (1: all in this one)."""
    jobs = max(1, min(jobs, len(paths), MAX_JOBS))
    if jobs == 1:
        for path in paths:
            yield str(path), _one(str(path), table, encoding)
            if progress:
                progress()
        return
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker, initargs=(table, encoding, os.getpid()))
    try:
        # (futures, not pool.map: map cancels its futures when interrupted, and Python 3.11's pool
        # then fails on them in a thread of its own once the workers are ended below)
        futures = [pool.submit(_in_worker, str(p)) for p in paths]
        for path, future in zip(paths, futures):
            yield str(path), future.result()
            if progress:
                progress()
    except BaseException:  # Ctrl-C, SIGTERM, a caller that stops: files in progress are not waited for
        end_workers()
        raise
    finally:
        pool.shutdown(wait=True)


def end_workers(grace: float = 1.0) -> None:
    """End this process's worker processes now (``--jobs``, interrupted): SIGTERM, which workers
    leave at its default (``tie_to_parent``), then SIGKILL for any still there after ``grace`` s."""
    import multiprocessing

    children = multiprocessing.active_children()
    for child in children:
        child.terminate()
    deadline = time.monotonic() + grace
    for child in children:
        child.join(max(0.0, deadline - time.monotonic()))
        if child.is_alive():
            child.kill()
            child.join(grace)


_worker: tuple[Table, str | None] | None = None


def tie_to_parent(parent: int) -> None:
    """In a worker process: leave Ctrl-C to the parent (no worker tracebacks), end at once on
    SIGTERM (how an interrupted parent ends its workers: the default action, not the parent's
    handler inherited through fork), and end when the parent is gone (``kill -9`` of
    ``claimcheck lint --jobs`` or ``check --jobs`` leaves no worker)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _start_worker(table: Table, encoding: str | None, parent: int) -> None:
    """In a worker: keep the table, tied to the parent."""
    global _worker
    _worker = (table, encoding)
    tie_to_parent(parent)


def _in_worker(path: str) -> list[Finding] | FileError:
    table, encoding = _worker
    return _one(path, table, encoding)


def worst(findings: list[Finding]) -> str | None:
    """The worst verdict among the findings."""
    return max((f.result.verdict for f in findings), key=SEVERITY.get, default=None)


__all__ = ["lint_text", "lint_file", "lint_paths", "end_workers", "display_path", "figure_at",
           "DocumentError", "MAX_SENTENCE_CHARS", "MAX_JOBS"]
