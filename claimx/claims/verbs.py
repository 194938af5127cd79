"""The verb lexicon (models/verbs.tsv): which predicates make claims, of what kind and class."""

from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, List, Optional, Tuple

from claimx.assets import load_lexicon, load_table


@dataclass(frozen=True)
class VerbEntry:
    lemma: str
    particle: str  # "" when the verb alone is the cue
    kind: str  # speech | event | both
    cls: str
    mode: Optional[str]


# models/verbs.tsv: the class of a verb that makes an event only through models/event_phrases.tsv
# ("gave aid", "issued a warning").
NO_EVENT_CLASS = "-"

# models/verbs.tsv: the kind of a row that names a word the rules know but that makes no claim.
NO_CLAIM = "-"

# A verb learned from the train split (models/cue_verbs.tsv) joins the lexicon when it headed
# at least MIN_CUES gold cues and was a cue in at least MIN_CUE_SHARE of its uses as a verb.
# Both thresholds were chosen on the PolNeAR dev split.
HANDLED_ELSEWHERE = {"accord"}  # "according to": claimx.claims.statements.find_according_to
MIN_CUES = 3
MIN_CUE_SHARE = 0.3


@lru_cache(maxsize=1)
def verb_entries() -> Dict[str, Tuple[VerbEntry, ...]]:
    """Entries by lemma; a lemma with particles ("call for", "call on") has several."""
    entries: Dict[str, list] = {}
    for row in load_table("verbs.tsv"):
        if row["kind"] == NO_CLAIM:
            continue
        entry = VerbEntry(row["lemma"], row.get("particle", ""), row["kind"], row["class"],
                          row.get("mode") or None)
        entries.setdefault(entry.lemma, []).append(entry)
    for entry in learned_cue_verbs():
        known = entries.get(entry.lemma, [])
        if not any(e.particle == entry.particle for e in known):
            entries.setdefault(entry.lemma, []).append(entry)
    # Entries with a particle first, so "call for" wins over a bare "call".
    return {k: tuple(sorted(v, key=lambda e: not e.particle)) for k, v in entries.items()}


@lru_cache(maxsize=None)
def verbs_with_role(role: str) -> frozenset:
    """The lemmas models/verbs.tsv gives a role ("addressee", "intent", ... see its header)."""
    found = frozenset(row["lemma"] for row in load_table("verbs.tsv")
                      if role in (row.get("roles") or "").split())
    if not found:
        raise ValueError(f"no verb in models/verbs.tsv has the role {role!r}")
    return found


def learned_cue_verbs() -> List[VerbEntry]:
    """Speech verbs from the train split that pass the thresholds; a verb with a particle
    ("refer to") only where the bare verb does not pass on its own."""
    rows = [r for r in load_table("cue_verbs.tsv")
            if int(r["cues"]) >= MIN_CUES and int(r["cues"]) >= MIN_CUE_SHARE * int(r["verbs"])
            and r["lemma"] not in HANDLED_ELSEWHERE | verbs_with_role("poor_cue")]
    bare = {r["lemma"] for r in rows if r["particle"] == "-"}
    return [VerbEntry(r["lemma"], "" if r["particle"] == "-" else r["particle"], "speech",
                      "STATEMENT", None)
            for r in rows if r["particle"] == "-" or r["lemma"] not in bare]


@lru_cache(maxsize=1)
def object_phrases() -> Dict[str, Tuple[Tuple[str, str, Optional[str]], ...]]:
    """By lemma: (phrase, class, mode) that override the verb's class when its clause holds phrase."""
    phrases: Dict[str, list] = {}
    for row in load_table("event_phrases.tsv"):
        phrases.setdefault(row["lemma"], []).append((row["phrase"], row["class"], row.get("mode") or None))
    return {k: tuple(v) for k, v in phrases.items()}


def has_phrases(entry: VerbEntry) -> bool:
    """Does models/event_phrases.tsv hold phrases of the verb (else its clause's text is not
    worth building for phrase_class)?"""
    return entry.lemma in object_phrases()


def phrase_class(entry: VerbEntry, clause_text: str) -> Optional[Tuple[str, Optional[str]]]:
    """The class and mode models/event_phrases.tsv gives the verb with what its clause holds
    ("gave aid", "resumed talks"), if any."""
    lowered = clause_text.lower()
    for phrase, cls, mode in object_phrases().get(entry.lemma, ()):
        if phrase in lowered:
            return cls, mode
    return None


@lru_cache(maxsize=1)
def event_nouns() -> Dict[str, Tuple[str, Optional[str]]]:
    """models/event_nouns.tsv: event noun -> (class, mode), for light verbs' objects."""
    return {row["noun"]: (row["class"], row.get("mode") or None) for row in load_table("event_nouns.tsv")}


def is_light_verb(lemma: str) -> bool:
    return lemma in load_lexicon("light_verbs.txt")


def noun_class(head: str, before: str = "") -> Optional[Tuple[str, Optional[str]]]:
    """The class of an event noun ("attack", or "hunger strike" with the word before it)."""
    nouns = event_nouns()
    return nouns.get(f"{before} {head}".strip().lower()) or nouns.get(head.lower())
