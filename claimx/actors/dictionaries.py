"""People, organisations and armed groups from the PETRARCH2 Phoenix dictionaries
(models/phoenix_actors.tsv, converted by training/build_tables.py), behind claimx's own tables,
and the chiefs of state and heads of government in office in 2025 from the CIA World Factbook
(models/factbook_leaders.tsv), which the dictionaries, ending about 2015, lack.

About 45,000 names (17,900 people with their roles' dates, IGOs, NGOs, companies, armed
groups, places, and 12,700 surnames only one country's people bear), read on first use into
two bytes objects, the names and their codes, with arrays of offsets (about 2.6 MB in all; a
dict of str would take several times that), and searched by bisection (some 10 microseconds a
name).

A name's codes may hold for a time only ("RUS:GOV@19991231-20080507": a president's term; "SUN"
before 1991 for a city of a state that did not yet exist): the code that holds on the
article's reference date wins, else the one without dates, else, where all codes have one
country, that country without a sector; with no date to go by, the latest (today's reading).
"""

import bisect
import datetime
import io
import unicodedata
from array import array
from dataclasses import dataclass
from functools import lru_cache
from typing import List, Optional, Tuple

from claimx.actors.gazetteer import PEOPLE_LOOKUPS, ActorInfo, _country_display_names
from claimx.assets import read_asset_bytes
from claimx.records import Member

TABLE = "phoenix_actors.tsv"
COUNTRIES, INTERNATIONAL, ARMED_GROUPS, SURNAMES = "0", "1", "2", "3"
LEADERS = "factbook"
NON_STATE = ("IGO", "NGO", "MNC", "IMG")


@dataclass(frozen=True)
class Entry:
    code: str              # ISO alpha-3 (or a former state's ISO 3166-3 code), IGO, NGO, MNC, IMG
    sector: Optional[str]  # PLOVER sector, None where the dictionary gives none
    source: str            # COUNTRIES, INTERNATIONAL, ARMED_GROUPS, SURNAMES or LEADERS


def fold(name: str) -> str:
    """A name as the table keys it: no accents, lower case, single spaces, no possessive and no
    leading "the" ("The Abu Nidal Organization's" -> "abu nidal organization")."""
    name = name.strip().replace("\u2019", "'").replace("_", " ")
    if name.endswith("'s"):
        name = name[:-2]
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    words = plain.replace("ı", "i").lower().split()
    return " ".join(words[1:] if len(words) > 1 and words[0] == "the" else words)


class _Packed:
    """Strings packed into one bytes object with an array of offsets: a sequence that bisect
    can search, at a few bytes a string instead of a bytes object's 33 or more."""

    def __init__(self):
        self.data = bytearray()
        self.ends = array("I")

    def append(self, item: bytes) -> None:
        self.data += item
        self.ends.append(len(self.data))

    def freeze(self) -> None:
        self.data = bytes(self.data)

    def __len__(self) -> int:
        return len(self.ends)

    def __getitem__(self, i: int) -> bytes:
        return self.data[self.ends[i - 1] if i else 0:self.ends[i]]


class _SortedTable:
    """Lines "key\\tfile\\tcodes" sorted by key: keys and the rest of each line packed apart."""

    def __init__(self, data: bytes):
        self.keys, self.values = _Packed(), _Packed()
        header = True
        for line in io.BytesIO(data):
            if line.startswith(b"#") or not line.strip():
                continue
            if header:  # the column names
                header = False
                continue
            key, _, value = line.rstrip(b"\n").partition(b"\t")
            self.keys.append(key)
            self.values.append(value)
        self.keys.freeze()
        self.values.freeze()

    def get(self, key: str) -> Optional[Tuple[str, str]]:
        wanted = key.encode("utf-8")
        i = bisect.bisect_left(self.keys, wanted)
        if i == len(self.keys) or self.keys[i] != wanted:
            return None
        source, _, codes = self.values[i].decode("utf-8").partition("\t")
        return source, codes


@lru_cache(maxsize=1)
def _table() -> _SortedTable:
    return _SortedTable(read_asset_bytes(TABLE))


def lookup(name: str, reference: Optional[datetime.date] = None) -> Optional[Entry]:
    """The entry of a name (any accents, case or possessive) on the reference date, or None."""
    key = fold(name)
    found = _table().get(key) if key else None
    if found is None:
        return None
    source, codes = found
    chosen = choose(codes.split(";"), reference)
    if chosen is None:
        return None
    code, sector = chosen
    return Entry(code, sector, source)


def choose(codes: List[str], reference: Optional[datetime.date]) -> Optional[Tuple[str, Optional[str]]]:
    """(code, sector) holding on the reference date; see the module docstring."""
    day = int(reference.strftime("%Y%m%d")) if reference else None
    undated, latest = None, None
    for item in codes:
        code_sector, _, dates = item.partition("@")
        code, _, sector = code_sector.partition(":")
        value = (code, None if sector in ("", "-") else sector)
        if not dates:
            undated = undated or value
            continue
        start, _, end = dates.partition("-")
        if day is not None and (not start or int(start) <= day) and (not end or day <= int(end)):
            return value
        if latest is None or int(start or 0) >= latest[0]:
            latest = (int(start or 0), value)
    if day is None and latest is not None:
        return latest[1]
    if undated is None and latest is not None:
        # Out of every dated role: a person's country does not change with their office ("Ban
        # Ki-moon" before his first post), so one country throughout is still theirs, without
        # a sector; codes that differ (a city of a state since ended) name none.
        roots = {item.partition(":")[0] for item in codes}
        return (roots.pop(), None) if len(roots) == 1 else None
    return undated


# --- the CIA World Factbook's current leaders ---------------------------------------------------

@lru_cache(maxsize=1)
def _leaders() -> dict:
    from claimx.assets import load_table

    return {row["name"]: (row["iso3"], int(row["since"])) for row in load_table("factbook_leaders.tsv")}


def leader(name: str, reference: Optional[datetime.date] = None) -> Optional[Tuple[str, bool]]:
    """(state, in office) of a chief of state or head of government the World Factbook lists
    (models/factbook_leaders.tsv, current in 2025): in office if they held it on the reference
    date (or no date is known). Before it they were still of that state ("Donald Trump" in
    2016), but not its government."""
    found = _leaders().get(fold(name))
    if found is None:
        return None
    code, since = found
    return code, reference is None or int(reference.strftime("%Y%m%d")) >= since


# --- as claimx's parties ----------------------------------------------------------------------

# States that ended, by their ISO 3166-3 alpha-3 code, under the short names news gives them.
FORMER_STATES = {"SUN": "Soviet Union", "YUG": "Yugoslavia", "CSK": "Czechoslovakia",
                 "DDR": "East Germany", "SCG": "Serbia and Montenegro"}


def _country_name(code: str) -> Optional[str]:
    return FORMER_STATES.get(code) or _country_display_names().get(code)


def actor_info(name: str, kind: str, reference: Optional[datetime.date] = None,
               display: Optional[str] = None):
    """The party of a person or organisation the Phoenix dictionaries know, as claimx's
    ActorInfo, or None: a state's person or body is the state with them as its member; an
    international organisation, company or NGO is a party of its own coded IGO/NGO/MNC, as is a
    person of one; an armed group is its own party coded with its home (or IMG). kind: "person"
    or "organization", what the text says the name is; display: the name to give the party or
    member (default: name)."""
    office = leader(name, reference) if kind == "person" else None
    entry = lookup(name, reference)
    if office is not None and (office[1] or entry is None or entry.code != office[0]):
        entry = Entry(office[0], "GOV" if office[1] else None, LEADERS)
    if entry is None:
        return None
    name = display or name
    if entry.source == ARMED_GROUPS:
        return ActorInfo(name, "organization", entry.code, entry.sector or "REB")
    if entry.code in NON_STATE:
        return ActorInfo(name, kind, entry.code, entry.sector)
    country = _country_name(entry.code)
    if country is None or entry.sector is None and entry.source not in (SURNAMES, LEADERS) \
            and not _is_person_entry(name, reference):
        return None  # a place, or a country's own name: claimx's tables read those
    return ActorInfo(country, "country", entry.code, entry.sector,
                     Member(name, kind, None, entry.sector))


def _is_person_entry(name: str, reference: Optional[datetime.date]) -> bool:
    """Does the name's record have roles (a person or body out of every dated role), not just a
    country (a place)?"""
    found = _table().get(fold(name))
    return found is not None and any(":-" not in item for item in found[1].split(";"))


def country_then(name: str, code: str, reference: Optional[datetime.date]) -> Optional[Tuple[str, str]]:
    """(name, code) of the state a place or country name belonged to on the reference date when
    it was a state that has since ended ("Kiev" in 1985: the Soviet Union), else None."""
    if reference is None:
        return None
    entry = lookup(name, reference)
    if entry is None or entry.code == code or entry.code not in FORMER_STATES:
        return None
    return FORMER_STATES[entry.code], entry.code


def _person(name: str):
    return actor_info(name, "person")


PEOPLE_LOOKUPS.append(_person)  # resolve_actor's people without a party
