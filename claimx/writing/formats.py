"""The only code that formats results: json, jsonl, csv, the rich table view (claimx.views.table)
and the HTML page (claimx.views.html). Where they go (stdout, a file written atomically, a FIFO,
--resume's append) is claimx.writing.destinations' job."""

import csv
import json
import re
from typing import IO, List, Optional, Sequence, Tuple

from rich.console import Console

FORMATS = ("json", "jsonl", "table", "csv", "html")
# The format an -o file's name implies (case aside); other names imply none.
FORMAT_OF_SUFFIX = {".json": "json", ".jsonl": "jsonl", ".csv": "csv", ".html": "html",
                    ".htm": "html"}
# The CSV columns, in this order (README, "CSV columns"), with a meta.KEY column after "id" for
# each --keep KEY. One row per claim and party (a joint claim has a row under each of its
# parties) and one per error of a document, with the document's columns and error filled in.
CSV_COLUMNS = (
    "source", "id",                         # the result's source; a JSON Lines record's id
    "reference_date",                       # the date relative dates were resolved against
    "party", "party_kind", "party_code",    # the party the claim is filed under
    "type",                                 # statement | event
    "actor", "member", "role",              # the actor mention; the member it stands for, role
    "action", "lemma", "class", "mode",     # the cue or predicate, its lemma, class and mode
    "negated", "modality",                  # true | false; asserted, reported, future ...
    "content", "direct",                    # what was said; true when quoted verbatim
    "target", "target_party", "target_code",  # to whom; the party it resolves to, its code
    "date", "date_value",                   # the date expression and its ISO value
    "action_start", "action_end",           # the action's offsets in the text
    "error",                                # "type: message" of one of the document's errors
    "claim_id", "within",                   # the claim's id; the statement it is reported in
)
_SURROGATE = re.compile("[\ud800-\udfff]")


def csv_columns(keep: Sequence[str] = ()) -> Tuple[str, ...]:
    """CSV_COLUMNS with meta.KEY for each --keep KEY after "id"."""
    return CSV_COLUMNS[:2] + tuple(f"meta.{key}" for key in keep) + CSV_COLUMNS[2:]


def format_of_file(path: Optional[str]) -> Optional[str]:
    """The format a file name implies by its suffix (out.csv: csv), or None."""
    if not path:
        return None
    lowered = path.lower()
    return next((fmt for suffix, fmt in FORMAT_OF_SUFFIX.items() if lowered.endswith(suffix)),
                None)


def choose_format(requested: Optional[str], single: bool, to_terminal: bool) -> str:
    if requested:
        return requested
    if to_terminal:
        return "table"
    return "json" if single else "jsonl"


def utf8_clean(text: str) -> str:
    """text with any lone surrogate replaced by U+FFFD: the inputs' readers repair what they
    read, and this keeps a slip anywhere else from writing invalid UTF-8 or failing the write."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)


class ResultWriter:
    """Writes results one at a time to a text stream, flushing each."""

    def __init__(self, fmt: str, stream: IO[str], many: bool, console: Optional[Console] = None,
                 keep: Sequence[str] = ()):
        """console: for the table, one set up for a pager's pipe (default: one on stream);
        keep: the --keep keys, each a CSV column."""
        self.fmt, self.stream, self.many, self.keep = fmt, stream, many, tuple(keep)
        self.count = 0
        self._csv = None
        if fmt == "table":
            from claimx.views.table import TableView, table_console

            self._table = TableView(console or table_console(stream))
        elif fmt == "html":
            from claimx.views.html import HtmlPage

            self._page = HtmlPage()
        elif fmt == "csv":
            self._csv = csv.DictWriter(stream, fieldnames=csv_columns(keep), restval="")
            self._csv.writeheader()
        elif fmt == "json" and many:
            stream.write("[")

    def write(self, result: dict) -> None:
        if self.fmt == "jsonl":
            self.stream.write(utf8_clean(json.dumps(result, ensure_ascii=False)) + "\n")
        elif self.fmt == "json":
            prefix = ("\n" if self.count == 0 else ",\n") if self.many else ""
            self.stream.write(prefix + utf8_clean(json.dumps(result, ensure_ascii=False, indent=2)))
            if not self.many:
                self.stream.write("\n")
        elif self.fmt == "csv":
            self._csv.writerows(csv_rows(result, self.keep))
        elif self.fmt == "html":
            self._page.add(_clean(result))  # the page's index needs every document: written on close
        else:
            self._table.print(_clean(result))
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


def _clean(result: dict) -> dict:
    """The result with utf8_clean applied to every string in it (for the views)."""
    dumped = json.dumps(result, ensure_ascii=False)
    cleaned = utf8_clean(dumped)
    return result if cleaned is dumped else json.loads(cleaned)


def csv_rows(result: dict, keep: Sequence[str] = ()) -> List[dict]:
    """The CSV rows of one result, as dicts over csv_columns(keep)."""
    document = {"source": result["source"], "id": _cell(result.get("id")),
                "reference_date": result["reference_date"] or ""}
    meta = result.get("meta") or {}
    document.update({f"meta.{key}": _cell(meta.get(key)) for key in keep})
    rows = [dict(document, error=f"{e['type']}: {e['message']}") for e in result["errors"]]
    for party in result["parties"]:
        roles = {member["name"]: member["role"] for member in party["members"]}
        for claim in party["claims"]:
            rows.append({**document, **_claim_row(party, claim, roles)})
    return [{k: utf8_clean(v) if isinstance(v, str) else v for k, v in row.items()} for row in rows]


def _claim_row(party: dict, claim: dict, roles: dict) -> dict:
    action, content, target, date = claim["action"], claim["content"], claim["target"], claim["date"]
    member = (claim["actor"] or {}).get("member")
    return {
        "party": party["name"], "party_kind": party["kind"], "party_code": party["code"] or "",
        "type": claim["type"],
        "actor": _text(claim["actor"]), "member": member or "", "role": roles.get(member) or "",
        "action": action["text"], "lemma": action["lemma"], "class": action["class"] or "",
        "mode": action["mode"] or "",
        "negated": _bool(action["negated"]), "modality": action["modality"],
        "content": _text(content), "direct": _bool(content["direct"]) if content else "",
        "target": _text(target), "target_party": (target or {}).get("party") or "",
        "target_code": (target or {}).get("code") or "",
        "date": _text(date), "date_value": (date or {}).get("value") or "",
        "action_start": action["start"], "action_end": action["end"],
        "claim_id": claim["id"], "within": "" if claim["within"] is None else claim["within"],
    }


def _cell(value) -> str:
    """A kept field or id as one CSV cell: text as it is, null empty, true/false, numbers as
    JSON writes them, lists and objects as JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _text(span: Optional[dict]) -> str:
    return span["text"] if span else ""


def _bool(value: bool) -> str:
    return "true" if value else "false"
