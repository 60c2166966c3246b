"""Data tests for the curated table, data/claims.yaml.

These tests read the table with ``yaml.safe_load`` (not claimcheck's own loader) and check it
against its JSON Schema, against the source articles in ../shared/sources, and against itself:

* the table validates against data/claims.schema.json (Draft 2020-12), and the schema accepts every
  field and shape claimcheck's own reader (``claimcheck.table``) accepts, and refuses what it refuses;
* every quote occurs verbatim in its source article (modulo non-breaking spaces, typographic
  quotes and runs of whitespace);
* every figure's value is written in its quote (digits, "$75 million", or a number word);
* coverage: every number in a source article's body is the value of some figure of a claim
  quoting that article, except the few listed in ``IGNORE`` with a reason;
* ids are unique, ``source`` keys exist, every ``series`` has at least two claims.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "data" / "claims.yaml"
SCHEMA = ROOT / "data" / "claims.schema.json"
SOURCES = Path(__file__).resolve().parents[1].parent / "shared" / "sources"


# --------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def table() -> dict:
    with TABLE.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@pytest.fixture(scope="module")
def claims(table) -> list[dict]:
    return table["claims"]


@pytest.fixture(scope="module")
def sources_dir() -> Path:
    if not SOURCES.is_dir():
        pytest.skip(f"source articles not found at {SOURCES}")
    return SOURCES


def article(sources_dir: Path, table: dict, key: str) -> str:
    return (sources_dir / table["sources"][key]["file"]).read_text(encoding="utf-8")


# --------------------------------------------------------------------------- text helpers

_SPACES = {"\u00a0": " ", "\u202f": " ", "\u2007": " "}
_QUOTES = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}


def normalise(text: str) -> str:
    """Non-breaking spaces -> space, typographic quotes -> ASCII, whitespace runs -> one space."""
    for old, new in {**_SPACES, **_QUOTES}.items():
        text = text.replace(old, new)
    return re.sub(r"\s+", " ", text).strip()


_ONES = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_UNIT_WORDS = "|".join(k for k, v in _ONES.items() if v < 10)
_WORD_RE = re.compile(
    rf"\b(?:(?P<tens>{'|'.join(_TENS)})(?:[-\s](?P<unit>{_UNIT_WORDS}))?|(?P<ones>{'|'.join(_ONES)}))\b",
    re.IGNORECASE,
)
# 80,353 / 80353 / 125.8 / 74,000; "$88 million" is scaled by the word that follows.
_DIGITS_RE = re.compile(
    r"(?<![\d])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d])"
    r"(?P<scale>\s+(?:million|billion|thousand)\b)?",
    re.IGNORECASE,
)
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9}


def digit_numbers(text: str) -> list[tuple[str, float, float]]:
    """(matched text, value, value scaled by a following million/billion) for each digit group."""
    found = []
    for m in _DIGITS_RE.finditer(text):
        value = float(m.group("num").replace(",", ""))
        scale = m.group("scale")
        scaled = value * _SCALES[scale.strip().lower()] if scale else value
        found.append((m.group(0), value, scaled))
    return found


def word_numbers(text: str) -> list[tuple[str, float]]:
    found = []
    for m in _WORD_RE.finditer(text):
        if m.group("ones"):
            value = _ONES[m.group("ones").lower()]
        else:
            value = _TENS[m.group("tens").lower()] + (_ONES[m.group("unit").lower()] if m.group("unit") else 0)
        found.append((m.group(0), float(value)))
    return found


def numbers_in(text: str) -> set[float]:
    """Every number a text writes: digits (raw and money-scaled) and English number words."""
    text = normalise(text)
    values: set[float] = set()
    for _, raw, scaled in digit_numbers(text):
        values.update((raw, scaled))
    values.update(v for _, v in word_numbers(text))
    return values


def same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def figure_values(claim: dict) -> list[float]:
    out = []
    for fig in claim["figures"]:
        out.append(float(fig["value"]))
        if "high" in fig:
            out.append(float(fig["high"]))
    return out


# --------------------------------------------------------------------------- 1. schema

def test_schema_is_valid_draft_2020_12():
    from jsonschema import Draft202012Validator

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema.get("$schema") == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_table_validates_against_schema(table):
    from jsonschema import Draft202012Validator

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    errors = sorted(Draft202012Validator(schema).iter_errors(table), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(
        f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}" for e in errors
    )


def _schema() -> dict:
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


def _schema_errors(document: dict) -> list[str]:
    from jsonschema import Draft202012Validator

    return [f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}"
            for e in Draft202012Validator(_schema()).iter_errors(document)]


def _reader_fields():
    from claimcheck import table as reader

    return {"table": reader._TOP_FIELDS, "source": reader._SOURCE_FIELDS, "claim": reader._CLAIM_FIELDS,
            "figure": reader._FIGURE_FIELDS}


def _schema_fields(section: str) -> set[str]:
    schema = _schema()
    node = schema if section == "table" else schema["$defs"][section]
    return set(node["properties"])


@pytest.mark.parametrize("section", ["table", "source", "figure", "claim"])
def test_schema_knows_every_field_the_reader_accepts(section):
    missing = sorted(_reader_fields()[section] - _schema_fields(section))
    extra = sorted(_schema_fields(section) - _reader_fields()[section])
    assert (missing, extra) == ([], []), f"{section}: reader-only fields {missing}, schema-only fields {extra}"


def test_schema_enums_are_the_readers():
    from claimcheck.model import DIRECTIONS, HEDGES, RATE_PERIODS, UNITS
    from claimcheck.vocabulary import STAGE_NAMES

    defs = _schema()["$defs"]
    assert defs["claim"]["properties"]["stage"]["enum"] == list(STAGE_NAMES)
    figure = defs["figure"]["properties"]
    assert (figure["unit"]["enum"], figure["hedge"]["enum"], figure["per"]["enum"], figure["direction"]["enum"]) == \
        (list(UNITS), list(HEDGES), list(RATE_PERIODS), list(DIRECTIONS))


_SOURCE = {"file": "a.txt", "publisher": "Example News", "title": "A title", "authors": [], "date": "2018-04-05",
           "url": "https://example.org/a"}
_CLAIM = {"id": "deportations-2017", "statement": "Mexico deported 80,353 people in 2017.",
          "subject": "deportations", "keywords": ["deported"], "quote": "Mexico deported a total of 80,353 people in 2017.",
          "figures": [{"value": 80353, "unit": "people", "period": "2017"}], "source": "s1"}


def _document(claim_changes: dict | None = None, source_changes: dict | None = None, drop_source=()) -> dict:
    source = {k: v for k, v in {**_SOURCE, **(source_changes or {})}.items() if k not in drop_source}
    claim = {**_CLAIM, **(claim_changes or {})}
    return {"version": 1, "sources": {"s1": source}, "claims": [claim]}


def _reader_problems(document: dict) -> list[str]:
    from claimcheck.table import parse_table_text

    _, problems = parse_table_text(json.dumps(document).encode(), "doc.yaml")  # JSON is YAML
    return [p.message for p in problems]


# What claimcheck's reader accepts, so the schema (what editors are told) must accept too.
ACCEPTED = [
    pytest.param({}, {}, (), id="plain"),
    pytest.param({"stage": "returned", "excludes": ["voluntary returns"], "requires": ["INM"], "draft": True}, {}, (),
                 id="claim-new-fields"),
    # `extract` from standard input writes a source without `file`; the reader needs neither
    pytest.param({}, {}, ("file", "authors"), id="source-without-file-and-authors"),
    # the reader reads .md/.html sources, and `extract article.html` writes `file: article.html`
    pytest.param({}, {"file": "article.html"}, (), id="source-file-html"),
    pytest.param({"actor": "INM", "place": "Mexico", "aliases": ["INM"], "series": "mexico-deportations",
                  "cites": ["INM statistics"],
                  "figures": [{"value": 80353, "unit": "people", "period": "2017", "hedge": "exact",
                               "label": ["people"]}]}, {}, (), id="optional-fields"),
]


@pytest.mark.parametrize("claim_changes,source_changes,drop", ACCEPTED)
def test_schema_accepts_what_the_reader_accepts(claim_changes, source_changes, drop):
    document = _document(claim_changes, source_changes, drop)
    assert _reader_problems(document) == []
    assert _schema_errors(document) == []


# What the reader refuses, the schema refuses too.
REFUSED = [
    pytest.param({"figures": [{"value": 80353, "unit": "persons"}]}, {}, id="unknown-unit"),
    pytest.param({"figures": [{"value": 80353, "unit": "people", "hedge": "roughly"}]}, {}, id="unknown-hedge"),
    pytest.param({"figures": [{"value": "lots", "unit": "people"}]}, {}, id="value-not-a-number"),
    pytest.param({"figures": [{"value": 80353, "unit": "people", "period": "2017-13"}]}, {}, id="bad-period"),
    pytest.param({"id": "Deportations 2017"}, {}, id="id-not-a-slug"),
    pytest.param({"qoute": "x"}, {}, id="unknown-claim-field"),
    pytest.param({"figures": []}, {}, id="no-figures"),
    pytest.param({"keywords": []}, {}, id="no-keywords"),
    pytest.param({"stage": "bogus"}, {}, id="unknown-stage"),
    pytest.param({"draft": "maybe"}, {}, id="draft-not-a-boolean"),
    pytest.param({"requires": {"a": "b"}}, {}, id="requires-not-a-list"),
    pytest.param({}, {"date": "2018-13-05"}, id="bad-date"),
    pytest.param({}, {"url": "ftp://example.org/a"}, id="bad-url"),
]


@pytest.mark.parametrize("claim_changes,source_changes", REFUSED)
def test_schema_refuses_what_the_reader_refuses(claim_changes, source_changes):
    document = _document(claim_changes, source_changes)
    assert _reader_problems(document) != []
    assert _schema_errors(document) != []


def test_table_header_references_schema():
    first = TABLE.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=claims.schema.json"


# --------------------------------------------------------------------------- 2. quotes

def test_quotes_occur_in_their_source(table, claims, sources_dir):
    missing = []
    for claim in claims:
        text = normalise(article(sources_dir, table, claim["source"]))
        if normalise(claim["quote"]) not in text:
            missing.append(claim["id"])
    assert not missing, f"quotes not found verbatim in their source: {missing}"


def test_quotes_are_whole_sentences(claims):
    bad = []
    for claim in claims:
        q = normalise(claim["quote"])
        if not re.match(r'^["\'(]?[A-Z0-9]', q) or not re.search(r'[.!?]["\')]?$', q):
            bad.append(claim["id"])
    assert not bad, f"quotes should be full sentences: {bad}"


def test_source_metadata_matches_index(table, sources_dir):
    index_path = sources_dir / "index.yaml"
    if not index_path.exists():
        pytest.skip("no index.yaml")
    index = {e["file"]: e for e in yaml.safe_load(index_path.read_text(encoding="utf-8"))}
    by_file = {s["file"]: s for s in table["sources"].values()}
    assert set(index) == set(by_file), "every indexed article needs exactly one `sources:` entry"
    for file, entry in index.items():
        ours = by_file[file]
        assert (sources_dir / file).is_file()
        for field in ("publisher", "title", "url"):
            assert ours[field] == entry[field], (file, field)
        assert list(ours["authors"]) == list(entry.get("authors") or []), (file, "authors")
        date = entry["date"]
        date = date.isoformat() if isinstance(date, dt.date) else str(date)
        assert ours["date"] == date, (file, "date")


# --------------------------------------------------------------------------- 3. figures in quotes

def test_every_figure_value_is_written_in_its_quote(claims):
    problems = []
    for claim in claims:
        written = numbers_in(claim["quote"])
        for value in figure_values(claim):
            if not any(same(value, w) for w in written):
                problems.append(f"{claim['id']}: {value:g} not in quote")
    assert not problems, "\n".join(problems)


def test_number_parsing_helpers():
    assert numbers_in("deported a total of 80,353 people") >= {80353.0}
    assert 75_000_000.0 in numbers_in("a $75 million project")
    assert 125.8 in numbers_in("was 125.8 per month.")
    assert {30.0, 72.0} <= numbers_in("thirty interviews and seventy-two deaths")
    assert 14596.0 in numbers_in("rose to 14596 in 2017")


# --------------------------------------------------------------------------- 4. coverage

# Where each article's body ends: what follows is navigation, linked headlines of *other*
# articles, or the comment form, none of which are the article's findings.
BODY_ENDS = (
    "For more information in Spanish:",      # sipaz: linked headlines (other articles) + comment form
    "Leave a Reply",
    "Join The Conversation",                 # intercept: comment widget
    "Please let us know if you're having issues with commenting.",  # breitbart comment widget
)

# Digit strings in article bodies that are not citable figures. Each entry is an exact snippet of
# the article (it must still occur, so stale entries fail) and the reason it is not a figure.
# Dates ("Aug. 29, 2014", "April 28th", "18 Nov 2015") and bare years are skipped by rule below.
IGNORE: dict[str, list[tuple[str, str]]] = {
    "intercept-2018-caravan.txt": [
        ("“21st-Century Border", "name of one Mérida Initiative pillar, not a figure"),
        ("TENOSIQUE, MEXICO - SEPTEMBER 15:", "Getty photo-caption dateline"),
        ("on Sept. 15, 2014, in Tenosique", "photo-caption date"),
        ("Mexico in Aug. 29, 2014", "photo-caption date"),
        ("Mexico, on Aug. 29, 2014", "top-photo caption date"),
    ],
    "wola-2015-uncertain-path.txt": [
        ("18 Nov 2015 | Publication", "page dateline"),
        ("La 72, Hogar", "name of a shelter (La 72), not a figure"),
        ("by INM agents.1", "footnote marker 1"),
        ("\n1The Interior Ministry", "footnote 1 itself"),
        ("the 2014-2018 Special Migration Program", "programme name with its years"),
        ("the 2014-2018 PEM", "programme name with its years"),
    ],
    "wola-2019-harassment.txt": [
        ("2 Aug 2019 | News", "page dateline"),
    ],
    "sipaz-2021-defenders.txt": [
        ("dated April 28th", "date of the letter"),
    ],
    "breitbart-2021-caravans.txt": [],
}

# Number words ("four", "thirty") that are not figures.
WORD_IGNORE: dict[str, list[tuple[str, str]]] = {
    "intercept-2018-caravan.txt": [
        ("The two departments", "refers back to Defense and State, not a count to cite"),
        ("one of which is", "'one of' the pillars"),
    ],
    "wola-2015-uncertain-path.txt": [
        ("One of the main functions", "'one of'"),
        ("one of the most vulnerable", "'one of'"),
        ("has yet to establish one.", "pronoun"),
    ],
}

_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
)
_MESES = r"(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre)"
DATE_RES = [
    re.compile(rf"\b{_MONTHS}\s+\d{{1,2}}(?!\d)(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?", re.IGNORECASE),  # Aug. 29, 2014
    re.compile(rf"\b\d{{1,2}}\s+{_MONTHS}\s+\d{{4}}\b", re.IGNORECASE),                            # 18 Nov 2015
    re.compile(rf"\b\d{{1,2}}\s+de\s+{_MESES}(?:\s+de\s+\d{{4}})?", re.IGNORECASE),                  # 30 de abril de 2021
]
_YEAR_RE = re.compile(r"^(19|20)\d\d$")


def article_body(file: str, text: str) -> str:
    cut = min((i for i in (text.find(m) for m in BODY_ENDS) if i >= 0), default=len(text))
    return text[:cut]


def _strip(file: str, body: str, ignore: dict[str, list[tuple[str, str]]]) -> str:
    for snippet, _reason in ignore.get(file, []):
        assert snippet in body, f"{file}: IGNORE entry {snippet!r} no longer occurs; remove it"
        body = body.replace(snippet, " ")
    return body


def citable_digit_numbers(file: str, text: str) -> list[tuple[str, float]]:
    body = _strip(file, article_body(file, text), IGNORE)
    for date_re in DATE_RES:
        body = date_re.sub(" ", body)
    out = []
    for raw_text, _raw, scaled in digit_numbers(body):
        if _YEAR_RE.match(raw_text):  # a year standing alone ("in 2017", "2014 surge")
            continue
        out.append((raw_text, scaled))
    return out


def test_every_number_in_the_sources_is_in_the_table(table, claims, sources_dir):
    missing = []
    for key, src in table["sources"].items():
        text = (sources_dir / src["file"]).read_text(encoding="utf-8")
        covered = [v for c in claims if c["source"] == key for v in figure_values(c)]
        for raw_text, value in citable_digit_numbers(src["file"], text):
            if not any(same(value, v) for v in covered):
                missing.append(f"{src['file']}: {raw_text!r} ({value:g}) has no claim figure")
    assert not missing, "\n".join(missing)


def test_every_number_word_in_the_sources_is_in_the_table(table, claims, sources_dir):
    missing = []
    for key, src in table["sources"].items():
        text = (sources_dir / src["file"]).read_text(encoding="utf-8")
        body = _strip(src["file"], article_body(src["file"], text), WORD_IGNORE)
        covered = [v for c in claims if c["source"] == key for v in figure_values(c)]
        for word, value in word_numbers(body):
            if not any(same(value, v) for v in covered):
                missing.append(f"{src['file']}: {word!r} has no claim figure")
    assert not missing, "\n".join(missing)


def test_coverage_rules_catch_figures():
    # A real figure left in a body must be reported; dates and bare years must not.
    text = "On Aug. 29, 2014 and April 28th, in 2017, officials counted 4,321 raids worth $5 million."
    assert [v for _, v in citable_digit_numbers("x.txt", text)] == [4321.0, 5_000_000.0]


# --------------------------------------------------------------------------- 5. integrity

def test_ids_are_unique(claims):
    dupes = [i for i, n in Counter(c["id"] for c in claims).items() if n > 1]
    assert not dupes, f"duplicate ids: {dupes}"


def test_sources_exist(table, claims):
    unknown = sorted({c["source"] for c in claims} - set(table["sources"]))
    assert not unknown, f"claims name unknown sources: {unknown}"


def test_every_series_has_at_least_two_claims(claims):
    counts = Counter(c["series"] for c in claims if c.get("series"))
    lonely = [s for s, n in counts.items() if n < 2]
    assert not lonely, f"series with a single claim: {lonely}"


def test_series_members_share_subject(claims):
    by_series: dict[str, list[dict]] = {}
    for c in claims:
        if c.get("series"):
            by_series.setdefault(c["series"], []).append(c)
    for series, members in by_series.items():
        assert len({m["subject"] for m in members}) == 1, series


def _period_bounds(text: str) -> tuple[dt.date, dt.date]:
    def bound(part: str, end: bool) -> dt.date:
        bits = [int(b) for b in part.split("-")]
        if len(bits) == 3:
            return dt.date(*bits)
        year, month = bits[0], (bits[1] if len(bits) == 2 else (12 if end else 1))
        if not end:
            return dt.date(year, month, 1)
        nxt = dt.date(year + month // 12, month % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)

    start, _, stop = text.partition("/")
    return bound(start, False), bound(stop or start, True)


def test_periods_are_real_and_ordered(claims):
    for c in claims:
        for fig in c["figures"]:
            for key in ("period", "base"):
                if key in fig:
                    start, end = _period_bounds(fig[key])  # raises on impossible dates
                    assert start <= end, (c["id"], key, fig[key])
            if "base" in fig and "period" in fig:  # a change is measured against an earlier period
                assert _period_bounds(fig["base"])[0] < _period_bounds(fig["period"])[0], c["id"]


def test_years_are_never_figure_values(claims):
    for c in claims:
        for fig in c["figures"]:
            v = fig["value"]
            assert not (fig["unit"] in ("count", "people") and 1900 <= v <= 2099 and v == int(v)
                        and str(int(v)) in (fig.get("period") or "")), c["id"]


def test_counted_things_and_multi_figure_claims_have_labels(claims):
    unlabelled = []
    for c in claims:
        for fig in c["figures"]:
            if (fig["unit"] == "count" or len(c["figures"]) > 1) and not fig.get("label"):
                unlabelled.append(c["id"])
    assert not unlabelled, f"figures without a label: {unlabelled}"


GENERIC_KEYWORDS = {
    "migrant", "migrants", "migrante", "migrantes", "mexico", "méxico", "mexican", "people",
    "personas", "government", "gobierno", "u.s.", "us", "united states", "estados unidos",
}


def test_keywords_are_specific(claims):
    generic = {c["id"]: sorted(set(k.lower() for k in c["keywords"]) & GENERIC_KEYWORDS) for c in claims}
    generic = {k: v for k, v in generic.items() if v}
    assert not generic, f"generic words belong in actor/place, not keywords: {generic}"


def test_statements_are_one_line(claims):
    assert all("\n" not in c["statement"] for c in claims)
