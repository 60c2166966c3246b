"""``claimcheck lint`` through every emitter (src/claimcheck/output/): text, concise, json, jsonl, github,
sarif, claimreview, on one small draft (tests/fixtures/output/draft.md) whose findings are known:
a supported, several contradicted (one in Spanish, one mid-line, one with a percent), an unverified
sentence; and a hostile draft whose sentences carry terminal escapes and control characters."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from helpers import Run, run_in_process, run_process

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "output" / "draft.md"
SARIF_SCHEMA = Path(__file__).resolve().parent / "schemas" / "sarif-schema-2.1.0.json"
FORMATS = ("text", "concise", "json", "jsonl", "github", "sarif", "claimreview")
INM = "inm-deportations-2017"
APPREHENSIONS = "mexico-migrant-apprehensions-change-2014-2015"

# line, column, end column (inclusive) of the deciding figure; verdict; the figure; the claim; the fix
EXPECTED = [
    (3, 17, 22, "supported", "80,353", INM, None),
    (5, 18, 23, "contradicted", "83,053", INM, "80,353"),
    (7, 24, 28, "unverified", "4,512", None, None),
    (9, 18, 27, "contradicted", "83 mil 053", INM, "80 mil 353"),
    (11, 73, 78, "contradicted", "83,053", INM, "80,353"),
    (13, 38, 40, "contradicted", "80%", APPREHENSIONS, "73"),
]
# the part of the figure a fix replaces ("80" of "80%")
FIX_TEXT = {5: "83,053", 9: "83 mil 053", 11: "83,053", 13: "80"}

HOSTILE = ("# Hostile\n\n"
           "The INM deported 83,053 people in 2017.\x1b]52;c;SGVsbG8=\x07 Then \x1b[2J\x9b31m \u202ethe INM "
           "deported 83,053 people in 2017.\x08\r\n\n"
           "::error file=x.md,line=1::The INM deported 83,053 people in 2017.\n\n"
           "The club sold 4,512 tickets\x1b[31m in 2019.\n")
_SGR = re.compile(r"\x1b\[[0-9;]*m")
_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")  # all but \n


def claimcheck_process(*args: str, cwd: Path) -> Run:
    """``python -m claimcheck ARGS`` in a process of its own: the bytes a pipe receives (colour
    settings removed, not forced off)."""
    return run_process(*args, cwd=cwd, no_color=False, timeout=60)


def claimcheck(*args: str, cwd: Path) -> Run:
    """The same command line run in this process (``cli.main``, exit status and all): much faster."""
    return run_in_process(*args, cwd=cwd, no_color=False)


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("output")
    shutil.copy(FIXTURE, folder / "draft.md")
    (folder / "hostile.md").write_text(HOSTILE, encoding="utf-8", newline="")
    (folder / "bad.md").write_bytes("The INM deported 83,053 people in 2017 \u00e9.\n".encode("latin-1"))
    return folder


@pytest.fixture(scope="module")
def lint(work):
    """``lint(fmt, *files, extra=())``: ``claimcheck lint --show all --no-config --format fmt FILES``, run
    once per distinct command in this module."""
    done: dict = {}

    def run(fmt: str, *files: str, extra: tuple = ()) -> Run:
        args = ("lint", "--show", "all", "--format", fmt, *extra, *(files or ("draft.md",)))
        if "--config" not in extra:
            args = args + ("--no-config",)
        if args not in done:
            done[args] = claimcheck(*args, cwd=work)
        return done[args]

    return run


def fixture_lines() -> list[str]:
    return FIXTURE.read_text(encoding="utf-8").split("\n")


@pytest.mark.parametrize("fmt", ["text", "github", "sarif"])
def test_a_process_of_its_own_writes_what_this_process_does(lint, work, fmt):
    alone = claimcheck_process("lint", "--show", "all", "--format", fmt, "draft.md", "--no-config", cwd=work)
    here = lint(fmt)
    assert (alone.returncode, alone.stdout, alone.stderr) == (here.returncode, here.stdout, here.stderr)


def test_the_expectations_match_the_fixture_text():
    lines = fixture_lines()
    for line, column, end, _, figure, _, _ in EXPECTED:
        assert lines[line - 1][column - 1:end] == figure
    for line, text in FIX_TEXT.items():
        column = next(e[1] for e in EXPECTED if e[0] == line)
        assert lines[line - 1][column - 1:column - 1 + len(text)] == text


# --------------------------------------------------------------------------- concise


def test_concise_is_one_line_per_finding(lint):
    run = lint("concise")
    assert run.returncode == 1 and run.stderr == ""
    assert run.stdout.splitlines() == [
        f"draft.md:3:17: supported: number: 80,353 agrees with 80,353 (2017) [{INM}]",
        f"draft.md:5:18: contradicted: number: says 83,053; source says 80,353 (2017) [{INM}]",
        "draft.md:7:24: unverified: 4,512: the table has no figure of this kind for the subject",
        f"draft.md:9:18: contradicted: number: says 83 mil 053; source says 80,353 (2017) (fix: 80 mil 353) [{INM}]",
        f"draft.md:11:73: contradicted: number: says 83,053; source says 80,353 (2017) [{INM}]",
        f"draft.md:13:38: contradicted: number: says 80%; source says up 73% (July 2014-June 2015) "
        f"(fix: 73) [{APPREHENSIONS}]",
    ]
    for row in run.stdout.splitlines():
        assert re.fullmatch(r"draft\.md:\d+:\d+: (supported|contradicted|unverified): .+", row)


def test_concise_file_error_line(lint):
    run = lint("concise", "bad.md")
    assert run.returncode == 2
    assert run.stdout.startswith("bad.md:1:40: error: E902 cannot decode byte 0xe9")
    assert len(run.stdout.splitlines()) == 1


# --------------------------------------------------------------------------- json / jsonl

FINDING_KEYS = ["path", "line", "column", "end_line", "end_column", "text", "verdict", "reasons", "score",
                "figures", "claim"]
FIGURE_KEYS = ["text", "start", "end", "value", "high", "unit", "per", "hedge", "period", "direction", "verdict",
               "reasons", "claim_id", "slot"]
CLAIM_KEYS = ["id", "statement", "quote", "figures", "source"]
CLAIM_FIGURE_KEYS = ["value", "high", "unit", "per", "hedge", "period", "base", "direction", "label"]
SOURCE_KEYS = ["publisher", "title", "authors", "date", "url", "cites"]
RESULT_KEYS = ["text", "verdict", "reasons", "score", "figures", "claim"]


def test_json_document_and_its_keys(lint):
    run = lint("json")
    assert run.returncode == 1
    data = json.loads(run.stdout)
    assert list(data) == ["version", "findings", "errors", "summary"]
    assert data["version"] == 1 and data["errors"] == []
    assert data["summary"] == {"supported": 1, "contradicted": 4, "unverified": 1}
    findings = data["findings"]
    assert [(f["line"], f["verdict"], (f["claim"] or {}).get("id")) for f in findings] == \
        [(e[0], e[3], e[5]) for e in EXPECTED]
    for f, (line, column, end, _, figure, claim_id, fix) in zip(findings, EXPECTED):
        # "notes" (a newer figure of the series) comes only with a note to give; the rest always
        notes = ["notes"] if "notes" in f else []
        assert list(f) == FINDING_KEYS + notes + ["figure_at"] + (["fix"] if fix else []), line
        if notes:
            assert f["verdict"] == "supported" and f["notes"] and all(n.startswith("newer: ") for n in f["notes"])
        assert f["path"] == "draft.md"
        assert f["figure_at"] == {"line": line, "column": column, "end_line": line, "end_column": end}
        for fr in f["figures"]:
            assert list(fr) == FIGURE_KEYS
        assert f["figures"][0]["text"] == figure
        if claim_id:
            assert list(f["claim"]) == CLAIM_KEYS
            assert list(f["claim"]["source"]) == SOURCE_KEYS
            assert all(list(cf) == CLAIM_FIGURE_KEYS for cf in f["claim"]["figures"])
        else:
            assert f["claim"] is None
        if fix:
            assert f["fix"]["replacement"] == fix and list(f["fix"]) == ["replacement", "figure", "start", "end"]
            assert f["text"][f["fix"]["start"]:f["fix"]["end"]] == FIX_TEXT[line]
    # each finding compact, on a line of its own
    assert sum(1 for row in run.stdout.splitlines() if row.startswith('    {"path":')) == 6


def test_jsonl_is_the_json_findings_one_per_line(lint):
    rows = lint("jsonl").stdout.splitlines()
    assert [json.loads(row) for row in rows] == json.loads(lint("json").stdout)["findings"]
    assert all(" " not in row.split('"text"')[0] for row in rows)  # compact separators


def test_jsonl_file_error_keys(lint):
    run = lint("jsonl", "bad.md")
    assert run.returncode == 2
    rows = [json.loads(row) for row in run.stdout.splitlines()]
    assert [list(r) for r in rows] == [["path", "code", "message"]]
    assert rows[0]["path"] == "bad.md" and rows[0]["code"] == "E902"


def test_check_json_result_keys(work):
    run = claimcheck("check", "--no-config", "--format", "json", "The INM deported 83,053 people in 2017.",
                     "The football club sold 4,512 season tickets in 2019.", cwd=work)
    assert run.returncode == 1
    results = json.loads(run.stdout)
    assert [list(r) for r in results] == [RESULT_KEYS, RESULT_KEYS]
    assert [r["verdict"] for r in results] == ["contradicted", "unverified"]
    assert list(results[0]["figures"][0]) == FIGURE_KEYS and list(results[0]["claim"]) == CLAIM_KEYS
    top = claimcheck("check", "--no-config", "--format", "jsonl", "--top", "2",
                     "The INM deported 83,053 people in 2017.", cwd=work)
    result = json.loads(top.stdout)
    assert list(result) == RESULT_KEYS + ["alternatives"]
    assert all(list(a) == ["id", "score"] for a in result["alternatives"]) and 1 <= len(result["alternatives"]) <= 2


# --------------------------------------------------------------------------- sarif


def _sarif_validator():
    import jsonschema

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)  # the draft its $schema names (draft-04)
    assert validator is jsonschema.Draft4Validator
    validator.check_schema(schema)
    return validator(schema)


def assert_valid_sarif(log: dict) -> None:
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in _sarif_validator().iter_errors(log)]
    assert errors == []


def test_sarif_validates_and_points_at_the_figures(lint):
    run = lint("sarif")
    assert run.returncode == 1
    log = json.loads(run.stdout)
    assert_valid_sarif(log)
    assert log["version"] == "2.1.0"
    (sarif_run,) = log["runs"]
    assert sarif_run["columnKind"] == "unicodeCodePoints"
    rules = sarif_run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["claimcheck/contradicted", "claimcheck/unverified", "claimcheck/supported"]
    assert [r["defaultConfiguration"]["level"] for r in rules] == ["error", "warning", "note"]
    assert all(r["shortDescription"]["text"] and r["fullDescription"]["text"] for r in rules)
    results = sarif_run["results"]
    assert len(results) == len(EXPECTED)
    level = {"supported": "note", "contradicted": "error", "unverified": "warning"}
    for result, (line, column, end, verdict, _, claim_id, _) in zip(results, EXPECTED):
        assert result["ruleId"] == f"claimcheck/{verdict}"
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] == level[verdict]
        assert result["message"]["text"].startswith(f"{verdict}: ")
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"] == {"uri": "draft.md", "uriBaseId": "%SRCROOT%"}
        region = physical["region"]
        assert (region["startLine"], region["startColumn"], region["endLine"], region["endColumn"]) == \
            (line, column, line, end + 1)  # endColumn: the column after the region
        assert result["properties"]["claimId"] == claim_id
        assert re.fullmatch(r"[0-9a-f]{64}", result["partialFingerprints"]["claimcheck/v1"])
    assert "invocations" not in sarif_run or all(i["executionSuccessful"] for i in sarif_run["invocations"])


def test_sarif_regions_are_the_figures_in_the_file(lint):
    lines = fixture_lines()
    for result in json.loads(lint("sarif").stdout)["runs"][0]["results"]:
        region = result["locations"][0]["physicalLocation"]["region"]
        covered = lines[region["startLine"] - 1][region["startColumn"] - 1:region["endColumn"] - 1]
        assert re.fullmatch(r"\d[\d,]*%?|\d+ mil \d+", covered), covered


def test_sarif_snippet_is_the_region_text(lint):
    lines = fixture_lines()
    for result in json.loads(lint("sarif").stdout)["runs"][0]["results"]:
        region = result["locations"][0]["physicalLocation"]["region"]
        covered = lines[region["startLine"] - 1][region["startColumn"] - 1:region["endColumn"] - 1]
        if "snippet" in region:
            assert region["snippet"]["text"] == covered


def test_sarif_fixes_replace_the_number_with_the_sources(lint, work, tmp_path):
    results = json.loads(lint("sarif").stdout)["runs"][0]["results"]
    lines = fixture_lines()
    fixed = list(lines)
    with_fixes = {}
    for result in results:
        line = result["locations"][0]["physicalLocation"]["region"]["startLine"]
        if "fixes" not in result:
            continue
        (fix,) = result["fixes"]
        (change,) = fix["artifactChanges"]
        assert change["artifactLocation"] == {"uri": "draft.md", "uriBaseId": "%SRCROOT%"}
        (replacement,) = change["replacements"]
        region = replacement["deletedRegion"]
        assert region["startLine"] == region["endLine"] == line
        start, stop = region["startColumn"] - 1, region["endColumn"] - 1
        assert lines[line - 1][start:stop] == FIX_TEXT[line]
        new = replacement["insertedContent"]["text"]
        assert fix["description"]["text"] == f"Use the source's figure: {new}"
        with_fixes[line] = new
        fixed[line - 1] = fixed[line - 1][:start] + new + fixed[line - 1][stop:]
    assert with_fixes == {e[0]: e[6] for e in EXPECTED if e[6]}
    # the fixed draft: every contradicted sentence is now supported
    (tmp_path / "draft.md").write_text("\n".join(fixed), encoding="utf-8")
    run = claimcheck("lint", "--no-config", "--show", "all", "--format", "jsonl", "draft.md", cwd=tmp_path)
    assert run.returncode == 0, run.stdout
    verdicts = {json.loads(row)["line"]: json.loads(row)["verdict"] for row in run.stdout.splitlines()}
    assert verdicts == {3: "supported", 5: "supported", 7: "unverified", 9: "supported", 11: "supported",
                        13: "supported"}


def _fingerprints(log: dict) -> list[tuple[int, str]]:
    return [(r["locations"][0]["physicalLocation"]["region"]["startLine"], r["partialFingerprints"]["claimcheck/v1"])
            for r in log["runs"][0]["results"]]


def test_sarif_fingerprints_are_stable_across_runs_and_moves(lint, work, tmp_path):
    """common.fingerprint hashes the path, the whitespace-normalised sentence and the claim id: the same
    in every run, and unchanged when the sentence moves down a line."""
    first = _fingerprints(json.loads(lint("sarif").stdout))
    again = _fingerprints(json.loads(claimcheck_process("lint", "--no-config", "--show", "all", "--format",
                                                        "sarif", "draft.md", cwd=work).stdout))  # another process
    assert again == first
    assert len({fp for _, fp in first}) == len(first)  # distinct sentences, distinct fingerprints
    (tmp_path / "draft.md").write_text("\n" + FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    moved = _fingerprints(json.loads(claimcheck("lint", "--no-config", "--show", "all", "--format", "sarif",
                                                "draft.md", cwd=tmp_path).stdout))
    assert [line for line, _ in moved] == [line + 1 for line, _ in first]
    assert [fp for _, fp in moved] == [fp for _, fp in first]
    # another file with the same sentences is another set of results
    shutil.copy(FIXTURE, tmp_path / "other.md")
    other = _fingerprints(json.loads(claimcheck("lint", "--no-config", "--show", "all", "--format", "sarif",
                                                "other.md", cwd=tmp_path).stdout))
    assert not {fp for _, fp in other} & {fp for _, fp in first}


def test_sarif_invocations_report_an_unreadable_file(lint):
    run = lint("sarif", "bad.md", "draft.md")
    assert run.returncode == 2
    log = json.loads(run.stdout)
    assert_valid_sarif(log)
    (sarif_run,) = log["runs"]
    (invocation,) = sarif_run["invocations"]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and note["descriptor"] == {"id": "E902"}
    assert note["message"]["text"].startswith("cannot decode byte 0xe9")
    location = note["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "bad.md"
    assert (location["region"]["startLine"], location["region"]["startColumn"]) == (1, 40)  # the bad byte
    assert len(sarif_run["results"]) == len(EXPECTED)  # the readable file is still reported


# --------------------------------------------------------------------------- github

_ANNOTATION = re.compile(r"^::(?P<command>error|warning|notice) (?P<props>[^:]*)::(?P<message>.*)$")
_UNESCAPE = (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%"))


def parse_annotation(row: str) -> tuple[str, dict, str]:
    """A workflow command as GitHub's runner reads it; properties must have ':' and ',' escaped."""
    m = _ANNOTATION.match(row)
    assert m, f"not a well-formed annotation (unescaped ':' in a property?): {row}"
    props = {}
    for item in m.group("props").split(","):
        key, _, value = item.partition("=")
        for escaped, raw in _UNESCAPE:
            value = value.replace(escaped, raw)
        props[key] = value
    assert re.findall(r"%(?!25|0D|0A)", m.group("message")) == [], m.group("message")
    return m.group("command"), props, m.group("message")


def test_github_annotations(lint):
    run = lint("github")
    assert run.returncode == 1
    rows = run.stdout.splitlines()
    assert rows[-1] == "6 sentences checked: 1 supported, 4 contradicted, 1 unverified"
    annotations = [parse_annotation(row) for row in rows[:-1]]
    command = {"supported": "notice", "contradicted": "error", "unverified": "warning"}
    lines = fixture_lines()
    for (cmd, props, message), (line, column, end, verdict, figure, claim_id, fix) in zip(annotations, EXPECTED):
        assert cmd == command[verdict]
        assert list(props) == ["file", "line", "col", "endLine", "endColumn", "title"]
        assert props["file"] == "draft.md"
        assert (int(props["line"]), int(props["col"]), int(props["endLine"]), int(props["endColumn"])) == \
            (line, column, line, end + 1)
        assert lines[line - 1][int(props["col"]) - 1:int(props["endColumn"]) - 1] == figure
        assert props["title"] == f"claimcheck: {verdict}" + (f" ({claim_id})" if claim_id else "")
        if fix:  # the source's figure, as the sentence writes it
            assert fix in message
    assert len(annotations) == len(EXPECTED)
    # '%' in a message is escaped: "80%" is written 80%25
    assert "number: says 80%25; source says up 73%25 (July 2014-June 2015)" in annotations[-1][2]


def test_github_escape_functions():
    from claimcheck.output.github import escape_data, escape_property

    assert escape_data("50% up\r\nnext") == "50%25 up%0D%0Anext"
    assert escape_property("a,b:c%d\ne") == "a%2Cb%3Ac%25d%0Ae"
    assert escape_data("a:b,c") == "a:b,c"  # only properties escape ':' and ','


def test_github_file_property_is_escaped(work, tmp_path):
    name = "a,b:c%d.md"
    shutil.copy(FIXTURE, tmp_path / name)
    run = claimcheck("lint", "--no-config", "--format", "github", name, cwd=tmp_path)
    rows = run.stdout.splitlines()[:-1]
    assert rows and all("file=a%2Cb%3Ac%25d.md," in row for row in rows)
    assert {parse_annotation(row)[1]["file"] for row in rows} == {name}


def test_github_file_error_annotation_is_escaped(lint):
    run = lint("github", "bad.md")
    assert run.returncode == 2
    rows = run.stdout.splitlines()
    cmd, props, message = parse_annotation(rows[0])
    assert cmd == "error" and props["file"] == "bad.md" and props["title"] == "claimcheck: E902"
    assert (props["line"], props["col"]) == ("1", "40")  # at the bad byte
    assert message.startswith("cannot decode byte 0xe9")


# --------------------------------------------------------------------------- text


def test_text_output_for_people(lint):
    run = lint("text", extra=("--color", "never"))
    assert run.returncode == 1
    assert "\x1b" not in run.stdout
    rows = [row.rstrip() for row in run.stdout.splitlines()]
    assert rows[0] == "draft.md"
    assert rows[-1] == "6 sentences checked: 1 supported, 4 contradicted, 1 unverified"
    for line, column, _, verdict, _, _, fix in EXPECTED:
        assert any(row.strip().startswith(f"{line}:{column}") and verdict in row for row in rows), (line, rows)
    assert "  5:18    contradicted number: says 83,053; source says 80,353 (2017) [1]" in rows
    assert "          fix: source says 80 mil 353" in rows
    assert "          El INM deportó a 83 mil 053 personas en 2017, según cifras oficiales." in rows
    assert any(row.startswith("  [1] The Intercept, “Trump’s Attacks on Migrant Caravan") for row in rows)


def test_text_color_never_has_no_escapes_and_always_only_styles(lint):
    never = lint("text", extra=("--color", "never")).stdout
    assert "\x1b" not in never
    always = lint("text", extra=("--color", "always")).stdout
    assert _SGR.search(always), "--color always wrote no colour"
    assert "\x1b" not in _SGR.sub("", always)
    assert "6 sentences checked: 1 supported, 4 contradicted, 1 unverified" in _SGR.sub("", always)


def test_text_piped_with_auto_color_has_no_escapes(lint):
    assert "\x1b" not in lint("text").stdout


# --------------------------------------------------------------------------- claimreview


def test_claimreview_json_ld(lint, work):
    run = lint("claimreview")
    assert run.returncode == 1
    reviews = json.loads(run.stdout)
    checked = [e for e in EXPECTED if e[5]]  # a review for each finding with a claim
    assert len(reviews) == len(checked)
    rating = {"contradicted": 1, "unverified": 2, "supported": 3}
    lines = fixture_lines()
    for review, (line, _, _, verdict, _, claim_id, _) in zip(reviews, checked):
        assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
        assert review["claimReviewed"] in lines[line - 1]
        assert review["reviewRating"]["@type"] == "Rating"
        assert (review["reviewRating"]["ratingValue"], review["reviewRating"]["bestRating"],
                review["reviewRating"]["worstRating"]) == (rating[verdict], 3, 1)
        assert review["author"] == {"@type": "Organization", "name": "claimcheck"}
        item = review["itemReviewed"]
        assert item["@type"] == "Claim"
        assert item["appearance"]["@type"] == "CreativeWork"
        assert item["appearance"]["url"] == (work / "draft.md").absolute().as_uri()
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", review["datePublished"])
        based = review["isBasedOn"]
        assert based["@type"] == "CreativeWork" and based["url"].startswith("https://")
        assert based["publisher"]["@type"] == "Organization" and based["text"]
    assert reviews[1]["isBasedOn"]["publisher"]["name"] == "The Intercept"
    assert "url" not in reviews[0]  # no review URL configured


def test_claimreview_with_the_newsrooms_configuration(lint, work):
    (work / "review.toml").write_text(
        '[tool.claimcheck.claimreview]\nauthor = "Newsroom Fact Check"\nauthor-url = "https://news.example.org/"\n'
        'url = "https://news.example.org/fact-checks/"\nappearance-base = "https://news.example.org/drafts/"\n',
        encoding="utf-8")
    reviews = json.loads(lint("claimreview", extra=("--config", "review.toml")).stdout)
    assert reviews
    for review in reviews:
        assert review["url"] == "https://news.example.org/fact-checks/"
        assert review["author"] == {"@type": "Organization", "name": "Newsroom Fact Check",
                                    "url": "https://news.example.org/"}
        assert review["itemReviewed"]["appearance"] == {"@type": "CreativeWork",
                                                        "url": "https://news.example.org/drafts/draft.md"}


# --------------------------------------------------------------------------- hostile drafts


_HOSTILE_RUNS: dict = {}


def hostile(work: Path, fmt: str) -> Run:
    """The hostile draft, linted in a process of its own (the bytes a terminal or CI log gets); text with
    colour (its own escapes beside the draft's), "text-plain" without."""
    if fmt not in _HOSTILE_RUNS:
        extra = {"text": ("--color", "always"), "text-plain": ("--color", "never")}.get(fmt, ())
        _HOSTILE_RUNS[fmt] = claimcheck_process("lint", "--no-config", "--show", "all", "--format",
                                                "text" if fmt == "text-plain" else fmt, *extra, "hostile.md",
                                                cwd=work)
    return _HOSTILE_RUNS[fmt]


@pytest.mark.parametrize("fmt", ("text-plain",) + FORMATS)
def test_hostile_sentence_escapes_reach_no_output_raw(work, fmt):
    run = hostile(work, fmt)
    assert run.returncode == 1, run.stderr
    out = _SGR.sub("", run.stdout) if fmt == "text" else run.stdout
    for raw in ("\x1b", "\x07", "\x08", "\r"):
        assert raw not in out, (fmt, repr(raw))
    if fmt in ("json", "jsonl", "sarif", "claimreview"):  # machine formats keep the text, escaped
        data = json.loads(run.stdout) if fmt != "jsonl" else [json.loads(r) for r in run.stdout.splitlines()]
        assert any("\x1b]52;c;SGVsbG8=\x07" in text for text in _strings(data)), fmt


def _strings(data):
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)


@pytest.mark.parametrize("fmt", ["text", "text-plain", "concise", "github"])
def test_hostile_control_characters_are_escaped_for_terminals_and_logs(work, fmt):
    run = hostile(work, fmt)
    out = _SGR.sub("", run.stdout) if fmt == "text" else run.stdout
    assert _UNSAFE.findall(out) == [], fmt


@pytest.mark.parametrize("fmt", ["json", "jsonl", "sarif", "claimreview"])
def test_hostile_c1_and_bidi_are_escaped_in_json_formats(work, fmt):
    out = hostile(work, fmt).stdout
    assert _UNSAFE.findall(out) == []


@pytest.mark.parametrize("fmt", [
    "text-plain", "text", "concise", "github"])
def test_a_draft_cannot_forge_a_workflow_command(work, fmt):
    run = hostile(work, fmt)
    out = _SGR.sub("", run.stdout) if fmt == "text" else run.stdout
    commands = [row for row in out.splitlines() if row.lstrip().startswith("::")]
    if fmt == "github":  # only our own annotations, one per finding, at their files
        assert len(commands) == 3 and all(parse_annotation(row)[1]["file"] == "hostile.md" for row in commands)
        assert not any("file=x.md" in parse_annotation(row)[1].values() for row in commands)
    else:
        assert commands == []


@pytest.mark.parametrize("text, replacement", [
    ("Mexico deported 83,053 people in 2017.", "80,353"),  # a wrong number: the source's number
    ("El INM deportó a 83 mil 053 personas en 2017.", "80 mil 353"),  # in the sentence's own style
    # a bound: the number alone would misquote the source ("raided 150 times" for "more than 150")
    ("Officials said on March 3, 2015, that agents had raided La Bestia 15 times over the last year.", None),
    ("Officials said on March 3, 2015, that agents had raided La Bestia fewer than 15 times over the last year.", None),
])
def test_a_fix_replaces_the_number_only_when_that_restates_the_source(text, replacement):
    from claimcheck import check
    from claimcheck.output.common import suggestion

    result = check(text)
    assert result.verdict == "contradicted", result.reasons
    fix = suggestion(result)
    assert (fix["replacement"] if fix else None) == replacement
