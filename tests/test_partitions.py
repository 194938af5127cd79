"""The units of work of a --dask run, and --shard: each gives exactly the documents of a local
run, and together they give every one once. No Dask needed: partitions are read here as a worker
reads them; shards run through the real CLI."""

import gzip
import json

import pytest

import claimx
from claimx.reading.documents import RecordKeys, read_documents
from claimx.reading.listing import InputPath, expand_paths
from claimx.running.partitions import (FileGroup, RecordRange, plan_partitions, read_partition)
from claimx.running.shards import Shard, Skip, parse_shard, shard_of
from test_cli import GOOD_TEXT, records, write  # noqa: F401

OTHER_TEXT = "Iceland said on Monday that it would protest the decision.\n"
LINES = [json.dumps({"id": 1, "text": GOOD_TEXT}), "", "{broken", json.dumps({"id": 2}),
         "   ", json.dumps({"id": 3, "text": OTHER_TEXT, "date": "2023-01-02"}),
         json.dumps({"id": 4, "text": "x" * 300}), json.dumps({"id": 5, "text": GOOD_TEXT}), ""]


def write_jsonl(path, lines=LINES, compress=False):
    data = ("\ufeff" + "\n".join(lines) + "\n").encode("utf-8")
    path.write_bytes(gzip.compress(data) if compress else data)
    return path


def as_tuples(documents):
    return [(d.source, d.text, d.error, d.id, d.date) for d in documents]


def read_plan(partitions, skip=()):
    return [d for p in partitions for d in read_partition(p, RecordKeys(), 200, skip)]


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    """A folder with files of every kind and JSON Lines files (plain, gzipped, truncated,
    empty), read from tmp_path by relative paths."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "news" / "a.txt")
    write(tmp_path / "news" / "b.md", OTHER_TEXT)
    write(tmp_path / "news" / "sub" / "c.txt", "")
    (tmp_path / "news" / "d.txt").write_bytes(b"caf\xe9 \x81\x8d\x8f\x90 " * 3)  # no encoding
    write_jsonl(tmp_path / "news" / "e.jsonl")
    write_jsonl(tmp_path / "wire.jsonl.gz", compress=True)
    (tmp_path / "empty.jsonl").write_text("\n\n")
    (tmp_path / "broken.jsonl.gz").write_bytes(gzip.compress(("\n".join(LINES) + "\n").encode())[:-30])
    return ["news", "wire.jsonl.gz", "empty.jsonl", "broken.jsonl.gz", "missing.txt"]


@pytest.mark.parametrize("size", [1, 2, 3, 100])
def test_partitions_read_exactly_the_documents_of_a_local_run(corpus, size):
    inputs = list(expand_paths(corpus))
    local = as_tuples(read_documents(inputs, RecordKeys(), max_bytes=200))
    partitions = plan_partitions(inputs, size, max_bytes=200)
    assert as_tuples(read_plan(partitions)) == local
    assert {type(p) for p in partitions} == {FileGroup, RecordRange}
    ranges = [p for p in partitions if isinstance(p, RecordRange) and p.source == "wire.jsonl.gz"]
    assert sum(r.records for r in ranges) == 6  # blank lines are no records
    assert all(p.size <= size for p in partitions)


def test_a_plain_jsonl_range_starts_at_its_byte_offset(corpus, tmp_path):
    ranges = plan_partitions([InputPath("news/e.jsonl")], 2)
    assert [(r.first_line, r.stop_line) for r in ranges] == [(1, 4), (4, 7), (7, None)]
    assert all(r.offset is not None for r in ranges) and ranges[0].offset == 0
    data = (tmp_path / "news" / "e.jsonl").read_bytes()
    assert data[ranges[1].offset:].startswith(LINES[3].encode())
    gz = plan_partitions([InputPath("wire.jsonl.gz")], 2)
    assert all(r.offset is None for r in gz)


def test_skipped_sources_are_left_out_of_a_partition(corpus):
    partitions = plan_partitions(list(expand_paths(corpus)), 3, max_bytes=200)
    everything = [d.source for d in read_plan(partitions)]
    skip = {"news/a.txt", "wire.jsonl.gz:3", "empty.jsonl", "broken.jsonl.gz:6"}
    assert skip <= set(everything)
    assert [d.source for d in read_plan(partitions, skip)] == \
        [s for s in everything if s not in skip]


def test_file_urls_are_listed_and_read_as_local_paths_are(corpus, tmp_path):
    pytest.importorskip("fsspec", reason="fsspec comes with the dask extra")
    local = as_tuples(read_plan(plan_partitions(list(expand_paths(["news", "wire.jsonl.gz"])), 2)))
    url = f"file://{tmp_path}"
    remote = read_plan(plan_partitions(
        [InputPath(f"{url}/news"), InputPath(f"{url}/wire.jsonl.gz")], 2))
    renamed = [(d.source.replace(f"{url}/", ""),) + t[1:] for d, t in zip(remote, as_tuples(remote))]
    assert [r[0] for r in renamed] == [t[0] for t in local]
    assert [r[1:4] for r in renamed if r[2] is None] == [t[1:4] for t in local if t[2] is None]
    globbed = read_plan(plan_partitions([InputPath(f"{url}/news/*.txt")], 2))
    assert [d.source for d in globbed] == [f"{url}/news/a.txt", f"{url}/news/d.txt"]
    missing = read_plan(plan_partitions([InputPath(f"{url}/nothing/here.txt")], 2))
    assert [(d.source, d.error.type) for d in missing] == [(f"{url}/nothing/here.txt", "not_found")]


# --- --shard ----------------------------------------------------------------------------------

def test_a_source_s_shard_depends_on_its_name_alone():
    # Fixed values: a shard must be the same on every machine and Python version.
    assert shard_of("news/a.txt", 4) == 4 and shard_of("dump.jsonl:12", 4) == 2
    sources = [f"corpus.jsonl:{n}" for n in range(1, 2001)]
    sizes = [sum(shard_of(s, 4) == k for s in sources) for k in range(1, 5)]
    assert sum(sizes) == 2000 and min(sizes) > 400  # every record in one shard, evenly spread
    assert "news/a.txt" in Shard(4, 4) and "news/a.txt" not in Shard(1, 4)
    assert "x" in Skip({"x"}) and "news/a.txt" in Skip((), Shard(1, 4))


@pytest.mark.parametrize("text, message", [("0/3", "K must be from 1 to N"),
                                           ("4/3", "K must be from 1 to N"),
                                           ("2", "is not K/N"), ("1/0", "N must be 1")])
def test_a_bad_shard_is_refused_with_the_reason(text, message):
    with pytest.raises(ValueError, match=message):
        parse_shard(text)
    assert parse_shard(" 2 / 3 ") == Shard(2, 3)


def test_n_shards_together_give_the_unsharded_run(run, corpus):
    whole = run("extract", *corpus, "--max-bytes", "200")
    assert whole.exit_code == 1  # the error records of the corpus
    lines = whole.stdout.splitlines()
    shards = []
    for k in (1, 2, 3):
        result = run("extract", *corpus, "--max-bytes", "200", "--shard", f"{k}/3")
        assert result.exit_code in (0, 1), result.stderr
        assert f"(shard {k}/3)" in result.stderr
        shards.append(result.stdout.splitlines())
    union = [line for shard in shards for line in shard]
    position = {json.loads(line)["source"]: i for i, line in enumerate(lines)}
    assert len(union) == len(lines) == len(position)
    assert sorted(union, key=lambda line: position[json.loads(line)["source"]]) == lines
    assert all(shards), "each of 3 shards of 20 inputs has some"


def test_a_shard_resumes_like_any_run(run, corpus):
    first = run("extract", *corpus, "--max-bytes", "200", "--shard", "2/3", "-o", "out.jsonl")
    again = run("extract", *corpus, "--max-bytes", "200", "--shard", "2/3", "-o", "out.jsonl",
                "--resume")
    assert first.exit_code in (0, 1) and again.exit_code == 0, again.stderr
    assert "0 documents, 0 failed (shard 2/3)" in again.stderr


# --- the Python API ---------------------------------------------------------------------------

def test_extract_texts_gives_the_records_of_extract(nlp, run, tmp_path):
    write(tmp_path / "news.jsonl", "".join(json.dumps(r) + "\n" for r in (
        {"text": GOOD_TEXT, "date": "2023-04-08"}, {"text": "  "}, {"text": OTHER_TEXT})))
    expected = records(run("extract", "news.jsonl").stdout)
    got = list(claimx.extract_texts([GOOD_TEXT, "  ", OTHER_TEXT, None], nlp=nlp,
                                    dates=["2023-04-08", None, None, None],
                                    sources=[f"news.jsonl:{n}" for n in (1, 2, 3, 4)]))
    assert got[:3] == expected
    assert got[3]["source"] == "news.jsonl:4" and got[3]["errors"][0]["type"] == "no_text"
    assert [r["source"] for r in claimx.extract_texts(["", GOOD_TEXT], nlp=nlp)] == \
        ["text:1", "text:2"]
