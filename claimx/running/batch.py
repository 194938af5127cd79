"""Running the pipeline over many documents: input order kept, errors in place, --jobs workers
that stop at once on a closed pipe, Ctrl-C, SIGTERM or SIGHUP."""

import datetime
import os
import signal
from contextlib import nullcontext
from itertools import islice
from typing import Iterable, Iterator, List, NamedTuple, Optional, Tuple, Union

from claimx.reading.fetch import DEFAULT_TIMEOUT
from claimx.reading.documents import DEFAULT_MAX_BYTES, Document
from claimx.reading.listing import InputPath
from claimx.text.long_texts import join_parts, merge_results
from claimx.records import DocumentError

# Documents per spaCy memory zone. When a zone ends spaCy forgets the words it met in the zone's
# documents, so that memory stays flat however many inputs a run has; --jobs workers are started
# anew for each zone, which costs a fraction of a second per thousand documents.
ZONE_DOCUMENTS = 1000
DEFAULT_BATCH_SIZE = 32
# While the progress bar is shown, a spaCy batch holds about this many characters, so that the
# bar advances per news article (a batch of 32 sat at 0/40 for most of a 40-article run). Each
# batch costs about 3 ms of its own: a news article alone in its batch runs ~2% slower than in a
# batch of 32, paragraphs of 250 characters in batches of 24 about as fast (measured with
# nlp.pipe's CPU time on PolNeAR dev texts and paragraphs).
PACED_BATCH_CHARACTERS = 6000


class Context(NamedTuple):
    """What a result needs from its input besides the Doc: plain data, so that it crosses to
    the --jobs worker processes."""
    source: str
    id: Optional[Union[str, int]] = None
    error: Optional[DocumentError] = None
    title: Optional[str] = None
    meta: Optional[dict] = None
    repairs: Tuple[DocumentError, ...] = ()

    @classmethod
    def of(cls, document: Document) -> "Context":
        return cls(document.source, document.id, document.error, document.title, document.meta,
                   document.repairs)


def run_extraction(nlp, sources: List[Union[InputPath, str]], reference: Optional[datetime.date],
                   batch_size: Optional[int], quiet: bool, keys=None, skip=(), jobs: int = 1,
                   max_bytes: int = DEFAULT_MAX_BYTES, keep_text: bool = False,
                   timeout: float = DEFAULT_TIMEOUT) -> Iterator[dict]:
    """One result dict per input document, in order, streamed through nlp.pipe. batch_size None:
    DEFAULT_BATCH_SIZE, or paced_batch_size while the progress bar is shown (quiet: none is).
    keep_text adds the document's text as "text" (for the HTML view, which shows the spans in
    it; not part of the JSON output); timeout: seconds to fetch one URL."""
    from claimx.reading.documents import RecordKeys, read_documents
    from claimx.reading.listing import is_jsonl
    from claimx.progress import progress_bar

    inputs = [s if isinstance(s, InputPath) else InputPath(s) for s in sources]
    # A JSON Lines file's record count is unknown until it is read: the bar then has no total.
    total = None if any(is_jsonl(i.path) for i in inputs) \
        else len([i for i in inputs if i.source not in skip])
    many = len(inputs) > 1 or total is None
    keep = keys.keep if keys else ()
    with progress_bar(total, disabled=quiet or not many) as bar:
        documents = read_documents(inputs, keys or RecordKeys(), skip, max_bytes, timeout)
        if skip:  # a JSON Lines file's own record (empty, unopenable) is named by its path
            documents = (d for d in documents if d.source not in skip)
        for result in extract_documents(nlp, documents, reference, batch_size, jobs, keep,
                                        keep_text, paced=bar.shown):
            yield result
            bar.advance(bool(result["errors"]))


def extract_documents(nlp, documents: Iterable[Document], reference: Optional[datetime.date],
                      batch_size: Optional[int] = None, jobs: int = 1, keep: Tuple[str, ...] = (),
                      keep_text: bool = False, paced: bool = False) -> Iterator[dict]:
    """The output record of each document, in order: the one code path of a local run (with
    --jobs workers) and of a Dask partition (claimx.running.distributed). batch_size None:
    DEFAULT_BATCH_SIZE, or with paced (a progress bar is shown) paced_batch_size."""
    if jobs > 1:
        prepare_workers()
    for zone in _batches(documents, ZONE_DOCUMENTS):
        size = batch_size or (paced_batch_size([d.text for d in zone if d.text])
                              if paced else DEFAULT_BATCH_SIZE)
        with nlp.memory_zone():  # the Docs made here must not outlive it: only dicts do
            for result in _extract_zone(nlp, zone, reference, size, jobs, keep, keep_text):
                yield result


def paced_batch_size(texts: List[str]) -> int:
    """Texts per batch for about PACED_BATCH_CHARACTERS: 1 for news articles, more for short
    texts (at most DEFAULT_BATCH_SIZE)."""
    if not texts:
        return DEFAULT_BATCH_SIZE
    mean = sum(map(len, texts)) / len(texts)
    return max(1, min(DEFAULT_BATCH_SIZE, round(PACED_BATCH_CHARACTERS / mean)))


def _extract_zone(nlp, documents, reference, batch_size: int, jobs: int, keep,
                  keep_text: bool = False) -> Iterator[dict]:
    from claimx.interrupts import before_stop

    docs = (part for document in documents for part in prepare_docs(nlp, document, reference))
    pipe = nlp.pipe(docs, as_tuples=True, batch_size=batch_size, n_process=jobs)
    try:
        # A stop signal raised inside spaCy's generator would have it join its workers, which
        # ignore the signal and are blocked on a pipe: they are killed first.
        with before_stop(stop_worker_processes) if jobs > 1 else nullcontext():
            yield from _finished_results(join_parts(nlp, pipe), keep, keep_text)
    except BaseException:  # a closed pipe, a stop signal, or the caller stopping early
        if jobs > 1:
            stop_workers(pipe)
        raise


def _finished_results(pipe, keep, keep_text: bool) -> Iterator[dict]:
    parts = []  # (offset, result) of a long text's parts read so far
    texts = []  # their texts, with keep_text: the parts cover the whole text in order
    for doc, (context, offset, last) in pipe:
        parts.append((offset, extracted_result(doc, context)))
        if keep_text:
            texts.append(doc_text(doc))
        if last:
            extracted = parts[0][1] if len(parts) == 1 else merge_results(parts)
            result = finish_result(extracted, context, keep)
            if keep_text:
                result["text"] = "".join(texts)
            yield result
            parts, texts = [], []


def _batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while True:
        batch = list(islice(iterator, size))
        if not batch:
            return
        yield batch


_WORKERS_PREPARED = False


def prepare_workers() -> None:
    """Stop signals reach every process of the terminal's group (Ctrl-C), or of a service's
    (systemd, timeout). The --jobs workers ignore them (no traceback from each, no race with the
    main process): the main process alone decides, and stops them (stop_workers) before it
    stops. A worker whose main process dies without that (SIGKILL) is killed by the kernel
    (Linux), rather than left blocked on a pipe for ever."""
    import warnings

    global _WORKERS_PREPARED
    if not _WORKERS_PREPARED:
        os.register_at_fork(after_in_child=_become_worker)
        _WORKERS_PREPARED = True
    # spaCy's "[W127] Not all worker processes completed" after we stopped them on purpose
    warnings.filterwarnings("ignore", message=r"\[W127\]")


def _become_worker() -> None:
    from claimx.interrupts import STOP_SIGNALS

    for signum in STOP_SIGNALS:
        signal.signal(signum, signal.SIG_IGN)
    _die_with_parent()


def _die_with_parent() -> None:
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, int(signal.SIGKILL), 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the pipe's end still stops a blocked worker
        pass


def stop_workers(pipe) -> None:
    """End nlp.pipe's workers at once on an early stop (a closed pipe, a stop signal), then its
    generator, whose cleanup would otherwise wait for them for ever."""
    stop_worker_processes()
    pipe.close()


def stop_worker_processes() -> None:
    import gc
    import multiprocessing
    import multiprocessing.queues

    for worker in multiprocessing.active_children():
        worker.kill()  # they ignore SIGTERM (prepare_workers)
        worker.join()
    # spaCy's queues to the stopped workers still hold unsent batches; Python would wait for ever
    # at exit to flush them. They are reachable only through the garbage collector.
    for queue in gc.get_objects():
        if isinstance(queue, multiprocessing.queues.Queue):
            queue.cancel_join_thread()


def prepare_docs(nlp, document: Document, reference: Optional[datetime.date]):
    """(Doc, (context, offset, last)) for each part of the input: a readable input as a Doc with
    its reference date set (several Docs for a long text: claimx.text.long_texts); an
    unreadable one as an empty Doc carrying its error, so that order is kept."""
    from claimx.dates import find_reference_date
    from claimx.text.long_texts import parts_to_parse
    from claimx.pipeline import make_doc

    context = Context.of(document)
    if document.error is not None:
        yield nlp.make_doc(""), (context, 0, True)
        return
    try:
        ref_source = "option" if reference else None
        if reference is None and document.date is not None:
            reference, ref_source = document.date, "metadata"
        if reference is None:
            reference, ref_source = find_reference_date(document.text)
        parts = parts_to_parse(document.text, nlp.max_length)
    except Exception as err:  # one odd text must not stop the run
        yield _failed_part(nlp, context, err)
        return
    for number, (offset, text) in enumerate(parts, 1):
        try:
            doc = make_doc(nlp, text, reference, ref_source, part=len(parts) > 1)
        except Exception as err:
            yield _failed_part(nlp, context, err)  # ends the document: its last part
            return
        yield doc, (context, offset, number == len(parts))


def _failed_part(nlp, context: Context, err: Exception):
    error = DocumentError("internal", f"preparing the text failed ({type(err).__name__}: {err}); "
                                      f"please report it")
    return nlp.make_doc(""), (context._replace(error=error), 0, True)


def doc_text(doc) -> str:
    from claimx.text.document import source_text

    return source_text(doc)


def extracted_result(doc, context: Context) -> dict:
    """What claimx_claims found in the Doc, or the input's error as a result."""
    from claimx.components.claims import RESULT_ATTR
    from claimx.records import DocumentResult

    if context.error is not None:
        return DocumentResult(source="", errors=[context.error]).to_dict()
    return doc._.get(RESULT_ATTR)


def finish_result(extracted: dict, context: Context, keep: Tuple[str, ...] = ()) -> dict:
    """The output record of one input: the extracted result with the input's own fields, in the
    one key order every record has: schema_version, source, id (JSON Lines records that have
    one), meta (with --keep), then the extracted keys. Repairs made while reading the input go
    first in its errors; an HTML page's title stands in when the text opens without one."""
    record = {"schema_version": extracted["schema_version"], "source": context.source}
    if context.id is not None:
        record["id"] = context.id
    if keep:  # null for each field of an input that is no JSON object, so that keys never vary
        record["meta"] = context.meta if context.meta is not None else dict.fromkeys(keep)
    for key, value in extracted.items():
        if key not in ("schema_version", "source"):
            record[key] = value
    if record["title"] is None and context.title:
        record["title"] = context.title
    if context.repairs:
        record["errors"] = [e.to_dict() for e in context.repairs] + list(record["errors"])
    return record
