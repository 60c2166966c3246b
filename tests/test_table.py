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
