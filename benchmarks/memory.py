"""Peak memory of `claimx extract` on generated corpora of growing size: it should stay flat.

    python benchmarks/memory.py [--sizes 1000 10000] [--jobs N] [--batch-size N]
    python benchmarks/memory.py --corpus ../shared/data/polnear/dev.jsonl [--batch-size N]

For each size, writes that many generated documents (benchmarks/generate.py) to a temp folder and
runs the installed CLI, `claimx extract docs.jsonl -o out.jsonl -q`, in a fresh intermediate
Python process that reports its children's peak RSS (getrusage(RUSAGE_CHILDREN).ru_maxrss: the
largest single process, claimx or one of its --jobs workers), so each figure covers that run
only. Checks that the output has one line per document, then prints documents, seconds, peak RSS
and the ratio largest / smallest size (goal: at most 1.10).

With --corpus FILE (JSON Lines with a "text" field), compares instead, on that corpus, the peak
RSS of the bare spaCy parse (claimx's pipeline with its components disabled, nlp.pipe over the
texts) with that of `claimx extract FILE -o out.jsonl -q --jobs 1`: what claimx adds to the
parse.
"""

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generate import write_corpus

BARE_PARSE = ("import collections, json, sys; from claimx.pipeline import load_pipeline; "
              "nlp = load_pipeline(); "
              "texts = [json.loads(line)['text'] for line in open(sys.argv[1], encoding='utf-8')]; "
              "nlp.select_pipes(disable=['claimx_paragraphs', 'claimx_claims']); "
              "collections.deque(nlp.pipe(texts, batch_size=int(sys.argv[2])), maxlen=0)")
MEASURE = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True); "
           "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def claimx_command():
    beside = Path(sys.executable).parent / "claimx"  # the venv this script runs in
    return str(beside) if beside.exists() else shutil.which("claimx") or sys.exit("claimx not installed")


def peak_rss_mb(command):
    """Runs command in a fresh intermediate process; its children's peak RSS in MB (Linux: KiB)."""
    measured = subprocess.run([sys.executable, "-c", MEASURE, *command], check=True,
                              capture_output=True, text=True)
    return int(measured.stdout.split()[-1]) / 1024


def compare_with_bare_parse(corpus: str, batch_size: int) -> None:
    claimx = claimx_command()
    bare = peak_rss_mb([sys.executable, "-c", BARE_PARSE, corpus, str(batch_size)])
    with tempfile.TemporaryDirectory() as tmp:
        full = peak_rss_mb([claimx, "extract", corpus, "-o", str(Path(tmp, "out.jsonl")), "-q",
                            "--jobs", "1", "--batch-size", str(batch_size)])
    print(f"bare spaCy parse {bare:8.1f} MB peak RSS\n"
          f"claimx extract   {full:8.1f} MB peak RSS  ({full - bare:+.1f} MB)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--corpus", help="compare claimx with the bare parse on this JSON Lines file")
    args = parser.parse_args()
    if args.corpus:
        return compare_with_bare_parse(args.corpus, args.batch_size)
    claimx = claimx_command()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            docs, out = Path(tmp, f"docs{size}.jsonl"), Path(tmp, f"out{size}.jsonl")
            write_corpus(docs, size)
            start = time.perf_counter()
            peak = peak_rss_mb([claimx, "extract", str(docs), "-o", str(out), "-q",
                                "--jobs", str(args.jobs), "--batch-size", str(args.batch_size)])
            seconds = time.perf_counter() - start
            with open(out, encoding="utf-8") as lines:
                ids = [json.loads(line).get("id") for line in lines]
            expected = [f"gen-{i:06d}" for i in range(size)]
            status = "ok" if ids == expected else f"MISSING OR OUT OF ORDER ({len(ids)} lines)"
            print(f"{size:>7} docs {seconds:8.1f} s {peak:8.1f} MB peak RSS  output {status}", flush=True)
            rows.append((size, peak))
    (small, small_peak), (large, large_peak) = rows[0], rows[-1]
    ratio = large_peak / small_peak
    print(f"peak RSS {large} / {small} docs: {ratio:.2f}x (goal <= 1.10, jobs={args.jobs}) "
          + ("flat" if ratio <= 1.10 else "GROWS"))


if __name__ == "__main__":
    main()
