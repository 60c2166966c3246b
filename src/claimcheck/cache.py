"""The table cache: the parsed, indexed table, pickled in the user's cache directory.

* Keyed by the table files' *contents* (a BLAKE2 hash of their bytes, with their paths and the
  claimcheck and Python versions): an edited table is never served stale, whatever its size or
  modification time say.
* Trusted only when it is the current user's: the directory and the file must be owned by the
  user running claimcheck and writable by nobody else; anything else is ignored (not read, not
  written).  The directory is created with mode 0700 and files with 0600.
* Read defensively: a file that is not ours (wrong header, wrong key, bad checksum, truncated,
  foreign classes) is ignored and rebuilt in place.  Unpickling is restricted to claimcheck's own
  data classes and builtins, so a planted file cannot run code.
* Written atomically (a temporary file in the same directory, then ``os.replace``).
* Location: ``CLAIMCHECK_CACHE_DIR``, else ``$XDG_CACHE_HOME/claimcheck`` (an absolute path; a
  relative one is ignored, as the XDG specification says), else ``~/.cache/claimcheck`` (the
  platform's cache folder on macOS and Windows).  ``CLAIMCHECK_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import os
import pickle
import stat
import sys
from pathlib import Path

from . import __version__
from .files import write_atomically
from .model import InputError

MAGIC = b"claimcheck-table-cache 8\n"
#: The modules whose code decides what a cached table holds.
_SHAPING = ("model.py", "table.py", "index.py", "text.py", "vocabulary.py", "periods.py", "figures.py")
#: Cached tables kept; past that the oldest are deleted when a new one is written.
TABLES_KEPT = 8


def cache_dir() -> Path | None:
    if os.environ.get("CLAIMCHECK_NO_CACHE", "").strip() not in ("", "0"):
        return None
    override = os.environ.get("CLAIMCHECK_CACHE_DIR", "").strip()
    if override:
        return Path(override).absolute()
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "claimcheck"
    if sys.platform.startswith("linux") or xdg:
        return Path(os.path.expanduser("~")) / ".cache" / "claimcheck"
    from platformdirs import user_cache_dir  # macOS and Windows conventions

    return Path(user_cache_dir("claimcheck", appauthor=False))


def table_key(files: list[tuple[str, bytes]]) -> str:
    """A hex key for these table files (path and bytes each) under this claimcheck and Python."""
    import hashlib

    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"{__version__}|{sys.version_info[:2]}|{MAGIC!r}".encode())
    # The code that shapes the cached table: a development build with other fields never reads
    # a cache written by another.
    here = os.path.dirname(os.path.abspath(__file__))
    for name in _SHAPING:
        try:
            with open(os.path.join(here, name), "rb") as handle:
                digest.update(handle.read())
        except OSError:
            digest.update(name.encode())
    for path, data in files:
        digest.update(os.path.abspath(path).encode("utf-8", "surrogateescape") + b"\0")
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def _trusted(st: os.stat_result) -> bool:
    """Owned by this user, and writable by no one else."""
    if not hasattr(os, "getuid"):  # Windows: the user's profile folder is private
        return True
    return st.st_uid == os.getuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _directory(create: bool) -> Path | None:
    directory = cache_dir()
    if directory is None:
        return None
    try:
        if create:
            directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = os.stat(directory)
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode) or not _trusted(st):
        return None
    return directory


_ALLOWED = {("claimcheck.model", name) for name in ("Claim", "Figure", "Period", "Source")} | {
    ("claimcheck.index", "Table"), ("datetime", "date"), ("builtins", "frozenset"), ("builtins", "set"),
    ("builtins", "tuple"), ("builtins", "list"), ("builtins", "dict"), ("copyreg", "_reconstructor"),
    ("builtins", "object"),
}


class _Unpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a claimcheck cache")
        return super().find_class(module, name)


def read(key: str):
    """The cached table for ``key``, or None when absent, foreign, untrusted or damaged."""
    import hashlib

    directory = _directory(create=False)
    if directory is None:
        return None
    path = directory / f"table-{key[:32]}.pickle"
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as handle:
            st = os.fstat(handle.fileno())
            if not stat.S_ISREG(st.st_mode) or not _trusted(st):
                return None
            header = MAGIC + key.encode() + b"\n"
            if handle.read(len(header)) != header:
                return None
            checksum = handle.read(64)
            payload = handle.read()
        if hashlib.blake2b(payload, digest_size=32).hexdigest().encode() != checksum:
            return None
        import io

        return _Unpickler(io.BytesIO(payload)).load()
    except Exception:  # anything odd in a cache file means: rebuild it
        return None


def write(key: str, table) -> None:
    """Store ``table`` for ``key``; failures (read-only home, full disk, untrusted folder) are skipped."""
    import hashlib

    directory = _directory(create=True)
    if directory is None:
        return
    path = directory / f"table-{key[:32]}.pickle"
    try:
        payload = pickle.dumps(table, protocol=5)
        checksum = hashlib.blake2b(payload, digest_size=32).hexdigest().encode()
        write_atomically(path, (MAGIC + key.encode() + b"\n", checksum, payload), mode=0o600, follow=False)
    except (OSError, InputError, pickle.PicklingError, RecursionError):
        return
    _prune(path)


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
                except OSError:
                    pass
    except OSError:
        pass
