"""``claimcheck list``, ``show ID`` and ``search WORDS...``: browsing the table."""

from __future__ import annotations

import difflib
import json
import re
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
    """Claims ranked by how well each word of ``query`` matches a word of their id, subject,
    keywords, actor, place, aliases, statement and quote: fuzzily ("deprtations"), a word's start
    ("deportacion" for "deportaciones"), accents and case aside.  Words under three letters are
    left out; a claim must match the query's words on average at 75% or better."""
    from rapidfuzz import fuzz

    from ..text import fold

    wanted = [w for w in (fold(x) for x in re.findall(r"[^\W_]+", query)) if len(w) >= 3]
    if not wanted:
        return []
    scored = []
    for i, c in enumerate(table.claims):
        text = " ".join((c.id.replace("-", " "), c.subject, " ".join(c.keywords), c.actor, c.place,
                         " ".join(c.aliases), c.statement, c.quote))
        words = {fold(x) for x in re.findall(r"[^\W_]+", text)}
        best = [max((100.0 if len(q) >= 4 and (w.startswith(q) or q.startswith(w) and len(w) >= 4)
                     else fuzz.ratio(q, w) for w in words), default=0.0) for q in wanted]
        score = sum(best) / len(best)
        if score >= 75:
            # a tie goes to the claim whose own names (id, subject, keywords, aliases) hold the words
            names = {fold(x) for x in re.findall(r"[^\W_]+", " ".join((c.id.replace("-", " "), c.subject,
                                                                        *c.keywords, *c.aliases)))}
            named = sum(1 for q in wanted if q in names) / len(wanted)
            scored.append((score, named, i))
    scored.sort(key=lambda h: (-h[0], -h[1], h[2]))
    return [(table.claims[i], round(score / 100, 3)) for score, _, i in scored[:limit]]


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
    query = " ".join(words)
    if not any(len(w) >= 3 for w in re.findall(r"[^\W_]+", query)):
        raise InputError(f"search {printable(query[:60])!r}: give at least one word of three letters or more")
    table = load(settings(common)[0])
    hits = search_claims(table, query, limit)
    _write_claims([c for c, _ in hits], fmt, use_color(common.color, sys.stdout), [s for _, s in hits])
    if not hits:
        shown = query if len(query) <= 60 else query[:57] + "..."
        print(f"no claims match {printable(shown)!r}", file=sys.stderr)
        return ExitStatus.FINDINGS
    return ExitStatus.OK
