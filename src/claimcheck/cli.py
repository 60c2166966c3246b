"""The command line: Typer declarations only.  Each command is one call into ``claimcheck.commands``.

Exit status, for every command (``model.ExitStatus``): 0 clean, 1 findings at or above ``--fail-on``
(``validate``: problems found; ``search``: no match), 2 usage or input error (one line on stderr,
never a traceback), 130 interrupted, 141 output pipe closed (the run was cut short), 143 terminated.
"""

from __future__ import annotations

import os
import signal
import sys
from enum import Enum
from typing import List, Optional

import typer

from . import __version__
from .model import ExitStatus

app = typer.Typer(
    name="claimcheck",
    help="Check the figures in sentences and drafts against a curated table of sourced statistics.\n\n"
         "Every verdict (supported, contradicted, unverified) comes with the verbatim quote and its source.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class CheckFormat(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"
    claimreview = "claimreview"


class LintFormat(str, Enum):
    text = "text"
    concise = "concise"
    json = "json"
    jsonl = "jsonl"
    github = "github"
    sarif = "sarif"
    claimreview = "claimreview"


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


TableOption = typer.Option(None, "--table", "-t", metavar="PATH",
                           help="A table to add to the bundled one (repeatable; ids must be unique).")
NoBundledOption = typer.Option(None, "--no-bundled-table/--bundled-table", show_default=False,
                               help="Leave the bundled table out: check against --table and the configuration's tables only.")
ConfigOption = typer.Option(None, "--config", metavar="FILE",
                            help="Configuration file (default: the nearest .claimcheck.toml or pyproject.toml with [tool.claimcheck]).")
NoConfigOption = typer.Option(False, "--no-config", help="Ignore configuration files.")
ColorOption = typer.Option(Color.auto, "--color", help="Colour: auto (a terminal without NO_COLOR), always, never.")
DebugOption = typer.Option(False, "--debug", help="Show a traceback on errors (the exit status is the same).")


def _common(table, no_bundled, config, no_config, color=Color.auto):
    from .commands import Common

    return Common(tuple(table or ()), None if no_bundled is None else not no_bundled, config, no_config,
                  color.value if isinstance(color, Color) else color)


def _version(value: bool) -> None:
    if value:
        print(f"claimcheck {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    """Check the figures in sentences and drafts against a curated table of sourced statistics."""


@app.command()
def check(
    sentences: Optional[List[str]] = typer.Argument(None, metavar="[SENTENCE]...", show_default=False,
                                                    help="Sentences to check; '-' (or none, with input piped) reads "
                                                         "one sentence per line from standard input."),
    format: CheckFormat = typer.Option(CheckFormat.text, "--format", "-f",
                                       help="text, json (one array), jsonl (one object per line, streamed), "
                                            "claimreview (schema.org JSON-LD)."),
    top: int = typer.Option(0, "--top", min=0, max=50, help="Also list the next N candidate claims."),
    fail_on: Optional[FailOn] = typer.Option(None, "--fail-on", show_default=False,
                                             help="Exit 1 when a sentence is this bad or worse (unverified includes "
                                                  "contradicted). Default: the configuration's, else contradicted."),
    encoding: Optional[str] = typer.Option(None, "--encoding", show_default=False,
                                           help="Encoding of standard input. Default: the configuration's, else UTF-8 "
                                                "(UTF-16/32 when the input opens with their byte-order mark)."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", show_default=False,
                                       help="Processes that check standard input (default 1; 0: one per CPU; at most 64)."),
    table: Optional[List[str]] = TableOption, no_bundled_table: Optional[bool] = NoBundledOption,
    config: Optional[str] = ConfigOption, no_config: bool = NoConfigOption,
    color: Color = ColorOption, debug: bool = DebugOption,
) -> None:
    """Check sentences: supported, contradicted or unverified, with the quote and its source.

    Examples:

      claimcheck check "Mexico deported about 80,000 people in 2017"

      cat sentences.txt | claimcheck check --format jsonl

    Exit status: 0 no sentence at or above --fail-on, 1 some, 2 usage or input error.
    """
    from .commands import check as command

    _run(debug, command.run, list(sentences or ()), _common(table, no_bundled_table, config, no_config, color),
         format.value, top, fail_on.value if fail_on else None, encoding, jobs)


@app.command()
def lint(
    paths: Optional[List[str]] = typer.Argument(None, metavar="[PATH]...", show_default=False,
                                                help="Files and folders to lint; '-' reads standard input. "
                                                     "Default: the configuration's include globs, else '.'."),
    format: Optional[LintFormat] = typer.Option(None, "--format", "-f",
                                                help="text (default), concise, json, jsonl, github (Actions annotations), "
                                                     "sarif (2.1.0), claimreview (schema.org JSON-LD)."),
    show: Optional[Show] = typer.Option(None, "--show", help="What is printed: unverified (and contradicted; the default), contradicted, or all."),
    fail_on: Optional[FailOn] = typer.Option(None, "--fail-on", help="Exit 1 when a finding is this bad or worse. Default: contradicted."),
    select: Optional[List[str]] = typer.Option(None, "--select", metavar="ID|VERDICT",
                                               help="Report only findings about these claims or with these verdicts (repeatable)."),
    ignore: Optional[List[str]] = typer.Option(None, "--ignore", metavar="ID|VERDICT",
                                               help="Do not report findings about these claims or with these verdicts (repeatable)."),
    baseline: Optional[str] = typer.Option(None, "--baseline", metavar="FILE", help="Report only findings not in this baseline."),
    write_baseline: Optional[str] = typer.Option(None, "--write-baseline", metavar="FILE",
                                                 help="Write the findings to FILE as a baseline, and exit 0."),
    diff: Optional[str] = typer.Option(None, "--diff", metavar="REF",
                                       help="Report only findings on lines added or changed since the git revision REF."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print the findings only: no summary, no progress."),
    output_file: Optional[str] = typer.Option(None, "--output-file", "-o", metavar="PATH", help="Write the output to PATH."),
    statistics: bool = typer.Option(False, "--statistics", help="Print how many findings each claim and verdict has, instead of the findings."),
    exit_zero: bool = typer.Option(False, "--exit-zero", help="Exit 0 even when findings are at or above --fail-on (files that cannot be read still exit 2)."),
    stdin_filename: Optional[str] = typer.Option(None, "--stdin-filename", help="Name (and type, by extension) for standard input."),
    encoding: Optional[str] = typer.Option(None, "--encoding", help="Encoding of the documents. Default: the "
                                           "configuration's, else UTF-8 (UTF-16/32 by their byte-order mark)."),
    include: Optional[List[str]] = typer.Option(None, "--include", help="Only lint files matching this glob (repeatable)."),
    exclude: Optional[List[str]] = typer.Option(None, "--exclude", help="Skip files matching this glob (repeatable)."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", show_default=False,
                                       help="Processes that lint the files (default 1; 0: one per CPU; at most 64)."),
    table: Optional[List[str]] = TableOption, no_bundled_table: Optional[bool] = NoBundledOption,
    config: Optional[str] = ConfigOption, no_config: bool = NoConfigOption,
    color: Color = ColorOption, debug: bool = DebugOption,
) -> None:
    """Lint drafts: every sentence with a figure, checked in its context, at its line and column.

    Examples:

      claimcheck lint drafts/

      claimcheck lint --format github --diff origin/main

    Exit status: 0 no finding at or above --fail-on, 1 some, 2 a file could not be read or bad usage.
    """
    from .commands import lint as command

    _run(debug, command.run, list(paths or ()), _common(table, no_bundled_table, config, no_config, color),
         fmt=format.value if format else None, show=show.value if show else None,
         fail_on=fail_on.value if fail_on else None, stdin_filename=stdin_filename, encoding=encoding,
         include=include, exclude=exclude, jobs=jobs, select=select, ignore=ignore, baseline=baseline,
         write_baseline=write_baseline, diff=diff, quiet=quiet, output_file=output_file,
         statistics=statistics, exit_zero=exit_zero)


@app.command()
def validate(
    sources: Optional[str] = typer.Option(None, "--sources", metavar="DIR",
                                          help="Folder of source texts: every quote must occur verbatim in one of them."),
    format: BrowseFormat = typer.Option(BrowseFormat.text, "--format", "-f", help="text (file:line:col: message) or json."),
    table: Optional[List[str]] = TableOption, no_bundled_table: Optional[bool] = NoBundledOption,
    config: Optional[str] = ConfigOption, no_config: bool = NoConfigOption, debug: bool = DebugOption,
) -> None:
    """Check the tables: schema, duplicate ids, figures missing from their quotes, quotes not
    verbatim in --sources, and each claim's statement checked against the table.

    Exit status: 0 clean (notes allowed), 1 problems found, 2 could not run.
    """
    from .commands import validate as command

    _run(debug, command.run, _common(table, no_bundled_table, config, no_config), sources, format.value)


@app.command()
def extract(
    paths: List[str] = typer.Argument(..., metavar="PATH...", show_default=False,
                                      help="Articles (HTML, Markdown, text) to draft claims from; '-' reads standard input."),
    append: Optional[str] = typer.Option(None, "--append", metavar="TABLE",
                                         help="Add the drafts and their source to TABLE (created if missing), keeping everything already there."),
    url: Optional[str] = typer.Option(None, "--url", help="The article's address, when the page does not say it."),
    stdin_filename: Optional[str] = typer.Option(None, "--stdin-filename", help="Name (and type, by extension) for standard input."),
    encoding: Optional[str] = typer.Option(None, "--encoding", help="Encoding of the articles. Default: the "
                                           "configuration's, else UTF-8 (UTF-16/32 by their byte-order mark)."),
    table: Optional[List[str]] = TableOption, no_bundled_table: Optional[bool] = NoBundledOption,
    config: Optional[str] = ConfigOption, no_config: bool = NoConfigOption, debug: bool = DebugOption,
) -> None:
    """Draft claims from a new article: one stub per sentence with a checkable figure, in the
    table's own format, marked `draft: true` for review.

    Examples:

      claimcheck extract article.html > drafts.yaml

      claimcheck extract article.html --append newsroom-claims.yaml
    """
    from .commands import extract as command

    _run(debug, command.run, paths, _common(table, no_bundled_table, config, no_config), append, url,
         stdin_filename, encoding)


@app.command("list")
def list_claims(
    format: BrowseFormat = typer.Option(BrowseFormat.text, "--format", "-f", help="text or json."),
    table: Optional[List[str]] = TableOption, no_bundled_table: Optional[bool] = NoBundledOption,
    config: Optional[str] = ConfigOption, no_config: bool = NoConfigOption,
    color: Color = ColorOption, debug: bool = DebugOption,
) -> None:
    """List the claims in the table: id, figures and statement."""
    from .commands import browse

    _run(debug, browse.list_claims, _common(table, no_bundled_table, config, no_config, color), format.value)


@app.command()
def show(
    claim_id: str = typer.Argument(..., metavar="ID", help="The claim's id (see `claimcheck list`)."),
    format: BrowseFormat = typer.Option(BrowseFormat.text, "--format", "-f", help="text or json."),
    table: Optional[List[str]] = TableOption, no_bundled_table: Optional[bool] = NoBundledOption,
    config: Optional[str] = ConfigOption, no_config: bool = NoConfigOption, debug: bool = DebugOption,
) -> None:
    """Show one claim in full: statement, figures, quote and source."""
    from .commands import browse

    _run(debug, browse.show, claim_id, _common(table, no_bundled_table, config, no_config), format.value)


@app.command()
def search(
    words: List[str] = typer.Argument(..., metavar="WORD...", show_default=False, help="Words to look for (English or Spanish)."),
    limit: int = typer.Option(10, "--limit", "-n", min=1, help="At most this many claims."),
    format: BrowseFormat = typer.Option(BrowseFormat.text, "--format", "-f", help="text or json."),
    table: Optional[List[str]] = TableOption, no_bundled_table: Optional[bool] = NoBundledOption,
    config: Optional[str] = ConfigOption, no_config: bool = NoConfigOption,
    color: Color = ColorOption, debug: bool = DebugOption,
) -> None:
    """Search the table by words (fuzzy): subject, keywords, statement, quote."""
    from .commands import browse

    _run(debug, browse.search, words, _common(table, no_bundled_table, config, no_config, color), limit, format.value)


# --------------------------------------------------------------------------------------------
# Errors and the entry point
# --------------------------------------------------------------------------------------------

def _run(debug: bool, command, *args, **kwargs) -> None:
    """Run a command: its exit status, or one line on stderr and exit 2 for an input error."""
    from .model import InputError
    from .text import printable

    try:
        status = command(*args, **kwargs)
    except BrokenPipeError:
        _silence_stdout()  # the reader went away (`claimcheck check - | head -1`): cut short, so not 0 or 1
        raise typer.Exit(ExitStatus.BROKEN_PIPE)
    except (typer.Exit, KeyboardInterrupt, SystemExit):
        raise
    except Exception as error:
        if debug:  # the traceback as well, never another exit status
            import traceback

            traceback.print_exc(file=sys.stderr)
        if isinstance(error, InputError):
            message = str(error)
        elif isinstance(error, MemoryError):
            message = "out of memory: the input is too large"
        elif isinstance(error, OSError):
            message = f"{getattr(error, 'filename', '') or ''}: {error.strerror or error}".lstrip(": ")
        else:
            message = f"internal error: {type(error).__name__}: {error}" + ("" if debug else
                                                                           " (rerun with --debug for a traceback)")
        print(f"claimcheck: error: {printable(message)}", file=sys.stderr)
        raise typer.Exit(ExitStatus.ERROR)
    raise typer.Exit(int(status))


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that flushing what is still buffered cannot raise again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


#: The signal being handled (SIGINT or SIGTERM) once one has arrived; whether "interrupted" was said;
#: the exit status once the command is done.
_signalled: dict = {"signal": None, "told": False, "done": None}


def _on_signal(signum, frame) -> None:
    """Ctrl-C (SIGINT) or ``kill`` (SIGTERM): unwind, so the workers of ``--jobs`` are ended at once,
    then exit 130 or 143. A second signal while that runs (CI cancelling a job sends SIGINT, then
    SIGTERM) ends the run there and then, with the first signal's status."""
    first = _signalled["signal"]
    if first is None and _signalled["done"] is not None:  # (the run is over: its status stands)
        os._exit(_signalled["done"] if isinstance(_signalled["done"], int) else ExitStatus.ERROR)
    if first is not None:
        workers = sys.modules.get("multiprocessing")  # (never imported: no worker to end)
        for child in workers.active_children() if workers else ():
            child.kill()
        if first == signal.SIGINT and not _signalled["told"]:
            os.write(2, b"claimcheck: interrupted\n")
        os._exit(128 + first)
    _signalled["signal"] = signum
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise SystemExit(128 + signum)


def _interrupted() -> None:
    _signalled["told"] = True
    print("claimcheck: interrupted", file=sys.stderr)


def main(restore_signals: bool = True) -> None:
    """Console entry point: Ctrl-C exits 130, SIGTERM 143, a closed pipe 141, never with a traceback.
    ``restore_signals``: put the caller's handlers back at the end (the console script keeps its own
    while the interpreter exits, so a second signal then still exits with the first one's status)."""
    _signalled.update(signal=None, told=False, done=None)
    previous = {}
    for name in ("SIGINT", "SIGTERM"):
        number = getattr(signal, name, None)
        if number is None or (name == "SIGINT" and signal.getsignal(number) is signal.SIG_IGN):
            continue  # (a SIGINT the shell ignores, as for a background job, stays ignored)
        previous[number] = signal.signal(number, _on_signal)
    try:
        _main()
    except SystemExit as done:
        _signalled["done"] = done.code
        if not restore_signals and _signalled["signal"] is not None:
            _exit_now(done.code)  # interrupted: the interpreter's slow clean-up, where signals are no
        raise                     # longer handled, is not waited for
    finally:
        for number, handler in previous.items() if restore_signals else ():
            signal.signal(number, handler if handler is not None else signal.SIG_DFL)


def _exit_now(code) -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):
            pass
    os._exit(code if isinstance(code, int) else ExitStatus.ERROR)


def _main() -> None:
    try:
        code = app(standalone_mode=False)
        if code == 130:  # typer turns Ctrl-C into a silent exit status 130
            _interrupted()
    except (KeyboardInterrupt, typer.Abort):
        _interrupted()
        code = ExitStatus.INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        code = ExitStatus.BROKEN_PIPE
    except typer.Exit as error:
        code = error.exit_code
    except SystemExit as error:
        code = error.code
    except OSError as error:  # writing --help to /dev/full, a closed stderr
        try:
            print(f"claimcheck: error: cannot write the output: {error.strerror or error}", file=sys.stderr)
        except OSError:
            pass
        code = ExitStatus.ERROR
    except Exception as error:
        # usage errors (click's ClickException, which typer may vendor), recognised by their public
        # ``format_message``/``exit_code``, not a private import path: one line, exit 2
        if not (callable(getattr(error, "format_message", None)) and isinstance(getattr(error, "exit_code", None), int)):
            raise
        ctx = getattr(error, "ctx", None)
        hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
        try:
            if ctx is not None and error.format_message() == ctx.get_help():
                print(ctx.get_help(), file=sys.stderr)  # `claimcheck` alone: the help, as click prints it
            else:
                print(f"claimcheck: error: {' '.join(error.format_message().split())}{hint}", file=sys.stderr)
        except OSError:
            pass
        code = error.exit_code
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
        code = ExitStatus.BROKEN_PIPE
    except OSError as error:
        try:
            print(f"claimcheck: error: cannot write the output: {error.strerror or error}", file=sys.stderr)
        except OSError:
            pass
        code = ExitStatus.ERROR
    sys.exit(code if isinstance(code, int) else 0)


def run() -> None:
    """The ``claimcheck`` console script (and ``python -m claimcheck``)."""
    main(restore_signals=False)
