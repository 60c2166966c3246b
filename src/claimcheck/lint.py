"""Lint documents: every sentence with a figure, checked, with its position in the file.

``lint_text`` and ``lint_file`` are pure functions of their inputs (the table is passed in), so a
directory can be spread over processes (``--jobs``) or over a Dask cluster (see
``claimcheck.distributed``) with the same code.
"""

from __future__ import annotations

import os
from pathlib import Path

from .documents import DocumentError, discover, has_figure, kind_of, read_text, segments
from .match import checked
from .model import Finding, Result, Segment, UNVERIFIED
from .table import Table

#: A "sentence" longer than this (a table dump, a base64 blob) is not checked.
MAX_SENTENCE_CHARS = 5000


def lint_text(text: str, path: str, table: Table, kind: str | None = None) -> list[Finding]:
    """Every sentence of ``text`` that states a figure, with its verdict."""
    return _findings(path, _checkable(text, path, kind), lambda sentence: checked(sentence, table))


def _checkable(text: str, path: str, kind: str | None = None) -> list[Segment]:
    # figures_only: runs of prose without any figure are never split into sentences (the bulk of a
    # long document), which is what keeps a 50 MB draft from taking minutes.
    return [segment for segment in segments(text, kind or kind_of(path), figures_only=True)
            if has_figure(segment.text)]


def _findings(path: str, found: list[Segment], verdict_of) -> list[Finding]:
    """Findings for the checkable segments, ``verdict_of(sentence)`` giving each one's Result."""
    findings = []
    for segment in found:
        if len(segment.text) > MAX_SENTENCE_CHARS:
            result = Result(text=segment.text[:200] + "…", verdict=UNVERIFIED, score=0.0,
                            reasons=(f"sentence too long to check ({len(segment.text):,} characters; "
                                     f"limit {MAX_SENTENCE_CHARS:,})",))
        else:
            result = verdict_of(segment.text)
            if not result.figures:
                continue  # no figure after all ("one of them")
        findings.append(Finding(path=path, segment=segment, result=result))
    return findings


def lint_file(path: str, table: Table, encoding: str | None = None) -> list[Finding]:
    """Read and lint one file; raises ``DocumentError`` for files that cannot be read."""
    return lint_text(read_text(path, encoding=encoding), display_path(path), table)


def display_path(path: str | os.PathLike) -> str:
    """Paths in findings as the user would type them: relative to the working directory when inside it."""
    text = os.fspath(path)
    if os.path.isabs(text):
        try:
            rel = os.path.relpath(text)
            if not rel.startswith(".."):
                return rel
        except ValueError:
            pass
    return text


_worker_table: Table | None = None


def _init_worker(table: Table) -> None:
    global _worker_table
    _worker_table = table


def _lint_in_worker(args: tuple[str, str | None]) -> tuple[str, list[Finding] | str]:
    path, encoding = args
    try:
        return path, lint_file(path, _worker_table, encoding)
    except DocumentError as error:
        return path, str(error)


#: A file with fewer distinct sentences to check than this is checked in-process even with --jobs:
#: starting workers would cost more than it saves.
PARALLEL_SENTENCES = 2000
#: Sentences sent to a worker at a time.
CHUNK = 400
#: Files adding up to less than this are linted in-process whatever ``jobs`` says: starting
#: workers (~50 ms) would cost more than they save.
PARALLEL_BYTES = 256 * 1024


def lint_paths(paths: list[Path], table: Table, encoding: str | None = None, jobs: int = 1,
               progress=None):
    """Yield ``(path, findings | error message)`` per file, in the order of ``paths``.

    With ``jobs > 1``, many files are spread over worker processes a file at a time; when there
    are fewer files than twice the workers (one large draft, say), each file is split into
    sentences here and its sentence checks are spread over the workers instead.
    """
    if jobs > 1 and _total_size(paths) < PARALLEL_BYTES:
        jobs = 1
    if jobs > 1 and len(paths) < 2 * jobs:
        yield from _lint_by_sentence(paths, table, encoding, jobs, progress)
        return
    if jobs <= 1:
        for path in paths:
            try:
                yield str(path), lint_file(str(path), table, encoding)
            except DocumentError as error:
                yield str(path), str(error)
            if progress:
                progress()
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(table,)) as pool:
        for item in pool.map(_lint_in_worker, [(str(p), encoding) for p in paths], chunksize=4):
            yield item
            if progress:
                progress()


def _total_size(paths: list[Path]) -> int:
    total = 0
    for path in paths:
        try:
            total += os.stat(path).st_size
        except OSError:
            pass  # reported when the file is read
        if total >= PARALLEL_BYTES:
            break
    return total


def _lint_by_sentence(paths: list[Path], table: Table, encoding: str | None, jobs: int, progress):
    pool = None
    try:
        for path in paths:
            try:
                text = read_text(str(path), encoding=encoding)
            except DocumentError as error:
                yield str(path), str(error)
                if progress:
                    progress()
                continue
            shown = display_path(str(path))
            found = _checkable(text, shown)
            todo = list(dict.fromkeys(s.text for s in found if len(s.text) <= MAX_SENTENCE_CHARS))
            if len(todo) < PARALLEL_SENTENCES:
                yield str(path), _findings(shown, found, lambda sentence: checked(sentence, table))
            else:
                if pool is None:
                    from concurrent.futures import ProcessPoolExecutor

                    from .match import init_worker

                    pool = ProcessPoolExecutor(max_workers=jobs, initializer=init_worker, initargs=(table, 0))
                from .match import check_chunk

                chunks = [todo[i:i + CHUNK] for i in range(0, len(todo), CHUNK)]
                results = {}
                for chunk, done in zip(chunks, pool.map(check_chunk, chunks)):
                    results.update(zip(chunk, done))
                yield str(path), _findings(shown, found, results.__getitem__)
            if progress:
                progress()
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


__all__ = ["lint_text", "lint_file", "lint_paths", "discover", "DocumentError", "display_path"]
