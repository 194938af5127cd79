"""--shard K/N: the K-th of N deterministic slices of a run's inputs, so that N independent runs
(a SLURM job array, `xargs -P`, N machines) cover every input exactly once.

An input belongs to shard 1 + (H mod N), H being the first 8 bytes of the BLAKE2b hash of its
source as the output names it (`news/a.txt`, `dump.jsonl:12` for a JSON Lines record). That
depends on nothing but the name: not on the machine, the Python version, the order of the inputs
or the other inputs, so a record keeps its shard when records are appended to a file. The N runs
must name the PATHs the same way (all relative to the same folder, or all absolute), since the
source is the path as given.
"""

import hashlib
import re
from dataclasses import dataclass
from typing import Collection, Optional


@dataclass(frozen=True)
class Shard:
    number: int  # 1 to count
    count: int

    def __contains__(self, source: str) -> bool:
        return shard_of(source, self.count) == self.number

    def __str__(self) -> str:
        return f"{self.number}/{self.count}"


def shard_of(source: str, count: int) -> int:
    """The shard (1 to count) that the input named source belongs to."""
    digest = hashlib.blake2b(source.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return 1 + int.from_bytes(digest, "big") % count


def parse_shard(text: str) -> Shard:
    """'2/8' as Shard(2, 8); ValueError saying what is wrong otherwise."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
    if not match:
        raise ValueError(f"{text!r} is not K/N; e.g. 1/4 is the first of 4 shards")
    number, count = int(match.group(1)), int(match.group(2))
    if not 1 <= number <= count:
        raise ValueError(f"{text!r}: K must be from 1 to N (here 1 to {count})" if count else
                         f"{text!r}: N must be 1 or more")
    return Shard(number, count)


class Skip:
    """The sources a run leaves out unread: those already done (--resume) and those of other
    shards. Used as the `skip` collection of claimx.reading.documents.read_documents."""

    def __init__(self, done: Collection[str] = (), shard: Optional[Shard] = None):
        self.done, self.shard = done, shard

    def __contains__(self, source: str) -> bool:
        return source in self.done or (self.shard is not None and source not in self.shard)

    def __bool__(self) -> bool:
        return bool(self.done) or self.shard is not None
