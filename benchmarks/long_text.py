"""Time and peak memory of `claimx extract` on one very long text, as one line and with paragraphs.

    python benchmarks/long_text.py [--chars 1200000] [--variants line paragraphs articles]

Builds a text of about --chars characters from the paragraphs of generated documents
(benchmarks/generate.py, headlines left out) and runs the installed CLI,
`claimx extract FILE -o out.jsonl -q --format jsonl`, in a fresh process per variant:
- line: the paragraphs joined by spaces, one line with no line break at all;
- paragraphs: the same paragraphs separated by blank lines;
- articles: the same documents as a JSON Lines corpus, one record each (what the same words cost
  in news-sized documents: the cost a long text should come close to).
Prints, for each, seconds (wall and CPU), peak RSS (as benchmarks/memory.py measures it) and
the number of claims found.
"""

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generate import document
from memory import claimx_command

# The child's peak RSS (KiB on Linux) and CPU seconds: on a shared machine CPU time says more
# than wall time.
MEASURE = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True); "
           "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
           "print(u.ru_maxrss, u.ru_utime + u.ru_stime)")


def measure(command):
    """Runs command in a fresh intermediate process: its peak RSS in MB and its CPU seconds."""
    measured = subprocess.run([sys.executable, "-c", MEASURE, *command], check=True,
                              capture_output=True, text=True)
    peak_kib, cpu = measured.stdout.split()[-2:]
    return int(peak_kib) / 1024, float(cpu)


def build_documents(chars: int):
    """Generated documents, their headlines dropped, until their paragraphs reach chars."""
    documents, total = [], 0
    while total < chars:
        record = document(len(documents))
        paragraphs = [p.strip() for p in record["text"].split("\n\n")[1:] if p.strip()]
        record["text"] = "\n\n".join(paragraphs) + "\n"
        documents.append(record)
        total += len(record["text"]) + 1
    return documents


def count_claims(results) -> int:
    return sum(len(party["claims"]) for result in results for party in result["parties"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chars", type=int, default=1_200_000)
    parser.add_argument("--variants", nargs="+", default=["line", "paragraphs", "articles"],
                        choices=["line", "paragraphs", "articles"])
    args = parser.parse_args()
    claimx = claimx_command()
    documents = build_documents(args.chars)
    paragraphs = [p for d in documents for p in d["text"].strip().split("\n\n")]
    with tempfile.TemporaryDirectory() as tmp:
        inputs = {"line": Path(tmp, "line.txt"), "paragraphs": Path(tmp, "paragraphs.txt"),
                  "articles": Path(tmp, "articles.jsonl")}
        inputs["line"].write_text(" ".join(paragraphs) + "\n", encoding="utf-8")
        inputs["paragraphs"].write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
        inputs["articles"].write_text("".join(json.dumps(d) + "\n" for d in documents),
                                      encoding="utf-8")
        for variant in args.variants:
            out = Path(tmp, variant + ".out.jsonl")
            start = time.perf_counter()
            peak, cpu = measure([claimx, "extract", str(inputs[variant]), "-o", str(out), "-q",
                                 "--format", "jsonl"])
            seconds = time.perf_counter() - start
            with open(out, encoding="utf-8") as lines:
                results = [json.loads(line) for line in lines]
            size = inputs[variant].stat().st_size
            print(f"{variant:>10}: {size:>9,} bytes {seconds:7.1f} s ({cpu:7.1f} s CPU) "
                  f"{peak:7.1f} MB peak RSS "
                  f"{count_claims(results):>6} claims", flush=True)


if __name__ == "__main__":
    main()
