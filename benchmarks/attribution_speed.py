"""Where the attribution model's time goes, per article, on parsed documents.

    python benchmarks/attribution_speed.py [TEXTS.jsonl] [--limit N] [--repeat N] [--profile]

The texts (default: ../shared/data/polnear/dev.jsonl) are parsed once; then each document's
extraction is timed without the parse: all stages (build_result), and within the attribution
stage the DocView, cue detection, each cue's anchor (extent and source) and its content. Each
figure is the fastest of --repeat runs, in ms per article. --profile prints cProfile's top
functions of the attribution stage instead.
"""

import argparse
import cProfile
import pstats
import time
from collections import defaultdict

import claimx.attribution.refine as refine
from claimx.extract import build_result, make_context, run_stages, STAGES
from claimx.pipeline import load_pipeline, make_doc
from claimx.text.document import scoped_entities

from speed import DEFAULT, load_texts

TIMERS = defaultdict(float)


def timed(name, function):
    """function, adding its time to TIMERS[name]."""
    def run(*args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            TIMERS[name] += time.perf_counter() - start
    return run


def instrument():
    refine.DocView = timed("view", refine.DocView)
    refine.Refiner.detect = timed("cue detection", refine.Refiner.detect)
    refine.Refiner.anchor = timed("anchor (cue extent, source)", refine.Refiner.anchor)
    refine.Refiner.read = timed("content", refine.Refiner.read)


def attribution_inputs(docs):
    """Each document with what the attribution stage reads: its context and the rules' claims."""
    out = []
    for doc in docs:
        with scoped_entities(doc):
            ctx = make_context(doc)
            found = run_stages(ctx, STAGES[:1]).claims
        out.append((doc, ctx, found))
    return out


def attribution_stage(inputs):
    for doc, ctx, found in inputs:
        with scoped_entities(doc):
            refine.refine_statements(doc, ctx.layout, ctx.quotes, found)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("texts", nargs="?", default=str(DEFAULT))
    parser.add_argument("--limit", type=int)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    texts = load_texts(args.texts, args.limit)
    nlp = load_pipeline()
    with nlp.select_pipes(disable=["claimx_claims"]):
        docs = list(nlp.pipe(make_doc(nlp, text) for text in texts))
    inputs = attribution_inputs(docs)
    n = len(docs)
    if args.profile:
        attribution_stage(inputs)  # as the timed runs after the first: features seen before
        profile = cProfile.Profile()
        profile.runcall(attribution_stage, inputs)
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)
        return
    instrument()
    best = {}
    for _ in range(args.repeat):
        start = time.perf_counter()
        for doc in docs:
            build_result(doc, source="")
        total = time.perf_counter() - start
        TIMERS.clear()  # the parts of the attribution stage alone
        start = time.perf_counter()
        attribution_stage(inputs)
        TIMERS["attribution stage"] = time.perf_counter() - start
        TIMERS["all stages (build_result)"] = total
        for name, seconds in TIMERS.items():
            best[name] = min(best.get(name, seconds), seconds)
    print(f"{n} documents, ms per article (fastest of {args.repeat} runs):")
    for name, seconds in best.items():
        print(f"  {name:<30} {1000 * seconds / n:7.2f}")


if __name__ == "__main__":
    main()
