"""Decide a verdict: compare each figure of a sentence with the claims it is about.

``check(sentence)`` reads the sentence (``figures.read``), finds the claims it is about and sets
aside those about another place, actor or measure (``match.py``), then, per figure:

1. **Targets**: what a claim lets a figure be compared with: its figures, and figures derived from
   them (a share of two of its counts, a monthly average, the change or ratio between two periods
   of its series).
2. **Fit**: the target that fits best by unit, period, label and value.
3. **Verdict**: *supported* when the value agrees (exactly, within what its hedge or rounding
   allows, or as a bound that holds) for the same period and in the same direction;
   *contradicted* when the sentence is clearly about that claim and period but the value, period,
   direction or bound disagrees; otherwise *unverified*, with the slot that kept it from being
   compared.  A figure with no period of its own is not checked against a period-bound claim
   unless something else ties the sentence to that claim (another figure that agrees with it, a
   name only that claim carries, or, to support it, the very number the source states).

The sentence's verdict is the worst of its figures'.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import NamedTuple

from .figures import Reading, read
from .index import Table, default_table
from .match import (Candidate, Context, candidates, claim_stages, measure_problem, place_mentions, place_problem,
                    refers_back, tokens_of, where)
from .model import (APPROXIMATE, Period, AT_LEAST, AT_MOST, CONTRADICTED, COUNT_UNITS, EXACT, FEWER_THAN, MORE_THAN, NEARLY,
                    RANGE, SEVERITY, SUPPORTED, UNVERIFIED, Claim, Figure, FigureResult, Result, describe,
                    format_number)
from .text import stem, words_of
from .vocabulary import PEOPLE

_BOUNDS = (MORE_THAN, AT_LEAST, FEWER_THAN, AT_MOST)
_MONTH = __import__("datetime").timedelta(days=31)
#: Units that say what a figure measures by themselves ("32 years", "100 miles").
_TELLING_UNITS = ("years", "months", "days", "miles", "kilometres", "percentage-points")
_UNIT_GROUPS = {"people": "count", "count": "count"}
_DISTANCE = {"miles": 1.609344, "kilometres": 1.0}


# --------------------------------------------------------------------------------------------
# Targets
# --------------------------------------------------------------------------------------------

class Target(NamedTuple):
    figure: Figure
    #: How it was derived from the table ("" for a figure the claim states).
    note: str = ""
    #: For a level in a series: did it go "up" or "down" from the previous period? ("rose to 14,596")
    trend: str | None = None
    #: The date the claim's source was published (a count for that year is the year to this date).
    published: dt.date | None = None


def _derived(value, unit, period, label=(), per=None, direction=None, base=None, precision=0.01, delta=False) -> Figure:
    return Figure(value=value, unit=unit, per=per, period=period, direction=direction, base=base, label=label,
                  precision=precision, delta=delta)


def _members(table: Table, claim: Claim) -> list[Claim]:
    return [table.claims[j] for j in table.series.get(claim.series, ())] if claim.series else []


def _trend(figure: Figure, members: list[Claim]) -> str | None:
    """Direction of a series level against the series' previous period (None if it has none)."""
    if not figure.period or figure.direction or figure.unit in ("percent", "multiplier"):
        return None
    previous = None
    for other in members:
        for theirs in other.figures:
            if theirs.unit == figure.unit and theirs.per == figure.per and theirs.period and not theirs.direction \
                    and theirs.period.start < figure.period.start and theirs.period.end <= figure.period.end \
                    and (previous is None or theirs.period.end > previous.period.end):
                previous = theirs
    if previous is None or previous.value == figure.value:
        return None
    return "up" if figure.value > previous.value else "down"


def targets(table: Table, index: int, changes: bool = True) -> list[Target]:
    """Claim ``index``'s targets: its figures, shares, averages and implied ratios, then (with
    ``changes``) the changes against the other periods of its series."""
    claim = table.claims[index]
    members = _members(table, claim)
    try:
        published = dt.date.fromisoformat(claim.source.date)
    except (TypeError, ValueError):
        published = None
    out = [Target(f, "", _trend(f, members), published) for f in claim.figures]
    counts = [f for f in claim.figures if f.unit in COUNT_UNITS and f.hedge in (EXACT, APPROXIMATE)]
    for part in counts:  # shares: "four of the 1,617 complaints" -> 0.25 percent
        for whole in counts:
            if part is not whole and 0 < part.value < whole.value:
                out.append(Target(_derived(part.value / whole.value * 100, "percent", whole.period, whole.label),
                                  f"{format_number(part.value)} of {format_number(whole.value)}"))
    for f in counts:  # averages: 16,278 in January-February 2018 is about 8,100 a month
        if f.period and not f.per and f.period.months >= 2:
            months, days = f.period.months, (f.period.end - f.period.start).days + 1
            note = f"{format_number(f.value)} over {f.period.label()}"
            out.append(Target(_derived(f.value / months, f.unit, f.period, f.label, "month", precision=0.1), note))
            out.append(Target(_derived(f.value / days, f.unit, f.period, f.label, "day", precision=0.1), note))
            if months >= 24:
                out.append(Target(_derived(f.value / (months / 12), f.unit, f.period, f.label, "year", precision=0.1),
                                  note))
    for f in claim.figures:  # a stated change implies a ratio: up 73% -> x1.73
        if f.unit == "percent" and f.direction:
            ratio = 1 + (f.value if f.direction == "up" else -f.value) / 100
            out.append(Target(_derived(ratio, "multiplier", f.period, (), None, "up" if ratio >= 1 else "down", f.base),
                              describe(f)))
    if changes:
        for other in members:
            if other is claim:
                continue
            for mine in claim.figures:
                for theirs in other.figures:
                    if mine.unit != theirs.unit or mine.unit in ("percent", "multiplier") or mine.direction \
                            or theirs.direction or not mine.period or not theirs.period \
                            or mine.per != theirs.per or theirs.value <= 0 \
                            or theirs.period.start >= mine.period.start \
                            or (not mine.per and abs(mine.period.months - theirs.period.months) > 1):
                        continue  # a change is only meaningful between like periods (or between rates)
                    ratio = mine.value / theirs.value
                    direction = "up" if ratio >= 1 else "down"
                    note = (f"{format_number(theirs.value)} in {theirs.period.label()} to "
                            f"{format_number(mine.value)} in {mine.period.label()}")
                    out.append(Target(_derived(abs(ratio - 1) * 100, "percent", mine.period, (), None, direction,
                                               theirs.period), note))
                    out.append(Target(_derived(ratio, "multiplier", mine.period, (), None, direction, theirs.period),
                                      note))
                    out.append(Target(_derived(abs(mine.value - theirs.value), mine.unit, mine.period, mine.label,
                                               mine.per, direction, theirs.period, 1.0, True), note))
    return out


# --------------------------------------------------------------------------------------------
# Comparing one figure with one target
# --------------------------------------------------------------------------------------------

class Fit(NamedTuple):
    index: int
    target: Target
    agree: bool | None  # None: the two cannot be compared (a bound that neither holds nor fails)
    closeness: float  # 0..1, how near the numbers are
    period: str  # "match", "unstated", "part" (one inside the other), "overlap", "mismatch"
    base_ok: bool
    direction_ok: bool
    label: float  # 0..1 label affinity
    score: float


def compatible(f: Figure, t: Figure) -> bool:
    """Can a sentence figure be compared with a source figure at all?"""
    if f.delta != t.delta:
        return False
    if f.unit in _DISTANCE and t.unit in _DISTANCE:
        return True
    if (f.unit == "multiplier") != (t.unit == "multiplier"):
        return False
    if _UNIT_GROUPS.get(f.unit, f.unit) != _UNIT_GROUPS.get(t.unit, t.unit):
        return False
    if bool(f.per) != bool(t.per) or (f.per and f.per != t.per):
        return False  # a rate only compares with a rate of the same period
    if f.direction and f.unit in ("percent", "percentage-points") and not t.direction:
        return False
    if t.direction and t.unit in ("percent", "percentage-points") and not f.direction and f.base is None:
        return False  # "nearly half of which": a share, not the source's change
    return True


def _in_unit_of(f: Figure, t: Figure) -> Figure:
    """``f`` converted to ``t``'s unit where they measure the same thing (miles and kilometres)."""
    if f.unit != t.unit and f.unit in _DISTANCE and t.unit in _DISTANCE:
        factor = _DISTANCE[f.unit] / _DISTANCE[t.unit]
        return f._replace(unit=t.unit, value=f.value * factor, precision=f.precision * factor,
                          high=None if f.high is None else f.high * factor)
    return f


def _tolerance(f: Figure) -> float:
    """How far the true value may be from a stated one (exact or approximate) and still agree."""
    value = abs(f.value)
    if f.hedge == APPROXIMATE:
        return max(0.05 * value, min(f.precision / 2, 0.10 * value))
    if f.precision <= 1:
        return f.precision / 2 + 1e-9
    return max(min(f.precision / 2, 0.05 * value), 0.5)


def agree_value(f: Figure, t: Figure) -> bool | None:
    """Does the sentence's value agree with the source's (None: neither holds nor fails)?"""
    truth, value, hedge = t.value, f.value, f.hedge
    if f.unit == "multiplier":
        if hedge == NEARLY:
            return value * 0.85 <= truth <= value * 1.02
        if hedge in (MORE_THAN, AT_LEAST):
            return truth >= value
        if hedge in (FEWER_THAN, AT_MOST):
            return truth <= value
        return abs(truth - value) <= (0.15 if hedge == APPROXIMATE else 0.08) * value
    if t.hedge in (MORE_THAN, AT_LEAST):  # the source states a bound
        if hedge in (MORE_THAN, AT_LEAST):  # "more than 80,000" when the source says "more than 74,000"
            return True if value <= truth else None
        if hedge in (FEWER_THAN, AT_MOST):
            return False if value <= truth else None
        if hedge == RANGE:
            return f.high >= truth
        if value > truth * 1.15:  # "about 140 miles" when the source says "more than 100": not ruled out
            return None
        return truth * 0.98 <= value
    if t.hedge in (FEWER_THAN, AT_MOST):
        if hedge in (FEWER_THAN, AT_MOST):
            return True if value >= truth else None
        if hedge in (MORE_THAN, AT_LEAST):
            return False if value >= truth else None
        if value < truth * 0.85:  # "about 40" when the source says "fewer than 100": not ruled out
            return None
        return value <= truth * 1.02
    if t.hedge == RANGE and t.high is not None:  # the source states a range
        low, high = t.value, t.high
        if hedge == RANGE and f.high is not None:
            return abs(value - low) <= _tolerance(f._replace(hedge=APPROXIMATE)) and \
                abs(f.high - high) <= _tolerance(f._replace(value=f.high, hedge=APPROXIMATE))
        if hedge in (MORE_THAN, AT_LEAST):
            return value <= low
        if hedge in (FEWER_THAN, AT_MOST):
            return value >= high
        slack = _tolerance(f) if hedge != EXACT else 0.0
        return low - slack <= value <= high + slack
    if hedge == MORE_THAN:  # the source states a value
        return truth > value
    if hedge == AT_LEAST:
        return truth >= value
    if hedge == FEWER_THAN:
        return truth < value
    if hedge == AT_MOST:
        return truth <= value
    if hedge == NEARLY:
        return value - max(0.10 * abs(value), f.precision / 2) <= truth <= value + 0.01 * abs(value)
    if hedge == RANGE and f.high is not None:
        return value - _tolerance(f) <= truth <= f.high + _tolerance(f)
    tolerance = _tolerance(f)
    if t.hedge == APPROXIMATE:
        tolerance = max(tolerance, 0.02 * abs(truth))
    return abs(truth - value) <= tolerance


def _closeness(a: float, b: float) -> float:
    if a == b:
        return 1.0
    if a <= 0 or b <= 0:
        return 0.0
    return math.exp(-3 * abs(math.log(a / b)))


def period_status(f: Figure, t: Figure, published: dt.date | None = None) -> str:
    a, b = f.period, t.period
    if a is None or b is None:
        return "unstated"
    if a.same_span(b):
        return "match"
    # "between December 2012 and June 2015" for 2012-12-01/2015-06-15; "the year to March 2015" for
    # 2014-03-04/2015-03-03: the ends differ by less than a month and by under a tenth of the period.
    slack = min(31, ((b.end - b.start).days + 1) // 10)
    if abs((a.start - b.start).days) <= slack and abs((a.end - b.end).days) <= slack:
        return "match"
    # "from 2014 to 2015" for July 2014-June 2015: the writer named the years the period spans.
    if a.start.year < a.end.year and a.start.month == 1 and a.end.month == 12 \
            and a.start.year == b.start.year and a.end.year == b.end.year and b.months >= 12:
        return "match"
    if not a.overlaps(b):
        return "mismatch"
    if published and b.start == a.start and b.start.year == b.end.year == published.year \
            and b.start.month == 1 and b.end.month == 12 and abs((a.end - published).days) <= 31:
        # "este año", written in August 2019, against "2019" from an article of August 2019: a count
        # for a year that had not ended is the year to its article's date
        return "match"
    if (b.start <= a.start and a.end <= b.end) or (a.start <= b.start and b.end <= a.end):
        return "part"  # one period inside the other: January-May 2017 against 2017
    shared = (min(a.end, b.end) - max(a.start, b.start)).days + 1
    if shared > 0.6 * min((a.end - a.start).days + 1, (b.end - b.start).days + 1):
        return "part"  # mostly the same days: "during 2014" against March 2014-March 2015
    return "overlap"  # another period that shares a few days with it


def _base_ok(f: Figure, t: Figure) -> bool:
    if f.base is None or t.base is None:
        return True
    return f.base.same_span(t.base) or (
        f.base.start.year == t.base.start.year and f.base.end.year == t.base.end.year and t.base.months >= 12
        and f.base.start.month == 1 and f.base.end.month == 12 and f.base.start.year < f.base.end.year)


def _label_stems(label) -> frozenset[str]:
    return frozenset(stem(w) for phrase in label for w in words_of(phrase))


_PERIOD_SCORE = {"match": 1.2, "unstated": 0.0, "part": 0.2, "overlap": -0.1, "mismatch": -0.3}


def fit(f: Figure, index: int, target: Target, labels: frozenset) -> Fit:
    """How well a sentence figure fits a target (``compatible`` with it)."""
    t = target.figure
    f = _in_unit_of(f, t)
    agree = agree_value(f, t)
    closeness = _closeness(f.value, t.value)
    period = period_status(f, t, target.published)
    direction_ok = not (f.direction and t.direction and f.direction != t.direction)
    if f.direction and not t.direction and target.trend:  # "rose to 14,596": the level went up
        direction_ok = f.direction == target.trend
    base_ok = _base_ok(f, t)
    mine = frozenset(stem(w) for w in f.label)
    theirs = _label_stems(t.label)
    label = len(mine & theirs) / len(mine) if mine and theirs else 0.0
    if agree and f.hedge in _BOUNDS:
        score = 0.3 + 0.6 * closeness  # a bound holds for many values: weak evidence unless close
    elif agree:
        specific = 1.0 if f.precision <= 1 and f.hedge == EXACT and abs(f.value) >= 100 else 0.4
        score = 0.7 + 0.3 * closeness + 0.5 * specific
    else:
        score = 0.6 * closeness
    score += _PERIOD_SCORE[period] + 0.8 * label
    if f.direction and direction_ok and t.direction:
        score += 0.2
    if mine and theirs and f.unit in ("count", "percent") and (mine & labels) - theirs:
        score -= 0.8  # the sentence names what it counts, and that is another figure's label
    if target.note:
        score -= 0.3  # prefer a figure the source states outright
    if not base_ok:
        score -= 0.5
    return Fit(index, target, agree, closeness, period, base_ok, direction_ok, label, score)


# --------------------------------------------------------------------------------------------
# The verdict
# --------------------------------------------------------------------------------------------

def check(text: str, table: Table | None = None, *, context: Context | None = None, top: int = 0,
          without: frozenset[int] | None = None) -> Result:
    """Check one sentence against the table (the bundled one by default); ``without``: claims
    (positions) left out (default: the drafts, which are no evidence until reviewed; ``validate``'s
    self-check passes its own)."""
    context = context or Context()
    reading = read(text, context.today, context.previous)
    return decide(reading, table or default_table(), context=context, top=top, without=without)


def _says(f: Figure) -> str:
    return f.text or describe(f)


def _say_source(t: Target) -> str:
    """What the source says, for the reasons: "80,353 (2017)", "x1.73 (up 73%)"."""
    figure = t.figure
    if figure.unit == "multiplier":
        said = f"x{figure.value:.2f}"
    elif t.note and figure.unit == "percent":  # derived: no false precision
        shown = round(figure.value, 1) if figure.value >= 1 else float(f"{figure.value:.2g}")
        said = describe(figure._replace(value=shown))
    else:
        said = describe(figure)
    if t.note:
        return f"{said} ({t.note})"
    return f"{said} ({figure.period.label()})" if figure.period else said


def _same_number(f: Figure, t: Figure) -> bool:
    """The sentence writes the source's number itself, or it rounded ("about 80,000" for 80,353): not
    merely a number near it (15,979 deported in January-May 2017 is not the source's 16,278)."""
    return f.value == t.value or (f.precision > 1 and abs(f.value - t.value) <= f.precision / 2) or \
        (t.high is not None and f.value in (t.value, t.high)) or f.unit not in COUNT_UNITS


def _digits_alike(f: Figure, t: Figure) -> bool:
    """A typo of the source's number: 8,353 or 83,053 for 80,353 (one or two digits off)."""
    a = f"{f.value:.10g}".replace(".", "").rstrip("0")
    b = f"{t.value:.10g}".replace(".", "").rstrip("0")
    if len(a) < 3 or len(b) < 3:
        return False
    from rapidfuzz.distance import OSA  # edits, with a swap of two neighbours counting as one

    return OSA.distance(a, b) <= (1 if min(len(a), len(b)) < 5 else 2)




_PARTICIPLES = ("ado", "ada", "ido", "ida")
_VERB_ENDINGS = ("aron", "ieron", "aban", "ian", "ed", "ing", "aran", "ieran", "adas", "ados", "idas", "idos")


def _counts_other_thing(f: Figure, t: Figure, topics) -> str:
    """The plural noun a count says it counts ("three states", "five areas"), when it is not what
    the source's figure counts (its label, the claim's subject and keywords, or people for people);
    "" when they agree or the sentence does not say."""
    share = f.unit == "percent" and t.unit == "percent" and not t.direction
    money = f.unit in ("USD", "MXN") and f.unit == t.unit  # "a $75 million project", not the program
    if (f.unit not in ("count", "people") and not share and not money) or not f.label or f.has_direction:
        return ""
    # the head of the noun phrase: its last word ("383 reported crimes", "12 advanced naval bases")
    words = [w for w in f.label if len(w) > 2 and not w.endswith(_VERB_ENDINGS)]  # "diez terminaron": no noun
    if money:  # "un proyecto de 57 millones de dólares destinado a": what follows money is seldom its noun
        words = [w for w in words if not w.endswith(_PARTICIPLES)]
    if not words:
        return ""
    noun = words[-1] if len(words) > 1 and words[-1].endswith("s") else words[0]
    if len(noun) <= 3:
        return ""
    mine = stem(noun)
    theirs = _label_stems(t.label) | set(topics)
    if mine in theirs:
        return ""
    if any(stem(w) in PEOPLE for w in words) and (t.unit == "people" or theirs & PEOPLE):
        return ""  # "1.200 migrantes procedentes de Centroamérica": people
    if mine in PEOPLE and (t.unit == "people" or theirs & PEOPLE):
        return ""
    return noun


def _counts_unknown_thing(f: Figure, table: Table) -> bool:
    """A count whose noun the table never uses ("12 hospitals", "35 journalists")."""
    if f.unit != "count" or not f.label:
        return False
    for word in f.label:
        if word.endswith("s") and not word.endswith(("ss", *_VERB_ENDINGS)):  # the first plural noun
            # ("8,796 presentadas": a participle says what happened to them, not what they are)
            return stem(word) not in table.idf
    return False


class _Sentence(NamedTuple):
    """What the verdict needs of a sentence besides its reading."""

    candidates: dict[int, Candidate]
    tokens: list
    extra: list  # the context's tokens, when the sentence refers back
    agreeing: set[int]


def decide(reading: Reading, table: Table, *, context: Context | None = None, top: int = 0,
           without: frozenset[int] | None = None) -> Result:
    """The verdict on a sentence already read (``without``: as for ``check``)."""
    if without is None:
        without = table.drafts
    text = reading.text
    context = context or Context()
    if not reading.figures:
        return Result(text, UNVERIFIED, ("figure: no checkable figure in the sentence",), 0.0)
    background = bool(context.words) and refers_back(reading)
    found = candidates(reading, table, context, background, without)
    if not found and context.words and not background:
        # a sentence with figures and no subject of its own ("en 2016, 8 795; en 2017, 14,616")
        # goes on with the sentence before: its words are the subject
        background = True  # (only what states its own period can be contradicted so: weak)
        found = [c._replace(weak=True, named_uniquely=False) for c in candidates(reading, table, context, background,
                                                                                 without)]
    if not found:
        reason = "subject: nothing in the table is about this (no claim's subject or keyword is named)"
        return Result(text, UNVERIFIED, (reason,), 0.0,
                      tuple(FigureResult(f, UNVERIFIED, (f"{_says(f)}: no claim about this subject",), slot="subject")
                            for f in reading.figures))
    tokens = tokens_of(text)
    extra = tokens_of(context.text or " ".join(context.words)) if background else []
    usable = {c.index: c for c in found if c.problem is None}
    if len(reading.figures) > 1:
        # A sentence about several claims may name a place for one of them only ("..., and in
        # Oaxaca only four of 383 ..."): a claim set aside for a place is usable for the figures
        # whose own stretch of the sentence names no other place.
        mentions = place_mentions(text, tokens)
        for c in found:
            if c.problem is not None and c.problem[0] == "place" and c.index not in usable:
                usable[c.index] = c
        regional = {c.index: c for c in found if c.problem is not None and c.problem[0] == "place"}
    else:
        regional, mentions = {}, []
    if not usable or all(i in regional for i in usable) and len(reading.figures) > 1 and not any(
            _place_free(reading, f, mentions, table, i) for f in reading.figures for i in usable):
        usable = {i: c for i, c in usable.items() if i not in regional}
    if not usable:  # every candidate is about another place or actor
        best = found[0]
        slot, reason = best.problem
        claim = table.claims[best.index]
        return Result(text, UNVERIFIED, (reason,), round(min(1.0, best.topic / 4.0), 3),
                      tuple(FigureResult(f, UNVERIFIED, (reason,), claim.id, slot=slot) for f in reading.figures),
                      claim)
    changes = any(f.delta or f.unit in ("percent", "multiplier") for f in reading.figures)
    labels: set[str] = set()
    per_claim_targets = {}
    for i in usable:
        per_claim_targets[i] = targets(table, i, changes)
        for t in per_claim_targets[i]:
            if t.figure.unit == "count" and not t.note:
                labels |= _label_stems(t.figure.label)
    labels = frozenset(labels)
    stages = {i: claim_stages(table.claims[i]) for i in usable}
    per_figure: list[dict[int, Fit]] = []
    set_aside: list[dict[int, tuple[str, str]]] = []
    for f in reading.figures:
        fits: dict[int, Fit] = {}
        aside: dict[int, tuple[str, str]] = {}
        if not _counts_unknown_thing(f, table):  # "12 hospitals": the table counts no hospitals
            local = _local(reading, f, tokens, usable, table)
            for group in ((local, usable) if len(local) < len(usable) else (usable,)):
                for i, cand in group.items():
                    if i in fits or i in aside:
                        continue
                    problem = (regional[i].problem if i in regional and not _place_free(reading, f, mentions, table, i)
                               else measure_problem(table.claims[i], stages[i], reading, f, tokens, extra))
                    if problem is not None:
                        aside[i] = problem
                        continue
                    for target in per_claim_targets[i]:
                        if compatible(f, target.figure):
                            this = fit(f, i, target, labels)
                            this = this._replace(score=this.score + cand.topic)
                            if i not in fits or this.score > fits[i].score:
                                fits[i] = this
                if fits:
                    break  # the claims named next to the figure explain it; else try them all
        per_figure.append(fits)
        set_aside.append(aside)
    joint: dict[int, float] = {}
    best_by_claim: dict[int, float] = {}
    for fits in per_figure:
        for i, this in fits.items():
            joint[i] = joint.get(i, 0.0) + this.score
            best_by_claim[i] = max(best_by_claim.get(i, -1e9), this.score)
    # The sentence is about one claim, the one that explains its figures best together.  A figure
    # goes to another claim only when that claim is as much about the sentence and fits clearly better.
    main = max(joint, key=joint.get) if joint else max(usable, key=lambda i: usable[i].topic)
    chosen: list[Fit | None] = []
    for fits in per_figure:
        if not fits:
            chosen.append(None)
            continue
        best = max(fits.values(), key=lambda x: x.score)
        own = fits.get(main)
        sibling = (best.period == "match" and best.agree and table.claims[best.index].series
                   and table.claims[best.index].series == table.claims[main].series)  # "from 8,796 in 2016 to 14,596"
        if own is not None and best.index != main and not sibling and (
                usable[best.index].topic < usable[main].topic - 0.3 or best.score < own.score + 0.3):
            best = own
        chosen.append(best)
    agreeing: dict[int, int] = {}  # claim -> how many figures of the sentence agree with it
    # A list of items of one kind ("one line some 20 miles from the border, a third about 140 miles
    # from it"): when one figure fits the source's, the others are the list's other items.
    fitting: dict[tuple[int, Figure], Figure] = {}
    for f, x in zip(reading.figures, chosen):
        if x is None or x.period in ("mismatch", "overlap"):
            continue
        if x.agree:
            agreeing[x.index] = agreeing.get(x.index, 0) + 1
        if x.agree is not False:
            fitting.setdefault((x.index, x.target.figure), f)
    dates = reading.dates
    if context.today is not None:  # the text's own date: an undated figure of an event it reports as news
        dates += ((Period(context.today, context.today, "the text's date"), True),)
    results = []
    for f, this, aside in zip(reading.figures, chosen, set_aside):
        other = fitting.get((this.index, this.target.figure)) if this is not None and this.agree is False else None
        if other is not None:
            reason = (f"measure: {_says(f)} is another item than the source's {_say_source(this.target)}; "
                      f"{_says(other)} in the same sentence is the claim's")
            results.append(FigureResult(f, UNVERIFIED, (reason,), table.claims[this.index].id, this.target.figure,
                                        slot="measure"))
            continue
        results.append(_figure_verdict(f, this, usable, table, agreeing, aside, reading.since, dates))
    return _sentence_result(reading, table, results, main, best_by_claim, usable, top, chosen)


def _ambiguous(table: Table, index: int, target: Target) -> bool:
    """Does the table hold this measure for several periods, so that a figure with no period of
    its own could be about any of them?  (A share of two of the claim's own counts is the claim's.)"""
    claim = table.claims[index]
    if target.note and " of " in target.note and target.figure.unit == "percent" and not target.figure.direction:
        return False
    if claim.series:
        members = table.series[claim.series]
        if target.note and " to " in target.note:  # a change between two periods of the series
            return len(members) > 2
    else:
        members = [j for j, other in enumerate(table.claims)
                   if other.subject == claim.subject and other.actor == claim.actor] if len(table.claims) < 5000 else [index]
    periods = {f.period for j in members for f in table.claims[j].figures
               if f.period is not None and f.unit == target.figure.unit and not f.direction}
    return len(periods) > 1


def _place_free(reading: Reading, f: Figure, mentions, table: Table, index: int) -> bool:
    """Does the figure's own stretch of the sentence (between the figures next to it) name no place
    that rules out claim ``index``?"""
    k = [x.start for x in reading.figures].index(f.start)
    left = reading.figures[k - 1].end if k else 0
    right = reading.figures[k + 1].start if k + 1 < len(reading.figures) else len(reading.text)
    first = reading.figures[0].start  # a place named before the first figure is the sentence's own
    near = [m for m in mentions if left <= m.start < right or m.start < first]
    claim = table.claims[index]
    return place_problem(claim, table.places[index], near, where(near)) is None


def _local(reading: Reading, f: Figure, tokens, usable: dict[int, Candidate], table: Table) -> dict[int, Candidate]:
    """The candidates a figure's own stretch of the sentence is about ("In 2017 the INM deported
    80,353 people, while the CNDH documented 521 complaints"): those whose subject or keywords are
    named between the figures next to it; all of them when none is."""
    if len(reading.figures) < 2:
        return usable
    k = [x.start for x in reading.figures].index(f.start)
    left = reading.figures[k - 1].end if k else 0
    right = reading.figures[k + 1].start if k + 1 < len(reading.figures) else len(reading.text)
    near = [t for t in tokens if left <= t.start < right]
    distance = {}
    for i in usable:
        topics = set(table.topics[i])
        gaps = [abs(t.start - f.start) for t in near if t.stem in topics]
        if gaps:
            distance[i] = min(gaps)
    if not distance:
        return usable
    closest = min(distance.values())
    # the claims named next to the figure (within a few words of the closest)
    return {i: usable[i] for i, d in distance.items() if d <= closest + 25}


def _date_outside(dates: tuple[tuple[Period, bool], ...], period: Period) -> tuple[Period, bool] | None:
    """The first date of the sentence that cannot be the time of a figure for ``period``: an
    event's day outside it, or a statement made before it began."""
    for date, statement in dates:
        if date.end < period.start or (not statement and date.start > period.end):
            return date, statement
    return None


def _set_aside(f: Figure, usable: dict[int, Candidate], table: Table,
               aside: dict[int, tuple[str, str]]) -> FigureResult:
    """Unverified, for the reason the claim most about the sentence was set aside."""
    i, (slot, reason) = max(aside.items(), key=lambda kv: usable[kv[0]].topic)
    return FigureResult(f, UNVERIFIED, (reason,), table.claims[i].id, slot=slot)


def _figure_verdict(f: Figure, this: Fit | None, usable: dict[int, Candidate], table: Table,
                    agreeing: dict[int, int], aside: dict[int, tuple[str, str]],
                    since: Period | None = None, dates: tuple = ()) -> FigureResult:
    says = _says(f)
    if this is None:
        if aside:
            return _set_aside(f, usable, table, aside)
        return FigureResult(f, UNVERIFIED, (f"{says}: the table has no figure of this kind for the subject",),
                            slot="measure")
    claim = table.claims[this.index]
    cand = usable[this.index]
    t = this.target.figure
    source = _say_source(this.target)
    kind = "derived" if this.target.note else ("bound" if f.hedge in _BOUNDS else "number")
    # Another figure of the sentence agrees with this claim, or the sentence names it by a name
    # only it (or one other) carries: the sentence is about this claim.
    others_agree = agreeing.get(this.index, 0) - (1 if this.agree and this.period != "mismatch" else 0) > 0
    # ... but a figure far from the source's number is another count of the list, not this one
    near = this.agree or this.closeness >= 0.1 or _digits_alike(f, t)
    tied = (others_agree and near) or cand.named_uniquely or bool(claim.requires)  # (its words were found)
    if since is not None and t.period is not None and \
            (since.start - _MONTH) <= t.period.start <= (since.end + _MONTH):
        tied = True  # "tripled after July 2014", "up 73% since 2014": the source's period starts there
    # named only by everyday words and a name (not a name only it carries, nor the words it requires)
    weak = cand.weak and not cand.named_uniquely and not claim.requires
    status = this.period
    level = f.unit not in ("multiplier", "percent", "percentage-points") and not f.delta
    if since is not None and f.direction and level and t.period is not None \
            and t.period.end <= since.end and (since.start - t.period.start).days > 31:
        status = "mismatch"  # "dropped to 125.8 after July 2014", when 125.8 is the level before it
        f = f._replace(period=since._replace(text=f"after {since.label()}"))
    if status == "unstated" and t.period is not None and f.vague:
        reason = (f"period: {f.vague!r} cannot be placed (no date in the text says when); the source's figure "
                  f"is for {t.period.label()} ({describe(t)})")
        return FigureResult(f, UNVERIFIED, (reason,), claim.id, t, slot="period")
    if status == "unstated" and t.period is not None:
        clash = _date_outside(dates, t.period)
        if clash is not None:
            # "On 25 August 2015, the bodies of 72 migrants were found": the event's day is the
            # figure's time; a statement made before the source's period cannot report it
            period, statement = clash
            what = "the statement is dated" if statement else "the sentence dates it"
            reason = (f"period: {says} has no period; {what} {period.label()}, outside the source's "
                      f"{t.period.label()} ({describe(t)})")
            return FigureResult(f, UNVERIFIED, (reason,), claim.id, t, slot="period")
    if status == "unstated" and t.period is not None and claim.event and any(
            t.period.start <= d.start and d.end <= t.period.end for d, _ in dates):
        status = "match"  # "On 22 August 2010, Zetas gunmen massacred 72 migrants": the event's day
    if status == "unstated" and t.period is not None and claim.event:
        # events recur (a caravan each spring, another massacre in the same town): undated, the
        # figure could be another one's
        reason = (f"period: {says} has no date or period; the source's figure is for one event, "
                  f"in {t.period.label()} ({describe(t)})")
        return FigureResult(f, UNVERIFIED, (reason,), claim.id, t, slot="period")
    if status == "unstated" and t.period is not None:
        # A figure with no period of its own, against a period-bound figure: only when the table
        # holds that measure for one period (a level), or the sentence names the claim by a proper
        # name, is it the same period.  A change ("rose 73 percent") needs the name or a tie.
        change = f.compares_times
        ambiguous = change or _ambiguous(table, this.index, this.target)
        if this.agree and this.direction_ok:
            if tied or not ambiguous or (change and cand.proper_name):
                how = "holds for" if kind == "bound" else "agrees with"
                return FigureResult(f, SUPPORTED, (f"{kind}: {says} {how} {source}",), claim.id, t, slot=kind)
        elif tied or ((not ambiguous or change) and cand.proper_name):
            status = "match"  # compared as if it stated the period
        if status == "unstated":
            reason = f"period: {says} has no period; the source's figure is for {t.period.label()} ({describe(t)})"
            return FigureResult(f, UNVERIFIED, (reason,), claim.id, t, slot="period")
    if status == "part" and claim.event and t.period.start <= f.period.start and f.period.end <= t.period.end \
            and (this.agree or tied or cand.proper_name):
        # "the massacre of 72 migrants in August 2010": the event, dated within 2010 (to disagree,
        # the sentence must name the event, not only share a number's size with it)
        status = "match"
    if status == "part" and f.unit in ("count", "people", "USD", "MXN") and not f.per and not f.delta \
            and f.hedge in (MORE_THAN, AT_LEAST) and t.hedge in (EXACT, APPROXIMATE, MORE_THAN, AT_LEAST) \
            and f.period.start <= t.period.start and t.period.end <= f.period.end \
            and (t.value > f.value or (t.value == f.value and (f.hedge == AT_LEAST or t.hedge == MORE_THAN))):
        # a count only grows as its period does: "more than 70,000 in 2021" holds when the source
        # counts more than 74,000 by September 2021
        reason = f"bound: {says} holds: the source counts {describe(t)} in {t.period.label()}, within {f.period.label()}"
        return FigureResult(f, SUPPORTED, (reason,), claim.id, t, slot="bound")
    if status == "part" and f.unit in ("count", "people", "USD", "MXN") and not f.per and not f.delta \
            and t.hedge in (EXACT, APPROXIMATE, MORE_THAN, AT_LEAST) \
            and f.period.start <= t.period.start and t.period.end <= f.period.end \
            and ((f.hedge in (FEWER_THAN, AT_MOST) and f.value <= t.value) or (f.hedge == EXACT and f.value < t.value
                                                                              and t.hedge == EXACT)
                 or (f.hedge == EXACT and f.value + _tolerance(f) <= t.value and t.hedge in (MORE_THAN, AT_LEAST))):
        # the same count over a longer period can only be larger: "fewer than 60,000 in 2021" when the
        # source counts more than 74,000 by September 2021
        reason = (f"{kind}: says {says} for {f.period.label()}; the source counts {describe(t)} already in "
                  f"{t.period.label()}")
        return FigureResult(f, CONTRADICTED, (reason,), claim.id, t, slot=kind)
    if status == "part":
        a, b = f.period, t.period
        inside = (b.start <= a.start and a.end <= b.end) or (a.start <= b.start and b.end <= a.end)
        how = "one period is only part of the other" if inside else "the periods only partly overlap"
        reason = f"period: says {f.period.label()}; the source's figure is for {t.period.label()} ({describe(t)}): {how}"
        return FigureResult(f, UNVERIFIED, (reason,), claim.id, t, slot="period")
    if not this.base_ok:  # another comparison ("tripled from 2015"), not the source's
        reason = (f"period: compares with {f.base.label()}; the source compares {t.base.label()} with "
                  f"{t.period.label()}")
        return FigureResult(f, UNVERIFIED, (reason,), claim.id, t, slot="period")
    problems = []
    if this.agree is False:
        wrong = "bound" if kind == "number" and t.hedge in _BOUNDS else kind  # "two", against "at least 5"
        problems.append((wrong, f"{wrong}: says {says}; source says {source}"))
    if status in ("mismatch", "overlap"):
        problems.append(("period", f"period: says {f.period.label()}; source says {t.period.label()} ({describe(t)})"))
    if not this.base_ok:
        problems.append(("period", f"period: compares with {f.base.label()}; source compares with {t.base.label()}"))
    if not this.direction_ok:
        if t.direction:
            problems.append(("direction", f"direction: says {f.direction}; source says {source}"))
        else:
            problems.append(("direction", f"direction: says {f.direction}; source says {this.target.trend}, to {source}"))
    if not problems and this.agree and (cand.alias_only or weak) and f.unit not in _TELLING_UNITS \
            and this.label == 0 and status != "match":
        # named by a name only ("Southern Border", "the State Department"), with nothing saying it
        # counts what the claim counts: the same number is not enough
        reason = f"measure: {says} is not said to be the claim's {claim.subject}"
        return FigureResult(f, UNVERIFIED, (reason,), claim.id, t, slot="measure")
    if not problems and this.agree:
        how = "agrees with" if kind != "bound" else "holds for"
        return FigureResult(f, SUPPORTED, (f"{kind}: {says} {how} {source}",), claim.id, t, slot=kind)
    if not problems and this.agree is None:
        return FigureResult(f, UNVERIFIED, (f"{kind}: says {says}; source says only {source}",), claim.id, t, slot=kind)
    # Disagreement: is the sentence clearly about this claim, and counting what it counts?
    counted = _counts_other_thing(f, t, table.topics[this.index])
    if counted:
        return FigureResult(f, UNVERIFIED, (f"measure: counts {counted}; the claim counts {claim.subject}",),
                            claim.id, t, slot="measure")
    if cand.alias_only or (weak and status != "match"):
        # named only by a name: the number, or a telling unit, must tie the figure to the claim
        anchored = this.agree is True or _digits_alike(f, t) or (
            f.unit == t.unit and f.unit in _TELLING_UNITS and status not in ("mismatch", "overlap"))
    elif status in ("mismatch", "overlap"):  # another period: only the very number makes it a wrong period
        anchored = this.agree is True and _same_number(f, t) and (f.hedge not in _BOUNDS or this.closeness >= 0.8) \
            and not weak
    elif status == "match":
        anchored = True
    else:  # neither the sentence nor the claim gives a period
        telling = f.unit in _TELLING_UNITS and (f.unit == t.unit or (f.unit in _DISTANCE and t.unit in _DISTANCE)) \
            and (others_agree or cand.named_uniquely)  # "the three security cordons stretch less than 50 km"
        anchored = (this.agree is True or tied or telling or _digits_alike(f, t) or this.closeness >= 0.3
                    or (f.has_direction and t.has_direction) or this.label >= 0.5
                    or (f.period is None and this.closeness >= 0.1 and (cand.topic >= 1.2 or this.label > 0)))
    if anchored and not cand.own and f.period is None:
        # only the sentence before (or the headline) names the measure, and the figure has no period
        # of its own: "a group of about 700 migrants" after a paragraph on the caravan may be part
        # of it, not a wrong count of it
        reason = f"measure: {says} is not said to be the claim's {claim.subject} (only the context names it)"
        return FigureResult(f, UNVERIFIED, (reason,), claim.id, t, slot="measure")
    if anchored:
        return FigureResult(f, CONTRADICTED, tuple(r for _, r in problems), claim.id, t, slot=problems[0][0])
    if aside:  # the claim the sentence is about was set aside (another measure, place, actor): say why
        return _set_aside(f, usable, table, aside)
    when = f" for {f.period.label()}" if f.period else ""
    return FigureResult(f, UNVERIFIED, (f"period: the table has no {claim.subject} figure{when} that matches",),
                        slot="period")


def _is_incidental(f: Figure, table: Table, checked: list[FigureResult]) -> bool:
    """A figure of a kind the matched claims do not have (a duration beside a count, say).  A share
    or a change is never incidental: "a third of the 14,596 requests" says something the table
    cannot check."""
    if f.unit in ("percent", "percentage-points", "multiplier"):
        return False
    units = {_UNIT_GROUPS.get(t.unit, t.unit) for r in checked for t in table.get(r.claim_id).figures}
    return _UNIT_GROUPS.get(f.unit, f.unit) not in units


def _sentence_result(reading: Reading, table: Table, results: list[FigureResult], main: int,
                     best_by_claim: dict[int, float], usable: dict[int, Candidate], top: int,
                     chosen: list[Fit | None]) -> Result:
    compared = [r for r in results if r.verdict != UNVERIFIED or (r.matched is not None and r.slot in
                                                                   ("number", "bound", "derived"))]
    verdict = max((r.verdict for r in results), key=SEVERITY.get) if results else UNVERIFIED
    if verdict == UNVERIFIED and any(r.verdict == SUPPORTED for r in results):
        # a supported figure beside ones the table cannot check: the sentence is not supported, unless
        # those are incidental (a duration beside a count)
        supported = [r for r in results if r.verdict == SUPPORTED]
        others = [r for r in results if r.verdict != SUPPORTED]
        if all(r.verdict == UNVERIFIED and r.slot in ("measure", "period", "subject", "place", "actor")
               and (r.claim_id is None or r.claim_id not in {x.claim_id for x in supported})
               and _is_incidental(r.figure, table, supported) for r in others):
            verdict = SUPPORTED
    worst = [r for r in results if r.verdict == verdict and r.claim_id is not None]
    shown = table.by_id[worst[0].claim_id] if worst else (main if compared else None)
    if worst and main in {table.by_id[r.claim_id] for r in worst}:
        shown = main
    claim = table.claims[shown] if shown is not None else None
    reasons = []
    for r in results:
        for reason in r.reasons:
            if reason not in reasons:
                reasons.append(reason)
    # the part that failed first: a contradicted figure's reasons lead
    reasons.sort(key=lambda r: 0 if any(r in x.reasons for x in results if x.verdict == verdict) else 1)
    score = best_by_claim.get(shown, usable[shown].topic if shown in usable else 0.0) if shown is not None else 0.0
    alternatives = ()
    if top:
        ranked = sorted(best_by_claim.items(), key=lambda kv: -kv[1])
        alternatives = tuple((table.claims[i], round(min(1.0, s / 4.0), 3)) for i, s in ranked if i != shown)[:top]
    notes = _newer(table, results) + _unsettled_directions(chosen, results) if verdict == SUPPORTED else ()
    return Result(reading.text, verdict, tuple(reasons), round(min(1.0, max(0.0, score / 4.0)), 3),
                  tuple(results), claim, alternatives, notes)


def _unsettled_directions(chosen: list[Fit | None], results: list[FigureResult]) -> tuple[str, ...]:
    """Beside a supported level that the sentence says rose or fell ("bajaron a 80 mil 353"), when the
    table holds no earlier figure to tell: the number is the source's, the direction is unchecked."""
    notes = []
    for this, r in zip(chosen, results):
        f = r.figure
        if r.verdict == SUPPORTED and this is not None and f.direction and not f.compares_times \
                and not this.target.figure.direction and this.target.trend is None:
            went = "went up" if f.direction == "up" else "went down"
            note = f"direction: says it {went}; the table has no earlier figure to tell"
            if note not in notes:
                notes.append(note)
    return tuple(notes)


def _newer(table: Table, results: list[FigureResult]) -> tuple[str, ...]:
    """Beside a supported figure, a newer figure of the same series (or of the same measure, actor
    and place): "newer: 14,596 in 2017 (claim mexico-asylum-requests-2017)"."""
    notes = []
    for r in results:
        if r.verdict != SUPPORTED or r.matched is None or r.matched.period is None or r.claim_id is None:
            continue
        claim = table.get(r.claim_id)
        if claim.series:
            others = [table.claims[j] for j in table.series.get(claim.series, ())]
        else:
            others = [c for c in table.claims if c is not claim and c.subject == claim.subject
                      and c.actor == claim.actor and c.place == claim.place] if len(table.claims) < 5000 else []
        newest = None
        for other in others:
            for f in other.figures:
                # a figure for a later period of about the same length: January-February 2018 is
                # not a newer count of the whole of 2017
                if f.unit == r.matched.unit and f.per == r.matched.per and not f.direction and f.period is not None \
                        and f.period.start > r.matched.period.end \
                        and abs(f.period.months - r.matched.period.months) <= max(1, r.matched.period.months // 5) \
                        and (newest is None or f.period.end > newest[1].period.end):
                    newest = (other, f)
        if newest is not None:
            other, f = newest
            note = f"newer: {describe(f)} in {f.period.label()} (claim {other.id})"
            if note not in notes:
                notes.append(note)
    return tuple(notes)
