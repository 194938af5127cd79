"""What runs on a Dask worker: claimx's pipeline, loaded once per worker process, and the task
that extracts one partition (claimx.running.partitions) through the same code as a local run
(claimx.running.batch.extract_documents, memory zones included).

    dask worker tcp://SCHEDULER:8786 --nthreads 1 --memory-limit 2GiB --preload claimx.running.dask_worker

--preload loads the pipeline ($CLAIMX_MODEL, else the default one) as the worker starts; without
it, the pipeline loads when `claimx extract --dask` registers PipelinePlugin with the cluster.
Either way a worker loads it once, however many partitions it runs, and never receives a pickled
pipeline. A worker runs one partition at a time (a lock), whatever its --nthreads: spaCy's memory
zones are not for threads.
"""

import datetime
import threading
from dataclasses import dataclass
from typing import Collection, Dict, List, Optional, Tuple

from distributed.diagnostics.plugin import WorkerPlugin

from claimx.reading.documents import DEFAULT_MAX_BYTES, RecordKeys

_PIPELINES: Dict[Tuple[str, str], tuple] = {}  # (model, group_by) -> (nlp, lock)
_FAILED: Dict[Tuple[str, str], str] = {}  # why a pipeline could not be loaded here
_LOADING = threading.Lock()


@dataclass(frozen=True)
class Settings:
    """What every partition's task needs besides its inputs: plain data."""
    model: str
    group_by: str = "country"
    reference: Optional[datetime.date] = None
    batch_size: int = 32
    keys: RecordKeys = RecordKeys()
    max_bytes: int = DEFAULT_MAX_BYTES
    keep_text: bool = False


def worker_pipeline(model: Optional[str], group_by: str = "country"):
    """(nlp, lock): this process's pipeline for (model, group_by), loaded on first use."""
    from claimx.pipeline import load_pipeline, model_name

    key = (model_name(model), group_by)
    with _LOADING:
        if key not in _PIPELINES:
            _PIPELINES[key] = (load_pipeline(key[0], group_by=group_by), threading.Lock())
    return _PIPELINES[key]


class PipelinePlugin(WorkerPlugin):
    """Loads the pipeline on every worker, those that join later included. A failure is kept
    for pipeline_error to report, rather than raised inside the worker."""

    def __init__(self, model: str, group_by: str = "country"):
        self.model, self.group_by = model, group_by

    def setup(self, worker=None):
        try:
            worker_pipeline(self.model, self.group_by)
        except Exception as err:
            _FAILED[(self.model, self.group_by)] = f"{type(err).__name__}: {err}"


def pipeline_error(model: str, group_by: str = "country") -> Optional[str]:
    """Why this worker has no pipeline for (model, group_by), or None (run with Client.run)."""
    if (model, group_by) in _PIPELINES:
        return None
    return _FAILED.get((model, group_by), "the pipeline is not loaded")


def dask_setup(worker) -> None:
    """`dask worker --preload claimx.running.dask_worker`: the default pipeline (or $CLAIMX_MODEL's)
    loaded before the first task."""
    worker_pipeline(None)


def extract_partition(partition, settings: Settings, skip: Collection[str] = ()) -> List[dict]:
    """The output records of one partition, in input order."""
    from claimx.running.batch import extract_documents
    from claimx.running.partitions import read_partition

    nlp, lock = worker_pipeline(settings.model, settings.group_by)
    with lock:
        documents = read_partition(partition, settings.keys, settings.max_bytes, skip)
        return list(extract_documents(nlp, documents, settings.reference, settings.batch_size,
                                      jobs=1, keep=settings.keys.keep,
                                      keep_text=settings.keep_text))
