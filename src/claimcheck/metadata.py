"""A news article's bibliographic metadata, read from its HTML: ``page_metadata(html, url)``.

Each field comes from the first source that has it (later ones only fill what is still empty):

1. JSON-LD: the ``*Article``/``BlogPosting`` nodes, then ``*Page`` nodes, at the top level, in a
   list, in ``@graph`` or as ``mainEntity``; ``{"@id": ...}`` references (Yoast graphs) resolved.
2. ``<meta>`` by ``property``, ``name`` or ``itemprop``: OpenGraph, ``article:*``, Dublin Core,
   ``citation_*``, Parse.ly, Sailthru, Twitter, ``description``.  The description is taken
   from here before JSON-LD's.
3. ``<link rel="canonical">``, ``<title>`` (not an SVG's), ``<time datetime>`` (``pubdate`` or
   ``itemprop="datePublished"`` first); then the ``url`` argument, and the URL's host without
   ``www.`` for a publisher nothing names.

A trailing " | Publisher" (or " - ", " – ", " — ", " · ") equal to the publisher is cut from the
title.  Dates are ISO ``YYYY-MM-DD`` as written (no time-zone conversion) or "", all-numeric
day/month dates only when just one reading is valid.  No input makes it raise, and work is
bounded: the first ``MAX_DOCUMENT`` characters are parsed, larger JSON-LD blocks than
``MAX_JSONLD`` are skipped, JSON is walked to a bounded depth and node count, an unterminated
construct of over 8 KB at the end is dropped (``html.parser`` is quadratic finishing it).  Values
have entities decoded, control characters removed, whitespace collapsed, at most ``MAX_VALUE``
characters each; at most ``MAX_AUTHORS`` authors.
"""

from __future__ import annotations

import datetime as _dt
import html as _html
import json
import re
from html.parser import HTMLParser
from itertools import islice
from typing import NamedTuple
from urllib.parse import urljoin, urlsplit

MAX_DOCUMENT, MAX_JSONLD = 2_000_000, 1_000_000  # characters of the page / of one JSON-LD block
MAX_VALUE, MAX_AUTHORS = 1_000, 50  # characters of any value / authors kept
_MAX_BLOCKS, _MAX_DEPTH, _MAX_NODES, _MAX_TAIL = 32, 12, 20_000, 8_192


class PageMetadata(NamedTuple):
    """Bibliographic metadata of one page; every field is a string ("" when unknown)."""
    publisher: str
    title: str
    authors: tuple[str, ...]
    date: str  # ISO "YYYY-MM-DD" or ""
    url: str
    description: str


_PUBLISHER = ("og:site_name", "dc.publisher", "citation_publisher", "publisher")
_TITLE = ("og:title", "twitter:title", "dc.title", "citation_title", "parsely-title")
_AUTHOR = ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator",
           "citation_author")
_DATE = ("article:published_time", "datepublished", "date", "pubdate", "publish-date", "dc.date",
         "dc.date.issued", "citation_publication_date", "citation_date", "parsely-pub-date",
         "sailthru.date")
_DESCRIPTION = ("og:description", "description", "twitter:description", "dc.description")
_WANTED = frozenset(_PUBLISHER + _TITLE + _AUTHOR + _DATE + _DESCRIPTION + ("og:url",))

_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\u200b\u2060\ufeff\ufffe\uffff\ud800-\udfff]")
_BY = re.compile(r"^(?:by|por)\b[\s:]*", re.I)
_URLISH = re.compile(r"^(?:mailto:|//|www\.)|://", re.I)
_STRAY_LT = re.compile(r"<(?![A-Za-z/!?])")
_SEPARATORS = (" | ", " - ", " \u2013 ", " \u2014 ", " \u00b7 ")


def _clean(value, unescape: bool = False) -> str:
    """``value`` as one clean line: entities decoded if asked, control characters removed,
    whitespace collapsed, at most ``MAX_VALUE`` characters; "" for anything not a string."""
    if not isinstance(value, str):
        return ""
    value = value[:MAX_VALUE * 20]
    if unescape:
        value = _html.unescape(value)
    return " ".join(_CONTROL.sub("", value).split())[:MAX_VALUE].rstrip()


_MONTHS = {name: number for number, names in enumerate((
    "january jan enero ene", "february feb febrero", "march mar marzo", "april apr abril abr",
    "may mayo", "june jun junio", "july jul julio", "august aug agosto ago",
    "september sep sept septiembre setiembre set", "october oct octubre",
    "november nov noviembre", "december dec diciembre dic"), start=1) for name in names.split()}
_ISO = re.compile(r"(?<!\d)(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?!\d)")
_DMY = re.compile(r"(?<!\d)(\d{1,2})(?:st|nd|rd|th|º|°)?(?:\s+de)?\s+([a-z]{3,10})\.?,?"
                  r"(?:\s+del?)?\s+(\d{4})(?!\d)")
_MDY = re.compile(r"\b([a-z]{3,10})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?!\d)")
_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)")


def _valid(year, month, day) -> str:
    try:
        date = _dt.date(int(year), int(month), int(day))
    except (TypeError, ValueError):
        return ""
    return date.isoformat() if 1800 <= date.year <= 2200 else ""


def _iso_date(value) -> str:
    """The date in ``value`` as "YYYY-MM-DD", or "" when there is none or it is ambiguous.

    ISO dates and datetimes (the date as written), "April 5, 2018", "5 April 2018",
    "5 de abril de 2018"; "25/04/2018" and "04/25/2018" but not "05/04/2018"."""
    text = _clean(value)[:200].lower()
    for m in _ISO.finditer(text):
        if found := _valid(m[1], m[3], m[4]):
            return found
    for m in _MDY.finditer(text):
        if m[1] in _MONTHS and (found := _valid(m[3], _MONTHS[m[1]], m[2])):
            return found
    for m in _DMY.finditer(text):
        if m[2] in _MONTHS and (found := _valid(m[3], _MONTHS[m[2]], m[1])):
            return found
    for m in _NUMERIC.finditer(text):
        readings = {_valid(m[3], m[2], m[1]), _valid(m[3], m[1], m[2])} - {""}
        if len(readings) == 1:
            return readings.pop()
    return ""


class _Collector(HTMLParser):
    """One pass over the HTML, keeping only what ``page_metadata`` reads (bounded in size)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}  # wanted keys -> contents, in document order
        self.canonical, self.title, self.times, self.jsonld = "", None, [], []
        self._ld = self._title = None  # the parts of the JSON-LD block / <title> being read
        self._ld_size = self._title_size = self._svg = 0

    def parse_marked_section(self, i, report=1):
        # "<![...": a bogus comment up to ">" as in HTML5 (3.11's _markupbase raises on unknown
        # keywords such as "<![0" and waits for "]]>" after "<![CDATA[").
        return self.parse_bogus_comment(i, report)

    def handle_starttag(self, tag, attrs):
        if tag not in ("meta", "link", "script", "title", "time", "svg"):
            return
        a: dict[str, str] = {}
        for name, value in attrs:
            if value is not None:
                a.setdefault(name, value[:MAX_VALUE * 20])
        if tag == "meta" and "content" in a:
            keys = " ".join((a.get("property", ""), a.get("name", ""), a.get("itemprop", "")))
            for key in dict.fromkeys(keys.lower().split()):
                if key in _WANTED and len(values := self.meta.setdefault(key, [])) < MAX_AUTHORS:
                    values.append(a["content"])
        elif tag == "link" and not self.canonical and "canonical" in a.get("rel", "").lower().split():
            self.canonical = a.get("href", "")
        elif tag == "script":
            kind = a.get("type", "").split(";")[0].strip().lower()
            if kind == "application/ld+json" and len(self.jsonld) < _MAX_BLOCKS:
                self._ld, self._ld_size = [], 0
        elif tag == "title" and self.title is None and self._title is None and not self._svg:
            self._title, self._title_size = [], 0
        elif tag == "time" and a.get("datetime") and len(self.times) < 100:
            first = "pubdate" in a or a.get("itemprop", "").lower() == "datepublished"
            self.times.append((0 if first else 1, a["datetime"]))
        elif tag == "svg":
            self._svg += 1

    def handle_endtag(self, tag):
        if tag == "script" and self._ld is not None:
            if self._ld_size <= MAX_JSONLD:
                self.jsonld.append("".join(self._ld))
            self._ld = None
        elif tag == "title" and self._title is not None:
            self.title, self._title = "".join(self._title), None
        elif tag == "svg" and self._svg:
            self._svg -= 1

    def handle_data(self, data):
        if self._ld is not None:
            self._ld_size += len(data)
            if self._ld_size <= MAX_JSONLD:
                self._ld.append(data)
        elif self._title is not None and self._title_size < MAX_VALUE * 20:
            self._title_size += len(data)
            self._title.append(data)


def _load(text: str):
    """The JSON in one JSON-LD block (tolerating comment/CDATA wrappers, trailing commas,
    raw control characters in strings), or None."""
    text = text.strip()
    for prefix in ("<!--", "//<![CDATA[", "<![CDATA["):
        text = text[len(prefix):].lstrip() if text.startswith(prefix) else text
    for suffix in ("-->", "//]]>", "]]>"):
        text = text[:-len(suffix)].rstrip() if text.endswith(suffix) else text
    for attempt in (text, re.sub(r",\s*([}\]])", r"\1", text)):
        try:
            return json.loads(attempt, strict=False)
        except (ValueError, RecursionError):
            continue
    return None


def _rank(node) -> int:
    """0 for article types, 1 for page types, 2 for anything else."""
    types = node.get("@type")
    best = 2
    for t in (types if isinstance(types, list) else [types])[:20]:
        if isinstance(t, str):
            name = re.split(r"[/#:]", t)[-1]
            if name.endswith("Article") or name in ("BlogPosting", "LiveBlogPosting", "Report"):
                return 0
            if name.endswith("Page"):
                best = 1
    return best


def _jsonld(blocks: list[str]) -> tuple[list[dict], dict[str, dict]]:
    """Article and page nodes (articles first, else in document order) and every node by
    ``@id``, from the JSON-LD blocks; bounded in depth and in nodes visited."""
    ids: dict[str, dict] = {}
    found: list[tuple[int, int, dict]] = []
    budget = _MAX_NODES
    for data in map(_load, blocks):
        # candidates: the top level, inside lists, in "@graph", a node's "mainEntity"
        queue, visits = [(data, 0)], 0
        while queue and visits < 2_000 and len(found) < 100:
            obj, depth = queue.pop()
            visits += 1
            if isinstance(obj, list) and depth < 6:
                queue.extend((item, depth + 1) for item in reversed(obj[:1000]))
            elif isinstance(obj, dict):
                if (rank := _rank(obj)) < 2:
                    found.append((rank, len(found), obj))
                if depth < 6:
                    queue.extend((obj[k], depth + 1) for k in ("mainEntity", "@graph") if k in obj)
        # every node with an "@id" (the most detailed one), for resolving references
        stack = [(data, 0)]
        while stack and budget > 0:
            budget -= 1
            obj, depth = stack.pop()
            if isinstance(obj, dict) and isinstance(obj.get("@id"), str):
                if len(obj) > len(ids.get(obj["@id"], ())):
                    ids[obj["@id"]] = obj
            children = obj.values() if isinstance(obj, dict) else obj if isinstance(obj, list) else ()
            if depth < _MAX_DEPTH:
                stack.extend((child, depth + 1) for child in islice(children, 1000))
    return [node for _, _, node in sorted(found, key=lambda f: f[:2])], ids


def _deref(value, ids):
    """The node a bare ``{"@id": ...}`` reference points to (else ``value`` itself)."""
    if isinstance(value, dict) and isinstance(value.get("@id"), str) and "name" not in value:
        return ids.get(value["@id"], value)
    return value


def _names(value, ids) -> list[str]:
    """Names in a JSON-LD author/publisher value: a string, an object with "name" (or
    givenName/familyName), an ``@id`` reference, or a list of these."""
    out: list[str] = []
    for item in (value if isinstance(value, list) else [value])[:MAX_AUTHORS * 2]:
        item = _deref(item, ids)
        if isinstance(item, dict):  # a Person or Organization
            text = _text(item.get("name")) or _text(" ".join(
                n for n in (item.get("givenName"), item.get("familyName")) if isinstance(n, str)))
        else:
            text = _text(item)
        if text:
            out.append(text)
    return out


def _text(value) -> str:
    """A JSON-LD text value (a string, the first string of a list, or {"@value": ...})."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, (str, dict))), "")
    if isinstance(value, dict):
        value = value.get("@value")
    return _clean(value, unescape=True)


def _url(value, base: str) -> str:
    """``value`` as an absolute http(s) URL (resolved against ``base``), or ""."""
    value = _clean(value)
    try:
        value = (urljoin(base, value) if base else "https:" + value if value[:2] == "//"
                 else value) if value else ""
        parts = urlsplit(value)
        return value[:MAX_VALUE] if parts.scheme in ("http", "https") and parts.hostname else ""
    except ValueError:  # e.g. "http://[" (an unclosed IPv6 host)
        return ""


def _authors(names) -> tuple[str, ...]:
    """Names without "By "/"Por " prefixes, URLs and repeats (kept in order)."""
    out: dict[str, str] = {}
    for name in names:
        name = _BY.sub("", _clean(name)).strip()
        if name and not _URLISH.search(name) and len(out) < MAX_AUTHORS:
            out.setdefault(name.casefold(), name)
    return tuple(out.values())


def _strip_suffix(title: str, publisher: str) -> str:
    """``title`` without a trailing " | publisher" (or " - ", " – ", " — ", " · ")."""
    for separator in _SEPARATORS if publisher else ():
        suffix = separator + publisher
        if len(title) > len(suffix) and title[-len(suffix):].casefold() == suffix.casefold():
            return title[:-len(suffix)].rstrip()
    return title


def page_metadata(html: str, url: str | None = None) -> PageMetadata:
    """Publisher, title, authors, ISO date, URL and description of the article in ``html``
    (see the module docstring for the sources and their order).  Never raises: unreadable parts
    are skipped, and a field nothing names is "" (or ``()`` for authors)."""
    try:
        return _page_metadata(html, url)
    except Exception:  # a last resort; no input is known to get here
        return PageMetadata("", "", (), "", _clean(url), "")


def _page_metadata(html, url) -> PageMetadata:
    if isinstance(html, (bytes, bytearray)):
        html = bytes(html[:MAX_DOCUMENT]).decode("utf-8", "replace")
    page = _Collector()
    try:
        # a "<" that opens no markup is text either way; as "&lt;" it costs no parser event
        page.feed(_STRAY_LT.sub("&lt;", html[:MAX_DOCUMENT]) if isinstance(html, str) else "")
        if len(page.rawdata) <= _MAX_TAIL:
            page.close()
    except Exception:
        pass  # keep what was collected before the parser gave up
    nodes, ids = _jsonld(page.jsonld)
    meta = page.meta
    given = _clean(url)
    base = _url(given, "")

    def metas(keys):
        return [value for key in keys for value in meta.get(key, ())]

    def pick(candidates, convert=_clean) -> str:
        return next((v for v in map(convert, candidates) if v), "")

    def jsonld(*keys):
        return [node.get(key) for node in nodes for key in keys]

    def page_url(value):
        value = _deref(value, ids)
        return value.get("url") or value.get("@id") if isinstance(value, dict) else value

    url_out = pick(list(map(page_url, jsonld("url", "mainEntityOfPage"))) + metas(["og:url"])
                   + [page.canonical, given], lambda v: _url(v, base)) or given
    publisher = pick([name for value in jsonld("publisher") for name in _names(value, ids)]
                     + metas(_PUBLISHER))
    if not publisher:
        try:
            host = urlsplit(url_out).hostname or ""
        except ValueError:
            host = ""
        publisher = _clean(host[4:] if host.startswith("www.") else host)
    titles = [n.get("headline") for n in nodes] + [n.get("name") for n in nodes if _rank(n) == 0]
    title = pick(map(_text, titles)) or pick(metas(_TITLE) + [page.title or ""])
    authors = _authors(name for node in nodes for key in ("author", "creator")
                       for name in _names(node.get(key), ids))
    if not authors:  # the first meta key that names anyone
        authors = next(filter(None, (_authors(meta.get(key, ())) for key in _AUTHOR)), ())
    times = [value for _, value in sorted(page.times, key=lambda t: t[0])]
    date = pick(map(_text, jsonld("datePublished", "dateCreated")), _iso_date) \
        or pick(metas(_DATE) + times, _iso_date)
    description = pick(metas(_DESCRIPTION)) or pick(map(_text, jsonld("description")))
    return PageMetadata(publisher, _strip_suffix(title, publisher), authors, date, url_out,
                        description)
