"""The verb lexicon (models/verbs.tsv): which predicates make claims, of what kind and class."""

from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, Optional, Tuple

from claimx.resources import load_table


@dataclass(frozen=True)
class VerbEntry:
    lemma: str
    particle: str  # "" when the verb alone is the cue
    kind: str  # speech | event | both
    cls: str
    mode: Optional[str]


@lru_cache(maxsize=1)
def verb_entries() -> Dict[str, Tuple[VerbEntry, ...]]:
    """Entries by lemma; a lemma with particles ("call for", "call on") has several."""
    entries: Dict[str, list] = {}
    for row in load_table("verbs.tsv"):
        entry = VerbEntry(row["lemma"], row.get("particle", ""), row["kind"], row["class"],
                          row.get("mode") or None)
        entries.setdefault(entry.lemma, []).append(entry)
    # Entries with a particle first, so "call for" wins over a bare "call".
    return {k: tuple(sorted(v, key=lambda e: not e.particle)) for k, v in entries.items()}


@lru_cache(maxsize=1)
def object_phrases() -> Dict[str, Tuple[Tuple[str, str, Optional[str]], ...]]:
    """By lemma: (phrase, class, mode) that override the verb's class when its clause holds phrase."""
    phrases: Dict[str, list] = {}
    for row in load_table("event_phrases.tsv"):
        phrases.setdefault(row["lemma"], []).append((row["phrase"], row["class"], row.get("mode") or None))
    return {k: tuple(v) for k, v in phrases.items()}


def event_class(entry: VerbEntry, clause_text: str) -> Tuple[str, Optional[str]]:
    """The class and mode of an event, looking at what the verb is done to."""
    lowered = clause_text.lower()
    for phrase, cls, mode in object_phrases().get(entry.lemma, ()):
        if phrase in lowered:
            return cls, mode
    return entry.cls, entry.mode
