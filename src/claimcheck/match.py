"""Decide a verdict: find the claims a sentence is about, then let the figures decide.

1. **Read** the sentence (``figures.read``): figures with unit, hedge, period, direction.
2. **Retrieve** candidate claims from the table's index.  A claim is a candidate only when the
   sentence names what it measures (its subject or one of its keywords, English or Spanish); a
   sentence that names another place or actor is not about it.  A shared number alone never makes
   a candidate: a football club's 80,353 tickets is not a deportation figure.
3. **Align** each figure of the sentence with the claim figure (or a figure derived from the claim:
   a share of two of its counts, a change or ratio between two periods of its series) that fits best
   by unit, period, label and value.
4. **Decide** per figure: *supported* when the value agrees (exactly, within what its hedge or
   rounding allows, or as a bound that holds) and period and direction agree; *contradicted* when the
   sentence is clearly about that claim (a matching value, a matching period, or, when it states no
   period, a close paraphrase) but the value, period, direction or bound disagrees; otherwise
   *unverified*.  The sentence's verdict is the worst of its figures'.
"""

from __future__ import annotations

import math
from functools import lru_cache
from heapq import merge
from itertools import repeat
from typing import NamedTuple

from .figures import CHANGE_WORDS, Reading, read, words_of
from .model import (
    APPROXIMATE, AT_LEAST, AT_MOST, CONTRADICTED, COUNT_UNITS, EXACT, FEWER_THAN, MORE_THAN, NEARLY,
    RANGE, SEVERITY, SUPPORTED, UNVERIFIED, Figure, FigureResult, Result, describe,
    format_number, gc_paused, identity_memo, replace,
)
from .vocabulary import GENERIC, PLACE_OF
from .table import Table, load_table, stem

_default_table: Table | None = None


def default_table() -> Table:
    global _default_table
    if _default_table is None:
        _default_table = load_table()
    return _default_table


# --------------------------------------------------------------------------------------------
# Targets: what a sentence figure can be compared with
# --------------------------------------------------------------------------------------------

class Target(NamedTuple):
    figure: Figure
    #: How it was derived from the table ("" for a figure stated in the claim itself).
    note: str = ""
    #: For a level in a series: did it go "up" or "down" from the previous period? ("rose to 14,596")
    trend: str | None = None


def _trend(figure: Figure, series: str, members: list[tuple[int, tuple[Figure, ...]]]) -> str | None:
    """Direction of a series level against the series' previous period (None if it has none).
    ``members``: (claim number, figures) for every claim of the claim's series, in period order."""
    if not series or not figure.period or figure.direction or figure.unit in ("percent", "multiplier"):
        return None
    previous = None
    for _, figures in members:
        for theirs in figures:
            if theirs.unit == figure.unit and theirs.per == figure.per and theirs.period and not theirs.direction \
                    and theirs.period.start < figure.period.start and theirs.period.end <= figure.period.end \
                    and (previous is None or theirs.period.end > previous.period.end):
                previous = theirs
    if previous is None or previous.value == figure.value:
        return None
    return "up" if figure.value > previous.value else "down"


_TARGET_CACHES: dict[int, tuple[Table, dict, list[int]]] = {}

#: Targets (not claims) kept between queries, ~350 bytes each: ~140 MB at most.  When the memo is
#: full, a claim's targets are kept for the current query only; nothing is dropped to make room,
#: because a memo that keeps replacing its entries keeps triggering full garbage collections over
#: all of them (named tuples stay tracked): on a 100,000-claim table, 12,000 sentences took 89 s
#: with the oldest half dropped when full, 24 s of it in full collections.
#: Most of a claim's targets, and of their cost, are the changes against the other periods of its
#: series (a change, a ratio and a difference against each earlier period): those are made only for
#: a sentence that states a change, a ratio or a difference (``_states_changes``), since no other
#: figure can be compared with them.  1,000 random queries on a 100,000-claim table keep ~340,000.
TARGETS_KEPT = 400_000


def _target_cache(table: Table, figures=None) -> tuple[dict, bool, list[int], dict]:
    """Targets depend only on the table: computed once per claim per table, then reused.
    ``figures``: the sentence's (None: all the targets are wanted).  For one query: the table's memo,
    whether the series changes are wanted, the memo's count of targets, and this query's own."""
    entry = _TARGET_CACHES.get(id(table))
    if entry is None or entry[0] is not table:
        if len(_TARGET_CACHES) > 8:
            _TARGET_CACHES.clear()
        entry = _TARGET_CACHES[id(table)] = (table, {}, [0])
    return entry[1], figures is None or _states_changes(figures), entry[2], {}


def _states_changes(figures) -> bool:
    """Can one of these figures be compared with a change between two periods of a series?  (Those
    targets are percents with a direction, multipliers and differences: ``_compatible`` lets only a
    percent, a multiplier or a difference meet them.)"""
    for f in figures:  # (a loop, not any() over a generator: this runs once per query)
        if f.delta or f.unit in ("percent", "multiplier"):
            return True
    return False


_new = tuple.__new__  # a named tuple from all its fields, without its Python-level __new__ (3x faster)


def _derived(value: float, unit: str, per: str | None, period, direction: str | None, base, label: tuple,
             precision: float, delta: bool = False) -> Figure:
    """``Figure(value=..., unit=..., ...)`` for a figure derived from the table's (exact, no text)."""
    return _new(Figure, (value, unit, EXACT, None, per, period, direction, base, label, "", -1, -1, precision, delta))


def _targets(table: Table, index: int, cache: tuple[dict, bool, list[int], dict]) -> tuple[Target, ...]:
    """Claim ``index``'s targets, in a fixed order: its figures, shares, averages and implied ratios,
    then (when ``cache`` says the sentence states a change) the changes against its series."""
    kept, changes, held, own = cache
    entry = own.get(index) or kept.get(index)  # (its own targets, all of them or None)
    if entry is None:
        entry = _keep(cache, index, (_own_targets(table, index), None))
    if not changes:
        return entry[0]
    if entry[1] is None:
        entry = _keep(cache, index, (entry[0], entry[0] + _series_targets(table, index)))
    return entry[1]


def _keep(cache: tuple[dict, bool, list[int], dict], index: int, entry: tuple) -> tuple:
    """Keep ``entry`` in the table's memo while it has room, else for this query only."""
    kept, _, held, own = cache
    old = kept.get(index)
    more = len(entry[0] if entry[1] is None else entry[1])
    if old is not None:
        more -= len(old[0] if old[1] is None else old[1])
    if held[0] + more <= TARGETS_KEPT:
        kept[index] = entry
        held[0] += more
    else:
        own[index] = entry
    return entry


def _members(table: Table, series: str) -> list[tuple[int, tuple[Figure, ...]]]:
    claims = table.claims
    return [(j, claims.figures(j)) for j in table.series.get(series, ())] if series else []


def _own_targets(table: Table, index: int) -> tuple[Target, ...]:
    figures = table.claims.figures(index)  # only the figures: the rest of the claim is not needed here
    series = table.claims.series(index)
    members = _members(table, series)
    out = [_new(Target, (f, "", _trend(f, series, members))) for f in figures]
    counts = [f for f in figures if f.unit in COUNT_UNITS and f.hedge in (EXACT, APPROXIMATE)]
    for part in counts:  # shares: "four of the 1,617 complaints" -> 0.25 percent
        for whole in counts:
            if part is not whole and 0 < part.value < whole.value:
                share = part.value / whole.value * 100
                out.append(_new(Target, (_derived(share, "percent", None, whole.period, None, None, whole.label, 0.01),
                                         f"{format_number(part.value)} of {format_number(whole.value)}", None)))
    for f in counts:  # averages: 16,278 in January-February 2018 is about 8,100 a month
        if f.period and not f.per and f.period.months >= 2:
            months = f.period.months
            days = (f.period.end - f.period.start).days + 1
            note = f"{format_number(f.value)} over {f.period.label()}"
            out.append(_new(Target, (_derived(f.value / months, f.unit, "month", f.period, None, None, f.label, 0.1),
                                     note, None)))
            out.append(_new(Target, (_derived(f.value / days, f.unit, "day", f.period, None, None, f.label, 0.1),
                                     note, None)))
            if months >= 24:
                out.append(_new(Target, (_derived(f.value / (months / 12), f.unit, "year", f.period, None, None,
                                                  f.label, 0.1), note, None)))
    for f in figures:  # a stated change implies a ratio: up 73% -> x1.73
        if f.unit == "percent" and f.direction:
            ratio = 1 + (f.value if f.direction == "up" else -f.value) / 100
            out.append(_new(Target, (_derived(ratio, "multiplier", None, f.period, "up" if ratio >= 1 else "down",
                                              f.base, (), 0.01), f"{describe(f)}", None)))
    return tuple(out)


def _series_targets(table: Table, index: int) -> tuple[Target, ...]:
    """Changes against the series' other periods: percents with a direction, multipliers, differences."""
    figures = table.claims.figures(index)
    series = table.claims.series(index)
    out = []
    if series:
        for other_index, other_figures in _members(table, series):
            if other_index == index:
                continue
            for mine in figures:
                for theirs in other_figures:
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
                    out.append(_new(Target, (_derived(abs(ratio - 1) * 100, "percent", None, mine.period, direction,
                                                      theirs.period, (), 0.01), note, None)))
                    out.append(_new(Target, (_derived(ratio, "multiplier", None, mine.period, direction, theirs.period,
                                                      (), 0.01), note, None)))
                    out.append(_new(Target, (_derived(abs(mine.value - theirs.value), mine.unit, mine.per, mine.period,
                                                      direction, theirs.period, mine.label, 1.0, True), note, None)))
    return tuple(out)


# --------------------------------------------------------------------------------------------
# Comparing one figure with one target
# --------------------------------------------------------------------------------------------

class Fit:
    """How one sentence figure compares with one target."""

    __slots__ = ("index", "target", "agree", "closeness", "period", "base_ok", "direction_ok", "label", "score")

    def __init__(self, index: int, target: Target, agree: bool | None, closeness: float, period: str,
                 base_ok: bool, direction_ok: bool, label: float, score: float = 0.0):
        self.index = index
        self.target = target
        self.agree = agree  # None: the two cannot be compared (a bound that neither holds nor fails)
        self.closeness = closeness  # 0..1, how near the numbers are
        self.period = period  # "match", "unstated", "overlap", "mismatch"
        self.base_ok = base_ok
        self.direction_ok = direction_ok
        self.label = label  # 0..1 label affinity
        self.score = score


_UNIT_GROUPS = {"people": "count", "count": "count"}


_DISTANCE = {"miles": 1.609344, "kilometres": 1.0}


def _in_unit_of(f: Figure, t: Figure) -> Figure:
    """``f`` converted to ``t``'s unit where they measure the same thing (miles and kilometres)."""
    if f.unit != t.unit and f.unit in _DISTANCE and t.unit in _DISTANCE:
        factor = _DISTANCE[f.unit] / _DISTANCE[t.unit]
        return replace(f, unit=t.unit, value=f.value * factor, precision=f.precision * factor,
                       high=None if f.high is None else f.high * factor)
    return f


_DISTANCE_GROUP = object()  # the unit group of distances: equal to no unit


def _fit_key(f: Figure) -> tuple:
    """Two figures ``_compatible`` may pair have equal keys, and two figures with equal keys are
    compatible unless the first is a percent (or percentage points) with a direction and the second
    has none: the same ``delta``, and the same unit group and rate, distances and multipliers aside."""
    unit = f.unit
    if unit in _DISTANCE:
        return f.delta, _DISTANCE_GROUP, None
    if unit == "multiplier":
        return f.delta, unit, None
    return f.delta, _UNIT_GROUPS.get(unit, unit), f.per or None


_FIT_KEYS: dict[tuple, tuple] = {}  # the few distinct keys, each stored once
_KEY_TUPLES: dict[tuple, tuple] = {}  # the few distinct tuples of distinct keys, each stored once


def _target_profile(targets: tuple) -> tuple[frozenset, tuple, tuple]:
    """For a claim's targets: the label stems of the counts it states (``decide``'s labels), the
    distinct ``_fit_key``s of their figures, and for each key its targets, in their order.  Kept
    small (a 100,000-claim table fills the memo): equal key tuples and a lone label set are shared,
    and a claim whose targets all have one key keeps the targets tuple itself."""
    groups: dict[tuple, list] = {}
    label_sets: dict[frozenset, None] = {}
    for target in targets:
        figure = target.figure
        key = _fit_key(figure)
        groups.setdefault(_FIT_KEYS.setdefault(key, key), []).append(target)
        if figure.unit == "count" and not target.note:
            label_sets[_label_stems(figure)] = None
    keys = tuple(groups)
    keys = _KEY_TUPLES.setdefault(keys, keys)
    parts = (targets,) if len(groups) == 1 else tuple(map(tuple, groups.values()))
    if len(label_sets) <= 1:
        labels = next(iter(label_sets), frozenset())
    else:
        labels = frozenset().union(*label_sets)
    return labels, keys, parts


#: ``_target_profile``, computed once per targets tuple.
_profile_of = identity_memo(_target_profile, 65536)


def _needs_direction(f: Figure) -> bool:
    """A percent (or percentage points) with a direction is compared only with figures that have one."""
    return bool(f.direction) and f.unit in ("percent", "percentage-points")


def _compatible(f: Figure, t: Figure) -> bool:
    """Can a sentence figure be compared with a source figure at all?  The rule as written;
    ``decide`` applies it as equal ``_fit_key``s and ``_needs_direction`` (tests/test_model.py
    checks that the two agree on every kind of figure)."""
    if f.delta != t.delta:
        return False
    if f.unit in _DISTANCE and t.unit in _DISTANCE:
        return True
    if f.unit == "multiplier":
        return t.unit == "multiplier"
    if t.unit == "multiplier":
        return False
    if _UNIT_GROUPS.get(f.unit, f.unit) != _UNIT_GROUPS.get(t.unit, t.unit):
        return False
    if f.per and t.per and f.per != t.per:
        return False
    if bool(f.per) != bool(t.per):  # a rate only compares with a rate
        return False
    if _needs_direction(f) and not t.direction:
        return False
    return True


def _tolerance(f: Figure) -> float:
    """How far the true value may be from a stated one (exact or approximate) and still agree."""
    value = abs(f.value)
    if f.hedge == APPROXIMATE:
        return max(0.05 * value, min(f.precision / 2, 0.10 * value))
    if f.precision <= 1:
        return f.precision / 2 + 1e-9
    return max(min(f.precision / 2, 0.05 * value), 0.5)


def _agree_value(f: Figure, t: Figure) -> bool | None:
    truth = t.value
    value, unit, hedge, t_hedge = f.value, f.unit, f.hedge, t.hedge  # locals: read again and again below
    if unit == "multiplier":
        margin = {EXACT: 0.08, APPROXIMATE: 0.15}.get(hedge)
        if hedge == NEARLY:
            return value * 0.85 <= truth <= value * 1.02
        if hedge in (MORE_THAN, AT_LEAST):
            return truth >= value
        if hedge in (FEWER_THAN, AT_MOST):
            return truth <= value
        return abs(truth - value) <= (margin or 0.08) * value
    # The source states a bound or a range
    if t_hedge in (MORE_THAN, AT_LEAST):
        if hedge in (MORE_THAN, AT_LEAST):  # "more than 80,000" when the source says "more than 74,000"
            return True if value <= truth else None
        if hedge in (FEWER_THAN, AT_MOST):
            return False if value <= truth else None
        if hedge == RANGE:
            return f.high >= truth
        return truth * 0.98 <= value <= truth * 1.15
    if t_hedge in (FEWER_THAN, AT_MOST):
        if hedge in (FEWER_THAN, AT_MOST):
            return True if value >= truth else None
        if hedge in (MORE_THAN, AT_LEAST):
            return False if value >= truth else None
        return truth * 0.85 <= value <= truth * 1.02
    if t_hedge == RANGE and t.high is not None:
        low, high = t.value, t.high
        if hedge == RANGE and f.high is not None:
            return abs(value - low) <= _tolerance(replace(f, hedge=APPROXIMATE)) and \
                abs(f.high - high) <= _tolerance(replace(f, value=f.high, hedge=APPROXIMATE))
        if hedge in (MORE_THAN, AT_LEAST):
            return value <= low
        if hedge in (FEWER_THAN, AT_MOST):
            return value >= high
        slack = _tolerance(f) if hedge != EXACT else 0.0
        return low - slack <= value <= high + slack
    # The source states a value
    if hedge == MORE_THAN:
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
    if t_hedge == APPROXIMATE:
        tolerance = max(tolerance, 0.02 * abs(truth))
    return abs(truth - value) <= tolerance


def _closeness(a: float, b: float) -> float:
    if a == b:
        return 1.0
    if a <= 0 or b <= 0:
        return 0.0
    return math.exp(-3 * abs(math.log(a / b)))


def _period_status(f: Figure, t: Figure) -> str:
    a, b = f.period, t.period
    if a is None or b is None:
        return "unstated"
    a_start, a_end, b_start, b_end = a.start, a.end, b.start, b.end  # (each read once: see _fit_compatible)
    if a_start == b_start and a_end == b_end:  # a.same_span(b)
        return "match"
    # "between December 2012 and June 2015" for 2012-12-01/2015-06-15; "the year to March 2015" for
    # 2014-03-04/2015-03-03: the ends differ by less than a month and by under a tenth of the period.
    length = (b_end - b_start).days + 1
    slack = min(31, length // 10)
    if abs((a_start - b_start).days) <= slack and abs((a_end - b_end).days) <= slack:
        return "match"
    # "from 2014 to 2015" for July 2014-June 2015: the writer named the years the period spans.
    if a_start.year < a_end.year and a_start.month == 1 and a_end.month == 12 \
            and a_start.year == b_start.year and a_end.year == b_end.year and b.months >= 12:
        return "match"
    return "overlap" if a.overlaps(b) else "mismatch"


def _base_ok(f: Figure, t: Figure) -> bool:
    if f.base is None or t.base is None:
        return True
    return f.base.same_span(t.base) or (
        f.base.start.year == t.base.start.year and f.base.end.year == t.base.end.year and t.base.months >= 12
        and f.base.start.month == 1 and f.base.end.month == 12 and f.base.start.year < f.base.end.year)


def _label_stems(figure: Figure) -> frozenset[str]:
    return _stems_of_label(figure.label)


@lru_cache(maxsize=65536)
def _stems_of_label(label: tuple[str, ...]) -> frozenset[str]:
    return frozenset(stem(word) for phrase in label for word in words_of(phrase))


@lru_cache(maxsize=65536)
def _word_stems(label: tuple[str, ...]) -> frozenset[str]:
    """The stems of a sentence figure's label words (as they are: not split into words)."""
    return frozenset(stem(w) for w in label)


_BOUNDS = (MORE_THAN, AT_LEAST, FEWER_THAN, AT_MOST)
_PERIOD_SCORE = {"match": 1.2, "unstated": 0.0, "overlap": 0.2, "mismatch": -0.3}


def _fit_compatible(f: Figure, index: int, target: Target, labels: frozenset) -> Fit:
    """How well a sentence figure fits a target ``_compatible`` accepts (``decide`` picks those by
    ``_fit_key`` and ``_needs_direction``)."""
    t, note, trend = target
    if f.unit != t.unit:
        f = _in_unit_of(f, t)
    agree = _agree_value(f, t)
    # The fields used below, unpacked at once (Figure's field order is fixed: tests/test_model.py):
    # a named tuple's field by name costs several times an unpacked local.
    value, unit, hedge, _, _, _, direction, base, label_words, _, _, _, precision, _ = f
    t_value, _, _, _, _, _, t_direction, t_base, t_label, _, _, _, _, _ = t
    closeness = _closeness(value, t_value)
    period = _period_status(f, t)
    direction_ok = not (direction and t_direction and direction != t_direction)
    if direction and not t_direction and trend:  # "rose to 14,596": the level went up
        direction_ok = direction == trend
    base_ok = base is None or t_base is None or _base_ok(f, t)
    # Label affinity (0..1): the share of the sentence's label stems that the target's label has
    if label_words and t_label:
        mine, theirs = _word_stems(label_words), _stems_of_label(t_label)
        label = len(mine & theirs) / len(mine)
    else:
        mine = None
        label = 0.0
    # The score, term by term in the same order.  (It is never -0.0, so leaving out a term of 0.0
    # changes nothing.)
    if agree and hedge in _BOUNDS:
        score = 0.0 + (0.3 + 0.6 * closeness)  # a bound holds for many values: weak evidence unless close
    elif agree:
        specific = 1.0 if precision <= 1 and hedge == EXACT and abs(value) >= 100 else 0.4
        score = 0.0 + (0.7 + 0.3 * closeness + 0.5 * specific)
    else:
        score = 0.0 + 0.6 * closeness
    score += _PERIOD_SCORE[period]
    if direction and direction_ok and t_direction:
        score += 0.2
    score += 0.8 * label
    if mine is not None and unit in ("count", "percent") and (mine & labels) - theirs:
        score -= 0.8  # the sentence names what it counts, and that is another figure's label
    if note:
        score -= 0.3  # prefer a figure the source states outright
    if not base_ok:
        score -= 0.5
    return Fit(index, target, agree, closeness, period, base_ok, direction_ok, label, score)


# --------------------------------------------------------------------------------------------
# Retrieval
# --------------------------------------------------------------------------------------------

_STRONG, _WEAK, _ALIAS = 1, 2, 4  # how a claim was hit: a specific keyword, only generic ones, an alias


def _candidates(reading: Reading, table: Table) -> tuple[dict[int, float], set[int]]:
    """Claims the sentence is about, with a topic score (0.6 for naming the subject + coverage).

    A claim is about the sentence when the sentence names what it measures: a specific keyword
    ("deported", "asilo"), a keyword phrase ("naval bases"), or a generic keyword ("requests")
    corroborated by another keyword or by the claim's actor, place or an alias.
    """
    present = set(map(stem, reading.words))
    # claim -> how it was hit (the bits above, or-ed); filled in the order the claims are first hit
    hits: dict[int, int] = {}
    get = hits.get
    topic_terms, topic_phrases = table.topic_terms, table.topic_phrases
    for s in present:
        claims = topic_terms.get(s)
        if claims:
            bit = _WEAK if s in GENERIC else _STRONG
            for i in claims:
                hits[i] = get(i, 0) | bit
        phrases = topic_phrases.get(s)
        if phrases:  # ((stems, claims), ...) for the multi-word keywords starting with s
            matched = [(_WEAK if GENERIC.issuperset(words) else _STRONG, members) for words, members in phrases
                       if present.issuperset(words)]
            if len(matched) == 1:
                bit, members = matched[0]
                for i in members:
                    hits[i] = get(i, 0) | bit
            elif matched:  # claims in table order, as one list of (phrase, claim) pairs gave them
                for i, bit in merge(*(zip(members, repeat(bit)) for bit, members in matched)):
                    hits[i] = get(i, 0) | bit
    alias_phrases = table.alias_phrases
    if alias_phrases:  # a proper name only one or two claims carry ("Randy Clark", "Red Sonora")
        for s in present:
            for words, i in alias_phrases.get(s, ()):
                if present.issuperset(words):
                    hits[i] = get(i, 0) | _ALIAS
    if not hits and table.vocabulary:
        for i in _fuzzy_gate(present, table):
            hits[i] = get(i, 0) | _STRONG
    if not hits:
        return {}, set()
    places = {PLACE_OF[p] for p in present.intersection(_PLACES)}
    if _UNITED_STATES <= present or _ESTADOS_UNIDOS <= present:
        places.add(PLACE_OF["us"])  # "the United States", "Estados Unidos"
    unknown = _unknown_weight(table)
    idf, term_ids = table.idf, table.term_ids
    # Each stem's weight, in the order of ``present`` (so that the sum is the very same float); and,
    # for the stems some claim has, the weight with the stem as its character in the claims' word
    # strings (a stem no claim has is in no claim's words).  Words no claim uses at all are foreign:
    # "the airline received 521 complaints about lost luggage".
    weights = []
    lettered = []
    foreign = 0
    for s in present:
        w = idf.get(s)  # (a weight is never None)
        if w is None:
            w = unknown
            if s not in PLACE_OF and s not in _CHANGE_STEMS:
                foreign += 1
        weights.append(w)
        n = term_ids.get(s)
        if n is not None:
            lettered.append((chr(n), w))
    total = sum(weights) or 1.0
    mostly_foreign = foreign >= 2 and foreign > len(present) / 2
    flat, at = table.claim_words.parts()
    claim_names, claim_places = table.claim_names, table.claim_places
    scores: dict[int, float] = {}
    alias_only = set()
    for i, how in hits.items():
        named = how & _ALIAS or not present.isdisjoint(claim_names[i])
        if not named and not how & (_STRONG | _ALIAS):
            continue  # only a generic word in common ("requests", "program")
        if not named and mostly_foreign:
            continue  # the subject word is there, but the sentence is about something the table is not
        theirs = claim_places[i]
        if places and theirs and places.isdisjoint(theirs):
            continue  # the sentence is about another country
        words = flat[at[i]:at[i + 1]]  # the claim's context stems, one character each
        covered = sum([w for c, w in lettered if c in words])
        # Naming the claim's actor or place ("the CNDH", "Mexico") is strong evidence of what it is about.
        scores[i] = 0.6 + 2 * covered / total + (1.0 if named else 0.0)
        if how == _ALIAS:
            alias_only.add(i)
    return scores, alias_only


_CHANGE_STEMS = frozenset(stem(w) for w in CHANGE_WORDS)
_PLACES = frozenset(PLACE_OF)
_UNITED_STATES = frozenset((stem("united"), stem("states")))
_ESTADOS_UNIDOS = frozenset((stem("estados"), stem("unidos")))
_UNKNOWN: list = [None, 0.0]  # [the claims of the last table asked about, their unknown weight]


def _unknown_weight(table: Table) -> float:
    """The weight of a stem no claim has: the idf of a stem in none of the claims."""
    claims = table.claims
    if _UNKNOWN[0] is not claims:  # a claim list is read-only: its length never changes
        _UNKNOWN[:] = claims, math.log(1 + max(len(claims), 1))
    return _UNKNOWN[1]


_NEAREST: list = [None, {}]  # [the last table asked about, word -> its nearest topic stem or None]
#: Words whose nearest topic stem is kept (a fuzzy search over the whole vocabulary costs ~20 us
#: a word; the same few words come back sentence after sentence); then all are forgotten at once.
NEAREST_KEPT = 65_536


def _fuzzy_gate(present: set[str], table: Table) -> set[int]:
    """Misspelt or unusually inflected subject words ("deportd", "apprehensionss")."""
    from rapidfuzz import fuzz, process

    if _NEAREST[0] is not table:  # a table is read-only once built
        _NEAREST[:] = table, {}
    nearest = _NEAREST[1]
    gated: set[int] = set()
    for word in present:
        if len(word) < 6:
            continue
        if word in nearest:
            hit = nearest[word]
        else:
            if len(nearest) >= NEAREST_KEPT:
                nearest.clear()
            found = process.extractOne(word, table.vocabulary, scorer=fuzz.ratio, score_cutoff=88)
            hit = nearest[word] = found[0] if found else None
        if hit is not None:
            gated.update(table.topic_terms.get(hit, ()))
    return gated


# --------------------------------------------------------------------------------------------
# The verdict
# --------------------------------------------------------------------------------------------

def check(text: str, table: Table | None = None, *, top: int = 0) -> Result:
    """Check one sentence against the table (the bundled one by default)."""
    table = table or default_table()
    reading = read(text)
    return decide(reading, table, top=top)


#: Results kept for sentences seen again in one batch (pipelines repeat boilerplate).
MEMO_SIZE = 8192
_memo: dict[tuple[str, int], Result] = {}
_memo_table: list = [None]


def checked(sentence: str, table: Table, top: int = 0) -> Result:
    """``decide(read(sentence))``, answered from a bounded memo when the same sentence was checked
    before against the same table: the check is a pure function, and pipelines and drafts repeat
    boilerplate.  The one memo behind ``check_many``, the ``--jobs`` workers and ``lint``."""
    if _memo_table[0] is not table:
        _memo.clear()
        _memo_table[0] = table
    key = (sentence, top)
    result = _memo.get(key)
    if result is None:
        if len(_memo) >= MEMO_SIZE:
            _memo.clear()
        result = _memo[key] = decide(read(sentence), table, top=top)
    return result


def check_all(sentences, table: Table, top: int = 0) -> list[Result]:
    """``checked`` for each sentence, with the cyclic GC paused meanwhile: checking makes no reference
    cycles, and its many short-lived objects would set off a young collection every few sentences
    (~9% of the time).  For a chunk of sentences, not an endless stream."""
    with gc_paused():
        return [checked(sentence, table, top) for sentence in sentences]


def check_many(sentences, table: Table | None = None, *, top: int = 0):
    """Check an iterable of sentences lazily, in order (for pipelines)."""
    table = table or default_table()
    for sentence in sentences:
        yield checked(sentence, table, top)


_worker_state: tuple[Table, int] | None = None


def init_worker(table: Table, top: int = 0) -> None:
    """Process-pool initialiser: the table is sent once per worker, not with every chunk."""
    global _worker_state
    _worker_state = (table, top)


def check_chunk(sentences: list[str]) -> list[Result]:
    """Check a chunk of sentences in a ``--jobs`` worker process."""
    table, top = _worker_state
    return check_all(sentences, table, top)


def decide(reading: Reading, table: Table, *, top: int = 0) -> Result:
    text = reading.text
    if not reading.figures:
        return _new(Result, (text, UNVERIFIED, ("no checkable figure in the sentence",), 0.0, (), None, ()))
    topics, alias_only = _candidates(reading, table)
    if not topics:
        return _new(Result, (text, UNVERIFIED, ("nothing in the table is about this: no claim's subject is named",), 0.0,
                             tuple([_new(FigureResult, (f, UNVERIFIED, ("no claim about this subject",), None, None))
                                    for f in reading.figures]), None, ()))
    target_cache = _target_cache(table, reading.figures)
    candidates = []  # (claim, topic score, its targets' distinct _fit_keys, the targets of each)
    labels: set[str] = set()  # what the candidates' figures count ("complaints", "petitions", "states")
    for i, topic in topics.items():
        counted, keys, parts = _profile_of(_targets(table, i, target_cache))
        labels |= counted
        candidates.append((i, topic, keys, parts))
    labels_seen = frozenset(labels)
    best_by_claim: dict[int, float] = {}
    joint: dict[int, float] = {}  # claim -> sum over the figures of its best fit for each
    per_figure: list[dict[int, Fit]] = []
    for f in reading.figures:
        fits: dict[int, Fit] = {}
        if not _counts_unknown_thing(f, table):  # "12 hospitals": the table counts no hospitals
            key = _fit_key(f)
            # Only targets with f's key can be _compatible with it, and of those, all but the ones
            # without a direction when f needs one.
            directed = _needs_direction(f)
            for i, topic, keys, parts in candidates:
                if key not in keys:
                    continue
                for target in parts[keys.index(key)]:
                    if directed and not target.figure.direction:
                        continue
                    fit = _fit_compatible(f, i, target, labels_seen)
                    fit.score += topic
                    if i not in fits or fit.score > fits[i].score:
                        fits[i] = fit
        for i, fit in fits.items():
            score = fit.score
            joint[i] = joint.get(i, 0.0) + score
            best = best_by_claim.get(i, -1e9)
            best_by_claim[i] = score if score > best else best  # max(best, score)
        per_figure.append(fits)
    # The sentence is about one claim, the one that explains its figures best together.  A figure
    # goes to another claim only when that claim is as much about the sentence (a series' other
    # period: "97,245 in 2013-14 and 168,280 in 2014-15") and fits that figure clearly better.
    main = max(joint, key=joint.get) if joint else max(topics, key=topics.get)
    figure_fits: list[Fit | None] = []
    for fits in per_figure:
        if not fits:
            figure_fits.append(None)
            continue
        best = max(fits.values(), key=_score_of) if len(fits) > 1 else next(iter(fits.values()))
        own = fits.get(main)
        if own is not None and best.index != main and (
                topics[best.index] < topics[main] - 0.3 or best.score < own.score + 0.3):
            best = own
        figure_fits.append(best)
    # A claim that another figure of the sentence agrees with anchors the sentence to it.
    agreeing = {fit.index for fit in figure_fits if fit is not None and fit.agree and fit.period != "mismatch"}
    results = [_figure_verdict(f, fit, topics, table, agreeing, alias_only)
               for f, fit in zip(reading.figures, figure_fits)]
    checked = [r for r in results if r.claim_id is not None]
    incidental = [r for r in results if r.claim_id is None] if len(checked) < len(results) else []
    if checked:
        verdict = max([r.verdict for r in checked], key=SEVERITY.get) if len(checked) > 1 else checked[0].verdict
        if incidental and verdict == SUPPORTED and any(not _is_incidental(r.figure, table, checked) for r in incidental):
            verdict = UNVERIFIED
    else:
        verdict = UNVERIFIED
    # The claim shown: the one behind the worst figure verdict, else the best-scoring one.
    shown_index = main
    worst = [table.by_id[r.claim_id] for r in checked if r.verdict == verdict]
    if worst and main not in worst:
        shown_index = max(worst, key=lambda i: best_by_claim.get(i, 0.0))
    claim = table.claims[shown_index] if checked else None
    if len(results) == 1:
        reasons = results[0].reasons
    else:
        reasons = []
        for r in results:
            reasons.extend(r.reasons)
    score = min(1.0, max(0.0, best_by_claim.get(shown_index, topics.get(shown_index, 0.0)) / 4.0))
    alternatives = ()
    if top:
        ranked = sorted(best_by_claim.items(), key=lambda kv: -kv[1])
        alternatives = tuple((table.claims[i], round(min(1.0, s / 4.0), 3)) for i, s in ranked
                             if i != shown_index)[:top]
    if claim is None and verdict == UNVERIFIED:
        reasons = reasons or ["no claim in the table matches these figures"]
    if len(reasons) > 1:
        reasons = dict.fromkeys(reasons)  # each reason once, in order
    return _new(Result, (text, verdict, tuple(reasons), round(score, 3), tuple(results), claim, alternatives))


def _score_of(fit: Fit) -> float:
    return fit.score


def _is_incidental(f: Figure, table: Table, checked: list[FigureResult]) -> bool:
    """A figure of a kind the matched claims do not have (a duration beside a count, say)."""
    units = {_UNIT_GROUPS.get(t.unit, t.unit) for r in checked for t in table.get(r.claim_id).figures}
    return _UNIT_GROUPS.get(f.unit, f.unit) not in units


def _say_source(t: Target) -> str:
    """What the source says, for the reasons: "80,353 (2017)", "x1.73 (up 73%)"."""
    figure = t.figure
    if figure.unit == "multiplier":
        said = f"x{figure.value:.2f}"
    elif t.note and figure.unit == "percent":  # derived: no false precision
        shown = round(figure.value, 1) if figure.value >= 1 else float(f"{figure.value:.2g}")
        said = describe(replace(figure, value=shown))
    else:
        said = describe(figure)
    where = figure.period.label() if figure.period else ""
    if t.note:
        return f"{said} ({t.note})"
    return f"{said} ({where})" if where else said


#: ``_say_source`` of a target, worded once per target: a target is immutable, and the same few
#: targets are the best fit of sentence after sentence.
_source_says = identity_memo(_say_source, 16384)


def _digits_alike(f: Figure, t: Figure) -> bool:
    """A typo of the source's number: 8,353 or 83,053 for 80,353 (one or two digits off)."""
    # significant digits only: $152 million and $75 million share zeros, not digits
    a = f"{f.value:.10g}".replace(".", "").rstrip("0")
    b = f"{t.value:.10g}".replace(".", "").rstrip("0")
    if len(a) < 3 or len(b) < 3:
        return False
    from rapidfuzz.distance import OSA  # edits, with a swap of two neighbours counting as one

    return OSA.distance(a, b) <= (1 if min(len(a), len(b)) < 5 else 2)


def _counts_unknown_thing(f: Figure, table: Table) -> bool:
    """A count whose noun the table never uses ("12 hospitals", "35 journalists")."""
    if f.unit != "count" or not f.label:
        return False
    for word in f.label:
        if word.endswith("s") and not word.endswith("ss"):  # the first plural noun
            return stem(word) not in table.idf
    return False  # no plural noun to go by ("ended", "took place")


def _figure_verdict(f: Figure, fit: Fit | None, topics: dict[int, float], table: Table,
                    agreeing: set[int] = frozenset(), alias_only: set[int] = frozenset()) -> FigureResult:
    says = f.text or describe(f)
    if fit is None:
        return _new(FigureResult, (f, UNVERIFIED, (f"{says}: the table has no figure of this kind for the subject",),
                                   None, None))
    claim = table.claims[fit.index]
    t = fit.target.figure
    source = _source_says(fit.target)
    topic = topics.get(fit.index, 0.0)
    kind = "derived" if fit.target.note else ("bound" if f.hedge in _BOUNDS else "number")
    problems = []
    if fit.agree is False:
        problems.append(f"{kind}: says {says}; source says {source}")
    if fit.period in ("mismatch", "overlap"):
        problems.append(f"period: says {f.period.label()}; source says {t.period.label()} ({describe(t)})")
    if not fit.base_ok:
        problems.append(f"period: compares with {f.base.label()}; source compares with {t.base.label()}")
    if not fit.direction_ok:
        if t.direction:
            problems.append(f"direction: says {f.direction}; source says {source}")
        else:
            problems.append(f"direction: says {f.direction}; source says {fit.target.trend}, to {source}")
    if not problems and fit.agree:
        how = "agrees with" if kind != "bound" else "holds for"
        return _new(FigureResult, (f, SUPPORTED, (f"{kind}: {says} {how} {source}",), claim.id, t))
    if not problems and fit.agree is None:
        return _new(FigureResult, (f, UNVERIFIED, (f"{kind}: says {says}; source says only {source}",), claim.id, t))
    # Disagreement: is the sentence clearly about this claim?
    if fit.index in alias_only:  # named only by an alias: a number or a telling unit must tie it to the claim
        anchored = fit.agree is True or _digits_alike(f, t) or (
            f.unit == t.unit and f.unit not in ("count", "people") and fit.period != "mismatch")
    else:
        anchored = (fit.agree is True or fit.period == "match" or fit.index in agreeing
                    or (fit.period == "unstated" and (fit.closeness >= 0.3 or _digits_alike(f, t)
                                                      or (f.is_change and t.is_change) or fit.label >= 0.5
                                                      or (f.period is None and fit.closeness >= 0.1
                                                          and (topic >= 1.2 or fit.label > 0)))))
    if anchored:
        return _new(FigureResult, (f, CONTRADICTED, tuple(problems), claim.id, t))
    when = f" for {f.period.label()}" if f.period else ""
    return _new(FigureResult, (f, UNVERIFIED, (f"{says}: the table has no {claim.subject} figure{when} that matches",),
                               None, None))
