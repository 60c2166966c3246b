"""The commands, one module each: each takes plain values from the command line and returns an
``ExitStatus``.  ``cli.py`` only declares the options.

This module holds what they share: the settings in effect (configuration merged with the command
line), the table those settings name, and how colour is decided.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NamedTuple

from .. import config as configuration
from ..model import InputError


class Common(NamedTuple):
    """The options every command takes."""

    tables: tuple[str, ...] = ()
    bundled: bool | None = None  # None: as the configuration says (default true)
    config: str | None = None
    no_config: bool = False
    color: str = "auto"


def settings(common: Common, cli: dict | None = None) -> tuple[dict, Path | None]:
    """The configuration (found upward from the working directory, or ``--config``), overridden by
    every command-line value that is given; and the configuration file's path."""
    found: dict = {}
    path = None
    if common.no_config and common.config:
        raise InputError(f"--config {common.config} and --no-config contradict each other; give one")
    if not common.no_config:
        if common.config:
            path = Path(common.config)
            found = configuration.load_config(path)
        else:
            found, path = configuration.find_config(Path.cwd())
    merged = configuration.merge(found, cli or {})
    tables = [str(t) for t in found.get("tables", [])] + list(common.tables)
    merged["tables"] = tables
    merged["bundled_table"] = found.get("bundled_table", True) if common.bundled is None else common.bundled
    return merged, path


def load(merged: dict):
    """The table the settings name: the bundled table (unless turned off), then the rest."""
    from ..index import load_table

    return load_table(merged.get("tables") or None, bundled=merged.get("bundled_table", True))


def use_color(choice: str, stream) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return hasattr(stream, "isatty") and stream.isatty() and os.environ.get("TERM") != "dumb"


def fails(verdict: str, fail_on: str) -> bool:
    from ..model import SEVERITY

    return SEVERITY[verdict] >= SEVERITY[fail_on]


def jobs_of(value: int | None, default: int = 1) -> int:
    """``--jobs``: processes (0: one per CPU); at most ``lint.MAX_JOBS``."""
    from ..lint import MAX_JOBS

    if value is None:
        value = default
    if value < 0 or value > MAX_JOBS:
        raise InputError(f"--jobs {value}: give 0 (one per CPU) to {MAX_JOBS}")
    return value or min(os.cpu_count() or 1, MAX_JOBS)


def stdin_bytes(instead: str):
    """Standard input as a binary stream; ``InputError`` when it is closed (``<&-``), with what to
    do ``instead``."""
    stream = sys.stdin
    if stream is None or getattr(stream, "closed", False):
        raise InputError(f"standard input is closed: pipe the input in, or {instead}")
    return getattr(stream, "buffer", stream)


def warn(message: str) -> None:
    from ..text import printable

    print(f"claimcheck: warning: {printable(message)}", file=sys.stderr)


class Output:
    """Where a command writes: stdout, or ``--output-file`` (written whole, atomically, at the end)."""

    def __init__(self, path: str | None):
        import io

        self.path = None if path == "-" else path  # "-o -": standard output, as the convention goes
        self.stream = io.StringIO() if self.path else sys.stdout

    def close(self) -> None:
        if self.path:
            from ..files import write_atomically

            write_atomically(self.path, [self.stream.getvalue().encode("utf-8")])  # InputError naming the path
        else:
            self.stream.flush()
