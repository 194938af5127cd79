"""claimx extract --dask on real clusters: a LocalCluster of 2 worker processes shared by the
module's tests, a `dask scheduler` with two `dask worker` processes on 127.0.0.1, and clusters
that claimx starts itself (--dask local:2). Every run is compared byte for byte with a local
--jobs 1 run of the same inputs. Each worker loads spaCy (~2-3 s), so clusters are shared where
the test allows. Skipped where the dask extra is not installed (pip install ".[dask]").
"""

import importlib.util
import json
import logging
import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import EXAMPLES
from test_cli import run_process, write  # noqa: F401
from test_nothing_lost import alive, finish, one_error_line, start
from test_partitions import write_jsonl

HAVE_DASK = importlib.util.find_spec("distributed") is not None
needs_dask = pytest.mark.skipif(not HAVE_DASK, reason='the dask extra is not installed: '
                                                      'pip install ".[dask]"')
ARTICLE = EXAMPLES / "fishing-dispute.txt"
OTHER_TEXT = "Iceland said on Monday that it would protest the decision.\n"


@pytest.fixture(scope="module")
def local_cluster():
    """The address of a LocalCluster of 2 worker processes, 1 thread each."""
    if not HAVE_DASK:
        pytest.skip('the dask extra is not installed: pip install ".[dask]"')
    import dask
    from distributed import LocalCluster

    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                               memory_limit="2GiB", dashboard_address=None,
                               silence_logs=logging.CRITICAL,
                               scheduler_kwargs={"dashboard_address": ":0"})
    yield cluster.scheduler_address
    cluster.close(timeout=20)


@pytest.fixture(scope="module")
def dask_processes(tmp_path_factory):
    """The address of a `dask scheduler` with two `dask worker` processes, started as the
    README says, from a folder of their own (the client's relative paths mean nothing there)."""
    if not HAVE_DASK:
        pytest.skip('the dask extra is not installed: pip install ".[dask]"')
    from distributed import Client

    folder = tmp_path_factory.mktemp("cluster")
    scheduler_file = folder / "scheduler.json"
    dask = [sys.executable, "-m", "dask"]
    log = open(folder / "log.txt", "wb")
    processes = [subprocess.Popen(dask + ["scheduler", "--host", "127.0.0.1", "--port", "0",
                                          "--no-dashboard", "--scheduler-file", str(scheduler_file)],
                                  cwd=folder, stdout=log, stderr=log)]
    try:
        ends = time.monotonic() + 60
        while not scheduler_file.exists():
            assert time.monotonic() < ends and processes[0].poll() is None, "no scheduler"
            time.sleep(0.1)
        for _ in range(2):
            processes.append(subprocess.Popen(
                dask + ["worker", "--scheduler-file", str(scheduler_file), "--host", "127.0.0.1",
                        "--nthreads", "1", "--memory-limit", "2GiB", "--no-dashboard",
                        "--preload", "claimx.running.dask_worker"], cwd=folder, stdout=log, stderr=log))
        address = json.loads(scheduler_file.read_text())["address"]
        with Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in reversed(processes):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.close()


def make_corpus(folder):
    """A folder with good and bad files and a .jsonl.gz with bad records: the inputs of every
    comparison (relative to folder)."""
    write(folder / "news" / "a.txt")
    write(folder / "news" / "b.md", OTHER_TEXT)
    write(folder / "news" / "sub" / "c.txt", "")
    (folder / "news" / "d.txt").write_bytes(b"caf\xe9 \x81\x8d\x8f\x90 " * 3)
    write_jsonl(folder / "news" / "e.jsonl")
    write_jsonl(folder / "wire.jsonl.gz", compress=True)
    return ["news", "wire.jsonl.gz", "missing.txt"]


def local_run(run, paths, *options) -> bytes:
    """The records of a --jobs 1 run (in this process, with the session's pipeline)."""
    result = run("extract", *paths, "--jobs", "1", "-o", "expected.jsonl", *options)
    assert result.exit_code in (0, 1), result.stderr
    return open("expected.jsonl", "rb").read()


def parts_of(folder) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.glob("part-*.jsonl")))


@needs_dask
@pytest.mark.parametrize("output", ["out.jsonl", "out/"])
def test_a_local_cluster_gives_the_records_of_jobs_1(run, tmp_path, local_cluster, output):
    paths = make_corpus(tmp_path)
    expected = local_run(run, paths)
    result = run_process("extract", *paths, "--dask", local_cluster, "--partition-size", "2",
                         "-o", output, cwd=tmp_path)
    assert result.returncode == 1, result.stderr  # the corpus has error records
    assert "Traceback" not in result.stderr
    if output == "out.jsonl":
        assert (tmp_path / "out.jsonl").read_bytes() == expected
        return
    assert parts_of(tmp_path / "out") == expected
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["complete"] and manifest["records"] == expected.count(b"\n")
    assert [p["file"] for p in manifest["parts"]] == \
        sorted(p.name for p in (tmp_path / "out").glob("part-*.jsonl"))
    assert [(p["lines"], p["records_written"]) for p in manifest["parts"]
            if p.get("source") == "wire.jsonl.gz"] == [([1, 4], 2), ([4, 7], 2), ([7, None], 2)]
    assert manifest["parts"][-1] == {"file": "part-00009.jsonl", "files": 1,
                                     "first": "missing.txt", "last": "missing.txt",
                                     "records_written": 1}


@needs_dask
def test_dask_scheduler_and_worker_processes_give_the_records_of_jobs_1(run, tmp_path,
                                                                       dask_processes):
    paths = make_corpus(tmp_path)
    expected = local_run(run, paths, "--keep", "id")
    result = run_process("extract", *paths, "--dask", dask_processes, "--partition-size", "3",
                         "--keep", "id", "-o", "out.jsonl", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert (tmp_path / "out.jsonl").read_bytes() == expected


@needs_dask
def test_a_folder_output_resumes_only_its_missing_parts(run, tmp_path, local_cluster):
    paths = make_corpus(tmp_path)
    expected = local_run(run, paths)
    args = ["extract", *paths, "--dask", local_cluster, "--partition-size", "4", "-o", "out/"]
    assert run_process(*args, cwd=tmp_path).returncode == 1
    out = tmp_path / "out"
    kept = {p.name: p.stat().st_mtime_ns for p in out.glob("part-*.jsonl")}
    (out / "part-00001.jsonl").unlink()
    again = run_process(*args, cwd=tmp_path)
    assert again.returncode == 2 and "adding --resume" in one_error_line(again.stderr)
    other = run_process(*args[:-4], "--partition-size", "3", "-o", "out/", "--resume",
                        cwd=tmp_path)
    assert other.returncode == 2 and "--partition-size" in one_error_line(other.stderr)
    resumed = run_process(*args, "--resume", cwd=tmp_path)
    assert resumed.returncode in (0, 1), resumed.stderr
    assert parts_of(out) == expected
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("part-*.jsonl")
            if p.name != "part-00001.jsonl"} == \
        {name: mtime for name, mtime in kept.items() if name != "part-00001.jsonl"}
    assert json.loads((out / "manifest.json").read_text())["complete"]


@needs_dask
def test_a_partition_that_fails_twice_gives_an_error_record_per_input(tmp_path, monkeypatch,
                                                                      local_cluster):
    """A task that raises (here: the workers cannot load the model asked for) is retried once,
    then each input of its partition gets an error record, in its place; nothing hangs."""
    from distributed import Client

    from claimx.running.dask_worker import Settings
    from claimx.running.distributed import ordered_partitions, partition_skips, plan_cluster_run
    from claimx.reading.listing import expand_paths
    from claimx.running.partitions import read_partition

    monkeypatch.chdir(tmp_path)
    paths = make_corpus(tmp_path)
    plan = plan_cluster_run(None, list(expand_paths(paths)), 4, None, 64 * 1024 * 1024)
    sources = [d.source for p in plan.partitions for d in read_partition(p)]
    with Client(local_cluster) as client:
        got = [r for _, records in ordered_partitions(client, plan.partitions,
                                                      Settings(model="no_such_model"),
                                                      partition_skips(plan, set(), set()),
                                                      lambda failed: None)
               for r in records]
    assert [r["source"] for r in got] == sources
    assert all(r["errors"] for r in got)
    failures = [r["errors"][0]["message"] for r in got if r["source"] == "news/a.txt"]
    assert "failed twice on the Dask cluster (ModelNotFound" in failures[0]


@needs_dask
def test_a_model_the_workers_lack_is_one_line(tmp_path, local_cluster):
    write(tmp_path / "a.txt")
    result = run_process("extract", "a.txt", "--dask", local_cluster, "--model", "no_such_model",
                         "-o", "out.jsonl", cwd=tmp_path)
    assert result.returncode == 1
    assert "cannot load the spaCy pipeline 'no_such_model'" in one_error_line(result.stderr)
    assert sorted(os.listdir(tmp_path)) == ["a.txt"]


def worker_processes(pid: int) -> list:
    """The LocalCluster worker processes of the claimx process pid."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="utf-8") as stream:
                    parent = int(stream.read().rsplit(")", 1)[1].split()[1])
                with open(f"/proc/{entry}/cmdline", "rb") as stream:
                    command = stream.read()
            except OSError:
                continue
            if parent == pid and b"spawn_main" in command:
                found.append(int(entry))
    return found


def wait_for_a_line(process, path, deadline: float = 180) -> None:
    ends = time.monotonic() + deadline
    while not any(p.name.startswith(".claimx-") and p.stat().st_size
                  for p in path.parent.iterdir()):
        assert process.poll() is None, finish(process)
        assert time.monotonic() < ends, "no result was written"
        time.sleep(0.05)


def article_corpus(folder, count: int = 24) -> list:
    text = ARTICLE.read_text(encoding="utf-8")
    (folder / "articles.jsonl").write_text(
        "".join(json.dumps({"id": i, "text": text}) + "\n" for i in range(count)))
    return ["articles.jsonl"]


@needs_dask
@pytest.mark.skipif(not os.path.isdir("/proc"), reason="finds worker processes in /proc")
def test_a_worker_killed_mid_run_loses_no_record(run, tmp_path):
    paths = article_corpus(tmp_path)
    expected = local_run(run, paths)
    process = start("extract", *paths, "--dask", "local:2", "--partition-size", "2",
                    "-o", "out.jsonl", cwd=tmp_path)
    wait_for_a_line(process, tmp_path / "out.jsonl")
    workers = worker_processes(process.pid)
    assert len(workers) == 2
    os.kill(workers[0], signal.SIGKILL)
    code, _, err = finish(process, timeout=300)
    assert code == 0, err
    assert (tmp_path / "out.jsonl").read_bytes() == expected


@needs_dask
@pytest.mark.skipif(not os.path.isdir("/proc"), reason="finds worker processes in /proc")
def test_ctrl_c_keeps_finished_records_leaves_no_worker_and_resume_finishes(run, tmp_path,
                                                                          local_cluster):
    paths = article_corpus(tmp_path)
    expected = local_run(run, paths)
    process = start("extract", *paths, "--dask", "local:2", "--partition-size", "2",
                    "-o", "out.jsonl", cwd=tmp_path, start_new_session=True)
    wait_for_a_line(process, tmp_path / "out.jsonl")
    workers = worker_processes(process.pid)
    os.killpg(process.pid, signal.SIGINT)  # as the terminal does: every process of the group
    code, out, err = finish(process, timeout=60)
    assert code == 130
    line = one_error_line(err)  # no traceback from a worker
    assert line.endswith("finish the run with: claimx extract articles.jsonl --output out.jsonl "
                         "--dask local:2 --partition-size 2 --resume")
    kept = (tmp_path / "out.jsonl.partial").read_bytes()
    assert kept and expected.startswith(kept)
    ends = time.monotonic() + 20
    while any(alive(w) for w in workers) and time.monotonic() < ends:
        time.sleep(0.1)
    assert not any(alive(w) for w in workers), "worker processes outlived the run"
    resumed = run_process("extract", *paths, "--output", "out.jsonl", "--dask", local_cluster,
                          "--partition-size", "2", "--resume", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    assert (tmp_path / "out.jsonl").read_bytes() == expected


@needs_dask
@pytest.mark.parametrize("args, message", [
    (["-", "--dask", "local"], "not standard input"),
    (["a.txt", "--dask", "local", "--jobs", "2"], "one of --jobs and --dask"),
    (["a.txt", "--dask", "somewhere"], "neither local, local:N nor a scheduler address"),
    (["a.txt", "--dask", "local:0"], "N of 1 or more"),
    (["a.txt", "--partition-size", "5"], "add --dask ADDRESS"),
])
def test_dask_usage_errors(run, args, message):
    result = run("extract", *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_dask_without_the_extra_is_one_line_naming_the_install(tmp_path):
    write(tmp_path / "a.txt")
    code = "import sys; sys.modules['distributed'] = None; from claimx.cli import cli; cli()"
    result = subprocess.run([sys.executable, "-c", code, "extract", "a.txt", "--dask", "local"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert one_error_line(result.stderr) == \
        'error: --dask needs Dask, which claimx installs as an extra: pip install "claimx[dask]"'
