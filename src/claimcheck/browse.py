"""Browsing the table: ``claimcheck list``, ``show`` and ``search``."""

from __future__ import annotations

import json

from .model import Claim, describe
from .render import _claim_dict


def claim_to_dict(claim: Claim) -> dict:
    return _claim_dict(claim)


def search_claims(table, query: str, limit: int = 10) -> list[tuple[Claim, float]]:
    """Claims ranked by fuzzy similarity of ``query`` to their subject, keywords, statement and quote."""
    from rapidfuzz import fuzz, process, utils

    choices = {i: " ".join((c.id.replace("-", " "), c.subject, " ".join(c.keywords), c.actor, c.place,
                            " ".join(c.aliases), c.statement, c.quote))
               for i, c in enumerate(table.claims)}
    hits = process.extract(query, choices, scorer=fuzz.token_set_ratio, processor=utils.default_process,
                           limit=limit, score_cutoff=60)
    hits.sort(key=lambda h: (-h[1], h[2]))
    return [(table.claims[key], round(score / 100, 3)) for _, score, key in hits]


def suggest(table, claim_id: str) -> str:
    import difflib

    close = difflib.get_close_matches(claim_id, list(table.by_id), n=3, cutoff=0.5)
    return f" (did you mean {', '.join(close)}?)" if close else " (see `claimcheck list`)"


def _figures_text(claim: Claim) -> str:
    parts = []
    for f in claim.figures:
        text = describe(f)
        if f.label:
            text += " " + f.label[0]
        if f.period:
            text += f" ({f.period.label()})"
        parts.append(text)
    return "; ".join(parts)


def write_claims(claims: list[Claim], fmt: str, stream, color: bool, scores: list[float] | None = None) -> None:
    if fmt == "json":
        rows = [claim_to_dict(c) for c in claims]
        if scores is not None:
            for row, score in zip(rows, scores):
                row["score"] = score
        json.dump(rows, stream, indent=2, ensure_ascii=False)
        stream.write("\n")
        return
    if color:
        from rich.console import Console
        from rich.table import Table

        table = Table(show_lines=False, header_style="bold")
        table.add_column("id", style="cyan", no_wrap=True)
        table.add_column("figures")
        table.add_column("statement")
        for claim in claims:
            table.add_row(claim.id, _figures_text(claim), claim.statement)
        Console(file=stream).print(table)
        return
    for claim in claims:
        stream.write(f"{claim.id}\t{_figures_text(claim)}\t{claim.statement}\n")


def write_claim(claim: Claim, fmt: str, stream, color: bool) -> None:
    if fmt == "json":
        json.dump(claim_to_dict(claim), stream, indent=2, ensure_ascii=False)
        stream.write("\n")
        return
    source = claim.source
    lines = [
        ("id", claim.id), ("statement", claim.statement), ("subject", claim.subject),
        ("actor", claim.actor), ("place", claim.place), ("series", claim.series),
        ("figures", _figures_text(claim)), ("quote", f"“{claim.quote}”"),
        ("source", f"{source.publisher}, “{source.title}”, {source.date}"), ("url", source.url),
        ("authors", ", ".join(source.authors)), ("cites", ", ".join(source.cites)),
        ("keywords", ", ".join(claim.keywords)), ("defined at", f"{claim.origin[0]}:{claim.origin[1]}"),
    ]
    if color:
        from rich.console import Console
        from rich.text import Text

        console = Console(file=stream)
        for name, value in lines:
            if value:
                console.print(Text.assemble((f"{name:>10}  ", "bold"), value))
        return
    for name, value in lines:
        if value:
            stream.write(f"{name}: {value}\n")
