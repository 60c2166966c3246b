"""`claimcheck lint` end to end, run as a user runs it: a subprocess of ``python -m claimcheck``.

Fixtures live in tests/fixtures/lint/ and are copied into ``tmp_path`` (the working directory of
every run), so findings name them as a user would see them (``draft.md``) and no configuration from
the repository is picked up.  Every position asserted here was counted by hand in the fixture.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "lint"
SARIF_SCHEMA = Path("/work/shared/schemas/sarif-schema-2.1.0.json")

INM = "inm-deportations-2017"
CLUB = "club-season-tickets-2017"

SUPPORTED_80K = "Mexico deported about 80,000 people in 2017."
CONTRADICTED = "The INM deported 83,053 people in 2017."
FOOTBALL = "The football club sold 80,353 season tickets in 2017."

# The README documents these reasons word for word.
REASON_CONTRADICTED = "number: says 83,053; source says 80,353 (2017)"
REASON_ABOUT_80K = "number: about 80,000 agrees with 80,353 (2017)"
REASON_80353 = "number: 80,353 agrees with 80,353 (2017)"

# (line, column, end_line, end_column, verdict, claim id, sentence text) per fixture, in file order.
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
PAGE_SILENT_LINES = {4, 5, 6, 13, 14, 15, 17, 19}  # title, style, script, pre, code/href, comments, suppressed

NOTES_TXT = [
    (3, 1, 3, 44, "supported", INM, SUPPORTED_80K),
    (3, 46, 3, 84, "contradicted", INM, CONTRADICTED),
    (5, 1, 6, 16, "unverified", None, FOOTBALL),
    (11, 3, 11, 62, "supported", INM, "Indented: the INM deported a total of 80,353 people in 2017."),
]


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("claimcheck-cache")


@pytest.fixture
def claimcheck(tmp_path, cache_dir):
    """``claimcheck(*args, stdin=, cwd=)``: run the CLI in ``tmp_path`` with plain output."""

    def run(*args: str, stdin: bytes | str | None = None, cwd: Path | None = None,
            env: dict | None = None, timeout: float = 120) -> Run:
        full_env = dict(os.environ, NO_COLOR="1", CLAIMCHECK_CACHE_DIR=str(cache_dir))
        for name in ("CLAIMCHECK_TABLE", "CLAIMCHECK_NO_CACHE", "FORCE_COLOR"):
            full_env.pop(name, None)
        full_env.update(env or {})
        if isinstance(stdin, str):
            stdin = stdin.encode("utf-8")
        done = subprocess.run([sys.executable, "-m", "claimcheck", *args], input=stdin if stdin is not None else b"",
                              capture_output=True, cwd=cwd or tmp_path, env=full_env, timeout=timeout)
        return Run(done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8"))

    return run


def copy_fixture(name: str, dest: Path) -> Path:
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(FIXTURES / name, dest)
    return dest


def jsonl(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines()]


def located(docs: list[dict]) -> list[tuple]:
    return [(d["line"], d["column"], d["end_line"], d["end_column"], d["verdict"],
             d["claim"]["id"] if d["claim"] else None, d["text"]) for d in docs]


def unverified_reason(claimcheck, sentence: str) -> str:
    """The engine's first reason for an unverified sentence (its wording is match.py's business)."""
    [doc] = json.loads(claimcheck("check", "--format", "json", sentence).stdout)
    assert doc["verdict"] == "unverified"
    return doc["reasons"][0]


CLUB_TABLE = """\
# yaml-language-server: $schema=claims.schema.json
version: 1
sources:
  club-2018:
    publisher: Club Gazette
    title: "Season ticket sales"
    authors: []
    date: "2018-01-10"
    url: https://example.org/club/2018
claims:
  - id: club-season-tickets-2017
    statement: The football club sold 80,353 season tickets in 2017.
    subject: season tickets
    actor: football club
    keywords: [season tickets, tickets, abonos]
    figures:
      - value: 80353
        unit: count
        period: "2017"
        label: [season tickets, tickets]
    quote: |-
      The club sold 80,353 season tickets in 2017:
      100% of the stadium.
    source: club-2018
"""


# --------------------------------------------------------------------------- the three document kinds

@pytest.mark.parametrize("fixture, expected, silent", [
    ("draft.md", DRAFT_MD, DRAFT_SILENT_LINES),
    ("page.html", PAGE_HTML, PAGE_SILENT_LINES),
    ("notes.txt", NOTES_TXT, set()),
])
def test_exact_findings_and_positions(claimcheck, tmp_path, fixture, expected, silent):
    copy_fixture(fixture, tmp_path / fixture)
    result = claimcheck("lint", "--format", "jsonl", "--show", "all", fixture)
    assert result.returncode == 1, result.stderr  # a contradicted finding is present
    assert result.stderr == ""
    docs = jsonl(result.stdout)
    assert {d["path"] for d in docs} == {fixture}
    assert located(docs) == expected
    for line in silent:
        assert not any(d["line"] <= line <= d["end_line"] for d in docs), f"line {line} must not be checked"
    # Contradicted findings say why, in the README's words.
    for d in docs:
        if d["verdict"] == "contradicted":
            assert d["reasons"] == [REASON_CONTRADICTED]


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
    assert everything.stdout == f"clean.md:7:1: supported: {REASON_ABOUT_80K}\n"


# --------------------------------------------------------------------------- output formats

def test_concise_lines(claimcheck, tmp_path):
    copy_fixture("notes.txt", tmp_path / "notes.txt")
    result = claimcheck("lint", "--format", "concise", "--show", "all", "notes.txt")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"notes.txt:3:1: supported: {REASON_ABOUT_80K}",
        f"notes.txt:3:46: contradicted: {REASON_CONTRADICTED}",
        f"notes.txt:5:1: unverified: {unverified_reason(claimcheck, FOOTBALL)}",
        f"notes.txt:11:3: supported: {REASON_80353}",
    ]


def test_json_document(claimcheck, tmp_path):
    copy_fixture("notes.txt", tmp_path / "notes.txt")
    result = claimcheck("lint", "--format", "json", "--show", "contradicted", "notes.txt")
    assert result.returncode == 1
    doc = json.loads(result.stdout)
    assert list(doc) == ["version", "findings", "summary"]
    assert doc["version"] == 1
    # The summary counts every sentence checked, not only those shown.
    assert doc["summary"] == {"supported": 2, "contradicted": 1, "unverified": 1}
    [finding] = doc["findings"]
    assert list(finding) == ["path", "line", "column", "end_line", "end_column",
                             "text", "verdict", "reasons", "score", "figures", "claim"]
    assert (finding["path"], finding["line"], finding["column"], finding["end_line"], finding["end_column"]) == \
        ("notes.txt", 3, 46, 3, 84)
    assert finding["text"] == CONTRADICTED and finding["verdict"] == "contradicted"
    assert finding["reasons"] == [REASON_CONTRADICTED]
    assert finding["claim"]["id"] == INM
    [figure] = finding["figures"]
    assert (figure["text"], figure["start"], figure["end"], figure["value"]) == ("83,053", 17, 23, 83053)


def test_text_output(claimcheck, tmp_path):
    copy_fixture("notes.txt", tmp_path / "notes.txt")
    result = claimcheck("lint", "notes.txt")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "notes.txt"
    assert f"  3:46  contradicted  {CONTRADICTED}" in lines
    assert f"      {REASON_CONTRADICTED}" in lines
    assert f"  5:1   unverified    {FOOTBALL}" in lines
    assert f"      claim: {INM}" in lines
    assert not any("supported" in line for line in lines[:-1])  # default --show unverified
    assert lines[-2:] == ["", "4 sentences checked: 2 supported, 1 contradicted, 1 unverified"]
    assert "\x1b[" not in result.stdout


def _quote(claimcheck, claim_id: str, *table: str) -> str:
    return json.loads(claimcheck("show", "--format", "json", *table, claim_id).stdout)["quote"]


def test_github_annotations(claimcheck, tmp_path):
    copy_fixture("notes.txt", tmp_path / "dir" / "100%,a:b.md")
    result = claimcheck("lint", "--format", "github", "dir/100%,a:b.md")
    assert result.returncode == 1
    quote = _quote(claimcheck, INM)
    where = "The Intercept, https://theintercept.com/2018/04/05/migrant-caravan-mexico-border-immigration/"
    path = "dir/100%25%2Ca%3Ab.md"
    assert result.stdout.splitlines() == [
        f"::error file={path},line=3,col=46,endLine=3,endColumn=84,title=claimcheck%3A contradicted::"
        f"{REASON_CONTRADICTED} Source: {quote} ({where})",
        f"::warning file={path},line=5,col=1,endLine=6,endColumn=16,title=claimcheck%3A unverified::"
        f"{unverified_reason(claimcheck, FOOTBALL)}",
    ]


def test_github_escapes_newlines_and_percent(claimcheck, tmp_path):
    (tmp_path / "club.yaml").write_text(CLUB_TABLE, encoding="utf-8")
    (tmp_path / "new\nline.txt").write_text(f"{FOOTBALL}\n\nIt sold 79,000 season tickets in 2017.\n",
                                            encoding="utf-8")
    result = claimcheck("lint", "--table", "club.yaml", "--format", "github", "--show", "all", "new\nline.txt")
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2  # one command per finding: newlines never split one
    source = ("Source: The club sold 80,353 season tickets in 2017:%0A100%25 of the stadium. "
              "(Club Gazette, https://example.org/club/2018)")
    assert lines[0] == (f"::notice file=new%0Aline.txt,line=1,col=1,endLine=1,endColumn=53,"
                        f"title=claimcheck%3A supported::{REASON_80353} {source}")
    assert lines[1].startswith("::error file=new%0Aline.txt,line=3,col=1,endLine=3,endColumn=38,"
                               "title=claimcheck%3A contradicted::number: says 79,000; source says 80,353 (2017)")
    assert lines[1].endswith(source)


def test_sarif_validates_and_regions_match_findings(claimcheck, tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"{SARIF_SCHEMA} not present")
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
        region = physical["region"]
        assert (region["startLine"], region["startColumn"]) == (finding["line"], finding["column"])
        assert region["endLine"] == finding["end_line"]
        assert region["endColumn"] == finding["end_column"] + 1  # SARIF's end column is exclusive
        assert region["snippet"]["text"] == finding["text"]
        assert result["ruleId"] == f"claimcheck/{finding['verdict']}"
        assert rules[result["ruleIndex"]] == result["ruleId"]
        assert result["level"] == levels[finding["verdict"]]
        assert result["properties"]["claimId"] == (finding["claim"]["id"] if finding["claim"] else None)
    assert [(r["locations"][0]["physicalLocation"]["region"]["startLine"],
             r["locations"][0]["physicalLocation"]["region"]["startColumn"]) for r in run["results"][:len(DRAFT_MD)]] \
        == [(f[0], f[1]) for f in DRAFT_MD]


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
        [(f[0], f[1]) for f in DRAFT_MD + NOTES_TXT + PAGE_HTML]


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


def test_jobs_give_the_same_findings(claimcheck, tmp_path):
    for i in range(4):
        copy_fixture("draft.md", tmp_path / "docs" / f"d{i}.md")
        copy_fixture("page.html", tmp_path / "docs" / f"p{i}.html")
        copy_fixture("notes.txt", tmp_path / "docs" / "more" / f"n{i}.txt")
    one = claimcheck("lint", "--jobs", "1", "--format", "jsonl", "--show", "all", "docs")
    two = claimcheck("lint", "--jobs", "2", "--format", "jsonl", "--show", "all", "docs")
    assert one.returncode == two.returncode == 1
    assert one.stderr == two.stderr == ""
    assert len(one.stdout.splitlines()) == 4 * (len(DRAFT_MD) + len(PAGE_HTML) + len(NOTES_TXT))
    assert two.stdout == one.stdout


def test_jobs_split_one_large_file_by_sentence_with_the_same_findings(claimcheck, tmp_path):
    """Fewer files than workers: the file's sentence checks are spread over the workers instead."""
    from claimcheck import lint

    draft = (FIXTURES / "draft.md").read_text(encoding="utf-8")
    numbers = [f"- In {2010 + i % 12}, Mexico deported {1000 + 7 * i:,} people, and {i % 90} percent of them were "
               f"minors travelling alone, the National Migration Institute said in its yearly report."
               for i in range(3000)]
    # A silenced stretch in the middle: its sentences reach the workers before the comment that
    # re-enables checking is read, and must still be left out.
    hidden = "\n\n<!-- claimcheck-disable -->\n\nIn 2017, Mexico deported 12,345 people, the INM said.\n\n" \
             "<!-- claimcheck-enable -->\n\n"
    body = "\n".join(numbers[:1500]) + hidden + "\n".join(numbers[1500:])
    (tmp_path / "big.md").write_text(draft + "\n\n" + body + "\n\n" + draft, encoding="utf-8")
    assert (tmp_path / "big.md").stat().st_size > lint.PARALLEL_BYTES  # big enough for workers
    one = claimcheck("lint", "--jobs", "1", "--format", "jsonl", "--show", "all", "big.md")
    two = claimcheck("lint", "--jobs", "2", "--format", "jsonl", "--show", "all", "big.md")
    assert one.returncode == two.returncode == 1
    assert one.stderr == two.stderr == ""
    docs = jsonl(one.stdout)
    assert len(docs) >= max(3000, lint.PARALLEL_SENTENCES + lint.CHUNK)
    assert {d["verdict"] for d in docs} >= {"supported", "contradicted"}
    assert "12,345" not in one.stdout
    assert two.stdout == one.stdout


@pytest.mark.parametrize("files, jobs, known_max", [(1, 2, 65_536), (12, 2, 65_536), (12, 3, 65_536), (12, 2, 1)])
def test_lint_paths_workers_match_one_process(tmp_path, monkeypatch, files, jobs, known_max):
    """Both ways of spreading work (the files split here, for fewer files than twice the jobs, or by
    the workers) give the findings of one process, also when results are forgotten after each file
    (``known_max=1``: a sentence met again is checked again); the size thresholds are lowered so
    that small files take those paths.  A missing file's error stays in its place, even when it
    is split by a worker."""
    from claimcheck import lint
    from claimcheck.match import default_table

    monkeypatch.setattr(lint, "KNOWN_MAX", known_max)
    monkeypatch.setattr(lint, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(lint, "PARALLEL_SENTENCES", 1)
    monkeypatch.setattr(lint, "CHUNK", 3)
    monkeypatch.setattr(lint, "SLICE", 2)
    names = ["draft.md", "page.html", "notes.txt"]
    paths = []
    for i in range(files):
        paths.append(tmp_path / f"{i}-{names[i % 3]}")
        copy_fixture(names[i % 3], paths[-1])
        if i == 5:
            paths.append(tmp_path / "missing-early.md")
    paths.append(tmp_path / "missing.md")
    table = default_table()
    one = list(lint.lint_paths(paths, table, jobs=1))
    two = list(lint.lint_paths(paths, table, jobs=jobs))
    assert two == one
    assert [path for path, _ in two] == [str(p) for p in paths]
    assert isinstance(one[-1][1], str) and "missing.md" in one[-1][0]  # the error, in its place
    assert sum(len(found) for _, found in one[:-1]) >= files * 3


def _shared_split_documents() -> dict[str, str]:
    """Markdown drafts cut into many pieces when ``MARKDOWN_PIECE`` is small: the lint fixture, and
    blocks open across a cut or silencing comments across pieces, among sentences to check."""
    from test_markdown_pieces import DIRECTIVES, OPEN_ACROSS

    filler = "\n\n".join(f"In {2010 + i % 9}, Mexico deported {1000 + 13 * i:,} people, the INM said."
                          for i in range(12))
    docs = {"draft": (FIXTURES / "draft.md").read_text(encoding="utf-8")}
    for name, text in {**OPEN_ACROSS, **DIRECTIVES}.items():
        docs[name] = f"{filler}\n\n{text}\n\n{filler}\n\n{text}"
    return docs


def _calls_of(monkeypatch, module, name) -> list:
    calls = []
    original = getattr(module, name)

    def counted(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


@pytest.mark.parametrize("jobs", [2, 3])
def test_one_long_markdown_file_split_by_workers_too(tmp_path, monkeypatch, jobs):
    """A long Markdown file linted with workers is split by them as well as here, a run of its
    pieces each (``lint._split_shared``): the findings are those of one process, for blocks that
    stay open across a cut (the rest is split again here) and for silencing comments across the
    runs."""
    from claimcheck import documents, lint
    from claimcheck.match import default_table

    monkeypatch.setattr(lint, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(lint, "PARALLEL_SENTENCES", 1)
    monkeypatch.setattr(lint, "CHUNK", 3)
    monkeypatch.setattr(lint, "SLICE", 2)
    monkeypatch.setattr(documents, "MARKDOWN_PIECE", 40)
    shared = _calls_of(monkeypatch, lint, "_split_shared")
    table = default_table()
    docs = _shared_split_documents()
    cut = []
    for name, text in docs.items():
        path = tmp_path / f"{name}.md"
        path.write_text(text, encoding="utf-8")
        one = list(lint.lint_paths([path], table, jobs=1))
        several = list(lint.lint_paths([path], table, jobs=jobs))
        assert several == one, name
        assert one[0][1], name  # something to compare (or the file's error, for the one with a NUL)
        if isinstance(one[0][1], list) and len(documents.markdown_cuts(documents.read_text(str(path)))) > 1:
            cut.append(name)
    # Every file that has places to cut took the shared split (a link reference definition, "[r]:",
    # keeps a document whole).
    assert len(shared) == len(cut) >= len(docs) - 3


def _draft_for_workers(tmp_path, monkeypatch, chunk: int, piece: int, copies: int = 1):
    """The lint fixture (``copies`` times) with thresholds so low that workers split and check it:
    ``(claimcheck.lint, the bundled table, the file)``."""
    from claimcheck import documents, lint
    from claimcheck.match import default_table

    monkeypatch.setattr(lint, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(lint, "PARALLEL_SENTENCES", 1)
    monkeypatch.setattr(lint, "CHUNK", chunk)
    monkeypatch.setattr(documents, "MARKDOWN_PIECE", piece)
    path = tmp_path / "draft.md"
    path.write_text(_shared_split_documents()["draft"] * copies, encoding="utf-8")
    return lint, default_table(), path


def _pieces_fail(args):
    raise MemoryError("a worker that cannot split its run")


def test_a_run_of_pieces_a_worker_fails_to_split_is_split_here(tmp_path, monkeypatch):
    """A worker that fails on its run of pieces (out of memory, say): the run is split here, and
    the findings are still those of one process."""
    lint, table, path = _draft_for_workers(tmp_path, monkeypatch, chunk=3, piece=40)
    one = list(lint.lint_paths([path], table, jobs=1))
    monkeypatch.setattr(lint, "_pieces_in_worker", _pieces_fail)
    shared = _calls_of(monkeypatch, lint, "_split_shared")
    assert list(lint.lint_paths([path], table, jobs=2)) == one
    assert shared and one[0][1]


class _SlowPool:
    """Stands for the process pool: a chunk is checked (here) once it has been looked at three
    times, as if a worker took a while; records each chunk's size."""

    def __init__(self, table):
        self.table, self.sizes = table, []

    def submit(self, fn, chunk):
        from concurrent.futures import Future

        from claimcheck.match import check_all

        table = self.table

        class Slow(Future):
            looks = 0

            def done(self):
                self.looks += 1
                if self.looks >= 3 and not super().done():
                    self.finish()
                return super().done()

            def finish(self):
                if not super().done():
                    self.set_result(check_all(chunk, table))

        self.sizes.append(len(chunk))
        return Slow()

    def shutdown(self, **_):
        pass


def test_once_a_file_is_split_what_is_left_goes_out_in_smaller_parts(monkeypatch):
    """After ``wait_for`` has a whole file, chunks go to the workers in parts that shrink (a share of
    what is left), so that nobody waits at the end for a full chunk; every sentence is checked once
    and gets its own result."""
    import concurrent.futures

    from claimcheck import lint
    from claimcheck.match import check_all, default_table
    from claimcheck.model import Segment

    def wait(futures, **_):  # a wait ends when the futures are done
        for future in futures:
            future.finish()

    monkeypatch.setattr(concurrent.futures, "wait", wait)
    table = default_table()
    texts = [f"In {2000 + i % 20}, Mexico deported {1000 + i:,} people." for i in range(3000)]
    spread = lint._Spread(table, jobs=2)
    spread.pool = pool = _SlowPool(table)
    spread.interval = 0.005
    segments = [Segment(text, i + 1, 1, i + 1, len(text)) for i, text in enumerate(texts)]
    for segment in segments:  # while the file is split: full chunks, two at a time
        spread.add(segment)
    assert pool.sizes[:2] == [lint.CHUNK, lint.CHUNK] and set(pool.sizes) == {lint.CHUNK}
    before = len(pool.sizes)
    known = spread.wait_for(segments)
    assert [known[t] for t in texts] == check_all(texts, table)
    parts = pool.sizes[before:]
    assert len(parts) >= 3 and parts == sorted(parts, reverse=True) and parts[0] < lint.CHUNK
    assert sum(pool.sizes) < len(texts)  # nothing sent twice; the rest was checked here


def test_prepare_sees_the_results_while_workers_check_and_nothing_changes(tmp_path, monkeypatch):
    """``lint_paths(prepare=...)``: with workers, this process hands results to ``prepare`` between
    its own checks and instead of waiting; the findings are those of one process, and every result
    prepare sees is one of them.  With one process it is never called."""
    lint, table, path = _draft_for_workers(tmp_path, monkeypatch, chunk=5, piece=200, copies=3)
    seen = []
    one = list(lint.lint_paths([path], table, jobs=1, prepare=seen.append))
    assert seen == []
    two = list(lint.lint_paths([path], table, jobs=2, prepare=seen.append))
    assert two == one
    # What prepare sees are the checks' own results (some may be of sentences a silencing comment
    # later drops), each once, and they include findings' results.
    from claimcheck.match import check_all

    assert seen and seen == check_all([r.text for r in seen], table)
    assert len({r.text for r in seen}) == len(seen)
    assert {r.text for r in seen} & {f.result.text for f in one[0][1]}


def test_pieces_are_grouped_in_order_and_evenly():
    from claimcheck.lint import _groups

    assert _groups(list(range(7)), 2) == [[0, 1, 2, 3], [4, 5, 6]]
    assert _groups(list(range(7)), 3) == [[0, 1, 2], [3, 4], [5, 6]]
    assert _groups([1, 2], 5) == [[1], [2]]
    assert _groups([], 3) == [[]]


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
    reason = unverified_reason(claimcheck, FOOTBALL)
    configured = claimcheck("lint", "club.md", cwd=cwd)
    assert (configured.returncode, configured.stderr) == (1, "")   # fail-on = "unverified"
    assert configured.stdout == f"club.md:3:1: unverified: {reason}\n"   # format = "concise"

    overridden = claimcheck("lint", "--format", "jsonl", "--fail-on", "contradicted", "club.md", cwd=cwd)
    assert overridden.returncode == 0
    assert located(jsonl(overridden.stdout)) == [(3, 1, 3, 53, "unverified", None, FOOTBALL)]

    ignored = claimcheck("lint", "--no-config", "club.md", cwd=cwd)
    assert ignored.returncode == 0
    assert ignored.stdout.startswith("club.md\n  3:1  unverified  ")
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
                   '[tool.claimcheck]\ntables = ["tables/club.yaml"]\nformat = "jsonl"\nshow = "all"\n')
    (tmp_path / "proj" / "tables").mkdir()
    (tmp_path / "proj" / "tables" / "club.yaml").write_text(CLUB_TABLE, encoding="utf-8")
    (cwd / "club.md").write_text(f"# Club\n\n{FOOTBALL} {CONTRADICTED}\n", encoding="utf-8")
    result = claimcheck("lint", "club.md", cwd=cwd)
    assert result.returncode == 0, result.stderr
    assert located(jsonl(result.stdout)) == [
        (3, 1, 3, 53, "supported", CLUB, FOOTBALL),
        (3, 55, 3, 93, "unverified", None, CONTRADICTED),   # the bundled table is not used
    ]
    # --table on the command line wins over the configured tables.
    bundled = claimcheck("lint", "--table", str(ROOT / "data" / "claims.yaml"), "club.md", cwd=cwd)
    assert [d["verdict"] for d in jsonl(bundled.stdout)] == ["unverified", "contradicted"]


# --------------------------------------------------------------------------- pre-commit

def test_pre_commit_hook_definition():
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(hooks, list)
    [hook] = [h for h in hooks if h.get("id") == "claimcheck"]
    assert hook["entry"] == "claimcheck lint"
    assert hook["language"] == "python"


def _one_result_short(sentences):
    """A worker's answer that does not match its chunk (one result missing)."""
    from claimcheck import match

    table, top = match._worker_state
    return match.check_all(sentences, table, top)[:-1]


def _lint_with_workers(tmp_path, monkeypatch):
    from claimcheck import lint

    monkeypatch.setattr(lint, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(lint, "PARALLEL_SENTENCES", 1)
    monkeypatch.setattr(lint, "CHUNK", 3)
    monkeypatch.setattr(lint, "SLICE", 2)
    paths = []
    for i in range(6):
        paths.append(tmp_path / f"{i}-draft.md")
        copy_fixture("draft.md", paths[-1])
    return lint, paths


@pytest.mark.parametrize("files", [1, 6])
def test_lint_heals_a_chunk_that_was_never_checked(tmp_path, monkeypatch, files):
    """Sentences that lost their chunk (never sent, never checked) are checked by claimcheck's own
    process once nothing else is left, instead of failing the lint: same findings as one process."""
    from claimcheck.match import default_table

    lint, paths = _lint_with_workers(tmp_path, monkeypatch)
    paths = paths[:files]
    table = default_table()
    one = list(lint.lint_paths(paths, table, jobs=1))
    real = lint._Spread._close_chunk
    lost = []

    def close_chunk(self):
        if not lost:
            lost.append(self.chunk)  # dropped: neither sent nor checked
            self.chunk = []
            return
        real(self)

    monkeypatch.setattr(lint._Spread, "_close_chunk", close_chunk)
    two = list(lint.lint_paths(paths, table, jobs=2))
    assert lost and two == one


def test_lint_checks_again_a_chunk_whose_answer_does_not_match(tmp_path, monkeypatch):
    from claimcheck import match
    from claimcheck.match import default_table

    lint, paths = _lint_with_workers(tmp_path, monkeypatch)
    paths = paths[:1]  # split here, its chunks sent to the worker
    table = default_table()
    one = list(lint.lint_paths(paths, table, jobs=1))
    monkeypatch.setattr(match, "check_chunk", _one_result_short)
    _one_result_short.__module__ = "claimcheck.match"  # pickled by reference, found in the worker
    _one_result_short.__qualname__ = "check_chunk"
    two = list(lint.lint_paths(paths, table, jobs=2))
    assert two == one
