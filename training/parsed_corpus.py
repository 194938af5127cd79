"""Parse a PolNeAR-style JSONL corpus once and keep the parses beside it, for training and
experiments that read the same articles many times.

The parse is the one claimx runs at extraction time (claimx.pipeline.load_pipeline without the
claims component, Docs made by claimx.pipeline.make_doc), stored as a spaCy DocBin with the
Docs' claimx attributes in a cache folder outside the repo (the texts belong to their
publishers). The cache is keyed by the corpus file's content (not its modification time, which a
fresh copy of the same file changes) and the pipeline's name and version, so a changed corpus or
model is parsed again.

    python training/parsed_corpus.py ../shared/data/polnear/train.jsonl --cache /tmp/claimx-cache
"""

import argparse
import hashlib
import os
import sys
import time
from pathlib import Path
from typing import List, Optional, Tuple

from spacy.tokens import Doc, DocBin

from claimx.text.document import register_extensions
from claimx.evaluation.gold import publication_date, read_gold
from claimx.pipeline import load_pipeline, make_doc

DEFAULT_CACHE = Path(os.environ.get("CLAIMX_CACHE", Path.home() / ".cache" / "claimx"))


def cache_file(corpus: Path, nlp, cache: Path) -> Path:
    key = hashlib.sha1(corpus.read_bytes())
    key.update(f"|{nlp.meta.get('name')}|{nlp.meta.get('version')}".encode())
    digest = key.hexdigest()[:12]
    return cache / f"{corpus.stem}-{digest}.spacy"


def parsed_corpus(corpus: Path, cache: Optional[Path] = DEFAULT_CACHE, nlp=None,
                  limit: Optional[int] = None, batch_size: int = 16) -> Tuple[List[dict], List[Doc]]:
    """The articles of a corpus and their Docs, parsed once per cache folder (None: no cache)."""
    corpus = Path(corpus)
    articles = read_gold(str(corpus), limit)
    nlp = nlp or load_pipeline()
    register_extensions()
    path = cache_file(corpus, nlp, cache) if cache is not None and limit is None else None
    if path is not None and path.exists():
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
        if len(docs) == len(articles):
            return articles, docs
    start = time.perf_counter()
    with nlp.select_pipes(disable=["claimx_claims"]):
        made = (make_doc(nlp, a["text"], publication_date(a), "metadata") for a in articles)
        docs = []
        for n, doc in enumerate(nlp.pipe(made, batch_size=batch_size), 1):
            docs.append(doc)
            if n % 100 == 0:
                print(f"parsed {n}/{len(articles)} articles of {corpus.name}", file=sys.stderr)
    print(f"parsed {corpus.name} in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        DocBin(store_user_data=True, docs=docs).to_disk(path)
    return articles, docs


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="+")
    parser.add_argument("--cache", default=str(DEFAULT_CACHE))
    args = parser.parse_args()
    nlp = load_pipeline()
    for corpus in args.corpus:
        articles, _ = parsed_corpus(Path(corpus), Path(args.cache), nlp)
        print(f"{corpus}: {len(articles)} articles cached in {args.cache}", file=sys.stderr)


if __name__ == "__main__":
    main()
