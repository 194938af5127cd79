"""Resolve the actors of news claims ("Azerbaijan's foreign ministry", "Tehran", "Amnesty")
to the parties claims are grouped by: countries, organisations, people and groups.

Pure functions over lookup tables in models/ (built once, lazily):
  country_names.tsv        aliases, canonical spellings and "not a country" blocks, on top
                           of pycountry's name / common_name / official_name;
  demonyms.tsv             "Iranian", "Azeri" -> ISO3 (plurals: "Iranians");
  seats_of_government.tsv  "Tehran", "the Kremlin", "the Pentagon" -> ISO3 + sector;
  organizations.tsv        "UN", "Amnesty", "Reuters", "IRNA" -> party + IGO/NGO/MNC code;
                           armed groups ("Hamas") -> their own party, coded with their home;
  sectors.tsv              "ministry", "army", "police" -> PLOVER sector + rank.

Rules of resolve_actor(text, entity_label):
 1. Tokens are words split on whitespace and punctuation; "U.S." and "U.N." stay whole,
    possessive 's / ' / ’s is stripped (and remembered), "Iranian-born" splits into
    "Iranian" + "born", while other hyphenated words stay whole, so "Nagorno-Karabakh",
    "pro-Russian", "Iran-backed" and "U.S.-led" name no country.
 2. Names are matched case-sensitively ("US" the country, "us" the pronoun; "WHO" the
    organisation, "who" the pronoun); keywords lower-cased. At each token the longest
    entry of any table wins ("American Airlines" over "American", "New Mexico" over
    "Mexico", "national security council" over "Security Council").
 3. The phrase is cut at the first preposition or relative pronoun that introduces another
    party ("the ambassador to Iran", "officials who spoke to Reuters"), except "aide to",
    "adviser to" etc., where the second party is the employer.
 4. A country word directly followed by a capitalised word that is not part of a state
    institution is part of a proper name, not a country: "Iran International",
    "Russian Railways", "Jordan Peterson"; but "US Commerce Department" and "Iranian
    State TV" keep their country, and so does a people tagged NORP ("Iraqi Kurds").
 5. With entity_label PERSON, country words inside the person's name are ignored
    ("George Washington", "Jordan"); outside it they still count ("his Iranian
    counterpart Hossein Amir-Abdollahian", "King Abdullah of Jordan").
 6. The leftmost remaining party wins ("Iran's UN envoy" is Iran, "the UN's Iran envoy"
    the UN). State bodies in organizations.tsv (IRNA, IRGC, CIA) resolve to their country.
 7. The sector is the highest-ranked keyword (ties: the rightmost); a seat or state body
    counts as rank 1.5 ("Pentagon officials" -> MIL), a plural demonym as CVL at 0.5
    ("Iranians").
 8. Without a party: a person the converted dictionaries know (claimx.actors.dictionaries)
    -> that person's state, with the person as member; any other PERSON -> person (name = the
    name, title dropped); ORG -> organization with code None; a title followed by a name
    ("Foreign Minister Jeyhun Bayramov") -> person; a proper name ending in an institution
    noun ("Azerbaijan Airlines") -> organization; a group noun ("protesters", "the ministry")
    or NORP -> group; anything else (pronouns, regions such as Nagorno-Karabakh) -> unknown.
    Groups and organisations are named by the phrase up to the cut, without "the".
 9. An organisation or group that no table codes but whose proper name holds a country word
    ("the Kenyan Farmers Association", "Russian Railways") keeps its own party, coded with
    that country, as an armed group is coded with its home.
Accepted ambiguities: "Georgia" and "Jordan" with no label are the countries; "Congo" is
the Republic of the Congo (ISO's reading); "Congolese" is DR Congo.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Dict, List, NamedTuple, Optional, Tuple

import pycountry

from claimx.assets import load_lexicon, load_table, marked_words
from claimx.records import Member
from claimx.text.function_words import (
    ARTICLES,
    CAPITALISED_FUNCTION_WORDS,
    HONORIFICS,
    RELATIVE_WORDS,
    prepositions,
)

STATE_SECTORS = frozenset({"GOV", "MIL", "LEG", "JUD", "COP", "SPY"})

# Kosovo is not in ISO 3166; XKX is the code the EU and IMF use for it.
EXTRA_COUNTRY_CODES = {"XKX": "Kosovo"}

# A seat of government or a state body outranks generic roles ("spokesman") but not
# institutions ("police"); a plural demonym only names the people when nothing else does.
_TABLE_SECTOR_RANK = 1.5
_PEOPLE_SECTOR_RANK = 0.5

_CUT_WORDS = prepositions("cut") | RELATIVE_WORDS
# "an aide to Azerbaijan's president" works for Azerbaijan; "envoy to Iran" does not.
_EMPLOYEE_NOUNS = marked_words("person_nouns.tsv", "employee")
# Words after a country word that make it a state institution, not a company or a person.
_STATE_MARKERS = load_lexicon("state_markers.txt")
_HONORIFICS = HONORIFICS
_CAPITALISED_FUNCTION_WORDS = CAPITALISED_FUNCTION_WORDS
_NAME_INTRODUCERS = prepositions("name")
# "Iranian-born" is about nationality; "Iran-backed", "Moscow-based" are not.
_NATIONALITY_SUFFIXES = frozenset({"born"})
_ARTICLES = ARTICLES | {a.capitalize() for a in ARTICLES}
_PUNCTUATION = frozenset(",;:()")

_TOKEN_RE = re.compile(r"(?:[A-Z]\.){2,}(?:-\w+)*(?:'s)?|\w+(?:[-'.]\w+)*'?|[,;:()]")


@dataclass(frozen=True)
class ActorInfo:
    name: str            # canonical party name, or the text for unknown actors
    kind: str            # "country" | "organization" | "person" | "group" | "unknown"
    code: str | None     # ISO 3166 alpha-3, or IGO / NGO / MNC; None if unknown
    sector: str | None   # PLOVER sector (GOV, MIL, JRN, ...) or None
    member: Member | None = None  # who, within the party, acted


class _TableEntry(NamedTuple):
    """What a table (or pycountry) says a surface form names."""
    kind: str              # "country" | "organization" | "block"
    code: Optional[str]
    name: str
    sector: Optional[str]
    source: str            # "name" | "demonym" | "people" | "seat" | "org" | "block"


class _Keyword(NamedTuple):
    sector: Optional[str]
    rank: float


class _Token(NamedTuple):
    base: str              # the word without its possessive ending
    start: int             # character span of base in the text
    end: int
    possessive: bool
    punct: bool


class _Span(NamedTuple):
    start: int             # token indices, end exclusive
    end: int
    party: Optional[_TableEntry]
    keyword: Optional[_Keyword]
    possessive: bool


class _Index(NamedTuple):
    parties: Dict[Tuple[str, ...], _TableEntry]
    keywords: Dict[Tuple[str, ...], _Keyword]
    party_starts: frozenset
    keyword_starts: frozenset
    max_len: int


# --- public API -------------------------------------------------------------------------

@lru_cache(maxsize=4096)
def country_of(text: str) -> ActorInfo | None:
    """The country a whole text names (name, alias, demonym, capital or seat), else None."""
    key = _key(text)
    party = _index().parties.get(key) if key else None
    if party is None or party.kind != "country" or party.source == "org":
        return None
    return ActorInfo(party.name, "country", party.code,
                     party.sector if party.source == "seat" else None)


def country_by_alpha2(alpha2: str) -> ActorInfo | None:
    """The country of an ISO 3166 alpha-2 code ("IQ" -> Iraq), as claimx names it."""
    record = pycountry.countries.get(alpha_2=alpha2)
    if record is None:
        return None
    return ActorInfo(_country_display_names()[record.alpha_3], "country", record.alpha_3, None)


@lru_cache(maxsize=16384)
def resolve_actor(text: str, entity_label: str | None = None) -> ActorInfo:
    """Resolve an actor noun phrase to its party; see the module docstring for the rules."""
    label = (entity_label or "").upper()
    tokens = _tokenize(text)
    if all(t.punct for t in tokens):  # no words at all: nothing to resolve
        return ActorInfo(text.strip(), "unknown", None, None)
    spans = _scan(tokens)
    cut = _cut_index(tokens, spans)
    tokens, spans = tokens[:cut], [s for s in spans if s.end <= cut]
    cover = _coverage(len(tokens), spans)
    runs = _name_runs(tokens, cover)
    person_names = _person_name_runs(tokens, cover, runs) if label == "PERSON" else []
    # A people ("Iraqi Kurds", NORP) is not a proper name like "Russian Railways" (rule 4).
    named = [s for s in spans if s.party and not _inside_any(s, person_names)]
    parties = [s for s in named
               if label == "NORP" or not _continues_proper_name(s, tokens, cover)]
    keywords = [s for s in spans if s.keyword]
    chosen = next((s for s in parties if s.party.kind != "block"), None)
    sector = _sector(chosen, parties, keywords)
    if chosen is not None:
        return _party_info(chosen.party, sector)
    info = _partyless_info(text, tokens, label, keywords, runs, person_names, cover, sector)
    # "the Kenyan Farmers Association", "Russian Railways": a body whose proper name holds a
    # country word is of that country, as an armed group is coded with its home (rule 9)
    home = next((s.party.code for s in named if s.party.kind == "country"), None)
    if home and info.code is None and info.kind in ("organization", "group"):
        return ActorInfo(info.name, info.kind, home, info.sector)
    return info


# The gazetteers the resolver (claimx.actors.resolver) consults for a phrase, in order: the
# first that places it (a country, or a party with a code) wins, else the first one's reading
# stands. claimx's own tables come first; a converted dictionary (CAMEO actor lists, say) is a
# function of the same signature appended after them.
GAZETTEERS: List[Callable[[str, Optional[str]], ActorInfo]] = [resolve_actor]


def look_up(text: str, entity_label: str | None = None) -> ActorInfo:
    """The party a phrase names, by the first gazetteer that places it."""
    first = None
    for gazetteer in GAZETTEERS:
        info = gazetteer(text, entity_label)
        if info.kind == "country" or info.code:
            return info
        first = first or info
    return first


# --- people named without their party ------------------------------------------------------

# Lookups of people whom the text names without their party, in order: claimx.actors.dictionaries
# (the World Factbook's leaders, the Phoenix dictionaries' people) appends its own when imported,
# so that this module, which it reads, does not import it back.
PEOPLE_LOOKUPS: List[Callable[[str], Optional[ActorInfo]]] = []


def known_person(name: str) -> ActorInfo | None:
    """The party of a person the converted dictionaries know ("Vladimir Putin", "Putin" ->
    Russia), as the state with the person as its member; None for anyone else. Without a date:
    their latest role (claimx.actors.resolver passes the article's date)."""
    return next((found for found in (lookup(name.strip()) for lookup in PEOPLE_LOOKUPS)
                 if found is not None), None)


# --- tokens -----------------------------------------------------------------------------

def _tokenize(text: str) -> List[_Token]:
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    tokens = []
    for match in _TOKEN_RE.finditer(text):
        word, start = match.group(), match.start()
        if word in _PUNCTUATION:
            tokens.append(_Token(word, start, match.end(), False, True))
            continue
        head, hyphen, tail = word.rpartition("-")
        if hyphen and head and tail in _NATIONALITY_SUFFIXES:
            tokens.append(_word_token(head, start))
            tokens.append(_word_token(tail, start + len(head) + 1))
        else:
            tokens.append(_word_token(word, start))
    return tokens


def _word_token(word: str, start: int) -> _Token:
    if word.endswith("'s") and len(word) > 2:
        return _Token(word[:-2], start, start + len(word) - 2, True, False)
    if word.endswith("'") and len(word) > 1:
        return _Token(word[:-1], start, start + len(word) - 1, True, False)
    return _Token(word, start, start + len(word), False, False)


def _key(text: str) -> Tuple[str, ...]:
    """Table key of a surface form: its token bases, without a leading article."""
    bases = [t.base for t in _tokenize(text)]
    while bases and bases[0] in _ARTICLES:
        bases.pop(0)
    return tuple(bases)


def _is_capitalised(token: _Token) -> bool:
    return not token.punct and token.base[:1].isupper()


# --- lookup tables ----------------------------------------------------------------------

@lru_cache(maxsize=None)
def _index() -> _Index:
    parties: Dict[Tuple[str, ...], _TableEntry] = {}
    for form, party in _all_party_forms():
        key = _key(form)
        if key:
            parties.setdefault(key, party)  # earlier tables win: names before demonyms ...
    keywords = {tuple(t.base.lower() for t in _tokenize(row["keyword"])):
                _Keyword(_none_if_dash(row["sector"]), float(row["rank"]))
                for row in load_table("sectors.tsv")}
    max_len = max(len(k) for k in list(parties) + list(keywords))
    return _Index(parties, keywords, frozenset(k[0] for k in parties),
                  frozenset(k[0] for k in keywords), max_len)


def _all_party_forms():
    names = _country_display_names()

    def country(code: str, source: str, sector: Optional[str] = None) -> _TableEntry:
        return _TableEntry("country", code, names[code], sector, source)

    for row in load_table("country_names.tsv"):
        if row["role"] == "block":
            yield row["name"], _TableEntry("block", None, row["name"], None, "block")
        else:
            yield row["name"], country(row["iso3"], "name")
    for record in pycountry.countries:
        for form in _pycountry_forms(record):
            yield form, country(record.alpha_3, "name")
    for row in load_table("demonyms.tsv"):
        yield row["demonym"], country(row["iso3"], "demonym")
        if row["plural"] != "-":
            yield row["plural"], country(row["iso3"], "people")
    for row in load_table("seats_of_government.tsv"):
        yield row["seat"], country(row["iso3"], "seat", _none_if_dash(row["sector"]))
    for row in load_table("organizations.tsv"):
        code, sector = _none_if_dash(row["code"]), _none_if_dash(row["sector"])
        if code in names:  # a body of a state: the state is the party
            yield row["alias"], country(code, "org", sector)
        else:  # an armed group keeps its own party, coded with its home ("Hamas": PSE)
            code = code or _none_if_dash(row.get("home"))
            yield row["alias"], _TableEntry("organization", code, row["name"], sector, "org")


def _pycountry_forms(record) -> List[str]:
    forms = [record.name, getattr(record, "common_name", None),
             getattr(record, "official_name", None)]
    # "Iran, Islamic Republic of" is an index form, not something news writes.
    return [re.sub(r"\s*\(.*\)", "", f) for f in forms if f and "," not in f]


@lru_cache(maxsize=None)
def _country_display_names() -> Dict[str, str]:
    names = dict(EXTRA_COUNTRY_CODES)
    for record in pycountry.countries:
        plain = record.name if "," not in record.name else None
        names[record.alpha_3] = (getattr(record, "common_name", None) or plain
                                 or getattr(record, "official_name", None) or record.name)
    for row in load_table("country_names.tsv"):
        if row["role"] == "canonical":
            names[row["iso3"]] = row["name"]
    return names


def _none_if_dash(value: Optional[str]) -> Optional[str]:
    return None if value in (None, "", "-") else value


# --- matching ---------------------------------------------------------------------------

def _scan(tokens: List[_Token]) -> List[_Span]:
    """Longest-match scan, left to right, over names (exact case) and keywords (lower)."""
    index = _index()
    bases = [t.base for t in tokens]
    lowers = [b.lower() for b in bases]
    spans, i = [], 0
    while i < len(tokens):
        span = _longest_at(i, tokens, bases, lowers, index)
        if span is None:
            i += 1
        else:
            spans.append(span)
            i = span.end
    return spans


def _longest_at(i, tokens, bases, lowers, index: _Index) -> Optional[_Span]:
    if bases[i] not in index.party_starts and lowers[i] not in index.keyword_starts:
        return None
    for length in range(min(index.max_len, len(tokens) - i), 0, -1):
        end = i + length
        possessive = tokens[end - 1].possessive
        party = index.parties.get(tuple(bases[i:end]))
        if party is not None:
            return _Span(i, end, party, None, possessive)
        keyword = index.keywords.get(tuple(lowers[i:end]))
        if keyword is not None:
            return _Span(i, end, None, keyword, possessive)
    return None


def _cut_index(tokens: List[_Token], spans: List[_Span]) -> int:
    """Where the phrase stops naming its own party: the first preposition or relative
    pronoun (outside a table name such as "Committee to Protect Journalists")."""
    covered = {i for s in spans for i in range(s.start, s.end)}
    for i in range(1, len(tokens)):
        word = tokens[i].base
        if word in _CUT_WORDS and i not in covered:
            if word == "to" and tokens[i - 1].base.lower() in _EMPLOYEE_NOUNS:
                continue
            return i
    return len(tokens)


def _coverage(n: int, spans: List[_Span]) -> List[Optional[_Span]]:
    cover: List[Optional[_Span]] = [None] * n
    for span in spans:
        for i in range(span.start, span.end):
            cover[i] = span
    return cover


def _is_state_keyword(span: Optional[_Span]) -> bool:
    return bool(span and span.keyword and span.keyword.sector in STATE_SECTORS)


def _continues_proper_name(span: _Span, tokens: List[_Token], cover) -> bool:
    """Is this country word the first word of a longer proper name ("Iran Air")?"""
    party = span.party
    if party.kind != "country" or party.source == "org" or span.possessive:
        return False
    j = span.end
    if j >= len(tokens) or not _is_capitalised(tokens[j]) or tokens[j].base in _HONORIFICS:
        return False
    if (cover[j] and cover[j].party) or _is_state_keyword(cover[j]):
        return False
    # The name runs over the following capitalised words; a state institution among
    # them ("US Commerce Department", "Iranian State TV") means the country is meant.
    k = j
    while k < len(tokens) and (_is_capitalised(tokens[k]) or tokens[k].base in _STATE_MARKERS):
        if (cover[k] and cover[k].party) or _is_state_keyword(cover[k]) \
                or tokens[k].base in _STATE_MARKERS:
            return False
        k += 1
    return True


# --- person names -----------------------------------------------------------------------

def _name_runs(tokens: List[_Token], cover) -> List[List[int]]:
    """Runs of capitalised words that could be a name; keywords, honorifics and
    demonyms break a run, and a possessive ends one ("Iran's President Ebrahim Raisi")."""
    runs, current = [], []
    for i, token in enumerate(tokens):
        span = cover[i]
        nameish = (_is_capitalised(token)
                   and token.base not in _HONORIFICS
                   and token.base not in _CAPITALISED_FUNCTION_WORDS
                   and not (span and span.keyword)
                   and not (span and span.party and span.party.source in ("demonym", "people")))
        if nameish:
            current.append(i)
            if token.possessive:
                runs.append(current)
                current = []
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _has_unknown_word(run: List[int], cover) -> bool:
    return any(cover[i] is None for i in run)


def _person_name_runs(tokens, cover, runs) -> List[List[int]]:
    """The runs that are a person's name: those with a word no table knows ("George
    Washington"), else a lone known word not used as a modifier ("Jordan")."""
    named = [r for r in runs if _has_unknown_word(r, cover)]
    if named:
        return named
    lone = [r for r in runs
            if not tokens[r[-1]].possessive
            and not (r[0] > 0 and tokens[r[0] - 1].base in _NAME_INTRODUCERS)]
    return lone[-1:]


def _inside_any(span: _Span, runs: List[List[int]]) -> bool:
    return any(run[0] <= span.start and span.end - 1 <= run[-1] for run in runs)


def _run_text(tokens: List[_Token], run: List[int], text: str) -> str:
    return text[tokens[run[0]].start:tokens[run[-1]].end]


def _titled_name_run(tokens, cover, runs) -> Optional[List[int]]:
    """A name right after a title or honorific: "Foreign Minister Jeyhun Bayramov"."""
    for run in runs:
        before = run[0] - 1
        if before < 0 or not _has_unknown_word(run, cover):
            continue
        span = cover[before]
        if (span and span.keyword and span.keyword.rank >= 1) or tokens[before].base in _HONORIFICS:
            return run
    return None


# --- result -----------------------------------------------------------------------------

def _sector(chosen: Optional[_Span], parties: List[_Span], keywords: List[_Span]) -> Optional[str]:
    candidates = [(s.keyword.rank, s.start, s.keyword.sector) for s in keywords if s.keyword.sector]
    if chosen is not None:
        for span in parties:
            if span.party.code == chosen.party.code and span.party.name == chosen.party.name \
                    and span.party.sector:
                candidates.append((_TABLE_SECTOR_RANK, span.start, span.party.sector))
        if chosen.party.source == "people":
            candidates.append((_PEOPLE_SECTOR_RANK, chosen.start, "CVL"))
    return max(candidates)[2] if candidates else None


def _party_info(party: _TableEntry, sector: Optional[str]) -> ActorInfo:
    return ActorInfo(party.name, party.kind, party.code, sector)


def _partyless_info(text, tokens, label, keywords, runs, person_names, cover, sector) -> ActorInfo:
    # Groups and organisations are named by the phrase up to the cut ("officials").
    kept_text = text[:tokens[-1].end] if tokens else text
    if label == "PERSON":
        name = _run_text(tokens, person_names[-1], text) if person_names else _clean(kept_text)
        return known_person(name) or ActorInfo(name, "person", None, sector)
    if label == "ORG":
        return ActorInfo(_clean(kept_text), "organization", None, sector)
    titled = _titled_name_run(tokens, cover, runs) if not label else None
    if titled is not None:
        name = _run_text(tokens, titled, text)
        return known_person(name) or ActorInfo(name, "person", None, sector)
    if not label and _looks_like_org_name(tokens, cover):
        return ActorInfo(_clean(kept_text), "organization", None, sector)
    if keywords or label == "NORP":
        return ActorInfo(_clean(kept_text), "group", None, sector)
    return ActorInfo(text.strip(), "unknown", None, sector)


def _looks_like_org_name(tokens: List[_Token], cover) -> bool:
    """A proper name ending in an institution noun: "Azerbaijan Airlines", "Acme
    Corporation" (but not titles such as "Foreign Minister", nor a lone "Police")."""
    if len(tokens) < 2:
        return False
    last, before = tokens[-1], tokens[-2]
    return (_is_capitalised(last) and cover[-1] is not None and cover[-1].keyword is not None
            and _is_capitalised(before) and before.base not in _CAPITALISED_FUNCTION_WORDS
            and not (cover[-2] and cover[-2].keyword))


def _clean(text: str) -> str:
    """The phrase without a leading article or a trailing possessive."""
    words = text.strip().split()
    while len(words) > 1 and words[0] in _ARTICLES:
        words.pop(0)
    cleaned = " ".join(words)
    return re.sub(r"(?:'s|\u2019s|'|\u2019)$", "", cleaned) or text.strip()
