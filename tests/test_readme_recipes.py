"""Every `claimx ... | jq ...` line of the README returns something on the example article shipped
in the repo: the claimx part runs through the real CLI in a folder laid out as the recipes
assume (article.txt, news/, claims.jsonl), its output goes to the real jq."""

import re
import shlex
import shutil
import subprocess

import pytest

import claimx.pipeline
from claimx.cli import cli
from conftest import make_runner
from conftest import EXAMPLES, TESTS

README = TESTS.parent / "README.md"
ARTICLE = EXAMPLES / "fishing-dispute.txt"


def readme_recipes():
    """(claimx arguments, jq arguments) of each README line that pipes claimx into jq."""
    recipes = []
    in_code = False
    for line in README.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_code = not in_code
            continue
        if in_code and line.startswith("claimx ") and "| jq" in line:
            command, _, filter_part = line.partition("| jq")
            recipes.append(pytest.param(shlex.split(command)[1:], shlex.split(filter_part),
                                        id=filter_part.strip()[:60]))
    return recipes


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """article.txt and news/article.txt: the example article."""
    folder = tmp_path_factory.mktemp("recipes")
    text = ARTICLE.read_text(encoding="utf-8")
    (folder / "article.txt").write_text(text, encoding="utf-8")
    (folder / "news").mkdir()
    (folder / "news" / "article.txt").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def claimx_output(nlp, folder, monkeypatch):
    real_load = claimx.pipeline.load_pipeline
    monkeypatch.setattr(claimx.pipeline, "load_pipeline",
                        lambda model=None, group_by="country": nlp
                        if model is None and group_by == "country" else real_load(model, group_by))
    monkeypatch.chdir(folder)

    def run(args):
        runner = make_runner()
        if args[0] == "summary" and not (folder / "claims.jsonl").exists():
            runner.invoke(cli, ["extract", "news", "-o", "claims.jsonl"])
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, result.stderr
        return result.stdout

    return run


def test_the_readme_has_jq_recipes():
    assert len(readme_recipes()) >= 7


@pytest.mark.skipif(shutil.which("jq") is None, reason="jq is not installed (apt-get install jq)")
@pytest.mark.parametrize("claimx_args, jq_args", readme_recipes())
def test_readme_jq_recipe_returns_something(claimx_output, claimx_args, jq_args):
    output = claimx_output(claimx_args)
    result = subprocess.run(["jq", *jq_args], input=output, capture_output=True, text=True,
                            timeout=30)
    assert result.returncode == 0, result.stderr
    values = [line for line in result.stdout.splitlines() if line.strip()]
    assert values, f"jq {' '.join(jq_args)} returned nothing"
    assert not all(re.fullmatch(r"null|\[\]|\{\}", v.strip()) for v in values), result.stdout
