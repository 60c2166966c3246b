"""Reading, validating and indexing tables (table.py, index.py, selfcheck.py, ``claimcheck validate``):
every problem with its file:line:col, naming the claim (or source) and the field."""

from __future__ import annotations

import json
import os
import re
import textwrap
from pathlib import Path

import pytest
from helpers import DEPORTATIONS_TABLE, Run, run_process

from claimcheck.commands import Common
from claimcheck.commands import validate as validate_command
from claimcheck.index import Table, default_table, load_table
from claimcheck.model import InputError
from claimcheck.selfcheck import self_check
from claimcheck.table import TableError, bundled_table, parse_table_text, parse_tables, table_paths

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT.parent / "shared" / "sources"

GOOD = DEPORTATIONS_TABLE


def write(tmp_path: Path, text: str, name: str = "t.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems_of(path: Path, sources: Path | None = None) -> list[str]:
    _, problems = parse_tables([path], sources_dir=sources)
    return [str(p) for p in problems]


def validate_in_process(capsys, *tables: Path, sources: str | None = None, fmt: str = "text"):
    """``claimcheck validate --no-bundled-table --table T...``, in this process: (status, stdout, stderr)."""
    capsys.readouterr()
    status = validate_command.run(Common(tables=tuple(str(t) for t in tables), bundled=False, no_config=True),
                                  sources, fmt)
    out = capsys.readouterr()
    return int(status), out.out, out.err


def claimcheck(*args: str, cwd: Path | None = None, env: dict | None = None) -> Run:
    return run_process(*args, cwd=cwd, env=env, timeout=60)


# --------------------------------------------------------------------------- a good table


def test_good_table_loads(tmp_path):
    table = load_table([str(write(tmp_path, GOOD))], bundled=False, use_cache=False)
    assert isinstance(table, Table)
    assert [c.id for c in table.claims] == ["deportations-2017"]
    claim = table.get("deportations-2017")
    assert claim is table.claims[0] and len(table) == 1
    assert claim.figures[0].value == 80353 and claim.figures[0].unit == "people"
    assert claim.figures[0].period.iso() == "2017"
    assert claim.source.publisher == "Example News" and claim.source.date == "2018-04-05"
    assert claim.keywords == ("deported", "deportaciones")
    assert claim.origin == (str(tmp_path / "t.yaml"), 9, 5)
    # the fields the rebuilt reader added, at their defaults
    assert (claim.stage, claim.excludes, claim.requires, claim.draft, claim.event) == ("", (), (), False, False)
    assert table.paths == [str(tmp_path / "t.yaml")]


def test_new_claim_fields_are_read(tmp_path):
    text = GOOD.replace("    place: Mexico\n", "    place: Mexico\n    stage: returned\n"
                        "    excludes: [voluntary returns]\n    requires: [INM, Instituto Nacional de Migración]\n"
                        "    draft: true\n    event: true\n    cites: [INM statistics]\n")
    claim = load_table([str(write(tmp_path, text))], bundled=False, use_cache=False).claims[0]
    assert claim.stage == "returned"
    assert claim.excludes == ("voluntary returns",)
    assert claim.requires == ("INM", "Instituto Nacional de Migración")
    assert claim.draft is True and claim.event is True
    assert claim.source.cites == ("INM statistics",)


def test_good_table_validates_with_exit_0(tmp_path, capsys):
    path = write(tmp_path, GOOD)
    status, out, err = validate_in_process(capsys, path)
    assert (status, out) == (0, "")
    assert err.strip() == f"{path}: 1 claim, no problems"
    status, out, _ = validate_in_process(capsys, path, fmt="json")
    assert status == 0 and json.loads(out) == {"claims": 1, "problems": [], "notes": []}


def test_thousands_separator_value_is_a_number(tmp_path):
    claim = load_table([str(write(tmp_path, GOOD.replace("value: 80353", "value: 80,353")))],
                       bundled=False, use_cache=False).claims[0]
    assert claim.figures[0].value == 80353.0


# --------------------------------------------------------------------------- every kind of problem, positioned

# (id, replaced, replacement, line, column, fragments the message must hold, xfail reason or None)
BROKEN = [
    ("bad-type-subject", "    subject: deportations\n", "    subject: [deportations]\n", 11, 14,
     ["claim 'deportations-2017'", "subject", "must be text, not a list"], None),
    ("bad-type-value", "      - value: 80353\n", "      - value: lots\n", 15, 16,
     ["claim 'deportations-2017'", "figure value", "must be a number", "'lots'"], None),
    ("bad-type-draft", "    place: Mexico\n", "    place: Mexico\n    draft: maybe\n", 13, 12,
     ["claim 'deportations-2017'", "draft", "true or false", "'maybe'"], None),
    ("bad-type-event", "    place: Mexico\n", "    place: Mexico\n    event: sometimes\n", 13, 12,
     ["claim 'deportations-2017'", "event", "true or false", "'sometimes'"], None),
    ("bad-type-requires", "    place: Mexico\n", "    place: Mexico\n    requires: {a: b}\n", 13, 15,
     ["claim 'deportations-2017'", "requires", "must be a list of text, not a mapping"], None),
    ("bad-period", "        period: \"2017\"\n", "        period: \"2017-13\"\n", 17, 17,
     ["claim 'deportations-2017'", "figure", "bad period '2017-13'"], None),
    ("unknown-unit", "        unit: people\n", "        unit: persons\n", 16, 15,
     ["claim 'deportations-2017'", "unit", "'persons'"], None),
    ("unknown-hedge", "        unit: people\n", "        unit: people\n        hedge: roughly\n", 17, 16,
     ["claim 'deportations-2017'", "hedge", "'roughly'"], None),
    ("unknown-stage", "    place: Mexico\n", "    place: Mexico\n    stage: bogus\n", 13, 12,
     ["claim 'deportations-2017'", "stage", "'bogus'"], None),
    ("unknown-key-claim", "    quote: ", "    qoute: ", 18, 5,
     ["claim 'deportations-2017'", "unknown field 'qoute'", "did you mean 'quote'?"], None),
    ("unknown-key-figure", "        unit: people\n", "        unit: people\n        perod: \"2017\"\n", 17, 9,
     ["claim 'deportations-2017'", "figure", "unknown field 'perod'", "did you mean 'period'?"], None),
    ("unknown-key-source", "    url: https://example.org/a\n", "    url: https://example.org/a\n    publsher: X\n",
     8, 5, ["source 's1'", "unknown field 'publsher'", "did you mean 'publisher'?"], None),
    ("duplicate-key", "    place: Mexico\n", "    place: Mexico\n    place: Mexico\n", 13, 5,
     ["claim 'deportations-2017'", "'place' appears twice"], None),
    ("missing-field", "    keywords: [deported, deportaciones]\n", "", 9, 5,
     ["claim 'deportations-2017'", "missing required field 'keywords'"], None),
    ("bad-id", "  - id: deportations-2017\n", "  - id: Deportations 2017\n", 9, 9,
     ["claim 'Deportations 2017'", "id must be a lowercase slug"], None),
    ("unknown-source", "    source: s1\n", "    source: s2\n", 19, 13,
     ["claim 'deportations-2017'", "unknown source 's2'", "(known: s1)"], None),
    ("bad-date", "    date: \"2018-04-05\"\n", "    date: \"2018-02-30\"\n", 6, 11,
     ["source 's1'", "date", "'2018-02-30'"], None),
    ("bad-url", "    url: https://example.org/a\n", "    url: ftp://example.org/a\n", 7, 10,
     ["source 's1'", "url", "http:// or https://"], None),
    ("value-not-in-quote", "      - value: 80353\n", "      - value: 80355\n", 15, 16,
     ["claim 'deportations-2017'", "figure value 80355 does not appear in the quote"], None),
    ("high-not-in-quote", "        period: \"2017\"\n", "        period: \"2017\"\n        high: 90000\n", 18, 15,
     ["claim 'deportations-2017'", "figure high 90000 does not appear in the quote"], None),
    ("control-character", "    statement: Mexico deported 80,353 people in 2017.\n",
     "    statement: \"Mexico deported 80,353 people in 2017.\\e[2J\"\n", 10, 16,
     ["claim 'deportations-2017'", "statement", "control character"], None),
    ("bad-version", "version: 1\n", "version: 2\n", 1, 10, ["table version 2 is not supported"], None),
]


def _broken_params():
    for name, old, new, line, column, fragments, bug in BROKEN:
        marks = [pytest.mark.xfail(strict=True, reason=bug)] if bug else []
        yield pytest.param(old, new, line, column, fragments, id=name, marks=marks)


@pytest.mark.parametrize("old,new,line,column,fragments", list(_broken_params()))
def test_each_validate_problem_has_position_claim_and_field(tmp_path, capsys, old, new, line, column, fragments):
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new, 1))
    at = f"{path}:{line}:{column}: "
    found = [p for p in problems_of(path) if p.startswith(at)]
    assert found, f"no problem at {at}: {problems_of(path)}"
    assert any(all(fragment in p for fragment in fragments) for p in found), found
    # `claimcheck validate` prints it and exits 1; every other command stops at it (one line)
    status, out, err = validate_in_process(capsys, path)
    assert status == 1 and found[0] in out.splitlines()
    assert re.search(r"^\d+ problems? in ", err, re.M), err
    with pytest.raises(TableError) as error:
        load_table([str(path)], bundled=False, use_cache=False)
    assert "\n" not in str(error.value) and str(error.value).startswith(f"{path}:")


def test_table_error_is_one_line_counting_the_rest(tmp_path):
    path = write(tmp_path, GOOD.replace("    quote: ", "    qoute: "))
    with pytest.raises(TableError) as error:
        load_table([str(path)], bundled=False, use_cache=False)
    assert str(error.value) == (f"{path}:9:5: claim 'deportations-2017': missing required field 'quote' "
                                f"(and 1 more problems; run `claimcheck validate`)")
    assert len(error.value.problems) == 2


def test_yaml_syntax_error_position(tmp_path):
    path = write(tmp_path, GOOD.replace("    place: Mexico\n", "    place: [Mexico\n"))
    assert problems_of(path) == [
        f"{path}:13:13: YAML syntax error: while parsing a flow sequence (opened at line 12, column 12) "
        f"did not find expected ',' or ']'"]


def test_duplicate_ids_across_tables_and_within_one(tmp_path, capsys):
    first = write(tmp_path, GOOD, "a.yaml")
    second = write(tmp_path, GOOD, "b.yaml")
    _, problems = parse_tables([first, second])
    assert [str(p) for p in problems] == [
        f"{second}:9:5: duplicate id 'deportations-2017' (first defined at {first}:9)"]
    status, out, _ = validate_in_process(capsys, first, second)
    assert status == 1
    assert out.splitlines() == [f"{second}:9:5: duplicate id 'deportations-2017' (first defined at {first}:9)"]
    twice = write(tmp_path, GOOD + GOOD.split("claims:\n", 1)[1], "twice.yaml")
    assert problems_of(twice) == [f"{twice}:20:5: duplicate id 'deportations-2017' (first defined at {twice}:9)"]


def test_aliases_are_refused(tmp_path):
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n'
    path = write(tmp_path, bomb)
    assert problems_of(path) == [f"{path}:1:4: YAML anchors and aliases are not allowed in a table; write each entry out"]


@pytest.mark.parametrize("content,message", [
    ("", ": table is empty; expected `claims:` with a list of entries"),
    ("   \n# only a comment\n", ": table is empty; expected `claims:` with a list of entries"),
    ("- just\n- a list\n", ":1:1: not a claimcheck table: expected a mapping with `claims:` (is this the right file?)"),
    ("version: 1\nclaims: 3\n", ":2:9: claims must be a list of entries, not int '3'"),
    ("claims: []\n", ":1:1: the table has no `version:`; add `version: 1` at the top"),
    ("version: 1\n", ":1:1: the table: missing required field 'claims' (a list of entries)"),
])
def test_empty_and_wrong_shapes(tmp_path, content, message):
    path = write(tmp_path, content)
    assert problems_of(path) == [f"{path}{message}"]


def test_a_new_table_with_no_claims_yet_is_fine(tmp_path):
    assert problems_of(write(tmp_path, "version: 1\nclaims:\n")) == []


def test_missing_directory_binary_and_non_utf8(tmp_path, capsys):
    missing = tmp_path / "nope.yaml"
    assert problems_of(missing) == [f"{missing}: no such table"]
    assert problems_of(tmp_path) == [f"{tmp_path}: is a directory"]
    binary = tmp_path / "b.yaml"
    binary.write_bytes(b"\x00\x01\x02claims")
    assert problems_of(binary) == [f"{binary}: binary file, not a YAML table"]
    latin = tmp_path / "l.yaml"
    latin.write_bytes(GOOD.replace("Mexico deported a", "México deported a").encode("latin-1"))
    assert problems_of(latin) == [f"{latin}:18:14: not UTF-8 (byte 0xe9); save the table as UTF-8"]
    # validate: nothing to validate is "could not run", exit 2, one line
    for path, message in ((missing, "no such table"), (tmp_path, "is a directory")):
        run = claimcheck("validate", "--no-config", "--no-bundled-table", "--table", str(path))
        assert run.returncode == 2 and run.stdout == ""
        assert run.stderr == f"claimcheck: error: {path}: {message}\n"


def test_quote_must_be_verbatim_in_sources(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "a.txt").write_text("Intro. Mexico deported a total of 80,353\u00a0people in 2017. More.", encoding="utf-8")
    path = write(tmp_path, GOOD)
    assert problems_of(path, sources) == []
    edited = write(tmp_path, GOOD.replace("a total of", "an official total of"), "edited.yaml")
    assert problems_of(edited, sources) == [
        f"{edited}:18:12: claim 'deportations-2017': quote not found verbatim in any source text"]


@pytest.fixture(scope="module")
def shared_sources() -> Path:
    if not SOURCES.is_dir():
        pytest.skip(f"source articles not found at {SOURCES}")
    return SOURCES


def test_quote_not_verbatim_in_shared_sources_is_reported_at_the_quote(tmp_path, shared_sources):
    text = bundled_table().read_text(encoding="utf-8")
    old = "deported a total of 80,353 people in 2017."
    assert text.count(old) == 1
    copy = tmp_path / "claims.yaml"
    copy.write_text(text.replace(old, "deported an official total of 80,353 people in 2017."), encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if old in row)
    run = claimcheck("validate", "--no-config", "--no-bundled-table", "--table", str(copy),
                     "--sources", str(shared_sources))
    assert run.returncode == 1, run.stderr
    assert run.stdout.splitlines() == [
        f"{copy}:{line}:12: claim 'inm-deportations-2017': quote not found verbatim in source file "
        f"'intercept-2018-caravan.txt'"]
    assert run.stderr.strip() == f"1 problem in {copy}"


def test_a_statement_its_own_figures_contradict_fails_validate(tmp_path):
    """The self-check (selfcheck.py): a planted statement whose figure disagrees with the claim's own."""
    path = write(tmp_path, GOOD.replace("statement: Mexico deported 80,353", "statement: Mexico deported 90,000"))
    run = claimcheck("validate", "--no-config", "--no-bundled-table", "--table", str(path))
    assert run.returncode == 1
    assert run.stdout.splitlines() == [
        f"{path}:9:5: claim 'deportations-2017': its statement checks as contradicted: number: says 90,000; "
        f"source says 80,353 (2017); make the statement, figures, period and keywords say the same thing"]


def test_a_planted_statement_in_the_bundled_table_fails_validate(tmp_path):
    text = bundled_table().read_text(encoding="utf-8")
    old = "statement: Mexico's National Institute of Migration (INM) deported 80,353 people in 2017."
    assert text.count(old) == 1
    copy = tmp_path / "claims.yaml"
    copy.write_text(text.replace(old, old.replace("80,353", "83,053")), encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "- id: inm-deportations-2017" in row)
    run = claimcheck("validate", "--no-config", "--no-bundled-table", "--table", str(copy))
    assert run.returncode == 1
    lines = run.stdout.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{copy}:{line}:5: claim 'inm-deportations-2017': its statement checks as "
                               f"contradicted: number: says 83,053; source says 80,353 (2017)")


def test_two_claims_answering_one_statement_differently_are_ambiguous(tmp_path, capsys):
    other = GOOD.split("claims:\n", 1)[1].replace("deportations-2017", "deportations-2017-other") \
        .replace("80,353", "95,000").replace("80353", "95000")
    path = write(tmp_path, GOOD + other)
    status, out, _ = validate_in_process(capsys, path)
    assert status == 1
    assert out.splitlines() == [
        f"{path}:9:5: claim 'deportations-2017' is ambiguous with claim 'deportations-2017-other' ({path}:20): "
        f"they answer the statement with different figures (number: says 80,353; source says 95,000 (2017)); "
        f"give them distinct keywords, periods or labels",
        f"{path}:20:5: claim 'deportations-2017-other' is ambiguous with claim 'deportations-2017' ({path}:9): "
        f"they answer the statement with different figures (number: says 95,000; source says 80,353 (2017)); "
        f"give them distinct keywords, periods or labels"]


def test_self_check_in_process(tmp_path):
    good = load_table([str(write(tmp_path, GOOD))], bundled=False, use_cache=False)
    assert self_check(good) == []
    planted = write(tmp_path, GOOD.replace("statement: Mexico deported 80,353", "statement: Mexico deported 90,000"),
                    "planted.yaml")
    claims, problems = parse_tables([planted])
    assert problems == []  # the reader alone does not see it: only the self-check does
    found = self_check(Table(claims, [str(planted)]))
    assert [(p.path, p.line, p.column, p.level) for p in found] == [(str(planted), 9, 5, "error")]
    assert found[0].message.startswith("claim 'deportations-2017': its statement checks as contradicted")


def test_a_draft_is_a_note_not_a_problem(tmp_path, capsys):
    path = write(tmp_path, GOOD.replace("    place: Mexico\n", "    place: Mexico\n    draft: true\n"))
    status, out, err = validate_in_process(capsys, path)
    assert status == 0
    assert out.splitlines() == [f"{path}:9:5: note: claim 'deportations-2017': drafted by `claimcheck extract`; "
                                f"review its figures and words, then remove `draft: true`"]
    assert err.strip() == f"{path}: 1 claim, no problems (1 note)"
    status, out, _ = validate_in_process(capsys, path, fmt="json")
    data = json.loads(out)
    assert status == 0 and data["problems"] == [] and [n["level"] for n in data["notes"]] == ["note"]
    assert list(data["notes"][0]) == ["path", "line", "column", "message", "level"]


def test_validate_json_lists_problems_with_positions(tmp_path, capsys):
    path = write(tmp_path, GOOD.replace("    source: s1\n", "    source: s2\n"))
    status, out, _ = validate_in_process(capsys, path, fmt="json")
    assert status == 1
    assert json.loads(out) == {"claims": 0, "notes": [], "problems": [
        {"path": str(path), "line": 19, "column": 13, "level": "error",
         "message": "claim 'deportations-2017': unknown source 's2' (known: s1)"}]}


def test_parse_table_text_reads_bytes_with_a_bom(tmp_path):
    claims, problems = parse_table_text(b"\xef\xbb\xbf" + GOOD.encode(), "bom.yaml")
    assert problems == [] and [c.origin for c in claims] == [("bom.yaml", 9, 5)]


# --------------------------------------------------------------------------- the bundled table


def test_bundled_table_validates_clean():
    args = ["validate", "--no-config"] + (["--sources", str(SOURCES)] if SOURCES.is_dir() else [])
    run = claimcheck(*args)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout == ""
    assert re.fullmatch(rf"{re.escape(str(bundled_table()))}: (\d+) claims, no problems\n", run.stderr), run.stderr


def test_bundled_table_in_process_has_no_problems_and_its_statements_check():
    claims, problems = parse_tables([bundled_table()], sources_dir=SOURCES if SOURCES.is_dir() else None)
    assert [str(p) for p in problems] == []
    assert len(claims) >= 25
    assert self_check(Table(claims, [str(bundled_table())])) == []


def test_default_table_is_the_bundled_one_loaded_once(monkeypatch):
    import claimcheck.index as index

    monkeypatch.delenv("CLAIMCHECK_TABLE", raising=False)
    monkeypatch.setattr(index, "_default", None)
    table = default_table()
    assert default_table() is table
    assert table.paths == [str(bundled_table())]
    assert table.get("inm-deportations-2017").figures[0].value == 80353


def test_series_are_in_period_order_whatever_the_table_order(tmp_path):
    later = GOOD.split("claims:\n", 1)[1].replace("deportations-2017", "deportations-2018") \
        .replace("2017", "2018").replace("80,353", "95,000").replace("80353", "95000")
    text = GOOD.split("claims:\n", 1)[0] + "claims:\n" + later + GOOD.split("claims:\n", 1)[1]
    text = text.replace("    place: Mexico\n", "    place: Mexico\n    series: mexico-deportations\n")
    table = load_table([str(write(tmp_path, text))], bundled=False, use_cache=False)
    assert [c.id for c in table.claims] == ["deportations-2018", "deportations-2017"]
    assert table.series == {"mexico-deportations": [1, 0]}
    assert sorted(table.topic_terms["deport"]) == [0, 1]


def test_table_env_and_merge(tmp_path, monkeypatch):
    extra = write(tmp_path, GOOD.replace("deportations-2017", "newsroom-deportations"), "extra.yaml")
    monkeypatch.setenv("CLAIMCHECK_TABLE", os.pathsep.join([str(bundled_table()), str(extra)]))
    assert table_paths() == [bundled_table(), extra]  # the bundled table named twice is read once
    table = load_table(use_cache=False)
    assert table.get("newsroom-deportations") is not None
    assert table.get("inm-deportations-2017") is not None
    monkeypatch.setenv("CLAIMCHECK_TABLE", os.pathsep)
    with pytest.raises(InputError, match="names no table"):
        table_paths()


def test_no_bundled_table_needs_a_table():
    with pytest.raises(InputError, match="--no-bundled-table needs --table PATH"):
        table_paths([], bundled=False)


def test_bundled_table_found_from_another_directory(tmp_path):
    env = {"CLAIMCHECK_CACHE_DIR": str(tmp_path / "cache")}
    run = claimcheck("check", "--no-config", "--format", "jsonl", "Mexico deported about 80,000 people in 2017",
                     cwd=tmp_path, env=env)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert (result["verdict"], result["claim"]["id"]) == ("supported", "inm-deportations-2017")
    assert list((tmp_path / "cache").glob("table-*.pickle")), "the table cache was not written"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache"], "claimcheck wrote next to the user's files"


@pytest.mark.parametrize("old,new,expected", [
    # the schema's types: a list is a list, text is text, a period is quoted
    ("keywords: [deported, deportaciones]", "keywords: deported",
     "13:15: claim 'deportations-2017': keywords must be a list of text, not one value (write [deported])"),
    ("keywords: [deported, deportaciones]", "keywords: [5]",
     "13:16: claim 'deportations-2017': keywords item must be text, not int '5' (quote it: \"5\")"),
    ('period: "2017"', "period: 2017",
     "17:17: claim 'deportations-2017': figure period must be text like \"2017\" or \"2018-01/2018-02\", "
     "not int '2017' (quote it: \"2017\")"),
    ("value: 80353", "value: " + "9" * 40,
     "15:16: claim 'deportations-2017': figure value is too large to be a figure (at most 18 digits)"),
    ("version: 1\n", "", "1:1: the table has no `version:`; add `version: 1` at the top"),
    ("title: A title", "title: \"A \x1b[31mtitle\"",
     "5:15: character U+001B is not allowed in YAML (a control character, such as a terminal escape); remove it"),
])
def test_validate_names_the_type_that_is_wrong(tmp_path, old, new, expected):
    path = tmp_path / "t.yaml"
    path.write_text(DEPORTATIONS_TABLE.replace(old, new, 1), encoding="utf-8")
    assert f"{path}:{expected}" in problems_of(path)
