"""Finding the documents to lint: files and folders, ``.gitignore``, include and exclude globs.

* A file named explicitly is always taken (whatever its extension; ``-`` is kept as is).
* A folder is walked in sorted order for files with a document extension, skipping hidden files
  and folders, what the ``.gitignore`` files (in the tree and above it, up to the checkout's top,
  and ``.git/info/exclude``) ignore, anything that is not a regular file (a FIFO is never
  opened), binary files (a NUL byte near the start), and links to folders outside the one walked,
  each with a warning.
* ``include``/``exclude`` are gitignore-style globs, matched against paths relative to ``base``
  (the configuration file's folder, as ruff does) or, without one, to the folder walked.
* A ``.gitignore`` line that git itself would tolerate but no glob engine can take (``[z-a]``, a
  lone ``\\``, a pattern with dozens of wildcards) is skipped with a warning, never fatal.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Callable, Iterator, Sequence

from .model import InputError

#: Extensions a folder is expanded to (a file named explicitly is always taken).
DOCUMENT_EXTENSIONS = frozenset({".md", ".markdown", ".mdx", ".html", ".htm", ".txt", ".text", ".rst"})
#: Wildcards a glob may hold before it is refused (a backtracking regular expression can take
#: exponential time on patterns like ``a*a*a*a*...b``).
MAX_WILDCARDS = 12
MAX_PATTERN = 512


def _wildcards(pattern: str) -> int:
    return sum(pattern.count(c) for c in "*?[")


def compile_globs(patterns: Sequence[str], what: str):
    """A pathspec for user globs (``--include``, ``--exclude``, the configuration); ``InputError``
    naming the bad pattern otherwise."""
    import pathspec

    for pattern in patterns:
        if len(pattern) > MAX_PATTERN or _wildcards(pattern) > MAX_WILDCARDS:
            raise InputError(f"{what} pattern {pattern[:60]!r} is too complex (more than {MAX_WILDCARDS} wildcards "
                             f"or {MAX_PATTERN} characters); simplify it")
        try:
            pathspec.GitIgnoreSpec.from_lines([pattern])
        except Exception as error:  # pathspec raises several kinds for a bad pattern
            raise InputError(f"{what} pattern {pattern!r} is not a valid glob ({error})") from None
    return pathspec.GitIgnoreSpec.from_lines(list(patterns)) if patterns else None


def _gitignore_spec(path: Path, warn: Callable[[str], None]):
    """The usable lines of a ``.gitignore``, each one checked on its own."""
    import pathspec

    try:
        from .files import read_file

        lines = read_file(path, 1 << 20, ".gitignore").decode("utf-8", errors="replace").splitlines()
    except InputError:
        return None
    good = []
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if len(line) > MAX_PATTERN or _wildcards(line) > MAX_WILDCARDS:
            warn(f"{path}:{number}: pattern too complex for claimcheck, ignored")
            continue
        try:
            pathspec.GitIgnoreSpec.from_lines([line])
        except Exception:
            warn(f"{path}:{number}: pattern {line!r} cannot be read, ignored")
            continue
        good.append(line)
    spec = pathspec.GitIgnoreSpec.from_lines(good)
    return spec if good else None


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


def _looks_binary(path: Path) -> bool:
    from .files import SNIFF_BYTES, is_binary

    try:
        with open(path, "rb") as handle:
            return is_binary(handle.read(SNIFF_BYTES))
    except OSError:
        return False  # reported when the file is read


def _git_root(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def _ancestor_ignores(root: Path, warn) -> _Ignores:
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
        spec = _gitignore_spec(exclude, warn)
        if spec is not None:
            specs.append((top, spec))
    folders = [real, *real.parents]
    folders = folders[1:folders.index(top) + 1] if top in folders else []
    for folder in reversed(folders):
        candidate = folder / ".gitignore"
        if candidate.is_file():
            spec = _gitignore_spec(candidate, warn)
            if spec is not None:
                specs.append((folder, spec))
    ignores = _Ignores(specs)
    if ignores.ignored(real, True):
        return _Ignores()  # a folder named explicitly is linted even if it is ignored from above
    return ignores


def discover(paths: Sequence[str | os.PathLike], include: Sequence[str] = (), exclude: Sequence[str] = (),
             warn: Callable[[str], None] | None = None, base: str | os.PathLike | None = None) -> list[Path]:
    """The documents to lint under ``paths``, in a stable order, each once.  ``InputError`` for a
    path that does not exist or a glob that cannot be used."""
    warn = warn or (lambda message: None)
    include_spec = compile_globs(list(include), "include")
    exclude_spec = compile_globs(list(exclude), "exclude")
    base_path = Path(base).resolve() if base is not None else None
    out: list[Path] = []
    seen: set[str] = set()

    def add(path: Path) -> None:
        key = "-" if str(path) == "-" else os.path.normcase(os.path.abspath(path))
        if key not in seen:
            seen.add(key)
            out.append(path)

    for given in paths:
        name = os.fspath(given)
        if name == "-":
            add(Path("-"))
            continue
        path = Path(name)
        try:
            st = os.stat(path)
        except FileNotFoundError:
            raise InputError(f"{name}: no such file or directory") from None
        except OSError as error:
            raise InputError(f"{name}: {error.strerror or error}") from None
        if stat.S_ISDIR(st.st_mode):
            for found in _walk(path, include_spec, exclude_spec, warn, base_path):
                add(found)
        else:
            add(path)  # named explicitly: taken (a FIFO or a device is refused when it is read)
    return out


def _relative(path: Path, root_real: Path, rel: tuple[str, ...], base: Path | None) -> str:
    if base is not None:
        try:
            return (root_real / Path(*rel)).relative_to(base).as_posix() if rel else ""
        except ValueError:
            pass
    return "/".join(rel)


def _walk(root: Path, include_spec, exclude_spec, warn, base: Path | None) -> Iterator[Path]:
    ignores = _ancestor_ignores(root, warn)
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
            spec = _gitignore_spec(spec_file, warn)
            if spec is not None:
                ignores = ignores.pushed(real, spec)
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as error:
            warn(f"{folder}: cannot read directory ({error.strerror or error}), skipped")
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path, real_path, parts = folder / entry.name, real / entry.name, (*rel, entry.name)
            relative = _relative(path, real_root, parts, base)
            try:
                st = os.stat(path)
            except OSError:
                continue  # a dangling link
            if stat.S_ISDIR(st.st_mode):
                if ignores.ignored(real_path, True):
                    continue
                if exclude_spec is not None and exclude_spec.match_file(relative + "/"):
                    continue
                try:
                    resolved = real_path.resolve() if entry.is_symlink() else real_path
                except OSError:
                    continue
                if entry.is_symlink() and not resolved.is_relative_to(real_root):
                    warn(f"{path}: a link to a folder outside {root}, skipped (name that folder to lint it)")
                    continue
                yield from walk(path, resolved, parts, ignores)
                continue
            if not stat.S_ISREG(st.st_mode):
                continue  # a FIFO, a socket or a device inside a folder is never opened
            if os.path.splitext(entry.name)[1].lower() not in DOCUMENT_EXTENSIONS:
                continue
            if ignores.ignored(real_path, False):
                continue
            if exclude_spec is not None and exclude_spec.match_file(relative):
                continue
            if include_spec is not None and not include_spec.match_file(relative):
                continue
            if _looks_binary(path):
                warn(f"{path}: binary file, skipped")  # an image named .md is not a draft
                continue
            yield path

    yield from walk(root, real_root, (), ignores)
