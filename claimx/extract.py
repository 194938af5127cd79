"""Doc -> claims -> DocumentResult, as named stages run in the order of STAGES. Pure: no I/O.

Each stage takes the document's context and the work so far (claimx.drafts.Work) and hands on a
new Work; it states which fields it reads (requires) and which it sets (assigns), and a test
checks both against the order and against what each stage really changes. The order is here and
nowhere else:

    find claims -> attribution -> how each is put -> resolve actors -> classify statements
    -> assign targets -> resolve targets -> file into parties -> dates -> number

Where later work plugs in:
- the learned attribution model (claimx.attribution) re-reads the statements the rules found,
  in a stage of its own between "find claims" and "modality": it keeps, drops and adds
  statements and sets their cue, content and actor (no later stage sets those);
- event classes: claimx.claims.events.EVENT_CLASS_SOURCES, claimx's own tables first (the verb
  with its object phrase, the verb, a light verb's event noun), then any source appended;
- actors and targets: claimx.actors.gazetteer.GAZETTEERS, consulted in order by the resolver
  (claimx's own tables first; the first that places a phrase wins).
"""

import datetime
from dataclasses import dataclass, replace
from typing import Callable, Optional, Tuple

from spacy.tokens import Doc

from claimx.actors.parties import file_into_parties
from claimx.actors.resolver import Resolver, resolve_actors, resolve_targets
from claimx.attribution import refine_statements
from claimx.claims.commitments import classify
from claimx.claims.find import find_claims
from claimx.claims.modality import assign_modality
from claimx.claims.nesting import number_claims
from claimx.claims.quotations import QuoteIndex
from claimx.claims.targets import assign_targets
from claimx.dates.claim_dates import date_claims
from claimx.drafts import ClaimDraft, PartyDraft, Work
from claimx.records import Action, Claim, DocumentResult, Party, Target, TextSpan
from claimx.text.chrome import PageLayout
from claimx.text.document import document_layout, scoped_entities, source_text
from claimx.text.quotation_marks import find_quotes


@dataclass(frozen=True)
class Context:
    """What every stage may read about the document; the resolver remembers, in text order,
    the people and parties named so far (for pronouns and surnames)."""
    doc: Doc
    text: str
    layout: PageLayout
    reference: Optional[datetime.date]
    group_by: str
    resolver: Resolver
    quotes: QuoteIndex  # the text's quotations, paired once for the rules and the model


@dataclass(frozen=True)
class Stage:
    name: str
    requires: Tuple[str, ...]  # fields of Work ("parties") or of its claims ("claims.verb")
    assigns: Tuple[str, ...]
    run: Callable[[Context, Work], Work]


def _claims(change: Callable[[Context, Tuple[ClaimDraft, ...]], Tuple[ClaimDraft, ...]]):
    return lambda ctx, work: replace(work, claims=change(ctx, work.claims))


def _file(ctx: Context, work: Work) -> Work:
    claims, parties = file_into_parties(work.claims, ctx.group_by)
    return replace(work, claims=claims, parties=parties)


FOUND = ("claims.type", "claims.verb", "claims.cue", "claims.lemma", "claims.category",
         "claims.negated", "claims.mode", "claims.actor", "claims.actor_heads", "claims.content",
         "claims.target", "claims.target_head", "claims.sentence")

STAGES: Tuple[Stage, ...] = (
    Stage("find claims", requires=(), assigns=("claims",) + FOUND,
          run=lambda ctx, work: replace(
              work, claims=find_claims(ctx.doc, ctx.text, ctx.layout, ctx.quotes))),
    Stage("attribution", requires=FOUND, assigns=("claims",) + FOUND,
          run=_claims(lambda ctx, claims: refine_statements(ctx.doc, ctx.layout, ctx.quotes, claims))),
    Stage("modality", requires=("claims.verb", "claims.cue", "claims.content"),
          assigns=("claims.modality",),
          run=_claims(lambda ctx, claims: assign_modality(claims))),
    Stage("resolve actors", requires=("claims.actor_heads",), assigns=("claims.parties",),
          run=_claims(lambda ctx, claims: resolve_actors(claims, ctx.resolver))),
    Stage("classify", requires=("claims.type", "claims.verb", "claims.category", "claims.content",
                                "claims.cue", "claims.modality", "claims.negated",
                                "claims.parties"),
          assigns=("claims.category", "claims.basis"),
          run=_claims(lambda ctx, claims: classify(claims, ctx.group_by))),
    Stage("assign targets", requires=("claims.type", "claims.verb", "claims.category",
                                      "claims.basis", "claims.content", "claims.cue",
                                      "claims.target", "claims.target_head"),
          assigns=("claims.target", "claims.target_head"),
          run=_claims(lambda ctx, claims: assign_targets(claims))),
    Stage("resolve targets", requires=("claims.target", "claims.target_head"),
          assigns=("claims.target_party",),
          run=_claims(lambda ctx, claims: resolve_targets(claims, ctx.resolver))),
    Stage("file into parties", requires=("claims.parties", "claims.actor"),
          assigns=("parties", "claims.member"), run=_file),
    Stage("dates", requires=("claims.verb", "claims.type", "claims.category", "claims.mode",
                             "claims.negated", "claims.parties", "claims.target",
                             "claims.target_party"),
          assigns=("claims.date",),
          run=_claims(lambda ctx, claims: date_claims(claims, ctx.reference, ctx.group_by))),
    Stage("number", requires=("claims.cue", "claims.content"), assigns=("claims.id", "claims.within"),
          run=_claims(lambda ctx, claims: number_claims(claims))),
)


def run_stages(ctx: Context, stages: Tuple[Stage, ...] = STAGES) -> Work:
    work = Work()
    for stage in stages:
        work = stage.run(ctx, work)
    return work


def make_context(doc: Doc, reference: Optional[datetime.date] = None,
                 group_by: str = "country") -> Context:
    """The context of one document's extraction (call within scoped_entities(doc))."""
    layout = document_layout(doc)
    text = source_text(doc)
    return Context(doc, text, layout, reference, group_by, Resolver(doc, layout.is_chrome, reference),
                   QuoteIndex(find_quotes(text)))


def build_result(doc: Doc, source: str, reference: Optional[datetime.date] = None,
                 reference_source: Optional[str] = None, group_by: str = "country") -> DocumentResult:
    with scoped_entities(doc):
        ctx = make_context(doc, reference, group_by)
        work = run_stages(ctx)
    text, layout = ctx.text, ctx.layout
    title = text[layout.title[0]:layout.title[1]] if layout.title else None
    return DocumentResult(
        source=source,
        title=title,
        reference_date=reference.isoformat() if reference else None,
        reference_date_source=reference_source if reference else None,
        parties=to_parties(work),
    )


def to_parties(work: Work):
    """The output records: each claim once (a joint actor's claim is the same record under each
    of its parties)."""
    claims = [to_claim(c) for c in work.claims]
    return [to_party(p, claims) for p in work.parties]


def to_party(party: PartyDraft, claims) -> Party:
    return Party(name=party.name, kind=party.kind, code=party.code, sector=party.sector,
                 aliases=list(party.aliases), members=list(party.members),
                 claims=[claims[i] for i in party.claims])


def to_claim(c: ClaimDraft) -> Claim:
    target = None
    if c.target is not None:
        party = c.target_party
        target = Target(c.target.text, c.target.start, c.target.end,
                        party=party.name if party else None, code=party.code if party else None)
    return Claim(
        type=c.type,
        actor=TextSpan(c.actor.text, c.actor.start, c.actor.end) if c.actor else None,
        action=Action(c.cue.text, c.cue.start, c.cue.end, lemma=c.lemma, category=c.category,
                      negated=c.negated, mode=c.mode, modality=c.modality),
        content=c.content,
        target=target,
        date=c.date,
        sentence=c.sentence,
        member=c.member,
        id=c.id,
        within=c.within,
    )
