"""``claimcheck extract ARTICLE``: table stubs drafted from a new article (extract.py, commands/extract.py).

The stubs are YAML that ``validate`` accepts (as drafts: notes), with the quote verbatim and the
source's metadata from the page; ``--append TABLE`` adds them without rewriting a byte of the table;
a drafted statement, once reviewed, is supported by ``check``; and the bundled table's quotes, read
as articles, give back their own figures."""

from __future__ import annotations

import difflib
import html
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from helpers import Run, run_in_process, run_process

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "extract"
ROOT = Path(__file__).resolve().parents[1]

HTML_SOURCE = {"file": "article.html", "publisher": "Border Courier",
               "title": "Shelters report record arrivals in Tapachula", "authors": ["Ana Ruiz"],
               "date": "2019-03-12", "url": "https://news.example.org/2019/03/12/tapachula-shelters"}
MD_SOURCE = {"file": "article.md", "publisher": "Border Courier", "title": "Asylum requests climb in southern Mexico",
             "authors": ["Ana Ruiz"], "date": "2019-04-02",
             "url": "https://news.example.org/2019/04/02/asylum-requests"}
MORE_MD = """\
---
title: Asylum requests climb in southern Mexico
publisher: Border Courier
url: https://news.example.org/2019/04/02/asylum-requests
date: 2019-04-02
---

# Asylum requests climb in southern Mexico

COMAR approved 2,100 asylum requests in March 2019, the agency said.
"""


def claimcheck_process(*args: str, cwd: Path, stdin: str | None = None) -> Run:
    """``python -m claimcheck ARGS`` in a process of its own."""
    return run_process(*args, cwd=cwd, stdin=stdin, timeout=60)


def claimcheck(*args: str, cwd: Path, stdin: str | None = None) -> Run:
    """The same command line run in this process (``cli.main``, exit status and all): much faster."""
    return run_in_process(*args, cwd=cwd, stdin=stdin)


@pytest.fixture
def work(tmp_path) -> Path:
    for name in ("article.html", "article.md"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    (tmp_path / "more.md").write_text(MORE_MD, encoding="utf-8")
    return tmp_path


def extract(work: Path, *args: str, stdin: str | None = None) -> Run:
    return claimcheck("extract", "--no-config", *args, cwd=work, stdin=stdin)


def visible_text(page: str) -> str:
    """What a reader of the page sees, whitespace and non-breaking spaces normalised."""
    body = re.sub(r"(?s)<(script|style|head)\b.*?</\1>", " ", page)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", body)).replace("\u00a0", " ").split())


def stubs_of(run: Run) -> dict:
    assert run.returncode == 0, run.stderr
    return yaml.safe_load(run.stdout)


# --------------------------------------------------------------------------- the stubs


def test_html_article_stubs_and_source_metadata(work):
    alone = claimcheck_process("extract", "--no-config", "article.html", cwd=work)
    assert alone.stdout == extract(work, "article.html").stdout  # a process of its own writes the same
    table = stubs_of(alone)
    assert table["version"] == 1
    assert table["sources"] == {"border-courier-2019": HTML_SOURCE}
    claims = table["claims"]
    assert [(c["figures"][0]["value"], c["figures"][0]["unit"], c["figures"][0].get("period")) for c in claims] == \
        [(3412, "people", "2018"), (41000, "count", "2018"), (27, "count", "2018")]
    seen = visible_text((work / "article.html").read_text(encoding="utf-8"))
    for claim in claims:
        assert claim["draft"] is True and claim["source"] == "border-courier-2019"
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", claim["id"])
        assert " ".join(claim["quote"].replace("\u00a0", " ").split()) in seen
    assert claims[0]["quote"] == ("TAPACHULA, Mexico — Migrant shelters in the southern city of Tapachula took in "
                                  "3,412 people in 2018, according to the Red de Albergues.")
    assert claims[0]["statement"] == "Red de Albergues: 3,412 people (2018)."
    assert claims[0]["actor"] == "Red de Albergues"
    assert claims[1]["figures"][0]["label"] == ["meals"] and claims[1]["actor"] == "Red de Albergues"
    # the sentence with markup inside it is quoted as a reader sees it
    assert claims[2]["quote"] == ("Officials at the state health department reported 27 cases of dengue among "
                                  "shelter residents in 2018.")
    assert len({c["id"] for c in claims}) == len(claims)


def test_markdown_article_stubs_and_front_matter(work):
    table = stubs_of(extract(work, "article.md"))
    assert table["sources"] == {"border-courier-2019": MD_SOURCE}
    claims = table["claims"]
    assert [(c["id"], c["figures"][0]["value"], c["figures"][0].get("period")) for c in claims] == \
        [("comar-asylum-requests-2019", 12716, "2019-01/2019-03"), ("comar-staff-members", 48, None)]
    assert claims[0]["statement"] == "COMAR: 12,716 asylum requests (January-March 2019)."
    assert claims[0]["figures"][0]["label"] == ["asylum", "requests"]
    text = (work / "article.md").read_text(encoding="utf-8")
    assert all(c["quote"] in text for c in claims)


def test_the_yaml_header_names_the_article_and_the_stubs_their_lines(work):
    run = extract(work, "article.md")
    lines = run.stdout.splitlines()
    assert lines[0] == "# Drafted by `claimcheck extract` from article.md: 2 stubs awaiting review."
    assert "  # article.md:11 (drafted by claimcheck extract: review, then remove draft)" in lines
    assert "  # article.md:13 (drafted by claimcheck extract: review, then remove draft)" in lines


def test_markdown_front_matter_date_resolves_relative_periods(work):
    (work / "rel.md").write_text("---\ntitle: Shelters\ndate: 2019-03-12\n---\n\n"
                                 "The network said its volunteers served 41,000 meals last year.\n\n"
                                 "Shelters took in 3,412 people in February, the Red de Albergues said.\n",
                                 encoding="utf-8")
    claims = stubs_of(extract(work, "rel.md"))["claims"]
    assert [(c["figures"][0]["value"], c["figures"][0].get("period")) for c in claims] == \
        [(41000, "2018"), (3412, "2019-02")]


def test_html_meta_date_resolves_relative_periods(work):
    page = (work / "article.html").read_text(encoding="utf-8").replace(
        "took in 3,412 people in 2018", "took in 3,412 people in February").replace(
        "41,000 meals in 2018.", "41,000 meals last year.")
    (work / "rel.html").write_text(page, encoding="utf-8")
    claims = stubs_of(extract(work, "rel.html"))["claims"]
    assert [(c["figures"][0]["value"], c["figures"][0].get("period")) for c in claims] == \
        [(3412, "2019-02"), (41000, "2018"), (27, "2018")]


def test_standard_input_with_a_name_and_a_url(work):
    text = (work / "article.md").read_text(encoding="utf-8").replace(
        "url: https://news.example.org/2019/04/02/asylum-requests\n", "")
    table = stubs_of(extract(work, "-", "--stdin-filename", "a.md", "--url", "https://other.example/a", stdin=text))
    (source,) = table["sources"].values()
    assert source == {**MD_SOURCE, "file": "a.md", "url": "https://other.example/a"}
    assert [c["figures"][0]["value"] for c in table["claims"]] == [12716, 48]


def test_an_article_without_figures_says_so(work):
    (work / "none.md").write_text("# Nothing\n\nNo numbers here at all.\n", encoding="utf-8")
    run = extract(work, "none.md")
    assert run.returncode == 0
    assert run.stderr == "claimcheck: none.md: no sentence with a checkable figure\n"
    assert yaml.safe_load(run.stdout)["claims"] is None


def test_empty_standard_input_is_an_input_error(work):
    run = extract(work, "-", stdin="")
    assert run.returncode == 2 and run.stdout == ""
    assert len(run.stderr.splitlines()) == 1 and run.stderr.startswith("claimcheck: error: ")


# --------------------------------------------------------------------------- validate and check


def test_stubs_validate_as_drafts_with_their_quotes_in_the_sources(work):
    drafts = work / "drafts.yaml"
    drafts.write_text(extract(work, "article.html").stdout, encoding="utf-8")
    sources = work / "sources"
    sources.mkdir()
    shutil.copy(work / "article.html", sources / "article.html")
    run = claimcheck("validate", "--no-config", "--no-bundled-table", "--table", str(drafts), "--sources",
                     str(sources), cwd=work)
    assert run.returncode == 0, run.stdout + run.stderr
    entries = [n for n, row in enumerate(drafts.read_text(encoding="utf-8").splitlines(), 1)
               if row.startswith("  - id: ")]
    ids = [c["id"] for c in yaml.safe_load(drafts.read_text(encoding="utf-8"))["claims"]]
    assert run.stdout.splitlines() == [
        f"{drafts}:{line}:5: note: claim {claim_id!r}: drafted by `claimcheck extract`; review its figures and "
        f"words, then remove `draft: true`" for line, claim_id in zip(entries, ids)]
    assert run.stderr.strip() == f"{drafts}: 3 claims, no problems (3 notes)"
    # beside the bundled table too: ids unique, no statement answered differently
    both = claimcheck("validate", "--no-config", "--table", str(drafts), cwd=work)
    assert both.returncode == 0, both.stdout


def test_a_drafted_quote_edited_away_from_the_source_is_caught(work):
    drafts = work / "drafts.yaml"
    drafts.write_text(extract(work, "article.html").stdout.replace("took in 3,412", "received 3,412"),
                      encoding="utf-8")
    sources = work / "sources"
    sources.mkdir()
    shutil.copy(work / "article.html", sources / "article.html")
    run = claimcheck("validate", "--no-config", "--no-bundled-table", "--table", str(drafts), "--sources",
                     str(sources), cwd=work)
    assert run.returncode == 1
    assert [row for row in run.stdout.splitlines() if "note:" not in row] == [
        next(f"{drafts}:{n}:12: claim 'red-de-albergues-people-2018': quote not found verbatim in source file "
             f"'article.html'" for n, row in enumerate(drafts.read_text(encoding="utf-8").splitlines(), 1)
             if row.startswith("    quote: ") and "received 3,412" in row)]


def test_a_reviewed_stub_supports_its_statement(work):
    filled = work / "filled.yaml"
    filled.write_text(extract(work, "article.md").stdout.replace("    draft: true\n", ""), encoding="utf-8")
    run = claimcheck("validate", "--no-config", "--no-bundled-table", "--table", str(filled), cwd=work)
    assert (run.returncode, run.stdout) == (0, ""), run.stdout
    statement = yaml.safe_load(filled.read_text(encoding="utf-8"))["claims"][0]["statement"]
    sentences = [statement,
                 "Mexico's refugee agency, COMAR, received 12,716 asylum requests in the first three months of 2019.",
                 "COMAR received 15,500 asylum requests in the first three months of 2019."]
    check = claimcheck("check", "--no-config", "--no-bundled-table", "--table", str(filled), "--format", "jsonl",
                       *sentences, cwd=work)
    results = [json.loads(row) for row in check.stdout.splitlines()]
    assert [(r["verdict"], (r["claim"] or {}).get("id")) for r in results] == [
        ("supported", "comar-asylum-requests-2019"), ("supported", "comar-asylum-requests-2019"),
        ("contradicted", "comar-asylum-requests-2019")]
    assert check.returncode == 1  # the contradicted one


# --------------------------------------------------------------------------- --append


@pytest.fixture
def reviewed(work) -> Path:
    """A table of the newsroom's own: the Markdown article's stubs, reviewed."""
    path = work / "newsroom.yaml"
    path.write_text(extract(work, "article.md").stdout.replace("    draft: true\n", ""), encoding="utf-8")
    return path


def test_append_from_the_same_source_keeps_every_byte(work, reviewed):
    old = reviewed.read_bytes()
    run = extract(work, "more.md", "--append", str(reviewed))
    assert run.returncode == 0 and run.stdout == ""
    assert run.stderr == (f"claimcheck: more.md: 1 draft claim added to {reviewed}; review them, then run "
                          f"`claimcheck validate --table {reviewed}`\n")
    new = reviewed.read_bytes()
    assert len(new) > len(old) and new[:len(old)] == old
    table = yaml.safe_load(new)
    assert list(table["sources"]) == ["border-courier-2019"]  # the article's source, found by its URL
    assert [c["id"] for c in table["claims"]] == ["comar-asylum-requests-2019", "comar-staff-members",
                                                  "comar-asylum-requests-2019-2"]
    assert table["claims"][-1]["draft"] is True and table["claims"][-1]["figures"][0]["value"] == 2100
    check = claimcheck("validate", "--no-config", "--no-bundled-table", "--table", str(reviewed), cwd=work)
    assert check.returncode == 0 and len(check.stdout.splitlines()) == 1 and "note:" in check.stdout


def test_append_from_a_new_source_only_inserts_lines(work, reviewed):
    old = reviewed.read_text(encoding="utf-8").splitlines(keepends=True)
    run = extract(work, "article.html", "--append", str(reviewed))
    assert run.returncode == 0, run.stderr
    new = reviewed.read_text(encoding="utf-8").splitlines(keepends=True)
    ops = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    assert {tag for tag, *_ in ops} <= {"equal", "insert"}, [op for op in ops if op[0] not in ("equal", "insert")]
    kept = "".join(row for tag, _, _, j1, j2 in ops if tag == "equal" for row in new[j1:j2])
    assert kept == "".join(old)  # every line that was there, unchanged and in order
    inserted = [new[j1:j2] for tag, _, _, j1, j2 in ops if tag == "insert"]
    assert len(inserted) == 2
    assert inserted[0][0] == "  border-courier-2019-2:\n"  # the new source, inside `sources:`
    assert new.index("claims:\n") > new.index(inserted[0][0])
    assert new[-len(inserted[1]):] == inserted[1]  # the stubs, at the end
    table = yaml.safe_load("".join(new))
    assert table["sources"]["border-courier-2019-2"] == HTML_SOURCE
    assert [c["source"] for c in table["claims"]] == ["border-courier-2019"] * 2 + ["border-courier-2019-2"] * 3
    check = claimcheck("validate", "--no-config", "--no-bundled-table", "--table", str(reviewed), cwd=work)
    assert check.returncode == 0, check.stdout


def test_appending_the_same_article_twice_adds_nothing(work, reviewed):
    assert extract(work, "more.md", "--append", str(reviewed)).returncode == 0
    once = reviewed.read_bytes()
    run = extract(work, "more.md", "--append", str(reviewed))
    assert run.returncode == 0
    assert "0 draft claims added" in run.stderr and "1 already in the table" in run.stderr
    assert reviewed.read_bytes() == once


def test_append_creates_a_missing_table(work):
    target = work / "new.yaml"
    run = extract(work, "article.html", "--append", str(target))
    assert run.returncode == 0 and run.stdout == ""
    assert yaml.safe_load(target.read_text(encoding="utf-8"))["sources"] == {"border-courier-2019": HTML_SOURCE}
    check = claimcheck("validate", "--no-config", "--no-bundled-table", "--table", str(target), cwd=work)
    assert check.returncode == 0


def test_append_to_a_crlf_table_keeps_its_bytes(work, reviewed):
    crlf = reviewed.read_bytes().replace(b"\n", b"\r\n")
    reviewed.write_bytes(crlf)
    assert extract(work, "more.md", "--append", str(reviewed)).returncode == 0
    assert reviewed.read_bytes()[:len(crlf)] == crlf


def test_append_to_a_crlf_table_writes_crlf(work, reviewed):
    reviewed.write_bytes(reviewed.read_bytes().replace(b"\n", b"\r\n"))
    assert extract(work, "more.md", "--append", str(reviewed)).returncode == 0
    assert b"\n" not in reviewed.read_bytes().replace(b"\r\n", b"")


def test_append_to_a_table_with_a_bom_keeps_every_byte(work, reviewed):
    old = b"\xef\xbb\xbf" + reviewed.read_bytes()
    reviewed.write_bytes(old)
    assert extract(work, "more.md", "--append", str(reviewed)).returncode == 0
    assert reviewed.read_bytes()[:len(old)] == old


def _tables_that_cannot_be_appended_to(reviewed: Path) -> dict[str, bytes]:
    text = reviewed.read_text(encoding="utf-8")
    return {
        "flow-list": b"version: 1\nclaims: []\n",
        "claims-not-last": (text.replace("version: 1\n", "") + "version: 1\n").encode(),
        "broken-table": text.replace("unit: count", "unit: counts", 1).encode(),
        "yaml-syntax-error": text.replace("keywords: [", "keywords: [[", 1).encode(),
        "binary": b"\x00\x01\x02binary",
    }


@pytest.mark.parametrize("case", ["flow-list", "claims-not-last", "broken-table", "yaml-syntax-error", "binary",
                                  "directory"])
def test_append_refuses_a_table_it_cannot_append_to(work, reviewed, case):
    if case == "directory":
        target = work / "folder.yaml"
        target.mkdir()
        before = None
    else:
        target = work / f"{case}.yaml"
        target.write_bytes(_tables_that_cannot_be_appended_to(reviewed)[case])
        before = target.read_bytes()
    run = (claimcheck_process if case == "binary" else claimcheck)("extract", "--no-config", "more.md", "--append",
                                                                   str(target), cwd=work)
    assert run.returncode == 2 and run.stdout == ""
    assert len(run.stderr.splitlines()) == 1, run.stderr
    assert run.stderr.startswith(f"claimcheck: error: {target}: ")
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr
    if before is not None:
        assert target.read_bytes() == before
        assert "nothing was appended" in run.stderr


def test_append_refuses_a_non_utf8_table_naming_the_problem(work, reviewed):
    target = work / "latin.yaml"
    target.write_bytes(reviewed.read_text(encoding="utf-8").replace("climb", "clímb").encode("latin-1"))
    before = target.read_bytes()
    run = extract(work, "more.md", "--append", str(target))
    assert run.returncode == 2 and target.read_bytes() == before
    assert len(run.stderr.splitlines()) == 1
    assert "internal error" not in run.stderr and "not UTF-8" in run.stderr


def test_append_into_a_missing_folder_names_the_table(work):
    target = work / "no" / "such" / "t.yaml"
    run = extract(work, "more.md", "--append", str(target))
    assert run.returncode == 2 and len(run.stderr.splitlines()) == 1
    assert run.stderr.startswith(f"claimcheck: error: {target}: ")


# --------------------------------------------------------------------------- re-deriving the bundled table


def test_the_bundled_quotes_re_derive_their_figures():
    """Each claim's quote, read as an article, gives a stub for every figure value of the claim."""
    from claimcheck.extract import draft_table
    from claimcheck.index import load_table

    table = load_table([str(ROOT / "data" / "claims.yaml")], bundled=False, use_cache=False)
    misses = []
    for claim in table.claims:
        draft = draft_table(claim.quote, "text", f"{claim.id}.txt")
        drafted = [(f.value, f.high) for stub in draft.stubs for f in stub.figures]
        for figure in claim.figures:
            wanted = (figure.value, figure.high)
            if not any(abs(v - wanted[0]) < 1e-9 and (wanted[1] is None or (h is not None and abs(h - wanted[1]) < 1e-9))
                       for v, h in drafted):
                misses.append(f"{claim.id}: {figure.value:g} {figure.unit} not drafted (drafted: {drafted})")
                break
    rate = 1 - len(misses) / len(table.claims)
    assert len(table.claims) >= 25
    assert rate >= 0.9, f"{rate:.0%} of {len(table.claims)} claims re-derived; misses:\n" + "\n".join(misses)


DRAFT_TABLE = """\
version: 1
sources:
  desk:
    publisher: Desk
    title: Deportaciones
    date: "2018-03-01"
    url: https://example.org/es
claims:
  - id: inm-personas-2017
    draft: true
    statement: "INM: 80 mil 353 personas (2017)."
    subject: "personas"
    actor: "INM"
    keywords: ["personas", "deporto", "datos", "oficiales"]
    aliases: ["El INM"]
    figures:
      - value: 80353
        unit: people
        period: "2017"
        label: ["personas"]
    quote: "El INM deportó a 80 mil 353 personas en 2017, según datos oficiales."
    source: desk
"""


def test_a_draft_is_no_evidence_until_reviewed(tmp_path):
    """An unreviewed stub's guessed keywords must not decide another claim's sentence."""
    (tmp_path / "drafts.yaml").write_text(DRAFT_TABLE, encoding="utf-8")
    sentence = ("Chiapas and Tabasco, where many of Mexico's 2017 deportations took place, are two of the three "
                "states that share a border with Guatemala.")
    done = claimcheck("check", "--no-config", "-t", "drafts.yaml", "--format", "json", sentence, cwd=tmp_path)
    [result] = json.loads(done.stdout)
    assert result["verdict"] == "supported" and result["claim"]["id"] == "chiapas-tabasco-guatemala-border-states"
    checked = claimcheck("validate", "--no-config", "-t", "drafts.yaml", cwd=tmp_path)
    assert checked.returncode == 0 and "drafted by `claimcheck extract`" in checked.stdout
    assert "chiapas-tabasco" not in checked.stdout  # the bundled claims are checked as check sees them
