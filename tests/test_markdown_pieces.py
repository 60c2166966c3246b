"""A long Markdown document is parsed a piece at a time (``documents.markdown_cuts``,
``markdown_piece``, ``join_pieces``): the sentences must be exactly those of parsing it whole.

Every comparison below runs ``segments`` with ``MARKDOWN_PIECE`` so small that the document is cut
at every place ``_CUT_RE`` allows, against ``segments`` with the document in one piece.  The inputs
are the fixtures, the source articles, synthetic drafts, documents made to put an open block
(fence, HTML comment, <pre>, front matter) across a cut, and generated documents.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimcheck import documents
from claimcheck.documents import markdown_cuts, markdown_piece, read_text, segments

ROOT = Path(__file__).resolve().parent.parent
SOURCES = Path("/work/shared/sources")
WHOLE = 10**9


def rows(text: str, figures_only: bool = False) -> list[tuple]:
    return [tuple(s) for s in segments(text, "markdown", figures_only=figures_only)]


def assert_pieces_agree(text: str, monkeypatch, sizes=(1, 40)) -> None:
    for figures_only in (False, True):
        monkeypatch.setattr(documents, "MARKDOWN_PIECE", WHOLE)
        whole = rows(text, figures_only)
        for size in sizes:
            monkeypatch.setattr(documents, "MARKDOWN_PIECE", size)
            assert rows(text, figures_only) == whole, (size, figures_only)


P = "The INM deported 80,353 people in 2017. It was up 20 percent."


def _doc(*blocks: str) -> str:
    return "\n\n".join(blocks) + "\n"


# Each holds a block that stays open across blank lines and a line a cut could be made before.
OPEN_ACROSS = {
    "fence": _doc(P, "```\ncode 1\n\nInside the fence 2018 was 5.\n\nStill code 7.\n```", P, "After 2019 it was 9."),
    "tilde-fence": _doc(P, "~~~~\n\nNot prose 2018 was 5.\n~~~\n\nStill 6.\n~~~~", P),
    "unclosed-fence": _doc(P, "```", "Code to the end 2018 was 5.", "More code 6."),
    "html-comment": _doc(P, "<!-- a comment\n\nHidden 2018 was 5.\n\n-->", P),
    "pre": _doc(P, "<pre>\n\nPreformatted 2018 was 5.\n\n</pre>", P),
    "script": _doc(P, "<script>\n\nvar x = 5;\n\nSay 2018.\n</script>", P),
    "processing": _doc(P, "<?php\n\nEcho 2018 was 5.\n\n?>", P),
    "cdata": _doc(P, "<![CDATA[\n\nData 2018 was 5.\n\n]]>", P),
    "list-fence": _doc(P, "- item 2017 was 4.\n\n  ```\n  code\n\n  in list 5\n  ```", "Para 2018 was 5.", P),
    "list-open-fence": _doc(P, "- item\n\n  ```\n  code 3", "Para ends the item 2018 was 5.", P),
    "quote-fence": _doc(P, "> ```\n> code", "Para 2018 was 5.", P),
    "yaml-front-matter": "---\ntitle: x\n\nsummary: 2018 was 5\n\nmore: 6\n---\n\n" + _doc(P, "Then 2019 was 7."),
    "toml-front-matter": "+++\ntitle = 'x'\n\nsummary = '2018 was 5'\n+++\n\n" + _doc(P, "Then 2019 was 7."),
    "hr-not-front-matter": "---\n\nPara 2018 was 5.\n\n" + _doc(P),
    "lazy-html": _doc(P, "<div>\nblock 2018 was 5\n</div>", "Para 2019 was 6.", P),
    "indented-code": _doc(P, "    code 2018 was 5\n\n    more 6", "Para 2019 was 7."),
    "setext": _doc(P, "Title 2018 was 5\n=====", "Sub 2019\n---", P),
    "table": _doc(P, "| a | b |\n| - | - |\n| 2018 | 5 |", "Para 2019 was 7."),
    "references": _doc(P, "See [the report][r] of 2018, 5 of them.", "[r]: https://example.org", P),
    "crlf": _doc(P, "```", "code 5", "```", "Para 2018 was 5.", P).replace("\n", "\r\n"),
    "crlf-lazy-continuation": "- item 2017 was 4\r\nLazy 2018 was 5.\r\n\r\nPara 2019 was 6.\r\n",
    "cr-lazy-continuation": "> quote 2017 was 4\rLazy 2018 was 5.\r\rPara 2019 was 6.\r",
    "cr": _doc(P, "Para 2018 was 5.", P).replace("\n", "\r"),
    "bom": "\ufeff" + _doc(P, "Para 2018 was 5.", P),
    "bom-front-matter": "\ufeff---\na: 1\n\nb: 2\n---\n" + _doc(P, "Para 2018 was 5."),
    "nul": _doc(P, "Para\0 2018 was 5.", P),
    "spaces-blank-line": (P + "\n   \t\nPara 2018 was 5.\n \n" + P + "\n"),
    "no-final-newline": _doc(P, "Para 2018 was 5.", P).rstrip("\n"),
    "heading-cut": _doc(P, "# Heading 2018 was 5", "## Another 6", P),
    "unicode-letter-cut": _doc(P, "Ésta 2018 fue 5.", "Ñandú 2019 fue 6.", P),
}

DIRECTIVES = {
    "disable-across": _doc(P, "<!-- claimcheck-disable -->", P, "Para 2018 was 5.", P,
                           "<!-- claimcheck-enable -->", "After 2019 it was 9."),
    "disable-to-end": _doc(P, "<!-- claimcheck-disable -->", P, "Para 2018 was 5."),
    "next-line": _doc(P, "<!-- claimcheck-disable-next-line -->", "", "Para 2018 was 5.", P),
    "inline-directive": _doc(P, "Para 2018 <!-- claimcheck-disable --> was 5.", P,
                             "End <!-- claimcheck-enable --> 2019 was 6."),
}


@pytest.mark.parametrize("name", sorted(OPEN_ACROSS))
def test_open_blocks_across_a_cut(name, monkeypatch):
    assert_pieces_agree(OPEN_ACROSS[name], monkeypatch, sizes=(1, 5, 20, 60))


@pytest.mark.parametrize("name", sorted(DIRECTIVES))
def test_silencing_comments_across_pieces(name, monkeypatch):
    assert_pieces_agree(DIRECTIVES[name], monkeypatch, sizes=(1, 5, 20, 60))


def test_the_comparison_can_fail(monkeypatch):
    """Cutting inside a fence without the check gives other sentences: the check is needed."""
    text = OPEN_ACROSS["fence"]
    monkeypatch.setattr(documents, "MARKDOWN_PIECE", WHOLE)
    whole = rows(text)
    monkeypatch.setattr(documents, "MARKDOWN_PIECE", 1)
    real = documents._markdown

    def never_open(*args):
        real(*args)
        return True

    monkeypatch.setattr(documents, "_markdown", never_open)
    assert rows(text) != whole


def test_cuts_fall_at_line_starts_after_a_blank_line(monkeypatch):
    monkeypatch.setattr(documents, "MARKDOWN_PIECE", 1)
    text = _doc(P, "- a list 1", "Para 2018 was 5.", "# Head", "  indented", "1. numbered", "> quote", P)
    cuts = markdown_cuts(text)
    assert cuts[0] == 0 and len(cuts) > 2
    for cut in cuts[1:]:
        assert text[cut - 1] == "\n" and text[:cut].rstrip(" \t").endswith("\n\n")
        assert text[cut].isalpha() or text[cut] == "#"
    assert all(text[cut:].split("\n")[0] not in ("- a list 1", "  indented", "1. numbered", "> quote")
               for cut in cuts)


def test_short_documents_and_references_are_one_piece(monkeypatch):
    monkeypatch.setattr(documents, "MARKDOWN_PIECE", 64 * 1024)
    long = _doc(*[P] * 4000)
    assert len(long) > 2 * 64 * 1024 and len(markdown_cuts(long)) > 1
    assert markdown_cuts(long[: 64 * 1024]) == [0]
    assert markdown_cuts(long + "\n[r]: https://example.org\n") == [0]


def test_a_piece_says_when_a_block_may_be_open_at_its_end():
    """A piece ends with a blank line (where it was cut); a block running to its end may go on."""
    size = 1000

    def closed(text: str) -> bool:
        return markdown_piece(text + "\n", 0, 0, size, False).closed

    assert closed(_doc(P, "```", "code")) is False
    assert closed(_doc(P, "```\ncode\n```")) is True
    assert closed(_doc(P, "<!-- open")) is False
    assert closed(_doc(P, "<!-- open -->")) is True
    assert closed(_doc(P, "<pre>", "x")) is False
    assert closed("---\ntitle: x\n") is False
    assert closed("---\ntitle: x\n---\n") is True
    assert closed("+++\ntitle = 'x'\n") is False
    assert closed(_doc(P, "- item")) is True
    assert closed(_doc(P, "- item\n\n  ```\n  code")) is False  # safe: only slower


def test_piece_positions_are_the_documents():
    text = _doc(P, "Para 2018 was 5.", P)
    start = text.index("Para")
    line = text[:start].count("\n")
    piece = markdown_piece(text[start:], start, line, len(text), False)
    whole = [s for s in segments(text, "markdown") if s.offset >= start]
    assert piece.segments == whole
    assert piece.segments[0].line == 3 and piece.segments[0].offset == start


def test_fixtures_and_sources(monkeypatch):
    files = [p for p in (ROOT / "tests" / "fixtures").rglob("*") if p.is_file()]
    files += sorted(SOURCES.glob("*.txt")) if SOURCES.is_dir() else []
    assert files
    for path in files:
        assert_pieces_agree(read_text(path), monkeypatch, sizes=(1, 300))


def test_synthetic_drafts(monkeypatch):
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import synthetic_table as syn
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    from claimcheck.table import load_table

    claims = load_table([str(ROOT / "data" / "claims.yaml")]).claims
    for seed in (11, 12):
        draft = syn.markdown_document(claims, 30_000, seed=seed)
        monkeypatch.setattr(documents, "MARKDOWN_PIECE", 1)
        assert len(markdown_cuts(draft)) > 50
        assert_pieces_agree(draft, monkeypatch, sizes=(1, 2000))


_BLOCKS = sorted(set(OPEN_ACROSS.values()) | set(DIRECTIVES.values())) + [
    "```", "~~~", "<!--", "-->", "<pre>", "</pre>", "---", "+++", "- item 2018 was 5", "  indented 6",
    "> quote 7", "    code 8", "<div>", "Para 2018 was 5.", "# Head 9", "", "\t", P,
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(_BLOCKS), max_size=14), st.sampled_from(["\n", "\n\n", "\r\n"]),
       st.integers(1, 80))
def test_generated_documents(monkeypatch, blocks, joiner, size):
    text = joiner.join(blocks)
    assert_pieces_agree(text, monkeypatch, sizes=(1, size))


def test_shuffled_fixture_blocks(monkeypatch):
    """Blocks of the fixtures and of the cases above in random orders, so that opening and closing
    markers meet in ways nobody wrote down."""
    blocks = []
    for path in (ROOT / "tests" / "fixtures").rglob("*.md"):
        blocks += read_text(path).split("\n\n")
    blocks += _BLOCKS
    rng = random.Random(7)
    for _ in range(40):
        assert_pieces_agree("\n\n".join(rng.choices(blocks, k=30)), monkeypatch, sizes=(1, 50))
