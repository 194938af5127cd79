"""Throughput of `claimx extract --dask local:N` against `--jobs N` on the same generated corpus.

    python benchmarks/dask.py [--docs 1000] [--workers 2] [--sizes 50 200] [--repeat 1]

Writes --docs generated documents (benchmarks/generate.py) to a temp folder and runs the installed
CLI on them: `--jobs N`, then `--dask local:N --partition-size S` for each S of --sizes,
alternating, --repeat times each (the fastest run counts). Prints wall seconds and documents per
second of each, the overhead of each Dask run over --jobs, and checks that the outputs are
byte-identical. For the README's sizing, it also prints the peak resident memory of the largest
worker process (sampled from /proc every 0.2 s), the CPU seconds per document (the Dask run's
wall time x N workers / documents, an upper bound) and the output bytes per document.
"""

import argparse
import filecmp
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from generate import write_corpus  # noqa: E402
from memory import claimx_command  # noqa: E402


def descendants(pid: int) -> list:
    """The processes under pid (Linux /proc)."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="utf-8") as stream:
                    parents[int(entry)] = int(stream.read().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
    found, frontier = [], [pid]
    while frontier:
        children = [p for p, parent in parents.items() if parent in frontier]
        found += children
        frontier = children
    return found


def rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8") as stream:
            for line in stream:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def timed(command) -> tuple:
    """(wall seconds, peak RSS in MB of the largest process under the run)."""
    peak = 0.0
    start = time.perf_counter()
    process = subprocess.Popen(command)
    done = threading.Event()

    def sample():
        nonlocal peak
        while not done.wait(0.2):
            if os.path.isdir("/proc"):
                peak = max([peak] + [rss_mb(p) for p in descendants(process.pid)])

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = process.wait()
    done.set()
    sampler.join()
    if code:
        raise SystemExit(f"{' '.join(command)} exited {code}")
    return time.perf_counter() - start, peak


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sizes", type=int, nargs="+", default=[50],
                        help="partition sizes to try (documents per partition)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each; the fastest counts")
    args = parser.parse_args()
    claimx = claimx_command()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp, "corpus.jsonl")
        write_corpus(corpus, args.docs)
        runs = {"jobs": [claimx, "extract", str(corpus), "-q", "--jobs", str(args.workers),
                         "-o", str(Path(tmp, "jobs.jsonl"))]}
        for size in args.sizes:
            runs[f"dask-{size}"] = [claimx, "extract", str(corpus), "-q", "--dask",
                                    f"local:{args.workers}", "--partition-size", str(size),
                                    "-o", str(Path(tmp, f"dask-{size}.jsonl"))]
        times = {name: [] for name in runs}
        peaks = {name: 0.0 for name in runs}
        for _ in range(args.repeat):
            for name, command in runs.items():
                seconds, peak = timed(command)
                times[name].append(seconds)
                peaks[name] = max(peaks[name], peak)
        jobs = min(times["jobs"])
        print(f"{args.docs} generated documents, {args.workers} processes, fastest of "
              f"{args.repeat}")
        print(f"--jobs {args.workers}: {jobs:6.1f} s {args.docs / jobs:6.1f} docs/s "
              f"(largest process {peaks['jobs']:.0f} MB)")
        for size in args.sizes:
            name = f"dask-{size}"
            best = min(times[name])
            same = filecmp.cmp(Path(tmp, "jobs.jsonl"), Path(tmp, f"{name}.jsonl"), shallow=False)
            print(f"--dask local:{args.workers} --partition-size {size}: {best:6.1f} s "
                  f"{args.docs / best:6.1f} docs/s, {100 * (best / jobs - 1):+.1f}% time vs "
                  f"--jobs (largest process {peaks[name]:.0f} MB; "
                  f"{'byte-identical' if same else 'OUTPUT DIFFERS'})")
        best = min(min(times[f"dask-{s}"]) for s in args.sizes)
        size = os.path.getsize(Path(tmp, "jobs.jsonl"))
        print(f"per document: {best * args.workers / args.docs:.3f} CPU s (wall x workers, start "
              f"included), {size / args.docs / 1024:.1f} KiB of output "
              f"({os.path.getsize(corpus) / args.docs / 1024:.1f} KiB of input)")


if __name__ == "__main__":
    main()
