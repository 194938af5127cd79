"""The HTML view: each article's own text with its claims' spans highlighted by role, each claim
linked to its parts, and a side panel per party; several articles make one page with an index.

Built on the result's character offsets into the document text (the result must carry the text
as "text": run_extraction(keep_text=True)). Spans that nest (a reported claim inside a
statement's content) become nested elements; a span that crosses another's end is cut in two,
each piece carrying its own offsets. The page is self-contained (its style and script inline,
no fonts or files fetched) and every piece of text in it is escaped.
"""

import heapq
from dataclasses import dataclass, field
from html import escape
from typing import Dict, List, Set, Tuple

from claimx.views.labels import (class_label, date_label, markers, member_label, party_label,
                                 plural)

# Which role names an element that holds several (a target that is also another claim's actor).
ROLE_ORDER = ("cue", "actor", "target", "date", "content")
ROLE_NAMES = {"actor": "actor", "cue": "action (cue)", "content": "content", "target": "target",
              "date": "date"}


@dataclass
class Node:
    start: int
    end: int
    roles: Dict[str, Set[str]] = field(default_factory=dict)  # role -> claim keys
    direct: bool = False
    children: List["Node"] = field(default_factory=list)


class HtmlPage:
    """Collects results (each with its "text"), then renders the whole page."""

    def __init__(self):
        self.sections: List[str] = []
        self.entries: List[str] = []
        self.titles: List[str] = []

    def add(self, result: dict) -> None:
        number = len(self.sections)
        self.sections.append(document_section(result, number))
        self.entries.append(index_entry(result, number))
        self.titles.append(result.get("title") or result["source"])

    def render(self) -> str:
        if len(self.sections) == 1:
            title, index = self.titles[0], ""
        else:
            title = f"claimx: {plural(len(self.sections), 'document')}"
            index = ('<nav class="index"><h2>Documents</h2><table><thead><tr><th>#</th>'
                     '<th>document</th><th>claims</th><th>parties</th><th></th></tr></thead>'
                     f'<tbody>{"".join(self.entries)}</tbody></table></nav>')
        return PAGE.format(title=escape(title), style=STYLE, script=SCRIPT, legend=LEGEND,
                           index=index, body="".join(self.sections))


def index_entry(result: dict, number: int) -> str:
    claims = {c["id"] for p in result["parties"] for c in p["claims"]}
    status = (f'<span class="bad">{escape(result["errors"][0]["type"])}</span>'
              if result["errors"] else "")
    title = f'<span class="dim">{escape(result["title"])}</span>' if result.get("title") else ""
    return (f'<tr><td>{number + 1}</td><td><a href="#doc-{number}">{escape(result["source"])}</a> '
            f'{title}</td><td>{len(claims)}</td><td>{len(result["parties"])}</td>'
            f'<td>{status}</td></tr>')


def document_section(result: dict, number: int) -> str:
    text = result.get("text")
    if text is None and not result["errors"]:
        raise ValueError("the HTML view needs the document text: run_extraction(keep_text=True)")
    heading = escape(result.get("title") or result["source"])
    facts = [escape(result["source"])]
    claims = {c["id"] for p in result["parties"] for c in p["claims"]}
    facts.append(plural(len(claims), "claim"))
    if result.get("reference_date"):
        facts.append(f"dates resolved from {escape(result['reference_date'])}")
    parts = [f'<section class="doc" id="doc-{number}"><header><h1>{heading}</h1>'
             f'<p class="dim">{" · ".join(facts)}</p></header>']
    for error in result["errors"]:
        parts.append(f'<p class="error">error ({escape(error["type"])}): '
                     f'{escape(error["message"])}</p>')
    if text is not None and not result["errors"]:
        parts.append('<div class="columns">')
        parts.append(f'<article class="text" data-doc="{number}">'
                     f'{render_text(text, span_tree(result, number, len(text)))}</article>')
        parts.append(f'<aside class="parties">{parties_panel(result, number)}</aside></div>')
    parts.append("</section>")
    return "".join(parts)


def claim_key(number: int, claim: dict) -> str:
    return f"d{number}c{claim['id']}"


def unique_claims(result: dict) -> List[dict]:
    """Each claim once (a joint actor's claim is filed under each of its parties)."""
    seen: Dict[int, dict] = {}
    for party in result["parties"]:
        for claim in party["claims"]:
            seen.setdefault(claim["id"], claim)
    return [seen[i] for i in sorted(seen)]


def claim_spans(claim: dict):
    """(role, start, end, direct) for each part of a claim found in the text."""
    if claim["actor"]:
        yield "actor", claim["actor"]["start"], claim["actor"]["end"], False
    yield "cue", claim["action"]["start"], claim["action"]["end"], False
    if claim["content"]:
        for piece in claim["content"]["fragments"] or [claim["content"]]:
            yield "content", piece["start"], piece["end"], claim["content"]["direct"]
    for role in ("target", "date"):
        if claim[role]:
            yield role, claim[role]["start"], claim[role]["end"], False


def span_tree(result: dict, number: int, length: int) -> Node:
    """The document's spans as a tree: one node per range (its roles merged), children inside
    their parent; a range that crosses its parent's end is cut there, its rest placed after."""
    ranges: Dict[Tuple[int, int], Node] = {}
    for claim in unique_claims(result):
        for role, start, end, direct in claim_spans(claim):
            if 0 <= start < end <= length:
                node = ranges.setdefault((start, end), Node(start, end))
                node.roles.setdefault(role, set()).add(claim_key(number, claim))
                node.direct |= direct
    root = Node(0, length)
    queue = [(n.start, -n.end, i, n) for i, n in enumerate(ranges.values())]
    heapq.heapify(queue)
    serial = len(queue)
    stack = [root]
    while queue:
        start, negative_end, _, node = heapq.heappop(queue)
        end = -negative_end
        while stack[-1] is not root and stack[-1].end <= start:
            stack.pop()
        parent = stack[-1]
        if end > parent.end:
            rest = Node(parent.end, end, node.roles, node.direct)
            heapq.heappush(queue, (rest.start, -rest.end, serial, rest))
            serial += 1
            end = parent.end
        piece = Node(start, end, node.roles, node.direct)
        parent.children.append(piece)
        stack.append(piece)
    return root


def render_text(text: str, root: Node) -> str:
    out: List[str] = []

    def emit(node: Node) -> None:
        position = node.start
        for child in node.children:
            out.append(escape(text[position:child.start]))
            primary = next(role for role in ROLE_ORDER if role in child.roles)
            keys = sorted({k for keys in child.roles.values() for k in keys})
            classes = ["hl", f"p-{primary}"] + ["direct"] * child.direct
            cue_of = " ".join(sorted(child.roles.get("cue", ())))
            title = "; ".join(f"{ROLE_NAMES[r]} of #{', #'.join(k.split('c')[1] for k in sorted(child.roles[r]))}"
                              for r in ROLE_ORDER if r in child.roles)
            out.append(f'<span class="{" ".join(classes)}" data-s="{child.start}" '
                       f'data-e="{child.end}" data-c="{" ".join(keys)}"'
                       + (f' data-cue="{cue_of}" data-n="{cue_number(cue_of)}"' if cue_of else "")
                       + f' title="{escape(title)}">')
            emit(child)
            out.append("</span>")
            position = child.end
        out.append(escape(text[position:node.end]))

    emit(root)
    return "".join(out)


def cue_number(keys: str) -> str:
    """"4" for the cue of claim d0c4, shown after it in the text (by CSS: not part of the text)."""
    return ",".join(key.split("c")[1] for key in keys.split())


def parties_panel(result: dict, number: int) -> str:
    if not result["parties"]:
        return '<p class="dim">no claims found</p>'
    parts = []
    for party in result["parties"]:
        parts.append(f'<section class="party"><h2>{escape(party_label(party))} '
                     f'<span class="dim">{plural(len(party["claims"]), "claim")}</span></h2>')
        if party["members"]:
            parts.append('<ul class="members">' + "".join(
                f'<li>{escape(member_label(m))}</li>' for m in party["members"]) + "</ul>")
        parts.append('<ol class="claims">' + "".join(
            claim_card(claim, number) for claim in party["claims"]) + "</ol></section>")
    return "".join(parts)


def claim_card(claim: dict, number: int) -> str:
    """A claim's parts, labelled: the side panel's entry and the card shown over a cue."""
    rows = []
    actor = claim["actor"]
    if actor:
        who = escape(actor["text"])
        if actor.get("member") and actor["member"] != actor["text"]:
            who += f' <span class="to">→ {escape(actor["member"])}</span>'
    else:
        who = '<span class="dim">no actor</span>'
    rows.append(("who", who, "actor"))
    action = claim["action"]
    did = f'<b>{escape(action["text"])}</b> <span class="cls">{escape(class_label(action))}</span>'
    did += "".join(f' <span class="mark">{escape(m)}</span>' for m in markers(claim))
    rows.append(("did", did, "cue"))
    if claim["target"]:
        target = claim["target"]
        whom = escape(target["text"])
        if target.get("party"):
            code = f' ({escape(target["code"])})' if target.get("code") else ""
            whom += f' <span class="to">→ {escape(target["party"])}{code}</span>'
        rows.append(("to whom", whom, "target"))
    if claim["content"]:
        content = claim["content"]
        text = " … ".join(p["text"] for p in content["fragments"] or [content])
        label = "quote" if content["direct"] else "what"
        rows.append((label, escape(text), "content"))
    if claim["date"]:
        when = escape(date_label(claim["date"]))
        if claim["date"].get("scope") == "event":
            when += ' <span class="dim">(same event, dated elsewhere)</span>'
        rows.append(("when", when, "date"))
    body = "".join(f'<div class="row"><span class="k k-{role}">{label}</span>'
                   f'<span class="v">{value}</span></div>' for label, value, role in rows)
    return (f'<li class="claim" data-k="{claim_key(number, claim)}">'
            f'<span class="num">#{claim["id"]} {escape(claim["type"])}</span>{body}</li>')


LEGEND = ('<p class="legend"><span class="hl p-actor">actor</span> '
          '<span class="hl p-cue">action</span> <span class="hl p-content">content</span> '
          '<span class="hl p-content direct">quotation</span> '
          '<span class="hl p-target">target</span> <span class="hl p-date">date</span> '
          '<span class="dim">Hover over an action to see its claim; click it to find the claim '
          'in the side panel.</span></p>')

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="claimx">
<title>{title}</title>
<style>{style}</style></head>
<body><main>{legend}{index}{body}</main><div id="card" hidden></div>
<script>{script}</script></body></html>
"""

STYLE = """
:root { --actor:#dbeafe; --actor-line:#2563eb; --cue:#fcd34d; --content:#ecfccb;
  --quote:#bbf7d0; --target:#fce7f3; --target-line:#db2777; --date:#ede9fe; --date-line:#7c3aed;
  --ink:#1f2937; --dim:#6b7280; --rule:#e5e7eb; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fafaf9;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 1280px; margin: 0 auto; padding: 1.2rem 1.5rem 4rem; }
h1 { font: 600 1.6rem/1.25 Georgia, "Times New Roman", serif; margin: 0 0 .2rem; }
h2 { font-size: 1rem; margin: 0 0 .3rem; }
.dim { color: var(--dim); font-weight: normal; }
.legend { position: sticky; top: 0; z-index: 2; background: #fafaf9ee; margin: 0 0 1rem;
  padding: .5rem 0; border-bottom: 1px solid var(--rule); font-size: .9rem; }
.legend .hl { margin-right: .3rem; padding: 0 .3rem; }
.index table { border-collapse: collapse; margin-bottom: 2rem; }
.index td, .index th { text-align: left; padding: .2rem .8rem .2rem 0;
  border-bottom: 1px solid var(--rule); }
.doc { margin-bottom: 3rem; }
.doc > header { margin-bottom: 1rem; }
.columns { display: grid; grid-template-columns: minmax(0, 48rem) minmax(320px, 1fr); gap: 2rem;
  align-items: start; }
@media (max-width: 960px) { .columns { grid-template-columns: 1fr; } }
.text { white-space: pre-wrap; overflow-wrap: anywhere; background: #fff; padding: 1.2rem 1.6rem;
  border: 1px solid var(--rule); border-radius: 6px;
  font: 17px/1.75 Georgia, "Times New Roman", serif; }
.hl { border-radius: 3px; padding: 1px 0; cursor: default; }
.p-content { background: var(--content); }
.p-content.direct { background: var(--quote); }
.p-actor { background: var(--actor); box-shadow: inset 0 -2px var(--actor-line); }
.p-target { background: var(--target); box-shadow: inset 0 -2px var(--target-line); }
.p-date { background: var(--date); box-shadow: inset 0 -2px var(--date-line); }
.p-cue { background: var(--cue); font-weight: 600; cursor: pointer; }
.p-cue::after { content: attr(data-n); font: 600 .62em system-ui, sans-serif; color: #92400e;
  vertical-align: super; margin-left: 1px; }
.hl.lit { outline: 2px solid var(--ink); outline-offset: 1px; }
.parties { position: sticky; top: 3rem; max-height: calc(100vh - 4rem); overflow: auto;
  font-size: .88rem; }
.party { background: #fff; border: 1px solid var(--rule); border-radius: 6px;
  padding: .7rem .8rem; margin-bottom: .8rem; }
.members { margin: 0 0 .5rem; padding-left: 1.1rem; color: #374151; }
.claims { list-style: none; margin: 0; padding: 0; }
.claim { border-top: 1px solid var(--rule); padding: .4rem .2rem; cursor: pointer; }
.claim:hover, .claim.lit { background: #fef9c3; }
.num { color: var(--dim); font-size: .8rem; }
.row { display: grid; grid-template-columns: 4.2rem 1fr; gap: .4rem; }
.k { color: var(--dim); font-size: .8rem; padding-top: .1rem; }
.k-actor { border-left: 3px solid var(--actor-line); padding-left: .3rem; }
.k-cue { border-left: 3px solid #d97706; padding-left: .3rem; }
.k-target { border-left: 3px solid var(--target-line); padding-left: .3rem; }
.k-date { border-left: 3px solid var(--date-line); padding-left: .3rem; }
.k-content { border-left: 3px solid #65a30d; padding-left: .3rem; }
.cls { font: .75rem ui-monospace, monospace; background: #f3f4f6; padding: 0 .25rem;
  border-radius: 3px; }
.mark { font-size: .75rem; color: #9d174d; border: 1px solid #f9a8d4; padding: 0 .25rem;
  border-radius: 3px; }
.to { color: #0e7490; }
.error, .bad { color: #b91c1c; }
#card { position: absolute; z-index: 5; max-width: 26rem; background: #fff; font-size: .88rem;
  border: 1px solid #9ca3af; border-radius: 6px; padding: .5rem .7rem;
  box-shadow: 0 6px 24px #0002; pointer-events: none; }
#card li { list-style: none; }
"""

# Hovering any highlighted span outlines every part of its claims; hovering an action also shows
# its claim's card; clicking an action finds its claim in the side panel, clicking a claim there
# finds its action in the text.
SCRIPT = """
(function () {
  var parts = {}, cards = {}, card = document.getElementById('card');
  document.querySelectorAll('[data-c]').forEach(function (el) {
    el.dataset.c.split(' ').forEach(function (k) { (parts[k] = parts[k] || []).push(el); });
  });
  document.querySelectorAll('li.claim').forEach(function (li) {
    (cards[li.dataset.k] = cards[li.dataset.k] || []).push(li);
  });
  function light(keys, on) {
    keys.forEach(function (k) {
      (parts[k] || []).concat(cards[k] || []).forEach(function (el) {
        el.classList.toggle('lit', on);
      });
    });
  }
  function showCard(el) {
    var key = el.dataset.cue.split(' ')[0], li = (cards[key] || [])[0];
    if (!li) { return; }
    card.innerHTML = '';
    card.appendChild(li.cloneNode(true));
    var box = el.getBoundingClientRect();
    card.style.left = Math.max(8, Math.min(window.scrollX + box.left,
      window.scrollX + document.documentElement.clientWidth - 430)) + 'px';
    card.style.top = (window.scrollY + box.bottom + 6) + 'px';
    card.hidden = false;
  }
  document.addEventListener('mouseover', function (e) {
    var el = e.target.closest && e.target.closest('[data-c]');
    if (!el) { return; }
    light(el.dataset.c.split(' '), true);
    if (el.dataset.cue) { showCard(el); }
  });
  document.addEventListener('mouseout', function (e) {
    var el = e.target.closest && e.target.closest('[data-c]');
    if (!el) { return; }
    light(el.dataset.c.split(' '), false);
    card.hidden = true;
  });
  // A link to #d0c4 opens on claim 4 of the first document, its parts outlined, its card shown.
  function fromHash() {
    var key = location.hash.slice(1), cue = key && document.querySelector('[data-cue~="' + key + '"]');
    if (!cue) { return; }
    light([key], true);
    cue.scrollIntoView({block: 'nearest'});
    showCard(cue);
  }
  window.addEventListener('hashchange', fromHash);
  fromHash();
  document.addEventListener('click', function (e) {
    var cue = e.target.closest('[data-cue]');
    if (cue) {
      var li = (cards[cue.dataset.cue.split(' ')[0]] || [])[0];
      if (li) { li.scrollIntoView({block: 'center', behavior: 'smooth'}); }
      return;
    }
    var claim = e.target.closest('li.claim');
    if (claim && claim.parentNode.closest('aside')) {
      var target = document.querySelector('[data-cue~="' + claim.dataset.k + '"]');
      if (target) {
        target.scrollIntoView({block: 'center', behavior: 'smooth'});
        light([claim.dataset.k], true);
        setTimeout(function () { light([claim.dataset.k], false); }, 1500);
      }
    }
  });
})();
"""
