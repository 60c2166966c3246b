"""Turning results into text: JSON dictionaries, plain text, rich text, GitHub annotations, SARIF.

Everything here is a pure function of model objects, apart from the ``write_*`` functions, which
write to the stream they are given.  ``rich`` and ``json`` are imported inside the functions that
use them, so ``import claimcheck.render`` stays cheap for the command line.

Two entry points:

* ``write_check(results, fmt, stream, color)``  for ``claimcheck check`` (``text``, ``json``, ``jsonl``)
* ``write_findings(findings, fmt, stream, color, tool_version, rules_url)``  for ``claimcheck lint``
  (``text``, ``concise``, ``json``, ``jsonl``, ``github``, ``sarif``)
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

from .model import (
    CONTRADICTED,
    SUPPORTED,
    UNVERIFIED,
    VERDICTS,
    Claim,
    Figure,
    FigureResult,
    Finding,
    Result,
    SEVERITY,
    Source,
    format_number,
    identity_memo,
)

CHECK_FORMATS = ("text", "json", "jsonl")
LINT_FORMATS = ("text", "concise", "json", "jsonl", "github", "sarif")

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
#: Key of the partial fingerprint in SARIF results; bump the suffix if the hash input changes.
FINGERPRINT_KEY = "claimcheck/v1"

#: Order of verdicts in summaries ("1 supported, 1 contradicted, 1 unverified").
SUMMARY_ORDER = (SUPPORTED, CONTRADICTED, UNVERIFIED)

_VERDICT_STYLE = {SUPPORTED: "bold green", CONTRADICTED: "bold red", UNVERIFIED: "bold yellow"}
_GITHUB_COMMAND = {CONTRADICTED: "error", UNVERIFIED: "warning", SUPPORTED: "notice"}
_SARIF_LEVEL = {CONTRADICTED: "error", UNVERIFIED: "warning", SUPPORTED: "note"}
_RULES = {
    CONTRADICTED: (
        "ContradictedFigure",
        "A figure contradicts the sourced figure it was matched with.",
        "The sentence states a figure that disagrees with the curated, sourced figure for the same "
        "subject and period (a different number, unit, period or direction). The finding quotes "
        "the source verbatim.",
    ),
    UNVERIFIED: (
        "UnverifiedFigure",
        "A figure could not be checked against the table of sourced statistics.",
        "No curated claim matches the sentence's figure closely enough to support or contradict it "
        "(no claim on that subject, or none for that period or unit). Check it by hand or add a "
        "sourced entry to the table.",
    ),
    SUPPORTED: (
        "SupportedFigure",
        "A figure is supported by a sourced statistic.",
        "Every figure in the sentence agrees with the curated, sourced figure it was matched with, "
        "allowing for the sentence's hedging and rounding. The finding quotes the source verbatim.",
    ),
}
#: SARIF rules are listed in this order; ``ruleIndex`` points into it.
_RULE_ORDER = (CONTRADICTED, UNVERIFIED, SUPPORTED)

_SPACE = re.compile(r"\s+")


# --------------------------------------------------------------------------- dictionaries

def _num(value):
    """A number for JSON: integral floats become ints (80353, not 80353.0)."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return None  # not representable in JSON
        if value.is_integer() and abs(value) < 1e15:
            return int(value)
    return value


def _iso(period) -> str | None:
    return period.iso() if period is not None else None


def _source_dict(source: Source) -> dict:
    return {
        "publisher": source.publisher,
        "title": source.title,
        "authors": list(source.authors),
        "date": str(source.date) if source.date is not None else None,
        "url": source.url,
        "cites": list(source.cites),
    }


def _measure_dict(f: Figure) -> dict:
    """The fields a table figure and a sentence figure share, in the documented order."""
    return {
        "value": _num(f.value),
        "high": _num(f.high),
        "unit": f.unit,
        "per": f.per,
        "hedge": f.hedge,
        "period": _iso(f.period),
    }


def _claim_figure_dict(f: Figure) -> dict:
    return {**_measure_dict(f), "base": _iso(f.base), "direction": f.direction, "label": list(f.label)}


def _claim_dict(claim: Claim) -> dict:
    return {
        "id": claim.id,
        "statement": claim.statement,
        "quote": claim.quote,
        "figures": [_claim_figure_dict(f) for f in claim.figures],
        "source": _source_dict(claim.source),
    }


def _figure_result_dict(fr: FigureResult) -> dict:
    f = fr.figure
    return {
        "text": f.text,
        "start": f.start,
        "end": f.end,
        **_measure_dict(f),
        "direction": f.direction,
        "verdict": fr.verdict,
        "reasons": list(fr.reasons),
        "claim_id": fr.claim_id,
    }


def result_to_dict(result: Result) -> dict:
    """The stable JSON form of a check result (key order is part of the format)."""
    out = _result_head(result)
    out["claim"] = _claim_dict(result.claim) if result.claim is not None else None
    if result.alternatives:
        out["alternatives"] = _alternatives(result)
    return out


def _result_head(result: Result) -> dict:
    """The fields of ``result_to_dict`` before ``claim``."""
    return {
        "text": result.text,
        "verdict": result.verdict,
        "reasons": list(result.reasons),
        "score": _num(round(float(result.score), 3)),
        "figures": [_figure_result_dict(fr) for fr in result.figures],
    }


def _alternatives(result: Result) -> list:
    return [{"id": claim.id, "score": _num(round(float(score), 3))} for claim, score in result.alternatives]


def finding_to_dict(f: Finding) -> dict:
    """A lint finding: where it is, then the ``result_to_dict`` fields."""
    seg = f.segment
    out = {
        "path": f.path,
        "line": seg.line,
        "column": seg.column,
        "end_line": seg.end_line,
        "end_column": seg.end_column,
    }
    out.update(result_to_dict(f.result))
    return out


def count_verdicts(findings) -> dict:
    """``{"supported": n, "contradicted": n, "unverified": n}`` over findings or results."""
    counts = {v: 0 for v in SUMMARY_ORDER}
    for item in findings:
        verdict = item.result.verdict if isinstance(item, Finding) else item.verdict
        counts[verdict] = counts.get(verdict, 0) + 1
    return counts


def summary_line(counts: dict) -> str:
    """``3 sentences checked: 1 supported, 1 contradicted, 1 unverified``."""
    total = sum(int(counts.get(v, 0)) for v in VERDICTS)
    noun = "sentence" if total == 1 else "sentences"
    parts = ", ".join(f"{int(counts.get(v, 0))} {v}" for v in SUMMARY_ORDER)
    return f"{total} {noun} checked: {parts}"


# --------------------------------------------------------------------------- shared wording

def _one_line(text: str) -> str:
    """Collapse runs of whitespace (newlines included) to single spaces."""
    return _SPACE.sub(" ", text).strip()


def source_line(source: Source) -> str:
    """``The Intercept, “Title”, 2018-04-05, https://...`` (empty parts left out)."""
    parts = []
    if source.publisher:
        parts.append(source.publisher)
    if source.title:
        parts.append(f"“{source.title}”")
    if source.date:
        parts.append(str(source.date))
    if source.url:
        parts.append(source.url)
    return ", ".join(parts)


def _figure_note(fr: FigureResult) -> str:
    """``(source says 80,353, 2017)`` for a figure compared with a claim figure, else ``""``."""
    m = fr.matched
    if m is None:
        return ""
    said = m.shown()
    if m.period is not None:
        said += f", {m.period.label()}"
    return f" (source says {said})"


def _primary_reason(result: Result) -> str:
    if result.reasons:
        return _one_line(result.reasons[0])
    if result.claim is not None:
        return f"matches {result.claim.id}"
    return "no matching claim"


def finding_message(result: Result) -> str:
    """One message for annotations: the reasons, then the quote and its source if a claim matched."""
    if result.reasons:
        message = "; ".join(result.reasons)
    elif result.claim is not None:
        message = f"matches {result.claim.id}"
    else:
        message = result.verdict
    claim = result.claim
    if claim is not None:
        where = ", ".join(p for p in (claim.source.publisher, claim.source.url) if p)
        message += f" Source: {claim.quote}" + (f" ({where})" if where else "")
    return message


# --------------------------------------------------------------------------- quote highlighting

def _spellings(value: float, unit: str) -> list[str]:
    """Ways a writer may have put ``value`` in a quote, most specific first."""
    plain = format_number(value)  # 80,353 / 2.5
    bare = plain.replace(",", "")  # 80353
    out: list[str] = []
    scaled = []
    for scale, word in ((1e9, "billion"), (1e6, "million")):
        if abs(value) >= scale:
            scaled.append(f"{format_number(value / scale)} {word}")
            break
    if unit == "USD":
        out += [f"${s}" for s in scaled] + [f"US${s}" for s in scaled] + scaled
        out += [f"${plain}", f"${bare}"]
    elif unit == "MXN":
        out += [f"{s} pesos" for s in scaled] + scaled + [f"{plain} pesos"]
    elif unit == "percent":
        out += [f"{plain}%", f"{plain} %", f"{plain} percent", f"{plain} per cent"]
    elif unit == "percentage-points":
        out += [f"{plain} percentage points"]
    else:
        out += scaled
    out += [plain, bare]
    seen, unique = set(), []
    for s in out:
        if s not in seen:
            seen.add(s)
            unique.append(s)
    return unique


def find_number(quote: str, value: float, unit: str = "count") -> tuple[int, int] | None:
    """The first place ``value`` is written in ``quote`` as ``(start, end)``, or ``None``.

    Tries the value with thousands separators, without, and money-style ("$75 million"); a match
    must not be part of a longer number (``80`` does not match inside ``80,353``).
    """
    for spelling in _spellings(value, unit):
        pattern = r"(?<!\d)(?<!\d[.,])" + re.escape(spelling) + r"(?!\d|[.,]\d)"
        m = re.search(pattern, quote, flags=re.IGNORECASE)
        if m:
            return m.start(), m.end()
    return None


def quote_highlights(result: Result) -> list[tuple[int, int]]:
    """Spans of ``result.claim.quote`` to emphasise: the claim figures the sentence was compared with."""
    claim = result.claim
    if claim is None or not claim.quote:
        return []
    figures = [fr.matched for fr in result.figures
               if fr.matched is not None and fr.claim_id in (None, claim.id)]
    if not figures:
        figures = list(claim.figures)
    spans: list[tuple[int, int]] = []
    for f in figures:
        values = [f.value] + ([f.high] if f.high is not None else [])
        for v in values:
            span = find_number(claim.quote, v, f.unit)
            if span and not any(s < span[1] and span[0] < e for s, e in spans):
                spans.append(span)
    return sorted(spans)


# --------------------------------------------------------------------------- styled lines
# A line is a list of (text, style) pieces; plain output ignores the styles, rich output uses them.

def _quote_pieces(result: Result) -> list[tuple[str, str | None]]:
    quote = result.claim.quote
    pieces: list[tuple[str, str | None]] = [("“", None)]
    at = 0
    for start, end in quote_highlights(result):
        pieces.append((quote[at:start], None))
        pieces.append((quote[start:end], "bold underline"))
        at = end
    pieces.append((quote[at:], None))
    pieces.append(("”", None))
    return pieces


def _detail_lines(result: Result, indent: str, with_figures: bool) -> list[list]:
    """Reasons, figures, quote, source and claim id of a result, each line indented."""
    lines: list[list] = []
    sentence_reasons = set(result.reasons)
    for reason in result.reasons:
        lines.append([(indent, None), (_one_line(reason), None)])
    if with_figures:
        for fr in result.figures:
            label = fr.figure.text or fr.figure.shown()
            lines.append([
                (indent, None), (f'figure "{label}": ', None),
                (fr.verdict, _VERDICT_STYLE.get(fr.verdict)), (_figure_note(fr), None),
            ])
            for reason in fr.reasons:
                if reason not in sentence_reasons:
                    lines.append([(indent + "  ", None), (_one_line(reason), "dim")])
    claim = result.claim
    if claim is not None:
        if claim.quote:
            lines.append([(indent, None), ("quote: ", "dim")] + _quote_pieces(result))
        src = source_line(claim.source)
        if src:
            lines.append([(indent, None), ("source: ", "dim"), (src, "cyan")])
        if claim.source.cites:
            lines.append([(indent, None), ("cites: ", "dim"), ("; ".join(claim.source.cites), None)])
        lines.append([(indent, None), ("claim: ", "dim"), (claim.id, None)])
    for alt, score in result.alternatives:
        lines.append([(indent, None), ("alternative: ", "dim"),
                      (f"{alt.id} (score {round(float(score), 3)})", None)])
    return lines


def _check_lines(result: Result) -> list[list]:
    head = [(result.verdict, _VERDICT_STYLE.get(result.verdict)), (": ", None),
            (_one_line(result.text), None)]
    return [head] + _detail_lines(result, "  ", with_figures=True)


def _lint_text_lines(findings: list[Finding], counts: dict) -> list[list]:
    lines: list[list] = []
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        groups.setdefault(f.path, []).append(f)
    for path, items in groups.items():
        if lines:
            lines.append([])
        lines.append([(path, "bold underline")])
        positions = [f"{f.segment.line}:{f.segment.column}" for f in items]
        width = max(len(p) for p in positions)
        vwidth = max(len(f.result.verdict) for f in items)
        for pos, f in zip(positions, items):
            verdict = f.result.verdict
            lines.append([
                ("  ", None), (pos.ljust(width), "dim"), ("  ", None),
                (verdict, _VERDICT_STYLE.get(verdict)), (" " * (vwidth - len(verdict) + 2), None),
                (_one_line(f.segment.text), None),
            ])
            lines += _detail_lines(f.result, "      ", with_figures=False)
    if lines:
        lines.append([])
    lines.append([(summary_line(counts), "bold")])
    return lines


def _write_lines(lines: list[list], stream, color: bool) -> None:
    if not color:
        for line in lines:
            stream.write("".join(text for text, _ in line) + "\n")
        stream.flush()
        return
    console = _console(stream)
    from rich.text import Text

    for line in lines:
        text = Text()
        for piece, style in line:
            text.append(piece, style=style or "")
        console.print(text)
    stream.flush()


def _console(stream):
    from rich.console import Console

    return Console(file=stream, force_terminal=True, color_system="standard", highlight=False,
                   markup=False, emoji=False, soft_wrap=True)


# --------------------------------------------------------------------------- check output

def _write_json(document, stream, items: list | None = None, encoded: bool = False) -> None:
    """One indented JSON document.

    ``items``, if given, is the document's one long list (findings, SARIF results), held in it by
    ``ITEMS``: each item is written compactly on a line of its own.  Python's indenting encoder is
    pure Python (about 3x slower than its C encoder, which cannot indent), so a long list is
    encoded by the C encoder item by item and the indented skeleton around it is small.
    ``encoded``: the items are already compact JSON text.
    """
    import json

    text = json.dumps(document, indent=2, ensure_ascii=False)
    if items is not None:
        marker = json.dumps(ITEMS)
        at = text.index(marker)
        line = text[text.rfind("\n", 0, at) + 1:at]
        indent = line[:len(line) - len(line.lstrip(" "))]
        encode = str if encoded else _compact_encoder().encode
        if items:
            body = ("[\n" + ",\n".join(indent + "  " + encode(item) for item in items) + "\n" + indent + "]")
        else:
            body = "[]"
        text = text[:at] + body + text[at + len(marker):]
    stream.write(text)
    stream.write("\n")
    stream.flush()


#: Stands for the long list in a document given to ``_write_json``.
ITEMS = "\u0000claimcheck: the items go here\u0000"


_compact = None


def _compact_encoder():
    """One reusable compact encoder (``json.dumps`` with options builds a new one per call)."""
    global _compact
    if _compact is None:
        import json

        _compact = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
    return _compact


#: The compact JSON of a claim, encoded once per claim (a batch meets the same few claims often).
_claim_json = identity_memo(lambda claim: _compact_encoder().encode(_claim_dict(claim)), 4096)


def jsonl_line(result: Result) -> str:
    """One check result as a JSON Lines line (with its newline).

    Exactly ``json.dumps(result_to_dict(result), ensure_ascii=False, separators=(",", ":"))``, but
    the claim's part is encoded once per claim and spliced in.
    """
    encode = _compact_encoder().encode
    head = encode(_result_head(result))
    claim = "null" if result.claim is None else _claim_json(result.claim)
    tail = ',"alternatives":' + encode(_alternatives(result)) if result.alternatives else ""
    return f'{head[:-1]},"claim":{claim}{tail}}}\n'


def jsonl_lines(results):
    """``(verdict, JSON line)`` for each result of a stream; a sentence met again among the last
    8,192 gets its line from a memo."""
    memo: dict[str, str] = {}
    for result in results:
        line = memo.get(result.text)
        if line is None:
            if len(memo) >= 8192:
                memo.clear()
            line = memo[result.text] = jsonl_line(result)
        yield result.verdict, line


def _write_jsonl(lines, stream) -> None:
    """Write JSON Lines (each with its newline), then flush once."""
    for line in lines:
        stream.write(line)
    stream.flush()


def _finding_lines(findings, prepared: "PreparedLines | None" = None):
    """Each finding as ``finding_jsonl_line`` writes it; a result shared by several findings (a
    sentence repeated in the draft) is encoded once, or taken from ``prepared``."""
    line_of = identity_memo(jsonl_line, len(findings) + 1)
    path_of = identity_memo(_compact_encoder().encode, 1024)
    ready = prepared.get if prepared else (lambda text: None)
    for f in findings:
        yield finding_jsonl_line(f, ready(f.result.text) or line_of(f.result), path_of(f.path))


class PreparedLines(dict):
    """sentence -> ``jsonl_line`` of its result, made before the findings are written.

    ``lint_paths(..., prepare=lines.add)`` calls ``add`` while its workers are still checking, so
    that most of the encoding of a big lint is done in parallel with them; ``write_findings(...,
    prepared=lines)`` then only splices the positions in (jsonl and json output).  Only results
    that will be printed are encoded: with figures, and at least as severe as ``minimum``.
    """

    def __init__(self, minimum: str = UNVERIFIED) -> None:
        super().__init__()
        self.minimum = SEVERITY[minimum]

    def add(self, result: Result) -> None:
        if result.figures and SEVERITY[result.verdict] >= self.minimum and result.text not in self:
            self[result.text] = jsonl_line(result)


def finding_jsonl_line(f: Finding, result_line: str | None = None, path_json: str | None = None) -> str:
    """One finding as a JSON Lines line: exactly ``json.dumps(finding_to_dict(f))`` (compact), built
    from the result's own line (``jsonl_line``) after the position fields (``path_json``: the
    path as JSON, when the caller has it)."""
    seg = f.segment
    path = path_json or _compact_encoder().encode(f.path)
    # Positions are ints (Segment's fields): their JSON is their str().
    return (f'{{"path":{path},"line":{seg.line:d},"column":{seg.column:d},"end_line":{seg.end_line:d},'
            f'"end_column":{seg.end_column:d},{(result_line or jsonl_line(f.result))[1:]}')


def write_check(results: list[Result], fmt: str, stream, color: bool) -> None:
    """Write ``claimcheck check`` results as ``text``, ``json`` (one array) or ``jsonl``."""
    if fmt == "json":
        _write_json(ITEMS, stream, [result_to_dict(r) for r in results])
    elif fmt == "jsonl":
        _write_jsonl((line for _, line in jsonl_lines(results)), stream)
    elif fmt == "text":
        lines: list[list] = []
        for i, r in enumerate(results):
            if i:
                lines.append([])
            lines += _check_lines(r)
        _write_lines(lines, stream, color)
    else:
        raise ValueError(f"unknown output format {fmt!r} (expected one of {', '.join(CHECK_FORMATS)})")


# --------------------------------------------------------------------------- lint output

def github_escape_data(text: str) -> str:
    """Escape a workflow command's message (GitHub's ``escapeData``)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_escape_property(text: str) -> str:
    """Escape a workflow command's property value (GitHub's ``escapeProperty``)."""
    return github_escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_line(f: Finding) -> str:
    """One ``::error``/``::warning``/``::notice`` workflow command for a finding."""
    seg, verdict = f.segment, f.result.verdict
    props = [
        ("file", f.path), ("line", seg.line), ("col", seg.column),
        ("endLine", seg.end_line), ("endColumn", seg.end_column),
        ("title", f"claimcheck: {verdict}"),
    ]
    joined = ",".join(f"{k}={github_escape_property(str(v))}" for k, v in props)
    command = _GITHUB_COMMAND.get(verdict, "warning")
    return f"::{command} {joined}::{github_escape_data(finding_message(f.result))}"


def concise_line(f: Finding) -> str:
    """``path:line:col: verdict: first reason``."""
    seg = f.segment
    return f"{f.path}:{seg.line}:{seg.column}: {f.result.verdict}: {_primary_reason(f.result)}"


@lru_cache(maxsize=1024)
def sarif_uri(path: str) -> tuple[str, bool]:
    """``(uri, relative)`` for a path as typed: a percent-encoded relative reference, or a file URI."""
    from pathlib import PurePath
    from urllib.parse import quote

    p = path.replace(os.sep, "/") if os.sep != "/" else path
    if PurePath(path).is_absolute():
        from pathlib import Path

        return Path(path).as_uri(), False
    while p.startswith("./"):
        p = p[2:]
    return quote(p, safe="/"), True


def fingerprint(f: Finding) -> str:
    """A stable hash of the file, the sentence (whitespace-normalised) and the claim id."""
    import hashlib

    path = f.path.replace(os.sep, "/") if os.sep != "/" else f.path
    claim_id = f.result.claim.id if f.result.claim is not None else ""
    data = "\0".join((path, _one_line(f.segment.text), claim_id))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def sarif_log(findings: list[Finding], tool_version: str, rules_url: str = "",
              srcroot: str | os.PathLike | None = None) -> dict:
    """A SARIF 2.1.0 log with one run.

    ``srcroot``, if given, is the directory relative paths are relative to; it becomes the run's
    ``originalUriBaseIds["%SRCROOT%"]`` (an absolute ``file:`` URI ending in ``/``).
    """
    rules = []
    for verdict in _RULE_ORDER:
        name, short, full = _RULES[verdict]
        rule = {
            "id": f"claimcheck/{verdict}",
            "name": name,
            "shortDescription": {"text": short},
            "fullDescription": {"text": full},
            "defaultConfiguration": {"level": _SARIF_LEVEL[verdict]},
        }
        if rules_url:
            rule["helpUri"] = f"{rules_url}#{verdict}"
        rules.append(rule)
    driver = {"name": "claimcheck", "version": tool_version}
    if rules_url:
        driver["informationUri"] = rules_url
    driver["rules"] = rules

    results = []
    for f in findings:
        r, seg = f.result, f.segment
        verdict = r.verdict if r.verdict in _RULE_ORDER else UNVERIFIED
        uri, relative = sarif_uri(f.path)
        artifact = {"uri": uri}
        if relative:
            artifact["uriBaseId"] = "%SRCROOT%"
        region = {
            "startLine": max(seg.line, 1),
            "startColumn": max(seg.column, 1),
            "endLine": max(seg.end_line, seg.line, 1),
            # Segment columns are inclusive; SARIF's endColumn is the column after the region.
            "endColumn": max(seg.end_column + 1, 1),
            "snippet": {"text": seg.text},
        }
        if region["endLine"] == region["startLine"] and region["endColumn"] <= region["startColumn"]:
            region["endColumn"] = region["startColumn"] + 1
        claim = r.claim
        results.append({
            "ruleId": f"claimcheck/{verdict}",
            "ruleIndex": _RULE_ORDER.index(verdict),
            "level": _SARIF_LEVEL[verdict],
            "message": {"text": f"{verdict}: {finding_message(r)}"},
            "locations": [{"physicalLocation": {"artifactLocation": artifact, "region": region}}],
            "partialFingerprints": {FINGERPRINT_KEY: fingerprint(f)},
            "properties": {
                "verdict": r.verdict,
                "claimId": claim.id if claim is not None else None,
                "quote": claim.quote if claim is not None else None,
                "source": _source_dict(claim.source) if claim is not None else None,
            },
        })

    run: dict = {"tool": {"driver": driver}}
    if srcroot is not None:
        from pathlib import Path

        root = Path(srcroot).absolute().as_uri()
        run["originalUriBaseIds"] = {"%SRCROOT%": {"uri": root if root.endswith("/") else root + "/"}}
    run["columnKind"] = "unicodeCodePoints"
    run["results"] = results
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def write_findings(findings: list[Finding], fmt: str, stream, color: bool, tool_version: str,
                   rules_url: str = "", *, counts: dict | None = None,
                   srcroot: str | os.PathLike | None = None, prepared: PreparedLines | None = None) -> None:
    """Write ``claimcheck lint`` findings in one of ``LINT_FORMATS``.

    ``counts`` (for the summary) defaults to the verdicts of ``findings``; pass it when the
    findings shown are a filtered subset of the sentences checked.  ``prepared`` holds results'
    JSON lines made ahead (``PreparedLines``), used by the jsonl and json formats.
    """
    if counts is None:
        counts = count_verdicts(findings)
    if fmt == "text":
        _write_lines(_lint_text_lines(findings, counts), stream, color)
    elif fmt == "concise":
        for f in findings:
            stream.write(concise_line(f) + "\n")
        stream.flush()
    elif fmt == "github":
        for f in findings:
            stream.write(github_line(f) + "\n")
        stream.flush()
    elif fmt == "json":
        # Each finding's compact JSON is its JSON Lines line without the newline.
        _write_json({"version": 1, "findings": ITEMS, "summary": counts}, stream,
                    [line[:-1] for line in _finding_lines(findings, prepared)], encoded=True)
    elif fmt == "jsonl":
        _write_jsonl(_finding_lines(findings, prepared), stream)
    elif fmt == "sarif":
        log = sarif_log(findings, tool_version, rules_url, srcroot)
        run = log["runs"][0]
        results, run["results"] = run["results"], ITEMS
        _write_json(log, stream, results)
    else:
        raise ValueError(f"unknown output format {fmt!r} (expected one of {', '.join(LINT_FORMATS)})")
