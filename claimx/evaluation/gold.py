"""Running claimx over a gold corpus (PolNeAR-style JSONL) for evaluation and benchmarks."""

import datetime
import json
from itertools import islice
from typing import Iterator, List, Optional, Tuple

from claimx.components.claims import RESULT_ATTR
from claimx.pipeline import make_doc


def read_gold(path: str, limit: Optional[int] = None) -> List[dict]:
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in islice((l for l in lines if l.strip()), limit)]


def publication_date(article: dict) -> Optional[datetime.date]:
    value = (article.get("meta") or {}).get("publication_date")
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def run_on_gold(nlp, articles: List[dict], batch_size: int = 16) -> Iterator[Tuple[dict, dict]]:
    """(gold article, claimx result) pairs, in order."""
    docs = ((make_doc(nlp, a["text"], publication_date(a), "metadata"), a) for a in articles)
    for doc, article in nlp.pipe(docs, as_tuples=True, batch_size=batch_size):
        yield article, doc._.get(RESULT_ATTR)
