"""Parties, targets and action classes measured on PLOVER's hand-coded event sentences.

    python benchmarks/plover.py [../shared/data/plover/dev.jsonl] [--misses N]

Each record is one sentence coded with one event: source and target actors (with country or
non-state codes) and a PLOVER category. claimx is run on each sentence alone and scored:
- source code: some claim's party code equals a gold source code (first three letters);
- target code: (records with a gold target) some claim's target code equals a gold target code;
- found: some claim has the gold category as its action class;
- full: such a claim also has a matching source code and, if the gold has a target, a matching
  target code.
"""

import argparse
import json
from pathlib import Path

from claimx.pipeline import load_pipeline, make_doc

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "plover" / "dev.jsonl"


def codes(actors):
    return {(a.get("code") or "")[:3] for a in actors if a.get("code")}


def claims_with_party(result):
    for party in result["parties"]:
        for claim in party["claims"]:
            yield party, claim


def score(record, result):
    gold = record["expected"][0]
    sources, targets = codes(gold["source"]), codes(gold["target"])
    pairs = list(claims_with_party(result))

    def source_ok(party):
        return (party["code"] or "")[:3] in sources

    def target_ok(claim):
        return not targets or ((claim["target"] or {}).get("code") or "")[:3] in targets

    return {
        "source": any(source_ok(p) for p, _ in pairs),
        "target": any(target_ok(c) for _, c in pairs) if targets else None,
        "found": any(c["action"]["class"] == gold["plover_current"] for _, c in pairs),
        "full": any(c["action"]["class"] == gold["plover_current"] and source_ok(p) and target_ok(c)
                    for p, c in pairs),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", nargs="?", default=str(DEFAULT))
    parser.add_argument("--misses", type=int, default=0, help="print N records missed on 'full'")
    args = parser.parse_args()
    if not Path(args.gold).exists():
        raise SystemExit(f"{args.gold} not found: pass the path of PLOVER-style JSONL")
    records = [json.loads(line) for line in open(args.gold, encoding="utf-8") if line.strip()]
    nlp = load_pipeline()
    docs = nlp.pipe((make_doc(nlp, r["text"]) for r in records), batch_size=64)
    scores = [score(r, doc._.claimx_result) for r, doc in zip(records, docs)]

    def rate(key):
        judged = [s[key] for s in scores if s[key] is not None]
        return sum(judged) / len(judged), len(judged)

    print(f"{len(records)} records")
    for key, label in (("source", "source code"), ("target", "target code"),
                       ("found", "class found"), ("full", "class + actors")):
        value, n = rate(key)
        print(f"{label:<16} {value:6.3f}  (of {n})")
    shown = 0
    for record, s in zip(records, scores):
        if shown < args.misses and not s["full"]:
            gold = record["expected"][0]
            print(f"- {record['text']}\n  gold: {gold['plover_current']} "
                  f"{sorted(codes(gold['source']))} -> {sorted(codes(gold['target']))} {s}")
            shown += 1


if __name__ == "__main__":
    main()
