"""The table cache (cache.py): the parsed, indexed table pickled under CLAIMCHECK_CACHE_DIR, keyed by
the tables' bytes, used only when it is the user's own and unchanged, never able to run code."""

from __future__ import annotations

import io
import os
import pickle
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import DEPORTATIONS_TABLE

import claimcheck.index as index_module
from claimcheck import cache
from claimcheck.index import Table, load_table
from claimcheck.table import bundled_table, parse_tables

GOOD = DEPORTATIONS_TABLE


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(folder))
    monkeypatch.delenv("CLAIMCHECK_NO_CACHE", raising=False)
    monkeypatch.delenv("CLAIMCHECK_TABLE", raising=False)
    return folder


@pytest.fixture
def table_file(tmp_path) -> Path:
    path = tmp_path / "t.yaml"
    path.write_text(GOOD, encoding="utf-8")
    return path


@pytest.fixture
def parses(monkeypatch) -> list:
    """Every time load_table parses YAML (a cache miss), an entry."""
    calls = []
    real = index_module.parse_tables

    def spy(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(index_module, "parse_tables", spy)
    return calls


def load(path: Path) -> Table:
    return load_table([str(path)], bundled=False)


def key_of(path: Path) -> str:
    return cache.table_key([(str(path), path.read_bytes())])


def cache_file(folder: Path, path: Path) -> Path:
    return folder / f"table-{key_of(path)[:32]}.pickle"


def plant(folder: Path, path: Path, statement: str = "POISONED: served from the cache") -> Path:
    """A well-formed cache entry for ``path``'s current bytes whose claim says ``statement``."""
    claims, problems = parse_tables([path])
    assert problems == []
    cache.write(key_of(path), Table([claims[0]._replace(statement=statement)], [str(path)]))
    planted = cache_file(folder, path)
    assert planted.is_file()
    return planted


def write_raw(target: Path, key: str, payload: bytes, checksum: bytes | None = None) -> None:
    """A cache file with the right header for ``key`` and any payload (a correct checksum by default)."""
    import hashlib

    if checksum is None:
        checksum = hashlib.blake2b(payload, digest_size=32).hexdigest().encode()
    target.write_bytes(cache.MAGIC + key.encode() + b"\n" + checksum + payload)
    os.chmod(target, 0o600)


# --------------------------------------------------------------------------- where and how it is written


def test_stored_under_the_cache_dir_with_private_modes(cache_dir, table_file):
    old = os.umask(0)  # the modes must not rely on the user's umask
    try:
        table = load(table_file)
    finally:
        os.umask(old)
    assert table.claims[0].id == "deportations-2017"
    files = sorted(p.name for p in cache_dir.iterdir())
    assert files == [cache_file(cache_dir, table_file).name]
    assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE(cache_file(cache_dir, table_file).stat().st_mode) == 0o600
    assert cache_file(cache_dir, table_file).read_bytes().startswith(cache.MAGIC + key_of(table_file).encode() + b"\n")


def test_cache_dir_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(tmp_path / "here"))
    assert cache.cache_dir() == tmp_path / "here"
    monkeypatch.setenv("CLAIMCHECK_NO_CACHE", "1")
    assert cache.cache_dir() is None
    monkeypatch.delenv("CLAIMCHECK_NO_CACHE")
    monkeypatch.delenv("CLAIMCHECK_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "claimcheck"


def test_no_cache_writes_nothing(cache_dir, table_file, monkeypatch, parses):
    monkeypatch.setenv("CLAIMCHECK_NO_CACHE", "1")
    load(table_file)
    load(table_file)
    assert len(parses) == 2 and not cache_dir.exists()


def test_second_load_is_read_from_the_cache(cache_dir, table_file, parses):
    first = load(table_file)
    written = cache_file(cache_dir, table_file)
    mtime = written.stat().st_mtime_ns
    second = load(table_file)
    assert len(parses) == 1, "the second load parsed the YAML again"
    assert written.stat().st_mtime_ns == mtime, "the cache was rewritten"
    assert second is not first and second.claims == first.claims
    assert second.by_id == first.by_id and second.topic_terms == first.topic_terms and second.idf == first.idf
    assert cache.read(key_of(table_file)).claims == first.claims


def test_cached_bundled_table_gives_the_same_verdicts(cache_dir):
    from claimcheck.verdict import check

    fresh = load_table(use_cache=False)
    load_table()
    cached = load_table()
    assert cached is not fresh and cached.claims == fresh.claims
    sentences = [c.statement for c in fresh.claims] + [
        "The INM deported 83,053 people in 2017.", "Mexico deported about 80,000 people in 2017.",
        "La CNDH documentó 521 quejas contra el INM en 2017.", "The football club sold 4,512 tickets in 2019."]
    for sentence in sentences:
        a, b = check(sentence, fresh), check(sentence, cached)
        assert (a.verdict, a.reasons, a.claim, a.figures) == (b.verdict, b.reasons, b.claim, b.figures), sentence


def test_a_changed_table_is_never_served_stale(cache_dir, table_file, parses):
    assert load(table_file).claims[0].statement.startswith("Mexico deported")
    before = table_file.stat()
    # same size, same modification time: only the bytes differ
    edited = GOOD.replace("statement: Mexico deported", "statement: Mixico deported")
    table_file.write_text(edited, encoding="utf-8")
    os.utime(table_file, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert table_file.stat().st_size == before.st_size
    assert load(table_file).claims[0].statement.startswith("Mixico deported")
    assert len(parses) == 2
    assert len(list(cache_dir.glob("table-*.pickle"))) == 2


def test_another_claimcheck_build_does_not_read_the_cache(cache_dir, table_file, parses, monkeypatch):
    load(table_file)
    monkeypatch.setattr(cache, "MAGIC", b"claimcheck-table-cache 0\n")  # a cache written by another layout
    load(table_file)
    assert len(parses) == 2
    load(table_file)
    assert len(parses) == 2  # and its own entry is read back


def test_table_caches_are_bounded_oldest_deleted_first(cache_dir, table_file, monkeypatch):
    monkeypatch.setattr(cache, "TABLES_KEPT", 3)
    cache_dir.mkdir(mode=0o700)
    other = cache_dir / "regex-code.pickle"
    other.write_bytes(b"kept")
    written = []
    for edit in range(6):
        table_file.write_text(GOOD.replace("statement: Mexico", f"statement: Edit {edit}, Mexico"), encoding="utf-8")
        assert load(table_file).claims[0].statement.startswith(f"Edit {edit},")
        newest = cache_file(cache_dir, table_file)
        written.append(newest.name)
        os.utime(newest, ns=(1, 1_000_000_000 * (edit + 1)))  # distinct write times, oldest first
    left = sorted(p.name for p in cache_dir.glob("table-*.pickle"))
    assert len(left) == 3 and written[-1] in left
    assert set(left) <= set(written[-4:])
    assert other.read_bytes() == b"kept"


# --------------------------------------------------------------------------- trust


def test_a_planted_entry_of_ours_is_served(cache_dir, table_file):
    """The control for the tests below: a well-formed entry, the user's own and private, is used."""
    plant(cache_dir, table_file)
    assert load(table_file).claims[0].statement == "POISONED: served from the cache"


@pytest.mark.parametrize("mode", [0o620, 0o602, 0o666])
def test_a_group_or_other_writable_cache_file_is_ignored(cache_dir, table_file, mode):
    planted = plant(cache_dir, table_file)
    os.chmod(planted, mode)
    assert load(table_file).claims[0].statement == "Mexico deported 80,353 people in 2017."


@pytest.mark.parametrize("mode", [0o770, 0o707])
def test_a_group_or_other_writable_cache_dir_is_neither_read_nor_written(cache_dir, table_file, mode, parses):
    plant(cache_dir, table_file)
    os.chmod(cache_dir, mode)
    assert load(table_file).claims[0].statement == "Mexico deported 80,353 people in 2017."
    other = table_file.with_name("other.yaml")
    other.write_text(GOOD.replace("deportations-2017", "other-2017"), encoding="utf-8")
    load(other)
    assert not cache_file(cache_dir, other).exists(), "wrote into a folder others can write"


def test_a_cache_file_owned_by_another_user_is_ignored(cache_dir, table_file, monkeypatch):
    planted = plant(cache_dir, table_file)
    if os.geteuid() == 0:  # a real foreign owner
        os.chown(planted, 12345, os.getgid())
        assert load(table_file).claims[0].statement == "Mexico deported 80,353 people in 2017."
        os.chown(planted, 0, os.getgid())
        planted = plant(cache_dir, table_file)
    # or: the same file, seen by a user who does not own it (nor its folder)
    real = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: real + 1)
    assert load(table_file).claims[0].statement == "Mexico deported 80,353 people in 2017."


def test_a_symlinked_cache_file_is_not_followed(cache_dir, table_file, tmp_path):
    planted = plant(cache_dir, table_file)
    elsewhere = tmp_path / "elsewhere.pickle"
    planted.rename(elsewhere)
    planted.symlink_to(elsewhere)
    assert load(table_file).claims[0].statement == "Mexico deported 80,353 people in 2017."
    assert b"POISONED" in elsewhere.read_bytes()  # the link's target is left alone


# --------------------------------------------------------------------------- damaged and hostile files


@pytest.mark.parametrize("damage", ["garbage", "empty", "truncated", "bad-checksum", "wrong-key", "not-a-pickle",
                                    "foreign-class"])
def test_a_corrupt_cache_file_is_ignored_and_rebuilt(cache_dir, table_file, damage, parses):
    load(table_file)
    target = cache_file(cache_dir, table_file)
    good = target.read_bytes()
    key = key_of(table_file)
    if damage == "garbage":
        target.write_bytes(b"not a cache")
    elif damage == "empty":
        target.write_bytes(b"")
    elif damage == "truncated":
        target.write_bytes(good[: len(good) // 2])
    elif damage == "bad-checksum":
        target.write_bytes(good[:-1] + bytes([good[-1] ^ 1]))
    elif damage == "wrong-key":
        write_raw(target, "0" * len(key), good.split(b"\n", 2)[2][64:])
    elif damage == "not-a-pickle":
        write_raw(target, key, b"\x80\x05this is not a pickle")
    elif damage == "foreign-class":
        import collections

        write_raw(target, key, pickle.dumps(collections.OrderedDict(a=1), protocol=5))
    assert load(table_file).claims[0].id == "deportations-2017"
    assert len(parses) == 2
    assert cache.read(key) is not None, "the damaged entry was not rebuilt"
    assert len(parses) == 2


class _System:
    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


class _Exec:
    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (exec, (f"open({str(self.marker)!r}, 'w').close()",))


class _Eval:
    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (eval, (f"open({str(self.marker)!r}, 'w')",))


class _Subprocess:
    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (subprocess.call, (["touch", str(self.marker)],))


@pytest.mark.parametrize("payload", [_System, _Exec, _Eval, _Subprocess], ids=lambda p: p.__name__.strip("_"))
def test_a_hostile_pickle_runs_no_code(cache_dir, table_file, tmp_path, payload, parses):
    marker = tmp_path / "pwned"
    hostile = pickle.dumps(payload(marker), protocol=5)
    # the control: unpickled by plain pickle, this payload does run
    pickle.loads(hostile)
    assert marker.exists()
    marker.unlink()
    cache_dir.mkdir(mode=0o700)
    write_raw(cache_file(cache_dir, table_file), key_of(table_file), hostile)
    table = load(table_file)
    assert not marker.exists(), "the cache ran code"
    assert table.claims[0].id == "deportations-2017" and len(parses) == 1
    with pytest.raises(pickle.UnpicklingError):
        cache._Unpickler(io.BytesIO(hostile)).load()
    nested = pickle.dumps([1, {"a": payload(marker)}], protocol=2)  # deep inside, as in a Table's attribute
    with pytest.raises(pickle.UnpicklingError):
        cache._Unpickler(io.BytesIO(nested)).load()
    assert not marker.exists()


def test_the_unpickler_reads_our_own_types():
    import datetime as dt

    table = load_table([str(bundled_table())], bundled=False, use_cache=False)
    again = cache._Unpickler(io.BytesIO(pickle.dumps(table, protocol=5))).load()
    assert isinstance(again, Table) and again.claims == table.claims
    assert cache._Unpickler(io.BytesIO(pickle.dumps((dt.date(2017, 1, 1), frozenset({1})), protocol=5))).load() == \
        (dt.date(2017, 1, 1), frozenset({1}))


def test_a_cli_run_uses_and_keeps_the_cache_private(tmp_path):
    folder = tmp_path / "cache"
    env = dict(os.environ, CLAIMCHECK_CACHE_DIR=str(folder))
    env.pop("CLAIMCHECK_TABLE", None)
    env.pop("CLAIMCHECK_NO_CACHE", None)
    for _ in range(2):
        run = subprocess.run([sys.executable, "-m", "claimcheck", "check", "--no-config",
                              "Mexico deported about 80,000 people in 2017"],
                             cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
        assert run.returncode == 0, run.stderr
    (entry,) = folder.glob("table-*.pickle")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700 and stat.S_IMODE(entry.stat().st_mode) == 0o600
