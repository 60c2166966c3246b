"""What a document says around each of its sentences: the date it states, the period and the
words of the sentence before, the places its headline and lede are about.

``lint`` checks each sentence with its ``Context`` (``match.Context``):

* **today**: the document's date, from the front matter (``date:``) or a dateline near the top
  ("MEXICO CITY — Mar 3, 2015", "Sábado 4 de febrero de 2017, p. 8", "January 6, 2016 |
  Publication", "15/07/2017 10:59"); relative periods ("last year", "el año pasado", "de enero a
  mayo") are resolved against it.
* **previous**: the period of the sentence before in the same paragraph, else of the last
  heading ("en ese año" stands for it).
* **words**: the content words of the sentence before in the paragraph and of the last heading: a
  sentence that refers back ("the number rose to ...") takes its subject from there, and any
  sentence may take the actor that corroborates an everyday keyword.
* **places**: what the headline and the first paragraph are about, for sentences that name no place.
"""

from __future__ import annotations

import datetime as dt
import re

from .documents import Document
from .figures import Reading, language_of, read
from .match import Context, place_mentions, where
from .periods import dateline_end, month_end
from .model import Segment
from .vocabulary import MONTHS

#: The longest sentence that is checked (characters); lint reports a longer one as too long.
MAX_SENTENCE_CHARS = 5000

_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_FULL_DATE_RE = re.compile(
    rf"(?P<m1>{_MONTH_RE})\.?\s+(?P<d1>\d{{1,2}}),?\s+(?P<y1>(?:19|20)\d\d)"
    rf"|(?P<d2>\d{{1,2}})\s+(?:de\s+)?(?P<m2>{_MONTH_RE})\.?,?\s+(?:de\s+|del\s+)?(?P<y2>(?:19|20)\d\d)"
    rf"|(?P<y3>(?:19|20)\d\d)-(?P<m3>\d\d)-(?P<d3>\d\d)"
    rf"|(?<![\d/-])(?P<d4>\d{{1,2}})(?P<sep>[/-])(?P<m4>\d{{1,2}})(?P=sep)(?P<y4>(?:19|20)\d\d)(?![\d/-])", re.IGNORECASE)
#: How far down a dateline is looked for: the first few sentences, and only short ones (or one
#: opening with a city and a dash, as wire copy does).
DATELINE_SENTENCES = 8
DATELINE_WORDS = 16
_CITY_DASH_RE = re.compile(r"^[A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ .,'’]+\s*(?:\([^)]*\))?\s*[—–-]{1,2}\s")


def _date_of(m: re.Match, day_first: bool = False) -> dt.date | None:
    """The date matched; ``day_first``: a numeric date is day/month/year, as in Spanish copy."""
    g = m.groupdict()
    try:
        if g["y1"]:
            return dt.date(int(g["y1"]), MONTHS[g["m1"].lower().rstrip(".")], int(g["d1"]))
        if g["y2"]:
            return dt.date(int(g["y2"]), MONTHS[g["m2"].lower().rstrip(".")], int(g["d2"]))
        if g["y3"]:
            return dt.date(int(g["y3"]), int(g["m3"]), int(g["d3"]))
        day, month = int(g["d4"]), int(g["m4"])
        if day <= 12 and month <= 12 and day != month and not day_first:
            return None  # 04/05/2018 in English copy: which is the month cannot be known
        if month > 12:
            day, month = month, day
        return dt.date(int(g["y4"]), month, day)
    except (ValueError, KeyError):
        return None


def document_date(doc: Document) -> dt.date | None:
    """The date a document states for itself: front matter, else a dateline near the top."""
    if doc.date is not None:
        return doc.date
    for seg in doc.segments[:DATELINE_SENTENCES]:
        m = _FULL_DATE_RE.search(seg.text)
        if m is None:
            continue
        short = len(seg.text.split()) <= DATELINE_WORDS
        dashed = m.start() <= 40 and re.match(r"\s*(?:,\s*[^—–]{0,20})?\s*[—–]", seg.text[m.end():])
        if short or _CITY_DASH_RE.match(seg.text) or m.start() <= 2 or dashed:
            date = _date_of(m, day_first=_spanish(doc))
            if date is not None:
                return date
    for seg in doc.segments[:DATELINE_SENTENCES]:  # a date line that gives a month only: "abril de 2018"
        m = _MONTH_LINE_RE.fullmatch(seg.text.strip())
        if m:
            year = int(m.group("y1") or m.group("y2"))
            month = int(m.group("m2")) if m.group("m2") else MONTHS[m.group("m1").lower().rstrip(".")]
            if 1 <= month <= 12:
                return month_end(year, month)
    return None


#: A line that is a month and a year and nothing else (but a word such as "date" or "fecha").
_MONTH_LINE_RE = re.compile(
    rf"(?:(?:date|fecha|published|publicado|updated|actualizado)[:\s]+)?(?:(?P<m1>{_MONTH_RE})\.?,?\s+(?:de\s+|del\s+)?"
    rf"(?P<y1>(?:19|20)\d\d)|(?P<y2>(?:19|20)\d\d)-(?P<m2>\d\d))", re.IGNORECASE)


def _spanish(doc: Document) -> bool:
    """Is the document in Spanish (its first sentences)?"""
    return language_of(" ".join(seg.text for seg in doc.segments[:DATELINE_SENTENCES * 2])) == "es"


def without_dateline(text: str) -> str:
    """A lede without its dateline ("Tapachula, Chiapas, 2 de abril de 2018 — ...")."""
    return text[dateline_end(text):]


def contexts(doc: Document) -> list[tuple[Context, Reading]]:
    """For each sentence of the document, in order, its ``Context`` and its reading in that context."""
    today = document_date(doc)
    lede = [s for s in doc.segments if s.heading][:1] + [s for s in doc.segments if not s.heading
                                                          and len(s.text.split()) > DATELINE_WORDS][:2]
    places = tuple(sorted(set().union(*(where(place_mentions(without_dateline(s.text))) for s in lede))))
    out = []
    previous: Segment | None = None
    previous_reading = None
    heading_words: tuple[str, ...] = ()
    heading_period = None
    heading_text = ""
    for seg in doc.segments:
        same_block = previous is not None and previous.block == seg.block and not seg.heading
        words, period, before = heading_words, heading_period, heading_text
        if same_block and previous_reading is not None:
            words, before = tuple(previous_reading.words) + heading_words, previous.text
            if previous_reading.periods:
                period = previous_reading.periods[-1]
        elif previous_reading is not None and not seg.heading and not previous.heading:
            # a paragraph's first sentence: the paragraph before may name what it is about (its
            # words corroborate; they never decide a slot unless the sentence refers back)
            words, before = tuple(previous_reading.words) + heading_words, previous.text
        context = Context(today, period, words, places, before)
        reading = read(seg.text, today, period) if len(seg.text) <= MAX_SENTENCE_CHARS else \
            Reading(seg.text, (), (), (), None, ())  # too long to check: lint says so, nothing is read
        if same_block and previous_reading.unresolved and not previous_reading.periods and not reading.periods:
            # "Two years ago there was a massacre. ... Zetas murdered 72 migrants.": the time the
            # sentence before gives, that no date resolves, is this figure's time too: unknown
            vague = previous_reading.unresolved[-1]
            reading = reading._replace(figures=tuple(f._replace(vague=vague) if f.period is None and not f.vague
                                                     else f for f in reading.figures))
        out.append((context, reading))
        if seg.heading:
            heading_words, heading_text = tuple(reading.words), seg.text
            heading_period = reading.periods[-1] if reading.periods else None
        previous, previous_reading = seg, reading
    return out
