"""Reading input safely: one way to read a file or a stream, and one way to decode its bytes.

* Only regular files are read.  A FIFO, a device, a socket or a directory is refused before a
  byte is read (the file is opened non-blocking, so a FIFO with no writer never hangs a run).
* Reads are bounded by the bytes actually read, not by what ``stat`` says (``/dev/zero``, a file
  that grows while it is read, an endless pipe).
* Decoding, of a file whole (``decode``) or of a stream block by block (``TextDecoder``, for
  ``check -``): UTF-8 by default (a UTF-8 BOM is dropped; a UTF-16/32 BOM selects that encoding),
  or the encoding asked for, which must be a text encoding (``text_codec``: not ``base64``, ``rot13``).
  A NUL byte in the first 8 KiB of a file means a binary file.  A decode error names the line,
  column and byte offset, and says how to pass another encoding.
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


def text_codec(encoding: str) -> str:
    """The codec's name for ``encoding`` (``--encoding``, the configuration's ``encoding``), checked
    once, before any input is read: ``InputError`` for an unknown name, and for a codec that does
    not turn bytes into text (``base64``, ``hex``, ``zlib``, ``rot13``: bytes to bytes or text to
    text) or cannot decode text at all (``undefined``, ``punycode``)."""
    try:
        name = codecs.lookup(encoding).name
        codecs.getincrementaldecoder(name)
    except (LookupError, TypeError, ValueError):
        raise InputError(f"unknown encoding {encoding!r} (try utf-8, latin-1 or cp1252)") from None
    try:
        b"\n".decode(name)  # (b"" would not do: an empty input is never decoded)
    except UnicodeDecodeError:
        pass  # a text encoding that needs more than one byte (utf-16, utf-32)
    except LookupError:
        raise InputError(f"encoding {encoding!r} is not a text encoding (it does not turn bytes into text); "
                         f"give the text's encoding, such as utf-8, latin-1 or cp1252") from None
    except (ValueError, TypeError):  # UnicodeError included
        raise InputError(f"encoding {encoding!r} cannot decode text (it is not meant for documents); "
                         f"give the text's encoding, such as utf-8, latin-1 or cp1252") from None
    return name


def codec_of(encoding: str | None, data: bytes = b"") -> str:
    """The codec to decode ``data`` with: ``encoding`` (checked by ``text_codec``), else by its
    BOM, else UTF-8."""
    if encoding is not None:
        return text_codec(encoding)
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return "utf-8"


def is_binary(data: bytes) -> bool:
    """A NUL byte near the start, unless the bytes open with a UTF-16/32 byte-order mark."""
    wide = data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    return not wide and b"\0" in data[:SNIFF_BYTES]


class DecodeError(InputError):
    """Bytes that cannot be decoded; ``before``: the text decoded from the same call up to the bad
    byte (a line reader answers the lines before it first)."""

    def __init__(self, message: str, before: str = ""):
        super().__init__(message)
        self.before = before


_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _maybe_bom(head: bytes) -> bool:
    """Could more bytes make ``head`` a longer byte-order mark (``ff fe`` may open UTF-32's)?"""
    return any(bom.startswith(head) and bom != head for bom in _BOMS)


class TextDecoder:
    """The one way bytes become text, for files (``decode``) and for a stream read block by block
    (``check -``): the encoding asked for, else by the BOM (UTF-16/32), else UTF-8; a leading BOM
    is dropped; an error names the line, column and byte offset, and says how to pass another
    encoding."""

    def __init__(self, name: str, encoding: str | None = None):
        self.name = name
        self.codec = text_codec(encoding) if encoding is not None else None
        self._decoder = None
        self._head = b""  # (no encoding given) the first bytes, until a BOM can be seen
        self._fed = 0      # bytes given to the codec
        self._done = 0     # bytes the codec turned into text (the rest it holds, part of a character)
        self._line, self._column = 1, 1
        self._first = True

    def decode(self, block: bytes, final: bool = False) -> str:
        """The text of ``block`` that is complete; ``final``: no more bytes follow."""
        if self._decoder is None:
            if self.codec is None:
                self._head += block
                if _maybe_bom(self._head) and not final:
                    return ""  # (a line that opens otherwise is answered at once)
                block, self._head = self._head, b""
                self.codec = codec_of(None, block)
            self._decoder = codecs.getincrementaldecoder(self.codec)()
        state = self._decoder.getstate()
        self._fed += len(block)
        try:
            text = self._decoder.decode(block, final)
        except UnicodeDecodeError as error:
            raise self._decode_error(error, state) from None
        except UnicodeError as error:
            if self.codec.replace("_", "-") in ("utf-16", "utf-32"):  # (only a BOM tells the byte order)
                raise DecodeError(f"{self.name}: no byte-order mark, so the byte order of {self.codec} is unknown; "
                                  f"pass --encoding {self.codec}-le or --encoding {self.codec}-be") from None
            raise DecodeError(f"{self.name}: cannot decode as {self.codec}: {error}") from None
        except (ValueError, TypeError) as error:  # a codec's own failure, as one line
            raise DecodeError(f"{self.name}: cannot decode as {self.codec}: {error}") from None
        self._done = self._fed - len(self._pending())
        text = self._drop_bom(text)
        self._advance(text)
        return text

    def _pending(self) -> bytes:
        try:
            return bytes(self._decoder.getstate()[0])
        except (TypeError, ValueError, IndexError):
            return b""

    def _drop_bom(self, text: str) -> str:
        if self._first and text:
            self._first = False
            if text.startswith("\ufeff"):
                return text[1:]
        return text

    def _advance(self, text: str) -> None:
        newlines = text.count("\n")
        if newlines:
            self._line += newlines
            self._column = len(text) - text.rfind("\n")
        else:
            self._column += len(text)

    def _decode_error(self, error: UnicodeDecodeError, state) -> DecodeError:
        data = bytes(error.object)
        try:  # what came before the bad byte, decoded from where this call started
            again = codecs.getincrementaldecoder(self.codec)("replace")
            again.setstate((b"", state[1]))
            before = again.decode(data[:error.start], True)
        except (LookupError, TypeError, ValueError, IndexError):
            before = data[:error.start].decode(self.codec, "replace")
        before = self._drop_bom(before)
        self._advance(before)
        bad = " ".join(f"0x{b:02x}" for b in data[error.start:error.end][:4])
        return DecodeError(f"{self.name}:{self._line}:{self._column}: cannot decode byte {bad} at byte offset "
                           f"{self._done + error.start} as {self.codec} ({error.reason}); if the text is in "
                           f"another encoding, pass it with --encoding (for example --encoding cp1252)", before)


def decode(data: bytes, name: str, encoding: str | None = None) -> str:
    """``data`` as text (see ``TextDecoder``); ``InputError`` for binary or undecodable bytes."""
    codec = codec_of(encoding, data)
    if not codec.replace("_", "-").startswith(("utf-16", "utf-32")) and is_binary(data):
        raise InputError(f"{name}: binary file, not checked")
    return TextDecoder(name, codec).decode(data, final=True)


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
