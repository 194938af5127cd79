"""Throughput of claimx against the bare spaCy parse of the same texts.

    python benchmarks/speed.py [TEXTS.jsonl] [--limit N] [--batch-size N]

TEXTS.jsonl holds one {"text": ...} object a line (default: ../shared/data/polnear/dev.jsonl,
else the repo's own examples repeated). Both runs use the same model in one process: first
`nlp.pipe` with claimx's components disabled, then the full claimx pipeline on the same texts.
Prints documents and tokens per second and the ratio claimx / bare parse (lower is better).
Each run is repeated (--repeat, alternating the two) and the fastest time of each is kept, since
a shared machine makes single timings noisy. The ratio is given in wall-clock time and in CPU time
of this process: other programs on the machine slow the first, far less the second.
"""

import argparse
import json
import sys
import time
from pathlib import Path

from claimx.pipeline import load_pipeline, make_doc

REPO = Path(__file__).resolve().parents[1]
DEFAULT = REPO.parent / "shared" / "data" / "polnear" / "dev.jsonl"


def load_texts(path, limit):
    if path and Path(path).exists():
        with open(path, encoding="utf-8") as lines:
            texts = [json.loads(line)["text"] for line in lines if line.strip()]
    else:
        print(f"{path} not found: using the repo's examples", file=sys.stderr)
        texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "examples").glob("*.txt"))] * 50
    return texts[:limit] if limit else texts


def timed(run):
    """(wall-clock seconds, CPU seconds of this process, tokens) of one run."""
    start, cpu = time.perf_counter(), time.process_time()
    tokens = run()
    return time.perf_counter() - start, time.process_time() - cpu, tokens


def report(label, seconds, tokens, texts):
    print(f"{label:<12} {len(texts) / seconds:8.1f} docs/s {tokens / seconds:10.0f} tokens/s  ({seconds:.1f} s)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("texts", nargs="?", default=str(DEFAULT))
    parser.add_argument("--limit", type=int)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the fastest counts")
    args = parser.parse_args()
    texts = load_texts(args.texts, args.limit)
    nlp = load_pipeline()
    print(f"{len(texts)} documents, model {nlp.meta.get('name')} {nlp.meta.get('version')}")

    def bare():
        with nlp.select_pipes(disable=["claimx_paragraphs", "claimx_claims"]):
            return sum(len(doc) for doc in nlp.pipe(texts, batch_size=args.batch_size))

    def claimx():
        docs = (make_doc(nlp, text) for text in texts)
        return sum(len(doc) for doc in nlp.pipe(docs, batch_size=args.batch_size))

    bare()  # warm up caches so that neither run pays for loading
    parse_runs, claimx_runs = [], []
    for _ in range(args.repeat):
        parse_runs.append(timed(bare))
        claimx_runs.append(timed(claimx))
    (parse_seconds, _, tokens), (claimx_seconds, _, _) = min(parse_runs), min(claimx_runs)
    parse_cpu, claimx_cpu = min(r[1] for r in parse_runs), min(r[1] for r in claimx_runs)
    report("spaCy parse", parse_seconds, tokens, texts)
    report("claimx", claimx_seconds, tokens, texts)
    print(f"ratio claimx / parse: {claimx_seconds / parse_seconds:.2f}x (fastest of {args.repeat} runs each)")
    print(f"ratio in CPU time:    {claimx_cpu / parse_cpu:.2f}x ({claimx_cpu:.1f} s against {parse_cpu:.1f} s)")


if __name__ == "__main__":
    main()
