"""Lint documents: every sentence with a figure, checked, with its position in the file.

``lint_text`` and ``lint_file`` are pure functions of their inputs (the table is passed in), so a
directory can be spread over processes (``--jobs``) or over a Dask cluster (see
``claimcheck.distributed``) with the same code.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .documents import (DocumentError, discover, has_figure, join_pieces, kind_of, markdown_cuts, markdown_piece,
                        markdown_pieces, read_text, segments)
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


#: Sentences sent to a worker at a time.
CHUNK = 400
#: Sentences the main process checks between two looks at its workers.
SLICE = 50
#: Results handed to ``lint_paths``' ``prepare`` between two looks at the workers.
PREPARE_STEP = 200
#: With fewer distinct sentences to check than this in a small file, no worker is started: starting
#: one would cost more than it saves.
PARALLEL_SENTENCES = 2 * CHUNK
#: Files adding up to less than this are linted in-process whatever ``jobs`` says; a file this big
#: starts its workers before it is parsed, so that they are ready for its first sentences.
PARALLEL_BYTES = 256 * 1024
#: The GIL switch interval while workers run (Python's default is 5 ms).  The process pool's threads
#: in this process (which send chunks and read answers) wait that long for the GIL while this one
#: splits or checks: with 5 ms a worker sat idle ~10 ms per chunk between two.
SWITCH_INTERVAL = 0.0005
#: Results kept for sentences met again in later files.  Past that many they are dropped after a
#: file (a sentence met again is checked again), so memory stays flat over an archive.
KNOWN_MAX = 65_536


def lint_paths(paths: list[Path], table: Table, encoding: str | None = None, jobs: int = 1,
               progress=None, prepare=None):
    """Yield ``(path, findings | error message)`` per file, in the order of ``paths``.

    With ``jobs > 1``, ``jobs`` processes share the work: ``jobs - 1`` workers and this one.  Each
    distinct sentence is checked once, whichever files it is in.  With many files the workers
    also split them into sentences, a few files ahead; with fewer files than twice ``jobs`` (one
    large draft, say) this process splits each file, sending its sentences out to be checked as
    they are found, and then checks beside the workers.  A long Markdown file (one cut into
    pieces, ``markdown_cuts``) is split by this process and the workers at once, a run of its
    pieces each (``_split_shared``).

    ``prepare(result)``, when given, is called in this process for results as they are known, with
    workers only, between its own checks and instead of waiting for a worker: work the caller will
    do for each result anyway (``render.PreparedLines`` encodes its JSON line) is then done while the
    workers check, not after them.  Its answers are the caller's to keep; lint ignores them.
    """
    if jobs > 1 and _total_size(paths) < PARALLEL_BYTES:
        jobs = 1
    if jobs <= 1:
        for path in paths:
            try:
                yield str(path), lint_file(str(path), table, encoding)
            except DocumentError as error:
                yield str(path), str(error)
            if progress:
                progress()
        return
    spread = _Spread(table, jobs, prepare)
    try:
        if len(paths) < 2 * jobs:
            files = _split_here(paths, encoding, spread)
        else:
            files = _split_by_workers(paths, encoding, spread)
        for path, shown, found in files:
            if isinstance(found, str):
                yield path, found
            else:
                yield path, _findings(shown, found, spread.wait_for(found).__getitem__)
            spread.forget()
            if progress:
                progress()
    finally:
        spread.close()


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


def _split_here(paths: list[Path], encoding: str | None, spread: "_Spread"):
    """``(path, shown path, segments | error)`` per file, split in this process; each sentence goes
    to ``spread`` as it is found."""
    for path in paths:
        try:
            text = read_text(str(path), encoding=encoding)
        except DocumentError as error:
            yield str(path), "", str(error)
            continue
        if len(text) >= PARALLEL_BYTES:
            spread.start()
        shown = display_path(str(path))
        cuts = markdown_cuts(text) if spread.pool is not None and kind_of(shown) == "markdown" else [0]
        if len(cuts) > 1:
            found = _split_shared(text, cuts, spread)
        else:
            found = _checkable(text, shown, on_segment=spread.add)
        yield str(path), shown, found


def _split_shared(text: str, cuts: list[int], spread: "_Spread") -> list[Segment]:
    """``_checkable`` of a long Markdown ``text`` cut at ``cuts``, split by this process and the
    workers at once: this process splits the first pieces, each worker a later run of pieces
    (``_pieces_in_worker``), so that no process waits for one to split the whole file.  Sentences
    go to ``spread`` as they are found; the workers' as their pieces come back.  What is checked,
    and the segments returned, are the same as splitting the file whole (``join_pieces``).
    """
    pieces = list(markdown_pieces(text, cuts))
    groups = _groups(pieces, spread.workers + 1)
    size = len(text)
    futures = []
    for group in groups[1:]:
        at, end = group[0][0], group[-1][1]
        futures.append(spread.pool.submit(_pieces_in_worker, (text[at:end], at, group, size)))
    spread.others = futures

    def in_order():
        for start, end, line in groups[0]:
            yield markdown_piece(text[start:end], start, line, size, True, on_segment=spread.add)
        for future, group in zip(futures, groups[1:]):
            while not future.done():
                spread.work()  # a slice checked here meanwhile, or a wait
            try:
                got = future.result()
            except Exception:  # a worker gone (killed, out of memory): split its run here
                got = [markdown_piece(text[start:end], start, line, size, True) for start, end, line in group]
            for piece in got:
                for segment in piece.segments:
                    spread.add(segment)
                yield piece

    try:
        # A piece that may end inside an open block is split again here, with the rest of the file.
        found = join_pieces(text, cuts, in_order(), True, on_segment=spread.add)
    finally:
        spread.others = []
    return [segment for segment in found if has_figure(segment.text)]


def _groups(items: list, n: int) -> list[list]:
    """``items`` cut into ``min(n, len(items))`` runs in order, as even as can be."""
    n = max(1, min(n, len(items)))
    size, extra = divmod(len(items), n)
    out, at = [], 0
    for k in range(n):
        step = size + (k < extra)
        out.append(items[at:at + step])
        at += step
    return out


def _pieces_in_worker(args: tuple[str, int, list[tuple[int, int, int]], int]) -> list:
    """In a worker: ``markdown_piece`` of each piece of a run of a document's pieces.  ``args`` is
    the run's text, its offset in the document, each piece's ``(start, end, lines before)`` and
    the document's length."""
    text, at, pieces, size = args
    return [markdown_piece(text[start - at:end - at], start, line, size, True) for start, end, line in pieces]


def _segment_in_worker(args: tuple[str, str | None]) -> tuple[str, list[Segment] | str]:
    """In a worker: read and split one file, ``(shown path, segments)`` or ``(path, error)``."""
    path, encoding = args
    try:
        text = read_text(path, encoding=encoding)
    except DocumentError as error:
        return path, str(error)
    shown = display_path(path)
    return shown, _checkable(text, shown)


def _split_by_workers(paths: list[Path], encoding: str | None, spread: "_Spread"):
    """As ``_split_here``, with the files split by the workers.

    Each worker has two tasks at a time: the next file to split while fewer than ``8 * workers``
    files are split ahead of the one being reported, else the newest chunk of sentences waiting
    to be checked.  This process checks the oldest waiting chunks itself meanwhile: those of the
    file it reports next, so it seldom waits for a worker.
    """
    spread.start()
    window = 8 * spread.workers
    queued: list[list] = []  # [path, future, (shown, segments | error) or None], in order
    upcoming = iter(paths)

    def refill() -> None:
        spread.collect()
        for entry in queued:  # files split meanwhile: their new sentences wait to be checked
            future = entry[1]
            if entry[2] is None and future.done():
                entry[2] = future.result()
                found = entry[2][1]
                if not isinstance(found, str):
                    spread.add_all(found)
        splitting = [future for _, future, outcome in queued if outcome is None]
        while len(spread.running) + len(splitting) < 2 * spread.workers:
            path = next(upcoming, None) if len(queued) < window else None
            if path is not None:
                future = spread.pool.submit(_segment_in_worker, (str(path), encoding))
                queued.append([str(path), future, None])
                splitting.append(future)
            elif not spread.send_chunk(newest=True):  # the oldest are checked here, for the next file
                break
        spread.others = splitting

    spread.refill = refill
    while True:
        refill()
        if not queued:
            return
        path, future, outcome = queued[0]
        if outcome is None:
            spread.work()  # a slice checked here, or a wait for a worker
            continue
        del queued[0]
        shown, found = outcome
        yield (path, "", found) if isinstance(found, str) else (path, shown, found)


class _Stalled(RuntimeError):
    """``_Spread.work`` found nothing to check and nothing to wait for."""


class _Spread:
    """Distinct sentences checked over ``jobs - 1`` worker processes and this one.

    ``add`` takes sentences as they are found; every ``CHUNK`` new ones go to the workers (once they
    are started: ``start``, or ``PARALLEL_SENTENCES`` distinct sentences).  ``wait_for(segments)``
    returns sentence -> Result once those are all checked, this process checking waiting chunks
    itself meanwhile, a ``SLICE`` at a time, so that ``jobs`` processes work in all: one per CPU,
    not one more.
    """

    def __init__(self, table: Table, jobs: int, prepare=None) -> None:
        self.table = table
        self.workers = max(1, jobs - 1)
        #: When set (the workers split the files), called instead of sending chunks: it gives each
        #: worker its next task; ``others`` are the futures of the files being split meanwhile.
        self.refill = None
        self.others: list = []
        self.pool = None
        self.known: dict = {}  # sentence -> Result, or None until it is checked
        self.chunk: list[str] = []
        self.waiting: list[list[str]] = []  # chunks not sent yet, oldest first
        self.running: list = []  # (chunk, future), oldest first
        self.final = False  # True once wait_for has all of a file's sentences (see send_chunk)
        self.prepare = prepare  # see lint_paths
        self.unprepared: list[str] = []  # checked sentences whose result prepare has not seen

    def start(self) -> None:
        if self.pool is None:
            from concurrent.futures import ProcessPoolExecutor

            from .match import init_worker

            self.pool = ProcessPoolExecutor(max_workers=self.workers, initializer=init_worker,
                                            initargs=(self.table, 0))
            self.pool.submit(int)  # launches the workers now, while the document is parsed
            self.interval = sys.getswitchinterval()
            sys.setswitchinterval(SWITCH_INTERVAL)

    def add(self, segment: Segment) -> None:
        text = segment.text
        if text in self.known or len(text) > MAX_SENTENCE_CHARS:
            return
        self.known[text] = None
        self.final = False
        self.chunk.append(text)
        if len(self.chunk) >= CHUNK:
            self._close_chunk()

    def add_all(self, segments: list[Segment]) -> None:
        for segment in segments:
            self.add(segment)
        if self.chunk:
            self._close_chunk()

    def _close_chunk(self) -> None:
        self.waiting.append(self.chunk)
        self.chunk = []
        if self.pool is None and len(self.known) >= PARALLEL_SENTENCES:
            self.start()
        if self.pool is not None and self.refill is None:
            self._send()

    def _send(self) -> None:
        """Two chunks queued per worker keep it busy; the rest wait for whichever process is free."""
        self.collect()
        while len(self.running) < 2 * self.workers and self.send_chunk():
            pass

    def send_chunk(self, newest: bool = False) -> bool:
        """Send the oldest waiting chunk (or the newest) to the workers; False if none waits."""
        if not self.waiting:
            return False
        from .match import check_chunk

        if self.final and not newest:
            # The file is split: what is left is shared out in ever smaller parts (a share of it
            # for each process, halved), so that no process is left waiting at the end for another
            # to finish a full chunk.
            chunk = self.waiting[0]
            size = max(SLICE, -(-sum(map(len, self.waiting)) // (2 * (self.workers + 1))))
            if len(chunk) > size:
                part = chunk[:size]
                del chunk[:size]
                self.running.append((part, self.pool.submit(check_chunk, part)))
                return True
        chunk = self.waiting.pop(-1 if newest else 0)
        self.running.append((chunk, self.pool.submit(check_chunk, chunk)))
        return True

    def collect(self) -> None:
        """Take the answers of the chunks done."""
        still = []
        for chunk, future in self.running:
            if future.done():
                results = future.result()
                if len(results) != len(chunk):  # not the chunk sent: check it again, here
                    results = check_all(chunk, self.table)
                self.known.update(zip(chunk, results))
                if self.prepare is not None:
                    self.unprepared += chunk
            else:
                still.append((chunk, future))
        self.running = still

    def work(self) -> None:
        """One step: check a slice of a waiting chunk here, or else wait for a worker."""
        if self.refill is not None:
            self.refill()
        elif self.pool is not None:
            self._send()
        if self.waiting:
            # A slice at a time, so that a worker done meanwhile gets its next task soon.  When the
            # workers split the files, the oldest chunk, here: the sentences of the file reported
            # next; otherwise the newest, while the workers take the oldest.
            at = 0 if self.refill is not None else -1
            chunk = self.waiting[at]
            piece = chunk[-SLICE:]
            del chunk[-SLICE:]
            if not chunk:
                del self.waiting[at]
            self.known.update(zip(piece, check_all(piece, self.table)))
            if self.prepare is not None:
                self.unprepared += piece
                self._prepare_some()
        elif self.unprepared:  # rather than wait for a worker
            self._prepare_some()
        elif self.running or self.others:
            from concurrent.futures import FIRST_COMPLETED, wait

            wait([future for _, future in self.running] + self.others, return_when=FIRST_COMPLETED)
            self.collect()
        else:
            raise _Stalled("lint: waiting for sentences that were never sent to be checked")

    def _prepare_some(self) -> None:
        """``prepare`` for up to ``PREPARE_STEP`` results not prepared yet (newest first)."""
        known, unprepared, prepare = self.known, self.unprepared, self.prepare
        for _ in range(min(PREPARE_STEP, len(unprepared))):
            result = known.get(unprepared.pop())
            if result is not None:  # (None: forgotten since, see forget)
                prepare(result)

    def wait_for(self, segments: list[Segment]) -> dict:
        """sentence -> Result for ``segments`` (and more), once they are all checked."""
        for segment in segments:
            if segment.text not in self.known:  # forgotten since it was added (forget)
                self.add(segment)
        # Every sentence of the file is sent or waiting: from here on, parts get smaller (send_chunk).
        self.final = self.refill is None
        if self.chunk:
            self._close_chunk()
        known = self.known
        missing = [s.text for s in segments if len(s.text) <= MAX_SENTENCE_CHARS and known[s.text] is None]
        while missing:
            try:
                self.work()
            except _Stalled:
                # Nothing is left to do, yet some sentences have no result: never seen in tests,
                # seen once in a benchmark run (of a scheduler since reverted), unexplained.
                # Check them here rather than fail a lint; the findings are the same.
                known.update(zip(missing, check_all(missing, self.table)))
            missing = [text for text in missing if known[text] is None]
        return known

    def forget(self) -> None:
        """Past ``KNOWN_MAX`` results, drop those known (``wait_for`` has them checked again if
        a later file needs one), so memory stays flat over an archive."""
        if len(self.known) > KNOWN_MAX:
            self.known = {text: result for text, result in self.known.items() if result is None}

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None
            sys.setswitchinterval(self.interval)


__all__ = ["lint_text", "lint_file", "lint_paths", "discover", "DocumentError", "display_path"]
