"""``claimcheck list``, ``show ID`` and ``search WORDS...``: browsing the table."""

from __future__ import annotations

import difflib
import json
import sys

from ..model import Claim, ExitStatus, InputError, describe
from ..output.common import claim_dict
from ..text import json_safe, printable
from . import Common, load, settings, use_color


def _figures_text(claim: Claim) -> str:
    parts = []
    for f in claim.figures:
        text = describe(f)
        if f.label and not text.endswith(" " + f.label[0]):  # "100 miles", not "100 miles miles"
            text += " " + f.label[0]
        parts.append(text + (f" ({f.period.label()})" if f.period else ""))
    return "; ".join(parts)


def search_claims(table, query: str, limit: int = 10) -> list[tuple[Claim, float]]:
    """Claims ranked by fuzzy similarity of ``query`` to their subject, keywords, statement and quote."""
    from rapidfuzz import fuzz, process, utils

    choices = {i: " ".join((c.id.replace("-", " "), c.subject, " ".join(c.keywords), c.actor, c.place,
                            " ".join(c.aliases), c.statement, c.quote)) for i, c in enumerate(table.claims)}
    hits = process.extract(query, choices, scorer=fuzz.token_set_ratio, processor=utils.default_process,
                           limit=limit, score_cutoff=60)
    hits.sort(key=lambda h: (-h[1], h[2]))
    return [(table.claims[key], round(score / 100, 3)) for _, score, key in hits]


def _write_claims(claims, fmt: str, color: bool, scores=None) -> None:
    if fmt == "json":
        rows = [claim_dict(c) for c in claims]
        for row, score in zip(rows, scores or ()):
            row["score"] = score
        sys.stdout.write(json_safe(json.dumps(rows, indent=2, ensure_ascii=False)) + "\n")
        return
    if color:
        from rich.console import Console
        from rich.table import Table as RichTable

        grid = RichTable(header_style="bold")
        grid.add_column("id", style="cyan", no_wrap=True)
        grid.add_column("figures")
        grid.add_column("statement")
        for claim in claims:
            grid.add_row(printable(claim.id), printable(_figures_text(claim)), printable(claim.statement))
        Console(file=sys.stdout, markup=False, highlight=False).print(grid)
        return
    for claim in claims:
        sys.stdout.write("\t".join(printable(v) for v in (claim.id, _figures_text(claim), claim.statement)) + "\n")


def list_claims(common: Common, fmt: str = "text") -> ExitStatus:
    table = load(settings(common)[0])
    _write_claims(table.claims, fmt, use_color(common.color, sys.stdout))
    return ExitStatus.OK


def show(claim_id: str, common: Common, fmt: str = "text") -> ExitStatus:
    table = load(settings(common)[0])
    claim = table.get(claim_id)
    if claim is None:
        close = difflib.get_close_matches(claim_id, list(table.by_id), n=3, cutoff=0.5)
        hint = f" (did you mean {', '.join(close)}?)" if close else " (see `claimcheck list`)"
        raise InputError(f"no claim with id {printable(claim_id)!r}{hint}")
    if fmt == "json":
        sys.stdout.write(json_safe(json.dumps(claim_dict(claim), indent=2, ensure_ascii=False)) + "\n")
        return ExitStatus.OK
    source = claim.source
    rows = [("id", claim.id), ("statement", claim.statement), ("subject", claim.subject), ("actor", claim.actor),
            ("place", claim.place), ("series", claim.series), ("figures", _figures_text(claim)),
            ("quote", f"“{claim.quote}”"), ("source", f"{source.publisher}, “{source.title}”, {source.date}"),
            ("url", source.url), ("authors", ", ".join(source.authors)), ("cites", ", ".join(source.cites)),
            ("keywords", ", ".join(claim.keywords)), ("defined at", f"{claim.origin[0]}:{claim.origin[1]}")]
    for name, value in rows:
        if value:
            sys.stdout.write(printable(f"{name}: {value}") + "\n")
    return ExitStatus.OK


def search(words: list[str], common: Common, limit: int = 10, fmt: str = "text") -> ExitStatus:
    table = load(settings(common)[0])
    query = " ".join(words)
    hits = search_claims(table, query, limit)
    _write_claims([c for c, _ in hits], fmt, use_color(common.color, sys.stdout), [s for _, s in hits])
    if not hits:
        print(f"no claims match {printable(query)!r}", file=sys.stderr)
        return ExitStatus.FINDINGS
    return ExitStatus.OK
