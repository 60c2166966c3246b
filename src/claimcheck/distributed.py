"""Lint an archive on a Dask cluster: the same engine, spread over many machines.

The check engine is a pure function over text and the table pickles cleanly, so linting a
directory is an embarrassingly parallel map over files.  Install the extra first::

    pip install 'claimcheck[dask]'

Then, on one machine (a local cluster) or a real one (pass its scheduler address to ``Client``)::

    from dask.distributed import Client, LocalCluster
    from claimcheck.distributed import lint_with_dask

    with LocalCluster(n_workers=4) as cluster, Client(cluster) as client:
        findings, errors = lint_with_dask(["archive/"], client)

The table is sent to every worker once (``client.scatter(..., broadcast=True)``), not with every
task.  Findings come back in the order of the files, exactly as ``claimcheck lint`` reports them.
"""

from __future__ import annotations

from .discover import discover
from .index import Table, load_table
from .lint import lint_file
from .model import Finding, InputError


def _lint_one(path: str, table: Table, encoding: str | None) -> tuple[str, list[Finding] | str]:
    try:
        return path, lint_file(path, table, encoding)
    except InputError as error:
        return path, str(error)


def lint_with_dask(paths: list[str], client, *, table: Table | None = None, encoding: str | None = None,
                   include=(), exclude=()) -> tuple[list[Finding], list[str]]:
    """Lint every document under ``paths`` on the Dask ``client``'s cluster.

    Returns ``(findings, errors)``: the findings of all files in file order, and one message per
    file that could not be read.
    """
    files = [str(p) for p in discover(list(paths), include=include, exclude=exclude, warn=lambda _: None)]
    table = table or load_table()
    shared = client.scatter(table, broadcast=True)
    futures = client.map(_lint_one, files, table=shared, encoding=encoding, pure=False)
    findings: list[Finding] = []
    errors: list[str] = []
    for _, outcome in client.gather(futures):
        if isinstance(outcome, str):
            errors.append(outcome)
        else:
            findings.extend(outcome)
    return findings, errors
