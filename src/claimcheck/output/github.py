"""``github``: GitHub Actions workflow commands, one annotation per finding, at the figure."""

from __future__ import annotations

from ..model import CONTRADICTED, SUPPORTED, UNVERIFIED
from ..text import printable
from .common import error_at, finding_message, summary_line

_COMMAND = {CONTRADICTED: "error", UNVERIFIED: "warning", SUPPORTED: "notice"}


def escape_data(text: str) -> str:
    """Escape a workflow command's message (GitHub's ``escapeData``)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value (GitHub's ``escapeProperty``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, props: list[tuple[str, object]], message: str) -> str:
    """A workflow command line.  Newlines and carriage returns take GitHub's own escapes (so
    ``file=`` still names the file); any other control character is shown as ``\\xNN``."""
    joined = ",".join(f"{k}={printable(escape_property(str(v)))}" for k, v in props)
    return f"::{name} {joined}::{printable(escape_data(message))}"


def github_line(f) -> str:
    """One ``::error``/``::warning``/``::notice`` command for a finding, its columns the figure's."""
    seg, verdict = f.segment, f.result.verdict
    line, col, end_line, end_col = f.figure_at or (seg.line, seg.column, seg.end_line, seg.end_column)
    props = [("file", f.path), ("line", line), ("col", col), ("endLine", end_line), ("endColumn", end_col + 1),
             ("title", f"claimcheck: {verdict}" + (f" ({f.result.claim.id})" if f.result.claim else ""))]
    return command(_COMMAND.get(verdict, "warning"), props, finding_message(f.result))


def write_lint(report, stream) -> None:
    for f in report.findings:
        stream.write(github_line(f) + "\n")
    for e in report.errors:
        line, column, problem = error_at(e)
        stream.write(command("error", [("file", e.path), ("line", line), ("col", column),
                                       ("title", f"claimcheck: {e.code}")], problem) + "\n")
    if not report.quiet:
        stream.write(escape_data(summary_line(report.counts, len(report.errors))) + "\n")
    stream.flush()
