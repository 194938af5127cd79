"""What the real pipeline extracts from short invented sentences and articles.

Tables of (text, expected) with exact span texts, negatives included. Every result also passes
check_offsets and the JSON Schema (the `extract` fixture does both). A behaviour the code does
not have yet is marked xfail(strict=True) with the reason, so that fixing it shows up as XPASS.
"""

import datetime
import logging

import pytest

from claimx.dates.expressions import find_reference_date
from claimx.assets import load_lexicon, load_table
from claimx.schema import ACTION_CLASSES
from conftest import EXAMPLES, FIXTURES, all_claims, check_offsets, claims_by_action, extract_text

SAT = datetime.date(2023, 4, 8)  # a Saturday
QUOTE_MARKS_OPEN = '"“'
QUOTE_MARKS_CLOSE = '"”'


def summary(result) -> list:
    return [(p["name"], c["type"], c["actor"] and c["actor"]["text"], c["action"]["text"],
             c["content"] and c["content"]["text"], c["target"] and c["target"]["text"])
            for p, c in all_claims(result)]


def one_claim(result, action: str, index: int = 0) -> dict:
    """The index-th claim (in text order) whose action text is action; a joint actor's claim,
    filed under several parties, counts once."""
    found = {(c["action"]["start"], c["action"]["end"]): c for _, c in claims_by_action(result, action)}
    assert len(found) > index, f"no claim #{index} with action {action!r} in {summary(result)}"
    return [found[key] for key in sorted(found)][index]


def parties_of(result, action: str) -> list:
    return [p for p, _ in claims_by_action(result, action)]


def text_of(span):
    return span["text"] if span else None


# --- statements -------------------------------------------------------------------------------

# (text, action, actor, content, direct, target)
STATEMENTS = [
    ('"The border will stay open," the minister said.',
     "said", "the minister", '"The border will stay open,"', True, None),
    ('"This is the end of an era," said Prime Minister Lars Holm.',
     "said", "Prime Minister Lars Holm", '"This is the end of an era,"', True, None),
    ('The minister said: "The border will stay open."',
     "said", "The minister", '"The border will stay open."', True, None),
    ("“The border will stay open” — Interior Minister Petra Lind said on Monday.",
     "said", "Interior Minister Petra Lind", "“The border will stay open”", True, None),
    ("The minister told parliament: “The border will stay open. We will not close it.”",
     "told", "The minister", "“The border will stay open. We will not close it.”", True,
     "parliament"),
    ("The prime minister told reporters that the talks had failed.",
     "told", "The prime minister", "that the talks had failed", False, "reporters"),
    ("The Icelandic government warned that it would not be pressured.",
     "warned", "The Icelandic government", "that it would not be pressured", False, None),
    # mixed quotes: a paraphrase around quoted words is not verbatim
    ('The minister said the plan was "a reckless gamble" by the opposition.',
     "said", "The minister", 'the plan was "a reckless gamble" by the opposition', False, None),
    ('The rebels are "terrorists", the general said.',
     "said", "the general", 'The rebels are "terrorists"', False, None),
]


@pytest.mark.parametrize("text, action, actor, content, direct, target", STATEMENTS)
def test_statement(extract, text, action, actor, content, direct, target):
    claim = one_claim(extract(text), action)
    assert claim["type"] == "statement"
    assert text_of(claim["actor"]) == actor
    assert claim["content"]["text"] == content
    assert claim["content"]["direct"] is direct
    assert text_of(claim["target"]) == target


def test_indirect_speech_content_starts_with_that_and_has_an_addressee(extract):
    claim = one_claim(extract("Gunnarsson told reporters in Reykjavik that the arrests were "
                              "unlawful."), "told")
    assert claim["content"]["text"].startswith("that ")
    assert claim["content"]["direct"] is False
    assert claim["target"]["text"] == "reporters"
    assert claim["action"]["class"] == "STATEMENT" and claim["action"]["lemma"] == "tell"


@pytest.mark.parametrize("text, action, target, party", [
    ("Peru demanded that Chile withdraw its troops from the border.", "demanded", "Chile", "Chile"),
    ("Norway called on Russia to release the fishermen.", "called on", "Russia", "Russia"),
    ("Finland threatened Estonia with new tariffs.", "threatened", "Estonia", "Estonia"),
])
def test_demand_or_threat_targets_whom_it_is_made_of(extract, text, action, target, party):
    claim = one_claim(extract(text), action)
    assert claim["target"]["text"] == target and claim["target"]["party"] == party


@pytest.mark.parametrize("text, action, target", [
    ("Chile threatened to expel three Peruvian diplomats.", "threatened", "three Peruvian diplomats"),
    ("Bolivia refused to release the Chilean fishermen.", "refused", "the Chilean fishermen"),
    ("Chile threatened to leave the talks.", "threatened", None),  # no event inside: no target
])
def test_threat_or_refusal_targets_whom_the_event_inside_it_is_done_to(extract, text, action, target):
    assert text_of(one_claim(extract(text), action)["target"]) == target


def test_demand_without_a_named_party_has_no_target(extract):
    claim = one_claim(extract("The union demanded that the plan be dropped."), "demanded")
    assert claim["target"] is None


def test_according_to_names_the_source(extract):
    result = extract("According to the foreign ministry, the ambassador was summoned on Monday.")
    claim = one_claim(result, "According to")
    assert claim["type"] == "statement"
    assert claim["actor"]["text"] == "the foreign ministry"
    assert claim["action"]["lemma"] == "according to"
    assert claim["content"]["text"].startswith("the ambassador was summoned on Monday")


def test_according_to_content_stops_before_the_full_stop(extract):
    claim = one_claim(extract("According to the foreign ministry, the ambassador was summoned on "
                              "Monday."), "According to")
    assert claim["content"]["text"] == "the ambassador was summoned on Monday"


def test_trailing_according_to_content_is_the_clause_before_it(extract):
    claim = one_claim(extract("The ambassador was summoned on Monday, according to the foreign "
                              "ministry."), "according to")
    assert claim["actor"]["text"] == "the foreign ministry"
    assert [f["text"] for f in claim["content"]["fragments"]] == \
        ["The ambassador was summoned on Monday"]


SPLIT_QUOTES = [
    '"We are ready to talk," the minister said, "but we will not be threatened."',
    "“We are ready to talk,” the minister said, “but we will not be threatened.”",
]


@pytest.mark.parametrize("text", SPLIT_QUOTES, ids=["straight", "curly"])
def test_split_quote_is_one_claim_in_two_fragments(extract, text):
    result = extract(text)
    assert len(list(all_claims(result))) == 1, summary(result)
    claim = one_claim(result, "said")
    assert claim["actor"]["text"] == "the minister"
    assert claim["content"]["direct"] is True
    opening, closing = text[0], text[-1]
    assert [f["text"] for f in claim["content"]["fragments"]] == [
        f"{opening}We are ready to talk,{closing}", f"{opening}but we will not be threatened.{closing}"]


def test_quote_sentence_after_an_attributed_quote_joins_its_content(extract):
    text = '"We are ready to talk," Ruiz said. "The door is open."'
    result = extract(text)
    assert len(list(all_claims(result))) == 1, summary(result)
    content = one_claim(result, "said")["content"]
    assert content["direct"] is True
    assert [f["text"] for f in content["fragments"]] == ['"We are ready to talk,"',
                                                         '"The door is open."']
    assert content["text"] == text


@pytest.mark.parametrize("text, first_fragment", [
    # the next paragraph is not the same quotation unless the quote runs on (no closing mark)
    ('"We are ready to talk," Ruiz said.\n\n"The door is open."', '"We are ready to talk,"'),
    # a quotation with a cue of its own is its own statement
    ('"We are ready to talk," Ruiz said. "The door is open," Lind said.', '"We are ready to talk,"'),
])
def test_quote_in_another_paragraph_or_with_its_own_cue_does_not_join(extract, text, first_fragment):
    result = extract(text)
    fragments = one_claim(result, "said")["content"]["fragments"]
    assert [f["text"] for f in fragments] == [first_fragment]
    assert [text_of(c["actor"]) for _, c in all_claims(result)] in (["Ruiz"], ["Ruiz", "Lind"])


def test_quote_running_over_two_paragraphs_is_one_content(extract):
    text = ('The fishing minister said in a statement: "We have waited long enough.\n\n'
            '"Our patience has run out, and the fleet will sail on Monday."')
    # "in a statement" is part of the cue, as PolNeAR annotates it (claimx.attribution)
    claim = one_claim(extract(text), "said in a statement")
    assert claim["actor"]["text"] == "The fishing minister"
    assert claim["content"]["direct"] is True
    assert claim["content"]["text"] == text[text.index('"'):]


def test_quote_running_over_two_paragraphs_with_crlf_line_ends(extract):
    text = ('The fishing minister said in a statement: "We have waited long enough.\r\n\r\n'
            '"Our patience has run out, and the fleet will sail on Monday."')
    claim = one_claim(extract(text), "said in a statement")
    assert claim["content"]["direct"] is True
    assert claim["content"]["text"] == text[text.index('"'):]


@pytest.mark.parametrize("text", [
    'The so-called "peace plan" was published on Friday.',
    'The "temporary" checkpoint has been in place since 2019.',
])
def test_scare_quotes_without_a_speech_verb_make_no_statement(extract, text):
    result = extract(text + " The minister said it was a trap.")
    statements = [c for _, c in all_claims(result) if c["type"] == "statement"]
    assert [c["action"]["text"] for c in statements] == ["said"], summary(result)


def test_scare_quotes_inside_indirect_speech_are_not_direct(extract):
    claim = one_claim(extract('Critics say the "reform" is a tax rise in disguise.'), "say")
    assert claim["content"]["text"] == 'the "reform" is a tax rise in disguise'
    assert claim["content"]["direct"] is False


@pytest.mark.parametrize("text", [
    'The minister said "the talks are over.',
    "The minister said “the talks are over.",
    'He said the talks were over."',
    '"',
    "“”",
    'He said "we are leaving.\n\nThe ferry sailed on Monday, officials said.',
])
def test_unbalanced_quotation_marks_do_not_break_extraction(extract, text):
    result = extract(text)  # offsets and schema are checked by the fixture
    assert result["errors"] == []
    if "said" in text:
        assert claims_by_action(result, "said"), summary(result)


def test_unbalanced_quotation_mark_does_not_swallow_the_next_paragraph(extract):
    result = extract('He said "we are leaving.\n\nThe ferry sailed on Monday, officials said.')
    officials = [c for _, c in all_claims(result) if text_of(c["actor"]) == "officials"]
    assert len(officials) == 1, summary(result)
    assert officials[0]["content"]["text"] == "The ferry sailed on Monday"
    assert officials[0]["content"]["direct"] is False


# --- events -----------------------------------------------------------------------------------

# (text, action, actor, class, target, target party)
EVENTS = [
    ("Norway expelled three Danish diplomats.",
     "expelled", "Norway", "SANCTION", "three Danish diplomats", "Denmark"),
    ("Danish police arrested two Swedish fishermen.",
     "arrested", "Danish police", "COERCE", "two Swedish fishermen", "Sweden"),
    ("The Dutch prime minister met his Belgian counterpart.",
     "met", "The Dutch prime minister", "CONSULT", "his Belgian counterpart", "Belgium"),
]


@pytest.mark.parametrize("text, action, actor, cls, target, target_party", EVENTS)
def test_event(extract, text, action, actor, cls, target, target_party):
    claim = one_claim(extract(text), action)
    assert claim["type"] == "event"
    assert claim["actor"]["text"] == actor
    assert claim["action"]["class"] == cls
    assert claim["action"]["negated"] is False
    assert claim["content"] is None
    assert claim["target"]["text"] == target
    assert claim["target"]["party"] == target_party


# (text, action, PLOVER class): one sentence per rule of the event vocabulary in models/
EVENT_CLASSES = [
    ("Rebels kidnapped four Chilean engineers near the border.", "kidnapped", "COERCE"),
    ("Bolivian soldiers fired on the protesters in La Paz.", "fired on", "ASSAULT"),
    ("The navy fired two missiles at the island.", "fired", "ASSAULT"),
    ("Farmers blocked the main highway into the capital.", "blocked", "PROTEST"),
    ("The Danish government ordered patrols along the coast.", "ordered", "MOBILIZE"),
    ("Peru and Ecuador reached an agreement on the border.", "reached", "AGREE"),
    ("The Chilean president resigned on Monday.", "resigned", "RETREAT"),
    ("The rebels surrendered to the Colombian army.", "surrendered", "RETREAT"),
    ("Argentina recognised the new government of Paraguay.", "recognised", "SUPPORT"),
    ("Brazil froze the assets of three Venezuelan officials.", "froze", "SANCTION"),
    ("Prosecutors indicted the former Peruvian minister.", "indicted", "ACCUSE"),
    ("The Finnish government extradited two Estonian suspects.", "extradited", "COOPERATE"),
    ("Norway lodged a formal protest with Russia.", "lodged", "ACCUSE"),
    ("Police tortured the detainees in the capital.", "tortured", "ASSAULT"),
    ("The army bulldozed twenty homes in the village.", "bulldozed", "COERCE"),
    ("Protesters went on a hunger strike in front of the embassy.", "went", "PROTEST"),
    ("The Lithuanian government issued an ultimatum to the strikers.", "issued", "THREATEN"),
    ("Poland conducted military exercises near the border.", "conducted", "MOBILIZE"),
    # light verbs take their class from the event noun they carry out (models/event_nouns.tsv)
    ("The army mounted a large offensive in the north.", "mounted", "ASSAULT"),
    ("The court opened a hearing into the killings.", "opened", "ACCUSE"),
    ("Chilean troops completed their withdrawal from the border.", "completed", "RETREAT"),
    ("Farmers began a hunger strike outside the ministry.", "began", "PROTEST"),
    ("Students staged a demonstration in the capital.", "staged", "PROTEST"),  # not "stag"
    # a speech verb announcing an event noun makes the event
    ("Chile announced a suspension of flights to Peru.", "announced", "SANCTION"),
    ("The governor declared a curfew in the province.", "declared", "COERCE"),
]


@pytest.mark.parametrize("text, action, cls", EVENT_CLASSES)
def test_event_class(extract, text, action, cls):
    result = extract(text)
    classes = {c["action"]["class"] for _, c in all_claims(result) if c["action"]["text"] == action}
    assert classes == {cls}, summary(result)


@pytest.mark.parametrize("text, action", [
    ("The club fired its coach after the defeat.", "fired"),  # no weapon: not an attack
    ("Prices continued to rise in March.", "continued"),  # nothing political continued
    ("She reached the summit on Tuesday.", "reached"),  # no agreement reached
    ("The company began a new season of trials.", "began"),  # no event noun as its object
    ("She made a cake.", "made"),
])
def test_verb_whose_class_needs_an_object_makes_no_event_without_it(extract, text, action):
    result = extract(text + " Norway expelled three Danish diplomats.")
    assert one_claim(result, "expelled")["action"]["class"] == "SANCTION"
    assert not [c for _, c in all_claims(result) if c["action"]["text"] == action], summary(result)


def test_a_speech_verb_without_an_event_noun_stays_a_statement(extract):
    claim = one_claim(extract("Chile announced a new budget on Monday."), "announced")
    assert (claim["type"], claim["action"]["class"]) == ("statement", "STATEMENT")


def test_event_verb_reporting_a_quotation_is_a_statement(extract):
    claim = one_claim(extract("She continued, “For us, all we ask is a fair hearing.”"), "continued")
    assert claim["type"] == "statement" and claim["action"]["class"] == "STATEMENT"
    assert claim["content"]["direct"] is True


@pytest.mark.parametrize("text, action, party", [
    ("Chile lifted a blockade on Peruvian lorries.", "lifted", "Peru"),
    ("Israel evacuated all settlements in the Gaza Strip.", "evacuated", "Palestine"),
    ("Police seized weapons bound for Colombia.", "seized", "Colombia"),
    ("Chile has tried to hack into the computers of the Peruvian army.", "to hack", "Peru"),
    ("The navy fired two missiles at the island.", "fired", None),  # no party named
])
def test_target_that_is_a_thing_takes_the_party_named_inside_it(extract, text, action, party):
    claim = one_claim(extract(text), action)
    assert claim["target"]["party"] == party


@pytest.mark.parametrize("text, action, target, party", [
    # whom, not what: a recipient named after the thing given
    ("Chile granted political asylum to nine Bolivian activists.", "granted",
     "nine Bolivian activists", "Bolivia"),
    # in the passive, the subject is whom it was aimed at
    ("A convoy of Chilean lorries was attacked by Bolivian rebels.", "was attacked by",
     "A convoy of Chilean lorries", "Chile"),
    # a thing that names a person takes the person's party
    ("Rebels in Peru dismissed an appeal from President Ana Ruiz.", "dismissed",
     "an appeal from President Ana Ruiz", "Peru"),
    ("Rebels dismissed an appeal from President Ana Ruiz.", "dismissed",
     "an appeal from President Ana Ruiz", "Ana Ruiz"),  # no country named: the person alone
    # an event noun's "of": whom it is done to
    ("Chilean police announced the arrest of four Bolivian smugglers.", "announced",
     "four Bolivian smugglers", "Bolivia"),
    # "the US" is the country, not the pronoun "us"
    ("Mexico demanded that the US lift the tariffs.", "demanded", "the US", "United States"),
    # a thing done in a country concerns that country
    ("The Peruvian army imposed a curfew in the town of Puno in southern Peru.", "imposed",
     "a curfew", "Peru"),
    ("Police seized weapons on the coast.", "seized", "weapons", None),
    # a city or province names its country (claimx.actors.places)
    ("Police imposed a curfew in Kharkiv on Monday.", "imposed", "a curfew in Kharkiv",
     "Ukraine"),
    ("Police imposed a curfew in Hyderabad on Monday.", "imposed", "a curfew in Hyderabad",
     None),
])
def test_event_target_is_whom_it_concerns(extract, text, action, target, party):
    claim = one_claim(extract(text), action)
    assert (claim["target"]["text"], claim["target"]["party"]) == (target, party)


@pytest.mark.parametrize("text, target, party", [
    ("Chile threatened to close the border if Bolivia raised the tariffs.", "Bolivia", "Bolivia"),
    ("Peru threatened to halt the talks unless the Chilean government apologised.",
     "the Chilean government", "Chile"),
])
def test_a_threat_is_aimed_at_whom_its_condition_is_put_to(extract, text, target, party):
    claim = one_claim(extract(text), "threatened")
    assert (claim["target"]["text"], claim["target"]["party"]) == (target, party)


@pytest.mark.parametrize("text, action, party", [
    # the target of the clause a threat, promise or demand governs
    ("Chile threatened to deliver heavy blows to Bolivia.", "threatened", "Bolivia"),
    ("Norway promised to continue military aid to Estonia.", "promised", "Estonia"),
    # not the actor's own troops: where they are withdrawn from
    ("Chile agreed to withdraw its troops from Bolivia.", "agreed", "Bolivia"),
    # a protest is aimed at whom its purpose names
    ("Chilean miners continued their hunger strike to demand the resignation of the Bolivian "
     "president.", "continued", "Bolivia"),
    # an event with no target of its own: the country it took place in
    ("Hundreds of students demonstrated in Peru on Tuesday.", "demonstrated", "Peru"),
    ("Hundreds of students demonstrated on Tuesday.", "demonstrated", None),
    # whom a clause is against, however deep
    ("Britain mobilised army reservists for a possible war against Iraq.", "mobilised", "Iraq"),
])
def test_a_claim_without_a_named_target_looks_for_whom_it_concerns(extract, text, action, party):
    claim = one_claim(extract(text), action)
    assert (claim["target"] or {}).get("party") == party, summary(extract(text))


def test_a_meeting_is_not_aimed_at_the_country_it_takes_place_in(extract):
    claim = one_claim(extract("Chilean and Bolivian negotiators met in Peru on Tuesday."), "met")
    assert (claim["target"] or {}).get("party") != "Peru"


@pytest.mark.parametrize("text, action", [
    ("Syria threatened to halt the talks unless Turkey withdrew its troops.", "threatened"),
    # a commitment read as a threat is aimed like a threat made with "threatened"
    ("Syria said it would halt the talks unless Turkey withdrew its troops.", "said"),
])
def test_a_threat_is_aimed_at_whom_its_condition_is_put_to_however_worded(extract, text, action):
    claim = one_claim(extract(text), action)
    assert claim["action"]["class"] == "THREATEN"
    assert (claim["target"]["text"], claim["target"]["party"]) == ("Turkey", "Turkey")


def test_a_threat_with_a_named_target_keeps_it(extract):
    claim = one_claim(extract("Chile threatened Peru with sanctions if the talks failed."),
                      "threatened")
    assert claim["target"]["party"] == "Peru"


def test_a_reported_event_is_linked_to_the_statement_that_reports_it(extract):
    result = extract("Iranian media said Tehran had arrested two Azeri nationals. Norway "
                     "expelled three Danish diplomats.")
    said, arrested, expelled = (one_claim(result, a) for a in ("said", "had arrested", "expelled"))
    assert (said["id"], arrested["id"], expelled["id"]) == (0, 1, 2)  # text order
    assert arrested["within"] == said["id"] and arrested["action"]["modality"] == "reported"
    assert said["within"] is None and expelled["within"] is None


def test_a_joint_claim_keeps_one_id_under_each_party(extract):
    result = extract("Norway and Denmark said they would hold talks next month.")
    assert {c["id"] for _, c in claims_by_action(result, "said")} == {0}


# (text, action, modality): how the event is put
MODALITIES = [
    ("Norway expelled three Danish diplomats.", "expelled", "asserted"),
    ("Norway will expel three Danish diplomats.", "will expel", "future"),
    ("Norway threatened to expel three Danish diplomats.", "to expel", "future"),
    ("Norway may expel three Danish diplomats.", "may expel", "hypothetical"),
    ("Norway denied expelling three Danish diplomats.", "expelling", "denied"),
    ("Officials said Norway had expelled three Danish diplomats.", "had expelled", "reported"),
]


@pytest.mark.parametrize("text, action, modality", MODALITIES)
def test_event_modality(extract, text, action, modality):
    claim = one_claim(extract(text), action)
    assert claim["action"]["modality"] == modality


# (text, statement verb, class): what a party says it will do or another must, as PLOVER
# classes it
COMMITMENTS = [
    ("Chile said it will support the Peruvian proposal.", "said", "AGREE"),
    ("Farmers said they would blockade the capital from Monday.", "said", "THREATEN"),
    ("Peru said it will withdraw its ambassador unless Chile apologises.", "said", "THREATEN"),
    ("Chile said it will not extradite the Peruvian suspects.", "said", "REJECT"),
    ("Chile said it supported the Peruvian proposal.", "said", "STATEMENT"),  # no commitment
    # a conditional offer is still an offer
    ("Chilean rebels said they would meet the envoy if he came alone.", "said", "AGREE"),
    # a refusal even where the refused deed makes no event of its own
    ("Chile says it will not accept more Bolivian refugees.", "says", "REJECT"),
    ("Chile said Peru will not accept the deal.", "said", "STATEMENT"),  # another's refusal
    # what another party must do is a demand of it
    ("Chile said Peru must return the seized boats.", "said", "REQUEST"),
    ("Chile said the Peruvian government should apologise.", "said", "REQUEST"),
    ("Chile said we must protect the coast.", "said", "STATEMENT"),  # the speaker's own duty
    ("Chile said the boats must be returned.", "said", "STATEMENT"),  # of no one named
]


@pytest.mark.parametrize("text, action, cls", COMMITMENTS)
def test_a_commitment_is_a_promise_a_threat_or_a_refusal(extract, text, action, cls):
    result = extract(text)
    assert one_claim(result, action)["action"]["class"] == cls, summary(result)


def test_a_demand_is_aimed_at_whom_it_says_must_act(extract):
    claim = one_claim(extract("Chile said Peru must return the seized boats."), "said")
    assert (claim["target"]["text"], claim["target"]["party"]) == ("Peru", "Peru")


def test_by_in_the_active_voice_is_no_agent(extract):
    claim = one_claim(extract("Chile on Monday eased by one hour the curfew in Arica."), "eased")
    assert claim["actor"]["text"] == "Chile"


def test_event_actor_is_filed_under_its_country(extract):
    result = extract("Norway expelled three Danish diplomats.")
    assert [(p["name"], p["kind"], p["code"]) for p in parties_of(result, "expelled")] == \
        [("Norway", "country", "NOR")]


# (text, action: the whole verb group, lemma)
NEGATED = [
    ("Norway did not expel the Danish diplomats.", "did not expel", "expel"),
    ("Latvia has not expelled any Lithuanian diplomats.", "has not expelled", "expel"),
    ("Latvia never expelled the ambassador.", "never expelled", "expel"),
    ("Danish police didn't arrest the Swedish fishermen.", "didn't arrest", "arrest"),
]


@pytest.mark.parametrize("text, action, lemma", NEGATED)
def test_negated_event(extract, text, action, lemma):
    claim = one_claim(extract(text), action)
    assert claim["type"] == "event"
    assert claim["action"]["negated"] is True
    assert claim["action"]["lemma"] == lemma


@pytest.mark.parametrize("text", ["Norway expelled the Danish diplomats.",
                                  "Norway has expelled the Danish diplomats, not the Swedish ones."])
def test_event_without_negation_is_not_negated(extract, text):
    result = extract(text)
    claims = [c for _, c in all_claims(result) if c["action"]["lemma"] == "expel"]
    assert len(claims) == 1 and claims[0]["action"]["negated"] is False, summary(result)


def test_passive_event_takes_its_agent_as_actor(extract):
    result = extract("Two Danish diplomats were expelled by Norway.")
    claim = one_claim(result, "were expelled")
    assert claim["actor"]["text"] == "Norway"
    assert claim["target"]["text"] == "Two Danish diplomats"
    assert [p["name"] for p in parties_of(result, "were expelled")] == ["Norway"]


def test_a_date_is_not_the_target_of_a_meeting(extract):
    claim = one_claim(extract("The two foreign ministers met in Warsaw on Wednesday.", SAT), "met")
    assert claim["date"]["value"] == "2023-04-05"
    assert claim["target"] is None


def test_accusation_names_the_accused_as_target(extract):
    claim = one_claim(extract("Lithuania accused Latvia of violating a 2015 border treaty."),
                      "accused")
    assert claim["action"]["class"] == "ACCUSE"
    assert claim["actor"]["text"] == "Lithuania"
    assert claim["target"]["text"] == "Latvia"
    assert claim["target"]["party"] == "Latvia"


# --- parties ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, parties", [
    ("Norway and Denmark said they would hold talks next month.", ["Norway", "Denmark"]),
    ("Sweden, Finland and Estonia said the exercise would go ahead.",
     ["Sweden", "Finland", "Estonia"]),
])
def test_joint_actor_claim_is_filed_under_each_party(extract, text, parties):
    result = extract(text)
    assert [p["name"] for p in parties_of(result, "said")] == parties
    claims = [c for _, c in claims_by_action(result, "said")]
    assert all(c == claims[0] for c in claims)
    for party in result["parties"]:  # a joint mention is no single party's alias
        assert claims[0]["actor"]["text"] not in party["aliases"]


@pytest.mark.parametrize("text, name, kind", [
    ("Finland's foreign minister Mika Virtanen visited Stockholm. He said the visit was a "
     "success.", "Finland", "country"),
    ("Opposition leader Maria Costa criticised the plan. She said the budget was a fantasy.",
     "Maria Costa", "person"),
    ("Mayor Ana Ruiz spoke to voters on Tuesday. She said the budget was balanced.",
     "Ana Ruiz", "person"),
])
def test_pronoun_speaker_is_filed_under_the_person_named_before(extract, text, name, kind):
    result = extract(text)
    first = result["parties"][0]
    assert (first["name"], first["kind"]) == (name, kind), summary(result)
    pronoun = [p for p, c in all_claims(result) if text_of(c["actor"]) in ("He", "She")]
    assert [(p["name"], p["kind"]) for p in pronoun] == [(name, kind)]


@pytest.mark.parametrize("text, action, parties", [
    # "the two countries": the last two countries named, a joint actor
    ("Norway expelled a Danish diplomat on Monday. The two countries said talks would resume.",
     "said", ["Norway", "Denmark"]),
    # a surname: the full name met before
    ("Norwegian Foreign Minister Kari Nordahl arrived in Oslo. Nordahl said the talks were over.",
     "said", ["Norway"]),
    # a definite description: the last actor with the same head noun
    ("Finland's foreign ministry summoned the Swedish ambassador. The ministry said the decision "
     "was final.", "said", ["Finland"]),
    # they: the last joint actor
    ("Peru and Chile signed a fishing accord. They said it would last ten years.", "said",
     ["Peru", "Chile"]),
    # "the spokesman": the spokesman named before
    ("A spokesman for Finland's foreign ministry criticised the plan. The spokesman said the "
     "talks were over.", "said", ["Finland"]),
])
def test_coreference_files_the_claim_under_the_antecedents_party(extract, text, action, parties):
    result = extract(text)
    assert [p["name"] for p in parties_of(result, action)] == parties, summary(result)


@pytest.mark.parametrize("text, action", [
    ("The two countries said talks would resume.", "said"),  # no two countries named before
    ("Nordahl said the talks were over.", "said"),  # a surname met nowhere before
])
def test_coreference_without_an_antecedent_stays_unknown(extract, text, action):
    result = extract(text)
    parties = parties_of(result, action)
    assert parties, summary(result)
    assert all(p["kind"] != "country" and p["code"] is None for p in parties), summary(result)


def test_pronoun_with_nobody_named_before_is_unknown(extract):
    result = extract("She said the budget was balanced.")
    assert [(p["name"], p["kind"]) for p in parties_of(result, "said")] == [("unknown", "unknown")]


MEMBERS_TEXT = ("Norway's foreign ministry said on Monday that the quota was final. "
                "Norwegian Foreign Minister Kari Nordahl said the talks were over. "
                "Norwegian police arrested two Danish fishermen. "
                "Norway expelled a Danish diplomat. The ministry said the decision was final.")


def test_a_country_lists_the_people_and_bodies_that_acted_for_it(extract):
    result = extract(MEMBERS_TEXT)
    [norway] = [p for p in result["parties"] if p["name"] == "Norway"]
    assert [(m["name"], m["kind"], m["role"], m["sector"]) for m in norway["members"]] == [
        ("Norway's foreign ministry", "organization", None, "GOV"),
        ("Kari Nordahl", "person", "Foreign Minister", "GOV"),
        ("Norwegian police", "organization", None, "COP"),
    ]
    members = {c["actor"]["text"]: c["actor"]["member"] for c in norway["claims"]}
    # the country itself is no member; "the ministry" is the one named before
    assert members["Norway"] is None
    assert members["The ministry"] == "Norway's foreign ministry"


def test_a_well_known_leader_named_alone_is_filed_under_their_state(extract):
    result = extract("President Putin said the talks would resume in May.")
    assert [(p["name"], p["code"], [(m["name"], m["role"]) for m in p["members"]])
            for p in result["parties"]] == [("Russia", "RUS", [("Putin", "President")])]


@pytest.mark.parametrize("text, action, code", [
    # an official named without a country serves the one country the sentence names
    ("President Ana Lindqvist on Monday lifted the curfew imposed in Finland.", "lifted", "FIN"),
    ("Prime Minister Tomas Varga threatened to ban Hungarian opposition parties.", "threatened",
     "HUN"),
    # not where they travel, nor the country of another person, nor with two countries named
    ("President Ana Lindqvist visited Finland on Monday.", "visited", None),
    ("President Ana Lindqvist criticised his Finnish counterpart on Monday.", "criticised", None),
    ("President Ana Lindqvist criticised Finland and Sweden on Monday.", "criticised", None),
    # an envoy serves abroad: the country named is where
    ("Ambassador Ana Lindqvist criticised the curfew imposed in Finland.", "criticised", None),
    # a surname that is also a title word is no title
    ("Broadcaster Paul King criticised the curfew imposed in Finland.", "criticised", None),
])
def test_an_official_without_a_country_serves_the_only_one_their_sentence_names(
        extract, text, action, code):
    result = extract(text)
    assert [p["code"] for p in parties_of(result, action)] == [code], summary(result)


@pytest.mark.parametrize("text, action, code", [
    # a people the small model tags as a person
    ("Bosnian Croats said the vote was rigged.", "said", "BIH"),
    # a quantity or group noun stands for the people it counts
    ("Hundreds of Syrian Kurds protested in the capital on Monday.", "protested", "SYR"),
    ("A group of Turkish Kurds accused the company of negligence.", "accused", "TUR"),
    ("Thousands of farmers protested on Monday.", "protested", None),
    # a group is where it is based, through place words only
    ("A militant group based in Lebanon threatened to attack the convoy.", "threatened", "LBN"),
    ("Students throughout Peru protested against the reform.", "protested", "PER"),
    ("Envoys to Peru protested against the reform.", "protested", None),
    # a group is where it acted
    ("Prisoners rioted at a jail in Lima on Monday.", "rioted", "PER"),
    ("Prisoners rioted at a jail on Monday.", "rioted", None),
])
def test_groups_resolve_to_the_people_they_count_or_the_country_they_are_in(
        extract, text, action, code):
    result = extract(text)
    assert [p["code"] for p in parties_of(result, action)] == [code], summary(result)


def test_a_person_without_a_country_has_no_members(extract):
    result = extract("Opposition leader Maria Costa said the budget was a fantasy.")
    assert [(p["name"], p["kind"], p["members"]) for p in result["parties"]] == \
        [("Maria Costa", "person", [])]


@pytest.fixture(scope="module")
def actor_nlp():
    from claimx.pipeline import load_pipeline

    return load_pipeline(group_by="actor", raise_errors=True)


def test_group_by_actor_makes_each_member_a_party_with_its_states_code(actor_nlp):
    result = extract_text(actor_nlp, MEMBERS_TEXT)
    check_offsets(result, MEMBERS_TEXT)
    assert [(p["name"], p["kind"], p["code"], p["sector"]) for p in result["parties"]] == [
        ("Norway's foreign ministry", "organization", "NOR", "GOV"),
        ("Kari Nordahl", "person", "NOR", "GOV"),
        ("Norwegian police", "organization", "NOR", "COP"),
        ("Norway", "country", "NOR", None),
    ]
    ministry = result["parties"][0]
    assert [c["actor"]["text"] for c in ministry["claims"]] == \
        ["Norway's foreign ministry", "The ministry"]


def test_group_by_must_be_country_or_actor():
    from claimx.pipeline import load_pipeline

    with pytest.raises(ValueError, match="group_by"):
        load_pipeline(group_by="region")


# --- dates ------------------------------------------------------------------------------------

# (text, action, date text, value with SAT as reference, granularity)
DATES = [
    ("On Thursday, Norway expelled two Danish diplomats.", "expelled", "Thursday", "2023-04-06",
     "day"),
    ('"We will not back down," the minister said on Friday.', "said", "Friday", "2023-04-07", "day"),
    ("Norway expelled two Danish diplomats in January.", "expelled", "January", "2023-01", "month"),
]


@pytest.mark.parametrize("text, action, date_text, value, granularity", DATES)
def test_date_resolved_against_the_reference(extract, text, action, date_text, value, granularity):
    date = one_claim(extract(text, SAT), action)["date"]
    assert (date["text"], date["value"], date["granularity"]) == (date_text, value, granularity)
    assert date["scope"] == "clause"


@pytest.mark.parametrize("text, action, date_text, value, granularity", DATES)
def test_relative_date_without_reference_stays_unresolved(extract, text, action, date_text, value,
                                                          granularity):
    result = extract(text)
    assert result["reference_date"] is None
    date = one_claim(result, action)["date"]
    assert (date["text"], date["value"]) == (date_text, None)


# (text, action, date text, value with SAT as reference, scope): dates taken from other events
EVENT_DATES = [
    # a span after or before another event: that event's day plus or minus the span
    ("Norway expelled two Danish diplomats on Thursday. The ministers met two days after "
     "Norway expelled the diplomats.", "met", "two days after", "2023-04-08", "clause"),
    ("Norway expelled two Danish diplomats on Thursday. The envoy resigned a week before "
     "Norway expelled the diplomats.", "resigned", "a week before", "2023-03-30", "clause"),
    # the same event named again takes its day
    ("On Thursday, Norway declared two Danish diplomats persona non grata. The Norwegian "
     "government expelled the Danish diplomats after a row over fishing.", "expelled", "Thursday",
     "2023-04-06", "event"),
]


@pytest.mark.parametrize("text, action, date_text, value, scope", EVENT_DATES)
def test_date_taken_from_another_event(extract, text, action, date_text, value, scope):
    date = one_claim(extract(text, SAT), action)["date"]
    assert (date["text"], date["value"], date["granularity"], date["scope"]) == \
        (date_text, value, "day", scope)


@pytest.mark.parametrize("text, action", [
    # the anchor has no day of its own: nothing to count from
    ("The ministers met two days after Norway expelled the Danish diplomats.", "met"),
    # a vague span is not counted
    ("Norway expelled two Danish diplomats on Thursday. The ministers met several days after "
     "Norway expelled the diplomats.", "met"),
    # another event of the same class against another party is not the same event
    ("Norway expelled two Danish diplomats on Thursday. Norway expelled a Swedish diplomat.",
     "expelled"),
])
def test_no_date_taken_from_another_event_without_support(extract, text, action):
    claims = [c for _, c in claims_by_action(extract(text, SAT), action)]
    assert claims, f"no claim with action {action!r}"
    last = claims[-1]
    assert last["date"] is None or last["date"]["value"] is None, last["date"]


def test_claim_without_a_date_has_none(extract):
    assert one_claim(extract("Norway expelled three Danish diplomats.", SAT), "expelled")["date"] \
        is None


def test_reference_date_is_reported(extract):
    result = extract("Norway expelled three Danish diplomats.", SAT)
    assert (result["reference_date"], result["reference_date_source"]) == ("2023-04-08", "option")


# --- page chrome ------------------------------------------------------------------------------

def test_chrome_lines_yield_nothing(extract):
    chrome = "Enable Read mode\nShare this article\nFollow us on X\nRead more:\n"
    assert extract(chrome)["parties"] == []
    result = extract("Norway expelled three Danish diplomats.\n" + chrome)
    assert [c["action"]["text"] for _, c in all_claims(result)] == ["expelled"], summary(result)


def test_chrome_article_keeps_only_the_body_claims(extract):
    text = (FIXTURES / "chrome.txt").read_text(encoding="utf-8")
    result = extract(text, SAT)
    assert result["title"] == "Harbour talks collapse in Tromsø"
    body = text.index("Norway's coast guard")
    body_end = text.index("\n", body)
    for _, claim in all_claims(result):
        assert body <= claim["action"]["start"] < body_end, summary(result)
    assert sorted({c["action"]["text"] for _, c in all_claims(result)}) == ["detained", "said"]
    names = {p["name"] for p in result["parties"]}
    assert "Sweden" not in names  # only in a "Read more" headline


# (a body sentence holding a word of a boilerplate pattern, the same sentence without it)
CHROME_WORDS = [
    ('"We will follow our principles," the minister said.',
     '"We will keep our principles," the minister said.'),
    ("Voters must register to vote by Friday, the electoral commission said.",
     "Voters must enrol to vote by Friday, the electoral commission said."),
    ("The minister said the party newsletter had published false figures.",
     "The minister said the party bulletin had published false figures."),
]


@pytest.mark.parametrize("text", [without for _, without in CHROME_WORDS])
def test_body_sentences_give_claims(extract, text):
    assert one_claim(extract(text), "said")["type"] == "statement"


@pytest.mark.parametrize("text", [with_word for with_word, _ in CHROME_WORDS])
def test_body_sentence_that_mentions_chrome_words_keeps_its_claims(extract, text):
    assert one_claim(extract(text), "said")["type"] == "statement"


# --- fixture articles -------------------------------------------------------------------------

def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def quotes(nlp, validate):
    """quotes.txt: (text, {(actor text, action text): claim}, result)."""
    text = fixture_text("quotes.txt")
    result = extract_text(nlp, text, SAT)
    validate(result)
    check_offsets(result, text)
    return text, {(text_of(c["actor"]), c["action"]["text"]): c for _, c in all_claims(result)}, result


def test_quotes_article_title_and_parties(quotes):
    _, _, result = quotes
    assert result["title"] == "Ferry talks stall as Estonia and Finland trade barbs"
    codes = {p["name"]: p["code"] for p in result["parties"]}
    assert (codes["Estonia"], codes["Finland"]) == ("EST", "FIN")


def test_quotes_article_quoted_words_in_a_paraphrase_are_indirect(quotes):
    claim = quotes[1][("Estonia's infrastructure minister, Maarja Kask", "said")]
    assert claim["content"]["text"] == ('that the ferry agreement with Finland was "no longer worth '
                                        'the paper it is written on"')
    assert claim["content"]["direct"] is False
    assert claim["date"]["value"] == "2023-04-07"


def test_quotes_article_quote_sentence_after_the_cue_joins(quotes):
    content = quotes[1][("Kask", "told")]["content"]
    assert content["direct"] is True
    assert [f["text"] for f in content["fragments"]] == ['"We signed in good faith,"',
                                                         '"Helsinki did not."']


def test_quotes_article_told_reporters_beside_a_quotation(quotes):
    assert text_of(quotes[1][("Kask", "told")]["target"]) == "reporters"


def test_quotes_article_curly_split_quote_around_an_apposition(quotes):
    content = quotes[1][("the Finnish transport minister, Juha Lehto", "said")]["content"]
    assert content["direct"] is True
    assert [f["text"] for f in content["fragments"]] == [
        "“Our door remains open,”", "“but we will not negotiate under pressure.”"]


def test_quotes_article_quotation_over_two_paragraphs_after_a_colon(quotes):
    text, by_actor, _ = quotes
    content = by_actor[("Lehto's ministry", "said in a statement")]["content"]
    start = text.index('"The timetable')
    end = text.index("commitments.\"") + len("commitments.\"")
    assert (content["start"], content["end"], content["direct"]) == (start, end, True)


def test_quotes_article_speaker_after_a_dash(quotes):
    content = quotes[1][("Kask", "said later")]["content"]  # the time is part of the cue
    assert (content["text"], content["direct"]) == ("“This is not a crisis”", True)


def test_quotes_article_described_as_quoted_words_is_indirect(quotes):
    content = quotes[1][("A port official", "described")]["content"]
    assert content["text"] == 'the mood in the harbour as "tense but calm"'
    assert content["direct"] is False


def test_events_article(extract):
    result = extract(fixture_text("events.txt"), SAT)
    expelled = one_claim(result, "expelled")
    assert (expelled["actor"]["text"], expelled["target"]["party"], expelled["date"]["value"]) == \
        ("Latvia", "Lithuania", "2023-04-04")
    arrested = one_claim(result, "arrested")
    assert [p["code"] for p in parties_of(result, "arrested")] == ["LTU"]
    assert (arrested["target"]["party"], arrested["date"]["value"]) == ("Latvia", "2023-04-04")
    met = one_claim(result, "met")
    assert met["action"]["class"] == "CONSULT" and met["date"]["value"] == "2023-04-05"
    negated = one_claim(result, "did not expel")
    assert negated["action"]["negated"] is True
    assert negated["action"]["modality"] == "reported"  # inside what officials said
    assert "expels" not in {c["action"]["text"] for _, c in all_claims(result)}  # the headline


ARTICLES = [FIXTURES / "quotes.txt", FIXTURES / "events.txt", FIXTURES / "chrome.txt",
            EXAMPLES / "fishing-dispute.txt"]
def article_params():
    return [pytest.param(path, id=path.name) for path in ARTICLES]


@pytest.mark.parametrize("path", ARTICLES, ids=[p.name for p in ARTICLES])
def test_article_offsets_and_schema(extract, path):
    text = path.read_text(encoding="utf-8")
    reference, _ = find_reference_date(text)
    result = extract(text, reference)  # the fixture checks offsets and schema
    assert result["errors"] == [] and result["parties"]


@pytest.mark.parametrize("path", article_params())
def test_article_contents_are_sound(extract, path):
    """No content fragment holds its own cue; a direct content is whole quotations."""
    text = path.read_text(encoding="utf-8")
    result = extract(text, find_reference_date(text)[0])
    problems = []
    assert any(c["content"] for _, c in all_claims(result)), summary(result)
    for party, claim in all_claims(result):
        if claim["content"] is None:
            continue
        action = claim["action"]
        for fragment in claim["content"]["fragments"]:
            if fragment["start"] <= action["start"] < fragment["end"]:
                problems.append(("cue inside content", action["text"], fragment["text"]))
            if claim["content"]["direct"] and not (fragment["text"][0] in QUOTE_MARKS_OPEN and
                                                   fragment["text"][-1] in QUOTE_MARKS_CLOSE):
                problems.append(("direct but not a quotation", action["text"], fragment["text"]))
    assert problems == []


def test_fishing_dispute_end_to_end(extract):
    text = (EXAMPLES / "fishing-dispute.txt").read_text(encoding="utf-8")
    reference, source = find_reference_date(text)
    assert (reference, source) == (datetime.date(2024, 3, 16), "published_line")
    result = extract(text, reference)
    parties = {p["name"]: p for p in result["parties"]}
    assert parties["Norway"]["code"] == "NOR" and parties["Iceland"]["code"] == "ISL"
    for name in ("Norway", "Iceland"):
        assert any(c["type"] == "statement" for c in parties[name]["claims"]), name
    arrest = one_claim(result, "arrested")
    assert arrest["type"] == "event" and arrest["action"]["class"] == "COERCE"
    assert arrest["date"]["value"] == "2024-03-14"
    assert [p["name"] for p in parties_of(result, "arrested")] == ["Norway"]
    assert result["title"] == "Norway and Iceland trade accusations over fishing rights"
    headlines = ("Iceland recalls ambassador", "Norway fines foreign trawlers")
    for _, claim in all_claims(result):  # the "Read more" headlines are chrome
        assert not any(claim["sentence"]["start"] >= text.index(h) for h in headlines)


# --- the lexicon and the schema agree ---------------------------------------------------------

@pytest.mark.parametrize("table", ["verbs.tsv", "event_phrases.tsv", "event_nouns.tsv"])
def test_every_lexicon_class_is_a_schema_class(table):
    # "-" marks a verb that makes events only through an object phrase ("gave aid")
    classes = {row["class"] for row in load_table(table)} - {"-"}
    assert classes and classes <= set(ACTION_CLASSES)


def test_every_light_verb_is_a_verb_that_needs_its_object_or_a_speech_verb():
    from claimx.claims.verbs import NO_EVENT_CLASS, verb_entries

    entries = [e for group in verb_entries().values() for e in group]  # learned ones included
    needs_object = {e.lemma for e in entries if e.cls == NO_EVENT_CLASS}
    speech = {e.lemma for e in entries if e.kind in ("speech", "both")}
    assert load_lexicon("light_verbs.txt") <= needs_object | speech


# --- speakers marked by punctuation ---------------------------------------------------------

# (text, cue, actor, content)
MARKED_SPEAKERS = [
    ('"The harbour will stay open all winter." ― Ana Ruiz, harbour master\n',
     "―", "Ana Ruiz", '"The harbour will stay open all winter."'),
    ("“We are not leaving this town.” — Piet Janssen\n",
     "—", "Piet Janssen", "“We are not leaving this town.”"),
    ("RUIZ: The timetable is fixed and we will keep to it.\n",
     ":", "RUIZ", "The timetable is fixed and we will keep to it."),
]


@pytest.mark.parametrize("text, cue, actor, content", MARKED_SPEAKERS)
def test_speaker_marked_by_a_dash_or_before_a_colon(extract, text, cue, actor, content):
    claim = one_claim(extract(text), cue)
    assert (text_of(claim["actor"]), text_of(claim["content"])) == (actor, content)


@pytest.mark.parametrize("text", [
    "Note: the figures were revised on Monday afternoon.\n",  # a label, not a speaker
    "the harbour master: a job nobody wants here\n",  # lower case: not a name
    "The plan was simple — stay open all winter.\n",  # a dash with no quotation before it
])
def test_labels_and_dashes_that_name_no_speaker(extract, text):
    result = extract(text + MARKED_SPEAKERS[1][0])
    assert one_claim(result, "—")["actor"]["text"] == "Piet Janssen"
    marked = [c for _, c in all_claims(result) if c["action"]["text"] in (":", "—")]
    assert len(marked) == 1, summary(result)


# --- errors -----------------------------------------------------------------------------------

def test_an_extraction_bug_raises_in_tests_and_is_logged_and_recorded_in_real_runs(
        nlp, monkeypatch, caplog):
    import claimx.components.claims as component
    from claimx.pipeline import make_doc

    def broken(*args, **kwargs):
        raise RuntimeError("broken on purpose")

    monkeypatch.setattr(component, "build_result", broken)
    text = "Norway expelled three Danish diplomats."
    with pytest.raises(RuntimeError, match="broken on purpose"):  # the tests' pipeline raises
        nlp(make_doc(nlp, text))
    monkeypatch.setattr(nlp.get_pipe("claimx_claims"), "raise_errors", False)  # the CLI's mode
    with caplog.at_level(logging.ERROR, logger="claimx"):
        result = nlp(make_doc(nlp, text))._.claimx_result
    assert [e["type"] for e in result["errors"]] == ["internal"]
    assert "broken on purpose" in result["errors"][0]["message"] and result["parties"] == []
    [record] = [r for r in caplog.records if r.name == "claimx"]
    assert record.exc_info is not None and "RuntimeError: broken on purpose" in caplog.text
