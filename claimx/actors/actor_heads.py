"""Heads of actor phrases that are not what the party is named by.

Pronouns that name no party of their own:
A relative pronoun ("officials who said", "a deal which ...") stands for its antecedent, the
noun its clause modifies. A generic, indefinite or demonstrative pronoun ("you", "someone",
"that", "what") names nobody the text identifies: its claim goes to the party `unknown`, never
to a party called "you". Personal pronouns (he, she, it, they, we ...) are resolved to the last
person or group named, in claimx.actors.resolver.

A speech verb the tagger took for a noun: in "Trump argues the deal allowed ..." the small model
may read "Trump argues" as a noun phrase headed by "argues"; the party is Trump's.
"""

from typing import Optional

from spacy.tokens import Token

from claimx.text.function_words import GENERIC_PRONOUNS, RELATIVE_WORDS

def relative_antecedent(token: Token) -> Optional[Token]:
    """The noun a relative pronoun stands for ("the minister, who said" -> minister), or None
    when token is no relative pronoun opening a relative clause."""
    if token.lower_ in RELATIVE_WORDS and token.head.dep_ == "relcl" and token.head.i != token.i \
            and token.head.head.i != token.head.i and token.head.head.pos_ in ("NOUN", "PROPN", "PRON"):
        return token.head.head
    return None


def is_generic_pronoun(token: Token) -> bool:
    """Does this head of an actor's phrase name nobody: "you", "someone", "what", "others", a
    "which" or "who" whose clause has no antecedent the parse can find?"""
    lower = token.lower_
    return lower in GENERIC_PRONOUNS or lower in RELATIVE_WORDS and relative_antecedent(token) is None


def mistaken_speech_verb(head: Token) -> Optional[Token]:
    """The name before a head that is a speech verb's -s form tagged as a noun ("Trump argues"),
    or None. Only without a determiner: "the Trump claims" is a noun phrase."""
    from claimx.claims.verbs import verb_entries

    lower = head.lower_
    if head.pos_ != "NOUN" or not lower.endswith("s") or any(c.dep_ == "det" for c in head.children):
        return None
    lemmas = {lower[:-1], lower[:-2]} if lower.endswith("es") else {lower[:-1]}
    if not any(e.kind == "speech" for lemma in lemmas for e in verb_entries().get(lemma, ())):
        return None
    names = [c for c in head.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
    return names[-1] if names else None
