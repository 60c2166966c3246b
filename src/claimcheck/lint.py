"""Lint documents: every sentence with a figure, checked, with its position in the file.

``lint_text`` and ``lint_file`` are pure functions of their inputs (the table is passed in), so a
directory can be spread over processes (``--jobs``) or over a Dask cluster (see
``claimcheck.distributed``) with the same code.
"""

from __future__ import annotations

import os
from pathlib import Path

from .documents import DocumentError, discover, has_figure, kind_of, read_text, segments
from .match import check_all
from .model import Finding, Result, Segment, UNVERIFIED
from .table import Table

#: A "sentence" longer than this (a table dump, a base64 blob) is not checked.
MAX_SENTENCE_CHARS = 5000


def lint_text(text: str, path: str, table: Table, kind: str | None = None) -> list[Finding]:
    """Every sentence of ``text`` that states a figure, with its verdict."""
    found = _checkable(text, path, kind)
    distinct = list(dict.fromkeys(s.text for s in found if len(s.text) <= MAX_SENTENCE_CHARS))
    return _findings(path, found, dict(zip(distinct, check_all(distinct, table))).__getitem__)


def _checkable(text: str, path: str, kind: str | None = None, on_segment=None) -> list[Segment]:
    # figures_only: runs of prose without any figure are never split into sentences (the bulk of a
    # long document), which is what keeps a 50 MB draft from taking minutes.
    return [segment for segment in segments(text, kind or kind_of(path), figures_only=True, on_segment=on_segment)
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


#: Sentences sent to a worker at a time.
CHUNK = 400
#: Sentences the main process checks between two looks at its workers.
SLICE = 50
#: With fewer distinct sentences to check than this in a small file, no worker is started: starting
#: one would cost more than it saves.
PARALLEL_SENTENCES = 2 * CHUNK
#: Files adding up to less than this are linted in-process whatever ``jobs`` says; a file this big
#: starts its workers before it is parsed, so that they are ready for its first sentences.
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
    checks = _SentenceChecks(table, jobs)
    try:
        for path in paths:
            try:
                text = read_text(str(path), encoding=encoding)
            except DocumentError as error:
                yield str(path), str(error)
                if progress:
                    progress()
                continue
            if len(text) >= PARALLEL_BYTES:
                checks.start()
            shown = display_path(str(path))
            # Sentences go to the workers as they are found: they are checked while the rest of the
            # document is still being split.
            found = _checkable(text, shown, on_segment=checks.add)
            yield str(path), _findings(shown, found, checks.finish().__getitem__)
            if progress:
                progress()
    finally:
        checks.close()


class _SentenceChecks:
    """The distinct sentences of a document, checked over worker processes as they are found.

    ``add`` takes each sentence the segmenter finds; every ``CHUNK`` new ones go to the workers once
    they are started (``start``, or ``PARALLEL_SENTENCES`` distinct sentences).  ``finish`` returns
    sentence -> Result when the document has been read: the main process then checks the chunks
    still waiting itself, beside the workers, so ``jobs`` processes work in all (``jobs - 1``
    workers), one per CPU and not one more.
    """

    def __init__(self, table: Table, jobs: int) -> None:
        self.table = table
        self.workers = max(1, jobs - 1)
        self.pool = None
        self._reset()

    def _reset(self) -> None:
        self.results: dict = {}
        self.chunk: list[str] = []
        self.waiting: list[list[str]] = []  # chunks not sent yet, oldest first
        self.running: list = []  # (chunk, future), oldest first

    def start(self) -> None:
        if self.pool is None:
            from concurrent.futures import ProcessPoolExecutor

            from .match import init_worker

            self.pool = ProcessPoolExecutor(max_workers=self.workers, initializer=init_worker,
                                            initargs=(self.table, 0))
            self.pool.submit(int)  # launches the workers now, while the document is parsed

    def add(self, segment: Segment) -> None:
        text = segment.text
        if text in self.results or len(text) > MAX_SENTENCE_CHARS:
            return
        self.results[text] = None
        self.chunk.append(text)
        if len(self.chunk) >= CHUNK:
            self.waiting.append(self.chunk)
            self.chunk = []
            if self.pool is None and len(self.results) >= PARALLEL_SENTENCES:
                self.start()
            if self.pool is not None:
                self._send()

    def _send(self) -> None:
        from .match import check_chunk

        self._collect(wait=False)
        # Two chunks queued per worker keep it busy; the rest wait for whichever process is free.
        while self.waiting and len(self.running) < 2 * self.workers:
            chunk = self.waiting.pop(0)
            self.running.append((chunk, self.pool.submit(check_chunk, chunk)))

    def _collect(self, wait: bool) -> None:
        """Take the answers of the chunks done (with ``wait``, of the oldest one at least)."""
        still = []
        for chunk, future in self.running:
            if wait or future.done():
                self.results.update(zip(chunk, future.result()))
                wait = False
            else:
                still.append((chunk, future))
        self.running = still

    def finish(self) -> dict:
        if self.chunk:
            self.waiting.append(self.chunk)
        results, table = self.results, self.table
        if self.pool is None:
            for chunk in self.waiting:
                results.update(zip(chunk, check_all(chunk, table)))
        else:
            while self.waiting or self.running:
                self._send()
                if self.waiting:
                    # The newest chunk, here, while the workers take the oldest ones; a slice at a
                    # time, so that a worker done meanwhile gets its next chunk soon.
                    chunk = self.waiting[-1]
                    piece = chunk[-SLICE:]
                    del chunk[-SLICE:]
                    if not chunk:
                        self.waiting.pop()
                    results.update(zip(piece, check_all(piece, table)))
                else:
                    self._collect(wait=True)
        self._reset()
        return results

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None


__all__ = ["lint_text", "lint_file", "lint_paths", "discover", "DocumentError", "display_path"]
