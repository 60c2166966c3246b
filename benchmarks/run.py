"""claimcheck's benchmarks: each goal as a ratio or rate against a reference measured in the same run.

    .venv/bin/python benchmarks/run.py [--quick] [--only startup,batch,large,lint,files] [--strict] [--profile]

Every line is PASS, MISS, INFO (no target) or ERROR (the measurement failed).  The machine is
shared and noisy, so each goal compares two things measured here, now: command runs are
interleaved (A, B, A, B, ...) and their medians compared.  Nothing here asserts a timing; pytest
does not collect this directory.  See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SHARED = REPO.parent / "shared"
SENTENCE = "Mexico deported about 80,000 people in 2017"
GOALS = ("startup", "batch", "large", "lint", "files")
FULL = dict(startup_rounds=20, batch_n=20_000, batch_rounds=3, claims=100_000, queries=10_000, rss_at=1_000,
            brute=30, lint_rounds=10, files=48, files_rounds=5, valid_claims=500)
QUICK = dict(startup_rounds=6, batch_n=600, batch_rounds=1, claims=3_000, queries=500, rss_at=100,
             brute=10, lint_rounds=3, files=40, files_rounds=1, valid_claims=150)


# ------------------------------------------------------------------------------------------------
# Output
# ------------------------------------------------------------------------------------------------

class Report:
    def __init__(self):
        self.statuses: list[str] = []

    def line(self, status: str, name: str, value: str, target: str, reference: str, details=()) -> None:
        self.statuses.append(status)
        print(f"{status:<5} {name:<26} {value:>11}  {target:<10}  {reference}", flush=True)
        for d in details:
            print(f"        {d}", flush=True)

    def goal(self, name, value: float, ok: bool, shown: str, target: str, reference: str, details=()) -> None:
        self.line("PASS" if ok else "MISS", name, shown, target, reference, details)

    def error(self, name: str, message: str) -> None:
        self.line("ERROR", name, "-", "", message.strip().splitlines()[-1][:300] if message.strip() else "failed")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def med(values) -> float:
    return statistics.median(values)


# ------------------------------------------------------------------------------------------------
# Processes
# ------------------------------------------------------------------------------------------------

class Env:
    """Where and how commands run: in a scratch directory (no configuration file), with a table
    cache of their own, and the code under test first on PYTHONPATH."""

    def __init__(self, work: Path, src: Path | None):
        self.work = work
        self.python = str(Path(sys.executable))
        self.exe = str(Path(sys.executable).with_name("claimcheck"))
        self.env = {k: v for k, v in os.environ.items()
                    if k not in ("CLAIMCHECK_TABLE", "CLAIMCHECK_NO_CACHE", "PYTHONDONTWRITEBYTECODE", "NO_COLOR")}
        self.env["CLAIMCHECK_CACHE_DIR"] = str(work / "cache")
        if src is not None:
            self.env["PYTHONPATH"] = os.pathsep.join([str(src), *filter(None, [os.environ.get("PYTHONPATH")])])

    def run(self, argv, stdin: Path | None = None, stdout: Path | None = None, ok=(0,), env=None, timeout=3600):
        """Run a command; return its wall time.  RuntimeError on an unexpected exit status."""
        inp = open(stdin, "rb") if stdin else subprocess.DEVNULL
        out = open(stdout, "wb") if stdout else subprocess.DEVNULL
        try:
            start = time.perf_counter()
            done = subprocess.run(argv, stdin=inp, stdout=out, stderr=subprocess.PIPE, cwd=self.work,
                                  env={**self.env, **(env or {})}, timeout=timeout)
            took = time.perf_counter() - start
        finally:
            for f in (inp, out):
                if f is not subprocess.DEVNULL:
                    f.close()
        if done.returncode not in ok:
            raise RuntimeError(f"{' '.join(map(str, argv))[:120]}: exit {done.returncode}: "
                               f"{done.stderr.decode(errors='replace')[-400:]}")
        return took

    def worker(self, name: str, env=None, timeout=3600, **args) -> dict:
        """Run ``worker_<name>(args)`` of this file in a fresh process; its JSON result."""
        done = subprocess.run([self.python, str(Path(__file__)), "--worker", name, json.dumps(args)],
                              capture_output=True, text=True, cwd=self.work, env={**self.env, **(env or {})},
                              timeout=timeout)
        if done.returncode != 0:
            raise RuntimeError(f"worker {name}: exit {done.returncode}: {done.stderr[-600:]}")
        return json.loads(done.stdout.strip().splitlines()[-1])

    def interleaved(self, commands: dict, rounds: int, warmup: int = 1) -> dict[str, list[float]]:
        """``commands``: name -> dict(argv=..., stdin=..., ok=...).  Wall times, A B A B ..."""
        times: dict[str, list[float]] = {name: [] for name in commands}
        for r in range(warmup + rounds):
            for name, c in commands.items():
                took = self.run(c["argv"], c.get("stdin"), c.get("stdout"), c.get("ok", (0,)))
                if r >= warmup:
                    times[name].append(took)
        return times

    def profile(self, argv_tail: list[str], stdin: Path | None = None, ok=(0, 1), top: int = 12) -> list[str]:
        """cProfile a claimcheck command (``python -m cProfile -m claimcheck ...``): its hotspots."""
        out = self.work / "profile.out"
        self.run([self.python, "-m", "cProfile", "-o", str(out), "-m", "claimcheck", *argv_tail], stdin, ok=ok)
        return hotspots(str(out), top)


def hotspots(path_or_profile, top: int = 12) -> list[str]:
    """cProfile's hotspots: claimcheck's functions by cumulative time, then any function by self time."""
    import pstats

    stats = pstats.Stats(path_or_profile)
    rows = [(cum, own, calls, f"{_short(file)}:{line} {func}")
            for (file, line, func), (_, calls, own, cum, _) in stats.stats.items()]
    ours = sorted((r for r in rows if "claimcheck" in r[3]), reverse=True)[:top]
    hot = sorted(rows, key=lambda r: r[1], reverse=True)[:6]
    return ([f"cProfile (a run of its own, not the one timed); total {stats.total_tt:.2f} s; by cumulative time:"]
            + [f"  {c:8.3f}s cum {t:8.3f}s self {n:>9} calls  {where}" for c, t, n, where in ours]
            + ["by self time:"] + [f"  {c:8.3f}s cum {t:8.3f}s self {n:>9} calls  {where}" for c, t, n, where in hot])


def _short(file: str) -> str:
    parts = Path(file).parts
    for anchor in ("claimcheck", "site-packages"):
        if anchor in parts:
            return "/".join(parts[len(parts) - parts[::-1].index(anchor) - 1:])
    return file


# ------------------------------------------------------------------------------------------------
# Goals
# ------------------------------------------------------------------------------------------------

def bench_startup(env: Env, rep: Report, size: dict, profile: bool) -> None:
    commands = {"check": dict(argv=[env.exe, "check", SENTENCE]),
                "bare": dict(argv=[env.python, str(HERE / "bare_typer.py"), SENTENCE]),
                "python": dict(argv=[env.python, "-c", "pass"])}
    t = env.interleaved(commands, size["startup_rounds"], warmup=2)
    check, bare, python = med(t["check"]), med(t["bare"]), med(t["python"])
    n = len(t["check"])
    rep.goal("startup.check/bare", check / bare, check / bare <= 1.3, f"{check / bare:.2f}x", "<= 1.30x",
             f"claimcheck check {ms(check)} vs bare Typer app {ms(bare)} (medians of {n}, interleaved)",
             [f"python -c pass {ms(python)}; claimcheck above python: {ms(check - python)}, "
              f"bare Typer above python: {ms(bare - python)}",
              f"spread (min-max): check {ms(min(t['check']))}-{ms(max(t['check']))}, "
              f"bare {ms(min(t['bare']))}-{ms(max(t['bare']))}"])
    selfs: dict[str, list[int]] = {}
    cums: dict[str, list[int]] = {}
    for _ in range(3):
        done = subprocess.run([env.python, "-X", "importtime", "-m", "claimcheck", "check", SENTENCE],
                              capture_output=True, text=True, cwd=env.work, env=env.env)
        for line in done.stderr.splitlines():
            if line.startswith("import time:") and "|" in line and "self" not in line:
                own, cum, name = (x.strip() for x in line[len("import time:"):].split("|"))
                selfs.setdefault(name, []).append(int(own))
                cums.setdefault(name.strip(), []).append(int(cum))
    top_cum = sorted(((med(v), k) for k, v in cums.items()), reverse=True)[:10]
    top_self = sorted(((med(v), k) for k, v in selfs.items()), reverse=True)[:8]
    total = sum(med(v) for v in selfs.values())
    rep.line("INFO", "startup.importtime", f"{total / 1000:.1f} ms", "", "python -X importtime of claimcheck check "
             "(median of 3): all imports; top modules by cumulative, then by self time",
             [f"cum {c / 1000:7.1f} ms  {name}" for c, name in top_cum] +
             [f"self {s / 1000:6.1f} ms  {name.strip()}" for s, name in top_self])
    if profile:
        rep.line("INFO", "startup.profile", "", "", "cProfile of claimcheck check (one run)",
                 env.profile(["check", SENTENCE]))


def _templates() -> tuple[list[str], list[str]]:
    """Template sentences (the bundled statements and the case files' texts) and the table's actors."""
    import yaml

    table = yaml.safe_load((REPO / "data" / "claims.yaml").read_text(encoding="utf-8"))
    texts = [c["statement"] for c in table["claims"]]
    actors = [a for c in table["claims"] for a in (c.get("actor"), *c.get("aliases", [])) if a]
    for path in sorted((REPO / "tests" / "cases").glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            if isinstance(case, dict) and isinstance(case.get("text"), str):
                texts.append(case["text"])
    return texts, actors


def bench_batch(env: Env, rep: Report, size: dict, profile: bool) -> None:
    import synthetic_table as syn

    n = size["batch_n"]
    texts, actors = _templates()
    sentences = syn.variants(texts, n, actors)
    if len(sentences) < n:
        rep.error("batch", f"only {len(sentences)} distinct sentences from {len(texts)} templates")
        return
    folder = env.work / "batch"
    folder.mkdir(exist_ok=True)
    many, one = folder / "sentences.txt", folder / "one.txt"
    many.write_text("\n".join(sentences) + "\n", encoding="utf-8")
    one.write_text(SENTENCE + "\n", encoding="utf-8")
    out = folder / "out.jsonl"
    variants = {"jobs1": ["--jobs", "1"], "default": []}
    if (os.cpu_count() or 1) >= 2:
        variants["jobs2"] = ["--jobs", "2"]
    commands = {}
    for name, extra in variants.items():
        argv = [env.exe, "check", "--format", "jsonl", *extra, "-"]
        commands[name] = dict(argv=argv, stdin=many, stdout=out, ok=(0, 1))
        commands[name + "-one"] = dict(argv=argv, stdin=one, ok=(0, 1))
    t = env.interleaved(commands, size["batch_rounds"], warmup=0)
    lines = out.read_text(encoding="utf-8").splitlines()
    mix: dict[str, int] = {}
    for line in lines:
        verdict = json.loads(line).get("verdict", "?")
        mix[verdict] = mix.get(verdict, 0) + 1
    details = [f"{n:,} distinct sentences from {len(set(texts)):,} templates (bundled statements, tests/cases/*.yaml); "
               f"verdicts of the last run: " + ", ".join(f"{k} {v:,}" for k, v in sorted(mix.items())),
               f"output lines {len(lines):,} of {n:,}" + ("" if len(lines) == n else "  <-- MISMATCH")]
    for name in variants:
        wall, start = med(t[name]), med(t[name + "-one"])
        rate = n / max(wall - start, 1e-9)
        shown = f"{rate:,.0f}/s"
        ref = (f"{n:,} sentences: wall {wall:.2f} s minus one-sentence run {ms(start)} (medians of "
               f"{len(t[name])}, interleaved); {n / wall:,.0f}/s counting start-up")
        label = {"jobs1": "batch.rate --jobs 1", "default": "batch.rate (default jobs)", "jobs2": "batch.rate --jobs 2"}
        if name == "jobs2":
            rep.line("INFO", label[name], shown, "", ref)
        else:
            rep.goal(label[name], rate, rate >= 5000 and len(lines) == n, shown, ">= 5,000/s", ref,
                     details if name == "jobs1" else ())
    r = env.worker("rate", path=str(many), limit=min(n, 3000), profile=profile)
    rep.line("INFO", "batch.in-process", f"{r['rate']:,.0f}/s", "", f"verdict.check() over {r['n']:,} of the "
             f"sentences in one process, bundled table loaded first", r.get("profile", []))


def bench_large(env: Env, rep: Report, size: dict, profile: bool) -> None:
    import synthetic_table as syn

    folder = env.work / "large"
    folder.mkdir(exist_ok=True)
    small = folder / "small.yaml"
    syn.write_table(small, size["valid_claims"], seed=5)
    done = subprocess.run([env.exe, "validate", "--table", str(small), "--no-bundled-table", "--no-config"],
                          capture_output=True, text=True, cwd=env.work, env=env.env)
    problems = [line for line in done.stdout.splitlines() if line.startswith(str(small))]
    rep.line("PASS" if done.returncode == 0 else "MISS", "large.generator-valid", f"{len(problems)}", "0 problems",
             f"claimcheck validate --no-bundled-table on a {size['valid_claims']:,}-claim synthetic table (self-check "
             f"included)", problems[:5])
    path = folder / f"synthetic-{size['claims']}.yaml"
    start = time.perf_counter()
    claims = syn.write_table(path, size["claims"])
    queries = folder / "queries.json"
    queries.write_text(json.dumps(syn.query_sentences(claims, size["queries"])), encoding="utf-8")
    rep.line("INFO", "large.generate", f"{time.perf_counter() - start:.1f} s", "",
             f"{size['claims']:,} claims, {path.stat().st_size / 1e6:.1f} MB of YAML, {size['queries']:,} query sentences")
    del claims
    limit = 900 if size["claims"] >= 50_000 else 300
    try:
        cold = env.worker("load", env={"CLAIMCHECK_NO_CACHE": "1"}, timeout=limit * (4 if profile else 1) + 120,
                          path=str(path), write_cache=True, profile=profile)
    except subprocess.TimeoutExpired:
        rep.line("MISS", "large.cold-load", f"> {limit} s", "<= 15 s", "timed out; later lines skipped")
        return
    rep.goal("large.cold-load", cold["seconds"], cold["seconds"] <= 15, f"{cold['seconds']:.1f} s", "<= 15 s",
             f"load_table(bundled + {cold['claims']:,}-claim YAML), fresh process, CLAIMCHECK_NO_CACHE=1 "
             f"(imports {ms(cold['imports'])} not counted)", cold.get("profile", []))
    rep.goal("large.cold-load-peak-rss", cold["peak_mb"], cold["peak_mb"] <= 1024, f"{cold['peak_mb']:.0f} MB",
             "<= 1024 MB", f"VmHWM of that process (after imports: {cold['rss_imports_mb']:.0f} MB, after the load: "
             f"{cold['rss_mb']:.0f} MB)")
    warm = env.worker("load", path=str(path), write_cache=False, profile=False)
    rep.line("INFO" if warm["from_cache"] else "ERROR", "large.warm-load", f"{warm['seconds']:.2f} s", "",
             f"the same from the table cache, fresh process ({'read from cache' if warm['from_cache'] else 'NOT from the cache: YAML parsed'}); "
             f"RSS after it {warm['rss_mb']:.0f} MB, peak {warm['peak_mb']:.0f} MB")
    cases = SHARED / "eval" / "cases.yaml"
    q = env.worker("query", timeout=4 * 3600, path=str(path), queries=str(queries), rss_at=size["rss_at"], brute=size["brute"],
                   cases=str(cases) if cases.is_file() else "", profile=profile)
    ratio = q["brute_ms"] / q["engine_ms"]
    rep.goal("large.engine-vs-brute", ratio, ratio >= 20, f"{ratio:.1f}x", ">= 20x",
             f"verdict.check {q['engine_ms']:.1f} ms/query (mean of {q['n']:,}) vs rapidfuzz extractOne (WRatio) over "
             f"{q['claims']:,} statement+keywords texts {q['brute_ms']:.0f} ms/query (mean of {q['brute_n']})",
             ["verdicts by kind of sentence (expected): " + "; ".join(
                 f"{k} ({syn.EXPECTED[k]}): {v['ok']}/{v['n']}" for k, v in sorted(q["by_variant"].items()))]
             + q.get("profile", []))
    grow = q["rss_end_mb"] - q["rss_at_mb"]
    rep.goal("large.query-peak-rss", q["peak_mb"], q["peak_mb"] <= 300, f"{q['peak_mb']:.0f} MB", "<= 300 MB",
             f"VmHWM after {q['n']:,} queries (table loaded from the cache: RSS {q['rss_loaded_mb']:.0f} MB)")
    rep.goal("large.query-rss-growth", grow, grow <= 10, f"{grow:+.1f} MB", "<= +10 MB",
             f"VmRSS after query {q['rss_at']:,}: {q['rss_at_mb']:.1f} MB, after query {q['n']:,}: "
             f"{q['rss_end_mb']:.1f} MB")
    if q.get("cases") is None:
        rep.line("INFO", "large.same-verdicts", "-", "", f"no {cases}; skipped")
    else:
        c = q["cases"]
        rep.goal("large.same-verdicts", c["differ"], c["differ"] == 0, f"{c['differ']} differ", "0 differ",
                 f"{c['n']} public cases ({cases.name}): bundled table vs bundled + {q['claims'] - c['bundled']:,} "
                 f"synthetic claims", c["details"][:10])


def _article(target: int = 20_480) -> str:
    folder = SHARED / "eval" / "real" / "texts"
    files = sorted(folder.glob("*.md")) if folder.is_dir() else []
    files = files or sorted((REPO / "tests" / "cases" / "documents").glob("*.md"))
    parts, size = [], 0
    while size < target:
        for f in files:
            text = f.read_text(encoding="utf-8").strip() + "\n\n"
            parts.append(text)
            size += len(text.encode("utf-8"))
            if size >= target:
                break
    return "".join(parts)


def bench_lint(env: Env, rep: Report, size: dict, profile: bool) -> None:
    article = env.work / "article.md"
    article.write_text(_article(), encoding="utf-8")
    commands = {"lint": dict(argv=[env.exe, "lint", str(article)], ok=(0, 1)),
                "check": dict(argv=[env.exe, "check", SENTENCE])}
    t = env.interleaved(commands, size["lint_rounds"], warmup=1)
    lint, check = med(t["lint"]), med(t["check"])
    kb = article.stat().st_size / 1024
    rep.goal("lint.article/check", lint / check, lint / check <= 2, f"{lint / check:.2f}x", "<= 2.00x",
             f"claimcheck lint of a {kb:.1f} KB article {ms(lint)} vs claimcheck check of one sentence {ms(check)} "
             f"(medians of {len(t['lint'])}, interleaved)",
             [f"article: the real texts under {SHARED / 'eval' / 'real' / 'texts'} (else tests/cases/documents), "
              f"concatenated; lint above check: {ms(lint - check)}"])
    if profile:
        rep.line("INFO", "lint.profile", "", "", "cProfile of claimcheck lint of the article",
                 env.profile(["lint", str(article)]))


def bench_files(env: Env, rep: Report, size: dict, profile: bool) -> None:
    sources = sorted((SHARED / "eval" / "real" / "texts").glob("*.md")) + \
        sorted((REPO / "tests" / "cases" / "documents").glob("*.md"))
    folder = env.work / "files"
    folder.mkdir(exist_ok=True)
    for i in range(size["files"]):
        shutil.copyfile(sources[i % len(sources)], folder / f"{i:03d}-{sources[i % len(sources)].name}")
    total = sum(f.stat().st_size for f in folder.iterdir()) / 1024
    commands = {"jobs1": dict(argv=[env.exe, "lint", "-q", "--jobs", "1", str(folder)], ok=(0, 1)),
                "jobs2": dict(argv=[env.exe, "lint", "-q", "--jobs", "2", str(folder)], ok=(0, 1))}
    t = env.interleaved(commands, size["files_rounds"], warmup=1)
    one, two = med(t["jobs1"]), med(t["jobs2"])
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    ref = (f"claimcheck lint of {size['files']} files ({total:.0f} KB): --jobs 1 {ms(one)} vs --jobs 2 {ms(two)} "
           f"(medians of {len(t['jobs1'])}, interleaved; {cpus} CPUs)")
    if cpus < 2:
        rep.line("INFO", "files.speedup-jobs2", f"{one / two:.2f}x", "> 1.20x", ref + "; one CPU: no target")
    else:
        rep.goal("files.speedup-jobs2", one / two, one / two > 1.2, f"{one / two:.2f}x", "> 1.20x", ref)


# ------------------------------------------------------------------------------------------------
# Workers: run in a fresh process (``run.py --worker NAME ARGS``), print one JSON line
# ------------------------------------------------------------------------------------------------

def _status_mb(field: str) -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _profiled(fn) -> list[str]:
    """Hotspots of ``fn()`` under cProfile."""
    import cProfile

    prof = cProfile.Profile()
    prof.runcall(fn)
    return hotspots(prof)


def worker_rate(a: dict) -> dict:
    from claimcheck.index import default_table
    from claimcheck.verdict import check

    sentences = Path(a["path"]).read_text(encoding="utf-8").splitlines()[: a["limit"]]
    table = default_table()

    def run():
        start = time.perf_counter()
        for s in sentences:
            check(s, table)
        return time.perf_counter() - start

    took = run()
    out = {"rate": len(sentences) / took, "n": len(sentences)}
    if a["profile"]:  # a second pass, under cProfile (not the one timed)
        out["profile"] = _profiled(run)
    return out


def worker_load(a: dict) -> dict:
    t0 = time.perf_counter()
    from claimcheck import cache, index
    from claimcheck.table import read_table_bytes, table_paths

    imports, rss_imports = time.perf_counter() - t0, _status_mb("VmRSS")
    parsed = []
    real_parse = index.parse_tables
    index.parse_tables = lambda *x, **k: parsed.append(1) or real_parse(*x, **k)
    start = time.perf_counter()
    table = index.load_table([a["path"]])
    seconds = time.perf_counter() - start
    out = {"seconds": seconds, "imports": imports, "claims": len(table), "from_cache": not parsed,
           "rss_imports_mb": rss_imports, "rss_mb": _status_mb("VmRSS"), "peak_mb": _status_mb("VmHWM")}
    if a["write_cache"]:  # so that the next processes load it warm (this one ran with the cache off)
        os.environ.pop("CLAIMCHECK_NO_CACHE", None)
        paths = table_paths([a["path"]])
        cache.write(cache.table_key([(str(p), read_table_bytes(p)) for p in paths]), table)
    if a["profile"]:  # the same load again, under cProfile, with the cache off
        os.environ["CLAIMCHECK_NO_CACHE"] = "1"
        del table
        out["profile"] = _profiled(lambda: index.load_table([a["path"]]))
    return out


def worker_query(a: dict) -> dict:
    from claimcheck.index import load_table
    from claimcheck.verdict import check

    import synthetic_table as syn

    table = load_table([a["path"]])
    rss_loaded = _status_mb("VmRSS")
    queries = json.loads(Path(a["queries"]).read_text(encoding="utf-8"))
    by_variant: dict[str, dict] = {}
    rss_at = None

    def run():
        nonlocal rss_at
        start = time.perf_counter()
        for i, (sentence, variant) in enumerate(queries, 1):
            result = check(sentence, table)
            v = by_variant.setdefault(variant, {"n": 0, "ok": 0})
            v["n"] += 1
            v["ok"] += result.verdict == syn.EXPECTED[variant]
            if i == a["rss_at"]:
                rss_at = _status_mb("VmRSS")
        return time.perf_counter() - start

    took = run()
    out = {"n": len(queries), "engine_ms": took / len(queries) * 1000, "claims": len(table), "by_variant": by_variant,
           "rss_loaded_mb": rss_loaded, "rss_at": a["rss_at"], "rss_at_mb": rss_at, "rss_end_mb": _status_mb("VmRSS"),
           "peak_mb": _status_mb("VmHWM")}
    if a["profile"]:  # the first 500 queries again, under cProfile (not the run timed)
        out["profile"] = _profiled(lambda: [check(s, table) for s, _ in queries[:500]])
    # the reference: the sentence matched against every claim's text by rapidfuzz
    from rapidfuzz import fuzz, process, utils

    choices = [utils.default_process(" ".join([c.statement, *c.keywords])) for c in table.claims]
    sample = [s for s, _ in queries[:: max(1, len(queries) // a["brute"])]][: a["brute"]]
    start = time.perf_counter()
    for s in sample:
        process.extractOne(utils.default_process(s), choices, scorer=fuzz.WRatio, processor=None)
    out["brute_ms"], out["brute_n"] = (time.perf_counter() - start) / len(sample) * 1000, len(sample)
    if a["cases"]:
        import yaml

        bundled = load_table()
        cases = [c["text"] for c in yaml.safe_load(Path(a["cases"]).read_text(encoding="utf-8"))]
        details = []
        for text in cases:
            alone, merged = check(text, bundled), check(text, table)
            if alone.verdict != merged.verdict:
                details.append(f"{alone.verdict} -> {merged.verdict} "
                               f"({merged.claim.id if merged.claim else '-'}): {text[:90]}")
        out["cases"] = {"n": len(cases), "differ": len(details), "details": details, "bundled": len(bundled)}
    return out


WORKERS = {"rate": worker_rate, "load": worker_load, "query": worker_query}


# ------------------------------------------------------------------------------------------------

def _git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True)
    return done.stdout.strip() if done.returncode == 0 else ""


def _snapshot(work: Path, tree: str) -> Path | None:
    """A copy of src/ and data/ (from HEAD, or the working tree) so that edits made during the run
    do not change what is measured; compiled, so start-up does not include compiling."""
    if tree == "live":
        return None
    dest = work / "snapshot"
    if tree == "head":
        archive = subprocess.run(["git", "archive", "HEAD", "src", "data"], cwd=REPO, capture_output=True, check=True)
        dest.mkdir()
        subprocess.run(["tar", "-x", "-C", str(dest)], input=archive.stdout, check=True)
    else:
        for part in ("src", "data"):
            shutil.copytree(REPO / part, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
    import compileall

    compileall.compile_dir(str(dest / "src"), quiet=1)
    return dest / "src"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes (under about a minute)")
    parser.add_argument("--only", default=",".join(GOALS), help=f"comma-separated: {', '.join(GOALS)}")
    parser.add_argument("--strict", action="store_true", help="exit 1 if a line is MISS or ERROR")
    parser.add_argument("--profile", action="store_true", help="also print cProfile hotspots")
    parser.add_argument("--tree", choices=("head", "worktree", "live"), default="head",
                        help="measure a copy of HEAD's src/ (default), a copy of the working tree, or the live tree")
    parser.add_argument("--keep", metavar="DIR", help="work in DIR and keep it (default: a temporary directory)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args(argv)
    sys.path.insert(0, str(HERE))
    if args.worker:
        print(json.dumps(WORKERS[args.worker](json.loads(rest[0]))))
        return 0
    only = [g.strip() for g in args.only.split(",") if g.strip()]
    unknown = [g for g in only if g not in GOALS]
    if unknown:
        parser.error(f"unknown goal {', '.join(unknown)} (known: {', '.join(GOALS)})")
    size = QUICK if args.quick else FULL
    work = Path(args.keep).resolve() if args.keep else Path(tempfile.mkdtemp(prefix="claimcheck-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        env = Env(work, _snapshot(work, args.tree))
        commit = _git("rev-parse", "--short=12", "HEAD")
        dirty = _git("status", "--porcelain", "--", "src", "data")
        import importlib.metadata as md

        print(f"claimcheck benchmarks  {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}  "
              f"{'quick' if args.quick else 'full'}")
        print(f"commit {commit}{' (src/ or data/ has uncommitted changes' + (', not measured)' if args.tree == 'head' else ')') if dirty else ''}"
              f"; measuring: {args.tree}" + (f" ({env.env.get('PYTHONPATH', '').split(os.pathsep)[0]})" if args.tree != "live" else ""))
        version = subprocess.run([env.exe, "--version"], capture_output=True, text=True, cwd=work, env=env.env)
        if version.returncode != 0:
            print(f"cannot run claimcheck --version: {version.stderr[-500:]}", file=sys.stderr)
            return 2
        print(f"{version.stdout.strip()}; Python {sys.version.split()[0]}, Typer {md.version('typer')}, "
              f"Click {md.version('click')}; CPUs {os.cpu_count()}; load average "
              f"{' '.join(open('/proc/loadavg').read().split()[:3])}")
        print(f"\n{'STATUS':<5} {'name':<26} {'measured':>11}  {'target':<10}  reference")
        rep = Report()
        for goal in only:
            started = time.perf_counter()
            try:
                globals()[f"bench_{goal}"](env, rep, size, args.profile)
            except Exception as error:  # report it, go on with the other goals
                rep.error(goal, f"{type(error).__name__}: {error}")
            print(f"        ({goal}: {time.perf_counter() - started:.0f} s)", flush=True)
        counts = {s: rep.statuses.count(s) for s in ("PASS", "MISS", "INFO", "ERROR") if s in rep.statuses}
        print(f"\n{', '.join(f'{v} {k}' for k, v in counts.items())}; load average at the end "
              f"{' '.join(open('/proc/loadavg').read().split()[:3])}")
        return 1 if args.strict and ("MISS" in counts or "ERROR" in counts) else 0
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
