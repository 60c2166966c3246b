"""Hostile input: every input is handled, or refused with one clear line and exit status 2.

The promise tested here (the project's issue on hostile input):

* an input claimcheck cannot use is refused with exactly ONE line on stderr, starting
  ``claimcheck: error: ``, and exit status 2: never a Python traceback, never an "internal error";
* nothing hangs (every run has a ~20 s timeout and a hang fails the test) and nothing is read
  without bound (``/dev/zero``, an endless line on a pipe);
* a secret in a file is never echoed (the message names the file and the problem, not its contents);
* data (a table's quote, title or URL, a file name) never puts a control character or a line
  starting with ``::`` into terminal or CI output: it is escaped;
* worker processes die with their parent, and ``--jobs`` is bounded (0..64, 0 = one per CPU);
* the table cache is trusted only when it is the current user's and writable by nobody else, and it
  is keyed by the table's content (not its size and modification time).

Every command-line case runs the installed console script as a user would: a subprocess with its
own working directory (a temporary folder, so no configuration file is picked up unless the test
writes one) and its own ``CLAIMCHECK_CACHE_DIR``.  The last section fuzzes the number reader and
the document segmenter in-process with Hypothesis (seeded: ``derandomize=True``).

Sections, one per class of hostile input:

 1. huge numbers                    9. signals, workers and --jobs
 2. deeply nested Markdown lists   10. .gitignore lines git tolerates; bad globs
 3. FIFOs                          11. cache trust
 4. /dev/zero                      12. CLAIMCHECK_TABLE=":"
 5. an endless line on stdin       13. writing to /dev/full
 6. secrets in a table file        14. digits of other scripts
 7. escaping table data            15. broken HTML
 8. file names with newlines, ::   16. seeded fuzzing (figures.read, documents.document)
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import pickle
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

try:
    import psutil
except ImportError:  # pragma: no cover - /proc is used instead
    psutil = None

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# --------------------------------------------------------------------------------------------
# Running the command line
# --------------------------------------------------------------------------------------------

#: The console script installed next to the interpreter running the tests.
CLAIMCHECK = str(Path(sys.executable).with_name("claimcheck")) \
    if Path(sys.executable).with_name("claimcheck").exists() else shutil.which("claimcheck")
#: Seconds any single run may take before it counts as a hang.
TIMEOUT = 20.0
#: Peak resident memory (KiB) a run refusing an endless input may reach: bounded, not the input's size.
MAX_RSS_KIB = 1024 * 1024

CONTRADICTED = "The INM deported 83,053 people in 2017."  # bundled claim inm-deportations-2017: 80,353
CONTRADICTED_ID = "inm-deportations-2017"
ERROR_PREFIX = "claimcheck: error: "


@dataclass
class Run:
    """One finished run of the console script."""

    args: tuple
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    max_rss_kib: int

    @property
    def lines(self) -> list[str]:
        return self.stdout.splitlines()

    def __str__(self) -> str:
        return (f"claimcheck {' '.join(map(repr, self.args))[:300]}\n  exit {self.returncode} after "
                f"{self.seconds:.2f}s, peak RSS {self.max_rss_kib // 1024} MiB\n  stdout: {self.stdout[-1500:]!r}\n"
                f"  stderr: {self.stderr[-1500:]!r}")


class Proc:
    """A running console script in its own session (so a hang can be ended, with its workers)."""

    def __init__(self, args, *, cwd: Path, env: dict, stdin=None, stdout=None):
        self.args = tuple(str(a) for a in args)
        if isinstance(stdin, str):
            stdin = stdin.encode("utf-8")
        data = stdin if isinstance(stdin, bytes) else None
        if data is not None:
            stdin_arg = subprocess.PIPE
        elif stdin is None:
            stdin_arg = subprocess.DEVNULL
        else:
            stdin_arg = stdin  # subprocess.PIPE or an open file
        self.started = time.monotonic()
        self.popen = subprocess.Popen([CLAIMCHECK, *self.args], cwd=cwd, env=env, stdin=stdin_arg,
                                      stdout=subprocess.PIPE if stdout is None else stdout,
                                      stderr=subprocess.PIPE, start_new_session=True)
        self.pid = self.popen.pid
        self._out: list[bytes] = []
        self._err: list[bytes] = []
        self._threads = []
        if self.popen.stdout is not None:
            self._threads.append(self._drain(self.popen.stdout, self._out))
        self._threads.append(self._drain(self.popen.stderr, self._err))
        if data is not None:
            self._threads.append(self._feed(data))
        self.result: Run | None = None

    def _drain(self, stream, into: list) -> threading.Thread:
        def read() -> None:
            try:
                for block in iter(lambda: stream.read1(1 << 16), b""):
                    into.append(block)
            except (OSError, ValueError):
                pass

        thread = threading.Thread(target=read, daemon=True)
        thread.start()
        return thread

    def _feed(self, data: bytes) -> threading.Thread:
        def write() -> None:
            try:
                self.popen.stdin.write(data)
                self.popen.stdin.close()
            except (OSError, ValueError):
                pass

        thread = threading.Thread(target=write, daemon=True)
        thread.start()
        return thread

    @property
    def stdin(self):
        return self.popen.stdin

    def poll(self) -> bool:
        """Has it exited (reaped here, with its resource usage)?"""
        if self.result is not None:
            return True
        pid, status, usage = os.wait4(self.pid, os.WNOHANG)
        if not pid:
            return False
        self._finish(status, usage)
        return True

    def _finish(self, status, usage) -> None:
        seconds = time.monotonic() - self.started
        code = os.waitstatus_to_exitcode(status)
        self.popen.returncode = code
        for thread in self._threads:
            thread.join(timeout=5)  # an orphaned worker may hold the pipes: take what was read
        self.result = Run(self.args, code, b"".join(self._out).decode("utf-8", "replace"),
                          b"".join(self._err).decode("utf-8", "replace"), seconds, usage.ru_maxrss)

    def kill(self) -> None:
        try:
            os.killpg(self.pid, signal.SIGKILL)  # the session this test started, and only it
        except OSError:
            pass
        if self.result is None:
            _, status, usage = os.wait4(self.pid, 0)
            self._finish(status, usage)

    def wait(self, timeout: float = TIMEOUT) -> Run:
        deadline = self.started + timeout
        while not self.poll():
            if time.monotonic() > deadline:
                self.kill()
                pytest.fail(f"hang: claimcheck {' '.join(self.args)[:200]} did not finish within {timeout:g} s\n"
                            f"{self.result}")
            time.sleep(0.01)
        return self.result


def environment(cache: Path, **extra) -> dict:
    """The test's environment for claimcheck: its own cache; ``NAME=None`` unsets NAME."""
    env = dict(os.environ)
    for name in ("CLAIMCHECK_TABLE", "CLAIMCHECK_NO_CACHE", "FORCE_COLOR", "CLICOLOR_FORCE", "GITHUB_ACTIONS"):
        env.pop(name, None)
    env["NO_COLOR"] = "1"
    env["CLAIMCHECK_CACHE_DIR"] = str(cache)
    for name, value in extra.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


class CLI:
    """The console script, run in ``work`` (a fresh folder) with the cache in ``cache``."""

    def __init__(self, root: Path):
        self.root = root
        self.work = root / "work"
        self.work.mkdir()
        self.cache = root / "cache"
        self.env = environment(self.cache)

    def start(self, *args, cwd: Path | None = None, env: dict | None = None, stdin=None, stdout=None) -> Proc:
        return Proc(args, cwd=cwd or self.work, env=env or self.env, stdin=stdin, stdout=stdout)

    def run(self, *args, timeout: float = TIMEOUT, **kwargs) -> Run:
        return self.start(*args, **kwargs).wait(timeout)

    def write(self, name: str, text: str | bytes, folder: Path | None = None) -> Path:
        path = (folder or self.work) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path


@pytest.fixture
def cli(tmp_path) -> CLI:
    return CLI(tmp_path)


def assert_one_error(run: Run, *fragments: str, stdout: str | None = "") -> str:
    """Exit 2 and exactly one line on stderr, ``claimcheck: error: ...``, holding every fragment;
    no traceback, no "internal error".  ``stdout``: what stdout must be (None: anything)."""
    assert run.returncode == 2, f"expected exit 2 and one error line\n{run}"
    assert "Traceback" not in run.stderr, str(run)
    assert run.stderr.startswith(ERROR_PREFIX), f"stderr must start with {ERROR_PREFIX!r}\n{run}"
    assert run.stderr.endswith("\n") and run.stderr.count("\n") == 1, f"stderr must be ONE line\n{run}"
    assert "internal error" not in run.stderr, f"a crash reported as an error line\n{run}"
    for fragment in fragments:
        assert fragment in run.stderr, f"{fragment!r} not in the error line\n{run}"
    if stdout is not None:
        assert run.stdout == stdout, str(run)
    return run.stderr.rstrip("\n")


def assert_no_crash(run: Run) -> None:
    assert "Traceback" not in run.stderr, str(run)
    assert "internal error" not in run.stderr + run.stdout, str(run)
    assert "E999" not in run.stdout, str(run)


def only_warnings(stderr: str) -> bool:
    """Every stderr line is a ``claimcheck: warning:`` (a skipped input is not an error)."""
    return all(line.startswith("claimcheck: warning: ") for line in stderr.splitlines())


def contradicted_line(lines: list[str], path: str, line: int | None = None) -> bool:
    """Does ``concise`` output hold a contradicted finding about the bundled INM claim in ``path``?"""
    head = f"{path}:{line}:" if line is not None else f"{path}:"
    return any(l.startswith(head) and ": contradicted: " in l and f"[{CONTRADICTED_ID}]" in l for l in lines)


def mkfifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


# --------------------------------------------------------------------------------------------
# 1. Numbers of 310+ and 4,301+ digits (past float range; past Python's int-string limit)
# --------------------------------------------------------------------------------------------

HUGE_NUMERALS = {
    "310-digits": "1" * 310,
    "310-digits-grouped": "1" + ",000" * 103,
    "310-digits-dollars-million": "$" + "9" * 310 + " million",
    "310-digits-percent": "9" * 310 + "%",
    "4301-digits": "7" * 4301,
    "4301-digits-grouped": "1" + ",000" * 1434,
    "4301-digits-decimal": "3" * 4301 + ".5",
    "4301-digit-fraction": "0." + "1" * 4301,
    "20000-digits": "7" * 20000,  # (a long digit run must not take quadratic time either)
}


def _strict_json(text: str):
    def refuse(name):
        raise ValueError(f"not JSON: {name}")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize("name", sorted(HUGE_NUMERALS))
def test_huge_number_in_check(cli, name):
    sentence = f"The INM deported {HUGE_NUMERALS[name]} people in 2017."
    run = cli.run("check", sentence, CONTRADICTED)
    assert_no_crash(run)
    assert run.returncode == 1, f"the second sentence is contradicted\n{run}"
    assert run.stderr == "", str(run)
    assert f"contradicted: {CONTRADICTED}" in run.stdout, str(run)

    as_json = cli.run("check", "--format", "json", sentence, CONTRADICTED)
    assert_no_crash(as_json)
    assert as_json.returncode == 1, str(as_json)
    results = _strict_json(as_json.stdout)  # no NaN or Infinity in the JSON
    assert len(results) == 2 and results[1]["verdict"] == "contradicted", str(as_json)


@pytest.mark.parametrize("name", sorted(HUGE_NUMERALS))
def test_huge_number_in_lint(cli, name):
    number = HUGE_NUMERALS[name]
    cli.write("big.md", f"# Report\n\nThe INM deported {number} people in 2017.\n\n{CONTRADICTED}\n\n"
                        f"In 2017, {number} people were deported, says the INM.\n")
    cli.write("other.md", f"{CONTRADICTED}\n")
    run = cli.run("lint", "--format", "concise", "big.md", "other.md")
    assert_no_crash(run)
    assert run.returncode == 1, str(run)
    assert run.stderr == "", str(run)
    assert contradicted_line(run.lines, "big.md", 5), f"big.md's other sentence is still reported\n{run}"
    assert contradicted_line(run.lines, "other.md", 1), f"the other file is still reported\n{run}"


# --------------------------------------------------------------------------------------------
# 2. Markdown lists nested 12, 30 and 200 levels deep
# --------------------------------------------------------------------------------------------

def _nested(style: str, depth: int) -> tuple[str, int]:
    """A list ``depth`` levels deep, then the contradicted sentence; and the sentence's line."""
    if style == "indented":
        lines = ["  " * i + f"- level {'i' * (i % 5 + 1)}" for i in range(depth)]
    elif style == "ordered":
        lines = ["   " * i + "1. level" for i in range(depth)]
    elif style == "same-line":
        lines = ["- " * depth + "deepest item"]
    elif style == "quoted-list":
        lines = ["> " * depth + "- quoted item"]
    else:
        raise ValueError(style)
    return "\n".join(lines) + f"\n\n{CONTRADICTED}\n", len(lines) + 2


@pytest.mark.parametrize("depth", [12, 30, 200])
@pytest.mark.parametrize("style", ["indented", "ordered", "same-line", "quoted-list"])
def test_deeply_nested_list(cli, style, depth):
    text, line = _nested(style, depth)
    cli.write("nested.md", text)
    run = cli.run("lint", "--format", "concise", "nested.md")
    assert_no_crash(run)
    assert run.returncode == 1, f"the sentence after the list is contradicted\n{run}"
    assert contradicted_line(run.lines, "nested.md", line), str(run)


# --------------------------------------------------------------------------------------------
# 3. FIFOs: as --table, as a linted file, inside a linted folder, as the cache file, as config
# --------------------------------------------------------------------------------------------

def test_fifo_as_table(cli):
    mkfifo(cli.work / "pipe.yaml")
    run = cli.run("check", "--table", "pipe.yaml", CONTRADICTED)
    line = assert_one_error(run, "pipe.yaml")
    assert re.search(r"fifo|pipe", line.split("pipe.yaml", 1)[1], re.I), f"the problem is named\n{run}"


def test_fifo_as_named_file(cli):
    mkfifo(cli.work / "pipe.md")
    run = cli.run("lint", "pipe.md")
    assert_one_error(run, "pipe.md", stdout=None)

    cli.write("good.md", f"{CONTRADICTED}\n")
    both = cli.run("lint", "--format", "concise", "pipe.md", "good.md")
    assert_one_error(both, "pipe.md", stdout=None)
    assert contradicted_line(both.lines, "good.md", 1), f"the other file is still linted\n{both}"


def test_fifo_inside_folder_is_skipped(cli):
    docs = cli.work / "docs"
    docs.mkdir()
    mkfifo(docs / "a-pipe.md")
    mkfifo(docs / "z-pipe.txt")
    cli.write("good.md", f"{CONTRADICTED}\n", folder=docs)
    run = cli.run("lint", "--format", "concise", "docs")
    assert_no_crash(run)
    assert run.returncode == 1, f"the FIFOs are skipped and good.md is linted\n{run}"
    assert contradicted_line(run.lines, os.path.join("docs", "good.md"), 1), str(run)
    assert "pipe" not in run.stdout, f"a FIFO in a folder is skipped, not an error\n{run}"
    assert only_warnings(run.stderr), str(run)


def test_fifo_as_config_file(cli):
    mkfifo(cli.work / "pipe.toml")
    assert_one_error(cli.run("check", "--config", "pipe.toml", CONTRADICTED), "pipe.toml")
    # a FIFO where the configuration is looked for: skipped or refused, never waited on
    mkfifo(cli.work / ".claimcheck.toml")
    run = cli.run("check", CONTRADICTED)
    if run.returncode == 2:
        assert_one_error(run, ".claimcheck.toml")
    else:
        assert_no_crash(run)
        assert run.returncode == 1 and f"contradicted: {CONTRADICTED}" in run.stdout, str(run)


def test_fifo_at_the_cache_file_path(cli):
    first = cli.run("check", CONTRADICTED)
    assert first.returncode == 1, str(first)
    cached = sorted(cli.cache.glob("table-*.pickle"))
    assert cached, f"no table cache was written in {cli.cache}: {os.listdir(cli.cache)}"
    for path in cached:
        path.unlink()
        mkfifo(path)
    second = cli.run("check", CONTRADICTED)
    assert_no_crash(second)
    assert second.returncode == 1, f"a FIFO in place of the cache is ignored\n{second}"
    assert f"contradicted: {CONTRADICTED}" in second.stdout and CONTRADICTED_ID in second.stdout, str(second)
    third = cli.run("check", CONTRADICTED)
    assert third.returncode == 1 and third.stdout == first.stdout, str(third)


# --------------------------------------------------------------------------------------------
# 4. /dev/zero as every kind of input file
# --------------------------------------------------------------------------------------------

DEV_ZERO_CASES = {
    "table-option": (["check", "--table", "/dev/zero", CONTRADICTED], None, None),
    "config-tables": (["check", CONTRADICTED], 'tables = ["/dev/zero"]\n', None),
    "config-tables-lint": (["lint", "draft.md"], 'tables = ["/dev/zero"]\n', None),
    "config-option": (["check", "--config", "/dev/zero", CONTRADICTED], None, None),
    "lint-file": (["lint", "/dev/zero"], None, None),
    "baseline": (["lint", "--baseline", "/dev/zero", "draft.md"], None, None),
    "extract": (["extract", "/dev/zero"], None, None),
    "lint-stdin": (["lint", "-"], None, "/dev/zero"),
    "check-stdin": (["check", "-"], None, "/dev/zero"),
}


@pytest.mark.parametrize("case", sorted(DEV_ZERO_CASES))
def test_dev_zero(cli, case):
    args, config, stdin = DEV_ZERO_CASES[case]
    cli.write("draft.md", f"{CONTRADICTED}\n")
    if config:
        cli.write(".claimcheck.toml", config)
    if stdin:
        with open(stdin, "rb") as handle:
            run = cli.run(*args, stdin=handle)
    else:
        run = cli.run(*args)
    assert_one_error(run, stdout=None if case == "lint-file" else "")
    if case not in ("lint-stdin", "check-stdin"):
        assert "/dev/zero" in run.stderr, str(run)
    assert run.max_rss_kib < MAX_RSS_KIB, f"unbounded read\n{run}"


def test_dev_zero_validate(cli):
    run = cli.run("validate", "--no-bundled-table", "--table", "/dev/zero")
    assert_no_crash(run)
    assert run.returncode in (1, 2), str(run)
    assert "/dev/zero" in run.stdout + run.stderr, str(run)
    assert run.max_rss_kib < MAX_RSS_KIB, str(run)


# --------------------------------------------------------------------------------------------
# 5. An endless line on standard input
# --------------------------------------------------------------------------------------------

ENDLESS_TOTAL = 300 * 1024 * 1024


@pytest.mark.parametrize("extra", [[], ["--jobs", "2"], ["--format", "jsonl"]], ids=["default", "jobs-2", "jsonl"])
def test_endless_line_on_stdin(cli, extra):
    proc = cli.start("check", *extra, "-", stdin=subprocess.PIPE)
    written = [0]
    broken = threading.Event()
    chunk = b"The INM deported 83,053 people in 2017 and " * 1500  # ~64 KiB, no newline

    fd = proc.stdin.fileno()

    def feed() -> None:
        try:
            while written[0] < ENDLESS_TOTAL:
                written[0] += os.write(fd, chunk)
            # everything written: keep the pipe open (no end of file), as an endless writer would
        except (BrokenPipeError, OSError, ValueError):
            broken.set()

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    seen: dict[int, str | None] = {}
    try:
        while not proc.poll():
            remember(seen, descendants(proc.pid))
            if time.monotonic() - proc.started > TIMEOUT:
                proc.kill()
                pytest.fail(f"hang: an endless line was still being read after {TIMEOUT:g} s\n{proc.result}")
            time.sleep(0.01)
        run = proc.result
        writer.join(timeout=5)
    finally:
        _kill_leftovers(seen, f"{os.sep}nothing-to-match{os.sep}")
        writer.join(timeout=5)
        try:
            proc.stdin.close()
        except (OSError, ValueError):
            pass
    line = assert_one_error(run, stdout=None)
    assert re.search(r"line\b.*(too long|longer than)", line), f"the error is about the line's length\n{run}"
    assert run.stdout == "" or "83,053" not in run.stdout, str(run)
    assert written[0] < ENDLESS_TOTAL, f"claimcheck read all {written[0]:,} bytes before refusing the line"
    assert broken.is_set(), "the writer still had data to write when claimcheck exited"
    assert run.max_rss_kib < MAX_RSS_KIB, str(run)


# --------------------------------------------------------------------------------------------
# 6. A secret file named as a table
# --------------------------------------------------------------------------------------------

SECRET = "SECRET123"
SECRET_FILES = {
    "dotenv": "API_KEY=sk-live-SECRET123\n",
    "export": 'export API_KEY="sk-live-SECRET123"\n',
    "yaml-style": "API_KEY: sk-live-SECRET123\n",
    "json": '{"API_KEY": "sk-live-SECRET123"}\n',
    "two-lines": "API_KEY=sk-live-SECRET123\nDB_URL: postgres://app:SECRET123@db/app\n",
}


@pytest.mark.parametrize("command", ["check", "lint", "validate", "list"])
@pytest.mark.parametrize("content", sorted(SECRET_FILES))
def test_secret_is_never_echoed(cli, content, command):
    cli.write(".env", SECRET_FILES[content])
    cli.write(".claimcheck.toml", 'tables = [".env"]\n')
    cli.write("draft.md", f"{CONTRADICTED}\n")
    args = {"check": ["check", CONTRADICTED], "lint": ["lint", "draft.md"], "validate": ["validate"],
            "list": ["list"]}[command]
    run = cli.run(*args)
    assert SECRET not in run.stdout and SECRET not in run.stderr, f"the secret was echoed\n{run}"
    if command == "validate":
        assert_no_crash(run)
        assert run.returncode == 1, str(run)
        assert ".env" in run.stdout, f"the file is named\n{run}"
    else:
        assert_one_error(run, ".env")


# --------------------------------------------------------------------------------------------
# 7. Control characters and forged workflow commands in a table's quote, title and URL
# --------------------------------------------------------------------------------------------

CLEAR_SCREEN = "\x1b[2J"
OSC52 = "\x1b]52;c;SGVsbG8=\x07"  # sets the clipboard
FORGED = "\n::error::forged"
DRAFT_SENTENCE = "The football club sold 83,053 season tickets in 2017."
CLAIM_ID = "club-season-tickets-2017"


def club_table(evil: str, url_evil: str) -> str:
    """A one-claim table (80,353 season tickets in 2017) with ``evil`` in the publisher, title and
    quote and ``url_evil`` in the URL.  JSON is YAML, and it writes any character exactly."""
    return json.dumps({
        "version": 1,
        "sources": {"club-2018": {"publisher": "Club Gazette" + evil, "title": "Season ticket sales" + evil,
                                  "authors": ["Ann Writer" + evil], "date": "2018-01-01",
                                  "url": "https://example.org/club/2018" + url_evil}},
        "claims": [{"id": CLAIM_ID, "statement": "The football club sold 80,353 season tickets in 2017.",
                    "subject": "season tickets", "actor": "football club", "keywords": ["season tickets", "tickets"],
                    "figures": [{"value": 80353, "unit": "count", "period": "2017"}],
                    "quote": "The club sold 80,353 season tickets in 2017." + evil, "source": "club-2018"}],
    }, indent=2)


ESCAPE_TABLES = {
    # control characters: refused by the loader, or shown escaped
    "terminal-escapes": club_table(CLEAR_SCREEN + OSC52 + FORGED, CLEAR_SCREEN + OSC52 + FORGED),
    # newlines are allowed in YAML text: a table like this loads, and must be shown escaped
    "forged-lines": club_table(FORGED + "\n::warning file=x.md::forged too", "?q=" + FORGED.strip()),
}
ESCAPE_COMMANDS = {
    "check-text": ["check", DRAFT_SENTENCE],
    "check-color": ["check", "--color", "always", DRAFT_SENTENCE],
    "lint-text": ["lint", "--format", "text", "draft.md"],
    "lint-color": ["lint", "--format", "text", "--color", "always", "draft.md"],
    "lint-concise": ["lint", "--format", "concise", "draft.md"],
    "lint-github": ["lint", "--format", "github", "draft.md"],
    "show": ["show", CLAIM_ID],
    "list": ["list"],
}
#: SGR colour sequences, the only escapes claimcheck itself may write (with --color always).
SGR_RE = re.compile(r"\x1b\[[0-9;]*m")
GENUINE_ANNOTATION_RE = re.compile(r"::(error|warning|notice) file=")


def assert_terminal_safe(run: Run, color: bool = False, github: bool = False) -> None:
    """No raw ESC or BEL from data (SGR colour allowed with ``color``), and no line starting with
    ``::`` except, in github format, the genuine annotations."""
    for name, text in (("stdout", run.stdout), ("stderr", run.stderr)):
        shown = SGR_RE.sub("", text) if color else text
        assert "\x1b" not in shown, f"raw ESC in {name}\n{run}"
        assert "\x07" not in shown, f"raw BEL in {name}\n{run}"
        assert "\r" not in shown, f"raw carriage return in {name}\n{run}"
        for line in SGR_RE.sub("", text).splitlines():
            if line.startswith("::"):
                assert github and name == "stdout" and GENUINE_ANNOTATION_RE.match(line), \
                    f"forged workflow command in {name}: {line[:200]!r}\n{run}"


@pytest.mark.parametrize("command", sorted(ESCAPE_COMMANDS))
@pytest.mark.parametrize("table", sorted(ESCAPE_TABLES))
def test_table_data_is_escaped(cli, table, command):
    cli.write("hostile.yaml", ESCAPE_TABLES[table])
    cli.write("draft.md", f"{DRAFT_SENTENCE}\n\nThe club sold 83,053 season tickets\n::warning::draft-forged in 2017.\n")
    name, *rest = ESCAPE_COMMANDS[command]
    run = cli.run(name, "--no-bundled-table", "--table", "hostile.yaml", *rest)
    assert_no_crash(run)
    assert_terminal_safe(run, color="--color" in ESCAPE_COMMANDS[command], github=command == "lint-github")
    if run.returncode == 2:  # refused: one line naming the table
        assert table == "terminal-escapes", f"a table with only newlines in its text loads\n{run}"
        assert_one_error(run, "hostile.yaml")
        return
    assert run.returncode == (0 if command in ("show", "list") else 1), str(run)
    assert CLAIM_ID in run.stdout, f"the claim was matched and shown\n{run}"
    if command == "lint-github":
        annotations = [l for l in run.lines if l.startswith("::")]
        assert annotations and all(GENUINE_ANNOTATION_RE.match(l) for l in annotations), str(run)


def test_validate_reports_control_characters(cli):
    cli.write("hostile.yaml", ESCAPE_TABLES["terminal-escapes"])
    run = cli.run("validate", "--no-bundled-table", "--table", "hostile.yaml")
    assert_no_crash(run)
    assert_terminal_safe(run)
    assert run.returncode == 1, f"control characters are problems\n{run}"
    problems = [l for l in run.lines if l.startswith("hostile.yaml:") and "control character" in l]
    for field in ("title", "quote", "url"):
        assert any(f"{field} holds" in p or f"{field}:" in p or f" {field} " in p for p in problems), \
            f"no control-character problem about the {field}\n{run}"


def test_validate_of_forged_lines_is_escaped(cli):
    cli.write("forged.yaml", ESCAPE_TABLES["forged-lines"])
    run = cli.run("validate", "--no-bundled-table", "--table", "forged.yaml")
    assert_no_crash(run)
    assert run.returncode in (0, 1), str(run)
    assert_terminal_safe(run)


# --------------------------------------------------------------------------------------------
# 8. File names holding a newline or starting with "::"
# --------------------------------------------------------------------------------------------

HOSTILE_NAMES = ["a\nb.md", "::warning x.md", "::error::forged.md"]


@pytest.mark.parametrize("how", ["folder", "named"])
@pytest.mark.parametrize("fmt", ["text", "concise", "github"])
def test_hostile_file_names_are_escaped(cli, fmt, how):
    docs = cli.work / "docs"
    for name in HOSTILE_NAMES:
        cli.write(name, f"{CONTRADICTED}\n", folder=docs)
    targets = ["."] if how == "folder" else HOSTILE_NAMES
    run = cli.run("lint", "--format", fmt, *targets, cwd=docs)
    assert_no_crash(run)
    assert run.returncode == 1, str(run)
    assert_terminal_safe(run, github=fmt == "github")
    for line in (run.stdout + run.stderr).splitlines():
        assert not line.startswith("b.md"), f"the newline in 'a\\nb.md' forged a line: {line!r}\n{run}"
    assert any(re.search(r"a.{1,8}b\.md", line) for line in run.lines), f"a\\nb.md is reported (escaped)\n{run}"
    if fmt == "concise":
        assert len([l for l in run.lines if ": contradicted: " in l]) == len(HOSTILE_NAMES), str(run)
    if fmt == "github":
        assert len([l for l in run.lines if l.startswith("::error file=")]) == len(HOSTILE_NAMES), str(run)


# --------------------------------------------------------------------------------------------
# 9. Signals, worker processes and --jobs
# --------------------------------------------------------------------------------------------

def _workload(folder: Path, files: int = 40, paragraphs: int = 100) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(files):
        paras = [f"The INM deported {83000 + j:,} people in {2000 + j % 20}. Mexico spent ${j}.5 million on "
                 f"{j + 2} new buses in March {2001 + j % 15}." for j in range(paragraphs)]
        (folder / f"f{i:02d}.md").write_text("\n\n".join(paras) + "\n", encoding="utf-8")
    return folder


def descendants(pid: int) -> set[int]:
    """Every live process below ``pid``."""
    if psutil is not None:
        try:
            return {p.pid for p in psutil.Process(pid).children(recursive=True)}
        except psutil.NoSuchProcess:
            return set()
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
                parents[int(entry)] = int(fields[1])
            except (OSError, IndexError, ValueError):
                pass
    out, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - out
        out |= frontier
    return out


def alive(pid: int) -> bool:
    """Is ``pid`` a live (not zombie) process?"""
    if psutil is not None:
        try:
            return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            return False
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def processes_mentioning(marker: str) -> set[int]:
    """Live processes (not this one) whose command line holds ``marker``."""
    out = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit() and int(entry) != os.getpid():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as handle:
                    if marker.encode() in handle.read() and alive(int(entry)):
                        out.add(int(entry))
            except OSError:
                pass
    return out


def start_time(pid: int) -> str | None:
    """When ``pid`` started (clock ticks since boot): a pid reused by another process differs."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def remember(seen: dict[int, str | None], pids) -> None:
    for pid in pids:
        seen.setdefault(pid, start_time(pid))


def still_there(seen: dict[int, str | None]) -> set[int]:
    """The processes in ``seen`` that are alive and are still the same process."""
    return {pid for pid, started in seen.items() if alive(pid) and start_time(pid) == started}


def _wait_for_workers(proc: Proc, seen: dict, at_least: int = 1, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert not proc.poll(), f"the run ended before the test could signal it (workload too small)\n{proc.result}"
        remember(seen, descendants(proc.pid))
        if len(seen) >= at_least:
            time.sleep(0.5)  # let the workers get busy
            remember(seen, descendants(proc.pid))
            return
        time.sleep(0.05)
    pytest.fail("no worker process appeared within 15 s")


def _assert_no_worker_left(seen: dict, marker: str, within: float = 5) -> None:
    deadline = time.monotonic() + within
    while True:
        left = still_there(seen) | processes_mentioning(marker)
        if not left:
            return
        if time.monotonic() > deadline:
            break
        time.sleep(0.1)
    details = []
    for pid in sorted(left):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as handle:
                command = handle.read().replace(b"\0", b" ").decode(errors="replace")
            details.append(f"{pid}: {command[:150]}")
        except OSError:
            details.append(str(pid))
    pytest.fail(f"{len(left)} worker process(es) still alive {within:g} s after the parent ended:\n  "
                + "\n  ".join(details))


def _kill_leftovers(seen: dict, marker: str) -> None:
    """End the workers a failed test left behind (each one by its id: they descend from our run)."""
    for pid in still_there(seen) | processes_mentioning(marker):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def _feed_lines_forever(proc: Proc, stop: threading.Event) -> threading.Thread:
    fd = proc.stdin.fileno()  # os.write, not the buffered file: closing it must never wait on this thread

    def feed() -> None:
        try:
            while not stop.is_set():
                os.write(fd, (CONTRADICTED + "\n").encode() * 50)
                time.sleep(0.02)
        except (OSError, ValueError):
            pass

    thread = threading.Thread(target=feed, daemon=True)
    thread.start()
    return thread


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
@pytest.mark.parametrize("command", ["lint", "check"])
def test_workers_die_with_their_parent(cli, command, sig):
    marker = str(cli.write("marker.toml", "# an empty configuration: its path marks this run's processes\n"))
    stop = threading.Event()
    if command == "lint":
        folder = _workload(cli.work / "docs")
        proc = cli.start("lint", "--config", marker, "--jobs", "2", "--format", "concise", str(folder))
    else:
        proc = cli.start("check", "--config", marker, "--jobs", "2", "--format", "jsonl", "-", stdin=subprocess.PIPE)
        _feed_lines_forever(proc, stop)
    seen: dict[int, str | None] = {}
    try:
        _wait_for_workers(proc, seen, at_least=2)
        os.kill(proc.pid, sig)  # the parent only, as `kill PID` does
        run = proc.wait(TIMEOUT)
        stop.set()
        if sig == signal.SIGTERM:
            assert run.returncode in (128 + signal.SIGTERM, -signal.SIGTERM), str(run)
            assert "Traceback" not in run.stderr, str(run)
        _assert_no_worker_left(seen, marker)
    finally:
        stop.set()
        if proc.result is None:
            proc.kill()
        _kill_leftovers(seen, marker)  # (which also unblocks a feeder writing to a full pipe)
        try:
            proc.stdin and proc.stdin.close()
        except (OSError, ValueError):
            pass


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_exits_130_with_one_line(cli, jobs):
    marker = str(cli.write("marker.toml", "# marks this run's processes\n"))
    folder = _workload(cli.work / "docs")
    proc = cli.start("lint", "--config", marker, "--jobs", jobs, "--format", "concise", str(folder))
    seen: dict[int, str | None] = {}
    try:
        if jobs == "1":
            time.sleep(1.5)
            assert not proc.poll(), f"the run ended before Ctrl-C (workload too small)\n{proc.result}"
        else:
            _wait_for_workers(proc, seen, at_least=2)
        os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C: the whole foreground process group
        run = proc.wait(TIMEOUT)
        assert run.returncode == 130, str(run)
        assert run.stderr == "claimcheck: interrupted\n", f"exactly one line, no traceback\n{run}"
        _assert_no_worker_left(seen, marker)
    finally:
        if proc.result is None:
            proc.kill()
        _kill_leftovers(seen, marker)


@pytest.mark.parametrize("jobs", ["65", "-1", "1000000000000000000000"])
@pytest.mark.parametrize("command", ["lint", "check"])
def test_jobs_out_of_range(cli, command, jobs):
    cli.write("draft.md", f"{CONTRADICTED}\n")
    args = ["lint", "--jobs", jobs, "draft.md"] if command == "lint" else ["check", "--jobs", jobs, "-"]
    run = cli.run(*args, stdin=CONTRADICTED + "\n" if command == "check" else None)
    assert_one_error(run, "--jobs")


def test_jobs_out_of_range_in_config(cli):
    cli.write("draft.md", f"{CONTRADICTED}\n")
    cli.write(".claimcheck.toml", "jobs = 65\n")
    assert_one_error(cli.run("lint", "draft.md"), ".claimcheck.toml", "jobs")


def test_jobs_zero_is_one_per_cpu(cli):
    folder = _workload(cli.work / "docs", files=4, paragraphs=3)
    cli.write("z-last.md", f"{CONTRADICTED}\n", folder=folder)
    run = cli.run("lint", "--jobs", "0", "--format", "concise", "docs")
    assert_no_crash(run)
    assert run.returncode == 1 and run.stderr == "", str(run)
    assert contradicted_line(run.lines, os.path.join("docs", "z-last.md"), 1), str(run)


# --------------------------------------------------------------------------------------------
# 10. .gitignore lines git tolerates; invalid and over-complex globs
# --------------------------------------------------------------------------------------------

HOSTILE_GITIGNORE = "\\\n[z-a]\n!\n" + "a*" * 15 + "b\n" + "ignored.md\n"
LONG_NAME = "a" * 250 + ".md"


@pytest.mark.parametrize("where", ["folder", "ancestor", "info-exclude"])
def test_hostile_gitignore_lines(cli, where):
    docs = cli.work / "docs"
    for name in ("good.md", "ignored.md", LONG_NAME):
        cli.write(name, f"{CONTRADICTED}\n", folder=docs)
    if where == "folder":
        cli.write(".gitignore", HOSTILE_GITIGNORE, folder=docs)
    else:
        (cli.work / ".git" / "info").mkdir(parents=True)
        if where == "ancestor":
            cli.write(".gitignore", HOSTILE_GITIGNORE)
        else:
            cli.write("exclude", HOSTILE_GITIGNORE, folder=cli.work / ".git" / "info")
    run = cli.run("lint", "--format", "concise", "docs", timeout=10)
    assert_no_crash(run)
    assert run.seconds < 10, str(run)
    assert run.returncode == 1, f"the folder is still linted\n{run}"
    assert only_warnings(run.stderr), f"a bad .gitignore line is skipped, not fatal\n{run}"
    assert contradicted_line(run.lines, os.path.join("docs", "good.md"), 1), str(run)
    assert contradicted_line(run.lines, os.path.join("docs", LONG_NAME), 1), str(run)
    assert "ignored.md" not in run.stdout, f"the usable lines of the .gitignore still apply\n{run}"


BAD_GLOBS = {
    "exclude-bad-range": ["--exclude", "[z-a]"],
    "include-bad-range": ["--include", "[z-a]"],
    "exclude-too-many-stars": ["--exclude", "a*" * 15 + "b"],
    "exclude-too-long": ["--exclude", "x" * 5000],
    "exclude-lone-backslash": ["--exclude", "\\"],
}


@pytest.mark.parametrize("case", sorted(BAD_GLOBS))
def test_bad_glob_option(cli, case):
    docs = cli.work / "docs"
    cli.write("good.md", f"{CONTRADICTED}\n", folder=docs)
    cli.write(LONG_NAME, f"{CONTRADICTED}\n", folder=docs)
    run = cli.run("lint", *BAD_GLOBS[case], "docs", timeout=10)
    assert_one_error(run, BAD_GLOBS[case][0].lstrip("-"))


def test_bad_glob_in_config(cli):
    cli.write("good.md", f"{CONTRADICTED}\n", folder=cli.work / "docs")
    cli.write(".claimcheck.toml", 'exclude = ["[z-a]"]\n')
    assert_one_error(cli.run("lint", "docs", timeout=10), "exclude")


# --------------------------------------------------------------------------------------------
# 11. The table cache: trusted only when private; keyed by content
# --------------------------------------------------------------------------------------------

CLUB_TABLE = club_table("", "")
CLUB_SENTENCE_83 = DRAFT_SENTENCE  # 83,053: contradicted by the club table's 80,353


def _check_club(cli: CLI, env: dict | None = None) -> Run:
    return cli.run("check", "--no-bundled-table", "--table", "club.yaml", CLUB_SENTENCE_83, env=env)


def _forge_cache(cli: CLI, directory: Path, monkeypatch) -> Path:
    """Write, with claimcheck's own cache code, a valid cache for club.yaml whose claim says 83,053
    (so a run that trusts it calls the sentence supported).  Returns the file."""
    from claimcheck import cache
    from claimcheck.index import Table
    from claimcheck.table import parse_table_text

    path = cli.work / "club.yaml"
    forged_text = CLUB_TABLE.replace("80353", "83053").replace("80,353", "83,053")
    claims, problems = parse_table_text(forged_text.encode(), str(path))
    assert not problems, problems
    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(directory))
    key = cache.table_key([(str(path), path.read_bytes())])
    before = set(directory.glob("table-*.pickle")) if directory.exists() else set()
    cache.write(key, Table(claims, [str(path)]))
    written = set(directory.glob("table-*.pickle")) - before
    assert len(written) == 1, f"could not forge a cache file in {directory}"
    return written.pop()


def _verdict_is_contradicted(run: Run) -> bool:
    return run.returncode == 1 and f"contradicted: {CLUB_SENTENCE_83}" in run.stdout


def test_world_writable_cache_dir_is_not_written(cli):
    cli.write("club.yaml", CLUB_TABLE)
    cli.cache.mkdir(mode=0o700)
    os.chmod(cli.cache, 0o777)
    for _ in range(2):
        run = _check_club(cli)
        assert _verdict_is_contradicted(run), str(run)
        assert not list(cli.cache.glob("table-*.pickle")), "a cache was written in a world-writable folder"
    assert os.listdir(cli.cache) == [], os.listdir(cli.cache)


UNTRUSTED = {
    "dir-world-writable": ("dir", 0o777),
    "dir-world-writable-sticky": ("dir", 0o1777),
    "dir-group-writable": ("dir", 0o770),
    "file-world-writable": ("file", 0o666),
    "file-group-writable": ("file", 0o620),
    "dir-other-owner": ("owner", None),
}


@pytest.mark.parametrize("case", sorted(UNTRUSTED))
def test_untrusted_cache_is_not_read(cli, monkeypatch, case):
    what, mode = UNTRUSTED[case]
    cli.write("club.yaml", CLUB_TABLE)
    evil = cli.root / "evil-cache"
    # control: in a private folder, the forged cache IS what a run uses (so the test below means something)
    control = cli.root / "control-cache"
    _forge_cache(cli, control, monkeypatch)
    used = _check_club(cli, env=environment(control))
    assert used.returncode == 0 and "supported" in used.stdout, \
        f"control failed: a valid cache in a private folder was not used, so this test cannot tell\n{used}"

    forged = _forge_cache(cli, evil, monkeypatch)
    if what == "dir":
        os.chmod(evil, mode)
    elif what == "file":
        os.chmod(forged, mode)
    else:
        if os.geteuid() != 0:
            pytest.skip("giving a folder to another user needs root")
        os.chown(evil, 65534, 65534)
        os.chown(forged, 65534, 65534)
    planted = forged.read_bytes()
    env = environment(evil)
    for _ in range(2):
        run = _check_club(cli, env=env)
        assert _verdict_is_contradicted(run), f"the untrusted cache was read ({case})\n{run}"
    if what in ("dir", "owner"):
        assert sorted(evil.iterdir()) == [forged] and forged.read_bytes() == planted, \
            f"claimcheck wrote in an untrusted cache folder: {os.listdir(evil)}"


class _Planted:
    """Unpickling this runs ``os.mkdir(marker)``: a cache file must never be able to run code."""

    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return (os.mkdir, (self.marker,))


def _foreign_bytes(kind: str, legit: bytes, marker: Path) -> bytes:
    if kind == "garbage":
        return b"\x00\xffnot a cache\n" * 64
    if kind == "empty":
        return b""
    if kind == "pickle-of-dict":
        return pickle.dumps({"claims": [], "by_id": {}})
    if kind == "truncated":
        return legit[: len(legit) // 2]
    if kind == "bit-flip":
        return legit[:-10] + bytes([legit[-10] ^ 0xFF]) + legit[-9:]
    if kind == "planted-code":
        payload = pickle.dumps(_Planted(str(marker)), protocol=5)
        first = legit.index(b"\n")
        second = legit.index(b"\n", first + 1)
        header, rest = legit[:second + 1], legit[second + 1:]
        if hashlib.blake2b(rest[64:], digest_size=32).hexdigest().encode() == rest[:64]:
            return header + hashlib.blake2b(payload, digest_size=32).hexdigest().encode() + payload
        return header + payload  # (another layout: still a file that must not run)
    raise ValueError(kind)


@pytest.mark.parametrize("kind", ["garbage", "empty", "pickle-of-dict", "truncated", "bit-flip", "planted-code"])
def test_foreign_cache_file_is_rebuilt(cli, kind):
    first = cli.run("check", CONTRADICTED)
    assert first.returncode == 1, str(first)
    cached = sorted(cli.cache.glob("table-*.pickle"))
    assert cached, f"no table cache was written in {cli.cache}"
    marker = cli.root / "planted-code-ran"
    planted = {}
    for path in cached:
        planted[path] = _foreign_bytes(kind, path.read_bytes(), marker)
        path.write_bytes(planted[path])
    second = cli.run("check", CONTRADICTED)
    assert not marker.exists(), "unpickling the cache file ran code"
    assert_no_crash(second)
    assert second.returncode == 1 and second.stdout == first.stdout, f"results are still correct\n{second}"
    for path, data in planted.items():
        assert path.exists() and path.read_bytes() != data, f"{path.name} was not rebuilt"
    third = cli.run("check", CONTRADICTED)
    assert third.returncode == 1 and third.stdout == first.stdout, str(third)


def test_same_size_same_mtime_edit_changes_the_verdict(cli):
    table = cli.write("club.yaml", CLUB_TABLE)
    supported = "The football club sold 80,353 season tickets in 2017."
    first = cli.run("check", "--no-bundled-table", "--table", "club.yaml", supported)
    assert first.returncode == 0 and f"supported: {supported}" in first.stdout, str(first)
    assert list(cli.cache.glob("table-*.pickle")), "the table was cached"
    before = table.stat()
    edited = CLUB_TABLE.replace("80353", "80354").replace("80,353", "80,354")
    assert len(edited) == len(CLUB_TABLE)
    table.write_text(edited, encoding="utf-8")
    os.utime(table, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = table.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    second = cli.run("check", "--no-bundled-table", "--table", "club.yaml", supported)
    assert second.returncode == 1 and f"contradicted: {supported}" in second.stdout, \
        f"the edited table (80,354) must contradict 80,353: a stale cache was used\n{second}"
    assert "80,354" in second.stdout, str(second)


def test_relative_xdg_cache_home_writes_nothing_here(cli):
    home = cli.root / "home"
    home.mkdir()
    env = environment(cli.cache, CLAIMCHECK_CACHE_DIR=None, XDG_CACHE_HOME="relcache", HOME=str(home))
    cli.write("draft.md", f"{CONTRADICTED}\n")
    listing = sorted(os.listdir(cli.work))
    for args in (["check", CONTRADICTED], ["lint", "draft.md"], ["check", CONTRADICTED]):
        run = cli.run(*args, env=env)
        assert_no_crash(run)
        assert run.returncode == 1, str(run)
        assert sorted(os.listdir(cli.work)) == listing, f"written under the working directory: {os.listdir(cli.work)}"
    assert not (cli.work / "relcache").exists()


# --------------------------------------------------------------------------------------------
# 12. CLAIMCHECK_TABLE naming no table
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", [":", "::", " : "])
@pytest.mark.parametrize("command", ["check", "lint", "validate", "list"])
def test_claimcheck_table_names_no_table(cli, command, value):
    env = environment(cli.cache, CLAIMCHECK_TABLE=value)
    args = {"check": ["check", CONTRADICTED], "lint": ["lint", "-"], "validate": ["validate"],
            "list": ["list"]}[command]
    run = cli.run(*args, env=env, stdin=CONTRADICTED + "\n" if command == "lint" else None)
    assert_one_error(run, "CLAIMCHECK_TABLE")


# --------------------------------------------------------------------------------------------
# 13. Output to a full disk
# --------------------------------------------------------------------------------------------

FULL_CASES = {
    "help": ["--help"],
    "check-help": ["check", "--help"],
    "version": ["--version"],
    "check": ["check", CONTRADICTED],
    "check-json": ["check", "--format", "json", CONTRADICTED],
    "lint": ["lint", "draft.md"],
    "list": ["list"],
}


@pytest.mark.parametrize("case", sorted(FULL_CASES))
def test_output_to_dev_full(cli, case):
    cli.write("draft.md", f"{CONTRADICTED}\n")
    with open("/dev/full", "wb") as full:
        run = cli.run(*FULL_CASES[case], stdout=full)
    assert_one_error(run, stdout=None)


# --------------------------------------------------------------------------------------------
# 14. Digits of other scripts
# --------------------------------------------------------------------------------------------

def _figures(run: Run) -> list[dict]:
    results = _strict_json(run.stdout)
    assert len(results) == 1, str(run)
    return results[0]["figures"]


def test_arabic_indic_year(cli):
    sentence = "The INM deported 80,353 people in ٢٠١٧."
    run = cli.run("check", "--format", "json", sentence)
    assert_no_crash(run)
    result = _strict_json(run.stdout)[0]
    assert result["verdict"] == "supported", str(run)
    assert [(f["value"], f["period"]) for f in result["figures"]] == [(80353, "2017")], str(run)
    contradicted = cli.run("check", "The INM deported 83,053 people in ٢٠١٧.")
    assert contradicted.returncode == 1 and CONTRADICTED_ID in contradicted.stdout, str(contradicted)


@pytest.mark.parametrize("sentence", ["The INM deported ８０，３５３ people in 2017.",
                                      "The INM deported ８０，３５３ people in ２０１７.",
                                      "The INM deported ８０，３５３ people in ٢٠١٧."])
def test_fullwidth_digits(cli, sentence):
    run = cli.run("check", "--format", "json", sentence)
    assert_no_crash(run)
    figures = _figures(run)
    assert len(figures) == 1 and figures[0]["value"] == 80353, str(run)
    assert figures[0]["period"] == "2017", str(run)
    assert _strict_json(run.stdout)[0]["verdict"] == "supported", str(run)


# --------------------------------------------------------------------------------------------
# 15. Broken HTML
# --------------------------------------------------------------------------------------------

BROKEN_HTML = {
    "marked-section": "<p>Hola <![0 mundo</p>",
    "unclosed-cdata": "<p>Hola <![CDATA[ mundo</p>",
    "conditional-comment": "<p>Hola <![if !IE]> mundo</p>",
    "bogus-declaration": "<p>Hola <!x mundo</p>",
    "huge-char-reference": "<p>Hola &#99999999999999999999; mundo</p>",
    "out-of-range-hex-reference": "<p>Hola &#x110000; mundo</p>",
    "processing-instruction": "<p>Hola <?php echo 5 mundo</p>",
    "stray-end-tags": "</p></div></html><p>Hola </ mundo</p>",
}


@pytest.mark.parametrize("case", sorted(BROKEN_HTML))
def test_broken_html(cli, case):
    cli.write("page.html", BROKEN_HTML[case] + f"<p>{CONTRADICTED}</p>")
    run = cli.run("lint", "--format", "concise", "page.html")
    assert_no_crash(run)
    assert run.returncode == 1, f"the second paragraph is reported\n{run}"
    assert contradicted_line(run.lines, "page.html", 1), str(run)


# --------------------------------------------------------------------------------------------
# 16. Seeded fuzzing: the number reader and the document segmenter
# --------------------------------------------------------------------------------------------

DIGIT_SETS = ["0123456789", "０１２３４５６７８９", "٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹", "०१२३४५६७८९"]
SEPARATORS = [",", ".", " ", "\u00a0", "\u202f", "，", "٬", "٫", "'", "", ",", "."]
PREFIXES = ["", "$", "US$", "€", "-", "+", "~", "mil ", "about ", "nearly ", "casi "]
SUFFIXES = ["", "%", " %", " mil", " mil millones", " millones", " million", " billion", "k", "m",
            " por ciento", " percent", "x", " veces", " mil 353", "th", "s"]


@st.composite
def digit_runs(draw) -> str:
    digits = draw(st.sampled_from(DIGIT_SETS))
    size = draw(st.one_of(st.integers(1, 6), st.integers(1, 400), st.integers(300, 5000)))
    pattern = draw(st.text(alphabet=digits, min_size=1, max_size=7))
    return (pattern * (size // len(pattern) + 1))[:size]


@st.composite
def numerals(draw) -> str:
    groups = draw(st.lists(digit_runs(), min_size=1, max_size=5))
    out = groups[0]
    for group in groups[1:]:
        out += draw(st.sampled_from(SEPARATORS)) + group
    return draw(st.sampled_from(PREFIXES)) + out + draw(st.sampled_from(SUFFIXES))


@st.composite
def sentences(draw) -> str:
    a, b = draw(numerals()), draw(numerals())
    template = draw(st.sampled_from([
        "{a}", "The INM deported {a} people in {b}.", "Between {a} and {b} people were deported.",
        "{a}-{b}", "from {a} to {b} in 2017", "{a}/{b}", "{a} per {b}", "El INM deportó a {a} personas en {b}.",
        "It rose {a} percent, to {b}, in March 2018.", "{a} {b}", "{a}{b}",
    ]))
    noise = draw(st.text(max_size=20))
    return draw(st.sampled_from(["{t}", "{n}{t}", "{t}{n}"])).format(t=template.format(a=a, b=b), n=noise)


@settings(derandomize=True, max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(sentences())
def test_fuzz_figures_read(text):
    from claimcheck.figures import read

    reading = read(text)
    for figure in reading.figures:
        for value in (figure.value, figure.high) if figure.high is not None else (figure.value,):
            assert isinstance(value, (int, float)) and not isinstance(value, bool), (text[:200], figure)
            assert math.isfinite(value), (text[:200], figure)


NESTING = {
    "markdown": ["> ", ">", "- ", "* ", "1. ", "[", "![", "*", "_", "`", "<div>", "> - ", "  - ", "    "],
    "html": ["<div>", "<p>", "<ul><li>", "<b><i>", "<table><tr><td>", "<![", "<!--", "<a href='", "<"],
}


@st.composite
def nested_documents(draw) -> tuple[str, str]:
    kind = draw(st.sampled_from(["markdown", "html"]))
    opener = draw(st.sampled_from(NESTING[kind]))
    depth = draw(st.one_of(st.integers(0, 50), st.integers(0, 3000)))
    body = draw(st.sampled_from(["x", "The INM deported 83,053 people in 2017.", "", "\n", "]]>", "-->"]))
    layout = draw(st.sampled_from(["flat", "lines", "indented"]))
    if layout == "flat":
        text = opener * depth + body
    elif layout == "lines":
        text = "\n".join(opener * i + body for i in range(0, depth, max(1, depth // 40)))
    else:
        text = "\n".join("  " * i + opener + body for i in range(min(depth, 400)))
    return kind, text + f"\n\n{CONTRADICTED}\n"


@settings(derandomize=True, max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(nested_documents())
def test_fuzz_document_deep_nesting(case):
    from claimcheck.documents import document

    kind, text = case
    doc = document(text, kind)
    for seg in doc.segments:
        assert 0 <= seg.offset <= len(text), (kind, text[:100], seg)
