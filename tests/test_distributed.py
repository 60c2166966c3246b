"""The archive-scale example: lint a directory on a local Dask cluster, same findings as lint."""

from __future__ import annotations

import pickle

import pytest

from claimcheck.lint import lint_paths
from claimcheck import check
from claimcheck.index import default_table

DOCS = {
    "a.md": "# A\n\nMexico deported about 80,000 people in 2017.\n\nThe INM deported 83,053 people in 2017.\n",
    "b.md": "La CNDH documentó 521 quejas contra el INM en 2017.\n\nThe library lent 8,796 books in 2016.\n",
    "sub/c.txt": "Asylum requests in Mexico reached 14,596 in 2015.\n",
}


def _write(root):
    for name, text in DOCS.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_engine_and_table_pickle_cleanly():
    table = default_table()
    clone = pickle.loads(pickle.dumps(table))
    sentence = "The INM deported 83,053 people in 2017."
    assert check(sentence, clone) == check(sentence, table)
    assert pickle.loads(pickle.dumps(check(sentence, table))).verdict == "contradicted"


def test_lint_on_a_local_dask_cluster(tmp_path, monkeypatch):
    distributed = pytest.importorskip("dask.distributed")
    from claimcheck.distributed import lint_with_dask

    _write(tmp_path)
    monkeypatch.chdir(tmp_path)
    table = default_table()
    expected = []
    from claimcheck.discover import discover

    for _, outcome in lint_paths(discover(["."]), table):
        expected.extend(outcome)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        findings, errors = lint_with_dask(["."], client, table=table)
    assert errors == []
    got = [(f.path, f.segment.line, f.segment.column, f.result.verdict,
            f.result.claim.id if f.result.claim else None) for f in findings]
    assert got == [(f.path, f.segment.line, f.segment.column, f.result.verdict,
                    f.result.claim.id if f.result.claim else None) for f in expected]
    assert ("a.md", 5, 1, "contradicted", "inm-deportations-2017") in got
    assert ("b.md", 1, 1, "supported", "cndh-complaints-against-inm-2017") in got
    assert ("sub/c.txt", 1, 1, "contradicted", "mexico-asylum-requests-2017") in got
