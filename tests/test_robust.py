"""Robustness of the command line at its edges: encodings that are not text encodings, standard
input that is closed, signals during ``--jobs``, a closed pipe, ``--debug`` and the bare command.

The promise is the one of test_hostile.py: bad input is ONE line on stderr and exit status 2, never
a traceback, never a hang.  Every run is the installed console script in a process of its own with
a timeout (a hang fails the test), in a fresh folder, with its own cache (``test_hostile.CLI``).
"""

from __future__ import annotations

import codecs
import json
import os
import signal
import subprocess
import threading
import time

import pytest
from test_hostile import (CLAIMCHECK, CLI, CONTRADICTED, TIMEOUT, Run, _assert_no_worker_left, _feed_lines_forever,
                          _kill_leftovers, _wait_for_workers, _workload, assert_no_crash, assert_one_error)

SUPPORTED = "The INM deported 80,353 people in 2017."
#: Python codecs that do not decode bytes to text (bytes to bytes, text to text), or decode nothing.
NOT_TEXT = ["base64", "hex", "rot13", "zlib", "bz2", "uu", "punycode", "undefined"]


@pytest.fixture
def cli(tmp_path) -> CLI:
    return CLI(tmp_path)


# --------------------------------------------------------------------------------------------
# Encodings: checked once, up front; one decoder for files and standard input
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", NOT_TEXT)
def test_check_refuses_a_codec_that_is_not_a_text_encoding(cli, encoding):
    run = cli.run("check", "--no-config", "--encoding", encoding, "-", stdin=SUPPORTED + "\n")
    assert_one_error(run, f"encoding {encoding!r}", "utf-8")


@pytest.mark.parametrize("encoding", NOT_TEXT)
def test_lint_refuses_a_codec_that_is_not_a_text_encoding(cli, encoding):
    cli.write("draft.md", SUPPORTED + "\n")
    run = cli.run("lint", "--no-config", "--encoding", encoding, "draft.md")
    assert_one_error(run, f"encoding {encoding!r}", "utf-8")  # one usage error, not an E999 per file


@pytest.mark.parametrize("encoding", ["rot13", "base64"])
def test_extract_refuses_a_codec_that_is_not_a_text_encoding(cli, encoding):
    cli.write("article.md", SUPPORTED + "\n")
    assert_one_error(cli.run("extract", "--no-config", "--encoding", encoding, "article.md"), f"encoding {encoding!r}")
    assert_one_error(cli.run("extract", "--no-config", "--encoding", encoding, "-", stdin=SUPPORTED + "\n"),
                     f"encoding {encoding!r}")


@pytest.mark.parametrize("command", ["check", "lint"])
@pytest.mark.parametrize("encoding", ["base64", "rot13"])
def test_a_configured_codec_that_is_not_a_text_encoding(cli, command, encoding):
    cli.write("pyproject.toml", f'[tool.claimcheck]\nencoding = "{encoding}"\n')
    cli.write("draft.md", SUPPORTED + "\n")
    args = ["check", "-"] if command == "check" else ["lint", "draft.md"]
    run = cli.run(*args, stdin=SUPPORTED + "\n" if command == "check" else None)
    assert_one_error(run, "pyproject.toml", "encoding", f"{encoding!r}", "not a text encoding")


def test_utf16_without_a_bom_on_check_stdin(cli):
    run = cli.run("check", "--no-config", "--encoding", "utf-16", "-", stdin="The INM deported 5 people\n")
    assert_one_error(run, "<stdin>", "utf-16", "--encoding utf-16-le")


def test_check_stdin_reports_bad_bytes_as_lint_does(cli):
    data = f"{SUPPORTED}\nEl INM deportó a 80,353 personas.\n".encode("latin-1")
    checked = assert_one_error(cli.run("check", "--no-config", "-", stdin=data), stdout=None)
    linted = assert_one_error(cli.run("lint", "--no-config", "-", stdin=data), stdout=None)
    message = "<stdin>:2:14: cannot decode byte 0xf3 at byte offset 53 as utf-8"
    assert message in checked and message in linted


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
def test_check_stdin_follows_a_bom_as_lint_does(cli, codec):
    data = f"{SUPPORTED}\n{CONTRADICTED}\n".encode(codec)
    if codec == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    checked = cli.run("check", "--no-config", "--format", "jsonl", "-", stdin=data)
    assert_no_crash(checked)
    assert [json.loads(line)["verdict"] for line in checked.lines] == ["supported", "contradicted"], str(checked)
    assert checked.returncode == 1 and checked.stderr == "", str(checked)
    linted = cli.run("lint", "--no-config", "--format", "concise", "--show", "all", "-", stdin=data)
    assert [line.split(": ")[1] for line in linted.lines] == ["supported", "contradicted"], str(linted)


LATIN = "La CNDH documentó 521 quejas contra el INM en 2017.\n".encode("latin-1")


def test_check_uses_the_configured_encoding(cli):
    cli.write("pyproject.toml", '[tool.claimcheck]\nencoding = "latin-1"\n')
    run = cli.run("check", "--format", "jsonl", "-", stdin=LATIN)
    assert run.returncode == 0 and run.stderr == "", str(run)
    assert json.loads(run.stdout)["verdict"] == "supported"
    # the command line wins
    assert_one_error(cli.run("check", "--encoding", "utf-8", "-", stdin=LATIN), "0xf3", "utf-8")


def test_extract_uses_the_configured_encoding(cli):
    cli.write("pyproject.toml", '[tool.claimcheck]\nencoding = "latin-1"\n')
    cli.write("nota.txt", LATIN)
    for args, stdin in ((["nota.txt"], None), (["-"], LATIN)):
        run = cli.run("extract", "--url", "https://example.org/nota", *args, stdin=stdin)
        assert run.returncode == 0, str(run)
        assert "documentó 521 quejas" in run.stdout, str(run)


def test_check_help_shows_no_encoding_default_that_would_override_the_configuration(cli):
    run = cli.run("check", "--help")
    assert run.returncode == 0
    assert "[default: utf-8]" not in " ".join(run.stdout.split()).lower()
    assert "configuration's" in run.stdout


# --------------------------------------------------------------------------------------------
# Standard input closed (``<&-``): Python then has no sys.stdin at all
# --------------------------------------------------------------------------------------------

def run_with_stdin_closed(cli: CLI, *args: str) -> Run:
    """The console script with file descriptor 0 closed, as ``claimcheck ARGS <&-`` runs it."""
    started = time.monotonic()
    try:
        done = subprocess.run(["bash", "-c", 'exec "$0" "$@" <&-', CLAIMCHECK, *args], cwd=cli.work, env=cli.env,
                              capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"hang: claimcheck {' '.join(args)} <&- did not finish within {TIMEOUT:g} s")
    return Run(tuple(args), done.returncode, done.stdout.decode("utf-8", "replace"),
               done.stderr.decode("utf-8", "replace"), time.monotonic() - started, 0)


@pytest.mark.parametrize("command", ["check", "lint", "extract"])
def test_closed_stdin_is_one_line(cli, command):
    run = run_with_stdin_closed(cli, command, "--no-config", "-")
    assert_one_error(run, "standard input is closed")


def test_check_with_no_sentence_and_stdin_closed(cli):
    assert_one_error(run_with_stdin_closed(cli, "check", "--no-config"), "no sentences")


# --------------------------------------------------------------------------------------------
# A closed output pipe (`| head -1`): 141, as for git or cat, never 0
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["concise", "json"])
def test_closed_output_pipe_exits_141(cli, fmt):
    cli.write("many.md", "\n\n".join([CONTRADICTED] * 400) + "\n")  # far more output than a pipe holds
    cli.write("binary.md", b"\x89PNG\r\n\x00\x00")
    command = f'"$0" lint --no-config --format {fmt} many.md binary.md 2> err.txt | head -1 > /dev/null; ' \
              'echo "${PIPESTATUS[0]}"'
    done = subprocess.run(["bash", "-c", command, CLAIMCHECK], cwd=cli.work, env=cli.env, capture_output=True,
                          text=True, timeout=TIMEOUT)
    assert done.stdout == "141\n", done
    assert (cli.work / "err.txt").read_text() == ""  # no traceback, no "Broken pipe"
    whole = cli.run("lint", "--no-config", "--format", fmt, "many.md", "binary.md")
    assert whole.returncode == 2, str(whole)  # (read to the end: the binary file's error)


# --------------------------------------------------------------------------------------------
# Signals during --jobs: what CI sends when a job is cancelled (SIGINT, then SIGTERM), or two Ctrl-C
# --------------------------------------------------------------------------------------------

#: Exit status for a run whose first signal is SIGINT or SIGTERM (or death by that signal, if the
#: second one lands while the interpreter is already exiting: the shell then reports 130 or 143 too).
STATUS = {signal.SIGINT: (130, -signal.SIGINT), signal.SIGTERM: (143, -signal.SIGTERM)}


@pytest.mark.parametrize("signals", [(signal.SIGINT, signal.SIGTERM), (signal.SIGINT, signal.SIGINT),
                                     (signal.SIGTERM, signal.SIGINT), (signal.SIGINT,), (signal.SIGTERM,)],
                         ids=["INT-TERM", "INT-INT", "TERM-INT", "INT", "TERM"])
@pytest.mark.parametrize("command", ["lint", "check"])
def test_signals_end_a_jobs_run_and_its_workers(cli, command, signals):
    marker = str(cli.write("marker.toml", "# an empty configuration: its path marks this run's processes\n"))
    stop = threading.Event()
    if command == "lint":  # files that take a worker about a second each
        folder = _workload(cli.work / "docs", files=40, paragraphs=400)
        proc = cli.start("lint", "--config", marker, "--jobs", "2", "--format", "concise", str(folder))
    else:
        proc = cli.start("check", "--config", marker, "--jobs", "2", "--format", "jsonl", "-", stdin=subprocess.PIPE)
        _feed_lines_forever(proc, stop)
    seen: dict = {}
    try:
        _wait_for_workers(proc, seen, at_least=2)
        for sig in signals:  # to the parent only, as `kill` and a CI runner send them
            os.kill(proc.pid, sig)
            time.sleep(0.05)
        run = proc.wait(TIMEOUT)  # before the fix: a hang after two signals
        stop.set()
        assert run.returncode in STATUS[signals[0]], str(run)
        assert "Traceback" not in run.stderr and "Exception" not in run.stderr, str(run)
        expected = "claimcheck: interrupted\n" if signals[0] == signal.SIGINT else ""
        assert run.stderr in (expected, ""), str(run)  # (nothing, if the second signal ended it first)
        _assert_no_worker_left(seen, marker)
    finally:
        stop.set()
        if proc.result is None:
            proc.kill()
        _kill_leftovers(seen, marker)
        try:
            proc.stdin and proc.stdin.close()
        except (OSError, ValueError):
            pass
