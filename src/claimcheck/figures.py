"""Read the figures in a sentence: numbers, units, hedges, periods and direction, in English and Spanish.

``read(text)`` returns a ``Reading``: every ``Figure`` the sentence states (with its character span),
the periods it names, and the words that say what it is about.  Parsing is a handful of precompiled
regular expressions over the sentence; number words go to text2num (imported only when a sentence
has one).  A year is a period, never a figure to compare.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import NamedTuple
from functools import lru_cache

from .patterns import compile as _compile
from .model import (
    replace,
    APPROXIMATE, AT_LEAST, AT_MOST, EXACT, FEWER_THAN, MORE_THAN, NEARLY, RANGE, Figure, Period,
)

class _lazy:
    """A regular expression compiled on first use: start-up pays only for the patterns a run needs.

    ``lowercase=True`` compiles a case-sensitive copy with every literal lowercased, to be matched
    against the lowercased sentence: the same matches as IGNORECASE on the original (when lowering
    keeps the length), three to four times faster for patterns with long alternations of words.
    """

    __slots__ = ("_args", "_compiled", "_lowercase")

    def __init__(self, pattern: str, flags: int = 0, lowercase: bool = False):
        self._args = (pattern, flags)
        self._lowercase = lowercase
        self._compiled = None

    def __getattr__(self, name):
        compiled = self._compiled
        if compiled is None:
            pattern, flags = self._args
            if self._lowercase:
                pattern, flags = _lowercase_pattern(pattern), flags & ~re.IGNORECASE
            compiled = self._compiled = _compile(pattern, flags)
            # From now on the module-level name is the compiled pattern itself: no indirection.
            module = globals()
            for key, value in list(module.items()):
                if value is self:
                    module[key] = compiled
        return getattr(compiled, name)


def _lowercase_pattern(pattern: str) -> str:
    """``pattern`` with its literal letters lowercased; escapes (``\\W``, ``\\S``, ...) and the
    ``(?P<name>``/``(?P=name)`` syntax are kept."""
    out = []
    i = 0
    while i < len(pattern):
        if pattern[i] == "\\":
            out.append(pattern[i:i + 2])
            i += 2
        elif pattern.startswith(("(?P<", "(?P="), i):
            out.append(pattern[i:i + 4])
            i += 4
        else:
            out.append(pattern[i].lower())
            i += 1
    return "".join(out)


def _folded_finditer(pattern, lowercase_twin, text: str, lowered: str):
    """The matches of IGNORECASE ``pattern`` in ``text``: found by its ``lowercase=True`` twin in
    ``lowered`` when lowering kept the length (so positions agree: nearly always), else by itself."""
    if len(lowered) == len(text):
        return lowercase_twin.finditer(lowered)
    return pattern.finditer(text)


_LETTERS = _lazy(r"[^\W\d_]+")
#: On ASCII text the same matches as _LETTERS (an ASCII \w that is no digit or "_" is a letter),
#: with a cheaper character test (see _letter_words).
_ASCII_LETTERS = _lazy(r"[A-Za-z]+")


def _letter_words(text: str) -> list[str]:
    """``_LETTERS.findall(text)``, by the cheaper ASCII pattern when the text is ASCII."""
    return (_ASCII_LETTERS if text.isascii() else _LETTERS).findall(text)

_CLAUSE_BREAK = _lazy(r"[,.;:()\[\]]")
_SPANISH_MARKS = _lazy(r"[ñ¿¡]|ción\b|ciones\b")
_ORDINAL_AFTER = _lazy(r"(?:st|nd|rd|th|º|ª|°)\b|[/:]\d", re.IGNORECASE)
#: The characters that can start an _ORDINAL_AFTER match (IGNORECASE: "ſ" matches "s").
_ORDINAL_FIRST = frozenset("sSſnNrRtTºª°/:")
_UNIT_WORD_AFTER = _lazy(r"-?\s?(?:year|month|day|mile|km|percent|per)", re.IGNORECASE)
_SPACE_GROUPS = _lazy(r"\d{1,3}(?: \d{3})+")
_RANGE_GAP = _lazy(r"\s*(?:to|and|-|–|—|y|a|hasta)\s*(?:US\$|\$)?", re.IGNORECASE)
_RANGE_OPENER = _lazy(r"(?:between|from|entre|de)\s+$", re.IGNORECASE)
_RANGE_DASH = _lazy(r"\s*(?:to|-|–|—|a|hasta)\s*", re.IGNORECASE)
_OVER_UNDER = _lazy(r"(?:over|under|sobre)\b", re.IGNORECASE)


# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------

MONTHS = {
    # English
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
    # Spanish
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
}
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_MONTH_WORDS = frozenset(MONTHS)

# Words before a number that say how the number relates to the truth.  Longest first.
HEDGES_BEFORE = [
    (APPROXIMATE, "about|around|roughly|approximately|approx\\.?|some|an estimated|estimated|"
                  "circa|c\\.|in the region of|on the order of|in the order of|"
                  "alrededor de|aproximadamente|unos|unas|más o menos|mas o menos|en torno a|"
                  "cerca de unos|del orden de|aprox\\.?"),
    (NEARLY, "nearly|almost|close to|just under|just shy of|not quite|casi|cerca de|poco menos de|"
             "apenas menos de"),
    (MORE_THAN, "more than|over|above|in excess of|upwards of|upward of|exceeding|just over|"
                "greater than|más de|mas de|por encima de|poco más de|superior a|sobre"),
    (AT_LEAST, "at least|no fewer than|no less than|a minimum of|al menos|por lo menos|"
               "como mínimo|como minimo|no menos de"),
    (FEWER_THAN, "fewer than|less than|under|below|lower than|menos de|por debajo de|inferior a"),
    (AT_MOST, "up to|at most|no more than|a maximum of|as many as|como máximo|como maximo|"
              "no más de|no mas de|hasta un máximo de"),
]
_HEDGE_AFTER_RE = _lazy(
    r"^(?:\s*(?:or so|or more|or fewer|or less|o más|o mas|o menos)\b|-?plus\b|\+)", re.IGNORECASE)

UP_WORDS = {
    "rose", "rise", "rises", "risen", "rising", "increase", "increased", "increases", "increasing",
    "jumped", "jump", "jumps", "grew", "grow", "grows", "grown", "growth", "up", "climbed", "climb",
    "soared", "surged", "surge", "spiked", "higher", "gained", "gain", "swelled", "rebounded",
    "expanded", "skyrocketed", "soaring", "elevo", "repuntaron",
    "aumento", "aumentaron", "aumentado", "incremento", "incrementaron", "crecio", "crecieron",
    "crecimiento", "subio", "subieron", "alza", "aumentar", "incrementado", "repunto", "se disparo",
}
DOWN_WORDS = {
    "fell", "fall", "falls", "fallen", "falling", "decreased", "decrease", "decreases", "decreasing",
    "dropped", "drop", "drops", "declined", "decline", "declines", "down", "shrank", "shrunk",
    "plunged", "plummeted", "lower", "cut", "reduced", "reduction", "slid", "sank", "slumped",
    "slipped", "dipped", "tumbled", "eased", "contracted", "retreated", "plummeting",
    "disminuyo", "disminuyeron", "disminucion", "cayo", "cayeron", "caida", "bajo", "bajaron",
    "descenso", "descendio", "redujo", "reduccion", "redujeron", "baja",
}
MULTIPLIERS = {
    "doubled": 2.0, "double": 2.0, "doubling": 2.0, "tripled": 3.0, "triple": 3.0, "trebled": 3.0,
    "quadrupled": 4.0, "quintupled": 5.0, "halved": 0.5, "quintuplico": 5.0, "quintuplicaron": 5.0, "duplico": 2.0, "duplicaron": 2.0, "duplicado": 2.0,
    "triplico": 3.0, "triplicaron": 3.0, "triplicado": 3.0, "cuadruplico": 4.0,
}
_MULTIPLIER_RE = _lazy(
    r"(?P<hedge>more than |nearly |almost |roughly |about |over |just over |close to |casi |"
    r"más de |mas de |poco más de )?"
    r"(?:(?P<word>doubled|double|doubling|tripled|triple|trebled|quadrupled|quintupled|halved|"
    r"se quintuplicó|se quintuplico|se quintuplicaron|"
    r"se duplicó|se duplico|se duplicaron|duplicó|duplicaron|se triplicó|se triplico|"
    r"se triplicaron|triplicó|triplicaron|se cuadruplicó|se cuadruplico)"
    r"|(?P<twice>twice|two times|three times|four times|el doble|el triple)"
    r"\s+(?:as many|as much|as high|as large|more|higher|que|de)"
    r"|(?P<half>(?:se redujo|se redujeron|fell by|cut by|dropped by) (?:a la )?(?:mitad|half))"
    r"|(?P<times>\d+(?:[.,]\d+)?)\s*(?:-fold|(?:times|veces)\s+(?:as many|as much|as high|as large|more|higher|larger|"
    r"greater|bigger|más|mas|mayor|superior)))"
    r"(?P<creces>\s+con creces)?\b",
    re.IGNORECASE)

NUMBER_WORDS_EN = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
    "hundred thousand million billion").split()
NUMBER_WORDS_ES = (
    "cero uno una dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince "
    "dieciséis dieciseis diecisiete dieciocho diecinueve veinte veintiuno veintidós veintidos "
    "veintitrés veintitres veinticuatro veinticinco veintiséis veintiseis veintisiete veintiocho "
    "veintinueve treinta cuarenta cincuenta sesenta setenta ochenta noventa cien ciento doscientos "
    "doscientas trescientos trescientas cuatrocientos cuatrocientas quinientos quinientas "
    "seiscientos seiscientas setecientos setecientas ochocientos ochocientas novecientos "
    "novecientas mil millón millon millones").split()
# Longest first (so that "dieciseis" is not read as "dieci"...), then alphabetically: the pattern
# must be the same string in every process (a set's order changes with the hash seed), or its
# compiled code would be a new entry of the regex cache on every run (claimcheck.patterns).
_NUMBER_WORDS = sorted(set(NUMBER_WORDS_EN) | set(NUMBER_WORDS_ES), key=lambda w: (-len(w), w))
_NUMWORD = "(?:" + "|".join(_NUMBER_WORDS) + ")"
_NUMBER_WORD_SET = frozenset(_NUMBER_WORDS)
_NUMBER_PHRASE = (r"(?<![\w-])" + _NUMWORD + r"(?:(?:-|\s+|\s+and\s+|\s+y\s+)" + _NUMWORD + r")*"
                  r"(?=$|[^\w-]|-(?:year|month|day|week|mile))")
_NUMBER_WORDS_RE = _lazy(_NUMBER_PHRASE, re.IGNORECASE)
_NUMBER_WORDS_LOWER_RE = _lazy(_NUMBER_PHRASE, lowercase=True)
#: Words that are numbers only in a compound: "one of them", Spanish articles "un", "una".
_LONE_WORDS_SKIPPED = {"one", "uno", "una", "un", "zero", "cero"}
DOZEN_RE = _lazy(r"\b(?P<n>a|one|una|two|three|four|five|six|dos|tres|cuatro|cinco|seis)\s+(?P<what>dozen|docenas?|decades?|décadas?|decadas?)\b",
                 re.IGNORECASE)

# Digits: 80,353 / 80.353 / 80 353 / 125.8 / 125,8 / 14596, then an optional scale word.
_NUMBER_AFTER = (
    r"(?P<pct>\s?%)?"
    r"(?:\s?-?\s?(?P<scale>billion|bn|million|millions|mn|thousand|mil millones|millones|millón|millon|mil|mdd|mdp|m|k)\b)?")
_NUMBER = (
    r"(?=[\dUuMm$€])(?P<cur>US\$|U\.S\.\s?\$|USD\s?|\$|MXN\s?|MX\$|€)?"
    r"(?<![\w.,])(?P<num>\d{1,3}(?:(?P<sep>[,.\u00a0\u202f ])\d{3}(?![\d]))(?:(?P=sep)\d{3}(?!\d))*"
    r"(?:[.,]\d+(?!\d))?|\d+(?:[.,]\d+)?)" + _NUMBER_AFTER)
_NUMBER_RE = _lazy(_NUMBER, re.IGNORECASE)
_NUMBER_LOWER_RE = _lazy(_NUMBER, lowercase=True)
#: _NUMBER for a lowercased sentence with no "$", "€", "usd" or "mxn" (each currency alternative
#: holds one), where the "cur" group can never match: without it the pattern starts with a digit
#: (the look-behind moved after it, \d{1,3} and \d+ split as \d\d{0,2} and \d\d*: the same matches),
#: and the engine tries only the positions holding a digit.  It has no "cur" group.
_PLAIN_NUMBER = (
    r"(?P<num>\d(?<![\w.,]\d)(?:\d{0,2}(?:(?P<sep>[,.\u00a0\u202f ])\d{3}(?!\d))(?:(?P=sep)\d{3}(?!\d))*"
    r"(?:[.,]\d+(?!\d))?|\d*(?:[.,]\d+)?))" + _NUMBER_AFTER)
_PLAIN_NUMBER_RE = _lazy(_PLAIN_NUMBER)
#: _PLAIN_NUMBER_RE for ASCII text, where \d is [0-9]: a cheaper character test, at every position.
_ASCII_PLAIN_NUMBER_RE = _lazy(_PLAIN_NUMBER.replace(r"\d", "[0-9]"))

_UNIT_STARTS = frozenset("pudmk-ya")
_AFTER_UNIT_RE = _lazy(
    r"^\s*(?:(?P<pct>percent|per cent|per-cent|por ciento|porciento)\b"
    r"|(?P<pp>percentage points?|puntos porcentuales|points)\b"
    r"|(?P<usd>(?:u\.?s\.?\s+)?dollars?|(?:de\s+)?(?:dólares|dolares)(?:\s+estadounidenses)?|usd)\b"
    r"|(?P<mxn>(?:mexican\s+)?pesos(?:\s+mexicanos)?|de\s+pesos(?:\s+mexicanos)?|mxn)\b"
    r"|(?P<miles>miles?)\b|(?P<km>kilometres|kilometers|kilómetros|kilometros|km)\b"
    r"|(?P<years>-?\s?years?|-?\s?year-old|años)\b|(?P<months>months?|meses)\b"
    r"|(?P<days>days?|días|dias)\b)",
    re.IGNORECASE)

_RATE_RE = _lazy(
    r"\b(?P<rate>per month|a month|each month|every month|monthly|per-month|al mes|por mes|"
    r"mensuales|mensual|cada mes|per year|a year|each year|every year|annually|yearly|al año|por año|"
    r"anuales|anual|per week|a week|weekly|a la semana|por semana|per day|a day|daily|al día|por día|"
    r"diarios|diarias)\b(?!\s+(?:earlier|ago|before|later|after|previously|antes|después|despues|atrás|atras))",
    re.IGNORECASE)
_RATE_UNITS = {
    "month": "month", "monthly": "month", "mes": "month", "mensual": "month", "mensuales": "month",
    "year": "year", "annually": "year", "yearly": "year", "año": "year", "anual": "year",
    "anuales": "year", "week": "week", "weekly": "week", "semana": "week", "day": "day",
    "daily": "day", "día": "day", "diarios": "day", "diarias": "day",
}

_SCALES = {"mdd": 1e6, "mdp": 1e6, "thousand": 1e3, "k": 1e3, "mil": 1e3, "million": 1e6, "millions": 1e6, "mn": 1e6,
           "m": 1e6, "millones": 1e6, "millón": 1e6, "millon": 1e6, "billion": 1e9, "bn": 1e9,
           "mil millones": 1e9}

# Periods -----------------------------------------------------------------------------------------
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th|º|°)?"
_DATE_ATOM = (
    rf"(?:(?P<d1>{_DAY})\s+(?:de\s+)?(?P<m1>{_MONTH_RE})\.?,?\s*(?:de\s+|del\s+|of\s+)?(?P<y1>{_YEAR})"
    rf"|(?P<m2>{_MONTH_RE})\.?\s+(?P<d2>{_DAY}),?\s+(?P<y2>{_YEAR})"
    rf"|(?P<m3>{_MONTH_RE})\.?,?\s*(?:de\s+|del\s+|of\s+)?(?P<y3>{_YEAR})"
    rf"|(?P<m4>{_MONTH_RE})\b\.?"
    rf"|(?P<y4>{_YEAR})(?:[–-](?P<y4b>\d{{2}}|{_YEAR}))?)"
)
# The leading assertions reject, cheaply, positions where no date can start.  The engine tries
# this pattern at every position (no start character to skip to), so the cheapest test goes first:
# "\b" is a plain position check, where a look-ahead or look-behind is a nested sub-match.  It
# changes no match: every match starts with an ASCII digit or a month's first letter (a word
# character, also under IGNORECASE: "ſ", "K", "ı", "İ" are letters), and (?<![\w$.,]) then demands
# no word character before it, which is exactly "\b" there.  For the same reason the look-ahead's
# [0-9] loses nothing against \d: no alternative starts with a non-ASCII digit.
_DATED = (r"\b(?=[0-9]|[jfmasonde](?:an|eb|ar|pr|ay|un|ul|ug|ep|ct|ov|ec|ne|br|go|ic|et))(?<![\w$.,])"
          + _DATE_ATOM + r"(?![\w%]|[.,]\d)")
_DATE_ATOM_RE = _lazy(_DATED, re.IGNORECASE)
_DATE_ATOM_LOWER_RE = _lazy(_DATED, lowercase=True)
# Most sentences name no month: for them a small pattern that finds years only (cheaper to compile).
# The look-behind (the character before the year) comes after the first two digits, so that the
# pattern starts with a literal "1" or "2": the engine then tries only the positions holding one.
_YEAR_ATOM_RE = _lazy(rf"(?P<y4>(?:1[89]|20)(?<![\w$.,]..)\d\d)(?:[–-](?P<y4b>\d{{2}}|{_YEAR}))?(?![\w%]|[.,]\d)")
_TWELVE_MONTHS_RE = _lazy(
    rf"(?:the\s+|in\s+the\s+|los\s+|el\s+)?(?:year|twelve months|12 months|12-month period|fiscal year|"
    rf"doce meses|12 meses|año)\s+(?:to|ending(?:\s+in)?|ended(?:\s+in)?|through|up to|until|before|prior to|"
    rf"leading up to|hasta|terminado en|previo a|anterior a|antes de|a)\s+(?P<m>{_MONTH_RE})\.?\s*(?:de\s+|of\s+)?(?P<y>{_YEAR})",
    re.IGNORECASE)
_FIRST_MONTHS_RE = _lazy(
    rf"(?:the\s+|los\s+)?(?:first|primeros)\s+(?P<n>two|three|four|five|six|2|3|4|5|6|dos|tres|cuatro|"
    rf"cinco|seis)\s+(?:months|meses)\s+(?:of|de|del)\s+(?P<y>{_YEAR})", re.IGNORECASE)
_SMALL = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "dos": 2, "tres": 3, "cuatro": 4,
          "cinco": 5, "seis": 6}
_RANGE_JOIN_RE = _lazy(
    r"^\s*(?:and|to|through|until|till|thru|y|a|al|hasta|–|—|-)\s*(?:the\s+|el\s+|los\s+)?"
    r"(?:(?:mid|early|late)[- ]|(?:mediados|principios|finales|fines) de\s+)?$",
    re.IGNORECASE)
_RANGE_OPEN_RE = _lazy(r"(?:between|from|entre|de|desde|del)\s+(?:the\s+|el\s+|los\s+)?$",
                            re.IGNORECASE)

_SPANISH_HINTS = frozenset(
    "el la los las de del en y que por para con una un fueron fue según segun entre desde hasta "
    "más mas casi alrededor menos millones personas migrantes año años".split())

_WORD_RE = _lazy(r"[^\W\d_]+(?:[.'’][^\W\d_]+)*\.?", re.UNICODE)
#: _WORD_RE for ASCII text (where "’" cannot occur), as _ASCII_LETTERS is for _LETTERS.
_ASCII_WORD_RE = _lazy(r"[A-Za-z]+(?:[.'][A-Za-z]+)*\.?")

STOPWORDS = frozenset("""
a an the of in on at to for from by with and or but as is are was were be been being has have had
that this these those it its their there than then which who whom whose what when where while
about around over under more less fewer some nearly almost close only just also into out up down
per between during since until through after before against among all any both each other such
not no nor so very can could would should will may might must do does did done according said says
el la los las lo un una unos unas de del en y o u que por para con sin sobre entre desde hasta
según segun su sus al se es son fue fueron ha han había habian este esta estos estas ese esa
como más mas menos casi alrededor cerca solo sólo también tambien
""".split())


# --------------------------------------------------------------------------------------------
# Result type
# --------------------------------------------------------------------------------------------

class Reading:
    """What a sentence says: its figures, its periods, and the words it uses."""

    __slots__ = ("text", "figures", "periods", "comparison", "period_spans", "language", "words")

    def __init__(self, text: str, language: str = "en"):
        self.text = text
        self.figures: list[Figure] = []
        self.periods: list[Period] = []
        #: (base, target) when the sentence compares two periods ("doubled from 2016 to 2017").
        self.comparison: tuple[Period, Period] | None = None
        #: Character spans of ``periods``, in the same order.
        self.period_spans: list[tuple[int, int]] = []
        self.language = language
        #: Normalised content words (lowercase, accents removed), in order, figures and periods excluded.
        self.words: list[str] = []


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------

def fold(word: str) -> str:
    """Lowercase and strip accents: ``Deportó`` -> ``deporto``."""
    word = word.lower()
    if word.isascii():
        return word
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def words_of(text: str, skip: list[tuple[int, int]] = ()) -> list[str]:
    """Content words of ``text``, folded, with acronym dots dropped ("U.S." -> "us"); words starting
    inside one of the ``skip`` spans are left out."""
    if not skip:
        return _content_words(text)
    pieces = _outside(text, skip)
    if pieces is not None:  # no word straddles a span's edge: the words of the pieces are the answer
        return _content_words(" ".join(pieces))
    skipped = set()
    for s, e in skip:
        skipped.update(range(s, e))
    out = []
    for match in _WORD_RE.finditer(text):
        if match.start() in skipped:
            continue
        word = _content_word(match.group())
        if word:
            out.append(word)
    return out


def _content_words(text: str) -> list[str]:
    """The content words of ``text`` (``_WORD_RE``), folded.

    A word never holds whitespace and _WORD_RE looks at no character around it, so the words of
    ``text`` are those of its whitespace-separated tokens, in order: str.split and a cache per token
    (most recur) are far cheaper than a regular expression scan of the whole text."""
    out: list[str] = []
    for token in text.split():
        out += _token_content_words(token)
    return out


@lru_cache(maxsize=65536)
def _token_content_words(token: str) -> tuple[str, ...]:
    """The content words of one whitespace-free token (by _WORD_RE's ASCII twin on ASCII tokens)."""
    return tuple(filter(None, map(_content_word, (_ASCII_WORD_RE if token.isascii() else _WORD_RE).findall(token))))


def _outside(text: str, spans: list[tuple[int, int]]) -> list[str] | None:
    """The pieces of ``text`` outside ``spans``, or None when a span edge falls inside a word (or
    next to a dot that could join two words), where cutting the text would change which words
    ``words_of`` sees."""
    pieces = []
    last = 0
    n = len(text)
    for s, e in sorted(spans):
        if e <= last:
            continue
        if s < last:
            s = last
        # An edge is safe when the characters on both sides cannot belong to one word.
        if s > 0 and (_wordish(text[s - 1]) and _wordish(text[s])):
            return None
        if e < n and e > 0 and (_wordish(text[e - 1]) and _wordish(text[e])):
            return None
        pieces.append(text[last:s])
        last = e
    pieces.append(text[last:])
    return pieces


def _wordish(ch: str) -> bool:
    """Can ``ch`` be part of a word that _WORD_RE matches?  Letters, and the dots and apostrophes
    inside words; other digits and underscores too, to err on the safe side.  ASCII digits are \\d,
    which _WORD_RE never matches: "in 2017." ends a span between "7" and "." and is safe to cut."""
    return (ch.isalnum() and ch not in "0123456789") or ch in ".'’_"


@lru_cache(maxsize=65536)
def _content_word(raw: str) -> str:
    word = fold(raw.replace(".", "").replace("’", "'"))
    if word.endswith("'s"):
        word = word[:-2]
    return "" if word in STOPWORDS else word


@lru_cache(maxsize=4096)
def _month_end(year: int, month: int) -> dt.date:
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


def _valid_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _detect_language(text: str) -> str:
    lowered = text.lower()
    hits = sum(1 for w in _letter_words(lowered) if w in _SPANISH_HINTS)
    return "es" if hits >= 2 or _SPANISH_MARKS.search(text.lower()) else "en"


# --------------------------------------------------------------------------------------------
# Periods
# --------------------------------------------------------------------------------------------

_NO_DATE_GROUPS = dict.fromkeys(("d1", "m1", "y1", "m2", "d2", "y2", "m3", "y3", "m4"))
_TWELVE_HINT = _lazy("year|month|año|ano |meses")
# Every _TWELVE_MONTHS_RE match holds one of these lowercase pieces (the end of "the year", "twelve
# months", ..., then the first word of "to", "ending", "up to", ...): a sharper test, exact on the
# lowercased sentence when it has no _CASE_TRAPS.
_TWELVE_LINK_HINT = _lazy(r"(?:year|months|month period|meses|año)\s+(?:to|ending|ended|through|up|until|before|prior|"
                          r"leading|hasta|terminado|previo|anterior|antes|a)\s")
#: Characters that IGNORECASE matches to an ASCII letter of a pattern ("ı" to "i", "ſ" to "s", "İ"
#: to "i") although ``str.lower`` does not turn them into it: only a sentence without any can be
#: tested for an IGNORECASE pattern's literal pieces in its lowercased text.
_CASE_TRAPS = frozenset("ıſİ")


class _Atom(NamedTuple):
    start: int
    end: int
    begin: dt.date | None  # None when only a month is known (year comes from the next atom)
    finish: dt.date | None
    month: int = 0
    day: int = 0
    year_only: bool = False
    whole_year_span: bool = False  # "the year to June 2014"


def _atoms(text: str, taken: list[tuple[int, int]], lowered: str, hints: int) -> list[_Atom]:
    atoms: list[_Atom] = []
    if text.isascii() or _CASE_TRAPS.isdisjoint(text):
        # (each _TWELVE_LINK_HINT match holds a _H_TWELVE piece)
        twelve = bool(hints & _H_TWELVE) and _TWELVE_LINK_HINT.search(lowered) is not None
    else:
        twelve = _TWELVE_HINT.search(lowered) is not None
    for m in (_TWELVE_MONTHS_RE.finditer(text) if twelve else ()):
        month, year = MONTHS[m.group("m").lower().rstrip(".")], int(m.group("y"))
        finish = _month_end(year, month)
        begin_month = month % 12 + 1
        begin = dt.date(year - 1 if month != 12 else year, begin_month, 1)
        atoms.append(_Atom(m.start(), m.end(), begin, finish, whole_year_span=True))
    first = hints & _H_FIRST
    for m in (_FIRST_MONTHS_RE.finditer(text) if first else ()):
        n = m.group("n").lower()
        count = int(n) if n.isdigit() else _SMALL[n]
        year = int(m.group("y"))
        atoms.append(_Atom(m.start(), m.end(), dt.date(year, 1, 1), _month_end(year, count)))
    occupied = [(a.start, a.end) for a in atoms] + taken if atoms else taken
    months = hints & _H_MONTH
    if months:
        found = _folded_finditer(_DATE_ATOM_RE, _DATE_ATOM_LOWER_RE, text, lowered)
    else:
        found = _YEAR_ATOM_RE.finditer(text)
    for m in found:
        if occupied and any(s < m.end() and m.start() < e for s, e in occupied):
            continue
        if not months:  # the year-only pattern: a year, or a span of years
            g = _NO_DATE_GROUPS
            y4, y4b = m.group("y4", "y4b")
        else:
            g = m.groupdict()
            y4, y4b = g["y4"], g["y4b"]
        if g["y1"] or g["y2"]:
            month = MONTHS[(g["m1"] or g["m2"]).lower().rstrip(".")]
            day = int("".join(c for c in (g["d1"] or g["d2"]) if c.isdigit()))
            year = int(g["y1"] or g["y2"])
            date = _valid_date(year, month, day)
            if date is None:
                continue
            atoms.append(_Atom(m.start(), m.end(), date, date, month=month, day=day))
        elif g["y3"]:
            month, year = MONTHS[g["m3"].lower().rstrip(".")], int(g["y3"])
            atoms.append(_Atom(m.start(), m.end(), dt.date(year, month, 1), _month_end(year, month),
                               month=month))
        elif g["m4"]:
            word = g["m4"].lower().rstrip(".")
            # "may", "mar", "sept" alone are too ambiguous unless they join a range.
            atoms.append(_Atom(m.start(), m.end(), None, None, month=MONTHS[word]))
        elif y4:
            if not _looks_like_year(text, m.start(), m.end()):
                continue
            year = int(y4)
            last = year
            if y4b:
                tail = y4b
                last = int(tail) if len(tail) == 4 else (year // 100) * 100 + int(tail)
                if last <= year:
                    last = year
            atoms.append(_Atom(m.start(), m.end(), dt.date(year, 1, 1), dt.date(last, 12, 31),
                               year_only=True))
    if len(atoms) > 1:
        atoms.sort(key=lambda a: a.start)
    return atoms


_YEAR_PREFIX_RE = _lazy(
    r"(?:\b(?:in|since|of|during|for|by|until|till|to|from|between|and|through|year|years|fiscal|"
    r"the|en|de|del|desde|hasta|durante|entre|y|a|al|año|años|el|mid|early|late|circa)\s*|[(,–-]\s*|['’]s\s+)$",
    re.IGNORECASE)
_COUNT_NOUN_AFTER_RE = _lazy(
    r"^\s+(?:more\s+|new\s+|other\s+)?(?:people|persons|migrants|refugees|children|women|men|"
    r"complaints|cases|requests|petitions|applications|deportations|detentions|arrests|"
    r"personas|migrantes|refugiados|niños|mujeres|quejas|casos|solicitudes|[a-z]+s)\b",
    re.IGNORECASE)


def _looks_like_year(text: str, start: int, end: int) -> bool:
    """A bare 4-digit number 1800-2099 is a year unless it counts something ("2000 migrants")."""
    if not text[end:end + 1].isspace():  # _COUNT_NOUN_AFTER_RE starts with \s+ (str.isspace)
        return True
    after = text[end:end + 30]
    if _COUNT_NOUN_AFTER_RE.match(after) and not _YEAR_PREFIX_RE.search(text[max(0, start - 12):start]):
        return False
    return True


_RELATIVE_SPAN_RE = _lazy(r"\b(?:the\s+)?(?:previous|past|last|preceding|prior|following|next|los\s+últimos|los\s+ultimos)\s+"
                          r"(?:twelve|12|doce)\s+(?:months|meses)\b", re.IGNORECASE)
_YEAR_EARLIER_RE = _lazy(
    r"\b(?:a year (?:earlier|before)|the (?:previous|prior|preceding) year|the year before|un año antes|"
    r"el año anterior|el año previo)\b", re.IGNORECASE)


def _shift_year(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _periods(text: str, reading: Reading, change_words: bool, lowered: str,
             hints: int) -> list[tuple[int, int]]:
    """Find periods; return the character spans they occupy (so their digits are not figures)."""
    atoms = _atoms(text, [], lowered, hints)
    spans: list[tuple[int, int]] = []
    # Each _RELATIVE_SPAN_RE match ends with "months" or "meses": in the lowercased sentence too,
    # unless a _CASE_TRAPS character spells them ("meſes").
    if ("twelve" in text or "12" in text or "doce" in text) and (
            hints & _H_MONTHS or not (text.isascii() or _CASE_TRAPS.isdisjoint(text))):
        spans += [(m.start(), m.end()) for m in _RELATIVE_SPAN_RE.finditer(text)]
    i = 0
    found: list[tuple[int, int, Period]] = []
    while i < len(atoms):
        a = atoms[i]
        joined = False
        if i + 1 < len(atoms):
            b = atoms[i + 1]
            between = text[a.end:b.start]
            if _RANGE_JOIN_RE.match(between) and b.begin is not None:
                begin = a.begin
                if begin is None:  # "January and February of 2018": year from the second atom
                    year = b.begin.year if a.month <= b.begin.month else b.begin.year - 1
                    begin = dt.date(year, a.month, 1)
                opener = _RANGE_OPEN_RE.search(text[max(0, a.start - 16):a.start])
                start = a.start - (len(opener.group()) if opener else 0)
                whole_a = a.whole_year_span or a.year_only
                whole_b = b.whole_year_span or b.year_only
                if whole_a and whole_b and change_words and begin < b.begin:
                    base = Period(begin, a.finish or _month_end(begin.year, 12), text[a.start:a.end])
                    target = Period(b.begin, b.finish, text[b.start:b.end])
                    reading.comparison = (base, target)
                    found.append((start, b.end, target))
                    found.append((a.start, a.end, base))
                elif begin <= b.finish:
                    found.append((start, b.end, Period(begin, b.finish, text[start:b.end].strip())))
                spans.append((start, b.end))
                i += 2
                joined = True
        if not joined:
            if a.begin is not None:
                if a.begin != a.finish:  # a single day ("said on March 3, 2015") dates the statement
                    found.append((a.start, a.end, Period(a.begin, a.finish, text[a.start:a.end])))
                spans.append((a.start, a.end))
            i += 1
    if len(found) == 1:  # "14,596 in 2017 from 8,796 a year earlier"
        relative = _YEAR_EARLIER_RE.search(text) if hints & _H_YEAR else None
        if relative:
            p = found[0][2]
            earlier = Period(_shift_year(p.start, -1), _shift_year(p.end, -1), relative.group())
            found.append((relative.start(), relative.end(), earlier))
            spans.append((relative.start(), relative.end()))
    if found:  # (else the reading keeps its empty lists)
        found.sort(key=lambda f: f[0])
        reading.periods = [p for _, _, p in found]
        reading.period_spans = [(s, e) for s, e, _ in found]
    return spans


# --------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------

def _parse_digits(num: str, sep: str | None, language: str) -> tuple[float, float]:
    """Value and precision (rounding step) of a digit string."""
    if num.isascii() and num.isdigit():  # the common case: "2017", "80353"
        return _whole_number(num)
    if (sep == "," and "." not in num) or (sep == "." and "," not in num):
        # "80,353", "117.795": groups only, no decimal mark (what the general case below does then)
        return _whole_number(num.replace(sep, ""))
    num = num.replace("\u00a0", " ").replace("\u202f", " ")
    if sep:
        sep = sep.replace("\u00a0", " ").replace("\u202f", " ")
        integer, decimals = num, ""
        # The other mark, after the last group, is the decimal mark: "1.234,5" / "1,234.5"
        other = "," if sep == "." else "."
        if sep != " " and other in num:
            integer, decimals = num.rsplit(other, 1)
        elif sep == " " and re.search(r"[.,]\d+$", num):
            integer, decimals = re.split(r"[.,](?=\d+$)", num)
        digits = integer.replace(sep, "")
    else:
        digits, decimals = num, ""
        m = _DECIMAL_RE.fullmatch(num)
        if m:
            digits, decimals = m.group(1), m.group(2)
    if not decimals:
        return _whole_number(digits)
    return float(f"{int(digits)}.{decimals}"), 10.0 ** -len(decimals)


def _whole_number(digits: str) -> tuple[float, float]:
    """Value and precision of a whole number's digits: "80000" is 80,000 to the nearest 10,000."""
    stripped = digits.rstrip("0")
    return float(int(digits)), 10.0 ** (len(digits) - len(stripped) if stripped else 0)


_DECIMAL_RE = _lazy(r"(\d+)[.,](\d+)")


@lru_cache(maxsize=4096)
def _words_value(phrase: str, language: str) -> float | None:
    from text_to_num import text2num  # imported only for sentences that spell numbers out

    if phrase.lower() == "once" and language == "en":
        return None  # an English adverb, not the Spanish eleven
    for lang in ((language, "es" if language == "en" else "en")):  # names mix the languages
        try:
            return float(text2num(phrase.lower(), lang))
        except (ValueError, TypeError):
            continue
    return None


def _hedge_before(text: str, start: int) -> tuple[str, int]:
    """The hedge written just before a number ("about", "more than", "alrededor de") and where it starts."""
    window = text[max(0, start - 40):start]
    # Most numbers follow a word that ends no hedge phrase ("deported 80,353"): look at that word alone.
    token = window.rsplit(None, 1)[-1] if window and not window.isspace() else ""
    if not _may_end_hedge(token):
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


@lru_cache(maxsize=4096)  # the words before numbers repeat: "reached", "recorded", "about"
def _may_end_hedge(token: str) -> bool:
    """Does ``token`` (the text between the last whitespace and a number) end with the last word
    of a hedge phrase?"""
    last = _LAST_WORD_RE.search(token)
    return last is not None and last.group().lower() in _HEDGE_LAST_WORDS


_HEDGE_WORD_RE = _lazy(r"[^\W\d_]+\.?")
_LAST_WORD_RE = _lazy(r"[^\W\d_]+\.?$")
#: "more than" -> MORE_THAN ...; "sobre" (on, about a topic) is not taken as a bound.
_HEDGE_PHRASES = {}
for _hedge, _words in HEDGES_BEFORE:
    for _phrase in _words.split("|"):
        if _phrase == "sobre":
            continue
        if _phrase.endswith("\\.?"):  # "approx\.?": with and without the dot
            _HEDGE_PHRASES[_phrase[:-3]] = _HEDGE_PHRASES[_phrase[:-3] + "."] = _hedge
        else:
            _HEDGE_PHRASES[_phrase.replace("\\", "")] = _hedge


#: The last word of every hedge phrase, and "only" ("more than only 5"): a number after any other
#: word has no hedge.
_HEDGE_LAST_WORDS = frozenset([phrase.rsplit(" ", 1)[-1] for phrase in _HEDGE_PHRASES] + ["only", "solo", "sólo"])


_NOT_LABELS = frozenset(
    "per month monthly year yearly annually week weekly day daily mes meses mensual mensuales ano anos anual "
    "anuales semana dia dias diarios diarias al cada each every average promedio on times veces".split()) | frozenset(MONTHS)


_LABEL_ENDS = frozenset(
    "of de del in en from for para por to a that que were was have has had fueron han and y who which "
    "into against on about with by contra sobre con at along across".split())
_NOT_LABEL_WORDS = STOPWORDS | _NOT_LABELS


def _label_after(text: str, end: int) -> tuple[str, ...]:
    """The words after a number that say what it counts: "383 reported crimes" -> (reported, crimes)."""
    out = []
    clause = _CLAUSE_BREAK.split(text[end:end + 60], maxsplit=1)[0]
    if clause.isascii():  # the words of the lowercased clause are already folded
        words = _ASCII_LETTERS.findall(clause.lower())[:5]
    else:
        words = [fold(word) for word in _LETTERS.findall(clause)[:5]]
    for w in words:
        if w in _LABEL_ENDS:
            break
        if w in _NOT_LABEL_WORDS:
            continue
        out.append(w)
        if len(out) == 3:
            break
    return tuple(out)


def _direction_near(text: str, start: int, end: int) -> str | None:
    before = [fold(w) for w in _letter_words(text[max(0, start - 45):start])][-5:]
    after = [fold(w) for w in _letter_words(text[end:end + 30])][:3]
    for w in reversed(before):
        if w in UP_WORDS:
            return "up"
        if w in DOWN_WORDS:
            return "down"
    for w in after:
        if w in ("increase", "rise", "jump", "growth", "increment", "aumento", "incremento",
                 "crecimiento", "alza", "higher", "more"):
            return "up"
        if w in ("decrease", "drop", "fall", "decline", "reduction", "disminucion", "caida",
                 "descenso", "reduccion", "lower", "less", "fewer"):
            return "down"
    return None


_LEVEL_FILLERS = frozenset("from de desde in en the el la los las an a of average total promedio un una "
                           "around about some roughly nearly almost alrededor casi unos unas".split()) | frozenset(MONTHS)


_LEVEL_LAST = _LEVEL_FILLERS | {"to", "a", "hasta"}


def _level_direction(text: str, start: int) -> str | None:
    """"rose to 14,596", "rose to an average of 429", "fell from 8,796 in 2016 to 14,596": the
    series moved in that direction to reach this level."""
    # Most levels follow a word that is no filler: look at the last words of a short window first.
    # With two or more words in it, its last word is whole (and the long window's last word too).
    near = _letter_words(text[max(0, start - 24):start])
    if len(near) >= 2 and fold(near[-1]) not in _LEVEL_LAST:
        return None
    before = _letter_words(text[max(0, start - 100):start])[-12:]
    if not before or fold(before[-1]) not in _LEVEL_LAST:
        return None  # the word just before the level must be "to" or a filler ("rose to an average of")
    before = [fold(w) for w in before]
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


_DELTA_RE = _lazy(r"(?:\bby|\ben|\ban?\s+(?:increase|rise|drop|decrease|fall|jump|aumento|incremento|"
                       r"caída|caida|descenso|reducción|reduccion)\s+(?:of|de))\s+$", re.IGNORECASE)


_MORE_THAN_AFTER_RE = _lazy(r"^\s+(more|fewer|less|additional|extra|más|mas|menos)\b(?=[^.;]*\b(?:than|que)\b)",
                            re.IGNORECASE)


def _is_delta(text: str, start: int) -> bool:
    """"rose by 5,800", "an increase of 5,800": the number is a difference, not a level."""
    window = text[max(0, start - 40):start]
    # _DELTA_RE ends with "by", "en", "of" or "de" and then only whitespace (\s is str.isspace; no
    # other character matches these letters case-insensitively): test that first.
    if window.rstrip()[-2:].lower() not in _DELTA_LAST:
        return False
    return bool(_DELTA_RE.search(window))


_DELTA_LAST = frozenset(("by", "en", "of", "de"))


_SLASH_RATE_RE = _lazy(r"^\s*/\s*(?P<rate>month|mo|mes|year|yr|año|week|wk|semana|day|día|dia)\b", re.IGNORECASE)
_SLASH_UNITS = {"mo": "month", "yr": "year", "wk": "week", "dia": "day"}


def _rate_after(text: str, end: int, phrases: bool = True) -> str | None:
    """The rate after a number ("429 a month", "5/day"); ``phrases=False`` when the sentence has no
    word a rate phrase is made of (``_H_RATE``), so only "/day" forms are looked for."""
    slash = _SLASH_RATE_RE.match(text[end:end + 12]) if "/" in text[end:end + 4] else None
    if slash:
        word = fold(slash.group("rate")).lower()
        return _SLASH_UNITS.get(word) or _RATE_UNITS.get(word) or _RATE_UNITS.get(slash.group("rate").lower())
    if not phrases:
        return None
    # the rate phrase follows within a few words, in the same clause: "429 joint operations a month"
    clause = _CLAUSE_BREAK.split(text[end:end + 100], maxsplit=1)[0].split()
    m = _RATE_RE.search(" ".join(clause[:12]))
    if m and m.start() > len(" ".join(clause[:7])):
        m = None
    if not m:
        return None
    last = fold(m.group("rate").split()[-1])
    for key, unit in _RATE_UNITS.items():
        if fold(key) == last:
            return unit
    return None


_MIL_RE = _lazy(r"(?<![\d.,])(\d{1,3})\s+mil\s+(\d{1,3})(?![\d.,]\d)", re.IGNORECASE)


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    """Is ``position`` inside one of ``spans``?  (A loop: cheaper than ``any`` over a generator.)"""
    for s, e in spans:
        if s <= position < e:
            return True
    return False


def _raw_numbers(text: str, language: str, taken: list[tuple[int, int]], lowered: str):
    """Yield (start, end, value, precision, unit) for every number in the text."""
    if " mil " in text:  # "16 mil 278": how Mexican copy often writes 16,278
        for m in _MIL_RE.finditer(text):
            if not any(s < m.end() and m.start() < e for s, e in taken):
                taken = taken + [(m.start(), m.end())]
                yield m.start(), m.end(), int(m.group(1)) * 1000.0 + int(m.group(2)), 1.0, "count"
    # The groups are only ever compared case-insensitively: the lowercased sentence will do (when
    # lowering keeps the positions).
    if len(lowered) == len(text):
        currency = "$" in lowered or "€" in lowered or "usd" in lowered or "mxn" in lowered
        if currency:
            found = _NUMBER_LOWER_RE.finditer(lowered)
        else:
            found = (_ASCII_PLAIN_NUMBER_RE if lowered.isascii() else _PLAIN_NUMBER_RE).finditer(lowered)
    else:
        currency = True
        found = _NUMBER_RE.finditer(text)
    for m in found:
        num_start = m.start("num")
        if _inside(num_start, taken):  # (most often a year: a period)
            continue
        start, end = m.start(), m.end()
        # identifiers and ordinals: H1N1, COVID-19, 21st, 3rd, 10:30, 1/2, No. 5
        prev = text[num_start - 1:num_start] if num_start else ""
        nxt = text[m.end("num"):m.end("num") + 2]
        if prev.isalpha() or prev in ("#", "/", ":") or (prev == "-" and text[num_start - 2:num_start - 1].isalpha()):
            continue
        if (nxt[:1] in _ORDINAL_FIRST and _ORDINAL_AFTER.match(nxt)) or (nxt[:1].isalpha() and not m.group("scale") and not nxt[:1] in "kKmM"):
            if not _UNIT_WORD_AFTER.match(text[m.end("num"):m.end("num") + 10]):
                continue
        sep = m.group("sep")
        num = m.group("num")
        if sep == " " and not _SPACE_GROUPS.fullmatch(num.split(".")[0].split(",")[0]):
            sep = None
        value, precision = _parse_digits(num, sep, language)
        unit = "count"
        scale = (m.group("scale") or "").lower()
        attached = scale in ("k", "m") and m.group("scale") and m.start("scale") == m.end("num")
        cur = m.group("cur") if currency else None
        if scale in ("m", "k", "mil") and not cur and not (scale == "k" and attached):
            # "mil" is Spanish thousand; "14.6K" is thousands; a bare "m" only counts after a currency sign.
            if scale != "mil":
                end = m.end("num") + (1 if m.group("pct") else 0)
                scale = ""
        if scale:
            factor = _SCALES.get(scale, 1.0)
            value = float(f"{value * factor:.12g}")  # "$4.1 billion" is 4,100,000,000, not 4,099,999,999.99
            precision *= factor
            if precision > factor:  # "75 million": precision is the unit of the scale word
                precision = factor
        cur = (cur or "").strip().upper()
        if scale == "mdd":  # millones de dólares
            cur = "USD"
        elif scale == "mdp":  # millones de pesos
            cur = "MXN"
        if cur in ("$", "US$", "USD", "U.S.$", "U.S. $") or cur.startswith("U.S"):
            unit = "USD"
        elif cur in ("MXN", "MX$"):
            unit = "MXN"
        if m.group("pct"):
            unit = "percent"
        yield start, end, value, precision, unit


_FRACTIONS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5,
              "fifths": 5, "tenth": 10, "tenths": 10, "mitad": 2, "tercio": 3, "tercios": 3, "cuarto": 4,
              "cuartos": 4, "quinto": 5, "quintos": 5, "decimo": 10, "decimos": 10}
_NUMERATORS = {"a": 1, "an": 1, "one": 1, "la": 1, "un": 1, "una": 1, "two": 2, "three": 3, "four": 4, "dos": 2,
               "tres": 3, "cuatro": 4}
_FRACTION_RE = _lazy(
    r"(?<![\w-])(?:(?P<num>a|an|one|two|three|four|la|un|una|dos|tres|cuatro)[\s-]+)?"
    r"(?P<den>half|halves|thirds?|quarters?|fifths?|tenths?|mitad|tercios?|cuartos?|quintos?|décimos?|decimos?)\b"
    r"(?P<of_pct>\s+(?:of\s+(?:one|a|1)\s+(?:percent|per cent|%)|de\s+(?:un|1)\s+(?:por ciento|%)))?",
    re.IGNORECASE)
_ONE_IN_RE = _lazy(
    r"(?<![\w.,])(?P<a>\d+|one|un|uno|una)\s+(?:in|out of|of every|de cada|en)\s+(?P<b>\d{1,3}(?:,\d{3})*|\d+|two|three|"
    r"four|five|six|seven|eight|nine|ten|hundred|a hundred|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|cien)\b",
    re.IGNORECASE)
_SMALL_WORDS = {"one": 1, "un": 1, "uno": 1, "una": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "hundred": 100, "a hundred": 100, "dos": 2, "tres": 3, "cuatro": 4,
                "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9, "diez": 10, "cien": 100}


# Searched in the lowercased sentence (case-sensitive patterns scan much faster than IGNORECASE ones).
# It starts at the whitespace after the number (a character class, which the engine skips to
# cheaply); the look-behinds check the number before it.
_ONE_IN_HINT = _lazy(r"\s(?:(?<=\d\s)|(?<=\bone\s)|(?<=\bun\s)|(?<=\bun[oa]\s))\s*(?:in|out of|of every|de cada|en)\s")
# Its digit case alone, which starts with a digit (a cheaper search); the word case needs one of
# _ONE_WORDS among the sentence's words.
_ONE_IN_DIGIT_HINT = _lazy(r"\d\s+(?:in|out of|of every|de cada|en)\s")
_ASCII_ONE_IN_DIGIT_HINT = _lazy(r"[0-9]\s+(?:in|out of|of every|de cada|en)\s")  # (\d on ASCII text)
_ONE_WORDS = frozenset(("one", "un", "uno", "una"))


def _fraction_numbers(text: str, taken: list[tuple[int, int]], lowered: str, hints: int):
    """"a quarter" (25%), "two thirds", "half of", "a quarter of one percent", "1 in 400": shares, as percent."""
    for m in (_FRACTION_RE.finditer(text) if hints & _H_FRACTION else ()):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        before = text[max(0, m.start() - 12):m.start()].lower()
        if re.search(r"(?:first|second|1st|2nd|primera|segunda|primer|segundo)\s+$", before):
            continue  # "the first half of 2018" is a period
        den = _FRACTIONS[fold(m.group("den")).lower()]
        num = _NUMERATORS.get(fold(m.group("num") or "a").lower(), 1)
        if fold(m.group("den")).lower() == "cuarto" and not m.group("num"):
            continue  # "cuarto" alone is also "room"
        value = num / den * (1 if m.group("of_pct") else 100)
        yield m.start(), m.end(), value, value * 0.2, "percent"
    one_in = (_ASCII_ONE_IN_DIGIT_HINT if lowered.isascii() else _ONE_IN_DIGIT_HINT).search(lowered) or (hints & _H_ONE and _ONE_IN_HINT.search(lowered))
    for m in (_ONE_IN_RE.finditer(text) if one_in else ()):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        a, b = fold(m.group("a")).lower(), fold(m.group("b")).lower()
        a_value = float(a) if a.isdigit() else _SMALL_WORDS.get(a)
        b_value = float(b.replace(",", "")) if b[0].isdigit() else _SMALL_WORDS.get(b)
        if a_value and b_value and a_value < b_value:
            value = a_value / b_value * 100
            yield m.start(), m.end(), value, value * 0.2, "percent"


def _word_numbers(text: str, reading: "Reading", taken: list[tuple[int, int]], lowered: str,
                  hints: int):
    for m in (DOZEN_RE.finditer(text) if hints & _H_DOZEN else ()):
        if not any(s < m.end() and m.start() < e for s, e in taken):
            n = {"a": 1, "one": 1, "una": 1}.get(m.group("n").lower()) or _SMALL.get(m.group("n").lower(), 1)
            decade = fold(m.group("what")).lower().startswith("decad")
            taken = taken + [(m.start(), m.end())]
            yield m.start(), m.end(), n * (10.0 if decade else 12.0), 1.0, "years" if decade else "count"
    if not hints & _H_NUMBER_WORD:
        return
    for m in _folded_finditer(_NUMBER_WORDS_RE, _NUMBER_WORDS_LOWER_RE, text, lowered):
        phrase = m.group()
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        if fold(phrase) in _LONE_WORDS_SKIPPED:
            continue
        if fold(phrase) in ("mil", "million", "millon", "millones", "thousand", "hundred", "cien",
                            "billion"):
            continue  # a bare scale word ("miles", "millions of") is not a figure
        if reading.language is None:
            reading.language = _detect_language(text)  # only sentences that spell numbers out need it
        value = _words_value(re.sub(r"\s+", " ", phrase.replace("-", " ")), reading.language)
        if value is None:
            continue
        yield m.start(), m.end(), value, 1.0, "count"


CHANGE_WORDS = frozenset(UP_WORDS | DOWN_WORDS | set(MULTIPLIERS) | {"times", "veces", "higher", "lower"})

# Hints: what a sentence must hold for a pattern to be worth running, as bits of one int.  Each
# "pieces" hint is a set of letter-only strings, to be found in the lowercased sentence: a run of
# letters lies inside one of its maximal runs (the words of _letter_words), so a piece is in the
# sentence exactly when it is in one of its words.  A word's hints are cached: for most sentences
# this replaces a scan of the whole sentence per hint.
_H_MULTIPLIER, _H_RATE, _H_FRACTION, _H_DOZEN, _H_TWELVE, _H_FIRST, _H_AVERAGE, _H_YEAR, _H_MONTHS = (
    1 << i for i in range(9))
_HINT_PIECES = (
    # Every _MULTIPLIER_RE match holds one of these pieces.
    (_H_MULTIPLIER, "doubl tripl trebl quadrupl quintupl halved half duplic cuadrupl twice times veces fold "
                    "doble mitad"),
    # Every phrase of _RATE_RE contains one of these: a sentence without any has no rate phrase.
    (_H_RATE, "month mes year annual año anual week semana day dail día diari"),
    (_H_FRACTION, "half halves third quarter fifth tenth mitad tercio cuarto quinto décimo decimo"),
    (_H_DOZEN, "dozen docena decade década decada"),
    (_H_TWELVE, "year month meses año"),  # one starts every _TWELVE_LINK_HINT match
    (_H_FIRST, "first primeros"),
    (_H_AVERAGE, "average promedio media"),
    (_H_YEAR, "year año"),
    (_H_MONTHS, "month meses"),
)
_PIECE_BITS: dict[str, int] = {}
for _bit, _pieces in _HINT_PIECES:
    for _piece in _pieces.split():
        _PIECE_BITS[_piece] = _PIECE_BITS.get(_piece, 0) | _bit
#: Each piece's hints, with those of the pieces it starts with ("meses": "mes" too).
_PIECE_HINTS: dict[str, int] = {}
for _piece in _PIECE_BITS:
    _PIECE_HINTS[_piece] = 0
    for _other, _bits in _PIECE_BITS.items():
        if _piece.startswith(_other):
            _PIECE_HINTS[_piece] |= _bits
#: At every position where a piece starts, the longest one: the alternation takes the first that
#: matches, so longest first (the other pieces starting there are its beginnings).  Sorted, so that
#: the pattern is the same in every process.
_HINT_PIECE_RE = _lazy("(?=(" + "|".join(sorted(_PIECE_HINTS, key=lambda p: (-len(p), p))) + "))")
# "word" hints: the word is one of a set.  CHANGE_WORDS are ASCII, and an ASCII word is its own fold.
_H_CHANGE, _H_MONTH, _H_NUMBER_WORD, _H_ONE = (1 << i for i in range(9, 13))
_HINT_WORDS = ((_H_MONTH, _MONTH_WORDS), (_H_NUMBER_WORD, _NUMBER_WORD_SET), (_H_ONE, _ONE_WORDS))


@lru_cache(maxsize=65536)
def _word_hints(word: str) -> int:
    """The hints of one word of a lowercased sentence."""
    hints = _H_CHANGE if fold(word) in CHANGE_WORDS else 0
    for bit, words in _HINT_WORDS:
        if word in words:
            hints |= bit
    for piece in _HINT_PIECE_RE.findall(word):
        hints |= _PIECE_HINTS[piece]
    return hints


@lru_cache(maxsize=65536)
def _token_hints(token: str) -> int:
    """The hints of one whitespace-free piece of a lowercased sentence: those of its words."""
    hints = 0
    for word in _letter_words(token):
        hints |= _word_hints(word)
    return hints


def read(text: str) -> Reading:
    """Read every figure, period and content word of one sentence."""
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    reading = Reading(text=text, language=None)
    lowered = text.lower()
    # What the sentence's words (lowercase) hold: cheap tests below.  No whitespace character is a
    # letter, so the words of the sentence are those of its whitespace-separated tokens; str.split
    # is far cheaper than a regular expression scan, and most tokens recur (cached).
    hints = 0
    for token in lowered.split():
        hints |= _token_hints(token)
    change_words = bool(hints & _H_CHANGE)
    taken = _periods(text, reading, change_words, lowered, hints)

    figures: list[Figure] = []
    # Multipliers: "doubled", "se duplicó", "twice as many"
    for m in (_MULTIPLIER_RE.finditer(text) if hints & _H_MULTIPLIER else ()):
        word = fold(m.group("word") or m.group("twice") or m.group("half") or "")
        precision = 0.1
        if m.group("times"):
            value = float(m.group("times").replace(",", "."))
            if value <= 0:
                continue
            direction = "up" if value >= 1 else "down"
            digits = m.group("times").replace(",", ".")
            precision = 10.0 ** -len(digits.split(".")[1]) if "." in digits else 1.0
        elif m.group("half"):
            value, direction = 0.5, "down"
        elif m.group("twice"):
            first = word.split()[0]
            value = {"twice": 2.0, "two": 2.0, "three": 3.0, "four": 4.0, "el": 2.0}.get(first, 2.0)
            if word.startswith("el triple"):
                value = 3.0
            direction = "up"
        else:
            value = MULTIPLIERS.get(word.split()[-1], 2.0)
            direction = "down" if value < 1 else "up"
        hedge_word = fold((m.group("hedge") or "").strip())
        hedge = {"more than": MORE_THAN, "over": MORE_THAN, "just over": MORE_THAN, "mas de": MORE_THAN,
                 "poco mas de": MORE_THAN, "nearly": NEARLY, "almost": NEARLY, "close to": NEARLY,
                 "casi": NEARLY, "roughly": APPROXIMATE, "about": APPROXIMATE}.get(hedge_word, EXACT)
        if m.group("creces"):  # "se triplicaron con creces": more than tripled
            hedge = MORE_THAN
        figures.append(Figure(value=value, unit="multiplier", hedge=hedge, direction=direction,
                              text=m.group().strip(), start=m.start(), end=m.end(), precision=precision))

    # The spans each number reader must leave alone: periods, multipliers, then what the readers
    # before it found.  (The readers only test them for overlap, in any order, and change no list:
    # one list serves them all, and most sentences need no copy.)
    occupied = taken + [(f.start, f.end) for f in figures] if figures else taken
    fractions = list(_fraction_numbers(text, occupied, lowered, hints))
    raw = list(_raw_numbers(text, reading.language,
                            occupied + [(s, e) for s, e, *_ in fractions] if fractions else occupied, lowered))
    raw += fractions
    raw += list(_word_numbers(text, reading, occupied + [(s, e) for s, e, *_ in raw] if raw else occupied,
                              lowered, hints))
    raw.sort()
    # Ranges: "1,200 to 1,500", "between 1,200 and 1,500", "entre 1.200 y 1.500", "1,200-1,500"
    merged: list[tuple[int, int, float, float, str, float | None]] = []
    i = 0
    while i < len(raw):
        s, e, v, p, u = raw[i]
        high = None
        if i + 1 < len(raw):
            s2, e2, v2, p2, u2 = raw[i + 1]
            gap = text[e:s2]
            if _RANGE_GAP.fullmatch(gap) and v2 > v:
                opener = _RANGE_OPENER.search(text[max(0, s - 10):s])
                if u == "count" and u2 != "count":
                    u = u2
                    if u2 in ("USD", "MXN") and v < v2 / 100:  # "$75 to $88 million"
                        scale = 10 ** round(__import__("math").log10(v2 / v)) if v else 1
                        v *= scale
                if opener or _RANGE_DASH.fullmatch(gap):
                    high, e, p = v2, e2, min(p, p2)
                    s = s - (len(opener.group()) if opener else 0)
                    i += 1
        merged.append((s, e, v, p, u, high))
        i += 1

    rate_phrases = merged and bool(hints & _H_RATE)
    for s, e, value, precision, unit, high in merged:
        tail = text[e:e + 40]
        # Every unit of _AFTER_UNIT_RE starts, after any whitespace, with one of _UNIT_STARTS (and
        # only these characters match those letters case-insensitively).
        first = tail.lstrip()[:1].lower()
        after = _AFTER_UNIT_RE.match(tail) if first in _UNIT_STARTS else None
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
            elif kind == "miles" and unit == "count" and after.group("miles").lower().startswith("mile"):
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
                hedge = APPROXIMATE if w == "or so" else (AT_LEAST if w in ("or more", "o más", "o mas", "plus", "+") else AT_MOST)
            unit_end += after_hedge.end()
        if high is not None:
            hedge = RANGE
        per = _rate_after(text, unit_end, rate_phrases)
        direction = None
        if unit in ("percent", "percentage-points"):
            direction = _direction_near(text, hedge_start, unit_end)
        delta = False
        if unit in ("count", "people", "USD", "MXN"):
            comparative = _MORE_THAN_AFTER_RE.match(text[unit_end:unit_end + 80])
            if comparative:  # "5,800 more asylum requests in 2017 than in 2016"
                delta = True
                direction = "up" if fold(comparative.group(1)).lower() in ("more", "mas", "additional", "extra") else "down"
            elif _is_delta(text, hedge_start):
                direction = _direction_near(text, hedge_start, unit_end)
                delta = direction is not None
            else:
                direction = _level_direction(text, hedge_start)
        label = _label_after(text, unit_end)
        if unit == "percent" and not label:  # "4 percent of the crimes": a share of crimes
            of = re.match(r"\s+(?:of|de)\s+(?:the\s+|all\s+|los\s+|las\s+|el\s+|la\s+|its\s+|their\s+|sus\s+)?"
                          r"(?:[^\W\d_]+'s\s+|[^\W\d_]+’s\s+)?", text[unit_end:])
            if of:
                label = _label_after(text, unit_end + of.end())
        if unit == "count" and label and label[0] in ("people", "persons", "personas", "migrants",
                                                       "migrantes", "refugees", "refugiados"):
            unit = "people"
        figures.append(Figure(value=value, unit=unit, hedge=hedge, high=high, per=per,
                              direction=direction, label=label, text=text[hedge_start:unit_end],
                              start=hedge_start, end=unit_end, precision=precision, delta=delta))

    average = hints & _H_AVERAGE and _AVERAGE_RATE_RE.search(text)
    if average:  # "the monthly average of joint operations slipped to 429"
        rate = "month" if re.search(r"month|mensual|mes", average.group(), re.I) else "year"
        figures = [replace(f, per=rate) if f.unit == "count" and not f.per and not f.delta else f for f in figures]
    figures.sort(key=lambda f: (f.start, -f.end))
    # A number word inside another figure's text ("ciento" in "73 por ciento") is not a figure.
    kept: list[Figure] = []
    for f in figures:
        if kept and kept[-1].start <= f.start and f.end <= kept[-1].end:
            continue
        kept.append(f)
    figures = kept
    _assign_periods(reading, figures)
    reading.figures = figures
    reading.words = words_of(text, [(f.start, f.end) for f in figures] + taken)
    return reading


_AVERAGE_RATE_RE = _lazy(r"\b(?:monthly average|average monthly|promedio mensual|media mensual|"
                         r"annual average|average annual|promedio anual)\b", re.IGNORECASE)


def _assign_periods(reading: Reading, figures: list[Figure]) -> None:
    if not figures:
        return
    # "tripled after the program was announced in July 2014": a boundary, not the figure's period
    # (only a change has a boundary to drop: look for them only then)
    boundaries = [i for i, (s, _) in enumerate(reading.period_spans)
                  if _AFTER_EVENT_RE.search(reading.text[max(0, s - 60):s])] if any(f.is_change for f in figures) else ()
    if boundaries:
        keep = [i for i in range(len(reading.periods)) if i not in boundaries]
        reading.periods = [reading.periods[i] for i in keep]
        reading.period_spans = [reading.period_spans[i] for i in keep]
    spans = reading.period_spans
    if reading.comparison:
        base, target = reading.comparison
        for i, f in enumerate(figures):
            if (f.unit in ("multiplier", "percent", "percentage-points") and f.direction) or f.delta:
                figures[i] = replace(f, period=target, base=base)
            else:
                figures[i] = replace(f, period=_nearest(f, reading.periods, spans) or target)
        return
    if not reading.periods:
        return
    if len(reading.periods) == 1:
        period = reading.periods[0]
        for i, f in enumerate(figures):
            figures[i] = _with_period(f, period)
        return
    earliest = min(reading.periods, key=lambda p: (p.start, p.end))
    latest = max(reading.periods, key=lambda p: (p.end, p.start))
    for i, f in enumerate(figures):
        if (f.unit == "multiplier" or f.delta or (f.unit in ("percent", "percentage-points") and f.direction)) \
                and earliest.start < latest.start:
            figures[i] = replace(f, period=latest, base=earliest)  # "rose 73% from A to B", "66% higher than in 2016"
        else:
            figures[i] = _with_period(f, _nearest(f, reading.periods, spans))


_PERIOD_FIELD = Figure._fields.index("period")


def _with_period(figure: Figure, period: Period | None) -> Figure:
    """``replace(figure, period=period)`` without the keyword-argument machinery of ``_replace``."""
    return Figure._make(figure[:_PERIOD_FIELD] + (period,) + figure[_PERIOD_FIELD + 1:])


_AFTER_EVENT_RE = _lazy(r"\b(?:after|since|following|tras|desde|después de|despues de)\b[^,;.]*$", re.IGNORECASE)


def _nearest(figure: Figure, periods: list[Period], spans: list[tuple[int, int]]) -> Period | None:
    best, best_distance = None, None
    for period, (s, e) in zip(periods, spans):
        if s >= figure.end:
            distance = s - figure.end
        else:
            distance = (figure.start - e) * 1.5 + 5  # a following period binds more tightly
        if best_distance is None or distance < best_distance:
            best, best_distance = period, distance
    return best


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
            return dt.date(year, int(month), 1) if start else _month_end(year, int(month))
        return dt.date(year, int(month), int(day))
    except ValueError as error:
        raise ValueError(f"bad period {part!r}: {error}") from None
