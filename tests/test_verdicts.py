"""Verdict mechanics that the case corpora do not pin one by one: the slot a reason names, the
fix a contradiction suggests, newer figures of a series, figures of one sentence matched to
different claims, and the public ``claimcheck.check`` entry point."""

from __future__ import annotations

import pytest

import claimcheck
from claimcheck.index import default_table
from claimcheck.verdict import check


def _figures(text: str):
    return [(f.figure.text, f.verdict, f.claim_id, f.slot) for f in check(text).figures]


def test_the_public_entry_point_is_the_engine():
    result = claimcheck.check("Mexico deported about 80,000 people in 2017")
    assert (result.verdict, result.claim.id) == ("supported", "inm-deportations-2017")
    assert "80,353" in result.claim.quote and result.claim.source.url.startswith("https://")


def test_each_slot_is_named():
    cases = {
        "The INM deported 95,000 people in 2017.": ("contradicted", "number"),
        "Mexico deported 80,353 people in 2015.": ("contradicted", "period"),
        "Mexico's migrant apprehensions fell 73 percent between July 2014 and June 2015.": ("contradicted", "direction"),
        "COMAR processed fewer than 50,000 asylum petitions in 2021.": ("contradicted", "bound"),
        "Guatemala's migration institute deported 80,353 people in 2017.": ("unverified", "place"),
    }
    for text, (verdict, slot) in cases.items():
        result = check(text)
        assert result.verdict == verdict, (text, result.reasons)
        assert result.reasons[0].startswith(f"{slot}:"), (text, result.reasons)


def test_a_contradiction_names_what_the_source_says():
    result = check("The INM deported 95,000 people in 2017.")
    assert result.reasons == ("number: says 95,000; source says 80,353 (2017)",)
    [figure] = result.figures
    assert figure.matched.value == 80353 and figure.slot == "number"


def test_each_figure_finds_its_own_claim():
    """Two claims in one sentence: both supported, neither contradicts the other."""
    got = _figures("In 2017 Mexico deported 80,353 people, and 14,596 people requested asylum there.")
    assert got == [("80,353", "supported", "inm-deportations-2017", "number"),
                   ("14,596", "supported", "mexico-asylum-requests-2017", "number")]


def test_a_newer_figure_of_the_series_is_noted():
    result = check("Asylum requests in Mexico reached 8,796 in 2016.")
    assert result.verdict == "supported"
    assert result.notes == ("newer: 14,596 in 2017 (claim mexico-asylum-requests-2017)",)


def test_a_shorter_later_period_is_not_a_newer_figure():
    """January-February 2018 does not replace the whole of 2017."""
    result = check("Mexico deported about 80,000 people in 2017")
    assert result.verdict == "supported" and result.notes == ()


def test_another_actor_with_the_same_figure_is_not_supported():
    for text in ("Mexico's environment ministry put $88 million into reforestation in 2017.",
                 "A water utility logged 521 billing complaints in 2017.",
                 "El Congreso de Honduras aprobó 35 reformas en 2017."):
        assert check(text).verdict == "unverified", (text, check(text).reasons)


def test_the_table_is_built_once():
    assert default_table() is default_table()


@pytest.mark.parametrize("text, note", [
    ("Las deportaciones del INM bajaron a 80 mil 353 en 2017.", "direction: says it went down; the table has no earlier figure to tell"),
    ("México deportó a más personas en 2017 (80 mil 353) que el año anterior.", "direction: says it went up; the table has no earlier figure to tell"),
    ("Mexico deported 80,353 people in 2017.", None),
    ("COMAR received 14,596 asylum requests in 2017, up from 8,796 in 2016.", None),  # the table settles it
])
def test_a_direction_the_table_cannot_settle_is_noted_beside_a_supported_level(text, note):
    result = check(text)
    assert result.verdict == "supported", result.reasons
    directional = [n for n in result.notes if n.startswith("direction:")]
    assert directional == ([note] if note else [])


@pytest.mark.parametrize("text,tail", [
    ("Mexican police raided La Bestia 153 times during 2014.", "the periods only partly overlap"),
    ("COMAR received 14,596 asylum requests between January and May 2017.", "one period is only part of the other"),
])
def test_a_period_that_is_not_the_sources_says_how_they_differ(text, tail):
    result = check(text)
    assert result.verdict == "unverified" and result.reasons[0].startswith("period:")
    assert result.reasons[0].endswith(tail), result.reasons


@pytest.mark.parametrize("text,reason", [
    ("The San Fernando massacre killed 72 migrants.",
     "period: 72 has no date or period; the source's figure is for one event, in 2010 (72)"),
    ("Mexico has deported 80,353 people since 2017.",
     "period: 'since 2017' cannot be placed (no date in the text says when); the source's figure is for 2017 (80,353)"),
])
def test_an_undated_event_or_an_open_period_is_unverified(text, reason):
    result = check(text)
    assert result.verdict == "unverified" and result.reasons == (reason,)
