"""Synthetic data for the benchmarks: a large claims table, and sentences to check.

    python benchmarks/synthetic_table.py OUT.yaml [--claims 100000] [--seed 1] [--validate]

* ``write_table(path, n)`` writes a table in the format of data/claims.yaml: measures (deportations,
  asylum requests, homicides, vaccinations, exports, ...) with English and Spanish keywords and
  labels, places claimcheck knows (countries, Mexican and U.S. states) with their Spanish names,
  agencies with their acronyms and Spanish names, series of consecutive periods (years, month
  ranges, July-June years, multi-year spans, single months), figures in people, counts, USD,
  percents (levels and changes with a base), monthly averages and ranges, quotes in English or
  Spanish that state the figure, and a few hundred sources.  Ids start with ``syn-``.  Left out on
  purpose: library loans, GDP and population, which the acceptance cases use as "not in the table".
* ``query_sentences(claims, n)`` writes sentences about those claims (true, hedged, wrong number,
  wrong period, Spanish, another place), each with the verdict a careful reader expects.
* ``variants(templates, n, actors)`` makes ``n`` distinct sentences from template sentences (the
  bundled table's statements, the case files) by varying their numbers, years and actors.

Writing a table needs only the standard library; ``--validate`` runs ``claimcheck validate`` on it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from types import SimpleNamespace

# subject | unit (people, count, usd, pct) | label EN/ES | keywords EN | keywords ES
_MEASURES = """
deportations|people|people/personas|deportations,deported,removals|deportaciones,deportados
asylum requests|people|asylum seekers/solicitantes de asilo|asylum requests,asylum applications|solicitudes de asilo,solicitantes de asilo
refugee recognitions|people|refugees/refugiados|refugee status,recognised refugees|estatus de refugiado,refugiados reconocidos
migrant apprehensions|people|migrants/migrantes|apprehensions,apprehended|aprehensiones,aprehendidos
border crossings|count|crossings/cruces|border crossings,crossed the border|cruces fronterizos,cruzaron la frontera
visas issued|count|visas/visas|visas issued,visas|visas expedidas,visados
work permits|count|work permits/permisos de trabajo|work permits,work authorisations|permisos de trabajo,autorizaciones laborales
naturalisations|people|new citizens/nuevos ciudadanos|naturalisations,naturalised|naturalizaciones,naturalizados
unaccompanied minors|people|children/niños|unaccompanied minors,unaccompanied children|menores no acompañados,niños no acompañados
migrant deaths|people|migrants/migrantes|migrant deaths,migrants died|muertes de migrantes,migrantes fallecidos
remittances|usd|remittances/remesas|remittances,money transfers|remesas,envíos de dinero
migrant shelters|count|shelters/albergues|migrant shelters,shelters|albergues,casas del migrante
internally displaced people|people|displaced people/desplazados|internally displaced,displacement|desplazados internos,desplazamiento forzado
trafficking victims|people|victims/víctimas|human trafficking,trafficking victims|trata de personas,víctimas de trata
homicides|count|homicides/homicidios|homicides,murders|homicidios,asesinatos
femicides|count|femicides/feminicidios|femicides,women killed|feminicidios,mujeres asesinadas
kidnappings|count|kidnappings/secuestros|kidnappings,kidnapped|secuestros,secuestrados
extortion reports|count|extortion reports/denuncias de extorsión|extortion,extortion reports|extorsión,denuncias de extorsión
car thefts|count|stolen cars/autos robados|car thefts,stolen cars|robo de vehículos,autos robados
drug seizures|count|seizures/decomisos|drug seizures,seized drugs|decomisos de droga,aseguramientos
prison population|people|prisoners/presos|prison population,inmates|población penitenciaria,reclusos
journalists killed|people|journalists/periodistas|journalists killed,reporters killed|periodistas asesinados,asesinatos de periodistas
disappearances|people|missing persons/personas desaparecidas|disappearances,missing persons|desapariciones,personas desaparecidas
torture complaints|count|complaints/quejas|torture complaints,torture|denuncias de tortura,tortura
firearm seizures|count|firearms/armas|firearms seized,gun seizures|armas aseguradas,armas decomisadas
traffic deaths|people|road deaths/muertes viales|traffic deaths,road deaths|muertes viales,accidentes mortales
hospital beds|count|hospital beds/camas de hospital|hospital beds,hospital capacity|camas de hospital,camas hospitalarias
doctors|people|doctors/médicos|doctors,physicians|médicos,doctores
vaccinations|count|vaccine doses/dosis de vacuna|vaccinations,vaccine doses|vacunas,dosis aplicadas
measles cases|count|measles cases/casos de sarampión|measles,measles cases|sarampión,casos de sarampión
dengue cases|count|dengue cases/casos de dengue|dengue,dengue fever|dengue,casos de dengue
maternal deaths|people|maternal deaths/muertes maternas|maternal deaths,maternal mortality|muertes maternas,mortalidad materna
overdose deaths|people|overdose deaths/muertes por sobredosis|overdose deaths,overdoses|muertes por sobredosis,sobredosis
health spending|usd|health spending/gasto en salud|health spending,health budget|gasto en salud,presupuesto de salud
school enrolment|people|students/estudiantes|school enrolment,enrolled students|matrícula escolar,estudiantes inscritos
teachers hired|people|teachers/maestros|teachers hired,new teachers|maestros contratados,docentes contratados
school dropouts|people|dropouts/desertores|school dropouts,dropped out|deserción escolar,abandono escolar
scholarships|count|scholarships/becas|scholarships,student scholarships|becas,becas escolares
exports|usd|exports/exportaciones|exports,exported|exportaciones,exportado
foreign investment|usd|investment/inversión|foreign investment,foreign direct investment|inversión extranjera,inversión extranjera directa
unemployment rate|pct|unemployment/desempleo|unemployment rate,jobless rate|tasa de desempleo,desocupación
poverty rate|pct|poverty/pobreza|poverty rate,poor households|tasa de pobreza,hogares pobres
informal workers|people|informal workers/trabajadores informales|informal workers,informal employment|trabajadores informales,informalidad laboral
jobs created|count|jobs/empleos|jobs created,new jobs|empleos creados,nuevos empleos
tourist arrivals|people|tourists/turistas|tourist arrivals,foreign tourists|llegada de turistas,turistas extranjeros
forest fires|count|forest fires/incendios forestales|forest fires,wildfires|incendios forestales,incendios
deforestation|count|hectares lost/hectáreas perdidas|deforestation,forest loss|deforestación,pérdida de bosque
oil spills|count|oil spills/derrames de petróleo|oil spills,spills|derrames de petróleo,derrames
registered voters|people|voters/electores|registered voters,voter roll|padrón electoral,electores registrados
voter turnout|pct|turnout/participación|voter turnout,turnout|participación electoral,participación ciudadana
public officials prosecuted|people|officials prosecuted/funcionarios procesados|officials prosecuted,prosecuted officials|funcionarios procesados,funcionarios enjuiciados
transparency requests|count|requests/solicitudes|transparency requests,information requests|solicitudes de transparencia,solicitudes de información
housing units built|count|homes/viviendas|housing units,new homes|viviendas construidas,nuevas viviendas
households without water|count|households/hogares|households without water,no running water|hogares sin agua,sin agua potable
road accidents|count|accidents/accidentes|road accidents,crashes|accidentes de tránsito,choques
flights cancelled|count|flights/vuelos|flights cancelled,cancelled flights|vuelos cancelados,cancelaciones de vuelos
"""

# English name | Spanish name: places claimcheck's vocabulary knows (``vocabulary.PLACE_OF``).
_PLACES = """
Mexico|México;Guatemala|Guatemala;Honduras|Honduras;El Salvador|El Salvador;Nicaragua|Nicaragua;Costa Rica|Costa Rica;
Panama|Panamá;Belize|Belice;Cuba|Cuba;Haiti|Haití;Venezuela|Venezuela;Colombia|Colombia;Ecuador|Ecuador;Peru|Perú;
Bolivia|Bolivia;Chile|Chile;Argentina|Argentina;Brazil|Brasil;Uruguay|Uruguay;Paraguay|Paraguay;Canada|Canadá;
Spain|España;France|Francia;Germany|Alemania;Italy|Italia;Greece|Grecia;Russia|Rusia;Ukraine|Ucrania;Syria|Siria;
Iraq|Irak;Afghanistan|Afganistán;India|India;China|China;Japan|Japón;Australia|Australia;Nigeria|Nigeria;
Chiapas|Chiapas;Tabasco|Tabasco;Oaxaca|Oaxaca;Veracruz|Veracruz;Tamaulipas|Tamaulipas;Coahuila|Coahuila;
Sonora|Sonora;Chihuahua|Chihuahua;Jalisco|Jalisco;Guerrero|Guerrero;Michoacán|Michoacán;Puebla|Puebla;
Campeche|Campeche;Yucatán|Yucatán;Aguascalientes|Aguascalientes;Colima|Colima;Durango|Durango;
Guanajuato|Guanajuato;Hidalgo|Hidalgo;Morelos|Morelos;Nayarit|Nayarit;Querétaro|Querétaro;Sinaloa|Sinaloa;
Tlaxcala|Tlaxcala;Zacatecas|Zacatecas;Texas|Texas;Arizona|Arizona;California|California
"""

# name | short name | Spanish name | domains it reports on (the measures above, in this order of blocks)
_ACTORS = """
National Institute of Migration|INM|Instituto Nacional de Migración|migration
Mexican Commission for Refugee Assistance|COMAR|Comisión Mexicana de Ayuda a Refugiados|migration
UN Refugee Agency|UNHCR|ACNUR|migration
International Organization for Migration|IOM|Organización Internacional para las Migraciones|migration
Executive Secretariat of Public Security|SESNSP|Secretariado Ejecutivo de Seguridad Pública|crime
Attorney General's Office|FGR|Fiscalía General de la República|crime
National Human Rights Commission|CNDH|Comisión Nacional de los Derechos Humanos|crime migration
Ministry of Health|SSA|Secretaría de Salud|health
Pan American Health Organization|PAHO|Organización Panamericana de la Salud|health
Ministry of Education|SEP|Secretaría de Educación Pública|education
UNICEF|UNICEF|UNICEF|education health
Bank of Mexico|Banxico|Banco de México|economy
Economic Commission for Latin America|ECLAC|CEPAL|economy
International Labour Organization|ILO|Organización Internacional del Trabajo|economy
National Institute of Statistics and Geography|INEGI|Instituto Nacional de Estadística y Geografía|economy crime health education social
National Forestry Commission|CONAFOR|Comisión Nacional Forestal|environment
Ministry of the Environment|SEMARNAT|Secretaría de Medio Ambiente|environment
National Electoral Institute|INE|Instituto Nacional Electoral|governance
National Transparency Institute|INAI|Instituto Nacional de Transparencia|governance
National Housing Commission|CONAVI|Comisión Nacional de Vivienda|social
National Water Commission|CONAGUA|Comisión Nacional del Agua|social environment
Ministry of Transport|SCT|Secretaría de Comunicaciones y Transportes|transport
"""
_DOMAIN_STARTS = {"deportations": "migration", "homicides": "crime", "hospital beds": "health",
                  "school enrolment": "education", "exports": "economy", "forest fires": "environment",
                  "registered voters": "governance", "housing units built": "social", "road accidents": "transport"}
_PUBLISHERS = ["The Intercept", "Animal Político", "El País", "Reuters", "Associated Press", "La Jornada", "Milenio",
               "El Universal", "Proceso", "The Guardian", "BBC Mundo", "InSight Crime", "Migration Policy Institute",
               "Pew Research Center", "México Evalúa", "El Faro", "Plaza Pública", "La Prensa Gráfica"]
MONTHS_EN = ["", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]
MONTHS_ES = ["", "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
             "noviembre", "diciembre"]


def slug(text: str) -> str:
    text = "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _measures():
    out, domain = [], "migration"
    for line in _MEASURES.strip().splitlines():
        subject, unit, labels, en, es = line.split("|")
        domain = _DOMAIN_STARTS.get(subject, domain)
        label_en, label_es = labels.split("/")
        out.append(SimpleNamespace(subject=subject, unit=unit, label_en=label_en, label_es=label_es,
                                   kw_en=en.split(","), kw_es=es.split(","), domain=domain))
    return out


MEASURES = _measures()
PLACES = [SimpleNamespace(name=en.strip(), es=es.strip())
          for en, es in (item.split("|") for item in _PLACES.replace("\n", "").split(";"))]
MEXICAN_STATES = {p.name for p in PLACES[PLACES.index(next(p for p in PLACES if p.name == "Chiapas")):]
                  if p.name not in ("Texas", "Arizona", "California")}
ACTORS = [SimpleNamespace(name=n, short=s, es=e, domains=set(d.split()))
          for n, s, e, d in (line.split("|") for line in _ACTORS.strip().splitlines())]
ACTORS_FOR = {d: [a for a in ACTORS if d in a.domains] for d in _DOMAIN_STARTS.values()}


# ------------------------------------------------------------------------------------------------
# Numbers and periods as text
# ------------------------------------------------------------------------------------------------

def number(value: float, spanish: bool = False) -> str:
    text = f"{int(value):,}" if value == int(value) else f"{value:,.1f}"
    return text.translate(str.maketrans(",.", ".,")) if spanish else text


def figure_text(unit: str, value: float, label: str, spanish: bool = False) -> str:
    if unit == "usd":
        millions = number(value / 1e6, spanish)
        return f"{millions} millones de dólares" if spanish else f"${millions} million"
    if unit == "pct":
        return f"{number(value, spanish)} por ciento" if spanish else f"{number(value)} percent"
    return f"{number(value, spanish)} {label}"


def period_text(start: dt.date, end: dt.date, spanish: bool = False) -> str:
    """'in 2017', 'between July 2014 and June 2015', 'en marzo de 2017' ..."""
    m = MONTHS_ES if spanish else MONTHS_EN
    of = " de " if spanish else " "
    if start.month == 1 and end.month == 12:
        if start.year == end.year:
            return f"en {start.year}" if spanish else f"in {start.year}"
        return f"de {start.year} a {end.year}" if spanish else f"from {start.year} to {end.year}"
    if (start.year, start.month) == (end.year, end.month):
        return f"en {m[start.month]}{of}{start.year}" if spanish else f"in {m[start.month]} {start.year}"
    if start.year == end.year:
        return (f"entre {m[start.month]} y {m[end.month]} de {start.year}" if spanish else
                f"between {m[start.month]} and {m[end.month]} {start.year}")
    return (f"entre {m[start.month]} de {start.year} y {m[end.month]} de {end.year}" if spanish else
            f"between {m[start.month]} {start.year} and {m[end.month]} {end.year}")


def iso(start: dt.date, end: dt.date) -> str:
    """The table's notation for a period of whole months."""
    if start.month == 1 and end.month == 12:
        return str(start.year) if start.year == end.year else f"{start.year}/{end.year}"
    a, b = f"{start.year}-{start.month:02d}", f"{end.year}-{end.month:02d}"
    return a if a == b else f"{a}/{b}"


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def _add_months(day: dt.date, months: int) -> dt.date:
    total = day.year * 12 + day.month - 1 + months
    return dt.date(total // 12, total % 12 + 1, 1)


def _periods(rng: random.Random, k: int) -> list[tuple[dt.date, dt.date]]:
    """k consecutive periods of one shape between 1995 and 2024."""
    shape = rng.choices(["year", "july-june", "half", "month", "multi"], weights=[60, 12, 12, 8, 8])[0]
    if shape == "multi":
        span = rng.choice([2, 3])
        k = min(k, 28 // span)
        y0 = rng.randint(1995, 2025 - span * k)
        return [(dt.date(y0 + span * j, 1, 1), dt.date(y0 + span * j + span - 1, 12, 31)) for j in range(k)]
    months = {"year": 12, "july-june": 12, "half": 6, "month": 1}[shape]
    first = {"year": 1, "july-june": 7, "half": rng.choice([1, 7]), "month": rng.randint(1, 12)}[shape]
    start = dt.date(rng.randint(1995, 2024 - (months * k) // 12), first, 1)
    out = []
    for j in range(k):
        s = _add_months(start, j * months)
        e = _add_months(s, months - 1)
        out.append((s, _month_end(e.year, e.month)))
    return out


def _value(rng: random.Random, unit: str) -> float:
    if unit == "usd":
        return float(rng.randint(2, 9_000) * 1_000_000)
    if unit == "pct":
        return round(rng.uniform(5, 80), 1)
    value = int(10 ** rng.uniform(2, 6.5))
    return float(value + 500 if 1900 <= value <= 2100 else value)  # a number that reads as a year is a year


def _next_value(rng: random.Random, value: float, unit: str) -> float:
    """The next period's value: 25-80% away, so that two periods never agree within a hedge."""
    factor = rng.choice([rng.uniform(0.45, 0.78), rng.uniform(1.28, 1.8)])
    if unit == "usd":
        return float(max(2, round(value * factor / 1e6)) * 1_000_000)
    if unit == "pct":
        return round(min(95.0, max(5.0, value * factor)), 1)
    out = max(50, round(value * factor))
    return float(out + 500 if 1900 <= out <= 2100 else out)


# ------------------------------------------------------------------------------------------------
# The table
# ------------------------------------------------------------------------------------------------

_QUOTES_EN = ["According to {actor}, {place} recorded {fig} {when}.",
              "{Actor} data show that {place} registered {fig} {when}, {filler}.",
              "Official figures from {actor} put {subject} in {place} at {fig} {when}."]
_QUOTES_ES = ["Según {actor}, {place} registró {fig} {when}.",
              "De acuerdo con datos de {actor}, {place} sumó {fig} {when}, {filler}."]
_FILLERS_EN = ["the latest figure available", "a number officials later revised", "according to the annual report"]
_FILLERS_ES = ["según el informe anual", "la cifra más reciente disponible"]


def generate(n: int, seed: int = 1) -> tuple[dict, list[dict]]:
    """``(sources, claims)`` as plain dicts, in the order they are written."""
    rng = random.Random(seed)
    sources: dict[str, dict] = {}
    by_year: dict[int, list[str]] = {}
    for year in range(1996, 2026):
        for j in range(max(1, min(10, n // 3000))):
            publisher = rng.choice(_PUBLISHERS)
            name = f"{slug(publisher)[:20].strip('-')}-{year}-{j}"
            sources[name] = {"publisher": publisher, "title": f"Figures of {year}: report {j}",
                             "date": dt.date(year, rng.randint(1, 12), rng.randint(1, 28)).isoformat(),
                             "url": f"https://example.org/{slug(publisher)}/{year}/{j}"}
            by_year.setdefault(year, []).append(name)
    claims: list[dict] = []
    used: set[tuple] = set()  # (measure, place, year): two claims there would answer one sentence
    while len(claims) < n:
        for _ in range(20):
            measure, place = rng.choice(MEASURES), rng.choice(PLACES)
            actor = rng.choice(ACTORS_FOR[measure.domain])
            periods = _periods(rng, min(rng.choice([1, 1, 1, 2, 3, 4, 6]), n - len(claims)))
            years = {y for s, e in periods for y in range(s.year, e.year + 1)}
            # a claim about Mexico and one about a Mexican state would answer the same sentence too
            wider = "Mexico" if place.name in MEXICAN_STATES else "a Mexican state" if place.name == "Mexico" else ""
            keys = {(measure.subject, place.name, y) for y in years}
            if not (keys | {(measure.subject, wider, y) for y in years}) & used:
                break
        used |= keys | ({(measure.subject, "a Mexican state", y) for y in years} if place.name in MEXICAN_STATES else set())
        series = f"syn-{slug(measure.subject)}-{slug(place.name)}-{len(claims)}" if len(periods) > 1 else ""
        values = [_value(rng, measure.unit)]
        for tries in range(1000):
            if len(values) == len(periods):
                break
            value = _next_value(rng, values[-1], measure.unit) if tries < 500 else _value(rng, measure.unit)
            if all(abs(value - v) > 0.15 * max(value, v) for v in values):  # no two periods agree
                values.append(value)
        previous, periods = None, periods[:len(values)]
        for (start, end), value in zip(periods, values):
            fig = {"value": value, "unit": {"usd": "USD", "pct": "percent"}.get(measure.unit, measure.unit),
                   "period": iso(start, end), "label": [measure.label_en, measure.label_es]}
            text_en = figure_text(measure.unit, value, measure.label_en)
            text_es = figure_text(measure.unit, value, measure.label_es, spanish=True)
            if not series and measure.unit in ("people", "count") and rng.random() < 0.15:
                fig["hedge"] = "approximate"
                text_en, text_es = f"about {text_en}", f"alrededor de {text_es}"
            figures, statement = [fig], text_en
            if previous is not None and measure.unit != "pct" and rng.random() < 0.3:
                change = round(abs(value - previous[0]) / previous[0] * 100)
                up = value > previous[0]
                figures.append({"value": float(change), "unit": "percent", "direction": "up" if up else "down",
                                "period": iso(start, end), "base": iso(*previous[1]), "label": fig["label"]})
                text_en += f", {'up' if up else 'down'} {change} percent from the previous period"
                text_es += f", {change} por ciento {'más' if up else 'menos'} que en el periodo anterior"
            spanish = rng.random() < 0.2
            template = rng.choice(_QUOTES_ES if spanish else _QUOTES_EN)
            who = actor.es if spanish else rng.choice([actor.name, actor.short])
            quote = template.format(actor=who, Actor=who[0].upper() + who[1:],
                                    place=place.es if spanish else place.name,
                                    subject=measure.subject, fig=text_es if spanish else text_en,
                                    when=period_text(start, end, spanish),
                                    filler=rng.choice(_FILLERS_ES if spanish else _FILLERS_EN))
            year = min(2025, end.year + rng.choice([1, 1, 2]))
            claim = {
                "id": f"syn-{slug(measure.subject)}-{slug(place.name)}-{slug(iso(start, end))}-{len(claims) + 1}",
                "statement": (f"The {measure.subject} in {place.name} was {statement} {period_text(start, end)}, "
                              f"according to {actor.name}." if measure.unit == "pct" else
                              f"{actor.name} recorded {statement} ({measure.subject}) in {place.name} "
                              f"{period_text(start, end)}."),
                "subject": measure.subject, "actor": actor.name, "place": place.name, "series": series,
                "keywords": [*rng.sample(measure.kw_en, 2), *rng.sample(measure.kw_es, 2)],
                "aliases": list(dict.fromkeys([actor.short, actor.es])),
                "figures": figures, "quote": quote, "source": rng.choice(by_year[year]),
            }
            if rng.random() < 0.3:
                claim["cites"] = [f"{actor.short} annual report"]
            if not series:
                del claim["series"]
            claims.append(claim)
            previous = (value, (start, end))
    return sources, claims


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _flow(items) -> str:
    return "[" + ", ".join(_q(x) for x in items) + "]"


def _num(value: float) -> str:
    return str(int(value)) if value == int(value) else repr(value)


def dump(sources: dict, claims: list[dict], out) -> None:
    out.write("# Synthetic table written by benchmarks/synthetic_table.py; not real figures.\nversion: 1\n\nsources:\n")
    for name, s in sources.items():
        out.write(f"  {name}:\n" + "".join(f"    {k}: {_q(v)}\n" for k, v in s.items()))
    out.write("\nclaims:\n")
    for c in claims:
        lines = [f"  - id: {c['id']}"]
        for key in ("statement", "subject", "actor", "place", "series"):
            if c.get(key):
                lines.append(f"    {key}: {_q(c[key])}")
        lines += [f"    keywords: {_flow(c['keywords'])}", f"    aliases: {_flow(c['aliases'])}", "    figures:"]
        for f in c["figures"]:
            lines.append(f"      - value: {_num(f['value'])}")
            lines += [f"        {k}: {_num(f[k]) if k == 'high' else _q(f[k])}"
                      for k in ("high", "unit", "hedge", "per", "direction", "period", "base") if k in f]
            lines.append(f"        label: {_flow(f['label'])}")
        lines += [f"    quote: {_q(c['quote'])}", f"    source: {c['source']}"]
        if c.get("cites"):
            lines.append(f"    cites: {_flow(c['cites'])}")
        out.write("\n".join(lines) + "\n")


def write_table(path, n: int = 100_000, seed: int = 1) -> list[dict]:
    """Write the table to ``path``; return its claims (dicts, for ``query_sentences``)."""
    sources, claims = generate(n, seed)
    with open(path, "w", encoding="utf-8") as out:
        dump(sources, claims, out)
    return claims


# ------------------------------------------------------------------------------------------------
# Sentences about the synthetic claims
# ------------------------------------------------------------------------------------------------

_MEASURE_OF = {m.subject: m for m in MEASURES}
_PLACE_OF = {p.name: p for p in PLACES}
_ACTOR_OF = {a.name: a for a in ACTORS}
#: variant -> the verdict a careful reader expects
EXPECTED = {"true": "supported", "hedged": "supported", "spanish": "supported", "wrong-number": "contradicted",
            "wrong-period": "contradicted", "other-place": "unverified"}


def _parse_iso(text: str) -> tuple[dt.date, dt.date]:
    a, _, b = text.partition("/")
    b = b or a

    def day(part: str, first: bool) -> dt.date:
        y, _, m = part.partition("-")
        if not m:
            return dt.date(int(y), 1, 1) if first else dt.date(int(y), 12, 31)
        return dt.date(int(y), int(m), 1) if first else _month_end(int(y), int(m))

    return day(a, True), day(b, False)


def _wrong(value: float, rng: random.Random) -> float:
    out = value * rng.choice([0.4, 0.6, 1.6, 2.5])
    return round(out, 1) if value != int(value) else float(round(out) + 500 if 1900 <= round(out) <= 2100 else round(out))


def query_sentences(claims: list[dict], n: int, seed: int = 7) -> list[tuple[str, str]]:
    """``n`` distinct ``(sentence, variant)`` about ``claims`` (``EXPECTED[variant]`` is its verdict)."""
    rng = random.Random(seed)
    out: dict[str, str] = {}
    while len(out) < n:
        c = rng.choice(claims)
        f = c["figures"][0]
        measure, place, actor = _MEASURE_OF[c["subject"]], _PLACE_OF[c["place"]], _ACTOR_OF[c["actor"]]
        variant = rng.choices(list(EXPECTED), weights=[30, 10, 15, 20, 15, 10])[0]
        start, end = _parse_iso(f["period"])
        value, hedge, spanish = f["value"], "", variant == "spanish"
        if variant == "wrong-number":
            value = _wrong(value, rng)
        elif variant == "wrong-period":
            shift = rng.choice([-3, -2, 2, 3]) * max(1, end.year - start.year + 1)
            start, end = start.replace(year=start.year + shift), _month_end(end.year + shift, end.month)
        elif variant == "hedged" and measure.unit in ("people", "count") and value >= 100:
            step = 10 ** (len(str(int(value))) - 2)
            value, hedge = float(round(value / step) * step), rng.choice(["about ", "nearly ", "some "])
            if hedge == "nearly " and value < f["value"]:
                hedge = "about "
        where = rng.choice([p for p in PLACES if p.name != place.name]) if variant == "other-place" else place
        fig = hedge + figure_text(measure.unit, value, measure.label_es if spanish else measure.label_en, spanish)
        when = period_text(start, end, spanish)
        kw = rng.choice(measure.kw_es if spanish else [measure.subject, *measure.kw_en])
        if spanish:
            text = rng.choice(["Según {a}, {k} en {p} sumaron {f} {w}.", "{W}, {a} contabilizó {f} en {p} ({k})."])
            text = text.format(a=rng.choice([actor.es, actor.short]), p=where.es, f=fig, w=when, k=kw,
                               W=when[0].upper() + when[1:])
        else:
            text = rng.choice(["According to {a}, {k} in {p} reached {f} {w}.", "{W}, {a} counted {f} in {p} ({k}).",
                               "{a} reported {f} in {p} {w}, a figure for {k}."])
            text = text.format(a=rng.choice([actor.name, actor.short]), p=where.name, f=fig, w=when, k=kw,
                               W=when[0].upper() + when[1:])
        out.setdefault(text[0].upper() + text[1:], variant)
    return list(out.items())


# ------------------------------------------------------------------------------------------------
# Distinct sentences from templates (the batch benchmark)
# ------------------------------------------------------------------------------------------------

_NUMBER_RE = re.compile(r"(?<![\w.,])\d+(?:[.,\u202f ]\d+)*(?![\w])")


def variants(templates: list[str], n: int, actors: list[str], seed: int = 3) -> list[str]:
    """``n`` distinct sentences: each a template with, at random, its numbers changed (same
    format and magnitude), its years moved by up to three, and a named actor swapped for another.
    The templates themselves come first, so true sentences are among them."""
    rng = random.Random(seed)
    templates = list(dict.fromkeys(t.strip() for t in templates if t and t.strip()))
    actors = sorted({a for a in actors if len(a) >= 3}, key=len, reverse=True)
    actor_re = re.compile("|".join(re.escape(a) for a in actors)) if actors else None

    def number(m: re.Match) -> str:
        text = m.group()
        if re.fullmatch(r"(19|20)\d\d", text):
            return str(min(2025, int(text) + rng.randint(-3, 3))) if rng.random() < 0.4 else text
        if rng.random() < 0.3:
            return text
        digits = [str(rng.randint(1, 9))] + [str(rng.randint(0, 9)) for _ in range(len(re.sub(r"\D", "", text)) - 1)]
        it = iter(digits)
        return re.sub(r"\d", lambda _: next(it), text)

    out = dict.fromkeys(templates[:n])
    tries = 0
    while len(out) < n and tries < 50 * n:
        tries += 1
        text = _NUMBER_RE.sub(number, rng.choice(templates))
        if actor_re is not None and rng.random() < 0.3:
            text = actor_re.sub(lambda m: rng.choice(actors) if rng.random() < 0.5 else m.group(), text, count=1)
        out.setdefault(text)
    return list(out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", help="YAML file to write")
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--validate", action="store_true",
                        help="run `claimcheck validate --table OUT --no-bundled-table` on it")
    args = parser.parse_args(argv)
    write_table(args.out, args.claims, args.seed)
    print(f"wrote {args.out}: {args.claims:,} claims, {Path(args.out).stat().st_size / 1e6:.1f} MB", file=sys.stderr)
    if args.validate:
        exe = Path(sys.executable).with_name("claimcheck")
        return subprocess.run([str(exe), "validate", "--table", args.out, "--no-bundled-table", "--no-config"]).returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
