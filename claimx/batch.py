"""Running the pipeline over many documents: input order kept, errors in place, --jobs workers
that stop at once on a closed pipe or Ctrl-C."""

import datetime
import os
import signal
from itertools import islice
from typing import Iterable, Iterator, List, Optional

from claimx.long_texts import merge_results


# Documents per spaCy memory zone. When a zone ends spaCy forgets the words it met in the zone's
# documents, so that memory stays flat however many inputs a run has; --jobs workers are started
# anew for each zone, which costs a fraction of a second per thousand documents.
ZONE_DOCUMENTS = 1000


def run_extraction(nlp, sources: List[str], reference: Optional[datetime.date], batch_size: int,
                   quiet: bool, keys=None, skip=(), jobs: int = 1,
                   keep_text: bool = False) -> Iterator[dict]:
    """One result dict per input document, in order, streamed through nlp.pipe. keep_text adds
    the document's text as "text" (for the HTML view, which shows the spans in it; not part of
    the JSON output)."""
    from claimx.inputs import RecordKeys, is_jsonl, read_documents
    from claimx.progress import progress_bar

    # A JSON Lines file's record count is unknown until it is read: the bar then has no total.
    total = None if any(is_jsonl(s) for s in sources) else len([s for s in sources if s not in skip])
    many = len(sources) > 1 or total is None
    keep = keys.keep if keys else ()
    with progress_bar(total, disabled=quiet or not many) as advance:
        documents = read_documents(sources, keys or RecordKeys(), skip)
        previous_handler = prepare_workers_for_interrupts() if jobs > 1 else None
        try:
            for zone in _batches(documents, ZONE_DOCUMENTS):
                with nlp.memory_zone():  # the Docs made here must not outlive it: only dicts do
                    for result in _extract_zone(nlp, zone, reference, batch_size, jobs, keep,
                                                keep_text):
                        yield result
                        advance(bool(result["errors"]))
        finally:
            if previous_handler is not None:
                signal.signal(signal.SIGINT, previous_handler)


def _extract_zone(nlp, documents, reference, batch_size: int, jobs: int, keep,
                  keep_text: bool = False) -> Iterator[dict]:
    docs = (part for document in documents for part in prepare_docs(nlp, document, reference))
    pipe = nlp.pipe(docs, as_tuples=True, batch_size=batch_size, n_process=jobs)
    parts = []  # (offset, result) of a long text's parts read so far
    try:
        for doc, (context, offset, last) in pipe:
            source, ident, error, title, meta = context
            if keep and meta is None:  # a line that was no JSON object, or not JSON Lines input
                meta = dict.fromkeys(keep)
            result = finish_result(doc, source, ident, error, title, meta)
            if keep_text:
                result["text"] = doc_text(doc)
            parts.append((offset, result))
            if last:
                whole = parts[0][1] if len(parts) == 1 else merge_results(parts)
                if keep_text:  # a long text's parts cover it in order
                    whole["text"] = "".join(part["text"] for _, part in parts)
                yield whole
                parts = []
    except BaseException:  # a closed pipe, Ctrl-C, or the caller stopping early
        if jobs > 1:
            stop_workers(pipe)
        raise


def _batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while True:
        batch = list(islice(iterator, size))
        if not batch:
            return
        yield batch


_WORKERS_IGNORE_INTERRUPT = False


def prepare_workers_for_interrupts():
    """Ctrl-C reaches every process of the terminal's group. The --jobs workers ignore it (no
    traceback from each); the main process stops them before raising KeyboardInterrupt, since
    spaCy's cleanup would otherwise wait for workers blocked on results nobody reads.
    Returns the SIGINT handler it replaced."""
    import warnings

    global _WORKERS_IGNORE_INTERRUPT
    if not _WORKERS_IGNORE_INTERRUPT:
        os.register_at_fork(after_in_child=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
        _WORKERS_IGNORE_INTERRUPT = True
    # spaCy's "[W127] Not all worker processes completed" after we stopped them on purpose
    warnings.filterwarnings("ignore", message=r"\[W127\]")
    return signal.signal(signal.SIGINT, _stop_workers_and_interrupt)


def _stop_workers_and_interrupt(signum, frame):
    stop_worker_processes()
    raise KeyboardInterrupt


def stop_workers(pipe) -> None:
    """End nlp.pipe's workers at once on an early stop (a closed pipe, Ctrl-C), then its
    generator, whose cleanup would otherwise wait for them for ever."""
    stop_worker_processes()
    pipe.close()


def stop_worker_processes() -> None:
    import gc
    import multiprocessing
    import multiprocessing.queues

    for worker in multiprocessing.active_children():
        worker.terminate()
    # spaCy's queues to the stopped workers still hold unsent batches; Python would wait for ever
    # at exit to flush them. They are reachable only through the garbage collector.
    for queue in gc.get_objects():
        if isinstance(queue, multiprocessing.queues.Queue):
            queue.cancel_join_thread()


def prepare_docs(nlp, document, reference: Optional[datetime.date]):
    """(Doc, (context, offset, last)) for each part of the input: a readable input as a Doc with
    its reference date set (several Docs when the text is over the model's max_length); an
    unreadable one as an empty Doc carrying its error, so that order is kept. The context is
    plain data so that it crosses to worker processes with --jobs."""
    from claimx.dates import find_reference_date
    from claimx.long_texts import split_text
    from claimx.pipeline import make_doc

    context = (document.source, document.id, document.error, document.title, document.meta)
    if document.error is not None:
        yield nlp.make_doc(""), (context, 0, True)
        return
    ref_source = "option" if reference else None
    if reference is None and document.date is not None:
        reference, ref_source = document.date, "metadata"
    if reference is None:
        reference, ref_source = find_reference_date(document.text)
    parts = split_text(document.text, nlp.max_length)
    for number, (offset, text) in enumerate(parts, 1):
        yield make_doc(nlp, text, reference, ref_source), (context, offset, number == len(parts))


def doc_text(doc) -> str:
    from claimx.text.document import source_text

    return source_text(doc)


def finish_result(doc, source: str, ident=None, error=None, title=None, meta=None) -> dict:
    from claimx.components.claims import RESULT_ATTR
    from claimx.records import DocumentResult

    if error is not None:
        result = DocumentResult(source=source, errors=[error]).to_dict()
    else:
        result = dict(doc._.get(RESULT_ATTR))
        result["source"] = source
        if result["title"] is None and title:
            result["title"] = title  # an HTML page's own title, when its text opens without one
    return with_record_fields(result, ident, meta)


def with_record_fields(result: dict, ident, meta) -> dict:
    """The result with "id" (when the input had one) and "meta" (the --keep fields of a JSON
    Lines record) right after "source", so that every result's keys come in the same order."""
    if ident is None and meta is None:
        return result
    ordered = {}
    for key, value in result.items():
        ordered[key] = value
        if key == "source":
            if ident is not None:
                ordered["id"] = ident
            if meta is not None:
                ordered["meta"] = meta
    return ordered
