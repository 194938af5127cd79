"""A corpus summary from claimx's own output: parties by claims with their members, party x
class counts, who did what to whom, the most quoted people, claims per day, failed documents.
Pure functions over result dicts; claimx.views.summary shows the summary."""

import datetime
import json
from collections import Counter, defaultdict
from typing import IO, Dict, Iterable, Iterator, List, Optional, Tuple

from claimx.records import SCHEMA_VERSION

UNCLASSIFIED = "unclassified"
FIX = "make it with `claimx extract ... -o claims.jsonl`"


class NotClaimxOutput(ValueError):
    """The input is not claimx's JSON output; the message names the line and the problem."""


# The longest line, or --format json document, summary reads: claimx's record of an input of
# extract's largest size (64 MiB) stays under it; anything longer is not claimx output.
MAX_CHARS = 512 * 1024 * 1024


def read_results(stream: IO[str], name: str) -> Iterator[dict]:
    """The results in claimx's JSON Lines output (or its --format json output: one object, or an
    array for several inputs), streamed one line at a time."""
    lines = numbered_lines(stream, name)
    first, number = "", 0
    for number, line in lines:
        if line.strip():
            first = line
            break
    if not first:
        return
    if first.strip() == "{" or first.lstrip().startswith("["):
        # --format json: one pretty-printed object, or an array of them: read whole
        text = first + stream.read(MAX_CHARS + 1 - len(first))
        if len(text) > MAX_CHARS:
            raise NotClaimxOutput(f"{name}: over {MAX_CHARS // 2 ** 20} MiB of JSON, not claimx's "
                                  f"output of one run; {FIX}")
        try:
            data = _loads(text)
        except json.JSONDecodeError as err:
            raise NotClaimxOutput(f"{name}: not JSON ({err.msg}, line {number + err.lineno - 1}); "
                                  f"summary reads claimx's JSON output: {FIX}") from None
        except (ValueError, RecursionError) as err:
            raise NotClaimxOutput(f"{name}: not claimx's JSON output ({_why(err)}); "
                                  f"{FIX}") from None
        for record in data if isinstance(data, list) else [data]:
            yield check_result(record, f"{name}")
        return
    yield parse_line(first, name, number)
    for line_number, line in lines:
        if line.strip():
            yield parse_line(line, name, line_number)


def numbered_lines(stream: IO[str], name: str) -> Iterator[Tuple[int, str]]:
    """The stream's lines with their numbers, each read at most MAX_CHARS long (a file of one
    endless line is refused, not read into memory)."""
    number = 0
    while True:
        line = stream.readline(MAX_CHARS + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_CHARS:
            raise NotClaimxOutput(f"{name}:{number}: a line of over {MAX_CHARS // 2 ** 20} MiB is "
                                  f"not a claimx record; {FIX}")
        yield number, line


def parse_line(line: str, name: str, number: int) -> dict:
    try:
        record = _loads(line)
    except json.JSONDecodeError as err:
        raise NotClaimxOutput(f"{name}:{number}: not a JSON line ({err.msg}); summary reads "
                              f"claimx's JSON Lines output: {FIX}") from None
    except (ValueError, RecursionError) as err:
        raise NotClaimxOutput(f"{name}:{number}: not a claimx record ({_why(err)}); "
                              f"{FIX}") from None
    return check_result(record, f"{name}:{number}")


def _loads(text: str):
    """json.loads, with lone surrogates (an escaped \\ud800 that a hand-edited or foreign file
    can hold) replaced by U+FFFD, so that the summary is written as UTF-8 whatever it read."""
    from claimx.writing.formats import utf8_clean

    data = json.loads(text)
    if "\\ud" in text or "\\uD" in text:  # cheap test first: the repair dumps and re-reads
        dumped = json.dumps(data, ensure_ascii=False)
        cleaned = utf8_clean(dumped)
        if cleaned is not dumped:
            data = json.loads(cleaned)
    return data


def _why(err: BaseException) -> str:
    """What Python could not read: nesting beyond its recursion limit, a 5,000-digit number."""
    if isinstance(err, RecursionError):
        return "JSON nested too deeply for Python to read"
    return str(err)


def check_result(record, where: str) -> dict:
    if not isinstance(record, dict):
        raise NotClaimxOutput(f"{where}: a JSON {type(record).__name__}, not a claimx result; {FIX}")
    missing = [key for key in ("schema_version", "source", "parties", "errors") if key not in record]
    if missing:
        fields = ", ".join(f'"{key}"' for key in missing)
        raise NotClaimxOutput(f"{where}: not claimx output (no {fields} field"
                              f"{'s' if len(missing) > 1 else ''}); {FIX}")
    if record["schema_version"] != SCHEMA_VERSION:
        raise NotClaimxOutput(f"{where}: schema_version {record['schema_version']!r}; this claimx "
                              f"reads {SCHEMA_VERSION}: re-run claimx extract, or update claimx")
    return record


def summarize(results: Iterable[dict]) -> dict:
    """The summary as plain data (what `--format json` prints)."""
    documents = failed = 0
    claim_keys = set()
    parties: Dict[Tuple[str, Optional[str]], dict] = {}
    members: Dict[tuple, dict] = {}
    classes: Counter = Counter()
    interactions: Counter = Counter()
    speakers: Dict[tuple, Counter] = defaultdict(Counter)
    days: Counter = Counter()
    failures = []
    for result in results:
        documents += 1
        if result["errors"]:
            failed += 1
            failures += [{"source": result["source"], "type": e["type"], "message": e["message"]}
                         for e in result["errors"]]
        for party in result["parties"]:
            key = (party["name"], party.get("code"))
            entry = parties.setdefault(key, {"name": party["name"], "code": party.get("code"),
                                             "kind": party.get("kind"), "claims": 0,
                                             "documents": 0, "statements": 0, "events": 0})
            entry["documents"] += 1
            known = {m["name"]: m for m in party.get("members", [])}
            for member in party.get("members", []):
                record = members.setdefault(key + (member["name"],), {
                    "name": member["name"], "kind": member.get("kind"), "role": member.get("role"),
                    "claims": 0})
                record["role"] = record["role"] or member.get("role")
            for claim in party["claims"]:
                claim_keys.add((result["source"], result.get("id"), claim["id"]))
                entry["claims"] += 1
                entry["statements" if claim["type"] == "statement" else "events"] += 1
                cls = claim["action"].get("class") or UNCLASSIFIED
                classes[key + (cls,)] += 1
                target = claim.get("target") or {}
                if target.get("party"):
                    interactions[key + (cls, target["party"], target.get("code"))] += 1
                member = (claim.get("actor") or {}).get("member")
                if member in known:
                    members[key + (member,)]["claims"] += 1
                    if claim["type"] == "statement" and known[member].get("kind") == "person":
                        speakers[key + (member,)]["statements"] += 1
                        speakers[key + (member,)]["direct"] += bool((claim.get("content") or {})
                                                                     .get("direct"))
                value = (claim.get("date") or {}).get("value")
                if value and len(value) == 10:  # a day, not a month or a year
                    days[key + (value,)] += 1
    ranked = sorted(parties.values(), key=lambda p: (-p["claims"], p["name"]))
    for party in ranked:
        key = (party["name"], party["code"])
        party["members"] = sorted(
            (m for k, m in members.items() if k[:2] == key),
            key=lambda m: -m["claims"])
    order = {(p["name"], p["code"]): i for i, p in enumerate(ranked)}
    day_values = sorted({k[2] for k in days})
    return {
        "documents": documents,
        "failed": failed,
        "claims": len(claim_keys),
        "first_day": day_values[0] if day_values else None,
        "last_day": day_values[-1] if day_values else None,
        "parties": ranked,
        "classes": [{"party": p, "code": c, "class": cls, "count": n}
                    for (p, c, cls), n in sorted(classes.items(),
                                                 key=lambda kv: (order[kv[0][:2]], -kv[1]))],
        "interactions": [{"party": p, "code": c, "class": cls, "target": t, "target_code": tc,
                          "count": n}
                         for (p, c, cls, t, tc), n in sorted(interactions.items(),
                                                             key=lambda kv: (-kv[1], kv[0][0]))],
        "quoted": [{"name": name, "role": members[(p, c, name)]["role"], "party": p, "code": c,
                    "statements": n["statements"], "direct": n["direct"]}
                   for (p, c, name), n in sorted(speakers.items(),
                                                 key=lambda kv: (-kv[1]["statements"],
                                                                 -kv[1]["direct"], kv[0][2]))],
        "days": [{"day": d, "party": p, "code": c, "count": n}
                 for (p, c, d), n in sorted(days.items(), key=lambda kv: (kv[0][2], order[kv[0][:2]]))],
        "failed_documents": failures,
    }


def time_bins(first: str, last: str) -> Tuple[str, List[str]]:
    """("day", every day from first to last); weeks (their Mondays) past three months, months
    past two years, so that a timeline stays readable."""
    start, end = datetime.date.fromisoformat(first), datetime.date.fromisoformat(last)
    span = (end - start).days
    if span <= 92:
        return "day", [(start + datetime.timedelta(n)).isoformat() for n in range(span + 1)]
    if span <= 730:
        monday = start - datetime.timedelta(start.weekday())
        return "week", [(monday + datetime.timedelta(7 * n)).isoformat()
                        for n in range((end - monday).days // 7 + 1)]
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return "month", months


def bin_of(day: str, unit: str) -> str:
    if unit == "day":
        return day
    if unit == "month":
        return day[:7]
    date = datetime.date.fromisoformat(day)
    return (date - datetime.timedelta(date.weekday())).isoformat()
