"""Sentence cases: the project's own corpora under tests/cases/.

* engine.yaml, heldout.yaml, fresh.yaml: sentences written against the table (``kind`` says what
  each exercises).  heldout and fresh were written without sight of the engine.
* reporting.yaml: sentences in the style of real reporting, English and Spanish, grouped by the
  failure ``class`` they exercise (another actor with the same figure, another measure sharing a
  word, a borrowed period, numbers that are not figures, ...).

Every case asserts the verdict; supported and contradicted also assert the claim; contradicted also
asserts the part that disagrees (``slot``, or for the written corpora a reason naming one), and an
unverified sentence must say why.  A case the engine gets wrong today carries ``known: <why>`` in its
file and runs as a strict xfail: it fails the suite the day it starts passing, so the note is removed
rather than left stale.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from claimcheck.index import default_table
from claimcheck.verdict import check

CASES_DIR = Path(__file__).resolve().parent / "cases"
WRITTEN = ("engine", "heldout", "fresh")
VERDICTS = ("supported", "contradicted", "unverified")
SLOTS = ("number", "period", "direction", "bound", "derived")


def _load() -> list[dict]:
    cases = []
    for name in (*WRITTEN, "reporting"):
        seen: Counter = Counter()
        for case in yaml.safe_load((CASES_DIR / f"{name}.yaml").read_text(encoding="utf-8")):
            group = case.get("kind") or f"class{case['class']}-{case['lang']}"
            seen[group] += 1
            case["id"] = f"{name}-{group}-{seen[group]:02d}"
            case["corpus"] = name
            cases.append(case)
    return cases


CASES = _load()


def _acceptable(case: dict) -> tuple[str, ...]:
    claim = case.get("claim")
    if claim is None:
        return ()
    return tuple(claim) if isinstance(claim, list) else (claim,)


def _problems(case: dict, result) -> list[str]:
    """What is wrong with ``result`` for ``case`` (empty when it passes)."""
    problems = []
    want = case["expect"]
    got_claim = result.claim.id if result.claim is not None else None
    if result.verdict != want:
        problems.append(f"verdict {result.verdict!r}, expected {want!r}")
    elif want in ("supported", "contradicted") and got_claim not in _acceptable(case):
        problems.append(f"claim {got_claim!r}, expected {' or '.join(_acceptable(case))}")
    elif want == "contradicted":
        slots = (case["slot"],) if case.get("slot") else SLOTS
        if not any(r.startswith(tuple(f"{s}:" for s in slots)) for r in result.reasons):
            problems.append(f"no reason names the part that disagrees ({'/'.join(slots)})")
    elif want == "unverified" and not any(r.strip() for r in result.reasons):
        problems.append("an unverified sentence must say why")
    return problems


def _describe(case: dict, result, problems: list[str]) -> str:
    got_claim = result.claim.id if result.claim is not None else None
    lines = [f"{case['id']}: {case['text']}", *[f"  - {p}" for p in problems],
             f"  got: {result.verdict} / {got_claim}", *[f"  reason: {r}" for r in result.reasons]]
    if case.get("why"):
        lines.append(f"  why: {case['why']}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- the corpora themselves

def test_corpora_are_well_formed():
    ids = {c.id for c in default_table().claims}
    kinds = Counter(c["kind"] for c in CASES if c["corpus"] == "engine")
    for kind in ("paraphrase", "format", "hedged", "wrong-number", "wrong-period", "wrong-direction",
                 "wrong-bound", "other-subject", "not-in-table", "spanish", "derived"):
        assert kinds[kind] >= 12, f"only {kinds[kind]} engine cases of kind {kind}"
    covered = set()
    for case in CASES:
        assert case["expect"] in VERDICTS, case
        assert isinstance(case["text"], str) and case["text"].strip(), case
        if case["corpus"] == "reporting":
            assert case["lang"] in ("en", "es") and case.get("why"), case
            if case["expect"] == "contradicted":
                assert case.get("slot") in SLOTS, case
        elif case["expect"] == "unverified":
            assert case.get("claim") is None, case
        if case["expect"] != "unverified":
            assert _acceptable(case), case
        for cid in _acceptable(case):
            assert cid in ids, f"unknown claim id {cid!r} in {case['id']}"
            covered.add(cid)
    assert covered == ids, f"claims without a case: {sorted(ids - covered)}"
    texts = [c["text"] for c in CASES]
    assert len(texts) == len(set(texts)), "duplicate sentence"
    public = Path(__file__).resolve().parents[2] / "shared" / "eval" / "cases.yaml"
    if public.exists():
        copied = {c["text"] for c in yaml.safe_load(public.read_text(encoding="utf-8"))} & set(texts)
        assert not copied, f"copied from the public cases: {copied}"
    reporting = Counter((c["lang"], c["expect"]) for c in CASES if c["corpus"] == "reporting")
    for lang in ("en", "es"):
        for verdict in VERDICTS:
            assert reporting[lang, verdict] >= 5, f"too few {lang} {verdict} reporting cases"


# --------------------------------------------------------------------------- one test per case

def _params():
    for case in CASES:
        marks = [pytest.mark.xfail(strict=True, reason=f"known gap: {case['known']}")] if case.get("known") else []
        yield pytest.param(case, id=case["id"], marks=marks)


@pytest.mark.parametrize("case", list(_params()))
def test_case(case):
    result = check(case["text"])
    problems = _problems(case, result)
    assert not problems, _describe(case, result, problems)


def test_known_gaps_are_few():
    """Known gaps stay a small share of each corpus (a rise means the engine got worse)."""
    for corpus in (*WRITTEN, "reporting"):
        mine = [c for c in CASES if c["corpus"] == corpus]
        known = [c["id"] for c in mine if c.get("known")]
        assert len(known) <= 0.03 * len(mine), (corpus, known)
