"""``concise``: ``path:line:col: verdict: message``, the column of the figure that decided."""

from __future__ import annotations

from ..text import printable
from .common import error_at, primary_reason, with_fix


def concise_line(f) -> str:
    line, column = (f.figure_at[0], f.figure_at[1]) if f.figure_at else (f.segment.line, f.segment.column)
    message = with_fix(primary_reason(f.result), f.result)
    if f.result.claim is not None:
        message += f" [{f.result.claim.id}]"
    return printable(f"{f.path}:{line}:{column}: {f.result.verdict}: {message}")


def write_lint(report, stream) -> None:
    for f in report.findings:
        stream.write(concise_line(f) + "\n")
    for e in report.errors:
        line, column, problem = error_at(e)
        stream.write(printable(f"{e.path}:{line}:{column}: error: {e.code} {problem}") + "\n")
    stream.flush()
