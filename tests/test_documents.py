"""Tests for claimcheck.documents: reading, discovering and segmenting documents with exact positions."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimcheck import documents
from claimcheck.discover import discover
from claimcheck.documents import CODE_PLACEHOLDER, DocumentError, kind_of, read_text, segments
from claimcheck.figures import has_figure
from claimcheck.model import InputError, Segment

FIXTURES = Path(__file__).parent / "fixtures" / "docs"


def rows(found: list[Segment]) -> list[tuple]:
    return [(s.text, s.line, s.column, s.end_line, s.end_column) for s in found]


def line_col(text: str, offset: int) -> tuple[int, int]:
    """Reference conversion (slow, obvious): CRLF, CR and LF end lines."""
    line, col, i = 1, 1, 0
    while i < offset:
        ch = text[i]
        if ch == "\r" and i + 1 < len(text) and text[i + 1] == "\n" and i + 1 < offset:
            i += 2
            line, col = line + 1, 1
            continue
        if ch in "\r\n":
            line, col = line + 1, 1
        else:
            col += 1
        i += 1
    return line, col


def assert_consistent(text: str, found: list[Segment]) -> None:
    """Every segment's line/column is where its offset is, and ends no earlier than it starts."""
    for seg in found:
        assert 0 <= seg.offset < len(text)
        assert line_col(text, seg.offset) == (seg.line, seg.column), seg
        assert (seg.end_line, seg.end_column) >= (seg.line, seg.column), seg


# --------------------------------------------------------------------------------------------
# Markdown
# --------------------------------------------------------------------------------------------

MARKDOWN_EXPECTED = [
    ("Border arrests rose 115 percent in 2019", 6, 3, 6, 41),
    ("Mexico detained 80,353 migrants in the U.S. fiscal year.", 8, 1, 8, 56),
    ("The CNDH documented 521 complaints.", 8, 58, 8, 92),
    ("The number of deportations fell to 125.8 thousand after the 2015 peak.", 9, 1, 10, 20),
    (f"Run {CODE_PLACEHOLDER} to rebuild the 3 tables.", 18, 1, 18, 38),
    ("See the 2018 report for 12 more.", 18, 40, 18, 113),
    ("About 1,000 people per day crossed in May 2019.", 20, 3, 20, 49),
    ("Nearly two-thirds were families with 4 children.", 21, 3, 21, 56),
    ("The agency reported 9,500 returns in 2016.", 23, 3, 23, 44),
    ("Year", 25, 3, 25, 6),
    ("Arrests", 25, 10, 25, 16),
    ("2017", 27, 3, 27, 6),
    ("36,000 arrests were made", 27, 10, 27, 33),
    ("Entre julio de 2014 y junio de 2015 fueron detenidos 168.280 migrantes en México.", 29, 1, 29, 81),
    ("La CNDH documentó 521 quejas.", 29, 83, 29, 111),
    ("Checked again: 3 figures.", 40, 1, 40, 25),
]


@pytest.fixture(scope="module")
def draft() -> str:
    return read_text(FIXTURES / "draft.md")


def test_markdown_sentences_and_positions(draft):
    found = segments(draft, "markdown")
    assert rows(found) == MARKDOWN_EXPECTED
    assert_consistent(draft, found)
    # The offset is the sentence's first character in the original text.
    for seg in found:
        assert draft[seg.offset] == seg.text[0]
    # ... and the end position is its last character.
    lines = draft.split("\n")
    for seg in found:
        assert lines[seg.end_line - 1][seg.end_column - 1] == seg.text[-1]


def test_markdown_skips_non_prose(draft):
    text = " ".join(s.text for s in segments(draft, "markdown"))
    assert "851508" not in text and "Draft" not in text          # YAML front matter
    assert "5000" not in text and "limit" not in text             # fenced code
    assert "7000" not in text and "indented" not in text          # indented code
    assert "42" not in text and "make" not in text                # inline code
    assert "77" not in text and "example.org" not in text         # link URL
    assert "99" not in text                                        # disable-next-line
    assert "1 figure" not in text and "2 figures" not in text      # disable ... enable
    assert "*" not in text and "**" not in text and "](" not in text and "|" not in text


def test_markdown_block_kinds_located_after_markers(draft):
    by_text = {s.text: s for s in segments(draft, "markdown")}
    heading = by_text["Border arrests rose 115 percent in 2019"]
    assert (heading.line, heading.column) == (6, 3)                 # after "# "
    item = by_text["About 1,000 people per day crossed in May 2019."]
    assert (item.line, item.column) == (20, 3)                      # after "- "
    quote = by_text["The agency reported 9,500 returns in 2016."]
    assert (quote.line, quote.column) == (23, 3)                    # after "> "
    cell = by_text["36,000 arrests were made"]
    assert (cell.line, cell.column) == (27, 10)                     # second cell


def test_markdown_two_sentences_on_one_line_and_spanning_lines(draft):
    found = segments(draft, "markdown")
    first, second = found[1], found[2]
    assert first.line == second.line == 8
    assert second.column == len("Mexico detained 80,353 migrants in the U.S. fiscal year. ") + 1
    spanning = found[3]
    assert (spanning.line, spanning.end_line) == (9, 10)
    assert "\n" not in spanning.text and "thousand after" in spanning.text


def test_spanish_paragraph():
    text = ("Entre julio de 2014 y junio de 2015 fueron detenidos 168.280 migrantes en México. "
            "La CNDH documentó 521 quejas.")
    for kind in ("markdown", "text", "html"):
        found = segments(text, kind)
        assert [s.text for s in found] == [
            "Entre julio de 2014 y junio de 2015 fueron detenidos 168.280 migrantes en México.",
            "La CNDH documentó 521 quejas.",
        ]
        assert [(s.line, s.column, s.offset) for s in found] == [(1, 1, 0), (1, 83, 82)]


@pytest.mark.parametrize("sentence", [
    "Mexico detained 80,353 migrants in 2015.",
    "Deportations fell to 125.8 thousand in 2016.",
    "The U.S. deported 240,255 Mexicans in 2016.",
    "Arrests rose 3.5 percent, to 1.2 million, in the U.S. and Mexico.",
    "Fueron 168.280 migrantes, 2,5 por ciento más.",
])
def test_numbers_and_abbreviations_do_not_split(sentence):
    for kind in ("markdown", "text"):
        assert [s.text for s in segments(sentence, kind)] == [sentence]
    two = sentence + " The CNDH documented 521 complaints."
    assert [s.text for s in segments(two, "text")] == [sentence, "The CNDH documented 521 complaints."]


def test_markdown_marker_like_text_and_escapes():
    text = (
        "5. 5\n"                                   # list marker equal to the content
        "\n"
        "> - 7 apples\n"                           # list in blockquote, continued
        ">   and 8 pears.\n"
        "\n"
        "See [the 9 docs][ref] now.\n"
        "\n"
        "[ref]: http://x.org/9 \"T 10\"\n"        # reference definition: skipped
        "\n"
        "| a \\| 11 | b |\n"                      # escaped pipe in a table
        "|---|---|\n"
        "\n"
        "[a (13)](http://x/(14) \"t (15)\") after 16.\n"
        "\n"
        "Text &copy; 25 &#169; \\* 26.\n"
        "\n"
        "<div>\n"
        "html 27\n"
        "</div>\n"
        "\n"
        "Bare https://y.org/30 and <http://x.org/28> then 32.\n"
    )
    found = segments(text, "markdown")
    assert rows(found) == [
        ("5", 1, 4, 1, 4),
        ("7 apples and 8 pears.", 3, 5, 4, 16),
        ("See the 9 docs now.", 6, 1, 6, 26),
        ("a | 11", 10, 3, 10, 9),
        ("b", 10, 13, 10, 13),
        ("a (13) after 16.", 13, 2, 13, 42),
        ("Text \u00a9 25 \u00a9 * 26.", 15, 1, 15, 28),
        ("Bare [link] and [link] then 32.", 21, 1, 21, 52),
    ]
    assert_consistent(text, found)


def test_inline_code_number_never_in_text():
    found = segments("Set `--max 250` to keep 3 runs; ``a ` 99`` too.", "markdown")
    assert [s.text for s in found] == [f"Set {CODE_PLACEHOLDER} to keep 3 runs; {CODE_PLACEHOLDER} too."]
    assert "250" not in found[0].text and "99" not in found[0].text


def test_image_dropped_link_text_kept():
    found = segments("![chart of 2019 data](img/2019.png) Arrests hit [851,508](https://a.b/c?id=77).",
                     "markdown")
    assert rows(found) == [("Arrests hit 851,508.", 1, 37, 1, 79)]


def test_toml_front_matter_skipped():
    text = "+++\ntitle = \"Report 2019\"\ncount = 5\n+++\n\nBody has 7 cases.\n"
    assert rows(segments(text, "markdown")) == [("Body has 7 cases.", 6, 1, 6, 17)]
    crlf = text.replace("\n", "\r\n")
    assert rows(segments(crlf, "markdown")) == [("Body has 7 cases.", 6, 1, 6, 17)]
    assert rows(segments("\ufeff" + text, "markdown")) == [("Body has 7 cases.", 6, 1, 6, 17)]


def test_unclosed_front_matter_is_not_skipped_silently():
    # Not front matter (never closed): "---" is a thematic break and the rest is prose.
    found = segments("---\ncount: 5\n", "markdown")
    assert [s.text for s in found] == ["count: 5"]


def test_crlf_line_endings_same_positions(draft):
    crlf = draft.replace("\n", "\r\n")
    found = segments(crlf, "markdown")
    assert rows(found) == MARKDOWN_EXPECTED
    assert_consistent(crlf, found)
    for seg in found:
        assert crlf[seg.offset] == seg.text[0]
    # Old Mac CR line endings count as line breaks too.
    assert rows(segments(draft.replace("\n", "\r"), "markdown")) == MARKDOWN_EXPECTED


def test_utf8_bom(tmp_path, draft):
    path = tmp_path / "bom.md"
    path.write_bytes(b"\xef\xbb\xbf" + draft.encode("utf-8"))
    text = read_text(path)
    assert not text.startswith("\ufeff")
    assert rows(segments(text, "markdown")) == MARKDOWN_EXPECTED
    # Given a BOM anyway, segments() still sees the front matter and keeps positions exact.
    with_bom = "\ufeff" + draft
    found = segments(with_bom, "markdown")
    assert rows(found) == MARKDOWN_EXPECTED
    assert all(with_bom[s.offset] == s.text[0] for s in found)


# --------------------------------------------------------------------------------------------
# Suppression comments
# --------------------------------------------------------------------------------------------

def test_disable_next_line_skips_blank_lines_and_only_that_line():
    text = ("<!-- claimcheck-disable-next-line -->\n\nHidden 1. Also hidden 2.\nShown 3.\n")
    assert [s.text for s in segments(text, "markdown")] == ["Shown 3."]


def test_disable_next_line_inline_comment_in_paragraph():
    text = "Shown 1. <!-- claimcheck-disable-next-line -->\nHidden 2.\nShown 3.\n"
    assert [s.text for s in segments(text, "markdown")] == ["Shown 1.", "Shown 3."]


def test_disable_without_enable_runs_to_end():
    text = "Shown 1.\n\n<!-- claimcheck-disable -->\n\nHidden 2.\n\n- Hidden 3.\n"
    assert [s.text for s in segments(text, "markdown")] == ["Shown 1."]


def test_directive_inside_code_block_is_ignored():
    text = "```\n<!-- claimcheck-disable -->\n```\n\nShown 1.\n"
    assert [s.text for s in segments(text, "markdown")] == ["Shown 1."]


def test_directives_in_text_files():
    text = ("Shown 1.\n<!-- claimcheck-disable-next-line -->\nHidden 2.\nShown 3.\n\n"
            "  <!-- claimcheck-disable -->\nHidden 4.\n<!-- claimcheck-enable -->\nShown 5.\n")
    assert [s.text for s in segments(text, "text")] == ["Shown 1.", "Shown 3.", "Shown 5."]


def test_directives_in_html():
    text = ("<p>Shown 1.</p>\n<!-- claimcheck-disable -->\n<p>Hidden 2.</p>\n"
            "<!--claimcheck-enable--><p>Shown 3.</p>\n")
    assert [s.text for s in segments(text, "html")] == ["Shown 1.", "Shown 3."]


# --------------------------------------------------------------------------------------------
# HTML and text
# --------------------------------------------------------------------------------------------

def test_html_fixture():
    text = read_text(FIXTURES / "page.html")
    found = segments(text, "html")
    assert rows(found) == [
        ("Arrests in 2019", 8, 5, 8, 19),
        ("Mexico detained 80,353 migrants & deported about 75,000.", 9, 4, 10, 32),
        ("The CNDH documented 521 complaints.", 10, 34, 10, 73),
        (f"Use {CODE_PLACEHOLDER} to see 3 pages.", 13, 4, 13, 46),
        ("2017", 14, 16, 14, 19),
        ("36,000 arrests \u2014 a record", 14, 29, 14, 59),
    ]
    assert_consistent(text, found)
    joined = " ".join(s.text for s in found)
    for absent in ("12345", "777", "404", "31337", "Report 2019", "margin", "--limit 50"):
        assert absent not in joined
    # The entity is decoded in the text but the position is the original's: "&#8212;" spans 7 chars.
    last = found[-1]
    assert text[last.offset:].startswith("36,000 arrests &#8212; a record</td>")


def test_html_entity_at_sentence_start_maps_to_the_ampersand():
    text = "<p>&laquo;Hello&raquo; said 5 people.</p>"
    found = segments(text, "html")
    assert rows(found) == [("\u00abHello\u00bb said 5 people.", 1, 4, 1, 37)]
    assert text[found[0].offset] == "&"


def test_text_fixture():
    text = read_text(FIXTURES / "notes.txt")
    found = segments(text, "text")
    assert rows(found) == [
        ("Claimcheck notes 2019", 1, 1, 1, 21),
        ("Mexico deported about 80,000 people in 2017.", 3, 1, 3, 44),
        ("The U.S. figure was 125.8 thousand, up 3 percent.", 3, 46, 4, 31),
        ("Final paragraph has no figures at all", 8, 1, 8, 37),
    ]
    assert_consistent(text, found)


def test_unknown_kind():
    with pytest.raises(ValueError):
        segments("x", "pdf")


def test_kind_of():
    assert kind_of("a.md") == kind_of("B.MARKDOWN") == kind_of(Path("c.mdx")) == "markdown"
    assert kind_of("a.html") == kind_of("a.HTM") == "html"
    assert kind_of("a.txt") == kind_of("a.rst") == kind_of("README") == kind_of("-") == "text"


@pytest.mark.parametrize("text,expected", [
    ("Mexico deported 80,000 people", True),
    ("Arrests doubled in May", True),
    ("the number tripled", True),
    ("Seven families arrived", True),
    ("a dozen cases", True),
    ("two hundred thousand", True),
    ("La cifra se duplicó", True),
    ("quinientos migrantes", True),
    ("veintitrés quejas", True),
    ("un millón de personas", True),
    ("Mil migrantes", True),
    ("No figures here at all.", False),
    ("Nadie sabe cuántos.", False),
    ("someone often listens", False),
])
def test_has_figure(text, expected):
    assert has_figure(text) is expected


# --------------------------------------------------------------------------------------------
# read_text
# --------------------------------------------------------------------------------------------

def test_read_text_decode_error_position(tmp_path):
    path = tmp_path / "latin.md"
    path.write_bytes("First line.\nSecond: M\u00e9xico 5.\n".encode("latin-1"))
    with pytest.raises(DocumentError) as info:
        read_text(path)
    message = str(info.value)
    assert message.startswith(f"{path}:2:10: ")
    assert "0xe9" in message and "byte offset 21" in message and "utf-8" in message
    assert "--encoding" in message and "\n" not in message
    assert read_text(path, encoding="latin-1") == "First line.\nSecond: M\u00e9xico 5.\n"


def test_read_text_decode_error_column_counts_characters(tmp_path):
    path = tmp_path / "mixed.txt"
    path.write_bytes("\u00bfQu\u00e9? ".encode("utf-8") + b"\xff rest\r\nmore\n")
    with pytest.raises(DocumentError) as info:
        read_text(path)
    assert str(info.value).startswith(f"{path}:1:7: ")


def test_read_text_binary(tmp_path):
    nul = tmp_path / "image.md"
    nul.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(DocumentError) as info:
        read_text(nul)
    assert str(info.value) == f"{nul}: binary file, not checked"
    assert info.value.binary
    noise = tmp_path / "noise.txt"  # no NUL: not binary, but not UTF-8 either
    noise.write_bytes(bytes(range(128, 256)) * 64)
    with pytest.raises(DocumentError) as info:
        read_text(noise)
    assert str(info.value).startswith(f"{noise}:1:1: cannot decode byte 0x80 at byte offset 0 as utf-8")


def test_read_text_utf16_with_bom(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_bytes("Hola 5.\n".encode("utf-16"))
    assert read_text(path) == "Hola 5.\n"


def test_read_text_missing_too_large_and_bad_encoding(tmp_path, monkeypatch):
    with pytest.raises(DocumentError, match="missing.md: no such file$"):
        read_text(tmp_path / "missing.md")
    big = tmp_path / "big.md"
    big.write_text("x" * 100)
    monkeypatch.setattr(documents, "MAX_BYTES", 50)
    with pytest.raises(DocumentError, match="too large"):
        read_text(big)
    monkeypatch.undo()
    with pytest.raises(DocumentError, match="unknown encoding"):
        read_text(big, encoding="no-such-codec")
    with pytest.raises(DocumentError, match="is a directory"):
        read_text(tmp_path)


def test_read_text_never_writes(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("Text 1.\n")
    before = (os.stat(path).st_mtime_ns, sorted(os.listdir(tmp_path)))
    read_text(path)
    assert (os.stat(path).st_mtime_ns, sorted(os.listdir(tmp_path))) == before


# --------------------------------------------------------------------------------------------
# discover
# --------------------------------------------------------------------------------------------

def make_tree(root: Path, files: dict[str, bytes | str]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content)
        else:
            path.write_bytes(content)


def rel(found: list[Path], root: Path) -> list[str]:
    return [p.relative_to(root).as_posix() for p in found]


def test_discover_gitignore_hidden_binary_and_extensions(tmp_path):
    make_tree(tmp_path, {
        "docs/b.md": "B 1.", "docs/a.md": "A 1.", "docs/sub/c.html": "<p>C</p>",
        "docs/sub/d.txt": "D", "docs/sub/e.rst": "E", "docs/notes.pdf": b"%PDF",
        "docs/script.py": "x = 1", "docs/.hidden.md": "H", "docs/.cache/x.md": "X",
        "docs/build/out.md": "O", "docs/drafts/keep.md": "K", "docs/drafts/tmp.md": "T",
        "docs/drafts/.gitignore": "tmp.md\n", "docs/.gitignore": "build/\n*.txt\n",
        "docs/logo.md": b"\x89PNG\x00\x00binary",
    })
    warnings: list[str] = []
    found = discover([str(tmp_path / "docs")], warn=warnings.append)
    assert rel(found, tmp_path) == [
        "docs/a.md", "docs/b.md", "docs/drafts/keep.md", "docs/sub/c.html", "docs/sub/e.rst",
    ]  # not: .txt (ignored), .pdf and .py (not documents), hidden, ignored folders, the binary .md
    assert warnings == [f"{tmp_path / 'docs' / 'logo.md'}: binary file, skipped"]
    # Deterministic.
    assert discover([str(tmp_path / "docs")], warn=warnings.append) == found


def test_discover_negation_in_gitignore(tmp_path):
    make_tree(tmp_path, {".gitignore": "*.md\n!keep.md\n", "keep.md": "k", "drop.md": "d"})
    assert rel(discover([str(tmp_path)], warn=lambda m: None), tmp_path) == ["keep.md"]


def test_discover_repo_root_gitignore(tmp_path):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    make_tree(repo, {
        ".gitignore": "generated/\nsecret-*.md\n",
        "content/post.md": "p", "content/secret-plan.md": "s", "content/generated/x.md": "g",
    })
    found = discover([str(repo / "content")], warn=lambda m: None)
    assert rel(found, repo) == ["content/post.md"]
    # A directory named explicitly is checked even if ignored from above.
    found = discover([str(repo / "content" / "generated")], warn=lambda m: None)
    assert rel(found, repo) == ["content/generated/x.md"]


def test_discover_include_exclude(tmp_path):
    make_tree(tmp_path, {
        "a.md": "a", "b.html": "b", "notes/c.md": "c", "notes/old/d.md": "d", "e.txt": "e",
    })
    quiet = dict(warn=lambda m: None)
    assert rel(discover([str(tmp_path)], include=["*.md"], **quiet), tmp_path) == [
        "a.md", "notes/c.md", "notes/old/d.md"]
    assert rel(discover([str(tmp_path)], exclude=["old/", "*.txt"], **quiet), tmp_path) == [
        "a.md", "b.html", "notes/c.md"]
    assert rel(discover([str(tmp_path)], include=["notes/**"], exclude=["notes/old"], **quiet),
               tmp_path) == ["notes/c.md"]


def test_discover_explicit_files_missing_paths_and_duplicates(tmp_path):
    make_tree(tmp_path, {"draft.docx.txt": "x", "script.py": "x", "a.md": "a"})
    explicit = str(tmp_path / "script.py")
    found = discover([explicit, str(tmp_path), str(tmp_path / "a.md")], warn=lambda m: None)
    assert rel(found, tmp_path) == ["script.py", "a.md", "draft.docx.txt"]
    assert discover(["-"]) == [Path("-")]
    missing = str(tmp_path / "nope.md")
    with pytest.raises(InputError) as info:
        discover([missing])
    assert str(info.value) == f"{missing}: no such file or directory"


# --------------------------------------------------------------------------------------------
# Properties and performance
# --------------------------------------------------------------------------------------------

_PIECES = st.sampled_from([
    "a", "B", "1", "2,5", " ", ".", "\n", "\r\n", "\r", "\t", "*", "_", "`", "[", "]", "(", ")",
    "!", "<", ">", "-", "#", "|", "\\", "&amp;", "&", ";", ":", "/", '"', "'", "+", "~", "é",
    "\0", "\ufeff", "```", "    ", "---\n", "+++\n", "1. ", "> ", "- ", "<p>", "</p>", "<code>",
    "<!-- claimcheck-disable-next-line -->", "<!-- claimcheck-disable -->", "http://x.org/1",
    "<script>", "U.S.", "80,353", "<!--", "-->", "| a | b |\n|---|---|\n",
])
_TEXTS = st.one_of(st.text(), st.lists(_PIECES, max_size=80).map("".join))


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(_TEXTS, st.sampled_from(["markdown", "html", "text"]))
def test_segments_never_raise_and_stay_in_bounds(text, kind):
    found = segments(text, kind)
    n_lines = len(documents.line_starts(text))
    for seg in found:
        assert 0 <= seg.offset < len(text)
        assert 1 <= seg.line <= n_lines and 1 <= seg.end_line <= n_lines
        assert seg.column >= 1 and seg.end_column >= 1
        assert line_col(text, seg.offset) == (seg.line, seg.column)
        assert (seg.end_line, seg.end_column) >= (seg.line, seg.column)
        assert seg.text and seg.text == seg.text.strip() and "\n" not in seg.text and "  " not in seg.text
        if kind != "html":
            # The first character comes from the offset, unless markup decoded there
            # (escape, entity, code span, NUL -> U+FFFD, placeholder for a URL).
            first = text[seg.offset]
            assert first == seg.text[0] or first in "\\&`<\0" or seg.text.startswith("["), (seg, text)
    if kind == "text":
        for seg in found:
            if not seg.text.startswith("["):
                assert text[seg.offset] == seg.text[0]


def _megabyte_markdown() -> str:
    block = (
        "## Section {i}\n\n"
        "In 2019, the U.S. Border Patrol apprehended 851,508 people at the southwest border, up "
        "115.4 percent from *2018*. Mexico detained [80,353 migrants](https://example.org/2019/r) "
        "in the first half; the CNDH documented 521 complaints. Run `make 5` to rebuild.\n\n"
        "- About 1,000 people per day crossed in May 2019.\n"
        "- Nearly two-thirds were families.\n\n"
        "> Entre julio de 2014 y junio de 2015 fueron detenidos 168.280 migrantes en M\u00e9xico. "
        "La CNDH document\u00f3 521 quejas.\n\n"
        "```\ncode 1 2 3\n```\n\n| Year | Count |\n|---|---|\n| 2017 | 36,000 |\n\n"
    )
    parts, size, i = [], 0, 0
    while size < 1_000_000:
        part = block.format(i=i)
        parts.append(part)
        size += len(part)
        i += 1
    return "".join(parts)


def test_one_megabyte_markdown_is_linear_and_correct():
    text = _megabyte_markdown()
    documents._markdown_parser()
    started = time.perf_counter()
    found = segments(text, "markdown")
    elapsed = time.perf_counter() - started
    print(f"\n1 MB markdown: {len(text):,} chars, {len(found):,} sentences, {elapsed:.2f} s")
    # A loose bound that only a quadratic blow-up would break (timing on a loaded CI box varies).
    assert elapsed < 30
    per_block = 12
    assert len(found) == per_block * (len(found) // per_block)
    last = found[-1]
    assert last.text == "36,000" and text[last.offset:last.offset + 6] == "36,000"
    assert_consistent(text, found[-per_block:])


# --------------------------------------------------------------------------------------------
# Sentence boundaries of real reporting
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind,text,expected", [
    # a citation marker after a full stop ends the sentence
    ("markdown", "Mexico deported 80,353 people in 2017.[1] In January 16,278 followed.\n",
     ["Mexico deported 80,353 people in 2017.[1]", "In January 16,278 followed."]),
    # a headline line over its dateline lede, with no blank line between them
    ("markdown", "COMAR processes 74,000 petitions\nTAPACHULA, Mexico — The agency has processed 74,000.\n",
     ["COMAR processes 74,000 petitions", "TAPACHULA, Mexico — The agency has processed 74,000."]),
    # a line break inside a sentence is not a boundary
    ("markdown", "The INM deported 80,353\npeople in 2017.\n", ["The INM deported 80,353 people in 2017."]),
    # a superscript citation number is no part of the sentence
    ("html", "<p>Mexico deported 80,353 people in 2017.<sup>2</sup></p>", ["Mexico deported 80,353 people in 2017."]),
    # a Markdown footnote reference is no part of the sentence's figures; its note is a sentence of its own
    ("markdown", "The INM deported 80,353[^1] people in 2017.\n\n[^1]: The Intercept.\n",
     ["The INM deported 80,353 people in 2017.", "The Intercept."]),
    # a list joined by semicolons stays one sentence
    ("text", "Honduras, con 127 mil 227; Guatemala, con 80 mil 717.\n",
     ["Honduras, con 127 mil 227; Guatemala, con 80 mil 717."]),
])
def test_sentence_boundaries_of_reporting(kind, text, expected):
    assert [s.text for s in segments(text, kind)] == expected


def test_front_matter_date_and_headings():
    doc = documents.document("---\ntitle: T\ndate: 2019-08-05\n---\n\n# Deportations in 2017\n\nThe INM deported 80,353.\n",
                             "markdown")
    assert doc.date.isoformat() == "2019-08-05"
    heading, body = doc.segments
    assert (heading.text, heading.heading, heading.line) == ("Deportations in 2017", True, 6)
    assert (body.text, body.heading, body.line) == ("The INM deported 80,353.", False, 8)
    assert heading.block != body.block


@pytest.mark.parametrize("text,iso", [
    # Spanish copy writes numeric dates day first
    ("# La policía asalta La Bestia\n\nLa Vanguardia, 04-03-2015\n\nLa policía mexicana asaltó el tren el año pasado.\n",
     "2015-03-04"),
    ("# Deportaciones\n\nTapachula, 04/03/2018\n\nEl instituto deportó a miles de personas en todo el país.\n",
     "2018-03-04"),
    # in English copy 04-03-2015 could be either: no date rather than a guess
    ("# Police raid La Bestia\n\nPosted 04-03-2015\n\nMexican police raided the train over the last year.\n", None),
    ("# Police raid La Bestia\n\nPosted 24-03-2015\n\nMexican police raided the train over the last year.\n",
     "2015-03-24"),
])
def test_numeric_datelines_are_day_first_in_spanish(text, iso):
    from claimcheck.context import document_date

    date = document_date(documents.document(text, "markdown"))
    assert (date.isoformat() if date else None) == iso


def test_a_link_to_a_folder_outside_the_walk_is_skipped_with_a_warning(tmp_path):
    (tmp_path / "drafts" / "sub").mkdir(parents=True)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.md").write_text("Notes.\n", encoding="utf-8")
    (tmp_path / "drafts" / "a.md").write_text("A draft.\n", encoding="utf-8")
    (tmp_path / "drafts" / "sub" / "b.md").write_text("Another.\n", encoding="utf-8")
    (tmp_path / "drafts" / "out").symlink_to(tmp_path / "outside", target_is_directory=True)
    (tmp_path / "drafts" / "in").symlink_to(tmp_path / "drafts" / "sub", target_is_directory=True)
    warnings = []
    found = discover([str(tmp_path / "drafts")], warn=warnings.append)
    names = [p.relative_to(tmp_path / "drafts").as_posix() for p in found]
    assert "out/secret.md" not in names and "a.md" in names
    assert sum(n.endswith("b.md") for n in names) == 1  # (a link inside the tree is walked, once)
    assert any("a link to a folder outside" in w for w in warnings)


@pytest.mark.parametrize("line,iso", [("abril de 2018", "2018-04-30"), ("date 2018-04", "2018-04-30"),
                                      ("April 2018", "2018-04-30"), ("Fecha: marzo 2015", "2015-03-31")])
def test_a_date_line_with_a_month_only_dates_the_document_to_that_month(line, iso):
    from claimcheck.context import document_date

    text = f"# La caravana llega a Oaxaca\n\n{line}\n\nLa caravana de centroamericanos llegó a Oaxaca.\n"
    assert document_date(documents.document(text, "markdown")).isoformat() == iso
