"""CAMEO's event vocabulary as a fallback behind claimx's own lexicon (models/verbs.tsv,
event_phrases.tsv, event_nouns.tsv), converted by training/build_tables.py into:

  cameo_verbs.tsv     a verb's PLOVER class from its CAMEO block ("condemn" ACCUSE);
  cameo_patterns.tsv  a verb with what follows it ("reach" + "compromise" AGREE, "send" +
                      "monitors" ...); synonym sets (&name) from cameo_synsets.tsv;
  cameo_nouns.tsv     a noun spelled as a CAMEO verb names its event ("the arrest of").

CAMEO's class for a verb is often not the one PLOVER's codebook gives, so nothing here
overrides claimx's own entries: a verb with a class in models/verbs.tsv keeps it. Patterns are
matched on the dependency parse: the verb's particle, its object's head (with the modifiers the
pattern names before it), and a preposition of the verb or of the object with its object's head.
Tables are read on first use into compact tuples (their rows are not kept).
"""

from dataclasses import dataclass
from functools import lru_cache
from sys import intern
from typing import Dict, FrozenSet, List, NamedTuple, Optional, Tuple

from spacy.tokens import Token

from claimx.assets import iter_table
from claimx.claims.classes import MATERIAL

NO_EVENT = "-"
OBJECT_DEPS = ("dobj", "nsubjpass", "attr", "oprd", "dative")
PARTICLE_DEPS = ("prt", "prep", "advmod", "dobj", "acomp", "npadvmod")


@dataclass(frozen=True)
class CameoVerb:
    lemma: str
    particle: str
    category: str  # a PLOVER category, or "-": an event only with an object that says which
    mode: Optional[str]
    synonym: bool  # the class is only its block's (not on its own line, nor the block's name)


class Pattern(NamedTuple):
    particle: str
    obj: Tuple[str, ...]    # the object's words, its head last; () matches any object
    prep: str
    pobj: Tuple[str, ...]
    category: str
    mode: Optional[str]


def weight(pattern: Pattern) -> int:
    """More named words make a more specific pattern."""
    return bool(pattern.particle) + len(pattern.obj) + bool(pattern.prep) + len(pattern.pobj)


@lru_cache(maxsize=1)
def _verbs() -> Dict[str, Tuple[CameoVerb, ...]]:
    verbs: Dict[str, list] = {}
    for row in iter_table("cameo_verbs.tsv"):
        verbs.setdefault(row["lemma"], []).append(
            CameoVerb(row["lemma"], row["particle"], row["class"], row["mode"] or None,
                      row["from"] == "synonym"))
    # a verb with a particle first, so "call off" is found before a bare "call"
    return {k: tuple(sorted(v, key=lambda e: not e.particle)) for k, v in verbs.items()}


@lru_cache(maxsize=1)
def _patterns() -> Dict[str, Tuple[Pattern, ...]]:
    patterns: Dict[str, list] = {}
    for row in iter_table("cameo_patterns.tsv"):
        patterns.setdefault(row["lemma"], []).append(Pattern(
            intern(row["particle"]), tuple(map(intern, row["object"].split())), intern(row["prep"]),
            tuple(map(intern, row["pobj"].split())), intern(row["class"]),
            intern(row["mode"]) if row["mode"] else None))
    # the most specific first; among equals, the table's (sorted) order
    return {k: tuple(sorted(v, key=lambda p: -weight(p))) for k, v in patterns.items()}


@lru_cache(maxsize=1)
def _synsets() -> Dict[str, FrozenSet[str]]:
    sets: Dict[str, set] = {}
    for row in iter_table("cameo_synsets.tsv"):
        sets.setdefault(row["set"], set()).add(row["phrase"])
    return {k: frozenset(v) for k, v in sets.items()}


@lru_cache(maxsize=1)
def _nouns() -> Dict[str, Tuple[str, Optional[str]]]:
    return {row["noun"]: (row["class"], row["mode"] or None) for row in iter_table("cameo_nouns.tsv")}


def _forms(token: Token) -> Tuple[str, str]:
    return token.lower_, token.lemma_.lower()


def find_verb(verb: Token) -> Optional[Tuple[CameoVerb, Optional[Token]]]:
    """The CAMEO entry of a verb token, with the particle token that completes it, if any."""
    entries = _verbs().get(verb.lemma_.lower())
    if not entries:
        return None
    for entry in entries:
        if not entry.particle:
            return entry, None
        for child in verb.children:
            if child.i > verb.i and child.dep_ in PARTICLE_DEPS and child.lower_ == entry.particle:
                return entry, child
    return None


@lru_cache(maxsize=1)
def _event_words() -> FrozenSet[str]:
    """Every word that may head an event noun: claimx's event nouns (the last word of each) and
    the nouns spelled as CAMEO verbs."""
    from claimx.claims.verbs import event_nouns

    return frozenset({noun.split()[-1] for noun in event_nouns()} | set(_nouns()))


def may_name_an_event(*forms: str) -> bool:
    """Is any of the forms (lower case) a word that may head an event noun ("riots": "riot")?"""
    words = _event_words()
    return any(f in words or f.endswith("s") and f[:-1] in words for f in forms)


def noun_class(noun: str) -> Optional[Tuple[str, Optional[str]]]:
    """The class of a noun spelled as a CAMEO verb ("arrest" COERCE, "riots" PROTEST)."""
    nouns = _nouns()
    lowered = noun.lower()
    found = nouns.get(lowered)
    if found is None and lowered.endswith("s"):
        found = nouns.get(lowered[:-1])
    return found


def deed_noun_class(token: Token) -> Optional[Tuple[str, Optional[str]]]:
    """The class of a noun spelled as a CAMEO verb of a material class, by lemma or as written."""
    found = noun_class(token.lemma_) or noun_class(token.text)
    return found if found is not None and found[0] in MATERIAL else None


class _Noun(NamedTuple):
    """A noun phrase as patterns see it: its head's forms and the words modifying it."""
    token: Token
    forms: FrozenSet[str]      # the head as written and its lemma, lower case
    modifiers: FrozenSet[str]  # the words before the head (and theirs), both forms


def _noun(head: Token) -> _Noun:
    forms = set(_forms(head))
    if head.lower_.endswith("s"):
        forms.add(head.lower_[:-1])  # the dictionaries' regular plurals
    modifiers = {form for t in head.lefts for form in _forms(t)} | {
        form for t in head.lefts for c in t.lefts for form in _forms(c)}
    return _Noun(head, frozenset(forms), frozenset(modifiers))


def phrase_class(verb: Token, particle: Optional[Token] = None) -> Optional[Tuple[str, Optional[str]]]:
    """The class of the most specific CAMEO pattern of verb that its parse matches; ("-", None)
    where CAMEO says the phrase is no event; None where no pattern matches."""
    patterns = _patterns().get(verb.lemma_.lower())
    if not patterns:
        return None
    objects = [_noun(c) for c in verb.children if c.dep_ in OBJECT_DEPS]
    particles = {c.lower_ for c in verb.children if c.i > verb.i and c.dep_ in PARTICLE_DEPS}
    if particle is not None:
        particles.add(particle.lower_)
    preps: Dict[int, List[Tuple[str, List[_Noun]]]] = {}  # by holder: its prepositions
    for pattern in patterns:
        if pattern.particle and pattern.particle not in particles:
            continue
        if _matches(pattern, verb, objects, preps):
            return pattern.category, pattern.mode
    return None


def _matches(pattern: Pattern, verb: Token, objects: List[_Noun], preps: dict) -> bool:
    holders = [verb]
    if pattern.obj:
        matched = [o.token for o in objects if _phrase_matches(o, pattern.obj)]
        if not matched:
            return False
        holders = matched + [verb]
    if not pattern.prep:
        return True
    for holder in holders:
        if holder.i not in preps:
            preps[holder.i] = [(p.lower_, [_noun(o) for o in p.children if o.dep_ == "pobj"])
                               for p in holder.children if p.dep_ in ("prep", "agent", "dative")]
        for word, pobjs in preps[holder.i]:
            if word == pattern.prep and (not pattern.pobj or any(_phrase_matches(o, pattern.pobj)
                                                                 for o in pobjs)):
                return True
    return False


def _phrase_matches(noun: _Noun, words: Tuple[str, ...]) -> bool:
    """Does the noun phrase hold words, the last as its head ("financial aid")? A synonym set
    (&name) stands for any of its phrases."""
    last = words[-1]
    if last.startswith("&"):
        return any(_phrase_matches(noun, words[:-1] + tuple(phrase.split()))
                   for phrase in _synsets().get(last, ()) if phrase.split()[-1] in noun.forms)
    if last not in noun.forms:
        return False
    for word in words[:-1]:
        if word.startswith("&"):
            if not any(all(w in noun.modifiers for w in p.split()) for p in _synsets().get(word, ())):
                return False
        elif word not in noun.modifiers:
            return False
    return True


# --- as fallbacks behind claimx's lexicon ---------------------------------------------------------

def fallback_verb(verb: Token):
    """A verb claimx's lexicon lacks, as an event entry (with its particle token) whose class
    is left to event_class_fallback: "-", as for claimx's verbs that need an object to say."""
    from claimx.claims.verbs import HANDLED_ELSEWHERE, VerbEntry

    if verb.lemma_.lower() in HANDLED_ELSEWHERE:
        return None  # "according to" is a statement's cue
    found = find_verb(verb)
    if found is None:
        return None
    cameo, particle = found
    return VerbEntry(cameo.lemma, cameo.particle, "event", NO_EVENT, None), particle


def event_class_fallback(verb: Token, entry, particle: Optional[Token] = None
                         ) -> Optional[Tuple[str, Optional[str]]]:
    """The event class where claimx's own tables give none: the most specific CAMEO pattern
    the parse matches; for a verb claimx's lexicon lacks, else its CAMEO block's class, if
    its subject names an entity (and, for a loose synonym, its target too). None: no class."""
    from claimx.claims.verbs import verb_entries

    own = entry.lemma in verb_entries()
    found = phrase_class(verb, particle)
    if own:
        return found if found is not None and found[0] != NO_EVENT else None
    cameo = find_verb(verb)
    if found is None and cameo is not None and cameo[0].category != NO_EVENT:
        if cameo[0].synonym and not _done_to_an_actor(verb):
            return None
        found = cameo[0].category, cameo[0].mode
    if found is None or found[0] == NO_EVENT or not _acted_by_an_actor(verb):
        return None
    return found


def _done_to_an_actor(verb: Token) -> bool:
    """A verb that only shares its CAMEO block's class ("reside" sits with "occupy") makes an
    event only when done to an entity: its target names one."""
    from claimx.actors.resolver import names_an_actor
    from claimx.claims.targets import target_of

    target = target_of(verb)
    return target is not None and names_an_actor(target)


def _acted_by_an_actor(verb: Token) -> bool:
    """PLOVER codes what entities do: a verb from CAMEO makes an event only where its subject
    names one (a person, organisation, state or group, or a pronoun standing for one), not for
    "insults marred the debate"."""
    from claimx.actors.resolver import names_an_actor
    from claimx.text.syntax import subject_of

    subject = subject_of(verb)
    if subject is None or subject.dep_ == "nsubjpass":
        return True  # "six men were arrested": no agent named; the target decides
    return subject.pos_ == "PRON" or names_an_actor(subject)
