"""The workflow a user runs, end to end: ``python -m claimcheck ...`` in a subprocess whose working
directory is a temporary folder (so no configuration from the repository is picked up).

The draft ``tests/fixtures/lint/workflow.md`` holds a supported, a contradicted and an unverified
sentence, and suppression comments; every position asserted below is the line and column of the
figure that decided, counted by hand in the fixture.
"""

from __future__ import annotations

import json
import os
import re
import select
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import Run, clean_env, club_table, run_process

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "lint"
BUNDLED = ROOT / "data" / "claims.yaml"

INM = "inm-deportations-2017"
ASYLUM = "mexico-asylum-requests-2016"
CLUB = "club-season-tickets-2017"

SUPPORTED = "Mexico deported about 80,000 people in 2017"
CONTRADICTED = "The INM deported 83,053 people in 2017."
UNVERIFIED = "The football club sold 80,353 season tickets in 2017."
INTERCEPT_URL = "https://theintercept.com/2018/04/05/migrant-caravan-mexico-border-immigration/"

# workflow.md, every sentence checked: (line, column of the deciding figure, verdict, claim id).
WORKFLOW = [
    (7, 17, "supported", INM),          # "about 80,000"
    (9, 18, "contradicted", INM),       # "83,053", first sentence of the line
    (9, 64, "unverified", None),        # "80,353", second sentence of the same line
    (11, 10, "contradicted", ASYLUM),   # "18.796" (Spanish thousands separator)
    (17, 18, "contradicted", INM),      # disable-next-line names another claim (and an id after "--" is the reason)
    (22, 10, "contradicted", ASYLUM),   # inside a disable block that names only the INM claim
    (29, 18, "contradicted", INM),      # after every block is closed
]
REPORTED = [f for f in WORKFLOW if f[2] != "supported"]  # the default --show
SILENCED_LINES = {14, 20, 26}

CLUB_TABLE = club_table()


def cc(*args: str, cwd: Path, stdin: str | bytes | None = None, env: dict | None = None,
       timeout: float = 60) -> Run:
    """Run ``python -m claimcheck ARGS`` in ``cwd``; text in and out as UTF-8."""
    return run_process(*args, cwd=cwd, stdin=stdin, env=env, timeout=timeout)


def cc_all(*calls: tuple) -> list[Run]:
    """Independent runs at once: each call is ``(args, kwargs)`` for ``cc``; the runs in order."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=3) as pool:
        return list(pool.map(lambda call: cc(*call[0], **call[1]), calls))


def assert_error(run: Run, *needles: str) -> None:
    """Exit 2, and exactly one line on stderr: ``claimcheck: error: ...`` holding every needle."""
    assert run.returncode == 2, (run.returncode, run.stdout, run.stderr)
    assert "Traceback" not in run.stderr
    assert run.stderr.count("\n") == 1 and run.stderr.startswith("claimcheck: error: "), run.stderr
    for needle in needles:
        assert needle in run.stderr, (needle, run.stderr)


_CONCISE_RE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<verdict>supported|contradicted|unverified"
                         r"|error): (?P<message>.*?)(?: \[(?P<id>[a-z0-9-]+)\])?$")


def concise(stdout: str) -> list[tuple]:
    """``path:line:col: verdict: message [id]`` lines as ``(path, line, col, verdict, id)``."""
    out = []
    for line in stdout.splitlines():
        m = _CONCISE_RE.match(line)
        assert m, f"not a concise line: {line!r}"
        out.append((m["path"], int(m["line"]), int(m["col"]), m["verdict"], m["id"]))
    return out


def at(path: str, findings) -> list[tuple]:
    return [(path, *f) for f in findings]


def jsonl(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines()]


def figure_positions(docs: list[dict]) -> list[tuple]:
    """Lint findings (JSON) as ``(line, column of the figure, verdict, claim id)``."""
    return [(d["figure_at"]["line"], d["figure_at"]["column"], d["verdict"], d["claim"]["id"] if d["claim"] else None)
            for d in docs]


@pytest.fixture
def draft(tmp_path) -> Path:
    """workflow.md copied into the working directory."""
    shutil.copyfile(FIXTURES / "workflow.md", tmp_path / "workflow.md")
    return tmp_path / "workflow.md"


@pytest.fixture(scope="module")
def linted(tmp_path_factory) -> dict[str, Run]:
    """Runs over workflow.md that several tests only read, made once, at once."""
    cwd = tmp_path_factory.mktemp("linted")
    shutil.copyfile(FIXTURES / "workflow.md", cwd / "workflow.md")
    runs = {
        "all": ["--format", "concise", "--show", "all"],
        "text": ["--color", "never"],
        "quiet": ["--quiet", "--color", "never"],
        "json": ["--format", "json"],
        "jsonl": ["--format", "jsonl"],
        "github": ["--format", "github"],
        "sarif": ["--format", "sarif"],
        "statistics": ["--statistics", "--show", "all"],
        "statistics-contradicted": ["--statistics", "--show", "contradicted"],
    }
    done = cc_all(*[(["lint", *args, "workflow.md"], {"cwd": cwd}) for args in runs.values()])
    return dict(zip(runs, done))


# =========================================================================== check

def test_check_one_sentence_prints_verdict_quote_source_and_claim(tmp_path):
    done = cc("check", SUPPORTED, cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    lines = done.stdout.splitlines()
    assert lines[0] == f"supported: {SUPPORTED}"
    assert "  number: about 80,000 agrees with 80,353 (2017)" in lines
    assert "  quote: “According to official Mexican government statistics" in done.stdout
    assert INTERCEPT_URL in done.stdout.replace("\n  ", " ")
    assert f"  claim: {INM}" in lines
    assert "\x1b[" not in done.stdout


def test_check_several_sentences_in_order_with_the_worst_exit_status(tmp_path):
    done = cc("check", "--color", "never", SUPPORTED, CONTRADICTED, UNVERIFIED, cwd=tmp_path)
    assert done.returncode == 1 and done.stderr == ""
    heads = [line for line in done.stdout.splitlines() if line and not line.startswith(" ")]
    assert heads == [f"supported: {SUPPORTED}", f"contradicted: {CONTRADICTED}", f"unverified: {UNVERIFIED}"]
    assert "  number: says 83,053; source says 80,353 (2017)" in done.stdout.splitlines()
    assert "  fix: source says 80,353" in done.stdout.splitlines()


STDIN_LINES = [f"{SUPPORTED}.", "", "The library lent 8,796 books in 2016.",
               "En 2016, 18.796 refugiados solicitaron asilo en México."]


@pytest.mark.parametrize("dash", [["-"], []])
def test_check_stdin_pipe_one_sentence_per_line(tmp_path, dash):
    done = cc("check", "--format", "jsonl", *dash, stdin="\n".join(STDIN_LINES) + "\n", cwd=tmp_path)
    assert done.returncode == 1 and done.stderr == ""
    docs = jsonl(done.stdout)
    assert [d["text"] for d in docs] == STDIN_LINES  # an empty line is answered too: order is kept
    assert [d["verdict"] for d in docs] == ["supported", "unverified", "unverified", "contradicted"]
    assert [d["claim"]["id"] if d["claim"] else None for d in docs] == [INM, None, None, ASYLUM]
    assert docs[3]["reasons"] == ["number: says 18.796; source says 8,796 (2016)"]


def test_check_stdin_from_a_file_with_crlf_lines(tmp_path):
    (tmp_path / "sentences.txt").write_bytes(f"{CONTRADICTED}\r\n{SUPPORTED}\r\n".encode())
    with open(tmp_path / "sentences.txt", "rb") as handle:
        done = subprocess.run([sys.executable, "-m", "claimcheck", "check", "--format", "jsonl", "-"], stdin=handle,
                              capture_output=True, cwd=tmp_path, env=clean_env(), timeout=60, text=True)
    assert done.returncode == 1, done.stderr
    assert [(d["text"], d["verdict"]) for d in jsonl(done.stdout)] == [(CONTRADICTED, "contradicted"),
                                                                      (SUPPORTED, "supported")]


def test_check_json_and_jsonl_have_the_stable_keys(tmp_path):
    sentence = "The INM deported 90,353 people in 2017."
    as_json, as_jsonl = cc_all((["check", "--format", "json", sentence, UNVERIFIED], {"cwd": tmp_path}),
                               (["check", "--format", "jsonl", sentence, UNVERIFIED], {"cwd": tmp_path}))
    assert as_json.returncode == as_jsonl.returncode == 1
    docs = json.loads(as_json.stdout)
    assert jsonl(as_jsonl.stdout) == docs and len(as_jsonl.stdout.splitlines()) == 2
    contradicted, unverified = docs
    assert list(contradicted) == ["text", "verdict", "reasons", "score", "figures", "claim"]
    assert contradicted["verdict"] == "contradicted"
    assert contradicted["reasons"] == ["number: says 90,353; source says 80,353 (2017)"]
    [figure] = contradicted["figures"]
    assert list(figure) == ["text", "start", "end", "value", "high", "unit", "per", "hedge", "period",
                            "direction", "verdict", "reasons", "claim_id", "slot"]
    assert (figure["text"], figure["start"], figure["end"], figure["value"], figure["period"], figure["claim_id"]) \
        == ("90,353", 17, 23, 90353, "2017", INM)
    claim = contradicted["claim"]
    assert list(claim) == ["id", "statement", "quote", "figures", "source"]
    assert claim["id"] == INM and claim["source"]["url"] == INTERCEPT_URL
    assert list(claim["source"]) == ["publisher", "title", "authors", "date", "url", "cites"]
    assert (unverified["verdict"], unverified["claim"]) == ("unverified", None)


def test_check_exit_status_follows_fail_on(tmp_path):
    runs = cc_all(*[(["check", "--format", "jsonl", *args], {"cwd": tmp_path}) for args in (
        [SUPPORTED, UNVERIFIED],                      # unverified is below the default --fail-on
        ["--fail-on", "unverified", SUPPORTED, UNVERIFIED],
        ["--fail-on", "unverified", CONTRADICTED],    # unverified includes contradicted
    )])
    assert [r.returncode for r in runs] == [0, 1, 1], [r.stderr for r in runs]
    assert all(r.stderr == "" for r in runs)
    assert [len(r.stdout.splitlines()) for r in runs] == [2, 2, 1]


class _Answers:
    """Lines of a child's stdout, each awaited at most ``timeout`` seconds (reads the descriptor
    itself, so no answer can sit unseen in a Python buffer)."""

    def __init__(self, stream, timeout: float = 30):
        self.fd, self.timeout, self.pending = stream.fileno(), timeout, b""

    def line(self) -> str:
        while b"\n" not in self.pending:
            ready, _, _ = select.select([self.fd], [], [], self.timeout)
            assert ready, "no answer while standard input is still open (waiting for EOF?)"
            chunk = os.read(self.fd, 1 << 16)
            assert chunk, "the output ended while standard input is still open"
            self.pending += chunk
        line, _, self.pending = self.pending.partition(b"\n")
        return line.decode("utf-8")


@pytest.mark.skipif(os.name == "nt", reason="select() on pipes is POSIX-only")
@pytest.mark.parametrize("jobs", [[], ["--jobs", "2"]])
def test_check_jsonl_co_process_gets_each_answer_before_stdin_closes(tmp_path, jobs):
    proc = subprocess.Popen([sys.executable, "-m", "claimcheck", "check", "--format", "jsonl", *jobs, "-"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path,
                            env=clean_env())
    answers = _Answers(proc.stdout)
    try:
        for sentence, verdict in [(SUPPORTED, "supported"), (CONTRADICTED, "contradicted")]:
            proc.stdin.write(sentence.encode() + b"\n")
            proc.stdin.flush()
            doc = json.loads(answers.line())
            assert (doc["text"], doc["verdict"]) == (sentence, verdict)
        proc.stdin.close()
        assert proc.wait(timeout=30) == 1
        assert proc.stdout.read() == b"" and proc.stderr.read() == b""
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()


# =========================================================================== lint

def test_lint_markdown_draft_default_text_report(linted):
    done = linted["text"]
    assert done.returncode == 1 and done.stderr == ""
    lines = done.stdout.splitlines()
    assert lines[0] == "workflow.md"
    positions = [line.split()[0] for line in lines if re.match(r"^  \d+:\d+ ", line)]
    assert positions == [f"{line}:{col}" for line, col, _, _ in REPORTED]
    assert any(re.match(r"^  9:18 +contradicted +number: says 83,053; source says 80,353 \(2017\) \[1\]$", line)
               for line in lines)
    assert any(re.match(r"^  9:64 +unverified +80,353: ", line) for line in lines)
    assert "fix: source says 80,353" in done.stdout and f"({INM})" in done.stdout
    assert "7:17" not in done.stdout  # supported: not shown by default
    assert lines[-1] == "7 sentences checked: 1 supported, 5 contradicted, 1 unverified"
    assert "\x1b[" not in done.stdout


def test_lint_positions_and_verdicts_of_every_sentence(linted):
    done = linted["all"]
    assert done.returncode == 1 and done.stderr == ""
    assert concise(done.stdout) == at("workflow.md", WORKFLOW)
    lines = done.stdout.splitlines()
    assert lines[0] == f"workflow.md:7:17: supported: number: about 80,000 agrees with 80,353 (2017) [{INM}]"
    assert lines[1] == f"workflow.md:9:18: contradicted: number: says 83,053; source says 80,353 (2017) [{INM}]"


def test_lint_suppression_comments(linted):
    reported = {line for _, line, _, _, _ in concise(linted["all"].stdout)}
    assert not reported & SILENCED_LINES
    # A comment naming another claim (an id after "--" is only its reason), a block naming another
    # claim, or a block that was closed silences nothing.
    assert {17, 22, 29} <= reported
    for figure in ("84,000", "86,000", "87,000"):
        assert figure not in linted["all"].stdout


def _positions_in(fmt: str, stdout: str) -> list[tuple]:
    if fmt == "json":
        doc = json.loads(stdout)
        assert list(doc) == ["version", "findings", "errors", "summary"]
        assert doc["summary"] == {"supported": 1, "contradicted": 5, "unverified": 1}
        return figure_positions(doc["findings"])
    if fmt == "jsonl":
        return figure_positions(jsonl(stdout))
    if fmt == "github":
        out = []
        for line in stdout.splitlines()[:-1]:
            m = re.match(r"^::(error|warning|notice) file=workflow\.md,line=(\d+),col=(\d+),endLine=\d+,endColumn=\d+,"
                         r"title=claimcheck%3A (\w+)(?: \(([a-z0-9-]+)\))?::", line)
            assert m, line
            assert m[1] == {"contradicted": "error", "unverified": "warning"}[m[4]]
            out.append((int(m[2]), int(m[3]), m[4], m[5]))
        assert stdout.splitlines()[-1] == "7 sentences checked: 1 supported, 5 contradicted, 1 unverified"
        return out
    assert fmt == "sarif"
    log = json.loads(stdout)
    assert log["version"] == "2.1.0"
    out = []
    for result in log["runs"][0]["results"]:
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == "workflow.md"
        assert result["ruleId"] == f"claimcheck/{result['properties']['verdict']}"
        out.append((location["region"]["startLine"], location["region"]["startColumn"],
                    result["properties"]["verdict"], result["properties"]["claimId"]))
    return out


@pytest.mark.parametrize("fmt", ["json", "jsonl", "github", "sarif"])
def test_lint_formats_give_positions_verdicts_and_ids(linted, fmt):
    done = linted[fmt]
    assert done.returncode == 1 and done.stderr == ""
    assert _positions_in(fmt, done.stdout) == REPORTED


def test_lint_fail_on_unverified(tmp_path):
    (tmp_path / "club.md").write_text(f"# Club\n\nSales were good. {UNVERIFIED}\n", encoding="utf-8")
    default, strict = cc_all((["lint", "--format", "concise", "club.md"], {"cwd": tmp_path}),
                             (["lint", "--format", "concise", "--fail-on", "unverified", "club.md"], {"cwd": tmp_path}))
    assert (default.returncode, strict.returncode) == (0, 1)
    assert strict.stdout == default.stdout
    assert concise(strict.stdout) == [("club.md", 3, 41, "unverified", None)]


def test_lint_exit_zero(draft):
    done = cc("lint", "--format", "concise", "--exit-zero", "workflow.md", cwd=draft.parent)
    assert (done.returncode, done.stderr) == (0, "")
    assert concise(done.stdout) == at("workflow.md", REPORTED)


def test_lint_quiet_prints_only_the_findings(linted):
    done = linted["quiet"]
    assert done.returncode == 1 and done.stderr == ""
    assert "sentences checked" not in done.stdout
    assert [line.split()[0] for line in done.stdout.splitlines() if re.match(r"^  \d+:\d+ ", line)] == \
        [f"{line}:{col}" for line, col, _, _ in REPORTED]


def test_lint_quiet_keeps_no_dangling_source_references(linted):
    done = linted["quiet"]
    cited = set(re.findall(r"\[(\d+)\]$", done.stdout, re.MULTILINE))
    listed = set(re.findall(r"^  \[(\d+)\] ", done.stdout, re.MULTILINE))
    assert cited and cited == listed


def test_lint_text_lists_each_source_once(linted):
    sources = re.findall(r"^  \[\d+\] (.*)$", linted["text"].stdout, re.MULTILINE)
    assert sources and len(sources) == len(set(sources))


def test_lint_output_file(draft, linted):
    done = cc("lint", "--format", "concise", "--show", "all", "-o", "report.txt", "workflow.md", cwd=draft.parent)
    assert (done.returncode, done.stdout, done.stderr) == (1, "", "")
    assert (draft.parent / "report.txt").read_text(encoding="utf-8") == linted["all"].stdout


STATISTICS = [f"3  contradicted  {INM}", f"2  contradicted  {ASYLUM}", "1  unverified    -",
              f"1  supported     {INM}"]


def test_lint_statistics(linted):
    done = linted["statistics"]
    assert done.returncode == 1 and done.stderr == ""
    assert done.stdout.splitlines() == STATISTICS


def test_lint_statistics_counts_what_show_reports(linted):
    assert linted["statistics-contradicted"].stdout.splitlines() == STATISTICS[:2]


SELECTIONS = [
    (["--select", INM, "--show", "all"], [f for f in WORKFLOW if f[3] == INM], 1),
    (["--ignore", ASYLUM, "--ignore", INM], [f for f in REPORTED if f[3] is None], 0),
    (["--select", "unverified", "--fail-on", "unverified"], [f for f in REPORTED if f[2] == "unverified"], 1),
    (["--select", "contradicted", "--ignore", INM], [f for f in REPORTED if f[3] == ASYLUM], 1),
]


def test_lint_select_and_ignore_by_claim_id_and_verdict(draft):
    runs = cc_all(*[(["lint", "--format", "concise", *args, "workflow.md"], {"cwd": draft.parent})
                    for args, _, _ in SELECTIONS])
    for (args, expected, status), done in zip(SELECTIONS, runs):
        assert (done.returncode, done.stderr) == (status, ""), args
        assert concise(done.stdout) == at("workflow.md", expected), args


def test_lint_baseline_reports_only_new_findings(draft):
    cwd = draft.parent
    written = cc("lint", "--write-baseline", "baseline.json", "workflow.md", cwd=cwd)
    assert (written.returncode, written.stdout) == (0, "")
    assert written.stderr == f"claimcheck: wrote {len(REPORTED)} findings to baseline.json\n"
    baseline = json.loads((cwd / "baseline.json").read_text(encoding="utf-8"))
    assert baseline["version"] == 1
    assert sorted(e["claim"] or "" for e in baseline["findings"]) == sorted(f[3] or "" for f in REPORTED)

    same = cc("lint", "--format", "concise", "--baseline", "baseline.json", "workflow.md", cwd=cwd)
    assert (same.returncode, same.stdout, same.stderr) == (0, "", "")

    # Lines moved (text added above them) do not bring the old findings back; a changed sentence
    # and a new one are reported.
    text = draft.read_text(encoding="utf-8")
    text = text.replace("# Deportations in Mexico\n", "# Deportations in Mexico\n\nAn introduction.\n\n"
                        "The INM deported 99,000 people in 2017.\n\n")
    draft.write_text(text.replace("88,000", "88,500"), encoding="utf-8")
    moved = cc("lint", "--format", "concise", "--baseline", "baseline.json", "workflow.md", cwd=cwd)
    assert moved.returncode == 1
    assert concise(moved.stdout) == [("workflow.md", 9, 18, "contradicted", INM),
                                     ("workflow.md", 34, 18, "contradicted", INM)]
    assert "99,000" in moved.stdout and "88,500" in moved.stdout


def test_a_baseline_counts_copies_of_a_sentence(tmp_path):
    (tmp_path / "dup.md").write_text("The INM deported 95,000 people in 2017.\n", encoding="utf-8")
    assert cc("lint", "--no-config", "dup.md", "--write-baseline", "b.json", cwd=tmp_path).returncode == 0
    [entry] = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))["findings"]
    assert entry["count"] == 1
    (tmp_path / "dup.md").write_text("The INM deported 95,000 people in 2017.\n\n" * 3, encoding="utf-8")
    again = cc("lint", "--no-config", "--format", "concise", "dup.md", "--baseline", "b.json", cwd=tmp_path)
    assert again.returncode == 1
    assert [line.split(": ")[0] for line in again.stdout.splitlines()] == ["dup.md:3:18", "dup.md:5:18"]


def test_an_empty_diff_revision_is_an_error(draft):
    done = cc("lint", "--diff", "", "workflow.md", cwd=draft.parent)
    assert done.returncode == 2 and "--diff '': give a git revision" in done.stderr


def test_lint_write_baseline_error_names_the_baseline(draft):
    done = cc("lint", "--write-baseline", "missing/b.json", "workflow.md", cwd=draft.parent)
    assert_error(done, "missing/b.json")
    assert ".tmp" not in done.stderr


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false",
                    "-c", "core.hooksPath=/dev/null", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_lint_diff_reports_only_changed_lines(draft):
    cwd = draft.parent
    _git(cwd, "init", "-q", ".")
    _git(cwd, "add", "workflow.md")
    _git(cwd, "commit", "-q", "-m", "draft")
    clean = cc("lint", "--format", "concise", "--diff", "HEAD", "workflow.md", cwd=cwd)
    assert (clean.returncode, clean.stdout, clean.stderr) == (0, "", "")  # nothing changed: nothing fails

    draft.write_text(draft.read_text(encoding="utf-8").replace("88,000", "89,000"), encoding="utf-8")
    (cwd / "sub").mkdir()
    (cwd / "sub" / "new.md").write_text(f"{UNVERIFIED}\n\n{CONTRADICTED}\n", encoding="utf-8")  # untracked: all new
    changed, below, bad = cc_all(
        (["lint", "--format", "concise", "--diff", "HEAD", "."], {"cwd": cwd}),
        (["lint", "--format", "concise", "--diff", "HEAD", "../workflow.md"], {"cwd": cwd / "sub"}),
        (["lint", "--diff", "no-such-ref", "workflow.md"], {"cwd": cwd}))
    assert changed.returncode == 1, changed.stderr
    assert concise(changed.stdout) == [("sub/new.md", 1, 24, "unverified", None),
                                       ("sub/new.md", 3, 18, "contradicted", INM),
                                       ("workflow.md", 29, 18, "contradicted", INM)]
    # From a subfolder, the diff is still the checkout's.
    assert concise(below.stdout) == [("../workflow.md", 29, 18, "contradicted", INM)]
    assert_error(bad, "--diff no-such-ref", "no such git revision")


def _project(root: Path, config_name: str, config_text: str) -> Path:
    """proj/<config>, drafts inside and outside its include globs; the project folder returned."""
    proj = root / "proj"
    (proj / "drafts" / "deep").mkdir(parents=True)
    (proj / "drafts" / "archive").mkdir()
    (proj / "other").mkdir()
    (proj / config_name).write_text(config_text, encoding="utf-8")
    for name in ("drafts/a.md", "drafts/deep/b.md", "drafts/archive/old.md", "drafts/c.txt", "other/o.md"):
        (proj / name).write_text(f"# Draft\n\n{CONTRADICTED}\n", encoding="utf-8")
    return proj


INCLUDE = 'include = ["drafts/**/*.md"]\nexclude = ["drafts/archive/**"]\nformat = "concise"\n'


def test_lint_without_paths_uses_the_configuration_include_globs(tmp_path):
    proj = _project(tmp_path, ".claimcheck.toml", INCLUDE)
    top, deep, archive = cc_all((["lint"], {"cwd": proj}), (["lint"], {"cwd": proj / "drafts" / "deep"}),
                                (["lint", "drafts/archive"], {"cwd": proj}))
    assert top.returncode == 1, top.stderr
    assert concise(top.stdout) == [("drafts/a.md", 3, 18, "contradicted", INM),
                                   ("drafts/deep/b.md", 3, 18, "contradicted", INM)]
    # From a subfolder: the same files (globs are relative to the configuration file), named from here.
    assert deep.returncode == 1
    assert concise(deep.stdout) == [("../../drafts/a.md", 3, 18, "contradicted", INM),
                                    ("b.md", 3, 18, "contradicted", INM)]
    # A folder named on the command line is filtered by the same globs.
    assert_error(archive, "no files to lint", "drafts/archive", str(proj / ".claimcheck.toml"))


def test_lint_without_paths_or_configuration_lints_the_working_directory(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "a.md").write_text(f"{CONTRADICTED}\n", encoding="utf-8")
    (tmp_path / "sub" / "b.txt").write_text(f"Notes.\n\n{CONTRADICTED}\n", encoding="utf-8")
    (tmp_path / ".hidden" / "c.md").write_text(f"{CONTRADICTED}\n", encoding="utf-8")
    (tmp_path / "script.py").write_text(f"# {CONTRADICTED}\n", encoding="utf-8")
    done = cc("lint", "--format", "concise", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert concise(done.stdout) == [("a.md", 1, 18, "contradicted", INM), ("sub/b.txt", 3, 18, "contradicted", INM)]


def test_lint_unreadable_files_are_e902_and_the_others_are_still_linted(draft):
    cwd = draft.parent
    (cwd / "latin.md").write_bytes(b"# Notes\n\ncaf\xe9: The INM deported 83,053 people in 2017.\n")
    (cwd / "image.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 4)
    names = ["latin.md", "workflow.md", "image.md"]
    if hasattr(os, "mkfifo"):
        os.mkfifo(cwd / "pipe.md")  # named on the command line: refused, never opened (no hang)
        names.append("pipe.md")
    # --exit-zero never hides a file that could not be read.
    done = cc("lint", "--format", "concise", "--exit-zero", *names, cwd=cwd, timeout=60)
    assert done.returncode == 2
    found = concise(done.stdout)
    assert [f for f in found if f[3] != "error"] == at("workflow.md", REPORTED)
    errors = [line for line in done.stdout.splitlines() if ": error: " in line]
    assert errors[0].startswith("latin.md:3:4: error: E902 cannot decode byte 0xe9")
    assert "--encoding" in errors[0]
    assert errors[1].startswith("image.md:1:1: error: E902 ") and "binary" in errors[1]
    if "pipe.md" in names:
        assert errors[2].startswith("pipe.md:1:1: error: E902 ") and "named pipe" in errors[2]
    stderr = done.stderr.splitlines()
    assert len(stderr) == len(names) - 1 and all(line.startswith("claimcheck: error: ") and line.endswith(" (E902)")
                                                 for line in stderr)
    assert stderr[0].startswith("claimcheck: error: latin.md:3:4: cannot decode byte 0xe9")
    assert "Traceback" not in done.stderr


def test_lint_stdin_with_and_without_a_filename(draft):
    named, plain = cc_all(
        (["lint", "--format", "concise", "--show", "all", "--stdin-filename", "drafts/w.md", "-"],
         {"stdin": draft.read_bytes(), "cwd": draft.parent}),
        (["lint", "--format", "concise", "-"], {"stdin": f"Notes.\n\n{CONTRADICTED}\n", "cwd": draft.parent}))
    assert named.returncode == 1 and named.stderr == ""
    assert concise(named.stdout) == at("drafts/w.md", WORKFLOW)  # Markdown: front matter skipped, comments honoured
    assert concise(plain.stdout) == [("<stdin>", 3, 18, "contradicted", INM)]


def test_lint_jobs_2_gives_the_output_of_jobs_1(tmp_path):
    names = ["p0.html", "p1.html", "w0.md", "w1.md"]
    for name in names:
        shutil.copyfile(FIXTURES / ("page.html" if name.startswith("p") else "workflow.md"), tmp_path / name)
    one, two = cc_all(*[(["lint", "--jobs", jobs, "--format", "jsonl", "--show", "all", "."], {"cwd": tmp_path})
                        for jobs in ("1", "2")])
    assert one.returncode == two.returncode == 1
    assert one.stderr == two.stderr == ""
    assert two.stdout == one.stdout
    docs = jsonl(one.stdout)
    paths = [d["path"] for d in docs]
    assert sorted(set(paths)) == names and paths == sorted(paths, key=names.index)
    assert figure_positions([d for d in docs if d["path"] == "w1.md"]) == WORKFLOW


# =========================================================================== configuration

CLUB_DRAFT = f"# Club and country\n\n{UNVERIFIED}\n\n{CONTRADICTED}\n\nEn 2016, 18.796 refugiados solicitaron asilo en México.\n"


def _configured(root: Path, name: str, text: str) -> Path:
    """root/proj/<name> with a club table in root/proj/tables; returns root/proj/docs/deep (the cwd)."""
    proj = root / "proj"
    (proj / "tables").mkdir(parents=True)
    (proj / "tables" / "club.yaml").write_text(CLUB_TABLE, encoding="utf-8")
    (proj / name).write_text(text, encoding="utf-8")
    deep = proj / "docs" / "deep"
    deep.mkdir(parents=True)
    (deep / "club.md").write_text(CLUB_DRAFT, encoding="utf-8")
    return deep


CONFIGURED = ('tables = ["tables/club.yaml"]\nformat = "concise"\nshow = "all"\nfail-on = "unverified"\n'
              f'ignore = ["{ASYLUM}"]\n')


@pytest.mark.parametrize("name, text", [
    (".claimcheck.toml", CONFIGURED),
    ("pyproject.toml", '[project]\nname = "newsroom"\n\n[tool.claimcheck]\n' + CONFIGURED),
])
def test_configuration_found_from_a_subdirectory(tmp_path, name, text):
    cwd = _configured(tmp_path, name, text)
    done, ignored = cc_all((["lint", "club.md"], {"cwd": cwd}),
                           (["lint", "--no-config", "--color", "never", "club.md"], {"cwd": cwd}))
    assert (done.returncode, done.stderr) == (1, "")
    # tables (relative to the config file), format, show all, ignore: the asylum finding is left out.
    assert concise(done.stdout) == [("club.md", 3, 24, "supported", CLUB), ("club.md", 5, 18, "contradicted", INM)]
    assert ignored.returncode == 1
    assert ignored.stdout.startswith("club.md\n")  # text, the default format
    assert ignored.stdout.splitlines()[-1] == "3 sentences checked: 0 supported, 2 contradicted, 1 unverified"


def test_configuration_select_fail_on_and_config_option(tmp_path):
    cwd = _configured(tmp_path, ".claimcheck.toml", 'format = "concise"\nselect = ["unverified"]\n'
                                                     'fail-on = "unverified"\n')
    (tmp_path / "elsewhere.toml").write_text('format = "jsonl"\nselect = ["contradicted"]\n', encoding="utf-8")
    done, explicit = cc_all((["lint", "club.md"], {"cwd": cwd}),
                            (["lint", "--config", str(tmp_path / "elsewhere.toml"), "club.md"], {"cwd": cwd}))
    assert done.returncode == 1  # fail-on = "unverified", and only the unverified finding is selected
    assert concise(done.stdout) == [("club.md", 3, 24, "unverified", None)]
    # --config names the file to use instead of the one found.
    assert explicit.returncode == 1
    assert figure_positions(jsonl(explicit.stdout)) == [(5, 18, "contradicted", INM), (7, 10, "contradicted", ASYLUM)]


BAD_CONFIGURATIONS = [
    (".claimcheck.toml", 'formats = "concise"\n', ["unknown key 'formats'", "did you mean 'format'"]),
    (".claimcheck.toml", 'fail-on = "sometimes"\n', ["fail-on must be one of", "'sometimes'"]),
    ("pyproject.toml", '[tool.claimcheck]\njobs = 65\n', ["[tool.claimcheck] jobs must be", "65"]),
    ("pyproject.toml", '[tool.claimcheck]\nformat = concise\n', ["invalid TOML"]),
]


def test_bad_configuration_is_one_line_naming_the_file_and_the_key(tmp_path):
    calls = []
    for k, (name, text, _) in enumerate(BAD_CONFIGURATIONS):
        cwd = _configured(tmp_path / str(k), name, text)
        command = [["lint", "club.md"], ["check", SUPPORTED], ["list"]][k % 3]  # every command reads it
        calls.append((command, {"cwd": cwd}))
    for k, ((name, _, needles), done) in enumerate(zip(BAD_CONFIGURATIONS, cc_all(*calls))):
        assert_error(done, f"claimcheck: error: {tmp_path / str(k) / 'proj' / name}: ", *needles)
        assert done.stdout == ""


def test_bad_select_in_configuration_names_the_file(tmp_path):
    cwd = _configured(tmp_path, ".claimcheck.toml", 'select = ["inm-deportation-2017"]\n')
    assert_error(cc("lint", "club.md", cwd=cwd), str(tmp_path / "proj" / ".claimcheck.toml"), "select",
                 "inm-deportation-2017")


def test_configured_fail_on_applies_to_check(tmp_path):
    cwd = _configured(tmp_path, ".claimcheck.toml", 'fail-on = "unverified"\n')
    assert cc("check", UNVERIFIED, cwd=cwd).returncode == 1


# =========================================================================== tables

def test_table_adds_to_the_bundled_one_and_no_bundled_table_leaves_it_out(tmp_path):
    (tmp_path / "club.yaml").write_text(CLUB_TABLE, encoding="utf-8")
    (tmp_path / "clash.yaml").write_text(CLUB_TABLE.replace(CLUB, INM), encoding="utf-8")
    added, alone, linted, clash = cc_all(
        (["check", "--format", "jsonl", "--table", "club.yaml", UNVERIFIED, CONTRADICTED], {"cwd": tmp_path}),
        (["check", "--format", "jsonl", "--no-bundled-table", "--table", "club.yaml", UNVERIFIED, CONTRADICTED],
         {"cwd": tmp_path}),
        (["lint", "--format", "concise", "--show", "all", "-t", "club.yaml", "-"],
         {"stdin": f"{UNVERIFIED}\n", "cwd": tmp_path}),
        (["lint", "--table", "clash.yaml", "-"], {"stdin": f"{SUPPORTED}\n", "cwd": tmp_path}))
    assert added.returncode == 1
    assert [(d["verdict"], d["claim"]["id"]) for d in jsonl(added.stdout)] == [("supported", CLUB),
                                                                              ("contradicted", INM)]
    assert alone.returncode == 0
    assert [(d["verdict"], d["claim"]["id"] if d["claim"] else None) for d in jsonl(alone.stdout)] == \
        [("supported", CLUB), ("unverified", None)]
    assert linted.returncode == 0 and concise(linted.stdout) == [("<stdin>", 1, 24, "supported", CLUB)]
    # An id that is already in the bundled table: exit 2, naming both places.
    assert_error(clash, "clash.yaml:10:5", f"duplicate id '{INM}'", str(BUNDLED))
    assert clash.stdout == ""


def test_validate_good_and_bad_tables(tmp_path):
    (tmp_path / "club.yaml").write_text(CLUB_TABLE, encoding="utf-8")
    (tmp_path / "bad.yaml").write_text("version: 1\nclaims:\n  - id: x\n    statment: y\n", encoding="utf-8")
    (tmp_path / "clash.yaml").write_text(CLUB_TABLE.replace(CLUB, INM), encoding="utf-8")
    good, bad, as_json = cc_all(
        (["validate", "--no-bundled-table", "--table", "club.yaml"], {"cwd": tmp_path}),
        (["validate", "--table", "bad.yaml", "--table", "clash.yaml"], {"cwd": tmp_path}),
        (["validate", "--format", "json", "--no-bundled-table", "--table", "bad.yaml"], {"cwd": tmp_path}))
    assert (good.returncode, good.stdout) == (0, "")
    assert good.stderr.startswith("club.yaml: 1 claim") and "no problems" in good.stderr

    assert bad.returncode == 1
    lines = bad.stdout.splitlines()
    assert "bad.yaml:4:5: claim 'x': unknown field 'statment' (did you mean 'statement'?)" in lines
    assert "bad.yaml:3:5: claim 'x': missing required field 'quote'" in lines
    assert any(line.startswith(f"clash.yaml:10:5: duplicate id '{INM}'") for line in lines)
    assert lines and all(re.match(r"^[\w./-]+:\d+:\d+: ", line) for line in lines)
    assert re.match(r"^\d+ problems in bad.yaml, clash.yaml$", bad.stderr)  # the files that have them
    assert as_json.returncode == 1
    assert {"path": "bad.yaml", "line": 4, "column": 5, "level": "error",
            "message": "claim 'x': unknown field 'statment' (did you mean 'statement'?)"} in \
        json.loads(as_json.stdout)["problems"]


def test_list_show_and_search(tmp_path):
    listed, text, shown, unknown, found, nothing = cc_all(
        (["list", "--format", "json"], {"cwd": tmp_path}),
        (["list", "--color", "never"], {"cwd": tmp_path}),
        (["show", ASYLUM], {"cwd": tmp_path}),
        (["show", "inm-deportation-2017"], {"cwd": tmp_path}),
        (["search", "--format", "json", "solicitudes", "de", "asilo"], {"cwd": tmp_path}),
        (["search", "zzzz", "qqqq"], {"cwd": tmp_path}))
    assert listed.returncode == 0
    ids = [d["id"] for d in json.loads(listed.stdout)]
    assert {INM, ASYLUM} <= set(ids) and len(ids) == len(set(ids))
    assert any(line.startswith(INM) and "80,353 people (2017)" in line for line in text.stdout.splitlines())
    assert len(text.stdout.splitlines()) == len(ids)

    assert shown.returncode == 0
    assert f"id: {ASYLUM}" in shown.stdout.splitlines()
    assert "quote: “According to the Mexican Commission for Refugee Assistance, in 2016, there were a total of 8,796" \
        in shown.stdout
    assert_error(unknown, "no claim with id 'inm-deportation-2017'", f"did you mean {INM}")

    assert found.returncode == 0
    hits = json.loads(found.stdout)
    assert hits[0]["id"].startswith("mexico-asylum-requests") and all("score" in h for h in hits)
    assert (nothing.returncode, nothing.stdout) == (1, "")
    assert "no claims match 'zzzz qqqq'" in nothing.stderr


# =========================================================================== errors

ERRORS = [
    (["check", "-"], "", ["no input"]),
    (["check", "-"], b"caf\xe9 80,353 people\n", ["<stdin>:1", "as utf-8", "--encoding"]),
    (["check", "-", "also this"], "", ["cannot be combined"]),
    (["check", "--encoding", "nope", "-"], "x\n", ["unknown encoding 'nope'"]),
    (["check", "--jobs", "99", "-"], "x\n", ["--jobs 99"]),
    (["check", "--table", "missing.yaml", "x"], None, ["missing.yaml"]),
    (["check", "--no-bundled-table", "x"], None, ["no table", "--table"]),
    (["lint", "empty"], None, ["no files to lint", "empty matched no Markdown, HTML or text file"]),
    (["lint", "missing.md"], None, ["missing.md", "no such file or directory"]),
    (["lint", "-"], "  \n", ["<stdin>", "empty input"]),
    (["lint", "-", "a.md"], None, ["cannot be combined"]),
    (["lint", "--select", "inm-deportation-2017", "a.md"], None, ["--select", f"did you mean '{INM}'"]),
    (["lint", "--baseline", "bad.json", "a.md"], None, ["bad.json", "not a claimcheck baseline"]),
    (["lint", "--diff", "HEAD", "a.md"], None, ["--diff", "git repository"]),
    (["lint", "--exclude", "a*a*a*a*a*a*a*a*a*a*a*a*a*b", "."], None, ["too complex"]),
    (["lint", "-o", "missing/dir/report.txt", "a.md"], None, ["missing/dir/report.txt", "cannot write"]),
    (["lint", "--config", "missing.toml", "a.md"], None, ["missing.toml"]),
    (["show", "zzz"], None, ["no claim with id 'zzz'", "claimcheck list"]),
    (["validate", "--sources", "missing-dir"], None, ["missing-dir"]),
    (["extract", "missing.html"], None, ["missing.html"]),
]


def test_input_errors_are_one_line_exit_2(tmp_path):
    if any((p / ".git").exists() for p in tmp_path.resolve().parents):
        pytest.skip("the temporary folder is inside a git checkout (--diff would work)")
    (tmp_path / "a.md").write_text(f"{CONTRADICTED}\n", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    (tmp_path / "bad.json").write_text('{"findings": []}\n', encoding="utf-8")
    runs = cc_all(*[(args, {"stdin": stdin, "cwd": tmp_path}) for args, stdin, _ in ERRORS])
    for (args, _, needles), done in zip(ERRORS, runs):
        try:
            assert_error(done, *needles)
        except AssertionError as error:
            raise AssertionError(f"claimcheck {' '.join(args)[:80]}: {error}") from None


def test_a_line_too_long_stops_check_after_the_answers_before_it(tmp_path):
    stdin = f"{SUPPORTED}\n{CONTRADICTED}\n" + "9" * 100_001 + f"\n{SUPPORTED}\n"
    done = cc("check", "--format", "jsonl", "-", stdin=stdin, cwd=tmp_path)
    assert_error(done, "<stdin>:3", "100,001 characters")
    assert [d["text"] for d in jsonl(done.stdout)] == [SUPPORTED, CONTRADICTED]


def test_a_bad_line_in_text_format_keeps_the_answers_before_it(tmp_path):
    done = cc("check", "-", stdin=f"{SUPPORTED}\n" + "9" * 100_001 + "\n", cwd=tmp_path)
    assert_error(done, "<stdin>:2")
    assert done.stdout.startswith(f"supported: {SUPPORTED}\n")


def test_lint_unknown_encoding_is_one_error(tmp_path):
    (tmp_path / "a.md").write_text(f"{CONTRADICTED}\n", encoding="utf-8")
    (tmp_path / "b.md").write_text(f"{CONTRADICTED}\n", encoding="utf-8")
    assert_error(cc("lint", "--encoding", "bogus", "a.md", "b.md", cwd=tmp_path), "unknown encoding 'bogus'")


def test_usage_errors_are_one_line_too(tmp_path):
    assert_error(cc("check", "--format", "yaml", "x", cwd=tmp_path), "--format", "yaml")
