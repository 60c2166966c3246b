"""The curated table: where it is, reading its YAML, and checking it (``claimcheck validate``).

The reader walks YAML *nodes* rather than constructed Python objects, so that every problem is
reported as ``file:line:col: message``.  The same walk serves ``validate`` (collect every problem)
and every other command (stop at the first, exit 2).  Indexing the claims is ``index.py``'s work.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from functools import lru_cache
from pathlib import Path

from .figures import read
from .files import is_binary, read_file
from .model import DIRECTIONS, EXACT, HEDGES, RANGE, RATE_PERIODS, UNITS, Claim, Figure, InputError, Problem, Source
from .periods import parse_period
from .text import fold, has_control, normalise_quote

TABLE_ENV = "CLAIMCHECK_TABLE"
MAX_TABLE_BYTES = 256 * 1024 * 1024
SCHEMA_VERSION = 1

_TOP_FIELDS = {"version", "sources", "claims"}
_SOURCE_FIELDS = {"file", "publisher", "title", "authors", "date", "url"}
_SOURCE_REQUIRED = ("publisher", "title", "date", "url")
_CLAIM_FIELDS = {"id", "statement", "subject", "actor", "place", "aliases", "series", "keywords",
                 "figures", "quote", "source", "cites", "stage", "excludes", "requires", "draft", "event"}
_CLAIM_REQUIRED = ("id", "statement", "subject", "keywords", "figures", "quote", "source")
_FIGURE_FIELDS = {"value", "high", "unit", "period", "hedge", "per", "direction", "base", "label"}
_FIGURE_REQUIRED = ("value", "unit")
_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class TableError(InputError):
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


def table_paths(paths=None, *, bundled: bool = True) -> list[Path]:
    """The tables in effect: the bundled one (unless ``bundled`` is false), then ``CLAIMCHECK_TABLE``
    (paths separated by ``os.pathsep``), then ``paths`` (``--table`` and the config's ``tables``):
    every table adds to the ones before it."""
    out = [bundled_table()] if bundled else []
    env = os.environ.get(TABLE_ENV)
    if env is not None:
        named = [p for p in env.split(os.pathsep) if p.strip()]
        if env.strip() and not named:
            raise InputError(f"{TABLE_ENV}={env!r} names no table; unset it or give paths separated by "
                             f"{os.pathsep!r}")
        out += [Path(p) for p in named]
    out += [Path(p) for p in paths or ()]
    unique = []
    for path in out:  # the same file named twice (bundled and --table) is read once
        if not any(_same_file(path, other) for other in unique):
            unique.append(path)
    if not unique:
        raise InputError("no table: --no-bundled-table needs --table PATH (or tables in the configuration)")
    return unique


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------

def read_table_bytes(path: Path) -> bytes:
    """The bytes of a table file (a regular file, at most ``MAX_TABLE_BYTES``); ``TableError`` otherwise."""
    try:
        return read_file(path, MAX_TABLE_BYTES, "table")
    except InputError as error:
        message = str(error)
        prefix = f"{path}: "
        raise TableError([Problem(str(path), 0, 0, message[len(prefix):] if message.startswith(prefix)
                                  else message)]) from None


def parse_tables(paths: list[Path], sources_dir: Path | None = None,
                 texts: dict[Path, bytes] | None = None, prose=None) -> tuple[list[Claim], list[Problem]]:
    """Parse several table files; ids must be unique across all of them.  ``texts``: their bytes,
    when the caller has read them already.  ``prose(text, path)``: the running text of a Markdown or
    HTML source, markup removed (quotes drafted by ``extract`` come from it)."""
    claims: list[Claim] = []
    problems: list[Problem] = []
    seen: dict[str, tuple[str, int]] = {}
    source_texts = _source_texts(sources_dir, problems, prose) if sources_dir else None
    for path in paths:
        try:
            data = texts[path] if texts and path in texts else read_table_bytes(path)
        except TableError as error:
            problems.extend(error.problems)
            continue
        file_claims, file_problems = parse_table_text(data, str(path), source_texts)
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


def _text_of(data: bytes, where: str, problems: list[Problem]) -> str | None:
    if is_binary(data):
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


def parse_table_text(data: bytes, where: str, source_texts: dict[str, str] | None = None
                     ) -> tuple[list[Claim], list[Problem]]:
    """The claims of one table file's bytes, and every problem in it."""
    import yaml

    problems: list[Problem] = []
    text = _text_of(data, where, problems)
    if text is None:
        return [], problems
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        if re.search(r"(?:^|[\s\[{,:-])[&*][^\s,\]}]", text):
            for event in yaml.parse(text, Loader=loader):
                if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                    mark = event.start_mark
                    problems.append(Problem(where, mark.line + 1, mark.column + 1,
                                            "YAML anchors and aliases are not allowed in a table; write each entry out"))
                    return [], problems
        root = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        context = error.context or ""
        if context and error.context_mark is not None and error.problem_mark is not None:
            context += f" (opened at line {error.context_mark.line + 1}, column {error.context_mark.column + 1})"
        message = " ".join(str(x) for x in (context, error.problem) if x) or "YAML syntax error"
        problems.append(Problem(where, mark.line + 1 if mark else 0, mark.column + 1 if mark else 0,
                                f"YAML syntax error: {message}"))
        return [], problems
    except yaml.reader.ReaderError as error:  # a character YAML does not allow (a terminal escape, ...)
        before = text[:error.position] if isinstance(error.position, int) else ""
        line, column = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        problems.append(Problem(where, line, column, f"character U+{error.character:04X} is not allowed in YAML "
                                                     "(a control character, such as a terminal escape); remove it"))
        return [], problems
    except (yaml.YAMLError, RecursionError) as error:
        problems.append(Problem(where, 0, 0, f"YAML error: {type(error).__name__}"))
        return [], problems
    return _TableReader(where, problems, source_texts).table(root), problems


# --------------------------------------------------------------------------------------------
# The walk: YAML nodes -> Claims, with positions for every problem
# --------------------------------------------------------------------------------------------

class _TableReader:
    def __init__(self, path: str, problems: list[Problem], source_texts: dict[str, str] | None):
        self.path = path
        self.problems = problems
        self.source_texts = source_texts

    # -- reporting
    def problem(self, node, message: str) -> None:
        mark = node.start_mark if node is not None else None
        problem = Problem(self.path, mark.line + 1 if mark else 0, mark.column + 1 if mark else 0, message)
        if problem not in self.problems:  # (a field read twice is one problem)
            self.problems.append(problem)

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
        shown = node.value if len(node.value) <= 40 else node.value[:37] + "..."
        return f"{node.tag.rsplit(':', 1)[-1]} {shown!r}"

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

    def unknown(self, fields: dict, allowed: set[str], what: str) -> None:
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
        if node.tag.endswith((":int", ":float", ":bool")):  # "keywords: [5]", "period: 2018"
            self.problem(node, f"{what} must be text, not {self.kind(node)} (quote it: \"{node.value}\")")
            return None
        if not node.value.strip() and not allow_empty:
            self.problem(node, f"{what} must not be empty")
            return None
        if has_control(node.value):
            self.problem(node, f"{what} holds a control character (a terminal escape or similar); remove it")
            return None
        return node.value

    def strings(self, node, what: str) -> tuple[str, ...] | None:
        import yaml
        if isinstance(node, yaml.ScalarNode) and not node.tag.endswith(":null"):
            shown = node.value if len(node.value) <= 40 else node.value[:37] + "..."
            self.problem(node, f"{what} must be a list of text, not one value (write [{shown}])")
            return None
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
        return tuple(out)

    def number(self, node, what: str) -> float | None:
        import yaml
        if isinstance(node, yaml.ScalarNode) and (node.tag.endswith(":int") or node.tag.endswith(":float")):
            try:
                value = float(node.value.replace("_", ""))
                if value == value and abs(value) < 1e18:
                    return value
            except (ValueError, OverflowError):
                pass
        if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":str") and not node.style:  # (libyaml: "")
            try:  # a plain scalar with thousands separators, e.g. 80,353
                value = float(node.value.replace(",", ""))
                if value == value and abs(value) < 1e18:
                    return value
            except (ValueError, OverflowError):
                pass
        if isinstance(node, yaml.ScalarNode) and re.fullmatch(r"[-+]?[\d_,]+(?:\.\d+)?(?:e[-+]?\d+)?", node.value, re.I):
            self.problem(node, f"{what} is too large to be a figure (at most 18 digits)")
            return None
        self.problem(node, f"{what} must be a number, not {self.kind(node)}")
        return None

    def boolean(self, node, what: str) -> bool | None:
        import yaml
        if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":bool"):
            return node.value.lower() in ("true", "yes", "on")
        self.problem(node, f"{what} must be true or false, not {self.kind(node)}")
        return None

    def choice(self, node, allowed, what: str, where: str = "") -> str | None:
        """One of ``allowed``; else a problem naming ``where`` (the claim, the figure) and the field."""
        value = self.string(node, f"{where}: {what}" if where else what)
        if value is None:
            return None
        if value not in allowed:
            close = difflib.get_close_matches(value, list(allowed), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            self.problem(node, f"{where + ': ' if where else ''}unknown {what} {value!r} (known: {', '.join(allowed)}){hint}")
            return None
        return value

    # -- structure
    def table(self, root) -> list[Claim]:
        import yaml
        if root is None:
            self.problems.append(Problem(self.path, 0, 0, "table is empty; expected `claims:` with a list of entries"))
            return []
        if not isinstance(root, yaml.MappingNode):  # the file's content is not echoed: it may be anything
            self.problem(root, "not a claimcheck table: expected a mapping with `claims:` (is this the right file?)")
            return []
        top = self.mapping(root, "the table")
        if top is None:
            return []
        self.unknown(top, _TOP_FIELDS, "the table")
        if "version" not in top:
            self.problem(root, f"the table has no `version:`; add `version: {SCHEMA_VERSION}` at the top")
        if "version" in top:
            version = self.number(top["version"][1], "version")
            if version is not None and version != SCHEMA_VERSION:
                self.problem(top["version"][1], f"table version {version:g} is not supported "
                                                f"(this claimcheck reads version {SCHEMA_VERSION})")
        sources: dict[str, Source] = {}
        if "sources" in top:
            entries = self.mapping(top["sources"][1], "sources")
            for name, (_, value) in (entries or {}).items():
                source = self.source(name, value)
                if source is not None:
                    sources[name] = source
        if "claims" not in top:
            self.problem(root, "the table: missing required field 'claims' (a list of entries)")
            return []
        node = top["claims"][1]
        if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null"):
            return []  # `claims:` with nothing under it yet: a new table
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, f"claims must be a list of entries, not {self.kind(node)}")
            return []
        return [claim for claim in (self.claim(item, sources) for item in node.value) if claim is not None]

    def source(self, name: str, node) -> Source | None:
        what = f"source {name!r}"
        fields = self.mapping(node, what)
        if fields is None:
            return None
        self.unknown(fields, _SOURCE_FIELDS, what)
        if not self.required(node, fields, _SOURCE_REQUIRED, what):
            return None
        values = {}
        for field_name in ("file", "publisher", "title", "url"):
            if field_name in fields:
                values[field_name] = self.string(fields[field_name][1], f"{what}: {field_name}")
        date_node = fields["date"][1]
        date = self.string(date_node, f"{what}: date")
        if date is not None:
            if not _DATE_RE.match(date):
                self.problem(date_node, f"{what}: bad date {date!r}; use YYYY-MM-DD")
            else:
                try:
                    dt.date.fromisoformat(date)
                except ValueError as error:
                    self.problem(date_node, f"{what}: bad date {date!r}: {error}")
        authors = self.strings(fields["authors"][1], f"{what}: authors") if "authors" in fields else ()
        url = values.get("url")
        if url is not None and not re.match(r"^https?://\S+$", url):
            self.problem(fields["url"][1], f"{what}: url must start with http:// or https://")
        if None in values.values() or date is None or authors is None:
            return None
        return Source(publisher=values["publisher"], title=values["title"], date=date, url=values["url"],
                      authors=authors, file=values.get("file", ""))

    def claim(self, node, sources: dict[str, Source]) -> Claim | None:
        from .vocabulary import STAGE_NAMES

        import yaml

        label = "claim"
        if isinstance(node, yaml.MappingNode):  # named from the start: "claim 'x': field 'place' appears twice"
            label = next((f"claim {v.value!r}" for k, v in node.value if isinstance(k, yaml.ScalarNode)
                          and k.value == "id" and isinstance(v, yaml.ScalarNode)), label)
        fields = self.mapping(node, label)
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
        stage = self.choice(fields["stage"][1], STAGE_NAMES, "stage", label) if "stage" in fields else ""
        lists = {}
        for name in ("aliases", "cites", "excludes", "requires"):
            lists[name] = self.strings(fields[name][1], f"{label}: {name}") if name in fields else ()
        draft = self.boolean(fields["draft"][1], f"{label}: draft") if "draft" in fields else False
        event = self.boolean(fields["event"][1], f"{label}: event") if "event" in fields else False
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
        if None in (claim_id, statement, subject, quote, keywords, source, figures, stage, draft, event) \
                or None in optional.values() or None in lists.values():
            return None
        if not keywords:
            self.problem(fields["keywords"][1], f"{label}: keywords must list at least one word for what is measured")
            return None
        if lists["cites"]:
            source = source._replace(cites=lists["cites"])
        return Claim(id=claim_id, statement=statement, subject=subject, figures=figures, quote=quote,
                     source=source, actor=optional["actor"], place=optional["place"], keywords=keywords,
                     aliases=lists["aliases"], series=optional["series"],
                     origin=(self.path, node.start_mark.line + 1, node.start_mark.column + 1),
                     stage=stage, excludes=lists["excludes"], requires=lists["requires"], draft=draft, event=event)

    def figures(self, node, label: str, quote: str | None) -> tuple[Figure, ...] | None:
        import yaml
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            self.problem(node, f"{label}: figures must be a non-empty list")
            return None
        out = [self.figure(item, label, quote) for item in node.value]
        return None if None in out else tuple(out)

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
        unit = self.choice(fields["unit"][1], UNITS, "unit", what)
        hedge = self.choice(fields["hedge"][1], HEDGES, "hedge", what) if "hedge" in fields else EXACT
        per = self.choice(fields["per"][1], RATE_PERIODS, "rate period (per)", what) if "per" in fields else None
        direction = self.choice(fields["direction"][1], DIRECTIONS, "direction", what) if "direction" in fields else None
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
                      direction=direction, base=base, label=tuple(fold(w) for w in label_words))

    def period(self, node, what: str):
        import yaml
        if not isinstance(node, yaml.ScalarNode) or node.tag.endswith(":null") or not node.tag.endswith(":str"):
            self.problem(node, f"{what} period must be text like \"2017\" or \"2018-01/2018-02\", not {self.kind(node)}"
                               + (f" (quote it: \"{node.value}\")" if isinstance(node, yaml.ScalarNode)
                                  and node.tag.endswith(":int") else ""))
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


@lru_cache(maxsize=256)
def stated_values(text: str) -> tuple[float, ...]:
    """Every value a text states (a figure's value, and a range's top), as the reader reads it:
    the one way claimcheck finds a figure in a quote (``validate`` and the quote highlighting)."""
    values = []
    for figure in read(text).figures:
        values.append(figure.value)
        if figure.high is not None:
            values.append(figure.high)
    return tuple(values)


#: What may not follow a number written out in digits for it to be that number as it stands.
_NOT_PLAIN_AFTER = re.compile(r"[\d%]|[.,]\d|\s*(?:thousand|million|billion|mil\b|millones|millón|millon|mdd|bn\b|m\b|k\b)",
                              re.IGNORECASE)


def value_in_text(value: float, text: str) -> bool:
    """Does ``text`` state ``value`` (in digits, any grouping, scaled money, or number words)?"""
    if _plainly_stated(value, text):
        return True
    return any(abs(stated - value) < 1e-9 for stated in stated_values(text))


def _plainly_stated(value: float, text: str) -> bool:
    """A quick yes for a whole number of 1,000 or more written out in digits ("80,353", "80.353",
    "80 353", "80353"), so that loading a large table need not read every quote; anything else
    (and any year-like number) is left to the reader."""
    if value != int(value) or value < 1000 or 1800 <= value <= 2100 or value >= 1e15:
        return False
    grouped = f"{int(value):,}"
    for form in {grouped, str(int(value))} | {grouped.replace(",", sep) for sep in ". \u00a0\u202f"}:
        at = text.find(form)
        while at >= 0:
            end = at + len(form)
            if (at == 0 or text[at - 1] not in "0123456789.,") and not _NOT_PLAIN_AFTER.match(text, end):
                return True
            at = text.find(form, at + 1)
    return False


def _source_texts(directory: Path, problems: list[Problem], prose=None) -> dict[str, str]:
    if not directory.is_dir():
        problems.append(Problem(str(directory), 0, 0, "sources directory not found"))
        return {}
    texts = {}
    for path in sorted(directory.iterdir()):
        if path.suffix.lower() in (".txt", ".md", ".markdown", ".html", ".htm") and path.is_file():
            try:
                text = read_file(path, MAX_TABLE_BYTES, "source").decode("utf-8", errors="replace")
            except InputError as error:
                problems.append(Problem(str(path), 0, 0, str(error).split(": ", 1)[-1]))
                continue
            texts[path.name] = normalise_quote(text)
            if prose is not None and path.suffix.lower() != ".txt":
                texts[path.name] += "\n" + normalise_quote(prose(text, path))  # as a reader sees it
    if not texts:
        problems.append(Problem(str(directory), 0, 0, "no source texts (.txt, .md, .html) in this directory"))
    return texts
