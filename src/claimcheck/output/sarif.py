"""``sarif``: a SARIF 2.1.0 log with one run, its regions the figures' and its fixes the source's."""

from __future__ import annotations

import json
import os
from functools import lru_cache

from ..model import CONTRADICTED, SUPPORTED, UNVERIFIED, deciding_figure
from ..text import json_safe
from .common import FINGERPRINT_KEY, error_at, fingerprint, finding_message, source_dict, suggestion

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
_LEVEL = {CONTRADICTED: "error", UNVERIFIED: "warning", SUPPORTED: "note"}
_RULES = {
    CONTRADICTED: ("ContradictedFigure", "A figure contradicts the sourced figure it was matched with.",
                   "The sentence states a figure that disagrees with the curated, sourced figure for the same "
                   "measure, actor, place and period (a different number, period, direction or bound). The finding "
                   "quotes the source verbatim and suggests the source's figure."),
    UNVERIFIED: ("UnverifiedFigure", "A figure could not be checked against the table of sourced statistics.",
                 "No curated claim is about the sentence's measure, actor, place and period closely enough to "
                 "support or contradict it. Check it by hand or add a sourced entry to the table."),
    SUPPORTED: ("SupportedFigure", "A figure is supported by a sourced statistic.",
                "Every figure in the sentence agrees with the curated, sourced figure it was matched with, "
                "allowing for the sentence's hedging and rounding. The finding quotes the source verbatim."),
}
_ORDER = (CONTRADICTED, UNVERIFIED, SUPPORTED)


@lru_cache(maxsize=1024)
def sarif_uri(path: str) -> tuple[str, bool]:
    """``(uri, relative)`` for a path as typed: a percent-encoded relative reference, or a file URI."""
    from pathlib import Path, PurePath
    from urllib.parse import quote

    p = path.replace(os.sep, "/") if os.sep != "/" else path
    if PurePath(path).is_absolute():
        return Path(path).as_uri(), False
    while p.startswith("./"):
        p = p[2:]
    return quote(p, safe="/"), True


def _figure_text(f) -> str:
    """The text of the region: the figure that decided (the sentence when it cannot be placed)."""
    decided = deciding_figure(f.result) if f.figure_at is not None else None
    return decided.figure.text if decided is not None and decided.figure.text else f.segment.text


def _region(line: int, column: int, end_line: int, end_column: int, snippet: str | None = None) -> dict:
    region = {"startLine": max(line, 1), "startColumn": max(column, 1), "endLine": max(end_line, line, 1),
              "endColumn": max(end_column + 1, 1)}  # SARIF's endColumn is the column after the region
    if region["endLine"] == region["startLine"] and region["endColumn"] <= region["startColumn"]:
        region["endColumn"] = region["startColumn"] + 1
    if snippet is not None:
        region["snippet"] = {"text": snippet}
    return region


def sarif_log(report, rules_url: str = "", srcroot=None) -> dict:
    rules = []
    for verdict in _ORDER:
        name, short, full = _RULES[verdict]
        rule = {"id": f"claimcheck/{verdict}", "name": name, "shortDescription": {"text": short},
                "fullDescription": {"text": full}, "defaultConfiguration": {"level": _LEVEL[verdict]}}
        if rules_url:
            rule["helpUri"] = f"{rules_url}#{verdict}"
        rules.append(rule)
    driver = {"name": "claimcheck", "version": report.tool_version or "0"}
    if rules_url:
        driver["informationUri"] = rules_url
    driver["rules"] = rules
    results = []
    for f in report.findings:
        r, seg = f.result, f.segment
        verdict = r.verdict if r.verdict in _ORDER else UNVERIFIED
        uri, relative = sarif_uri(f.path)
        artifact = {"uri": uri, **({"uriBaseId": "%SRCROOT%"} if relative else {})}
        where = f.figure_at or (seg.line, seg.column, seg.end_line, seg.end_column)
        claim = r.claim
        result = {
            "ruleId": f"claimcheck/{verdict}", "ruleIndex": _ORDER.index(verdict), "level": _LEVEL[verdict],
            "message": {"text": f"{verdict}: {finding_message(r)}"},
            "locations": [{"physicalLocation": {
                "artifactLocation": artifact, "region": _region(*where, _figure_text(f)),
                "contextRegion": _region(seg.line, seg.column, seg.end_line, seg.end_column, seg.text)}}],
            "partialFingerprints": {FINGERPRINT_KEY: fingerprint(f)},
            "properties": {"verdict": r.verdict, "claimId": claim.id if claim is not None else None,
                           "quote": claim.quote if claim is not None else None,
                           "source": source_dict(claim.source) if claim is not None else None},
        }
        fix = suggestion(r)
        if fix is not None and f.figure_at is not None:
            figure = next(fr.figure for fr in r.figures if fr.figure.text == fix["figure"])
            line, start_col = f.figure_at[0], f.figure_at[1] + fix["start"] - figure.start
            width = fix["end"] - fix["start"]
            result["fixes"] = [{
                "description": {"text": f"Use the source's figure: {fix['replacement']}"},
                "artifactChanges": [{"artifactLocation": artifact, "replacements": [{
                    "deletedRegion": _region(line, start_col, line, start_col + width - 1),
                    "insertedContent": {"text": fix["replacement"]}}]}],
            }]
        results.append(result)
    run: dict = {"tool": {"driver": driver}}
    if srcroot is not None:
        from pathlib import Path

        root = Path(srcroot).absolute().as_uri()
        run["originalUriBaseIds"] = {"%SRCROOT%": {"uri": root if root.endswith("/") else root + "/"}}
    run["columnKind"] = "unicodeCodePoints"
    run["results"] = results
    if report.errors:
        notes = []
        for e in report.errors:
            line, column, problem = error_at(e)
            notes.append({"level": "error", "message": {"text": problem}, "descriptor": {"id": e.code},
                          "locations": [{"physicalLocation": {"artifactLocation": {"uri": sarif_uri(e.path)[0]},
                                                              "region": _region(line, column, line, column)}}]})
        run["invocations"] = [{"executionSuccessful": False, "toolExecutionNotifications": notes}]
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def write_lint(report, stream, rules_url: str = "", srcroot=None) -> None:
    log = sarif_log(report, rules_url, srcroot)
    run = log["runs"][0]
    results, run["results"] = run["results"], "\0results\0"
    text = json.dumps(log, indent=2, ensure_ascii=False)
    body = "[]" if not results else "[\n" + ",\n".join(
        "        " + json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in results) + "\n      ]"
    stream.write(json_safe(text.replace('"\\u0000results\\u0000"', body)) + "\n")
    stream.flush()
