"""Knowledge as data: every word list is defined once, in one of two places. Closed-class words
(pronouns, articles, auxiliaries, prepositions ...) live in claimx/text/function_words.py,
open-class lists (verbs, titles, nouns) in models/. These tests read the extraction code's
literal collections of strings and fail when a word list is written elsewhere, or twice: two
lists that share most of their words, or one inside the other, in Python or in models/.
"""

import ast
import dataclasses
import re
from itertools import combinations
from pathlib import Path

import pytest
import spacy.glossary

import claimx
from claimx.assets import SOURCE_MODELS, load_lexicon, load_table
from claimx.drafts import ClaimDraft, Work
from claimx.schema import RESULT_SCHEMA

PACKAGE = Path(claimx.__file__).parent
# The extraction core; the CLI, I/O and views name output keys and formats, not words.
CORE = ["text", "claims", "actors", "dates", "components", "extract.py", "drafts.py",
        "assets.py", "pipeline.py"]
# Where word lists may be written: the closed-class words, and the date vocabulary (month and
# weekday names, number words) beside the date rules that are its only readers.
HOMES = {"text/function_words.py", "dates/expressions.py"}
# claimx's own values, not words of a text: party kinds, claim types, rules and table sources.
CLAIMX_VALUES = {"country", "organization", "person", "group", "unknown", "statement", "event",
                 "demand", "refusal", "commitment", "name", "demonym", "people", "seat", "org",
                 "block", "actor", "yes"}
WORD = re.compile(r"^[A-Za-z'’][A-Za-z'’ .-]*$")


def core_files():
    for entry in CORE:
        path = PACKAGE / entry
        yield from sorted(path.rglob("*.py")) if path.is_dir() else [path]


def schema_values(node=RESULT_SCHEMA):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "enum":
                yield from (v for v in value if isinstance(v, str))
            else:
                yield from schema_values(value)
    elif isinstance(node, list):
        for value in node:
            yield from schema_values(value)


def not_words(nlp) -> set:
    """Strings that are no words of a text: spaCy's labels and pipe names, the output's enum
    values, claimx's own values and the stages' field names."""
    labels = set(spacy.glossary.GLOSSARY) | set(nlp.pipe_names)
    for name in nlp.pipe_names:
        labels |= set(getattr(nlp.get_pipe(name), "labels", ()) or ())
    fields = {f.name for cls in (ClaimDraft, Work) for f in dataclasses.fields(cls)}
    return labels | {v for v in schema_values() if not v.isupper()} | CLAIMX_VALUES | fields \
        | {f"claims.{f}" for f in fields}


def string_literals(path: Path):
    """(line, strings) for each set, tuple or list literal of two strings or more, and each
    dict literal that maps strings to strings (a word mapping)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.Set, ast.Tuple, ast.List)):
            items = node.elts
        elif isinstance(node, ast.Dict) and all(
                isinstance(v, ast.Constant) and isinstance(v.value, str) for v in node.values):
            items = node.keys
        else:
            continue
        strings = [i.value for i in items if isinstance(i, ast.Constant) and isinstance(i.value, str)]
        if len(strings) >= 2 and len(strings) == len(items):
            yield node.lineno, frozenset(strings)


@pytest.fixture(scope="module")
def python_lists(nlp):
    """{"x/y.py:12": words} for every literal list of the extraction core: its strings that are
    words or codes (GOV, ASSAULT), not labels, values or punctuation."""
    skip = not_words(nlp)
    found = {}
    for path in core_files():
        where = path.relative_to(PACKAGE).as_posix()
        for line, strings in string_literals(path):
            found[f"{where}:{line}"] = frozenset(s for s in strings if WORD.match(s) and s not in skip)
    return found


def model_lists() -> dict:
    """Each lexicon in models/, each table's first column, and each yes-or-no or roles column's
    words."""
    lists = {}
    for path in sorted(SOURCE_MODELS.iterdir()):
        if path.suffix == ".txt":
            lists[f"models/{path.name}"] = load_lexicon(path.name)
        elif path.suffix == ".tsv":
            rows = load_table(path.name)
            first = next(iter(rows[0]))
            lists[f"models/{path.name}"] = frozenset(r[first] for r in rows)
            for column in rows[0]:
                values = {v for r in rows for v in (r.get(column) or "").split()}
                if column == "roles" or values <= {"yes", "-"}:
                    for value in sorted(values - {"-"}):
                        key = "yes" if value == "yes" else value
                        lists[f"models/{path.name} {column}={value}"] = frozenset(
                            r[first] for r in rows if key in (r.get(column) or "").split())
    return lists


def same_list(a: frozenset, b: frozenset) -> bool:
    """Most words shared, or the smaller list inside the larger."""
    shared = len(a & b)
    if shared < 2:
        return False
    return shared / len(a | b) >= 0.5 or (shared == min(len(a), len(b)) and shared >= 3)


def test_word_lists_are_written_only_in_their_homes(python_lists):
    strays = {where: sorted(words) for where, words in python_lists.items()
              if len([w for w in words if not w.isupper()]) >= 2 and where.split(":")[0] not in HOMES}
    assert not strays, ("word lists outside claimx/text/function_words.py and models/ "
                        f"(closed-class words go to the first, open-class lists to the second): {strays}")


def test_no_word_list_is_defined_twice_in_python(python_lists):
    twice = [(a, b, sorted(wa & wb)) for (a, wa), (b, wb)
             in combinations(python_lists.items(), 2) if same_list(wa, wb)]
    assert not twice, f"the same list written twice: {twice}"


def test_no_python_list_repeats_a_list_in_models(python_lists):
    models = model_lists()
    assert len(models) > 15  # the tables were read
    twice = [(where, name, sorted(words & listed)) for where, words in python_lists.items()
             for name, listed in models.items() if same_list(words, listed)]
    assert not twice, f"lists in Python that models/ already holds: {twice}"
