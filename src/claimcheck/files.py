"""Reading input safely: one way to read a file or a stream, and one way to decode its bytes.

* Only regular files are read.  A FIFO, a device, a socket or a directory is refused before a
  byte is read (the file is opened non-blocking, so a FIFO with no writer never hangs a run).
* Reads are bounded by the bytes actually read, not by what ``stat`` says (``/dev/zero``, a file
  that grows while it is read, an endless pipe).
* Decoding: UTF-8 by default (a UTF-8 BOM is dropped; a UTF-16/32 BOM selects that encoding), or
  the encoding asked for.  A NUL byte in the first 8 KiB means a binary file.  A decode error names
  the line, column and byte offset, and says how to pass another encoding.
* Messages name the file and the problem, never its contents.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import stat

from .model import InputError

#: How much of a file is sniffed for NUL bytes.
SNIFF_BYTES = 8192


def _describe_kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "is a directory"
    if stat.S_ISFIFO(mode):
        return "is a named pipe (FIFO), not a regular file"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a regular file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a regular file"
    return "is not a regular file"


def read_file(path: str | os.PathLike, limit: int, what: str = "file") -> bytes:
    """At most ``limit`` bytes of the regular file at ``path``; ``InputError`` for anything else:
    missing, unreadable, not a regular file, or longer than ``limit`` bytes."""
    name = os.fspath(path)
    try:
        st = os.stat(name)
    except FileNotFoundError:
        raise InputError(f"{name}: no such {what}") from None
    except OSError as error:
        raise InputError(f"{name}: cannot read the {what}: {error.strerror or error}") from None
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{name}: {_describe_kind(st.st_mode)}")
    try:
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        raise InputError(f"{name}: cannot read the {what}: {error.strerror or error}") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):  # swapped for something else since the stat above
            raise InputError(f"{name}: {_describe_kind(mode)}")
        with os.fdopen(fd, "rb", closefd=True) as handle:
            fd = -1
            data = handle.read(limit + 1)
    except OSError as error:
        raise InputError(f"{name}: cannot read the {what}: {error.strerror or error}") from None
    finally:
        if fd >= 0:
            os.close(fd)
    if len(data) > limit:
        raise InputError(f"{name}: {what} too large (more than {_size(limit)}), not read")
    return data


def read_stream(stream, limit: int, name: str = "<stdin>") -> bytes:
    """At most ``limit`` bytes of a binary stream; ``InputError`` when it holds more."""
    try:
        data = stream.read(limit + 1)
    except OSError as error:
        raise InputError(f"{name}: cannot read: {error.strerror or error}") from None
    if len(data) > limit:
        raise InputError(f"{name}: input too large (more than {_size(limit)}), not read")
    return data


def _size(limit: int) -> str:
    if limit % (1 << 20) == 0:
        return f"{limit >> 20} MiB"
    return f"{limit:,} bytes"


def codec_of(encoding: str | None, data: bytes = b"") -> str:
    """The codec to decode ``data`` with: ``encoding``, else by its BOM, else UTF-8."""
    if encoding is not None:
        try:
            return codecs.lookup(encoding).name
        except LookupError:
            raise InputError(f"unknown encoding {encoding!r} (try utf-8, latin-1 or cp1252)") from None
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return "utf-8"


def is_binary(data: bytes) -> bool:
    """A NUL byte near the start, unless the bytes open with a UTF-16/32 byte-order mark."""
    wide = data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    return not wide and b"\0" in data[:SNIFF_BYTES]


def decode(data: bytes, name: str, encoding: str | None = None) -> str:
    """``data`` as text (see the module docstring); ``InputError`` for binary or undecodable bytes."""
    codec = codec_of(encoding, data)
    if not codec.replace("_", "-").startswith(("utf-16", "utf-32")) and is_binary(data):
        raise InputError(f"{name}: binary file, not checked")
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as error:
        prefix = data[:error.start].decode(codec, errors="replace").lstrip("\ufeff")
        line = prefix.count("\n") + 1
        column = len(prefix) - (prefix.rfind("\n") + 1) + 1
        bad = " ".join(f"0x{b:02x}" for b in data[error.start:error.end][:4])
        raise InputError(f"{name}:{line}:{column}: cannot decode byte {bad} at byte offset {error.start} as "
                         f"{codec} ({error.reason}); if the file is in another encoding, pass it with "
                         f"--encoding (for example --encoding cp1252)") from None
    return text[1:] if text.startswith("\ufeff") else text


def write_atomically(path: str | os.PathLike, parts, mode: int | None = None, *, follow: bool = True) -> None:
    """Write ``parts`` (bytes) to ``path`` through a temporary file in the same directory and
    ``os.replace``: a reader sees the old file or the whole new one, never half of it; ``InputError``
    naming ``path`` when it cannot be written.  ``mode``: the new file's permissions (default: those
    of the file it replaces, else 0644 less the umask).

    What the path is, is kept: through a symlink the file it points to is written; a FIFO, a
    terminal or ``/dev/stdout`` is written to, not replaced; a file with other hard links is
    rewritten in place, so that every link sees it; a read-only file is refused.  ``follow=False``
    (the cache): a symlink or anything else at ``path`` is replaced by the new file."""
    import tempfile

    path = os.fspath(path)
    target = os.path.realpath(path) if follow else os.path.abspath(path)
    try:
        st = os.stat(target) if follow else None
    except FileNotFoundError:
        st = None
    except OSError as error:
        raise InputError(f"{path}: cannot write: {error.strerror or error}") from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise InputError(f"{path}: cannot write: it is a directory")
    if st is not None and not stat.S_ISREG(st.st_mode):
        return _write_through(path, parts)  # a pipe or a device: its reader is waiting for the bytes
    if st is not None and (not os.access(target, os.W_OK) or not st.st_mode & 0o222):
        raise InputError(f"{path}: cannot write: the file is read-only (change its permissions to replace it)")
    if st is not None and st.st_nlink > 1:
        return _write_through(target, parts, truncate=True)
    if mode is None:
        if st is not None:
            mode = stat.S_IMODE(st.st_mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
    folder = os.path.dirname(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=folder)
    except OSError as error:  # name the file asked for, not the temporary one
        raise InputError(f"{path}: cannot write: {error.strerror or error}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            for part in parts:
                handle.write(part)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException as error:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(error, OSError):
            raise InputError(f"{path}: cannot write: {error.strerror or error}") from None
        raise


def _write_through(path: str, parts, truncate: bool = False) -> None:
    """Write to the file itself (a FIFO, a device; a regular file with hard links, ``truncate``)."""
    try:
        with open(path, "r+b" if truncate else "wb") as handle:
            if truncate:
                handle.truncate(0)
            for part in parts:
                handle.write(part)
    except OSError as error:
        raise InputError(f"{path}: cannot write: {error.strerror or error}") from None


@contextlib.contextmanager
def locked(path: str | os.PathLike):
    """Hold an exclusive lock while a file is read, changed and written back, so that two runs
    appending to one table at once both keep their work (the lock is on the file's directory: the
    file itself is replaced).  Where ``fcntl`` is missing (Windows), no lock is taken."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    folder = os.path.dirname(os.path.realpath(os.fspath(path))) or "."
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError as error:
        raise InputError(f"{os.fspath(path)}: cannot lock its directory: {error.strerror or error}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # (closing releases the lock)


def same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """Do two paths name one file (through links, or the same path written two ways)?"""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def refuse_overwriting(output: str | None, option: str, inputs) -> None:
    """``InputError`` when ``output`` is one of the run's ``inputs`` ((path, what it is), ...):
    ``-o draft.md`` must not replace the draft being linted, the table or the configuration."""
    if not output or output == "-":
        return
    for path, what in inputs:
        if path and same_file(output, path):
            raise InputError(f"{option} {output}: that is {what}; write the output to another file")
