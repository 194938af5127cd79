"""Learn which verbs introduce attributions from the PolNeAR train split.

For every verb lemma in the train articles, count how often it heads a gold cue and how often it
occurs as a verb at all; write the table to models/cue_verbs.tsv. claimx.claims.verbs reads it and
adds the verbs that are cues often enough (thresholds chosen on the dev split, see there) to the
hand-written lexicon in models/verbs.tsv. Only lemmas and counts are kept, no text.

    python training/learn_cue_verbs.py ../shared/data/polnear/train.jsonl

Takes about five minutes on two cores the first time (it parses the 840 train articles, once per
--cache folder: training/parsed_corpus.py, shared with training/train_attribution.py).
"""

import argparse
import collections
import sys
from pathlib import Path

from claimx.pipeline import load_pipeline

sys.path.insert(0, str(Path(__file__).resolve().parent))
from parsed_corpus import DEFAULT_CACHE, parsed_corpus  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "models" / "cue_verbs.tsv"


def cue_head(doc, start: int, end: int):
    """The verb that heads a gold cue span, with the particle that follows it in the cue."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    verbs = [t for t in span if t.pos_ == "VERB"]
    if not verbs:
        return None
    head = next((t for t in verbs if not (span.start <= t.head.i < span.end) or t.head.i == t.i), verbs[-1])
    particle = next((t.lower_ for t in span if t.i > head.i and t.head.i == head.i
                     and t.dep_ in ("prt", "prep")), "")
    return head.lemma_.lower(), particle


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("train", help="PolNeAR-style train JSONL")
    parser.add_argument("--out", default=str(OUT))
    parser.add_argument("--cache", default=str(DEFAULT_CACHE), help="parsed corpora; 'none' for no cache")
    args = parser.parse_args()

    cache = None if args.cache == "none" else Path(args.cache)
    articles, docs = parsed_corpus(Path(args.train), cache, load_pipeline())
    cues = collections.Counter()
    verbs = collections.Counter()
    for doc, article in zip(docs, articles):
        verbs.update(t.lemma_.lower() for t in doc if t.pos_ == "VERB")
        for attribution in article["attributions"]:
            cue = attribution.get("cue")
            head = cue and cue_head(doc, cue["start"], cue["end"])
            if head:
                cues[head] += 1
    rows = sorted(cues.items(), key=lambda kv: (-kv[1], kv[0]))
    with open(args.out, "w", encoding="utf-8") as out:
        out.write("# Verbs heading attribution cues in the PolNeAR train split (training/learn_cue_verbs.py).\n")
        out.write("# cues: times the verb (with particle) headed a gold cue; verbs: times the lemma occurred as a verb.\n")
        out.write("lemma\tparticle\tcues\tverbs\n")
        for (lemma, particle), count in rows:
            out.write(f"{lemma}\t{particle or '-'}\t{count}\t{verbs[lemma]}\n")
    print(f"wrote {len(rows)} cue verbs to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
