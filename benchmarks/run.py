#!/usr/bin/env python3
"""claimcheck's benchmarks: print measured ratios and rates, each against its target.

    python benchmarks/run.py                     # everything (several minutes: the 100k-claim table)
    python benchmarks/run.py --quick             # a reduced version, under a minute
    python benchmarks/run.py --only startup,batch
    python benchmarks/run.py --strict            # exit 1 when a target is missed

Targets: startup, batch, large, lint (see benchmarks/README.md for what each one measures).

Every number is measured in this one run against a reference measured in the same run (the machine is
shared and noisy), so ratios are comparable from run to run even when absolute times are not.  Each
result line reads

    STATUS  name  measured-value  target  vs the reference it was measured against

with STATUS one of PASS, MISS (a target missed), INFO (no target: reported for the owner), SKIP (not
applicable here) or ERROR (the measurement itself failed, e.g. a command exited 2).

Exit status: 0 whatever the numbers; 1 with --strict when a line is MISS or ERROR; 2 when the
benchmarks could not run at all (no claimcheck in this Python, bad options).

Run with the project's virtualenv Python; with another Python, run.py re-runs itself with
../.venv/bin/python when that exists.  Every command runs in a scratch directory with its own table
cache (CLAIMCHECK_CACHE_DIR), so the user's cache and configuration files are not touched.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SENTENCE = "Mexico deported about 80,000 people in 2017"
TARGETS = ("startup", "batch", "large", "lint")
CASES_DEFAULT = REPO.parent / "shared" / "eval" / "cases.yaml"
SUBPROCESS_TIMEOUT = 3600


# ------------------------------------------------------------------------------------------------
# Output
# ------------------------------------------------------------------------------------------------

class Report:
    def __init__(self):
        self.rows: list[tuple[str, str]] = []

    def line(self, status: str, name: str, value: str, target: str, reference: str) -> None:
        self.rows.append((status, name))
        print(f"{status:<5} {name:<26} {value:>12}   target {target:<10} vs {reference}", flush=True)

    def note(self, text: str) -> None:
        for row in text.splitlines():
            print(f"      {row}", flush=True)

    def section(self, title: str) -> None:
        print(f"\n== {title}", flush=True)

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for status, _ in self.rows:
            out[status] = out.get(status, 0) + 1
        return out


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def median(values):
    return statistics.median(values) if values else float("nan")


# ------------------------------------------------------------------------------------------------
# Running commands
# ------------------------------------------------------------------------------------------------

class Env:
    """Paths and environment shared by every measurement."""

    def __init__(self, python: Path, script: Path, workdir: Path, quick: bool, cases: Path | None,
                 profile: bool, build_timeout: float):
        self.build_timeout = build_timeout
        self.large_claims = 0
        self.python = python
        self.script = script
        self.workdir = workdir
        self.quick = quick
        self.cases = cases
        self.profile = profile
        self.cache = workdir / "cache"
        self.env = os.environ.copy()
        # PYTHONDONTWRITEBYTECODE too: an installed claimcheck has its .pyc files, and start-up should
        # not pay for compiling the source on every run.
        for name in ("CLAIMCHECK_TABLE", "CLAIMCHECK_NO_CACHE", "PYTHONSTARTUP", "PYTHONPROFILEIMPORTTIME",
                     "PYTHONDONTWRITEBYTECODE"):
            self.env.pop(name, None)
        self.env["CLAIMCHECK_CACHE_DIR"] = str(self.cache)
        self.env["PYTHONIOENCODING"] = "utf-8"

    def run(self, cmd, *, stdin=None, stdout=subprocess.PIPE, env=None, timeout=SUBPROCESS_TIMEOUT):
        """Run ``cmd`` in the scratch directory; return (wall seconds, CompletedProcess)."""
        start = time.perf_counter()
        done = subprocess.run([str(c) for c in cmd], stdin=stdin if stdin is not None else subprocess.DEVNULL,
                              stdout=stdout, stderr=subprocess.PIPE, cwd=self.workdir,
                              env=env or self.env, timeout=timeout)
        return time.perf_counter() - start, done

    def run_file_in(self, cmd, stdin_path: Path, stdout_path: Path | None = None):
        with open(stdin_path, "rb") as stdin:
            if stdout_path is None:
                return self.run(cmd, stdin=stdin)
            with open(stdout_path, "wb") as out:
                return self.run(cmd, stdin=stdin, stdout=out)

    def worker(self, name: str, args: dict, env_extra: dict | None = None, timeout: float = SUBPROCESS_TIMEOUT):
        """Run one of this file's workers in a fresh Python; return its JSON answer (or raise)."""
        env = dict(self.env, **(env_extra or {}))
        _, done = self.run([self.python, Path(__file__).resolve(), "--worker", name, json.dumps(args)], env=env,
                           timeout=timeout)
        text = done.stdout.decode("utf-8", "replace")
        for line in reversed(text.splitlines()):
            if line.startswith("{"):
                return json.loads(line)
        tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
        raise RuntimeError(f"worker {name} exited {done.returncode}: {' | '.join(tail) or 'no output'}")


def first_error_line(done) -> str:
    lines = [x for x in done.stderr.decode("utf-8", "replace").strip().splitlines() if x.strip()]
    return lines[-1][:200] if lines else f"exit {done.returncode}, no message"


# ------------------------------------------------------------------------------------------------
# 1. Start-up
# ------------------------------------------------------------------------------------------------

def bench_startup(env: Env, report: Report) -> None:
    report.section("startup: `claimcheck check SENTENCE` vs a bare Typer app and `python -c pass`")
    runs = 15 if env.quick else 25
    commands = {
        "check": [env.script, "check", SENTENCE],
        "bare": [env.python, HERE / "bare_typer.py", SENTENCE],
        "python": [env.python, "-c", "pass"],
        "help": [env.script, "--help"],
    }
    for _ in range(3):  # warm up: the table cache, the page cache, .pyc files
        for name, cmd in commands.items():
            _, done = env.run(cmd)
            if done.returncode != 0:
                report.line("ERROR", f"startup.{name}", "-", "-", f"{' '.join(map(str, cmd[1:]))}: "
                            f"{first_error_line(done)}")
                return
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):  # interleaved: check, bare, python, help, check, bare, ...
        for name, cmd in commands.items():
            seconds, _ = env.run(cmd)
            times[name].append(seconds)
    med = {name: median(values) for name, values in times.items()}
    ratio = med["check"] / med["bare"]
    report.line(verdict(ratio <= 1.3), "startup.check/bare", f"{ratio:.2f}x", "<= 1.30",
                f"bare Typer app: {ms(med['check'])} claimcheck check / {ms(med['bare'])} bare "
                f"(medians of {runs}, interleaved)")
    report.line("INFO", "startup.check/python", f"{med['check'] / med['python']:.2f}x", "-",
                f"`python -c pass`: {ms(med['check'])} / {ms(med['python'])}")
    report.line("INFO", "startup.help/bare", f"{med['help'] / med['bare']:.2f}x", "-",
                f"bare Typer app: `claimcheck --help` {ms(med['help'])} / {ms(med['bare'])}")
    report.note("spread (min-max): " + ", ".join(
        f"{name} {ms(min(values))}-{ms(max(values))}" for name, values in times.items()))
    report.note(f"claimcheck check net of the interpreter: {ms(med['check'] - med['python'])}; "
                f"bare Typer net: {ms(med['bare'] - med['python'])}")
    importtime(env, report)


def importtime(env: Env, report: Report) -> None:
    """``python -X importtime`` for `claimcheck check`, median per module over a few runs."""
    runs = 2 if env.quick else 7
    selfs: dict[str, list[int]] = {}
    cumuls: dict[str, list[int]] = {}
    depth: dict[str, int] = {}
    for _ in range(runs):
        _, done = env.run([env.python, "-X", "importtime", env.script, "check", SENTENCE])
        for line in done.stderr.decode("utf-8", "replace").splitlines():
            m = re.match(r"import time:\s+(\d+)\s+\|\s+(\d+)\s+\|( *)(\S+)", line)
            if not m:
                continue
            name = m.group(4)
            selfs.setdefault(name, []).append(int(m.group(1)))
            cumuls.setdefault(name, []).append(int(m.group(2)))
            depth[name] = (len(m.group(3)) - 1) // 2
    if not cumuls:
        report.line("ERROR", "startup.importtime", "-", "-", "no -X importtime output")
        return
    cum = {name: median(v) for name, v in cumuls.items()}
    own = {name: median(v) for name, v in selfs.items()}
    total = sum(cum[n] for n in cum if depth.get(n) == 0)
    report.note(f"python -X importtime, `claimcheck check` (median of {runs}; all top-level imports "
                f"{total / 1000:.1f} ms)")
    report.note("top 10 by cumulative time (ms, cumulative / self, nesting depth):")
    for name in sorted(cum, key=cum.get, reverse=True)[:10]:
        report.note(f"  {cum[name] / 1000:7.1f} / {own[name] / 1000:6.1f}  {'  ' * depth.get(name, 0)}{name}")
    report.note("top 10 by self time (ms):")
    for name in sorted(own, key=own.get, reverse=True)[:10]:
        report.note(f"  {own[name] / 1000:7.1f}  {name}")


# ------------------------------------------------------------------------------------------------
# 2. Batch
# ------------------------------------------------------------------------------------------------

def bundled_claims(env: Env):
    from claimcheck.table import load_table

    return load_table().claims


def case_texts(env: Env) -> list[str]:
    if not env.cases or not env.cases.is_file():
        return []
    import yaml

    data = yaml.safe_load(env.cases.read_text(encoding="utf-8")) or []
    return [c["text"] for c in data if isinstance(c, dict) and c.get("text")]


def bench_batch(env: Env, report: Report) -> None:
    import synthetic_table as syn

    n = 2_000 if env.quick else 20_000
    report.section(f"batch: `claimcheck check --format jsonl -` on {n:,} sentences")
    claims = bundled_claims(env)
    sentences = syn.sentences(claims, n, seed=7, extra=case_texts(env))
    batch = env.workdir / "batch.txt"
    batch.write_text("\n".join(sentences) + "\n", encoding="utf-8")
    one = env.workdir / "one.txt"
    one.write_text(sentences[0] + "\n", encoding="utf-8")
    out = env.workdir / "batch.jsonl"
    cmd = [env.script, "check", "--format", "jsonl", "-"]

    starts, walls = [], []
    env.run_file_in(cmd, one)  # warm-up
    runs = 1 if env.quick else 3
    for i in range(max(5, runs)):  # interleave the 1-sentence runs with the batch runs
        seconds, done = env.run_file_in(cmd, one)
        if done.returncode not in (0, 1):
            report.line("ERROR", "batch.start-up", "-", "-", first_error_line(done))
            return
        starts.append(seconds)
        if i < runs:
            seconds, done = env.run_file_in(cmd, batch, out)
            if done.returncode not in (0, 1):
                report.line("ERROR", "batch.rate", "-", "-", first_error_line(done))
                return
            walls.append(seconds)
    lines = out.read_text(encoding="utf-8").splitlines()
    if len(lines) != n:
        report.line("ERROR", "batch.rate", "-", "-", f"{len(lines):,} output lines for {n:,} sentences")
        return
    start, wall = median(starts), median(walls)
    net = n / (wall - start)
    report.line(verdict(net >= 5000), "batch.sentences/s", f"{net:,.0f}/s", ">= 5,000",
                f"N / (wall {wall:.2f} s - 1-sentence run {ms(start)}), N = {n:,}"
                + (f", medians of {runs} and {len(starts)}" if runs > 1 else "")
                + "; default --jobs (workers once the input is a batch)")
    report.line("INFO", "batch.sentences/s raw", f"{n / wall:,.0f}/s", "-", f"N / wall {wall:.2f} s")
    # The same in one process (`--jobs 1`) and with one worker process per CPU from the start (`--jobs 0`).
    one_cmd = [env.script, "check", "--format", "jsonl", "--jobs", "1", "-"]
    par_cmd = [env.script, "check", "--format", "jsonl", "--jobs", "0", "-"]
    for label, command, status in ((" --jobs 1", one_cmd, "INFO"), (" --jobs 0", par_cmd, None)):
        walls_j = []
        for _ in range(runs):
            seconds, done = env.run_file_in(command, batch, out)
            if done.returncode not in (0, 1):
                report.line("ERROR", f"batch.jobs{label}", "-", "-", first_error_line(done))
                return
            walls_j.append(seconds)
        rate = n / (median(walls_j) - start)
        report.line(status or verdict(rate >= 5000), f"batch.sentences/s{label}", f"{rate:,.0f}/s",
                    "-" if status else ">= 5,000",
                    f"N / (wall {median(walls_j):.2f} s - 1-sentence run {ms(start)}), "
                    + ("one process" if status else f"{os.cpu_count()} workers"))
    # The same on distinct sentences only: no repeat can be answered from the memo.
    distinct = list(dict.fromkeys(sentences))
    unique = env.workdir / "batch-distinct.txt"
    unique.write_text("\n".join(distinct) + "\n", encoding="utf-8")
    for label, command, status in (("", cmd, None), (" --jobs 1", one_cmd, "INFO"), (" --jobs 0", par_cmd, None)):
        walls_u = []
        for _ in range(runs):
            seconds, done = env.run_file_in(command, unique, out)
            walls_u.append(seconds)
        rate = len(distinct) / (median(walls_u) - start)
        report.line(status or verdict(rate >= 5000), f"batch.distinct/s{label}", f"{rate:,.0f}/s",
                    "-" if status else ">= 5,000",
                    f"{len(distinct):,} distinct sentences: N / (wall {median(walls_u):.2f} s - {ms(start)})")
    mix: dict[str, int] = {}
    for line in lines:
        v = json.loads(line).get("verdict", "?")
        mix[v] = mix.get(v, 0) + 1
    report.note("verdict mix: " + ", ".join(f"{k} {v:,}" for k, v in sorted(mix.items()))
                + f"; {len(set(sentences)):,} distinct sentences")


# ------------------------------------------------------------------------------------------------
# 3. Large table
# ------------------------------------------------------------------------------------------------

def bench_large(env: Env, report: Report) -> None:
    import synthetic_table as syn

    n = env.large_claims or (1_000 if env.quick else 100_000)
    queries_n = 1000
    brute_n = 5 if env.quick else 30
    report.section(f"large table: {n:,} synthetic claims" + (" (quick)" if env.quick else ""))

    # The generator's output must pass the project's loader: checked on a 1,000-claim version.
    small = env.workdir / "synthetic-1k.yaml"
    small_claims = syn.write_table(small, 1000, seed=1)
    from claimcheck.table import parse_tables

    _, problems = parse_tables([small])
    report.line(verdict(not problems), "large.loader-accepts", f"{len(problems)} problems", "0",
                "parse_tables() on a 1,000-claim synthetic table"
                + (f"; first: {problems[0]}" if problems else ""))

    if n == 1000:
        path, claims = small, small_claims
    else:
        path = env.workdir / f"synthetic-{n}.yaml"
        t0 = time.perf_counter()
        claims = syn.write_table(path, n, seed=1)
        report.note(f"wrote {path.name}: {n:,} claims, {path.stat().st_size / 1e6:.1f} MB in "
                    f"{time.perf_counter() - t0:.1f} s")
    queries = syn.sentences(claims, queries_n, seed=5)
    qfile = env.workdir / "queries.json"
    qfile.write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")

    cache = env.workdir / "cache-large"
    shutil.rmtree(cache, ignore_errors=True)
    extra = {"CLAIMCHECK_CACHE_DIR": str(cache)}
    # (a) build from YAML: a fresh process, an empty cache, the project's own load_table()
    linear = False
    try:
        built = env.worker("build", {"path": str(path)}, extra, timeout=env.build_timeout)
    except subprocess.TimeoutExpired:
        built = None
    except RuntimeError as error:
        report.line("ERROR", "large.build-from-YAML", "-", "-", str(error))
        return
    if built is not None and built.get("error"):
        report.line("ERROR", "large.build-from-YAML", "-", "-", built["error"])
        return
    if built is not None:
        report.line("INFO", "large.build-from-YAML", f"{built['total']:.1f} s", "-",
                    f"load_table() with no cache: parse {built['parse']:.1f} s + index {built['index']:.1f} s + "
                    f"cache write {built['cache_write']:.1f} s; peak RSS {built['maxrss_mb']:.0f} MB")
    else:
        report.line("MISS", "large.build-from-YAML", f"> {env.build_timeout:.0f} s", "finishes",
                    f"load_table() with no cache, stopped after {env.build_timeout:.0f} s (--build-timeout)")
        scaling(env, report, syn)
        # Go on with an index built by the project's build_index, its per-claim scan of every topic
        # phrase so far short-circuited to the claim's own phrases (identical result, checked first).
        linear = True
        shutil.rmtree(cache, ignore_errors=True)
        try:
            built = env.worker("build", {"path": str(path), "linear": True, "verify": str(small)}, extra)
        except (RuntimeError, subprocess.TimeoutExpired) as error:
            report.line("ERROR", "large.build-linear", "-", "-", str(error))
            return
        if built.get("error"):
            report.line("ERROR", "large.build-linear", "-", "-", built["error"])
            return
        report.line("INFO", "large.build-linear-scan", f"{built['total']:.1f} s", "-",
                    f"the same build with build_index's phrase scan limited to each claim's own phrases "
                    f"(same results as the project's build on 1,000 claims' statements: {built['verified']}): parse {built['parse']:.1f} s + "
                    f"index {built['index']:.1f} s + cache write {built['cache_write']:.1f} s; "
                    f"peak RSS {built['maxrss_mb']:.0f} MB")
        if built["verified"] is not True:
            report.line("ERROR", "large.build-linear", "-", "-", "the short-circuited build_index differs; stopped")
            return
    # (b)-(d) load from the cache, 1,000 queries, memory, brute force
    try:
        q = env.worker("query", {"path": str(path), "queries": str(qfile), "brute": brute_n,
                                 "profile": env.profile}, extra)
    except (RuntimeError, subprocess.TimeoutExpired) as error:
        report.line("ERROR", "large.query", "-", "-", str(error))
        return
    if not q["cache_hit"]:
        report.line("ERROR", "large.cache-load", f"{q['load']:.2f} s", "< 1 s",
                    "the second load_table() parsed the YAML again: no cache hit")
    else:
        report.line(verdict(q["load"] < 1.0), "large.cache-load", f"{q['load']:.2f} s", "< 1 s",
                    f"second load_table() in a fresh process (cache file {q['cache_mb']:.0f} MB; "
                    f"imports before it {q['imports']:.2f} s)")
    report.line(verdict(q["maxrss_mb"] < 300), "large.memory", f"{q['maxrss_mb']:.0f} MB", "< 300 MB",
                f"peak RSS (VmHWM) after load + {q['queries']:,} queries (RSS now {q['rss_now_mb']:.0f} MB; "
                f"after imports {q['rss_imports_mb']:.0f} MB, after load {q['rss_loaded_mb']:.0f} MB)")
    ratio = q["brute_mean"] / q["engine_same_mean"] if q["engine_same_mean"] else float("inf")
    report.line(verdict(ratio >= 20), "large.engine-vs-brute", f"{ratio:.1f}x", ">= 20x",
                f"brute force (rapidfuzz token_set_ratio over all {n:,} claims, then the verdict) "
                f"{ms(q['brute_mean'])}/query vs engine {ms(q['engine_same_mean'])}/query, same {brute_n} queries")
    report.line("INFO", "large.engine-per-query", ms(q["engine_mean"]), "-",
                f"check() over {q['queries']:,} queries: median {ms(q['engine_median'])}, "
                f"p95 {ms(q['engine_p95'])}, max {ms(q['engine_max'])}; "
                f"median candidates per query {q['candidates_median']:.0f} (max {q['candidates_max']:,})")
    report.note("engine verdicts on the queries: " + ", ".join(f"{k} {v}" for k, v in sorted(q["mix"].items())))
    if q.get("profile"):
        report.note("cProfile of the engine on the queries, top 10 by cumulative time:")
        report.note(q["profile"])
    # (e) same verdicts on the bundled cases with the synthetic table merged in
    if not env.cases or not env.cases.is_file():
        report.line("SKIP", "large.same-verdicts", "-", "0 differ", f"{env.cases}: no cases file")
        return
    try:
        c = env.worker("cases", {"synthetic": str(path), "cases": str(env.cases), "linear": linear}, extra)
    except (RuntimeError, subprocess.TimeoutExpired) as error:
        report.line("ERROR", "large.same-verdicts", "-", "0 differ", str(error))
        return
    report.line(verdict(not c["differ"]), "large.same-verdicts", f"{len(c['differ'])} differ", "0 differ",
                f"{c['total']} cases: bundled table alone vs bundled + {n:,} synthetic "
                f"(merged table built in {c['merged_build']:.1f} s{', linear scan' if linear else ''})")
    report.note(f"bundled alone: {c['as_expected']}/{c['total']} verdicts as the cases expect; "
                f"merged: {c['as_expected_merged']}/{c['total']}; same claim shown: {c['same_claim']}/{c['total']}")
    for d in c["differ"]:
        report.note(f"  {d['bundled']} -> {d['merged']} ({d['claim']}): {d['text']}")


def scaling(env: Env, report: Report, syn) -> None:
    """Build times at two small sizes, to show how the build grows with the table."""
    rows = []
    for size in (4_000, 8_000):
        path = env.workdir / f"synthetic-scale-{size}.yaml"
        syn.write_table(path, size, seed=2)
        cache = env.workdir / f"cache-scale-{size}"
        try:
            rows.append((size, env.worker("build", {"path": str(path)}, {"CLAIMCHECK_CACHE_DIR": str(cache)})))
        except (RuntimeError, subprocess.TimeoutExpired) as error:
            report.note(f"scaling probe at {size:,} claims failed: {error}")
            return
    (n1, a), (n2, b) = rows
    import math

    def exponent(key):
        return math.log(max(b[key], 1e-6) / max(a[key], 1e-6)) / math.log(n2 / n1)

    report.note("scaling probe (load_table with no cache): " + "; ".join(
        f"{size:,} claims: parse {r['parse']:.1f} s, index {r['index']:.1f} s" for size, r in rows))
    e_parse, e_index = exponent("parse"), exponent("index")
    n = env.large_claims or 100_000
    report.note(f"growth exponent: parse n^{e_parse:.2f}, index n^{e_index:.2f}; extrapolated to {n:,} claims: "
                f"parse ~{b['parse'] * (n / n2) ** e_parse:,.0f} s, index ~{b['index'] * (n / n2) ** e_index:,.0f} s")


# ------------------------------------------------------------------------------------------------
# 4. Lint
# ------------------------------------------------------------------------------------------------

#: The size of ``machine_loop``: ~0.4 s of pure Python at this machine's fastest.
LOOP_ADDITIONS = 5_000_000


def machine_loop(env: Env) -> float:
    """Seconds a fresh Python takes for ``LOOP_ADDITIONS`` additions in a loop (start-up excluded):
    a measure of how fast the machine runs pure Python at this moment."""
    code = ("import time\nt = time.perf_counter()\ns = 0\nfor i in range(%d): s += i\n"
            "print(time.perf_counter() - t)" % LOOP_ADDITIONS)
    _, done = env.run([env.python, "-c", code])
    return float(done.stdout)


def bench_lint(env: Env, report: Report) -> None:
    import synthetic_table as syn

    size = 100_000 if env.quick else 1_000_000
    small_size = 3_000 if env.quick else 25_000
    runs = 1 if env.quick else 3
    # The 1 MB draft is timed more often than the rest: a median of 3 moved by 0.2 s from one run of
    # the suite to the next here, as much as the machine's speed swings within a minute.
    file_runs = 1 if env.quick else 9
    report.section(f"lint: a {size / 1e6:g} MB Markdown draft; --jobs 1 vs 2 on 40 files")
    claims = bundled_claims(env)
    extra = case_texts(env)
    big = env.workdir / "draft.md"
    big.write_text(syn.markdown_document(claims, size, seed=11, extra=extra), encoding="utf-8")
    tiny = env.workdir / "tiny.md"
    tiny.write_text(f"# Draft\n\n{SENTENCE}.\n", encoding="utf-8")
    folder = env.workdir / "drafts"
    folder.mkdir(exist_ok=True)
    for i in range(40):
        (folder / f"draft-{i:02d}.md").write_text(syn.markdown_document(claims, small_size, seed=100 + i,
                                                                         extra=extra), encoding="utf-8")
    lint = [env.script, "lint", "--format", "jsonl"]

    _, done = env.run(lint + [tiny])
    if done.returncode not in (0, 1):
        report.line("ERROR", "lint", "-", "-", f"`claimcheck lint` failed: {first_error_line(done)}")
        return
    starts, walls, single, loops, findings = [], [], [], [], 0
    for i in range(max(5, file_runs)):
        seconds, done = env.run(lint + [tiny])
        starts.append(seconds)
        if i < file_runs:
            loops.append(machine_loop(env))
            # As a user runs it (--jobs defaults to one worker per CPU for a file this big), then
            # in one process.
            for args, into in (([big], walls), (["--jobs", "1", big], single)):
                seconds, done = env.run(lint + args)
                if done.returncode not in (0, 1):
                    report.line("ERROR", "lint.1MB", "-", "< 1 s", f"`claimcheck lint` failed: {first_error_line(done)}")
                    return
                into.append(seconds)
            findings = len(done.stdout.splitlines())
    start, wall = median(starts), median(walls)
    net = wall - start
    report.line(verdict(net < 1.0), f"lint.{size / 1e6:g}MB-file", f"{net:.2f} s", "< 1 s",
                f"wall {wall:.2f} s - start-up {ms(start)} (lint of a one-sentence file), "
                f"{big.stat().st_size / 1e6:.2f} MB, {findings:,} findings printed, default --jobs "
                f"({os.cpu_count()} CPUs), medians of {len(walls)}")
    report.note(f"wall, each run: {', '.join(f'{w:.2f}' for w in walls)} s; start-up "
                f"{ms(min(starts))}-{ms(max(starts))}")
    report.line("INFO", f"lint.{size / 1e6:g}MB --jobs 1", f"{median(single) - start:.2f} s", "-",
                f"the same in one process: wall {median(single):.2f} s - start-up {ms(start)}")
    report.line("INFO", "lint.machine-loop", f"{median(loops):.2f} s", "-",
                f"{LOOP_ADDITIONS / 1e6:g} million additions in a pure-Python loop, once before each "
                f"lint of the draft (median of {len(loops)}; {min(loops):.2f}-{max(loops):.2f} s): how fast "
                f"this shared machine ran meanwhile, to compare runs of the suite")
    # --jobs 1 vs --jobs 2 on a folder
    j1, j2 = [], []
    for _ in range(runs):
        for jobs, into in ((1, j1), (2, j2)):
            seconds, done = env.run(lint + ["--jobs", str(jobs), folder])
            if done.returncode not in (0, 1):
                report.line("ERROR", f"lint.jobs{jobs}", "-", "-", first_error_line(done))
                return
            into.append(seconds)
    a, b = median(j1), median(j2)
    total = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
    report.line("INFO", "lint.jobs2-speed-up", f"{a / b:.2f}x", "- (2 cores)",
                f"--jobs 1 {a:.2f} s / --jobs 2 {b:.2f} s on 40 files ({total:.1f} MB); "
                f"net of start-up {(a - start) / max(b - start, 1e-9):.2f}x")


# ------------------------------------------------------------------------------------------------
# Workers (run in a fresh Python by Env.worker; print one JSON line)
# ------------------------------------------------------------------------------------------------

def _status_mb(field: str) -> float | None:
    """A memory field of /proc/self/status (``VmRSS``, ``VmHWM``) in MB; None where there is none."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _rss_mb() -> float:
    rss = _status_mb("VmRSS")
    return float("nan") if rss is None else rss


def _maxrss_mb() -> float:
    """This process's peak RSS.  On Linux, VmHWM: ru_maxrss is no good in a worker, because Linux
    carries the high-water mark of the image a process exec'd from (here run.py, which holds the
    100k synthetic claims, ~320 MB) into the new program's ru_maxrss, so it never reads below the
    parent's peak.  Elsewhere, ru_maxrss."""
    peak = _status_mb("VmHWM")
    if peak is not None:
        return peak
    import resource

    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / 1024 if sys.platform != "darwin" else kb / 1024 / 1024


def worker_build(args: dict) -> dict:
    import claimcheck.cache as cache_module
    import claimcheck.table as table_module

    spent = {"parse": 0.0, "index": 0.0, "cache_write": 0.0}

    def timed(name, fn):
        def wrapper(*a, **k):
            t = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                spent[name] += time.perf_counter() - t
        return wrapper

    verified = None
    if args.get("linear"):
        verified = _linear_build_index(table_module, args.get("verify"))
    table_module.parse_tables = timed("parse", table_module.parse_tables)
    table_module.build_index = timed("index", table_module.build_index)
    cache_module.write = timed("cache_write", cache_module.write)
    t = time.perf_counter()
    try:
        table = table_module.load_table([args["path"]])
    except table_module.TableError as error:
        return {"error": f"the loader rejected the table: {error}"}
    total = time.perf_counter() - t
    return dict(spent, total=total, claims=len(table.claims), maxrss_mb=_maxrss_mb(), verified=verified)


class _RecentPhrases(dict):
    """``Table.topic_phrases`` while build_index runs: ``values()`` gives only the phrases added since
    the previous call, i.e. the current claim's, so its per-claim "my phrases" scan stops being a scan
    of every phrase so far (O(n^2) in the number of claims)."""

    def __init__(self):
        super().__init__()
        self.recent = []

    def setdefault(self, key, default=None):
        if key not in self:
            dict.__setitem__(self, key, _NotifyingList(self))
        return self[key]

    def values(self):
        recent, self.recent = self.recent, []
        return [recent]


class _NotifyingList(list):
    def __init__(self, owner):
        super().__init__()
        self.owner = owner

    def append(self, item):
        super().append(item)
        self.owner.recent.append(item)


def _linear_build_index(table_module, verify_path):
    """Patch build_index as described in _RecentPhrases; return whether it gives the project's own
    result on ``verify_path`` (True/False), or None when not checked."""
    original_build = table_module.build_index
    real_table = table_module.Table

    def make_table(*a, **k):
        table = real_table(*a, **k)
        table.topic_phrases = _RecentPhrases()
        return table

    def build(claims, paths=None):
        table_module.Table = make_table
        try:
            table = original_build(claims, paths)
        finally:
            table_module.Table = real_table
        table.topic_phrases = {key: list(value) for key, value in dict.items(table.topic_phrases)}
        return table

    same = None
    if verify_path:
        # Same verdicts, reasons and quotes on every claim's own statement from both builds (Tables
        # have no ==: they would compare by identity).
        from claimcheck.match import check

        claims, problems = table_module.parse_tables([Path(verify_path)])
        if problems:
            same = False
        else:
            ours, short = original_build(claims, [verify_path]), build(claims, [verify_path])
            sentences = [claim.statement for claim in claims]
            same = [check(s, ours) for s in sentences] == [check(s, short) for s in sentences]
    table_module.build_index = build
    return same


def worker_query(args: dict) -> dict:
    t0 = time.perf_counter()
    import claimcheck.table as table_module
    from claimcheck.figures import read
    from claimcheck.match import check, decide

    imports = time.perf_counter() - t0
    rss_imports = _rss_mb()
    parsed = []
    original = table_module.parse_tables

    def spy(*a, **k):
        parsed.append(1)
        return original(*a, **k)

    table_module.parse_tables = spy
    t = time.perf_counter()
    table = table_module.load_table([args["path"]])
    load = time.perf_counter() - t
    rss_loaded = _rss_mb()
    cache_dir = Path(os.environ["CLAIMCHECK_CACHE_DIR"])
    cache_mb = sum(p.stat().st_size for p in cache_dir.glob("*.pickle")) / 1e6

    queries = json.loads(Path(args["queries"]).read_text(encoding="utf-8"))
    for text in queries[:20]:  # warm up: lazily compiled expressions, first imports
        check(text, table)
    times, mix = [], {}
    for text in queries:
        t = time.perf_counter()
        result = check(text, table)
        times.append(time.perf_counter() - t)
        mix[result.verdict] = mix.get(result.verdict, 0) + 1
    maxrss = _maxrss_mb()
    rss_now = _rss_mb()
    ordered = sorted(times)
    candidates = []
    try:  # how many claims pass the topic gate (an internal function: best effort)
        from claimcheck.match import _candidates

        for text in queries[:200]:
            found = _candidates(read(text), table)
            candidates.append(len(found[0] if isinstance(found, tuple) else found))
    except Exception:
        candidates = [0]

    # Brute force: the best fuzzy match over every claim, then the verdict on that claim alone.
    from rapidfuzz import fuzz, process

    t = time.perf_counter()
    choices = [f"{c.statement} {c.quote}" for c in table.claims]
    brute_setup = time.perf_counter() - t
    brute, same = [], []
    step = max(1, len(queries) // max(1, args["brute"]))
    for i in range(0, step * args["brute"], step):
        text = queries[i]
        t = time.perf_counter()
        _, _, index = process.extractOne(text, choices, scorer=fuzz.token_set_ratio)
        decide(read(text), table_module.build_index([table.claims[index]]))
        brute.append(time.perf_counter() - t)
        same.append(times[i])

    profile_text = ""
    if args.get("profile"):
        import cProfile
        import io
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        for text in queries:
            check(text, table)
        profiler.disable()
        buffer = io.StringIO()
        stats = pstats.Stats(profiler, stream=buffer)
        stats.sort_stats("cumulative").print_stats(10)
        lines = buffer.getvalue().splitlines()
        keep = [ln for ln in lines if ln.strip() and not ln.lstrip().startswith(("Ordered by", "List reduced"))]
        profile_text = "\n".join(keep[:13])
    return {
        "imports": imports, "load": load, "cache_hit": not parsed, "cache_mb": cache_mb,
        "queries": len(queries), "engine_mean": statistics.fmean(times), "engine_median": median(times),
        "engine_p95": ordered[int(0.95 * (len(ordered) - 1))], "engine_max": ordered[-1],
        "maxrss_mb": maxrss, "rss_now_mb": rss_now, "rss_imports_mb": rss_imports, "rss_loaded_mb": rss_loaded,
        "brute_setup": brute_setup, "brute_mean": statistics.fmean(brute) if brute else 0.0,
        "engine_same_mean": statistics.fmean(same) if same else 0.0, "mix": mix, "profile": profile_text,
        "candidates_median": median(candidates), "candidates_max": max(candidates),
    }


def worker_cases(args: dict) -> dict:
    import yaml
    from claimcheck.match import check
    from claimcheck.table import bundled_table, load_table

    cases = [c for c in yaml.safe_load(Path(args["cases"]).read_text(encoding="utf-8")) or []
             if isinstance(c, dict) and c.get("text")]
    if args.get("linear"):
        import claimcheck.table as table_module

        _linear_build_index(table_module, None)
    bundled = load_table([str(bundled_table())])
    t = time.perf_counter()
    merged = load_table([str(bundled_table()), args["synthetic"]])
    merged_build = time.perf_counter() - t
    differ, expected, expected_merged, same_claim = [], 0, 0, 0
    for case in cases:
        a = check(case["text"], bundled)
        b = check(case["text"], merged)
        expected += a.verdict == case.get("expect")
        expected_merged += b.verdict == case.get("expect")
        ida = a.claim.id if a.claim else None
        idb = b.claim.id if b.claim else None
        same_claim += ida == idb
        if a.verdict != b.verdict:
            differ.append({"text": case["text"], "bundled": a.verdict, "merged": b.verdict,
                           "claim": f"{ida} -> {idb}"})
    return {"total": len(cases), "differ": differ, "merged_build": merged_build, "as_expected": expected,
            "as_expected_merged": expected_merged, "same_claim": same_claim}


WORKERS = {"build": worker_build, "query": worker_query, "cases": worker_cases}


# ------------------------------------------------------------------------------------------------
# Main
# ------------------------------------------------------------------------------------------------

def _reexec_in_venv() -> None:
    """Run under the project's virtualenv when this Python has no claimcheck."""
    import importlib.util

    if importlib.util.find_spec("claimcheck") is not None:
        return
    venv = REPO / ".venv" / "bin" / "python"
    if venv.exists() and Path(sys.prefix).resolve() != (REPO / ".venv").resolve() \
            and not os.environ.get("CLAIMCHECK_BENCH_REEXEC"):
        os.environ["CLAIMCHECK_BENCH_REEXEC"] = "1"
        os.execv(str(venv), [str(venv), str(Path(__file__).resolve()), *sys.argv[1:]])
    print("run.py: claimcheck is not installed in this Python; run it with the project's virtualenv "
          "(.venv/bin/python benchmarks/run.py)", file=sys.stderr)
    sys.exit(2)


def _git_state() -> str:
    try:
        head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, timeout=10).stdout.strip()
        return f"{head}{' (uncommitted changes)' if dirty else ''}" if head else "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def _snapshot(workdir: Path) -> Path | None:
    """Copy src/claimcheck and data/ into the scratch directory, so that a tree that others are editing
    cannot change the code between two measurements of one run (a cache written by one version and
    read by the next, say).  Returns the directory to put first on PYTHONPATH."""
    source = REPO / "src" / "claimcheck"
    if not source.is_dir():
        return None
    root = workdir / "snapshot"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(source, root / "src" / "claimcheck", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    if (REPO / "data").is_dir():  # bundled_table() looks for ../../data/claims.yaml from the package
        shutil.copytree(REPO / "data", root / "data")
    return root / "src"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="claimcheck benchmarks (see benchmarks/README.md).")
    parser.add_argument("--quick", action="store_true", help="reduced sizes and repeats (< 60 s in all)")
    parser.add_argument("--only", default="", help=f"comma-separated subset of: {', '.join(TARGETS)}")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed (or errored)")
    parser.add_argument("--cases", default=str(CASES_DEFAULT),
                        help="acceptance cases for the same-verdicts check (skipped when absent)")
    parser.add_argument("--profile", action="store_true",
                        help="also print a cProfile of the engine's queries on the large table")
    parser.add_argument("--build-timeout", type=float, default=600,
                        help="seconds to let the 100k-claim table build from YAML before reporting a miss "
                             "(default 600)")
    parser.add_argument("--large-claims", type=int, default=0, metavar="N",
                        help="size of the synthetic table (default 100,000; 1,000 with --quick)")
    parser.add_argument("--workdir", help="keep generated files and caches here (default: a temporary "
                                          "directory, removed afterwards)")
    parser.add_argument("--no-snapshot", action="store_true",
                        help="measure the live source tree instead of a copy taken at the start")
    parser.add_argument("--worker", nargs=2, metavar=("NAME", "ARGS"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        name, payload = args.worker
        print(json.dumps(WORKERS[name](json.loads(payload))), flush=True)
        return 0

    chosen = [t.strip() for t in args.only.split(",") if t.strip()] or list(TARGETS)
    unknown = [t for t in chosen if t not in TARGETS]
    selected = [t for t in TARGETS if t in chosen]
    if unknown:
        print(f"run.py: unknown target(s) {', '.join(unknown)}; choose from {', '.join(TARGETS)}", file=sys.stderr)
        return 2
    _reexec_in_venv()
    python = Path(sys.executable)
    script = python.parent / "claimcheck"
    if not script.exists():
        found = shutil.which("claimcheck")
        if not found:
            print(f"run.py: no claimcheck console script beside {python}", file=sys.stderr)
            return 2
        script = Path(found)
    sys.path.insert(0, str(HERE))

    keep = bool(args.workdir)
    workdir = Path(args.workdir).resolve() if args.workdir else Path(tempfile.mkdtemp(prefix="claimcheck-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    commit = _git_state()
    snapshot = None
    if not args.no_snapshot:
        snapshot = _snapshot(workdir)
        if snapshot is None:
            print("run.py: no src/claimcheck beside benchmarks/ to snapshot; measuring the installed claimcheck",
                  file=sys.stderr)
    env = Env(python, script, workdir, args.quick, Path(args.cases).resolve() if args.cases else None, args.profile,
              args.build_timeout)
    env.large_claims = args.large_claims
    if snapshot is not None:
        # Every process (console script, workers, this one) imports the same copy of the source.
        env.env["PYTHONPATH"] = os.pathsep.join([str(snapshot), *filter(None, [os.environ.get("PYTHONPATH")])])
        sys.path.insert(0, str(snapshot))
        env.run([python, "-m", "compileall", "-q", snapshot])  # .pyc files, as an installed package has
    os.environ["CLAIMCHECK_CACHE_DIR"] = str(env.cache)  # this process's own table loads too
    os.environ.pop("CLAIMCHECK_TABLE", None)
    os.environ.pop("CLAIMCHECK_NO_CACHE", None)

    _, done = env.run([script, "--version"])
    if done.returncode != 0:
        print(f"run.py: `claimcheck --version` failed: {first_error_line(done)}", file=sys.stderr)
        return 2
    version = done.stdout.decode().strip()
    try:
        import typer
        typer_version = typer.__version__
    except Exception:  # pragma: no cover
        typer_version = "?"
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    print(f"claimcheck benchmarks, {'quick' if args.quick else 'full'} run: "
          f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC")
    where = f"a copy of src/ taken at the start (commit {commit})" if snapshot else f"the live tree (commit {commit})"
    print(f"{version} from {where}; Python {platform.python_version()}, typer {typer_version}; "
          f"{cpus} CPUs; load average {load}; {platform.platform(terse=True)}")
    print("STATUS name                       measured    target     reference")

    report = Report()
    started = time.perf_counter()
    benches = {"startup": bench_startup, "batch": bench_batch, "large": bench_large, "lint": bench_lint}
    try:
        for name in selected:
            try:
                benches[name](env, report)
            except Exception as error:  # one broken benchmark must not hide the others
                report.line("ERROR", name, "-", "-", f"{type(error).__name__}: {error}")
    finally:
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)
    counts = report.counts()
    if snapshot is None and _git_state() != commit:
        print(f"\nwarning: the source changed during the run (commit {commit} at the start, {_git_state()} at "
              f"the end): later sections measured newer code")
    print(f"\n{', '.join(f'{v} {k}' for k, v in sorted(counts.items()))} in {time.perf_counter() - started:.0f} s"
          + (f"; files kept in {workdir}" if keep else ""))
    if args.strict and (counts.get("MISS") or counts.get("ERROR")):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
