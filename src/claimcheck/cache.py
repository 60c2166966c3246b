"""The table cache: the parsed, indexed table, pickled in the user's cache directory.

* Keyed by the claimcheck version and each table file's resolved path, size and modification time,
  so an edited YAML file is never served stale.
* Written atomically (a temporary file in the same directory, then ``os.replace``), so concurrent runs
  (a CI matrix, ``--jobs``) never see a half-written file; the last writer wins with identical content.
* Read defensively: a file that is not ours (wrong magic, wrong key, bad checksum, truncated) is ignored
  and rebuilt.  Unpickling is restricted to claimcheck's own data classes and builtins, so a foreign
  file cannot run code.
* Never written next to the user's files.  ``CLAIMCHECK_CACHE_DIR`` overrides the location;
  ``CLAIMCHECK_NO_CACHE=1`` disables it.
"""

from __future__ import annotations

import os
try:  # the C pickler directly: importing pickle.py costs more start-up than reading the cache
    import _pickle as pickle
except ImportError:  # pragma: no cover - other Pythons
    import pickle
import sys
from pathlib import Path
from zlib import adler32, crc32

from . import __version__
from .model import gc_paused

MAGIC = b"claimcheck-table-cache\n"
FORMAT = 5  # 2: claims stored as plain tuples (ClaimList); 3: claim words as tuples;
# 5: claims in columns and one text buffer, postings as arrays, claim words as one string, by_id an
# IdIndex (4: a development layout with claim words as arrays; never read as 5)


CHECKSUM_BYTES = 8


def checksum(payload: bytes) -> bytes:
    """Detects a truncated or damaged file (not tampering: the restricted unpickler guards that)."""
    return _crc_text(crc32(payload))


def _crc_text(crc: int) -> bytes:
    """How a CRC-32 is stored in the file: 8 hex digits."""
    return f"{crc:08x}".encode()


def cache_dir() -> Path | None:
    if os.environ.get("CLAIMCHECK_NO_CACHE", "").strip() not in ("", "0"):
        return None
    override = os.environ.get("CLAIMCHECK_CACHE_DIR", "").strip()
    if override:
        return Path(override)
    if sys.platform.startswith("linux") or os.environ.get("XDG_CACHE_HOME"):
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        return Path(base) / "claimcheck"
    from platformdirs import user_cache_dir  # macOS and Windows conventions

    return Path(user_cache_dir("claimcheck", appauthor=False))


def table_key(paths: list[Path]) -> str:
    parts = [f"{__version__}|{FORMAT}|{sys.version_info[:2]}|{_layout()}"]
    for path in paths:
        try:
            resolved = path.resolve()
            stat = resolved.stat()
            parts.append(f"{resolved}|{stat.st_size}|{stat.st_mtime_ns}|{stat.st_ino}")
        except OSError:
            parts.append(f"{path}|missing")
    # The whole key is stored in the file and compared on read; the name only needs to spread files.
    # (zlib's checksums, not hashlib: loading OpenSSL costs more start-up than the rest of the cache.)
    key = "\n".join(parts).encode()
    return f"{crc32(key):08x}{adler32(key):08x}:" + key.hex()


def _layout() -> str:
    """The shape of the cached classes: a cache written by a build with other fields is not ours."""
    from .model import Claim, Figure, Period, Source
    from .table import ClaimList, Table

    shapes = [",".join(Table.FIELDS), ",".join(ClaimList.STATE)]
    shapes += [",".join(cls._fields) for cls in (Claim, Figure, Period, Source)]
    return ";".join(shapes)


def _file_for(key: str) -> Path | None:
    directory = cache_dir()
    return None if directory is None else directory / f"table-{key[:16]}.pickle"


_ALLOWED = {
    ("claimcheck.model", name) for name in ("Claim", "Figure", "Period", "Source")
} | {("claimcheck.table", name) for name in ("Table", "ClaimList", "IdIndex", "WordSets")} | {
    ("datetime", "date"), ("builtins", "frozenset"), ("builtins", "set"), ("builtins", "tuple"), ("builtins", "list"),
    ("builtins", "dict"), ("copyreg", "_reconstructor"), ("builtins", "object"),
    ("array", "array"), ("array", "_array_reconstructor"),  # builds an array of numbers from bytes, nothing else
}


class _Unpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a claimcheck cache")
        return super().find_class(module, name)


class _Checked:
    """A cache file read through, its checksum computed on the way, so that unpickling streams from
    the file (a 100,000-claim table's payload is never held in memory beside the table it makes)."""

    __slots__ = ("_file", "crc")

    def __init__(self, file):
        self._file = file
        self.crc = 0

    def read(self, size=-1):
        data = self._file.read(size)
        self.crc = crc32(data, self.crc)
        return data

    def readline(self):
        data = self._file.readline()
        self.crc = crc32(data, self.crc)
        return data

    def rest(self) -> None:
        """Read what the unpickler left (nothing, in a genuine file) into the checksum."""
        while self.read(1 << 16):
            pass


def read(key: str):
    """The cached table for ``key``, or None when absent, stale, foreign or corrupt."""
    path = _file_for(key)
    if path is None:
        return None
    header = MAGIC + key.encode() + b"\n"
    try:
        handle = open(path, "rb")
    except OSError:
        return None
    # Unpickling builds millions of objects for a big table; the cyclic collector would scan them
    # again and again while they are made (it doubles the load time), so it waits until the end.
    try:
        with handle, gc_paused():
            if handle.read(len(header)) != header:
                return None
            stored = handle.read(CHECKSUM_BYTES)
            if len(stored) != CHECKSUM_BYTES:
                return None
            stream = _Checked(handle)
            try:
                table = _Unpickler(stream).load()
                stream.rest()
            except Exception:  # anything odd in a cache file means: rebuild it
                return None
            # The checksum covers the whole payload; it is known only once the payload is read.  A
            # damaged file is caught here (the restricted unpickler has already kept it from running
            # code), and whatever it unpickled to is dropped.
            if _crc_text(stream.crc) != stored:
                return None
    except OSError:
        return None
    if len(getattr(table, "claims", ())) > 10_000:
        import gc

        gc.freeze()  # a big, long-lived table: keep later collections from rescanning it
    return table


def write(key: str, table) -> None:
    """Store ``table`` for ``key``; failures (read-only home, full disk) are silently skipped."""
    path = _file_for(key)
    if path is None:
        return
    try:
        payload = pickle.dumps(table, protocol=5)
        write_atomically(path, ".table-", (MAGIC + key.encode() + b"\n", checksum(payload), payload))
    except (OSError, pickle.PicklingError):
        return
    _prune(path)


#: Cached tables kept; past that the oldest are deleted when a new one is written (each edit of a
#: table makes a new key, so without a bound the cache directory would grow with every edit).
TABLES_KEPT = 8


def _prune(newest: Path) -> None:
    """Delete all but the ``TABLES_KEPT`` most recently written table caches (never ``newest``)."""
    try:
        files = []
        for entry in os.scandir(newest.parent):
            if entry.name.startswith("table-") and entry.name.endswith(".pickle") and entry.is_file():
                files.append((entry.stat().st_mtime_ns, entry.name))
        files.sort(reverse=True)
        for _, name in files[TABLES_KEPT:]:
            if name != newest.name:
                try:
                    os.unlink(newest.parent / name)
                except OSError:  # gone already, or open elsewhere (Windows)
                    pass
    except OSError:
        pass


def write_atomically(path: Path, prefix: str, parts) -> None:
    """Write ``parts`` (bytes) to ``path`` through a temporary file in the same directory and
    ``os.replace``: a reader sees the old file or the whole new one, never half of it."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            for part in parts:
                handle.write(part)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
