"""Read the figures in a sentence: numbers, units, hedges, periods and direction, English and Spanish.

``read(text)`` returns a ``Reading``: every ``Figure`` the sentence states (with its character span
and the words around it), the periods it names, and its content words.  A year is a period, never
a figure.  Numbers that are not figures are left out: citation and list markers ("[4]", "1)"),
page numbers, times, dates without a year, ordinals, centuries, scores ("2-1").

Numbers: 80,353 / 80.353 / 80 353 / 125.8 / "16 mil 278" / "mil 296" / "80.4 thousand" / "$88
million" / "3 mil millones de dólares"; number words through text2num ("seventy-two", "setenta y
dos"); shares ("a quarter", "tres de cada 10", "1 in 400"); multipliers ("doubled", "se triplicó").
Digits of other scripts (fullwidth, Arabic-Indic) are read as the digits they are.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from .figure_periods import SET_AGAINST_RE, assign_periods, compared_with
from .model import APPROXIMATE, AT_LEAST, AT_MOST, EXACT, FEWER_THAN, MORE_THAN, RANGE, Figure, Period
from .number_phrases import fraction_numbers, multipliers, overlaps, scaled_fractions
from .periods import AFTER_EVENT_RE, find_periods
from .text import STOPWORDS, fold, stem, words_of
from .vocabulary import (BARE_SCALES, CHANGE_WORDS, DEMONYMS, DOWN_WORDS, HEDGES_BEFORE, LONE_WORDS_SKIPPED, MONTHS,
                         MULTIPLIERS, NUMBER_WORDS_EN, NUMBER_WORDS_ES, PEOPLE_WORDS, SMALL_NUMBERS,
                         UP_WORDS, small_numbers_pattern)

#: The longest number read: 15 digits (beyond that, floats lose the units).
MAX_DIGITS = 15

_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))

# Longest first, so that "dieciseis" is not read as "dieci".
_NUMBER_WORDS = sorted(set(NUMBER_WORDS_EN) | set(NUMBER_WORDS_ES), key=lambda w: (-len(w), w))
_NUMWORD = "(?:" + "|".join(_NUMBER_WORDS) + ")"
_NUMBER_WORDS_RE = re.compile(
    r"(?<![\w-])" + _NUMWORD + r"(?:(?:-|\s+|\s+and\s+|\s+y\s+)" + _NUMWORD + r")*"
    r"(?=$|[^\w-]|-(?:year|month|day|week|mile))", re.IGNORECASE)
_DOZEN_RE = re.compile(r"\b(?P<n>" + small_numbers_pattern(highest=6) + r")\s+"
                       r"(?P<what>dozen|docenas?|decades?|décadas?|decadas?)\b", re.IGNORECASE)

# Digits (ASCII only: other scripts are turned into ASCII first), then a percent sign or scale word.
_NUMBER_RE = re.compile(
    r"(?P<cur>US\$|U\.S\.\s?\$|USD\s?|\$|MXN\s?|MX\$|€)?"
    r"(?<![\w.,])(?P<num>[0-9]{1,3}(?:(?P<sep>[,. ])[0-9]{3}(?![0-9]))(?:(?P=sep)[0-9]{3}(?![0-9]))*"
    r"(?:[.,][0-9]+(?![0-9]))?|[0-9]+(?:[.,][0-9]+)?)"
    r"(?P<pct>\s?%)?"
    r"(?:\s?-?\s?(?P<scale>billion|bn|million|millions|mn|thousand|mil millones|millones|millón|millon|mil|mdd|mdp|m|k)\b)?",
    re.IGNORECASE)
#: "16 mil 278", "215 mil 382": how Mexican copy often writes 16,278; and "mil 296" for 1,296.
_MIL_RE = re.compile(r"(?<![\w.,])(?:(?P<k>[0-9]{1,3})\s+)?mil\s+(?P<rest>[0-9]{3}|[0-9]{1,2})(?![0-9]|[.,][0-9]|\s*mil)",
                     re.IGNORECASE)
_AFTER_UNIT_RE = re.compile(
    r"^\s*(?:(?P<pct>percent|per cent|per-cent|por ciento|porciento)\b"
    r"|(?P<pp>percentage points?|puntos porcentuales|points)\b"
    r"|(?P<usd>(?:u\.?s\.?\s+)?dollars?|(?:de\s+)?(?:dólares|dolares)(?:\s+estadounidenses)?|usd)\b"
    r"|(?P<mxn>(?:mexican\s+)?pesos(?:\s+mexicanos)?|de\s+pesos(?:\s+mexicanos)?|mxn)\b"
    r"|(?P<miles>miles?|millas?)\b|(?P<km>kilometres|kilometers|kilómetros|kilometros|km)\b"
    r"|(?P<years>-?\s?years?|-?\s?year-old|años)\b|(?P<months>months?|meses)\b"
    r"|(?P<days>days?|días|dias)\b)", re.IGNORECASE)
_SCALES = {"mdd": 1e6, "mdp": 1e6, "thousand": 1e3, "k": 1e3, "mil": 1e3, "million": 1e6, "millions": 1e6,
           "mn": 1e6, "m": 1e6, "millones": 1e6, "millón": 1e6, "millon": 1e6, "billion": 1e9, "bn": 1e9,
           "mil millones": 1e9}
#: "a quarter of a million", "medio millón", "half a million": counts, not shares.
_RATE_RE = re.compile(
    r"\b(?P<rate>per month|a month|each month|every month|monthly|per-month|al mes|por mes|"
    r"mensuales|mensual|cada mes|per year|a year|each year|every year|annually|yearly|al año|por año|"
    r"anuales|anual|per week|a week|weekly|a la semana|por semana|per day|a day|daily|al día|por día|"
    r"diarios|diarias)\b(?!\s+(?:earlier|ago|before|later|after|previously|antes|después|despues|atrás|atras))",
    re.IGNORECASE)
_RATE_UNITS = {
    "month": "month", "monthly": "month", "mes": "month", "mensual": "month", "mensuales": "month",
    "year": "year", "annually": "year", "yearly": "year", "ano": "year", "anual": "year",
    "anuales": "year", "week": "week", "weekly": "week", "semana": "week", "day": "day",
    "daily": "day", "dia": "day", "diarios": "day", "diarias": "day",
}
_SLASH_RATE_RE = re.compile(r"^\s*/\s*(?P<rate>month|mo|mes|year|yr|año|week|wk|semana|day|día|dia)\b", re.IGNORECASE)
_SLASH_UNITS = {"mo": "month", "yr": "year", "wk": "week"}
_AVERAGE_RATE_RE = re.compile(r"\b(?:monthly average|average monthly|promedio mensual|media mensual|"
                              r"annual average|average annual|promedio anual)\b", re.IGNORECASE)

# Numbers that are not figures ------------------------------------------------------------------
#: Citation markers, page and note numbers, list markers, centuries, scores, dates without a year.
_NOT_FIGURES_RE = re.compile(
    r"\[\^?\s*\d{1,4}(?:\s*[,–-]\s*\d{1,4})*\s*\]"                      # [4], [^1], [3, 4], [12-14]
    r"|\((?:see\s+)?(?:note|notes|footnote|nota|notas|ref\.?|véase\s+(?:la\s+)?nota)\s+\d{1,4}\)"
    r"|\b(?:see\s+)?(?:foot)?note\s+\d{1,4}\b|\bnota\s+\d{1,4}\b"
    r"|\b(?:pp?|págs?|pags?|p[áa]gina|pages?|vol|no|núm|num|art|cap|ch)\.?\s*\d{1,4}(?:\s*[-–]\s*\d{1,4})?\b"
    r"|\b(?:siglo|century|centuries)\s+\d{1,2}\b"
    r"|(?<![\w.,])\d{1,2}\s?[-–]\s?\d{1,2}(?=\s+(?:loss|win|victory|defeat|draw|tie|derrota|victoria|empate)\b)"
    r"|(?<![\w.,])\d{1,2}\s?[-–]\s?\d{1,2}\s+(?:loss|win|victory|defeat|draw|tie|derrota|victoria|empate)\b"
    r"|\b(?:beat|beats|defeated|defeats|won|lost|tied|drew|edged|routed|venci[óo]|gan[óo]|perdi[óo]|derrot[óo]|empat[óo]|"
    r"gole[óo])\s+(?:(?:a|al|to|against|ante)\s+)?(?:[^\W\d_][\w'’.-]*\s+){0,4}\d{1,2}\s?[-–]\s?\d{1,2}(?![\d.,%])"  # beat Honduras 2-1
    r"|\b(?:" + _MONTH_RE + r")\.?\s+\d{1,2}(?:st|nd|rd|th)?\b(?!,?\s*(?:1[89]|20)\d\d)(?![.,]?\d)"
    r"|(?<![\w.,])\d{1,2}(?:st|nd|rd|th|º|°)?\s+(?:de\s+|of\s+)?(?:" + _MONTH_RE + r")\b(?!\.?,?\s*(?:de\s+|del\s+|of\s+)?(?:1[89]|20)\d\d)"
    r"|(?<![\w.,])\d{1,2}/\d{1,2}/\d{2,4}\b"                            # 15/07/2017
    r"|(?<![\w.,-])\d{1,2}-\d{1,2}-(?:1[89]|20)\d\d\b"                  # 04-03-2015
    r"|\b(?:noche|madrugada|mañana|manana|tarde|día|dia)\s+del\s+\d{1,2}\b(?![.,]\d)"  # "la noche del 22": a day
    r"|(?<![\w.,:])\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?|hrs?|h)?\b"  # 10:59, 6:10 PM
    r"|(?<![\w.,(])\d{1,2}\)(?=\s+[^\W\d_])"                         # "... y 2) la mayoría"

    r"|\(\d{1,2}\)(?=\s+[^\W\d_])",
    re.IGNORECASE)
#: Numbers that name rather than count: "Pillar Three", "Title 42", "Highway 286", the '72' shelter.
_NAMED_NUMBER_RE = re.compile(
    r"\b(?:Pillar|Pilar|Eje|Article|Artículo|Articulo|Chapter|Capítulo|Capitulo|Section|Sección|Seccion|Title|"
    r"Título|Titulo|Phase|Fase|Stage|Etapa|Level|Nivel|Highway|Route|Carretera|Ruta|Gate|Puerta|Terminal|Line|"
    r"Línea|Linea|Amendment|Enmienda|Round|Ronda|Proposition|Prop|"
    r"(?i:part|parte|episode|episodio|volume|volumen|season|temporada))"  # "part two of the series"
    r"\s+(?P<n>\d{1,4}\b|(?i:" + small_numbers_pattern({w: n for w, n in SMALL_NUMBERS.items() if len(w) > 2}) + r")\b)"
    r"|[\"'“‘«](?:the\s+|la\s+|el\s+|los\s+|las\s+)?(?P<q>\d{1,4})[\"'”’»]"
    r"|\b[A-ZÁÉÍÓÚÑ][a-záéíóúñ'’-]+,\s(?P<age>\d{1,3}),\s")  # "José Ramos, 22, was killed": an age
#: A list marker opening a sentence: "1)", "2.", "(3)", "a)".
_LIST_MARKER_RE = re.compile(r"^\s*(?:\(?\d{1,2}\)|\d{1,2}\.(?!\d)|[a-z]\))\s+", re.IGNORECASE)
_ORDINAL_AFTER = re.compile(r"(?:st|nd|rd|th|º|ª|°)\b|[/:]\d", re.IGNORECASE)
_UNIT_WORD_AFTER = re.compile(r"-?\s?(?:year|month|day|mile|km|percent|per)", re.IGNORECASE)
_SPACE_GROUPS = re.compile(r"\d{1,3}(?: \d{3})+")

# Ranges, hedges, labels, direction ---------------------------------------------------------------
_RANGE_GAP = re.compile(r"\s*(?:to|and|-|–|—|y|a|hasta)\s*(?:US\$|\$)?", re.IGNORECASE)
_RANGE_OPENER = re.compile(r"(?:between|from|entre|de)\s+$", re.IGNORECASE)
_RANGE_DASH = re.compile(r"\s*(?:to|-|–|—|a|hasta)\s*", re.IGNORECASE)
_OVER_UNDER = re.compile(r"(?:over|under|sobre)\b", re.IGNORECASE)
_HEDGE_AFTER_RE = re.compile(
    r"^(?:\s*(?:or so|or more|or fewer|or less|o más|o mas|o menos)\b|-?plus\b|\+)", re.IGNORECASE)
_HEDGE_WORD_RE = re.compile(r"[^\W\d_]+\.?")
_LETTERS = re.compile(r"[^\W\d_]+")
_CLAUSE_BREAK = re.compile(r"[,.;:()\[\]]")
_SPANISH_HINTS = frozenset(
    "el la los las de del en y que por para con una un fueron fue según segun entre desde hasta "
    "más mas casi alrededor menos millones personas migrantes año años".split())
_SPANISH_MARKS = re.compile(r"[ñ¿¡]|ción\b|ciones\b")
_NOT_LABELS = frozenset(
    "per month monthly year yearly annually week weekly day daily mes meses mensual mensuales ano anos anual "
    "anuales semana dia dias diarios diarias al cada each every average promedio on times veces".split()) | frozenset(MONTHS)
_LABEL_ENDS = frozenset(
    "of de del in en from for para por to a that que were was have has had fueron han and y who which "
    "into against on about with by contra sobre con at along across during durante while mientras since "
    "after despues before antes between entre when cuando ante bajo hacia tras over through throughout "
    "within until hasta".split())
_LEVEL_FILLERS = frozenset("from de desde in en the el la los las an a of average total promedio un una "
                           "around about some roughly nearly almost alrededor casi unos unas per each al por cada "
                           "month months year years week day mes meses ano anos semana dia".split()) | frozenset(MONTHS)
_LEVEL_LAST = _LEVEL_FILLERS | {"to", "a", "hasta"}
_DELTA_RE = re.compile(r"(?:\bby|\ben|\ban?\s+(?:increase|rise|drop|decrease|fall|jump|aumento|incremento|"
                       r"caída|caida|descenso|reducción|reduccion)\s+(?:of|de))\s+$", re.IGNORECASE)
#: "supera por más de 100 mil a ...", "outnumbered ... by 5,800": a difference, upward.
_EXCEEDS_BY_RE = re.compile(r"\b(?:supera|superan|superó|supero|rebasa|rebasan|rebasó|rebaso|exceeds|exceeded|"
                            r"outnumbers|outnumbered|tops|topped|surpasses|surpassed)\b[^,;.]{0,40}\b(?:por|by)\s+$",
                            re.IGNORECASE)
_MORE_THAN_AFTER_RE = re.compile(r"^\s+(more|fewer|less|additional|extra|más|mas|menos)\b(?=[^.;]*\b(?:than|que)\b)",
                                 re.IGNORECASE)

_HEDGE_PHRASES: dict[str, str] = {}
for _hedge, _phrases in HEDGES_BEFORE:
    for _phrase in _phrases.split("|"):
        if _phrase == "sobre":  # on, about a topic: not taken as a bound
            continue
        if _phrase.endswith("\\.?"):  # "approx\.?": with and without the dot
            _HEDGE_PHRASES[_phrase[:-3]] = _HEDGE_PHRASES[_phrase[:-3] + "."] = _hedge
        else:
            _HEDGE_PHRASES[_phrase.replace("\\", "")] = _hedge
_HEDGE_LAST_WORDS = frozenset([p.rsplit(" ", 1)[-1] for p in _HEDGE_PHRASES] + ["only", "solo", "sólo"])


class Reading(NamedTuple):
    """What a sentence says: its figures, its periods, and the words it uses."""

    text: str
    figures: tuple[Figure, ...]
    periods: tuple[Period, ...]
    #: Character spans of ``periods``, in the same order.
    period_spans: tuple[tuple[int, int], ...]
    #: (base, target) when the sentence compares two periods ("doubled from 2016 to 2017").
    comparison: tuple[Period, Period] | None
    #: Content words (folded, accents removed), in order, figures and periods left out.
    words: tuple[str, ...]
    #: The boundary a change is measured from ("tripled after July 2014"): not a figure's period.
    since: Period | None = None
    #: Relative periods the sentence names that no date resolves ("last year", "in that year").
    unresolved: tuple[str, ...] = ()
    #: Dates the sentence names that are no figure's period (``Periods.dates``): an event's day,
    #: a statement's date.
    dates: tuple[tuple[Period, bool], ...] = ()


# --------------------------------------------------------------------------------------------
# Reading a sentence
# --------------------------------------------------------------------------------------------

def _ascii_digits(text: str) -> str:
    """``text`` with every decimal digit of another script (fullwidth, Arabic-Indic, Devanagari ...)
    and fullwidth punctuation as its ASCII form, one character for one, so positions are kept.  A
    thousands separator of another kind between digits is a comma ("80'353", "٨٠٬٣٥٣", and an
    invisible one: "80\u200b353"); superscript digits are footnote marks, not digits ("80,353³")."""
    if "'" in text or "’" in text:
        text = _APOSTROPHE_GROUP_RE.sub(",", text)
    if text.isascii():
        return text
    out = []
    for k, ch in enumerate(text):
        if ch.isdecimal() and not ch.isascii():
            ch = str(unicodedata.decimal(ch))
        elif ch in _OTHER_GROUP_MARKS and 0 < k and text[k - 1].isdecimal() and _GROUP_AFTER_RE.match(text, k + 1):
            ch = ","
        elif ch == "\u066b" and 0 < k < len(text) - 1 and text[k - 1].isdecimal() and text[k + 1].isdecimal():
            ch = "."  # the Arabic decimal separator
        elif "\uff01" <= ch <= "\uff5e":  # fullwidth forms of ASCII punctuation and letters
            ch = chr(ord(ch) - 0xfee0)
        elif ch in "\u00a0\u202f\u2007\u2009":
            ch = " "
        out.append(ch)
    return "".join(out)


#: "80'353", "80’353" (Swiss copy): an apostrophe between a number and a group of three digits.
_APOSTROPHE_GROUP_RE = re.compile(r"(?<=\d)['’](?=\d{3}(?!\d))")
#: Arabic thousands separator; zero-width space, non-joiner, joiner, word joiner, soft hyphen, BOM.
_OTHER_GROUP_MARKS = frozenset("\u066c\u200b\u200c\u200d\u2060\u00ad\ufeff")
_GROUP_AFTER_RE = re.compile(r"\d{3}(?!\d)", re.UNICODE)


def read(text: str, today: dt.date | None = None, previous: Period | None = None) -> Reading:
    """Read every figure, period and content word of one sentence.

    ``today``: the date the document states (relative periods such as "last year" are resolved
    against it); ``previous``: the period of the sentence before ("in that year" stands for it).
    """
    original = text
    if not has_figure(text):  # most prose: no figure to read, only the periods and words the context needs
        words = [fold(w) for w in _LETTERS.findall(text)]
        found = find_periods(text, False, today, previous) if _TIME_WORDS.intersection(words) else None
        if found is None or not found.taken:  # (else the full reading below: same words, same periods)
            return Reading(original, (), (), (), None, tuple(words_of(original, [])), None, ())
    text = _ascii_digits(text)
    lowered = text.lower()
    change_words = any(fold(w) in CHANGE_WORDS for w in _LETTERS.findall(lowered))
    found = find_periods(text, change_words, today, previous)
    not_figures = [(m.start(), m.end()) for m in _NOT_FIGURES_RE.finditer(text)]
    for m in _NAMED_NUMBER_RE.finditer(text):
        group = "n" if m.group("n") else ("q" if m.group("q") else "age")
        not_figures.append((m.start(group), m.end(group)))
    marker = _LIST_MARKER_RE.match(text)
    if marker:
        not_figures.append((0, marker.end()))
    taken = found.taken + not_figures

    figures = multipliers(text)
    occupied = taken + [(f.start, f.end) for f in figures]
    raw = list(scaled_fractions(text, occupied))
    raw += fraction_numbers(text, occupied + [(s, e) for s, e, *_ in raw])
    raw += _digit_numbers(text, occupied + [(s, e) for s, e, *_ in raw])
    raw += _word_numbers(text, occupied + [(s, e) for s, e, *_ in raw])
    raw.sort()
    figures += [_figure(text, lowered, s, e, v, p, u, high) for s, e, v, p, u, high in _ranges(text, raw)]
    if _AVERAGE_RATE_RE.search(text):  # "the monthly average of joint operations slipped to 429"
        rate = "month" if re.search(r"month|mensual|mes", _AVERAGE_RATE_RE.search(text).group(), re.I) else "year"
        figures = [f._replace(per=rate) if f.unit == "count" and not f.per and not f.delta else f for f in figures]
    figures.sort(key=lambda f: (f.start, -f.end))
    kept: list[Figure] = []
    for f in figures:  # a number word inside another figure's text ("ciento" in "73 por ciento")
        if kept and kept[-1].start <= f.start and f.end <= kept[-1].end:
            continue
        kept.append(f)
    periods, spans = list(found.periods), list(found.spans)
    since = None
    if change_words or any(f.has_direction for f in kept):
        # "tripled after the program was announced in July 2014", "dropped from A to B after July
        # 2014": a boundary, not the figures' period
        keep = [i for i, (s, _) in enumerate(spans) if not AFTER_EVENT_RE.search(text[max(0, s - 60):s])]
        if len(keep) < len(spans):
            since = next(periods[i] for i in range(len(spans)) if i not in keep)
            periods, spans = [periods[i] for i in keep], [spans[i] for i in keep]
    unresolved = list(found.unresolved)
    if since is None:  # "10,000 a month since 2017": from then to the text's date, not the year 2017
        for i in [i for i, (s, _) in enumerate(spans) if _SINCE_RE.search(text[max(0, s - 30):s])][::-1]:
            p = periods[i]
            if today is not None and today > p.end:
                periods[i] = Period(p.start, today, f"since {p.text}")
            else:
                unresolved.append((*spans[i], f"since {p.text}"))
                del periods[i], spans[i]
    kept = _comparatives(text, _elided_labels(text, _shared_scales(_shared_rates(text, kept))))
    comparison = found.comparison or compared_with(text, periods, spans, kept, previous)
    kept = assign_periods(text, kept, periods, spans, comparison, tuple(sorted(unresolved)))
    if since is not None and since.months >= 12:  # "risen six-fold since 2014, to 14,596 in 2017": from 2014
        kept = [f._replace(base=since) if f.compares_times and f.base is None and f.period is not None
                and f.period.start > since.end else f for f in kept]
    words = words_of(original, [(f.start, f.end) for f in kept] + taken)
    return Reading(original, tuple(kept), tuple(periods), tuple(spans), comparison, tuple(words), since,
                   tuple(text for _, _, text in found.unresolved), found.dates)


#: What may stand between two figures of one list besides the first one's noun: "75 mil 45
#: guatemaltecos en 2015 a 56 mil 142 en 2016 y 33 mil 71 en 2017".
_LIST_GLUE = frozenset("in en a to y and e from de del of the el la los las during durante".split()) | frozenset(MONTHS)


def _elided_labels(text: str, figures: list[Figure]) -> list[Figure]:
    """A count with no noun of its own, in a list after one that has it, counts the same thing."""
    out = list(figures)
    for k in range(1, len(out)):
        f, prev = out[k], out[k - 1]
        if f.label or not prev.label or f.unit != "count" or prev.unit not in ("count", "people") \
                or f.per != prev.per or f.delta or prev.delta:
            continue
        between = [fold(w) for w in _LETTERS.findall(text[prev.end:f.start])]
        if all(w in _LIST_GLUE or w in prev.label for w in between):
            out[k] = f._replace(label=prev.label, unit=prev.unit)
    return out


#: Before a period a count runs on from: "since 2017", "desde enero de 2017", "a partir de 2016".
_SINCE_RE = re.compile(r"\b(?:since|desde|a\s+partir\s+de(?:l)?)\s+(?:(?:the\s+)?(?:start|beginning|end)\s+of\s+|"
                       r"(?:el\s+)?(?:inicio|principios|comienzo|finales|fines)\s+de(?:l)?\s+|el\s+|la\s+)?$",
                       re.IGNORECASE)


#: "fewer migrants between July 2014 and June 2015 — 168,280 — than in the year before", "menos
#: deportaciones en 2017 (80 mil 353) que el año anterior": a level compared with an earlier period.
_COMPARATIVE_RE = re.compile(
    r"\b(?P<cmp>fewer|less|more|menos|más|mas)\s+(?=[^\W\d_])(?!than\b|que\b|de\b|of\b)"
    r"(?P<span>[^.;]{3,120}?)\b(?:than|que)\s+(?:(?:in|during|en|durante)\s+)?(?:(?:the|el|la|lo)\s+)?"
    r"(?:year\s+before|previous\s+year|prior\s+year|preceding\s+year|same\s+period|a[ñn]o\s+(?:anterior|previo|pasado)"
    r"|mismo\s+periodo|(?:19|20)\d\d)\b", re.IGNORECASE)


def _comparatives(text: str, figures: list[Figure]) -> list[Figure]:
    """A count inside a comparative with an earlier period takes its direction."""
    spans = [(m.start("span"), m.end("span"), "down" if fold(m.group("cmp")) in ("fewer", "less", "menos") else "up")
             for m in _COMPARATIVE_RE.finditer(text)]
    if not spans:
        return figures
    out = []
    for f in figures:
        for start, end, direction in spans:
            if start <= f.start and f.end <= end and f.direction is None and f.unit in ("count", "people"):
                f = f._replace(direction=direction)
        out.append(f)
    return out


def _shared_rates(text: str, figures: list[Figure]) -> list[Figure]:
    """"from 125.8 a month to 429 a month after July 2014": a number followed by the rate another
    figure of the sentence has is a rate too."""
    rates = {f.per for f in figures if f.per}
    if not rates:
        return figures
    out = []
    for f in figures:
        if not f.per and f.unit in ("count", "people"):
            m = re.match(r"\s+(?:a|per|each|al|por|cada)\s+(month|year|week|day|mes|año|semana|día)\b", text[f.end:],
                         re.IGNORECASE)
            unit = _RATE_UNITS.get(fold(m.group(1))) if m else None
            if unit in rates:
                f = f._replace(per=unit)
            elif len(rates) == 1 and any(g.per and g.end <= f.start for g in figures) \
                    and SET_AGAINST_RE.search(text[max(0, f.start - 30):f.start]):
                f = f._replace(per=next(iter(rates)))  # "429 per month ..., up from 125.8": the same rate
        out.append(f)
    return out


_BARE_NUMBER_RE = re.compile(r"[0-9]+(?:[.,][0-9]+)?")


def _shared_scales(figures: list[Figure]) -> list[Figure]:
    """"20.8 millones de pesos, cuando en 2018 fue de 25.7 y en 2017 de 25.4 millones de pesos": a
    bare number among amounts of money, of the same size as their leading number, is an amount in
    their currency and scale, not a count."""
    amounts = []
    for g in figures:
        if g.unit in ("USD", "MXN"):
            m = _NUMBER_RE.search(g.text)
            scale = _SCALES.get((m.group("scale") or "").lower(), 1.0) if m else 1.0
            if scale >= 1e6 and g.value > 0:
                amounts.append((g, scale))
    if not amounts:
        return figures
    out = []
    for f in figures:
        if f.unit == "count" and not f.label and not f.per and not f.delta and _BARE_NUMBER_RE.fullmatch(f.text):
            near = [(abs(g.start - f.start), g, scale) for g, scale in amounts
                    if 0.1 <= f.value * scale / g.value <= 10]
            if near:
                _, g, scale = min(near, key=lambda x: x[0])
                f = f._replace(value=float(f"{f.value * scale:.12g}"), precision=f.precision * scale, unit=g.unit,
                               high=float(f"{f.high * scale:.12g}") if f.high is not None else None)
        out.append(f)
    return out


def _ranges(text: str, raw: list) -> list[tuple]:
    """Join "1,200 to 1,500", "between 1,200 and 1,500", "entre 1.200 y 1.500", "1,200-1,500"."""
    merged = []
    i = 0
    while i < len(raw):
        s, e, v, p, u = raw[i]
        high = None
        if i + 1 < len(raw):
            s2, e2, v2, p2, u2 = raw[i + 1]
            gap = text[e:s2]
            # "creció 12% a 39.3 millones": a change and the level it reached, not a range
            percent_to_other = ("percent" in (u, u2)) and u != u2 and u != "count"
            if _RANGE_GAP.fullmatch(gap) and v2 > v and not percent_to_other:
                opener = _RANGE_OPENER.search(text[max(0, s - 10):s])
                if u == "count" and u2 != "count":
                    u = u2
                    if u2 in ("USD", "MXN") and 0 < v < v2 / 100:  # "$75 to $88 million"
                        v *= 10 ** round(math.log10(v2 / v))
                if opener or _RANGE_DASH.fullmatch(gap):
                    high, e, p = v2, e2, min(p, p2)
                    s = s - (len(opener.group()) if opener else 0)
                    i += 1
        merged.append((s, e, v, p, u, high))
        i += 1
    return merged


def _figure(text: str, lowered: str, s: int, e: int, value: float, precision: float, unit: str,
            high: float | None) -> Figure:
    """A number read at ``text[s:e]``, with the unit, hedge, rate, direction and label around it."""
    after = _AFTER_UNIT_RE.match(text[e:e + 40])
    unit_end = e
    if after:
        kind = after.lastgroup
        if kind == "pct" and unit == "count":
            unit = "percent"
        elif kind == "pp":
            unit = "percentage-points" if unit in ("count", "percent") else unit
        elif kind == "usd" and unit == "count":
            unit = "USD"
        elif kind == "mxn" and unit in ("count", "USD"):
            unit = "MXN"
        elif kind == "miles" and unit == "count" and after.group("miles").lower().startswith(("mile", "milla")):
            unit = "miles"
        elif kind == "km" and unit == "count":
            unit = "kilometres"
        elif kind in ("years", "months", "days") and unit == "count":
            unit = kind
        if unit != "count" or kind in ("pct", "pp"):
            unit_end = e + after.end()
    hedge, hedge_start = _hedge_before(text, s)
    if unit in ("years", "months", "days") and hedge in (MORE_THAN, FEWER_THAN) \
            and _OVER_UNDER.match(text[hedge_start:s]):
        hedge, hedge_start = EXACT, s  # "over four years": during, not more than
    after_hedge = _HEDGE_AFTER_RE.match(text[unit_end:unit_end + 15])
    if after_hedge:
        w = after_hedge.group().strip().lower().lstrip("-")
        if hedge == EXACT:
            hedge = APPROXIMATE if w == "or so" else (AT_LEAST if w in ("or more", "o más", "o mas", "plus", "+")
                                                       else AT_MOST)
        unit_end += after_hedge.end()
    if high is not None:
        hedge = RANGE
    per = _rate_after(text, unit_end)
    direction = None
    delta = False
    if unit in ("percent", "percentage-points"):
        direction = _direction_near(text, hedge_start, unit_end)
    elif unit in ("count", "people", "USD", "MXN"):
        comparative = _MORE_THAN_AFTER_RE.match(text[unit_end:unit_end + 80])
        if comparative:  # "5,800 more asylum requests in 2017 than in 2016"
            delta = True
            direction = "up" if fold(comparative.group(1)) in ("more", "mas", "additional", "extra") else "down"
        elif _EXCEEDS_BY_RE.search(text[max(0, hedge_start - 60):hedge_start]):
            delta, direction = True, "up"
        elif _is_delta(text, hedge_start):
            direction = _direction_near(text, hedge_start, unit_end)
            delta = direction is not None
        else:
            direction = _level_direction(text, hedge_start)
    label = _label_after(text, unit_end)
    if not label or all(w.endswith(_PARTICIPLE_ENDS) for w in label):
        # "Among this year's applications are 4,721 filed by ...": the noun is the copula's subject
        before = _COPULA_SUBJECT_RE.search(text[max(0, hedge_start - 60):hedge_start])
        if before:
            label = (fold(before.group(1)), *label)
        else:  # "the number of Hondurans deported by Mexico reached 80,353": what the number is of
            window = max(0, hedge_start - 120)
            before = _NUMBER_OF_SUBJECT_RE.search(text[window:hedge_start])
            if before:
                noun = _label_after(text, window + before.start("noun") - 1)
                cut = next((k for k, w in enumerate(noun) if k and w.endswith(_PARTICIPLE_ENDS)), len(noun))
                label = noun[:cut]
    if unit == "percent" and not label:  # "4 percent of the crimes": a share of crimes
        of = re.match(r"\s+(?:of|de)\s+(?:the\s+|all\s+|los\s+|las\s+|el\s+|la\s+|its\s+|their\s+|sus\s+)?"
                      r"(?:[^\W\d_]+'s\s+|[^\W\d_]+’s\s+)?", text[unit_end:])
        if of:
            label = _label_after(text, unit_end + of.end())
    if unit == "count" and _counts_people(label):
        unit = "people"
    return Figure(value=value, unit=unit, hedge=hedge, high=high, per=per, direction=direction, label=label,
                  text=text[hedge_start:unit_end], start=hedge_start, end=unit_end, precision=precision, delta=delta)


#: "applications are 4,721", "las solicitudes fueron 8 mil": the noun a figure is the value of.
_COPULA_SUBJECT_RE = re.compile(
    r"\b([^\W\d_]{4,}s)\s+(?:are|were|totaled|totalled|numbered|reached|stood\s+at|came\s+to|fueron|son|"
    r"eran|sumaron|sumaban|alcanzaron|llegaron\s+a)\s+$", re.IGNORECASE)


#: "the number of deportees reached", "el número de solicitudes llegó a": the noun before the verb.
_NUMBER_OF_SUBJECT_RE = re.compile(
    r"\b(?:number|número|numero|cifra|total)\s+(?:of|de)\s+(?:the\s+|los\s+|las\s+)?(?P<noun>[^\W\d_]+)"
    r"[^.;:!?\d]{0,70}?\b(?:reached|was|were|rose|fell|climbed|dropped|grew|increased|decreased|stood\s+at|"
    r"totaled|totalled|hit|topped|came|fue|alcanzó|alcanzo|llegó|llego|ascendió|ascendio|sumó|sumo|creció|"
    r"crecio|subió|subio|bajó|bajo|aumentó|aumento|disminuyó|disminuyo)(?:\s+(?:to|a|de|en|at))?\s+$",
    re.IGNORECASE)
_PARTICIPLE_ENDS = ("ed", "ado", "ados", "adas", "ido", "idos", "idas")


def _counts_people(label: tuple[str, ...]) -> bool:
    """"1,200 migrants", "1,200 Central American migrants", "80 mil migrantes centroamericanos"."""
    for k, word in enumerate(label):
        if word in PEOPLE_WORDS:
            return all(stem(w) in DEMONYMS or w in _PEOPLE_QUALIFIERS for w in label[:k])
    return False


_PEOPLE_QUALIFIERS = frozenset("central south north latin american african asian undocumented irregular "
                               "unaccompanied foreign young other more new".split())


# --------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------

def _parse_digits(num: str, sep: str | None) -> tuple[float, float] | None:
    """Value and precision (rounding step) of a digit string; None when it is too long to be a figure."""
    num = num.replace("\u00a0", " ").replace("\u202f", " ")
    if sep:
        integer, decimals = num, ""
        other = "," if sep == "." else "."  # the other mark, after the last group, is the decimal mark
        if sep != " " and other in num:
            integer, decimals = num.rsplit(other, 1)
        elif sep == " " and re.search(r"[.,]\d+$", num):
            integer, decimals = re.split(r"[.,](?=\d+$)", num)
        digits = integer.replace(sep, "")
    else:
        digits, decimals = num, ""
        m = re.fullmatch(r"(\d+)[.,](\d+)", num)
        if m:
            digits, decimals = m.group(1), m.group(2)
    digits = digits.lstrip("0") or "0"
    if len(digits) > MAX_DIGITS or len(decimals) > MAX_DIGITS:
        return None
    if not decimals:
        stripped = digits.rstrip("0")
        return float(int(digits)), 10.0 ** (len(digits) - len(stripped) if stripped else 0)
    return float(f"{int(digits)}.{decimals}"), 10.0 ** -len(decimals)


def _digit_numbers(text: str, taken: list[tuple[int, int]]):
    """(start, end, value, precision, unit) for every number written in digits."""
    for m in _MIL_RE.finditer(text):  # "16 mil 278", "mil 296"
        if overlaps(m.start(), m.end(), taken):
            continue
        if m.group("k") is None and len(m.group("rest")) != 3:
            continue  # "mil 29": not how a number is written
        thousands = int(m.group("k")) if m.group("k") else 1
        taken = taken + [(m.start(), m.end())]
        rest = m.group("rest")  # "8 mil 800" is written to the hundred, as "8,800" is
        zeros = len(rest) - len(rest.rstrip("0")) if len(rest) == 3 and rest != "000" else 0
        yield m.start(), m.end(), thousands * 1000.0 + int(rest), float(10 ** zeros), "count"
    for m in _NUMBER_RE.finditer(text):
        num_start = m.start("num")
        if any(s <= num_start < e for s, e in taken):  # (most often a year: a period)
            continue
        start, end = m.start(), m.end()
        # identifiers and ordinals: H1N1, COVID-19, 21st, 3rd, 10:30, 1/2, No. 5
        prev = text[num_start - 1:num_start] if num_start else ""
        nxt = text[m.end("num"):m.end("num") + 2]
        if prev.isalpha() or prev in ("#", "/", ":") or (prev == "-" and text[num_start - 2:num_start - 1].isalpha()):
            continue
        if _ORDINAL_AFTER.match(nxt) or (nxt[:1].isalpha() and not m.group("scale") and nxt[:1] not in "kKmM"):
            if not _UNIT_WORD_AFTER.match(text[m.end("num"):m.end("num") + 10]):
                continue
        sep, num = m.group("sep"), m.group("num")
        if sep == " " and not _SPACE_GROUPS.fullmatch(num.split(".")[0].split(",")[0]):
            sep = None
        parsed = _parse_digits(num, sep)
        if parsed is None:
            continue
        value, precision = parsed
        scale = (m.group("scale") or "").lower()
        cur = (m.group("cur") or "").strip().upper()
        attached = scale in ("k", "m") and m.start("scale") == m.end("num")
        if scale in ("m", "k") and not cur and not (scale == "k" and attached):
            # "14.6K" is thousands; a bare "m" only counts after a currency sign.
            end = m.end("num") + (1 if m.group("pct") else 0)
            scale = ""
        if scale:
            factor = _SCALES.get(scale, 1.0)
            value = float(f"{value * factor:.12g}")  # "$4.1 billion" is 4,100,000,000, not 4,099,999,999.99
            precision = min(precision * factor, factor)
        if scale == "mdd":  # millones de dólares
            cur = "USD"
        elif scale == "mdp":  # millones de pesos
            cur = "MXN"
        unit = "count"
        if cur in ("$", "US$", "USD") or cur.startswith("U.S"):
            unit = "USD"
        elif cur in ("MXN", "MX$"):
            unit = "MXN"
        if m.group("pct"):
            unit = "percent"
        yield start, end, value, precision, unit


@lru_cache(maxsize=4096)
def _words_value(phrase: str, language: str) -> float | None:
    from text_to_num import text2num  # imported only for sentences that spell numbers out

    if phrase.lower() == "once" and language == "en":
        return None  # an English adverb, not the Spanish eleven
    for lang in (language, "es" if language == "en" else "en"):  # names mix the languages
        try:
            return float(text2num(phrase.lower(), lang))
        except (ValueError, TypeError):
            continue
    return None


def language_of(text: str) -> str:
    """"es" for Spanish copy, else "en" (a few function words or a Spanish spelling are enough)."""
    lowered = text.lower()
    hits = sum(1 for w in _LETTERS.findall(lowered) if w in _SPANISH_HINTS)
    return "es" if hits >= 2 or _SPANISH_MARKS.search(lowered) else "en"


def _word_numbers(text: str, taken: list[tuple[int, int]]) -> list:
    """Numbers written in words: "seventy-two", "setenta y dos", "two dozen", "three decades"."""
    out = []
    for m in _DOZEN_RE.finditer(text):
        if not overlaps(m.start(), m.end(), taken):
            n = SMALL_NUMBERS.get(m.group("n").lower(), 1)
            decade = fold(m.group("what")).startswith("decad")
            taken = taken + [(m.start(), m.end())]
            out.append((m.start(), m.end(), n * (10.0 if decade else 12.0), 1.0, "years" if decade else "count"))
    language = None
    for m in _NUMBER_WORDS_RE.finditer(text):
        phrase = m.group()
        folded = fold(phrase)
        if overlaps(m.start(), m.end(), taken) or folded in LONE_WORDS_SKIPPED or folded in BARE_SCALES:
            continue
        language = language or language_of(text)
        value = _words_value(re.sub(r"\s+", " ", phrase.replace("-", " ")), language)
        if value is not None:
            out.append((m.start(), m.end(), value, 1.0, "count"))
    return out


# --------------------------------------------------------------------------------------------
# Around a number: hedge, label, rate, direction
# --------------------------------------------------------------------------------------------

def _hedge_before(text: str, start: int) -> tuple[str, int]:
    """The hedge written just before a number ("about", "more than", "alrededor de") and where it starts."""
    window = text[max(0, start - 40):start]
    token = window.rsplit(None, 1)[-1] if window.strip() else ""
    last = re.search(r"[^\W\d_]+\.?$", token)
    if last is None or last.group().lower() not in _HEDGE_LAST_WORDS:
        return EXACT, start
    words = list(_HEDGE_WORD_RE.finditer(window))
    if not words or words[-1].end() != len(window.rstrip()) or window[words[-1].end():].strip():
        return EXACT, start
    lowered = [m.group().lower() for m in words]
    for size in range(min(5, len(words)), 0, -1):
        first = words[-size]
        phrase = " ".join(lowered[-size:])
        hedge = _HEDGE_PHRASES.get(phrase)
        if hedge is None and size >= 2 and lowered[-1] in ("only", "solo", "sólo"):
            hedge = _HEDGE_PHRASES.get(" ".join(lowered[-size:-1]))
        if hedge is not None:
            before = window[first.start() - 1:first.start()] if first.start() else ""
            if before and not (before.isspace() or before in "(“\"'—–-"):
                continue
            return hedge, start - (len(window) - first.start())
    return EXACT, start


_NUMBER_OF_RE = re.compile(r"^\s*(?:(?:el|la|the)\s+)?(?:número|numero|number|cifra|total|tally|count|monto|suma)\s+"
                           r"(?:de|of)\s+", re.IGNORECASE)


_SCALE_NOUN_END_RE = re.compile(r"(?:mill[oó]n|millones|millar|millares|medio)$", re.IGNORECASE)
_OF_AFTER_SCALE_RE = re.compile(r"\s+de\s")


def _label_after(text: str, end: int) -> tuple[str, ...]:
    """The words after a number that say what it counts: "383 reported crimes" -> (reported, crimes)."""
    out = []
    of = _OF_AFTER_SCALE_RE.match(text, end, end + 5)
    if of and _SCALE_NOUN_END_RE.search(text[max(0, end - 12):end]):
        end = of.end()  # "1.5 millones de personas", "millar y medio de migrantes"
    clause = _CLAUSE_BREAK.split(text[end:end + 60], maxsplit=1)[0]
    clause = _NUMBER_OF_RE.sub("", clause, count=1)  # "9 mil 512 el número de solicitudes": solicitudes
    for w in [fold(word) for word in _LETTERS.findall(clause)[:5]]:
        if w in _LABEL_ENDS:
            break
        if w in STOPWORDS or w in _NOT_LABELS:
            continue
        out.append(w)
        if len(out) == 3:
            break
    return tuple(out)


def _direction_near(text: str, start: int, end: int) -> str | None:
    sign = text[start - 1:start]
    if sign == "+" or (sign in ("−", "-") and text[start - 2:start - 1] in ("", " ", "(", ":")):
        return "up" if sign == "+" else "down"  # "+73%", "(-12%)"
    before = [fold(w) for w in _LETTERS.findall(text[max(0, start - 45):start])][-5:]
    after = [fold(w) for w in _LETTERS.findall(text[end:end + 30])][:3]
    for w in reversed(before):
        if w in UP_WORDS:
            return "up"
        if w in DOWN_WORDS:
            return "down"
    for w in after:
        if w in ("increase", "rise", "jump", "growth", "increment", "aumento", "incremento",
                 "crecimiento", "alza", "higher", "more", "mas", "mayor", "superior"):
            return "up"
        if w in ("decrease", "drop", "fall", "decline", "reduction", "disminucion", "caida",
                 "descenso", "reduccion", "lower", "less", "fewer", "menos", "menor", "inferior"):
            return "down"
    return None


def _level_direction(text: str, start: int) -> str | None:
    """"rose to 14,596", "rose to an average of 429", "fell from 8,796 in 2016 to 14,596": the
    series moved in that direction to reach this level."""
    before = [fold(w) for w in _LETTERS.findall(text[max(0, start - 100):start])][-12:]
    if not before or before[-1] not in _LEVEL_LAST:
        return None  # the word just before the level must be "to" or a filler ("rose to an average of")
    for i in range(len(before) - 1, -1, -1):
        if before[i] in ("to", "a", "hasta"):
            for word in reversed(before[:i]):
                if word in UP_WORDS:
                    return "up"
                if word in DOWN_WORDS:
                    return "down"
                if word not in _LEVEL_FILLERS and word not in ("to", "hasta", "went", "go", "goes", "going"):
                    return None
            return None
        if before[i] not in _LEVEL_FILLERS:
            return None
    return None


def _is_delta(text: str, start: int) -> bool:
    """"rose by 5,800", "an increase of 5,800": the number is a difference, not a level."""
    return bool(_DELTA_RE.search(text[max(0, start - 40):start]))


def _rate_after(text: str, end: int) -> str | None:
    """The rate after a number ("429 a month", "5/day", "125.8 mensuales")."""
    slash = _SLASH_RATE_RE.match(text[end:end + 12])
    if slash:
        word = fold(slash.group("rate"))
        return _SLASH_UNITS.get(word) or _RATE_UNITS.get(word)
    # the rate phrase follows within a few words, in the same clause: "429 joint operations a month"
    clause = _CLAUSE_BREAK.split(text[end:end + 100], maxsplit=1)[0].split()
    m = _RATE_RE.search(" ".join(clause[:12]))
    if not m or m.start() > len(" ".join(clause[:7])):
        return None
    return _RATE_UNITS.get(fold(m.group("rate").split()[-1]))


#: Words that may make a figure without a digit: number words, multipliers, fractions.
_NUMBERISH = frozenset(fold(w) for w in (set(_NUMBER_WORDS) - LONE_WORDS_SKIPPED)) | frozenset(MULTIPLIERS) | frozenset(
    "twice dozen dozens docena docenas decade decades decada decadas half halves third thirds quarter quarters "
    "fifth fifths tenth tenths mitad tercio tercios cuarto cuartos quinto quintos decimo decimos medio millar "
    "millares".split())


#: Words without which a sentence with no digit names no period.
_TIME_WORDS = frozenset(MONTHS) | frozenset(fold(w) for w in (
    "year years yearly month months week weeks quarter today yesterday decade decades año años mes meses "
    "semana semanas trimestre hoy ayer sexenio década décadas").split())


def has_figure(text: str) -> bool:
    """Cheap test: could the text state a figure (a digit, a number word, a multiplier, a fraction)?"""
    if any(ch.isdigit() for ch in text):
        return True
    return not _NUMBERISH.isdisjoint(fold(w) for w in _LETTERS.findall(text))
