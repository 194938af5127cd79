"""Arguments of an object that the parser hung elsewhere, for the party a target stands for.

In "criticised the report by the Greek ministry" the small model attaches "by the Greek
ministry" to the verb. An active verb takes no agent ("by" names the doer only in the passive),
so a "by" phrase right after the object of an active verb belongs to the object: the report's
author is whom the criticism is aimed at, as in "the report of the Greek ministry".
"""

from typing import Optional

from spacy.tokens import Token


def agent_of_object(head: Token) -> Optional[Token]:
    """The object of a "by" phrase that follows head, head being the object of an active verb."""
    verb = head.head
    if head.dep_ != "dobj" or any(c.dep_ == "auxpass" for c in verb.children):
        return None
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "by" and prep.i == head.right_edge.i + 1:
            return next((o for o in prep.children if o.dep_ == "pobj"), None)
    return None
