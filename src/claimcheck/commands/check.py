"""``claimcheck check SENTENCE...`` and ``claimcheck check [-]`` (one sentence per line of stdin).

Standard input is read by a thread in blocks, split into lines, and each line is answered in order.
JSON Lines are flushed whenever no more input is waiting, so a co-process that writes a sentence
and waits gets its answer at once; a line longer than ``MAX_LINE_CHARS`` is refused as soon as it
is seen, without reading the rest of it.  With ``--jobs N`` (N > 1) lines are checked by N worker
processes, in chunks, in order.
"""

from __future__ import annotations

import os
import queue
import sys
import threading
from collections import deque

from ..model import ExitStatus, InputError
from . import Common, fails, jobs_of, load, settings, stdin_bytes, use_color

#: The longest sentence ``check`` takes (characters).
MAX_LINE_CHARS = 100_000
#: Results kept for sentences met again (pipelines repeat boilerplate).
MEMO_SIZE = 8192
CHUNK_LINES = 256
_END = object()


class LineReader:
    """Lines of a binary stream, decoded (``files.TextDecoder``, as ``lint -`` decodes), read by a
    background thread: ``waiting()`` tells whether a line (or the end) is ready without blocking."""

    def __init__(self, stream, encoding: str | None, limit: int = MAX_LINE_CHARS):
        from ..files import TextDecoder

        self.decoder = TextDecoder("<stdin>", encoding)  # an unusable encoding: InputError, before a read
        self.limit = limit
        self.queue: queue.Queue = queue.Queue(maxsize=4096)
        self.thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self.thread.start()

    def _read(self, stream) -> None:
        from ..files import DecodeError

        number, pending = 0, ""
        try:
            fd = stream.fileno()
            read = lambda: os.read(fd, 1 << 16)  # noqa: E731 - whatever is there, up to 64 KiB
        except (AttributeError, OSError, ValueError):
            read = lambda: stream.read(1 << 16)  # noqa: E731
        try:
            while True:
                block = read()
                try:
                    text = self.decoder.decode(block, final=not block)
                except DecodeError as error:
                    # the lines before the bad byte are answered first; the error names its line and column
                    *lines, pending = (pending + error.before).split("\n")
                    for line in lines:
                        number += 1
                        self._put(number, line)
                    raise
                pending += text
                *lines, pending = pending.split("\n")
                for line in lines:
                    number += 1
                    self._put(number, line)
                if len(pending) > self.limit * 4 or len(pending) > self.limit and "\n" not in pending:
                    raise InputError(f"<stdin>:{number + 1}: line is longer than the limit for one sentence "
                                     f"({self.limit:,} characters)")
                if not block:
                    if pending:
                        number += 1
                        self._put(number, pending)
                    break
            self.queue.put(_END)
        except InputError as error:
            self.queue.put(error)
        except OSError as error:
            self.queue.put(InputError(f"<stdin>: cannot read: {error.strerror or error}"))
        except Exception as error:  # a bug: reported by the reading side, never a silent hang
            self.queue.put(error)

    def _put(self, number: int, line: str) -> None:
        if number == 1 and line.startswith("\ufeff"):
            line = line[1:]
        line = line.rstrip("\r")
        if len(line) > self.limit:
            raise InputError(f"<stdin>:{number}: line is {len(line):,} characters, longer than the limit for one "
                             f"sentence ({self.limit:,} characters)")
        self.queue.put(line)

    def waiting(self) -> bool:
        return not self.queue.empty()

    def __iter__(self):
        while True:
            item = self.queue.get()
            if item is _END:
                return
            if isinstance(item, Exception):
                raise item
            yield item


def _memo_check(table):
    from ..verdict import check

    memo: dict[str, object] = {}

    def checked(sentence: str):
        result = memo.get(sentence)
        if result is None:
            if len(memo) >= MEMO_SIZE:
                memo.clear()
            result = memo[sentence] = check(sentence, table)
        return result

    return checked


_worker_check = None


def _start_worker(table, parent: int) -> None:
    from ..lint import tie_to_parent

    global _worker_check
    tie_to_parent(parent)
    _worker_check = _memo_check(table)


def _check_chunk(sentences: list[str]):
    return [_worker_check(s) for s in sentences]


def _answers(lines, table, jobs: int, waiting):
    """Results in input order: here, or over ``jobs`` worker processes."""
    if jobs <= 1:
        checked = _memo_check(table)
        for line in lines:
            yield checked(line)
        return
    from concurrent.futures import ProcessPoolExecutor

    from ..lint import end_workers

    with ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker, initargs=(table, os.getpid())) as pool:
        try:
            yield from _in_order(lines, pool, jobs, waiting)
        except BaseException:  # Ctrl-C, SIGTERM, a closed pipe: the chunks in progress are not waited for
            end_workers()
            raise


def _in_order(lines, pool, jobs: int, waiting):
    """The answers of ``lines`` checked by ``pool`` in chunks, in input order."""
    pending: deque = deque()
    chunk: list[str] = []
    try:
        for line in lines:
            chunk.append(line)
            if len(chunk) >= CHUNK_LINES or not waiting():
                pending.append(pool.submit(_check_chunk, chunk))
                chunk = []
            while pending and (pending[0].done() or len(pending) > 2 * jobs or not waiting()):
                yield from pending.popleft().result()
    except InputError:
        if chunk:
            pending.append(pool.submit(_check_chunk, chunk))
        while pending:  # the answers before a bad line come first
            yield from pending.popleft().result()
        raise
    if chunk:
        pending.append(pool.submit(_check_chunk, chunk))
    while pending:
        yield from pending.popleft().result()


def run(sentences: list[str], common: Common, fmt: str = "text", top: int = 0, fail_on: str | None = None,
        encoding: str | None = None, jobs: int | None = None, quiet: bool = False) -> ExitStatus:
    from ..output import write_results
    from ..output.jsonout import jsonl_line

    merged, _ = settings(common, {"encoding": encoding})  # --encoding, else the configuration's, else UTF-8
    if merged.get("encoding"):
        from ..files import text_codec

        text_codec(merged["encoding"])  # an unusable encoding: one usage error, before anything is read
    fail_on = fail_on or merged.get("fail_on") or "contradicted"
    table = load(merged)
    if not sentences:
        if sys.stdin is None or sys.stdin.isatty():
            raise InputError("no sentences: give them as arguments, or pipe them in one per line "
                             "(claimcheck check - < sentences.txt)")
        sentences = ["-"]
    stdin = sentences == ["-"]
    if not stdin and "-" in sentences:
        raise InputError("'-' (standard input) cannot be combined with sentences on the command line")
    reader = LineReader(stdin_bytes("give sentences as arguments"), merged.get("encoding")) if stdin else None
    lines = iter(reader) if reader else iter(sentences)
    waiting = reader.waiting if reader else (lambda: True)
    workers = jobs_of(jobs) if stdin else 1
    color = use_color(common.color, sys.stdout)
    failed, seen, batch = False, 0, []
    if top:
        from ..verdict import check

        results = (check(s, table, top=top) for s in lines)
    else:
        results = _answers(lines, table, workers, waiting)
    try:
        for result in results:
            seen += 1
            failed = failed or fails(result.verdict, fail_on)
            if fmt == "jsonl":
                sys.stdout.write(jsonl_line(result))
                if not waiting():
                    sys.stdout.flush()
            elif not (quiet and result.verdict == "supported"):
                batch.append(result)
                if fmt == "text" and len(batch) >= 256:
                    write_results(batch, fmt, sys.stdout, color)
                    batch = []
    except InputError:
        if batch or (seen and fmt in ("json", "claimreview")):  # the answers before the bad line
            write_results(batch, fmt, sys.stdout, color, merged.get("claimreview"))
        sys.stdout.flush()
        raise
    if seen == 0:
        raise InputError("no input: standard input was empty (give sentences as arguments or one per line on stdin)")
    if batch or fmt in ("json", "claimreview"):
        write_results(batch, fmt, sys.stdout, color, merged.get("claimreview"))
    sys.stdout.flush()
    return ExitStatus.FINDINGS if failed else ExitStatus.OK
