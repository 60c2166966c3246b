"""Every word list claimcheck knows beyond the table, English and Spanish, in one place.

* Reading figures: months, number words, hedges, direction words, multipliers.
* Places: countries, their people and Mexican (and a few U.S.) states, as stems (``PLACE_OF``).
* Matching: ``GENERIC`` words that do not make a sentence about a claim on their own; ``ACTORS``,
  the kinds of body that do things with figures (a ministry, the police, a utility); ``STAGES``, the
  words that make a count another measure (recognised refugees are not asylum requests);
  ``FORECAST`` words; ``ANAPHORA``, the words with which a sentence refers back to the one before.

Word lists are plain words here; the matcher compares their ``stem(fold(word))``.
"""

from __future__ import annotations

from .model import APPROXIMATE, AT_LEAST, AT_MOST, FEWER_THAN, MORE_THAN, NEARLY
from .text import fold, stem

# --------------------------------------------------------------------------------------------
# Reading figures
# --------------------------------------------------------------------------------------------

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
}

#: Number words text2num reads.  "one"/"un"/"una" alone are not read (pronouns and articles).
NUMBER_WORDS_EN = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
    "hundred thousand million billion").split()
#: The values of small number words, for patterns that take a count before a noun ("two dozen",
#: "dos millares", "hace dos años"); larger numbers in words go through text2num.
SMALL_NUMBERS_EN = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                    "eight": 8, "nine": 9, "ten": 10}
SMALL_NUMBERS_ES = {"un": 1, "una": 1, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6,
                    "siete": 7, "ocho": 8, "nueve": 9, "diez": 10}
SMALL_NUMBERS = {**SMALL_NUMBERS_EN, **SMALL_NUMBERS_ES}


def small_numbers_pattern(words: dict[str, int] = SMALL_NUMBERS, highest: int = 10) -> str:
    """A regex alternation of the small number words up to ``highest`` (longest first)."""
    return "|".join(sorted((w for w, n in words.items() if n <= highest), key=lambda w: (-len(w), w)))


NUMBER_WORDS_ES = (
    "cero uno una dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince "
    "dieciséis dieciseis diecisiete dieciocho diecinueve veinte veintiuno veintidós veintidos "
    "veintitrés veintitres veinticuatro veinticinco veintiséis veintiseis veintisiete veintiocho "
    "veintinueve treinta cuarenta cincuenta sesenta setenta ochenta noventa cien ciento doscientos "
    "doscientas trescientos trescientas cuatrocientos cuatrocientas quinientos quinientas "
    "seiscientos seiscientas setecientos setecientas ochocientos ochocientas novecientos "
    "novecientas mil millón millon millones").split()
#: Words that are numbers only inside a compound: "one of them", the Spanish articles.
LONE_WORDS_SKIPPED = frozenset({"one", "uno", "una", "un", "zero", "cero"})
#: Scale words that are no figure alone ("millions of", "miles de").
BARE_SCALES = frozenset({"mil", "million", "millon", "millones", "thousand", "hundred", "cien", "billion"})

#: Words before a number that say how it relates to the truth (``|``-separated, as regex text).
HEDGES_BEFORE = [
    (APPROXIMATE, "about|around|roughly|approximately|approx\\.?|some|an estimated|estimated|"
                  "circa|c\\.|in the region of|on the order of|in the order of|"
                  "alrededor de|aproximadamente|unos|unas|más o menos|mas o menos|en torno a|"
                  "cerca de unos|del orden de|aprox\\.?"),
    (NEARLY, "nearly|almost|close to|just under|just shy of|not quite|casi|cerca de|poco menos de|"
             "apenas menos de"),
    (MORE_THAN, "more than|over|above|in excess of|upwards of|upward of|exceeding|just over|"
                "greater than|más de|mas de|por encima de|poco más de|superior a|sobre|"
                "exceeds|exceeded|topped|tops|surpassed|"
                "supera|supera las|supera los|supera el|supera la|superan|superan las|superan los|superan el|superan la|superó|superó las|superó los|superó el|superó la|supero|supero las|supero los|supero el|supero la|superaron|superaron las|superaron los|superaron el|superaron la|rebasa|rebasa las|rebasa los|rebasa el|rebasa la|rebasan|rebasan las|rebasan los|rebasan el|rebasan la|rebasó|rebasó las|rebasó los|rebasó el|rebasó la|rebaso|rebaso las|rebaso los|rebaso el|rebaso la|rebasaron|rebasaron las|rebasaron los|rebasaron el|rebasaron la|sobrepasa|sobrepasa las|sobrepasa los|sobrepasa el|sobrepasa la|sobrepasan|sobrepasan las|sobrepasan los|sobrepasan el|sobrepasan la|sobrepasó|sobrepasó las|sobrepasó los|sobrepasó el|sobrepasó la|excede|excede las|excede los|excede el|excede la|exceden|exceden las|exceden los|exceden el|exceden la|excedió|excedió las|excedió los|excedió el|excedió la"),
    (AT_LEAST, "at least|no fewer than|no less than|a minimum of|al menos|por lo menos|"
               "como mínimo|como minimo|no menos de"),
    (FEWER_THAN, "fewer than|less than|under|below|lower than|menos de|por debajo de|inferior a|"
                 "did not reach|fell short of|no llegaron a|no llegó a|no llego a|no alcanzaron|no alcanzó|"
                 "no alcanzo|no llegan a|no alcanzan"),
    (AT_MOST, "up to|at most|no more than|a maximum of|as many as|como máximo|como maximo|"
              "no más de|no mas de|hasta un máximo de|"
              "no rebasa|no rebasa las|no rebasa los|no rebasa el|no rebasa la|no rebasan|no rebasan las|no rebasan los|no rebasan el|no rebasan la|no supera|no supera las|no supera los|no supera el|no supera la|no superan|no superan las|no superan los|no superan el|no superan la|no excede|no excede las|no excede los|no excede el|no excede la|no exceden|no exceden las|no exceden los|no exceden el|no exceden la|no sobrepasa|no sobrepasa las|no sobrepasa los|no sobrepasa el|no sobrepasa la"),
]

UP_WORDS = frozenset({
    "rose", "rise", "rises", "risen", "rising", "increase", "increased", "increases", "increasing",
    "jumped", "jump", "jumps", "grew", "grow", "grows", "grown", "growth", "up", "climbed", "climb",
    "soared", "surged", "surge", "spiked", "higher", "gained", "gain", "swelled", "rebounded",
    "expanded", "skyrocketed", "soaring", "climbing", "climbs", "jumping", "surging", "surges", "soars",
    "growing", "spiking", "elevo", "repuntaron",
    "aumento", "aumentaron", "aumentado", "incremento", "incrementaron", "crecio", "crecieron",
    "crecimiento", "subio", "subieron", "alza", "aumentar", "incrementado", "repunto", "se disparo",
    "incrementar", "crecer", "subir", "dispararon", "escalo", "escalaron", "avanzo", "avanzaron",
    "elevaron",
})
DOWN_WORDS = frozenset({
    "fell", "fall", "falls", "fallen", "falling", "decreased", "decrease", "decreases", "decreasing",
    "dropped", "drop", "drops", "declined", "decline", "declines", "down", "shrank", "shrunk",
    "plunged", "plummeted", "lower", "cut", "reduced", "reduction", "slid", "sank", "slumped",
    "slipped", "dipped", "tumbled", "eased", "contracted", "retreated", "plummeting", "dropping",
    "declining", "plunging", "sinking", "slipping", "shrinking", "tumbling",
    "disminuyo", "disminuyeron", "disminucion", "cayo", "cayeron", "caida", "bajo", "bajaron",
    "descenso", "descendio", "redujo", "reduccion", "redujeron", "baja", "recorto", "recortaron", "recorte",
    "disminuir", "reducir", "bajar", "cayeron", "retrocedio", "retrocedieron", "descendieron",
    "contrajo", "mermo", "mermaron",
})
MULTIPLIERS = {
    "doubled": 2.0, "double": 2.0, "doubling": 2.0, "tripled": 3.0, "triple": 3.0, "trebled": 3.0,
    "quadrupled": 4.0, "quintupled": 5.0, "halved": 0.5, "quintuplico": 5.0, "quintuplicaron": 5.0,
    "duplico": 2.0, "duplicaron": 2.0, "duplicado": 2.0, "triplico": 3.0, "triplicaron": 3.0,
    "triplicado": 3.0, "cuadruplico": 4.0,
}
CHANGE_WORDS = frozenset(UP_WORDS | DOWN_WORDS | set(MULTIPLIERS) | {"times", "veces", "higher", "lower"})

# --------------------------------------------------------------------------------------------
# Places
# --------------------------------------------------------------------------------------------

#: One place a line: its names (English and Spanish), then after "|" the words for its people.
_NAMES_BY_PLACE = """
mexico méxico | mexican mexicans mexicano mexicanos mexicana mexicanas
guatemala | guatemalan guatemalans guatemalteco guatemaltecos guatemaltecas
honduras | honduran hondurans hondureño hondureños hondureñas
salvador | salvadoran salvadorans salvadoreño salvadoreños salvadoreñas
nicaragua | nicaraguan nicaraguans nicaragüense nicaragüenses
belize belice | belizean belizeño belizeños
costa | costarricense costarricenses
panama panamá | panamanian panameño panameños
cuba | cuban cubans cubano cubanos
haiti haití | haitian haitians haitiano haitianos
venezuela | venezuelan venezuelans venezolano venezolanos venezolanas
colombia | colombian colombians colombiano colombianos
ecuador | ecuadorian ecuatoriano ecuatorianos
peru perú | peruvian peruano peruanos
bolivia | bolivian boliviano
chile | chilean chileno
argentina | argentine argentinian argentino
brazil brasil | brazilian brasileño
uruguay | uruguayan uruguayo
paraguay | paraguayan paraguayo
canada canadá | canadian canadiense
us usa eeuu | estadounidense estadounidenses
spain españa | españoles
france francia | franceses
germany alemania | german germans alemán alemanes
italy italia | italian italiano
greece grecia | greek
syria siria | syrian sirio sirios
iraq irak | iraqi
afghanistan afganistán | afghan afgano
china | chinese
india | indian
japan japón | japanese
russia rusia | russian
ukraine ucrania | ukrainian
britain uk england reino | british
australia | australian
nigeria |
philippines |
europe eu ue europa | european europeans europeo europea europeos
centroamérica | centroamericano centroamericanos centroamericana centroamericanas centroamerican
# Mexican states: a figure for Oaxaca is not one for Veracruz
aguascalientes |
baja | bajacaliforniano
campeche |
chiapas | chiapaneco chiapanecos
chihuahua |
coahuila |
colima |
durango |
guanajuato |
guerrero |
hidalgo |
jalisco |
michoacan michoacán |
morelos |
nayarit |
nuevo |
oaxaca | oaxaqueño oaxaqueños
puebla | poblano
queretaro querétaro |
quintana |
sinaloa | sinaloense
sonora | sonorense
tabasco | tabasqueño
tamaulipas | tamaulipeco
tlaxcala |
veracruz | veracruzano
yucatan yucatán |
zacatecas |
# U.S. states on the border
texas | texan
arizona |
california | californian
"""

#: stem of a country, state or demonym -> the place's stem ("mexican" -> "mexic")
PLACE_OF: dict[str, str] = {}
#: The names themselves, folded: a capitalised word that only shares a name's stem is not the place
#: ("Pueblo Sin Fronteras" is not Puebla).
PLACE_NAMES: set[str] = set()
#: stems that name a place's people ("mexicans", "guatemaltecos"): a population, not an actor.
DEMONYMS: set[str] = set()
for _line in _NAMES_BY_PLACE.strip().splitlines():
    if _line.startswith("#"):
        continue
    _names, _people = _line.split("|")
    PLACE_NAMES.update(fold(w) for w in _names.split())
    _names = [stem(fold(w)) for w in _names.split()]
    for _w in _names:
        PLACE_OF.setdefault(_w, _names[0])
    for _w in (stem(fold(w)) for w in _people.split()):
        PLACE_OF.setdefault(_w, _names[0])
        DEMONYMS.add(_w)
PLACES = frozenset(PLACE_OF)
#: Two-word names that are one place ("United States", "Estados Unidos", "Costa Rica" ...).
PLACE_PHRASES = {("united", "states"): "us", ("estados", "unidos"): "us", ("united", "kingdom"): "britain",
                 ("el", "salvador"): "salvador", ("costa", "rica"): "costa", ("reino", "unido"): "britain",
                 ("new", "mexico"): "new mexico", ("nuevo", "leon"): "nuevo", ("mexico", "city"): "mexico city",
                 ("ciudad", "de", "mexico"): "mexico city", ("baja", "california"): "baja",
                 ("quintana", "roo"): "quintana", ("central", "america"): "centroamerica",
                 ("central", "american"): "centroamerica", ("central", "americans"): "centroamerica"}
#: The phrases of PLACE_PHRASES that name people or qualify a noun ("Central Americans",
#: "Central American migrants"), as one-word demonyms do.
DEMONYM_PHRASES = frozenset({("central", "american"), ("central", "americans")})
#: Regions made of countries, for "a Central American" against Guatemala.
REGION_OF = {stem(fold(w)): stem(fold("centroamérica")) for w in ("guatemala", "honduras", "salvador", "nicaragua",
                                                                  "belize", "costa", "panama")}

# --------------------------------------------------------------------------------------------
# Matching
# --------------------------------------------------------------------------------------------

#: Everyday words a table may list as keywords that do not make a sentence about a claim on their
#: own: "the library received 8,796 requests" is not about asylum.
_GENERIC = """
request requests requested application applications applied program programs programme project
projects aid assistance fund funds funding funded support state states station stations member
members network networks area areas region regions zone zones base bases process processed
processing serve served service career report reports reported data number numbers people person
persons year years month months case cases total group groups organization organizations
organisations office offices agency agencies center centre centres centers day days work worked
plan plans policy policies program border borders city cities country countries government
official officials public rate rates level levels figure figures record records sale sales
received receive document documented documents petition petitions veteran train trains miles
killed dead deaths died death victims victim pillar pillars strategy
solicitud solicitudes programa programas proyecto proyectos ayuda apoyo fondos estado estados
estacion estaciones miembro miembros red redes zona zonas region regiones base bases tramitadas
procesadas servicio carrera informe informes datos numero persona personas año años mes meses
caso casos total grupo grupos organizacion organizaciones oficina oficinas agencia agencias centro
centros plan planes politica gobierno pais paises ciudad ciudades frontera fronteras tren millas
peticiones integrantes participantes muertos muertes victimas asistencia pilar pilares eje ejes estrategia
"""
GENERIC = frozenset(stem(fold(word)) for word in _GENERIC.split())

#: Nouns for people counted as people: a count of them is in the unit ``people``.
PEOPLE_WORDS = frozenset(fold(w) for w in (
    "people persons personas migrants migrantes immigrants inmigrantes emigrants emigrantes refugees refugiados "
    "individuals individuos nationals nacionales foreigners extranjeros").split())
#: Narrower groups of people ("35 children" is not "35 people", but both count people).
PEOPLE_GROUPS = frozenset(fold(w) for w in (
    "citizens ciudadanos connacionales paisanos children niños niñas minors menores families familias women "
    "mujeres men hombres deportees asylum seekers applicants solicitantes").split())
#: The stems of both, for comparing labels.
PEOPLE = frozenset(stem(w) for w in PEOPLE_WORDS | PEOPLE_GROUPS)
#: Groups that are a part of any count of people: "80,353 children" is not the 80,353 deported.
PEOPLE_SUBSETS = frozenset(fold(w) for w in (
    "children child kids niños niñas minors menores families familias women mujeres men hombres girls boys "
    "teenagers adolescents adolescentes").split())

#: Words that describe where rather than name something: an alias made of them and of places
#: ("southern border", "frontera sur") is no proper name.
DESCRIPTORS = frozenset(stem(fold(w)) for w in (
    "southern northern eastern western sur norte oriente poniente border borders frontera fronteras "
    "migrant migrante caravan caravana").split())

#: Nouns for the bodies that do things with figures.  A sentence whose figure is done by one of
#: these, when the claim's actor is not one (its name and aliases do not hold the word), is about
#: another actor: "Mexico's environment ministry put $88 million into reforestation".
_ACTOR_NOUNS = """
ministry ministries minister secretariat secretaría secretaria secretario ministerio ministro
department departamento utility utilities company companies firm corporation empresa empresas compañía
police policía policia army ejército ejercito military militares navy marina armada
congress congreso senate senado legislature parliament parlamento council consejo ayuntamiento
municipality municipio mayor alcalde alcaldía cabildo governor gobernador governorship
court courts tribunal tribunales judge juez prosecutor prosecutors fiscalía fiscalia fiscal
bank banco banxico pemex cfe sat imss issste conagua semarnat sedena sre
union sindicato university universidad airline aerolínea hospital hospitals agency agencia
commission comisión patrol patrulla
ice cbp dhs uscis customs
unhcr acnur oim iom
"""
ACTOR_NOUNS = frozenset(stem(fold(word)) for word in _ACTOR_NOUNS.split())

#: Stages of a count: words that make it another measure.  A claim is at the stages its own words
#: name (its subject, keywords and statement); a figure whose sentence names another stage, and
#: none of the claim's, is another measure ("recognised as refugees" is not "requested asylum").
_STAGES = {
    "granted": "granted grant grants recognized recognised recognition recognitions approved approval "
               "reconocidos reconocidas reconocido reconocida reconoció reconocio reconocimiento reconocimientos "
               "otorgó otorgo otorgado otorgados otorgada otorgadas concedido concedidos concedida concedidas "
               "aprobadas aprobados aprobó aprobo",
    "rejected": "rejected denied denial denials refused negadas negados negó rechazadas rechazados rechazó rechazo",
    "pending": "pending backlog backlogs awaiting pendientes pendiente rezago rezagadas",
    "processed": "processed processes processing resolved resolves decided concluded completed closed procesadas "
                 "procesados procesó procesa procesan resuelve resuelven tramita tramitan "
                 "proceso tramitadas tramitados tramitó resueltas resueltos resolvió concluyeron concluidas "
                 "concluidos concluyó",
    "requested": "requested applied filed submitted lodged sought seeking asked received receives receive "
                 "solicitaron solicitó solicito solicitado solicitadas solicitados pidieron pidió presentaron "
                 "recibió recibio recibieron recibidas recibidos recibe reciben ingresaron",
    "attended": "attended atendidas atendidos atendió atendio atendido atendida",
    "documented": "documented documentó documento documentadas documentados registered recorded logged "
                  "registró registro registraron registradas registrados",
    "presented": "presented presentados presentadas presentaciones",
    "assisted": "assisted asistidos atendidos auxiliados rescued rescatados rescató",
    "returned": "returned returns retorno retornos devueltos devueltas devoluciones devolvió devolvio devolvieron "
                "repatriated repatriations repatriados repatriadas repatriación repatriacion",
    "injured": "injured wounded heridos heridas herido lesionados lesionadas",
    "hosted": "hosted hosts hosting living resident residents residing lived albergaba alberga viven vivían "
              "residen residentes",
    "tranche": "tranche tranches tramo tramos installment installments instalment",
    "prosecuted": "charged indicted prosecuted convicted sentenced arrested consignados consignadas consignó "
                  "sentenciados sentenciadas condenados condenadas acusados acusadas imputados imputadas "
                  "vinculados vinculadas",
}
STAGE_NAMES = tuple(_STAGES)
#: folded word -> its stage
STAGE_OF: dict[str, str] = {}
for _stage, _words in _STAGES.items():
    for _word in _words.split():
        STAGE_OF.setdefault(fold(_word), _stage)
#: stem -> stage, for inflections the lists do not spell out ("procesado", "tramitadas"); used only
#: for past forms and participles, so that nouns ("requests", "el proceso") are never a stage.
STAGE_STEMS = {stem(word): stage for word, stage in STAGE_OF.items()}
_PAST_ENDINGS = ("ado", "ada", "ados", "adas", "ido", "ida", "idos", "idas", "ed", "ó", "o", "aron", "ieron")


def stage_of(word: str) -> str | None:
    """The stage a folded word names, if any."""
    found = STAGE_OF.get(word)
    if found is None and word.endswith(_PAST_ENDINGS) and len(word) > 5:
        found = STAGE_STEMS.get(stem(word))
    return found


#: Stages that a claim at the first stage includes ("requests it attended" are its requests).
STAGE_INCLUDES = {"requested": {"attended", "documented", "presented"}, "documented": {"requested"}, "returned": {"presented"}}

#: Words that make a figure a forecast or a target, not a count: "could receive 20,000 by year's end".
_FORECAST = """
could would might may expects expected expecting projected projection projects forecast forecasts
predicted predicts target goal aims plans planned will projecting anticipated anticipates
podría podrían podria podrian prevé preve prevén preven preveía preveia esperaba esperaban espera esperan
proyecta proyectaba proyectaban proyección proyeccion meta objetivo pronostica pronosticó
pronóstico anticipó anticipaba calculaba calcula estimaba
"""
FORECAST = frozenset(fold(word) for word in _FORECAST.split())

#: Words with which a sentence refers back to what the sentence before was about: it takes the
#: subject (measure, actor) from there ("the number rose to ...", "la dependencia recibió ...").
_ANAPHORA = """
number figure figures total that this it they its their those these tally count
cifra cifras número numero total dependencia institución institucion organismo comisión comision
instituto agencia ello esta este esa ese estas estos dicha dicho dichas dichos
"""
ANAPHORA = frozenset(fold(word) for word in _ANAPHORA.split())

#: The first person plural pronoun "us" ("he told us") is not the United States.
US_PRONOUN_BEFORE = frozenset("told tell tells telling gave give gives giving showed show shows asked ask "
                              "asks let lets sent send join joins joined contact contacted email "
                              "emailed call called wrote write of for to with".split())
