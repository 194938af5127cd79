"""Speedup of `claimx extract --jobs N` over `--jobs 1` on a generated corpus.

    python benchmarks/jobs.py [--docs 1000] [--jobs 2] [--repeat 2] [--batch-size 32]

Writes --docs generated documents (benchmarks/generate.py) to a temp folder and runs the installed
CLI, `claimx extract corpus.jsonl -o out.jsonl -q --jobs J`, for J = 1 and J = --jobs, alternating,
--repeat times each; the fastest run of each counts, since a shared machine makes single timings
noisy. Prints the fixed cost first (the same command on one tiny document: start-up and model
load), then wall seconds, documents per second and the speedup, both as measured and with the
fixed cost taken off. Checks that the two outputs are byte-identical.
"""

import argparse
import filecmp
import json
import subprocess
import tempfile
import time
from pathlib import Path

from generate import write_corpus
from memory import claimx_command


def timed(command):
    start = time.perf_counter()
    subprocess.run(command, check=True)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=2, help="runs of each; the fastest counts")
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()
    claimx = claimx_command()
    with tempfile.TemporaryDirectory() as tmp:
        corpus, tiny = Path(tmp, "corpus.jsonl"), Path(tmp, "tiny.jsonl")
        write_corpus(corpus, args.docs)
        tiny.write_text(json.dumps({"id": 1, "text": "Norway said on Tuesday it would talk."}) + "\n")

        def run(jobs, path=corpus):
            out = Path(tmp, f"out{jobs}.jsonl")
            return timed([claimx, "extract", str(path), "-o", str(out), "-q", "--jobs", str(jobs),
                          "--batch-size", str(args.batch_size)])

        fixed = min(run(1, tiny) for _ in range(args.repeat))
        print(f"fixed cost (one tiny document, --jobs 1): {fixed:.1f} s")
        times = {1: [], args.jobs: []}
        for _ in range(args.repeat):
            for jobs, runs in times.items():
                runs.append(run(jobs))
        best = {jobs: min(runs) for jobs, runs in times.items()}
        for jobs, seconds in best.items():
            print(f"--jobs {jobs}: {seconds:7.1f} s {args.docs / seconds:6.1f} docs/s "
                  f"({args.docs / (seconds - fixed):.1f} docs/s without the fixed cost; "
                  f"runs: {', '.join(f'{s:.1f}' for s in times[jobs])})")
        one, many = best[1], best[args.jobs]
        print(f"speedup --jobs {args.jobs} / --jobs 1: {one / many:.2f}x "
              f"({(one - fixed) / (many - fixed):.2f}x without the fixed cost; {args.docs} documents, "
              f"batch size {args.batch_size}, fastest of {args.repeat})")
        same = filecmp.cmp(Path(tmp, "out1.jsonl"), Path(tmp, f"out{args.jobs}.jsonl"), shallow=False)
        print("outputs byte-identical" if same else "OUTPUTS DIFFER")


if __name__ == "__main__":
    main()
