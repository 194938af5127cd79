"""The output records of claimx (schema_version 1) and their dict form with a fixed key order.

Every span holds Python str offsets into the document text as read: text[start:end] == span.text.
"""

from dataclasses import dataclass, field
from typing import List, Optional

SCHEMA_VERSION = 1


@dataclass
class TextSpan:
    text: str
    start: int
    end: int

    @classmethod
    def of(cls, doc_text: str, start: int, end: int, **extra):
        return cls(doc_text[start:end], start, end, **extra)

    def to_dict(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass
class Action(TextSpan):
    lemma: str = ""
    category: Optional[str] = None  # PLOVER category, STATEMENT, or None
    negated: bool = False
    mode: Optional[str] = None
    modality: str = "asserted"

    def to_dict(self) -> dict:
        return {**super().to_dict(), "lemma": self.lemma, "class": self.category,
                "negated": self.negated, "mode": self.mode, "modality": self.modality}


@dataclass
class Content(TextSpan):
    direct: bool = False
    # A split quote ("A," she said, "B.") is one content in several pieces; start/end is their hull.
    fragments: List[TextSpan] = field(default_factory=list)

    def to_dict(self) -> dict:
        pieces = self.fragments or [TextSpan(self.text, self.start, self.end)]
        return {**super().to_dict(), "direct": self.direct,
                "fragments": [p.to_dict() for p in pieces]}


@dataclass
class Target(TextSpan):
    party: Optional[str] = None
    code: Optional[str] = None  # the party's code (ISO3, IGO ...), as parties[].code

    def to_dict(self) -> dict:
        return {**super().to_dict(), "party": self.party, "code": self.code}


@dataclass
class DateRef(TextSpan):
    value: Optional[str] = None
    granularity: Optional[str] = None
    # "clause": stated in the claim's own clause; "sentence": inherited from a coordinated clause;
    # "event": the date of the same event named elsewhere in the text (claimx.dates.claim_dates)
    scope: str = "clause"

    def to_dict(self) -> dict:
        return {**super().to_dict(), "value": self.value, "granularity": self.granularity,
                "scope": self.scope}


@dataclass(frozen=True)
class Member:
    """A person or body acting for a party: "Jeyhun Bayramov" (Foreign Minister) or
    "Azerbaijan's foreign ministry" for Azerbaijan."""
    name: str
    kind: str  # person | organization | group
    role: Optional[str] = None  # a person's title as the text gives it ("Foreign Minister")
    sector: Optional[str] = None

    def to_dict(self) -> dict:
        return {"name": self.name, "kind": self.kind, "role": self.role, "sector": self.sector}


@dataclass
class Claim:
    type: str  # "statement" | "event"
    actor: Optional[TextSpan]
    action: Action
    content: Optional[Content] = None
    target: Optional[Target] = None
    date: Optional[DateRef] = None
    sentence: Optional[TextSpan] = None
    member: Optional[str] = None  # the name of the party's member the actor is, if one
    # Output: the claim's number in the document (text order) and, for a claim reported inside
    # a statement's content, that statement's number.
    id: int = 0
    within: Optional[int] = None

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "within": self.within,
            "type": self.type,
            "actor": {**self.actor.to_dict(), "member": self.member} if self.actor else None,
            "action": self.action.to_dict(),
            "content": self.content.to_dict() if self.content else None,
            "target": self.target.to_dict() if self.target else None,
            "date": self.date.to_dict() if self.date else None,
            "sentence": {"start": self.sentence.start, "end": self.sentence.end}
            if self.sentence else None,
        }


@dataclass
class Party:
    name: str
    kind: str  # country | organization | person | group | unknown
    code: Optional[str] = None
    sector: Optional[str] = None
    aliases: List[str] = field(default_factory=list)
    members: List[Member] = field(default_factory=list)
    claims: List[Claim] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"name": self.name, "kind": self.kind, "code": self.code, "sector": self.sector,
                "aliases": list(self.aliases), "members": [m.to_dict() for m in self.members],
                "claims": [c.to_dict() for c in self.claims]}


@dataclass
class DocumentError:
    type: str  # not_found | empty | binary | encoding | too_long | unreadable | internal
    message: str

    def to_dict(self) -> dict:
        return {"type": self.type, "message": self.message}


@dataclass
class DocumentResult:
    source: str
    title: Optional[str] = None
    reference_date: Optional[str] = None
    reference_date_source: Optional[str] = None  # "option" | "published_line" | "header" | "metadata"
    parties: List[Party] = field(default_factory=list)
    errors: List[DocumentError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def claims(self):
        for party in self.parties:
            yield from ((party, claim) for claim in party.claims)

    def to_dict(self) -> dict:
        return {
            "schema_version": SCHEMA_VERSION,
            "source": self.source,
            "title": self.title,
            "reference_date": self.reference_date,
            "reference_date_source": self.reference_date_source,
            "parties": [p.to_dict() for p in self.parties],
            "errors": [e.to_dict() for e in self.errors],
        }
