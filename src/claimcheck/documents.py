"""Documents: reading files, finding the files to lint, and cutting prose into located sentences.

``segments(text, kind)`` returns the prose sentences of a Markdown, HTML or plain-text document as
``Segment`` objects whose ``line``/``column``/``offset`` point into the *original* text (1-based
lines and columns counted in characters; ``offset`` 0-based).  Positions are exact even with list
markers, ``>`` quote markers, indentation, entities and CRLF line endings.

How it works, per kind:

* Markdown is parsed with markdown-it-py (CommonMark + GFM tables, YAML front matter through
  ``mdit_py_plugins.front_matter``).  Every ``inline`` token (a paragraph, heading or table cell) is
  one *text run*; its children (text, entities, escapes, code spans, links, images, inline HTML) are
  located in the original source by searching forward from the block's first line, so each
  character of the run knows where it came from.
* HTML goes through the stdlib ``html.parser``; text of block elements forms runs, entities are
  decoded but mapped back to the ``&...;`` they came from.
* Plain text: blank-line separated paragraphs are runs.

Each run is split into sentences as syntok splits it (``_SyntokPort``, a faster port of syntok's
segmenter, tested against syntok itself); sentences never cross runs.  Markup never reaches the
sentence text; inline code becomes the placeholder ``[code]`` and bare URLs become ``[link]`` so the
numbers inside them are never read as figures.

Heavy imports (markdown-it, syntok) happen on first use, so importing this module stays cheap.
"""

from __future__ import annotations

import bisect
import codecs
import html as _html
import os
import re
import sys
from itertools import accumulate, compress, count, repeat
from operator import add, is_, is_not
from pathlib import Path
from typing import Callable, Iterable, Iterator, NamedTuple, Sequence

from .model import Segment, gc_paused

__all__ = [
    "DocumentError", "MAX_BYTES", "DOCUMENT_EXTENSIONS", "CODE_PLACEHOLDER", "LINK_PLACEHOLDER",
    "read_text", "kind_of", "segments", "has_figure", "discover",
]

#: Largest document read (bytes).
MAX_BYTES = 64 * 1024 * 1024
#: How much of a file is sniffed for NUL bytes.
SNIFF_BYTES = 8192
#: Extensions a directory is expanded to (a file named explicitly is always taken).
DOCUMENT_EXTENSIONS = frozenset({".md", ".markdown", ".mdx", ".html", ".htm", ".txt", ".text", ".rst"})
MARKDOWN_EXTENSIONS = frozenset({".md", ".markdown", ".mdx"})
HTML_EXTENSIONS = frozenset({".html", ".htm"})

#: What inline code (Markdown backticks, HTML <code>/<kbd>/<samp>) becomes in a sentence's text.
CODE_PLACEHOLDER = "[code]"
#: What a URL written in the prose (or a Markdown autolink) becomes in a sentence's text.
LINK_PLACEHOLDER = "[link]"


class DocumentError(Exception):
    """A document cannot be read or found.  ``str(e)`` is a one-line message starting with the path.

    ``path``, ``line`` and ``column`` (0 when not applicable) say where; ``binary`` is True when the
    file was refused as binary.
    """

    def __init__(self, message: str, *, path: str = "", line: int = 0, column: int = 0,
                 binary: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        self.binary = binary

    def __str__(self) -> str:
        return self.message


# --------------------------------------------------------------------------------------------
# Reading files
# --------------------------------------------------------------------------------------------

_UTF16_32_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _wide_codec(name: str) -> bool:
    """UTF-16/32 text legitimately contains NUL bytes."""
    return name.replace("_", "-").startswith(("utf-16", "utf-32"))


def _sniff_binary(head: bytes) -> bool:
    """True for a NUL byte in the first ``SNIFF_BYTES`` (unless the file opens with a UTF-16/32 BOM)."""
    return b"\0" in head[:SNIFF_BYTES] and not head.startswith(_UTF16_32_BOMS)


def _looks_binary(data: bytes, codec: str) -> bool:
    """After a decode error: is this binary rather than text in another encoding?"""
    head = data[:SNIFF_BYTES].decode(codec, errors="replace")
    if not head:
        return False
    bad = head.count("\ufffd")
    bad += sum(1 for ch in head if ch < " " and ch not in "\t\n\r\f\v\b\x1b")
    return bad > max(8, len(head) // 10)


def read_text(path: str | Path, encoding: str | None = None) -> str:
    """Read a document as text (``"-"`` reads standard input).  Never writes anything.

    UTF-8 by default, with a leading BOM stripped (a UTF-16/32 BOM selects that encoding).  Raises
    ``DocumentError`` for a missing or unreadable file, a file larger than ``MAX_BYTES``, a binary
    file (NUL byte in the first 8 KiB, or mostly undecodable), an unknown encoding, or a decode error
    (the message gives ``path:line:column`` of the bad byte and its byte offset, and suggests
    ``--encoding``).
    """
    name = str(path)
    if name == "-":
        try:
            data = sys.stdin.buffer.read(MAX_BYTES + 1)
        except (OSError, AttributeError) as exc:  # pragma: no cover - unusual stdin
            raise DocumentError(f"-: cannot read standard input: {exc}", path=name) from None
    else:
        try:
            if os.path.isdir(path):
                raise DocumentError(f"{name}: is a directory", path=name)
            size = os.stat(path).st_size
            if size > MAX_BYTES:
                raise DocumentError(_too_large(name, size), path=name)
            with open(path, "rb") as handle:
                data = handle.read(MAX_BYTES + 1)
        except FileNotFoundError:
            raise DocumentError(f"{name}: no such file or directory", path=name) from None
        except OSError as exc:
            raise DocumentError(f"{name}: cannot read: {exc.strerror or exc}", path=name) from None
    if len(data) > MAX_BYTES:  # grew since stat, or a pipe
        raise DocumentError(_too_large(name, None), path=name)

    if encoding is None:
        if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
            codec = "utf-32"
        elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            codec = "utf-16"
        else:
            codec = "utf-8"
    else:
        try:
            codec = codecs.lookup(encoding).name
        except LookupError:
            raise DocumentError(f"{name}: unknown encoding {encoding!r}", path=name) from None
    if not _wide_codec(codec) and b"\0" in data[:SNIFF_BYTES]:
        raise DocumentError(f"{name}: binary file, not checked", path=name, binary=True)
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        if _looks_binary(data, codec):
            raise DocumentError(f"{name}: binary file, not checked", path=name, binary=True) from None
        prefix = data[:exc.start].decode(codec, errors="replace")
        if prefix.startswith("\ufeff"):
            prefix = prefix[1:]
        starts = _line_starts(prefix)
        line, column = len(starts), len(prefix) - starts[-1] + 1
        bad = data[exc.start:exc.end]
        raise DocumentError(
            f"{name}:{line}:{column}: cannot decode byte{'s' if len(bad) > 1 else ''} "
            f"{' '.join(f'0x{b:02x}' for b in bad[:4])} at byte offset {exc.start} as {codec} "
            f"({exc.reason}); if the file is in another encoding, pass it with --encoding "
            f"(for example --encoding cp1252)",
            path=name, line=line, column=column) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def _too_large(name: str, size: int | None) -> str:
    limit = MAX_BYTES
    shown = f"{limit // 1048576} MiB" if limit % 1048576 == 0 else f"{limit:,} bytes"
    if size is None:
        return f"{name}: input too large (more than {shown}), not checked"
    return f"{name}: file too large ({size:,} bytes; the limit is {shown}), not checked"


def kind_of(path: str | Path) -> str:
    """``"markdown"`` (.md .markdown .mdx), ``"html"`` (.html .htm) or ``"text"`` (anything else, and ``-``)."""
    name = str(path)
    if name == "-":
        return "text"
    suffix = os.path.splitext(name)[1].lower()
    if suffix in MARKDOWN_EXTENSIONS:
        return "markdown"
    if suffix in HTML_EXTENSIONS:
        return "html"
    return "text"


# --------------------------------------------------------------------------------------------
# Figures pre-filter
# --------------------------------------------------------------------------------------------

_NUMBER_WORDS = (
    # English
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
    "hundreds? thousands? millions? billions? trillions? dozens? "
    "doubled doubling tripled tripling quadrupled halved twice "
    # Spanish
    "uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince "
    "diecis[eé]is diecisiete dieciocho diecinueve veinte veinti\\w+ treinta cuarenta cincuenta "
    "sesenta setenta ochenta noventa cien ciento cientos (?:dos|tres|cuatro|seis|sete|ocho|nove)cient[oa]s "
    "quinient[oa]s mil miles "
    "mill[oó]n millones bill[oó]n billones docenas? "
    "duplic[oó] duplicaron duplicado triplic[oó] triplicaron triplicado cuadruplic[oó]"
).split()


def _factored(words: list[str]) -> str:
    """The alternation of ``words``, grouped by first letter: ``t(?:wo|hree|en)|f(?:our|ive)|...``.

    Matches exactly what ``word1|word2|...`` matches, but ``re`` rejects a position after one
    first-letter test instead of trying every word: ~5x faster on long documents.
    """
    groups: dict[str, list[str]] = {}
    rest: list[str] = []
    for word in words:
        if word[0].isalpha():
            groups.setdefault(word[0].lower(), []).append(word[1:])
        else:
            rest.append(word)
    return "|".join([f"{re.escape(first)}(?:{'|'.join(tails)})" for first, tails in groups.items()] + rest)


_FIGURE_RE = re.compile(r"\d|\b(?:" + _factored(_NUMBER_WORDS) + r")\b", re.IGNORECASE)
# The two halves of _FIGURE_RE: ``A|B`` matches somewhere exactly when A or B does, and a lone
# ``\d`` is scanned for far faster than the alternation is tried at every position.
_DIGIT_RE = re.compile(r"\d")
_NUMBER_WORD_RE = re.compile(r"\b(?:" + _factored(_NUMBER_WORDS) + r")\b", re.IGNORECASE)


def has_figure(text: str) -> bool:
    """Cheap pre-filter: does the sentence contain a digit or a number word (English or Spanish)?

    Same answer as ``_FIGURE_RE.search(text) is not None``, faster.
    """
    return _DIGIT_RE.search(text) is not None or _NUMBER_WORD_RE.search(text) is not None


# --------------------------------------------------------------------------------------------
# Positions
# --------------------------------------------------------------------------------------------

_NEWLINE_RE = re.compile(r"\r\n?|\n")


def _line_starts(text: str) -> list[int]:
    """Offsets where each line starts.  ``\\r\\n``, ``\\r`` and ``\\n`` end a line (as in markdown-it)."""
    if "\r" not in text:
        # Only "\n" ends a line, so each line starts one past the end of the line before: summing
        # the lengths of split()'s lines is ~2.5x faster than a match object per line.  (The last
        # sum is one past the end of the text, no line start.)
        starts = list(accumulate(map(add, map(len, text.split("\n")), repeat(1)), initial=0))
        starts.pop()
        return starts
    starts = [0]
    starts.extend(m.end() for m in _NEWLINE_RE.finditer(text))
    return starts


class _Run:
    """A run of prose (virtual text) with, for each piece, where it came from in the original.

    A piece is ``(virtual start, virtual length, original start, original length)``.  When the two
    lengths match (plain text) every character maps exactly; otherwise (entity, escape, placeholder)
    the piece's first character maps to its original start and its last to its original end.
    """

    __slots__ = ("parts", "vstarts", "vlens", "ostarts", "olens", "size")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.vstarts: list[int] = []
        self.vlens: list[int] = []
        self.ostarts: list[int] = []
        self.olens: list[int] = []
        self.size = 0

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
        """Add source text verbatim (whitespace normalised to spaces, URLs masked)."""
        if not text:
            return
        if "\n" in text or "\r" in text or "\t" in text or "\f" in text or "\v" in text:
            text = text.translate(_WS_TABLE)
        if "://" not in text and "www." not in text:
            self.add(text, ostart)
            return
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
        d = v - self.vstarts[i]
        if self.vlens[i] == self.olens[i]:
            return self.ostarts[i] + d
        return self.ostarts[i]

    def origin_end(self, v: int) -> int:
        """Original offset of the virtual character ``v`` when it ends a sentence (inclusive)."""
        i = bisect.bisect_right(self.vstarts, v) - 1
        d = v - self.vstarts[i]
        if self.vlens[i] == self.olens[i]:
            return self.ostarts[i] + d
        return self.ostarts[i] + self.olens[i] - 1


_WS_TABLE = str.maketrans({"\n": " ", "\r": " ", "\t": " ", "\f": " ", "\v": " "})
# A URL written out in prose; trailing sentence punctuation is left outside.
_URL_RE = re.compile(r"(?:\b[a-zA-Z][a-zA-Z0-9+.-]*://|\bwww\.)[^\s<>\"]*[^\s<>\".,;:!?'\")\]}]")
_ALNUM_RE = re.compile(r"[^\W_]")
_PLACEHOLDER_RE = re.compile(re.escape(CODE_PLACEHOLDER) + "|" + re.escape(LINK_PLACEHOLDER))

# Characters at which syntok may end a sentence: its terminals and opening brackets.  A run without
# any of them (before its last word) is one sentence, and syntok need not run.
_SYNTOK_TERMINALS = ".!?;\u203C\u203D\u2047\u2048\u2049\u3002\uFE52\uFE57\uFF01\uFF0E\uFF1F\uFF61"
_SYNTOK_OPENING = "([{\uFF5F\uFF5B\uFF3B\uFF08\uFE5D\uFE5B\uFE59\uFD3E\u301A\u3018\u2985\u2983\u2329"
_SPLIT_CHARS_RE = re.compile("[" + re.escape(_SYNTOK_TERMINALS + _SYNTOK_OPENING) + "]")

# --------------------------------------------------------------------------------------------
# Sentence boundaries: syntok, and a faster port of its segmenter
# --------------------------------------------------------------------------------------------

#: The syntok release whose segmenter ``_SyntokPort`` reproduces, decision for decision.  With any
#: other release installed, sentences are found by syntok itself (``_syntok_sentence_spans``).
_PORTED_SYNTOK = "1.4.4"

_syntok = None
#: True when the installed syntok is ``_PORTED_SYNTOK`` (set on first use).
_PORT_OK = False
# syntok's token classes (``syntok._segmentation_states.State``), bound on first use.
_S_STATE = None
_S_TERMINALS: frozenset = frozenset()
_S_OPENING: frozenset = frozenset()
_S_CLOSING: frozenset = frozenset()
_S_QUOTES: frozenset = frozenset()
_S_INNER: frozenset = frozenset()
_S_ABBREVIATIONS: frozenset = frozenset()
_S_MONTHS: frozenset = frozenset()
_S_STARTERS: frozenset = frozenset()
_S_ROMAN: frozenset = frozenset()
_S_VOWELS: frozenset = frozenset()
#: Tokens at which syntok's segmenter stops to decide anything: terminals and opening brackets.
_S_SPECIAL: frozenset = frozenset()
_S_SPLIT_RE = None  # syntok's whitespace splitter (``Tokenizer._spaces``), in a group for ``split``
_S_OTHER_SPACE_RE = None  # what separates chunks for that splitter, other than a space


def _syntok_split():
    """(tokenizer, segment) from syntok, imported on first use (which also binds the port's tables)."""
    global _syntok, _PORT_OK, _S_STATE, _S_TERMINALS, _S_OPENING, _S_CLOSING, _S_QUOTES, _S_INNER
    global _S_ABBREVIATIONS, _S_MONTHS, _S_STARTERS, _S_ROMAN, _S_VOWELS, _S_SPECIAL, _S_SPLIT_RE
    global _S_OTHER_SPACE_RE
    if _syntok is None:
        import regex
        from syntok._segmentation_states import State
        from syntok.segmenter import segment
        from syntok.tokenizer import Tokenizer
        tokenizer = Tokenizer(replace_not_contraction=False)
        _S_STATE = State
        _S_TERMINALS, _S_OPENING, _S_CLOSING = State.terminals, State.opening_brackets, State.closing_brackets
        _S_QUOTES, _S_INNER = State.closing_quotes, State.inner_sentence_punctuation
        _S_ABBREVIATIONS, _S_MONTHS, _S_STARTERS = State.abbreviations, State.months, State.starters
        _S_ROMAN, _S_VOWELS = State.roman_numerals, State.vowels
        _S_SPECIAL = _S_TERMINALS | _S_OPENING
        spaces = Tokenizer._spaces
        _S_SPLIT_RE = regex.compile(f"({spaces.pattern})", spaces.flags)
        if spaces.pattern == r"[^\s\u200b]+":
            _S_OTHER_SPACE_RE = regex.compile(r"[^\S ]|\u200b", spaces.flags)
        else:  # pragma: no cover - another syntok: always split with its own regex
            _S_OTHER_SPACE_RE = regex.compile(r"(?s).", spaces.flags)
        _PORT_OK = _syntok_release_is(_PORTED_SYNTOK)
        _syntok = (tokenizer, segment)
    return _syntok


def _syntok_release_is(release: str) -> bool:
    """Is the installed syntok this release?  A stat of its dist-info directory (importing
    importlib.metadata alone would cost ~30 ms of start-up); the metadata API only if that fails."""
    import syntok

    folder = Path(syntok.__file__).resolve().parent.parent
    if (folder / f"syntok-{release}.dist-info").is_dir():
        return True
    try:
        from importlib.metadata import version

        return version("syntok") == release
    except Exception:  # pragma: no cover - syntok imported without metadata
        return False


def _sentence_spans(virtual: str) -> Iterable[tuple[int, int]]:
    """Sentence spans ``(start, end)`` of ``virtual``: exactly those of ``_syntok_sentence_spans``.

    Runs ``_SyntokPort`` when the installed syntok is the release it reproduces: on the 1 MB
    benchmark draft's runs it takes 0.12 s where syntok takes 0.85 s.
    """
    _syntok_split()
    if _PORT_OK:
        return _SyntokPort(virtual).spans()
    return _syntok_sentence_spans(virtual)


def _syntok_sentence_spans(virtual: str) -> Iterator[tuple[int, int]]:
    """The reference: syntok's tokenizer and segmenter as they ship.

    A span runs from the first character of a sentence's first token to the end of its last one
    (tokens with an empty value, i.e. trailing whitespace, are ignored).
    """
    tokenizer, segment = _syntok_split()
    for sentence in segment(tokenizer.tokenize(virtual)):
        first = last = None
        for token in sentence:
            if token.value:
                if first is None:
                    first = token
                last = token
        if first is None:
            continue
        yield first.offset, min(len(virtual), last.offset + len(last.value))


#: Tokens of a whitespace-free chunk, as syntok's tokenizer makes them: see ``_chunk_tokens``.
_CHUNK_CACHE: dict[str, tuple] = {}
#: Bounds of that memo: entries (it is emptied when full) and the longest chunk kept.
_CHUNK_CACHE_SIZE = 50_000  # ~160 bytes each: 8 MB at most
_CHUNK_CACHE_LONGEST = 48
#: A chunk that is one token, not a terminal nor an opening bracket (most words).
_ONE_PLAIN = object()


def _chunk_tokens(chunk: str):
    """syntok's tokens of one chunk (a run of non-whitespace matched by ``Tokenizer._spaces``).

    Returns ``_ONE_PLAIN`` when the chunk is a single token that the segmenter never stops at, else
    ``(values, relative offsets, indexes of tokens with empty spacing, indexes of terminals and
    opening brackets)``.

    syntok's ``Tokenizer.tokenize`` treats each chunk on its own: the chunk's tokens depend on the
    chunk's characters only, except the *spacing* of its first token, which is the whitespace
    before the chunk.  The first token is taken to follow whitespace here; ``_SyntokPort`` corrects
    the one case that differs, a document starting without whitespace.

    Simple ASCII chunks are cut by ``_simple_chunk_tokens``, the rest by syntok's tokenizer.
    """
    entry = _simple_chunk_tokens(chunk)
    return _tokenizer_chunk_tokens(chunk) if entry is None else entry


def _tokenizer_chunk_tokens(chunk: str):
    """``_chunk_tokens`` by running syntok's tokenizer on the chunk."""
    tokenizer = _syntok_split()[0]
    tokens = list(tokenizer.tokenize(chunk))
    if len(tokens) == 1 and tokens[0].value == chunk and chunk not in _S_SPECIAL:
        return _ONE_PLAIN
    values = tuple(t.value for t in tokens)
    return (values, tuple(t.offset for t in tokens),
            tuple(k for k, t in enumerate(tokens) if k and not t.spacing),
            tuple(k for k, v in enumerate(values) if v in _S_SPECIAL))


# ASCII punctuation (never alphanumeric), and a simple ASCII word: letters and digits with no
# lowercase letter before an uppercase one, or digit groups joined by single "." or ",".
_ASCII_PUNCT = r"[!-/:-@\[-`{-~]"
_SIMPLE_CHUNK_RE = re.compile(
    rf"({_ASCII_PUNCT}*)((?:[A-Z0-9]|[a-z](?![A-Z]))+|[0-9]+(?:[.,][0-9]+)+)({_ASCII_PUNCT}*)"
    rf"|{_ASCII_PUNCT}+")


def _simple_chunk_tokens(chunk: str):
    """``_chunk_tokens`` for a chunk of ASCII punctuation around a simple word, else None.

    What syntok's tokenizer does with such a chunk (``Tokenizer.tokenize``): a chunk without any
    alphanumeric character is one token.  Otherwise the non-alphanumeric characters before the
    first alphanumeric one are one token each (``_split_nonword_prefix``); the word, from the first
    alphanumeric character to the last, is cut where ``Tokenizer._separation`` matches
    (``_split_word``), and none of its alternatives can match inside a simple word: they need a
    lowercase letter before an uppercase one, an apostrophe, a bracket, "...", or one of ",;_-"
    next to a letter; the characters after the word are one token each, except a leading "..."
    (one token).  Every token but the first has empty spacing.
    """
    m = _SIMPLE_CHUNK_RE.fullmatch(chunk)
    if m is None:
        return None
    word = m.group(2)
    if word is None:  # punctuation only: one token
        if chunk in _S_SPECIAL:
            return ((chunk,), (0,), (), (0,))
        return _ONE_PLAIN
    prefix, tail = m.group(1), m.group(3)
    if not prefix and not tail:
        return _ONE_PLAIN
    values = [*prefix, word]
    offsets = list(range(len(prefix) + 1))
    at = len(prefix) + len(word)
    if tail.startswith("..."):
        values.append("...")
        offsets.append(at)
        tail = tail[3:]
        at += 3
    values.extend(tail)
    offsets.extend(range(at, at + len(tail)))
    return (tuple(values), tuple(offsets), tuple(range(1, len(values))),
            tuple(k for k, v in enumerate(values) if v in _S_SPECIAL))


class _SyntokPort:
    """syntok 1.4.4's sentence segmenter, ported to token arrays and an index: same spans, faster.

    syntok runs a state machine (``syntok._segmentation_states``: Begin, FirstToken, InnerToken,
    Terminal, End) over a stream of ``Token`` objects, moving tokens from a look-ahead queue into
    the sentence being built ("history") and asking questions about the queue's head ("next").
    This class makes the same moves and asks the same questions, in the same order, on plain
    arrays:

    * the stream and queue become ``vals``/``offs``/``nosp`` (value, offset, "spacing is empty") and
      an index ``i``: the queue's head is ``vals[i]``, "the queue is empty" is ``i >= n`` (syntok
      refills the queue from the stream whenever it empties, so that is the same), ``_move()`` is
      ``i += 1`` and returns ``i < n``;
    * the history is ``vals[start:i]`` (syntok only appends the queue's head to it, or a skipped
      bracket, which is the queue's next tokens), so ``last`` is ``vals[i - 1]``;
    * the states are a flag: ``first`` is FirstToken, else InnerToken; a split is Terminal; End is
      the end of the arrays.

    One shortcut, which changes nothing: InnerToken moves over a token and stops only when the next
    one is a terminal or an opening bracket (``_S_SPECIAL``); otherwise it returns itself and moves
    again.  So the port jumps straight to the next such token (``specials``).

    Tokens are syntok's, made one whitespace-free chunk at a time (memoised in ``_CHUNK_CACHE``)
    by its own tokenizer or, for simple ASCII chunks, by ``_simple_chunk_tokens``: see
    ``_chunk_tokens`` for why that gives the same tokens.  Each method below names the syntok
    method it ports; comments mark its quirks that must be kept.
    """

    __slots__ = ("vals", "offs", "nosp", "specials", "n", "i", "size")

    def __init__(self, text: str) -> None:
        # The chunks (what Tokenizer._spaces matches) and where each starts.
        if (not ("\t" in text or "\n" in text or "\v" in text or "\f" in text or "\r" in text)
                if text.isascii()
                else text.isprintable() or _S_OTHER_SPACE_RE.search(text) is None):
            # Only spaces separate chunks (the usual case, as runs have their line breaks and tabs
            # made spaces): str.split is much faster than the regex.  (In ASCII the regex's other
            # separators are the five tested; "\x1c"-"\x1f", white space to str.split(), are not.
            # Beyond ASCII, every other separator -- Unicode white space, categories Cc/Zs/Zl/Zp,
            # and U+200B, Cf -- is unprintable, so a printable text has none; isprintable() is a
            # C loop several times faster than the regex search, which it spares most runs.)
            pieces = text.split(" ")
            # piece k starts after pieces 0..k-1 and a space after each
            starts = list(accumulate(map(add, map(len, pieces), repeat(1)), initial=0))
            if "" in pieces:  # spaces in a row, or at an end: keep the non-empty pieces
                chunks = list(filter(None, pieces))
                starts = list(compress(starts, pieces))
            else:  # the usual case: every piece is a chunk (the last sum is past the end)
                chunks = pieces
                starts.pop()
        else:
            parts = _S_SPLIT_RE.split(text)  # gap, chunk, gap, ..., chunk, gap
            chunks = parts[1::2]
            starts = list(accumulate(map(len, parts)))[0:-1:2]
        cache = _CHUNK_CACHE
        entries = list(map(cache.get, chunks))
        if None in entries:
            fresh = {chunk: _chunk_tokens(chunk) for chunk in set(compress(chunks, map(is_, entries, repeat(None))))}
            entries = list(map(fresh.get, chunks, entries))
            if len(cache) + len(fresh) > _CHUNK_CACHE_SIZE:
                cache.clear()
            cache.update((chunk, entry) for chunk, entry in fresh.items() if len(chunk) <= _CHUNK_CACHE_LONGEST)
        several = list(compress(count(), map(is_not, entries, repeat(_ONE_PLAIN))))
        specials: list[int] = []
        nospace: list[int] = []
        if not several:
            vals = chunks
            offs = starts
        else:
            vals, offs = [], []
            done = 0
            for k in several:
                if done < k:
                    vals += chunks[done:k]
                    offs += starts[done:k]
                values, rel, empty, special = entries[k]
                base = len(vals)
                vals += values
                offs += map(starts[k].__add__, rel)
                if empty:
                    nospace += map(base.__add__, empty)
                if special:
                    specials += map(base.__add__, special)
                done = k + 1
            vals += chunks[done:]
            offs += starts[done:]
        if chunks and starts[0] == 0:
            nospace.insert(0, 0)  # the text starts with a token: its spacing is empty
        if (starts[-1] + len(chunks[-1]) < len(text)) if chunks else bool(text):
            # Tokenizer.tokenize ends with an empty token holding trailing whitespace.
            vals.append("")
            offs.append(len(text))
        nosp = [False] * len(vals)
        for k in nospace:
            nosp[k] = True
        self.vals, self.offs, self.nosp, self.specials = vals, offs, nosp, specials
        self.n = len(vals)
        self.i = 0
        self.size = len(text)

    def spans(self) -> list[tuple[int, int]]:
        """``syntok.segmenter.segment`` (the state loop) plus ``_syntok_sentence_spans``'s spans."""
        vals, n, specials = self.vals, self.n, self.specials
        out: list[tuple[int, int]] = []
        start = 0          # the history is vals[start:self.i]
        first = True       # Begin -> FirstToken (with no tokens, End at once)
        k = 0              # specials[k] is the first special index not behind self.i
        n_specials = len(specials)
        while self.i < n:
            if first:
                # FirstToken.__next__
                split = False
                if (vals[self.i] in _S_OPENING and self._skip_bracketed_text()
                        and self.i - start > 3
                        and not (self.i < n and vals[self.i][:1].islower())):
                    split = True
                elif self.i >= n:
                    break  # End
                else:
                    self.i += 1
                    if self.i < n and (vals[self.i] in _S_TERMINALS or vals[self.i] == "("):
                        split = self._move_and_maybe_extract_terminal(True)
                    else:
                        first = False  # InnerToken
                        continue
            else:
                # InnerToken.__next__, over every token up to the next special one at once.
                target = self.i + 1
                while k < n_specials and specials[k] < target:
                    k += 1
                if k == n_specials:
                    self.i = n
                    break  # End
                self.i = specials[k]
                if vals[self.i] in _S_OPENING:
                    self._skip_bracketed_text()
                if self.i < n and vals[self.i] in _S_SPECIAL:  # next_is_a_terminal or an opening bracket
                    split = self._move_and_maybe_extract_terminal(False)
                else:
                    continue
            if split:
                # Terminal: the history is a sentence; then FirstToken (or End).
                self._emit(start, self.i, out)
                start = self.i
                first = True
        self._emit(start, n, out)  # End
        return out

    def _emit(self, start: int, end: int, out: list) -> None:
        """``segment`` yields a history of more than one token or of one non-empty token."""
        vals = self.vals
        if end - start > 1 or (end - start == 1 and vals[start]):
            last = end - 1
            if not vals[last]:  # only the final whitespace token is empty
                last -= 1
            first = start if vals[start] else start + 1
            offs = self.offs
            out.append((offs[first], min(self.size, offs[last] + len(vals[last]))))

    def _find_end_of_bracketed_text(self) -> tuple[int, bool]:
        """State.__find_end_of_bracketed_text: (index of the closing bracket from i, or 0; inner sentence?)."""
        vals, n, i = self.vals, self.n, self.i
        depth = 1  # len(bracket_stack); syntok pushes queue[0]'s value for every opening bracket
        idx = 1
        first_is_title = None
        last_is_terminal = False
        while i + idx < n and idx < 50:
            value = vals[i + idx]
            if first_is_title is None and value.isalnum():
                first_is_title = value.istitle()
            elif first_is_title and value.isalnum():
                last_is_terminal = i + idx + 1 < n and vals[i + idx + 1] in _S_TERMINALS
            if value in _S_OPENING:
                depth += 1
            elif value in _S_CLOSING:
                depth -= 1
                if depth == 0:
                    break
            idx += 1
        return (idx if depth == 0 else 0), bool(first_is_title and last_is_terminal)

    def _skip_bracketed_text(self) -> bool:
        """State._skip_bracketed_text: move over a short bracket (or one without an inner sentence)."""
        closing, inner = self._find_end_of_bracketed_text()
        if closing > 0:
            j = self.i + closing
            end = self.offs[j] + len(self.vals[j])
            if end - self.offs[self.i] < _S_STATE.max_bracket_skipping_length or not inner:
                self.i = j + 1
                return True
        return False

    def _move_and_maybe_extract_terminal(self, first: bool) -> bool:
        """State._move_and_maybe_extract_terminal: True to split (Terminal), False to go on (self)."""
        vals, nosp, n = self.vals, self.nosp, self.n
        token_before = vals[self.i - 1]  # self.last: the history is never empty here
        if vals[self.i] not in _S_OPENING:
            self.i += 1
        token_after = self._move_to_next_relevant_word()
        i = self.i
        has_next = i < n
        nxt = vals[i] if has_next else ""
        if has_next and (nxt[:1].islower() or nxt in _S_INNER):
            return False
        if (not (first and (len(token_before) == 1 or token_before in _S_ROMAN))
                and has_next and nxt in _S_STARTERS):
            return True
        # syntok writes ``token_after not in (self.closing_brackets or self.closing_quotes)``: the
        # ``or`` picks the (non-empty) closing brackets.
        if token_before in _S_ABBREVIATIONS and token_after not in _S_CLOSING:
            return False
        if (token_before in ("no", "No", "NO") and has_next
                and any(c.isnumeric() for c in nxt) and nxt.isalnum()):
            return False
        if has_next and nxt.isnumeric() and nosp[i]:
            return False
        if has_next and nosp[i] and (not token_after.istitle() or not token_after.isalpha()
                                     or len(token_after) == 1):
            return False
        if has_next and nxt.isnumeric() and len(nxt) > 2:
            return False
        if token_before.isnumeric() and has_next and nxt in _S_MONTHS:
            return False
        if token_before in _S_MONTHS and has_next and nxt.isnumeric():
            return False
        if "." in token_before and token_after != ".":
            return False
        if (first or token_before.isupper()) and (len(token_before) == 1 or token_before in _S_ROMAN):
            return False
        if len(token_before) == 1 and token_before.isalpha() and token_before not in _S_VOWELS:
            return False
        if token_after in _S_OPENING:
            token_after_brackets = self._find_next_token_after_bracket()
            token_after_opening = vals[i + 1] if i + 1 < n else ""  # __find_token_after_next
            if token_after_brackets in _S_INNER:
                return False
            if token_after_opening.istitle():
                return True
            return not token_after_brackets[:1].islower()
        return True

    def _find_next_token_after_bracket(self) -> str:
        """State.__find_next_token_after_bracket."""
        closing, inner = self._find_end_of_bracketed_text()
        j = self.i + closing + 1
        if closing > 0 and not inner and j < self.n:
            return self.vals[j]
        return ""

    def _move_to_next_relevant_word(self) -> str:
        """State.__move_to_next_relevant_word_and_return_token_after_terminal."""
        vals, n = self.vals, self.n
        token = None
        if self.i < n and vals[self.i] in _S_OPENING and vals[self.i - 1] not in _S_TERMINALS:
            self._skip_bracketed_text()
        else:
            post = _S_TERMINALS | _S_CLOSING  # next_is_a_post_terminal_symbol_part_of_sentence
            while self.i < n and vals[self.i] in post:
                self.i += 1
                if self.i >= n:  # ``if not self._move(): break`` comes before taking the token
                    break
                if token is None:
                    token = vals[self.i - 1]
            if self.i < n and vals[self.i] in _S_QUOTES and self.nosp[self.i]:
                self.i += 1
                if self.i < n and token is None:
                    token = vals[self.i - 1]
            while self.i < n and vals[self.i] in post:
                self.i += 1
                if self.i >= n:
                    break
                if token is None:
                    token = vals[self.i - 1]
            if self.i < n and vals[self.i] in _S_OPENING:
                token = vals[self.i]  # returned, not moved over: it may open the next sentence
        if token is None and self.i < n:
            token = vals[self.i]
        return "" if token is None else token


class _Collector:
    """Turns runs into Segments located in the original text.

    ``spans`` cuts a run's text into sentence spans: ``_sentence_spans``, or the reference
    ``_syntok_sentence_spans`` (see ``_reference_segments``).
    """

    def __init__(self, text: str, figures_only: bool,
                 spans: Callable[[str], Iterable[tuple[int, int]]] | None = None,
                 on_segment: Callable[[Segment], None] | None = None,
                 offset: int = 0, line: int = 0, size: int | None = None) -> None:
        # ``text`` may be a piece of a document (``markdown_piece``): the document's text from
        # ``offset``, which starts its line ``line + 1``; ``size`` is the document's length.
        self.text = text
        self.spans = spans or _sentence_spans
        self.starts = _line_starts(text)
        self.figures_only = figures_only
        self.out: list[Segment] = []
        self.on_segment = on_segment
        self.offset = offset
        self.line = line
        self.last = max(0, (len(text) if size is None else size - offset) - 1)

    def where(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line + self.line, offset - self.starts[line - 1] + 1

    def flush(self, run: _Run) -> None:
        if not run.size:
            return
        virtual = run.text()
        if not _ALNUM_RE.search(virtual):
            return
        if self.figures_only and not has_figure(virtual):
            return
        first = _SPLIT_CHARS_RE.search(virtual)
        if first is None or not _ALNUM_RE.search(virtual, first.start()):
            spans: Iterable[tuple[int, int]] = ((0, len(virtual)),)
        else:
            spans = self.spans(virtual)
        # This loop runs once per sentence of the document: what it uses is bound once, here.
        figures_only, last, offset, on_segment = self.figures_only, self.last, self.offset, self.on_segment
        origin_start, origin_end, where, append = run.origin_start, run.origin_end, self.where, self.out.append
        for start, end in spans:
            while start < end and virtual[start].isspace():
                start += 1
            while end > start and virtual[end - 1].isspace():
                end -= 1
            if start >= end:
                continue
            piece = virtual[start:end]
            if "[" in piece:
                if not _ALNUM_RE.search(_PLACEHOLDER_RE.sub("", piece)):
                    continue
            elif not _ALNUM_RE.search(piece):
                continue
            sentence = " ".join(piece.split())
            if figures_only and not has_figure(sentence):
                continue
            o_start = min(origin_start(start), last)
            o_end = min(max(origin_end(end - 1), o_start), last)
            line, column = where(o_start)
            end_line, end_column = where(o_end)
            segment = Segment(sentence, line, column, end_line, end_column, o_start + offset)
            append(segment)
            if on_segment is not None:
                on_segment(segment)


# --------------------------------------------------------------------------------------------
# Suppression comments
# --------------------------------------------------------------------------------------------

_DIRECTIVE_RE = re.compile(r"<!--\s*claimcheck-(disable-next-line|disable|enable)\s*-->")


def _apply_directives(found: list[Segment], directives: list[tuple[str, int, int]],
                      text: str, starts: list[int] | None = None) -> list[Segment]:
    """Drop sentences silenced by ``claimcheck-disable-next-line`` / ``-disable`` ... ``-enable``.

    ``directives`` holds ``(name, start offset, end offset)`` of each comment (end exclusive);
    ``starts`` are ``text``'s line starts (found here when not given).
    """
    if not directives:
        return found
    if starts is None:
        starts = _line_starts(text)
    directives.sort(key=lambda d: d[1])
    skip_lines: set[int] = set()
    ranges: list[tuple[int, int]] = []
    disabled_from: int | None = None
    n_lines = len(starts)
    for name, start, end in directives:
        if name == "disable-next-line":
            line = bisect.bisect_right(starts, max(start, end - 1))  # line of the comment's end
            line += 1
            while line <= n_lines:
                a = starts[line - 1]
                b = starts[line] if line < n_lines else len(text)
                if text[a:b].strip():
                    skip_lines.add(line)
                    break
                line += 1
        elif name == "disable":
            if disabled_from is None:
                disabled_from = end
        elif disabled_from is not None:  # enable
            ranges.append((disabled_from, start))
            disabled_from = None
    if disabled_from is not None:
        ranges.append((disabled_from, len(text) + 1))
    range_starts = [r[0] for r in ranges]

    def silenced(seg: Segment) -> bool:
        if seg.line in skip_lines:
            return True
        i = bisect.bisect_right(range_starts, seg.offset) - 1
        return i >= 0 and ranges[i][0] <= seg.offset < ranges[i][1]

    return [seg for seg in found if not silenced(seg)]


# --------------------------------------------------------------------------------------------
# Segmenting
# --------------------------------------------------------------------------------------------

def segments(text: str, kind: str, *, figures_only: bool = False,
             on_segment: Callable[[Segment], None] | None = None) -> list[Segment]:
    """The prose sentences of ``text`` (``kind`` is ``"markdown"``, ``"html"`` or ``"text"``).

    Markdown: headings, paragraphs, list items, blockquotes and table cells (each its own run);
    front matter, code blocks, inline code, HTML, link URLs and reference definitions are skipped.
    HTML: text outside script/style/pre/code/head/template and comments, block elements separating
    runs.  Text: blank-line separated paragraphs.  Sentences silenced by ``claimcheck-disable``
    comments are left out.

    ``figures_only=True`` returns only the sentences for which ``has_figure`` is true (exactly
    ``[s for s in segments(text, kind) if has_figure(s.text)]``, but faster: runs without any figure
    are never split into sentences).

    ``on_segment(segment)``, when given, is called with each sentence as soon as it is found, so a
    caller can start work on it while the rest of the document is read (``lint --jobs``).  It may
    see a sentence that a later ``claimcheck-disable`` comment silences: the returned list is the
    answer.
    """
    return _segments(text, kind, figures_only, _sentence_spans, on_segment)


def _reference_segments(text: str, kind: str, *, figures_only: bool = False) -> list[Segment]:
    """``segments`` with every run cut into sentences by syntok itself, never by ``_SyntokPort``.

    The reference the port is tested against (tests/test_segment_fastpath.py): the two must always
    return equal lists.
    """
    return _segments(text, kind, figures_only, _syntok_sentence_spans)


def _segments(text: str, kind: str, figures_only: bool,
              spans: Callable[[str], Iterable[tuple[int, int]]],
              on_segment: Callable[[Segment], None] | None = None) -> list[Segment]:
    if kind not in ("markdown", "html", "text"):
        raise ValueError(f"unknown document kind {kind!r} (expected markdown, html or text)")
    if not text:
        return []
    if kind == "markdown":
        cuts = markdown_cuts(text)
        pieces = (markdown_piece(text[start:end], start, line, len(text), figures_only, spans, on_segment)
                  for start, end, line in markdown_pieces(text, cuts))
        return join_pieces(text, cuts, pieces, figures_only, spans, on_segment)
    collector = _Collector(text, figures_only, spans, on_segment)
    directives: list[tuple[str, int, int]] = []
    # Parsing allocates hundreds of thousands of short-lived objects and no garbage cycles worth
    # collecting mid-way: pausing the cyclic GC saves ~15% on large documents.
    with gc_paused():
        if kind == "html":
            _html_runs(text, collector, directives)
        else:
            _text_runs(text, collector, directives)
    return _apply_directives(collector.out, directives, text, collector.starts)


# ---- plain text ----------------------------------------------------------------------------

def _text_runs(text: str, collector: _Collector, directives: list) -> None:
    starts = collector.starts
    n = len(starts)
    para_start = -1
    para_end = 0

    def flush() -> None:
        if para_start >= 0:
            run = _Run()
            run.add_prose(text[para_start:para_end], para_start)
            collector.flush(run)

    for i in range(n):
        a = starts[i]
        b = starts[i + 1] if i + 1 < n else len(text)
        line = text[a:b]
        stripped = line.strip()
        if not stripped:
            flush()
            para_start = -1
            continue
        if stripped.startswith("<!--"):
            m = _DIRECTIVE_RE.fullmatch(stripped)
            if m:
                flush()
                para_start = -1
                at = a + line.index("<!--")
                directives.append((m.group(1), at, at + len(stripped)))
                continue
        if para_start < 0:
            para_start = a
        para_end = b
    flush()


# ---- markdown ------------------------------------------------------------------------------

#: A Markdown document at least twice this long is parsed a piece of about this many characters at
#: a time: its first sentences reach ``on_segment`` (``lint --jobs``' workers) before the rest is
#: parsed.  Tests set it small, to cut wherever ``markdown_cuts`` can.
MARKDOWN_PIECE = 64 * 1024
# A place to cut: a blank line, then a line opening a paragraph or a heading at column 0.  No list
# item or blockquote goes on past such a line, no paragraph or table past a blank line, and no lazy
# continuation follows one.  What may still be open there, a fenced code block, an HTML block that
# spans blank lines (<pre>, <script>, <style>, <!-- -->, <?...?>, <!X>, CDATA) or front matter, is
# checked once the piece before is parsed (``markdown_piece``'s ``closed``).
# (A line break is "\r\n", "\r" or "\n": "\r\n" is never two.)
_CUT_RE = re.compile(r"(?:\r\n|\r(?!\n)|\n)[ \t]*(?:\r\n|\r(?!\n)|\n)(?=[^\W\d_]|#)")


def markdown_cuts(text: str) -> list[int]:
    """Offsets at which ``text`` may be cut into pieces for ``markdown_piece``, the first 0.

    Just ``[0]`` (one piece) for a document shorter than ``2 * MARKDOWN_PIECE``, and for one that
    may define a link reference ("[label]: url"), since a definition applies to the whole document.
    """
    size = MARKDOWN_PIECE
    end = len(text)
    cuts = [0]
    if end < 2 * size or "]:" in text:
        return cuts
    at = 0
    while end - at >= 2 * size:
        m = _CUT_RE.search(text, at + size)
        if m is None:
            break
        at = m.end()
        cuts.append(at)
    return cuts


def markdown_pieces(text: str, cuts: list[int]) -> Iterator[tuple[int, int, int]]:
    """``(start, end, lines before start)`` of each piece."""
    if len(cuts) == 1:
        yield 0, len(text), 0
        return
    starts = _line_starts(text)
    for k, start in enumerate(cuts):
        yield start, cuts[k + 1] if k + 1 < len(cuts) else len(text), bisect.bisect_left(starts, start)


class MarkdownPiece(NamedTuple):
    """What ``markdown_piece`` found in one piece of a document."""

    segments: list[Segment]  # its sentences, silencing comments not yet applied
    directives: list[tuple[str, int, int]]  # its claimcheck-disable comments (see _apply_directives)
    closed: bool  # False when a block may be open at its end: the cut after it does not hold
    start: int  # where the piece starts in the document, and the lines before it
    line: int


def markdown_piece(piece: str, start: int, line: int, size: int, figures_only: bool,
                   spans: Callable[[str], Iterable[tuple[int, int]]] | None = None,
                   on_segment: Callable[[Segment], None] | None = None) -> MarkdownPiece:
    """Split one piece of a Markdown document into sentences, located in the whole document:
    ``piece`` is its text from offset ``start``, which begins after ``line`` lines; ``size`` is the
    document's length."""
    collector = _Collector(piece, figures_only, spans, on_segment, start, line, size)
    directives: list[tuple[str, int, int]] = []
    # Parsing allocates hundreds of thousands of short-lived objects and no garbage cycles worth
    # collecting mid-way: pausing the cyclic GC saves ~15% on large documents.
    with gc_paused():
        closed = _markdown(piece, collector, directives) if piece else True
    return MarkdownPiece(collector.out, [(name, a + start, b + start) for name, a, b in directives],
                         closed, start, line)


def join_pieces(text: str, cuts: list[int], pieces: Iterable[MarkdownPiece], figures_only: bool,
                spans: Callable[[str], Iterable[tuple[int, int]]] | None = None,
                on_segment: Callable[[Segment], None] | None = None) -> list[Segment]:
    """``segments(text, "markdown")`` from its pieces, in order (as cut at ``cuts``).

    A piece that may end inside an open block (``closed`` false) is split again here together with
    the rest of the document, and the pieces after it are ignored (a lazy iterable is not read
    further).  Silencing comments apply across pieces.
    """
    found: list[Segment] = []
    directives: list[tuple[str, int, int]] = []
    for k, piece in enumerate(pieces):
        last = piece.closed is False or k + 1 == len(cuts)
        if last and k + 1 < len(cuts):
            piece = markdown_piece(text[piece.start:], piece.start, piece.line, len(text), figures_only,
                                   spans, on_segment)
        found += piece.segments
        directives += piece.directives
        if last:
            break
    return _apply_directives(found, directives, text)


_md = None


def _markdown_parser():
    global _md
    if _md is None:
        from markdown_it import MarkdownIt
        from mdit_py_plugins.front_matter import front_matter_plugin

        md = MarkdownIt("commonmark").enable("table").use(front_matter_plugin)
        # Keep escapes and entities as their own tokens (their source differs from their text).
        md.disable("text_join")
        # URLs are never rendered: skip percent-encoding them, and accept every scheme so that a
        # javascript:/data: link is still a link (its URL skipped) rather than literal text.
        md.normalizeLink = lambda url: url  # type: ignore[method-assign]
        md.normalizeLinkText = lambda text: text  # type: ignore[method-assign]
        md.validateLink = lambda url: True  # type: ignore[method-assign]
        # ``_markdown`` parses a block's inline content itself, and only when it may hold markup.
        md.core.ruler.disable("inline")
        _md = md
    return _md


# Container markers and heading marks at the start of a block's first line.
_BLOCK_PREFIX_RE = re.compile(
    r"(?:[ \t]*(?:>|[-+*](?=[ \t\r\n]|$)|\d{1,9}[.)](?=[ \t\r\n]|$)))*[ \t]*"
    r"(?:#{1,6}(?=[ \t\r\n]|$))?[ \t]*")
# Blockquote markers and indentation at the start of a continuation line.
_CONTINUATION_RE = re.compile(r"[ \t]*(?:>[ \t]?)*[ \t]*")
# The characters at which an inline rule of ``_markdown_parser`` may start (backticks, emphasis,
# escapes, entities, links, images, autolinks and HTML), and line breaks (soft and hard breaks).
_INLINE_MARKUP_RE = re.compile(r"[`*_\\&<\[\]!\n]")
_TOML_FENCE_RE = re.compile(r"\+\+\+[ \t]*(?:\r\n?|\n)")
_TOML_CLOSE_RE = re.compile(r"(?<=[\r\n])\+\+\+[ \t]*(?=[\r\n]|\Z)")
_BACKTICKS_RE: dict[int, re.Pattern] = {}


def _backtick_run(n: int) -> re.Pattern:
    pattern = _BACKTICKS_RE.get(n)
    if pattern is None:
        pattern = _BACKTICKS_RE[n] = re.compile(r"(?<!`)`{%d}(?!`)" % n)
    return pattern


def _markdown(text: str, collector: _Collector, directives: list) -> bool:
    """Add the prose of Markdown ``text`` to ``collector``.  True unless a fence or an HTML block
    runs to the end of the text, or front matter opens and does not close (``MarkdownPiece.closed``).
    """
    md = _markdown_parser()
    # markdown-it turns NUL into U+FFFD; do the same (same length) so its text can be found here.
    src = text.replace("\0", "\ufffd") if "\0" in text else text
    parse_src = src
    if parse_src.startswith("\ufeff"):
        # Drop a BOM for parsing (front matter must open at offset 0); the lines stay the same, and
        # positions are always found in ``src``.
        parse_src = parse_src[1:]
    opening = _TOML_FENCE_RE.match(parse_src)
    closed = True
    if opening:
        # TOML front matter: blank it out (same lines) so markdown-it sees empty lines.
        close = _TOML_CLOSE_RE.search(parse_src, opening.end())
        if close:
            head = parse_src[:close.end()]
            parse_src = re.sub(r"[^\r\n]", " ", head) + parse_src[close.end():]
        else:
            closed = False
    env: dict = {}  # link reference definitions, found by the block parse, for the inline parse
    tokens = md.parse(parse_src, env)
    inline = md.inline.parse
    if parse_src.startswith("---") and not (tokens and tokens[0].type == "front_matter"):
        closed = False  # perhaps front matter that closes further on
    starts = collector.starts
    n_lines = len(starts)
    pos = 0
    for token in tokens:
        if token.type == "inline" and token.map:
            first, last = token.map
            block_start = starts[first] if first < n_lines else len(src)
            block_end = starts[last] if last < n_lines else len(src)
            if pos <= block_start:
                pos = _BLOCK_PREFIX_RE.match(src, block_start, block_end).end()
            run = _Run()
            content = token.content
            at = -1 if _INLINE_MARKUP_RE.search(content) else src.find(content, pos, block_end)
            if at >= 0:
                # No character any enabled inline rule starts at, and no line break: markdown-it
                # would make the whole content one text token (``_markdown_inline``'s first case).
                run.add_prose(content, at)
                pos = at + len(content)
            else:
                token.children = []
                inline(content, md, env, token.children)
                pos = _markdown_inline(token, src, pos, block_end, run, directives)
            collector.flush(run)
        elif token.type == "html_block" and token.map:
            first, last = token.map
            a = starts[first] if first < n_lines else len(src)
            b = starts[last] if last < n_lines else len(src)
            for m in _DIRECTIVE_RE.finditer(src, a, b):
                directives.append((m.group(1), m.start(), m.end()))
            pos = max(pos, b)
        elif token.map:
            # Any other block (code, front matter, rules, containers' opening tokens): its text is
            # never prose; move on only for leaf blocks so containers' first paragraph keeps pos.
            if token.type in ("fence", "code_block", "front_matter", "hr"):
                last = token.map[1]
                pos = max(pos, starts[last] if last < n_lines else len(src))
    if closed:
        # From the end: the last leaf block, past the closing tokens (no map) and the containers
        # open to the end.  (markdown-it's lines: a last line without a line break counts too.)
        lines = n_lines if starts[-1] < len(src) else n_lines - 1
        for token in reversed(tokens):
            if token.map:
                if token.map[1] < lines:
                    break
                if token.type in ("fence", "html_block"):
                    return False
    return closed


def _find(src: str, needle: str, pos: int, end: int) -> tuple[int, int]:
    """Find ``needle`` (which may span lines) at or after ``pos``: ``(start, source length)``."""
    at = src.find(needle, pos, end)
    if at >= 0:
        return at, len(needle)
    if "\n" in needle:
        # markdown-it normalised CRLF/CR line endings; try the original forms.
        for newline in ("\r\n", "\r"):
            variant = needle.replace("\n", newline)
            at = src.find(variant, pos, end)
            if at >= 0:
                return at, len(variant)
    return -1, 0


def _find_loose(src: str, needle: str, pos: int, end: int) -> tuple[int, int]:
    """Find text whose source may hold backslash escapes markdown-it removed (``\\|`` in tables).

    Returns ``(start, length in the source)`` or ``(-1, 0)``.
    """
    pattern = "".join(
        (r"\\?" + re.escape(ch)) if (ch.isascii() and not ch.isalnum() and not ch.isspace())
        else re.escape(ch) for ch in needle)
    m = re.compile(pattern).search(src, pos, end)
    if m is None:
        return -1, 0
    return m.start(), m.end() - m.start()


def _skip_link_tail(src: str, i: int, end: int) -> int:
    """After a link's closing ``]`` at ``i - 1``: skip ``(destination "title")`` or ``[label]``."""
    if i >= end:
        return i
    if src[i] == "(":
        depth = 0
        quote = ""
        j = i
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


def _find_unescaped(src: str, ch: str, pos: int, end: int) -> int:
    while True:
        at = src.find(ch, pos, end)
        if at <= 0:
            return at
        backslashes = 0
        k = at - 1
        while k >= pos and src[k] == "\\":
            backslashes += 1
            k -= 1
        if backslashes % 2 == 0:
            return at
        pos = at + 1


def _skip_image(src: str, pos: int, end: int) -> int:
    """Skip ``![alt](url)`` / ``![alt][ref]`` / ``![alt]`` starting at or after ``pos``."""
    at = src.find("![", pos, end)
    if at < 0:
        return pos
    depth = 0
    j = at + 1
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
    for child in token.children or ():
        kind = child.type
        if kind == "text":
            if autolink:
                continue
            content = child.content
            at = src.find(content, pos, end)
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
        elif kind == "softbreak" or kind == "hardbreak":
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
            ticks = _backtick_run(len(child.markup or "`"))
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
                    directives.append((m.group(1), at, at + length))
                pos = at + length
        # Other tokens (strikethrough if ever enabled, ...) carry no text of their own.
    return pos


# ---- HTML ----------------------------------------------------------------------------------

#: Elements whose content is never prose.
HTML_SKIP = frozenset({"script", "style", "pre", "code", "head", "template", "kbd", "samp",
                       "svg", "math", "noscript", "title", "textarea", "select", "object", "iframe"})
#: Skipped elements that sit inside a sentence: they leave CODE_PLACEHOLDER.
HTML_INLINE_CODE = frozenset({"code", "kbd", "samp"})
#: Elements that separate text runs.
HTML_BLOCKS = frozenset({
    "p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "div", "blockquote", "br", "tr",
    "ul", "ol", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "caption", "section",
    "article", "aside", "header", "footer", "nav", "main", "figure", "figcaption", "hr", "pre",
    "address", "details", "summary", "form", "fieldset", "legend", "body", "html", "hgroup",
    "option", "label", "button", "center",
})


def _html_runs(text: str, collector: _Collector, directives: list) -> None:
    from html.parser import HTMLParser

    nl_starts = [0]
    nl_starts.extend(m.end() for m in re.finditer("\n", text))
    length = len(text)

    class Parser(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=False)
            self.run = _Run()
            self.skipping: dict[str, int] = {}
            self.depth = 0

        def _at(self) -> int:
            line, column = self.getpos()
            return min(nl_starts[line - 1] + column, length)

        def flush(self) -> None:
            if self.run.size:
                collector.flush(self.run)
                self.run = _Run()

        def handle_starttag(self, tag, attrs) -> None:
            if tag in HTML_BLOCKS:
                self.flush()
            if tag == "body" and self.skipping.get("head"):
                self.depth -= self.skipping.pop("head")
            if tag in HTML_SKIP:
                if tag in HTML_INLINE_CODE and not self.depth:
                    at = self._at()
                    self.run.add(CODE_PLACEHOLDER, at, len(self.get_starttag_text() or "<>"))
                self.skipping[tag] = self.skipping.get(tag, 0) + 1
                self.depth += 1

        def handle_startendtag(self, tag, attrs) -> None:
            if tag in HTML_BLOCKS:
                self.flush()

        def handle_endtag(self, tag) -> None:
            if self.skipping.get(tag):
                self.skipping[tag] -= 1
                self.depth -= 1
            if tag in HTML_BLOCKS:
                self.flush()

        def handle_data(self, data) -> None:
            if not self.depth:
                self.run.add_prose(data, self._at())

        def _reference(self, raw: str, name: str) -> None:
            if self.depth:
                return
            at = self._at()
            size = len(raw) - 1 + (1 if text.startswith(";", at + len(raw) - 1) else 0)
            decoded = _html.unescape(raw)
            if decoded == raw:  # unknown entity: keep it as written
                decoded = text[at:at + size]
            self.run.add(decoded.translate(_WS_TABLE), at, size)

        def handle_entityref(self, name) -> None:
            self._reference(f"&{name};", name)

        def handle_charref(self, name) -> None:
            self._reference(f"&#{name};", name)

        def handle_comment(self, data) -> None:
            m = _DIRECTIVE_RE.fullmatch(f"<!--{data}-->".strip())
            if m is None:
                m = _DIRECTIVE_RE.fullmatch(f"<!--{data.strip()}-->")
            if m:
                at = self._at()
                directives.append((m.group(1), at, at + len(data) + 7))

    parser = Parser()
    parser.feed(text)
    parser.close()
    parser.flush()


# --------------------------------------------------------------------------------------------
# Finding files
# --------------------------------------------------------------------------------------------

def _warn_stderr(message: str) -> None:
    print(f"claimcheck: warning: {message}", file=sys.stderr)


def _gitignore_spec(path: Path):
    import pathspec

    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    spec = pathspec.GitIgnoreSpec.from_lines(lines)
    return spec if len(spec) else None


def _git_root(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


class _Ignores:
    """Stacked .gitignore specs: the deepest one with a matching pattern decides."""

    def __init__(self, specs: Sequence[tuple[Path, object]] = ()) -> None:
        self.specs = list(specs)

    def pushed(self, base: Path, spec) -> "_Ignores":
        return _Ignores([*self.specs, (base, spec)])

    def ignored(self, path: Path, is_dir: bool) -> bool:
        for base, spec in reversed(self.specs):
            try:
                rel = path.relative_to(base).as_posix()
            except ValueError:
                continue
            if rel in ("", "."):
                continue
            result = spec.check_file(rel + "/" if is_dir else rel)
            if result.include is not None:
                return bool(result.include)
        return False


def _ancestor_ignores(root: Path) -> _Ignores:
    """The .gitignore files above ``root`` up to its git checkout's top (plus .git/info/exclude)."""
    try:
        real = root.resolve()
    except OSError:
        return _Ignores()
    top = _git_root(real)
    if top is None:
        return _Ignores()
    specs: list[tuple[Path, object]] = []
    exclude = top / ".git" / "info" / "exclude"
    if exclude.is_file():
        spec = _gitignore_spec(exclude)
        if spec is not None:
            specs.append((top, spec))
    folders = [real, *real.parents]
    folders = folders[1:folders.index(top) + 1] if top in folders else []
    for folder in reversed(folders):
        candidate = folder / ".gitignore"
        if candidate.is_file():
            spec = _gitignore_spec(candidate)
            if spec is not None:
                specs.append((folder, spec))
    ignores = _Ignores(specs)
    if ignores.ignored(real, True):
        # A directory named explicitly is checked even if it is ignored from above.
        return _Ignores()
    return ignores


def discover(paths: Sequence[str | Path], include: Sequence[str] = (), exclude: Sequence[str] = (),
             warn: Callable[[str], None] | None = None) -> list[Path]:
    """Expand files and directories into the documents to lint, deterministically.

    * A file named explicitly is always returned (whatever its extension; ``-`` is kept as is).
    * A directory is walked recursively in sorted order for files with a document extension
      (``DOCUMENT_EXTENSIONS``), skipping hidden files and directories, anything ignored by the
      ``.gitignore`` files in the tree or above it up to the git checkout's top, and binary files
      (``warn("<path>: binary file, skipped")``).
    * ``include``/``exclude`` are gitignore-style globs matched against paths relative to the
      directory given: with ``include``, only matching files are taken; ``exclude`` drops files and
      prunes directories.
    * A path that does not exist raises ``DocumentError("<path>: no such file or directory")``.

    Each file is returned once, in the order first found.
    """
    import pathspec

    warn = warn or _warn_stderr
    include_spec = pathspec.GitIgnoreSpec.from_lines(include) if include else None
    exclude_spec = pathspec.GitIgnoreSpec.from_lines(exclude) if exclude else None
    out: list[Path] = []
    seen: set[str] = set()

    def add(path: Path) -> None:
        key = os.path.normcase(os.path.abspath(path)) if str(path) != "-" else "-"
        if key not in seen:
            seen.add(key)
            out.append(path)

    for given in paths:
        name = str(given)
        if name == "-":
            add(Path("-"))
            continue
        path = Path(given)
        if not os.path.exists(path):
            raise DocumentError(f"{name}: no such file or directory", path=name)
        if path.is_dir():
            for found in _walk(path, include_spec, exclude_spec, warn):
                add(found)
        else:
            add(path)
    return out


def _walk(root: Path, include_spec, exclude_spec, warn: Callable[[str], None]) -> Iterator[Path]:
    ignores = _ancestor_ignores(root)
    try:
        real_root = root.resolve()
    except OSError:
        real_root = root.absolute()
    visited: set[str] = set()

    def walk(folder: Path, real: Path, rel: tuple[str, ...], ignores: _Ignores) -> Iterator[Path]:
        key = os.path.normcase(str(real))
        if key in visited:  # a symlink loop
            return
        visited.add(key)
        spec_file = folder / ".gitignore"
        if spec_file.is_file():
            spec = _gitignore_spec(spec_file)
            if spec is not None:
                ignores = ignores.pushed(real, spec)
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            warn(f"{folder}: cannot read directory ({exc.strerror or exc}), skipped")
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = folder / entry.name
            real_path = real / entry.name
            parts = (*rel, entry.name)
            relative = "/".join(parts)
            try:
                is_dir = entry.is_dir()
            except OSError:
                continue
            if is_dir:
                if ignores.ignored(real_path, True):
                    continue
                if exclude_spec is not None and exclude_spec.match_file(relative + "/"):
                    continue
                try:
                    resolved = real_path.resolve() if entry.is_symlink() else real_path
                except OSError:
                    continue
                yield from walk(path, resolved if entry.is_symlink() else real_path, parts, ignores)
                continue
            if os.path.splitext(entry.name)[1].lower() not in DOCUMENT_EXTENSIONS:
                continue
            if ignores.ignored(real_path, False):
                continue
            if exclude_spec is not None and exclude_spec.match_file(relative):
                continue
            if include_spec is not None and not include_spec.match_file(relative):
                continue
            try:
                with open(path, "rb") as handle:
                    head = handle.read(SNIFF_BYTES)
            except OSError as exc:
                warn(f"{path}: cannot read ({exc.strerror or exc}), skipped")
                continue
            if _sniff_binary(head):
                warn(f"{path}: binary file, skipped")
                continue
            yield path

    yield from walk(root, real_root, (), ignores)
