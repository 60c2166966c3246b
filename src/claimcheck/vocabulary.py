"""Word lists the matcher needs beyond the table, English and Spanish, as the matcher's stems.

* ``PLACES``: countries and their people.  A sentence that names one of these places, none of which
  its candidate claim mentions, is about somewhere else ("Brazil deported 80,353 people").
* ``GENERIC``: everyday words that a table may list as keywords ("requests", "program", "states")
  but that do not on their own make a sentence about a claim: "the library received 8,796
  requests" is not about asylum.  A generic keyword needs corroboration (another keyword, or the
  claim's actor, place or an alias).
"""

from .figures import fold
from .table import stem

_NAMES_BY_COUNTRY = """
mexico mexican mexicans mexicano mexicanos mexicana mexicanas méxico
guatemala guatemalan guatemalans guatemalteco guatemaltecos
honduras honduran hondurans hondureño hondureños
salvador salvadoran salvadorans salvadoreño salvadoreños
nicaragua nicaraguan nicaraguans nicaragüense nicaragüenses
belize belizean belice
costa costarricense
panama panamanian panamá
cuba cuban cubans cubano cubanos
haiti haitian haitians haití haitiano haitianos
venezuela venezuelan venezuelans venezolano venezolanos
colombia colombian colombians colombiano colombianos
ecuador ecuadorian ecuatoriano
peru peruvian perú peruano
bolivia bolivian boliviano
chile chilean chileno
argentina argentine argentinian argentino
brazil brazilian brasil brasileño
uruguay uruguayan uruguayo
paraguay paraguayan paraguayo
canada canadian canadá canadiense
us usa eeuu estadounidense estadounidenses
spain españa
france francia
germany german alemania
italy italian italia
china chinese
india indian
japan japanese japón
russia russian rusia
ukraine ukrainian ucrania
britain british uk england
australia australian
nigeria
philippines
europe european europeans eu europa europeo europea
# Mexican states: a figure for Oaxaca is not one for Veracruz
aguascalientes
baja bajacaliforniano
campeche
chiapas chiapaneco chiapanecos
chihuahua
coahuila
colima
durango
guanajuato
guerrero
hidalgo
jalisco
michoacan michoacán
morelos
nayarit
nuevo
oaxaca oaxaqueño oaxaqueños
puebla poblano
queretaro querétaro
quintana
sinaloa sinaloense
sonora sonorense
tabasco tabasqueño
tamaulipas tamaulipeco
tlaxcala
veracruz veracruzano
yucatan yucatán
zacatecas
# U.S. states on the border
texas texan
arizona
california californian
"""

#: stem of a country or demonym -> the country's stem ("mexican" -> "mexic")
PLACE_OF: dict[str, str] = {}
for _line in _NAMES_BY_COUNTRY.strip().splitlines():
    if _line.startswith("#"):
        continue
    _words = [stem(fold(w)) for w in _line.split()]
    for _w in _words:
        PLACE_OF.setdefault(_w, _words[0])
PLACES = frozenset(PLACE_OF)

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
""".split()

GENERIC = frozenset(stem(fold(word)) for word in _GENERIC)
