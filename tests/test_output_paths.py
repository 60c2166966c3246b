"""Where claimcheck writes, it never loses or rewrites a user's data: ``--output-file`` and
``--write-baseline`` refuse a path that is one of the run's inputs; writing keeps what a path is (a
pipe, a symlink, a hard link, a read-only file); two ``extract --append`` runs at once both keep their
drafts."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from helpers import clean_env, run_in_process, run_process
from claimcheck.files import write_atomically
from claimcheck.model import InputError

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "extract"
DRAFT = "The INM deported 95,000 people in 2017.\n"


@pytest.fixture
def draft(tmp_path) -> Path:
    path = tmp_path / "draft.md"
    path.write_text(DRAFT, encoding="utf-8")
    return path


@pytest.mark.parametrize("option", ["--output-file", "--write-baseline"])
def test_an_output_that_is_the_draft_being_linted_is_refused(tmp_path, draft, option):
    run = run_in_process("lint", "--no-config", "draft.md", option, "draft.md", cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr == (f"claimcheck: error: {option} draft.md: that is a file being linted; "
                          "write the output to another file\n")
    assert draft.read_text(encoding="utf-8") == DRAFT


def test_an_output_that_is_the_configuration_or_the_table_is_refused(tmp_path, draft):
    config = '[tool.claimcheck]\nfail-on = "unverified"\n'
    (tmp_path / "pyproject.toml").write_text(config, encoding="utf-8")
    run = run_in_process("lint", "draft.md", "-o", "pyproject.toml", cwd=tmp_path)
    assert run.returncode == 2 and "that is the configuration in use" in run.stderr
    assert (tmp_path / "pyproject.toml").read_text(encoding="utf-8") == config
    table = tmp_path / "desk.yaml"
    shutil.copy(Path(__file__).resolve().parents[1] / "data" / "claims.yaml", table)
    before = table.read_bytes()
    run = run_in_process("lint", "--no-config", "--no-bundled-table", "-t", "desk.yaml", "draft.md", "-o",
                         "./desk.yaml", cwd=tmp_path)
    assert run.returncode == 2 and "that is a table in use" in run.stderr, run.stderr
    assert table.read_bytes() == before


def test_dash_as_the_output_file_is_standard_output(tmp_path, draft):
    run = run_in_process("lint", "--no-config", "--format", "concise", "draft.md", "-o", "-", cwd=tmp_path)
    assert run.returncode == 1 and run.stdout.startswith("draft.md:1:18: contradicted")
    assert not (tmp_path / "-").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_is_written_to_not_replaced(tmp_path, draft):
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text(encoding="utf-8")), daemon=True)
    reader.start()
    run = run_process("lint", "--no-config", "--format", "concise", "draft.md", "-o", str(fifo), cwd=tmp_path,
                      timeout=60)
    reader.join(20)
    assert run.returncode == 1, run.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert got and got[0].startswith("draft.md:1:18: contradicted")


def test_writing_through_a_symlink_writes_the_file_it_points_to(tmp_path):
    (tmp_path / "real").mkdir()
    real = tmp_path / "real" / "out.txt"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    write_atomically(link, [b"new\n"])
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new\n"


def test_writing_a_hard_linked_file_keeps_the_links(tmp_path):
    one = tmp_path / "one.txt"
    one.write_text("old\n", encoding="utf-8")
    two = tmp_path / "two.txt"
    os.link(one, two)
    write_atomically(two, [b"new\n"])
    assert one.read_text(encoding="utf-8") == "new\n" and os.stat(one).st_ino == os.stat(two).st_ino


def test_a_read_only_file_is_refused(tmp_path):
    path = tmp_path / "table.yaml"
    path.write_text("old\n", encoding="utf-8")
    path.chmod(0o444)
    with pytest.raises(InputError, match=r"table\.yaml: cannot write: the file is read-only"):
        write_atomically(path, [b"new\n"])
    assert path.read_text(encoding="utf-8") == "old\n"


def test_a_directory_is_refused(tmp_path):
    with pytest.raises(InputError, match="cannot write: it is a directory"):
        write_atomically(tmp_path, [b"new\n"])


ARTICLE = """\
---
title: Shelter counts in Tapachula {n}
publisher: Border Courier
url: https://news.example.org/2019/0{n}/shelters
date: 2019-0{n}-12
---
# Shelter counts in Tapachula

The Red Cross said it assisted {n},{n}{n}1 people in Tapachula in 2018.
"""


@pytest.mark.skipif(sys.platform == "win32", reason="the append lock is POSIX-only")
def test_appends_at_the_same_time_all_keep_their_drafts(tmp_path):
    table = tmp_path / "desk.yaml"
    for n in range(1, 7):
        (tmp_path / f"a{n}.md").write_text(ARTICLE.format(n=n), encoding="utf-8")
    procs = [subprocess.Popen([sys.executable, "-m", "claimcheck", "extract", "--no-config", f"a{n}.md",
                               "--append", str(table)], cwd=tmp_path, env=clean_env(),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for n in range(1, 7)]
    for proc in procs:
        proc.communicate(timeout=120)
        assert proc.returncode == 0
    text = table.read_text(encoding="utf-8")
    assert text.count("\n  - id: ") == 6
    for n in range(1, 7):
        assert f"{n},{n}{n}1 people" in text
