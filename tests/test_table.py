"""Loading and validating tables: every problem with its file:line:col."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from claimcheck.table import TableError, bundled_table, load_table, validate

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT.parent / "shared" / "sources"

GOOD = """\
version: 1
sources:
  s1:
    publisher: Example News
    title: A title
    date: "2018-04-05"
    url: https://example.org/a
claims:
  - id: deportations-2017
    statement: Mexico deported 80,353 people in 2017.
    subject: deportations
    place: Mexico
    keywords: [deported, deportaciones]
    figures:
      - value: 80353
        unit: people
        period: "2017"
    quote: "Mexico deported a total of 80,353 people in 2017."
    source: s1
"""


def write(tmp_path: Path, text: str, name: str = "t.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems_of(path: Path, sources: str | None = None) -> list[str]:
    _, problems = validate([str(path)], sources)
    return [str(p) for p in problems]


def test_good_table_loads(tmp_path):
    table = load_table([str(write(tmp_path, GOOD))], use_cache=False)
    assert [c.id for c in table.claims] == ["deportations-2017"]
    claim = table.claims[0]
    assert claim.figures[0].value == 80353
    assert claim.figures[0].period.iso() == "2017"
    assert claim.source.publisher == "Example News"
    assert claim.origin[1] == 9


# (replacement in GOOD, expected "line:col: message" fragment)
BROKEN = [
    ("    subject: deportations\n", "    subject: [deportations]\n", ":11:14: claim 'deportations-2017': subject must be text"),
    ("        unit: people\n", "        unit: persons\n", ":16:15: unknown unit 'persons'"),
    ("        period: \"2017\"\n", "        period: \"2017-13\"\n", ":17:17: claim 'deportations-2017': figure: bad period '2017-13'"),
    ("      - value: 80353\n", "      - value: 80355\n", ":15:16: claim 'deportations-2017': figure value 80355 does not appear in the quote"),
    ("      - value: 80353\n", "      - value: lots\n", ":15:16: claim 'deportations-2017': figure value must be a number"),
    ("    source: s1\n", "    source: s2\n", ":19:13: claim 'deportations-2017': unknown source 's2' (known: s1)"),
    ("    date: \"2018-04-05\"\n", "    date: \"2018-02-30\"\n", ":6:11: source 's1': bad date '2018-02-30'"),
    ("    quote: ", "    qoute: ", ":18:5: claim 'deportations-2017': unknown field 'qoute' (did you mean 'quote'?)"),
    ("    keywords: [deported, deportaciones]\n", "", ":9:5: claim 'deportations-2017': missing required field 'keywords'"),
    ("  - id: deportations-2017\n", "  - id: Deportations 2017\n", ":9:9: claim 'Deportations 2017': id must be a lowercase slug"),
    ("        unit: people\n", "        unit: people\n        hedge: roughly\n", ":17:16: unknown hedge 'roughly'"),
]


@pytest.mark.parametrize("old,new,expected", BROKEN, ids=[b[2].split(": ", 1)[-1][:40] for b in BROKEN])
def test_each_validation_error_has_its_position(tmp_path, old, new, expected):
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new, 1))
    found = problems_of(path)
    assert any(p.startswith(str(path) + expected) for p in found), found
    with pytest.raises(TableError) as error:
        load_table([str(path)], use_cache=False)
    assert "\n" not in str(error.value)


def test_yaml_syntax_error_position(tmp_path):
    path = write(tmp_path, GOOD.replace("    place: Mexico\n", "    place: [Mexico\n"))
    found = problems_of(path)
    assert len(found) == 1
    assert found[0].startswith(f"{path}:13:13: YAML syntax error: while parsing a flow sequence (opened at line 12, column 12)")


def test_duplicate_ids_across_tables(tmp_path):
    first = write(tmp_path, GOOD, "a.yaml")
    second = write(tmp_path, GOOD, "b.yaml")
    _, problems = validate([str(first), str(second)])
    assert [str(p) for p in problems] == [
        f"{second}:9:5: duplicate id 'deportations-2017' (first defined at {first}:9)"]


def test_aliases_are_refused(tmp_path):
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n'
    path = write(tmp_path, bomb)
    found = problems_of(path)
    assert found == [f"{path}:1:4: YAML anchors and aliases are not allowed in a table; write each entry out"]


@pytest.mark.parametrize("content,message", [
    ("", "table is empty"),
    ("   \n# only a comment\n", "table is empty"),
    ("- just\n- a list\n", "the table must be a mapping"),
    ("claims: 3\n", "claims must be a list of entries"),
])
def test_empty_and_wrong_shapes(tmp_path, content, message):
    path = write(tmp_path, content)
    found = problems_of(path)
    assert found and message in found[0], found


def test_missing_directory_binary_and_non_utf8(tmp_path):
    missing = tmp_path / "nope.yaml"
    assert problems_of(missing) == [f"{missing}: table not found (give --table PATH or set CLAIMCHECK_TABLE)"]
    assert problems_of(tmp_path) == [f"{tmp_path}: is a directory, not a table file"]
    binary = tmp_path / "b.yaml"
    binary.write_bytes(b"\x00\x01\x02claims")
    assert problems_of(binary) == [f"{binary}: binary file, not a YAML table"]
    latin = tmp_path / "l.yaml"
    latin.write_bytes(GOOD.replace("Mexico deported a", "México deported a").encode("latin-1"))
    assert problems_of(latin)[0].startswith(f"{latin}:18:")
    assert "not UTF-8 (byte 0xe9)" in problems_of(latin)[0]


def test_quote_must_be_verbatim_in_sources(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "a.txt").write_text("Intro. Mexico deported a total of 80,353\u00a0people in 2017. More.", encoding="utf-8")
    path = write(tmp_path, GOOD)
    assert problems_of(path, str(sources)) == []
    edited = write(tmp_path, GOOD.replace("a total of", "an official total of"), "edited.yaml")
    assert problems_of(edited, str(sources)) == [
        f"{edited}:18:12: claim 'deportations-2017': quote not found verbatim in any source text"]


def test_bundled_table_is_clean_against_sources():
    if not SOURCES.is_dir():
        pytest.skip("../shared/sources not present")
    claims, problems = validate(None, str(SOURCES))
    assert [str(p) for p in problems] == []
    assert len(claims) >= 25


def test_table_env_and_merge(tmp_path, monkeypatch):
    extra = write(tmp_path, GOOD.replace("deportations-2017", "newsroom-deportations"), "extra.yaml")
    monkeypatch.setenv("CLAIMCHECK_TABLE", os.pathsep.join([str(bundled_table()), str(extra)]))
    table = load_table(use_cache=False)
    assert table.get("newsroom-deportations") is not None
    assert table.get("inm-deportations-2017") is not None


def test_bundled_table_found_from_another_directory(tmp_path):
    env = dict(os.environ, CLAIMCHECK_CACHE_DIR=str(tmp_path / "cache"))
    env.pop("CLAIMCHECK_TABLE", None)
    run = subprocess.run([sys.executable, "-m", "claimcheck", "check", "--format", "jsonl",
                          "Mexico deported about 80,000 people in 2017"],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert '"verdict":"supported"' in run.stdout
    assert '"id":"inm-deportations-2017"' in run.stdout
    assert list((tmp_path / "cache").glob("table-*.pickle")), "the table cache was not written"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache"], "claimcheck wrote next to the user's files"


def test_cache_is_invalidated_and_foreign_files_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(tmp_path / "cache"))
    path = write(tmp_path, GOOD)
    assert load_table([str(path)]).claims[0].statement.startswith("Mexico deported 80,353")
    cached = list((tmp_path / "cache").glob("table-*.pickle"))
    assert len(cached) == 1
    # A foreign or corrupt file under the same name is ignored and rebuilt, never trusted.
    cached[0].write_bytes(b"not a cache")
    assert load_table([str(path)]).claims[0].id == "deportations-2017"
    # Editing the YAML invalidates the cache.
    text = GOOD.replace("statement: Mexico deported 80,353", "statement: Edited, Mexico deported 80,353")
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(1, 2_000_000_000_000_000_000))
    assert load_table([str(path)]).claims[0].statement.startswith("Edited,")


def test_table_caches_are_bounded_oldest_deleted_first(tmp_path, monkeypatch):
    """Each edit of a table makes a new cache key: past ``TABLES_KEPT`` files the oldest go, never the
    one just written, and nothing but table caches is touched."""
    from claimcheck import cache

    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "TABLES_KEPT", 3)
    path = write(tmp_path, GOOD)
    (tmp_path / "cache").mkdir(exist_ok=True)
    other = tmp_path / "cache" / "regex-code.pickle"
    other.write_bytes(b"kept")
    written = []
    for edit in range(6):
        path.write_text(GOOD.replace("statement: Mexico deported 80,353", f"statement: Edit {edit}, Mexico deported 80,353"),
                        encoding="utf-8")
        os.utime(path, ns=(1, 1_000_000_000 * (edit + 1)))
        assert load_table([str(path)]).claims[0].statement.startswith(f"Edit {edit},")
        newest = max((tmp_path / "cache").glob("table-*.pickle"), key=lambda p: p.stat().st_mtime_ns)
        written.append(newest.name)
        os.utime(newest, ns=(1, 1_000_000_000 * (edit + 1)))  # distinct write times, oldest first
    left = sorted(p.name for p in (tmp_path / "cache").glob("table-*.pickle"))
    assert len(left) == 3 and written[-1] in left
    assert set(left) <= set(written[-4:])  # only recent ones survive
    assert other.read_bytes() == b"kept"
    # The last edit still loads from its cache (same statement, no rebuild needed).
    assert load_table([str(path)]).claims[0].statement.startswith("Edit 5,")


# --------------------------------------------------------------------------- the compact table and its index
#
# Claims are stored in columns and one text buffer, postings are arrays of claim numbers, claim words
# are numbers: these tests hold the compact forms to the plain ones they replaced.

import math
import pickle
from array import array

from claimcheck import cache as cache_module
from claimcheck import match
from claimcheck.figures import fold, words_of
from claimcheck.model import Claim, Figure, Period, Source
from claimcheck.table import ClaimList, IdIndex, build_index, parse_tables, stem


@pytest.fixture(scope="module")
def mixed_claims(tmp_path_factory) -> list[Claim]:
    """The bundled claims and 400 synthetic ones (series, ranges, rates, Spanish, cites ...)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import synthetic_table as syn
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    path = tmp_path_factory.mktemp("syn") / "synthetic.yaml"
    syn.write_table(path, 400, seed=3)
    claims, problems = parse_tables([bundled_table(), path])
    assert not problems
    return claims


def _odd_claims() -> list[Claim]:
    """Claims the loader never makes (an int value, a list label, a NaN high, a non-str id): kept as they are."""
    period = Period(__import__("datetime").date(2017, 1, 1), __import__("datetime").date(2017, 12, 31), "2017")
    source = Source("P", "T", "2018-01-01", "https://example.org")
    return [
        Claim("odd-int", "Int value 80353.", "deportations", (Figure(80353, "people", period=period),), "q 80353",
              source, keywords=("deported",)),
        Claim("odd-label", "A list label.", "deportations", (Figure(5.0, "count", label=["cases"]),
                                                             Figure(7.5, "percent", high=float("nan"))),
              "q", source, keywords=("deported",)),
        Claim(42, "Not a string id.", "deportations", (Figure(1.0),), "q", source, keywords=("deported",)),
        Claim("odd-\ud800-surrogate", "A lone surrogate \udfff.", "deportations", (Figure(3.0),), "q \ud800",
              source, keywords=("deported",), origin=("t.yaml", 3, 5)),
    ]


def _same_claim(a: Claim, b: Claim) -> bool:
    """Equal (by repr: a NaN is not equal to itself), and in the types of every field and figure field
    (80353 stays an int)."""
    def types(claim):
        return [type(x) for x in claim] + [type(x) for f in claim.figures for x in f] + [type(claim.figures)]
    return repr(a) == repr(b) and types(a) == types(b)


def test_claim_list_makes_the_claims_it_was_given(mixed_claims, monkeypatch):
    claims = mixed_claims + _odd_claims()
    monkeypatch.setattr(ClaimList, "MADE_MAX", 0)  # never keep the given objects: make every claim
    monkeypatch.setattr(ClaimList, "FIGURES_KEPT", 3)  # and drop made figures all the time
    stored = ClaimList(claims)
    again = pickle.loads(pickle.dumps(stored, protocol=5))
    for listing in (stored, again):
        assert len(listing) == len(claims)
        for i, claim in enumerate(claims):
            assert _same_claim(listing[i], claim), i
            assert repr(listing.figures(i)) == repr(claim.figures)
            assert listing.series(i) == claim.series and listing.id_of(i) == claim.id
        assert _same_claim(listing[-1], claims[-1])
        assert [c.id for c in listing] == [c.id for c in claims]
        with pytest.raises(IndexError):
            listing[len(claims)]
    assert stored._odd and set(stored._odd) == {len(mixed_claims) + 2}  # the non-str id only
    assert len(stored._odd_figures) == 3  # the int value, the list label, the NaN high


def test_small_table_keeps_its_own_claim_objects(mixed_claims):
    stored = ClaimList(mixed_claims[:50])
    assert all(stored[i] is claim for i, claim in enumerate(mixed_claims[:50]))


def test_claim_list_shares_what_repeats(mixed_claims):
    stored = ClaimList(mixed_claims)
    assert len(stored._periods) < sum(len(c.figures) for c in mixed_claims)
    assert len({id(s) for s in stored._source}) == len(set(stored._source))
    assert isinstance(stored._text, bytes) and isinstance(stored._fig_value, array)


def test_id_index_is_a_mapping_like_the_dict_it_replaces(mixed_claims):
    claims = mixed_claims + _odd_claims() + [mixed_claims[3]._replace(statement="A repeated id: the last wins.")]
    index = IdIndex(ClaimList(claims))
    expected = {}
    for i, claim in enumerate(claims):
        expected[claim.id] = i
    assert list(index) == list(expected) and len(index) == len(expected)
    assert dict(index.items()) == expected
    for claim_id, i in expected.items():
        assert index[claim_id] == i and index.get(claim_id) == i and claim_id in index
    assert index.get("no-such-claim") is None and index.get("no-such-claim", -1) == -1
    assert "no-such-claim" not in index and None not in index
    with pytest.raises(KeyError):
        index["no-such-claim"]


def test_id_index_is_not_fooled_by_a_hash_collision():
    from zlib import crc32

    a, b = "claim-29685295", "claim-32060020"
    assert crc32(a.encode()) == crc32(b.encode())
    source = Source("P", "T", "2018-01-01", "https://example.org")
    claims = [Claim(x, "s", "subject", (Figure(1.0),), "q", source) for x in (b, "other", a)]
    index = IdIndex(ClaimList(claims))
    assert (index[a], index[b], index.get("claim-1")) == (2, 0, None)


def _reference_index(claims: list[Claim]) -> dict:
    """The index as build_index made it before it was compacted (plain dicts, lists and tuples)."""
    from claimcheck.vocabulary import PLACE_OF

    out = {"topic_terms": {}, "topic_phrases": {}, "doc_freq": {}, "series": {}, "claim_words": [], "claim_names": [],
           "claim_places": [], "by_id": {}, "alias_phrases": {}}
    for i, claim in enumerate(claims):
        out["by_id"][claim.id] = i
        topic, phrase_words = set(), set()
        for phrase in (claim.subject, *claim.keywords):
            words = tuple(stem(w) for w in words_of(phrase))
            if not words:
                continue
            if len(words) == 1:
                topic.add(words[0])
            else:
                out["topic_phrases"].setdefault(words[0], []).append((words, i))
                phrase_words.update(words)
        for term in topic:
            out["topic_terms"].setdefault(term, []).append(i)
        names = {stem(w) for text in (claim.actor, claim.place, *claim.aliases) for w in words_of(text)}
        context = set(names) | {stem(w) for w in words_of(claim.statement)}
        for figure in claim.figures:
            context.update(stem(fold(w)) for w in figure.label)
        context |= topic | phrase_words
        for term in context:
            out["doc_freq"][term] = out["doc_freq"].get(term, 0) + 1
        out["claim_words"].append(context)
        out["claim_names"].append(tuple(sorted(names)))
        out["claim_places"].append(tuple(sorted({PLACE_OF[w] for w in context if w in PLACE_OF})))
        if claim.series:
            out["series"].setdefault(claim.series, []).append(i)
    owners = {}
    for i, claim in enumerate(claims):
        for alias in claim.aliases:
            words = tuple(stem(w) for w in words_of(alias))
            if len(words) >= 2:
                owners.setdefault(words, set()).add(i)
    for words, claims_with in owners.items():
        if len(claims_with) <= 2:
            for i in claims_with:
                out["alias_phrases"].setdefault(words[0], []).append((words, i))
    n = max(len(claims), 1)
    out["idf"] = {term: math.log(1 + n / df) for term, df in out["doc_freq"].items()}
    from claimcheck.table import _claim_start

    for members in out["series"].values():
        members.sort(key=lambda j: _claim_start(claims[j]))
    out["vocabulary"] = sorted(out["topic_terms"])
    return out


def _assert_same_lookups(table, ref: dict) -> None:
    assert {s: list(v) for s, v in table.topic_terms.items()} == ref["topic_terms"]
    assert table.idf == ref["idf"] and table.vocabulary == ref["vocabulary"]
    assert {s: list(v) for s, v in table.series.items()} == ref["series"]
    assert table.claim_names == ref["claim_names"] and table.claim_places == ref["claim_places"]
    assert table.alias_phrases == ref["alias_phrases"]
    assert dict(table.by_id.items()) == ref["by_id"]
    stems = {number: term for term, number in table.term_ids.items()}
    assert [{stems[ord(c)] for c in table.claim_words[i]} for i in range(len(table))] == ref["claim_words"]
    assert set(table.term_ids) == set(table.idf)
    for first, pairs in ref["topic_phrases"].items():
        groups = table.topic_phrases[first]
        assert {(words, i) for words, members in groups for i in members} == set(pairs)
        for _, members in groups:  # claims in table order, each once
            assert list(members) == sorted(set(members))
    assert set(table.topic_phrases) == set(ref["topic_phrases"])


def test_index_answers_the_same_lookups_as_the_plain_index(mixed_claims):
    claims = mixed_claims + [c for c in _odd_claims() if isinstance(c.id, str) and c.id.isascii()]
    table = build_index(claims)
    ref = _reference_index(claims)
    _assert_same_lookups(table, ref)
    _assert_same_lookups(pickle.loads(pickle.dumps(table, protocol=5)), ref)
    assert any(len(groups) > 1 for groups in table.topic_phrases.values())  # merged look-ups are exercised


def _verdicts(table, sentences) -> list:
    out = []
    for sentence in sentences:
        result = match.check(sentence, table, top=3)
        out.append((result.verdict, result.reasons, result.score, result.claim,
                    [(f.verdict, f.claim_id, f.matched) for f in result.figures], result.alternatives))
    return out


def test_same_verdicts_from_the_cache_and_with_small_memos(mixed_claims, tmp_path, monkeypatch):
    """A table read back from the cache (claims made from the columns) and memos that drop entries all
    the time give the very verdicts of the table as built."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import synthetic_table as syn
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    sentences = syn.sentences(mixed_claims, 400, seed=9)
    built = build_index(mixed_claims)
    expected = _verdicts(built, sentences)
    monkeypatch.setattr(ClaimList, "MADE_MAX", 2)
    monkeypatch.setattr(ClaimList, "FIGURES_KEPT", 5)
    monkeypatch.setattr(match, "TARGETS_KEPT", 7)
    loaded = pickle.loads(pickle.dumps(built, protocol=5))
    assert _verdicts(loaded, sentences) == expected
    kept, _, held, _ = match._target_cache(loaded)
    assert 0 < held[0] <= 7 and held[0] == sum(len(e[0] if e[1] is None else e[1]) for e in kept.values())
    assert len(loaded.claims._made) <= 2


def test_cache_round_trip_and_stale_format_rebuilt(mixed_claims, tmp_path, monkeypatch):
    import claimcheck.table as table_module

    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "t.yaml"
    path.write_text(textwrap.dedent(GOOD), encoding="utf-8")
    parsed = []
    real_parse = table_module.parse_tables

    def spy(*a, **k):
        parsed.append(1)
        return real_parse(*a, **k)

    monkeypatch.setattr(table_module, "parse_tables", spy)
    monkeypatch.setattr(cache_module, "FORMAT", cache_module.FORMAT - 1)  # a cache written by an older layout
    old = load_table([str(path)])
    assert parsed == [1] and len(list((tmp_path / "cache").glob("table-*.pickle"))) == 1
    monkeypatch.undo()
    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(table_module, "parse_tables", spy)
    fresh = load_table([str(path)])  # another key: the old file is not read, the table is rebuilt
    assert parsed == [1, 1]
    again = load_table([str(path)])  # and now read from the cache
    assert parsed == [1, 1]
    assert isinstance(again.claims, ClaimList) and isinstance(again.by_id, IdIndex)
    assert list(again.claims) == list(fresh.claims) == list(old.claims)
    _assert_same_lookups(again, _reference_index(list(fresh.claims)))


def test_cache_unpickler_refuses_arrays_of_objects_and_other_modules():
    import io

    allowed = pickle.dumps(array("I", [1, 2, 3]), protocol=5)
    assert cache_module._Unpickler(io.BytesIO(allowed)).load() == array("I", [1, 2, 3])
    with pytest.raises(pickle.UnpicklingError):
        cache_module._Unpickler(io.BytesIO(pickle.dumps(__import__("collections").OrderedDict(), protocol=5))).load()


def test_series_changes_made_only_for_sentences_that_state_changes(mixed_claims, monkeypatch):
    """A sentence without a percent, a multiplier or a difference cannot meet a series change, so
    those targets are not made for it: the verdicts are those of always making them."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import synthetic_table as syn
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    from claimcheck.figures import read

    sentences = syn.sentences(mixed_claims, 600, seed=4) + [
        "Deportations rose 12% in 2018 from 2017.", "Deportations doubled between 2016 and 2018.",
        "Mexico deported 5,000 more people in 2018 than in 2017.", "Mexico deported 80,353 people in 2017."]
    assert 0 < sum(match._states_changes(read(s).figures) for s in sentences) < len(sentences)
    lazily = _verdicts(build_index(mixed_claims), sentences)
    monkeypatch.setattr(match, "_states_changes", lambda figures: True)
    assert _verdicts(build_index(mixed_claims), sentences) == lazily
