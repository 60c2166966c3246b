"""Grow the table: draft a claim for every sentence of an article that states a checkable figure.

``draft_table(text, kind, name)`` reads an article (HTML, Markdown or text) and returns a
``Draft``: its source (publisher, title, authors, date and URL from the page itself, see
``metadata.py``) and one ``Stub`` per figure, in the table's own format:

* ``quote``: the sentence as a reader sees it (what ``validate --sources`` finds in the article);
* ``figures``: value, high, unit, hedge, period (resolved against the article's date: "last
  year" in an article of February 2017 is 2016), direction, base, label;
* ``subject``, ``actor``, ``place``, ``keywords``, ``aliases``: the article's own words;
* ``statement``: a plain restatement ("Comar: 8,781 solicitudes de asilo (2016)") that claimcheck
  checks as supported with the stub; ``id``: a readable slug, unique in the target table;
* ``draft: true``: it awaits an editor's review (``validate`` reports it as a note).

``yaml_table(draft)`` writes it as a table of its own; ``append_to(path, draft)`` adds it to a
table file without rewriting a byte of what is there.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import re
import unicodedata
from pathlib import Path
from typing import NamedTuple

from .context import contexts, document_date, without_dateline
from .documents import document
from .figures import has_figure
from .match import place_mentions, tokens_of
from .model import EXACT, Figure, InputError
from .text import fold, normalise_quote, squeeze, words_of
from .vocabulary import PEOPLE, PLACE_NAMES

#: Durations are drafted only when they say what they measure ("a 32-year veteran").
SKIPPED_UNITS = ("years", "months", "days")
_ACRONYM_RE = re.compile(r"\b[A-ZÁÉÍÓÚÑ]{2,7}\b")
_NAME_RE = re.compile(r"\b(?:[A-ZÁÉÍÓÚÑ][\w'’-]+(?:\s+(?:de|del|la|las|los|of|the|for|para|y|and)\s+|\s+)){1,5}"
                      r"[A-ZÁÉÍÓÚÑ][\w'’-]+")


class Source(NamedTuple):
    key: str
    publisher: str
    title: str
    authors: tuple[str, ...]
    date: str
    url: str
    file: str


class Stub(NamedTuple):
    id: str
    statement: str
    subject: str
    actor: str
    place: str
    keywords: tuple[str, ...]
    aliases: tuple[str, ...]
    figures: tuple[Figure, ...]
    quote: str
    line: int  # where the sentence starts in the article


class Draft(NamedTuple):
    source: Source
    stubs: list[Stub]
    name: str  # the article's path as given


def _slug(text: str, limit: int = 48) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:limit].strip("-") or "claim"


def _source(text: str, kind: str, name: str, url: str | None, today: dt.date | None) -> Source:
    from .metadata import page_metadata

    publisher = title = date = page_url = ""
    authors: tuple[str, ...] = ()
    if kind == "html":
        meta = page_metadata(text, url)
        publisher, title, authors, date, page_url = meta.publisher, meta.title, meta.authors, meta.date, meta.url
    else:
        heading = re.search(r"^#\s+(.+)$", text, re.MULTILINE)
        title = heading.group(1).strip() if heading else (text.strip().splitlines() or [""])[0][:200]
        for key, field in (("publisher", "publisher"), ("url", "url"), ("title", "title"), ("author", "author")):
            m = re.search(rf"^{key}\s*:\s*['\"]?(.+?)['\"]?\s*$", text[:4000], re.MULTILINE | re.IGNORECASE)
            if m:
                if field == "author":
                    authors = (m.group(1),)
                elif field == "publisher":
                    publisher = m.group(1)
                elif field == "url":
                    page_url = m.group(1)
                else:
                    title = m.group(1)
    comment = re.search(r"<!--\s*source:\s*(https?://\S+?)\s*-->", text[:4000])
    page_url = page_url or url or (comment.group(1) if comment else "")
    if not publisher and page_url:
        from urllib.parse import urlsplit

        publisher = (urlsplit(page_url).hostname or "").removeprefix("www.")
    date = date or (today.isoformat() if today else "")
    key = _slug(f"{publisher or Path(name).stem}-{date[:4]}", 40)
    return Source(key, publisher or Path(name).stem, squeeze(title) or Path(name).stem, authors, date, page_url,
                  Path(name).name if name != "-" else "")


_VERB_END = ("ó", "aron", "ieron", "aba", "aban", "ía", "ían", "ed", "ing", "ado", "ada", "ados", "adas", "ido",
             "ida", "idos", "idas")
_COMMON = frozenset(fold(w) for w in (
    "is was were are be been has have had es fue fueron son ha han había habia rebasa supera superan rebasan "
    "total cifra number figure sumaron sumó alcanzó alcanzaron reached more less según segun "
    # attribution and light verbs say nothing of what a figure counts ("took in 3,412 people, according to")
    "according said says told reported dijo dice informó informo señaló señalo took take taken made make gave "
    "given came went tomó tomo hizo dio tuvo").split())


def _names(sentence: str, known: dict[str, str]) -> tuple[str, str, tuple[str, ...]]:
    """(actor, place, aliases) the sentence names: a body the tables already know by one of its
    names ("la Comar" is COMAR), else an acronym or a capitalised name; and its places."""
    words = {t.word for t in tokens_of(sentence)}
    actor = next((actor for name, actor in known.items() if name in words), "")
    acronyms = [a for a in _ACRONYM_RE.findall(sentence) if a not in ("EU", "UE", "US", "EEUU", "AP", "EFE")]
    names = [squeeze(n) for n in _NAME_RE.findall(sentence) if len(n.split()) >= 2]
    capitalised = [t.raw.rstrip(".,;:") for t in tokens_of(without_dateline(sentence))[1:]  # (a lede's first word is capitalised)
                   if t.raw[:1].isupper() and t.word not in _COMMON
                   and len(t.word) > 3 and not place_mentions(t.raw)]
    places = [m for m in place_mentions(sentence) if m.role in ("actor", "location", "other")]
    actor = actor or (acronyms[0] if acronyms else (names[0] if names else (capitalised[0] if capitalised else "")))
    place = places[0].text if places else ""
    aliases = tuple(dict.fromkeys(a for a in acronyms + names + capitalised[:2] if a != actor))[:6]
    return actor, place, aliases


def _subject(figure: Figure, sentence: str) -> str:
    """What the figure counts, in the article's words: its label and what follows "de"/"of"
    ("solicitudes de asilo"), else the nouns before it ("Su presupuesto no rebasa $25 millones")."""
    label = [w for w in figure.label if not w.endswith(_VERB_END) and w not in _COMMON]
    if label:
        tail = re.match(r"\s+(?:de|of|del)\s+([^\W\d_]{4,})", sentence[figure.end:].split(label[-1], 1)[-1]
                        if label[-1] in fold(sentence[figure.end:]) else "")
        words = label[:3] + ([fold(tail.group(1))] if tail and fold(tail.group(1)) not in _COMMON else [])
        return " ".join(words)
    before = [w for w in words_of(sentence[max(0, figure.start - 80):figure.start])
              if not w.endswith(_VERB_END) and w not in _COMMON]
    return " ".join(before[-2:]) or "figure"


def _statement(actor: str, figure: Figure, subject: str) -> str:
    """A plain restatement the stub supports: "Comar: 8 mil 781 solicitudes de asilo (2016)."."""
    period = f" ({figure.period.label()})" if figure.period is not None else ""
    who = f"{actor}: " if actor else ""
    return f"{who}{figure.text} {subject}{period}."


def draft_table(text: str, kind: str, name: str, url: str | None = None,
                taken_ids: set[str] | frozenset = frozenset(), known: dict[str, str] | None = None) -> Draft:
    """Draft a stub for each figure the article states (see the module's docstring).  ``known``:
    folded names the tables in effect know -> the actor they name ("comar" -> "COMAR")."""
    from .match import figure_window

    doc = document(text, kind)
    today = document_date(doc)
    source = _source(text, kind, name, url, today)
    stubs: list[Stub] = []
    ids = set(taken_ids)
    for seg, (context, reading) in zip(doc.segments, contexts(doc)):
        if seg.heading or not has_figure(seg.text) or len(seg.text) > 2000:
            continue
        figures = [f for f in reading.figures if f.value > 0 and not f.vague
                   and not (f.unit in SKIPPED_UNITS and not f.label)  # "a 32-year veteran", not "for four years"
                   and not (f.unit == "count" and f.value < 2 and not f.label)]
        if not figures:
            continue
        actor, place, aliases = _names(seg.text, known or {})
        if not actor and context.text:  # "La dependencia recibió ...": the body the sentence before names
            actor = _names(context.text, known or {})[0]
        tokens = tokens_of(seg.text)
        for f in figures:
            subject = _subject(f, seg.text)
            after, before = figure_window(reading, f, tokens)
            own = [t.word for t in [*before, *after] if len(t.word) > 3 and t.word not in _COMMON
                   and t.word not in PLACE_NAMES  # where it happened is the stub's place, not its subject
                   and t.stem not in PEOPLE]  # "migrant shelters": who, not what is counted
            keywords = tuple(dict.fromkeys(subject.split() + own))[:10] or (subject,)
            year = f"-{f.period.start.year}" if f.period is not None else ""
            base = _slug(f"{actor or source.key}-{subject}", 40) + year
            stub_id, n = base, 2
            while stub_id in ids:
                stub_id, n = f"{base}-{n}", n + 1
            ids.add(stub_id)
            figure = f._replace(text="", start=-1, end=-1, precision=1.0, vague="")
            stubs.append(Stub(stub_id, _statement(actor, f, subject), subject, actor, place, keywords, aliases,
                              (figure,), seg.text, seg.line))
    return Draft(source, stubs, name)


# --------------------------------------------------------------------------------------------
# Writing the table's YAML
# --------------------------------------------------------------------------------------------

def _q(value: str) -> str:
    """A YAML scalar: JSON's quoting is valid YAML and round-trips every character."""
    return json.dumps(value, ensure_ascii=False)


def _figure_yaml(f: Figure, indent: str) -> list[str]:
    def number(v: float) -> str:
        return str(int(v)) if v == int(v) and abs(v) < 1e15 else repr(v)

    lines = [f"{indent}- value: {number(f.value)}", f"{indent}  unit: {f.unit}"]
    if f.high is not None:
        lines.append(f"{indent}  high: {number(f.high)}")
    if f.hedge != EXACT:
        lines.append(f"{indent}  hedge: {f.hedge}")
    if f.per:
        lines.append(f"{indent}  per: {f.per}")
    if f.period is not None:
        lines.append(f"{indent}  period: {_q(f.period.iso())}")
    if f.direction:
        lines.append(f"{indent}  direction: {f.direction}")
    if f.base is not None:
        lines.append(f"{indent}  base: {_q(f.base.iso())}")
    if f.label:
        lines.append(f"{indent}  label: [{', '.join(_q(w) for w in f.label)}]")
    return lines


def source_yaml(source: Source, indent: str = "  ") -> list[str]:
    lines = [f"{indent}{source.key}:"]
    if source.file:
        lines.append(f"{indent}  file: {_q(source.file)}")
    lines += [f"{indent}  publisher: {_q(source.publisher)}", f"{indent}  title: {_q(source.title)}",
              f"{indent}  authors: [{', '.join(_q(a) for a in source.authors)}]",
              f"{indent}  date: {_q(source.date or dt.date.today().isoformat())}"
              + ("" if source.date else "  # the article states no date: put its publication date here"),
              f"{indent}  url: {_q(source.url or 'https://example.invalid/add-the-article-url')}"
              + ("" if source.url else "  # the article states no address: put its URL here")]
    return lines


def claims_yaml(draft: Draft, indent: str = "  ") -> list[str]:
    lines = []
    for stub in draft.stubs:
        lines += [f"{indent}# {draft.name}:{stub.line} (drafted by claimcheck extract: review, then remove draft)",
                  f"{indent}- id: {stub.id}", f"{indent}  draft: true",
                  f"{indent}  statement: {_q(stub.statement)}", f"{indent}  subject: {_q(stub.subject)}"]
        if stub.actor:
            lines.append(f"{indent}  actor: {_q(stub.actor)}")
        if stub.place:
            lines.append(f"{indent}  place: {_q(stub.place)}")
        lines.append(f"{indent}  keywords: [{', '.join(_q(k) for k in stub.keywords)}]")
        if stub.aliases:
            lines.append(f"{indent}  aliases: [{', '.join(_q(a) for a in stub.aliases)}]")
        lines.append(f"{indent}  figures:")
        for f in stub.figures:
            lines += _figure_yaml(f, indent + "    ")
        lines += [f"{indent}  quote: {_q(stub.quote)}", f"{indent}  source: {draft.source.key}", ""]
    return lines


def yaml_table(draft: Draft) -> str:
    """The draft as a table of its own, that ``validate --table`` accepts."""
    head = [f"# Drafted by `claimcheck extract` from {draft.name}: {len(draft.stubs)} stub{'s' if len(draft.stubs) != 1 else ''} awaiting review.",
            "# Check each figure, subject and keywords against the article; remove `draft: true` when done.",
            "version: 1", "", "sources:"]
    return "\n".join(head + source_yaml(draft.source) + ["", "claims:"] + claims_yaml(draft)) + "\n"


# --------------------------------------------------------------------------------------------
# Appending to a table, keeping every byte that is there
# --------------------------------------------------------------------------------------------

def known_quotes(claims) -> set[str]:
    return {normalise_quote(c.quote) for c in claims}


def append_to(path: str | Path, draft: Draft) -> tuple[int, int]:
    """Add ``draft``'s source and stubs to the table at ``path`` (created when missing), without
    rewriting anything already there, and written atomically.  Stubs whose quote the table
    already has are skipped.  Returns (stubs added, stubs skipped); ``InputError`` when the table
    cannot be appended to (its ``claims:`` is not a block list at the end, it does not parse)."""
    from .files import locked

    with locked(path):  # two runs appending to one table at once: one waits, both keep their drafts
        return _append_to(Path(path), draft)


def _append_to(path: Path, draft: Draft) -> tuple[int, int]:
    import yaml

    from .files import write_atomically
    from .table import MAX_TABLE_BYTES, parse_table_text, read_table_bytes

    if not path.exists():
        write_atomically(path, [yaml_table(draft).encode("utf-8")])
        return len(draft.stubs), 0
    data = read_table_bytes(path)
    claims, problems = parse_table_text(data, str(path))  # (a table that is not UTF-8 is a problem here)
    errors = [p for p in problems if p.level == "error"]
    if errors:
        raise InputError(f"{path}: fix the table first ({errors[0]}); nothing was appended")
    bom = codecs.BOM_UTF8 if data.startswith(codecs.BOM_UTF8) else b""  # kept, as every other byte
    crlf = b"\n" in data and data.count(b"\r\n") == data.count(b"\n")  # every line ends in CRLF
    newline = "\r\n" if crlf else "\n"
    text = data[len(bom):].decode("utf-8")
    text = text.replace("\r\n", "\n") if crlf else text
    seen = known_quotes(claims)
    stubs = [s for s in draft.stubs if normalise_quote(s.quote) not in seen]
    skipped = len(draft.stubs) - len(stubs)
    if not stubs:
        return 0, skipped
    taken = {c.id for c in claims}
    renamed = []
    for stub in stubs:  # ids unique in the target table
        stub_id, n = stub.id, 2
        while stub_id in taken:
            stub_id, n = f"{stub.id}-{n}", n + 1
        taken.add(stub_id)
        renamed.append(stub._replace(id=stub_id))
    root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    top = {k.value: (k, v) for k, v in root.value} if isinstance(root, yaml.MappingNode) else {}
    if "claims" not in top or not (isinstance(top["claims"][1], yaml.SequenceNode) and top["claims"][1].flow_style is False
                                   or top["claims"][1].tag.endswith(":null")):
        raise InputError(f"{path}: `claims:` must be a block list (one `- id:` entry per claim) to append to; "
                         f"nothing was appended")
    claims_key = top["claims"][0]
    if any(k.start_mark.line > claims_key.start_mark.line for k, _ in root.value):
        raise InputError(f"{path}: `claims:` must be the table's last section to append to; nothing was appended")
    sources = top.get("sources")
    source_keys = {k.value: v for k, v in sources[1].value} if sources and isinstance(sources[1], yaml.MappingNode) else {}
    source = draft.source
    existing = next((k for k, v in source_keys.items() if any(
        f.value == "url" and u.value == source.url for f, u in getattr(v, "value", []))), None) if source.url else None
    draft = draft._replace(stubs=renamed)
    if existing:
        draft = draft._replace(source=source._replace(key=existing))
    else:
        key, n = source.key, 2
        while key in source_keys:
            key, n = f"{source.key}-{n}", n + 1
        draft = draft._replace(source=source._replace(key=key))
    # By construction: the original lines, in order, with the source block inserted after the last
    # source entry and the stubs added at the end; nothing that was there is rewritten.
    original = text.split("\n")
    if original and original[-1] == "":
        original = original[:-1]
    inserted: list[str] = []
    at = len(original)
    if not existing:
        if sources is not None and isinstance(sources[1], yaml.MappingNode) and sources[1].value:
            at = sources[1].end_mark.line
            while at > 0 and not original[at - 1].strip():
                at -= 1
            inserted = source_yaml(draft.source)
        elif sources is None:
            at = claims_key.start_mark.line
            inserted = ["sources:"] + source_yaml(draft.source) + [""]
        else:
            raise InputError(f"{path}: `sources:` must be a block mapping to append to; nothing was appended")
    tail = [""] if top["claims"][1].tag.endswith(":null") else ["", ""]
    lines = original[:at] + inserted + original[at:] + tail[1:] + claims_yaml(draft)
    updated = "\n".join(lines).rstrip("\n") + "\n"
    new_data = bom + updated.replace("\n", newline).encode("utf-8")
    if len(new_data) > MAX_TABLE_BYTES:
        raise InputError(f"{path}: the table would grow past {MAX_TABLE_BYTES:,} bytes; nothing was appended")
    _, problems = parse_table_text(new_data, str(path))
    errors = [p for p in problems if p.level == "error"]
    if errors:
        raise InputError(f"{path}: appending would break the table ({errors[0]}); nothing was appended")
    write_atomically(path, [new_data])
    return len(renamed), skipped
