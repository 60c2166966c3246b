"""Numbers written as phrases: multipliers ("doubled", "six-fold", "se multiplicaron por seis",
"crecieron 1.6 veces"), shares ("a quarter", "two thirds", "1 in 400", "tres de cada 10") and
thousands in words ("medio millar", "a quarter of a million").  ``figures.read`` calls these before
it reads digits and number words, so that their spans are taken.
"""

from __future__ import annotations

import re

from .model import APPROXIMATE, EXACT, MORE_THAN, NEARLY, Figure
from .text import STOPWORDS, fold
from .vocabulary import MULTIPLIERS, SMALL_NUMBERS, SMALL_NUMBERS_ES, small_numbers_pattern


_SMALL = small_numbers_pattern({w: n for w, n in SMALL_NUMBERS.items() if n >= 2})  # "six-fold", not "a-fold"
_MULTIPLIER_RE = re.compile(
    r"(?P<hedge>more than |nearly |almost |roughly |about |over |just over |close to |casi |"
    r"más de |mas de |poco más de )?"
    r"(?:(?P<word>doubled|double|doubling|tripled|triple|trebled|quadrupled|quintupled|halved|"
    r"se quintuplicó|se quintuplico|se quintuplicaron|"
    r"se duplicó|se duplico|se duplicaron|duplicó|duplicaron|se triplicó|se triplico|"
    r"se triplicaron|triplicó|triplicaron|se cuadruplicó|se cuadruplico)"
    r"|(?P<twice>twice|two times|three times|four times|el doble|el triple)"
    r"\s+(?:as many|as much|as high|as large|more|higher|que|de|the|that of)"
    r"|(?P<half>(?:se redujo|se redujeron|fell by|cut by|dropped by) (?:a la )?(?:mitad|half))"
    r"|(?P<times>(?<![\d.,])\d{1,4}(?:[.,]\d{1,2})?)\s*(?:-fold|(?:times|veces)\s+(?:as many|as much|as high|as large|more|higher|larger|"
    r"greater|bigger|más|mas|mayor|superior))"
    # "six-fold", "tenfold"; "grew 1.6 times", "crecieron seis veces", "se multiplicaron por seis"
    r"|(?P<foldword>" + _SMALL + r")-?fold"
    r"|(?:(?:rose|grew|increased|jumped|multiplied|climbed|crecieron|creció|crecio|aumentaron|aumentó|aumento|"
    r"subieron|subió|subio)\s+(?P<vtimes>\d{1,3}(?:[.,]\d{1,2})?|" + _SMALL + r")\s+(?:times|veces)"
    r"|se\s+multiplic(?:ó|o|aron)\s+por\s+(?P<por>\d{1,3}(?:[.,]\d{1,2})?|" + _SMALL + r")))"
    r"(?P<creces>\s+con creces)?\b", re.IGNORECASE)
#: One of these is in every text ``_MULTIPLIER_RE`` matches.
_MULTIPLIER_HINTS = ("doubl", "tripl", "trebl", "quadrupl", "quintupl", "halved", "duplic", "cuadruplic",
                     "twice", "times", "doble", "mitad", "half", "fold", "veces", "multiplic")
_MULTIPLIER_HEDGES = {
    "more than": MORE_THAN, "over": MORE_THAN, "just over": MORE_THAN, "mas de": MORE_THAN,
    "poco mas de": MORE_THAN, "nearly": NEARLY, "almost": NEARLY, "close to": NEARLY, "casi": NEARLY,
    "roughly": APPROXIMATE, "about": APPROXIMATE}


_FRACTION_OF_SCALE_RE = re.compile(
    r"(?<![\w-])(?P<frac>a\s+quarter|one\s+quarter|three\s+quarters|a\s+third|two\s+thirds|half|medio|un\s+cuarto)"
    r"(?:\s+of)?(?:\s+a|\s+de)?\s+(?P<scale>million|billion|mill[oó]n|millones)\b", re.IGNORECASE)
_FRACTION_VALUES = {"a quarter": 0.25, "one quarter": 0.25, "three quarters": 0.75, "a third": 1 / 3,
                    "two thirds": 2 / 3, "half": 0.5, "medio": 0.5, "un cuarto": 0.25}


_FRACTIONS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5,
              "fifths": 5, "tenth": 10, "tenths": 10, "mitad": 2, "tercio": 3, "tercios": 3, "cuarto": 4,
              "cuartos": 4, "quinto": 5, "quintos": 5, "decimo": 10, "decimos": 10}
_NUMERATORS = {"a": 1, "an": 1, "one": 1, "la": 1, "un": 1, "una": 1, "two": 2, "three": 3, "four": 4, "dos": 2,
               "tres": 3, "cuatro": 4}
_FRACTION_RE = re.compile(
    r"(?<![\w-])(?:(?P<num>a|an|one|two|three|four|la|un|una|dos|tres|cuatro)[\s-]+)?"
    r"(?P<den>half|halves|thirds?|quarters?|fifths?|tenths?|mitad|tercios?|cuartos?|quintos?|décimos?|decimos?)\b"
    r"(?P<of_pct>\s+(?:of\s+(?:one|a|1)\s+(?:percent|per cent|%)|de\s+(?:un|1)\s+(?:por ciento|%)))?",
    re.IGNORECASE)
_SMALL_WORDS = {"one": 1, "un": 1, "uno": 1, "una": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "seven": 7, "eight": 8, "nine": 9, "ten": 10, "hundred": 100, "a hundred": 100, "dos": 2, "tres": 3,
                "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9, "diez": 10, "cien": 100}
_SMALL_ALT = "|".join(sorted(_SMALL_WORDS, key=len, reverse=True))
#: "1 in 400", "one in five", "tres de cada 10": shares, as percent.
_ONE_IN_RE = re.compile(
    rf"(?<![\w.,])(?P<a>\d+|{_SMALL_ALT})\s+(?:in|out of|of every|de cada|en)\s+"
    rf"(?P<b>\d{{1,3}}(?:,\d{{3}})*|\d+|{_SMALL_ALT})\b", re.IGNORECASE)


def multipliers(text: str) -> list[Figure]:
    """"doubled", "se duplicó", "twice as many", "3.4 times as many", "se redujo a la mitad"."""
    out = []
    lowered = text.lower()
    if not any(hint in lowered for hint in _MULTIPLIER_HINTS):  # (the regex is slow to fail)
        return out
    for m in _MULTIPLIER_RE.finditer(text):
        word = fold(m.group("word") or m.group("twice") or m.group("half") or "")
        precision = 0.1
        counted = m.group("foldword") or m.group("vtimes") or m.group("por")
        if counted and fold(counted) in SMALL_NUMBERS:
            value = float(SMALL_NUMBERS[fold(counted)])
            if value < 2:
                continue
            direction, precision = "up", 1.0
        elif m.group("times") or counted:
            digits = (m.group("times") or counted).replace(",", ".")
            if len(digits) > 8:
                continue
            value = float(digits)
            if value <= 0:
                continue
            direction = "up" if value >= 1 else "down"
            precision = 10.0 ** -len(digits.split(".")[1]) if "." in digits else 1.0
        elif m.group("half"):
            value, direction = 0.5, "down"
        elif m.group("twice"):
            value = {"twice": 2.0, "two": 2.0, "three": 3.0, "four": 4.0, "el": 2.0}.get(word.split()[0], 2.0)
            if word.startswith("el triple"):
                value = 3.0
            direction = "up"
        else:
            value = MULTIPLIERS.get(word.split()[-1], 2.0)
            direction = "down" if value < 1 else "up"
        hedge = _MULTIPLIER_HEDGES.get(fold((m.group("hedge") or "").strip()), EXACT)
        if m.group("creces"):  # "se triplicaron con creces": more than tripled
            hedge = MORE_THAN
        said = re.sub(r"\s+(?:the|that of)$", "", m.group().strip(), flags=re.IGNORECASE)  # "twice (the ...)"
        out.append(Figure(value=value, unit="multiplier", hedge=hedge, direction=direction,
                          text=said, start=m.start(), end=m.start() + len(said), precision=precision))
    return out


def overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


#: "un millar", "millar y medio", "medio millar", "dos millares": thousands, in Spanish copy.
_MILLAR_RE = re.compile(
    r"(?<![\w-])(?:(?P<half>medio)\s+millar|(?:(?P<n>" + small_numbers_pattern(SMALL_NUMBERS_ES, 9) + r")\s+)?"
    r"(?P<word>millar(?:es)?)(?P<and_half>\s+y\s+medio)?)\b", re.IGNORECASE)


def scaled_fractions(text: str, taken: list[tuple[int, int]]):
    """"more than a quarter of a million", "medio millón", "millar y medio": counts."""
    for m in _MILLAR_RE.finditer(text):
        if overlaps(m.start(), m.end(), taken) or (m.group("word") and m.group("word").lower() == "millares"
                                                     and not m.group("n")):
            continue  # "millares de personas" is many thousands, no figure
        if m.group("half"):
            value = 500.0
        else:
            value = 1000.0 * SMALL_NUMBERS[(m.group("n") or "un").lower()] + (500.0 if m.group("and_half") else 0)
        yield m.start(), m.end(), value, 500.0, "count"
    for m in _FRACTION_OF_SCALE_RE.finditer(text):
        if overlaps(m.start(), m.end(), taken):
            continue
        scale = 1e9 if fold(m.group("scale")).startswith("billion") else 1e6
        value = _FRACTION_VALUES[" ".join(fold(m.group("frac")).split())] * scale
        yield m.start(), m.end(), value, scale / 4, "count"


#: After "a third", "a fifth": a noun the ordinal numbers ("a third security line"), not a function
#: word, a comparative or a scale ("a third of", "shrunk by a third since", "a third more", "a
#: quarter million").
_ORDINAL_NEXT_RE = re.compile(r"\s+([^\W\d_]{3,})")
_NOT_ORDINAL_NEXT = STOPWORDS | frozenset(
    "more fewer less higher lower larger smaller mas menos million billion millones mil percent last compared "
    "tras durante mientras respecto year years ano anos month months meses".split())


def _ordinal(text: str, end: int) -> bool:
    m = _ORDINAL_NEXT_RE.match(text, end)
    return m is not None and fold(m.group(1)) not in _NOT_ORDINAL_NEXT


def fraction_numbers(text: str, taken: list[tuple[int, int]]) -> list:
    """"a quarter" (25%), "two thirds", "a quarter of one percent", "1 in 400": shares, as percent."""
    out = []
    for m in _FRACTION_RE.finditer(text):
        if overlaps(m.start(), m.end(), taken):
            continue
        if re.search(r"(?:first|second|1st|2nd|primera|segunda|primer|segundo)\s+$", text[max(0, m.start() - 12):m.start()],
                     re.IGNORECASE):
            continue  # "the first half of 2018" is a period
        den_word = fold(m.group("den"))
        if not m.group("num") and den_word not in ("half", "halves", "mitad"):
            continue  # "third place", "quinto año", "cuarto" (a room): ordinals and nouns, not shares
        if fold(m.group("num") or "") in ("a", "an", "un", "una") and not den_word.endswith("s") \
                and den_word not in ("half", "mitad") and _ordinal(text, m.end()):
            continue  # "a third security line", "una cuarta caravana": an ordinal before its noun
        value = _NUMERATORS.get(fold(m.group("num") or "a"), 1) / _FRACTIONS[den_word] * (1 if m.group("of_pct") else 100)
        out.append((m.start(), m.end(), value, value * 0.2, "percent"))
    for m in _ONE_IN_RE.finditer(text):
        if overlaps(m.start(), m.end(), taken + [(s, e) for s, e, *_ in out]):
            continue
        a, b = fold(m.group("a")), fold(m.group("b"))
        a_value = float(a) if a.isdigit() else _SMALL_WORDS.get(a)
        b_value = float(b.replace(",", "")) if b[0].isdigit() else _SMALL_WORDS.get(b)
        if a_value and b_value and a_value < b_value:
            value = a_value / b_value * 100
            out.append((m.start(), m.end(), value, value * 0.2, "percent"))
    return out
