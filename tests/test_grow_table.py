"""Growing the table from the articles it was built from: extracting each source article re-derives
the bundled claims (issue 18's measure), and every drafted quote is verbatim in its article.

The source articles live beside the project (../shared/sources); in a clone without them this test
cannot run, and says so.  tests/test_extract.py re-derives the claims from their quotes alone, which
needs nothing outside the repository.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.documents import kind_of, read_text, segments
from claimcheck.extract import draft_table
from claimcheck.index import load_table
from claimcheck.text import normalise_quote

SOURCES = Path(__file__).resolve().parents[2] / "shared" / "sources"


@pytest.mark.skipif(not SOURCES.is_dir(), reason="the source articles (../shared/sources) are not beside this clone")
def test_extracting_the_source_articles_re_derives_the_table():
    table = load_table(use_cache=False)
    drafts = {}
    for claim in table.claims:
        name = claim.source.file
        if name not in drafts:
            path = SOURCES / name
            text = read_text(path)
            drafts[name] = (draft_table(text, kind_of(path), str(path)),
                            normalise_quote(" ".join(s.text for s in segments(text, kind_of(path)))),
                            normalise_quote(text))
    misses = []
    for claim in table.claims:
        draft, prose, raw = drafts[claim.source.file]
        quote = normalise_quote(claim.quote)
        for figure in claim.figures:
            if not any((normalise_quote(s.quote) in quote or quote in normalise_quote(s.quote))
                       and any(abs(f.value - figure.value) < 1e-9 for f in s.figures) for s in draft.stubs):
                misses.append(f"{claim.id}: {figure.value:g}")
    derived = len(table.claims) - len({m.split(":")[0] for m in misses})
    assert derived >= 0.9 * len(table.claims), f"{derived}/{len(table.claims)} re-derived; missed {misses}"
    for draft, prose, raw in drafts.values():
        for stub in draft.stubs:  # every drafted quote is the article's own sentence
            assert normalise_quote(stub.quote) in prose or normalise_quote(stub.quote) in raw, stub.quote
