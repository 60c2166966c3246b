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
from functools import lru_cache
from pathlib import Path

from .figures import fold, parse_period, words_of
from datetime import date as _date

from .model import Period, DIRECTIONS, EXACT, HEDGES, RANGE, RATE_PERIODS, UNITS, Claim, Figure, Problem, Source

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

class ClaimList:
    """The table's claims, kept as plain nested tuples and made into ``Claim`` objects when used.

    A cached 100,000-claim table unpickles about five times faster this way (plain tuples are built
    in C; named tuples call Python for every object), and a query only touches a few hundred claims.
    It is a read-only sequence: ``len()``, ``[i]``, iteration.
    """

    __slots__ = ("_raw", "_made")

    def __init__(self, claims=()):
        self._raw = [_raw_claim(c) for c in claims]
        self._made: dict[int, Claim] = dict(enumerate(claims))

    def __len__(self) -> int:
        return len(self._raw)

    #: Claims kept made at once; past that the memo starts again (memory stays bounded on big tables).
    MADE_MAX = 100_000

    def __getitem__(self, index: int) -> Claim:
        claim = self._made.get(index)
        if claim is None:
            if index < 0:
                index += len(self._raw)
            if len(self._made) >= self.MADE_MAX:
                self._made.clear()
            claim = self._made[index] = _make_claim(self._raw[index])
        return claim

    def __iter__(self):
        return (self[i] for i in range(len(self._raw)))

    def __getstate__(self):
        return self._raw

    def __setstate__(self, raw) -> None:
        self._raw = raw
        self._made = {}


def _raw_period(period):
    return None if period is None else (period.start.toordinal(), period.end.toordinal(), period.text)


def _raw_claim(claim: Claim) -> tuple:
    figures = tuple(tuple(f)[:5] + (_raw_period(f.period), f.direction, _raw_period(f.base)) + tuple(f)[8:]
                    for f in claim.figures)
    return (claim.id, claim.statement, claim.subject, figures, claim.quote, tuple(claim.source)) + tuple(claim)[6:]


_PERIODS: dict = {}


def _make_period(raw):
    if raw is None:
        return None
    period = _PERIODS.get(raw)
    if period is None:
        period = _PERIODS[raw] = Period(_date.fromordinal(raw[0]), _date.fromordinal(raw[1]), raw[2])
    return period


def _make_claim(raw: tuple) -> Claim:
    figures = tuple(Figure(*f[:5], _make_period(f[5]), f[6], _make_period(f[7]), *f[8:]) for f in raw[3])
    return Claim(raw[0], raw[1], raw[2], figures, raw[4], Source(*raw[5]), *raw[6:])


class Table:
    """Claims plus the index the matcher uses to find candidates without scanning every claim.

    ``claims``; ``paths`` (the files it came from); ``topic_terms`` (stem -> claims whose subject or
    keywords contain it: the topic gate); ``topic_phrases`` (first stem of a multi-word keyword ->
    [(stems, claim)]); ``context_terms`` (stem -> claims whose actor, place, aliases, statement or
    labels contain it); ``idf`` (stem -> inverse document frequency); ``series`` (name -> claims in
    period order); ``claim_words``, ``claim_names`` and ``claim_places`` (per claim: its context
    stems, its actor and place stems, the countries and states it names); ``by_id``; ``vocabulary``
    (every topic stem, for fuzzy look-ups); ``alias_phrases`` (multi-word aliases that at most two
    claims carry: proper names).
    """

    FIELDS = ("claims", "paths", "topic_terms", "topic_phrases", "context_terms", "idf", "series",
              "claim_words", "claim_names", "claim_places", "by_id", "vocabulary", "alias_phrases")
    __slots__ = FIELDS

    def __init__(self, claims: list[Claim], paths: list[str] | None = None):
        self.claims = claims if isinstance(claims, ClaimList) else ClaimList(claims)
        self.paths = paths or []
        self.topic_terms: dict[str, list[int]] = {}
        self.topic_phrases: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        self.context_terms: dict[str, list[int]] = {}
        self.idf: dict[str, float] = {}
        self.series: dict[str, list[int]] = {}
        self.claim_words: list[tuple[str, ...]] = []
        self.claim_names: list[tuple[str, ...]] = []
        self.claim_places: list[tuple[str, ...]] = []
        self.by_id: dict[str, int] = {}
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

    table = Table(claims=list(claims), paths=list(paths or []))
    doc_freq: dict[str, int] = {}
    for i, claim in enumerate(table.claims):
        table.by_id[claim.id] = i
        topic = set()
        phrase_words = set()
        for phrase in (claim.subject, *claim.keywords):
            words = tuple(stem(w) for w in words_of(phrase))
            if not words:
                continue
            if len(words) == 1:
                topic.add(words[0])
            else:
                table.topic_phrases.setdefault(words[0], []).append((words, i))
                phrase_words.update(words)
        for term in topic:
            table.topic_terms.setdefault(term, []).append(i)
        names = {stem(w) for text in (claim.actor, claim.place, *claim.aliases) for w in words_of(text)}
        context = set(names)
        context.update(stem(w) for w in words_of(claim.statement))
        for figure in claim.figures:
            context.update(stem(fold(w)) for w in figure.label)
        context |= topic
        context |= phrase_words
        for term in context:
            table.context_terms.setdefault(term, []).append(i)
            doc_freq[term] = doc_freq.get(term, 0) + 1
        table.claim_words.append(tuple(sorted(context)))  # a tuple: a third of a set's memory
        table.claim_names.append(tuple(sorted(names)))  # small: a tuple unpickles faster than a set
        table.claim_places.append(tuple(sorted({PLACE_OF[w] for w in context if w in PLACE_OF})))
        if claim.series:
            table.series.setdefault(claim.series, []).append(i)
    owners: dict[tuple[str, ...], set[int]] = {}
    for i, claim in enumerate(table.claims):
        for alias in claim.aliases:
            words = tuple(stem(w) for w in words_of(alias))
            if len(words) >= 2:
                owners.setdefault(words, set()).add(i)
    for words, claims_with in owners.items():
        if len(claims_with) <= 2:
            for i in claims_with:
                table.alias_phrases.setdefault(words[0], []).append((words, i))
    n = max(len(table.claims), 1)
    table.idf = {term: math.log(1 + n / df) for term, df in doc_freq.items()}
    for members in table.series.values():
        members.sort(key=lambda j: _claim_start(table.claims[j]))
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
    import gc

    enabled = gc.isenabled()
    gc.disable()  # building makes millions of objects; collecting cycles meanwhile only slows it
    try:
        claims, problems = parse_tables(resolved)
        if problems:
            raise TableError(problems)
        table = build_index(claims, [str(p) for p in resolved])
    finally:
        if enabled:
            gc.enable()
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
