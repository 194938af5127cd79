"""The steps of `claimx extract`, in the order the command runs them: check the options, plan
the inputs (and refuse an -o that is one of them), open the output (before the model loads, so
that a folder that cannot be written fails at once), load the model, write the results, report.
claimx.cli holds the Click command that parses the options and calls these in turn.
"""

import datetime
import os
import shlex
import stat
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from typing import List, Optional, Set, Tuple

import click

from claimx.console import plural, report, report_error, report_note
from claimx.interrupts import held

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
STDOUT = "-"


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


def is_device(path: str) -> bool:
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


class NotOpened:
    """The output before open_target has made it: nothing to abandon or keep."""
    name, stream = "the output", None

    def abandon(self, keep: bool = True) -> None:
        return None


NOT_OPENED = NotOpened()


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
    with write_errors():
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
            with held(), write_errors():
                writer.write(result)
                counts.processed += 1  # with the write: a stop cannot fall between them
            if result["errors"]:
                counts.failed += 1
                for error in result["errors"] if not errors_in_view else ():
                    report_error(f"{result['source']}: {error['message']}")
            elif not errors_in_view:  # the table's heading says it there
                count_undated(result, counts)
        with held(), write_errors():
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
def write_errors():
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


def silence_if_stdout(target) -> None:
    from claimx.writing.destinations import StdoutTarget, silence_stdout

    if isinstance(target, StdoutTarget):
        silence_stdout()
