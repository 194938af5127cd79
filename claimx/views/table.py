"""The terminal view: a document's parties as sections, their claims as rows.

Column widths depend only on the terminal's width, so they are the same for every party and
every document of a run; the width left over goes to the content. From WIDE columns on, a claim
is one row with its content in the last column; below, the content takes a line of its own under
the claim, as wide as the terminal.
"""

from typing import IO, List, Optional

from rich.console import Console, Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from claimx.views.labels import (class_label, date_label, markers, member_label, party_label,
                                 plural)

WIDE = 130
# (heading, width) of the columns before the content, in both layouts
WIDE_COLUMNS = [("#", 3), ("actor", 20), ("action", 18), ("target", 20), ("date", 22)]
NARROW_COLUMNS = [("#", 3), ("actor", 18), ("action", 18), ("target", 18), ("date", 12)]
CONTENT_INDENT = 4  # the narrow layout's content line starts under the actor column

STYLES = {"id": "dim", "actor": "bold", "member": "cyan", "action": "bold yellow", "class": "yellow",
          "marker": "magenta", "negated": "bold red", "target": "", "party": "cyan", "date": "",
          "unresolved": "dim", "content": "", "quote": "green", "error": "red"}
QUOTE_MARK = "❝ "
LEGEND = ("❝ direct quotation · reported: inside someone's statement (in #N: that statement) · "
          "actor → the party member it stands for · target → its party")


class TableConsole(Console):
    def on_broken_pipe(self) -> None:
        """The reader is gone (`| head`, or q in the pager): claimx stops quietly with exit code
        0, as for JSON, rather than rich's exit code 1."""
        self.quiet = True
        raise BrokenPipeError


def table_console(stream: IO[str], terminal: bool = False, width: Optional[int] = None) -> Console:
    """A console for the table: article text shown as it is, never read as rich markup;
    terminal=True keeps colours when writing to a pager's pipe."""
    return TableConsole(file=stream, soft_wrap=False, markup=False, highlight=False, emoji=False,
                   force_terminal=terminal or None, width=width)


class TableView:
    """Prints results one after the other in the same column layout, then a legend."""

    def __init__(self, console: Console):
        self.console = console
        self.count = 0

    def print(self, result: dict) -> None:
        self._show(document_view(result, self.console.width))
        self.count += 1

    def close(self) -> None:
        if self.count:
            self._show(Text(LEGEND, style="dim"))

    def _show(self, renderable) -> None:
        # as table_console prints, whatever the console (the progress bar's prints it too)
        self.console.print(renderable, soft_wrap=False, markup=False, highlight=False,
                           emoji=False)


def document_view(result: dict, width: int) -> Group:
    parts: list = [document_heading(result, width)]
    for error in result["errors"]:
        parts.append(Text(f"error ({error['type']}): ", style=STYLES["error"]) + Text(error["message"]))
    if not result["parties"] and not result["errors"]:
        parts.append(Text("no claims found", style="dim"))
    for party in result["parties"]:
        parts.append(party_view(party, width))
    return Group(*parts)


def document_heading(result: dict, width: int) -> Group:
    from rich.rule import Rule

    title = result["source"] + (f" — {result['title']}" if result.get("title") else "")
    if result["errors"] and not result["parties"]:
        return Group(Rule(Text(title, style="bold"), align="left"))
    claims = {c["id"] for p in result["parties"] for c in p["claims"]}
    facts = [plural(len(claims), "claim"), plural(len(result["parties"]), "party")]
    if result.get("reference_date"):
        facts.append(f"dates resolved from {result['reference_date']} "
                     f"({result.get('reference_date_source') or 'given'})")
    elif not result["errors"]:
        facts.append("no publication date found: relative dates unresolved (give --date)")
    return Group(Rule(Text(title, style="bold"), align="left"), Text(" · ".join(facts), style="dim"))


def party_view(party: dict, width: int) -> Group:
    heading = Text("\n")
    heading.append(f" {party_label(party)} ", style="bold white on blue")
    heading.append("  " + plural(len(party["claims"]), "claim"), style="dim")
    parts: list = [heading]
    if party["members"]:
        members = Text("members: ", style="dim")
        for number, member in enumerate(party["members"]):
            if number:
                members.append(" · ", style="dim")
            members.append(member_label(member), style=STYLES["member"])
        parts.append(members)
    wide = width >= WIDE
    columns = WIDE_COLUMNS if wide else NARROW_COLUMNS
    content_width = max(10, width - sum(w + 1 for _, w in columns) - 1)
    headings = [name for name, _ in columns] + (["content"] if wide else [])
    parts.append(_row(columns, content_width if wide else None,
                      [Text(h, style="bold underline") for h in headings]))
    for claim in party["claims"]:
        cells = claim_cells(claim)
        if wide:
            parts.append(_row(columns, content_width, cells))
        else:
            parts.append(_row(columns, None, cells[:-1]))
            if cells[-1].plain:
                parts.append(Padding(cells[-1], (0, 0, 0, CONTENT_INDENT)))
    return Group(*parts)


def _row(columns, content_width: Optional[int], cells: List[Text]) -> Table:
    """One line of the party's table: a grid whose column widths are fixed (not measured from
    its cells), so that every row and every party line up."""
    grid = Table.grid(padding=(0, 1, 0, 0))
    for _, width in columns:
        grid.add_column(width=width, min_width=width, max_width=width, overflow="fold")
    if content_width is not None:
        grid.add_column(width=content_width, min_width=content_width, overflow="fold")
    grid.add_row(*cells)
    return grid


def same_name(member: str, mention: str) -> bool:
    """"The Icelandic government" is the member "Icelandic government": no arrow needed."""
    def bare(name):
        return name[4:] if name.lower().startswith("the ") else name
    return bare(member) == bare(mention)


def claim_cells(claim: dict) -> List[Text]:
    """#, actor, action, target, date, content: each a Text of one or more lines."""
    number = Text(str(claim["id"]), style=STYLES["id"])

    actor = Text()
    if claim["actor"]:
        actor.append(claim["actor"]["text"], style=STYLES["actor"])
        member = claim["actor"].get("member")
        if member and not same_name(member, claim["actor"]["text"]):
            actor.append(f"\n→ {member}", style=STYLES["member"])
    else:
        actor.append("—", style="dim")

    action = Text(claim["action"]["text"], style=STYLES["action"])
    label = class_label(claim["action"])
    if label:
        action.append(f"\n{label}", style=STYLES["class"])
    for marker in markers(claim):
        action.append(f"\n{marker}", style=STYLES["negated" if marker == "negated" else "marker"])

    target = Text()
    if claim["target"]:
        target.append(claim["target"]["text"], style=STYLES["target"])
        party, code = claim["target"].get("party"), claim["target"].get("code")
        if party:
            target.append(f"\n→ {party}" + (f" ({code})" if code else ""), style=STYLES["party"])

    date = Text()
    if claim["date"]:
        resolved = claim["date"].get("value")
        date.append(date_label(claim["date"]), style=STYLES["date" if resolved else "unresolved"])
        if claim["date"].get("scope") == "event":
            date.append("\nsame event", style="dim")

    content = Text()
    if claim["content"]:
        pieces = claim["content"]["fragments"] or [claim["content"]]
        text = " … ".join(piece["text"] for piece in pieces)
        if claim["content"]["direct"]:
            content.append(QUOTE_MARK, style="bold " + STYLES["quote"])
            content.append(text, style=STYLES["quote"])
        else:
            content.append(text, style=STYLES["content"])
    return [number, actor, action, target, date, content]
