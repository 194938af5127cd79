"""Shared test tools: one real spaCy pipeline per session, a helper that runs it on a text,
and checks that hold for every result (offsets point at their text; the JSON Schema holds).

The helpers are plain functions so that test modules can import them:
    from conftest import extract_text, check_offsets, all_claims
The `run` fixture drives the real CLI (Click's CliRunner) in tmp_path with the session's pipeline.
"""

import datetime
from pathlib import Path
from typing import Iterator, List, Optional, Tuple

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

import claimx.pipeline
from claimx.components.claims import RESULT_ATTR
from claimx.pipeline import load_pipeline, make_doc
from claimx.schema import RESULT_SCHEMA

TESTS = Path(__file__).parent
FIXTURES = TESTS / "fixtures"
EXAMPLES = TESTS.parent / "examples"
SPAN_KEYS = ("actor", "action", "content", "target", "date")


@pytest.fixture(scope="session")
def nlp():
    """The real pipeline (default model + claimx's components), loaded once for the session, in
    raise mode: a bug in extraction fails the test that meets it instead of becoming an
    "internal" error record that a negative assertion would wave through."""
    return load_pipeline(raise_errors=True)


def extract_text(nlp, text: str, reference: Optional[datetime.date] = None) -> dict:
    """The result dict claimx_claims stores on the Doc (as the CLI prints it, source ""). A result
    with an "internal" error fails the test that built it, whatever the pipeline's mode."""
    doc = nlp(make_doc(nlp, text, reference, "option" if reference else None))
    result = doc._.get(RESULT_ATTR)
    internal = [e["message"] for e in result["errors"] if e["type"] == "internal"]
    assert not internal, f"extraction failed: {internal}"
    return result


def all_claims(result: dict) -> Iterator[Tuple[dict, dict]]:
    """(party, claim) for every claim of a result; a joint actor's claim comes once per party."""
    for party in result["parties"]:
        for claim in party["claims"]:
            yield party, claim


def claims_by_action(result: dict, action_text: str) -> List[Tuple[dict, dict]]:
    return [(p, c) for p, c in all_claims(result) if c["action"]["text"] == action_text]


def iter_spans(result: dict) -> Iterator[Tuple[str, dict]]:
    """(where, span) for every span of every claim, content fragments included."""
    for party, claim in all_claims(result):
        where = f"{party['name']}: {claim['type']} {claim['action']['text']!r}"
        for key in SPAN_KEYS:
            if claim[key] is not None:
                yield f"{where} {key}", claim[key]
        if claim["content"] is not None:
            for i, fragment in enumerate(claim["content"]["fragments"]):
                yield f"{where} content.fragments[{i}]", fragment


def check_offsets(result: dict, text: str) -> None:
    """text[start:end] == span["text"] for every span; a sentence is a range inside the text;
    a content's fragments are in order, apart, and their hull is the content's start/end."""
    for where, span in iter_spans(result):
        assert 0 <= span["start"] <= span["end"] <= len(text), f"{where}: {span} out of range"
        assert text[span["start"]:span["end"]] == span["text"], \
            f"{where}: text[{span['start']}:{span['end']}] is {text[span['start']:span['end']]!r}, " \
            f"span says {span['text']!r}"
    for party, claim in all_claims(result):
        sentence = claim["sentence"]
        if sentence is not None:
            assert 0 <= sentence["start"] <= sentence["end"] <= len(text), \
                f"{party['name']}: sentence {sentence} outside a text of {len(text)} characters"
        content = claim["content"]
        if content is not None:
            fragments = content["fragments"]
            assert fragments[0]["start"] == content["start"], f"content {content} hull start"
            assert fragments[-1]["end"] == content["end"], f"content {content} hull end"
            for before, after in zip(fragments, fragments[1:]):
                assert before["end"] <= after["start"], f"fragments overlap or unordered: {fragments}"


@pytest.fixture(scope="session")
def validate():
    """validate(result): assert that a result is valid against claimx.schema.RESULT_SCHEMA."""
    Draft202012Validator.check_schema(RESULT_SCHEMA)
    validator = Draft202012Validator(RESULT_SCHEMA)

    def check(result: dict) -> None:
        errors = sorted(validator.iter_errors(result), key=lambda e: list(e.absolute_path))
        assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)

    return check


@pytest.fixture
def extract(nlp, validate):
    """extract(text, reference=None): the result, already checked for offsets and schema."""

    def run(text: str, reference: Optional[datetime.date] = None) -> dict:
        result = extract_text(nlp, text, reference)
        validate(result)
        check_offsets(result, text)
        return result

    return run


# --- the command line -----------------------------------------------------------------------------

def make_runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # Click 8.1: keep stderr apart from stdout
    except TypeError:
        return CliRunner()  # Click 8.2+: result.stdout and result.stderr are always separate


@pytest.fixture
def shared_pipeline(nlp, monkeypatch):
    """The CLI loads the session's pipeline (a cache, not a mock: ~1 s saved per command) unless
    it is asked for another model or grouping."""
    real_load = claimx.pipeline.load_pipeline
    monkeypatch.setattr(claimx.pipeline, "load_pipeline",
                        lambda model=None, group_by="country": nlp
                        if model is None and group_by == "country" else real_load(model, group_by))


@pytest.fixture
def run(shared_pipeline, tmp_path, monkeypatch):
    """run(*args, input=None, env=None) -> click Result, with the working folder in tmp_path
    (short relative paths keep stderr lines short and readable)."""
    from claimx.cli import cli

    monkeypatch.chdir(tmp_path)

    def invoke(*args, input=None, env=None):
        return make_runner().invoke(cli, [str(a) for a in args], input=input, env=env)

    return invoke
