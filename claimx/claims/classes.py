"""Groups of PLOVER classes that rules treat alike, each defined once."""

# What a party does to others that is hostile: committing to it is a threat, not a promise.
HOSTILE = frozenset({"SANCTION", "COERCE", "ASSAULT", "PROTEST", "MOBILIZE", "THREATEN"})
# Hostile events that happen somewhere: with no target of their own, they are aimed at the
# country they take place in ("demonstrated in Serbia"); a meeting in Geneva is not aimed at
# Switzerland, and a threat is made, not done, somewhere.
PLACE_TARGETED = HOSTILE - {"THREATEN"}
# Statements made of someone: whom a demand asks or a threat warns is their target.
DEMANDS = frozenset({"REQUEST", "THREATEN"})
# Statements about doing something to someone: "threatened to ban opposition candidates" is a
# threat against them, "refused to release the prisoners" a rejection of them.
ABOUT_DEEDS = DEMANDS | {"REJECT", "AGREE", "CONCEDE"}
# PLOVER's material classes (the codebook's quad classes material cooperation and conflict): a
# noun names a deed of these ("riots", "the arrest of", "patrols"); a noun for a verbal act
# ("a call for", "the demand") names something said.
MATERIAL = PLACE_TARGETED | {"COOPERATE", "AID", "RETREAT"}
# Reacting to something: praising, accusing, rejecting it; aimed at whoever it is about.
REACTIONS = frozenset({"SUPPORT", "ACCUSE", "REJECT"})
