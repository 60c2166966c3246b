"""Engine cases: the project's own corpus of sentences, tests/cases/engine.yaml.

Each case names a ``kind`` (paraphrase, format, hedged, wrong-number, ...), the verdict a careful
fact-checker would give using only the table's figures, and the claim it must be about.

* ``test_case``: one test per case (id ``<kind>-<n>``, n counted within the kind).  It asserts the
  verdict; for supported/contradicted also the claim id (``claim`` may list several acceptable ids);
  for contradicted also that some reason says why ("number:", "period:", "direction:", "bound:",
  "derived:").  Cases of kind ``edge`` are judgement calls: xfail(strict=False).
* ``test_pass_rates``: prints per-kind pass counts (run with ``-s`` to see them); it never fails on
  its own, the per-case tests do.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import pytest
import yaml

from claimcheck.match import check

CASES_DIR = Path(__file__).resolve().parent / "cases"
#: engine.yaml: the development corpus; heldout.yaml and fresh.yaml: written separately, without
#: sight of the other corpora, to measure how the engine generalises (ids prefixed by file name).
CASES_FILES = (CASES_DIR / "engine.yaml", CASES_DIR / "heldout.yaml", CASES_DIR / "fresh.yaml")
VERDICTS = ("supported", "contradicted", "unverified")
REASON_PREFIXES = ("number:", "period:", "direction:", "bound:", "derived:")


def _load() -> list[dict]:
    out = []
    for path in CASES_FILES:
        with path.open(encoding="utf-8") as fh:
            cases = yaml.safe_load(fh)
        prefix = "" if path.stem == "engine" else f"{path.stem}-"
        seen: Counter = Counter()
        for case in cases:
            seen[case["kind"]] += 1
            case["id"] = f"{prefix}{case['kind']}-{seen[case['kind']]:02d}"
        out.extend(cases)
    return out


CASES = _load()


def _acceptable(case: dict) -> tuple[str, ...]:
    claim = case.get("claim")
    if claim is None:
        return ()
    return tuple(claim) if isinstance(claim, list) else (claim,)


def _problems(case: dict, result) -> list[str]:
    """What is wrong with ``result`` for ``case`` (empty when it passes)."""
    problems = []
    got_claim = result.claim.id if result.claim is not None else None
    if result.verdict != case["expect"]:
        problems.append(f"verdict {result.verdict!r}, expected {case['expect']!r}")
    if case["expect"] in ("supported", "contradicted"):
        ok = _acceptable(case)
        if got_claim not in ok:
            problems.append(f"claim {got_claim!r}, expected {' or '.join(ok)}")
    if case["expect"] == "contradicted" and result.verdict == "contradicted":
        if not any(r.startswith(REASON_PREFIXES) for r in result.reasons):
            problems.append(f"no reason starts with {'/'.join(REASON_PREFIXES)}")
    return problems


def _describe(case: dict, result, problems: list[str]) -> str:
    got_claim = result.claim.id if result.claim is not None else None
    lines = [f"{case['id']}: {case['text']}", *[f"  - {p}" for p in problems],
             f"  got: {result.verdict} / {got_claim}", *[f"  reason: {r}" for r in result.reasons]]
    if case.get("why"):
        lines.append(f"  why: {case['why']}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- the corpus itself

def test_corpus_is_well_formed():
    from claimcheck.match import default_table

    ids = {c.id for c in default_table().claims}
    kinds = Counter(c["kind"] for c in CASES)
    for kind in ("paraphrase", "format", "hedged", "wrong-number", "wrong-period", "wrong-direction",
                 "wrong-bound", "other-subject", "not-in-table", "spanish", "derived"):
        assert kinds[kind] >= 12, f"only {kinds[kind]} cases of kind {kind}"
    covered = set()
    for case in CASES:
        assert case["expect"] in VERDICTS, case
        assert isinstance(case["text"], str) and case["text"].strip(), case
        if case["expect"] == "unverified":
            assert case.get("claim") is None, case
        else:
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
    for kind, expects in (("spanish", {"supported", "contradicted"}), ("derived", {"supported", "contradicted"})):
        assert expects <= {c["expect"] for c in CASES if c["kind"] == kind}


# --------------------------------------------------------------------------- one test per case

def _params():
    for case in CASES:
        marks = [pytest.mark.xfail(strict=False, reason=f"judgement call: {case.get('why', '')}")] \
            if case["kind"] == "edge" else []
        if case.get("known"):  # a documented gap of the engine, listed in the README
            marks = [pytest.mark.xfail(strict=False, reason=f"known gap: {case['known']}")]
        yield pytest.param(case, id=case["id"], marks=marks)


@pytest.mark.parametrize("case", list(_params()))
def test_case(case):
    result = check(case["text"])
    problems = _problems(case, result)
    assert not problems, _describe(case, result, problems)


# --------------------------------------------------------------------------- per-kind summary

def test_pass_rates(capsys):
    passed: Counter = Counter()
    total: Counter = Counter()
    failures: dict[str, list[str]] = defaultdict(list)
    for case in CASES:
        result = check(case["text"])
        problems = _problems(case, result)
        total[case["kind"]] += 1
        if problems:
            failures[case["kind"]].append(case["id"])
        else:
            passed[case["kind"]] += 1
    lines = ["", "engine cases: pass rate per kind"]
    for kind in sorted(total, key=lambda k: (k == "edge", k)):
        rate = passed[kind] / total[kind]
        lines.append(f"  {kind:16s} {passed[kind]:3d}/{total[kind]:<3d} {rate:6.1%}"
                     + (f"   failing: {', '.join(failures[kind])}" if failures[kind] else ""))
    counted = [k for k in total if k != "edge"]
    overall = sum(passed[k] for k in counted) / max(1, sum(total[k] for k in counted))
    lines.append(f"  {'overall (no edge)':16s} {sum(passed[k] for k in counted):3d}/"
                 f"{sum(total[k] for k in counted):<3d} {overall:6.1%}")
    with capsys.disabled():
        print("\n".join(lines))
    assert overall >= 0


def test_check_all_gives_checks_answers_and_leaves_the_collector_as_it_found_it():
    """``check_all`` (the chunk check of lint and the --jobs workers) pauses the cyclic GC only while
    it runs, and answers as ``check`` does, sentence for sentence."""
    import gc

    from claimcheck.match import check_all, default_table

    sentences = [case["text"] for case in CASES[:40]] + ["Mexico deported about 80,000 people in 2017.",
                              "Mexico deported 95,000 people in 2017.", "The sky is blue."]
    table = default_table()
    assert gc.isenabled()
    assert [r for r in check_all(sentences, table)] == [check(s, table) for s in sentences]
    assert gc.isenabled()
    gc.disable()
    try:
        check_all(sentences[:2], table)
        assert not gc.isenabled()  # nested in a caller's own pause: left paused
    finally:
        gc.enable()
