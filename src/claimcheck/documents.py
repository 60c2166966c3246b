"""Documents: reading a file, and cutting its prose into located sentences.

``document(text, kind)`` returns a ``Document``: the prose sentences of a Markdown, HTML or
plain-text document as ``Segment`` objects whose ``line``/``column``/``offset`` point into the
*original* text (1-based lines and columns counted in characters; ``offset`` 0-based), with the
block each sentence is in, the suppression comments, and the date the front matter states.

* Markdown is parsed with markdown-it-py (CommonMark + GFM tables, YAML front matter through
  ``mdit_py_plugins.front_matter``).  Every ``inline`` token (a paragraph, heading or table cell) is
  one *run* of prose; its children (text, entities, escapes, code spans, links, images, inline
  HTML) are located in the original source by searching forward, so each character of the run
  knows where it came from.
* HTML goes through the standard library's ``html.parser``; the text of block elements forms runs,
  entities are decoded but mapped back to the ``&...;`` they came from.
* Plain text: blank-line separated paragraphs are runs.

Each run is split into sentences by syntok; sentences never cross runs.  Markup never reaches the
sentence text; inline code becomes ``[code]`` and bare URLs ``[link]``, so that the numbers inside
them are never read as figures.  Superscript citation numbers ("<sup>2</sup>") are dropped.
"""

from __future__ import annotations

import bisect
import datetime as dt
import html as _html
import os
import re
from typing import NamedTuple

from .files import decode, read_file
from .model import InputError, Segment

#: Largest document read (bytes).
MAX_BYTES = 64 * 1024 * 1024
MARKDOWN_EXTENSIONS = frozenset({".md", ".markdown", ".mdx"})
HTML_EXTENSIONS = frozenset({".html", ".htm"})
#: markdown-it's nesting limit, set far beyond any real document: markdown-it drops what lies past
#: its limit, so instead a document too deep for Python's recursion is read as plain text.
MAX_NESTING = 100_000

#: What inline code (Markdown backticks, HTML <code>/<kbd>/<samp>) becomes in a sentence's text.
CODE_PLACEHOLDER = "[code]"
#: What a URL written in the prose (or a Markdown autolink) becomes in a sentence's text.
LINK_PLACEHOLDER = "[link]"


class DocumentError(InputError):
    """A document cannot be read.  ``str(e)`` is one line starting with the path."""

    def __init__(self, message: str, *, path: str = "", line: int = 0, column: int = 0, binary: bool = False):
        super().__init__(message)
        self.message, self.path, self.line, self.column, self.binary = message, path, line, column, binary


class Directive(NamedTuple):
    """A ``claimcheck-disable...`` comment: ``name`` is ``disable-next-line``, ``disable`` or
    ``enable``; ``ids`` the claims it names (none: every claim); ``reason`` what follows ``--``."""

    name: str
    start: int
    end: int
    ids: tuple[str, ...] = ()
    reason: str = ""


class Document(NamedTuple):
    text: str
    segments: list[Segment]
    directives: list[Directive]
    #: The date the front matter states (``date:``), if any.
    date: dt.date | None = None


def read_text(path: str | os.PathLike, encoding: str | None = None) -> str:
    """Read a document as text (UTF-8 by default, a BOM respected); ``DocumentError`` when it
    cannot be read: missing, not a regular file, larger than ``MAX_BYTES``, binary, undecodable."""
    name = os.fspath(path)
    try:
        data = read_file(name, MAX_BYTES, "file")
        return decode(data, name, encoding)
    except DocumentError:
        raise
    except InputError as error:
        raise DocumentError(str(error), path=name, binary="binary file" in str(error)) from None


def kind_of(path: str | os.PathLike) -> str:
    """``"markdown"`` (.md .markdown .mdx), ``"html"`` (.html .htm) or ``"text"`` (anything else, and ``-``)."""
    suffix = os.path.splitext(os.fspath(path))[1].lower()
    if suffix in MARKDOWN_EXTENSIONS:
        return "markdown"
    if suffix in HTML_EXTENSIONS:
        return "html"
    return "text"


# --------------------------------------------------------------------------------------------
# Positions
# --------------------------------------------------------------------------------------------

_NEWLINE_RE = re.compile(r"\r\n?|\n")


def line_starts(text: str) -> list[int]:
    """Offsets where each line starts.  ``\\r\\n``, ``\\r`` and ``\\n`` end a line (as in markdown-it)."""
    return [0] + [m.end() for m in _NEWLINE_RE.finditer(text)]


class _Run:
    """A run of prose (virtual text) with, for each piece, where it came from in the original.

    A piece is ``(virtual start, virtual length, original start, original length)``.  When the two
    lengths match (plain text) every character maps exactly; otherwise (entity, escape, placeholder)
    the piece's first character maps to its original start and its last to its original end.
    """

    def __init__(self, heading: bool = False) -> None:
        self.parts: list[str] = []
        self.vstarts: list[int] = []
        self.vlens: list[int] = []
        self.ostarts: list[int] = []
        self.olens: list[int] = []
        self.size = 0
        self.heading = heading

    def add(self, text: str, ostart: int, olen: int | None = None) -> None:
        if not text:
            return
        self.parts.append(text)
        self.vstarts.append(self.size)
        self.vlens.append(len(text))
        self.ostarts.append(ostart)
        self.olens.append(len(text) if olen is None else max(1, olen))
        self.size += len(text)

    def add_prose(self, text: str, ostart: int) -> None:
        """Add source text verbatim (whitespace made spaces, URLs masked)."""
        text = text.translate(_WS_TABLE)
        last = 0
        for m in _URL_RE.finditer(text):
            self.add(text[last:m.start()], ostart + last)
            self.add(LINK_PLACEHOLDER, ostart + m.start(), m.end() - m.start())
            last = m.end()
        self.add(text[last:], ostart + last)

    def text(self) -> str:
        return "".join(self.parts)

    def origin_start(self, v: int) -> int:
        i = bisect.bisect_right(self.vstarts, v) - 1
        return self.ostarts[i] + (v - self.vstarts[i] if self.vlens[i] == self.olens[i] else 0)

    def origin_end(self, v: int) -> int:
        """Original offset of the virtual character ``v`` when it ends a sentence (inclusive)."""
        i = bisect.bisect_right(self.vstarts, v) - 1
        if self.vlens[i] == self.olens[i]:
            return self.ostarts[i] + v - self.vstarts[i]
        return self.ostarts[i] + self.olens[i] - 1


_WS_TABLE = str.maketrans({"\n": " ", "\r": " ", "\t": " ", "\f": " ", "\v": " "})
# A URL written out in prose; trailing sentence punctuation is left outside.
_URL_RE = re.compile(r"(?:\b[a-zA-Z][a-zA-Z0-9+.-]{0,30}://|\bwww\.)[^\s<>\"]*[^\s<>\".,;:!?'\")\]}]")
_ALNUM_RE = re.compile(r"[^\W_]")
_PLACEHOLDER_RE = re.compile(re.escape(CODE_PLACEHOLDER) + "|" + re.escape(LINK_PLACEHOLDER))
#: A line that opens with a dateline: "TAPACHULA, Mexico — ", "MEXICO CITY (AP) — ".
_DATELINE_LINE_RE = re.compile(r" (?=[A-ZÁÉÍÓÚÑ]{2,}[A-ZÁÉÍÓÚÑ .'’-]*(?:,[^—–\n]{1,40}?)?(?:\s*\([A-Za-z]+\))?\s+[—–]\s)")
#: "... in March.[12] By May ...": a citation marker after the end of a sentence ends it.
_CITATION_BREAK_RE = re.compile(r"[.!?][\"”’)]*\[\^?\d{1,4}\](?=\s+[\"“¿¡(]?[A-ZÁÉÍÓÚÑ0-9])")


# --------------------------------------------------------------------------------------------
# Sentences
# --------------------------------------------------------------------------------------------

_syntok = None


def _sentence_spans(virtual: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` of a run, as syntok cuts it, then cut after citation markers
    that close a sentence, and joined again where syntok cut a list at a semicolon."""
    global _syntok
    if _syntok is None:
        from syntok.segmenter import segment
        from syntok.tokenizer import Tokenizer

        _syntok = (Tokenizer(replace_not_contraction=False), segment)
    tokenizer, segment = _syntok
    spans = []
    for sentence in segment(tokenizer.tokenize(virtual)):
        values = [token for token in sentence if token.value]
        if values:
            spans.append((values[0].offset, min(len(virtual), values[-1].offset + len(values[-1].value))))
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        if joined and virtual[joined[-1][1] - 1:joined[-1][1]] == ";":
            joined[-1] = (joined[-1][0], end)  # "Honduras, con 127 mil 227; Guatemala, con 80 mil 717"
        else:
            joined.append((start, end))
    out = []
    for start, end in joined:
        for m in _CITATION_BREAK_RE.finditer(virtual, start, end):
            out.append((start, m.end()))
            start = m.end()
        out.append((start, end))
    return out


class _Collector:
    """Turns runs into Segments located in the original text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = line_starts(text)
        self.out: list[Segment] = []
        self.blocks = 0
        self.last = max(0, len(text) - 1)

    def where(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def flush(self, run: _Run) -> None:
        if not run.size:
            return
        virtual = run.text()
        if not _ALNUM_RE.search(virtual):
            return
        block = self.blocks
        self.blocks += 1
        for start, end in self._headline_cuts(run, virtual, _sentence_spans(virtual)):
            while start < end and virtual[start].isspace():
                start += 1
            while end > start and virtual[end - 1].isspace():
                end -= 1
            piece = virtual[start:end]
            if not _ALNUM_RE.search(_PLACEHOLDER_RE.sub("", piece)):
                continue
            o_start = min(run.origin_start(start), self.last)
            o_end = min(max(run.origin_end(end - 1), o_start), self.last)
            line, column = self.where(o_start)
            end_line, end_column = self.where(o_end)
            self.out.append(Segment(" ".join(piece.split()), line, column, end_line, end_column, o_start,
                                    block, run.heading))

    def _headline_cuts(self, run: _Run, virtual: str, spans: list[tuple[int, int]]):
        """Cut a sentence where a line break is followed by a dateline ("COMAR processes 74,000
        petitions\nTAPACHULA, Mexico — ..."): the line above is a headline with no full stop."""
        for start, end in spans:
            for m in _DATELINE_LINE_RE.finditer(virtual, start, end):
                at = m.start()
                if at > start and self.text[run.origin_start(at)] == "\n" and virtual[at - 1] not in ".!?:;,":
                    yield start, at
                    start = at + 1
            yield start, end


# --------------------------------------------------------------------------------------------
# Suppression comments
# --------------------------------------------------------------------------------------------

_DIRECTIVE_RE = re.compile(
    r"<!--\s*claimcheck-(disable-next-line|disable|enable)\b(?P<ids>[^>]*?)(?:\s--\s*(?P<reason>.*?))?\s*-->",
    re.DOTALL)
_ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _directive(m: re.Match, start: int, end: int) -> Directive:
    ids = tuple(w for w in m.group("ids").replace(",", " ").split() if _ID_RE.fullmatch(w))
    return Directive(m.group(1), start, end, ids, " ".join((m.group("reason") or "").split()))


def silenced(segments: list[Segment], directives: list[Directive], text: str):
    """For each segment, the directives that silence it: ``None`` when none does, ``()`` when one
    silences every claim, else the claim ids silenced."""
    if not directives:
        return [None] * len(segments)
    starts = line_starts(text)
    next_lines: list[tuple[int, Directive]] = []
    ranges: list[tuple[int, int, Directive]] = []
    open_ranges: list[Directive] = []
    for d in sorted(directives, key=lambda d: d.start):
        if d.name == "disable-next-line":
            line = bisect.bisect_right(starts, max(d.start, d.end - 1)) + 1
            while line <= len(starts):
                a = starts[line - 1]
                b = starts[line] if line < len(starts) else len(text)
                if text[a:b].strip():
                    next_lines.append((line, d))
                    break
                line += 1
        elif d.name == "disable":
            open_ranges.append(d)
        else:  # enable: closes the ranges it names (or all of them)
            still = []
            for o in open_ranges:
                if not d.ids or set(o.ids) & set(d.ids) or not o.ids:
                    ranges.append((o.end, d.start, o))
                else:
                    still.append(o)
            open_ranges = still
    ranges += [(o.end, len(text) + 1, o) for o in open_ranges]
    out = []
    for seg in segments:
        found = [d for line, d in next_lines if line == seg.line]
        found += [d for a, b, d in ranges if a <= seg.offset < b]
        if not found:
            out.append(None)
        elif any(not d.ids for d in found):
            out.append(())
        else:
            out.append(tuple(i for d in found for i in d.ids))
    return out


# --------------------------------------------------------------------------------------------
# Segmenting
# --------------------------------------------------------------------------------------------

def document(text: str, kind: str) -> Document:
    """The prose sentences of ``text`` (``kind``: ``"markdown"``, ``"html"`` or ``"text"``), with
    the suppression comments and the front matter's date.

    Markdown: headings, paragraphs, list items, blockquotes and table cells (each its own run);
    front matter, code blocks, inline code, HTML, link URLs and reference definitions are skipped.
    HTML: text outside script/style/pre/code/head/template and comments, block elements separating
    runs.  Text: blank-line separated paragraphs.
    """
    if kind not in ("markdown", "html", "text"):
        raise ValueError(f"unknown document kind {kind!r} (expected markdown, html or text)")
    collector = _Collector(text)
    directives: list[Directive] = []
    date = None
    if text:
        if kind == "markdown":
            date = _markdown(text, collector, directives)
        elif kind == "html":
            _html_runs(text, collector, directives)
            date = _page_date(text)
        else:
            _text_runs(text, collector, directives)
    return Document(text, collector.out, directives, date)


def _page_date(html: str) -> dt.date | None:
    """The date an HTML page states for itself (``article:published_time``, JSON-LD ``datePublished``)."""
    if "date" not in html.lower() and "published" not in html.lower():
        return None
    from .metadata import page_metadata

    try:
        return dt.date.fromisoformat(page_metadata(html).date[:10])
    except ValueError:
        return None


def segments(text: str, kind: str) -> list[Segment]:
    """The sentences of ``document(text, kind)`` that no suppression comment silences for every claim."""
    doc = document(text, kind)
    return [s for s, off in zip(doc.segments, silenced(doc.segments, doc.directives, text)) if off != ()]


# ---- plain text ----------------------------------------------------------------------------

def _text_runs(text: str, collector: _Collector, directives: list) -> None:
    starts = collector.starts
    para_start, para_end = -1, 0

    def flush() -> None:
        if para_start >= 0:
            run = _Run()
            run.add_prose(text[para_start:para_end], para_start)
            collector.flush(run)

    for i, a in enumerate(starts):
        b = starts[i + 1] if i + 1 < len(starts) else len(text)
        line = text[a:b]
        stripped = line.strip()
        if not stripped:
            flush()
            para_start = -1
            continue
        m = _DIRECTIVE_RE.fullmatch(stripped) if stripped.startswith("<!--") else None
        if m:
            flush()
            para_start = -1
            at = a + line.index("<!--")
            directives.append(_directive(m, at, at + len(stripped)))
            continue
        if para_start < 0:
            para_start = a
        para_end = b
    flush()


# ---- markdown ------------------------------------------------------------------------------

_md = None


def _markdown_parser():
    global _md
    if _md is None:
        from markdown_it import MarkdownIt
        from mdit_py_plugins.footnote import footnote_plugin
        from mdit_py_plugins.front_matter import front_matter_plugin

        # footnotes: "80,353[^1]" is a reference, never a figure 1
        md = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING}).enable("table").use(front_matter_plugin) \
            .use(footnote_plugin)
        md.disable("text_join")  # keep escapes and entities as their own tokens (their source differs)
        # URLs are never rendered: accept every scheme, so that a javascript:/data: link is still a
        # link (its URL skipped) rather than literal text.
        md.normalizeLink = lambda url: url  # type: ignore[method-assign]
        md.normalizeLinkText = lambda text: text  # type: ignore[method-assign]
        md.validateLink = lambda url: True  # type: ignore[method-assign]
        _md = md
    return _md


# Container markers and heading marks at the start of a block's first line.
_BLOCK_PREFIX_RE = re.compile(
    r"(?:[ \t]*(?:>|[-+*](?=[ \t\r\n]|$)|\d{1,9}[.)](?=[ \t\r\n]|$)))*[ \t]*"
    r"(?:#{1,6}(?=[ \t\r\n]|$))?[ \t]*")
# Blockquote markers and indentation at the start of a continuation line.
_CONTINUATION_RE = re.compile(r"[ \t]*(?:>[ \t]?)*[ \t]*")
_TOML_FENCE_RE = re.compile(r"\+\+\+[ \t]*(?:\r\n?|\n)")
_TOML_CLOSE_RE = re.compile(r"(?<=[\r\n])\+\+\+[ \t]*(?=[\r\n]|\Z)")
_FRONT_DATE_RE = re.compile(r"^(?:date|published|pubdate|fecha)\s*[:=]\s*['\"]?(\d{4})-(\d{2})-(\d{2})", re.MULTILINE | re.IGNORECASE)
_SUP_RE = re.compile(r"<sup\b[^>]*>", re.IGNORECASE)
_SUP_CITATION_RE = re.compile(r"[\s\d,–\-\[\]^*†‡a-z]{0,12}")


def _front_date(content: str) -> dt.date | None:
    m = _FRONT_DATE_RE.search(content)
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    return None


def _markdown(text: str, collector: _Collector, directives: list) -> dt.date | None:
    """Add the prose of Markdown ``text`` to ``collector``; the front matter's date."""
    md = _markdown_parser()
    # markdown-it turns NUL into U+FFFD; do the same (same length) so its text can be found here.
    src = text.replace("\0", "\ufffd")
    parse_src = src[1:] if src.startswith("\ufeff") else src  # front matter must open at offset 0
    date = None
    opening = _TOML_FENCE_RE.match(parse_src)
    if opening:
        close = _TOML_CLOSE_RE.search(parse_src, opening.end())
        if close:  # TOML front matter: blanked out (same lines) so markdown-it sees empty lines
            date = _front_date(parse_src[:close.end()])
            parse_src = re.sub(r"[^\r\n]", " ", parse_src[:close.end()]) + parse_src[close.end():]
    try:
        tokens = md.parse(parse_src)
    except RecursionError:  # nesting too deep even for the limit: read it as plain text
        _text_runs(text, collector, directives)
        return date
    starts = collector.starts
    n_lines = len(starts)
    pos = 0
    for k, token in enumerate(tokens):
        if token.type == "front_matter":
            date = date or _front_date(token.content)
        if token.type == "inline" and token.map:
            first, last = token.map
            block_start = starts[first] if first < n_lines else len(src)
            block_end = starts[last] if last < n_lines else len(src)
            if pos <= block_start:
                pos = _BLOCK_PREFIX_RE.match(src, block_start, block_end).end()
            run = _Run(heading=k > 0 and tokens[k - 1].type == "heading_open")
            pos = _markdown_inline(token, src, pos, block_end, run, directives)
            collector.flush(run)
        elif token.type == "html_block" and token.map:
            first, last = token.map
            a = starts[first] if first < n_lines else len(src)
            b = starts[last] if last < n_lines else len(src)
            for m in _DIRECTIVE_RE.finditer(src, a, b):
                directives.append(_directive(m, m.start(), m.end()))
            pos = max(pos, b)
        elif token.map and token.type in ("fence", "code_block", "front_matter", "hr"):
            last = token.map[1]
            pos = max(pos, starts[last] if last < n_lines else len(src))
    return date


def _find(src: str, needle: str, pos: int, end: int) -> tuple[int, int]:
    """Find ``needle`` (which may span lines) at or after ``pos``: ``(start, source length)``."""
    at = src.find(needle, pos, end)
    if at >= 0:
        return at, len(needle)
    if "\n" in needle:  # markdown-it normalised CRLF/CR line endings; try the original forms
        for newline in ("\r\n", "\r"):
            variant = needle.replace("\n", newline)
            at = src.find(variant, pos, end)
            if at >= 0:
                return at, len(variant)
    return -1, 0


def _find_loose(src: str, needle: str, pos: int, end: int) -> tuple[int, int]:
    """Find text whose source may hold backslash escapes markdown-it removed (``\\|`` in tables)."""
    pattern = "".join((r"\\?" + re.escape(ch)) if (ch.isascii() and not ch.isalnum() and not ch.isspace())
                      else re.escape(ch) for ch in needle)
    m = re.compile(pattern).search(src, pos, end)
    return (m.start(), m.end() - m.start()) if m else (-1, 0)


def _find_unescaped(src: str, ch: str, pos: int, end: int) -> int:
    while True:
        at = src.find(ch, pos, end)
        if at <= 0:
            return at
        backslashes, k = 0, at - 1
        while k >= pos and src[k] == "\\":
            backslashes += 1
            k -= 1
        if backslashes % 2 == 0:
            return at
        pos = at + 1


def _skip_link_tail(src: str, i: int, end: int) -> int:
    """After a link's closing ``]`` at ``i - 1``: skip ``(destination "title")`` or ``[label]``."""
    if i >= end:
        return i
    if src[i] == "(":
        depth, quote, j = 0, "", i
        while j < end:
            ch = src[j]
            if ch == "\\":
                j += 2
                continue
            if quote:
                if ch == quote:
                    quote = ""
            elif ch in "\"'" and src[j - 1] in " \t\r\n":
                quote = ch
            elif ch == "<" and j == i + 1:
                close = src.find(">", j, end)
                if close > 0:
                    j = close
            elif ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
                if depth == 0:
                    return j + 1
            j += 1
        return i
    if src[i] == "[":
        close = _find_unescaped(src, "]", i + 1, end)
        if close >= 0:
            return close + 1
    return i


def _skip_image(src: str, pos: int, end: int) -> int:
    """Skip ``![alt](url)`` / ``![alt][ref]`` / ``![alt]`` starting at or after ``pos``."""
    at = src.find("![", pos, end)
    if at < 0:
        return pos
    depth, j = 0, at + 1
    while j < end:
        ch = src[j]
        if ch == "\\":
            j += 2
            continue
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return _skip_link_tail(src, j + 1, end)
        j += 1
    return pos


def _markdown_inline(token, src: str, pos: int, end: int, run: _Run, directives: list) -> int:
    """Add an inline token's prose to ``run``; return the source position reached."""
    autolink = 0
    superscript = False
    for child in token.children or ():
        kind = child.type
        if kind == "text":
            if autolink:
                continue
            content = child.content
            at = src.find(content, pos, end)
            if superscript and _SUP_CITATION_RE.fullmatch(content):
                pos = at + len(content) if at >= 0 else pos  # "<sup>2</sup>": a citation, no figure
                continue
            if at >= 0:
                run.add_prose(content, at)
                pos = at + len(content)
            else:
                at, length = _find_loose(src, content, pos, end)
                if at >= 0:
                    run.add(content.translate(_WS_TABLE), at, length)
                    pos = at + length
                else:
                    run.add(content.translate(_WS_TABLE), min(pos, len(src) - 1), 1)
        elif kind in ("softbreak", "hardbreak"):
            m = _NEWLINE_RE.search(src, pos, end)
            if m:
                run.add(" ", m.start(), 1)
                pos = _CONTINUATION_RE.match(src, m.end(), end).end()
            else:
                run.add(" ", min(pos, len(src) - 1), 1)
        elif kind == "text_special":  # an entity or a backslash escape
            at = src.find(child.markup, pos, end) if child.markup else -1
            if at >= 0:
                run.add(child.content.translate(_WS_TABLE), at, len(child.markup))
                pos = at + len(child.markup)
            else:
                run.add(child.content.translate(_WS_TABLE), min(pos, len(src) - 1), 1)
        elif kind == "code_inline":
            ticks = re.compile(r"(?<!`)`{%d}(?!`)" % len(child.markup or "`"))
            opening = ticks.search(src, pos, end)
            closing = ticks.search(src, opening.end(), end) if opening else None
            if opening and closing:
                run.add(CODE_PLACEHOLDER, opening.start(), closing.end() - opening.start())
                pos = closing.end()
            else:
                run.add(CODE_PLACEHOLDER, min(pos, len(src) - 1), 1)
        elif kind in ("em_open", "em_close", "strong_open", "strong_close"):
            if child.markup and src.startswith(child.markup, pos):
                pos += len(child.markup)
        elif kind == "link_open":
            if child.markup == "autolink" or child.info == "auto":
                autolink += 1
                at = src.find("<", pos, end)
                close = src.find(">", at, end) if at >= 0 else -1
                if close >= 0:
                    run.add(LINK_PLACEHOLDER, at, close + 1 - at)
                    pos = close + 1
                else:
                    run.add(LINK_PLACEHOLDER, min(pos, len(src) - 1), 1)
            elif src.startswith("[", pos):
                pos += 1
        elif kind == "link_close":
            if autolink:
                autolink -= 1
                continue
            close = _find_unescaped(src, "]", pos, end)
            if close >= 0:
                pos = _skip_link_tail(src, close + 1, end)
        elif kind == "image":
            pos = _skip_image(src, pos, end)
        elif kind == "html_inline":
            content = child.content
            at, length = _find(src, content, pos, end)
            if at >= 0:
                m = _DIRECTIVE_RE.fullmatch(content.strip())
                if m:
                    directives.append(_directive(m, at, at + length))
                pos = at + length
            if _SUP_RE.match(content):
                superscript = True
            elif content.lower().startswith("</sup"):
                superscript = False
    return pos


# ---- HTML ----------------------------------------------------------------------------------

#: Elements whose content is never prose.
HTML_SKIP = frozenset({"script", "style", "pre", "code", "head", "template", "kbd", "samp",
                       "svg", "math", "noscript", "title", "textarea", "select", "object", "iframe"})
#: Skipped elements that sit inside a sentence: they leave CODE_PLACEHOLDER.
HTML_INLINE_CODE = frozenset({"code", "kbd", "samp"})
#: Elements that separate runs.
HTML_BLOCKS = frozenset({
    "p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "div", "blockquote", "br", "tr",
    "ul", "ol", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "caption", "section",
    "article", "aside", "header", "footer", "nav", "main", "figure", "figcaption", "hr", "pre",
    "address", "details", "summary", "form", "fieldset", "legend", "body", "html", "hgroup",
    "option", "label", "button", "center",
})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
#: "<![" that opens no CDATA section: html.parser cannot parse it; a bogus comment of the same
#: length ("<!x") is what browsers make of it.
_MARKED_SECTION_RE = re.compile(r"<!\[(?!CDATA\[)")


def _html_runs(text: str, collector: _Collector, directives: list) -> None:
    from html.parser import HTMLParser

    nl_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    length = len(text)
    source = _MARKED_SECTION_RE.sub("<!x", text)

    class Parser(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=False)
            self.run = _Run()
            self.skipping: dict[str, int] = {}
            self.depth = 0
            self.sup = 0

        def _at(self) -> int:
            line, column = self.getpos()
            return min(nl_starts[line - 1] + column, length)

        def flush(self, heading: bool = False) -> None:
            if self.run.size:
                collector.flush(self.run)
            self.run = _Run(heading)

        def handle_starttag(self, tag, attrs) -> None:
            if tag in HTML_BLOCKS:
                self.flush(tag in _HEADINGS)
            if tag == "body" and self.skipping.get("head"):
                self.depth -= self.skipping.pop("head")
            if tag == "sup":
                self.sup += 1
            if tag in HTML_SKIP:
                if tag in HTML_INLINE_CODE and not self.depth:
                    self.run.add(CODE_PLACEHOLDER, self._at(), len(self.get_starttag_text() or "<>"))
                self.skipping[tag] = self.skipping.get(tag, 0) + 1
                self.depth += 1

        def handle_startendtag(self, tag, attrs) -> None:
            if tag in HTML_BLOCKS:
                self.flush()

        def handle_endtag(self, tag) -> None:
            if self.skipping.get(tag):
                self.skipping[tag] -= 1
                self.depth -= 1
            if tag == "sup" and self.sup:
                self.sup -= 1
            if tag in HTML_BLOCKS:
                self.flush()

        def handle_data(self, data) -> None:
            if self.depth or (self.sup and _SUP_CITATION_RE.fullmatch(data)):
                return
            self.run.add_prose(data, self._at())

        def _reference(self, raw: str) -> None:
            if self.depth:
                return
            at = self._at()
            size = len(raw) - 1 + (1 if text.startswith(";", at + len(raw) - 1) else 0)
            decoded = _html.unescape(raw)
            if decoded == raw:  # unknown entity: kept as written
                decoded = text[at:at + size]
            self.run.add(decoded.translate(_WS_TABLE), at, size)

        def handle_entityref(self, name) -> None:
            self._reference(f"&{name};")

        def handle_charref(self, name) -> None:
            self._reference(f"&#{name};")

        def handle_comment(self, data) -> None:
            m = _DIRECTIVE_RE.fullmatch(f"<!--{data}-->".strip()) or _DIRECTIVE_RE.fullmatch(f"<!--{data.strip()}-->")
            if m:
                at = self._at()
                directives.append(_directive(m, at, at + len(data) + 7))

    parser = Parser()
    try:
        parser.feed(source)
        parser.close()
    except (AssertionError, ValueError, IndexError):  # markup html.parser cannot take: keep what it read
        pass
    parser.flush()


__all__ = ["Document", "DocumentError", "Directive", "MAX_BYTES", "CODE_PLACEHOLDER", "LINK_PLACEHOLDER",
           "read_text", "kind_of", "document", "segments", "silenced", "line_starts"]
