"""Configuration: find it, read it, check it, merge it with the command line.  One configuration
serves every command (``check``, ``lint``, ``validate``, ``extract``, ``list``, ...).

Discovery walks up from the working directory.  In each folder the first of these wins:

* ``.claimcheck.toml``: the whole file, or its ``[tool.claimcheck]`` table if it has one;
* ``pyproject.toml`` with a ``[tool.claimcheck]`` table (one without it is skipped and the search
  goes on upward).

Keys (as written in TOML; returned with ``-`` turned into ``_``)::

    tables        = ["newsroom-claims.yaml"]  # added to the bundled table; relative to the config file
    bundled-table = true                      # false: only the tables named here and with --table
    include       = ["drafts/**/*.md"]         # globs, relative to the config file's folder
    exclude       = ["drafts/archive/**"]
    fail-on       = "contradicted"             # or "unverified"
    format        = "text"                     # text | concise | json | jsonl | github | sarif | claimreview
    show          = "unverified"               # unverified | contradicted | all
    select        = ["contradicted"]           # report only these claim ids or verdicts
    ignore        = ["randy-clark-border-patrol-career"]
    baseline      = "claimcheck-baseline.json" # report only findings not in it (relative to the config file)
    encoding      = "utf-8"
    jobs          = 1                          # processes (0: one per CPU)

    [tool.claimcheck.claimreview]              # for --format claimreview
    author = "Newsroom Fact Check"
    url = "https://example.org/fact-checks/"
"""

from __future__ import annotations

import os
from pathlib import Path

from .model import InputError

CONFIG_NAME = ".claimcheck.toml"
PYPROJECT_NAME = "pyproject.toml"

FAIL_ON = ("contradicted", "unverified")
FORMATS = ("text", "concise", "json", "jsonl", "github", "sarif", "claimreview")
SHOW = ("unverified", "contradicted", "all")
KEYS = ("tables", "bundled-table", "include", "exclude", "fail-on", "format", "show", "select", "ignore",
        "baseline", "encoding", "jobs", "claimreview")
CLAIMREVIEW_KEYS = ("author", "author-url", "url", "appearance-base")


class ConfigError(InputError):
    """A configuration file that cannot be used; ``str()`` is one line, ``<path>: <message>``."""

    def __init__(self, path: str | os.PathLike, message: str):
        self.path = str(path)
        self.message = " ".join(str(message).split())
        super().__init__(f"{self.path}: {self.message}")


def find_config(start: Path) -> tuple[dict, Path | None]:
    """Search upward from ``start`` for the configuration; ``(settings, path)`` or ``({}, None)``."""
    here = Path(os.path.abspath(start))
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return load_config(candidate), candidate
        candidate = folder / PYPROJECT_NAME
        if candidate.is_file():
            table = _tool_table(_read_toml(candidate), candidate)
            if table is not None:
                return validate(table, candidate, "[tool.claimcheck] "), candidate
    return {}, None


def load_config(path: Path) -> dict:
    """Read one configuration file (for an explicit ``--config``).

    A ``pyproject.toml`` gives its ``[tool.claimcheck]`` table (``{}`` if it has none); any other
    file gives its ``[tool.claimcheck]`` table if it has one, else the whole file.
    """
    path = Path(path)
    data = _read_toml(path)
    table = _tool_table(data, path)
    if table is not None:
        return validate(table, path, "[tool.claimcheck] ")
    if path.name == PYPROJECT_NAME:
        return {}
    return validate(data, path)


def merge(config: dict, cli: dict) -> dict:
    """The settings in effect: ``config``, overridden by every command-line value that is not None."""
    merged = dict(config)
    for key, value in cli.items():
        if value is not None:
            merged[key.replace("-", "_")] = value
    return merged


def validate(table: dict, path: Path, where: str = "") -> dict:
    """Check a configuration table's keys and values; return them with ``-`` turned into ``_``.

    ``tables`` become absolute paths, resolved against the folder of ``path``.
    """
    out: dict = {}
    for key, value in table.items():
        if key not in KEYS:
            raise ConfigError(path, f"{where}unknown key {key!r}{_did_you_mean(key)}"
                                    f" (known keys: {', '.join(KEYS)})")
        name = f"{where}{key}"
        base = Path(os.path.abspath(path)).parent
        if key in ("tables", "include", "exclude", "select", "ignore"):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(path, f"{name} must be a list of strings, got {_show(value)}")
            if key == "tables":
                value = [base / Path(v).expanduser() for v in value]
            else:
                value = list(value)
        elif key == "bundled-table":
            if not isinstance(value, bool):
                raise ConfigError(path, f"{name} must be true or false, got {_show(value)}")
        elif key == "baseline":
            if not isinstance(value, str) or not value:
                raise ConfigError(path, f"{name} must be a file name, got {_show(value)}")
            value = base / Path(value).expanduser()
        elif key == "claimreview":
            if not isinstance(value, dict):
                raise ConfigError(path, f"{name} must be a table (author, url), got {_show(value)}")
            for sub, text in value.items():
                if sub not in CLAIMREVIEW_KEYS:
                    raise ConfigError(path, f"{name}: unknown key {sub!r} (known keys: {', '.join(CLAIMREVIEW_KEYS)})")
                if not isinstance(text, str):
                    raise ConfigError(path, f"{name}.{sub} must be a string, got {_show(text)}")
            value = {k.replace("-", "_"): v for k, v in value.items()}
        elif key in ("fail-on", "format", "show"):
            choices = {"fail-on": FAIL_ON, "format": FORMATS, "show": SHOW}[key]
            if not isinstance(value, str) or value not in choices:
                raise ConfigError(path, f"{name} must be one of {', '.join(repr(c) for c in choices)},"
                                        f" got {_show(value)}")
        elif key == "jobs":
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 64:
                raise ConfigError(path, f"{name} must be a whole number from 0 to 64 (0: one per CPU), got {_show(value)}")
        elif key == "encoding":
            if not isinstance(value, str):
                raise ConfigError(path, f"{name} must be a string, got {_show(value)}")
            from .files import text_codec

            try:
                text_codec(value)  # a known text encoding, not base64 or rot13
            except InputError as error:
                raise ConfigError(path, f"{name}: {error}") from None
        out[key.replace("-", "_")] = value
    return out


def _read_toml(path: Path) -> dict:
    import tomllib

    from .files import read_file

    try:
        data = read_file(path, 1 << 20, "configuration file")
    except InputError as error:
        message = str(error)
        raise ConfigError(path, message.split(": ", 1)[-1] if message.startswith(str(path)) else message) from None
    try:
        return tomllib.loads(data.decode("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, f"invalid TOML: {exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(path, f"invalid TOML: not UTF-8 ({exc.reason} at byte {exc.start})") from None


def _tool_table(data: dict, path: Path) -> dict | None:
    """``data["tool"]["claimcheck"]`` if present (it must be a table), else None."""
    tool = data.get("tool")
    if not isinstance(tool, dict) or "claimcheck" not in tool:
        return None
    table = tool["claimcheck"]
    if not isinstance(table, dict):
        raise ConfigError(path, f"[tool.claimcheck] must be a table, got {_show(table)}")
    return table


def _did_you_mean(key: str) -> str:
    import difflib

    normal = key.replace("_", "-").lower()
    if normal in KEYS:
        return f" (did you mean {normal!r}?)"
    close = difflib.get_close_matches(normal, KEYS, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _show(value) -> str:
    kind = {bool: "boolean", int: "integer", float: "float", str: "string", list: "array",
            dict: "table"}.get(type(value), type(value).__name__)
    text = repr(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{kind} {text}"
