"""The table in memory: the claims and the index the matcher uses to find candidates without
scanning every claim, loaded from the YAML or from the cache.

``load_table(paths)`` reads the table files (the bundled table first, then ``--table`` and the
configuration's ``tables``), and returns a ``Table``: from the cache when one was written for
exactly these bytes, else parsed, indexed and cached.
"""

from __future__ import annotations

import math
import sys

from .model import Claim
from .table import TableError, parse_tables, read_table_bytes, table_paths
from .text import stem, stems_of, words_of
from .vocabulary import DESCRIPTORS, PLACE_OF, PLACE_PHRASES


class Table:
    """Claims plus their index.

    * ``claims``: the claims, in table order; ``by_id``: id -> position.
    * ``topic_terms``: stem -> claims whose subject or a single-word keyword has it (the topic gate);
      ``topic_phrases``: first stem of a multi-word keyword -> ((stems, claims), ...).
    * ``alias_phrases``: first stem of a multi-word alias that at most two claims carry (a proper
      name: "Red Sonora", "Randy Clark") -> ((stems, claim), ...); ``unique_names``: claim -> the
      multi-word names only it (or its series) carries.
    * ``idf``: stem -> inverse document frequency over the claims' context stems (actor, place,
      aliases, statement, labels, subject, keywords); ``context``: per claim, those stems.
    * ``names``: per claim, the stems of its actor, place and aliases; ``places``: per claim, the
      places (``vocabulary.PLACE_OF``) it names.
    * ``series``: name -> claims in period order; ``vocabulary``: every topic stem (fuzzy look-ups).
    """

    def __init__(self, claims: list[Claim], paths: list[str] | None = None):
        self.claims = list(claims)
        self.paths = list(paths or [])
        self.by_id = {claim.id: i for i, claim in enumerate(self.claims)}
        self.topic_terms: dict[str, list[int]] = {}
        self.topic_phrases: dict[str, list[tuple[tuple[str, ...], list[int]]]] = {}
        self.alias_phrases: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        self.unique_names: dict[int, list[tuple[str, ...]]] = {}
        self.idf: dict[str, float] = {}
        self.context: list[tuple[str, ...]] = []
        #: per claim, the stems of its subject and keywords (what it measures)
        self.topics: list[tuple[str, ...]] = []
        #: every stem the claims or their quotes use: a sentence mostly of other words is about
        #: something the table is not
        self.known: frozenset[str] = frozenset()
        self.names: list[tuple[str, ...]] = []
        self.places: list[tuple[str, ...]] = []
        self.series: dict[str, list[int]] = {}
        self.vocabulary: list[str] = []
        #: the claims still marked ``draft: true``: listed and validated, but no evidence for a verdict
        self.drafts = frozenset(i for i, claim in enumerate(self.claims) if claim.draft)
        self._build()

    def __len__(self) -> int:
        return len(self.claims)

    def get(self, claim_id: str) -> Claim | None:
        index = self.by_id.get(claim_id)
        return None if index is None else self.claims[index]

    def _build(self) -> None:
        share: dict = {}  # one object for equal tuples and strings: a big table stays small

        def shared(value):
            return share.setdefault(value, value)

        doc_freq: dict[str, int] = {}
        phrases: dict[tuple[str, ...], list[int]] = {}
        owners: dict[tuple[str, ...], set[int]] = {}
        for i, claim in enumerate(self.claims):
            topic: set[str] = set()
            phrase_words: set[str] = set()
            for phrase in (claim.subject, *claim.keywords):
                words = stems_of(phrase)
                if len(words) == 1:
                    topic.add(words[0])
                elif words:
                    members = phrases.setdefault(shared(words), [])
                    if not members or members[-1] != i:
                        members.append(i)
                    phrase_words.update(words)
            for term in topic:
                self.topic_terms.setdefault(sys.intern(term), []).append(i)
            self.topics.append(shared(tuple(sorted(topic | phrase_words))))
            names = {stem(w) for text in (claim.actor, claim.place, *claim.aliases) for w in words_of(text)}
            context = names | topic | phrase_words | set(stems_of(claim.statement))
            context.update(stem(w) for f in claim.figures for label in f.label for w in words_of(label))
            for term in context:
                doc_freq[term] = doc_freq.get(term, 0) + 1
            self.context.append(shared(tuple(sorted(sys.intern(t) for t in context))))
            self.names.append(shared(tuple(sorted(names))))
            self.places.append(shared(tuple(sorted(places_named(context)))))
            if claim.series:
                self.series.setdefault(claim.series, []).append(i)
            for alias in claim.aliases:
                words = stems_of(alias)
                if len(words) >= 2:
                    owners.setdefault(shared(words), set()).add(i)
        for words, members in phrases.items():
            self.topic_phrases.setdefault(words[0], []).append((words, members))
        for words, members in owners.items():
            if all(w in PLACE_OF or w in DESCRIPTORS for w in words):
                continue  # a description ("southern border", "frontera sur"), not a name
            if len(members) <= 2:
                for i in sorted(members):
                    self.alias_phrases.setdefault(words[0], []).append((words, i))
            # a name one claim carries (or the claims of one series): the State Department does
            # many things, the Red Sonora is one
            series = {self.claims[i].series for i in members}
            if len(members) == 1 or (len(series) == 1 and "" not in series):
                for i in members:
                    self.unique_names.setdefault(i, []).append(words)
        n = max(len(self.claims), 1)
        self.idf = {term: math.log(1 + n / count) for term, count in doc_freq.items()}
        known = set(doc_freq)
        for quote in {claim.quote for claim in self.claims}:
            known.update(stems_of(quote))
        self.known = frozenset(known)
        for name, members in self.series.items():
            members.sort(key=lambda j: _first_day(self.claims[j]))
        self.vocabulary = sorted(self.topic_terms)


def places_named(stems) -> set[str]:
    """The places (``vocabulary.PLACE_OF``) that a collection of stems names, two-word names included."""
    stems = list(stems)
    out = {PLACE_OF[s] for s in stems if s in PLACE_OF}
    present = set(stems)
    for words, place in PLACE_PHRASES.items():
        if all(stem(w) in present for w in words):
            out.add(place)
    return out


def _first_day(claim: Claim):
    import datetime as dt

    days = [f.period.start for f in claim.figures if f.period]
    return min(days) if days else dt.date.min


def load_table(paths=None, *, bundled: bool = True, use_cache: bool = True) -> Table:
    """Load and index the tables in effect (``table.table_paths``); ``TableError`` on any problem."""
    resolved = table_paths(paths, bundled=bundled)
    texts = {path: read_table_bytes(path) for path in resolved}
    key = None
    if use_cache:
        from . import cache

        key = cache.table_key([(str(path), texts[path]) for path in resolved])
        table = cache.read(key)
        if table is not None:
            return table
    claims, problems = parse_tables(resolved, texts=texts)
    if problems:
        raise TableError(problems)
    table = Table(claims, [str(p) for p in resolved])
    if key is not None:
        cache.write(key, table)
    return table


_default: Table | None = None


def default_table() -> Table:
    """The bundled table (and ``CLAIMCHECK_TABLE``), loaded once per process."""
    global _default
    if _default is None:
        _default = load_table()
    return _default


__all__ = ["Table", "load_table", "default_table", "places_named", "TableError"]
