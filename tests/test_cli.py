"""The command line as a user runs it: output, exit codes, stdin, browse commands."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, stdin: str | bytes | None = None, env: dict | None = None, cwd=None) -> subprocess.CompletedProcess:
    full_env = dict(os.environ, NO_COLOR="1")
    full_env.pop("CLAIMCHECK_TABLE", None)
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "claimcheck", *args], input=stdin, capture_output=True,
                          env=full_env, cwd=cwd, timeout=120, text=not isinstance(stdin, bytes))


def test_version_and_help():
    from claimcheck import __version__

    assert run("--version").stdout.strip() == f"claimcheck {__version__}"
    help_text = run("--help").stdout
    for command in ("check", "lint", "validate", "list", "show", "search"):
        assert command in help_text
    check_help = run("check", "--help").stdout
    assert "--fail-on" in check_help and "--top" in check_help and "Exit status" in check_help


def test_check_supported_text_output():
    result = run("check", "Mexico deported about 80,000 people in 2017")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "supported: Mexico deported about 80,000 people in 2017"
    assert "80,353" in result.stdout
    assert "The Intercept" in result.stdout
    assert "https://theintercept.com/2018/04/05/migrant-caravan-mexico-border-immigration/" in result.stdout
    assert "\x1b[" not in result.stdout  # plain when piped


def test_check_contradicted_exit_1_and_reason():
    result = run("check", "--format", "json", "The INM deported 90,353 people in 2017.")
    assert result.returncode == 1
    [doc] = json.loads(result.stdout)
    assert doc["verdict"] == "contradicted"
    assert doc["reasons"] == ["number: says 90,353; source says 80,353 (2017)"]
    assert doc["claim"]["id"] == "inm-deportations-2017"
    assert list(doc) == ["text", "verdict", "reasons", "score", "figures", "claim"]
    assert doc["figures"][0]["start"] == 17 and doc["figures"][0]["end"] == 23


def test_fail_on_unverified():
    sentence = "The football club sold 80,353 season tickets in 2017."
    assert run("check", sentence).returncode == 0
    assert run("check", "--fail-on", "unverified", sentence).returncode == 1


def test_stdin_jsonl_in_order_and_one_per_line():
    sentences = ["Mexico deported about 80,000 people in 2017.", "", "The library lent 8,796 books in 2016.",
                 "En 2016, 18.796 refugiados solicitaron asilo en México."]
    result = run("check", "--format", "jsonl", "-", stdin="\n".join(sentences) + "\n")
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["text"] for d in docs] == sentences
    assert [d["verdict"] for d in docs] == ["supported", "unverified", "unverified", "contradicted"]
    assert docs[3]["claim"]["id"] == "mexico-asylum-requests-2016"
    assert result.returncode == 1


class _AnswerReader:
    """Lines of a child's output, each awaited at most ``timeout`` seconds while its input stays
    open.  Reads the pipe's file descriptor itself: ``select()`` after a buffered ``readline()``
    would wait on the pipe for answers already sitting in the reader's buffer."""

    def __init__(self, stream, timeout: float = 60):
        self.fd, self.timeout, self.pending = stream.fileno(), timeout, b""

    def line(self, missing: str) -> str:
        import select

        while b"\n" not in self.pending:
            ready, _, _ = select.select([self.fd], [], [], self.timeout)
            assert ready, missing
            chunk = os.read(self.fd, 1 << 16)
            assert chunk, "the output ended while standard input is still open"
            self.pending += chunk
        line, _, self.pending = self.pending.partition(b"\n")
        return line.decode()


@pytest.mark.skipif(os.name == "nt", reason="select() on pipes is POSIX-only; Windows flushes every line")
def test_stdin_jsonl_answers_each_line_before_the_next_is_written():
    """A pipeline that writes one sentence and waits for its answer must get it (output is flushed
    whenever no more input is waiting), while stdin stays open."""
    env = dict(os.environ, NO_COLOR="1")
    env.pop("CLAIMCHECK_TABLE", None)
    proc = subprocess.Popen([sys.executable, "-m", "claimcheck", "check", "--format", "jsonl", "-"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
    answers = _AnswerReader(proc.stdout)
    try:
        for sentence, verdict in [("Mexico deported about 80,000 people in 2017", "supported"),
                                  ("The library lent 8,796 books in 2016", "unverified")]:
            proc.stdin.write(sentence.encode() + b"\n")
            proc.stdin.flush()
            doc = json.loads(answers.line("no answer while standard input is still open"))
            assert (doc["text"], doc["verdict"]) == (sentence, verdict)
    finally:
        proc.stdin.close()
        proc.wait(timeout=60)
    assert proc.returncode == 0


def _batch(n: int) -> list[str]:
    return [f"The INM deported {80353 + (i % 11) - 5:,} people in {2016 + i % 3}." for i in range(n)]


@pytest.mark.parametrize("jsonl", [True, False])
def test_default_jobs_start_workers_once_the_input_is_a_batch(monkeypatch, jsonl):
    """``check -`` answers the first lines itself and starts workers only once more input is still
    waiting after ``AUTO_PARALLEL_LINES``: the answers are those of one process, in order."""
    from claimcheck import cli
    from claimcheck.match import default_table

    monkeypatch.setattr(cli, "AUTO_PARALLEL_LINES", 50)
    pooled = []
    original = cli._pooled

    def counted(lines, *args):
        pooled.append(True)
        return original(lines, *args)

    monkeypatch.setattr(cli, "_pooled", counted)
    table = default_table()
    lines = _batch(700)
    one = list(cli._check_all(iter(lines), table, 0, 1, jsonl))
    auto = list(cli._check_all(iter(lines), table, 0, 2, jsonl, lambda: True, True))
    assert auto == one and len(one) == 700 and pooled == [True]
    # Input that is not waiting after those lines (a co-process, a slow writer): no workers.
    pooled.clear()
    assert list(cli._check_all(iter(lines), table, 0, 2, jsonl, lambda: False, True)) == one
    assert pooled == []


def test_default_jobs_give_the_output_of_one_process():
    stdin = "\n".join(_batch(6000)) + "\n"
    one = run("check", "--format", "jsonl", "--jobs", "1", "-", stdin=stdin)
    default = run("check", "--format", "jsonl", "-", stdin=stdin)
    assert one.returncode == default.returncode == 1
    assert default.stdout == one.stdout and default.stderr == ""
    assert len(default.stdout.splitlines()) == 6000


@pytest.mark.skipif(os.name == "nt", reason="select() on pipes is POSIX-only")
@pytest.mark.parametrize("jobs", [[], ["--jobs", "2"]])
def test_a_co_process_writing_bursts_gets_every_answer_before_it_writes_more(jobs):
    """A co-process that writes a burst of lines, then waits for all their answers before writing
    more: with workers (started by default after a burst this long, or asked for) every answer of a
    burst arrives while standard input stays open."""
    env = dict(os.environ, NO_COLOR="1")
    env.pop("CLAIMCHECK_TABLE", None)
    proc = subprocess.Popen([sys.executable, "-m", "claimcheck", "check", "--format", "jsonl", *jobs, "-"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
    answers = _AnswerReader(proc.stdout)
    import threading

    def write(burst):  # while the answers are read: a burst's answers do not fit in a pipe's buffer
        proc.stdin.write(("\n".join(burst) + "\n").encode())
        proc.stdin.flush()

    try:
        for burst in (_batch(2600), _batch(7)[3:], _batch(1)):
            writer = threading.Thread(target=write, args=(burst,), daemon=True)
            writer.start()
            for sentence in burst:
                line = answers.line("an answer is missing while standard input is still open")
                assert json.loads(line)["text"] == sentence
                if len(burst) < 10:  # a slow reader: the burst's answers are all written before it reads
                    time.sleep(0.1)
            writer.join(timeout=60)
    finally:
        proc.stdin.close()
        proc.wait(timeout=60)
    assert proc.returncode == 1


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_bad_line_after_many_stops_with_the_answers_before_it(jobs):
    """A line that is too long ends the run with exit 2 and one line on stderr, after the answers to
    every line before it, with workers as in one process."""
    stdin = "\n".join(_batch(1500)) + "\n" + "9" * 100_001 + "\n" + "\n".join(_batch(10)) + "\n"
    done = run("check", "--format", "jsonl", "--jobs", jobs, "-", stdin=stdin)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "sentence 1501 is 100,001 characters" in done.stderr
    assert [json.loads(line)["text"] for line in done.stdout.splitlines()] == _batch(1500)


def test_top_lists_alternatives():
    result = run("check", "--format", "json", "--top", "2", "The INM deported 80,353 people in 2018.")
    [doc] = json.loads(result.stdout)
    assert doc["verdict"] == "contradicted"
    assert 1 <= len(doc["alternatives"]) <= 2
    assert all(set(a) == {"id", "score"} for a in doc["alternatives"])


@pytest.mark.parametrize("args,stdin,message", [
    (["check", "-"], "", "no input"),
    (["check", "-"], b"caf\xe9 80,353 people\n", "<stdin>:1:4: not valid utf-8 (byte 0xe9)"),
    (["check", "--format", "yaml", "x"], None, "Invalid value for '--format'"),
    (["check", "--fail-on", "never", "x"], None, "Invalid value for '--fail-on'"),
    (["check", "-", "also this"], "", "cannot be combined"),
    (["check", "--table", "/nonexistent/claims.yaml", "x"], None, "/nonexistent/claims.yaml: table not found"),
    (["show", "inm-deportation-2017"], None, "no claim with id 'inm-deportation-2017' (did you mean inm-deportations-2017"),
])
def test_input_errors_exit_2_with_one_line(args, stdin, message):
    result = run(*args, stdin=stdin)
    stderr = result.stderr.decode() if isinstance(result.stderr, bytes) else result.stderr
    assert result.returncode == 2
    assert message in stderr
    assert "Traceback" not in stderr


def test_stdin_encoding_override():
    result = run("check", "--encoding", "latin-1", "--format", "jsonl", "-",
                 stdin="La CNDH documentó 521 quejas contra el INM en 2017.\n".encode("latin-1"))
    assert result.returncode == 0
    assert json.loads(result.stdout)["verdict"] == "supported"


def test_list_show_search():
    listed = run("list").stdout.splitlines()
    assert any(line.startswith("inm-deportations-2017\t80,353 people (2017)\t") for line in listed)
    docs = json.loads(run("list", "--format", "json").stdout)
    assert {"inm-deportations-2017", "mexico-asylum-requests-2016"} <= {d["id"] for d in docs}
    shown = run("show", "mexico-asylum-requests-2016").stdout
    assert "quote: “According to the Mexican Commission for Refugee Assistance, in 2016, there were a total of 8,796" in shown
    assert json.loads(run("show", "--format", "json", "mexico-asylum-requests-2016").stdout)["figures"][0]["value"] == 8796
    found = run("search", "--format", "json", "solicitudes de asilo").stdout
    assert json.loads(found)[0]["id"].startswith("mexico-asylum-requests")
    nothing = run("search", "zzzz qqqq")
    assert nothing.returncode == 1 and "no claims match" in nothing.stderr


def test_validate_reports_problems_and_exit_codes(tmp_path):
    good = run("validate")
    assert good.returncode == 0 and "no problems" in good.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nclaims:\n  - id: x\n    statment: y\n", encoding="utf-8")
    result = run("validate", "--table", str(bad))
    assert result.returncode == 1
    assert f"{bad}:4:5: claim 'x': unknown field 'statment' (did you mean 'statement'?)" in result.stdout.splitlines()
    assert run("validate", "--sources", str(tmp_path / "missing")).returncode == 2


def test_broken_table_gives_one_line_for_check(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("claims:\n  - id: [\n", encoding="utf-8")
    result = run("check", "--table", str(bad), "Mexico deported 80,353 people in 2017")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"claimcheck: error: {bad}:")


def test_closed_pipe_exits_quietly():
    script = f"{sys.executable} -m claimcheck check --format jsonl - | head -1"
    lines = "Mexico deported about 80,000 people in 2017.\n" * 20000
    result = subprocess.run(["bash", "-c", "set -o pipefail; " + script], input=lines, capture_output=True,
                            text=True, timeout=120, env=dict(os.environ, NO_COLOR="1"))
    assert result.stdout.count("\n") == 1
    assert "Traceback" not in result.stderr and "Broken pipe" not in result.stderr


def test_jobs_keep_input_order_and_results():
    sentences = [f"The INM deported {80353 + (i % 7) - 3:,} people in 2017." for i in range(1500)]
    stdin = "\n".join(sentences) + "\n"
    one = run("check", "--format", "jsonl", "-", stdin=stdin)
    two = run("check", "--format", "jsonl", "--jobs", "2", "-", stdin=stdin)
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout
    docs = [json.loads(line) for line in two.stdout.splitlines()]
    assert [d["text"] for d in docs] == sentences
    # 80,350 is a rounding of 80,353 (to the nearest ten), so it is supported too
    expected = ["supported" if 80353 + (i % 7) - 3 in (80350, 80353) else "contradicted" for i in range(1500)]
    assert [d["verdict"] for d in docs] == expected


def test_mistyped_command_gets_clicks_suggestion_and_exit_2():
    result = run("chek", "Mexico deported 80,353 people in 2017")
    assert result.returncode == 2
    assert "No such command 'chek'" in result.stderr and "check" in result.stderr


def test_console_entry_exits_at_once_but_flushes_output_and_runs_exit_handlers(tmp_path):
    """``run()`` (the console script and ``python -m claimcheck``) ends with ``os._exit``: the output
    must be complete, the exit status main's, and the exit handlers must have run (the regex-code
    cache is written by one)."""
    env = {"CLAIMCHECK_CACHE_DIR": str(tmp_path / "cache")}
    sentences = "".join(f"Mexico deported {80_000 + i:,} people in 2017\n" for i in range(3000))
    done = run("check", "--format", "jsonl", "-", stdin=sentences, env=env)
    assert done.returncode == 1  # contradicted figures among them
    lines = done.stdout.splitlines()
    assert len(lines) == 3000 and json.loads(lines[-1])["text"] == "Mexico deported 82,999 people in 2017"
    assert done.stderr == ""
    assert (tmp_path / "cache" / "regex-code.pickle").is_file()
    assert run("check", "Mexico deported about 80,000 people in 2017", env=env).returncode == 0
    assert run("lint", str(tmp_path / "missing.md"), env=env).returncode == 2


def test_main_builds_only_the_named_command_and_restores_the_rest(monkeypatch, capsys):
    """main() registers just the command argv names (start-up); the app keeps all of them."""
    from claimcheck import cli

    before = list(cli.app.registered_commands)
    assert cli._commands_for(["list"], before) == [c for c in before if c.name == "list"]
    assert cli._commands_for(["--help"], before) == before
    assert cli._commands_for(["nope"], before) == before
    monkeypatch.setattr(sys, "argv", ["claimcheck", "list", "--format", "json"])
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code == 0
    assert json.loads(capsys.readouterr().out)[0]["id"]
    assert cli.app.registered_commands == before
