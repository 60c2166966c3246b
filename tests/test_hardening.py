"""Bad input never crashes: exit status 2 and one line on stderr, never a traceback, nothing written.

Every case runs the command line as a user would (a subprocess of ``python -m claimcheck``) with
its own cache directory, and checks that the input files are byte-for-byte and mtime unchanged and
that nothing new appeared next to them.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest
from helpers import Run, clean_env, club_table

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "lint"

CONTRADICTED = "The INM deported 83,053 people in 2017."
SUPPORTED = "Mexico deported about 80,000 people in 2017."
REASON_CONTRADICTED = "number: says 83,053; source says 80,353 (2017)"

GOOD_TABLE = club_table(keywords="season tickets, tickets", label=False)

BILLION_LAUGHS = "version: 1\n" + "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9) if prev else ', '.join(['lol'] * 9)}]\n"
    for prev, name in zip([None, *"abcdefgh"], "abcdefghi")) + "claims: *i\n"


def environment(cache: Path, **extra: str) -> dict:
    return clean_env({"CLAIMCHECK_CACHE_DIR": str(cache), **extra})


@pytest.fixture
def claimcheck(tmp_path):
    cache = tmp_path / "cache"

    def run(*args: str, stdin: bytes | str | None = None, timeout: float = 120, cwd: Path | None = None) -> Run:
        if isinstance(stdin, str):
            stdin = stdin.encode("utf-8")
        done = subprocess.run([sys.executable, "-m", "claimcheck", *args], input=stdin if stdin is not None else b"",
                              capture_output=True, cwd=cwd or tmp_path, env=environment(cache), timeout=timeout)
        return Run(done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace"))

    return run


#: What a test itself puts in tmp_path: the cache directory it points claimcheck at, captured output.
OWN_FILES = {"cache", "child.out", "child.err"}


class Unchanged:
    """Snapshot of files (bytes and mtime) and of the listing of their folders."""

    def __init__(self, *paths: Path):
        self.files = {}
        self.folders = {}
        for path in paths:
            if path.is_dir():
                self.folders[path] = self._names(path)
                for child in path.rglob("*"):
                    if child.is_file() and child.relative_to(path).parts[0] not in OWN_FILES:
                        self.files[child] = self._state(child)
            elif path.exists():
                self.files[path] = self._state(path)
                self.folders[path.parent] = self._names(path.parent)

    @staticmethod
    def _names(folder: Path) -> list[str]:
        return sorted(p.name for p in folder.iterdir() if p.name not in OWN_FILES)

    @staticmethod
    def _state(path: Path):
        return path.read_bytes(), path.stat().st_mtime_ns

    def check(self) -> None:
        for path, state in self.files.items():
            assert self._state(path) == state, f"{path} was changed"
        for folder, names in self.folders.items():
            assert self._names(folder) == names, f"files appeared in {folder}"


def assert_one_error(result: Run, *fragments: str, stdout: str | None = "") -> str:
    """Exit 2, exactly one line on stderr starting ``claimcheck: error:``, holding every fragment."""
    assert result.returncode == 2, (result.returncode, result.stdout[-500:], result.stderr)
    assert "Traceback" not in result.stderr
    assert result.stderr.endswith("\n") and result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("claimcheck: error: "), result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, (fragment, result.stderr)
    if stdout is not None:
        assert result.stdout == stdout
    return result.stderr.rstrip("\n")


# --------------------------------------------------------------------------- tables

def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


TABLE_CASES = {
    # name: (file text, expected "file:line:col: message" suffix after the path)
    "malformed": ("version: 1\nclaims:\n  - id: [club\n    subject: x\n",
                  ":4:12: YAML syntax error: while parsing a flow sequence (opened at line 3, column 9) did not find expected ',' or ']'"),
    "wrong-type": (GOOD_TABLE.replace("      - value: 80353", "      - value: lots"),
                   ":16:16: claim 'club-season-tickets-2017': figure value must be a number, not str 'lots'"),
    "missing-field": (GOOD_TABLE.replace("    subject: season tickets\n", ""),
                      ":10:5: claim 'club-season-tickets-2017': missing required field 'subject'"),
    "unknown-source": (GOOD_TABLE.replace("    source: club-2018", "    source: club-2019"),
                       ":20:13: claim 'club-season-tickets-2017': unknown source 'club-2019' (known: club-2018)"),
    "billion-laughs": (BILLION_LAUGHS,
                       ":2:4: YAML anchors and aliases are not allowed in a table; write each entry out"),
}


@pytest.mark.parametrize("case", sorted(TABLE_CASES))
def test_bad_table_check_and_validate(claimcheck, tmp_path, case):
    text, expected = TABLE_CASES[case]
    table = _write(tmp_path / f"{case}.yaml", text)
    unchanged = Unchanged(table)
    started = time.monotonic()
    checked = claimcheck("check", "--table", table.name, SUPPORTED, timeout=60)
    line = assert_one_error(checked, f"{table.name}{expected}")
    assert line.startswith(f"claimcheck: error: {table.name}{expected}")
    linted = claimcheck("lint", "--table", table.name, "-", stdin=SUPPORTED, timeout=60)
    assert_one_error(linted, f"{table.name}{expected}")

    validated = claimcheck("validate", "--table", table.name, timeout=60)
    assert validated.returncode == 1
    assert "Traceback" not in validated.stderr
    problems = validated.stdout.splitlines()
    assert problems and all(re.match(rf"{re.escape(table.name)}:\d+:\d+: ", p) for p in problems), problems
    assert problems[0].startswith(f"{table.name}{expected}")
    assert validated.stderr == f"{len(problems)} problem{'s' if len(problems) > 1 else ''} in {table.name}\n"
    if case == "billion-laughs":
        assert time.monotonic() - started < 60  # refused before anything is expanded
    unchanged.check()


def test_duplicate_ids_across_two_tables(claimcheck, tmp_path):
    first = _write(tmp_path / "first.yaml", GOOD_TABLE)
    second = _write(tmp_path / "second.yaml", GOOD_TABLE)
    unchanged = Unchanged(first, second)
    message = "second.yaml:10:5: duplicate id 'club-season-tickets-2017' (first defined at first.yaml:10)"
    assert_one_error(claimcheck("check", "--table", "first.yaml", "--table", "second.yaml", SUPPORTED), message)
    validated = claimcheck("validate", "--table", "first.yaml", "--table", "second.yaml")
    assert validated.returncode == 1
    assert validated.stdout.splitlines() == [message]
    assert validated.stderr == "1 problem in second.yaml\n"
    unchanged.check()


def test_duplicate_id_has_a_column(claimcheck, tmp_path):
    _write(tmp_path / "first.yaml", GOOD_TABLE)
    _write(tmp_path / "second.yaml", GOOD_TABLE)
    validated = claimcheck("validate", "--table", "first.yaml", "--table", "second.yaml")
    assert re.match(r"second\.yaml:10:\d+: duplicate id", validated.stdout)


@pytest.mark.parametrize("case", ["empty", "directory", "missing", "unreadable", "binary", "latin-1"])
def test_unusable_table_file(claimcheck, tmp_path, case):
    path = tmp_path / "table.yaml"
    expected = {
        "empty": "table.yaml: table is empty; expected `claims:` with a list of entries",
        "directory": "table.yaml: is a directory",
        "missing": "table.yaml: no such table",
        "unreadable": "table.yaml: permission denied: cannot read the table",
        "binary": "table.yaml: binary file, not a YAML table",
        "latin-1": "table.yaml:14:54: not UTF-8 (byte 0xf3); save the table as UTF-8",
    }[case]
    if case == "empty":
        path.write_bytes(b"")
    elif case == "directory":
        path.mkdir()
    elif case == "unreadable":
        if os.geteuid() == 0:
            pytest.skip("root can read a file whatever its mode")
        _write(path, GOOD_TABLE)
        path.chmod(0)
    elif case == "binary":
        path.write_bytes(b"\x00\x01\x02" * 100)
    elif case == "latin-1":
        path.write_bytes(GOOD_TABLE.replace("tickets, tickets]", "tickets, tickets, abonos, canción]")
                         .encode("latin-1"))
    unchanged = Unchanged(tmp_path)
    try:
        assert_one_error(claimcheck("check", "--table", "table.yaml", SUPPORTED), f"claimcheck: error: {expected}")
        assert_one_error(claimcheck("lint", "--table", "table.yaml", "-", stdin=SUPPORTED), expected)
        validated = claimcheck("validate", "--table", "table.yaml")
        if case in ("directory", "missing"):
            # nothing to validate: validate could not run (exit 2, one line)
            assert_one_error(validated, expected)
        else:
            # validate reports it as a problem of the table (exit 1), at its position when there is one.
            assert validated.returncode == 1 and "Traceback" not in validated.stderr
            assert validated.stdout.splitlines()[0].startswith(expected)
    finally:
        if case == "unreadable":
            path.chmod(0o644)
    unchanged.check()


# --------------------------------------------------------------------------- documents and stdin

LATIN = "Intro.\n\nLa CNDH documentó 521 quejas contra el INM en 2017.\n"


def test_non_utf8_document(claimcheck, tmp_path):
    doc = tmp_path / "notas.md"
    doc.write_bytes(LATIN.encode("latin-1"))
    unchanged = Unchanged(doc)
    line = assert_one_error(claimcheck("lint", "notas.md"), "notas.md:3:17:", "0xf3", "--encoding", stdout=None)
    assert line.startswith("claimcheck: error: notas.md:3:17: cannot decode byte 0xf3") and line.endswith("(E902)")
    fixed = claimcheck("lint", "--encoding", "latin-1", "--format", "concise", "--show", "all", "notas.md")
    assert (fixed.returncode, fixed.stderr) == (0, "")
    assert fixed.stdout == "notas.md:3:19: supported: number: 521 agrees with 521 (2017) [cndh-complaints-against-inm-2017]\n"
    # the same through standard input
    piped = claimcheck("lint", "--stdin-filename", "notas.md", "-", stdin=LATIN.encode("latin-1"))
    assert_one_error(piped, "notas.md:3:17:", "--encoding")
    unchanged.check()


def test_non_utf8_on_check_stdin(claimcheck):
    data = f"{SUPPORTED}\n{LATIN.splitlines()[2]}\n".encode("latin-1")
    assert_one_error(claimcheck("check", "-", stdin=data), "<stdin>:2:17:", "utf-8", "--encoding", stdout=None)
    fixed = claimcheck("check", "--encoding", "latin-1", "--format", "jsonl", "-", stdin=data)
    assert fixed.returncode == 0
    assert [json.loads(line)["verdict"] for line in fixed.stdout.splitlines()] == ["supported", "supported"]


def test_unknown_encoding(claimcheck, tmp_path):
    _write(tmp_path / "a.md", SUPPORTED)
    assert_one_error(claimcheck("lint", "--encoding", "klingon", "a.md"), "unknown encoding 'klingon'")
    assert_one_error(claimcheck("check", "--encoding", "klingon", "-", stdin=SUPPORTED), "unknown encoding 'klingon'")


def test_binary_named_vs_in_directory(claimcheck, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "blob.md").write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8)
    _write(docs / "post.md", f"# Post\n\n{CONTRADICTED}\n")
    unchanged = Unchanged(docs)
    assert_one_error(claimcheck("lint", "docs/blob.md"), "docs/blob.md: binary file, not checked", stdout=None)
    in_dir = claimcheck("lint", "--format", "concise", "docs")
    assert in_dir.returncode == 1  # by the findings: post.md is contradicted
    assert in_dir.stderr == "claimcheck: warning: docs/blob.md: binary file, skipped\n"
    assert in_dir.stdout == f"docs/post.md:3:18: contradicted: {REASON_CONTRADICTED} [inm-deportations-2017]\n"
    (docs / "post.md").unlink()
    unchanged.files.pop(docs / "post.md")
    unchanged.folders[docs].remove("post.md")
    only_binary = claimcheck("lint", "--format", "concise", "docs")  # nothing left to lint: an error, not a pass
    assert (only_binary.returncode, only_binary.stdout) == (2, "")
    assert only_binary.stderr.splitlines() == ["claimcheck: warning: docs/blob.md: binary file, skipped",
                                               "claimcheck: error: no files to lint: docs matched no Markdown, HTML or "
                                               "text file"]
    unchanged.check()


def test_binary_on_stdin(claimcheck):
    assert_one_error(claimcheck("lint", "-", stdin=b"\x00\x01binary\x00"), "<stdin>: binary file, not checked")


def test_unknown_file_type(claimcheck, tmp_path):
    docx = tmp_path / "report.docx"
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", f"<w:document><w:t>{CONTRADICTED}</w:t></w:document>")
    _write(tmp_path / "notes.txt", SUPPORTED + "\n")
    unchanged = Unchanged(tmp_path)
    assert_one_error(claimcheck("lint", "report.docx"), "report.docx: binary file, not checked", stdout=None)
    # In a directory, only document extensions are taken: the .docx is not even opened.
    folder = claimcheck("lint", "--format", "concise", "--show", "all", ".")
    assert (folder.returncode, folder.stderr) == (0, "")
    assert folder.stdout == ("notes.txt:1:17: supported: number: about 80,000 agrees with 80,353 (2017) "
                             "[inm-deportations-2017]\n")
    unchanged.check()


def test_empty_stdin(claimcheck):
    assert_one_error(claimcheck("check", "-", stdin=b""), "no input: standard input was empty")
    assert_one_error(claimcheck("lint", "-", stdin=b""), "<stdin>: empty input, nothing to lint")
    assert_one_error(claimcheck("lint", "--stdin-filename", "notes.md", "-", stdin=b"\n  \n"),
                     "notes.md: empty input, nothing to lint")


def test_paths_that_do_not_exist(claimcheck, tmp_path):
    _write(tmp_path / "real.md", CONTRADICTED)
    assert_one_error(claimcheck("lint", "real.md", "drafts/missing.md"), "drafts/missing.md: no such file or directory")
    assert_one_error(claimcheck("lint", "no-such-dir"), "no-such-dir: no such file or directory")
    assert_one_error(claimcheck("check", "--table", "nope.yaml", SUPPORTED), "nope.yaml: no such table")
    result = claimcheck("validate", "--sources", "no-sources")
    assert_one_error(result, "no-sources: sources directory not found")
    assert_one_error(claimcheck("lint", "--config", "nope.toml", "real.md"), "nope.toml: no such configuration file")


def _timed_run(cmd: list[str], stdin_path: Path, env: dict, cwd: Path, timeout: float):
    """Run ``cmd`` with a file on stdin; return (exit code, stdout, stderr, seconds, maxrss bytes)."""
    out_path, err_path = cwd / "child.out", cwd / "child.err"
    started = time.monotonic()
    with open(stdin_path, "rb") as fin, open(out_path, "wb") as fout, open(err_path, "wb") as ferr:
        child = subprocess.Popen(cmd, stdin=fin, stdout=fout, stderr=ferr, env=env, cwd=cwd)
        timer = threading.Timer(timeout, child.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(child.pid, 0)  # this child's own resource usage
        finally:
            timer.cancel()
    child.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.monotonic() - started
    assert elapsed < timeout, f"killed after {timeout} s"
    maxrss = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    return (child.returncode, out_path.read_text(encoding="utf-8"), err_path.read_text(encoding="utf-8"),
            elapsed, maxrss)


def test_one_megabyte_line_on_check_stdin(tmp_path):
    line = tmp_path / "line.txt"
    line.write_text(("The INM deported 83,053 people " * 40000)[:2**20] + "\n", encoding="utf-8")
    code, out, err, seconds, maxrss = _timed_run(
        [sys.executable, "-m", "claimcheck", "check", "-"], line, environment(tmp_path / "cache"), tmp_path, timeout=120)
    print(f"\n1 MB line on `check -`: {seconds:.1f} s, max RSS {maxrss / 2**20:.0f} MiB")
    assert_one_error(Run(code, out, err), "<stdin>:1: line is longer than the limit for one sentence (100,000 characters)")
    # lint takes it as one over-long sentence: reported, not checked.
    code, out, err, seconds, maxrss = _timed_run(
        [sys.executable, "-m", "claimcheck", "lint", "--format", "concise", "--fail-on", "unverified", "-"],
        line, environment(tmp_path / "cache"), tmp_path, timeout=120)
    print(f"1 MB line on `lint -`: {seconds:.1f} s, max RSS {maxrss / 2**20:.0f} MiB")
    assert (code, err) == (1, "")
    assert out == "<stdin>:1:1: unverified: sentence too long to check (1,048,576 characters; limit 5,000)\n"


def test_stdin_over_the_size_limit(tmp_path):
    from claimcheck.documents import MAX_BYTES

    huge = tmp_path / "huge.txt"
    block = b"Plain prose without any figure in it at all. " * 20000
    with open(huge, "wb") as handle:
        for _ in range(MAX_BYTES // len(block) + 1):
            handle.write(block)
    code, out, err, _, _ = _timed_run([sys.executable, "-m", "claimcheck", "lint", "-"], huge,
                                      environment(tmp_path / "cache"), tmp_path, timeout=120)
    assert_one_error(Run(code, out, err), "<stdin>: input too large (more than 64 MiB), not read")


# --------------------------------------------------------------------------- options

@pytest.mark.parametrize("args, error", [
    (["check", "--format", "yaml", SUPPORTED], "Invalid value for '--format' / '-f': 'yaml' is not one of"),
    (["lint", "--format", "xml", "a.md"], "Invalid value for '--format' / '-f': 'xml' is not one of"),
    (["check", "--fail-on", "never", SUPPORTED], "Invalid value for '--fail-on': 'never' is not one of"),
    (["lint", "--fail-on", "sometimes", "a.md"], "Invalid value for '--fail-on': 'sometimes' is not one of"),
    (["lint", "--show", "everything", "a.md"], "Invalid value for '--show': 'everything' is not one of"),
    (["lint", "--jobs", "-1", "a.md"], "--jobs -1: give 0 (one per CPU) to 64"),
])
def test_bad_options_give_one_line(claimcheck, tmp_path, args, error):
    """A usage error is one line naming the option and how to get help, exit 2."""
    _write(tmp_path / "a.md", SUPPORTED)
    line = assert_one_error(claimcheck(*args), error)
    assert line.startswith(f"claimcheck: error: {error}")
    if "Invalid value" in error:
        assert line.endswith(f"claimcheck {args[0]} --help')")


def test_stdin_combined_with_arguments(claimcheck, tmp_path):
    _write(tmp_path / "a.md", SUPPORTED)
    assert_one_error(claimcheck("check", "-", SUPPORTED, stdin=SUPPORTED),
                     "'-' (standard input) cannot be combined with sentences on the command line")
    assert_one_error(claimcheck("lint", "-", "a.md", stdin=SUPPORTED),
                     "'-' (standard input) cannot be combined with paths", stdout=None)


# --------------------------------------------------------------------------- signals and pipes

def _default_sigint() -> None:
    """In the child: Ctrl-C as at a terminal.  A test run started in the background inherits
    SIGINT ignored, and Python then leaves it ignored, as a background job should."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_exits_130_without_traceback(tmp_path):
    child = subprocess.Popen([sys.executable, "-m", "claimcheck", "check", "--format", "jsonl", "-"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             env=environment(tmp_path / "cache"), cwd=tmp_path, preexec_fn=_default_sigint)
    try:
        child.stdin.write((CONTRADICTED + "\n").encode())
        child.stdin.flush()
        first = child.stdout.readline()  # the table is loaded and a sentence checked
        assert json.loads(first)["verdict"] == "contradicted"
        time.sleep(1)
        assert child.poll() is None  # still waiting on the open pipe
        child.send_signal(signal.SIGINT)
        code = child.wait(timeout=30)
        stderr = child.stderr.read().decode()
    finally:
        if child.poll() is None:
            child.kill()
        child.stdin.close()
        child.stdout.close()
        child.stderr.close()
    assert code == 130
    assert stderr == "claimcheck: interrupted\n"


def test_ctrl_c_during_a_parallel_lint_exits_130_with_one_line(tmp_path):
    """Ctrl-C at a terminal reaches the whole process group, lint's workers too: one line, exit 130,
    no traceback from any process."""
    sentences = [f"In {2000 + i % 20}, Mexico deported {1000 + 7 * i:,} people, the INM said." for i in range(40_000)]
    (tmp_path / "big.md").write_text("\n\n".join(sentences) + "\n", encoding="utf-8")
    child = subprocess.Popen([sys.executable, "-m", "claimcheck", "lint", "--jobs", "2", "--format", "jsonl", "big.md"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environment(tmp_path / "cache"),
                             cwd=tmp_path, preexec_fn=_default_sigint, start_new_session=True)
    try:
        time.sleep(1.5)  # the table loaded, the workers started
        assert child.poll() is None
        os.killpg(child.pid, signal.SIGINT)
        code = child.wait(timeout=30)
        time.sleep(0.5)  # anything the workers still write
        stderr = child.stderr.read().decode()
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
        child.stderr.close()
    assert code == 130
    assert stderr == "claimcheck: interrupted\n"


def test_closed_pipe_is_quiet(tmp_path):
    (tmp_path / "in.txt").write_text((SUPPORTED + "\n") * 20000, encoding="utf-8")
    command = (f"{shlex.quote(sys.executable)} -m claimcheck check --format jsonl - < in.txt 2> err.txt | head -1; "
               "echo \"status ${PIPESTATUS[0]}\"")
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=120,
                          cwd=tmp_path, env=environment(tmp_path / "cache"))
    first, status = done.stdout.splitlines()
    assert json.loads(first)["verdict"] == "supported"
    assert (tmp_path / "err.txt").read_text() == ""  # no traceback, no "Broken pipe", nothing
    # A closed pipe cuts the run short: not 0 (clean) nor 1 (contradicted found), but 141 (128 + SIGPIPE),
    # what a shell reports for git or cat ended by the same closed pipe.
    assert status == "status 141"
