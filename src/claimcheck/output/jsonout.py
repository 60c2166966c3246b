"""``json`` and ``jsonl``: the stable JSON forms, compact, one result or finding per line."""

from __future__ import annotations

import json

from ..text import json_safe
from .common import error_dict, finding_dict, result_dict

_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _ENCODE(value) -> str:
    return json_safe(_COMPACT(value))


def jsonl_line(result) -> str:
    """One check result as a JSON Lines line, with its newline."""
    return _ENCODE(result_dict(result)) + "\n"


def write_check_json(results, stream, lines: bool) -> None:
    if lines:
        for result in results:
            stream.write(jsonl_line(result))
    else:
        _write_list(stream, [_ENCODE(result_dict(r)) for r in results], prefix="", suffix="")
    stream.flush()


def write_lint_json(report, stream, lines: bool) -> None:
    """jsonl: one finding per line (file errors as ``{"path", "code", "message"}`` lines);
    json: ``{"version": 1, "findings": [...], "errors": [...], "summary": {...}}``, each finding
    compact on a line of its own."""
    if lines:
        for f in report.findings:
            stream.write(_ENCODE(finding_dict(f)) + "\n")
        for e in report.errors:
            stream.write(_ENCODE(error_dict(e)) + "\n")
        stream.flush()
        return
    stream.write('{\n  "version": 1,\n  "findings": ')
    _write_list(stream, [_ENCODE(finding_dict(f)) for f in report.findings], "  ", "")
    stream.write(',\n  "errors": ')
    _write_list(stream, [_ENCODE(error_dict(e)) for e in report.errors], "  ", "")
    summary = json_safe(json.dumps(report.counts, indent=2, ensure_ascii=False)).replace("\n", "\n  ")
    stream.write(f',\n  "summary": {summary}\n}}\n')
    stream.flush()


def _write_list(stream, items: list[str], prefix: str, suffix: str) -> None:
    if not items:
        stream.write("[]")
    else:
        stream.write("[\n" + ",\n".join(f"{prefix}  {item}" for item in items) + f"\n{prefix}]")
    if not prefix:
        stream.write("\n")
