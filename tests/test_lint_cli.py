"""`claimcheck lint` end to end, through the console entry point (``claimcheck.cli.main``) with its
own argv, working directory, stdin, stdout and stderr; runs that need a real process (``--jobs``,
workers) start ``python -m claimcheck``.

Fixtures live in tests/fixtures/lint/ and are copied into ``tmp_path`` (the working directory of
every run), so findings name them as a user would see them (``draft.md``) and no configuration from
the repository is picked up.  Every position asserted here was counted by hand in the fixture: the
sentence's span (``line``, ``column``, ``end_line``, ``end_column``) and the deciding figure's
(``figure_at``, which is also the position the text, concise and github formats print).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from helpers import Run, club_table, run_in_process, run_process

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "lint"
SARIF_SCHEMA = ROOT / "tests" / "schemas" / "sarif-schema-2.1.0.json"

INM = "inm-deportations-2017"
CLUB = "club-season-tickets-2017"

SUPPORTED_80K = "Mexico deported about 80,000 people in 2017."
CONTRADICTED = "The INM deported 83,053 people in 2017."
FOOTBALL = "The football club sold 80,353 season tickets in 2017."

# The README documents these reasons word for word.
REASON_CONTRADICTED = "number: says 83,053; source says 80,353 (2017)"
REASON_ABOUT_80K = "number: about 80,000 agrees with 80,353 (2017)"
REASON_80353 = "number: 80,353 agrees with 80,353 (2017)"
# The football sentence inside a document about deportations, and alone.
REASON_FOOTBALL_IN_CONTEXT = "80,353: the table has no figure of this kind for the subject"
REASON_FOOTBALL_ALONE = "80,353: no claim about this subject"

# (line, column, end_line, end_column, verdict, claim id, sentence text) per fixture, in file order,
# and FIGURES_*: (line, column, end_line, end_column) of the figure that decided each of them.
DRAFT_MD = [
    (9, 1, 9, 44, "supported", INM, SUPPORTED_80K),
    # two sentences on one line
    (11, 1, 11, 39, "contradicted", INM, CONTRADICTED),
    (11, 41, 11, 93, "unverified", None, FOOTBALL),
    # a sentence over two lines
    (13, 1, 14, 15, "supported", INM,
     "The National Institute of Migration deported a total of 80,353 people in 2017."),
    # link text kept, its URL (with digits) dropped; inline code becomes [code]
    (22, 1, 22, 131, "contradicted", INM,
     "According to the INM's 2017 data, the INM deported 83,053 people (see [code]) in 2017."),
    # list item, blockquote, table cell: positions after the markers
    (35, 3, 35, 41, "contradicted", INM, CONTRADICTED),
    (37, 3, 37, 55, "unverified", None, FOOTBALL),
    (41, 10, 41, 53, "supported", INM, SUPPORTED_80K),
]
FIGURES_MD = [(9, 17, 9, 28), (11, 18, 11, 23), (11, 64, 11, 69), (13, 57, 13, 62), (22, 94, 22, 99),
              (35, 20, 35, 25), (37, 26, 37, 31), (41, 26, 41, 37)]
# Lines of draft.md that state figures but must never be reported.
DRAFT_SILENT_LINES = {
    2, 3, 4,        # YAML front matter
    17,             # fenced code block
    20,             # indented code block
    24,             # inline code `--top 3` and a link URL with 2018 / 83053
    27,             # after claimcheck-disable-next-line
    30, 32,         # between claimcheck-disable and claimcheck-enable
}

PAGE_HTML = [
    (10, 4, 10, 47, "supported", INM, SUPPORTED_80K),
    (10, 49, 10, 87, "contradicted", INM, CONTRADICTED),
    (11, 4, 12, 16, "unverified", None, FOOTBALL),
    (21, 9, 21, 47, "contradicted", INM, CONTRADICTED),                                    # <li>
    (22, 13, 22, 65, "unverified", None, FOOTBALL),                                        # <blockquote>
    (23, 29, 23, 78, "supported", INM, "The INM deported a total of 80,353 people in 2017."),  # second <td>
    (24, 4, 24, 47, "supported", INM, "The INM deported 80,353 people in 2017."),          # &nbsp; is 6 chars
]
FIGURES_HTML = [(10, 20, 10, 31), (10, 66, 10, 71), (11, 27, 11, 32), (21, 26, 21, 31), (22, 36, 22, 41),
                (23, 57, 23, 62), (24, 21, 24, 26)]
PAGE_SILENT_LINES = {4, 5, 6, 13, 14, 15, 17, 19}  # title, style, script, pre, code/href, comments, suppressed

NOTES_TXT = [
    (3, 1, 3, 44, "supported", INM, SUPPORTED_80K),
    (3, 46, 3, 84, "contradicted", INM, CONTRADICTED),
    (5, 1, 6, 16, "unverified", None, FOOTBALL),
    (11, 3, 11, 62, "supported", INM, "Indented: the INM deported a total of 80,353 people in 2017."),
]
FIGURES_TXT = [(3, 17, 3, 28), (3, 63, 3, 68), (5, 24, 5, 29), (11, 41, 11, 46)]


@pytest.fixture
def claimcheck(tmp_path):
    """``claimcheck(*args, stdin=, cwd=)``: ``claimcheck ARGS`` through ``cli.main()`` in ``tmp_path``
    (or ``cwd``), plain output; returns the exit status and what was written."""
    return lambda *args, stdin=None, cwd=None: run_in_process(*args, cwd=cwd or tmp_path, stdin=stdin)


def subprocess_run(*args: str, cwd: Path, timeout: float = 120) -> Run:
    """``python -m claimcheck ARGS`` in its own process (for ``--jobs``)."""
    return run_process(*args, cwd=cwd, timeout=timeout)


def copy_fixture(name: str, dest: Path) -> Path:
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(FIXTURES / name, dest)
    return dest


def jsonl(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines()]


def located(docs: list[dict]) -> list[tuple]:
    return [(d["line"], d["column"], d["end_line"], d["end_column"], d["verdict"],
             d["claim"]["id"] if d["claim"] else None, d["text"]) for d in docs]


def figures_at(docs: list[dict]) -> list[tuple]:
    return [tuple(d["figure_at"][k] for k in ("line", "column", "end_line", "end_column")) for d in docs]


CLUB_TABLE = club_table(header="# yaml-language-server: $schema=claims.schema.json\n",
                        quote="|-\n      The club sold 80,353 season tickets in 2017:\n      100% of the stadium.")


# --------------------------------------------------------------------------- the three document kinds

@pytest.mark.parametrize("fixture, expected, figures, silent", [
    ("draft.md", DRAFT_MD, FIGURES_MD, DRAFT_SILENT_LINES),
    ("page.html", PAGE_HTML, FIGURES_HTML, PAGE_SILENT_LINES),
    ("notes.txt", NOTES_TXT, FIGURES_TXT, set()),
])
def test_exact_findings_and_positions(claimcheck, tmp_path, fixture, expected, figures, silent):
    copy_fixture(fixture, tmp_path / fixture)
    result = claimcheck("lint", "--format", "jsonl", "--show", "all", fixture)
    assert result.returncode == 1, result.stderr  # a contradicted finding is present
    assert result.stderr == ""
    docs = jsonl(result.stdout)
    assert {d["path"] for d in docs} == {fixture}
    assert located(docs) == expected
    assert figures_at(docs) == figures
    for line in silent:
        assert not any(d["line"] <= line <= d["end_line"] for d in docs), f"line {line} must not be checked"
    # Contradicted findings say why, in the README's words, and carry the source's figure as a fix.
    for d in docs:
        if d["verdict"] == "contradicted":
            assert d["reasons"] == [REASON_CONTRADICTED]
            assert d["fix"] == {"replacement": "80,353", "figure": "83,053", "start": d["text"].index("83,053"),
                                "end": d["text"].index("83,053") + 6}


def test_default_show_hides_supported_and_exit_follows_fail_on(claimcheck, tmp_path):
    copy_fixture("draft.md", tmp_path / "draft.md")
    result = claimcheck("lint", "--format", "jsonl", "draft.md")
    assert result.returncode == 1
    assert located(jsonl(result.stdout)) == [f for f in DRAFT_MD if f[4] != "supported"]


def test_fail_on_unverified_with_only_unverified_findings(claimcheck, tmp_path):
    (tmp_path / "club.md").write_text(f"# Club\n\nSales were good. {FOOTBALL}\n", encoding="utf-8")
    default = claimcheck("lint", "--format", "jsonl", "club.md")
    assert default.returncode == 0  # unverified is below the default threshold (contradicted)
    strict = claimcheck("lint", "--format", "jsonl", "--fail-on", "unverified", "club.md")
    assert strict.returncode == 1
    assert strict.stdout == default.stdout
    assert located(jsonl(strict.stdout)) == [(3, 18, 3, 70, "unverified", None, FOOTBALL)]


def test_clean_file_exits_0(claimcheck, tmp_path):
    copy_fixture("clean.md", tmp_path / "clean.md")
    result = claimcheck("lint", "clean.md")
    assert (result.returncode, result.stderr) == (0, "")
    # Nothing at or above "unverified" to show: only the summary (the code block is never read).
    assert result.stdout == "1 sentence checked: 1 supported, 0 contradicted, 0 unverified\n"
    everything = claimcheck("lint", "--format", "concise", "--show", "all", "--fail-on", "unverified", "clean.md")
    assert everything.returncode == 0
    assert everything.stdout == f"clean.md:7:17: supported: {REASON_ABOUT_80K} [{INM}]\n"


# --------------------------------------------------------------------------- output formats

def test_concise_lines(claimcheck, tmp_path):
    copy_fixture("notes.txt", tmp_path / "notes.txt")
    result = claimcheck("lint", "--format", "concise", "--show", "all", "notes.txt")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"notes.txt:3:17: supported: {REASON_ABOUT_80K} [{INM}]",
        f"notes.txt:3:63: contradicted: {REASON_CONTRADICTED} [{INM}]",
        f"notes.txt:5:24: unverified: {REASON_FOOTBALL_IN_CONTEXT}",
        f"notes.txt:11:41: supported: {REASON_80353} [{INM}]",
    ]


def test_json_document(claimcheck, tmp_path):
    copy_fixture("notes.txt", tmp_path / "notes.txt")
    result = claimcheck("lint", "--format", "json", "--show", "contradicted", "notes.txt")
    assert result.returncode == 1
    doc = json.loads(result.stdout)
    assert list(doc) == ["version", "findings", "errors", "summary"]
    assert doc["version"] == 1 and doc["errors"] == []
    # The summary counts every sentence checked, not only those shown.
    assert doc["summary"] == {"supported": 2, "contradicted": 1, "unverified": 1}
    [finding] = doc["findings"]
    assert list(finding) == ["path", "line", "column", "end_line", "end_column",
                             "text", "verdict", "reasons", "score", "figures", "claim", "figure_at", "fix"]
    assert (finding["path"], finding["line"], finding["column"], finding["end_line"], finding["end_column"]) == \
        ("notes.txt", 3, 46, 3, 84)
    assert finding["figure_at"] == {"line": 3, "column": 63, "end_line": 3, "end_column": 68}
    assert finding["text"] == CONTRADICTED and finding["verdict"] == "contradicted"
    assert finding["reasons"] == [REASON_CONTRADICTED]
    assert finding["claim"]["id"] == INM
    assert finding["fix"] == {"replacement": "80,353", "figure": "83,053", "start": 17, "end": 23}
    [figure] = finding["figures"]
    assert (figure["text"], figure["start"], figure["end"], figure["value"]) == ("83,053", 17, 23, 83053)


def test_text_output(claimcheck, tmp_path):
    copy_fixture("notes.txt", tmp_path / "notes.txt")
    result = claimcheck("lint", "notes.txt")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "notes.txt"
    assert f"  3:63    contradicted {REASON_CONTRADICTED} [1]" in lines
    assert f"          {CONTRADICTED}" in lines
    assert "          fix: source says 80,353" in lines
    assert f"  5:24    unverified   {REASON_FOOTBALL_IN_CONTEXT}  “The football" in lines
    assert any(line.endswith(f"  ({INM})") for line in lines)
    assert "  [1] The Intercept, “Trump’s Attacks on Migrant Caravan Underscore How the U.S. Outsources" in lines
    assert not any(" supported " in line for line in lines[:-1])  # default --show unverified
    assert lines[-2:] == ["", "4 sentences checked: 2 supported, 1 contradicted, 1 unverified"]
    assert "\x1b[" not in result.stdout


def _quote(claimcheck, claim_id: str, *table: str) -> str:
    return json.loads(claimcheck("show", "--format", "json", *table, claim_id).stdout)["quote"]


def test_github_annotations(claimcheck, tmp_path):
    copy_fixture("notes.txt", tmp_path / "dir" / "100%,a:b.md")
    quote = _quote(claimcheck, INM)
    result = claimcheck("lint", "--format", "github", "dir/100%,a:b.md")
    assert result.returncode == 1
    where = "The Intercept, https://theintercept.com/2018/04/05/migrant-caravan-mexico-border-immigration/"
    path = "dir/100%25%2Ca%3Ab.md"
    assert result.stdout.splitlines() == [
        f"::error file={path},line=3,col=63,endLine=3,endColumn=69,title=claimcheck%3A contradicted ({INM})::"
        f"{REASON_CONTRADICTED} Source: {quote} ({where})",
        f"::warning file={path},line=5,col=24,endLine=5,endColumn=30,title=claimcheck%3A unverified::"
        f"{REASON_FOOTBALL_IN_CONTEXT}",
        "4 sentences checked: 2 supported, 1 contradicted, 1 unverified",
    ]


def test_github_escapes_percent_in_messages(claimcheck, tmp_path):
    (tmp_path / "club.yaml").write_text(CLUB_TABLE, encoding="utf-8")
    (tmp_path / "club.txt").write_text(f"{FOOTBALL}\n\nIt sold 79,000 season tickets in 2017.\n", encoding="utf-8")
    result = claimcheck("lint", "--table", "club.yaml", "--format", "github", "--show", "all", "club.txt")
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 3  # one command per finding (a quote's newline never splits one), then the summary
    source = ("Source: The club sold 80,353 season tickets in 2017: 100%25 of the stadium. "
              "(Club Gazette, https://example.org/club/2018)")
    assert lines[0] == (f"::notice file=club.txt,line=1,col=24,endLine=1,endColumn=30,"
                        f"title=claimcheck%3A supported ({CLUB})::{REASON_80353} {source}")
    assert lines[1].startswith(f"::error file=club.txt,line=3,col=9,endLine=3,endColumn=15,"
                               f"title=claimcheck%3A contradicted ({CLUB})::number: says 79,000; "
                               "source says 80,353 (2017)")
    assert lines[1].endswith(source)


@pytest.mark.skipif(os.name == "nt", reason="a newline in a file name")
def test_github_escapes_a_newline_in_the_file_name(claimcheck, tmp_path):
    (tmp_path / "new\nline.txt").write_text(f"{CONTRADICTED}\n", encoding="utf-8")
    result = claimcheck("lint", "--format", "github", "new\nline.txt")
    assert result.returncode == 1
    assert result.stdout.startswith("::error file=new%0Aline.txt,line=1,col=18,")


def test_sarif_validates_and_regions_match_findings(claimcheck, tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    copy_fixture("draft.md", tmp_path / "draft.md")
    copy_fixture("notes.txt", tmp_path / "dir" / "100%,a:b.txt")
    args = ("--show", "all", "draft.md", "dir/100%,a:b.txt")
    sarif = claimcheck("lint", "--format", "sarif", *args)
    assert sarif.returncode == 1
    log = json.loads(sarif.stdout)
    jsonschema.Draft4Validator.check_schema(schema)
    errors = list(jsonschema.Draft4Validator(schema).iter_errors(log))
    assert errors == [], [e.message for e in errors]

    assert log["version"] == "2.1.0"
    [run] = log["runs"]
    assert run["tool"]["driver"]["name"] == "claimcheck"
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    findings = jsonl(claimcheck("lint", "--format", "jsonl", *args).stdout)
    assert len(run["results"]) == len(findings) == len(DRAFT_MD) + len(NOTES_TXT)
    uris = {"draft.md": "draft.md", "dir/100%,a:b.txt": "dir/100%25%2Ca%3Ab.txt"}
    levels = {"supported": "note", "contradicted": "error", "unverified": "warning"}
    for result, finding in zip(run["results"], findings):
        [location] = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == uris[finding["path"]]
        region, figure = physical["region"], finding["figure_at"]
        assert (region["startLine"], region["startColumn"]) == (figure["line"], figure["column"])
        assert region["endLine"] == figure["end_line"]
        assert region["endColumn"] == figure["end_column"] + 1  # SARIF's end column is exclusive
        decided = next(f for f in finding["figures"] if f["verdict"] == finding["verdict"])
        assert region["snippet"]["text"] == decided["text"]  # the region's own text: the figure
        assert physical["contextRegion"]["snippet"]["text"] == finding["text"]  # and the sentence around it
        assert result["ruleId"] == f"claimcheck/{finding['verdict']}"
        assert rules[result["ruleIndex"]] == result["ruleId"]
        assert result["level"] == levels[finding["verdict"]]
        assert result["properties"]["claimId"] == (finding["claim"]["id"] if finding["claim"] else None)
    assert [(r["locations"][0]["physicalLocation"]["region"]["startLine"],
             r["locations"][0]["physicalLocation"]["region"]["startColumn"]) for r in run["results"][:len(DRAFT_MD)]] \
        == [(f[0], f[1]) for f in FIGURES_MD]


@pytest.mark.parametrize("show, verdicts", [
    ("contradicted", {"contradicted"}),
    ("unverified", {"contradicted", "unverified"}),
    ("all", {"supported", "contradicted", "unverified"}),
])
def test_show_filters_output_not_exit_status(claimcheck, tmp_path, show, verdicts):
    copy_fixture("draft.md", tmp_path / "draft.md")
    result = claimcheck("lint", "--format", "jsonl", "--show", show, "draft.md")
    assert result.returncode == 1
    assert located(jsonl(result.stdout)) == [f for f in DRAFT_MD if f[4] in verdicts]


def test_show_contradicted_still_fails_on_hidden_unverified(claimcheck, tmp_path):
    (tmp_path / "club.txt").write_text(FOOTBALL + "\n", encoding="utf-8")
    result = claimcheck("lint", "--format", "concise", "--show", "contradicted", "--fail-on", "unverified", "club.txt")
    assert (result.returncode, result.stdout, result.stderr) == (1, "", "")


# --------------------------------------------------------------------------- files, directories, stdin

def make_tree(root: Path) -> None:
    """A checkout: .git, a .gitignore at the top, and drafts of every kind below ``docs/``."""
    (root / ".git").mkdir(parents=True)
    (root / ".gitignore").write_text("docs/archive/\n", encoding="utf-8")
    copy_fixture("draft.md", root / "docs" / "a.md")
    copy_fixture("notes.txt", root / "docs" / "sub" / "b.txt")
    copy_fixture("page.html", root / "docs" / "sub" / "c.html")
    (root / "docs" / ".gitignore").write_text("*.draft.md\nbuild/\n", encoding="utf-8")
    copy_fixture("draft.md", root / "docs" / "x.draft.md")          # ignored by docs/.gitignore
    copy_fixture("draft.md", root / "docs" / "build" / "d.md")      # ignored directory
    copy_fixture("draft.md", root / "docs" / "archive" / "e.md")    # ignored from the top .gitignore
    copy_fixture("draft.md", root / "docs" / ".hidden" / "f.md")    # hidden directory
    copy_fixture("draft.md", root / "docs" / ".g.md")               # hidden file
    copy_fixture("notes.txt", root / "docs" / "g.py")               # not a document extension
    (root / "docs" / "sub" / "z.md").write_bytes(b"PK\x03\x04\x00\x00binary\x00" * 64)


def test_directory_recursion(claimcheck, tmp_path):
    make_tree(tmp_path)
    result = claimcheck("lint", "--format", "concise", "--show", "all", "docs")
    assert result.returncode == 1
    assert result.stderr == "claimcheck: warning: docs/sub/z.md: binary file, skipped\n"
    paths = [line.split(":", 1)[0] for line in result.stdout.splitlines()]
    assert paths == ["docs/a.md"] * len(DRAFT_MD) + ["docs/sub/b.txt"] * len(NOTES_TXT) \
        + ["docs/sub/c.html"] * len(PAGE_HTML)
    assert [tuple(map(int, line.split(":")[1:3])) for line in result.stdout.splitlines()] == \
        [(f[0], f[1]) for f in FIGURES_MD + FIGURES_TXT + FIGURES_HTML]


def test_binary_in_directory_does_not_change_exit_status(claimcheck, tmp_path):
    copy_fixture("clean.md", tmp_path / "docs" / "clean.md")
    (tmp_path / "docs" / "blob.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    result = claimcheck("lint", "docs")
    assert result.returncode == 0
    assert result.stderr == "claimcheck: warning: docs/blob.md: binary file, skipped\n"
    assert result.stdout == "1 sentence checked: 1 supported, 0 contradicted, 0 unverified\n"


def test_stdin_with_filename_uses_its_type(claimcheck, tmp_path):
    draft = (FIXTURES / "draft.md").read_bytes()
    result = claimcheck("lint", "--format", "jsonl", "--show", "all", "--stdin-filename", "notes.md", "-", stdin=draft)
    assert result.returncode == 1
    docs = jsonl(result.stdout)
    assert {d["path"] for d in docs} == {"notes.md"}
    assert located(docs) == DRAFT_MD
    # Without a name, standard input is plain text: front matter and code are prose then.
    plain = jsonl(claimcheck("lint", "--format", "jsonl", "--show", "all", "-", stdin=draft).stdout)
    assert {d["path"] for d in plain} == {"<stdin>"}
    assert {d["line"] for d in plain} & {4, 17, 20}


def test_jobs_give_the_same_findings(tmp_path):
    for i in range(4):
        copy_fixture("draft.md", tmp_path / "docs" / f"d{i}.md")
        copy_fixture("page.html", tmp_path / "docs" / f"p{i}.html")
        copy_fixture("notes.txt", tmp_path / "docs" / "more" / f"n{i}.txt")
    one = subprocess_run("lint", "--jobs", "1", "--format", "jsonl", "--show", "all", "docs", cwd=tmp_path)
    two = subprocess_run("lint", "--jobs", "2", "--format", "jsonl", "--show", "all", "docs", cwd=tmp_path)
    assert one.returncode == two.returncode == 1
    assert one.stderr == two.stderr == ""
    assert len(one.stdout.splitlines()) == 4 * (len(DRAFT_MD) + len(PAGE_HTML) + len(NOTES_TXT))
    assert two.stdout == one.stdout


def test_jobs_on_one_large_file_give_the_same_findings(tmp_path):
    """One file, more workers than files: the same findings, and a silenced stretch in the middle of
    a long file stays silent."""
    draft = (FIXTURES / "draft.md").read_text(encoding="utf-8")
    numbers = [f"- In {2010 + i % 12}, Mexico deported {1000 + 7 * i:,} people, and {i % 90} percent of "
               f"them were minors travelling alone, the National Migration Institute said in its yearly report."
               for i in range(40)]
    hidden = "\n\n<!-- claimcheck-disable -->\n\nIn 2017, Mexico deported 12,345 people, the INM said.\n\n" \
             "<!-- claimcheck-enable -->\n\n"
    body = "\n".join(numbers[:20]) + hidden + "\n".join(numbers[20:])
    (tmp_path / "big.md").write_text(draft + "\n\n" + body + "\n\n" + draft, encoding="utf-8")
    one = subprocess_run("lint", "--jobs", "1", "--format", "jsonl", "--show", "all", "big.md", cwd=tmp_path)
    two = subprocess_run("lint", "--jobs", "2", "--format", "jsonl", "--show", "all", "big.md", cwd=tmp_path)
    assert one.returncode == two.returncode == 1
    assert one.stderr == two.stderr == ""
    docs = jsonl(one.stdout)
    assert len(docs) >= 40 + 2 * len(DRAFT_MD)
    assert {d["verdict"] for d in docs} >= {"supported", "contradicted"}
    assert "12,345" not in one.stdout
    assert two.stdout == one.stdout


def test_lint_paths_workers_match_one_process(tmp_path):
    """``lint_paths`` over worker processes gives the findings of one process, in the order of the
    paths, with a missing file's error in its place."""
    from claimcheck import lint
    from claimcheck.index import load_table
    from claimcheck.model import FileError

    names = ["draft.md", "page.html", "notes.txt"]
    paths = []
    for i in range(9):
        paths.append(tmp_path / f"{i}-{names[i % 3]}")
        copy_fixture(names[i % 3], paths[-1])
        if i == 5:
            paths.append(tmp_path / "missing-early.md")
    paths.append(tmp_path / "missing.md")
    table = load_table()
    one = list(lint.lint_paths(paths, table, jobs=1))
    two = list(lint.lint_paths(paths, table, jobs=2))
    assert two == one
    assert [path for path, _ in two] == [str(p) for p in paths]
    assert isinstance(one[-1][1], FileError) and one[-1][1].code == "E902" and "missing.md" in one[-1][1].message
    assert isinstance(one[6][1], FileError) and "missing-early.md" in one[6][1].path
    assert sum(len(found) for _, found in one if isinstance(found, list)) == 3 * (
        len(DRAFT_MD) + len(PAGE_HTML) + len(NOTES_TXT))


# --------------------------------------------------------------------------- configuration

def _project(tmp_path: Path, config_name: str, config_text: str) -> Path:
    """``proj/<config>`` and a draft in ``proj/docs/deep/`` (the working directory returned)."""
    (tmp_path / "proj").mkdir()
    (tmp_path / "proj" / config_name).write_text(config_text, encoding="utf-8")
    deep = tmp_path / "proj" / "docs" / "deep"
    deep.mkdir(parents=True)
    (deep / "club.md").write_text(f"# Club\n\n{FOOTBALL}\n", encoding="utf-8")
    return deep


CONFIG = 'format = "concise"\nfail-on = "unverified"\n'


@pytest.mark.parametrize("name, text", [
    ("pyproject.toml", '[project]\nname = "newsroom"\n\n[tool.claimcheck]\n' + CONFIG),
    (".claimcheck.toml", CONFIG),
])
def test_config_is_discovered_upward_and_command_line_wins(claimcheck, tmp_path, name, text):
    cwd = _project(tmp_path, name, text)
    configured = claimcheck("lint", "club.md", cwd=cwd)
    assert (configured.returncode, configured.stderr) == (1, "")   # fail-on = "unverified"
    assert configured.stdout == f"club.md:3:24: unverified: {REASON_FOOTBALL_ALONE}\n"   # format = "concise"

    overridden = claimcheck("lint", "--format", "jsonl", "--fail-on", "contradicted", "club.md", cwd=cwd)
    assert overridden.returncode == 0
    assert located(jsonl(overridden.stdout)) == [(3, 1, 3, 53, "unverified", None, FOOTBALL)]

    ignored = claimcheck("lint", "--no-config", "club.md", cwd=cwd)
    assert ignored.returncode == 0
    assert ignored.stdout.startswith(f"club.md\n  3:24    unverified   {REASON_FOOTBALL_ALONE}  “")
    assert ignored.stdout.endswith("\n1 sentence checked: 0 supported, 0 contradicted, 1 unverified\n")


@pytest.mark.parametrize("name, text, message", [
    ("pyproject.toml", '[tool.claimcheck]\nformat = concise\n', "invalid TOML"),
    (".claimcheck.toml", 'fail-on = "sometimes"\n', "fail-on must be one of 'contradicted', 'unverified'"),
    (".claimcheck.toml", 'formats = "concise"\n', "unknown key 'formats' (did you mean 'format'?)"),
])
def test_broken_config_exits_2_naming_the_file(claimcheck, tmp_path, name, text, message):
    cwd = _project(tmp_path, name, text)
    result = claimcheck("lint", "club.md", cwd=cwd)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"claimcheck: error: {tmp_path / 'proj' / name}: ")
    assert message in result.stderr
    assert claimcheck("lint", "--no-config", "club.md", cwd=cwd).returncode == 0


def test_config_tables_are_relative_to_the_config_file(claimcheck, tmp_path):
    cwd = _project(tmp_path, "pyproject.toml",
                   '[tool.claimcheck]\ntables = ["tables/club.yaml"]\nbundled-table = false\nformat = "jsonl"\n'
                   'show = "all"\n')
    (tmp_path / "proj" / "tables").mkdir()
    (tmp_path / "proj" / "tables" / "club.yaml").write_text(CLUB_TABLE, encoding="utf-8")
    (cwd / "club.md").write_text(f"# Club\n\n{FOOTBALL} {CONTRADICTED}\n", encoding="utf-8")
    result = claimcheck("lint", "club.md", cwd=cwd)
    assert result.returncode == 0, result.stderr
    docs = jsonl(result.stdout)
    assert located(docs) == [
        (3, 1, 3, 53, "supported", CLUB, FOOTBALL),
        # bundled-table = false: the bundled table is not used; the club claim (from the context)
        # counts another measure.
        (3, 55, 3, 93, "unverified", CLUB, CONTRADICTED),
    ]
    assert docs[1]["reasons"] == ["measure: counts people; the claim counts season tickets"]
    # --bundled-table on the command line wins; the configured tables still add to it.
    bundled = claimcheck("lint", "--bundled-table", "club.md", cwd=cwd)
    assert [(d["verdict"], d["claim"]["id"]) for d in jsonl(bundled.stdout)] == [("supported", CLUB),
                                                                                ("contradicted", INM)]
    assert bundled.returncode == 1


# --------------------------------------------------------------------------- pre-commit

def test_pre_commit_hook_definition():
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(hooks, list)
    [hook] = [h for h in hooks if h.get("id") == "claimcheck"]
    assert hook["entry"].split()[:2] == ["claimcheck", "lint"]
    assert hook["language"] == "python"


@pytest.mark.parametrize("args,message", [
    (["--no-config", "--config", "other.toml"], "--config other.toml and --no-config contradict each other; give one"),
    (["--format", "sarif", "--statistics"],
     "--statistics prints a plain count table; it cannot be written as sarif (drop --statistics, or use --format text)"),
    (["--stdin-filename", "notes.md"], "--stdin-filename names standard input; give '-' as the path to lint it"),
])
def test_options_that_contradict_each_other_are_one_error(claimcheck, tmp_path, args, message):
    (tmp_path / "d.md").write_text("The INM deported 95,000 people in 2017.\n", encoding="utf-8")
    done = claimcheck("lint", *args, "d.md")
    assert (done.returncode, done.stdout, done.stderr) == (2, "", f"claimcheck: error: {message}\n")


def test_a_data_file_of_figures_is_one_error_not_gigabytes(claimcheck, tmp_path, monkeypatch):
    from claimcheck import lint

    monkeypatch.setattr(lint, "MAX_FIGURE_SENTENCES", 50)
    rows = ["| " + " | ".join(["95,000"] * 20) + " |"] * 4
    (tmp_path / "data.md").write_text(rows[0] + "\n|" + "---|" * 20 + "\n" + "\n".join(rows[1:]) + "\n", encoding="utf-8")
    (tmp_path / "draft.md").write_text("The INM deported 95,000 people in 2017.\n", encoding="utf-8")
    done = claimcheck("lint", "--no-config", "--format", "concise", "data.md", "draft.md")
    assert done.returncode == 2
    assert "data.md: more than 50 sentences with figures, not checked" in done.stderr
    assert done.stdout.startswith("draft.md:1:18: contradicted")  # the other files are still checked
