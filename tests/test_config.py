"""Configuration discovery and validation (claimcheck.config)."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.config import ConfigError, find_config, load_config, merge


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_nothing_found(tmp_path):
    # tmp_path's ancestors (/tmp, /) are assumed to hold no claimcheck configuration
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    assert find_config(nested) == ({}, None)


def test_discovery_from_nested_dir(tmp_path):
    cfg = write(tmp_path / ".claimcheck.toml", 'fail-on = "unverified"\nformat = "github"\n')
    nested = tmp_path / "docs" / "2018" / "drafts"
    nested.mkdir(parents=True)
    settings, path = find_config(nested)
    assert path == cfg
    assert settings == {"fail_on": "unverified", "format": "github"}


def test_start_may_be_a_file(tmp_path):
    cfg = write(tmp_path / ".claimcheck.toml", 'show = "all"\n')
    doc = write(tmp_path / "docs" / "a.md", "text")
    assert find_config(doc) == ({"show": "all"}, cfg)


def test_claimcheck_toml_wins_over_pyproject_in_same_dir(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.claimcheck]\nformat = "sarif"\n')
    cfg = write(tmp_path / ".claimcheck.toml", 'format = "concise"\n')
    settings, path = find_config(tmp_path)
    assert path == cfg and settings == {"format": "concise"}


def test_nearest_file_wins(tmp_path):
    write(tmp_path / ".claimcheck.toml", 'format = "concise"\n')
    inner = write(tmp_path / "sub" / "pyproject.toml", '[tool.claimcheck]\nformat = "json"\n')
    assert find_config(tmp_path / "sub") == ({"format": "json"}, inner)


def test_pyproject_without_table_is_skipped(tmp_path):
    outer = write(tmp_path / "pyproject.toml", '[tool.claimcheck]\nshow = "contradicted"\n')
    write(tmp_path / "pkg" / "pyproject.toml", '[project]\nname = "pkg"\n\n[tool.ruff]\nline-length = 100\n')
    settings, path = find_config(tmp_path / "pkg")
    assert path == outer and settings == {"show": "contradicted"}


def test_claimcheck_toml_tool_table(tmp_path):
    cfg = write(tmp_path / ".claimcheck.toml", '[tool.claimcheck]\nencoding = "latin-1"\n')
    assert find_config(tmp_path) == ({"encoding": "latin-1"}, cfg)


def test_empty_table_is_found(tmp_path):
    cfg = write(tmp_path / "pyproject.toml", "[tool.claimcheck]\n")
    assert find_config(tmp_path) == ({}, cfg)


def test_relative_table_paths_resolved_against_config_folder(tmp_path):
    write(tmp_path / "pyproject.toml",
          '[tool.claimcheck]\ntables = ["data/claims.yaml", "../shared/extra.yaml", "/abs/t.yaml"]\n'
          'include = ["docs/**/*.md"]\nexclude = ["docs/archive/**"]\n')
    nested = tmp_path / "docs"
    nested.mkdir()
    settings, _ = find_config(nested)
    assert settings["tables"] == [tmp_path / "data" / "claims.yaml",
                                  tmp_path / "../shared/extra.yaml",
                                  Path("/abs/t.yaml")]
    assert settings["include"] == ["docs/**/*.md"]
    assert settings["exclude"] == ["docs/archive/**"]


def test_relative_start(tmp_path, monkeypatch):
    write(tmp_path / ".claimcheck.toml", 'tables = ["t.yaml"]\n')
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    settings, path = find_config(Path("."))
    assert path is not None and path.resolve() == (tmp_path / ".claimcheck.toml").resolve()
    assert settings["tables"][0].is_absolute()
    assert settings["tables"][0].resolve() == (tmp_path / "t.yaml").resolve()


def test_unknown_key(tmp_path):
    cfg = write(tmp_path / ".claimcheck.toml", 'tabels = ["x.yaml"]\n')
    with pytest.raises(ConfigError) as info:
        find_config(tmp_path)
    message = str(info.value)
    assert message.startswith(f"{cfg}: ")
    assert "unknown key 'tabels'" in message and "did you mean 'tables'" in message
    assert "\n" not in message


def test_underscore_spelling_is_unknown_but_hinted(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.claimcheck]\nfail_on = "unverified"\n')
    with pytest.raises(ConfigError, match=r"\[tool\.claimcheck\] unknown key 'fail_on' \(did you mean 'fail-on'\?\)"):
        find_config(tmp_path)


@pytest.mark.parametrize("body, needle", [
    ('fail-on = "sometimes"', "fail-on must be one of 'contradicted', 'unverified', got string 'sometimes'"),
    ('format = "xml"', "format must be one of"),
    ('show = 3', "show must be one of 'unverified', 'contradicted', 'all', got integer 3"),
    ('tables = "claims.yaml"', "tables must be a list of strings, got string 'claims.yaml'"),
    ('include = ["*.md", 3]', "include must be a list of strings"),
    ('exclude = true', "exclude must be a list of strings, got boolean True"),
    ('encoding = 8', "encoding must be a string, got integer 8"),
    ('encoding = "utf-99"', "encoding: unknown encoding 'utf-99'"),
    ('jobs = -1', "jobs must be a whole number from 0 to 64 (0: one per CPU), got integer -1"),
    ('jobs = 65', "jobs must be a whole number from 0 to 64 (0: one per CPU), got integer 65"),
    ('jobs = true', "jobs must be a whole number from 0 to 64"),
    ('jobs = "2"', "jobs must be a whole number from 0 to 64 (0: one per CPU), got string '2'"),
    ('bundled-table = "no"', "bundled-table must be true or false, got string 'no'"),
    ('select = "contradicted"', "select must be a list of strings, got string 'contradicted'"),
    ('ignore = [1]', "ignore must be a list of strings"),
    ('baseline = ""', "baseline must be a file name"),
    ('baseline = 3', "baseline must be a file name, got integer 3"),
    ('claimreview = "me"', "claimreview must be a table (author, url), got string 'me'"),
    ('[claimreview]\nauthr = "Desk"', "claimreview: unknown key 'authr' (known keys: author, author-url, url, "
                                      "appearance-base)"),
    ('[claimreview]\nauthor = 3', "claimreview.author must be a string, got integer 3"),
])
def test_bad_values(tmp_path, body, needle):
    cfg = write(tmp_path / ".claimcheck.toml", body + "\n")
    with pytest.raises(ConfigError) as info:
        find_config(tmp_path)
    assert str(info.value).startswith(f"{cfg}: ")
    assert needle in str(info.value)
    assert info.value.path == str(cfg)


def test_tool_claimcheck_not_a_table(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool]\nclaimcheck = "yes"\n')
    with pytest.raises(ConfigError, match="must be a table"):
        find_config(tmp_path)


def test_broken_toml_reports_position(tmp_path):
    cfg = write(tmp_path / ".claimcheck.toml", 'format = "text"\nfail-on = \n')
    with pytest.raises(ConfigError) as info:
        find_config(tmp_path)
    message = str(info.value)
    assert message.startswith(f"{cfg}: invalid TOML: ")
    assert "line 2, column 11" in message
    assert "\n" not in message


def test_broken_pyproject_is_an_error(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.claimcheck\n")
    with pytest.raises(ConfigError, match=r"pyproject\.toml: invalid TOML: .*line 1"):
        find_config(tmp_path / ".")


def test_not_utf8(tmp_path):
    (tmp_path / ".claimcheck.toml").write_bytes(b'encoding = "\xff"\n')
    with pytest.raises(ConfigError, match="not UTF-8"):
        find_config(tmp_path)


def test_load_config_explicit(tmp_path):
    plain = write(tmp_path / "cc.toml", 'format = "jsonl"\n')
    assert load_config(plain) == {"format": "jsonl"}
    py = write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n')
    assert load_config(py) == {}


def test_merge_precedence():
    config = {"format": "github", "fail_on": "unverified", "tables": [Path("/t.yaml")]}
    cli = {"format": "json", "fail_on": None, "show": "all", "encoding": None}
    assert merge(config, cli) == {"format": "json", "fail_on": "unverified",
                                  "tables": [Path("/t.yaml")], "show": "all"}
    assert merge({}, {"fail-on": "contradicted"}) == {"fail_on": "contradicted"}
    assert config["format"] == "github"  # inputs untouched


def test_jobs_is_read(tmp_path):
    write(tmp_path / ".claimcheck.toml", "jobs = 3\n")
    settings, _ = find_config(tmp_path)
    assert settings["jobs"] == 3


def test_every_key_is_read(tmp_path):
    cfg = write(tmp_path / ".claimcheck.toml",
                'tables = ["t.yaml"]\nbundled-table = false\ninclude = ["docs/**"]\nexclude = ["docs/old/**"]\n'
                'fail-on = "unverified"\nformat = "sarif"\nshow = "all"\nselect = ["contradicted"]\n'
                'ignore = ["inm-deportations-2017"]\nbaseline = "base.json"\nencoding = "cp1252"\njobs = 0\n'
                '[claimreview]\nauthor = "Desk"\nauthor-url = "https://example.org/desk"\n'
                'url = "https://example.org/checks/"\nappearance-base = "https://example.org/"\n')
    settings, path = find_config(tmp_path)
    assert path == cfg
    assert settings == {
        "tables": [tmp_path / "t.yaml"], "bundled_table": False, "include": ["docs/**"],
        "exclude": ["docs/old/**"], "fail_on": "unverified", "format": "sarif", "show": "all",
        "select": ["contradicted"], "ignore": ["inm-deportations-2017"], "baseline": tmp_path / "base.json",
        "encoding": "cp1252", "jobs": 0,
        "claimreview": {"author": "Desk", "author_url": "https://example.org/desk",
                        "url": "https://example.org/checks/", "appearance_base": "https://example.org/"},
    }


def test_unknown_key_in_pyproject_names_the_table(tmp_path):
    cfg = write(tmp_path / "pyproject.toml", '[tool.claimcheck]\nshw = "all"\n')
    with pytest.raises(ConfigError) as info:
        find_config(tmp_path)
    assert str(info.value).startswith(f"{cfg}: [tool.claimcheck] unknown key 'shw' (did you mean 'show'?)")
