"""claimx extract --dask ADDRESS: the run's partitions (claimx.running.partitions) extracted on a Dask
cluster, their records handed back in input order to the same writers as a local run.

- ADDRESS `local` or `local:N` starts a LocalCluster of N worker processes (default: the usable
  cores); any other ADDRESS (tcp://host:8786) is a running scheduler.
- Each worker loads the pipeline once (claimx.running.dask_worker.PipelinePlugin) and runs a partition
  through claimx.running.batch.extract_documents, as a local run does.
- At most a few partitions per worker thread are in flight or waiting to be written, so that the
  client's memory stays flat however long the run.
- A task that raises is run once more (retries=1); a worker lost mid-partition has its partition
  rerun elsewhere by the scheduler (a LocalCluster allows one such loss per partition: Dask's
  distributed.scheduler.allowed-failures); a partition that fails twice gives an `internal` error
  record for each of its inputs, and the run goes on. With no worker at all for
  NO_WORKER_SECONDS the run stops (ClusterFailed), its finished results kept.
- -o FOLDER/ writes a part file per partition (part-00000.jsonl ...) and manifest.json
  (PartsFolder); --resume there redoes only the partitions whose part file is missing.
"""

import json
import logging
import os
import re
import tempfile
import time
import uuid
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Dict, Iterator, List, Optional, Set

from claimx import __version__
from claimx.reading.listing import display_path
from claimx.running.partitions import (FileGroup, Partition, partition_sources,
                               plan_digest, plan_partitions)
from claimx.records import DocumentError
from claimx.running.shards import Shard, Skip
from claimx.writing.destinations import TEMP_PREFIX, OutputFailed, OutputRefused, os_error

DASK_INSTALL = 'pip install "claimx[dask]"'
# Documents per partition: small enough that two workers share 1,000 documents evenly and a
# retried partition costs seconds, large enough that per-task overhead stays under 1% (see
# benchmarks/dask.py).
DEFAULT_PARTITION_SIZE = 50
NO_WORKER_SECONDS = 120
POLL_SECONDS = 1.0
MANIFEST = "manifest.json"


class ClusterFailed(Exception):
    """The cluster cannot be used (unreachable, the pipeline does not load on its workers, no
    worker left): one line for the user, exit 1."""


def dask_missing() -> Optional[str]:
    """Why --dask cannot run here, or None."""
    try:
        import dask  # noqa: F401
        import distributed  # noqa: F401
    except ImportError:
        return f"--dask needs Dask, which claimx installs as an extra: {DASK_INSTALL}"
    return None


@dataclass(frozen=True)
class Address:
    workers: Optional[int] = None  # local:N
    scheduler: Optional[str] = None

    def __str__(self) -> str:
        return self.scheduler or f"local:{self.workers}"


def parse_address(text: str, cores: int) -> Address:
    """local, local:N or a scheduler's address (tcp://host:8786, host:8786)."""
    match = re.fullmatch(r"local(?::(\d+))?", text.strip())
    if match:
        workers = int(match.group(1)) if match.group(1) else cores
        if workers < 1:
            raise ValueError("local:N needs N of 1 or more worker processes")
        return Address(workers=workers)
    if re.fullmatch(r"[a-z][a-z0-9+.-]*://\S+|[^\s:/]+:\d+", text.strip()):
        return Address(scheduler=text.strip())
    raise ValueError(f"{text!r} is neither local, local:N nor a scheduler address such as "
                     f"tcp://127.0.0.1:8786")


def is_folder_output(output: Optional[str]) -> bool:
    """-o out/ (or an existing folder): part files rather than one file."""
    return bool(output) and (output.endswith(("/", os.sep)) or os.path.isdir(output))


# --- the plan ---------------------------------------------------------------------------------

@dataclass
class ClusterPlan:
    address: Address
    partitions: List[Partition]
    size: int
    shard: Optional[Shard]
    digest: str

    @property
    def documents(self) -> int:
        return sum(p.size for p in self.partitions)


def plan_cluster_run(address: Address, inputs: list, size: int, shard: Optional[Shard],
                     max_bytes: int) -> ClusterPlan:
    partitions = plan_partitions(inputs, size, max_bytes)
    digest = plan_digest(partitions)
    if shard is not None:
        digest = f"{digest}:{shard}"
    return ClusterPlan(address, partitions, size, shard, digest)


def partition_skips(plan: ClusterPlan, done: Set[str], done_parts: Set[int]) -> List[object]:
    """For each partition, the sources its task leaves out (done, other shards), or None when
    there is nothing left to do in it."""
    done_lines: Dict[str, Set[int]] = {}
    for source in done:
        path, _, line = source.rpartition(":")
        if line.isdigit():
            done_lines.setdefault(path, set()).add(int(line))
    skips: List[object] = []
    for index, partition in enumerate(plan.partitions):
        if index in done_parts:
            skips.append(None)
            continue
        if isinstance(partition, FileGroup):
            mine = {source for source in partition.sources if source in done}
            left = len(partition.items) - len(mine)
        else:
            lines = done_lines.get(partition.source, set())
            mine = {f"{partition.source}:{n}" for n in lines
                    if n >= partition.first_line and
                    (partition.stop_line is None or n < partition.stop_line)}
            if partition.whole and partition.source in done:
                mine.add(partition.source)
            left = 1 if partition.stop_line is None else partition.records - len(mine)
            left = 0 if partition.records == 0 and partition.source in done else left
        skips.append(Skip(mine, plan.shard) if left > 0 else None)
    return skips


# --- the cluster ------------------------------------------------------------------------------

@contextmanager
def connect(address: Address, settings):
    """A Client on the cluster, claimx's pipeline loaded on its workers; closed at the end."""
    import dask
    from distributed import Client, LocalCluster

    # claimx says in one line what went wrong; Dask's own log (a worker restarted, a task
    # cancelled at a stop) would repeat it as tracebacks.
    logging.getLogger("distributed").setLevel(logging.CRITICAL)
    cluster = client = None
    try:
        try:
            if address.workers:
                with dask.config.set({"distributed.scheduler.allowed-failures": 1}), \
                        terminal_signals_blocked():
                    cluster = LocalCluster(n_workers=address.workers, threads_per_worker=1,
                                           processes=True, dashboard_address=None,
                                           silence_logs=logging.CRITICAL,
                                           # its HTTP server (health checks) on a free port,
                                           # not on 8787, which another cluster may hold
                                           scheduler_kwargs={"dashboard_address": ":0"})
                    client = Client(cluster)
            else:
                client = Client(address.scheduler, timeout="30s")
        except (OSError, TimeoutError) as err:
            raise ClusterFailed(f"cannot reach the Dask scheduler at {address}: {err}") from err
        load_on_workers(client, settings)
        yield client
    finally:
        if client is not None:
            _quietly(client.close, timeout=10)
        if cluster is not None:
            _quietly(cluster.close, timeout=10)


@contextmanager
def terminal_signals_blocked():
    """Ctrl-C and SIGHUP go to the terminal's whole process group, a LocalCluster's workers
    included, which would each print a traceback. They are blocked in this thread while the
    cluster starts: the threads and processes started meanwhile (the cluster's event loop,
    which also restarts lost workers, and the workers) inherit the block and never see them;
    the main process alone stops the run, and the workers with it. A signal that came meanwhile
    is delivered when the block ends."""
    import signal
    import threading
    from multiprocessing import resource_tracker

    if not hasattr(signal, "pthread_sigmask") or \
            threading.current_thread() is not threading.main_thread():
        yield
        return
    # Started first: starting it unblocks SIGINT and SIGTERM in the calling thread.
    resource_tracker.ensure_running()
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGHUP})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def load_on_workers(client, settings) -> None:
    from claimx.running.dask_worker import PipelinePlugin, pipeline_error

    try:
        client.register_plugin(PipelinePlugin(settings.model, settings.group_by),
                               name=f"claimx-pipeline-{settings.model}-{settings.group_by}")
        errors = client.run(pipeline_error, settings.model, settings.group_by)
    except Exception as err:
        raise ClusterFailed(f"claimx's pipeline cannot be set up on the Dask workers "
                            f"({type(err).__name__}: {err}); is claimx {__version__} installed "
                            f"on them?") from err
    failed = {worker: error for worker, error in errors.items() if error}
    if failed:
        worker, error = sorted(failed.items())[0]
        raise ClusterFailed(f"the Dask worker {worker} cannot load the spaCy pipeline "
                            f"{settings.model!r} ({error}); install it there as here")


def _quietly(close, **kwargs) -> None:
    try:
        close(**kwargs)
    except Exception:  # a cluster already gone: nothing left to close
        pass


def worker_threads(client) -> int:
    return sum(client.nthreads().values())


# --- the run ----------------------------------------------------------------------------------

def cluster_results(plan: ClusterPlan, settings, done: Set[str] = frozenset(), sink=None,
                    quiet: bool = False) -> Iterator[dict]:
    """Every output record of the plan, in input order. sink (a PartsFolder) is told where each
    partition's records begin and end."""
    from claimx.progress import progress_bar

    done_parts = sink.done if sink is not None else set()
    skips = partition_skips(plan, done, done_parts)
    total = None if plan.shard else \
        sum(p.size - len(s.done) for p, s in zip(plan.partitions, skips) if s is not None)
    with connect(plan.address, settings) as client, \
            progress_bar(total, disabled=quiet) as advance:
        for index, results in ordered_partitions(client, plan.partitions, settings, skips,
                                                 advance):
            if sink is not None:
                sink.begin(index)
            yield from results
            if sink is not None:
                sink.end(index, len(results))


def ordered_partitions(client, partitions: List[Partition], settings, skips: List[object],
                       advance) -> Iterator[tuple]:
    """(index, records) of each partition to do, in order, as the cluster finishes them."""
    from distributed import wait

    from claimx.running.dask_worker import extract_partition

    run = uuid.uuid4().hex[:8]  # task keys of concurrent runs on one scheduler never meet
    order = [i for i, skip in enumerate(skips) if skip is not None]
    todo = deque(order)
    running: Dict[object, int] = {}
    finished: Dict[int, List[dict]] = {}
    position, alone_since = 0, None
    try:
        while position < len(order):
            window = 2 * max(1, worker_threads(client)) + 2
            while todo and len(running) + len(finished) < window:
                index = todo.popleft()
                future = client.submit(extract_partition, partitions[index], settings,
                                       skips[index], key=f"claimx-{run}-{index}", pure=False,
                                       retries=1)
                running[future] = index
            if order[position] not in finished:
                try:
                    ready, _ = wait(list(running), timeout=POLL_SECONDS,
                                    return_when="FIRST_COMPLETED")
                except TimeoutError:
                    ready = ()
                for future in ready:
                    index = running.pop(future)
                    finished[index] = outcome(future, partitions[index], settings, skips[index])
                    for result in finished[index]:
                        advance(bool(result["errors"]))
                alone_since = check_workers(client, alone_since) if not ready else None
            while position < len(order) and order[position] in finished:
                index = order[position]
                position += 1
                yield index, finished.pop(index)
    finally:
        if running:
            _quietly(client.cancel, futures=list(running))


def check_workers(client, alone_since: Optional[float]) -> Optional[float]:
    """When the cluster has had no worker since alone_since; ClusterFailed after
    NO_WORKER_SECONDS of that, rather than waiting for ever."""
    if worker_threads(client):
        return None
    now = time.monotonic()
    if alone_since is not None and now - alone_since > NO_WORKER_SECONDS:
        raise ClusterFailed(f"the Dask cluster has had no worker for {NO_WORKER_SECONDS} s; "
                            f"start some with: dask worker ADDRESS --nthreads 1 "
                            f"--preload claimx.running.dask_worker")
    return alone_since or now


def outcome(future, partition: Partition, settings, skip) -> List[dict]:
    """The partition's records, or an error record for each of its inputs when it failed."""
    if future.status == "finished":
        try:
            return future.result()
        except Exception as err:  # its data lost with a worker, and the rerun failed
            return failed_records(partition, settings, skip, err)
    try:
        error = future.exception()
    except Exception as err:  # cancelled
        error = err
    return failed_records(partition, settings, skip, error)


def failed_records(partition: Partition, settings, skip, error: BaseException) -> List[dict]:
    from claimx.running.batch import Context, extracted_result, finish_result

    why = "the worker running it died twice (out of memory? see the workers' logs)" \
        if type(error).__name__ == "KilledWorker" else f"{type(error).__name__}: {error}"
    failure = DocumentError("internal", f"its partition failed twice on the Dask cluster "
                                        f"({why}); please report it if it is no lost worker")
    records = []
    for document in partition_sources(partition, settings.keys, settings.max_bytes):
        if document.source in skip:
            continue
        context = Context.of(document)
        if context.error is None:
            context = context._replace(error=failure)
        record = finish_result(extracted_result(None, context), context, settings.keys.keep)
        if settings.keep_text:
            record["text"] = ""
        records.append(record)
    return records


# --- -o FOLDER/: part files and a manifest ----------------------------------------------------

def part_name(index: int) -> str:
    return f"part-{index:05d}.jsonl"


class PartsFolder:
    """-o FOLDER/: each partition's records in FOLDER/part-NNNNN.jsonl (written to a temporary
    file, renamed when the partition is complete), and FOLDER/manifest.json saying what each
    part holds; "complete" is true once every part is there."""

    def __init__(self, output: str, resume: bool, plan: ClusterPlan, paths):
        self.name = display_path(output)
        self.path = os.path.realpath(output)
        self.plan = plan
        self._current = self._tmp = None
        self._counts: Dict[int, int] = {}
        self._open(resume)
        self.manifest = {
            "claimx_version": __version__, "schema_version": 1, "complete": False,
            "inputs": [display_path(p) for p in paths], "shard": str(plan.shard) if plan.shard
            else None, "partition_size": plan.size, "plan": plan.digest,
            "parts": [{"file": part_name(i), **p.describe()} for i, p in
                      enumerate(plan.partitions)],
        }
        self._write_manifest()
        self.done = {i for i in range(len(plan.partitions))
                     if os.path.exists(os.path.join(self.path, part_name(i)))}
        self.stream = self

    def _open(self, resume: bool) -> None:
        parent = os.path.dirname(self.path)
        if not os.path.isdir(parent):
            raise OutputRefused(f"-o {self.name}: folder {display_path(parent)!r} does not "
                                f"exist; create it first")
        try:
            os.makedirs(self.path, exist_ok=True)
            entries = [e for e in os.listdir(self.path) if not e.startswith(".")]
        except OSError as err:
            raise OutputFailed(f"cannot write {self.name}: {os_error(err)}")
        manifest = self._read_manifest()
        if not resume and entries:
            raise OutputRefused(
                f"-o {self.name} holds the parts of an earlier run: finish it by adding "
                f"--resume, or delete it to start over" if manifest is not None else
                f"-o {self.name} is a folder that is not empty; name a new or empty folder for "
                f"the part files")
        if resume and entries and manifest is None:
            raise OutputRefused(f"--resume: {self.name} holds no {MANIFEST}, so it is no part "
                                f"output of claimx; name another folder")
        if resume and manifest is not None and manifest.get("plan") != self.plan.digest:
            raise OutputRefused(
                f"--resume: the inputs, --partition-size or --shard differ from those of the run "
                f"that wrote {self.name} (partition size there: {manifest.get('partition_size')}); "
                f"give the same ones, or start over in a new folder")
        for entry in os.listdir(self.path):  # a temporary part left by a killed run
            if entry.startswith(TEMP_PREFIX):
                os.unlink(os.path.join(self.path, entry))

    def _read_manifest(self) -> Optional[dict]:
        try:
            with open(os.path.join(self.path, MANIFEST), encoding="utf-8") as stream:
                manifest = json.load(stream)
        except (OSError, ValueError):
            return None
        return manifest if isinstance(manifest, dict) else None

    def _write_manifest(self) -> None:
        fd, tmp = tempfile.mkstemp(dir=self.path, prefix=TEMP_PREFIX, suffix=".tmp")
        with open(fd, "w", encoding="utf-8") as stream:
            json.dump(self.manifest, stream, ensure_ascii=False, indent=1)
            stream.write("\n")
        os.replace(tmp, os.path.join(self.path, MANIFEST))

    # the sink of cluster_results
    def begin(self, index: int) -> None:
        fd, self._tmp = tempfile.mkstemp(dir=self.path, prefix=TEMP_PREFIX, suffix=".tmp")
        os.chmod(self._tmp, 0o644)
        self._current = open(fd, "w", encoding="utf-8", newline="")

    def end(self, index: int, count: int) -> None:
        self._current.flush()
        os.fsync(self._current.fileno())
        self._current.close()
        os.replace(self._tmp, os.path.join(self.path, part_name(index)))
        self._current = self._tmp = None
        self._counts[index] = count

    # the stream ResultWriter writes to: the part being written
    def write(self, text: str) -> int:
        return self._current.write(text)

    def flush(self) -> None:
        if self._current is not None:
            self._current.flush()

    def commit(self) -> None:
        for index, part in enumerate(self.manifest["parts"]):
            part["records_written"] = self._counts.get(index)
            if part["records_written"] is None:  # written by the run --resume finishes
                part["records_written"] = _count_lines(os.path.join(self.path, part["file"]))
        self.manifest["complete"] = True
        self.manifest["records"] = sum(p["records_written"] for p in self.manifest["parts"])
        self._write_manifest()

    def abandon(self, keep: bool = True) -> Optional[str]:
        """The part being written is dropped; finished parts stay (each is complete)."""
        if self._current is not None:
            try:
                self._current.close()
            except OSError:
                pass
            try:
                os.unlink(self._tmp)
            except OSError:
                pass
            self._current = self._tmp = None
        if any(os.path.exists(os.path.join(self.path, part_name(i)))
               for i in range(len(self.plan.partitions))):
            return self.name
        return None


def _count_lines(path: str) -> int:
    count = 0
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            count += block.count(b"\n")
    return count
