"""The only code that writes results: json, jsonl, csv, the rich table view (claimx.views.table)
and the HTML page (claimx.views.html)."""

import csv
import io
import json
import os
import tempfile
from typing import IO, List, Optional, Set

from rich.console import Console

FORMATS = ("json", "jsonl", "table", "csv", "html")
CSV_COLUMNS = ["source", "party", "party_kind", "party_code", "type", "actor", "action", "lemma",
               "class", "negated", "modality", "content", "direct", "target", "target_party",
               "date", "date_value", "action_start", "action_end", "error", "claim_id", "within"]


def choose_format(requested: Optional[str], single: bool, to_terminal: bool) -> str:
    if requested:
        return requested
    if to_terminal:
        return "table"
    return "json" if single else "jsonl"


class ResultWriter:
    """Writes results one at a time to stdout or, atomically, to a file."""

    def __init__(self, fmt: str, stream: IO[str], many: bool, console: Optional[Console] = None):
        """console: for the table, one set up for a pager's pipe (default: one on stream)."""
        self.fmt, self.stream, self.many = fmt, stream, many
        self.count = 0
        self._csv = None
        if fmt == "table":
            from claimx.views.table import TableView, table_console

            self._table = TableView(console or table_console(stream))
        elif fmt == "html":
            from claimx.views.html import HtmlPage

            self._page = HtmlPage()
        elif fmt == "csv":
            self._csv = csv.writer(stream)
            self._csv.writerow(CSV_COLUMNS)
        elif fmt == "json" and many:
            stream.write("[")

    def write(self, result: dict) -> None:
        if self.fmt == "jsonl":
            self.stream.write(json.dumps(result, ensure_ascii=False) + "\n")
        elif self.fmt == "json":
            prefix = ("\n" if self.count == 0 else ",\n") if self.many else ""
            self.stream.write(prefix + json.dumps(result, ensure_ascii=False, indent=2))
            if not self.many:
                self.stream.write("\n")
        elif self.fmt == "csv":
            self._csv.writerows(csv_rows(result))
        elif self.fmt == "html":
            self._page.add(result)  # the page's index needs every document: written on close
        else:
            self._table.print(result)
        self.count += 1
        self.stream.flush()

    def close(self) -> None:
        if self.fmt == "json" and self.many:
            self.stream.write("\n]\n" if self.count else "]\n")
        elif self.fmt == "table":
            self._table.close()
        elif self.fmt == "html":
            self.stream.write(self._page.render())
        self.stream.flush()


class AtomicFile:
    """A file that appears under its name only when complete: a temp file renamed on close."""

    def __init__(self, path: str):
        self.path = path
        folder = os.path.dirname(os.path.abspath(path))
        fd, self.tmp = tempfile.mkstemp(dir=folder, prefix=".claimx-", suffix=".tmp")
        os.chmod(self.tmp, 0o666 & ~_umask())  # mkstemp makes it private; the result is not
        self.stream = io.open(fd, "w", encoding="utf-8", newline="")

    def commit(self) -> None:
        self.stream.close()
        os.replace(self.tmp, self.path)

    def discard(self) -> None:
        self.stream.close()
        if os.path.exists(self.tmp):
            os.unlink(self.tmp)


class AppendFile:
    """--resume: results appended to an existing JSON Lines file, each line flushed as written,
    so that an interrupted run keeps what it finished."""

    def __init__(self, path: str):
        self.path = path
        drop_partial_last_line(path)
        self.stream = io.open(path, "a", encoding="utf-8", newline="")

    def commit(self) -> None:
        self.stream.close()

    def discard(self) -> None:
        self.stream.close()  # the lines written so far are complete results: keep them


def drop_partial_last_line(path: str) -> None:
    """A run killed mid-write can leave half a line; cut it so that the next one starts clean."""
    if not os.path.exists(path):
        return
    with open(path, "rb+") as stream:
        data = stream.read()
        if data and not data.endswith(b"\n"):
            stream.truncate(data.rfind(b"\n") + 1)


def done_sources(path: str) -> Set[str]:
    """The sources already in a JSON Lines output file (missing file: none)."""
    done = set()
    try:
        with open(path, encoding="utf-8", errors="replace") as stream:
            for line in stream:
                try:
                    record = json.loads(line)
                except ValueError:
                    continue  # a partial last line: redone
                if isinstance(record, dict) and isinstance(record.get("source"), str):
                    done.add(record["source"])
    except FileNotFoundError:
        pass
    return done


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def csv_rows(result: dict) -> List[list]:
    rows = []
    for error in result["errors"]:
        rows.append(_row(result["source"], error=f"{error['type']}: {error['message']}"))
    for party in result["parties"]:
        for claim in party["claims"]:
            rows.append(_row(result["source"], party=party, claim=claim))
    return rows


def _row(source: str, party: Optional[dict] = None, claim: Optional[dict] = None, error: str = ""):
    def text(span):
        return span["text"] if span else ""

    if claim is None:
        return [source] + [""] * (len(CSV_COLUMNS) - 4) + [error, "", ""]
    action, content, target, date = claim["action"], claim["content"], claim["target"], claim["date"]
    return [source, party["name"], party["kind"], party["code"] or "", claim["type"],
            text(claim["actor"]), action["text"], action["lemma"], action["class"] or "",
            str(action["negated"]).lower(), action["modality"], text(content),
            str(content["direct"]).lower() if content else "", text(target),
            (target or {}).get("party") or "", text(date), (date or {}).get("value") or "",
            action["start"], action["end"], error, claim["id"],
            "" if claim["within"] is None else claim["within"]]
