"""Reading figures from sentences: numbers, units, hedges, periods, direction (EN and ES)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from claimcheck.figures import parse_period, read

# text, expected figures as (value, unit, hedge, high, per, direction, period iso)
CASES = [
    ("Mexico deported 80,353 people in 2017.", [(80353, "people", "exact", None, None, None, "2017")]),
    ("El INM deportó a 80.353 personas en 2017.", [(80353, "people", "exact", None, None, None, "2017")]),
    ("They deported 80 353 people in 2017.", [(80353, "people", "exact", None, None, None, "2017")]),
    ("Requests reached 14596 in 2017.", [(14596, "count", "exact", None, None, None, "2017")]),
    ("An average of 125.8 per month.", [(125.8, "count", "exact", None, "month", None, None)]),
    ("Un promedio de 125,8 operativos al mes.", [(125.8, "count", "exact", None, "month", None, None)]),
    ("It rose to an average of 429 a month.", [(429, "count", "exact", None, "month", "up", None)]),
    ("The massacre of seventy-two migrants.", [(72, "people", "exact", None, None, None, None)]),
    ("La masacre de setenta y dos migrantes.", [(72, "people", "exact", None, None, None, None)]),
    ("A dozen bases were built.", [(12, "count", "exact", None, None, None, None)]),
    ("A $75 million project.", [(75e6, "USD", "exact", None, None, None, None)]),
    ("Un proyecto de US$75 millones.", [(75e6, "USD", "exact", None, None, None, None)]),
    ("A program worth 88 million dollars.", [(88e6, "USD", "exact", None, None, None, None)]),
    ("It cost 2,000 pesos.", [(2000, "MXN", "exact", None, None, None, None)]),
    ("Apprehensions rose 73% in 2015.", [(73, "percent", "exact", None, None, "up", "2015")]),
    ("Apprehensions rose 73 per cent.", [(73, "percent", "exact", None, None, "up", None)]),
    ("Las detenciones aumentaron 73 por ciento.", [(73, "percent", "exact", None, None, "up", None)]),
    ("Detentions fell 12 percent.", [(12, "percent", "exact", None, None, "down", None)]),
    ("A 73 percent increase.", [(73, "percent", "exact", None, None, "up", None)]),
    ("An estimated 1,200 to 1,500 people.", [(1200, "people", "range", 1500, None, None, None)]),
    ("Between 1,200 and 1,500 people joined.", [(1200, "people", "range", 1500, None, None, None)]),
    ("Entre 1.200 y 1.500 personas.", [(1200, "people", "range", 1500, None, None, None)]),
    ("About 80,000 people.", [(80000, "people", "approximate", None, None, None, None)]),
    ("Roughly 80,000 people.", [(80000, "people", "approximate", None, None, None, None)]),
    ("Alrededor de 80.000 personas.", [(80000, "people", "approximate", None, None, None, None)]),
    ("Nearly 100,000 migrants.", [(100000, "people", "nearly", None, None, None, None)]),
    ("Casi 100.000 migrantes.", [(100000, "people", "nearly", None, None, None, None)]),
    ("Close to 9,000 refugees.", [(9000, "people", "nearly", None, None, None, None)]),
    ("More than 74,000 petitions.", [(74000, "count", "more-than", None, None, None, None)]),
    ("Over 30,000 people.", [(30000, "people", "more-than", None, None, None, None)]),
    ("Más de 74.000 peticiones.", [(74000, "count", "more-than", None, None, None, None)]),
    ("At least five states.", [(5, "count", "at-least", None, None, None, None)]),
    ("Fewer than 200 complaints.", [(200, "count", "fewer-than", None, None, None, None)]),
    ("Less than 1 percent of complaints.", [(1, "percent", "fewer-than", None, None, None, None)]),
    ("Menos de 200 quejas.", [(200, "count", "fewer-than", None, None, None, None)]),
    ("Up to 500 people.", [(500, "people", "at-most", None, None, None, None)]),
    ("A 32-year veteran.", [(32, "years", "exact", None, None, None, None)]),
    ("More than 100 miles of cordons.", [(100, "miles", "more-than", None, None, None, None)]),
    ("Honduras had 9 million inhabitants.", [(9e6, "count", "exact", None, None, None, None)]),
    ("Detentions doubled.", [(2, "multiplier", "exact", None, None, "up", None)]),
    ("Detentions nearly tripled.", [(3, "multiplier", "nearly", None, None, "up", None)]),
    ("Las solicitudes se duplicaron.", [(2, "multiplier", "exact", None, None, "up", None)]),
    ("Complaints were halved.", [(0.5, "multiplier", "exact", None, None, "down", None)]),
    # years are periods, not figures; identifiers and ordinals are not figures
    ("The 2010 San Fernando massacre.", []),
    ("In 2017 the INM was busy.", []),
    ("The 21st-Century Border and COVID-19.", []),
    ("One of the states.", []),
    ("Una de las organizaciones.", []),
]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_read_figures(text, expected):
    reading = read(text)
    got = [(f.value, f.unit, f.hedge, f.high, f.per, f.direction, f.period.iso() if f.period else None)
           for f in reading.figures]
    assert got == [tuple(e) for e in expected]
    for f in reading.figures:
        assert text[f.start:f.end] == f.text


PERIODS = [
    ("in 2017", "2017"),
    ("in January and February of 2018", "2018-01/2018-02"),
    ("en enero y febrero de 2018", "2018-01/2018-02"),
    ("between July 2014 and June 2015", "2014-07/2015-06"),
    ("entre julio de 2014 y junio de 2015", "2014-07/2015-06"),
    ("from July 2013 to June 2014", "2013-07/2014-06"),
    ("de julio de 2013 a junio de 2014", "2013-07/2014-06"),
    ("in the twelve months to June 2015", "2014-07/2015-06"),
    ("in the year to June 2014", "2013-07/2014-06"),
    ("between December 1, 2012 and June 15, 2015", "2012-12-01/2015-06-15"),
    ("entre el 1 de diciembre de 2012 y el 15 de junio de 2015", "2012-12-01/2015-06-15"),
    ("from 2016 to 2017", "2016/2017"),
    ("in the first two months of 2018", "2018-01/2018-02"),
    ("in March 2015", "2015-03"),
]


@pytest.mark.parametrize("phrase,iso", PERIODS, ids=[p[0] for p in PERIODS])
def test_read_periods(phrase, iso):
    reading = read(f"Something with 5 people happened {phrase}.")
    assert [p.iso() for p in reading.periods] == [iso]
    assert reading.figures[0].period.iso() == iso


def test_comparison_of_two_periods():
    reading = read("Detentions doubled between the year to June 2014 and the year to June 2015.")
    [figure] = reading.figures
    assert figure.unit == "multiplier"
    assert figure.base.iso() == "2013-07/2014-06"
    assert figure.period.iso() == "2014-07/2015-06"


def test_each_figure_gets_its_own_period():
    reading = read("Requests rose from 8,796 in 2016 to 14,596 in 2017.")
    assert [(f.value, f.period.iso()) for f in reading.figures] == [(8796, "2016"), (14596, "2017")]


def test_precision_of_round_numbers():
    [a, b, c] = read("80,000 and 80,353 and 125.8").figures
    assert (a.precision, b.precision, c.precision) == (10000, 1, 0.1)


@pytest.mark.parametrize("value,start,end", [
    ("2017", "2017-01-01", "2017-12-31"),
    ("2018-01/2018-02", "2018-01-01", "2018-02-28"),
    ("2012-12-01/2015-06-15", "2012-12-01", "2015-06-15"),
    ("2016-02", "2016-02-01", "2016-02-29"),
])
def test_parse_period(value, start, end):
    period = parse_period(value)
    assert (period.start.isoformat(), period.end.isoformat()) == (start, end)
    assert period.iso() == value


@pytest.mark.parametrize("value", ["2017-13", "17", "2018/2017", "2018-02-30", "", "2017/2018/2019"])
def test_parse_period_rejects(value):
    with pytest.raises(ValueError):
        parse_period(value)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_read_never_fails_and_positions_stay_inside(text):
    reading = read(text)
    for figure in reading.figures:
        assert 0 <= figure.start <= figure.end <= len(text)
    for start, end in reading.period_spans:
        assert 0 <= start <= end <= len(text)


NUMBERISH = st.lists(st.sampled_from(
    ["80,353", "80.353", "125,8", "1.5", "$75", "million", "millones", "mil", "percent", "%", "por ciento",
     "about", "more than", "más de", "between", "and", "y", "to", "2017", "July", "julio", "de", "the year to",
     "seventy-two", "setenta y dos", "doubled", "rose", "fell", "per month", "al mes", "-", "–", " ", ",", "."]),
    max_size=25).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(NUMBERISH)
def test_read_number_soup(text):
    reading = read(text)
    for figure in reading.figures:
        assert 0 <= figure.start <= figure.end <= len(text)
        assert figure.value == figure.value  # not NaN
