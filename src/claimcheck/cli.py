"""The command line: Typer commands only.  The work is done by the library modules.

Exit status, for every command: 0 clean, 1 findings at or above ``--fail-on`` (``validate``:
problems found), 2 usage or input error (one line on stderr, never a traceback), 130 interrupted.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from typing import List, Optional

import typer

from . import __version__

app = typer.Typer(
    name="claimcheck",
    help="Check the figures in sentences and drafts against a curated table of sourced statistics.\n\n"
         "Every verdict (supported, contradicted, unverified) comes with the verbatim quote and its source.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class CheckFormat(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"


class LintFormat(str, Enum):
    text = "text"
    concise = "concise"
    json = "json"
    jsonl = "jsonl"
    github = "github"
    sarif = "sarif"


class BrowseFormat(str, Enum):
    text = "text"
    json = "json"


class FailOn(str, Enum):
    contradicted = "contradicted"
    unverified = "unverified"


class Show(str, Enum):
    unverified = "unverified"
    contradicted = "contradicted"
    all = "all"


class Color(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


class UserError(Exception):
    """An input problem: printed as one line on stderr, exit status 2."""


TABLE_HELP = ("Table file to check against (repeat to merge several; ids must be unique). "
              "Default: $CLAIMCHECK_TABLE, else the bundled table.")
TableOption = typer.Option(None, "--table", "-t", help=TABLE_HELP, metavar="PATH")
DebugOption = typer.Option(False, "--debug", help="Show a traceback on errors.", hidden=False)


def _version(value: bool) -> None:
    if value:
        print(f"claimcheck {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    """Check the figures in sentences and drafts against a curated table of sourced statistics."""


def _use_color(choice: Color, stream) -> bool:
    if choice == Color.always:
        return True
    if choice == Color.never or os.environ.get("NO_COLOR"):
        return False
    return hasattr(stream, "isatty") and stream.isatty() and os.environ.get("TERM") != "dumb"


def _load(tables: list[str] | None):
    from .table import load_table

    return load_table(tables or None)


def _fails(verdict: str, fail_on: str) -> bool:
    from .model import SEVERITY

    return SEVERITY[verdict] >= SEVERITY[fail_on]


# --------------------------------------------------------------------------------------------
# check
# --------------------------------------------------------------------------------------------

MAX_LINE_CHARS = 100_000


def _stdin_lines(encoding: str):
    """Lines of standard input, decoded one at a time (bounded memory for any input size)."""
    stream = sys.stdin.buffer if hasattr(sys.stdin, "buffer") else None
    if stream is None:
        yield from sys.stdin
        return
    for number, raw in enumerate(stream, 1):
        if len(raw) > MAX_LINE_CHARS * 4:
            raise UserError(f"<stdin>:{number}: line is {len(raw):,} bytes; the limit for one sentence is "
                            f"{MAX_LINE_CHARS:,} characters")
        try:
            line = raw.decode(encoding)
        except UnicodeDecodeError as error:
            raise UserError(f"<stdin>:{number}:{error.start + 1}: not valid {encoding} (byte 0x{raw[error.start]:02x}); "
                            f"pass --encoding (e.g. --encoding latin-1)") from None
        except LookupError:
            raise UserError(f"unknown encoding {encoding!r}") from None
        if number == 1 and line.startswith("\ufeff"):
            line = line[1:]
        yield line.rstrip("\r\n")


def _waiting_probe():
    """A function telling whether standard input already has more bytes to read, or None where
    that cannot be known (Windows pipes, no file descriptor).

    JSON Lines output is flushed only when it has not: a pipeline that writes one sentence and waits
    for its answer gets it at once, while a batch (a file, a fast producer) is written in large
    blocks instead of one system call per line.  Where it cannot be known, every line is flushed.
    ``--jobs`` workers are started by default only where it can (see ``_check_all``).
    """
    if os.name == "nt":
        return None
    try:
        import select

        fd = sys.stdin.fileno()
    except (AttributeError, OSError, ValueError, ImportError):
        return None

    def waiting() -> bool:
        try:
            return bool(select.select([fd], [], [], 0)[0])
        except (OSError, ValueError):
            return False

    return waiting


@app.command()
def check(
    sentences: List[str] = typer.Argument(..., help="Sentences to check; '-' reads one sentence per line from standard input.",
                                          show_default=False, metavar="SENTENCE..."),
    table: Optional[List[str]] = TableOption,
    format: CheckFormat = typer.Option(CheckFormat.text, "--format", "-f",
                                       help="text (rich on a terminal), json (one array), or jsonl (one object per line, streamed)."),
    top: int = typer.Option(0, "--top", min=0, max=50, help="Also list the next N best candidate claims."),
    fail_on: FailOn = typer.Option(FailOn.contradicted, "--fail-on",
                                   help="Exit 1 when a sentence is this bad or worse (unverified includes contradicted)."),
    encoding: str = typer.Option("utf-8", "--encoding", help="Encoding of standard input."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=0, show_default=False,
                                       help="Worker processes for standard input (0: one per CPU; 1: none). "
                                            "Default: none until the input is plainly a batch (512 lines "
                                            "read with more waiting), then one per CPU. Output order is kept."),
    color: Color = typer.Option(Color.auto, "--color", help="Colour output: auto (terminal and no NO_COLOR), always, never."),
    debug: bool = DebugOption,
) -> None:
    """Check sentences: supported, contradicted or unverified, with the quote and its source.

    Examples:

      claimcheck check "Mexico deported about 80,000 people in 2017"

      cat sentences.txt | claimcheck check --format jsonl -

    Exit status: 0 none at or above --fail-on, 1 some, 2 usage or input error.
    """
    with _errors(debug):
        from .render import write_check

        loaded = _load(table)
        if sentences == ["-"]:
            source = _stdin_lines(encoding)
        else:
            if "-" in sentences:
                raise UserError("'-' (standard input) cannot be combined with sentences on the command line")
            source = iter(sentences)
        fmt = format.value
        use_color = _use_color(color, sys.stdout)
        failed = False
        seen = 0
        batch = []
        probe = _waiting_probe() if sentences == ["-"] else None
        more_input = (probe or (lambda: False)) if sentences == ["-"] else (lambda: True)
        if sentences != ["-"] or jobs == 1:
            workers, auto = 1, False
        elif jobs is None:  # workers once the input shows it is a batch (never for a co-process)
            auto = probe is not None
            workers = (os.cpu_count() or 1) if auto else 1
        else:
            workers, auto = jobs or (os.cpu_count() or 1), False
        jsonl = fmt == "jsonl"
        for item in _check_all(source, loaded, top, workers, jsonl, probe, auto):
            seen += 1
            if jsonl:
                verdict, line = item
                failed = failed or _fails(verdict, fail_on.value)
                sys.stdout.write(line)
                if not more_input():
                    sys.stdout.flush()
            else:
                result = item
                failed = failed or _fails(result.verdict, fail_on.value)
                batch.append(result)
                if fmt == "text" and len(batch) >= 256:
                    write_check(batch, fmt, sys.stdout, use_color)
                    batch = []
        if seen == 0:
            raise UserError("no input: standard input was empty (give sentences as arguments or one per line on stdin)")
        if batch or fmt == "json":
            write_check(batch, fmt, sys.stdout, use_color)
        sys.stdout.flush()
    raise typer.Exit(1 if failed else 0)


def _limited(source):
    for number, sentence in enumerate(source, 1):
        if len(sentence) > MAX_LINE_CHARS:
            raise UserError(f"sentence {number} is {len(sentence):,} characters; the limit is {MAX_LINE_CHARS:,}")
        yield sentence


def _check_jsonl_chunk(sentences: list[str]) -> list[tuple[str, str]]:
    """In a ``--jobs`` worker: check and encode a chunk, so only short strings travel back."""
    from .match import check_chunk
    from .render import jsonl_lines

    return list(jsonl_lines(check_chunk(sentences)))


#: With the default ``--jobs``, lines ``check -`` answers in its own process before it starts
#: workers, if more input is still waiting then (a batch; a co-process never gets there).
AUTO_PARALLEL_LINES = 512
#: Lines sent to a worker at a time (fewer when no more input is waiting).
CHUNK_LINES = 512


def _check_all(source, table, top: int, workers: int, jsonl: bool = False, waiting=None, auto: bool = False):
    """Results in input order (``(verdict, line)`` pairs when ``jsonl``).

    With ``workers > 1``, chunks of lines go to a process pool, a bounded number in flight so memory
    stays flat for any input size; with ``auto``, only once ``AUTO_PARALLEL_LINES`` lines have been
    answered here and more input is waiting.  ``waiting()`` tells whether more input can be read
    without blocking: before a read that could block, every answer due is given, so that a
    co-process that writes some lines and waits for their answers is never left waiting.
    """
    from .match import check_many

    lines = _limited(source)
    switch: list[bool] = []
    if workers <= 1 or auto:
        here = _until_batch(lines, waiting, switch) if workers > 1 else lines
        results = check_many(here, table, top=top)
        if jsonl:
            from .render import jsonl_lines

            results = jsonl_lines(results)
        yield from results
        if not switch:
            return
    yield from _pooled(lines, table, top, workers, jsonl, waiting)


def _until_batch(lines, waiting, switch: list):
    """``lines`` until ``AUTO_PARALLEL_LINES`` have gone with more input waiting (then ``switch``
    gets True, and the rest of ``lines`` is left unread)."""
    for number, line in enumerate(lines, 1):
        yield line
        if number >= AUTO_PARALLEL_LINES and waiting():
            switch.append(True)
            return


def _pooled(lines, table, top: int, workers: int, jsonl: bool, waiting):
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor

    from .match import init_worker, check_chunk

    task = _check_jsonl_chunk if jsonl else check_chunk
    pending: deque = deque()
    done = False
    with ProcessPoolExecutor(max_workers=workers, initializer=init_worker, initargs=(table, top)) as pool:
        while not done or pending:
            if not done:
                if waiting is not None and pending and not waiting():
                    while pending:  # the next read may block: give every answer due first
                        yield from pending.popleft().result()
                chunk = []
                try:
                    for line in lines:  # where ``waiting`` cannot tell: whole chunks (a co-process uses --jobs 1)
                        chunk.append(line)
                        if len(chunk) >= CHUNK_LINES or (waiting is not None and not waiting()):
                            break
                    else:
                        done = True
                except UserError:  # a line too long, or not decodable: the answers before it first
                    if chunk:
                        pending.append(pool.submit(task, chunk))
                    while pending:
                        yield from pending.popleft().result()
                    raise
                if chunk:
                    pending.append(pool.submit(task, chunk))
            if pending and (done or len(pending) >= 2 * workers):
                yield from pending.popleft().result()


# --------------------------------------------------------------------------------------------
# lint
# --------------------------------------------------------------------------------------------

@app.command()
def lint(
    paths: List[str] = typer.Argument(..., help="Files and directories to lint; '-' reads standard input.", show_default=False,
                               metavar="PATH..."),
    table: Optional[List[str]] = TableOption,
    format: Optional[LintFormat] = typer.Option(None, "--format", "-f",
                                                help="text (default), concise, json, jsonl, github (Actions annotations), sarif (2.1.0)."),
    show: Optional[Show] = typer.Option(None, "--show",
                                        help="Which findings to print: unverified (and contradicted; the default), contradicted, or all."),
    fail_on: Optional[FailOn] = typer.Option(None, "--fail-on", help="Exit 1 when a finding is this bad or worse. Default: contradicted."),
    stdin_filename: Optional[str] = typer.Option(None, "--stdin-filename",
                                                 help="Name (and type, by extension) for standard input in findings."),
    encoding: Optional[str] = typer.Option(None, "--encoding", help="Encoding of the documents (default UTF-8)."),
    include: Optional[List[str]] = typer.Option(None, "--include", help="Only lint files matching this glob (repeatable)."),
    exclude: Optional[List[str]] = typer.Option(None, "--exclude", help="Skip files matching this glob (repeatable)."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=0,
                                       help="Processes. Default 0: one per CPU, used only when there is enough "
                                            "work (files adding up to 256 KB or more). 1: all in this process."),
    config: Optional[str] = typer.Option(None, "--config", help="Configuration file (default: the nearest .claimcheck.toml or pyproject.toml with [tool.claimcheck])."),
    no_config: bool = typer.Option(False, "--no-config", help="Ignore configuration files."),
    color: Color = typer.Option(Color.auto, "--color", help="Colour output: auto, always, never."),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Progress bar on stderr (terminal only, several files)."),
    debug: bool = DebugOption,
) -> None:
    """Lint drafts: check every sentence with a figure, reported at its line and column.

    Reads Markdown, HTML and plain text; skips front matter, code, HTML comments and tags, link
    URLs, and sentences after <!-- claimcheck-disable-next-line --> or between
    <!-- claimcheck-disable --> and <!-- claimcheck-enable -->.

    Settings come from [tool.claimcheck] in pyproject.toml or .claimcheck.toml (searched upward);
    options given here win.

    Exit status: 0 clean, 1 findings at or above --fail-on, 2 usage or input error.
    """
    with _errors(debug):
        from pathlib import Path

        from . import config as configuration
        from .documents import MAX_BYTES, DocumentError, discover
        from .lint import lint_paths, lint_text
        from .render import PreparedLines, write_findings, count_verdicts
        from .model import SEVERITY

        settings: dict = {}
        if not no_config:
            try:
                if config:
                    settings = configuration.load_config(Path(config))
                else:
                    settings, _ = configuration.find_config(Path.cwd())
            except configuration.ConfigError as error:
                raise UserError(str(error)) from None
            except OSError as error:
                raise UserError(f"{config}: {error.strerror or error}") from None
        settings = configuration.merge(settings, {
            "tables": table or None, "format": format.value if format else None,
            "show": show.value if show else None, "fail_on": fail_on.value if fail_on else None,
            "encoding": encoding, "include": include or None, "exclude": exclude or None, "jobs": jobs,
        })
        fmt = settings.get("format", "text")
        show_level = settings.get("show", "unverified")
        minimum = {"all": "supported", "unverified": "unverified", "contradicted": "contradicted"}[show_level]
        # The JSON of each result to print is made while lint's workers check (when there are any).
        prepared = PreparedLines(minimum) if fmt in ("json", "jsonl") else None
        threshold = settings.get("fail_on", "contradicted")
        enc = settings.get("encoding")
        tables = [str(t) for t in settings.get("tables") or []] or None
        loaded = _load(tables)

        findings = []
        errors = []
        if paths == ["-"]:
            name = stdin_filename or "<stdin>"
            # Bounded like a file (documents.MAX_BYTES): never read an endless pipe into memory.
            if hasattr(sys.stdin, "buffer"):
                data = sys.stdin.buffer.read(MAX_BYTES + 1)
            else:
                data = sys.stdin.read(MAX_BYTES + 1).encode()
            if len(data) > MAX_BYTES:
                raise UserError(f"{name}: input too large (more than {MAX_BYTES // 1048576} MiB), not checked")
            text = _decode_stdin(data, enc or "utf-8", name)
            if not text.strip():
                raise UserError(f"{name}: empty input, nothing to lint")
            findings.extend(lint_text(text, name, loaded))
        else:
            if "-" in paths:
                raise UserError("'-' (standard input) cannot be combined with paths")
            try:
                files = discover(paths, include=settings.get("include") or (), exclude=settings.get("exclude") or (),
                                 warn=lambda message: print(f"claimcheck: warning: {message}", file=sys.stderr))
            except DocumentError as error:
                raise UserError(str(error)) from None
            named = {os.path.normpath(p) for p in paths}
            jobs = settings.get("jobs", 0)
            workers = jobs if jobs > 0 else (os.cpu_count() or 1)
            bar = _progress(len(files)) if progress and len(files) > 1 and sys.stderr.isatty() else None
            for path, outcome in lint_paths(files, loaded, enc, workers, bar.advance if bar else None,
                                            prepared.add if prepared is not None else None):
                if isinstance(outcome, str):
                    # A file named on the command line must be readable; one found in a folder is skipped.
                    if os.path.normpath(path) in named:
                        errors.append(outcome)
                    else:
                        print(f"claimcheck: warning: {outcome}, skipped", file=sys.stderr)
                    continue
                findings.extend(outcome)
            if bar:
                bar.close()
        counts = count_verdicts(findings)
        shown = [f for f in findings if SEVERITY[f.result.verdict] >= SEVERITY[minimum]]
        write_findings(shown, fmt, sys.stdout, _use_color(color, sys.stdout), __version__, counts=counts,
                       prepared=prepared)
        for message in errors:
            print(f"claimcheck: error: {message}", file=sys.stderr)
        if errors:
            raise typer.Exit(2)
        failed = any(_fails(f.result.verdict, threshold) for f in findings)
    raise typer.Exit(1 if failed else 0)


def _decode_stdin(data: bytes, encoding: str, name: str) -> str:
    if b"\0" in data[:8192]:
        raise UserError(f"{name}: binary input, not checked")
    try:
        return data.decode(encoding).lstrip("\ufeff")
    except LookupError:
        raise UserError(f"unknown encoding {encoding!r}") from None
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise UserError(f"{name}:{line}:{column}: not valid {encoding} (byte 0x{data[error.start]:02x}); "
                        f"pass --encoding (e.g. --encoding latin-1)") from None


class _progress:
    def __init__(self, total: int):
        from rich.progress import Progress

        self._progress = Progress(transient=True, console=_stderr_console())
        self._progress.start()
        self._task = self._progress.add_task("checking", total=total)

    def advance(self) -> None:
        self._progress.advance(self._task)

    def close(self) -> None:
        self._progress.stop()


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


# --------------------------------------------------------------------------------------------
# validate, list, show, search
# --------------------------------------------------------------------------------------------

@app.command()
def validate(
    table: Optional[List[str]] = TableOption,
    sources: Optional[str] = typer.Option(None, "--sources", metavar="DIR",
                                          help="Folder of source texts: every quote must occur verbatim in one of them."),
    format: BrowseFormat = typer.Option(BrowseFormat.text, "--format", "-f", help="text (file:line:col: message) or json."),
    debug: bool = DebugOption,
) -> None:
    """Check the table: schema, duplicate ids, figures missing from their quotes, units, dates,
    and (with --sources) quotes that are not verbatim in the sources.

    Every problem is printed as file:line:col: message.
    Exit status: 0 clean, 1 problems found, 2 could not run.
    """
    with _errors(debug):
        from .table import table_paths, validate as run_validation

        if sources and not os.path.isdir(sources):
            raise UserError(f"{sources}: sources directory not found")
        for path in table_paths(table or None):  # nothing to validate: could not run
            if not path.exists():
                raise UserError(f"{path}: table not found")
            if path.is_dir():
                raise UserError(f"{path}: is a directory, not a table file")
        claims, problems = run_validation(table or None, sources)
        if format == BrowseFormat.json:
            import json

            print(json.dumps({"claims": len(claims), "problems": [
                {"path": p.path, "line": p.line, "column": p.column, "message": p.message} for p in problems]},
                indent=2, ensure_ascii=False))
        else:
            for problem in problems:
                print(problem)
            paths = ", ".join(str(p) for p in table_paths(table or None))
            if problems:
                print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {paths}", file=sys.stderr)
            else:
                print(f"{paths}: {len(claims)} claims, no problems", file=sys.stderr)
    raise typer.Exit(1 if problems else 0)


@app.command("list")
def list_claims(
    table: Optional[List[str]] = TableOption,
    format: BrowseFormat = typer.Option(BrowseFormat.text, "--format", "-f", help="text or json."),
    debug: bool = DebugOption,
) -> None:
    """List the claims in the table: id, figures and statement."""
    with _errors(debug):
        from .browse import write_claims

        write_claims(_load(table).claims, format.value, sys.stdout, _use_color(Color.auto, sys.stdout))


@app.command()
def show(
    claim_id: str = typer.Argument(..., metavar="ID", help="The claim's id (see `claimcheck list`)."),
    table: Optional[List[str]] = TableOption,
    format: BrowseFormat = typer.Option(BrowseFormat.text, "--format", "-f", help="text or json."),
    debug: bool = DebugOption,
) -> None:
    """Show one claim in full: statement, figures, quote and source."""
    with _errors(debug):
        from .browse import suggest, write_claim

        loaded = _load(table)
        claim = loaded.get(claim_id)
        if claim is None:
            hint = suggest(loaded, claim_id)
            raise UserError(f"no claim with id {claim_id!r}{hint}")
        write_claim(claim, format.value, sys.stdout, _use_color(Color.auto, sys.stdout))


@app.command()
def search(
    words: List[str] = typer.Argument(..., help="Words to look for (English or Spanish).", show_default=False,
                               metavar="WORD..."),
    table: Optional[List[str]] = TableOption,
    limit: int = typer.Option(10, "--limit", "-n", min=1, help="At most this many claims."),
    format: BrowseFormat = typer.Option(BrowseFormat.text, "--format", "-f", help="text or json."),
    debug: bool = DebugOption,
) -> None:
    """Search the table by words (fuzzy): subject, keywords, statement, quote."""
    with _errors(debug):
        from .browse import search_claims, write_claims

        loaded = _load(table)
        hits = search_claims(loaded, " ".join(words), limit)
        write_claims([c for c, _ in hits], format.value, sys.stdout, _use_color(Color.auto, sys.stdout),
                     scores=[s for _, s in hits])
        if not hits:
            print(f"no claims match {' '.join(words)!r}", file=sys.stderr)
            raise typer.Exit(1)


# --------------------------------------------------------------------------------------------
# Errors and the entry point
# --------------------------------------------------------------------------------------------

class _errors:
    """Turn known input errors into one line on stderr and exit status 2."""

    def __init__(self, debug: bool):
        self.debug = debug

    def __enter__(self):
        return self

    def __exit__(self, kind, error, tb):
        if isinstance(error, BrokenPipeError):
            # The reader went away (`claimcheck check - | head -1`).  Handled here because Typer
            # turns an EPIPE that reaches it into exit status 1, which means "findings".
            _silence_stdout()
            raise typer.Exit(0)
        if error is None or isinstance(error, (typer.Exit, SystemExit, KeyboardInterrupt)):
            return False
        from .table import TableError

        try:
            from .documents import DocumentError
        except ImportError:  # pragma: no cover
            DocumentError = ()
        if self.debug:
            return False
        if isinstance(error, (UserError, TableError, DocumentError)):
            message = str(error)
        elif isinstance(error, MemoryError):
            message = "out of memory: the input is too large"
        elif isinstance(error, OSError):
            message = f"{getattr(error, 'filename', '') or ''}: {error.strerror or error}".lstrip(": ")
        else:
            message = f"internal error: {type(error).__name__}: {error} (rerun with --debug for a traceback)"
        print(f"claimcheck: error: {message}", file=sys.stderr)
        raise typer.Exit(2)


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that flushing what is still buffered cannot raise again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _click_exceptions():
    try:  # typer 0.28 vendors click
        from typer._click import exceptions
    except ImportError:  # pragma: no cover - older typer uses click itself
        from click import exceptions
    return exceptions


def main() -> None:
    """Console entry point: Ctrl-C exits 130 and a closed pipe exits quietly, never with a traceback."""
    exceptions = _click_exceptions()
    registered = app.registered_commands
    try:
        app.registered_commands = _commands_for(sys.argv[1:], registered)
        code = app(standalone_mode=False)
        if code == 130:  # typer turns Ctrl-C into a silent exit status 130 (claimcheck never exits so itself)
            print("claimcheck: interrupted", file=sys.stderr)
    except (KeyboardInterrupt, typer.Abort):
        print("claimcheck: interrupted", file=sys.stderr)
        code = 130
    except BrokenPipeError:
        # `claimcheck check - | head -1`: the reader went away; stop quietly.
        _silence_stdout()
        code = 0
    except exceptions.ClickException as error:  # usage errors: exit 2, click's own message
        error.show()
        code = error.exit_code
    except typer.Exit as error:
        code = error.exit_code
    finally:
        app.registered_commands = registered
    sys.exit(code if isinstance(code, int) else 0)


def run() -> None:
    """The ``claimcheck`` console script: ``main()``, then exit at once.

    Once the output is flushed and the exit handlers have run (the regex-code cache is written by
    one), nothing is left to do, but the interpreter would still free every object of a big run one
    by one: ~0.1 s after linting a 1 MB draft.  ``os._exit`` skips that, as mypy does.  An error
    that escapes ``main()`` is left to Python, traceback and all.
    """
    code = 0
    try:
        main()
    except SystemExit as done:
        code = done.code
    if not isinstance(code, int):
        code = 0 if code is None else 1
    import atexit

    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a reader gone away (EPIPE), or a stream already closed
            pass
    os._exit(code)


def _commands_for(args: list[str], registered: list) -> list:
    """Only the command that ``args`` starts with, when it names one; otherwise all of them.

    Typer turns every registered command into a Click command (inspecting signatures and type
    hints) before it runs any: ~4 ms of a ~100 ms start-up for the six commands.  The group, its
    options and the chosen command are unchanged, so parsing, help and errors are the same; a
    mistyped or missing command gets the whole group (and Click's "No such command" message).
    """
    if not args or args[0].startswith("-"):
        return registered
    chosen = [info for info in registered if (info.name or info.callback.__name__.replace("_", "-")) == args[0]]
    return chosen or registered
