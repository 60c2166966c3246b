"""``claimcheck validate``: every problem in the tables, as ``file:line:col: message``.

The schema (fields, types, units, hedges, periods, dates, ids unique across tables, no control
characters), figures that are not in their quotes, quotes not verbatim in ``--sources``, and the
self-check (``selfcheck.py``): each claim's statement checked against the table.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from ..model import ExitStatus, InputError
from ..text import json_safe, printable
from . import Common, settings


def _prose(text: str, path: Path) -> str:
    """A Markdown or HTML source's sentences, markup removed: where ``extract`` takes its quotes."""
    from ..documents import kind_of, segments

    return " ".join(seg.text for seg in segments(text, kind_of(path)))


def run(common: Common, sources: str | None = None, fmt: str = "text", self_check: bool = True) -> ExitStatus:
    from ..index import Table
    from ..table import parse_tables, table_paths

    if sources and not os.path.isdir(sources):
        what = "not a directory (give the folder that holds the articles)" if os.path.exists(sources) \
            else "sources directory not found"
        raise InputError(f"{sources}: {what}")
    merged, _ = settings(common)
    paths = table_paths(merged.get("tables") or None, bundled=merged.get("bundled_table", True))
    for path in paths:  # nothing to validate: could not run
        if not path.exists():
            raise InputError(f"{path}: no such table")
        if path.is_dir():
            raise InputError(f"{path}: is a directory")
    claims, problems = parse_tables(paths, sources_dir=None if sources is None else Path(sources), prose=_prose)
    if self_check and claims and not [p for p in problems if p.level == "error"]:
        from ..selfcheck import self_check as check_statements

        problems = problems + check_statements(Table(claims, [str(p) for p in paths]))
    problems.sort(key=lambda p: (p.path, p.line, p.column))
    errors = [p for p in problems if p.level == "error"]
    notes = [p for p in problems if p.level != "error"]
    shown = ", ".join(str(p) for p in paths)
    if fmt == "json":
        def row(p):
            return {"path": p.path, "line": p.line, "column": p.column, "message": p.message, "level": p.level}

        print(json_safe(json.dumps({"claims": len(claims), "problems": [row(p) for p in errors],
                                    "notes": [row(p) for p in notes]}, indent=2, ensure_ascii=False)))
    else:
        for problem in problems:
            note = problem._replace(message="note: " + problem.message) if problem.level != "error" else problem
            print(printable(str(note)))
        if errors:
            where = ", ".join(dict.fromkeys(p.path for p in errors))  # the files that have them
            print(printable(f"{len(errors)} problem{'s' if len(errors) != 1 else ''} in {where}"), file=sys.stderr)
        else:
            tail = f" ({len(notes)} note{'s' if len(notes) != 1 else ''})" if notes else ""
            print(printable(f"{shown}: {len(claims)} claim{'s' if len(claims) != 1 else ''}, no problems{tail}"),
                  file=sys.stderr)
    return ExitStatus.FINDINGS if errors else ExitStatus.OK
