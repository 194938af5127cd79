"""Actor and target mentions -> the parties they stand for, in the context of the document.

An actor mention resolves, in order, through:
- a relative pronoun: the noun its clause modifies ("officials who said"); a generic pronoun
  ("you", "someone", "what", a "which" with no antecedent): unknown (claimx.actors.actor_heads);
- pronouns: he/she to the last person named before it; it/they/their to the last joint actor
  ("Norway and Iceland said ... their ministers") or else the last state or organisation;
- "the two countries", "both sides": the last two countries named;
- a definite description ("the ministry", "the top diplomats"): the last actor or noun phrase
  with the same head noun that resolved to a party ("Azerbaijan's foreign ministry");
- a surname: the full name met earlier; a person: the country their own phrase names ("his
  Iranian counterpart X"), else the state the converted dictionaries say they served on the
  article's date ("Putin": claimx.actors.dictionaries), else,
  for an official, the country named just before them in the sentence, else the only country
  their sentence names (claimx.actors.whereabouts);
- a quantity or group noun: whom it counts ("thousands of Syrian Kurds");
- anything else through claimx.actors.gazetteer (country names, demonyms, capitals, institutions, IGOs),
  then, where those leave it uncoded, claimx.actors.dictionaries (organisations and armed groups,
  also one named inside a group's phrase: "Fatah gunmen"; a place of a state since ended, on the
  article's date), and a group no table places by where it is ("students throughout Peru").
Mentions are resolved in text order: what a pronoun or a surname stands for is what the text
named before it, so the resolver remembers the people, states and actors met so far.
"""

import datetime
from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass, replace
from typing import Dict, List, Optional, Sequence, Tuple

from spacy.tokens import Doc, Span, Token

from claimx.actors import dictionaries
from claimx.actors.actor_heads import is_generic_pronoun, mistaken_speech_verb, relative_antecedent
from claimx.actors.gazetteer import (
    STATE_SECTORS,
    ActorInfo,
    country_of,
    look_up,
)
from claimx.actors.whereabouts import located_in, only_home_country, place_of_event
from claimx.assets import load_lexicon, marked_words
from claimx.claims.object_targets import agent_of_object
from claimx.drafts import ClaimDraft
from claimx.records import Member
from claimx.text.document import entities, entities_within, entity_at, source_text
from claimx.text.function_words import ARTICLES, GROUP_PRONOUNS, PERSON_PRONOUNS
from claimx.text.syntax import ACTOR_ENTITIES, char_span, noun_phrase

QUANTITY_NOUNS = load_lexicon("quantity_nouns.txt")
PAIR_PHRASES = tuple(sorted(load_lexicon("pair_phrases.txt")))
TITLES = marked_words("person_nouns.tsv", "title")
ABROAD_TITLES = marked_words("person_nouns.tsv", "abroad")
PLACED = ("country", "organization", "person")
# Sectors whose actors are bodies (a ministry, an army, a newspaper), not groups of people.
INSTITUTION_SECTORS = STATE_SECTORS | {"PTY", "JRN", "BUS", "EDU", "HLH", "REB", "OPP"}
UNKNOWN = ActorInfo(name="unknown", kind="unknown", code=None, sector=None)


@dataclass
class Mention:
    position: int
    head_lemma: str
    infos: List[ActorInfo]


class Resolver:
    """Remembers what the document has named so far, to resolve each actor in turn. Earlier
    mentions are looked up by position (bisection) or by head word, not by scanning all of them:
    a book-length text has thousands of actors."""

    def __init__(self, doc: Doc, chrome=None, reference: Optional[datetime.date] = None):
        self.doc = doc
        self.reference = reference  # the article's date: whose role or state a name was then
        self.text = source_text(doc)
        self.people: Dict[str, ActorInfo] = {}  # full name and surname -> the person's party
        self.named: List[Mention] = []  # states and organisations named in the text, in order
        self.persons: List[Mention] = []  # in order of position, as named
        self.actors: List[Mention] = []  # claim actors resolved so far
        self.actors_by_head: Dict[str, List[Mention]] = {}  # the same, by head lemma
        self.in_chrome = chrome or (lambda start, end: False)
        self._noun_chunks = None
        self._chunks_by_head: Optional[Dict[str, list]] = None
        self._scan_entities()

    def _scan_entities(self):
        for ent in entities(self.doc):
            if self.in_chrome(ent.start_char, ent.end_char):
                continue
            label = ent.label_
            if label == "PERSON" and country_of(ent.text) is not None:
                label = "GPE"  # the small model tags some countries as people ("Sri Lanka")
            elif label == "PERSON" and all(country_of(w) for w in ent.text.split()):
                label = "NORP"  # and some peoples ("Bosnian Serbs")
            if label == "PERSON":
                info = self._person(ent)
                self.people.setdefault(ent.text, info)
                if len(ent.text.split()) > 1:
                    self.people.setdefault(surname(ent.text), info)
                self.persons.append(Mention(ent.start_char, "", [info]))
            elif label in ("GPE", "NORP", "ORG"):
                info = look_up(ent.text, label)
                if info.kind in ("country", "organization"):
                    self.named.append(Mention(ent.start_char, ent.root.lemma_.lower(), [info]))

    def _person(self, ent: Span) -> ActorInfo:
        country = self._person_country(ent)
        if country is None:
            return ActorInfo(name=ent.text, kind="person", code=None, sector=None)
        if country.kind == "person":  # a UN official: a person coded IGO
            return country
        sector = country.sector or "GOV"
        member = Member(ent.text, "person", person_role(ent), sector)
        return ActorInfo(country.name, country.kind, country.code, sector, member)

    def _person_country(self, ent: Span) -> Optional[ActorInfo]:
        root = ent.root
        phrase = noun_phrase(root, conjuncts=False)
        if root.dep_ in ("appos", "compound") and root.head.pos_ in ("NOUN", "PROPN"):
            phrase = noun_phrase(root.head, conjuncts=False)  # "his Iranian counterpart X"
        for child in root.children:
            if child.dep_ == "appos":  # "X, Iran's foreign minister"
                phrase = phrase + noun_phrase(child, conjuncts=False)
        for tok in phrase:
            if tok.ent_type_ in ("GPE", "NORP", "ORG") and not ent.start <= tok.i < ent.end:
                info = look_up(tok.text, tok.ent_type_)
                if info.kind == "country":
                    return info
        # "Arab League Secretary-General X": the organisation the person speaks for.
        around = " ".join(t.text for t in phrase if not ent.start <= t.i < ent.end)
        if around:
            info = look_up(around)
            if info.kind == "organization" and info.code:
                return info
        # "Putin": the state the converted dictionaries say they served on the article's date
        known = dictionaries.actor_info(ent.text, "person", self.reference)
        if known is not None:
            return known
        # a title before or around the name, not the surname itself ("Larry King", "Mr. King")
        words = {t.lower_ for t in phrase if t.i != ent.end - 1}
        if words & TITLES:
            before = self._named_between(ent.sent.start_char, ent.start_char)
            if before and before[-1].infos[0].kind == "country":
                return before[-1].infos[0]
            if not words & ABROAD_TITLES:
                return only_home_country(ent.sent, ent.start)
        return None

    def _untagged_official(self, info: ActorInfo, tokens: List[Token], head: Token
                           ) -> Optional[ActorInfo]:
        """A titled person the NER did not tag ("Vice-President X"), placed like a tagged one
        by the only country their sentence names, and remembered for later mentions."""
        words = {t.lower_ for t in tokens if t.text != surname(info.name)}  # not "Mr. King"
        if not words & TITLES or words & ABROAD_TITLES:
            return None
        home = only_home_country(head.sent, head.i)
        if home is None:
            return None
        placed = ActorInfo(home.name, home.kind, home.code, "GOV",
                           Member(info.name, "person", None, "GOV"))
        self._remember_person(placed, head.idx, info.name)
        return placed

    @property
    def noun_chunks(self):
        if self._noun_chunks is None:  # spaCy recomputes doc.noun_chunks on every access
            self._noun_chunks = list(self.doc.noun_chunks)
        return self._noun_chunks

    @property
    def chunks_by_head(self) -> Dict[str, list]:
        """The noun chunks by the lemma of their root, each list in text order."""
        if self._chunks_by_head is None:
            self._chunks_by_head = {}
            for chunk in self.noun_chunks:
                self._chunks_by_head.setdefault(chunk.root.lemma_.lower(), []).append(chunk)
        return self._chunks_by_head

    def resolve(self, heads: List[Token]) -> List[ActorInfo]:
        """The parties of one actor; a coordination ("Norway and Iceland") gives each member's."""
        infos = [info for head in heads for info in self._resolve(head)]
        if len(heads) == 1 and len(infos) == 1:
            infos = [self._with_member(heads[0], infos[0])]
        if any(i.kind in PLACED for i in infos):
            mention = Mention(heads[0].idx, heads[0].lemma_.lower(), infos)
            self.actors.append(mention)
            self.actors_by_head.setdefault(mention.head_lemma, []).append(mention)
        return infos

    def _resolve(self, head: Token) -> List[ActorInfo]:
        """The parties a mention stands for: the first of MENTION_RULES that finds them, else
        the gazetteers' reading of its phrase refined by the first of LOOKUP_RULES that
        applies."""
        head = relative_antecedent(head) or mistaken_speech_verb(head) or head
        mention = self._mention(head)
        for rule in MENTION_RULES:
            found = rule(self, mention)
            if found:
                return found
        info = self._look_up(mention)
        for rule in LOOKUP_RULES:
            found = rule(self, mention, info)
            if found:
                return found
        if info.kind == "person" and info.name not in self.people:
            self._remember_person(info, head.idx)
        return [info]

    def _mention(self, head: Token) -> "MentionText":
        tokens = noun_phrase(head, conjuncts=False)
        span = char_span(tokens)
        return MentionText(head, tokens, self.text[span[0]:span[1]] if span else head.text)

    def _look_up(self, mention: "MentionText") -> ActorInfo:
        head, phrase = mention.head, mention.phrase
        label = head.ent_type_ or None
        if label == "PERSON" and country_of(phrase) is not None:
            label = "GPE"
        info = look_up(phrase, label)
        info = self._from_dictionaries(head, info) or info
        if label == "ORG" and info.kind == "organization" and info.code is None:
            unlabelled = look_up(phrase)  # "Vice-President Moody Awori" tagged ORG
            if unlabelled.kind == "person":
                info = unlabelled
        return info

    def _from_dictionaries(self, head: Token, info: ActorInfo) -> Optional[ActorInfo]:
        """What the converted dictionaries say of a name claimx's tables leave uncoded (an
        organisation, an armed group, a leader tagged ORG), or of a place that belonged to a
        state since ended."""
        ent = entity_at(head)
        if ent is not None and info.kind == "country" and info.member is None:
            then = dictionaries.country_then(ent.text, info.code, self.reference)
            return replace(info, name=then[0], code=then[1]) if then else None
        if info.code is not None or info.kind not in ("organization", "group", "unknown"):
            return None
        if ent is not None and ent.label_ == "ORG":
            # a leader the small model tagged as an organisation ("Trump") is a person
            kind = "person" if dictionaries.leader(ent.text) else "organization"
            return dictionaries.actor_info(ent.text, kind, self.reference, info.name)
        # "Fatah gunmen", "the Abu Sayyaf group": an organisation named inside the phrase
        phrase = noun_phrase(head, conjuncts=False)
        for inner in (entities_within(self.doc, phrase[0].i, phrase[-1].i + 1) if phrase else ()):
            if inner.label_ == "ORG" and inner.end <= phrase[-1].i + 1:
                found = dictionaries.actor_info(inner.text, "organization", self.reference,
                                                _without_article(inner.text))
                if found is not None:
                    return replace(found, sector=info.sector or found.sector)
        return None

    # --- rules on the mention, in MENTION_RULES order ---

    def _generic_pronoun(self, m: "MentionText") -> Optional[List[ActorInfo]]:
        """"you", "someone", "what", a "which" with no antecedent: nobody the text identifies."""
        return [UNKNOWN] if is_generic_pronoun(m.head) else None

    def _person_pronoun(self, m: "MentionText") -> Optional[List[ActorInfo]]:
        """he, she: the last person named before."""
        if m.head.lower_ in PERSON_PRONOUNS:
            return self._last(self.persons, m.head.idx) or [UNKNOWN]
        return None

    def _group_pronoun(self, m: "MentionText") -> Optional[List[ActorInfo]]:
        """it, they, their: the last joint actor, state or organisation ("the US" is no "us")."""
        if m.head.lower_ in GROUP_PRONOUNS and m.head.text != "US":
            return self._last_group(m.head.idx) or [UNKNOWN]
        return None

    def _counted_members(self, m: "MentionText") -> Optional[List[ActorInfo]]:
        """"thousands of Iraqi Kurds", "a group of Chechen refugees": whom it counts."""
        members = _members_of_quantity(m.head)
        if members is None:
            return None
        infos = self._resolve(members)
        return infos if any(i.kind in PLACED for i in infos) else None

    def _pair_of_countries(self, m: "MentionText") -> Optional[List[ActorInfo]]:
        """"the two countries", "both sides": the last two countries named."""
        if any(p in m.phrase.lower() for p in PAIR_PHRASES):
            return self._last_countries(m.head.idx, 2) or None
        return None

    def _named_person(self, m: "MentionText") -> Optional[List[ActorInfo]]:
        """A person named before, by full name or surname."""
        if m.head.ent_type_ != "PERSON":
            return None
        ent = entity_at(m.head)
        if ent is None:
            return None
        known = self.people.get(ent.text) or self.people.get(surname(ent.text))
        return [known] if known is not None else None

    def _untagged_surname(self, m: "MentionText") -> Optional[List[ActorInfo]]:
        """A surname met before that the NER did not tag this time."""
        return [self.people[m.head.text]] if m.head.text in self.people else None

    # --- rules on the gazetteers' reading, in LOOKUP_RULES order ---

    def _person_named_before(self, m: "MentionText", info: ActorInfo) -> Optional[List[ActorInfo]]:
        """A person without a party whom the text named before, placed then."""
        if info.kind == "person" and info.code is None and info.name in self.people:
            return [self.people[info.name]]
        return None

    def _official(self, m: "MentionText", info: ActorInfo) -> Optional[List[ActorInfo]]:
        """A titled person without a party: the only country their sentence names."""
        if info.kind == "person" and info.code is None:
            official = self._untagged_official(info, m.tokens, m.head)
            return [official] if official is not None else None
        return None

    def _possessor(self, m: "MentionText", info: ActorInfo) -> Optional[List[ActorInfo]]:
        """"their foreign ministers", "his ministry", "Lehto's ministry": the owner's party."""
        if info.kind not in ("group", "unknown"):
            return None
        possessor = next((t for t in m.tokens if t.dep_ == "poss" and t.head.i == m.head.i), None)
        if possessor is not None and (possessor.lower_ in GROUP_PRONOUNS | PERSON_PRONOUNS
                                      or possessor.ent_type_ == "PERSON"
                                      or possessor.text in self.people):
            owner = self._resolve(possessor)
            if any(o.kind in PLACED for o in owner):
                return owner
        return None

    def _definite_description(self, m: "MentionText", info: ActorInfo) -> Optional[List[ActorInfo]]:
        """"the ministry": the last actor with the same head noun, else the state its sentence
        named first."""
        if info.kind not in ("group", "unknown") or not m.tokens or m.tokens[0].lower_ != "the":
            return None
        return self._same_head(m.head) or self._sentence_state(m.head, info)

    def _whereabouts(self, m: "MentionText", info: ActorInfo) -> Optional[List[ActorInfo]]:
        """"a terror group based in Trinidad"; "prisoners rioted at a jail in Dili": a group is
        where it is, or where it acted."""
        if info.kind not in ("group", "unknown"):
            return None
        head = m.head
        located = located_in(head)
        if located is None and head.dep_ == "nsubj" and not is_pronoun(head):
            located = next(iter(place_of_event(head)), None)
        if located is None:
            return None
        return [ActorInfo(located.name, located.kind, located.code, info.sector)]

    def _with_member(self, head: Token, info: ActorInfo) -> ActorInfo:
        """A state's institution or group ("Azerbaijan's foreign ministry", "Iranian
        protesters") is a member of the country it resolved to; the country's own name is not."""
        if info.kind != "country" or info.member is not None or info.sector is None:
            return info
        span = char_span(noun_phrase(head, conjuncts=False))
        phrase = self.text[span[0]:span[1]] if span else head.text
        if country_of(phrase) is not None:
            return info  # "Baku", "Tehran": the state itself, by its seat
        kind = "organization" if info.sector in INSTITUTION_SECTORS else "group"
        return replace(info, member=Member(_without_article(phrase), kind, None, info.sector))

    def party_inside(self, head: Token) -> List[ActorInfo]:
        """The first country or coded organisation named inside head's noun phrase, or the
        party of a person named there ("an appeal from President X")."""
        for ent in entities_within(self.doc, head.left_edge.i, head.right_edge.i + 1):
            if ent.label_ in ("GPE", "NORP", "ORG", "PERSON") \
                    and ent.end <= head.right_edge.i + 1 and ent.root.i != head.i:
                if ent.label_ == "PERSON":
                    info = self.people.get(ent.text) or UNKNOWN
                else:
                    info = look_up(ent.text, ent.label_)
                if info.kind == "country" or info.kind == "organization" and info.code:
                    return [info]
        return []

    def resolve_target(self, head: Token) -> Optional[ActorInfo]:
        """The party a target stands for; a target that is a thing takes the party named inside
        it ("a blockade on Palestinian lorries"), else the country its event took place in
        ("settlements in the Gaza Strip")."""
        agent = agent_of_object(head)  # "criticised the report by the Greek ministry"
        placed = [t for t in self._resolve(head) if t.kind in PLACED] or self.party_inside(head) \
            or [t for t in (self._resolve(agent) if agent is not None else []) if t.kind in PLACED] \
            or place_of_event(head)
        return placed[0] if placed else None

    def _remember_person(self, info: ActorInfo, position: int, name: str = "") -> None:
        """A person the NER did not tag ("Mayor Ana Ruiz" resolved from its title): remembered
        like a named one, so that a later "she" or "Ruiz" finds them."""
        name = name or info.name
        self.people.setdefault(name, info)
        self.people.setdefault(surname(name), info)
        insort(self.persons, Mention(position, "", [info]), key=lambda m: m.position)

    @staticmethod
    def _last(mentions: List[Mention], position: int) -> Optional[List[ActorInfo]]:
        """The last of mentions (sorted by position) before position."""
        before = bisect_left(mentions, position, key=lambda m: m.position)
        return mentions[before - 1].infos if before else None

    @staticmethod
    def _last_resolved(actors: List[Mention], position: int) -> Optional[List[ActorInfo]]:
        """The last resolved of actors (in the order claims were resolved) before position."""
        return next((m.infos for m in reversed(actors) if m.position < position), None)

    def _named_between(self, start: int, end: int) -> List[Mention]:
        """The states and organisations named in text[start:end], in order."""
        key = lambda m: m.position  # noqa: E731
        return self.named[bisect_left(self.named, start, key=key):bisect_left(self.named, end, key=key)]

    def _last_group(self, position: int) -> Optional[List[ActorInfo]]:
        """It/they: the last actor if it was a state, organisation or joint actor, else the last
        state or organisation named."""
        actor = self._last_resolved(self.actors, position)
        if actor and all(i.kind in ("country", "organization") for i in actor):
            return actor
        return self._last(self.named, position)

    def _same_head(self, head: Token) -> Optional[List[ActorInfo]]:
        lemma = head.lemma_.lower()
        found = self._last_resolved(self.actors_by_head.get(lemma, []), head.idx)
        if found is not None:
            return found
        chunks = self.chunks_by_head.get(lemma, [])
        for k in reversed(range(bisect_right(chunks, head.idx, key=lambda c: c.end_char))):
            chunk = chunks[k]
            info = look_up(chunk.text, chunk.root.ent_type_ or None)
            if info.kind in ("country", "organization"):
                return [info]
        return None

    def _sentence_state(self, head: Token, info: ActorInfo) -> Optional[List[ActorInfo]]:
        """"Sri Lanka has opened an embassy, the foreign ministry said": an institution named for
        the first time belongs to the country its sentence named first, before it."""
        if info.sector not in STATE_SECTORS:
            return None
        for m in self._named_between(head.sent.start_char, head.idx):
            if m.infos[0].kind == "country":
                country = m.infos[0]
                return [ActorInfo(country.name, country.kind, country.code, info.sector)]
        return None

    def _last_countries(self, position: int, count: int) -> List[ActorInfo]:
        seen: List[ActorInfo] = []
        for k in reversed(range(bisect_left(self.named, position, key=lambda m: m.position))):
            m = self.named[k]
            info = m.infos[0]
            if info.kind == "country" and all(s.code != info.code for s in seen):
                seen.append(info)
            if len(seen) == count:
                return list(reversed(seen))
        return []


@dataclass(frozen=True)
class MentionText:
    head: Token
    tokens: List[Token]  # its noun phrase, one member of a coordination
    phrase: str


MENTION_RULES = (Resolver._person_pronoun, Resolver._group_pronoun, Resolver._counted_members,
                 Resolver._generic_pronoun, Resolver._pair_of_countries, Resolver._named_person, Resolver._untagged_surname)
LOOKUP_RULES = (Resolver._person_named_before, Resolver._official, Resolver._possessor,
                Resolver._definite_description, Resolver._whereabouts)


def _members_of_quantity(head: Token) -> Optional[Token]:
    """The people a quantity or group noun counts: "Kurds" in "thousands of Iraqi Kurds"."""
    if head.lemma_.lower() not in QUANTITY_NOUNS:
        return None
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            return next((c for c in prep.children if c.dep_ == "pobj"), None)
    return None


def is_pronoun(token: Token) -> bool:
    return token.pos_ == "PRON" or token.lower_ in PERSON_PRONOUNS | GROUP_PRONOUNS


def _without_article(phrase: str) -> str:
    words = phrase.split()
    return " ".join(words[1:]) if len(words) > 1 and words[0].lower() in ARTICLES else phrase


def person_role(ent: Span) -> Optional[str]:
    """The title the text gives a person: the words right before the name ("Foreign Minister
    Jeyhun Bayramov", "his Iranian counterpart X") or an appositive after it ("X, Iran's foreign
    minister"); country words, determiners and possessors left out."""
    doc = ent.doc
    before = []
    i = ent.start - 1
    while i >= 0 and _is_role_word(doc[i]):
        before.insert(0, doc[i])
        i -= 1
    words = before or [t for c in ent.root.children if c.dep_ == "appos"
                       for t in c.subtree if _is_role_word(t)]
    while words and words[0].pos_ == "CCONJ":
        words.pop(0)
    return " ".join(t.text for t in words) or None


def _is_role_word(token: Token) -> bool:
    return (token.pos_ in ("NOUN", "PROPN", "ADJ") or token.pos_ == "CCONJ" and token.lower_ == "and") \
        and token.ent_type_ not in ("GPE", "NORP", "PERSON", "DATE") and token.dep_ != "poss"


def surname(name: str) -> str:
    """The last word of a full name, hyphens kept: "Hossein Amir-Abdollahian" -> "Amir-Abdollahian"."""
    return name.split()[-1]


def resolve_actors(claims: Sequence[ClaimDraft], resolver: Resolver) -> Tuple[ClaimDraft, ...]:
    """Each claim with the parties its actor stands for, resolved in text order."""
    doc = resolver.doc
    return tuple(replace(c, parties=tuple(resolver.resolve([doc[i] for i in c.actor_heads])))
                 if c.actor_heads else c for c in claims)


def resolve_targets(claims: Sequence[ClaimDraft], resolver: Resolver) -> Tuple[ClaimDraft, ...]:
    """Each claim with the party its target stands for, if it names or concerns one."""
    doc = resolver.doc
    return tuple(replace(c, target_party=resolver.resolve_target(doc[c.target_head]))
                 if c.target is not None and c.target_head is not None else c for c in claims)


def names_an_actor(token: Token) -> bool:
    """Does the noun phrase of token name an actor: an entity ("Chad", "18 Rwandan rebels") or a
    group noun ("the protesters"), not a thing ("political asylum")?"""
    phrase = noun_phrase(token, conjuncts=False)
    if any(t.ent_type_ in ACTOR_ENTITIES for t in phrase):
        return True
    return look_up(token.text).kind != "unknown"  # "military aid" is not the military
