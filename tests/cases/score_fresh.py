#!/usr/bin/env python3
"""Score `claimcheck check` against tests/cases/fresh.yaml.

Usage (from anywhere):  /work/main/.venv/bin/python tests/cases/score_fresh.py [--cases PATH] [--cmd PATH]

A case passes when the verdict matches `expect` and, for supported/contradicted, the matched
claim id is the expected id (or one of the listed ids). For unverified only the verdict counts.
Prints per-kind pass counts, the overall rate, and every failure with expected vs got and the
engine's reasons. Exit status 0 if every case passes, 1 otherwise, 2 if the engine could not run.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import OrderedDict
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
DEFAULT_CASES = HERE / "fresh.yaml"
DEFAULT_CMD = "/work/main/.venv/bin/claimcheck"
KIND_ORDER = ["paraphrase", "format", "hedged", "wrong-number", "wrong-period", "wrong-direction",
              "wrong-bound", "other-subject", "not-in-table", "spanish", "derived"]


def load_cases(path: Path) -> list[dict]:
    cases = yaml.safe_load(path.read_text(encoding="utf-8"))
    for i, case in enumerate(cases):
        for key in ("kind", "expect", "text"):
            if key not in case:
                raise SystemExit(f"case {i}: missing {key!r}")
        if "\n" in case["text"]:
            raise SystemExit(f"case {i}: text contains a newline")
        claim = case.get("claim")
        case["_ok_ids"] = set() if claim is None else ({claim} if isinstance(claim, str) else set(claim))
    return cases


def run_engine(cmd: str, texts: list[str]) -> list[dict]:
    proc = subprocess.run([cmd, "check", "--format", "jsonl", "-"], input="\n".join(texts) + "\n",
                          capture_output=True, text=True, encoding="utf-8")
    # exit 1 just means some sentence was contradicted (the default --fail-on)
    if proc.returncode not in (0, 1):
        sys.stderr.write(proc.stderr)
        raise SystemExit(2)
    lines = [ln for ln in proc.stdout.splitlines() if ln.strip()]
    if len(lines) != len(texts):
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"engine returned {len(lines)} results for {len(texts)} sentences")
    return [json.loads(ln) for ln in lines]


def judge(case: dict, result: dict) -> tuple[bool, str, str | None]:
    verdict = result.get("verdict")
    claim = result.get("claim") or {}
    got_id = claim.get("id") if isinstance(claim, dict) else None
    if verdict != case["expect"]:
        return False, verdict, got_id
    if verdict in ("supported", "contradicted") and case["_ok_ids"] and got_id not in case["_ok_ids"]:
        return False, verdict, got_id
    return True, verdict, got_id


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=Path, default=DEFAULT_CASES)
    ap.add_argument("--cmd", default=DEFAULT_CMD)
    args = ap.parse_args()

    cases = load_cases(args.cases)
    results = run_engine(args.cmd, [c["text"] for c in cases])

    per_kind: "OrderedDict[str, list[int]]" = OrderedDict((k, [0, 0]) for k in KIND_ORDER)
    failures = []
    for case, result in zip(cases, results):
        ok, verdict, got_id = judge(case, result)
        tally = per_kind.setdefault(case["kind"], [0, 0])
        tally[1] += 1
        if ok:
            tally[0] += 1
        else:
            failures.append((case, verdict, got_id, result.get("reasons") or []))

    total = sum(t[1] for t in per_kind.values())
    passed = sum(t[0] for t in per_kind.values())
    print("per-kind pass counts")
    for kind, (p, n) in per_kind.items():
        if n:
            print(f"  {kind:16s} {p:3d}/{n:<3d} {100 * p / n:5.1f}%")
    print(f"  {'overall':16s} {passed:3d}/{total:<3d} {100 * passed / total:5.1f}%")

    if failures:
        print(f"\nfailures ({len(failures)})")
        for case, verdict, got_id, reasons in failures:
            exp_ids = "|".join(sorted(case["_ok_ids"])) or "-"
            print(f"\n[{case['kind']}] {case['text']}")
            print(f"  expected: {case['expect']} ({exp_ids})")
            print(f"  got:      {verdict} ({got_id or '-'})")
            for reason in reasons:
                print(f"    reason: {reason}")
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
