"""Output formats: one emitter each, all writing a ``Report`` (``lint``) or a list of results
(``check``) to a stream.

* ``text``         people at a terminal (rich colour when it is one): the verdict and the failing
                   figure first, the sentence with that figure marked, the quote wrapped and
                   indented, each source once per file, a one-line summary.
* ``concise``      ``path:line:col: verdict: message``, one line per finding (editors, grep).
* ``json``/``jsonl`` the stable JSON forms (``common.result_dict``, ``common.finding_dict``).
* ``github``       GitHub Actions workflow commands (``::error file=...``).
* ``sarif``        SARIF 2.1.0 for code-scanning dashboards, with fixes.
* ``claimreview``  schema.org ClaimReview JSON-LD, the format fact-checkers publish.
"""

from __future__ import annotations

from typing import NamedTuple

from ..model import FileError, Finding

CHECK_FORMATS = ("text", "json", "jsonl", "claimreview")
LINT_FORMATS = ("text", "concise", "json", "jsonl", "github", "sarif", "claimreview")


class Report(NamedTuple):
    """What ``lint`` found: the findings to show, the files it could not read, the verdicts of
    every sentence checked (for the summary), and what else an emitter may need."""

    findings: list[Finding]
    errors: list[FileError]
    counts: dict
    tool_version: str = ""
    #: schema.org author and URL for ClaimReview (``[tool.claimcheck.claimreview]``).
    reviewer: dict | None = None
    #: Print only the findings (no summary, no source list).
    quiet: bool = False


def write_report(report: Report, fmt: str, stream, color: bool = False) -> None:
    """Write ``lint``'s report in one of ``LINT_FORMATS``."""
    if fmt == "text":
        from .text import write_lint
    elif fmt == "concise":
        from .concise import write_lint
    elif fmt in ("json", "jsonl"):
        from .jsonout import write_lint_json as write_lint
    elif fmt == "github":
        from .github import write_lint
    elif fmt == "sarif":
        from .sarif import write_lint
    elif fmt == "claimreview":
        from .claimreview import write_lint
    else:
        raise ValueError(f"unknown output format {fmt!r} (expected one of {', '.join(LINT_FORMATS)})")
    if fmt in ("json", "jsonl"):
        write_lint(report, stream, lines=fmt == "jsonl")
    elif fmt == "text":
        write_lint(report, stream, color)
    else:
        write_lint(report, stream)


def write_results(results, fmt: str, stream, color: bool = False, reviewer: dict | None = None) -> None:
    """Write ``check``'s results in one of ``CHECK_FORMATS``."""
    if fmt == "text":
        from .text import write_check

        write_check(results, stream, color)
    elif fmt in ("json", "jsonl"):
        from .jsonout import write_check_json

        write_check_json(results, stream, lines=fmt == "jsonl")
    elif fmt == "claimreview":
        from .claimreview import write_check

        write_check(results, stream, reviewer)
    else:
        raise ValueError(f"unknown output format {fmt!r} (expected one of {', '.join(CHECK_FORMATS)})")
