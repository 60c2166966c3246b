"""``claimcheck lint [PATH...]``: every sentence with a figure in the drafts, checked in context.

Exit status: 0 nothing reported at or above ``--fail-on`` (or ``--exit-zero``), 1 something is,
2 a file could not be read or decoded (the others are still checked and reported) or the input
could not be used at all (no file matched, a bad option).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .. import __version__
from ..model import SEVERITY, ExitStatus, FileError, InputError
from . import Common, Output, fails, jobs_of, load, settings, stdin_bytes, use_color, warn

SHOW_MINIMUM = {"all": "supported", "unverified": "unverified", "contradicted": "contradicted"}


def run(paths: list[str], common: Common, *, fmt: str | None = None, show: str | None = None,
        fail_on: str | None = None, stdin_filename: str | None = None, encoding: str | None = None,
        include: list[str] | None = None, exclude: list[str] | None = None, jobs: int | None = None,
        select: list[str] | None = None, ignore: list[str] | None = None, baseline: str | None = None,
        write_baseline: str | None = None, diff: str | None = None, quiet: bool = False,
        output_file: str | None = None, statistics: bool = False, exit_zero: bool = False,
        progress: bool = True) -> ExitStatus:
    from .. import filters
    from ..discover import discover
    from ..lint import lint_paths, lint_text
    from ..output import Report, write_report
    from ..output.common import count_verdicts

    merged, config_path = settings(common, {
        "format": fmt, "show": show, "fail_on": fail_on, "encoding": encoding, "include": include or None,
        "exclude": exclude or None, "jobs": jobs, "select": select or None, "ignore": ignore or None,
        "baseline": baseline})
    fmt = merged.get("format", "text")
    if statistics and fmt not in ("text", "concise"):
        raise InputError(f"--statistics prints a plain count table; it cannot be written as {fmt} "
                         f"(drop --statistics, or use --format text)")
    if stdin_filename and paths != ["-"]:
        raise InputError("--stdin-filename names standard input; give '-' as the path to lint it")
    minimum = SHOW_MINIMUM[merged.get("show", "unverified")]
    threshold = merged.get("fail_on", "contradicted")
    if merged.get("encoding"):
        from ..files import text_codec

        text_codec(merged["encoding"])  # an unusable encoding is one usage error, not an error per file
    table = load(merged)
    for key, given in (("select", select), ("ignore", ignore)):  # name where the bad name was written
        filters.check_names(merged.get(key), table.by_id, f"--{key}" if given or config_path is None
                            else f"{config_path}: {key}")
    base = config_path.parent if config_path is not None else None
    findings, errors = [], []
    if paths == ["-"]:
        _refuse_overwriting(output_file, write_baseline, merged, table, config_path, [])
        from ..documents import MAX_BYTES
        from ..files import decode, read_stream

        name = stdin_filename or "<stdin>"
        data = read_stream(stdin_bytes("give the paths to lint"), MAX_BYTES, name)
        text = decode(data, name, merged.get("encoding"))
        if not text.strip():
            raise InputError(f"{name}: empty input, nothing to lint")
        findings = lint_text(text, name, table)
    else:
        if "-" in paths:
            raise InputError("'-' (standard input) cannot be combined with paths")
        given = paths or _configured_paths(merged, base)
        files = discover(given, include=merged.get("include") or (), exclude=merged.get("exclude") or (),
                         warn=warn, base=base if (merged.get("include") or merged.get("exclude")) else None)
        if not files:
            where = f" (include/exclude in {config_path})" if config_path and (merged.get("include") or
                                                                               merged.get("exclude")) else ""
            raise InputError(f"no files to lint: {' '.join(given)} matched no Markdown, HTML or text file{where}")
        _refuse_overwriting(output_file, write_baseline, merged, table, config_path, files)
        bar = _Progress(len(files)) if progress and len(files) > 1 and sys.stderr.isatty() and not quiet else None
        try:
            for _, outcome in lint_paths(files, table, merged.get("encoding"), jobs_of(merged.get("jobs")),
                                         bar.advance if bar else None):
                if isinstance(outcome, FileError):
                    errors.append(outcome)
                else:
                    findings.extend(outcome)
        finally:
            if bar:
                bar.close()
    counts = count_verdicts(findings)
    keep = filters.selector(merged.get("select"), merged.get("ignore"))
    reported = [f for f in findings if keep(f)]
    if merged.get("baseline") and not write_baseline:
        known = filters.not_in_baseline(filters.read_baseline(merged["baseline"]))
        reported = [f for f in reported if known(f)]
    if diff is not None:  # ("--diff ''" is a mistake to report, not "no filter")
        changed = filters.in_diff(filters.changed_lines(diff, []))
        reported = [f for f in reported if changed(f)]
    shown = [f for f in reported if SEVERITY[f.result.verdict] >= SEVERITY[minimum]]
    if write_baseline:
        filters.write_baseline(write_baseline, shown)
        print(f"claimcheck: wrote {len(shown)} finding{'s' if len(shown) != 1 else ''} to {write_baseline}",
              file=sys.stderr)
        return ExitStatus.ERROR if errors else ExitStatus.OK
    out = Output(output_file)
    if statistics:
        _statistics(shown, errors, out.stream)  # what --show reports
    else:
        report = Report(shown, errors, counts, __version__, merged.get("claimreview"), quiet)
        write_report(report, fmt, out.stream, use_color(common.color, out.stream))
    out.close()
    if errors:
        for error in errors:
            print(f"claimcheck: error: {error.message} ({error.code})", file=sys.stderr)
        return ExitStatus.ERROR
    failed = any(fails(f.result.verdict, threshold) for f in reported)
    return ExitStatus.FINDINGS if failed and not exit_zero else ExitStatus.OK


def _refuse_overwriting(output_file, write_baseline, merged, table, config_path, files) -> None:
    """Before any work: an output path must not be one of the run's inputs."""
    from ..files import refuse_overwriting

    inputs = [(str(f), "a file being linted") for f in files] + [(p, "a table in use") for p in table.paths]
    inputs.append((str(config_path) if config_path else None, "the configuration in use"))
    refuse_overwriting(write_baseline, "--write-baseline", inputs)  # (rewriting the baseline read is the point)
    refuse_overwriting(output_file, "--output-file", inputs + [(merged.get("baseline"), "the baseline in use")])


def _configured_paths(merged: dict, base: Path | None) -> list[str]:
    """``lint`` with no path: the configuration's folder (its include globs pick the files), or ``.``."""
    if base is not None and merged.get("include"):
        return [os.path.relpath(base) if base != Path.cwd() else "."]
    return ["."]


def _statistics(findings, errors, stream) -> None:
    """``--statistics``: how many findings, per verdict and claim, most first (as ruff does)."""
    from ..text import printable

    counts: dict[tuple[str, str], int] = {}
    for f in findings:
        key = (f.result.verdict, f.result.claim.id if f.result.claim else "-")
        counts[key] = counts.get(key, 0) + 1
    rows = sorted(counts.items(), key=lambda kv: (-SEVERITY[kv[0][0]], -kv[1], kv[0][1]))
    width = max([len(str(n)) for _, n in rows] + [1])
    for (verdict, claim), n in rows:
        stream.write(printable(f"{str(n).rjust(width)}  {verdict:<13} {claim}") + "\n")
    if errors:
        stream.write(f"{str(len(errors)).rjust(width)}  {'error':<13} E902 (file could not be read)\n")


class _Progress:
    def __init__(self, total: int):
        from rich.console import Console
        from rich.progress import Progress

        self._progress = Progress(transient=True, console=Console(stderr=True))
        self._progress.start()
        self._task = self._progress.add_task("checking", total=total)

    def advance(self) -> None:
        self._progress.advance(self._task)

    def close(self) -> None:
        self._progress.stop()
