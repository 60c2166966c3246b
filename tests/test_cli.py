"""The command line as a user runs it: output, exit codes, stdin, browse commands.

Most runs go through the console entry point (``claimcheck.cli.main``) in this process, with their
own argv, working directory and standard streams; what needs a real process (a co-process on a
pipe, workers, a closed pipe, a big run's flushing) starts ``python -m claimcheck``.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from helpers import Run, clean_env, run_in_process, run_process

ROOT = Path(__file__).resolve().parents[1]
INM = "inm-deportations-2017"
INTERCEPT_URL = "https://theintercept.com/2018/04/05/migrant-caravan-mexico-border-immigration/"


def run(*args: str, stdin: str | bytes | None = None, env: dict | None = None, cwd=None,
        timeout: float = 120) -> Run:
    """``python -m claimcheck ARGS`` in its own process."""
    return run_process(*args, stdin=stdin, env=env, cwd=cwd, timeout=timeout)


@pytest.fixture
def claimcheck(tmp_path):
    """``claimcheck(*args, stdin=)``: ``claimcheck ARGS`` through ``cli.main()`` in this process, in
    ``tmp_path``, with plain output; the exit status and what was written."""
    return lambda *args, stdin=None: run_in_process(*args, cwd=tmp_path, stdin=stdin)


def test_version_and_help(claimcheck):
    from claimcheck import __version__

    assert claimcheck("--version").stdout.strip() == f"claimcheck {__version__}"
    help_text = claimcheck("--help").stdout
    for command in ("check", "lint", "validate", "extract", "list", "show", "search"):
        assert f"\n  {command} " in help_text
    check_help = claimcheck("check", "--help").stdout
    assert "--fail-on" in check_help and "--top" in check_help and "--format" in check_help


def test_no_command_prints_the_help_and_exits_2(claimcheck):
    """As click's no_args_is_help: the usage and the commands, on stderr, exit 2 (not one squashed line)."""
    result = claimcheck()
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("Usage: ") and "claimcheck [OPTIONS] COMMAND [ARGS]...\n" in result.stderr
    assert "\nCommands:\n" in result.stderr and "\n  lint " in result.stderr
    assert "claimcheck: error:" not in result.stderr
    assert result.stderr == claimcheck("--help").stdout


def test_check_lint_and_validate_help_give_the_exit_status(claimcheck):
    for command in ("check", "lint", "validate"):
        assert "Exit status: 0 " in claimcheck(command, "--help").stdout


def test_check_supported_text_output(claimcheck):
    result = claimcheck("check", "Mexico deported about 80,000 people in 2017")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "supported: Mexico deported about 80,000 people in 2017"
    assert "  number: about 80,000 agrees with 80,353 (2017)" in lines
    assert "80,353 people in 2017.”" in result.stdout
    assert "The Intercept" in result.stdout
    assert INTERCEPT_URL in result.stdout.replace("\n  ", " ")
    assert f"  claim: {INM}" in lines
    assert "\x1b[" not in result.stdout  # plain when piped


def test_check_contradicted_exit_1_and_reason(claimcheck):
    result = claimcheck("check", "--format", "json", "The INM deported 90,353 people in 2017.")
    assert result.returncode == 1
    [doc] = json.loads(result.stdout)
    assert doc["verdict"] == "contradicted"
    assert doc["reasons"] == ["number: says 90,353; source says 80,353 (2017)"]
    assert doc["claim"]["id"] == INM
    assert list(doc) == ["text", "verdict", "reasons", "score", "figures", "claim"]
    assert doc["figures"][0]["start"] == 17 and doc["figures"][0]["end"] == 23


def test_fail_on_unverified(claimcheck):
    sentence = "The football club sold 80,353 season tickets in 2017."
    assert claimcheck("check", sentence).returncode == 0
    assert claimcheck("check", "--fail-on", "unverified", sentence).returncode == 1


def test_stdin_jsonl_in_order_and_one_per_line(claimcheck):
    sentences = ["Mexico deported about 80,000 people in 2017.", "", "The library lent 8,796 books in 2016.",
                 "En 2016, 18.796 refugiados solicitaron asilo en México."]
    result = claimcheck("check", "--format", "jsonl", "-", stdin="\n".join(sentences) + "\n")
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["text"] for d in docs] == sentences
    assert [d["verdict"] for d in docs] == ["supported", "unverified", "unverified", "contradicted"]
    assert docs[3]["claim"]["id"] == "mexico-asylum-requests-2016"
    assert result.returncode == 1


def test_piped_stdin_without_dash():
    result = run("check", "--format", "jsonl", stdin="The INM deported 83,053 people in 2017.\n")
    assert result.returncode == 1, result.stderr
    [doc] = [json.loads(line) for line in result.stdout.splitlines()]
    assert (doc["verdict"], doc["claim"]["id"]) == ("contradicted", INM)


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
    proc = subprocess.Popen([sys.executable, "-m", "claimcheck", "check", "--format", "jsonl", "-"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=clean_env())
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
        proc.stdout.close()
    assert proc.returncode == 0


def _batch(n: int) -> list[str]:
    return [f"The INM deported {80353 + (i % 11) - 5:,} people in {2016 + i % 3}." for i in range(n)]


def test_default_jobs_give_the_output_of_one_process():
    stdin = "\n".join(_batch(1000)) + "\n"
    one = run("check", "--format", "jsonl", "--jobs", "1", "-", stdin=stdin)
    default = run("check", "--format", "jsonl", "-", stdin=stdin)
    assert one.returncode == default.returncode == 1
    assert default.stdout == one.stdout and default.stderr == ""
    assert len(default.stdout.splitlines()) == 1000


@pytest.mark.skipif(os.name == "nt", reason="select() on pipes is POSIX-only")
@pytest.mark.parametrize("jobs", [[], ["--jobs", "2"]])
def test_a_co_process_writing_bursts_gets_every_answer_before_it_writes_more(jobs):
    """A co-process that writes a burst of lines, then waits for all their answers before writing
    more: with or without workers every answer of a burst arrives while standard input stays open."""
    proc = subprocess.Popen([sys.executable, "-m", "claimcheck", "check", "--format", "jsonl", *jobs, "-"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=clean_env())
    answers = _AnswerReader(proc.stdout)

    def write(burst):  # while the answers are read: a burst's answers do not fit in a pipe's buffer
        proc.stdin.write(("\n".join(burst) + "\n").encode())
        proc.stdin.flush()

    try:
        for burst in (_batch(700), _batch(7)[3:], _batch(1)):
            writer = threading.Thread(target=write, args=(burst,), daemon=True)
            writer.start()
            for sentence in burst:
                line = answers.line("an answer is missing while standard input is still open")
                assert json.loads(line)["text"] == sentence
                if len(burst) < 10:  # a slow reader: the burst's answers are all written before it reads
                    time.sleep(0.05)
            writer.join(timeout=60)
    finally:
        proc.stdin.close()
        proc.wait(timeout=60)
        proc.stdout.close()
    assert proc.returncode == 1


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_bad_line_after_many_stops_with_the_answers_before_it(jobs):
    """A line that is too long ends the run with exit 2 and one line on stderr, after the answers to
    every line before it, with workers as in one process."""
    stdin = "\n".join(_batch(600)) + "\n" + "9" * 100_001 + "\n" + "\n".join(_batch(10)) + "\n"
    done = run("check", "--format", "jsonl", "--jobs", jobs, "-", stdin=stdin)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith("claimcheck: error: <stdin>:601: line is 100,001 characters")
    assert [json.loads(line)["text"] for line in done.stdout.splitlines()] == _batch(600)


def test_top_lists_alternatives(claimcheck):
    result = claimcheck("check", "--format", "json", "--top", "2", "The INM deported 80,353 people in 2018.")
    [doc] = json.loads(result.stdout)
    assert doc["verdict"] == "contradicted"
    assert doc["reasons"] == ["period: says 2018; source says 2017 (80,353)"]
    assert 1 <= len(doc["alternatives"]) <= 2
    assert all(set(a) == {"id", "score"} for a in doc["alternatives"])
    text = claimcheck("check", "--top", "2", "The INM deported 80,353 people in 2018.").stdout
    assert f"  alternative: {doc['alternatives'][0]['id']} (score " in text


@pytest.mark.parametrize("args,stdin,message", [
    (["check", "-"], "", "no input"),
    (["check", "-"], b"caf\xe9 80,353 people\n", "<stdin>:1:4: cannot decode byte 0xe9 at byte offset 3 as utf-8"),
    (["check", "--format", "yaml", "x"], None, "Invalid value for '--format'"),
    (["check", "--fail-on", "never", "x"], None, "Invalid value for '--fail-on'"),
    (["check", "-", "also this"], "", "cannot be combined"),
    (["check", "--table", "/nonexistent/claims.yaml", "x"], None, "/nonexistent/claims.yaml: no such table"),
    (["show", "inm-deportation-2017"], None, "no claim with id 'inm-deportation-2017' (did you mean inm-deportations-2017"),
])
def test_input_errors_exit_2_with_one_line(claimcheck, args, stdin, message):
    result = claimcheck(*args, stdin=stdin)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    if not message.startswith("Invalid value"):  # click's usage errors: see test_workflow
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("claimcheck: error: ")


def test_undecodable_stdin_names_line_and_column(claimcheck):
    result = claimcheck("check", "-", stdin=b"The INM deported 83,053 people in 2017.\ncaf\xe9 80,353\n")
    assert result.returncode == 2
    assert "<stdin>:2:4: cannot decode byte 0xe9 at byte offset 43 as utf-8" in result.stderr


def test_stdin_encoding_override(claimcheck):
    result = claimcheck("check", "--encoding", "latin-1", "--format", "jsonl", "-",
                        stdin="La CNDH documentó 521 quejas contra el INM en 2017.\n".encode("latin-1"))
    assert result.returncode == 0
    assert json.loads(result.stdout)["verdict"] == "supported"


def test_list_show_search(claimcheck):
    listed = claimcheck("list").stdout.splitlines()
    assert any(line.startswith(INM) and "80,353 people (2017)" in line for line in listed)
    docs = json.loads(claimcheck("list", "--format", "json").stdout)
    assert {INM, "mexico-asylum-requests-2016"} <= {d["id"] for d in docs}
    shown = claimcheck("show", "mexico-asylum-requests-2016").stdout
    assert "quote: “According to the Mexican Commission for Refugee Assistance, in 2016, there were a total of 8,796" in shown
    assert json.loads(claimcheck("show", "--format", "json", "mexico-asylum-requests-2016").stdout)["figures"][0]["value"] == 8796
    found = claimcheck("search", "--format", "json", "solicitudes de asilo").stdout
    assert json.loads(found)[0]["id"].startswith("mexico-asylum-requests")
    nothing = claimcheck("search", "zzzz qqqq")
    assert nothing.returncode == 1 and "no claims match" in nothing.stderr


def test_list_and_search_are_tab_separated_when_piped(claimcheck):
    listed = claimcheck("list").stdout.splitlines()
    assert any(line.startswith(f"{INM}\t80,353 people (2017)\t") for line in listed)
    # a unit that is also the label is written once
    assert any("\t3 security cordons; more than 100 miles\t" in line for line in listed)
    assert not any("miles miles" in line or "years years" in line for line in listed)
    found = claimcheck("search", "deportaciones").stdout.splitlines()
    assert found and all(line.count("\t") == 2 for line in found)


def test_validate_reports_problems_and_exit_codes(claimcheck, tmp_path):
    good = claimcheck("validate")
    assert good.returncode == 0 and "no problems" in good.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nclaims:\n  - id: x\n    statment: y\n", encoding="utf-8")
    result = claimcheck("validate", "--table", str(bad))
    assert result.returncode == 1
    assert f"{bad}:4:5: claim 'x': unknown field 'statment' (did you mean 'statement'?)" in result.stdout.splitlines()
    assert claimcheck("validate", "--sources", str(tmp_path / "missing")).returncode == 2


@pytest.mark.parametrize("args", [["show", "nope"], ["lint", "/nonexistent/draft.md"],
                                  ["check", "--table", "/nonexistent/claims.yaml", "x"]])
def test_debug_adds_a_traceback_but_keeps_the_exit_status(claimcheck, args):
    plain = claimcheck(*args)
    debug = claimcheck(*args[:1], "--debug", *args[1:])
    assert plain.returncode == debug.returncode == 2, (plain, debug)
    assert plain.stderr.startswith("claimcheck: error: ") and plain.stderr.count("\n") == 1
    assert "Traceback (most recent call last)" in debug.stderr
    assert debug.stderr.endswith(plain.stderr)  # the same line, after the traceback


def test_broken_table_gives_one_line_for_check(claimcheck, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("claims:\n  - id: [\n", encoding="utf-8")
    result = claimcheck("check", "--table", str(bad), "Mexico deported 80,353 people in 2017")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"claimcheck: error: {bad}:")


def test_closed_pipe_exits_quietly():
    script = f"{sys.executable} -m claimcheck check --format jsonl - | head -1"
    lines = "Mexico deported about 80,000 people in 2017.\n" * 20000
    result = subprocess.run(["bash", "-c", "set -o pipefail; " + script], input=lines, capture_output=True,
                            text=True, timeout=120, env=clean_env())
    assert result.stdout.count("\n") == 1
    assert "Traceback" not in result.stderr and "Broken pipe" not in result.stderr


def test_jobs_keep_input_order_and_results():
    sentences = [f"The INM deported {80353 + (i % 7) - 3:,} people in 2017." for i in range(800)]
    stdin = "\n".join(sentences) + "\n"
    one = run("check", "--format", "jsonl", "-", stdin=stdin)
    two = run("check", "--format", "jsonl", "--jobs", "2", "-", stdin=stdin)
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout
    docs = [json.loads(line) for line in two.stdout.splitlines()]
    assert [d["text"] for d in docs] == sentences
    # 80,350 is a rounding of 80,353 (to the nearest ten), so it is supported too
    expected = ["supported" if 80353 + (i % 7) - 3 in (80350, 80353) else "contradicted" for i in range(800)]
    assert [d["verdict"] for d in docs] == expected


def test_mistyped_command_gets_clicks_suggestion_and_exit_2(claimcheck):
    result = claimcheck("chek", "Mexico deported 80,353 people in 2017")
    assert result.returncode == 2
    assert "No such command 'chek'" in result.stderr and "check" in result.stderr


def test_console_entry_flushes_a_big_run_and_caches_the_table(tmp_path):
    """The console script's output is complete for a big run, its exit status is the command's, and
    the table it parsed is cached in CLAIMCHECK_CACHE_DIR for the next run."""
    env = {"CLAIMCHECK_CACHE_DIR": str(tmp_path / "cache")}
    sentences = "".join(f"Mexico deported {80_000 + i % 40:,} people in 2017\n" for i in range(2000))
    done = run("check", "--format", "jsonl", "-", stdin=sentences, env=env)
    assert done.returncode == 1  # contradicted figures among them
    lines = done.stdout.splitlines()
    assert len(lines) == 2000 and json.loads(lines[-1])["text"] == "Mexico deported 80,039 people in 2017"
    assert done.stderr == ""
    assert list((tmp_path / "cache").glob("table-*.pickle"))
    assert run("check", "Mexico deported about 80,000 people in 2017", env=env).returncode == 0
    assert run("lint", str(tmp_path / "missing.md"), env=env).returncode == 2


def test_main_runs_a_command_and_leaves_the_app_whole(monkeypatch, capsys):
    """main() runs the command argv names and exits with its status; the app keeps all its commands."""
    from claimcheck import cli

    before = [c.name or c.callback.__name__ for c in cli.app.registered_commands]
    monkeypatch.setattr(sys, "argv", ["claimcheck", "list", "--format", "json"])
    handler = signal.getsignal(signal.SIGTERM)
    try:
        with pytest.raises(SystemExit) as exit_info:
            cli.main()
    finally:
        signal.signal(signal.SIGTERM, handler)
    assert exit_info.value.code == 0
    assert json.loads(capsys.readouterr().out)[0]["id"]
    assert [c.name or c.callback.__name__ for c in cli.app.registered_commands] == before
    assert {"check", "lint", "validate", "extract", "list", "show", "search"} <= set(before)


@pytest.mark.parametrize("query,first", [("deprtations", "inm-deportations-2017"), ("deportee", "inm-deportations-2017"),
                                         ("deportacion", "inm-deportations-2017"), ("Red Sonora", "red-sonora-member-organizations")])
def test_search_forgives_typos_endings_and_accents(claimcheck, query, first):
    found = json.loads(claimcheck("search", "--format", "json", query).stdout)
    assert found and found[0]["id"] == first


def test_search_with_no_word_is_a_usage_error(claimcheck):
    done = claimcheck("search", "(a+)+$")
    assert done.returncode == 2 and "give at least one word of three letters or more" in done.stderr
