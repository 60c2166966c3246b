"""claimcheck.model's helpers: the identity memo and the GC pauses."""

from __future__ import annotations

import gc

import pytest

from claimcheck.model import gc_paused, identity_memo


def test_gc_paused_nests_and_restores():
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner pause found it paused and left it so
    assert gc.isenabled()
    with pytest.raises(ZeroDivisionError):
        with gc_paused():
            1 / 0
    assert gc.isenabled()


def test_identity_memo_computes_once_per_object_and_forgets_all_when_full():
    calls = []

    def compute(obj):
        calls.append(obj)
        return len(obj)

    memo = identity_memo(compute, size=2)
    a, b, c = ["x"], ["y", "y"], ["z"] * 3
    assert (memo(a), memo(a), memo(b)) == (1, 1, 2)
    assert calls == [a, b]
    equal_but_other = ["x"]
    assert memo(equal_but_other) == 1 and calls[-1] is equal_but_other  # by identity, not value
    assert memo(c) == 3 and memo(a) == 1
    assert len(calls) == 5  # the memo was cleared when full, so `a` was computed again


def test_field_order_the_engine_builds_positionally():
    """The engine makes its hottest named tuples with ``tuple.__new__`` from all their fields in
    order (3x faster than their Python-level ``__new__``): a field added, removed or moved here
    must be matched there (match.py: ``_new(Figure, ...)``, ``_new(Target, ...)``, ``_new(Result,
    ...)``, ``_new(FigureResult, ...)``), which this test makes impossible to miss."""
    from claimcheck.match import Target
    from claimcheck.model import Figure, FigureResult, Result

    assert Figure._fields == ("value", "unit", "hedge", "high", "per", "period", "direction", "base",
                              "label", "text", "start", "end", "precision", "delta")
    assert Target._fields == ("figure", "note", "trend")
    assert Result._fields == ("text", "verdict", "reasons", "score", "figures", "claim", "alternatives")
    assert FigureResult._fields == ("figure", "verdict", "reasons", "claim_id", "matched")


def test_fit_keys_and_the_direction_rule_are_the_compatibility_rule():
    """``decide`` compares a sentence figure only with targets of its ``_fit_key`` (and, for a
    percent with a direction, only those with a direction): that must be exactly ``_compatible``,
    for every pair of units, rates, directions and differences."""
    from itertools import product

    from claimcheck.match import _compatible, _fit_key, _needs_direction
    from claimcheck.model import UNITS, Figure

    kinds = [Figure(value=1.0, unit=unit, per=per, direction=direction, delta=delta)
             for unit, per, direction, delta in product(UNITS, (None, "month", "year"), (None, "up", "down"),
                                                        (False, True))]
    disagree = [(f, t) for f, t in product(kinds, kinds)
                if _compatible(f, t) != (_fit_key(f) == _fit_key(t) and not (_needs_direction(f) and not t.direction))]
    assert not disagree, disagree[:3]
    assert any(_compatible(f, t) for f, t in product(kinds, kinds))  # the rule lets some pairs meet
    assert not all(_compatible(f, t) for f, t in product(kinds, kinds))
