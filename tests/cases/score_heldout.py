"""Score claimcheck against the held-out cases in heldout.yaml.

Usage: python tests/cases/score_heldout.py [--cmd PATH] [--cases PATH] [--quiet]

A case passes when the verdict matches and, for supported/contradicted, the reported claim id is the
expected one (or one of them, when `claim` is a list). For unverified cases only the verdict counts.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cmd", default=str(ROOT / ".venv" / "bin" / "claimcheck"))
    ap.add_argument("--cases", default=str(HERE / "heldout.yaml"))
    ap.add_argument("--quiet", action="store_true", help="totals only, no failure list")
    args = ap.parse_args()

    cases = yaml.safe_load(Path(args.cases).read_text(encoding="utf-8"))
    for c in cases:
        if "\n" in c["text"]:
            sys.exit(f"case text contains a newline: {c['text']!r}")
    stdin = "".join(c["text"] + "\n" for c in cases)
    proc = subprocess.run([args.cmd, "check", "--format", "jsonl", "-"], input=stdin,
                          capture_output=True, text=True, encoding="utf-8")
    if proc.returncode not in (0, 1):
        sys.exit(f"claimcheck failed ({proc.returncode}): {proc.stderr}")
    results = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    if len(results) != len(cases):
        sys.exit(f"expected {len(cases)} results, got {len(results)}")

    passed: Counter = Counter()
    total: Counter = Counter()
    failures = defaultdict(list)
    for case, res in zip(cases, results):
        kind = case["kind"]
        total[kind] += 1
        expected = case.get("claim")
        ok_ids = set(expected) if isinstance(expected, list) else ({expected} if expected else set())
        got_id = (res.get("claim") or {}).get("id")
        ok = res["verdict"] == case["expect"]
        if ok and case["expect"] != "unverified":
            ok = got_id in ok_ids
        if ok:
            passed[kind] += 1
        else:
            failures[kind].append((case, res, got_id))

    order = ["paraphrase", "format", "hedged", "wrong-number", "wrong-period", "wrong-direction",
             "wrong-bound", "other-subject", "not-in-table", "spanish", "derived"]
    kinds = order + sorted(k for k in total if k not in order)
    print(f"{'kind':<16} pass/total")
    for k in kinds:
        if total[k]:
            print(f"{k:<16} {passed[k]:>3}/{total[k]:<3} {100 * passed[k] / total[k]:5.1f}%")
    all_pass, all_total = sum(passed.values()), sum(total.values())
    print(f"{'overall':<16} {all_pass:>3}/{all_total:<3} {100 * all_pass / all_total:5.1f}%")

    if not args.quiet:
        for k in kinds:
            for case, res, got_id in failures.get(k, []):
                exp = case.get("claim")
                exp_s = "|".join(exp) if isinstance(exp, list) else exp
                print(f"\nFAIL [{k}] {case['text']}")
                print(f"  expected: {case['expect']} {exp_s}")
                print(f"  got:      {res['verdict']} {got_id}")
                for r in res.get("reasons") or []:
                    print(f"  reason:   {r}")
    return 0 if all_pass == all_total else 1


if __name__ == "__main__":
    raise SystemExit(main())
