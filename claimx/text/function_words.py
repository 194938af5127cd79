"""Closed-class words, defined here and only here: articles, determiners, pronouns, auxiliaries,
negations, conjunctions and prepositions, named by the role the rules give them.

Open-class word lists (verbs, titles, nouns) are data in models/; tests/test_word_lists.py fails
when a word list is defined twice or outside these two places.
"""

from typing import FrozenSet

ARTICLES = frozenset({"the", "a", "an"})
DEMONSTRATIVES = frozenset({"this", "that", "these", "those"})
# "withdrew its troops from Lebanon": what the actor's own possessive marks is not a target.
POSSESSIVES = frozenset({"my", "our", "his", "her", "its", "their"})
# Capitalised, they still open no name ("The", "His"); "My" has never been needed.
CAPITALISED_FUNCTION_WORDS = frozenset(
    w.capitalize() for w in ARTICLES | DEMONSTRATIVES | POSSESSIVES - {"my"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
# A possessive relative pronoun also ends the phrase that names an actor ("officials whose ...").
RELATIVE_WORDS = RELATIVE_PRONOUNS | {"whose"}

# Pronouns, by whom they can stand for.
PERSON_PRONOUNS = frozenset({"i", "me", "he", "him", "his", "she", "her"})
GROUP_PRONOUNS = frozenset({"we", "us", "our", "it", "its", "they", "them", "their"})
# Subjects that can be speakers of a clause the verb reports ("she insinuated that ...").
SPEAKER_PRONOUNS = frozenset({"i", "we", "he", "she", "they"})
# Pronouns that name nobody the text identifies ("you said", "someone told"): as an actor's head,
# the claim goes to the party `unknown` (claimx.actors.actor_heads).
GENERIC_PRONOUNS = frozenset({
    "you", "your", "yours", "yourself", "yourselves", "one", "oneself", "anyone", "anybody",
    "someone", "somebody", "everyone", "everybody", "nobody", "none", "noone", "no-one",
    "what", "whatever", "whoever", "whichever", "such", "something", "anything", "everything",
    "nothing", "another", "other", "others", "either", "neither", "each", "all", "both", "some",
    "any", "many", "few", "most", "several"}) | DEMONSTRATIVES
# The speaker's own side: "we must ..." is no demand of another party, "it will not ..." a
# refusal of the speaker's own.
SPEAKER_SIDE = SPEAKER_PRONOUNS | {"us", "it"}
# Subjects that stand for no one: "it seems that ...", "there appears to be ...".
EXPLETIVES = frozenset({"it", "there"})
# Turns of speech, not statements: "You know, ...", "I mean, ...".
FILLERS = frozenset({("you", "know"), ("i", "mean"), ("you", "see"), ("i", "guess")})
HONORIFICS = frozenset({"Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Sir", "Dame"})

NEGATIONS = frozenset({"not", "n't", "never"})
FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo"})  # "wo" as in "wo n't"
# "would" is also the future seen from the past ("they said they would meet").
PAST_FUTURE_AUX = frozenset({"would"})
HYPOTHETICAL_AUX = frozenset({"may", "might", "could", "should", "can"}) | PAST_FUTURE_AUX
OBLIGATION_AUX = frozenset({"must", "should"})

CONDITION_MARKS = ("if", "unless")
ULTIMATUM_MARKS = ("unless",)
TIME_SHIFT_MARKS = ("after", "before")  # "two days after Baku expelled ..."

# Prepositions, each once, with the roles rules give it:
#   target       whom an event is done to ("met with X", "gave aid to X")
#   topic        what a speech verb is about ("complained about X")
#   object       completes what is said of an object ("accused X of Y", "described X as Y")
#   place        links a group to where it is ("students throughout Peru")
#   event_place  where an event happened ("imposed a curfew in Cizre")
#   destination  where a movement goes ("flew to Moscow", "arrived in Baku")
#   addressee    whom a call is made on ("called on X to ...", "appealed to X")
#   name         a place inside a name ("King Abdullah of Jordan")
#   cut          introduces another party in an actor phrase ("the ambassador to Iran")
#   done_to      whom an event noun is done to ("the arrest of X", "attacks on X")
PREPOSITIONS = {
    "about": "topic object cut",
    "across": "place",
    "against": "target topic object cut done_to",
    "as": "object",
    "at": "target place event_place name done_to",
    "between": "cut",
    "for": "object destination",
    "from": "target object place name",
    "in": "place event_place destination name",
    "inside": "place event_place",
    "into": "target object destination cut",
    "of": "topic object place name done_to",
    "on": "target topic object addressee cut done_to",
    "over": "topic object cut",
    "throughout": "place event_place",
    "to": "target topic object destination addressee cut",
    "toward": "cut",
    "towards": "cut",
    "versus": "cut",
    "vs": "cut",
    "with": "target topic object cut",
    "within": "place",
}


def prepositions(role: str) -> FrozenSet[str]:
    found = frozenset(p for p, roles in PREPOSITIONS.items() if role in roles.split())
    if not found:
        raise ValueError(f"no preposition has the role {role!r}")
    return found
