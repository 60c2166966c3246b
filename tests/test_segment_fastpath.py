"""The fast sentence splitter (``documents._SyntokPort``) against syntok itself.

``documents.segments`` cuts each text run into sentences with a port of syntok's segmenter; syntok
stays the authority.  Every test here compares the two, at two levels:

* spans of a raw string: ``_sentence_spans`` (the port) == ``_syntok_sentence_spans`` (syntok);
* whole documents: ``segments`` == ``_reference_segments`` (the same pipeline with syntok's spans),
  field by field (text, line, column, end line, end column, offset).

Inputs: every file in tests/fixtures/, the source articles in /work/shared/sources/ (when present),
syntok's own test sentences, synthetic drafts from benchmarks/synthetic_table.py (small ones), and
hypothesis-generated text full of abbreviations, numbers, quotes, brackets and punctuation.
"""

from __future__ import annotations

import ast
import importlib.metadata
import random
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimcheck import documents
from claimcheck.documents import DocumentError, kind_of, read_text, segments

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SOURCES = Path("/work/shared/sources")


def port_spans(text: str) -> list[tuple[int, int]]:
    documents._syntok_split()
    return documents._SyntokPort(text).spans()


def syntok_spans(text: str) -> list[tuple[int, int]]:
    return list(documents._syntok_sentence_spans(text))


def assert_same_spans(text: str) -> None:
    expected = syntok_spans(text)
    assert port_spans(text) == expected, (text, expected)


def as_rows(found) -> list[tuple]:
    return [(s.text, s.line, s.column, s.end_line, s.end_column, s.offset) for s in found]


def first_difference(got: list, expected: list) -> int:
    """The index of the first row where two unequal lists differ (one may be shorter)."""
    return next(i for i, (a, b) in enumerate(zip(got + [None] * len(expected), expected + [None] * len(got)))
                if a != b)


def assert_same_segments(text: str, kind: str) -> None:
    for figures_only in (False, True):
        expected = as_rows(documents._reference_segments(text, kind, figures_only=figures_only))
        got = as_rows(segments(text, kind, figures_only=figures_only))
        if got != expected:
            diff = first_difference(got, expected)
            pytest.fail(f"{kind}, figures_only={figures_only}: sentence {diff} differs:\n"
                        f"  port:   {got[diff] if diff < len(got) else None}\n"
                        f"  syntok: {expected[diff] if diff < len(expected) else None}")


def _fixture_files() -> list[Path]:
    return sorted(p for p in FIXTURES.rglob("*") if p.is_file())


def _source_files() -> list[Path]:
    return sorted(SOURCES.glob("*.txt")) if SOURCES.is_dir() else []


# --------------------------------------------------------------------------------------------
# The port is what runs
# --------------------------------------------------------------------------------------------

def test_port_is_active_for_the_installed_syntok():
    """The port reproduces one syntok release; with another installed, syntok itself runs.

    If this fails after upgrading syntok: compare syntok's _segmentation_states.py and tokenizer.py
    with the release named in ``documents._PORTED_SYNTOK``, port any change to ``_SyntokPort``, then
    bump ``_PORTED_SYNTOK`` (until then lint is correct but slow).
    """
    documents._syntok_split()
    assert importlib.metadata.version("syntok") == documents._PORTED_SYNTOK
    assert documents._PORT_OK


def test_segments_use_the_port(monkeypatch):
    calls = []
    real = documents._SyntokPort.spans

    def spy(self):
        calls.append(self.n)
        return real(self)

    monkeypatch.setattr(documents._SyntokPort, "spans", spy)
    segments("In 2019 Mexico deported 80,353 people. In 2020 it was 60,000 (INM).\n", "text")
    assert calls


def test_other_syntok_release_falls_back_to_syntok(monkeypatch):
    documents._syntok_split()
    monkeypatch.setattr(documents, "_PORT_OK", False)
    monkeypatch.setattr(documents, "_SyntokPort", None)  # would raise if used
    text = "Dr. Smith said 5 people came. Then 6 (six) left! Why?"
    assert list(documents._sentence_spans(text)) == syntok_spans(text)


def test_the_comparison_can_fail(monkeypatch):
    """A splitter that never splits is caught on the fixtures (so the corpora do exercise splits)."""
    monkeypatch.setattr(documents, "_sentence_spans", lambda text: [(0, len(text))])
    with pytest.raises(pytest.fail.Exception):
        for path in _fixture_files():
            if path.suffix in (".md", ".txt", ".html"):
                assert_same_segments(read_text(path), kind_of(path))


# --------------------------------------------------------------------------------------------
# Real documents
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", _fixture_files(), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fixture_files(path):
    try:
        text = read_text(path)
    except DocumentError:  # binary (e.g. a cache file): nothing to segment
        pytest.skip("not text")
    kinds = {kind_of(path), "text"}
    if len(text) < 200_000:
        kinds |= {"markdown", "html"}
    for kind in sorted(kinds):
        assert_same_segments(text, kind)


@pytest.mark.skipif(not _source_files(), reason=f"{SOURCES} not present")
@pytest.mark.parametrize("path", _source_files(), ids=lambda p: p.name)
def test_source_articles(path):
    text = read_text(path)
    for kind in ("text", "markdown"):
        assert_same_segments(text, kind)
    for paragraph in text.split("\n\n"):
        assert_same_spans(paragraph.replace("\n", " "))


def _syntok_test_strings() -> list[str]:
    """Every string literal in syntok's own segmenter and tokenizer tests (its hard cases)."""
    import syntok

    found = []
    for name in ("segmenter_test.py", "tokenizer_test.py"):
        path = Path(syntok.__file__).parent / name
        if not path.is_file():
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.strip():
                found.append(node.value)
    return found


def test_syntok_own_test_sentences():
    strings = _syntok_test_strings()
    if not strings:
        pytest.skip("syntok installed without its test modules")
    for text in strings:
        assert_same_spans(text)
        for line in text.splitlines():
            assert_same_spans(line)
        assert_same_spans(" ".join(text.split()))  # as a run: one line of prose
        assert_same_segments(text, "text")


def _synthetic_drafts() -> list[str]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import synthetic_table as syn
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    import yaml

    from claimcheck.table import load_table

    claims = load_table([str(ROOT / "data" / "claims.yaml")]).claims
    cases = ROOT.parent / "shared" / "eval" / "cases.yaml"
    extra = []
    if cases.is_file():
        data = yaml.safe_load(cases.read_text(encoding="utf-8")) or []
        extra = [c["text"] for c in data if isinstance(c, dict) and c.get("text")]
    return [syn.markdown_document(claims, 20_000, seed=seed, extra=extra) for seed in (11, 12, 13)]


@pytest.fixture(scope="module")
def drafts() -> list[str]:
    return _synthetic_drafts()


def test_synthetic_drafts(drafts):
    for draft in drafts:
        assert_same_segments(draft, "markdown")
    assert_same_segments(drafts[0], "text")


def test_synthetic_drafts_with_a_cold_and_a_tiny_chunk_memo(drafts, monkeypatch):
    """The chunk memo changes nothing: empty, full, and emptied every few chunks."""
    documents._CHUNK_CACHE.clear()
    assert_same_segments(drafts[1], "markdown")
    assert_same_segments(drafts[1], "markdown")  # warm
    monkeypatch.setattr(documents, "_CHUNK_CACHE_SIZE", 3)
    assert_same_segments(drafts[2], "markdown")
    documents._CHUNK_CACHE.clear()


# --------------------------------------------------------------------------------------------
# Generated text
# --------------------------------------------------------------------------------------------

# Words syntok treats specially (abbreviations, months, starters, roman numerals, single letters,
# "no" before numbers), numbers of every shape, and words its tokenizer splits.
_WORDS = [
    "the", "The", "a", "A", "I", "II", "IV", "x", "X", "b", "B", "e", "o", "no", "No", "NO",
    "Mr", "Mrs", "Dr", "dr", "Prof", "St", "Co", "Inc", "Ltd", "etc", "vs", "ca", "approx", "fig",
    "Fig", "Nr", "Jan", "Jän", "Sept", "sep", "Oct", "Dez", "mar", "Mar", "And", "However", "In",
    "It", "El", "La", "Los", "Según", "También", "And", "What", "Why", "This", "No",
    "U.S", "U.S.", "U.K.", "E.U", "e.g", "e.g.", "i.e.", "a.m", "p.m.", "N.Y.", "B.V.",
    "0", "5", "12", "99", "123", "2019", "80,353", "80.353", "1,200", "3.5", "125.8", "14.10",
    "1st", "3rd", "v2", "2a", "45U", "16S", "10%", "$88", "¾", "²",
    "Mexico", "mexico", "México", "INM", "CNDH", "COVID-19", "McDonald", "iPhone", "don't", "can't",
    "Mexico's", "O'Neil", "rock'n'roll", "well-known", "snake_case", "end.The", "what?Yes",
    "wow!Then", "a;b", "x,y", "Mr.Smith", "ÉL", "niño", "ǅemal", "ʼok", "ʹx", "ⅷ",
]
_PUNCT = [
    ".", ".", ".", "!", "?", ";", ":", ",", "...", "..", "....", "…", "?!", "!?", ".)", ").", ".”",
    '."', '"', "'", "’", "”", "“", "‘", "´", "(", ")", "[", "]", "{", "}", "((", "))", "-", "–",
    "—", "/", "&", "*", "%", "$", "#", "。", "！", "？", "．", "（", "）", "［", "］", "〈", "〉",
    "‼", "⁇", "«", "»", "_", "-\n",
]
_GAPS = [" ", " ", " ", " ", "", "", "  ", "\n", "\t", "\u00a0", "\u200b", "\u3000", "\x1c", "\x0b", "\x0c", "\r\n"]

_PIECE = st.one_of(st.sampled_from(_WORDS), st.sampled_from(_PUNCT))
_GAP = st.sampled_from(_GAPS)
_PROSE = st.lists(st.tuples(_PIECE, _GAP), max_size=120).map(
    lambda pairs: "".join(piece + gap for piece, gap in pairs))
_ALPHABET = "".join(sorted(set("".join(_WORDS) + "".join(_PUNCT) + "".join(_GAPS)))) + "0123456789"
_CHARS = st.text(alphabet=_ALPHABET, max_size=200)


@settings(max_examples=3000, deadline=None, suppress_health_check=list(HealthCheck))
@given(_PROSE)
def test_generated_prose_spans(text):
    assert_same_spans(text)


@settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))
@given(_CHARS)
def test_generated_character_soup_spans(text):
    assert_same_spans(text)


@settings(max_examples=500, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.text(max_size=120))
def test_any_unicode_spans(text):
    assert_same_spans(text)


def _bracketed(draw_words: list[str], length: int, rng: random.Random) -> str:
    return "(" + " ".join(rng.choice(draw_words) for _ in range(length)) + ")"


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.integers(0, 60), st.integers(0, 2**32 - 1), st.sampled_from(["", ".", "!", "?", "?)", ";"]))
def test_long_and_nested_brackets(length, seed, end):
    """Brackets near syntok's limits: 50 tokens looked ahead, 70 characters skipped."""
    rng = random.Random(seed)
    words = ["Word", "word", "The", "5", "2019", "x", "Mr", "U.S.", ".", "!", "(", ")", ","]
    inner = _bracketed(words, length, rng)
    text = rng.choice(["A", "The rate", "In 2019 it", "("]) + " " + inner + end + " " + rng.choice(
        ["Then 5 more.", "then 5 more.", "(More) came.", "5 came.", "", ", said X."])
    assert_same_spans(text)
    assert_same_spans(text.replace(" ", ""))


def test_bracket_limits_swept():
    """Every bracket length around syntok's limits: 70 characters skipped, 50 tokens looked ahead."""
    contexts = [("It rose", ". Then it fell."), ("It rose", " then fell."), ("(", ""), ("A", ". B c."),
                ("It rose", "! (Then) it fell."), ("", " The end.")]
    for size in range(55, 85):
        for inner in (f"The {'x' * (size - 10)} end.", f"The {'x' * (size - 10)} end", f"a {'x' * (size - 8)} b.",
                      f"The ({'x' * (size - 13)}) end!", f"The {'x' * (size - 14)} x ( ) "):
            for before, after in contexts:
                assert_same_spans(f"{before} ({inner}){after}")
    for count in range(40, 56):
        for word, last in (("x", "."), ("The", "."), ("x", ""), ("(y)", "")):
            inner = " ".join([word] * count) + last
            for before, after in contexts:
                assert_same_spans(f"{before} ({inner}){after}")
                assert_same_spans(f"{before} (The {inner}){after}")


_MD_LINE = st.lists(st.tuples(_PIECE, st.sampled_from([" ", " ", "", "\n", "\t", "\x0b", "\u00a0"])), max_size=40).map(
    lambda pairs: "".join(piece + gap for piece, gap in pairs))
_MD_PREFIX = st.sampled_from(["", "", "# ", "- ", "1. ", "> ", "| a | ", "<p>", "*", "`x` "])


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.tuples(_MD_PREFIX, _MD_LINE), max_size=8), st.sampled_from(["markdown", "html", "text"]))
def test_generated_documents(blocks, kind):
    text = "\n\n".join(prefix + line for prefix, line in blocks)
    assert_same_segments(text, kind)


# --------------------------------------------------------------------------------------------
# The figure pre-filter
# --------------------------------------------------------------------------------------------

_FIGURE_PIECES = st.sampled_from([
    "two", "Two", "TWENTY", "twelve", "twofold", "network", "hundreds", "mil", "miles", "similar",
    "diecisiete", "dieciséis", "veintitrés", "doscientos", "millón", "duplicó", "x", "é", "_", "-",
    " ", "", "5", "٣", "²", "½", "Ⅻ", ",", ".", "'", "o", "ne", "t", "wo",
])


@settings(max_examples=2000, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(st.lists(_FIGURE_PIECES, max_size=12).map("".join), st.text(max_size=40)))
def test_has_figure_is_the_one_regex(text):
    """has_figure runs the digit and number-word halves of _FIGURE_RE apart: same answers."""
    assert documents.has_figure(text) == (documents._FIGURE_RE.search(text) is not None)


# --------------------------------------------------------------------------------------------
# Chunks cut without syntok's tokenizer
# --------------------------------------------------------------------------------------------

_CHUNK_PIECES = st.sampled_from([
    "a", "Z", "x", "The", "iPhone", "McD", "0", "2019", "80,353", "3.5", "1.000.000", "12,", ",5",
    ".", ",", ";", ":", "!", "?", "...", "..", "(", ")", "[", "]", "{", "}", "'", '"', "-", "_",
    "$", "%", "/", "&", "#", "`", "~", "n't", "'s", "é", "’", "\u02bc",
])
_CHUNKS = st.one_of(
    st.lists(_CHUNK_PIECES, min_size=1, max_size=8).map("".join),
    st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=12),
)


@settings(max_examples=3000, deadline=None, suppress_health_check=list(HealthCheck))
@given(_CHUNKS)
def test_simple_chunks_are_cut_as_syntok_cuts_them(chunk):
    documents._syntok_split()
    simple = documents._simple_chunk_tokens(chunk)
    if simple is not None:
        assert simple == documents._tokenizer_chunk_tokens(chunk)


def test_simple_chunks_cover_the_usual_words():
    documents._syntok_split()
    for chunk in ("the", "Mexico", "2019", "2019,", "80,353.", "3.5", "(caravan).", '"Yes!"', "...",
                  "(", "etc...", "$88", "10%"):
        assert documents._simple_chunk_tokens(chunk) is not None, chunk
        assert documents._simple_chunk_tokens(chunk) == documents._tokenizer_chunk_tokens(chunk)
    for chunk in ("U.S.", "iPhone", "don't", "so-called", "México", "end.The", "a;b", "x,y", "it’s"):
        assert documents._simple_chunk_tokens(chunk) is None, chunk


def test_chunk_separators_are_the_ones_the_port_checks_for():
    """The port splits on spaces alone unless the text has another of Tokenizer._spaces' separators:
    in ASCII those are tab, line feed, vertical tab, form feed and carriage return."""
    documents._syntok_split()
    import regex
    from syntok.tokenizer import Tokenizer

    everything = "".join(map(chr, range(0x110000))).encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    separators = set(everything) - set("".join(Tokenizer._spaces.findall(everything)))
    assert {c for c in separators if c.isascii()} == set(" \t\n\v\f\r")
    assert set(regex.findall(documents._S_OTHER_SPACE_RE, everything)) == separators - {" "}
    for text in ("a\x1cb. C", "a\x1fb. C d", "x.\tY", "x.\x0bY", "x. Y\x0c", "é.\u2028Y", "a.\u200bB"):
        assert_same_spans(text)
