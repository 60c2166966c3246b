"""The curated table: find it, load it (from a cache when the YAML has not changed), validate it.

The loader walks YAML *nodes* rather than constructed Python objects so that every problem is
reported as ``file:line:col: message``.  The same walk serves ``claimcheck validate`` (collect every
problem) and every other command (stop at the first, exit 2).
"""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from array import array
from functools import lru_cache
from itertools import islice
from pathlib import Path
from zlib import crc32

from .figures import fold, parse_period, words_of
from datetime import date as _date

from .model import Period, DIRECTIONS, EXACT, HEDGES, RANGE, RATE_PERIODS, UNITS, Claim, Figure, Problem, Source, gc_paused

TABLE_ENV = "CLAIMCHECK_TABLE"
MAX_TABLE_BYTES = 256 * 1024 * 1024
SCHEMA_VERSION = 1

_TOP_FIELDS = {"version", "sources", "claims"}
_SOURCE_FIELDS = {"file", "publisher", "title", "authors", "date", "url"}
_SOURCE_REQUIRED = ("publisher", "title", "date", "url")
_CLAIM_FIELDS = {"id", "statement", "subject", "actor", "place", "aliases", "series", "keywords",
                 "figures", "quote", "source", "cites"}
_CLAIM_REQUIRED = ("id", "statement", "subject", "keywords", "figures", "quote", "source")
_FIGURE_FIELDS = {"value", "high", "unit", "period", "hedge", "per", "direction", "base", "label"}
_FIGURE_REQUIRED = ("value", "unit")
_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class TableError(Exception):
    """The table could not be loaded.  ``problems`` holds every problem found; ``str()`` is one line."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        more = f" (and {len(problems) - 1} more problems; run `claimcheck validate`)" if len(problems) > 1 else ""
        super().__init__(f"{problems[0]}{more}")


# --------------------------------------------------------------------------------------------
# Where the table is
# --------------------------------------------------------------------------------------------

def bundled_table() -> Path:
    """The table shipped with claimcheck: inside the wheel, or data/ of a source checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "data" / "claims.yaml"
    if packaged.is_file():
        return packaged
    return here.parent.parent / "data" / "claims.yaml"


def table_paths(paths: list[str] | None = None) -> list[Path]:
    """``--table`` options win, then ``CLAIMCHECK_TABLE`` (os.pathsep-separated), then the bundled table."""
    if paths:
        return [Path(p) for p in paths]
    env = os.environ.get(TABLE_ENV, "").strip()
    if env:
        return [Path(p) for p in env.split(os.pathsep) if p.strip()]
    return [bundled_table()]


# --------------------------------------------------------------------------------------------
# The table and its index
# --------------------------------------------------------------------------------------------
#
# A 100,000-claim table held as Python objects takes ~550 MB: every figure, period, tuple, string
# and posting (an int above 256 is a 28-byte object of its own) is separate.  Here the claims are a
# few flat arrays and one UTF-8 buffer, and the index is arrays of claim numbers; both pickle as a
# handful of large objects, so the cache also loads faster.

_new = tuple.__new__  # a named tuple from its fields without a Python-level __new__ call


def _offset_type(largest: int) -> str:
    return "I" if largest < 1 << 32 else "Q"


class _Sharer:
    """One object for equal values (keywords, labels, sources, name tuples): pickle then stores each
    once.  Values of different types are never merged (1 == 1.0 == True in a dict)."""

    __slots__ = ("_seen",)

    def __init__(self):
        self._seen: dict = {}

    def __call__(self, value):
        key = (type(value), value, tuple(map(type, value)) if isinstance(value, tuple) else ())
        try:
            return self._seen.setdefault(key, value)
        except TypeError:  # unhashable: kept as it is
            return value


def _plain_period(period) -> bool:
    return period is None or (type(period) is Period and type(period.start) is _date
                              and type(period.end) is _date and type(period.text) is str)


def _plain_figure(figure) -> bool:
    """Can ``figure`` be stored in the figure columns and made again exactly?"""
    return (type(figure) is Figure and type(figure.value) is float
            and (figure.high is None or (type(figure.high) is float and figure.high == figure.high))
            and _plain_period(figure.period) and _plain_period(figure.base))


def _plain_claim(claim) -> bool:
    """Can ``claim`` be stored in the columns?  (Every claim the loader makes can; others are kept as they are.)"""
    if type(claim) is not Claim or type(claim.figures) is not tuple:
        return False
    if not (type(claim.id) is str and type(claim.statement) is str and type(claim.quote) is str):
        return False
    origin = claim.origin
    return (type(origin) is tuple and len(origin) == 3 and type(origin[1]) is int and type(origin[2]) is int
            and 0 <= origin[1] < 1 << 32 and 0 <= origin[2] < 1 << 32)


class ClaimList:
    """The table's claims, stored compactly and made into ``Claim`` objects when used.

    Ids, statements and quotes are slices of one UTF-8 buffer (``_text``, three offsets per claim in
    ``_bounds``); the fields that repeat across claims (subject, actor, place, keywords, aliases,
    series, source, file) are lists of shared objects, and line and column are arrays.  Figures are
    columns too: value, high (NaN for none), period and base (numbers into ``_periods``, -1 for none)
    and the rest of the figure (``_kinds``: unit, hedge, per, direction, then label and the other
    fields), with ``_fig_at`` giving each claim's first figure.  A claim or figure that cannot be
    stored so (not made by the loader: an int value, say) is kept as it is in ``_odd``/``_odd_figures``.

    A query touches a few hundred claims and mostly needs only their figures: ``figures(i)`` makes just
    those.  It is a read-only sequence: ``len()``, ``[i]``, iteration.
    """

    STATE = ("_text", "_bounds", "_subject", "_actor", "_place", "_keywords", "_aliases", "_series", "_source",
             "_path", "_line", "_column", "_fig_at", "_fig_value", "_fig_high", "_fig_kind", "_fig_period",
             "_fig_base", "_kinds", "_periods", "_odd", "_odd_figures")
    __slots__ = STATE + ("_made", "_period_objects", "_figures")

    #: Claims kept made at once; past that the memo starts again (making one costs a few microseconds).
    MADE_MAX = 4096
    #: Claims whose figures are kept made (a series' claims are read for each of its claims' targets);
    #: past that the older half is dropped.  ~300 bytes a claim.
    FIGURES_KEPT = 32_768

    def __init__(self, claims=()):
        claims = list(claims)
        share = _Sharer()
        nan = float("nan")
        pieces: list[bytes] = []
        bounds = [0]
        columns = [[] for _ in range(8)]
        subject, actor, place, keywords, aliases, series, source, path = columns
        line, column = array("I"), array("I")
        fig_at, fig_kind = array("I", [0]), array("I")
        fig_value, fig_high = array("d"), array("d")
        fig_period, fig_base = array("i"), array("i")
        kinds: dict = {}
        periods: dict = {}
        odd: dict[int, Claim] = {}
        odd_figures: dict[int, Figure] = {}
        total = 0

        def period_number(period) -> int:
            if period is None:
                return -1
            return periods.setdefault((period.start.toordinal(), period.end.toordinal(), period.text), len(periods))

        for i, claim in enumerate(claims):
            if not _plain_claim(claim):
                odd[i] = claim
                bounds += (total, total, total)
                for values in columns:
                    values.append("")
                line.append(0)
                column.append(0)
                fig_at.append(len(fig_value))
                continue
            for text in (claim.id, claim.statement, claim.quote):
                data = text.encode("utf-8", "surrogatepass")
                pieces.append(data)
                total += len(data)
                bounds.append(total)
            for values, value in zip(columns, (claim.subject, claim.actor, claim.place, claim.keywords, claim.aliases,
                                               claim.series, claim.source, claim.origin[0])):
                values.append(share(value))
            line.append(claim.origin[1])
            column.append(claim.origin[2])
            for figure in claim.figures:
                kind = None
                if _plain_figure(figure):
                    rest = share(tuple(figure)[8:])
                    key = (figure.unit, figure.hedge, figure.per, figure.direction, rest)
                    try:
                        kind = kinds.setdefault((key, tuple(map(type, key))), len(kinds))
                    except TypeError:  # an unhashable field
                        kind = None
                if kind is None:
                    odd_figures[len(fig_value)] = figure
                    fig_value.append(0.0)
                    fig_high.append(nan)
                    fig_kind.append(0)
                    fig_period.append(-1)
                    fig_base.append(-1)
                    continue
                fig_value.append(figure.value)
                fig_high.append(nan if figure.high is None else figure.high)
                fig_kind.append(kind)
                fig_period.append(period_number(figure.period))
                fig_base.append(period_number(figure.base))
            fig_at.append(len(fig_value))
        self._text = b"".join(pieces)
        self._bounds = array(_offset_type(total), bounds)
        self._subject, self._actor, self._place, self._keywords, self._aliases, self._series, self._source, \
            self._path = columns
        self._line, self._column = line, column
        self._fig_at, self._fig_value, self._fig_high, self._fig_kind = fig_at, fig_value, fig_high, fig_kind
        self._fig_period, self._fig_base = fig_period, fig_base
        self._kinds = [key for key, _ in kinds]
        self._periods = list(periods)
        self._odd, self._odd_figures = odd, odd_figures
        self._period_objects: dict[int, Period] = {}
        self._figures: dict[int, tuple[Figure, ...]] = {}
        # A small table keeps the very claims it was given (and never makes them again).
        self._made: dict[int, Claim] = dict(enumerate(claims)) if len(claims) <= self.MADE_MAX else {}

    def __len__(self) -> int:
        return len(self._subject)

    def __getitem__(self, index: int) -> Claim:
        claim = self._made.get(index)
        if claim is None:
            count = len(self._subject)
            if index < 0:
                index += count
            if not 0 <= index < count:
                raise IndexError("claim index out of range")
            claim = self._made.get(index)
            if claim is None:
                if len(self._made) >= self.MADE_MAX:
                    self._made.clear()
                claim = self._made[index] = self._make(index)
        return claim

    def __iter__(self):
        return (self[i] for i in range(len(self._subject)))

    def __getstate__(self):
        return tuple(getattr(self, name) for name in self.STATE)

    def __setstate__(self, state) -> None:
        for name, value in zip(self.STATE, state):
            setattr(self, name, value)
        self._made = {}
        self._period_objects = {}
        self._figures = {}

    def _make(self, i: int) -> Claim:
        odd = self._odd.get(i)
        if odd is not None:
            return odd
        text, bounds, k = self._text, self._bounds, 3 * i
        return _new(Claim, (text[bounds[k]:bounds[k + 1]].decode("utf-8", "surrogatepass"),
                            text[bounds[k + 1]:bounds[k + 2]].decode("utf-8", "surrogatepass"),
                            self._subject[i], self.figures(i),
                            text[bounds[k + 2]:bounds[k + 3]].decode("utf-8", "surrogatepass"),
                            self._source[i], self._actor[i], self._place[i], self._keywords[i], self._aliases[i],
                            self._series[i], (self._path[i], self._line[i], self._column[i])))

    def figures(self, index: int) -> tuple[Figure, ...]:
        """``self[index].figures``, without making the rest of the claim."""
        claim = self._made.get(index)
        if claim is not None:
            return claim.figures
        figures = self._figures.get(index)
        if figures is None:
            if index < 0 or index in self._odd:
                return self[index].figures
            kept = self._figures
            if len(kept) >= self.FIGURES_KEPT:
                for old in list(islice(kept, len(kept) // 2 + 1)):  # the oldest half
                    del kept[old]
            at = self._fig_at
            figures = kept[index] = tuple([self._figure(j) for j in range(at[index], at[index + 1])])
        return figures

    def series(self, index: int) -> str:
        """``self[index].series``."""
        claim = self._made.get(index) or self._odd.get(index)
        return claim.series if claim is not None else self._series[index]

    def id_of(self, index: int):
        """``self[index].id``."""
        claim = self._made.get(index) or self._odd.get(index)
        if claim is not None:
            return claim.id
        bounds = self._bounds
        return self._text[bounds[3 * index]:bounds[3 * index + 1]].decode("utf-8", "surrogatepass")

    def _figure(self, j: int) -> Figure:
        if self._odd_figures:
            odd = self._odd_figures.get(j)
            if odd is not None:
                return odd
        unit, hedge, per, direction, rest = self._kinds[self._fig_kind[j]]
        high = self._fig_high[j]
        period, base = self._fig_period[j], self._fig_base[j]
        return _new(Figure, (self._fig_value[j], unit, hedge, None if high != high else high, per,
                             None if period < 0 else self._period(period), direction,
                             None if base < 0 else self._period(base)) + rest)

    def _period(self, number: int) -> Period:
        period = self._period_objects.get(number)
        if period is None:
            start, end, text = self._periods[number]
            period = self._period_objects[number] = _new(Period, (_date.fromordinal(start), _date.fromordinal(end),
                                                                  text))
        return period


_MISSING = object()


class IdIndex:
    """``Table.by_id``: claim id -> claim number, a read-only mapping without a dict of every id.

    The ids' CRC-32s are sorted in an array beside their claim numbers; a look-up bisects to the hash
    and compares the id itself (decoded from the claim list), so a collision cannot mislead it.  When
    an id repeats, the last claim with it wins, as in a dict filled in order.
    """

    __slots__ = ("_claims", "_hashes", "_order", "_other", "_small")

    #: Up to this many claims, look-ups go through a plain dict made when the index is built or loaded
    #: (faster; ~100 bytes a claim).
    SMALL = 16_384

    def __init__(self, claims: ClaimList):
        pairs = []
        other = {}
        for i in range(len(claims)):
            claim_id = claims.id_of(i)
            if isinstance(claim_id, str):
                pairs.append((crc32(claim_id.encode("utf-8", "surrogatepass")), i))
            else:
                other[claim_id] = i
        pairs.sort()
        self._claims = claims
        self._hashes = array("I", [h for h, _ in pairs])
        self._order = array("I", [i for _, i in pairs])
        self._other = other
        self._small = self._dict()

    def _dict(self) -> dict | None:
        if len(self._claims) > self.SMALL:
            return None
        ids = {}
        for i in range(len(self._claims)):
            ids[self._claims.id_of(i)] = i
        return ids

    def __getstate__(self):
        return (self._claims, self._hashes, self._order, self._other)

    def __setstate__(self, state) -> None:
        self._claims, self._hashes, self._order, self._other = state
        self._small = self._dict()

    def get(self, claim_id, default=None):
        if self._small is not None:
            return self._small.get(claim_id, default)
        if not isinstance(claim_id, str):
            return self._other.get(claim_id, default)
        from bisect import bisect_left  # here: only a big table needs it, and start-up does not

        h = crc32(claim_id.encode("utf-8", "surrogatepass"))
        hashes, order, claims = self._hashes, self._order, self._claims
        at = bisect_left(hashes, h)
        found = default
        while at < len(hashes) and hashes[at] == h:
            if claims.id_of(order[at]) == claim_id:
                found = order[at]  # pairs are sorted by claim number too: the last one wins
            at += 1
        return found

    def __getitem__(self, claim_id) -> int:
        index = self.get(claim_id, _MISSING)
        if index is _MISSING:
            raise KeyError(claim_id)
        return index

    def __contains__(self, claim_id) -> bool:
        return self.get(claim_id, _MISSING) is not _MISSING

    def __iter__(self):
        """The ids in table order (a repeated id once, where it first appears)."""
        if self._small is not None:
            yield from self._small
            return
        seen = set()
        for i in range(len(self._claims)):
            claim_id = self._claims.id_of(i)
            if claim_id not in seen:
                seen.add(claim_id)
                yield claim_id

    def keys(self):
        return iter(self)

    def items(self):
        return ((claim_id, self[claim_id]) for claim_id in self)

    def __len__(self) -> int:
        return sum(1 for _ in self)


class WordSets:
    """``Table.claim_words``: per claim, its context stems as characters, ``chr`` of their numbers in
    ``Table.term_ids``, all in one string with offsets (``parts()``); ``[i]`` is the claim's string, so
    ``chr(term_ids[s]) in table.claim_words[i]`` tests a stem with one C-level search.  (A string
    because testing an int in an array makes an int object per element: several times slower.)"""

    __slots__ = ("_flat", "_at")

    def __init__(self, flat: str, at: array):
        self._flat = flat
        self._at = at

    def __getstate__(self):
        return (self._flat, self._at)

    def __setstate__(self, state) -> None:
        self._flat, self._at = state

    def parts(self) -> tuple[str, array]:
        """(all the words, offsets): claim i's words are ``flat[at[i]:at[i + 1]]``."""
        return self._flat, self._at

    def __len__(self) -> int:
        return len(self._at) - 1

    def __getitem__(self, index: int) -> str:
        at = self._at
        if index < 0:
            index += len(at) - 1
        return self._flat[at[index]:at[index + 1]]


class Table:
    """Claims plus the index the matcher uses to find candidates without scanning every claim.

    ``claims`` (a ``ClaimList``); ``paths`` (the files it came from); ``topic_terms`` (stem -> array of
    the claims whose subject or keywords contain it: the topic gate); ``topic_phrases`` (first stem of a
    multi-word keyword -> ((stems, array of claims), ...)); ``idf`` (stem -> inverse document
    frequency over the claims' context stems: actor, place, aliases, statement, labels, subject and
    keywords); ``term_ids`` (context stem -> its number in ``claim_words``); ``series`` (name -> array
    of claims in period order); ``claim_words`` (per claim: its context stems, as numbers),
    ``claim_names`` and ``claim_places`` (per claim: its actor and place stems, the countries and
    states it names); ``by_id`` (an ``IdIndex``); ``vocabulary`` (every topic stem, for fuzzy
    look-ups); ``alias_phrases`` (multi-word aliases that at most two claims carry: proper names).
    """

    FIELDS = ("claims", "paths", "topic_terms", "topic_phrases", "idf", "term_ids", "series",
              "claim_words", "claim_names", "claim_places", "by_id", "vocabulary", "alias_phrases")
    __slots__ = FIELDS

    def __init__(self, claims: list[Claim], paths: list[str] | None = None):
        self.claims = claims if isinstance(claims, ClaimList) else ClaimList(claims)
        self.paths = paths or []
        self.topic_terms: dict[str, array] = {}
        self.topic_phrases: dict[str, tuple[tuple[tuple[str, ...], array], ...]] = {}
        self.idf: dict[str, float] = {}
        self.term_ids: dict[str, int] = {}
        self.series: dict[str, array] = {}
        self.claim_words = WordSets("", array("I", [0] * (len(self.claims) + 1)))
        self.claim_names: list[tuple[str, ...]] = []
        self.claim_places: list[tuple[str, ...]] = []
        self.by_id = IdIndex(self.claims)
        self.vocabulary: list[str] = []
        self.alias_phrases: dict[str, list[tuple[tuple[str, ...], int]]] = {}

    def __getstate__(self):
        return tuple(getattr(self, name) for name in self.FIELDS)

    def __setstate__(self, state) -> None:
        for name, value in zip(self.FIELDS, state):
            setattr(self, name, value)

    def __len__(self) -> int:
        return len(self.claims)

    def get(self, claim_id: str) -> Claim | None:
        index = self.by_id.get(claim_id)
        return None if index is None else self.claims[index]


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light, language-agnostic stem for matching inflections: deported/deportations -> deport."""
    for suffix in ("aciones", "iciones", "ations", "ation", "acion", "icion", "ciones", "cion",
                   "ments", "ment", "ings", "ing", "ados", "adas", "idos", "idas", "ado", "ada",
                   "ido", "ida", "aron", "ieron", "ions", "ion", "ies", "ed", "es", "s", "o", "a", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def build_index(claims: list[Claim], paths: list[str] | None = None) -> Table:
    import math

    from .vocabulary import PLACE_OF

    claims = list(claims)
    table = Table(claims=claims, paths=list(paths or []))
    share = _Sharer()
    term_ids: dict[str, int] = {}
    doc_freq: list[int] = []
    flat: list[str] = []
    at = array("I", [0])
    phrases: dict[str, dict[tuple[str, ...], array]] = {}
    for i, claim in enumerate(claims):
        topic = set()
        phrase_words = set()
        for phrase in (claim.subject, *claim.keywords):
            words = tuple(stem(w) for w in words_of(phrase))
            if not words:
                continue
            if len(words) == 1:
                topic.add(words[0])
            else:
                members = phrases.setdefault(words[0], {}).setdefault(share(words), array("I"))
                if not members or members[-1] != i:  # a phrase given twice (subject and keyword) counts once
                    members.append(i)
                phrase_words.update(words)
        for term in topic:
            table.topic_terms.setdefault(term, array("I")).append(i)
        names = {stem(w) for text in (claim.actor, claim.place, *claim.aliases) for w in words_of(text)}
        context = set(names)
        context.update(stem(w) for w in words_of(claim.statement))
        for figure in claim.figures:
            context.update(stem(fold(w)) for w in figure.label)
        context |= topic
        context |= phrase_words
        numbers = []
        for term in context:
            number = term_ids.get(term)
            if number is None:
                number = term_ids[term] = len(term_ids)
                doc_freq.append(0)
            doc_freq[number] += 1
            numbers.append(number)
        numbers.sort()
        flat.extend(map(chr, numbers))  # (1,114,112 distinct stems would be needed to run out of characters)
        at.append(len(flat))
        table.claim_names.append(share(tuple(sorted(names))))
        table.claim_places.append(share(tuple(sorted({PLACE_OF[w] for w in context if w in PLACE_OF}))))
        if claim.series:
            table.series.setdefault(claim.series, []).append(i)
    table.topic_phrases = {first: tuple(group.items()) for first, group in phrases.items()}
    table.term_ids = term_ids
    table.claim_words = WordSets("".join(flat), at)
    owners: dict[tuple[str, ...], set[int]] = {}
    for i, claim in enumerate(claims):
        for alias in claim.aliases:
            words = tuple(stem(w) for w in words_of(alias))
            if len(words) >= 2:
                owners.setdefault(share(words), set()).add(i)
    for words, claims_with in owners.items():
        if len(claims_with) <= 2:
            for i in claims_with:
                table.alias_phrases.setdefault(words[0], []).append((words, i))
    n = max(len(claims), 1)
    table.idf = {term: math.log(1 + n / doc_freq[number]) for term, number in term_ids.items()}
    for name, members in table.series.items():
        members.sort(key=lambda j: _claim_start(claims[j]))
        table.series[name] = array("I", members)
    table.vocabulary = sorted(table.topic_terms)
    return table


def _claim_start(claim: Claim):
    periods = [f.period.start for f in claim.figures if f.period]
    return min(periods) if periods else None or __import__("datetime").date.min


# --------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------

def load_table(paths: list[str] | None = None, *, use_cache: bool = True) -> Table:
    """Load and index the table(s); raises ``TableError`` with a one-line message on any problem."""
    resolved = table_paths(paths)
    for path in resolved:
        _check_readable(path)
    if use_cache:
        from . import cache

        key = cache.table_key(resolved)
        table = cache.read(key)
        if table is not None:
            return table
    with gc_paused():  # building makes millions of objects; collecting cycles meanwhile only slows it
        claims, problems = parse_tables(resolved)
        if problems:
            raise TableError(problems)
        table = build_index(claims, [str(p) for p in resolved])
    if use_cache:
        cache.write(key, table)
    return table


def _check_readable(path: Path) -> None:
    where = str(path)
    if not path.exists():
        raise TableError([Problem(where, 0, 0, "table not found (give --table PATH or set CLAIMCHECK_TABLE)")])
    if path.is_dir():
        raise TableError([Problem(where, 0, 0, "is a directory, not a table file")])
    if not os.access(path, os.R_OK):
        raise TableError([Problem(where, 0, 0, "permission denied: cannot read the table")])


def parse_tables(paths: list[Path], sources_dir: Path | None = None) -> tuple[list[Claim], list[Problem]]:
    """Parse several table files; ids must be unique across all of them."""
    claims: list[Claim] = []
    problems: list[Problem] = []
    seen: dict[str, tuple[str, int]] = {}
    source_texts = _source_texts(sources_dir, problems) if sources_dir else None
    for path in paths:
        file_claims, file_problems = parse_table_file(path, source_texts)
        problems.extend(file_problems)
        for claim in file_claims:
            if claim.id in seen:
                where, line = seen[claim.id]
                problems.append(Problem(claim.origin[0], claim.origin[1], claim.origin[2],
                                        f"duplicate id {claim.id!r} (first defined at {where}:{line})"))
                continue
            seen[claim.id] = claim.origin[:2]
            claims.append(claim)
    problems.sort(key=lambda p: (p.path, p.line, p.column))
    return claims, problems


def _read_table_text(path: Path, problems: list[Problem]) -> str | None:
    where = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_TABLE_BYTES:
            problems.append(Problem(where, 0, 0, f"table is {size:,} bytes; the limit is {MAX_TABLE_BYTES:,}"))
            return None
        data = path.read_bytes()
    except IsADirectoryError:
        problems.append(Problem(where, 0, 0, "is a directory, not a table file"))
        return None
    except FileNotFoundError:
        problems.append(Problem(where, 0, 0, "table not found"))
        return None
    except OSError as error:
        problems.append(Problem(where, 0, 0, f"cannot read the table: {error.strerror or error}"))
        return None
    if b"\0" in data[:8192]:
        problems.append(Problem(where, 0, 0, "binary file, not a YAML table"))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        problems.append(Problem(where, line, column, f"not UTF-8 (byte 0x{data[error.start]:02x}); save the table as UTF-8"))
        return None
    if not text.strip():
        problems.append(Problem(where, 0, 0, "table is empty; expected `claims:` with a list of entries"))
        return None
    return text


def parse_table_file(path: Path, source_texts: dict[str, str] | None = None) -> tuple[list[Claim], list[Problem]]:
    import yaml

    problems: list[Problem] = []
    where = str(path)
    text = _read_table_text(path, problems)
    if text is None:
        return [], problems
    Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        if re.search(r"(?:^|[\s\[{,:-])[&*][^\s,\]}]", text):
            for event in yaml.parse(text, Loader=Loader):
                if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                    mark = event.start_mark
                    problems.append(Problem(where, mark.line + 1, mark.column + 1,
                                            "YAML anchors and aliases are not allowed in a table; write each entry out"))
                    return [], problems
        root = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        context = error.context or ""
        if context and error.context_mark is not None and error.problem_mark is not None:
            context += f" (opened at line {error.context_mark.line + 1}, column {error.context_mark.column + 1})"
        message = " ".join(str(x) for x in (context, error.problem) if x) or "YAML syntax error"
        problems.append(Problem(where, mark.line + 1 if mark else 0, mark.column + 1 if mark else 0,
                                f"YAML syntax error: {message}"))
        return [], problems
    except yaml.YAMLError as error:
        problems.append(Problem(where, 0, 0, f"YAML error: {error}"))
        return [], problems
    walker = _Walker(where, problems, source_texts)
    claims = walker.table(root)
    return claims, problems


# --------------------------------------------------------------------------------------------
# The walk: YAML nodes -> Claims, with positions for every problem
# --------------------------------------------------------------------------------------------

class _Walker:
    def __init__(self, path: str, problems: list[Problem], source_texts: dict[str, str] | None):
        self.path = path
        self.problems = problems
        self.source_texts = source_texts
        self._shared: dict = {}

    # -- reporting
    def problem(self, node, message: str) -> None:
        mark = node.start_mark if node is not None else None
        self.problems.append(Problem(self.path, mark.line + 1 if mark else 0, mark.column + 1 if mark else 0, message))

    def mapping(self, node, what: str) -> dict | None:
        import yaml
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, f"{what} must be a mapping (key: value), not {self.kind(node)}")
            return None
        out = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                self.problem(key, f"{what}: keys must be plain words")
                continue
            if key.value in out:
                self.problem(key, f"{what}: field {key.value!r} appears twice")
            out[key.value] = (key, value)
        return out

    @staticmethod
    def kind(node) -> str:
        import yaml
        if node is None:
            return "nothing"
        if isinstance(node, yaml.MappingNode):
            return "a mapping"
        if isinstance(node, yaml.SequenceNode):
            return "a list"
        if node.tag.endswith(":null"):
            return "empty"
        return f"{node.tag.rsplit(':', 1)[-1]} {node.value!r}"

    def unknown(self, fields: dict, allowed: set[str], what: str) -> None:
        import difflib

        for name, (key, _) in fields.items():
            if name not in allowed:
                close = difflib.get_close_matches(name, sorted(allowed), n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else f" (known: {', '.join(sorted(allowed))})"
                self.problem(key, f"{what}: unknown field {name!r}{hint}")

    def required(self, node, fields: dict, names, what: str) -> bool:
        ok = True
        for name in names:
            if name not in fields:
                self.problem(node, f"{what}: missing required field {name!r}")
                ok = False
        return ok

    def string(self, node, what: str, allow_empty: bool = False) -> str | None:
        import yaml
        if not isinstance(node, yaml.ScalarNode) or node.tag.endswith(":null"):
            if allow_empty and isinstance(node, yaml.ScalarNode):
                return ""
            self.problem(node, f"{what} must be text, not {self.kind(node)}")
            return None
        if not node.value.strip() and not allow_empty:
            self.problem(node, f"{what} must not be empty")
            return None
        # Interned: the same keyword, alias or unit in 100,000 claims is one string in memory and in
        # the cache (pickle stores a shared object once), which keeps large tables small and fast.
        return sys.intern(node.value)

    def strings(self, node, what: str) -> tuple[str, ...] | None:
        import yaml
        if isinstance(node, yaml.ScalarNode) and not node.tag.endswith(":null"):
            return (sys.intern(node.value),)
        if isinstance(node, yaml.ScalarNode):
            return ()
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, f"{what} must be a list of text, not {self.kind(node)}")
            return None
        out = []
        for item in node.value:
            value = self.string(item, f"{what} item")
            if value is not None:
                out.append(value)
        return self.shared(tuple(out))

    def shared(self, value):
        """One object for equal values (lists of keywords, labels): smaller tables and caches."""
        return self._shared.setdefault(value, value)

    def number(self, node, what: str) -> float | None:
        import yaml
        if isinstance(node, yaml.ScalarNode) and (node.tag.endswith(":int") or node.tag.endswith(":float")):
            try:
                return float(node.value.replace("_", ""))
            except ValueError:
                pass
        if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":str") and node.style is None:
            try:  # a plain scalar with thousands separators, e.g. 80,353
                return float(node.value.replace(",", ""))
            except ValueError:
                pass
        self.problem(node, f"{what} must be a number, not {self.kind(node)}")
        return None

    def choice(self, node, allowed, what: str) -> str | None:
        value = self.string(node, what)
        if value is None:
            return None
        if value not in allowed:
            import difflib

            close = difflib.get_close_matches(value, list(allowed), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            self.problem(node, f"unknown {what} {value!r} (known: {', '.join(allowed)}){hint}")
            return None
        return value

    # -- structure
    def table(self, root) -> list[Claim]:
        import yaml
        if root is None:
            self.problems.append(Problem(self.path, 0, 0, "table is empty; expected `claims:` with a list of entries"))
            return []
        top = self.mapping(root, "the table")
        if top is None:
            return []
        self.unknown(top, _TOP_FIELDS, "the table")
        if "version" in top:
            key, node = top["version"]
            version = self.number(node, "version")
            if version is not None and version != SCHEMA_VERSION:
                self.problem(node, f"table version {version:g} is not supported (this claimcheck reads version {SCHEMA_VERSION})")
        sources: dict[str, Source] = {}
        if "sources" in top:
            _, node = top["sources"]
            entries = self.mapping(node, "sources")
            for name, (_, value) in (entries or {}).items():
                source = self.source(name, value)
                if source is not None:
                    sources[name] = source
        if "claims" not in top:
            self.problem(root, "the table: missing required field 'claims' (a list of entries)")
            return []
        _, node = top["claims"]
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, f"claims must be a list of entries, not {self.kind(node)}")
            return []
        claims = []
        for item in node.value:
            claim = self.claim(item, sources)
            if claim is not None:
                claims.append(claim)
        return claims

    def source(self, name: str, node) -> Source | None:
        fields = self.mapping(node, f"source {name!r}")
        if fields is None:
            return None
        self.unknown(fields, _SOURCE_FIELDS, f"source {name!r}")
        if not self.required(node, fields, _SOURCE_REQUIRED, f"source {name!r}"):
            return None
        values = {}
        for field_name in ("file", "publisher", "title", "url"):
            if field_name in fields:
                values[field_name] = self.string(fields[field_name][1], f"source {name!r}: {field_name}")
        date_node = fields["date"][1]
        date = self.string(date_node, f"source {name!r}: date")
        if date is not None:
            if not _DATE_RE.match(date):
                self.problem(date_node, f"source {name!r}: bad date {date!r}; use YYYY-MM-DD")
            else:
                try:
                    __import__("datetime").date.fromisoformat(date)
                except ValueError as error:
                    self.problem(date_node, f"source {name!r}: bad date {date!r}: {error}")
        authors = self.strings(fields["authors"][1], f"source {name!r}: authors") if "authors" in fields else ()
        url = values.get("url")
        if url is not None and not re.match(r"^https?://\S+$", url):
            self.problem(fields["url"][1], f"source {name!r}: url must start with http:// or https://")
        if None in values.values() or date is None or authors is None:
            return None
        return Source(publisher=values["publisher"], title=values["title"], date=date, url=values["url"],
                      authors=authors, file=values.get("file", ""))

    def claim(self, node, sources: dict[str, Source]) -> Claim | None:
        fields = self.mapping(node, "claim")
        if fields is None:
            return None
        label = "claim"
        if "id" in fields:
            claim_id = self.string(fields["id"][1], "claim id")
            if claim_id is not None:
                label = f"claim {claim_id!r}"
                if not _ID_RE.match(claim_id):
                    self.problem(fields["id"][1], f"{label}: id must be a lowercase slug like 'inm-deportations-2017'")
        self.unknown(fields, _CLAIM_FIELDS, label)
        if not self.required(node, fields, _CLAIM_REQUIRED, label):
            return None
        claim_id = self.string(fields["id"][1], "claim id")
        statement = self.string(fields["statement"][1], f"{label}: statement")
        subject = self.string(fields["subject"][1], f"{label}: subject")
        quote = self.string(fields["quote"][1], f"{label}: quote")
        keywords = self.strings(fields["keywords"][1], f"{label}: keywords")
        optional = {}
        for name in ("actor", "place", "series"):
            optional[name] = self.string(fields[name][1], f"{label}: {name}", allow_empty=True) if name in fields else ""
        aliases = self.strings(fields["aliases"][1], f"{label}: aliases") if "aliases" in fields else ()
        cites = self.strings(fields["cites"][1], f"{label}: cites") if "cites" in fields else ()
        source_node = fields["source"][1]
        source_name = self.string(source_node, f"{label}: source")
        source = None
        if source_name is not None:
            source = sources.get(source_name)
            if source is None:
                known = ", ".join(sorted(sources)) or "none defined under `sources:`"
                self.problem(source_node, f"{label}: unknown source {source_name!r} (known: {known})")
        figures = self.figures(fields["figures"][1], label, quote)
        if quote is not None and source is not None and self.source_texts is not None:
            self.check_quote(fields["quote"][1], label, quote, source)
        if None in (claim_id, statement, subject, quote, keywords, source, figures, aliases, cites) \
                or None in optional.values():
            return None
        if not keywords:
            self.problem(fields["keywords"][1], f"{label}: keywords must list at least one word for what is measured")
            return None
        if cites:
            source = source._replace(cites=cites)
        return Claim(id=claim_id, statement=statement, subject=subject, figures=figures, quote=quote,
                     source=source, actor=optional["actor"], place=optional["place"], keywords=keywords,
                     aliases=aliases, series=optional["series"],
                     origin=(self.path, node.start_mark.line + 1, node.start_mark.column + 1))

    def figures(self, node, label: str, quote: str | None) -> tuple[Figure, ...] | None:
        import yaml
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            self.problem(node, f"{label}: figures must be a non-empty list")
            return None
        out = []
        ok = True
        for item in node.value:
            figure = self.figure(item, label, quote)
            if figure is None:
                ok = False
            else:
                out.append(figure)
        return tuple(out) if ok else None

    def figure(self, node, label: str, quote: str | None) -> Figure | None:
        what = f"{label}: figure"
        fields = self.mapping(node, what)
        if fields is None:
            return None
        self.unknown(fields, _FIGURE_FIELDS, what)
        if not self.required(node, fields, _FIGURE_REQUIRED, what):
            return None
        value = self.number(fields["value"][1], f"{what} value")
        high = self.number(fields["high"][1], f"{what} high") if "high" in fields else None
        unit = self.choice(fields["unit"][1], UNITS, "unit")
        hedge = self.choice(fields["hedge"][1], HEDGES, "hedge") if "hedge" in fields else EXACT
        per = self.choice(fields["per"][1], RATE_PERIODS, "rate period (per)") if "per" in fields else None
        direction = self.choice(fields["direction"][1], DIRECTIONS, "direction") if "direction" in fields else None
        period = self.period(fields["period"][1], what) if "period" in fields else None
        base = self.period(fields["base"][1], f"{what} base") if "base" in fields else None
        label_words = self.strings(fields["label"][1], f"{what} label") if "label" in fields else ()
        broken = (value is None or unit is None or hedge is None or label_words is None
                  or ("high" in fields and high is None) or ("per" in fields and per is None)
                  or ("direction" in fields and direction is None) or ("period" in fields and period is None)
                  or ("base" in fields and base is None))
        if broken:
            return None
        if high is not None and hedge == EXACT:
            hedge = RANGE
        if hedge == RANGE and (high is None or high <= value):
            self.problem(node, f"{what}: a range needs `high` greater than `value`")
            return None
        if quote is not None and not value_in_text(value, quote):
            self.problem(fields["value"][1], f"{what} value {_plain(value)} does not appear in the quote")
        if high is not None and quote is not None and not value_in_text(high, quote):
            self.problem(fields["high"][1], f"{what} high {_plain(high)} does not appear in the quote")
        return Figure(value=value, unit=unit, hedge=hedge, high=high, per=per, period=period,
                      direction=direction, base=base,
                      label=self.shared(tuple(sys.intern(fold(w)) for w in label_words)))

    def period(self, node, what: str):
        import yaml
        if not isinstance(node, yaml.ScalarNode) or node.tag.endswith(":null"):
            self.problem(node, f"{what} period must be text like \"2017\" or \"2018-01/2018-02\", not {self.kind(node)}")
            return None
        try:
            return parse_period(node.value)
        except ValueError as error:
            self.problem(node, f"{what}: {error}")
            return None

    def check_quote(self, node, label: str, quote: str, source: Source) -> None:
        wanted = normalise_quote(quote)
        texts = self.source_texts or {}
        if source.file and source.file in texts:
            if wanted not in texts[source.file]:
                self.problem(node, f"{label}: quote not found verbatim in source file {source.file!r}")
        elif not any(wanted in text for text in texts.values()):
            self.problem(node, f"{label}: quote not found verbatim in any source text")


def _plain(value: float) -> str:
    return f"{int(value)}" if value == int(value) else f"{value:g}"


def value_in_text(value: float, text: str) -> bool:
    """Does ``text`` state ``value`` (in digits, any grouping, scaled money, or number words)?"""
    return any(abs(stated - value) < 1e-9 for stated in _stated_values(text))


@lru_cache(maxsize=4096)
def _stated_values(text: str) -> tuple[float, ...]:
    """Every value a quote states, read once per quote (a claim's figures and claims sharing a
    quote all look in the same one)."""
    from .figures import read

    values = []
    for figure in read(text).figures:
        values.append(figure.value)
        if figure.high is not None:
            values.append(figure.high)
    return tuple(values)


_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " ",
                         "\u202f": " ", "\u2007": " ", "\u2009": " "})


def normalise_quote(text: str) -> str:
    """Compare quotes after normalising whitespace, non-breaking spaces and typographic quotes."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text).translate(_QUOTES)).strip()


def _source_texts(directory: Path, problems: list[Problem]) -> dict[str, str]:
    if not directory.is_dir():
        problems.append(Problem(str(directory), 0, 0, "sources directory not found"))
        return {}
    texts = {}
    for path in sorted(directory.iterdir()):
        if path.suffix.lower() in (".txt", ".md", ".html", ".htm") and path.is_file():
            try:
                texts[path.name] = normalise_quote(path.read_text(encoding="utf-8", errors="replace"))
            except OSError as error:
                problems.append(Problem(str(path), 0, 0, f"cannot read source: {error.strerror}"))
    if not texts:
        problems.append(Problem(str(directory), 0, 0, "no source texts (.txt, .md, .html) in this directory"))
    return texts


def validate(paths: list[str] | None = None, sources_dir: str | None = None) -> tuple[list[Claim], list[Problem]]:
    """Every problem in the table(s), sorted by file and line.  Used by ``claimcheck validate``."""
    resolved = table_paths(paths)
    problems: list[Problem] = []
    readable = []
    for path in resolved:
        try:
            _check_readable(path)
            readable.append(path)
        except TableError as error:
            problems.extend(error.problems)
    claims, found = parse_tables(readable, Path(sources_dir) if sources_dir else None)
    problems.extend(found)
    problems.sort(key=lambda p: (p.path, p.line, p.column))
    return claims, problems
