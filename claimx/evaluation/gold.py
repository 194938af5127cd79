"""Running claimx over a gold corpus (PolNeAR-style JSONL) for evaluation and benchmarks."""

import datetime
import json
from typing import Iterator, List, Optional, Tuple

ROLES = ("source", "cue", "content")
SHAPE = ('one article a line: {"text": ..., "attributions": [{"source": SPAN, "cue": SPAN, '
         '"content": SPAN}]}, a SPAN being {"start", "end"} offsets into the text or null')


class NotGold(ValueError):
    """The file is not gold JSON Lines; the message names the file, the line and the problem."""


def read_gold(path: str, limit: Optional[int] = None) -> List[dict]:
    """The articles of a gold file, each checked (NotGold says where and what is wrong)."""
    articles = []
    with open(path, "rb") as lines:
        for number, raw in enumerate(lines, 1):
            if not raw.strip():
                continue
            if limit is not None and len(articles) >= limit:
                break
            problem = None
            try:
                article = json.loads(raw.decode("utf-8-sig"))
                problem = gold_problem(article)
            except UnicodeDecodeError as err:
                problem = f"not UTF-8 text (byte 0x{raw[err.start]:02x})"
            except ValueError as err:  # json.JSONDecodeError
                problem = f"not JSON ({getattr(err, 'msg', err)})"
            except RecursionError:
                problem = "JSON nested too deeply to read"
            if problem:
                raise NotGold(f"{path}, line {number}: {problem}; claimx eval reads PolNeAR-style "
                              f"gold JSON Lines, {SHAPE}")
            articles.append(article)
    if not articles:
        raise NotGold(f"{path}: no articles (the file has no non-blank line); claimx eval reads "
                      f"PolNeAR-style gold JSON Lines, {SHAPE}")
    return articles


def gold_problem(article) -> Optional[str]:
    """What keeps one parsed line from being a gold article, or None."""
    if not isinstance(article, dict):
        return f"a JSON {type(article).__name__}, not an object"
    if "schema_version" in article and "parties" in article:
        return "claimx's own output, not gold annotations (score it against the gold file)"
    if not isinstance(article.get("text"), str):
        return 'no "text" field holding the article (a string)'
    attributions = article.get("attributions")
    if not isinstance(attributions, list):
        return 'no "attributions" list'
    for number, attribution in enumerate(attributions, 1):
        if not isinstance(attribution, dict):
            return f"attribution {number} is not an object"
        for role in ROLES:
            problem = span_problem(attribution.get(role), len(article["text"]))
            if problem:
                return f'attribution {number}: its "{role}" {problem}'
    return None


def span_problem(span, length: int) -> Optional[str]:
    if span is None:
        return None
    if not isinstance(span, dict):
        return "is not an object with start and end offsets"
    pieces = span.get("fragments") or [span]
    for piece in pieces if isinstance(pieces, list) else [None]:
        start, end = (piece.get("start"), piece.get("end")) if isinstance(piece, dict) else (0, None)
        if not (isinstance(start, int) and isinstance(end, int)):
            return "has no integer start and end offsets"
        if not 0 <= start <= end <= length:
            return f"offsets {start}-{end} fall outside the text of {length} characters"
    return None


def publication_date(article: dict) -> Optional[datetime.date]:
    meta = article.get("meta")
    value = meta.get("publication_date") if isinstance(meta, dict) else None
    try:
        return datetime.date.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


def run_on_gold(nlp, articles: List[dict], batch_size: int = 16) -> Iterator[Tuple[dict, dict]]:
    """(gold article, claimx result) pairs, in order."""
    from claimx.components.claims import RESULT_ATTR
    from claimx.pipeline import make_doc

    docs = ((make_doc(nlp, a["text"], publication_date(a), "metadata"), a) for a in articles)
    for doc, article in nlp.pipe(docs, as_tuples=True, batch_size=batch_size):
        yield article, doc._.get(RESULT_ATTR)
