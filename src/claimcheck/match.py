"""Which claims is a sentence about?  Retrieval, then the slots: measure, actor, place.

1. **Retrieve** candidate claims from the table's index.  A claim is a candidate only when the
   sentence names what it measures (its subject or one of its keywords, English or Spanish); an
   everyday keyword ("requests") needs corroboration from another keyword, the claim's actor,
   place or an alias.  A shared number alone never makes a candidate.
2. **Slots.**  A candidate is set aside, with a reason naming the slot, when the sentence is about
   another **place** (a country or state in the role of actor or location: "Spain received",
   "in Oaxaca", "US authorities"), another **actor** (a ministry, the police, a utility that is not
   the claim's actor or one of its aliases, outside an attribution such as "according to"; a
   body the count is *against* must be one the claim names even when its actor is named:
   "the CNDH received 521 complaints against the police"), or,
   per figure, another **measure** (a stage of the count the claim is not at: "recognised as
   refugees" against asylum requests; a forecast; a population the claim does not restrict to:
   "Mexican nationals").  Periods are the verdict's business (``verdict.py``).

``Context`` carries what ``lint`` knows around a sentence: the document's date, the period and the
words of the sentence before (or the heading).  A sentence that refers back ("the number rose to",
"en ese año") takes its words from there; any sentence may take from there the actor that
corroborates an everyday keyword ("Sin embargo, las solicitudes que ha atendido ...").
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import NamedTuple

from .figures import Reading
from .index import Table
from .model import Claim, Figure, Period
from .periods import dateline_end
from .text import STOPWORDS, fold, stem, stems_of
from .vocabulary import (ACTOR_NOUNS, ANAPHORA, CHANGE_WORDS, DEMONYM_PHRASES, DEMONYMS, FORECAST, GENERIC, PEOPLE,
                         PEOPLE_GROUPS, PEOPLE_SUBSETS, PEOPLE_WORDS, PLACE_NAMES, PLACE_OF, PLACE_PHRASES, REGION_OF,
                         STAGE_INCLUDES, US_PRONOUN_BEFORE, stage_of)


class Context(NamedTuple):
    """What is known around a sentence (``lint``); empty for a lone ``check``."""

    #: The date the document states (dateline, front matter, a date line under the headline).
    today: dt.date | None = None
    #: The period of the sentence before in the paragraph, else of the heading.
    previous: Period | None = None
    #: The words of the sentence before in the paragraph, and of the heading.
    words: tuple[str, ...] = ()
    #: The places the document is about (its headline and first paragraph), when it names one.
    places: tuple[str, ...] = ()
    #: The text of the sentence before in the paragraph (or of the heading).
    text: str = ""


class Token(NamedTuple):
    start: int
    end: int
    raw: str
    word: str  # folded, acronym dots dropped
    stem: str


class Candidate(NamedTuple):
    index: int
    #: How well the sentence is about it (0.6 for naming the subject, + coverage, + naming it).
    topic: float
    #: Named only by a proper-name alias ("Red Sonora"), not by what it measures.
    alias_only: bool
    #: Named by a multi-word alias only it (or its series) carries.
    named_uniquely: bool
    #: Named by one of its multi-word aliases, a proper name ("Southern Border Program").
    proper_name: bool
    #: Hit by everyday keywords only ("assistance", "program"), corroborated by a name.
    weak: bool
    #: (slot, reason) when the sentence is about another place or actor.
    problem: tuple[str, str] | None
    #: Found by the sentence's own words, not only by the context it refers back to.
    own: bool = True


_TOKEN_RE = re.compile(r"[^\W\d_]+(?:[.'’][^\W\d_]+)*\.?")
_STRONG, _WEAK, _ALIAS = 1, 2, 4  # how a claim was hit: a specific keyword, only generic ones, an alias
_CHANGE_STEMS = frozenset(stem(w) for w in CHANGE_WORDS)
_ATTRIBUTION_RE = re.compile(
    r"\b(?:according\s+to|citing|cited\s+by|data\s+(?:from|of)|figures\s+(?:from|of)|statistics\s+(?:from|of)|"
    r"(?:a\s+|the\s+)?(?:tally|count|survey|audit|review)\s+(?:by|from|of)|(?:un\s+)?(?:recuento|conteo|informe)\s+(?:de|del)|"
    r"(?:a\s+|the\s+)?report\s+(?:by|from|of)|según|segun|de\s+acuerdo\s+con|conforme\s+a|con\s+datos\s+de|"
    r"datos\s+de|cifras\s+de|estadísticas\s+de|estadisticas\s+de|informe\s+de|reportó|reporto)\b[^,;:]*",
    re.IGNORECASE)
_SPEECH = frozenset(fold(w) for w in "said says say told reported reports estimated estimates stated announced "
                    "show shows showed dijo dice dicen informó informo señaló senalo indicó indico reportó reporto "
                    "detalló detallo declaró declaro afirmó afirmo explicó explico precisó preciso".split())
#: People, and the participles that stand for them ("80,353 deported", "los asegurados").
_PEOPLE = PEOPLE | frozenset(stem(fold(w)) for w in (
    "presented presentados deported deportados returned devueltos detained detenidos repatriated repatriados "
    "expelled expulsados asegurados").split())
_AUTHORITIES = frozenset(stem(fold(w)) for w in (
    "authorities authority government officials officers agents police forces administration "
    "autoridades autoridad gobierno funcionarios agentes policía fuerzas administración").split()) | ACTOR_NOUNS
_PEOPLE_NOUNS = PEOPLE_WORDS | PEOPLE_GROUPS
_NON_RESTRICTIVE = frozenset(fold(w) for w in "mostly mainly most nearly including such among majority especially "
                             "particularly mayoria principalmente mayormente sobre incluidos incluidas incluyendo "
                             "entre casi".split())
#: Before a Spanish demonym, words that make it a person ("un ecuatoriano", "dos hondureñas"):
#: Spanish puts the adjective after its noun ("la frontera mexicana").
_DETERMINERS = frozenset("un una unos unas el la los las otro otra otros otras cada dos tres cuatro cinco".split())
#: Before "from"/"de", words that make the place an origin: "35,133 were from Guatemala", "procedentes de".
_ORIGIN_WORDS = frozenset(fold(w) for w in "were was are is came come eran era son fueron procedentes procedente "
                          "provenientes proveniente originarios originarias originario oriundos naturales".split())
_TO_WORDS = frozenset("to a hacia toward towards into rumbo with con".split())
_IN_WORDS = frozenset("in en within inside across throughout at".split())
_FROM_WORDS = frozenset("from de desde del".split())
_DEPORTEES = frozenset(fold(w) for w in "deportees deportados deportadas returnees retornados retornadas repatriates "
                       "repatriados repatriadas devueltos devueltas expulsados expulsadas".split())
_REMOVAL = frozenset(stem(fold(w)) for w in "deported deportados deportadas repatriated repatriados returned "
                     "devueltos expelled expulsados removed removidos sent enviados".split())
#: Country and state names that are also common words: only a capitalised word, or a two-word
#: name ("Nuevo León"), names them.
_NEEDS_PHRASE = frozenset(stem(fold(w)) for w in "nuevo baja quintana costa reino".split())

def _place_key(name: str) -> str:
    key = stem(fold(name))
    return PLACE_OF.get(key, name)


#: Place names of two or three words, as stems -> the place.
_PHRASE_PLACES = {tuple(stem(fold(w)) for w in words): _place_key(place) for words, place in PLACE_PHRASES.items()}
_DEMONYM_PHRASES = frozenset(tuple(stem(fold(w)) for w in words) for words in DEMONYM_PHRASES)
_MEXICAN_STATES = frozenset(stem(fold(w)) for w in (
    "aguascalientes baja campeche chiapas chihuahua coahuila colima durango guanajuato guerrero hidalgo "
    "jalisco michoacan morelos nayarit nuevo oaxaca puebla queretaro quintana sinaloa sonora tabasco "
    "tamaulipas tlaxcala veracruz yucatan zacatecas").split()) | {"mexico city"}
_MEXICO = stem("mexico")
#: A figure said to be for the whole country ("en todo el país", "nationwide").
_NATIONWIDE_RE = re.compile(
    r"\b(?:todo\s+el\s+pa[ií]s|toda\s+la\s+rep[uú]blica|(?:a|en\s+el)\s+(?:nivel|ámbito|ambito)\s+nacional"
    r"|nationwide|nationally|across\s+the\s+country|(?:the\s+)?(?:whole|entire)\s+country|all\s+over\s+the\s+country)\b",
    re.IGNORECASE)


def has_phrase(sequences, words: tuple[str, ...], slack: int = 0) -> bool:
    """Do the stems ``words`` stand next to one another (in any order) in one of ``sequences``
    (the content-word stems of the sentence, of the sentence before)?"""
    n = len(words)
    if n == 1:
        return any(words[0] in seq for seq in sequences)
    wanted = set(words)  # next to one another, in any order: "the INM Citizens' Council"; ``slack``
    width = n + slack    # more words may stand between them ("sent 80,353 people back")
    return any(wanted.issubset(seq[i:i + width]) for seq in sequences for i in range(max(1, len(seq) - width + 1)))


def tokens_of(text: str) -> list[Token]:
    """The words of ``text`` with their offsets, folded form and stem."""
    out = []
    for m in _TOKEN_RE.finditer(text):
        raw = m.group()
        word = fold(raw.replace(".", "").replace("’", "'"))
        if word.endswith("'s"):
            word = word[:-2]
        out.append(Token(m.start(), m.end(), raw, word, stem(word)))
    return out


@lru_cache(maxsize=16384)
def claim_tokens(text: str) -> tuple[Token, ...]:
    """``tokens_of`` for a claim's own texts (statement, subject, keywords), which every query
    that retrieves the claim reads again."""
    return tuple(tokens_of(text))


# --------------------------------------------------------------------------------------------
# Places and actors named in a sentence, with their roles
# --------------------------------------------------------------------------------------------

class Mention(NamedTuple):
    place: str  # the place's stem (``PLACE_OF``)
    role: str  # "actor" (Spain received, US authorities), "location" (in Oaxaca), "population"
    #           (Mexican nationals), "destination" (to Guatemala), "other"
    start: int
    text: str


def _speaker_spans(text: str, tokens: list[Token]) -> list[tuple[int, int]]:
    """Stretches that say who speaks, not where the figure is: "Federal officials in Mexico City
    told us that ...", "..., a spokesman in Tapachula said", "según la oficina en Ginebra"."""
    spans = [(m.start(), m.end()) for m in _ATTRIBUTION_RE.finditer(text)]
    for i, tok in enumerate(tokens):
        if tok.word in _SPEECH:
            left = max([text.rfind(c, 0, tok.start) for c in ",;:"] + [-1]) + 1
            stretch = text[left:tok.start]
            if not any(ch.isdigit() for ch in stretch):
                spans.append((left, tok.end))
    return spans


def place_mentions(text: str, tokens: list[Token] | None = None) -> list[Mention]:
    """The places a sentence names, each with the role it plays there (places in an attribution
    or in who is speaking are left out)."""
    tokens = tokens if tokens is not None else tokens_of(text)
    spanish = _spanish(tokens)
    speaker = _speaker_spans(text, tokens)
    out: list[Mention] = []
    skip = set()
    filed = dateline_end(text)  # "MEXICO CITY (AP) — ...": where the story was filed from
    for i, tok in enumerate(tokens):
        if i in skip or tok.start < filed:
            continue
        place, width, demonym = None, 1, False
        for size in (3, 2):
            key = tuple(t.stem for t in tokens[i:i + size])
            phrase = _PHRASE_PLACES.get(key)
            if phrase and len(tokens[i:i + size]) == size and tokens[i + size - 1].raw[:1].isupper():
                # ("la ciudad de México" is Mexico City; "the Mexico city of Tapachula" is not)
                place, width, demonym = phrase, size, key in _DEMONYM_PHRASES
                break
        if place is None and tok.raw == "EU" and spanish:
            place = PLACE_OF["us"]  # Mexican copy's "EU" is Estados Unidos (the European Union is "UE")
        elif place is None and tok.stem in PLACE_OF and tok.stem not in _NEEDS_PHRASE:
            if tok.word == "us" and not _is_united_states(text, tokens, i):
                continue
            demonym = tok.stem in DEMONYMS
            if not demonym and (not tok.raw[:1].isupper() or tok.word not in PLACE_NAMES):
                continue  # "guerrero", "hidalgo" in lowercase are words, not states; "Pueblo" is not Puebla
            place = PLACE_OF[tok.stem]
        if place is None:
            continue
        skip.update(range(i, i + width))
        role = "other" if any(a <= tok.start < b for a, b in speaker) else \
            _role(tokens, i, width, demonym)
        out.append(Mention(place, role, tok.start, text[tok.start:tokens[i + width - 1].end].rstrip(".")))
    return out


def where(mentions: list[Mention]) -> set[str]:
    """The places that say where the sentence's figures happened: not where people were sent ("to
    Guatemala"), nor who they were ("Guatemalans", "un hondureño", "mostly Central Americans")."""
    return {m.place for m in mentions if m.role not in ("destination", "population")}


_SPANISH_WORDS = frozenset("el la los las de del en y que por para con una un fueron fue segun entre desde hasta "
                           "mas casi alrededor menos millones personas migrantes ano anos se su sus al".split())


def _spanish(tokens: list[Token]) -> bool:
    return sum(1 for t in tokens if t.word in _SPANISH_WORDS) >= 2


def _is_united_states(text: str, tokens: list[Token], i: int) -> bool:
    """"US", "U.S.", "USA" name the United States; "us" in lower case ("he told us") is a pronoun."""
    raw = tokens[i].raw
    if raw.islower():
        return False
    if raw == "Us" and (i == 0 or tokens[i - 1].word in US_PRONOUN_BEFORE):
        return False
    return True


_ARTICLES = frozenset("the el la los las".split())


def _role(tokens: list[Token], i: int, width: int, demonym: bool) -> str:
    before = [t.word for t in tokens[max(0, i - 4):i] if t.word not in _ARTICLES]
    after = tokens[i + width:i + width + 3]
    prev = before[-1] if before else ""
    if demonym:
        near = [t.stem for t in tokens[max(0, i - 2):i]] + [t.stem for t in after[:2]]
        if any(s in _AUTHORITIES for s in near):
            return "actor"  # "Mexican authorities", "autoridades mexicanas", "US officials"
        last = tokens[i + width - 1]
        person = i > 0 and tokens[i - 1].word in _DETERMINERS and last.raw.islower()
        if any(s in _PEOPLE for s in near) or last.word.endswith("s") or person:
            return "population"  # "Mexican nationals", "migrantes hondureños", "Guatemalans", "un hondureño",
            # "mostly Central Americans": who was counted, not where
        return "location"  # "Mexican territory", "la frontera mexicana"
    if prev in ("por", "by"):
        return "actor"  # "devueltos por Estados Unidos", "deported by the U.S."
    if prev in _TO_WORDS:
        return "destination"
    if prev in _IN_WORDS:
        return "location"
    if prev in ("de", "del", "of") and any(t.word in ("hacia", "toward", "towards", "rumbo")
                                           for t in tokens[max(0, i - 7):i - 1]):
        return "destination"  # "hacia la frontera de Estados Unidos", "toward the border of the U.S."
    if prev in _FROM_WORDS:
        words = [t for t in tokens[max(0, i - 6):i] if t.word not in _ARTICLES and t.word not in _FROM_WORDS]
        if words and words[-1].word in _DEPORTEES:
            return "actor"  # "received 80,353 deportees from the United States": the country that deported them
        if words and (words[-1].word in _PEOPLE_NOUNS or words[-1].word in _NON_RESTRICTIVE
                      or words[-1].word in _ORIGIN_WORDS or words[-1].word[:1].isdigit()):
            return "population"  # "deported 80,353 migrants from Central America", "35,133 were from Guatemala"
        earlier = [t.stem for t in words]
        if any(s in _REMOVAL for s in earlier):
            return "location"  # "deported from Mexico", "repatriated from the U.S."
        if any(s in _AUTHORITIES for s in earlier[-3:]):
            return "actor"  # "el gobierno de España", "la Comisión de Derechos Humanos de la Ciudad de México"
        if any(t.stem in _PEOPLE and t.word.endswith("s") for t in words[-2:]):
            return "population"  # "migrantes hondureños de Honduras" (but "la Oficina de Asilo y Refugio de España")
        return "other"
    if after and after[0].raw in ("'s", "’s") or tokens[i].raw.endswith(("'s", "’s")):
        return "actor"  # "Spain's asylum office", "Mexico's interior ministry"
    if after and after[0].stem in _AUTHORITIES:
        return "actor"  # "US authorities", "Mexico City police"
    if i == 0 or (tokens[0].word in _ARTICLES and i == 1):
        return "actor"  # "Spain received ...", "España recibió ..."
    return "other"


def actor_mentions(text: str, tokens: list[Token]) -> list[Token]:
    """Words that name a body acting (a ministry, the police, a utility, an agency), outside
    attributions ("according to the ministry", "the ministry said")."""
    attributed = [(m.start(), m.end()) for m in _ATTRIBUTION_RE.finditer(text)]
    out = []
    for i, tok in enumerate(tokens):
        if tok.stem not in ACTOR_NOUNS or any(s <= tok.start < e for s, e in attributed):
            continue
        if any(t.word in _SPEECH for t in tokens[i + 1:i + 4]) and not any(
                t.word in _SPEECH for t in tokens[max(0, i - 3):i]):
            continue  # the source of the figure: "..., the interior ministry said"
        out.append(tok)
    return out


# --------------------------------------------------------------------------------------------
# Retrieval
# --------------------------------------------------------------------------------------------

def refers_back(reading: Reading) -> bool:
    """Does the sentence point at the one before for what it is about ("the number", "that year",
    "la dependencia", "en ese año", a sentence opening with "It"/"They"/"Ello")?"""
    tokens = tokens_of(reading.text)
    if tokens and tokens[0].word in ("it", "they", "this", "that", "these", "those", "ello", "esto", "eso",
                                     "estos", "esas", "esos", "estas"):
        return True
    words = [t.word for t in tokens]
    if any(w in ("esos", "esas", "estos", "estas", "aquellos", "aquellas", "dichos", "dichas", "those", "these",
                 "both", "ambos", "ambas") for w in words):
        return True  # "esos dos estados", "those migrants"
    for k, (a, b) in enumerate(zip(words, words[1:])):
        if a in ("the", "that", "this", "these", "those", "la", "el", "esa", "ese", "esta", "este", "dicha",
                 "dicho", "aquel", "aquella", "such", "tal") and b in ANAPHORA:
            name = k + 2 < len(tokens) and tokens[k + 1].raw[:1].isupper() and tokens[k + 2].raw[:1].isupper()
            if not name:  # "El Instituto Nacional de Migración" names a body; "el instituto" refers back
                return True
        if a in ("ese", "esa", "aquel", "dicho", "that", "same") and b in ("ano", "periodo", "lapso", "year", "period"):
            return True
    return _elided_subject(reading)


#: A copula a figure completes: "en 2013 fueron 1,296", "in 2016 they were 8,796".
_COPULA_BEFORE_RE = re.compile(r"(?:^|[,;:]\s*)(?P<clause>[^,;:]*?)\b(?:fueron|eran|sumaron|were|totaled|totalled|"
                               r"numbered)\s+(?:(?:de|unos|unas|about|some|around)\s+)?$", re.IGNORECASE)


def _elided_subject(reading: Reading) -> bool:
    """"En el gobierno anterior en 2013 fueron 1,296; en 2014, 2 136": figures with no noun of their
    own after a copula with no subject: what they count is the sentence before's."""
    if not reading.figures or any(f.label for f in reading.figures):
        return False
    first = reading.figures[0]
    m = _COPULA_BEFORE_RE.search(reading.text[:first.start])
    if m is None:
        return False
    nouns = [t for t in tokens_of(m.group("clause")) if len(t.word) > 3 and t.word.endswith("s")
             and t.word not in STOPWORDS and t.word not in _TIME_NOUNS]
    return not nouns


_TIME_NOUNS = frozenset("anos years months meses dias days weeks semanas".split())


def candidates(reading: Reading, table: Table, context: Context | None = None,
               background: bool = False, exclude: frozenset[int] = frozenset()) -> list[Candidate]:
    """The claims the sentence is about, best first.  ``background``: the sentence refers back, so
    the context's words count as its own."""
    context = context or Context()
    tokens = tokens_of(reading.text)
    own_seq = [stem(w) for w in reading.words]
    around_seq = [stem(w) for w in context.words]
    own, around = set(own_seq), set(around_seq)
    present = own | around if background else own
    sequences = (own_seq, around_seq) if background else (own_seq,)
    hits: dict[int, int] = {}
    by_own: set[int] = set()  # the claims the sentence's own words find
    for s in present:
        bit = _WEAK if s in GENERIC else _STRONG
        for i in table.topic_terms.get(s, ()):
            hits[i] = hits.get(i, 0) | bit
            if s in own:
                by_own.add(i)
        for words, members in table.topic_phrases.get(s, ()):
            if has_phrase(sequences, words, slack=1):
                bit = _WEAK if GENERIC.issuperset(words) else _STRONG
                for i in members:
                    hits[i] = hits.get(i, 0) | bit
                if has_phrase((own_seq,), words, slack=1):
                    by_own.update(members)
        for words, i in table.alias_phrases.get(s, ()):
            if has_phrase(sequences, words):
                hits[i] = hits.get(i, 0) | _ALIAS
                if has_phrase((own_seq,), words):
                    by_own.add(i)
    if not hits and table.vocabulary:
        for i in _fuzzy(own, table):  # a misspelt subject word needs the claim's name beside it
            hits[i] = hits.get(i, 0) | _WEAK
            by_own.add(i)
    if not hits:
        return []
    mentions = place_mentions(reading.text, tokens)
    if background:  # the places the sentence before names (its people's nationalities are a population)
        mentions += [Mention(m.place, "other", -1, m.text) for m in place_mentions(context.text)
                     if m.role not in ("destination", "population") and not DEMONYMS.intersection(stems_of(m.text))]
    named_places = where(mentions) or set(context.places)
    if not where(mentions) and _NATIONWIDE_RE.search(reading.text):
        # "en todo el país" in a story datelined in Chiapas: the country, not the state
        named_places = {_MEXICO if p in _MEXICAN_STATES else p for p in named_places}
    actors = actor_mentions(reading.text, tokens)
    naming = sequences  # where the claim's own name may be read, against another body named
    context_tokens = tokens_of(context.text) if background and context.text else []
    if background and context.text:  # "El organismo atendió ...": the body the sentence before was about
        before = actor_mentions(context.text, context_tokens)
        if before:  # the body "el organismo" stands for is the one the sentence before names, not the headline's
            actors += before
            naming = (own_seq, list(stems_of(context.text)))
    unknown = _unknown_weight(table)
    weights, foreign = {}, 0
    for s in present:
        w = table.idf.get(s)
        if w is None:
            w = unknown
            if s not in PLACE_OF and s not in _CHANGE_STEMS and s not in table.known:
                foreign += 1
        weights[s] = w
    total = sum(weights.values()) or 1.0
    mostly_foreign = foreign >= 2 and foreign > len(present) / 2
    out = []
    for i, how in hits.items():
        if i in exclude:
            continue
        names = table.names[i]
        named = bool(how & _ALIAS) or not present.isdisjoint(names) or not around.isdisjoint(names)
        if not named and not how & (_STRONG | _ALIAS):
            continue  # only a generic word in common ("requests", "program")
        if not named and mostly_foreign:
            continue  # the subject word is there, but the sentence is about something else
        context_stems = set(table.context[i])
        covered = sum(w for s, w in weights.items() if s in context_stems)
        topic = 0.6 + 2 * covered / total + (1.0 if named else 0.0)
        claim = table.claims[i]
        problem = place_problem(claim, table.places[i], mentions, named_places) \
            or _actor_problem(claim, names, context_stems, actors, sequences, tokens, naming, context_tokens)
        if problem is None and not how & _STRONG:
            problem = _other_name(claim, i, sequences, table)
        proper = bool(how & _ALIAS) or any(len(words) >= 2 and has_phrase(sequences, words)
                                            for words in (stems_of(alias) for alias in claim.aliases))
        unique = any(has_phrase(sequences, words) for words in table.unique_names.get(i, ()))
        out.append(Candidate(i, topic, how == _ALIAS, unique, proper, not how & _STRONG, problem, i in by_own))
    out.sort(key=lambda c: -c.topic)
    return out


def _compatible_place(place: str, theirs: set[str], event: bool = False) -> bool:
    if place in theirs:
        return True
    if place == _MEXICO and theirs & _MEXICAN_STATES:
        return True  # a Mexican state's claim, and the sentence says "Mexico" too
    if event and _MEXICO in theirs and place in _MEXICAN_STATES:
        return True  # an event in Mexico (a caravan) passes through its states: "arrived in Oaxaca"
    region = REGION_OF.get(place)
    return region is not None and region in theirs


def place_problem(claim: Claim, theirs, mentions: list[Mention], named: set[str]) -> tuple[str, str] | None:
    if not theirs:
        return None
    theirs = set(theirs)
    if any(w in ("states", "estados") for f in claim.figures for w in f.label):
        # a claim that counts states: the states a sentence lists are what it counts, not where;
        # but a claim about named states (Chiapas and Tabasco) is not about others (Veracruz)
        own_states = theirs & _MEXICAN_STATES
        allowed = own_states if own_states else _MEXICAN_STATES
        for m in mentions:
            if own_states and m.place in _MEXICAN_STATES and m.place not in own_states:
                return "place", f"place: says {m.text}; the claim is about {claim.place}"
        mentions = [m for m in mentions if m.place not in allowed]
        named = {p for p in named if p not in allowed}
    if named and not any(_compatible_place(p, theirs, claim.event) for p in named):
        shown = next((m.text for m in mentions if m.place in named), ", ".join(sorted(named)))
        return "place", f"place: says {shown}; the claim is about {claim.place or ', '.join(sorted(theirs))}"
    for m in mentions:
        if m.role in ("actor", "location") and not _compatible_place(m.place, theirs, claim.event):
            return "place", f"place: says {m.text}; the claim is about {claim.place or ', '.join(sorted(theirs))}"
    return None


def claim_named(claim: Claim, sequences) -> bool:
    """Does the sentence name the claim's actor, or one of its aliases that is not a place?"""
    for name in (claim.actor, *claim.aliases):
        words = stems_of(name)
        if words and has_phrase(sequences, words) and not all(w in PLACE_OF for w in words):
            return True
    return False


def _of_place(actor: Token, tokens: list[Token], context_stems: set[str]) -> bool:
    """Is the actor word next to a place the claim names ("Oaxaca's prosecutors", "la fiscalía de Oaxaca")?"""
    if actor not in tokens:
        return False  # a body the sentence before names
    k = tokens.index(actor)
    near = tokens[max(0, k - 2):k] + tokens[k + 1:k + 4]
    return any(t.stem in PLACE_OF and PLACE_OF[t.stem] in context_stems for t in near)


def _actor_problem(claim: Claim, names, context_stems: set[str], actors: list[Token],
                   sequences, tokens: list[Token] = (), naming=None, around: list[Token] = ()) -> tuple[str, str] | None:
    excluded = [w for w in claim.excludes if has_phrase(sequences, stems_of(w))]
    if excluded:
        return "measure", f"measure: says {excluded[0]}; the claim ({claim.id}) excludes it"
    kinds = {stem(fold(w)) for phrase in claim.requires for w in phrase.split()}  # police, army: security forces
    foreign = [t for t in actors if t.stem not in context_stems and t.stem not in kinds
               and not _described(t, tokens, names) and not _described(t, around, names)]
    generic = not claim.actor or any(stem(fold(w)) in _AUTHORITIES - ACTOR_NOUNS for w in claim.actor.split())
    if generic:  # "Oaxaca state authorities": the place's own bodies ("Oaxaca's prosecutors") are its
        foreign = [t for t in foreign if not _of_place(t, tokens, context_stems)]
    if foreign and not claim_named(claim, sequences if naming is None else naming):
        who = claim.actor or "its own actor"
        return "actor", f"actor: says {foreign[0].raw}; the claim is about {who}"
    target = next((t for t in foreign if _against(t, tokens)), None)
    if target is not None:  # "the CNDH received 521 complaints against the police": named, but not the INM
        return "actor", f"actor: says against {target.raw}, a body the claim ({claim.id}) does not name"
    return None


def _described(actor: Token, tokens: list[Token], names) -> bool:
    """Is the body described by a word of the claim's own actor's name ("Mexico's refugee agency" for
    the Mexican Commission for Refugee Assistance, "the migration agency" for the National Migration
    Institute)?"""
    if actor not in tokens or not actor.raw.islower() or actor.stem not in _GENERIC_BODIES:
        return False  # (a name, "Alto Comisionado ... (Acnur)", is another body's own)
    k = tokens.index(actor)
    near = tokens[max(0, k - 2):k] + tokens[k + 1:k + 4]
    return any(t.stem in names and t.stem not in PLACE_OF and t.stem not in DEMONYMS and t.stem not in _AUTHORITIES
               and t.word not in _ARTICLES and len(t.word) > 3 for t in near)


_GENERIC_BODIES = frozenset(stem(fold(w)) for w in "agency agencia commission comisión institute instituto office "
                             "oficina department departamento ministry ministerio secretariat secretaría".split())
_AGAINST = frozenset(("against", "contra", "versus", "vs"))


def _against(actor: Token, tokens: list[Token]) -> bool:
    """Is the body the one a count is against ("complaints against the police", "quejas contra la policía")?"""
    if actor not in tokens:
        return False
    k = tokens.index(actor)
    return any(t.word in _AGAINST for t in tokens[max(0, k - 4):k])


def _other_name(claim: Claim, index: int, sequences, table: Table) -> tuple[str, str] | None:
    """Named by everyday words only ("funding", "program"), while the sentence names another claim's
    programme, report or body ("the Mérida Initiative received $152 million"): another measure."""
    mine = set(table.context[index])
    for first, entries in table.alias_phrases.items():
        if not any(first in seq for seq in sequences):
            continue
        for words, other in entries:
            if other != index and has_phrase(sequences, words) and not mine.issuperset(words):
                alias = next((a for a in table.claims[other].aliases if stems_of(a) == words), " ".join(words))
                return "measure", f"measure: says {alias}; the claim is about {claim.subject}"
    return None


def _unknown_weight(table: Table) -> float:
    """The weight of a stem no claim has: the idf of a stem in none of the claims."""
    import math

    return math.log(1 + max(len(table.claims), 1))


def _fuzzy(present: set[str], table: Table) -> set[int]:
    """Misspelt or unusually inflected subject words ("deportd", "apprehensionss")."""
    from rapidfuzz import fuzz, process

    found: set[int] = set()
    for word in present:
        if len(word) >= 6:
            hit = process.extractOne(word, table.vocabulary, scorer=fuzz.ratio, score_cutoff=90)
            if hit:
                found.update(table.topic_terms.get(hit[0], ()))
    return found


# --------------------------------------------------------------------------------------------
# The measure, per figure
# --------------------------------------------------------------------------------------------

def claim_stages(claim: Claim) -> frozenset[str]:
    """The stages of the count a claim is at: its ``stage``, else those its subject and statement
    name ("requested asylum", "had been processed")."""
    if claim.stage:
        return frozenset((claim.stage,))
    return frozenset(filter(None, (stage_of(t.word) for text in (claim.subject, claim.statement)
                                   for t in claim_tokens(text))))


def figure_window(reading: Reading, figure: Figure, tokens: list[Token]) -> tuple[list[Token], list[Token]]:
    """The words a figure's own clause gives it: (after it, before it), up to the figures next to
    it and to a clause break."""
    starts = [f.start for f in reading.figures]
    ends = [f.end for f in reading.figures]
    k = starts.index(figure.start)
    left = ends[k - 1] if k > 0 else 0
    right = starts[k + 1] if k + 1 < len(starts) else len(reading.text)
    text = reading.text
    cut = max(text.rfind(";", left, figure.start), text.rfind(":", left, figure.start))
    left = max(left, cut + 1)
    cut = min([i for i in (text.find(";", figure.end, right), text.find(":", figure.end, right)) if i >= 0] or [right])
    right = cut
    after = [t for t in tokens if figure.end <= t.start < right]
    # the words before a figure are its own only up to the figure before it: "23 people were killed
    # and 60 were injured ... including 16 victims shot": "injured" is the 60's, not the 16's
    if k > 0:
        breaks = [m.end() for m in _CLAUSE_START_RE.finditer(text, left, figure.start)]
        left = breaks[-1] if breaks else figure.start
    before = [t for t in tokens if left <= t.start < figure.start]
    return after, before


#: Where a clause starts inside a sentence: punctuation, or a coordinating word ("... 80,353
#: personas y rechazó en aeropuertos a otras 30 mil").
_CLAUSE_START_RE = re.compile(r"[,;:(]|\s(?:and|but|while|whereas|y|e|pero|mientras|aunque)\s", re.IGNORECASE)


#: Words that introduce an example or a part of a count ("including two women", "such as").
_EXAMPLE_RE = re.compile(r"\b(?:including|included|among\s+them|among\s+whom|such\s+as|for\s+(?:example|instance)"
                         r"|illustrated\s+by|exemplified\s+by|incluid[oa]s|incluyendo|entre\s+(?:ell[oa]s|l[oa]s\s+que"
                         r"|l[oa]s\s+cuales)|por\s+ejemplo|tales\s+como)\b", re.IGNORECASE)


def measure_problem(claim: Claim, stages: frozenset[str], reading: Reading, figure: Figure,
                    tokens: list[Token], extra: list[Token] = ()) -> tuple[str, str] | None:
    """Another measure than the claim's, for this figure: another stage of the count, a forecast,
    or a population the claim does not restrict to.  ``extra``: words from the context (a sentence
    that refers back)."""
    after, before = figure_window(reading, figure, tokens)
    denial = _denied(reading.text, figure, before, tokens)
    if denial:  # "the INM did not deport 80,353 people": a denial, not the count
        return "measure", f"measure: the sentence denies it ({denial!r}); the table holds the count, not a denial"
    part = next((w for w in figure.label if w in PEOPLE_SUBSETS), None)
    if part is not None and stem(part) not in {stem(w) for w in _claim_words(claim)}:
        return "measure", f"measure: counts {part} only; the claim counts {claim.subject}"
    if claim.requires:
        near = {t.stem for t in [*after, *before, *extra]}
        if not any(all(stem(fold(w)) in near for w in phrase.split()) for phrase in claim.requires):
            return "measure", (f"measure: does not say {claim.requires[0]}; the claim counts {claim.subject}")
    keywords = {fold(w) for k in claim.keywords for w in k.split()}
    keyword_stems = {stem(w) for w in keywords}  # "arrestó" is the claim's own "arrested"
    # recording a count (received, filed, registered) is no stage of its own; for a count of requests,
    # neither is presenting them ("las (solicitudes) presentadas en 2016")
    recording = {"documented", "requested"}
    if "requested" in stages or any(stage_of(w) == "requested" for w in keywords):
        recording.add("presented")
    allowed = set(stages)
    for s in stages:
        allowed |= STAGE_INCLUDES.get(s, set())
    seen_stage = False
    # the figure's own predicate comes after it ("16 victims shot dead", "1,907 were granted"); the
    # words before it are the previous figure's, unless nothing after says a stage
    ahead = [tok for tok in after if stage_of(tok.word) is not None]
    for tok in (ahead if ahead else [*before]):  # (the sentence before's stages are its own)
        stage = stage_of(tok.word)
        if stage is None or (not stages and (tok.word in keywords or tok.stem in keyword_stems)):
            continue  # a stage-less claim's own words: "devueltos" for deportations
        seen_stage = seen_stage or stage in allowed
        if stage in allowed or (stage in recording and (not stages or stages & {"requested", "documented"})):
            continue
        return "measure", f"measure: says {tok.raw}; the claim counts {claim.subject}"
    own = ahead or any(t.word in keywords or stage_of(t.word) is not None for t in [*before, *after])
    other = None if own else next((t for t in tokens if t.word not in keywords and stage_of(t.word)
                                   not in (None, *allowed, *recording)), None)
    if other is not None and not any(stage_of(t.word) in allowed for t in tokens):
        # a figure with no predicate of its own, in a sentence about another stage ("Only 2,825
        # people, some 63 per cent of those who concluded the procedure, were recognized")
        return "measure", f"measure: says {other.raw}; the claim counts {claim.subject}"
    if stages and not seen_stage:
        # a claim at a stage ("requested asylum", "processed"): the sentence must name that stage, or
        # for a count of what was asked for or received, what it counts
        said = any(stage_of(t.word) in allowed for t in [*tokens, *extra])
        intake = stages <= {"requested", "documented", "attended"}
        subject = set(stems_of(claim.subject)) | {s for k in claim.keywords for s in stems_of(k)} - _PEOPLE
        words = {t.stem for t in tokens} | {t.stem for t in extra}
        if not said and (not intake or words.isdisjoint(subject)):
            return "measure", f"measure: the sentence does not say it counts {claim.subject}"
    for tok in before:
        if tok.word in FORECAST and tok.raw != "May":
            return "measure", f"measure: a forecast ({tok.raw} ...), not a count; the claim counts {claim.subject}"
    if re.search(r"\b(?:by|before)\s+(?:the\s+)?(?:year['’]s\s+end|end\s+of\s+(?:the\s+)?year)\b|\ba\s+(?:finales|fin)\s+de\s+(?:año|ano)\b"
                 r"|\bpara\s+(?:fin|finales)\s+de\s+(?:año|ano)\b", reading.text[figure.end:figure.end + 60], re.IGNORECASE):
        return "measure", f"measure: a forecast (by the end of the year), not a count; the claim counts {claim.subject}"
    example = _EXAMPLE_RE.search(reading.text, max(0, figure.start - 45), figure.start)
    own_words = {t.stem for t in after} & ({stem(fold(w)) for p in claim.requires for w in p.split()} | keyword_stems)
    if example and not _CLAUSE_START_RE.search(reading.text, example.end(), figure.start) and not own_words:
        # "including two children", "illustrated by the deaths of seven": a part of a count, not the count
        # (but "including 16 victims shot dead by security forces" names the claim's own measure)
        return "measure", f"measure: '{example.group()}' introduces a part; the claim counts all {claim.subject}"
    # the words next to the figure, and the noun it counts when that comes earlier ("the number of
    # Hondurans deported by Mexico reached 80,353")
    own = [t for t in before[:-3] if t.word in figure.label] + before[-3:] + after[:4]
    window = own + list(extra)  # (the sentence referred back to: "En ese año ..." after "centroamericanos")
    theirs = {stem(w) for w in _claim_words(claim)}
    for k, tok in enumerate(window):
        # two-word demonyms and "migrants from X" are read in the sentence itself only: in the
        # sentence before they may describe something else ("the train that carries Central
        # American migrants")
        pair = (tok.stem, window[k + 1].stem) if k + 1 < len(own) else None
        named = _PHRASE_PLACES.get(pair) if pair else None
        first, last = k, k
        if pair in _DEMONYM_PHRASES:  # "Central American migrants"
            place, last = named, k + 1
        elif tok.stem in DEMONYMS:
            place = PLACE_OF[tok.stem]
        elif (named or tok.stem in PLACE_OF) and 2 <= k < len(own) and window[k - 1].word in _FROM_WORDS \
                and window[k - 2].word in _PEOPLE_NOUNS:  # "80,353 migrants from Central America"
            place, first, last = named or PLACE_OF[tok.stem], k - 2, k + 1 if named else k
        else:
            continue
        if tok.stem in theirs or place in theirs:
            continue
        if any(t.word in _NON_RESTRICTIVE for t in window[max(0, first - 4):first]):
            continue
        people = any(t.stem in _PEOPLE for t in window[max(0, k - 2):k + 3]) or window[last].word.endswith("s")
        if people and not any(t.stem in _AUTHORITIES for t in window[max(0, k - 2):k + 3]):
            said = " ".join(t.raw for t in window[first:last + 1]).rstrip(".,;:")
            return "measure", f"measure: counts {said} only; the claim counts {claim.subject} of every nationality"
    return None


#: A denial of the figure's clause ("did not deport", "no deportó", "it is false that"), unless the
#: word is part of a bound ("not more than", "no menos de") or "not only".
_DENIAL_RE = re.compile(r"(?:\b(?:not|never|no|nunca|jam[aá]s)\b|n[’']t\b)(?!\s+(?:more|less|fewer|over|under|only|just|"
                        r"m[aá]s|menos|solo|sólo|s[oó]lamente)\b)", re.IGNORECASE)
_FALSE_THAT_RE = re.compile(r"\b(?:(?:is|was|it's)\s+(?:false|untrue|not\s+true)\s+that|es\s+falso\s+que|"
                            r"no\s+es\s+(?:cierto|verdad)\s+que|desminti[oó]\s+que|denied\s+that)\b", re.IGNORECASE)


def _denied(text: str, figure: Figure, before: list[Token], tokens: list[Token]) -> str | None:
    """The words that deny the figure's clause ("did not deport", "no deportó", "it is false that",
    "80,353, not 95,000"), if any."""
    whole = _FALSE_THAT_RE.search(text, 0, figure.start)
    if whole:
        return whole.group()
    start = before[0].start if before else figure.start
    start = min(start, max(0, figure.start - 6))  # ("not 95,000": the word just before the figure)
    if any(ch.isdigit() for ch in text[start:figure.start]):
        return None
    for m in _DENIAL_RE.finditer(text, start, figure.start):
        if m.group().lower() == "no" and not _spanish(tokens):
            continue  # English "no" is a determiner ("no fewer", "no new cases")
        return m.group()
    return None


def _claim_words(claim: Claim) -> list[str]:
    return [t.word for text in (claim.statement, claim.subject, claim.place, claim.actor, *claim.aliases,
                                *claim.keywords) for t in claim_tokens(text)]
