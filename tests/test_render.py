"""Output formats of claimcheck.render, on findings built by hand from the model classes."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimcheck import render
from claimcheck.model import (
    APPROXIMATE,
    CONTRADICTED,
    SUPPORTED,
    UNVERIFIED,
    Claim,
    Figure,
    FigureResult,
    Finding,
    Period,
    Result,
    Segment,
    Source,
)

SCHEMA = Path(__file__).resolve().parents[1].parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"

Y2017 = Period(dt.date(2017, 1, 1), dt.date(2017, 12, 31), "2017")
URL = "https://theintercept.com/2018/04/05/migrant-caravan-mexico-border-immigration/"
SOURCE = Source(
    publisher="The Intercept",
    title="Trump’s Attacks on Migrant Caravan",
    date="2018-04-05",
    url=URL,
    authors=("Ryan Devereaux",),
    cites=("official Mexican government statistics (INM)",),
)
QUOTE = "The INM deported a total of 80,353 people in 2017."
CLAIM_FIGURE = Figure(value=80353.0, unit="people", period=Y2017, label=("people", "personas"))
CLAIM = Claim(
    id="inm-deportations-2017",
    statement="Mexico's INM deported 80,353 people in 2017.",
    subject="deportations",
    figures=(CLAIM_FIGURE,),
    quote=QUOTE,
    source=SOURCE,
)
OTHER = Claim(id="inm-deportations-2016", statement="s", subject="deportations", figures=(),
              quote="q", source=SOURCE)

CONTRA_REASON = "number: says 90,353; source says 80,353 (2017)"
WEIRD_REASON = "share: says 50%\r\nsource says 40%"


def _finding(path, line, col, end_line, end_col, result):
    return Finding(path, Segment(result.text, line, col, end_line, end_col), result)


def make_supported() -> Result:
    text = "Mexico deported about 80,000 people in 2017."
    fig = Figure(value=80000.0, unit="people", hedge=APPROXIMATE, period=Y2017, text="about 80,000",
                 start=16, end=28, precision=1000)
    return Result(text=text, verdict=SUPPORTED, reasons=(), score=0.91234,
                  figures=(FigureResult(fig, SUPPORTED, (), CLAIM.id, CLAIM_FIGURE),), claim=CLAIM)


def make_contradicted() -> Result:
    text = "Mexico deported 90,353\npeople in 2017."
    fig = Figure(value=90353.0, unit="people", period=Y2017, text="90,353", start=16, end=22)
    return Result(text=text, verdict=CONTRADICTED, reasons=(CONTRA_REASON,), score=0.8,
                  figures=(FigureResult(fig, CONTRADICTED, (CONTRA_REASON,), CLAIM.id, CLAIM_FIGURE),),
                  claim=CLAIM, alternatives=((OTHER, 0.51234),))


def make_unverified() -> Result:
    text = "Arrests rose 12.5% in 2019."
    fig = Figure(value=12.5, unit="percent", direction="up", text="12.5%", start=13, end=18)
    reason = "no sourced figure for arrests in 2019"
    return Result(text=text, verdict=UNVERIFIED, reasons=(reason,), score=0.0,
                  figures=(FigureResult(fig, UNVERIFIED, (reason,)),))


def make_weird() -> Result:
    return Result(text="Half of them, 50%, were returned.", verdict=CONTRADICTED, reasons=(WEIRD_REASON,),
                  score=0.7, claim=CLAIM)


@pytest.fixture
def findings() -> list[Finding]:
    return [
        _finding("docs/draft.md", 1, 1, 1, 44, make_supported()),
        _finding("docs/draft.md", 3, 5, 4, 15, make_contradicted()),
        _finding("docs/other.md", 2, 1, 2, 27, make_unverified()),
        _finding("notes/100%,a:b.md", 7, 3, 7, 35, make_weird()),
    ]


def _render(findings, fmt, color=False, **kw) -> str:
    out = io.StringIO()
    render.write_findings(findings, fmt, out, color, "0.1.0", **kw)
    return out.getvalue()


# --------------------------------------------------------------------------- dictionaries

def test_result_to_dict_keys_and_values():
    d = render.result_to_dict(make_supported())
    assert list(d) == ["text", "verdict", "reasons", "score", "figures", "claim"]
    assert d["score"] == 0.912
    fig = d["figures"][0]
    assert list(fig) == ["text", "start", "end", "value", "high", "unit", "per", "hedge", "period",
                         "direction", "verdict", "reasons", "claim_id"]
    assert fig["value"] == 80000 and type(fig["value"]) is int
    assert fig["period"] == "2017" and fig["claim_id"] == CLAIM.id
    claim = d["claim"]
    assert list(claim) == ["id", "statement", "quote", "figures", "source"]
    assert list(claim["figures"][0]) == ["value", "high", "unit", "per", "hedge", "period", "base",
                                         "direction", "label"]
    assert claim["figures"][0]["value"] == 80353 and type(claim["figures"][0]["value"]) is int
    assert claim["figures"][0]["label"] == ["people", "personas"]
    assert list(claim["source"]) == ["publisher", "title", "authors", "date", "url", "cites"]
    assert claim["source"]["authors"] == ["Ryan Devereaux"]


def test_result_to_dict_alternatives_only_when_present():
    assert "alternatives" not in render.result_to_dict(make_supported())
    d = render.result_to_dict(make_contradicted())
    assert list(d)[-1] == "alternatives"
    assert d["alternatives"] == [{"id": "inm-deportations-2016", "score": 0.512}]


def test_non_integral_values_stay_floats():
    d = render.result_to_dict(make_unverified())
    assert d["figures"][0]["value"] == 12.5
    assert d["claim"] is None
    assert d["figures"][0]["claim_id"] is None


def test_finding_to_dict_position_first(findings):
    d = render.finding_to_dict(findings[1])
    assert list(d)[:6] == ["path", "line", "column", "end_line", "end_column", "text"]
    assert (d["path"], d["line"], d["column"], d["end_line"], d["end_column"]) == ("docs/draft.md", 3, 5, 4, 15)


# --------------------------------------------------------------------------- lint formats

def test_concise_exact(findings):
    assert _render(findings, "concise") == (
        "docs/draft.md:1:1: supported: matches inm-deportations-2017\n"
        "docs/draft.md:3:5: contradicted: number: says 90,353; source says 80,353 (2017)\n"
        "docs/other.md:2:1: unverified: no sourced figure for arrests in 2019\n"
        "notes/100%,a:b.md:7:3: contradicted: share: says 50% source says 40%\n"
    )


def test_github_exact(findings):
    src = f" Source: {QUOTE} (The Intercept, {URL})"
    src_escaped = src  # no special characters in the quote or the URL's data part
    lines = _render(findings, "github").splitlines()
    assert lines == [
        "::notice file=docs/draft.md,line=1,col=1,endLine=1,endColumn=44,title=claimcheck%3A supported"
        "::matches inm-deportations-2017" + src_escaped,
        "::error file=docs/draft.md,line=3,col=5,endLine=4,endColumn=15,title=claimcheck%3A contradicted"
        "::number: says 90,353; source says 80,353 (2017)" + src_escaped,
        "::warning file=docs/other.md,line=2,col=1,endLine=2,endColumn=27,title=claimcheck%3A unverified"
        "::no sourced figure for arrests in 2019",
        # path: % -> %25 first, then , -> %2C and : -> %3A; message: % -> %25, \r -> %0D, \n -> %0A
        "::error file=notes/100%25%2Ca%3Ab.md,line=7,col=3,endLine=7,endColumn=35,title=claimcheck%3A contradicted"
        "::share: says 50%25%0D%0Asource says 40%25" + src_escaped,
    ]


def test_github_escape_functions():
    assert render.github_escape_data("a%b\rc\nd:e,f") == "a%25b%0Dc%0Ad:e,f"
    assert render.github_escape_property("a%b\rc\nd:e,f") == "a%25b%0Dc%0Ad%3Ae%2Cf"
    assert render.github_escape_property("%3A") == "%253A"


def _unescape(s: str) -> str:
    for code, ch in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        s = s.replace(code, ch)
    return s


@given(st.text())
def test_github_property_escaping_round_trips(s):
    escaped = render.github_escape_property(s)
    assert not any(c in escaped for c in ":,\r\n")
    assert _unescape(escaped) == s


def test_jsonl(findings):
    text = _render(findings, "jsonl")
    lines = text.splitlines()
    assert len(lines) == 4 and text.endswith("\n")
    records = [json.loads(line) for line in lines]
    assert records == [render.finding_to_dict(f) for f in findings]
    for rec in records:
        assert list(rec)[:11] == ["path", "line", "column", "end_line", "end_column", "text", "verdict",
                                  "reasons", "score", "figures", "claim"]
    assert "\n" not in lines[1] and "’" in lines[0]  # compact, not ASCII-escaped
    assert records[3]["reasons"] == [WEIRD_REASON]


def test_json_document(findings):
    doc = json.loads(_render(findings, "json"))
    assert list(doc) == ["version", "findings", "summary"]
    assert doc["version"] == 1
    assert doc["summary"] == {"supported": 1, "contradicted": 2, "unverified": 1}
    assert doc["findings"] == [render.finding_to_dict(f) for f in findings]
    # an explicit count (the caller filtered what it shows) wins
    doc = json.loads(_render(findings[1:2], "json", counts={"supported": 5, "contradicted": 1, "unverified": 0}))
    assert doc["summary"]["supported"] == 5


def test_json_exact_minimal():
    """Indented, with each finding compact on a line of its own (diff- and grep-friendly)."""
    f = _finding("a.md", 1, 1, 1, 3, Result(text="x 5", verdict=UNVERIFIED, reasons=("no claim",), score=0))
    assert _render([f], "json") == """{
  "version": 1,
  "findings": [
    {"path":"a.md","line":1,"column":1,"end_line":1,"end_column":3,"text":"x 5","verdict":"unverified","reasons":["no claim"],"score":0,"figures":[],"claim":null}
  ],
  "summary": {
    "supported": 0,
    "contradicted": 0,
    "unverified": 1
  }
}
"""
    assert _render([], "json") == '{\n  "version": 1,\n  "findings": [],\n  "summary": {\n    "supported": 0,\n' \
        '    "contradicted": 0,\n    "unverified": 0\n  }\n}\n'


# --------------------------------------------------------------------------- SARIF

def _validator():
    if not SCHEMA.is_file():
        pytest.skip(f"SARIF schema not found at {SCHEMA}")
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft7Validator)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@pytest.mark.parametrize("kw", [{}, {"rules_url": "https://example.org/claimcheck/rules"},
                                {"srcroot": "/tmp/project dir"}])
def test_sarif_validates(findings, kw):
    validator = _validator()
    log = json.loads(_render(findings, "sarif", **kw))
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def test_sarif_content(findings):
    log = json.loads(_render(findings, "sarif", rules_url="https://example.org/rules"))
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "claimcheck" and driver["version"] == "0.1.0"
    assert driver["informationUri"] == "https://example.org/rules"
    rule_ids = [r["id"] for r in driver["rules"]]
    assert rule_ids == ["claimcheck/contradicted", "claimcheck/unverified", "claimcheck/supported"]
    assert [r["defaultConfiguration"]["level"] for r in driver["rules"]] == ["error", "warning", "note"]
    assert "originalUriBaseIds" not in run
    results = run["results"]
    assert [r["ruleId"] for r in results] == ["claimcheck/supported", "claimcheck/contradicted",
                                              "claimcheck/unverified", "claimcheck/contradicted"]
    for r in results:
        assert rule_ids[r["ruleIndex"]] == r["ruleId"]
    assert [r["level"] for r in results] == ["note", "error", "warning", "error"]

    loc = results[1]["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "docs/draft.md", "uriBaseId": "%SRCROOT%"}
    region = loc["region"]
    assert (region["startLine"], region["startColumn"]) == (3, 5)
    # Segment end columns are inclusive, SARIF's are exclusive
    assert (region["endLine"], region["endColumn"]) == (4, 16)
    assert region["snippet"]["text"] == "Mexico deported 90,353\npeople in 2017."
    assert results[1]["message"]["text"].startswith("contradicted: " + CONTRA_REASON)
    assert results[1]["properties"]["claimId"] == CLAIM.id
    assert results[1]["properties"]["quote"] == QUOTE
    assert results[1]["properties"]["source"]["url"] == URL
    assert results[2]["properties"]["claimId"] is None

    weird = results[3]["locations"][0]["physicalLocation"]
    assert weird["artifactLocation"]["uri"] == "notes/100%25%2Ca%3Ab.md"
    assert (weird["region"]["startLine"], weird["region"]["startColumn"]) == (7, 3)

    prints = [r["partialFingerprints"]["claimcheck/v1"] for r in results]
    assert len(set(prints)) == 4
    again = json.loads(_render(findings, "sarif"))["runs"][0]["results"]
    assert [r["partialFingerprints"]["claimcheck/v1"] for r in again] == prints


def test_sarif_srcroot():
    run = render.sarif_log([], "0.1.0", srcroot="/tmp/project dir")["runs"][0]
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": "file:///tmp/project%20dir/"}}


def test_sarif_uri():
    assert render.sarif_uri("docs/a b.md") == ("docs/a%20b.md", True)
    assert render.sarif_uri("./docs/é.md") == ("docs/%C3%A9.md", True)
    assert render.sarif_uri("/abs/x.md") == ("file:///abs/x.md", False)


# --------------------------------------------------------------------------- text

def test_lint_text_plain(findings):
    out = _render(findings, "text")
    assert "\x1b[" not in out
    lines = out.splitlines()
    assert lines[0] == "docs/draft.md"
    assert lines[1] == "  1:1  supported     Mexico deported about 80,000 people in 2017."
    assert lines[2] == "      quote: “The INM deported a total of 80,353 people in 2017.”"
    assert "  3:5  contradicted  Mexico deported 90,353 people in 2017." in lines
    assert "      " + CONTRA_REASON in lines
    assert "docs/other.md" in lines and "notes/100%,a:b.md" in lines
    assert URL in out
    assert lines[-1] == "4 sentences checked: 1 supported, 2 contradicted, 1 unverified"


def test_lint_text_color(findings, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    out = _render(findings, "text", color=True)
    assert "\x1b[" in out
    assert URL in out and "contradicted" in out


def test_unknown_format(findings):
    with pytest.raises(ValueError):
        _render(findings, "xml")
    with pytest.raises(ValueError):
        render.write_check([], "sarif", io.StringIO(), False)


def test_summary_line():
    assert render.summary_line({"supported": 1, "contradicted": 1, "unverified": 1}) == \
        "3 sentences checked: 1 supported, 1 contradicted, 1 unverified"
    assert render.summary_line({"unverified": 1}) == \
        "1 sentence checked: 0 supported, 0 contradicted, 1 unverified"


# --------------------------------------------------------------------------- check output

def _check(results, fmt, color=False) -> str:
    out = io.StringIO()
    render.write_check(results, fmt, out, color)
    return out.getvalue()


def test_check_text_plain_exact():
    assert _check([make_supported(), make_unverified()], "text") == (
        "supported: Mexico deported about 80,000 people in 2017.\n"
        '  figure "about 80,000": supported (source says 80,353, 2017)\n'
        "  quote: “The INM deported a total of 80,353 people in 2017.”\n"
        f"  source: The Intercept, “Trump’s Attacks on Migrant Caravan”, 2018-04-05, {URL}\n"
        "  cites: official Mexican government statistics (INM)\n"
        "  claim: inm-deportations-2017\n"
        "\n"
        "unverified: Arrests rose 12.5% in 2019.\n"
        "  no sourced figure for arrests in 2019\n"
        '  figure "12.5%": unverified\n'
    )


def test_check_text_contradicted_lists_reason_and_alternative():
    out = _check([make_contradicted()], "text")
    assert out.startswith("contradicted: Mexico deported 90,353 people in 2017.\n  " + CONTRA_REASON + "\n")
    assert '  figure "90,353": contradicted (source says 80,353, 2017)\n' in out
    assert out.count(CONTRA_REASON) == 1  # the figure's reason is not repeated
    assert "  alternative: inm-deportations-2016 (score 0.512)\n" in out


def test_check_text_color_highlights_quote_number(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    out = _check([make_supported()], "text", color=True)
    assert "\x1b[" in out
    assert "\x1b[1;32msupported\x1b[0m" in out  # bold green verdict
    assert "\x1b[1;4m80,353\x1b[0m" in out  # bold underline number in the quote


def test_check_json_and_jsonl():
    results = [make_supported(), make_unverified()]
    text = _check(results, "json")
    assert text.startswith('[\n  {"text":') and "’" in text  # one result per line
    assert len(text.splitlines()) == 2 + len(results)
    assert json.loads(text) == [render.result_to_dict(r) for r in results]
    lines = _check(results, "jsonl").splitlines()
    assert [json.loads(line) for line in lines] == [render.result_to_dict(r) for r in results]
    assert list(json.loads(lines[0])) == ["text", "verdict", "reasons", "score", "figures", "claim"]


@pytest.mark.parametrize("quote, value, unit, found", [
    ("deported a total of 80,353 people", 80353, "people", "80,353"),
    ("deported a total of 80353 people", 80353, "people", "80353"),
    ("the U.S. gave $75 million to Mexico", 75e6, "USD", "$75 million"),
    ("gave 75 million dollars", 75e6, "USD", "75 million"),
    ("some $2.5 billion", 2.5e9, "USD", "$2.5 billion"),
    ("rose 12.5% last year", 12.5, "percent", "12.5%"),
    ("in 2017, 80,353 people and 80 more", 80, "count", "80"),
    ("80,353 people", 80, "count", None),
])
def test_find_number(quote, value, unit, found):
    span = render.find_number(quote, value, unit)
    if found is None:
        assert span is None
    else:
        assert span is not None and quote[span[0]:span[1]] == found
        if found == "80":
            assert span[0] == quote.rindex("80")


# --------------------------------------------------------------------------- start-up

def test_import_does_not_load_rich():
    code = ("import claimcheck.render, sys; "
            "print('rich' in sys.modules, 'jsonschema' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1])
    assert out.stdout.split() == ["False", "False"]


# --------------------------------------------------------------------------- jsonl fast path

def _engine_sentences() -> list[str]:
    import yaml

    cases = Path(__file__).parent / "cases"
    out = []
    for name in ("engine.yaml", "heldout.yaml", "fresh.yaml"):
        out += [c["text"] for c in yaml.safe_load((cases / name).read_text(encoding="utf-8"))]
    return out


@pytest.mark.parametrize("top", [0, 3])
def test_jsonl_line_is_json_dumps_of_result_dict(top):
    """jsonl_line splices a claim's JSON encoded once per claim: it must equal plain json.dumps."""
    from claimcheck.match import check, default_table

    table = default_table()
    sentences = _engine_sentences()
    assert len(sentences) > 300
    verdicts = set()
    for sentence in sentences:
        result = check(sentence, table, top=top)
        verdicts.add(result.verdict)
        expected = json.dumps(render.result_to_dict(result), ensure_ascii=False, separators=(",", ":")) + "\n"
        assert render.jsonl_line(result) == expected
        assert render.jsonl_line(result) == expected  # the second time from the per-claim memo
    assert verdicts == {SUPPORTED, CONTRADICTED, UNVERIFIED}
    for r in (make_supported(), make_unverified()):
        assert render.jsonl_line(r) == json.dumps(render.result_to_dict(r), ensure_ascii=False,
                                                  separators=(",", ":")) + "\n"


def test_finding_jsonl_line_is_json_dumps_of_finding_dict():
    from claimcheck.lint import lint_file
    from claimcheck.match import default_table

    fixtures = Path(__file__).parent / "fixtures" / "lint"
    findings = [f for name in ("draft.md", "page.html", "notes.txt") for f in lint_file(str(fixtures / name), default_table())]
    assert len(findings) > 10
    out = io.StringIO()
    render.write_findings(findings, "jsonl", out, False, "0")
    expected = "".join(json.dumps(render.finding_to_dict(f), ensure_ascii=False, separators=(",", ":")) + "\n"
                       for f in findings)
    assert out.getvalue() == expected


@pytest.mark.parametrize("minimum", ["supported", "unverified", "contradicted"])
def test_prepared_lines_give_the_same_output_and_encode_only_what_is_printed(minimum):
    """``PreparedLines`` (made while lint's workers check) changes nothing in the jsonl and json
    output; it encodes only results that will be printed."""
    from claimcheck.lint import lint_file
    from claimcheck.match import default_table
    from claimcheck.model import SEVERITY

    fixtures = Path(__file__).parent / "fixtures" / "lint"
    findings = [f for name in ("draft.md", "page.html", "notes.txt") for f in lint_file(str(fixtures / name), default_table())]
    shown = [f for f in findings if SEVERITY[f.result.verdict] >= SEVERITY[minimum]]
    prepared = render.PreparedLines(minimum)
    for f in findings:
        prepared.add(f.result)
    assert set(prepared) == {f.result.text for f in shown if f.result.figures} and prepared
    for fmt in ("jsonl", "json"):
        plain, ahead = io.StringIO(), io.StringIO()
        render.write_findings(shown, fmt, plain, False, "0", counts=render.count_verdicts(findings))
        render.write_findings(shown, fmt, ahead, False, "0", counts=render.count_verdicts(findings), prepared=prepared)
        assert ahead.getvalue() == plain.getvalue()
    doc = json.loads(plain.getvalue())
    assert doc["findings"] == [render.finding_to_dict(f) for f in shown]
