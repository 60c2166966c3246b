"""The data types every part of claimcheck shares.

One name per concept:

* ``Period``   a span of calendar time (a year, a month range, a date range).
* ``Figure``   a number with its meaning: value, unit, period, hedge, direction.  The table's
               structured figures and the figures read from a sentence are both ``Figure``.
* ``Source``   where a claim was published (and the original it cites).
* ``Claim``    one entry of the curated table: a statement, its figures, the verbatim quote, the source.
* ``Result``   the verdict on one sentence, with a ``FigureResult`` for each figure it states.
* ``Segment``  a sentence found in a document, with its position.
* ``Finding``  a ``Result`` at a ``Segment`` of a file: what ``claimcheck lint`` reports.

Everything here is plain, immutable data (named tuples: they pickle cleanly, and the engine is a
pure function over text).  ``replace(obj, **changes)`` returns a copy with some fields changed.
"""

from __future__ import annotations

import datetime as _dt
from enum import IntEnum
from typing import NamedTuple


class InputError(Exception):
    """A problem with what the user gave (a file, a table, an option): ``str()`` is one line that
    names the input and says what to do.  Commands print it on stderr and exit 2."""


class ExitStatus(IntEnum):
    """What every command exits with."""

    OK = 0            # clean: nothing at or above --fail-on (validate: no problems)
    FINDINGS = 1      # something at or above --fail-on (validate: problems; search: no match)
    ERROR = 2         # usage or input error: one line on stderr
    INTERRUPTED = 130  # Ctrl-C (SIGINT)
    BROKEN_PIPE = 141  # the reader of the output went away (`| head`): cut short, as SIGPIPE ends git or cat
    TERMINATED = 143   # SIGTERM


def replace(obj, **changes):
    """A copy of ``obj`` (any of the types here) with ``changes`` applied."""
    return obj._replace(**changes)


SUPPORTED = "supported"
CONTRADICTED = "contradicted"
UNVERIFIED = "unverified"
VERDICTS = (SUPPORTED, CONTRADICTED, UNVERIFIED)
#: How bad a verdict is, for "the sentence's verdict is the worst of its figures'".
SEVERITY = {SUPPORTED: 0, UNVERIFIED: 1, CONTRADICTED: 2}

#: Hedges: how a stated number relates to the true value.
EXACT = "exact"
APPROXIMATE = "approximate"  # about, around, roughly, some, an estimated
NEARLY = "nearly"  # nearly, almost, close to, just under: true value at or a little below
MORE_THAN = "more-than"
AT_LEAST = "at-least"
FEWER_THAN = "fewer-than"
AT_MOST = "at-most"
RANGE = "range"  # value .. high
HEDGES = (EXACT, APPROXIMATE, NEARLY, MORE_THAN, AT_LEAST, FEWER_THAN, AT_MOST, RANGE)

#: Units a figure may carry.  Counts of things use "count" with a ``label`` saying what is counted.
UNITS = (
    "people", "count", "percent", "percentage-points", "multiplier",
    "USD", "MXN", "miles", "kilometres", "years", "months", "days",
)
COUNT_UNITS = ("people", "count")
RATE_PERIODS = ("day", "week", "month", "year")
DIRECTIONS = ("up", "down")


class Period(NamedTuple):
    """A closed span of days, ``start`` to ``end`` inclusive, with the text it was read from."""

    start: _dt.date
    end: _dt.date
    text: str = ""

    @property
    def months(self) -> int:
        """Whole calendar months covered (a year is 12, January-February is 2)."""
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    def same_span(self, other: "Period") -> bool:
        return self.start == other.start and self.end == other.end

    def overlaps(self, other: "Period") -> bool:
        return self.start <= other.end and other.start <= self.end

    @property
    def whole_months(self) -> bool:
        """Does it start on the first of a month and end on the last of one?"""
        return self.start.day == 1 and (self.end + _dt.timedelta(days=1)).day == 1

    def label(self) -> str:
        """A readable, canonical name: ``2017``, ``January-February 2018``, ``July 2014-June 2015``,
        ``5 March 2016``."""
        s, e = self.start, self.end
        if s == e:
            return f"{s.day} {_MONTHS[s.month]} {s.year}"
        if self.whole_months:
            if s.month == 1 and e.month == 12:
                return str(s.year) if s.year == e.year else f"{s.year}-{e.year}"
            if s.year == e.year:
                if s.month == e.month:
                    return f"{_MONTHS[s.month]} {s.year}"
                return f"{_MONTHS[s.month]}-{_MONTHS[e.month]} {s.year}"
            return f"{_MONTHS[s.month]} {s.year}-{_MONTHS[e.month]} {e.year}"
        return f"{s.isoformat()} to {e.isoformat()}"

    def iso(self) -> str:
        """ISO 8601 interval, the table's own notation (``2017``, ``2018-01/2018-02``)."""
        s, e = self.start, self.end
        if self.whole_months:
            if s.month == 1 and e.month == 12:
                return str(s.year) if s.year == e.year else f"{s.year}/{e.year}"
            a, b = f"{s.year:04d}-{s.month:02d}", f"{e.year:04d}-{e.month:02d}"
            return a if a == b else f"{a}/{b}"
        return f"{s.isoformat()}/{e.isoformat()}"


_MONTHS = ("", "January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


class Figure(NamedTuple):
    """A number with its meaning.

    ``value`` is the number (for a range, its low end, with ``high`` the top).  ``unit`` is one of
    ``UNITS``; ``per`` makes it a rate (``per="month"``).  ``hedge`` is one of ``HEDGES``.  For a change,
    ``direction`` is ``up`` or ``down`` and ``base`` the period it is measured against.  ``label`` holds
    the words for what is counted ("complaints", "naval bases").  Figures read from text carry their
    character ``start``/``end`` in that text and the ``text`` they were read from; table figures have
    ``start == end == -1``.  ``precision`` is the rounding step the writer used (1000 for "80,000").
    """

    value: float
    unit: str = "count"
    hedge: str = EXACT
    high: float | None = None
    per: str | None = None
    period: Period | None = None
    direction: str | None = None
    base: Period | None = None
    label: tuple[str, ...] = ()
    text: str = ""
    start: int = -1
    end: int = -1
    precision: float = 1.0
    #: The value is a difference from ``base`` ("rose by 5,800"), not a level.
    delta: bool = False
    #: A time the sentence gives the figure that no date resolves ("last year" with no date
    #: stated, "al inicio de este sexenio"): the figure has a period, unknown.
    vague: str = ""

    @property
    def has_direction(self) -> bool:
        """A direction or a multiplier ("rose", "tripled"): the figure says which way something moved."""
        return self.direction is not None or self.unit == "multiplier"

    @property
    def compares_times(self) -> bool:
        """A change between two times: a multiplier, a difference, or a percent with a direction
        ("tripled", "8,000 more", "up 73%"), as opposed to a level or a share."""
        return self.unit == "multiplier" or self.delta or (self.unit in ("percent", "percentage-points")
                                                           and bool(self.direction))

    def shown(self) -> str:
        """The figure as a person would write it: ``80,353``, ``about 80,000``, ``$75 million``."""
        return describe(self)


def format_number(value: float) -> str:
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    text = f"{value:,.3f}".rstrip("0").rstrip(".")
    return text


_HEDGE_WORDS = {
    APPROXIMATE: "about ", NEARLY: "nearly ", MORE_THAN: "more than ", AT_LEAST: "at least ",
    FEWER_THAN: "fewer than ", AT_MOST: "at most ", EXACT: "", RANGE: "",
}


def describe(figure: Figure) -> str:
    """Canonical English wording of a figure, used in reasons and plain output."""
    if figure.unit == "multiplier":
        number = {2.0: "doubled", 3.0: "tripled", 4.0: "quadrupled", 0.5: "halved"}.get(
            figure.value, f"x{format_number(figure.value)}")
        return _HEDGE_WORDS[figure.hedge] + number
    if figure.hedge == RANGE and figure.high is not None:
        number = f"{_amount(figure.value, figure.unit)} to {_amount(figure.high, figure.unit)}"
    else:
        number = _HEDGE_WORDS.get(figure.hedge, "") + _amount(figure.value, figure.unit)
    if figure.direction:
        number = ("up " if figure.direction == "up" else "down ") + number
    if figure.per:
        number += f" per {figure.per}"
    return number


def _amount(value: float, unit: str) -> str:
    if unit == "USD":
        if value >= 1e9:
            return f"${format_number(value / 1e9)} billion"
        if value >= 1e6:
            return f"${format_number(value / 1e6)} million"
        return f"${format_number(value)}"
    if unit == "MXN":
        return f"{format_number(value)} pesos"
    if unit == "percent":
        return f"{format_number(value)}%"
    if unit == "percentage-points":
        return f"{format_number(value)} percentage points"
    if unit in ("miles", "kilometres", "years", "months", "days"):
        return f"{format_number(value)} {unit}"
    return format_number(value)


class Source(NamedTuple):
    publisher: str
    title: str
    date: str
    url: str
    authors: tuple[str, ...] = ()
    file: str = ""
    #: Originals the article cites for this figure (SEGOB, INM, COMAR, a WOLA report ...).
    cites: tuple[str, ...] = ()


class Claim(NamedTuple):
    id: str
    statement: str
    subject: str
    figures: tuple[Figure, ...]
    quote: str
    source: Source
    actor: str = ""
    place: str = ""
    keywords: tuple[str, ...] = ()
    #: Other names of the actor and place (acronyms, Spanish names), for retrieval.
    aliases: tuple[str, ...] = ()
    series: str = ""
    #: Where the entry starts in its table file, for messages (``path``, 1-based line and column).
    origin: tuple[str, int, int] = ("", 0, 0)
    #: The stage of the count ("requested", "granted", ...: ``vocabulary.STAGES``); "" when the
    #: claim's own words say it (see ``match.claim_stages``).
    stage: str = ""
    #: Words that, in a sentence, mean another measure or another actor than this claim's.
    excludes: tuple[str, ...] = ()
    #: Words of which a sentence must name one, beside the figure, to be about this measure
    #: ("security forces" for people killed by security forces, not deaths in all).
    requires: tuple[str, ...] = ()
    #: A stub drafted by ``claimcheck extract`` that no editor has reviewed yet.
    draft: bool = False
    #: The figures count one event (a massacre's victims, a caravan's size), not a tally over the
    #: period: a sentence that dates the event within the period ("in August 2010") is about it.
    event: bool = False


class FigureResult(NamedTuple):
    """The verdict on one figure of a sentence, against the claim it was compared with."""

    figure: Figure
    verdict: str
    reasons: tuple[str, ...]
    claim_id: str | None = None
    #: The claim figure (or figure derived from the claim) it was compared with.
    matched: Figure | None = None
    #: The part that decided: number, bound, period, direction, derived (compared), or measure,
    #: actor, place, period, subject (why it could not be compared).
    slot: str = ""


class Result(NamedTuple):
    """The verdict on a sentence: the worst of its figures' verdicts."""

    text: str
    verdict: str
    reasons: tuple[str, ...]
    score: float
    figures: tuple[FigureResult, ...] = ()
    claim: Claim | None = None
    #: Further candidates (``--top``), best first, with their scores.
    alternatives: tuple[tuple[Claim, float], ...] = ()
    #: Notes beside the verdict: a newer figure of the same series ("newer: 14,596 in 2017 ...").
    notes: tuple[str, ...] = ()


def deciding_figure(result: Result) -> FigureResult | None:
    """The figure result that decided the sentence's verdict (the first with that verdict)."""
    for fr in result.figures:
        if fr.verdict == result.verdict:
            return fr
    return result.figures[0] if result.figures else None


class Segment(NamedTuple):
    """A sentence of a document, 1-based ``line``/``column`` where it starts and ends (end inclusive)."""

    text: str
    line: int
    column: int
    end_line: int
    end_column: int
    offset: int = 0  # character offset in the original document
    #: Which run of prose (paragraph, heading, list item, table cell) it is in, counted from 0.
    block: int = 0
    #: Is that run a heading?
    heading: bool = False


class Finding(NamedTuple):
    """A ``Result`` at a sentence of a file: what ``claimcheck lint`` reports."""

    path: str
    segment: Segment
    result: Result
    #: Where the figure that decided the verdict is written: (line, column, end line, end column),
    #: 1-based, the end inclusive; the sentence's own start and end when it cannot be found.
    figure_at: tuple[int, int, int, int] | None = None


class FileError(NamedTuple):
    """A file ``lint`` could not read or decode (reported like ruff's E902, and exit status 2)."""

    path: str
    message: str
    code: str = "E902"


class Problem(NamedTuple):
    """Something wrong with an input: a table file, a document, an option."""

    path: str
    line: int
    column: int
    message: str
    #: "error" (the table cannot be used as it is) or "note" (worth a look: a draft awaiting review)
    level: str = "error"

    def __str__(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        return f"{where}: {self.message}"
