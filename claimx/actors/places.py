"""The country a place name lies in: "Kirkuk" -> Iraq, "Sindh province" -> Pakistan.

In order:
1. a country, capital or seat of government (claimx.actors.country_of);
2. a first-level subdivision of one country only (pycountry: "West Darfur", "Sindh", "Texas";
   "Punjab" is in India and Pakistan, so none);
3. a city of 15,000 people or more (GeoNames, through models/cities.tsv) whose most populous
   namesake is at least DOMINANCE times as large as any namesake in another country ("Kirkuk",
   "Lagos"; not "Hyderabad", India or Pakistan, nor "Valencia", Venezuela or Spain).
Names are compared without accents, case or apostrophes ("Sāmarrā'" is "samarra"); words such as
"province" or "state" after a name are dropped. Place names only: callers pass the text of a
GPE or LOC entity, never a person's or organisation's name.
"""

import re
import sys
import unicodedata
from functools import lru_cache
from typing import Dict, Optional, Set

import pycountry

from claimx.actors.gazetteer import ActorInfo, country_by_alpha2, country_of
from claimx.assets import load_lexicon, read_asset

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
    key = fold_place_name(PLACE_WORDS.sub("", name))
    if not key:
        return None
    codes = _subdivisions().get(key)
    cities = _cities().get(key)
    cities = set(cities.split()) if cities else None
    if codes is None:
        codes = cities
    elif cities is not None and cities != codes:
        # "Córdoba": provinces of Argentina and Colombia, the city Argentina's; "Charlotte": a
        # parish of St Vincent but a US city - no telling, so nothing
        codes = cities if len(cities) == 1 and cities <= codes else None
    if codes is None or len(codes) != 1:
        return None
    return country_by_alpha2(next(iter(codes)))


def fold_place_name(name: str) -> str:
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
        names.setdefault(fold_place_name(sub.name), set()).add(sub.country_code)
    return names


@lru_cache(maxsize=1)
def _cities() -> Dict[str, str]:
    """Folded city names -> the country (alpha-2) of the dominant namesake, or several,
    space-separated, when no namesake dominates. Read from models/cities.tsv (a few MB resident),
    which training/build_cities.py builds from GeoNames."""
    rows = (line.split("\t") for line in read_asset("cities.tsv").splitlines()
            if line and not line.startswith("#"))
    next(rows)  # the header
    return {name: sys.intern(codes) for name, codes in rows}
