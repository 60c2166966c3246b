"""claimcheck.patterns: regular expressions built from cached compiler output behave as re.compile's."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest
import yaml

from claimcheck import figures, patterns

CASES = Path(__file__).parent / "cases"


def _sources() -> list[tuple[str, int]]:
    """Every pattern the reader compiles lazily, as (pattern, flags) the way _lazy compiles it."""
    out = []
    for value in vars(figures).values():
        if isinstance(value, figures._lazy):
            pattern, flags = value._args
            if value._lowercase:
                pattern, flags = figures._lowercase_pattern(pattern), flags & ~re.IGNORECASE
            out.append((pattern, int(flags)))
        elif isinstance(value, re.Pattern):  # already compiled (used earlier in this test run)
            out.append((value.pattern, value.flags & ~re.UNICODE))
    return out


def _texts() -> list[str]:
    texts = []
    for name in ("engine.yaml", "heldout.yaml"):
        texts += [c["text"] for c in yaml.safe_load((CASES / name).read_text(encoding="utf-8"))]
    return texts + [t.lower() for t in texts[:100]]


def _fresh(monkeypatch, directory: Path) -> None:
    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(directory))
    monkeypatch.delenv("CLAIMCHECK_NO_CACHE", raising=False)
    monkeypatch.setattr(patterns, "_codes", None)
    monkeypatch.setattr(patterns, "_dirty", False)


def _same(a: re.Pattern, b: re.Pattern, texts: list[str]) -> None:
    assert (a.pattern, a.flags, a.groups, a.groupindex) == (b.pattern, b.flags, b.groups, b.groupindex)
    for text in texts:
        assert [(m.span(), m.groups()) for m in a.finditer(text)] == \
               [(m.span(), m.groups()) for m in b.finditer(text)], (a.pattern, text)


def test_cached_code_matches_exactly_what_re_compile_matches(tmp_path, monkeypatch):
    sources = _sources()
    assert len(sources) > 40
    texts = _texts()
    _fresh(monkeypatch, tmp_path)
    for pattern, flags in sources:  # a miss: compiled now, remembered
        _same(patterns.compile(pattern, flags), re.compile(pattern, flags), texts[:50])
    patterns._write()
    assert (tmp_path / patterns.FILE_NAME).is_file()

    _fresh(monkeypatch, tmp_path)  # a new process: everything from the file
    built = {}
    real_code_of = patterns._code_of
    monkeypatch.setattr(patterns, "_code_of", lambda *a: pytest.fail("compiled again despite the cache"))
    for pattern, flags in sources:
        built[pattern, flags] = patterns.compile(pattern, flags)
    monkeypatch.setattr(patterns, "_code_of", real_code_of)
    assert patterns._dirty is False  # nothing new: nothing to write at exit
    for (pattern, flags), compiled in built.items():
        _same(compiled, re.compile(pattern, flags), texts)


def test_reader_gives_the_same_readings_with_cached_patterns(tmp_path, monkeypatch):
    texts = _texts()
    expected = [repr(vars_of(figures.read(t))) for t in texts]
    _fresh(monkeypatch, tmp_path)
    for pattern, flags in _sources():
        patterns.compile(pattern, flags)
    patterns._write()
    _fresh(monkeypatch, tmp_path)
    # Recompile every reader pattern from the cache file, as a new process would.
    for name, value in list(vars(figures).items()):
        if isinstance(value, re.Pattern):
            monkeypatch.setattr(figures, name, patterns.compile(value.pattern, value.flags & ~re.UNICODE))
    assert [repr(vars_of(figures.read(t))) for t in texts] == expected


def vars_of(reading) -> tuple:
    return (reading.figures, reading.periods, reading.comparison, reading.period_spans, reading.words)


@pytest.mark.parametrize("content", [
    b"not a pickle at all",
    b"",
    pickle.dumps({"engine": "some other python", "codes": {"0:abc": [0, [1, 2], 0, {}, [None]]}}),
    pickle.dumps({"engine": patterns.ENGINE, "codes": {"0:abc": [0, [99999, 1, 2], 0, {}, [None]]}}),
    pickle.dumps({"engine": patterns.ENGINE, "codes": {"0:abc": "garbage"}}),
    pickle.dumps(Path("/etc/passwd")),  # a class reference: refused, never built
])
def test_damaged_or_foreign_file_falls_back_to_compiling(tmp_path, monkeypatch, content):
    (tmp_path / patterns.FILE_NAME).write_bytes(content)
    _fresh(monkeypatch, tmp_path)
    compiled = patterns.compile("abc", 0)
    assert compiled.search("xxabcxx").span() == (2, 5)
    with pytest.raises(re.error):
        patterns.compile("(unclosed", 0)


def test_no_cache_writes_nothing(tmp_path, monkeypatch):
    _fresh(monkeypatch, tmp_path)
    monkeypatch.setenv("CLAIMCHECK_NO_CACHE", "1")
    assert patterns.compile("a+b", 0).fullmatch("aaab")
    patterns._write()
    assert list(tmp_path.iterdir()) == []


def test_the_file_is_bounded_to_the_patterns_a_run_used(tmp_path, monkeypatch):
    """Past ``MAX_CODES`` patterns in the file, a run that compiles a new one keeps only the patterns
    it used: patterns of older releases do not pile up."""
    _fresh(monkeypatch, tmp_path)
    monkeypatch.setattr(patterns, "_used", set())
    monkeypatch.setattr(patterns, "MAX_CODES", 5)
    old = {f"0:old{i}": patterns._code_of(f"old{i}", 0) for i in range(8)}
    (tmp_path / patterns.FILE_NAME).write_bytes(pickle.dumps({"engine": patterns.ENGINE, "codes": old}))
    assert patterns.compile("old1", 0).search("an old1").span() == (3, 7)  # from the file
    assert patterns.compile("new+", 0).fullmatch("newww")  # compiled: the file is written at exit
    patterns._write()
    saved = pickle.loads((tmp_path / patterns.FILE_NAME).read_bytes())["codes"]
    assert sorted(saved) == ["0:new+", "0:old1"]
    # Under the bound, nothing is dropped.
    _fresh(monkeypatch, tmp_path)
    monkeypatch.setattr(patterns, "_used", set())
    monkeypatch.setattr(patterns, "MAX_CODES", 1024)
    assert patterns.compile("third", 0)
    patterns._write()
    assert sorted(pickle.loads((tmp_path / patterns.FILE_NAME).read_bytes())["codes"]) == ["0:new+", "0:old1", "0:third"]


def test_every_cached_pattern_is_the_same_string_in_every_process():
    """The regex cache is keyed by pattern source: a pattern built from a set (whose order follows
    the hash seed) would be a new entry, compiled and written out again, on every run."""
    import json
    import subprocess
    import sys

    script = ("import json; from tests.test_patterns import _sources; "
              "print(json.dumps(sorted(f'{flags}:{pattern}' for pattern, flags in _sources())))")
    seen = []
    for seed in ("1", "2", "3"):
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                              cwd=Path(__file__).resolve().parent.parent,
                              env={**__import__("os").environ, "PYTHONHASHSEED": seed})
        assert done.returncode == 0, done.stderr
        seen.append(json.loads(done.stdout))
    assert len(seen[0]) >= 40
    assert seen[0] == seen[1] == seen[2]
