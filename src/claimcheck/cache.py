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

import hashlib
import io
import os
import pickle
import sys
from pathlib import Path

from . import __version__

MAGIC = b"claimcheck-table-cache\n"
FORMAT = 1


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
    digest = hashlib.sha256(f"{__version__}|{FORMAT}|{sys.version_info[:2]}|{_layout()}".encode())
    for path in paths:
        try:
            resolved = path.resolve()
            stat = resolved.stat()
            digest.update(f"|{resolved}|{stat.st_size}|{stat.st_mtime_ns}|{stat.st_ino}".encode())
        except OSError:
            digest.update(f"|{path}|missing".encode())
    return digest.hexdigest()


def _layout() -> str:
    """The shape of the cached classes: a cache written by a build with other fields is not ours."""
    from dataclasses import fields

    from .model import Claim, Figure, Period, Source
    from .table import Table

    shapes = [",".join(f.name for f in fields(Table))]
    shapes += [",".join(cls._fields) for cls in (Claim, Figure, Period, Source)]
    return ";".join(shapes)


def _file_for(key: str) -> Path | None:
    directory = cache_dir()
    return None if directory is None else directory / f"table-{key[:32]}.pickle"


_ALLOWED = {
    ("claimcheck.model", name) for name in ("Claim", "Figure", "Period", "Source")
} | {("claimcheck.table", "Table"), ("datetime", "date"), ("builtins", "frozenset"),
     ("builtins", "set"), ("builtins", "tuple"), ("builtins", "list"), ("builtins", "dict"),
     ("copyreg", "_reconstructor"), ("builtins", "object")}


class _Unpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a claimcheck cache")
        return super().find_class(module, name)


def read(key: str):
    """The cached table for ``key``, or None when absent, stale, foreign or corrupt."""
    path = _file_for(key)
    if path is None:
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    header = MAGIC + key.encode() + b"\n"
    if not data.startswith(header) or len(data) < len(header) + 32:
        return None
    checksum, payload = data[len(header):len(header) + 32], data[len(header) + 32:]
    if hashlib.blake2b(payload, digest_size=32).digest() != checksum:
        return None
    try:
        return _Unpickler(io.BytesIO(payload)).load()
    except Exception:  # anything odd in a cache file means: rebuild it
        return None


def write(key: str, table) -> None:
    """Store ``table`` for ``key``; failures (read-only home, full disk) are silently skipped."""
    path = _file_for(key)
    if path is None:
        return
    import tempfile

    try:
        payload = pickle.dumps(table, protocol=pickle.HIGHEST_PROTOCOL)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".table-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(MAGIC + key.encode() + b"\n")
                handle.write(hashlib.blake2b(payload, digest_size=32).digest())
                handle.write(payload)
            os.replace(tmp, path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
    except (OSError, pickle.PicklingError):
        return
