"""Text helpers every layer shares: folding, stemming, content words, quote normalisation, and
making untrusted text safe to print.

Nothing here knows about figures, claims or documents.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from functools import lru_cache

#: Function words left out of a sentence's content words (English and Spanish).
STOPWORDS = frozenset("""
a an the of in on at to for from by with and or but as is are was were be been being has have had
that this these those it its their there than then which who whom whose what when where while
about around over under more less fewer some nearly almost close only just also into out up down
per between during since until through after before against among all any both each other such
not no nor so very can could would should will may might must do does did done according said says
el la los las lo un una unos unas de del en y o u que por para con sin sobre entre desde hasta
según segun su sus al se es son fue fueron ha han había habian este esta estos estas ese esa
como más mas menos casi alrededor cerca solo sólo también tambien
""".split())


def fold(word: str) -> str:
    """Lowercase and strip accents: ``Deportó`` -> ``deporto``."""
    word = word.lower()
    if word.isascii():
        return word
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


_SUFFIXES = ("aciones", "iciones", "ations", "ation", "acion", "icion", "ciones", "cion",
             "ments", "ment", "ings", "ing", "ados", "adas", "idos", "idas", "ado", "ada",
             "ido", "ida", "aron", "ieron", "ions", "ion", "ies", "ed", "es", "os", "as", "s", "o", "a", "e")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light, language-agnostic stem for matching inflections: deported/deportations -> deport."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= (5 if suffix in ("ion", "ions") else 4):
            return word[: -len(suffix)]  # ("station" is not "state")
    return word


#: A word: letters, with inner dots and apostrophes ("U.S.", "Mexico's"), and a final dot.
_WORD_RE = re.compile(r"[^\W\d_]+(?:[.'’][^\W\d_]+)*\.?")


@lru_cache(maxsize=65536)
def _content_word(raw: str) -> str:
    word = fold(raw.replace(".", "").replace("’", "'"))
    if word.endswith("'s"):
        word = word[:-2]
    return "" if word in STOPWORDS else word


def words_of(text: str, skip: list[tuple[int, int]] = ()) -> list[str]:
    """Content words of ``text``, folded, with acronym dots dropped ("U.S." -> "us"); words starting
    inside one of the ``skip`` spans (figures, periods) are left out."""
    out = []
    spans = sorted(skip) if skip else []
    starts = [s for s, _ in spans]
    reach = list(itertools.accumulate((e for _, e in spans), max))  # the furthest end so far
    for match in _WORD_RE.finditer(text):
        at = match.start()
        k = bisect.bisect_right(starts, at) - 1  # the spans starting at or before the word
        if k >= 0 and reach[k] > at:
            continue
        word = _content_word(match.group())
        if word:
            out.append(word)
    return out


@lru_cache(maxsize=65536)
def stems_of(text: str) -> tuple[str, ...]:
    """``stem`` of each content word of ``text``, in order."""
    return tuple(stem(w) for w in words_of(text))


_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " ",
                         "\u202f": " ", "\u2007": " ", "\u2009": " "})


def normalise_quote(text: str) -> str:
    """Quotes are compared after normalising whitespace, non-breaking spaces and typographic quotes."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text).translate(_QUOTES)).strip()


def squeeze(text: str) -> str:
    """Runs of whitespace (newlines included) as single spaces, stripped."""
    return " ".join(text.split())


# --------------------------------------------------------------------------------------------
# Untrusted text on a terminal or in a CI log
# --------------------------------------------------------------------------------------------

#: C0 and C1 control characters (tab and newline included: callers keep their own line breaks)
#: and the bidirectional overrides that can make a line read differently from what it holds.
_UNSAFE_RE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with control characters (terminal escapes, carriage returns, newlines) shown as
    ``\\xNN`` escapes: data from a table or a document can never clear a screen, set the clipboard
    (OSC 52), forge a line or start a GitHub workflow command (``::``) in the output."""
    text = str(text)
    return _UNSAFE_RE.sub(_escape, text) if _UNSAFE_RE.search(text) else text


#: What ``json.dumps(..., ensure_ascii=False)`` leaves raw but a terminal would act on: C1 controls
#: (U+009B is a one-byte CSI) and the bidirectional overrides.
_JSON_UNSAFE_RE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def json_safe(encoded: str) -> str:
    """Encoded JSON with those characters as ``\\uXXXX`` escapes: the same JSON, safe to print."""
    return _JSON_UNSAFE_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", encoded) if _JSON_UNSAFE_RE.search(encoded) \
        else encoded


#: A line whose text starts with "::" is a workflow command to a CI runner (which trims indentation).
_COMMAND_LINE_RE = re.compile(r"^(\s*(?:\x1b\[[0-9;]*m)*\s*):(?=:)", re.MULTILINE)


def no_workflow_commands(text: str) -> str:
    """``text`` with a leading "::" on any line shown as ``\\x3a:``, colour codes and indentation kept."""
    return _COMMAND_LINE_RE.sub(lambda m: m.group(1) + "\\x3a", text)


_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def has_control(text: str) -> bool:
    """Does ``text`` hold a control character other than tab and newline (``validate`` refuses them)?"""
    return _CONTROL_RE.search(text) is not None
