"""The parts every claim has, read the same way for statements and events: the cue (the verb
group), the actor (its subject phrase) and the lemma the claim is filed under."""

from typing import List, Optional, Tuple

from spacy.tokens import Token

from claimx.claims.verbs import VerbEntry
from claimx.records import TextSpan
from claimx.text.syntax import auxiliaries, char_span


def cue_tokens(verb: Token, particle: Optional[Token]) -> List[Token]:
    """The verb group ("has not said") and a particle right after it ("pointed out")."""
    toks = auxiliaries(verb) + [verb]
    if particle is not None and particle.i == verb.i + 1:
        toks.append(particle)
    return toks


def actor_span(text: str, subject: Optional[Token],
               cue_start: int) -> Tuple[Optional[TextSpan], Tuple[int, ...]]:
    """The actor's span and head tokens (one, or each member of a coordination)."""
    if subject is None:
        return None, ()
    # The whole phrase, relative clauses included ("The Europeans, who had been cut out of the
    # talks,"): it is how the text names the source. A subject that contains the cue (the
    # antecedent of "who said") stops before it.
    tokens = list(subject.subtree)
    if subject.i < cue_start:
        tokens = [t for t in tokens if t.i < cue_start]
    span = char_span(tokens)
    if span is None:
        return None, ()
    heads = (subject.i,) + tuple(c.i for c in subject.conjuncts)
    return TextSpan.of(text, *span), heads


def entry_lemma(entry: VerbEntry) -> str:
    """"call for", "point out": the lemma with its particle."""
    return f"{entry.lemma} {entry.particle}" if entry.particle else entry.lemma
