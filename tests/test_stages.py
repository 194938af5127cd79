"""The stages of extraction (claimx.extract.STAGES) keep their contract: each reads only what an
earlier stage set, and changes only what it says it assigns; the output shares no part between
claims."""

import dataclasses

import pytest

from claimx.drafts import ClaimDraft, Work
from claimx.extract import FOUND, STAGES, make_context
from claimx.pipeline import make_doc
from claimx.text.document import scoped_entities
from conftest import EXAMPLES, FIXTURES, all_claims

CLAIM_FIELDS = {f"claims.{f.name}" for f in dataclasses.fields(ClaimDraft)}
WORK_FIELDS = {f.name for f in dataclasses.fields(Work)}

TEXTS = [
    "Syria said it would halt the talks unless Turkey withdrew its troops. Chile said Peru must "
    "return the seized boats. Peru said it will not extradite the Chilean suspects. On Thursday, "
    "Norway expelled two Danish diplomats; the two countries met two days after Norway expelled "
    "the diplomats.",
    (FIXTURES / "quotes.txt").read_text(encoding="utf-8"),
    (FIXTURES / "events.txt").read_text(encoding="utf-8"),
    (EXAMPLES / "fishing-dispute.txt").read_text(encoding="utf-8"),
]


def test_every_stage_names_real_fields_and_reads_only_what_an_earlier_stage_set():
    assigned = set()
    for stage in STAGES:
        assert set(stage.requires) | set(stage.assigns) <= CLAIM_FIELDS | WORK_FIELDS, stage.name
        missing = set(stage.requires) - assigned
        assert not missing, f"{stage.name} reads {sorted(missing)} before any stage sets them"
        assigned |= set(stage.assigns)
    assert set(FOUND) <= assigned


def changed_fields(before: Work, after: Work) -> set:
    changed = {name for name in WORK_FIELDS - {"claims"}
               if getattr(before, name) != getattr(after, name)}
    if len(before.claims) != len(after.claims):
        return changed | {"claims"}
    for old, new in zip(before.claims, after.claims):
        changed |= {f"claims.{f.name}" for f in dataclasses.fields(ClaimDraft)
                    if getattr(old, f.name) != getattr(new, f.name)}
    return changed


@pytest.mark.parametrize("text", TEXTS, ids=["sentences", "quotes", "events", "fishing-dispute"])
def test_every_stage_changes_only_what_it_assigns(nlp, text):
    doc = nlp(make_doc(nlp, text))
    seen = set()
    with scoped_entities(doc):
        ctx = make_context(doc)
        work = Work()
        for stage in STAGES:
            after = stage.run(ctx, work)
            changed = changed_fields(work, after)
            assert changed <= set(stage.assigns), \
                f"{stage.name} changed {sorted(changed - set(stage.assigns))} behind its back"
            seen |= changed
            work = after
    assert work.claims and work.parties
    if text is TEXTS[0]:  # made to exercise every stage
        assert {"claims.category", "claims.target", "claims.date", "claims.parties"} <= seen


def test_no_two_claims_share_a_target_record(nlp):
    from claimx.extract import build_result

    doc = nlp(make_doc(nlp, TEXTS[0]))
    result = build_result(doc, source="")
    claims = {id(c): c for _, c in result.claims()}.values()  # a joint claim is one record
    targets = [c.target for c in claims if c.target is not None]
    assert len(targets) >= 3 and len({id(t) for t in targets}) == len(targets)


# --- where later work plugs in ----------------------------------------------------------------

def test_a_gazetteer_appended_to_the_list_is_consulted_after_claimx_own(extract, monkeypatch):
    from claimx.actors import gazetteer

    text = "The Freedonian envoy said the talks would resume. Norway expelled a Danish diplomat."
    before = extract(text)
    assert "Freedonia" not in {p["name"] for p in before["parties"]}

    def freedonia(phrase, label=None):
        placed = "Freedonian" in phrase
        return gazetteer.ActorInfo("Freedonia" if placed else phrase, "country" if placed else "unknown",
                                   "FRE" if placed else None, None)

    monkeypatch.setattr(gazetteer, "GAZETTEERS", gazetteer.GAZETTEERS + [freedonia])
    after = extract(text)
    assert {p["name"]: p["code"] for p in after["parties"]} == {"Freedonia": "FRE", "Norway": "NOR"}


def test_an_event_class_source_appended_to_the_list_classes_what_claimx_own_tables_do_not(
        extract, monkeypatch):
    from claimx.claims import events

    text = "Chile gave blankets to Peru."
    assert not [c for _, c in all_claims(extract(text)) if c["action"]["text"] == "gave"]

    def donations(verb, entry):
        return ("AID", None) if entry.lemma == "give" else None

    monkeypatch.setattr(events, "EVENT_CLASS_SOURCES", events.EVENT_CLASS_SOURCES + [donations])
    [gave] = [c for _, c in all_claims(extract(text)) if c["action"]["text"] == "gave"]
    assert (gave["action"]["class"], gave["target"]["party"]) == ("AID", "Peru")
