"""Regular expressions whose compiled code is kept in the user's cache directory.

A first ``claimcheck check`` compiles about twenty patterns, and ``re`` compiles in pure Python
(``re._parser`` then ``re._compiler``): about 5 ms, a measurable share of a ~100 ms start-up.  The
compiler's output (the SRE code of each pattern) depends only on the pattern, its flags and the
Python build, so it is cached, keyed by the Python version and ``_sre.MAGIC``.  A pattern
found there is built with ``_sre.compile`` directly, in microseconds; that is the call
``re._compiler.compile`` itself ends with.

Safe by construction:

* the file holds only numbers, strings, lists and dicts: it is unpickled with no access to any
  class or function, so a foreign file cannot run code;
* a file written by another Python, or damaged, or an ``re`` whose internals moved, is ignored and
  everything falls back to ``re.compile``;
* it is written atomically (a temporary file, then ``os.replace``), once per process at exit, only
  when a pattern was missing, and never next to the user's files (``cache.cache_dir()``, which
  honours ``CLAIMCHECK_CACHE_DIR`` and ``CLAIMCHECK_NO_CACHE``).
"""

from __future__ import annotations

import re
import sys

try:  # CPython's regular-expression engine and compiler: present on every CPython 3.11+
    import _sre
    from re import _compiler, _parser
except ImportError:  # pragma: no cover - other Pythons: plain re.compile
    _sre = None

try:  # the C pickler directly (importing pickle.py costs start-up)
    import _pickle as pickle
except ImportError:  # pragma: no cover
    import pickle


class _PlainUnpickler(pickle.Unpickler):
    """Builds plain data only: any class or function reference is refused."""

    def find_class(self, module, name):
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the regex cache")


#: Which engine the cached code is for: code from another Python is never used.
ENGINE = f"{sys.version}|{getattr(_sre, 'MAGIC', 0)}|{getattr(_sre, 'CODESIZE', 0)}"
FILE_NAME = "regex-code.pickle"

_codes: dict | None = None  # "flags:pattern" -> [flags, code, groups, groupindex, indexgroup]
_dirty = False
_used: set[str] = set()  # the keys this run compiled or took from the cache
#: Patterns kept in the file; past that, a run that adds one keeps only those it used (patterns of
#: older releases are dropped, and the file stays small).
MAX_CODES = 1024


def compile(pattern: str, flags: int = 0) -> re.Pattern:
    """``re.compile(pattern, flags)``, from cached compiler output when there is some."""
    global _codes, _dirty
    flags = int(flags)
    if _sre is None:  # pragma: no cover
        return re.compile(pattern, flags)
    if _codes is None:
        _codes = _read()
    key = f"{flags}:{pattern}"
    _used.add(key)
    entry = _codes.get(key)
    if entry is not None:
        try:
            return _build(pattern, entry)
        except Exception:  # not code this engine accepts: compile it afresh below
            del _codes[key]
    try:
        entry = _code_of(pattern, flags)
        compiled = _build(pattern, entry)
    except re.error:
        raise
    except Exception:  # re's internals are not what this module expects: use re itself
        return re.compile(pattern, flags)
    if not _dirty:
        import atexit

        atexit.register(_write)
    _codes[key] = entry
    _dirty = True
    return compiled


def _code_of(pattern: str, flags: int) -> list:
    """What ``re._compiler.compile`` computes before it calls ``_sre.compile``."""
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    # The opcodes are named int constants: plain ints pickle (and load) as data.
    return [int(flags | parsed.state.flags), [int(c) for c in code], parsed.state.groups - 1, groupindex,
            indexgroup]


def _build(pattern: str, entry: list) -> re.Pattern:
    final_flags, code, groups, groupindex, indexgroup = entry
    return _sre.compile(pattern, final_flags, code, groups, groupindex, tuple(indexgroup))


def _path():
    from .cache import cache_dir

    directory = cache_dir()
    return None if directory is None else directory / FILE_NAME


def _read() -> dict:
    try:
        path = _path()
        if path is None:
            return {}
        with open(path, "rb") as handle:
            data = _PlainUnpickler(handle).load()
        if not isinstance(data, dict) or data.get("engine") != ENGINE or not isinstance(data.get("codes"), dict):
            return {}
        return data["codes"]
    except Exception:  # missing, damaged, foreign: compile afresh
        return {}


def _write() -> None:
    """Save the compiled code (at exit; any failure only means the next run compiles again)."""
    try:
        path = _path()
        if path is None or not _codes:
            return
        from .cache import write_atomically

        codes = _codes if len(_codes) <= MAX_CODES else {k: v for k, v in _codes.items() if k in _used}
        write_atomically(path, ".regex-", (pickle.dumps({"engine": ENGINE, "codes": codes}, protocol=4),))
    except Exception:
        pass
