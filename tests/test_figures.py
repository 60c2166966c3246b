"""Reading figures from sentences: numbers, units, hedges, periods, direction (EN and ES)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings, strategies as st

from claimcheck.figures import read
from claimcheck.periods import parse_period

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
    ("El flujo creció 12% a 39.3 millones de personas.",
     [(12, "percent", "exact", None, None, "up", None), (39.3e6, "people", "exact", None, None, "up", None)]),
    ("La derrama escaló 8.6% a 21,332 millones de dólares.",
     [(8.6, "percent", "exact", None, None, "up", None), (21332e6, "USD", "exact", None, None, "up", None)]),
    ("Between 20 and 30 percent of them.", [(20, "percent", "range", 30, None, None, None)]),
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


@pytest.mark.parametrize("text,periods", [
    # a period after another figure set against this one is the other's
    ("COMAR received 14,596 requests, up from 8,796 in 2016", [None, "2016"]),
    ("La Comar recibió 14 mil 596 solicitudes, frente a 8 mil 796 en 2016", [None, "2016"]),
    ("Mexico deported 80,353 people, compared with 107,449 in 2018", [None, "2018"]),
    # a period that opens the next figure's clause is that figure's
    ("In 2017 Mexico deported 80,353 people and in 2018, 107,449", ["2017", "2018"]),
    ("El presupuesto fue de 20.8 millones de pesos, cuando en 2018 fue de 25.7 y en 2017 de 25.4 millones",
     [None, "2018", "2017"]),
    # a period named before both figures is the first one's, even with a later period
    ("En 2017 se deportaron 80 mil 353 personas y 76 mil en 2016", ["2017", "2016"]),
    # a period after a plain list, or after one figure and its part, is shared
    ("Mexico recorded 80,353 deportations and 14,596 asylum requests in 2017", ["2017", "2017"]),
    ("Mexico deported 80,353 people in 2017, 76,000 of them Central Americans", ["2017", "2017"]),
    ("80,353 in 2017, 14,596 in 2018", ["2017", "2018"]),
])
def test_a_period_belongs_to_the_figure_whose_clause_it_is_in(text, periods):
    assert [f.period.iso() if f.period else None for f in read(text).figures] == periods


@pytest.mark.parametrize("text,amounts", [
    ("El presupuesto fue de 20.8 millones de pesos, cuando en 2018 fue de 25.7 y en 2017 de 25.4 millones de pesos",
     [(20.8e6, "MXN"), (25.7e6, "MXN"), (25.4e6, "MXN")]),
    ("The budget was $20.8 million, down from 25.7 in 2018", [(20.8e6, "USD"), (25.7e6, "USD")]),
    # a number with its own label, or far from the amounts' size, keeps its unit
    ("The U.S. gave $88 million for 3 projects", [(88e6, "USD"), (3, "count")]),
    ("Mexico received $75 million and 35 people died", [(75e6, "USD"), (35, "people")]),
    ("It cost $75 million, and 2 were built", [(75e6, "USD"), (2, "count")]),
])
def test_a_bare_number_among_amounts_takes_their_currency_and_scale(text, amounts):
    assert [(f.value, f.unit) for f in read(text).figures] == amounts


@pytest.mark.parametrize("text,precision", [
    ("8 mil 800 solicitudes", 100), ("8,800 solicitudes", 100), ("215 mil 380 personas", 10),
    ("16 mil 278 personas", 1), ("mil 296 solicitudes", 1),
])
def test_mexican_press_numbers_keep_the_precision_they_are_written_to(text, precision):
    [f] = read(text).figures
    assert f.precision == precision


def test_a_single_day_is_kept_as_a_date_not_a_period():
    reading = read("El 25 de agosto de 2015, hallaron los cuerpos de 72 migrantes.")
    assert [f.period for f in reading.figures] == [None]
    assert [(d.iso(), statement) for d, statement in reading.dates] == [("2015-08-25/2015-08-25", False)]
    [(date, statement)] = read("Officials said in March 2015 that 150 raids took place.").dates
    assert (date.iso(), statement) == ("2015-03", True)


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


# --------------------------------------------------------------------------- numbers that are not figures

NOT_FIGURES = [
    "Mexico deported people in 2017.[12]",
    "See note 3 and page 45 of the report, p. 8.",
    "3. Crear una frontera del siglo XXI.",
    "Mexico beat Honduras 2-1 on Sunday.",
    "México venció a Honduras 3-0 en el Azteca.",
    "En la madrugada del martes 24 de agosto de 2010 llegaron.",
    "MEXICO CITY — Mar 3, 2015, 6:10 PM ET",
    "Pillar Three of the Mérida Initiative was agreed.",
    "They met on June 12 in Tapachula.",
    "The shelter known as '72' opened its doors.",
    "José Ramos, 22, was among them.",
    "English 15/07/2017 10:59 AP",
]


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_numbers_that_are_not_figures(text):
    assert [f.text for f in read(text).figures] == []


def test_a_citation_beside_a_figure_leaves_the_figure():
    [f] = read("Mexico deported 80,353 people in 2017.[12]").figures
    assert (f.text, f.value, f.period.iso()) == ("80,353", 80353, "2017")


@pytest.mark.parametrize("text,value,unit", [
    ("El INM deportó a 80 mil 353 personas en 2017.", 80353, "people"),
    ("Se registraron 8 mil 796 solicitudes.", 8796, "count"),
    ("Tres de cada 10 migrantes son mujeres.", 30, "percent"),
    ("Uno de cada cuatro migrantes fue detenido.", 25, "percent"),
    ("Two in five migrants were women.", 40, "percent"),
    ("Más de millar y medio de personas buscaban cruzar México.", 1500, "people"),
    ("Un millar de migrantes salió de Tapachula.", 1000, "people"),
    ("Medio millar de personas esperaban en la frontera.", 500, "people"),
    ("Llegaron 1.5 millones de personas.", 1.5e6, "people"),
])
def test_mexican_press_numbers(text, value, unit):
    [f] = read(text).figures
    assert (f.value, f.unit) == (value, unit)


# --------------------------------------------------------------------------- periods from the document

DATE = dt.date(2019, 8, 5)


@pytest.mark.parametrize("text,today,iso", [
    ("Last year 80,000 people were deported.", DATE, "2018"),
    ("El año pasado fueron deportadas 80 mil personas.", DATE, "2018"),
    ("So far this year 5,000 were deported.", DATE, "2019-01-01/2019-08-05"),
    ("Over the last year 150 raids took place.", DATE, "2018-08-06/2019-08-05"),
    ("In July of last year 500 people were detained.", DATE, "2018-07"),
    ("Hasta junio de 2019 se registraron 5,000 solicitudes.", None, "2019-01/2019-06"),
    ("Two years ago, Zetas gunmen killed 72 migrants.", DATE, "2017"),
    ("Hace dos años, Los Zetas asesinaron a 72 migrantes.", DATE, "2017"),
])
def test_relative_periods_are_resolved_by_the_document_date(text, today, iso):
    [f] = read(text, today).figures
    assert f.period is not None and f.period.iso() == iso
    assert not f.vague


@pytest.mark.parametrize("text,words", [
    ("Last year 80,000 people were deported.", "Last year"),
    ("El año pasado fueron deportadas 80 mil personas.", "El año pasado"),
    ("Two years ago, Zetas gunmen killed 72 migrants.", "Two years ago"),  # (and "Two years" is no figure)
    ("Hace dos años, Los Zetas asesinaron a 72 migrantes.", "Hace dos años"),
])
def test_a_relative_period_without_a_date_is_vague_not_borrowed(text, words):
    reading = read(text)
    [f] = reading.figures
    assert f.period is None and f.vague == words
    assert reading.unresolved == (words,)


def test_a_year_earlier_is_counted_from_the_year_named():
    figures = read("Requests reached 14,596 in 2017, up from 8,796 a year earlier.").figures
    assert [(f.value, f.period.iso()) for f in figures] == [(14596, "2017"), (8796, "2016")]


def test_a_period_after_than_is_the_base_of_a_change():
    """'73 percent more than in the previous twelve months': the change is for the period of the
    sentence before; the previous twelve months are its base."""
    [f] = read("That was 73 percent more than in the previous twelve months.",
               previous=parse_period("2014-07/2015-06")).figures
    assert (f.period.iso(), f.base.iso()) == ("2014-07/2015-06", "2013-07/2014-06")
    [g] = read("Asylum requests rose 66% in 2017 compared with 2016.").figures
    assert (g.period.iso(), g.base.iso()) == ("2017", "2016")


def test_the_date_a_statement_was_made_is_not_the_figures_period():
    [f] = read("Officials said in March 2015 that 150 raids took place.").figures
    assert f.period is None


@pytest.mark.parametrize("text,unit", [
    ("A caravan of more than 1,200 Central American migrants.", "people"),
    ("Más de 1.200 migrantes centroamericanos.", "people"),
    ("80,353 Guatemalan nationals were returned.", "people"),
    ("Five states with migrants.", "count"),
    ("12 advanced naval bases.", "count"),
])
def test_counts_of_people_are_people(text, unit):
    assert read(text).figures[0].unit == unit


def test_a_number_in_quotation_marks_is_a_name():
    assert read("He runs the migrant shelter known as 'the 72' in Tenosique.").figures == ()


@pytest.mark.parametrize("text,span", [
    # an aside between the two ends of a range; a day and month with no year after a dated start
    ("Del 26 de noviembre del 2017, día de la votación, al 27 de enero, murieron 23 personas.", ("2017-11-26", "2018-01-27")),
    ("Between 26 November 2017, election day, and 27 January, 23 people died.", ("2017-11-26", "2018-01-27")),
])
def test_a_range_with_an_aside_between_its_ends(text, span):
    [figure] = read(text).figures
    assert (figure.period.start.isoformat(), figure.period.end.isoformat()) == span


@pytest.mark.parametrize("text,today,span", [
    ("through this past June", "2015-11-18", ("2015-06-01", "2015-06-30")),
    ("desde el pasado junio", "2015-03-01", ("2014-06-01", "2014-06-30")),
    ("from July 2014 to June of this year", "2015-11-18", ("2014-07-01", "2015-06-30")),
    ("from July 2014 to June", None, ("2014-07-01", "2015-06-30")),
])
def test_months_counted_from_the_texts_date(text, today, span):
    import datetime as dt

    from claimcheck.periods import find_periods

    found = find_periods(text, False, dt.date.fromisoformat(today) if today else None)
    assert [(p.start.isoformat(), p.end.isoformat()) for p in found.periods][-1:] == [span]


def test_a_month_of_this_year_with_no_date_cannot_be_placed():
    from claimcheck.periods import find_periods

    found = find_periods("from July 2014 to June of this year, up from 97,000 in the previous 12-month period")
    assert found.periods == [] and [u[2] for u in found.unresolved] == [
        "from July 2014 to June of this year", "the previous 12-month period"]


def test_a_number_set_against_a_rate_is_a_rate_without_the_rates_period():
    r = read("Joint operations averaged 429 per month from July 2014 to April 2015, up from 125.8.")
    assert [(f.text, f.per) for f in r.figures] == [("429", "month"), ("125.8", "month")]
    assert r.figures[0].period is not None and r.figures[1].period is None
