"""The Markdown inline fast path (``documents._INLINE_MARKUP_RE``) against markdown-it's inline parse.

``documents._markdown`` parses a block's inline content only when it holds a character some enabled
inline rule starts at, or a line break; otherwise it takes the content as one text token, which is
what markdown-it's inline parser makes of it.  Every test here compares the two on whole documents:
``segments`` as it runs, against ``segments`` with every inline block parsed (the pattern swapped
for one that matches everything), field by field.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimcheck import documents
from claimcheck.documents import DocumentError, read_text, segments

from test_segment_fastpath import FIXTURES, _fixture_files, _source_files, _synthetic_drafts, as_rows, first_difference

#: Matches every content: each inline block goes through markdown-it's inline parser.
_ALWAYS = re.compile("")
#: Matches no content: each inline block is taken as plain text (wrong; see the last test).
_NEVER = re.compile(r"(?!)")


def parsed_everywhere(text: str, figures_only: bool) -> list[tuple]:
    fast = documents._INLINE_MARKUP_RE
    documents._INLINE_MARKUP_RE = _ALWAYS
    try:
        return as_rows(segments(text, "markdown", figures_only=figures_only))
    finally:
        documents._INLINE_MARKUP_RE = fast


def assert_same_as_parsed(text: str) -> None:
    for figures_only in (False, True):
        expected = parsed_everywhere(text, figures_only)
        got = as_rows(segments(text, "markdown", figures_only=figures_only))
        if got != expected:
            diff = first_difference(got, expected)
            pytest.fail(f"figures_only={figures_only}: sentence {diff} differs:\n"
                        f"  fast path:    {got[diff] if diff < len(got) else None}\n"
                        f"  inline parse: {expected[diff] if diff < len(expected) else None}")


def test_the_pattern_covers_every_enabled_inline_rule():
    """If a rule is enabled (strikethrough, say), the characters it starts at must join the pattern."""
    rules = documents._markdown_parser().get_active_rules()
    assert rules["core"] == ["normalize", "block"]  # "inline" runs in _markdown, when needed
    assert rules["inline"] == ["text", "newline", "escape", "backticks", "emphasis", "link", "image", "autolink",
                               "html_inline", "entity"]
    assert rules["inline2"] == ["balance_pairs", "emphasis", "fragments_join"]  # (no text of their own)
    for ch in "`*_\\&<[]!\n":
        assert documents._INLINE_MARKUP_RE.search(f"a{ch}b")
    for plain in ("In 2017, Mexico deported 80,353 people (INM).", "Según el INM, 160.706 personas: 45% más",
                  "$88 million; 3 > 2 | x # y ~ z {w} ^ = + - % @ ' \""):
        assert documents._INLINE_MARKUP_RE.search(plain) is None


@pytest.mark.parametrize("path", [p for p in _fixture_files() if p.suffix in (".md", ".markdown", ".txt")],
                         ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fixture_files(path):
    try:
        text = read_text(path)
    except DocumentError:
        pytest.skip("not text")
    assert_same_as_parsed(text)


@pytest.mark.skipif(not _source_files(), reason="shared sources not present")
def test_source_articles():
    for path in _source_files():
        assert_same_as_parsed(read_text(path))


def test_synthetic_drafts():
    for draft in _synthetic_drafts():
        assert_same_as_parsed(draft)


_INLINE = st.sampled_from([
    "In 2017", "80,353 people", "*about* 80,000", "**INM**", "_y_", "`code 5`", "``a ` b``", "[the source](https://x.org)",
    "[ref]", "[ref][]", "![chart 2019](a.png)", "<https://x.org/5>", "<b>5</b>", "&amp;", "&#35;5", "\\*", "\\",
    "5 \\[x\\]", "<!-- claimcheck-disable-next-line -->", "$88 million", "45%", "x # 2", "~5~", "a|b", "(INM)",
    "Dr. Smith", "3.5", ".", "!", "?", "[", "]", "*", "_", "`", "<", "&", "\u00a0", "é", "—",
])
_GAP = st.sampled_from([" ", " ", "", "\n", "  \n", "\t", " \\\n"])
_LINE = st.lists(st.tuples(_INLINE, _GAP), max_size=16).map(lambda pairs: "".join(a + b for a, b in pairs))
_PREFIX = st.sampled_from(["", "", "# ", "- ", "1. ", "> ", "| a | ", "    ", "[ref]: https://r.org\n\n", "* - "])


@settings(max_examples=600, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.tuples(_PREFIX, _LINE), max_size=8), st.sampled_from(["\n\n", "\n", "\r\n\r\n"]))
def test_generated_documents(blocks, separator):
    assert_same_as_parsed(separator.join(prefix + line for prefix, line in blocks))


def test_the_comparison_can_fail(monkeypatch):
    """Taking every block as plain text is caught: the corpora above hold inline markup."""
    monkeypatch.setattr(documents, "_INLINE_MARKUP_RE", _NEVER)
    text = "In 2017, *Mexico* deported [80,353 people](https://x.org) (`INM`).\n"
    with pytest.raises(pytest.fail.Exception):
        assert_same_as_parsed(text)
    assert segments(text, "markdown")[0].text != parsed_everywhere(text, False)[0][0]
