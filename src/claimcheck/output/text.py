"""``text``: output for people.  The verdict and the part that failed first, the sentence with the
deciding figure marked, the source's figure as a fix, the quote wrapped and indented, each source
once per file (``[1]``), unverified findings on one line, and a one-line summary.

Colour (rich) on a terminal; plain text, the same words, when piped.  Everything from a table or a
document goes through ``text.printable``: no control character reaches the terminal.
"""

from __future__ import annotations

import io
import os
import textwrap

from ..model import CONTRADICTED, SUPPORTED, UNVERIFIED
from ..text import no_workflow_commands, printable, squeeze
from .common import leading_reasons, source_line, suggestion, summary_line

_STYLE = {SUPPORTED: "bold green", CONTRADICTED: "bold red", UNVERIFIED: "yellow"}
WIDTH = 100


class _Lines:
    """Lines of (text, style) pieces; ``indent`` is repeated on wrapped continuation lines."""

    def __init__(self) -> None:
        self.lines: list[tuple[str, list[tuple[str, str | None]]]] = []

    def add(self, indent: str, *pieces: tuple[str, str | None]) -> None:
        self.lines.append((indent, [(printable(t), s) for t, s in pieces if t]))

    def blank(self) -> None:
        self.lines.append(("", []))

    def write(self, stream, color: bool) -> None:
        """Wrapped (by rich, in colour), and never a line a CI runner reads as a workflow command."""
        out = io.StringIO()
        if not color:
            for indent, pieces in self.lines:
                text = "".join(t for t, _ in pieces)
                if not text:
                    out.write("\n")
                    continue
                wrapped = textwrap.wrap(text, width=max(40, WIDTH - len(indent)), break_long_words=False,
                                        break_on_hyphens=False) or [""]
                out.write("\n".join(indent + line for line in wrapped) + "\n")
        else:
            from rich.console import Console
            from rich.padding import Padding
            from rich.text import Text

            console = Console(file=out, force_terminal=True, color_system="standard", highlight=False,
                              markup=False, emoji=False, width=terminal_width())
            for indent, pieces in self.lines:
                text = Text()
                for piece, style in pieces:
                    text.append(piece, style=style or "")
                console.print(Padding(text, (0, 0, 0, len(indent))) if indent else text)
        stream.write(no_workflow_commands(out.getvalue()))
        stream.flush()


def _marked_sentence(result) -> list[tuple[str, str | None]]:
    """The sentence, with the figure that decided the verdict in the verdict's style."""
    text = result.text.translate(_SPACES)
    marks = [(fr.figure.start, fr.figure.end, fr.verdict) for fr in result.figures
             if fr.verdict == result.verdict and 0 <= fr.figure.start < fr.figure.end <= len(text)]
    pieces, at = [], 0
    for start, end, verdict in sorted(marks):
        if start < at:
            continue
        pieces.append((text[at:start], None))
        pieces.append((text[start:end], _STYLE[verdict] + " underline"))
        at = end
    pieces.append((text[at:], None))
    return pieces


_SPACES = str.maketrans({"\n": " ", "\r": " ", "\t": " "})


def _quote(result) -> list[tuple[str, str | None]]:
    return [("quote: ", "dim"), ("“" + squeeze(result.claim.quote) + "”", None)]


# --------------------------------------------------------------------------- check

def write_check(results, stream, color: bool) -> None:
    out = _Lines()
    for k, r in enumerate(results):
        if k:
            out.blank()
        out.add("", (r.verdict, _STYLE[r.verdict]), (": ", None), *_marked_sentence(r))
        for reason in leading_reasons(r):
            out.add("  ", (squeeze(reason), None))
        fix = suggestion(r)
        if fix is not None:
            out.add("  ", ("fix: ", "dim"), (f"source says {fix['replacement']}", "bold"))
        for note in r.notes:
            out.add("  ", ("note: ", "dim"), (note, None))
        claim = r.claim
        if claim is not None and r.verdict != UNVERIFIED:
            out.add("  ", *_quote(r))
            out.add("  ", ("source: ", "dim"), (source_line(claim.source), "cyan"))
            if claim.source.cites:
                out.add("  ", ("cites: ", "dim"), ("; ".join(claim.source.cites), None))
        if claim is not None:
            out.add("  ", ("claim: ", "dim"), (claim.id, None))
        for alt, score in r.alternatives:
            out.add("  ", ("alternative: ", "dim"), (f"{alt.id} (score {round(float(score), 3)})", None))
    out.write(stream, color)


# --------------------------------------------------------------------------- lint

def write_lint(report, stream, color: bool) -> None:
    out = _Lines()
    groups: dict[str, list] = {}
    for f in report.findings:
        groups.setdefault(f.path, []).append(f)
    for path, items in groups.items():
        if out.lines:
            out.blank()
        out.add("", (path, "bold underline"))
        sources: list = []
        for f in items:
            r = f.result
            line, column = (f.figure_at[0], f.figure_at[1]) if f.figure_at else (f.segment.line, f.segment.column)
            position = f"{line}:{column}".ljust(8)
            head = squeeze(leading_reasons(r)[0]) if leading_reasons(r) else r.verdict
            if r.verdict == UNVERIFIED:  # compact: one line
                out.add("  ", (position, "dim"), (r.verdict.ljust(13), _STYLE[r.verdict]), (head, None),
                        ("  “" + _clip(f.segment.text) + "”", "dim"))
                continue
            cited = ""
            if r.claim is not None:
                source = r.claim.source._replace(cites=())  # one article, whatever originals a claim cites
                if source not in sources:
                    sources.append(source)
                cited = f" [{sources.index(source) + 1}]"
            out.add("  ", (position, "dim"), (r.verdict.ljust(13), _STYLE[r.verdict]), (head, None), (cited, "dim"))
            out.add("  " + " " * 8, *_marked_sentence(r))
            fix = suggestion(r)
            if fix is not None:
                out.add("  " + " " * 8, ("fix: ", "dim"), (f"source says {fix['replacement']}", "bold"))
            for reason in leading_reasons(r)[1:]:
                out.add("  " + " " * 8, (squeeze(reason), "dim"))
            for note in r.notes:
                out.add("  " + " " * 8, ("note: ", "dim"), (note, None))
            if r.claim is not None:
                out.add("  " + " " * 8, *_quote(r), (f"  ({r.claim.id})", "dim"))
        if sources:  # (--quiet drops the summary, never what the [n] markers point at)
            for k, source in enumerate(sources, 1):
                out.add("  ", (f"[{k}] ", "dim"), (source_line(source), "cyan"))
    for e in report.errors:
        if out.lines:
            out.blank()
        out.add("", (e.path, "bold underline"))
        out.add("  ", ("error".ljust(13), "bold red"), (f"{e.code} {e.message}", None))
    if not report.quiet:
        if out.lines:
            out.blank()
        out.add("", (summary_line(report.counts, len(report.errors)), "bold"))
    out.write(stream, color)


def _clip(text: str, size: int = 70) -> str:
    text = squeeze(text)
    return text if len(text) <= size else text[:size - 1].rstrip() + "…"


def terminal_width() -> int:
    try:
        return os.get_terminal_size().columns
    except OSError:
        return WIDTH
