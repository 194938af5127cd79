"""Short labels shared by the table and the HTML page: a claim's date, action class and
markers, said the same way in both views."""

from typing import List, Optional

from claimx.console import plural  # noqa: F401  (the views' import of it)

# What each modality adds to a claim: "asserted" is the text's own word and needs no marker.
MODALITY_MARKERS = {"reported": "reported", "future": "future", "hypothetical": "hypothetical",
                    "denied": "denied"}


def date_label(date: Optional[dict]) -> str:
    """"Thursday (2024-03-14)": the text's own words and the resolved date, both; the ISO date
    alone where the text is that date; the words alone, with "?", where unresolved."""
    if not date:
        return ""
    text, value = date["text"], date.get("value")
    if not value:
        return f"{text} (?)"
    if text == value:
        return value
    return f"{text} ({value})"


def class_label(action: dict) -> str:
    """"SANCTION/expel", "STATEMENT", or "" for an action without a class."""
    label = action.get("class") or ""
    if action.get("mode"):
        label = f"{label}/{action['mode']}" if label else action["mode"]
    return label


def has_negation_word(text: str) -> bool:
    words = text.lower().replace("n't", " not").split()
    return any(word in ("not", "never", "no") for word in words)


def markers(claim: dict) -> List[str]:
    """The claim's markers beyond its words: "negated" (only where the action's own words do not
    already say it: no "not did not meet"), its modality, "in #N" for a reported claim."""
    action = claim["action"]
    found = []
    if action["negated"] and not has_negation_word(action["text"]):
        found.append("negated")
    modality = MODALITY_MARKERS.get(action["modality"])
    if modality:
        found.append(modality + (f" in #{claim['within']}" if modality == "reported"
                                 and claim.get("within") is not None else ""))
    return found


def member_label(member: dict) -> str:
    """"Kari Nordahl (Foreign Minister, GOV)"; "Norwegian police (COP)"."""
    details = [d for d in (member.get("role"), member.get("sector")) if d]
    return member["name"] + (f" ({', '.join(details)})" if details else "")


def party_label(party: dict) -> str:
    """"Norway · NOR · country"; sector for an organisation or group."""
    parts = [party["name"]]
    parts += [p for p in (party.get("code"), party.get("kind"), party.get("sector")) if p
              and p != "unknown"]
    return " · ".join(parts)

