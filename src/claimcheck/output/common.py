"""What every output format shares: the stable JSON forms of results and findings, the message of a
finding (the part that failed first), the fix a contradicted figure suggests, and the summary.

Text from the table or a document is untrusted: formats that write to a terminal or a CI log pass
it through ``text.printable`` (control characters escaped), and GitHub annotations escape ``::``.
"""

from __future__ import annotations

import hashlib
import os
import re

from ..model import (AT_LEAST, AT_MOST, CONTRADICTED, FEWER_THAN, MORE_THAN, SUPPORTED, UNVERIFIED, VERDICTS, Claim,
                     FigureResult, FileError, Finding, Figure, Result, Source, deciding_figure, format_number)
from ..text import squeeze

#: Order of verdicts in summaries ("1 supported, 1 contradicted, 1 unverified").
SUMMARY_ORDER = (SUPPORTED, CONTRADICTED, UNVERIFIED)
#: Key of the partial fingerprint in SARIF results and the baseline; bump if the hash input changes.
FINGERPRINT_KEY = "claimcheck/v1"


# --------------------------------------------------------------------------- dictionaries

def num(value):
    """A number for JSON: integral floats become ints (80353, not 80353.0); NaN and infinities null."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return None
        if value.is_integer() and abs(value) < 1e15:
            return int(value)
    return value


def _iso(period) -> str | None:
    return period.iso() if period is not None else None


def source_dict(source: Source) -> dict:
    return {"publisher": source.publisher, "title": source.title, "authors": list(source.authors),
            "date": str(source.date) if source.date is not None else None, "url": source.url,
            "cites": list(source.cites)}


def _measure_dict(f: Figure) -> dict:
    """The fields a table figure and a sentence figure share, in the documented order."""
    return {"value": num(f.value), "high": num(f.high), "unit": f.unit, "per": f.per, "hedge": f.hedge,
            "period": _iso(f.period)}


def claim_figure_dict(f: Figure) -> dict:
    return {**_measure_dict(f), "base": _iso(f.base), "direction": f.direction, "label": list(f.label)}


def claim_dict(claim: Claim) -> dict:
    return {"id": claim.id, "statement": claim.statement, "quote": claim.quote,
            "figures": [claim_figure_dict(f) for f in claim.figures], "source": source_dict(claim.source)}


def figure_result_dict(fr: FigureResult) -> dict:
    f = fr.figure
    return {"text": f.text, "start": f.start, "end": f.end, **_measure_dict(f), "direction": f.direction,
            "verdict": fr.verdict, "reasons": list(fr.reasons), "claim_id": fr.claim_id, "slot": fr.slot or None}


def result_dict(result: Result) -> dict:
    """The stable JSON form of a check result (key order is part of the format)."""
    out = {
        "text": result.text,
        "verdict": result.verdict,
        "reasons": list(result.reasons),
        "score": num(round(float(result.score), 3)),
        "figures": [figure_result_dict(fr) for fr in result.figures],
        "claim": claim_dict(result.claim) if result.claim is not None else None,
    }
    if result.alternatives:
        out["alternatives"] = [{"id": claim.id, "score": num(round(float(score), 3))}
                               for claim, score in result.alternatives]
    if result.notes:
        out["notes"] = list(result.notes)
    return out


def finding_dict(f: Finding) -> dict:
    """A lint finding: where it is, then the ``result_dict`` fields, then where its figure is."""
    seg = f.segment
    out = {"path": f.path, "line": seg.line, "column": seg.column, "end_line": seg.end_line,
           "end_column": seg.end_column}
    out.update(result_dict(f.result))
    if f.figure_at is not None:
        line, column, end_line, end_column = f.figure_at
        out["figure_at"] = {"line": line, "column": column, "end_line": end_line, "end_column": end_column}
    fix = suggestion(f.result)
    if fix is not None:
        out["fix"] = fix
    return out


def error_dict(e: FileError) -> dict:
    return {"path": e.path, "code": e.code, "message": e.message}


def error_at(e: FileError) -> tuple[int, int, str]:
    """(line, column, problem) of a file error: where a decode error is, else 1:1; the problem
    without the path its message starts with."""
    m = re.match(re.escape(e.path) + r"(?::(\d+):(\d+))?: (.*)", e.message, re.DOTALL)
    if m is None:
        return 1, 1, e.message
    return int(m.group(1) or 1), int(m.group(2) or 1), m.group(3)


def count_verdicts(items) -> dict:
    """``{"supported": n, "contradicted": n, "unverified": n}`` over findings or results."""
    counts = {v: 0 for v in SUMMARY_ORDER}
    for item in items:
        verdict = item.result.verdict if isinstance(item, Finding) else item.verdict
        counts[verdict] = counts.get(verdict, 0) + 1
    return counts


def summary_line(counts: dict, errors: int = 0) -> str:
    """``3 sentences checked: 1 supported, 1 contradicted, 1 unverified``."""
    total = sum(int(counts.get(v, 0)) for v in VERDICTS)
    noun = "sentence" if total == 1 else "sentences"
    parts = ", ".join(f"{int(counts.get(v, 0))} {v}" for v in SUMMARY_ORDER)
    tail = f"; {errors} file{'s' if errors != 1 else ''} could not be read" if errors else ""
    return f"{total} {noun} checked: {parts}{tail}"


# --------------------------------------------------------------------------- wording

def source_line(source: Source) -> str:
    """``The Intercept, “Title”, 2018-04-05, https://...`` (empty parts left out)."""
    parts = [source.publisher, f"“{source.title}”" if source.title else "", str(source.date or ""), source.url]
    return ", ".join(p for p in parts if p)


def leading_reasons(result: Result) -> list[str]:
    """The reasons, the part that decided the verdict first: a contradicted figure's before the
    ones that agree, and never an agreeing reason first when something failed."""
    failing = [r for fr in result.figures if fr.verdict == result.verdict for r in fr.reasons]
    rest = [r for r in result.reasons if r not in failing]
    if result.verdict != SUPPORTED:
        rest = [r for r in rest if " agrees with " not in r and " holds for " not in r] + \
               [r for r in rest if " agrees with " in r or " holds for " in r]
    out = []
    for r in failing + rest:
        if r not in out:
            out.append(r)
    return out or list(result.reasons)


def squeeze_reason(reason: str) -> str:
    return squeeze(reason)


def primary_reason(result: Result) -> str:
    reasons = leading_reasons(result)
    if reasons:
        return squeeze(reasons[0])
    return f"matches {result.claim.id}" if result.claim is not None else "no matching claim"


def with_fix(message: str, result: Result) -> str:
    """``message`` and the fix a contradicted number suggests, in the sentence's own style ("8 mil
    796"), unless the message already says it."""
    fix = suggestion(result)
    if fix is not None and f"source says {fix['replacement']}" not in message:
        message += f" (fix: {fix['replacement']})"
    return message


def finding_message(result: Result, with_source: bool = True) -> str:
    """One message for annotations: the reasons (failing part first), then the fix, the quote and
    its source when a claim matched."""
    message = with_fix("; ".join(squeeze(r) for r in leading_reasons(result)) or result.verdict, result)
    claim = result.claim
    if with_source and claim is not None and result.verdict != UNVERIFIED:
        where = ", ".join(p for p in (claim.source.publisher, claim.source.url) if p)
        message += f" Source: {squeeze(claim.quote)}" + (f" ({where})" if where else "")
    return message


# --------------------------------------------------------------------------- fixes

_NUMBER_PART_RE = re.compile(r"\d{1,3}\s+mil\s+\d{1,3}|mil\s+\d{3}|\d[\d.,\u00a0\u202f ]*\d|\d")
_SCALE_AFTER_RE = re.compile(r"^\s?-?\s?(mil millones|billion|bn|millones|million|millón|millon|mn|thousand|mil|k|m)\b",
                             re.IGNORECASE)
_FACTORS = {"mil millones": 1e9, "billion": 1e9, "bn": 1e9, "millones": 1e6, "million": 1e6, "millón": 1e6,
            "millon": 1e6, "mn": 1e6, "m": 1e6, "thousand": 1e3, "mil": 1e3, "k": 1e3}


def restate(value: float, like: str) -> str:
    """``value`` written as the sentence wrote its number ``like``: "80.353" for "83.053", "80 mil
    353" for "83 mil 053", "80 353" for "83 053", else "80,353"."""
    if "mil" in like and value == int(value) and 1000 <= value < 1_000_000:
        thousands, rest = divmod(int(value), 1000)
        return f"{thousands} mil {rest:03d}" if thousands > 1 or like[:1].isdigit() else f"mil {rest:03d}"
    plain = format_number(value)
    if re.fullmatch(r"\d+,\d{1,2}", like) or (re.search(r"\d\.\d{3}(?!\d)", like) and "," not in like) \
            or re.search(r"\d\.\d{3},\d", like):
        return plain.replace(",", "\0").replace(".", ",").replace("\0", ".")  # 80.353 and 125,8
    if re.search(r"\d[ \u00a0\u202f]\d{3}(?!\d)", like):
        return plain.replace(",", " ")
    return plain


def suggestion(result: Result) -> dict | None:
    """The source's figure for a contradicted number, to put in place of the sentence's:
    ``{"replacement", "figure", "start", "end"}`` (offsets of the number in the sentence), or None
    when there is no plain number to replace."""
    if result.verdict != CONTRADICTED:
        return None
    fr = deciding_figure(result)
    if fr is None or fr.matched is None or fr.slot not in ("number", "bound") or not fr.figure.text:
        return None
    t, f = fr.matched, fr.figure
    if t.unit == "multiplier" or _group(t.unit) != _group(f.unit):
        return None
    if t.hedge in (MORE_THAN, AT_LEAST, FEWER_THAN, AT_MOST) and f.hedge != t.hedge:
        return None  # "15 times" for "more than 150": the number alone would misquote the source
    m = _NUMBER_PART_RE.search(f.text)
    if m is None:
        return None
    scale = _SCALE_AFTER_RE.match(f.text[m.end():])
    value = t.value / (_FACTORS.get(scale.group(1).lower(), 1.0) if scale else 1.0)
    return {"replacement": restate(value, m.group()), "figure": f.text,
            "start": f.start + m.start(), "end": f.start + m.end()}


def _group(unit: str) -> str:
    return "count" if unit in ("people", "count") else unit


# --------------------------------------------------------------------------- identity

def fingerprint(f: Finding) -> str:
    """A stable hash of the file, the sentence (whitespace-normalised) and the claim id."""
    path = f.path.replace(os.sep, "/") if os.sep != "/" else f.path
    claim_id = f.result.claim.id if f.result.claim is not None else ""
    data = "\0".join((path, squeeze(f.segment.text), claim_id))
    return hashlib.sha256(data.encode("utf-8", "surrogatepass")).hexdigest()
