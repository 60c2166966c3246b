"""Noise control for ``lint``: which findings to report.

* ``--select``/``--ignore``: claim ids or verdicts (``contradicted``, ``unverified``, ``supported``).
* ``--baseline FILE``: only findings that are not in a baseline written earlier with
  ``--write-baseline FILE`` (matched by file, sentence and claim, not by line: edits elsewhere in
  a file do not bring old findings back).
* ``--diff REF``: only findings on lines added or changed since the git revision ``REF``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

from .files import read_file, write_atomically
from .model import VERDICTS, Finding, InputError
from .output.common import fingerprint

BASELINE_VERSION = 1


def selector(select=(), ignore=()):
    """A predicate for findings: selected (by claim id or verdict, when ``select`` is given) and not ignored."""
    select, ignore = set(select or ()), set(ignore or ())

    def keys(f: Finding) -> set[str]:
        out = {f.result.verdict}
        if f.result.claim is not None:
            out.add(f.result.claim.id)
        return out

    def keep(f: Finding) -> bool:
        k = keys(f)
        return (not select or bool(k & select)) and not (k & ignore)

    return keep


def check_names(names, known_ids, what: str) -> None:
    """Every ``--select``/``--ignore`` name is a verdict or a claim id in the table."""
    for name in names or ():
        if name not in VERDICTS and name not in known_ids:
            import difflib

            close = difflib.get_close_matches(name, list(known_ids) + list(VERDICTS), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else " (a claim id from `claimcheck list`, or a verdict)"
            raise InputError(f"{what}: unknown claim id or verdict {name!r}{hint}")


# --------------------------------------------------------------------------- baseline

def write_baseline(path: str | os.PathLike, findings: list[Finding]) -> None:
    """The findings as a baseline: one entry per finding's fingerprint, with how many times it occurs
    (a sentence repeated in a draft is as many findings)."""
    counts: dict[tuple, int] = {}
    for f in findings:
        key = (f.path.replace(os.sep, "/"), fingerprint(f), f.result.verdict, f.result.claim.id if f.result.claim else None)
        counts[key] = counts.get(key, 0) + 1
    entries = sorted(counts.items(), key=lambda e: (e[0][0], e[0][1]))
    document = {"version": BASELINE_VERSION, "tool": "claimcheck",
                "findings": [{"path": p, "fingerprint": h, "verdict": v, "claim": c, "count": n}
                             for (p, h, v, c), n in entries]}
    write_atomically(path, [(json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")])


def read_baseline(path: str | os.PathLike) -> dict[str, int]:
    """The fingerprints a baseline holds, with how many findings each stands for; ``InputError`` for
    a file that is not one."""
    name = os.fspath(path)
    data = read_file(name, 64 << 20, "baseline")
    try:
        document = json.loads(data.decode("utf-8"))
        if not isinstance(document, dict) or document.get("version") != BASELINE_VERSION:
            raise ValueError("not a claimcheck baseline")
        known: dict[str, int] = {}
        for entry in document["findings"]:
            count = entry.get("count", 1)
            if not isinstance(count, int) or isinstance(count, bool) or count < 1:
                raise ValueError("bad count")
            known[entry["fingerprint"]] = known.get(entry["fingerprint"], 0) + count
        return known
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
        raise InputError(f"{name}: not a claimcheck baseline (check the path; write a new baseline with "
                         f"--write-baseline NEW.json)") from None


def not_in_baseline(known: dict[str, int]):
    """A predicate for findings, in document order: a fingerprint's first ``count`` findings are in the
    baseline; more copies of the sentence are new findings."""
    left = dict(known)

    def new(f: Finding) -> bool:
        key = fingerprint(f)
        if left.get(key, 0) > 0:
            left[key] -= 1
            return False
        return True

    return new


# --------------------------------------------------------------------------- diff

_HUNK_RE = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@", re.MULTILINE)


def changed_lines(ref: str, paths: list[str]) -> dict[str, set[int]]:
    """For each file (as ``os.path.realpath``), the lines added or changed since git revision ``ref``
    (files git does not track yet count as wholly new)."""
    if ref.startswith("-") or not ref.strip():
        raise InputError(f"--diff {ref!r}: give a git revision, such as origin/main or HEAD~1")
    top = _git(["rev-parse", "--show-toplevel"], os.getcwd()).strip()
    _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], top, f"--diff {ref}: no such git revision")
    diff = _git(["diff", "--no-color", "--no-ext-diff", "-U0", ref, "--"], top)
    out: dict[str, set[int]] = {}
    current = None
    for line in diff.splitlines():
        if line.startswith("+++ "):
            name = line[4:]
            current = None if name == "/dev/null" else os.path.realpath(os.path.join(top, name[2:] if name.startswith("b/") else name))
            if current is not None:
                out.setdefault(current, set())
        elif current is not None:
            m = _HUNK_RE.match(line)
            if m:
                start, count = int(m.group(1)), int(m.group(2) if m.group(2) is not None else 1)
                out[current].update(range(start, start + count))
    untracked = _git(["ls-files", "--others", "--exclude-standard"], top)
    for name in untracked.splitlines():
        out[os.path.realpath(os.path.join(top, name))] = {0}  # every line: marked below
    return out


def in_diff(changed: dict[str, set[int]]):
    def keep(f: Finding) -> bool:
        lines = changed.get(os.path.realpath(f.path))
        if lines is None:
            return False
        if 0 in lines:
            return True
        return any(line in lines for line in range(f.segment.line, f.segment.end_line + 1))

    return keep


def _git(args: list[str], cwd: str, failure: str | None = None) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=60)
    except FileNotFoundError:
        raise InputError("--diff needs git, which is not installed") from None
    except subprocess.TimeoutExpired:
        raise InputError("--diff: git did not answer in 60 s") from None
    if done.returncode != 0:
        message = failure or f"git {args[0]} failed: {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.returncode}"
        if "not a git repository" in done.stderr:
            message = "--diff works inside a git repository; this folder is not one"
        raise InputError(message)
    return done.stdout


__all__ = ["selector", "check_names", "write_baseline", "read_baseline", "not_in_baseline", "changed_lines",
           "in_diff", "Path"]
