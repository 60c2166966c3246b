"""Names of countries and their people, English and Spanish, as the matcher's stems.

A sentence that names one of these places, none of which its candidate claim mentions, is about
somewhere else ("Brazil deported 80,353 people" is not Mexico's figure).
"""

from .figures import fold
from .table import stem

_NAMES = """
mexico mexican mexicans mexicano mexicanos mexicana mexicanas méxico
guatemala guatemalan guatemalans guatemalteco guatemaltecos
honduras honduran hondurans hondureño hondureños
salvador salvadoran salvadorans salvadoreño salvadoreños
nicaragua nicaraguan nicaraguans nicaragüense nicaragüenses
belize belizean belice
costa panama panamanian panamá
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
uruguay paraguay
canada canadian canadá canadiense
us usa eeuu estadounidense estadounidenses
spain spanish españa español
france french francia
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
""".split()

PLACES = frozenset(stem(fold(name)) for name in _NAMES)
