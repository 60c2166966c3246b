"""Document cases: the articles under tests/cases/documents/, linted as files, every sentence that
holds a number judged by hand in expected.yaml (verdict, claim, slot, why).

These need a document: sentence splitting (citation markers, headlines over their lede, datelines),
periods resolved by the document's date or the sentence before, subjects carried from context.
A sentence the engine gets wrong today carries ``known: <why>`` and runs as a strict xfail.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from claimcheck.index import default_table
from claimcheck.lint import lint_file

ROOT = Path(__file__).resolve().parent / "cases" / "documents"
EXPECTED = yaml.safe_load((ROOT / "expected.yaml").read_text(encoding="utf-8"))
SLOTS = ("number", "period", "direction", "bound", "derived")
_FINDINGS: dict[str, list] = {}


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def _findings(name: str) -> list:
    if name not in _FINDINGS:
        _FINDINGS[name] = lint_file(str(ROOT / name), default_table())
    return _FINDINGS[name]


def _finding(case: dict):
    """The finding for the case's sentence: it starts on the case's line with its first words."""
    start = _squeeze(case["sentence_starts"])[:25]
    for f in _findings(case["file"]):
        if f.segment.line == case["line"] and _squeeze(f.segment.text).startswith(start):
            return f
    return None


def test_expectations_name_real_sentences():
    """Every expectation names a file here and a sentence that starts on its line."""
    files = {p.name for p in ROOT.glob("*.md")}
    assert len(files) >= 8
    for case in EXPECTED:
        assert case["file"] in files, case
        lines = (ROOT / case["file"]).read_text(encoding="utf-8").splitlines()
        assert _squeeze(case["sentence_starts"])[:25] in _squeeze(lines[case["line"] - 1]), case
        assert case["expect"] in ("supported", "contradicted", "unverified"), case
        if case["expect"] == "contradicted":
            assert case.get("slot") in SLOTS, case


def _params():
    for k, case in enumerate(EXPECTED):
        marks = [pytest.mark.xfail(strict=True, reason=f"known gap: {case['known']}")] if case.get("known") else []
        yield pytest.param(case, id=f"{case['file']}:{case['line']}:{k}", marks=marks)


@pytest.mark.parametrize("case", list(_params()))
def test_sentence(case):
    finding = _finding(case)
    if case["expect"] == "unverified":
        # lint reports every sentence with a figure; an unverified one must not come back otherwise
        assert finding is None or finding.result.verdict == "unverified", (
            case["sentence_starts"], finding and finding.result.reasons)
        return
    assert finding is not None, f"no finding for {case['file']}:{case['line']} {case['sentence_starts']!r}"
    result = finding.result
    acceptable = case["claim"] if isinstance(case["claim"], list) else [case["claim"]]
    assert (result.verdict, result.claim and result.claim.id in acceptable) == (case["expect"], True), (
        case["sentence_starts"], result.verdict, result.claim and result.claim.id, result.reasons, case["why"])
    if case["expect"] == "contradicted":
        assert any(r.startswith(case["slot"] + ":") for r in result.reasons), (result.reasons, case["slot"])
    # the finding points at the figure that decided it, inside the sentence
    line, column, end_line, end_column = finding.figure_at
    seg = finding.segment
    assert (seg.line, seg.column) <= (line, column) <= (end_line, end_column) <= (seg.end_line, seg.end_column)


def test_known_gaps_are_few():
    assert sum(1 for c in EXPECTED if c.get("known")) <= 0.05 * len(EXPECTED)
