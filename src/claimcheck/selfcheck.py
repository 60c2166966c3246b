"""``validate``'s self-check: every claim's own statement must check as supported with that claim,
and no two claims may answer the same sentence with different figures.

A statement that claimcheck contradicts or cannot check means the claim's figures, period or
words do not say what its statement says: an editor's slip, or a gap the claim's keywords and
aliases should close.  Two claims that answer one sentence differently (the statement of one is
contradicted by the other when the first is left out) make every verdict on that sentence depend
on which of them wins.
"""

from __future__ import annotations

from .index import Table
from .model import CONTRADICTED, SUPPORTED, Problem
from .text import squeeze
from .verdict import check

#: Past this many claims the self-check is skipped (it checks every statement twice).
MAX_CLAIMS = 20_000


def self_check(table: Table) -> list[Problem]:
    problems: list[Problem] = []
    if len(table) > MAX_CLAIMS:
        return [Problem(table.paths[-1] if table.paths else "", 0, 0,
                        f"self-check skipped: {len(table):,} claims (it runs up to {MAX_CLAIMS:,})", "note")]
    for i, claim in enumerate(table.claims):
        path, line, column = claim.origin
        where = f"claim {claim.id!r}"
        if claim.draft:
            problems.append(Problem(path, line, column, f"{where}: drafted by `claimcheck extract`; review its "
                                                        f"figures and words, then remove `draft: true`", "note"))
        # as check and lint see the table: without the drafts, but for a draft its own words
        result = check(claim.statement, table, without=table.drafts - {i})
        own = result.claim is not None and result.claim.id == claim.id
        if result.verdict != SUPPORTED or not own:
            reason = squeeze(result.reasons[0]) if result.reasons else ""
            if result.verdict == SUPPORTED:
                got = f"supported, but by claim {result.claim.id!r}"
            else:
                got = result.verdict
            problems.append(Problem(path, line, column,
                                    f"{where}: its statement checks as {got}: {reason}; make the statement, "
                                    f"figures, period and keywords say the same thing"))
            continue
        rival = check(claim.statement, table, without=table.drafts | {i})
        if rival.verdict == CONTRADICTED and rival.claim is not None:
            reason = squeeze(rival.reasons[0]) if rival.reasons else ""
            other = rival.claim
            problems.append(Problem(path, line, column,
                                    f"{where} is ambiguous with claim {other.id!r} "
                                    f"({other.origin[0]}:{other.origin[1]}): they answer the statement with "
                                    f"different figures ({reason}); give them distinct keywords, periods or labels"))
    return problems
