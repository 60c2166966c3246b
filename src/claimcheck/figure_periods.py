"""Which period each figure of a sentence is for.

``figures.read`` finds the figures and ``periods.find_periods`` the periods of a sentence; this
module pairs them: the period nearest a figure, unless it is another figure's (the clause of a figure
set against this one), and a change's base ("rose 73% from 2014", "66% higher than in 2016").
"""

from __future__ import annotations

import re

from .model import Figure, Period

#: What puts a period in the place of a change's base: "73 percent more than in the previous twelve
#: months", "up 20% compared with 2016", "un 73% más que en 2014", "respecto al año anterior".
_BASE_MARK_RE = re.compile(
    r"(?:\bthan|\bcompared\s+(?:with|to)|\b(?:m[aá]s|menos|mayor|menor)\s+que|\bcomparad[oa]s?\s+con"
    r"|\b(?:con\s+)?respecto\s+(?:a|al|de|del)|\bfrente\s+(?:a|al)|\bversus|\bvs\.?)"
    r"\s+(?:(?:in|en|during|durante|for|over|the|el|los|las|la|lo|a|al|del|de|same|mismo|period|periodo|período)\s+){0,4}$",
    re.IGNORECASE)


def compared_with(text: str, periods: list[Period], spans: list[tuple[int, int]], figures: list[Figure],
                   previous: Period | None) -> tuple[Period, Period | None] | None:
    """(base, target) when a change compares with a period the sentence names after "than",
    "compared with", "respecto a": that period is the base; the change's own period is another the
    sentence names, else the period of the sentence before ("That was 73 percent more than in the
    previous twelve months"), else unknown."""
    if not any(f.compares_times for f in figures):
        return None
    marked = [k for k, (s, _) in enumerate(spans) if _BASE_MARK_RE.search(text[max(0, s - 60):s])]
    if len(marked) != 1:
        return None
    base = periods[marked[0]]
    others = [p for k, p in enumerate(periods) if k != marked[0]]
    if others:
        return base, max(others, key=lambda p: (p.end, p.start))
    return base, (previous if previous is not None and previous.start > base.start else None)


def assign_periods(text: str, figures: list[Figure], periods: list[Period], spans: list[tuple[int, int]],
                    comparison, vague=()) -> list[Figure]:
    """Each figure's period (and a change's base): the period named nearest to it.  A figure whose
    nearest time is one no date resolves ("el año pasado" with no date stated, "al inicio de este
    sexenio") gets no period, and keeps the words (``Figure.vague``)."""
    if not figures:
        return figures
    if vague:
        marked = []
        for f in figures:
            near = _nearest_index(f, list(spans) + [(s, e) for s, e, _ in vague])
            marked.append(f._replace(vague=vague[near - len(spans)][2]) if near >= len(spans) else f)
        known = [f for f in marked if not f.vague]
        resolved = iter(assign_periods(text, known, periods, spans, comparison) if known else [])
        return [f if f.vague else next(resolved) for f in marked]
    if comparison:
        base, target = comparison
        changes = [g for g in figures if g.compares_times]
        out = []
        for f in figures:
            if f.compares_times:
                out.append(f._replace(period=target, base=base))
                continue
            k = _nearest_index(f, spans)
            own = periods[k] if k >= 0 else None
            if own is base and any(f.end <= g.start and g.end <= spans[k][0] for g in changes):
                own = None  # "2,825 ..., a decrease of 7 per cent compared to 2016": 2016 is the change's base
            out.append(f._replace(period=own or target))
        return out
    if not periods:
        return figures
    earliest = min(periods, key=lambda p: (p.start, p.end))
    latest = max(periods, key=lambda p: (p.end, p.start))
    out = []
    for f in figures:
        if f.compares_times and earliest.start < latest.start:
            out.append(f._replace(period=latest, base=earliest))  # "rose 73% from A to B", "66% higher than in 2016"
        else:
            out.append(f._replace(period=_own_period(text, f, figures, periods, spans)))
    return out


#: Words that set a figure against another ("14,596, up from 8,796 in 2016"): a period after the
#: other figure is the other's.
_CONTRAST_RE = re.compile(
    r"\b(?:up|down|rising|falling|increased|decreased)\s+from\b|\bcompared\s+(?:with|to)\b|\bthan\b|\bversus\b"
    r"|\bvs\.|\bagainst\b|\bwhile\b|\bwhereas\b|\bfrente\s+a\b|\bcontra\b|\bcuando\b|\bmientras\b"
    r"|\ben\s+comparaci[oó]n\s+con\b|\brespecto\s+(?:a|al|de|del)\b|\bsuperior\s+a\b|\binferior\s+a\b",
    re.IGNORECASE)
#: Before the period a level is compared with: "... than in the year before", "... que el año anterior".
_THAN_RE = re.compile(r"\b(?:than|que)\s+(?:(?:in|en|during|durante|the|el|la|lo|del|de)\s+){0,3}$", re.IGNORECASE)
#: A period that opens a clause of its own ("..., and in 2018, 107,449", "y en 2017 de 25.4").
_CLAUSE_OPEN_RE = re.compile(r"(?:[,;:]|\band|\by|\bcuando|\bwhile|\bmientras|\bwhereas)\s+"
                             r"(?:(?:in|en|during|durante|for|para|by|a)\s+)?(?:(?:the|el|la)\s+)?$", re.IGNORECASE)


#: Just before a number set against an earlier figure: "..., up from 125.8", "compared with 8,796",
#: "frente a las 95 mil".
SET_AGAINST_RE = re.compile(r"(?:\b(?:up|down|rising|falling|increased|decreased|rose|fell)\s+from|\bcompared\s+"
                            r"(?:with|to)|\bfrente\s+a|\bcontra)\s+(?:l[oa]s\s+|the\s+)?$", re.IGNORECASE)
_POSSESSIVE_RE = re.compile(r"['’]s?\s+")


def _own_period(text: str, f: Figure, figures: list[Figure], periods: list[Period],
                spans: list[tuple[int, int]]) -> Period | None:
    """The period of one figure: the nearest period, unless the nearest one after it belongs to
    another figure.  A period after the figure is another figure's when that figure stands between
    them and the sentence set it against this one ("14,596, up from 8,796 in 2016") or named a
    period before both ("In 2017 Mexico deported 80,353 people and 76,000 in 2016"), or when the
    period opens a clause of the other figure ("20.8 million, when in 2018 it was 25.7")."""
    k = _nearest_index(f, spans)
    nxt = next((j for j, (s, _) in enumerate(spans) if s >= f.end), None)
    set_against = SET_AGAINST_RE.search(text, spans[k][1], f.start) if k >= 0 else None
    if nxt is None and set_against and not text[spans[k][1]:set_against.start()].strip(" ,;") \
            and any(g.end <= spans[k][0] for g in figures):
        return None  # "429 per month from July 2014 to April 2015, up from 125.8": the period is the 429's
    if k < 0 or nxt is None:
        return periods[k] if k >= 0 else None
    prev = max((j for j, (_, e) in enumerate(spans) if e <= f.start), key=lambda j: spans[j][1], default=None)
    start, end = spans[nxt]
    if f.direction and prev is not None and _THAN_RE.search(text[max(0, start - 30):start]):
        return periods[prev]  # "menos personas en 2017 (80 mil 353) que el año anterior": the base, not its period
    between = [g for g in figures if f.end <= g.start and g.end <= start]
    later = next((j for j, (s, _) in enumerate(spans) if s >= end), None)
    heads_other = _CLAUSE_OPEN_RE.search(text[max(0, start - 24):start]) and any(
        end <= g.start <= end + 40 and (later is None or g.start < spans[later][0]) for g in figures)
    # "168,280 migrants, nearly twice the previous year's 97,245": a period in the possessive is the
    # next figure's
    heads_other = heads_other or (_POSSESSIVE_RE.match(text, end) is not None and any(
        0 <= g.start - end <= 6 for g in figures if g is not f))
    if heads_other or (between and (prev is not None or _CONTRAST_RE.search(text[f.end:between[0].start]))):
        return periods[prev] if prev is not None else None
    return periods[k]


def _nearest_index(figure: Figure, spans: list[tuple[int, int]]) -> int:
    best, best_distance = -1, None
    for k, (s, e) in enumerate(spans):
        distance = s - figure.end if s >= figure.end else (figure.start - e) * 1.5 + 5  # a following period binds more
        if best_distance is None or distance < best_distance:
            best, best_distance = k, distance
    return best


