"""Test-wide settings: claimcheck's caches go to a temporary directory, never the user's; fuzzing
is seeded."""

from __future__ import annotations

import os
import shutil
import tempfile

from hypothesis import settings

# Fuzzing is seeded: the same examples every run, so a failure reproduces and CI never flakes.
settings.register_profile("claimcheck", derandomize=True, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "claimcheck"))

_CACHE = None


def pytest_configure(config):
    """Point CLAIMCHECK_CACHE_DIR at a fresh directory for this run (in-process code and every
    subprocess a test starts inherit it); a test that needs its own cache sets its own."""
    global _CACHE
    if not os.environ.get("CLAIMCHECK_CACHE_DIR"):
        _CACHE = tempfile.mkdtemp(prefix="claimcheck-test-cache-")
        os.environ["CLAIMCHECK_CACHE_DIR"] = _CACHE


def pytest_unconfigure(config):
    if _CACHE is not None:
        os.environ.pop("CLAIMCHECK_CACHE_DIR", None)
        shutil.rmtree(_CACHE, ignore_errors=True)
