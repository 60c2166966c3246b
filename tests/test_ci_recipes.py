"""The CI recipes of the README run as written: the GitHub Actions workflow (its shell steps, in a
temporary pull-request repository), the configuration example, and the pre-commit hook
(``pre-commit try-repo`` on this checkout)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / "docs" / "ci" / "github-actions.yml"
README = ROOT / "README.md"
BIN = Path(sys.executable).parent

DRAFT_V1 = """---
title: Deportations
date: 2018-03-20
---

# Deportations

Mexico deported 80,353 people in 2017, according to the INM.
"""
# the pull request changes the last line to a wrong figure and adds an unchanged-context line
DRAFT_V2 = DRAFT_V1.replace("80,353 people in 2017", "95,000 people in 2017")


def _git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


def _readme_block(language: str, marker: str) -> str:
    """The README's fenced ``language`` block that contains ``marker``."""
    for m in re.finditer(rf"```{language}\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL):
        if marker in m.group(1):
            return m.group(1)
    raise AssertionError(f"no ```{language} block with {marker!r} in the README")


@pytest.fixture
def pull_request(tmp_path):
    """A newsroom repository: main with a config and a draft, a branch that changes the draft."""
    repo = tmp_path / "newsroom"
    (repo / "drafts" / "archive").mkdir(parents=True)
    (repo / ".claimcheck.toml").write_text(_readme_block("toml", "include"), encoding="utf-8")
    (repo / "desk-claims.yaml").write_text("version: 1\nsources: {}\nclaims: []\n", encoding="utf-8")
    (repo / "drafts" / "deportations.md").write_text(DRAFT_V1, encoding="utf-8")
    (repo / "drafts" / "archive" / "old.md").write_text("Mexico deported 1 person in 2017.\n", encoding="utf-8")
    (repo / "notes.md").write_text("Mexico deported 2 people in 2017.\n", encoding="utf-8")  # not a draft
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "draft")
    _git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")  # what actions/checkout fetches
    _git(repo, "checkout", "-q", "-b", "fix")
    (repo / "drafts" / "deportations.md").write_text(DRAFT_V2, encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "update")
    return repo


def _steps() -> list[dict]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["claimcheck"]["steps"]


def test_the_workflow_is_the_readmes():
    assert WORKFLOW.read_text(encoding="utf-8").strip() in README.read_text(encoding="utf-8")


def test_the_workflow_has_what_github_needs():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert workflow["permissions"]["security-events"] == "write"
    steps = _steps()
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0  # --diff needs the base branch
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@"))
    assert upload["if"] == "always()"  # the report is uploaded when the gate fails
    assert "claimcheck-figures==" in workflow["jobs"]["claimcheck"]["env"]["CLAIMCHECK_SPEC"]


def _run_step(step: dict, repo: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "GITHUB_BASE_REF": "main",
           "GITHUB_ACTIONS": "true", "NO_COLOR": "1"}
    return subprocess.run(["bash", "-e", "-c", step["run"]], cwd=repo, env=env, capture_output=True, text=True,
                          timeout=120)


def test_the_workflow_steps_run_in_a_pull_request(pull_request):
    steps = [s for s in _steps() if "run" in s and "pip install" not in s["run"]]
    sarif_step, gate = steps
    done = _run_step(sarif_step, pull_request)
    assert done.returncode == 0, done.stderr
    report = json.loads((pull_request / "claimcheck.sarif").read_text(encoding="utf-8"))
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "tests" / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, schema)
    files = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in report["runs"][0]["results"]}
    assert files == {"drafts/deportations.md"}  # the config's include and exclude, relative to it

    done = _run_step(gate, pull_request)
    assert done.returncode == 1, (done.stdout, done.stderr)
    annotations = [line for line in done.stdout.splitlines() if line.startswith("::")]
    assert len(annotations) == 1, done.stdout
    assert annotations[0].startswith("::error file=drafts/deportations.md,line=8,col=17,"), annotations
    assert "95,000" in annotations[0] and "80,353" in annotations[0]


def test_the_gate_passes_when_the_change_is_right(pull_request):
    (pull_request / "drafts" / "deportations.md").write_text(DRAFT_V1 + "\nIt was a record.\n", encoding="utf-8")
    _git(pull_request, "commit", "-q", "-am", "revert")
    gate = [s for s in _steps() if "run" in s and "--diff" in s["run"]][0]
    done = _run_step(gate, pull_request)
    assert done.returncode == 0, (done.stdout, done.stderr)
    assert "::error" not in done.stdout


def test_the_readme_config_lints_what_it_says(pull_request):
    """`claimcheck lint` with no path lints the config's include globs, minus its excludes."""
    done = subprocess.run([str(BIN / "claimcheck"), "lint", "--format", "concise", "--show", "all"],
                          cwd=pull_request / "drafts", capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    assert [line.split(":")[0] for line in done.stdout.splitlines() if line.strip()] == ["deportations.md"], done.stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="git is required")
def test_the_pre_commit_hook_lints_prose_only(tmp_path):
    """`pre-commit try-repo` on this checkout: the hook lints the Markdown draft, not the code."""
    pre_commit = BIN / "pre-commit"
    assert pre_commit.exists(), "pre-commit is in the [test] extra"
    repo = tmp_path / "desk"
    repo.mkdir()
    (repo / "draft.md").write_text("Mexico deported 95,000 people in 2017, the INM said.\n", encoding="utf-8")
    (repo / "tool.py").write_text("x = 3  # Mexico deported 95,000 people in 2017\n", encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(Path(os.environ.get("CLAIMCHECK_CACHE_DIR", tmp_path)) / "pre-commit"),
           "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    done = subprocess.run([str(pre_commit), "try-repo", str(ROOT), "claimcheck", "--all-files", "--verbose"],
                          cwd=repo, env=env, capture_output=True, text=True, timeout=900)
    out = done.stdout + done.stderr
    assert done.returncode == 1, out
    assert re.search(r"draft\.md\n\s+1:17\s+contradicted", out), out
    assert "tool.py" not in out
