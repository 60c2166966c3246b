"""Running claimcheck from tests, one way for every test module: in a process of its own (the bytes a
pipe or a CI log receives) or through ``cli.main()`` in this process (much faster), both with the
user's table and colour settings removed from the environment."""

from __future__ import annotations

import contextlib
import io
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

#: Settings of the user's shell that would change what claimcheck does or prints.
USER_SETTINGS = ("CLAIMCHECK_TABLE", "CLAIMCHECK_NO_CACHE", "FORCE_COLOR", "NO_COLOR")


@dataclass
class Run:
    """One finished command: its exit status and what it wrote."""

    returncode: int
    stdout: str
    stderr: str


def clean_env(extra: dict | None = None, *, base: dict | None = None, no_color: bool = True) -> dict:
    """``base`` (default: this process's environment) without ``USER_SETTINGS``, with ``NO_COLOR=1``
    unless ``no_color`` is false, then ``extra``."""
    env = {k: v for k, v in (os.environ if base is None else base).items() if k not in USER_SETTINGS}
    if no_color:
        env["NO_COLOR"] = "1"
    env.update(extra or {})
    return env


def _stdin_bytes(stdin: str | bytes | None) -> bytes:
    return stdin.encode("utf-8") if isinstance(stdin, str) else (stdin or b"")


def run_process(*args: str, cwd: Path | None = None, stdin: str | bytes | None = None, env: dict | None = None,
                no_color: bool = True, timeout: float = 120) -> Run:
    """``python -m claimcheck ARGS`` in a process of its own; output decoded as UTF-8 (undecodable
    bytes kept as surrogate escapes, so a test can see them)."""
    done = subprocess.run([sys.executable, "-m", "claimcheck", *args], input=_stdin_bytes(stdin),
                          capture_output=True, cwd=cwd, env=clean_env(env, no_color=no_color), timeout=timeout)
    return Run(done.returncode, done.stdout.decode("utf-8", "surrogateescape"),
               done.stderr.decode("utf-8", "surrogateescape"))


def run_in_process(*args: str, cwd: Path, stdin: str | bytes | None = None, env: dict | None = None,
                   no_color: bool = True) -> Run:
    """The same command line through ``cli.main()`` in this process (exit status and all); argv,
    stdin, the working directory, the environment and the SIGTERM handler are put back after."""
    from claimcheck import cli

    out, err = io.BytesIO(), io.BytesIO()
    stdout = io.TextIOWrapper(out, encoding="utf-8", errors="surrogateescape", write_through=True)
    stderr = io.TextIOWrapper(err, encoding="utf-8", errors="surrogateescape", write_through=True)
    saved = (sys.argv, sys.stdin, os.getcwd(), signal.getsignal(signal.SIGTERM), dict(os.environ))
    sys.argv = ["claimcheck", *args]
    sys.stdin = io.TextIOWrapper(io.BytesIO(_stdin_bytes(stdin)), encoding="utf-8")
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(clean_env(env, base=saved[4], no_color=no_color))
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                cli.main()
                code: int | str = "main() returned without sys.exit"
            except SystemExit as done:
                code = 0 if done.code is None else done.code
            stdout.flush()
            stderr.flush()
    finally:
        sys.argv, sys.stdin = saved[0], saved[1]
        os.chdir(saved[2])
        signal.signal(signal.SIGTERM, saved[3])
        os.environ.clear()
        os.environ.update(saved[4])
    return Run(code, out.getvalue().decode("utf-8", "surrogateescape"),
               err.getvalue().decode("utf-8", "surrogateescape"))


def club_table(*, keywords: str = "season tickets, tickets, abonos", label: bool = True,
               quote: str = '"The club sold 80,353 season tickets in 2017."', header: str = "") -> str:
    """A one-claim table on another topic (a football club sold 80,353 season tickets in 2017), as
    YAML text that a test may edit; ``quote`` is written as given (a quoted scalar or a block)."""
    label_line = "        label: [season tickets, tickets]\n" if label else ""
    return f"""\
{header}version: 1
sources:
  club-2018:
    publisher: Club Gazette
    title: "Season ticket sales"
    authors: []
    date: "2018-01-10"
    url: https://example.org/club/2018
claims:
  - id: club-season-tickets-2017
    statement: The football club sold 80,353 season tickets in 2017.
    subject: season tickets
    actor: football club
    keywords: [{keywords}]
    figures:
      - value: 80353
        unit: count
        period: "2017"
{label_line}    quote: {quote}
    source: club-2018
"""


#: A one-claim table on the beat (Mexico deported 80,353 people in 2017), as YAML text.
DEPORTATIONS_TABLE = """\
version: 1
sources:
  s1:
    publisher: Example News
    title: A title
    date: "2018-04-05"
    url: https://example.org/a
claims:
  - id: deportations-2017
    statement: Mexico deported 80,353 people in 2017.
    subject: deportations
    place: Mexico
    keywords: [deported, deportaciones]
    figures:
      - value: 80353
        unit: people
        period: "2017"
    quote: "Mexico deported a total of 80,353 people in 2017."
    source: s1
"""
