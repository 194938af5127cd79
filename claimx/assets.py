"""The one loader for claimx's pipeline assets (lexicons, patterns, tables) shipped in models/.

Installed, models/ is the package claimx.models (setup.cfg maps it there). Run from a source
checkout (python -m pytest puts the checkout first on sys.path), it is the models/ folder
beside the claimx/ package.
"""

from functools import lru_cache
from importlib import resources
from pathlib import Path

SOURCE_MODELS = Path(__file__).resolve().parent.parent / "models"


def read_asset(name: str) -> str:
    return _models_folder().joinpath(name).read_text(encoding="utf-8")


def read_asset_bytes(name: str) -> bytes:
    return _models_folder().joinpath(name).read_bytes()


@lru_cache(maxsize=1)
def _models_folder():
    try:
        return resources.files("claimx.models")
    except ModuleNotFoundError:
        return SOURCE_MODELS


@lru_cache(maxsize=None)
def load_lexicon(name: str) -> frozenset:
    """A lexicon file: one entry a line; lines starting with `#` and blank lines are ignored."""
    return frozenset(line.strip() for line in _data_lines(name))


def iter_table(name: str):
    """A tab-separated table's rows as dicts keyed by its header, read anew and not kept: for a
    large table that its reader turns into something more compact."""
    lines = iter(_data_lines(name))
    header = next(lines).split("\t")
    for line in lines:
        yield dict(zip(header, line.split("\t")))


@lru_cache(maxsize=None)
def load_table(name: str) -> tuple:
    """A tab-separated table with a header line; returns a tuple of dicts keyed by header."""
    lines = _data_lines(name)
    header = lines[0].split("\t")
    return tuple(dict(zip(header, line.split("\t"))) for line in lines[1:])


def _data_lines(name: str) -> list:
    return [line for line in read_asset(name).splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


@lru_cache(maxsize=None)
def marked_words(name: str, column: str) -> frozenset:
    """The words (first column) of a table whose `column` says "yes"."""
    rows = load_table(name)
    if not rows or column not in rows[0]:
        raise KeyError(f"models/{name} has no column {column!r}")
    key = next(iter(rows[0]))
    return frozenset(row[key] for row in rows if row[column] == "yes")
