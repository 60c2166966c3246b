"""Read the periods a sentence names, English and Spanish, and the table's ISO 8601 periods.

``find_periods(text, ...)`` returns a ``Periods``: each period the sentence names with its span,
the two periods a change compares ("from 2016 to 2017"), and the spans whose digits are no figure.

* Absolute: years ("2017", "2014-15"), months ("March 2015", "enero de 2018"), days, ranges
  ("between July 2014 and June 2015", "de 2011 a 2018"), "the year to June 2015", "the first
  three months of 2018".
* Relative, resolved against ``today`` (the date the document states; unknown for a lone
  sentence): "last year", "el año pasado", "this year", "over the last year", "last month",
  months without a year ("from January to May").
* Relative to another period of the sentence: "a year earlier", "the following year".
* Relative to the sentence before (``previous``): "that year", "en ese año", "in that period".

A single day ("said on March 3, 2015") dates a statement, not a figure, and so does a period
written right after a verb of saying or publishing ("said in March 2015", "publicado en 2016").
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import NamedTuple

from .model import Period
from .text import fold
from .vocabulary import (LONE_WORDS_SKIPPED, MONTHS, NUMBER_WORDS_EN, NUMBER_WORDS_ES, SMALL_NUMBERS,
                         SMALL_NUMBERS_EN, SMALL_NUMBERS_ES, small_numbers_pattern)

_NUMBER_WORDS = frozenset(fold(w) for w in NUMBER_WORDS_EN + NUMBER_WORDS_ES) - LONE_WORDS_SKIPPED

_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th|º|°)?"
#: Between the two days of a span of days: "22 y 23 de agosto", "del 22 al 23", "22-23 August", "August 22 and 23".
_DAY_JOIN = r"(?:y|al|a|-|–|and|to|through|or|o)"
_DATE_ATOM_RE = re.compile(
    r"(?<![\w$.,])(?:"
    rf"(?:(?P<d0>{_DAY})\s*{_DAY_JOIN}\s*(?:el\s+)?)?(?P<d1>{_DAY})\s+(?:de\s+)?(?P<m1>{_MONTH_RE})\.?,?\s*"
    rf"(?:de\s+|del\s+|of\s+)?(?P<y1>{_YEAR})"
    rf"|(?P<m2>{_MONTH_RE})\.?\s+(?P<d2>{_DAY})(?:\s*{_DAY_JOIN}\s*(?P<d2b>{_DAY}))?,?\s+(?P<y2>{_YEAR})"
    rf"|(?P<m3>{_MONTH_RE})\.?,?\s*(?:de\s+|del\s+|of\s+)?(?P<y3>{_YEAR})"
    rf"|(?P<m4>{_MONTH_RE})\b\.?"
    rf"|(?P<y4>{_YEAR})(?:[–-](?P<y4b>\d{{2}}|{_YEAR}))?"
    r")(?![\w%]|[.,]\d)", re.IGNORECASE)
_ISO_DATE_RE = re.compile(r"(?<![\w.,/-])(?P<y>1[89]\d\d|2\d{3})-(?P<m>\d\d)-(?P<d>\d\d)(?![\w-]|[.,]\d)")
_TWELVE_MONTHS_RE = re.compile(
    rf"(?:the\s+|in\s+the\s+|los\s+|el\s+)?(?:year|twelve months|12 months|12-month period|fiscal year|"
    rf"doce meses|12 meses|año)\s+(?:to|ending(?:\s+in)?|ended(?:\s+in)?|through|up to|until|before|prior to|"
    rf"leading up to|hasta|terminado en|previo a|anterior a|antes de|a)\s+(?P<m>{_MONTH_RE})\.?\s*"
    rf"(?:de\s+|of\s+)?(?P<y>{_YEAR})", re.IGNORECASE)
_YEAR_TO_RE = re.compile(
    rf"\b(?:hasta|through|by|as\s+of|up\s+to|al\s+cierre\s+de|a\s+finales\s+de)\s+(?:(?:el\s+)?(?:mes\s+de\s+)?)"
    rf"(?:(?P<part>early|mid|late|principios\s+de|inicios\s+de|mediados\s+de|finales\s+de|fines\s+de)[-\s]+)?"
    rf"(?P<m>{_MONTH_RE})\.?\s*(?:de\s+|del\s+|of\s+)?(?P<y>{_YEAR})", re.IGNORECASE)
_FIRST_MONTHS_RE = re.compile(
    rf"(?:the\s+|los\s+)?(?:first|primeros)\s+(?P<n>two|three|four|five|six|seven|eight|nine|ten|eleven|"
    rf"[2-9]|1[01]|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once)\s+(?:months|meses)\s+(?:of|de|del)\s+"
    rf"(?:(?P<y>{_YEAR})|(?P<this>this\s+year|este\s+a[ñn]o))", re.IGNORECASE)
#: "the first half of 2017", "el primer semestre de 2017", "the last quarter of 2017", "el tercer
#: trimestre de 2017", "Q3 2017", "H1 2017": a part of a year.
_PART_OF_YEAR_RE = re.compile(
    rf"(?:the\s+|el\s+)?(?:(?P<nth>first|second|third|fourth|last|final|primer|primero|segundo|tercer|tercero|"
    rf"cuarto|último|ultimo)\s+(?P<part>half|quarter|semestre|trimestre|cuatrimestre)\s+(?:of\s+|de\s+|del\s+)?"
    rf"|(?P<q>[QH])(?P<qn>[1-4])\s+)(?P<y>{_YEAR})", re.IGNORECASE)
_NTH = {"first": 1, "primer": 1, "primero": 1, "second": 2, "segundo": 2, "third": 3, "tercer": 3, "tercero": 3,
        "fourth": 4, "cuarto": 4}
_SMALL = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
          "eleven": 11, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9,
          "diez": 10, "once": 11}
_RANGE_JOIN_RE = re.compile(
    r"^\s*(?:and|to|through|until|till|thru|y|a|al|hasta|–|—|-)\s*(?:the\s+|el\s+|los\s+)?"
    r"(?:(?:mid|early|late)[- ]|(?:mediados|principios|finales|fines) de\s+)?$", re.IGNORECASE)
_THIS_YEAR_AFTER_RE = re.compile(r"\.?\s*(?:(?:of|de|del)\s+(?:this|the\s+current|este|el\s+presente)\s+(?:year|a[ñn]o)"
                                 r"|del\s+a[ñn]o\s+en\s+curso)\b", re.IGNORECASE)
_RANGE_ASIDE_RE = re.compile(r"^,\s*[^,;.\d]{1,40},\s*(?:al|to|until|through|hasta|a|and|y)\s+(?:the\s+|el\s+)?"
                             r"(?:(?P<day>\d{1,2})\s+(?:de\s+|of\s+)?)?$", re.IGNORECASE)
_RANGE_OPEN_RE = re.compile(r"(?:between|from|entre|de|desde|del)\s+(?:the\s+|el\s+|los\s+)?$", re.IGNORECASE)
_YEAR_PREFIX_RE = re.compile(
    r"(?:\b(?:in|since|of|during|for|by|until|till|to|from|between|and|through|year|years|fiscal|"
    r"the|en|de|del|desde|hasta|durante|entre|y|a|al|año|años|el|mid|early|late|circa)\s*|[(,–-]\s*|['’]s\s+)$",
    re.IGNORECASE)
_COUNT_NOUN_AFTER_RE = re.compile(
    r"^\s+(?:more\s+|new\s+|other\s+)?(?:people|persons|migrants|refugees|children|women|men|"
    r"complaints|cases|requests|petitions|applications|deportations|detentions|arrests|"
    r"personas|migrantes|refugiados|niños|mujeres|quejas|casos|solicitudes|[a-z]+s)\b", re.IGNORECASE)
#: "the past twelve months" and the like, when no date says which: their digits are no figure.
_ROLLING_RE = re.compile(
    r"\b(?:over|in|during|for|within)\s+(?:the\s+)?(?:last|past)\s+year\b"
    r"|\b(?:over|during)\s+the\s+(?:previous|preceding|prior)\s+year\b"
    r"|\b(?:the\s+)?past\s+year\b"
    r"|\b(?:(?:over|in|during|for|within)\s+)?(?:the\s+)?(?:previous|past|last|preceding|prior)\s+(?:twelve|12)\s+months\b"
    r"|\b(?:durante\s+|en\s+)?(?:los\s+)?(?:últimos|ultimos)\s+(?:doce|12)\s+meses\b"
    r"|\b(?:durante\s+|en\s+)?el\s+(?:último|ultimo)\s+año\b", re.IGNORECASE)
#: "the next twelve months": a forecast's span; its digits are no figure either.
_AHEAD_RE = re.compile(r"\b(?:the\s+)?(?:following|next|coming)\s+(?:twelve|12)\s+months\b"
                       r"|\b(?:los\s+)?(?:próximos|proximos)\s+(?:doce|12)\s+meses\b", re.IGNORECASE)
#: "two years ago", "hace dos años", "a year ago": a year counted back from the document's date.
_AGO_RE = re.compile(
    r"\b(?P<n>[0-9]{1,2}|" + small_numbers_pattern(SMALL_NUMBERS_EN) + r")\s+years?\s+ago\b"
    r"|\bhace\s+(?P<m>[0-9]{1,2}|" + small_numbers_pattern(SMALL_NUMBERS_ES) + r")\s+(?:años|anos|año|ano)\b",
    re.IGNORECASE)
#: Calendar periods named from the document's date.
_CALENDAR_RE = re.compile(
    r"\b(?P<last_year>last\s+year|el\s+(?:año|ano)\s+pasado|el\s+pasado\s+(?:año|ano)|del\s+(?:año|ano)\s+pasado"
    r"|el\s+ejercicio\s+(?:previo|anterior|pasado))\b"
    r"|\b(?P<this_year>(?:so\s+far\s+)?this\s+year|este\s+(?:año|ano)|en\s+lo\s+que\s+va\s+(?:del|de\s+este)\s+(?:año|ano)"
    r"|el\s+presente\s+(?:año|ano)|the\s+current\s+year)\b"
    r"|\b(?P<next_year>next\s+year|el\s+(?:próximo|proximo)\s+(?:año|ano)|el\s+(?:año|ano)\s+(?:próximo|proximo)"
    r"|el\s+(?:año|ano)\s+que\s+viene)\b"
    r"|\b(?P<last_month>last\s+month|el\s+mes\s+pasado|el\s+pasado\s+mes)\b"
    r"|\b(?P<this_month>this\s+month|este\s+mes)\b"
    # "this past June", "last June", "el pasado junio", "en junio pasado": the latest June before the text's date
    rf"|\b(?P<past_month>(?:this\s+past|last)\s+(?:{_MONTH_RE})|el\s+pasado\s+(?:mes\s+de\s+)?(?:{_MONTH_RE})"
    rf"|(?:{_MONTH_RE})\s+pasado)\b", re.IGNORECASE)
_DATELINE_DASH_RE = re.compile(r"\s[—–]{1,2}\s")
_DATELINE_WORDS = frozenset("de del of".split())


def dateline_end(text: str) -> int:
    """Where an inline dateline ends ("MEXICO CITY (AP) — ", "Tapachula, Chiapas, 2 de abril de 2018 — "):
    names, numbers, months and an agency in parentheses before a dash; 0 when the text opens with none.
    The place a story is filed from is not what its figures are about."""
    m = _DATELINE_DASH_RE.search(text, 0, 90)
    if m is None or m.start() < 2:
        return 0
    words = re.sub(r"\([^)]*\)", " ", text[:m.start()]).replace(",", " ").split()
    if not words or words[0] in ("La", "El", "Los", "Las", "The", "A", "An", "Un", "Una"):
        return 0
    for w in words:
        w = w.strip(".'’")
        if not w or not (w[:1].isupper() or w.isdigit() or w.lower() in MONTHS or w.lower() in _DATELINE_WORDS):
            return 0
    return m.end()


#: Times a sentence names by an office or an event rather than a date.
_TERM_RE = re.compile(
    r"\b(?:(?:al|el)\s+(?:inicio|principio|comienzo|arranque|final|cierre)\s+(?:de|del)\s+)?"
    r"(?:este|el\s+actual|el\s+anterior|el\s+pasado|el\s+último|el\s+ultimo|ese)\s+(?:sexenio|gobierno|mandato|"
    r"administración|administracion)\b"
    r"|\b(?:at\s+the\s+(?:start|beginning|end)\s+of\s+)?(?:this|the\s+current|the\s+previous|the\s+last|that)\s+"
    r"(?:administration|government|term)\b", re.IGNORECASE)
#: Periods that stand for the one the sentence before named.
_ANAPHORIC_RE = re.compile(
    r"\b(?:(?:in|during|over|for)\s+)?(?:that|the\s+same)\s+(?:same\s+)?(?:year|period)\b"
    r"|\b(?:en\s+|durante\s+)?(?:ese|aquel|dicho|el\s+mismo)\s+(?:mismo\s+)?(?:año|ano|periodo|período|lapso)\b",
    re.IGNORECASE)
_YEAR_EARLIER_RE = re.compile(
    r"\b(?:a year (?:earlier|before)|the (?:previous|prior|preceding) (?:year|12-month period|twelve-month period)|"
    r"the year before|un año antes|el año anterior|el año previo|el periodo anterior|el período anterior)\b",
    re.IGNORECASE)
_WHOLE_YEAR_RE = re.compile(r"(?:previous|prior|preceding|following|next)\s+year|year\s+before|"
                            r"a[ñn]o\s+(?:anterior|previo|siguiente)", re.IGNORECASE)
_YEAR_LATER_RE = re.compile(
    r"\b(?:the (?:following|next) year|a year later|al (?:año|ano) siguiente|el (?:año|ano) siguiente|"
    r"un (?:año|ano) (?:después|despues|más tarde|mas tarde))\b", re.IGNORECASE)
#: A period right after a verb of saying or publishing dates the statement, not the figure.
_STATEMENT_BEFORE_RE = re.compile(
    r"\b(?:said|says|told|reported|announced|stated|published|released|issued|wrote|added|explained|"
    r"dijo|informó|informo|señaló|senalo|declaró|declaro|anunció|anuncio|publicó|publico|publicado|"
    r"publicada|reportó|reporto|indicó|indico|afirmó|afirmo|explicó|explico|presentado|presentada|"
    r"dio a conocer|dado a conocer)\s+(?:on|in|en|el|el\s+pasado)?\s*$", re.IGNORECASE)
#: "after the program was announced in July 2014": a boundary a change is measured from.
AFTER_EVENT_RE = re.compile(r"\b(?:after|since|following(?!\s+(?:year|years|month|months|week|weeks|day|days)\b)|tras|"
                            r"desde|después de|despues de)\s+(?:[^\s,;.\d]+\s+){0,8}$",
                            re.IGNORECASE)
#: Words of an attribution clause: a period there dates the report or the statement, not the
#: figure ("..., according to a November 2015 WOLA report", "De acuerdo con datos difundidos en
#: 2014, ...", "..., officials told a Senate hearing in May 2015").
_ATTRIBUTION_RE = re.compile(
    r"\b(?:according\s+to|said|says|told|tells|reported|announced|stated|published|released|issued|obtained|"
    r"speaking|testified|wrote|según|segun|de\s+acuerdo\s+con|dijo|dice|informó|informo|señaló|senalo|declaró|"
    r"declaro|anunció|anuncio|publicó|publico|publicado|publicada|publicados|difundidos|difundidas|difundido|"
    r"difundida|obtenidos|obtenidas|reportó|reporto|indicó|indico|afirmó|afirmo|explicó|explico|presentado|"
    r"presentada|dio\s+a\s+conocer|dados?\s+a\s+conocer|hablando|en\s+un\s+informe|in\s+a\s+report)\b",
    re.IGNORECASE)
_CLAUSE_RE = re.compile(r"[,;:—–()]|\bthat\b|\bque\b", re.IGNORECASE)
_SINGLE_MONTH_BEFORE_RE = re.compile(r"\b(?:in|en|during|durante|since|desde|of|de|del)\s+$", re.IGNORECASE)


class Periods(NamedTuple):
    """What ``find_periods`` found."""

    #: Periods, in the order they appear, and their spans (same order).
    periods: list[Period]
    spans: list[tuple[int, int]]
    #: (base, target) when the sentence compares two periods ("doubled from 2016 to 2017").
    comparison: tuple[Period, Period] | None
    #: Character spans whose digits are not figures (every period read, resolved or not).
    taken: list[tuple[int, int]]
    #: Relative periods no date resolves ("last year" in a sentence without a date, "al inicio de
    #: este sexenio"): (start, end, text).
    unresolved: tuple[tuple[int, int, str], ...] = ()
    #: Dates that are no figure's period: single days ("On 5 March 2016") and the dates of
    #: statements ("said in March 2015"), each with True when it dates a statement.
    dates: tuple[tuple[Period, bool], ...] = ()


class _Atom(NamedTuple):
    start: int
    end: int
    begin: dt.date | None  # None when only a month is known (year from the next atom, or today)
    finish: dt.date | None
    month: int = 0
    year_only: bool = False
    whole_year_span: bool = False  # "the year to June 2014"


@lru_cache(maxsize=4096)
def month_end(year: int, month: int) -> dt.date:
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


def shift_year(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _looks_like_year(text: str, start: int, end: int) -> bool:
    """A bare 4-digit number 1800-2099 is a year unless it counts something ("2000 migrants")."""
    after = text[end:end + 30]
    if _COUNT_NOUN_AFTER_RE.match(after) and not _YEAR_PREFIX_RE.search(text[max(0, start - 12):start]):
        return False
    return True


_MONTH_OF_YEAR_RE = re.compile(
    rf"(?P<m>{_MONTH_RE})\.?\s+(?:of|de|del)\s+(?P<rel>this\s+year|last\s+year|next\s+year|este\s+a[ñn]o|"
    rf"el\s+a[ñn]o\s+pasado|el\s+pasado\s+a[ñn]o|a[ñn]o\s+pasado|el\s+pr[óo]ximo\s+a[ñn]o)\b", re.IGNORECASE)


def _relative_month_atoms(text: str, today: dt.date) -> list[_Atom]:
    """"July of last year", "junio de este año": a month of a year named from the document's date."""
    atoms = []
    for m in _MONTH_OF_YEAR_RE.finditer(text):
        rel = fold(m.group("rel"))
        year = today.year + (-1 if "last" in rel or "pasado" in rel else 1 if "next" in rel or "proximo" in rel else 0)
        month = MONTHS[m.group("m").lower().rstrip(".")]
        atoms.append(_Atom(m.start(), m.end(), dt.date(year, month, 1), month_end(year, month), month=month))
    return atoms


def _atoms(text: str, today: dt.date | None = None) -> list[_Atom]:
    atoms: list[_Atom] = _relative_month_atoms(text, today) if today is not None else []
    for m in _TWELVE_MONTHS_RE.finditer(text):
        month, year = MONTHS[m.group("m").lower().rstrip(".")], int(m.group("y"))
        begin = dt.date(year - 1 if month != 12 else year, month % 12 + 1, 1)
        atoms.append(_Atom(m.start(), m.end(), begin, month_end(year, month), whole_year_span=True))
    for m in _YEAR_TO_RE.finditer(text):  # "hasta septiembre de 2021": January to September 2021
        if any(a.start < m.end() and m.start() < a.end for a in atoms):
            continue
        month, year = MONTHS[m.group("m").lower().rstrip(".")], int(m.group("y"))
        end = month_end(year, month)
        part = fold(m.group("part") or "").split()[0] if m.group("part") else ""
        if part in ("early", "principios", "inicios"):
            end = end.replace(day=10)  # "by early September 2021": into its first days
        elif part in ("mid", "mediados"):
            end = end.replace(day=20)
        atoms.append(_Atom(m.start(), m.end(), dt.date(year, 1, 1), end))
    for m in _PART_OF_YEAR_RE.finditer(text):
        if m.group("q"):
            months, n = (3 if m.group("q").upper() == "Q" else 6), int(m.group("qn"))
            if months == 6 and n > 2:
                continue
        else:
            part = m.group("part").lower()
            months = {"half": 6, "semestre": 6, "quarter": 3, "trimestre": 3, "cuatrimestre": 4}[part]
            nth = fold(m.group("nth"))
            n = 12 // months if nth in ("last", "final", "ultimo") else _NTH[nth]
            if n > 12 // months:
                continue
        year = int(m.group("y"))
        atoms.append(_Atom(m.start(), m.end(), dt.date(year, months * (n - 1) + 1, 1), month_end(year, months * n)))
    for m in _FIRST_MONTHS_RE.finditer(text):
        n = m.group("n").lower()
        count = int(n) if n.isdigit() else _SMALL[n]
        if m.group("y") is None and today is None:
            continue  # "the first nine months of this year", in a text with no date
        year = int(m.group("y")) if m.group("y") else today.year
        atoms.append(_Atom(m.start(), m.end(), dt.date(year, 1, 1), month_end(year, count)))
    for m in _ISO_DATE_RE.finditer(text):  # "2018-06-12": a day (a year and a month alone may be "2010-11")
        try:
            day = dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        except ValueError:
            continue
        atoms.append(_Atom(m.start(), m.end(), day, day, month=day.month))
    occupied = [(a.start, a.end) for a in atoms]
    for m in _DATE_ATOM_RE.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in occupied):
            continue
        g = m.groupdict()
        if g["y1"] or g["y2"]:
            month = MONTHS[(g["m1"] or g["m2"]).lower().rstrip(".")]
            days = [int("".join(c for c in d if c.isdigit())) for d in (g["d0"] or g["d1"] or g["d2"],
                                                                       g["d1"] or g["d2b"] or g["d2"])]
            try:
                first, last = (dt.date(int(g["y1"] or g["y2"]), month, d) for d in days)
            except ValueError:
                continue
            if last < first:
                continue
            atoms.append(_Atom(m.start(), m.end(), first, last, month=month))
        elif g["y3"]:
            month, year = MONTHS[g["m3"].lower().rstrip(".")], int(g["y3"])
            atoms.append(_Atom(m.start(), m.end(), dt.date(year, month, 1), month_end(year, month), month=month))
        elif g["m4"]:
            atoms.append(_Atom(m.start(), m.end(), None, None, month=MONTHS[g["m4"].lower().rstrip(".")]))
        elif g["y4"]:
            if not _looks_like_year(text, m.start(), m.end()):
                continue
            year = last = int(g["y4"])
            if g["y4b"]:
                tail = g["y4b"]
                last = int(tail) if len(tail) == 4 else (year // 100) * 100 + int(tail)
                last = max(last, year)
            atoms.append(_Atom(m.start(), m.end(), dt.date(year, 1, 1), dt.date(last, 12, 31), year_only=True))
    atoms.sort(key=lambda a: a.start)
    return atoms


_SPOKE_AFTER_RE = re.compile(
    r"^[^.;\d]{0,60}?\b(?:said|says|told|reported|announced|stated|dijo|informó|informo|señaló|senalo|declaró|"
    r"declaro|anunció|anuncio|reportó|reporto|indicó|indico|afirmó|afirmo|explicó|explico|detalló|detallo)\s+(?:that|que)\b",
    re.IGNORECASE)


def _in_attribution(text: str, start: int, end: int) -> bool:
    """Is ``text[start:end]`` in a clause that attributes the figure and holds no number of its own?"""
    bounds = [m for m in _CLAUSE_RE.finditer(text)]
    left = max([m.end() for m in bounds if m.end() <= start], default=0)
    right = min([m.start() for m in bounds if m.start() >= end], default=len(text))
    clause = text[left:right]
    if not _ATTRIBUTION_RE.search(clause):
        return False
    others = clause[:start - left] + clause[end - left:]
    return not any(ch.isdigit() for ch in others) and _NUMBER_WORDS.isdisjoint(
        fold(w) for w in re.findall(r"[^\W\d_]+", others))


def _month_year(month: int, today: dt.date) -> int:
    """The year of a month named without one, in a document dated ``today``: this year's, unless
    that month is still to come."""
    return today.year if month <= today.month else today.year - 1


def find_periods(text: str, change_words: bool = False, today: dt.date | None = None,
                 previous: Period | None = None) -> Periods:
    """The periods of ``text`` (see the module's docstring).  ``change_words``: the sentence has
    a direction word, so two whole years joined by a range are a comparison ("rose from 2016 to
    2017"), not one span."""
    atoms = _atoms(text, today)
    # The date of a statement in the sentence ("said on March 3, 2015 that ... over the last year")
    # is what its relative periods count from; else the document's date.
    statements = {a.start for a in atoms if a.begin is not None and (
        _STATEMENT_BEFORE_RE.search(text[max(0, a.start - 30):a.start]) or _in_attribution(text, a.start, a.end)
        or _SPOKE_AFTER_RE.match(text[a.end:]))  # "En noviembre de 2015, la CNDH informó que ..."
        and not AFTER_EVENT_RE.search(text[max(0, a.start - 60):a.start])}
    stated = [a.finish for a in atoms if a.begin is not None and (a.finish - a.begin).days < 31
              and (a.begin == a.finish or a.start in statements)]
    if stated and stated[-1] != today:
        today = stated[-1]
        atoms = _atoms(text, today)
    taken: list[tuple[int, int]] = []
    unresolved: list[tuple[int, int, str]] = []  # times no date in the text can place
    found: list[tuple[int, int, Period]] = []
    dates: list[tuple[Period, bool]] = []
    comparison = None
    i = 0
    while i < len(atoms):
        a = atoms[i]
        if i + 1 < len(atoms):
            b = atoms[i + 1]
            # "del 26 de noviembre del 2017, día de la votación, al 27 de enero": an aside between
            aside = _RANGE_ASIDE_RE.match(text[a.end:b.start])
            if aside and not _RANGE_OPEN_RE.search(text[max(0, a.start - 16):a.start]):
                aside = None
            joined = _RANGE_JOIN_RE.match(text[a.end:b.start]) or aside
            this_year = _THIS_YEAR_AFTER_RE.match(text, b.end) if b.begin is None else None
            if joined and this_year and today is None:
                # "from July 2014 to June of this year", in a text with no date: cannot be placed
                opener = _RANGE_OPEN_RE.search(text[max(0, a.start - 16):a.start])
                start = a.start - (len(opener.group()) if opener else 0)
                unresolved.append((start, this_year.end(), text[start:this_year.end()].strip()))
                taken.append((start, this_year.end()))
                i += 2
                continue
            if joined and (b.begin is not None or (today and b.month) or (a.begin is not None and b.month)):
                b_begin, b_finish = b.begin, b.finish
                if b_begin is None and this_year and (a.begin is None or dt.date(today.year, b.month, 1) >= a.begin):
                    b_begin, b_finish = dt.date(today.year, b.month, 1), month_end(today.year, b.month)
                elif b_begin is None and a.begin is not None:  # "from 26 November 2017 to 27 January": the next January
                    year = a.begin.year if b.month >= a.begin.month else a.begin.year + 1
                    b_begin, b_finish = dt.date(year, b.month, 1), month_end(year, b.month)
                    day = aside.group("day") if aside else None
                    if day and int(day) <= b_finish.day:
                        b_begin = b_finish = b_finish.replace(day=int(day))
                elif b_begin is None:  # "from January to May", in a dated document
                    year = _month_year(b.month, today)
                    b_begin, b_finish = dt.date(year, b.month, 1), month_end(year, b.month)
                begin = a.begin
                if begin is None:  # "January and February of 2018": the year of the second atom
                    year = b_begin.year if a.month <= b_begin.month else b_begin.year - 1
                    begin = dt.date(year, a.month, 1)
                opener = _RANGE_OPEN_RE.search(text[max(0, a.start - 16):a.start])
                start = a.start - (len(opener.group()) if opener else 0)
                whole_a = a.whole_year_span or a.year_only
                whole_b = b.whole_year_span or b.year_only
                mid = re.search(r"(?:mid|mediados\s+de)[- ]?\s*$", text[max(0, a.start - 14):a.start], re.IGNORECASE) \
                    and re.search(r"(?:mid|mediados\s+de)[- ]?\s*$", text[a.end:b.start], re.IGNORECASE)
                if mid and a.year_only and b.year_only:  # "between mid-2014 and mid-2015": July to June
                    found.append((start, b.end, Period(dt.date(begin.year, 7, 1), dt.date(b_begin.year, 6, 30),
                                                        text[start:b.end].strip())))
                elif whole_a and whole_b and change_words and begin < b_begin:
                    base = Period(begin, a.finish or month_end(begin.year, 12), text[a.start:a.end])
                    target = Period(b_begin, b_finish, text[b.start:b.end])
                    comparison = (base, target)
                    found.append((start, b.end, target))
                    found.append((a.start, a.end, base))
                elif begin <= b_finish:
                    found.append((start, b.end, Period(begin, b_finish, text[start:b.end].strip())))
                taken.append((start, b.end))
                i += 2
                continue
        if a.begin is not None:
            # A single day dates a statement; so does a period right after "said in".
            period = Period(a.begin, a.finish, text[a.start:a.end])
            if a.begin != a.finish and a.start not in statements:
                found.append((a.start, a.end, period))
            else:
                dates.append((period, a.start in statements))
            taken.append((a.start, a.end))
        elif today is not None and a.month and _SINGLE_MONTH_BEFORE_RE.search(text[max(0, a.start - 10):a.start]) \
                and text[a.start:a.end].lower() not in ("may", "mar"):
            year = _month_year(a.month, today)
            found.append((a.start, a.end, Period(dt.date(year, a.month, 1), month_end(year, a.month),
                                                  text[a.start:a.end])))
            taken.append((a.start, a.end))
        i += 1
    for m in _ROLLING_RE.finditer(text):
        taken.append((m.start(), m.end()))
        if previous is not None and not found and not any(e <= m.start() for _, e, _ in unresolved) \
                and re.search(r"previous|preceding|prior", m.group(), re.IGNORECASE):
            # "That was 73 percent more than in the previous twelve months": before the period the
            # sentence before named
            found.append((m.start(), m.end(), Period(shift_year(previous.start, -1), shift_year(previous.end, -1),
                                                      m.group())))
            continue
        if today is None:
            unresolved.append((m.start(), m.end(), m.group()))
        if today is not None and not any(s < m.end() and m.start() < e for s, e, _ in found):
            found.append((m.start(), m.end(), Period(shift_year(today, -1) + dt.timedelta(days=1), today,
                                                      m.group())))
    taken += [(m.start(), m.end()) for m in _AHEAD_RE.finditer(text)]
    for m in _CALENDAR_RE.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        if m.lastgroup == "this_year" and re.search(rf"(?:{_MONTH_RE})\.?\s+(?:of|de|del)\s+$", text[max(0, m.start() - 16):m.start()],
                                                    re.IGNORECASE):
            taken.append((m.start(), m.end()))  # "June of this year": the year of that month, read above
            continue
        taken.append((m.start(), m.end()))
        if today is None:
            unresolved.append((m.start(), m.end(), m.group()))
            continue
        kind, year = m.lastgroup, today.year
        if kind == "last_year":
            period = Period(dt.date(year - 1, 1, 1), dt.date(year - 1, 12, 31), m.group())
        elif kind == "this_year":  # the year to the document's date: a count "this year" is not the year's
            period = Period(dt.date(year, 1, 1), today, m.group())
        elif kind == "next_year":
            period = Period(dt.date(year + 1, 1, 1), dt.date(year + 1, 12, 31), m.group())
        elif kind == "past_month":
            month = next(MONTHS[w] for w in re.findall(r"[^\W\d_]+", m.group().lower()) if w in MONTHS)
            year = today.year if month < today.month else today.year - 1
            period = Period(dt.date(year, month, 1), month_end(year, month), m.group())
        elif kind == "last_month":
            first = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
            period = Period(first, month_end(first.year, first.month), m.group())
        else:
            period = Period(today.replace(day=1), today, m.group())
        found.append((m.start(), m.end(), period))
    for m in _AGO_RE.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        taken.append((m.start(), m.end()))
        n = (m.group("n") or m.group("m")).lower()
        years = int(n) if n.isdigit() else SMALL_NUMBERS[fold(n)]
        if today is None:
            unresolved.append((m.start(), m.end(), m.group()))
        else:
            year = today.year - years
            found.append((m.start(), m.end(), Period(dt.date(year, 1, 1), dt.date(year, 12, 31), m.group())))
    for m in _ANAPHORIC_RE.finditer(text):
        taken.append((m.start(), m.end()))
        if any(0 <= m.start() - e <= 4 for _, e, _ in found):
            continue  # "January and February of that year": the year of those months, read above
        earlier = [(e, p) for _, e, p in found if e <= m.start()]
        if earlier:  # "During 2017 ..., and in the same year ...": the period named before it in the sentence
            found.append((m.start(), m.end(), max(earlier, key=lambda x: x[0])[1]._replace(text=m.group())))
        elif previous is not None:
            found.append((m.start(), m.end(), previous._replace(text=m.group())))
        elif stated and re.search(r"year|año|ano", m.group(), re.IGNORECASE):  # "released in April 2018 ... that year"
            year = stated[-1].year
            found.append((m.start(), m.end(), Period(dt.date(year, 1, 1), dt.date(year, 12, 31), m.group())))
        else:
            unresolved.append((m.start(), m.end(), m.group()))
    for m in _TERM_RE.finditer(text):  # "al inicio de este sexenio": a time no date here names
        if not any(s < m.end() and m.start() < e for s, e in taken):
            taken.append((m.start(), m.end()))
            unresolved.append((m.start(), m.end(), m.group()))
    # "14,596 in 2017 from 8,796 a year earlier", "in 2015 ... that rose to 8.794 the following year":
    # a year from the period named before (else after) it
    for pattern, years in ((_YEAR_EARLIER_RE, -1), (_YEAR_LATER_RE, 1)):
        for m in pattern.finditer(text):
            before = [(s, p) for s, _, p in found if s < m.start() and p.text != m.group()]
            after = [(s, p) for s, _, p in found if s > m.end()]
            base = before[-1][1] if before else (after[0][1] if after else previous)  # (else the sentence before's)
            if not before and any(e <= m.start() for _, e, _ in unresolved):
                # "from July 2014 to June of this year, up from ... the previous 12-month period": the
                # period it counts from cannot be placed, so neither can it
                unresolved.append((m.start(), m.end(), m.group()))
                taken.append((m.start(), m.end()))
                continue
            if base is None:
                continue
            whole = base.start.month == 1 and base.start.day == 1 and base.end.month == 12 and base.end.day == 31
            if not whole and base.start.year == base.end.year and _WHOLE_YEAR_RE.search(m.group()):
                # "the previous year", "el año anterior" after a part of a year: the calendar year
                year = (base.start.year if years < 0 else base.end.year) + years
                period = Period(dt.date(year, 1, 1), dt.date(year, 12, 31), m.group())
            else:  # "a year earlier": the same span, a year before
                period = Period(shift_year(base.start, years), shift_year(base.end, years), m.group())
            found.append((m.start(), m.end(), period))
            taken.append((m.start(), m.end()))
    found.sort(key=lambda f: f[0])
    return Periods([p for _, _, p in found], [(s, e) for s, e, _ in found], comparison, taken, tuple(unresolved),
                   tuple(dates))


# --------------------------------------------------------------------------------------------
# The table's notation
# --------------------------------------------------------------------------------------------

@lru_cache(maxsize=16384)
def parse_period(value: str) -> Period:
    """Parse the table's ISO 8601 notation: ``2017``, ``2018-01``, ``2018-01/2018-02``,
    ``2012-12-01/2015-06-15``, ``2014/2015``.  Raises ValueError with a readable message."""
    value = str(value).strip()
    parts = value.split("/")
    if len(parts) > 2 or not value:
        raise ValueError(f"bad period {value!r}: use YYYY, YYYY-MM, YYYY-MM-DD or START/END")
    first = _iso_part(parts[0], start=True)
    last = _iso_part(parts[-1], start=False)
    if last < first:
        raise ValueError(f"bad period {value!r}: it ends before it starts")
    return Period(first, last, value)


def _iso_part(part: str, start: bool) -> dt.date:
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", part)
    if not m:
        raise ValueError(f"bad period {part!r}: use YYYY, YYYY-MM, YYYY-MM-DD or START/END")
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    try:
        if month is None:
            return dt.date(year, 1, 1) if start else dt.date(year, 12, 31)
        if day is None:
            return dt.date(year, int(month), 1) if start else month_end(year, int(month))
        return dt.date(year, int(month), int(day))
    except ValueError as error:
        raise ValueError(f"bad period {part!r}: {error}") from None
