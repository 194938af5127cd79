"""Showing a corpus summary (claimx.summary.summarize): rich tables on a terminal, a tidy CSV,
and a self-contained HTML report whose timeline is an inline SVG drawn here."""

import csv
import json
from collections import Counter, defaultdict
from html import escape
from typing import IO, Dict, List, Tuple

from rich.console import Console
from rich.table import Table
from rich.text import Text

from claimx.summary import bin_of, time_bins
from claimx.views.labels import plural

CSV_COLUMNS = ["section", "party", "code", "name", "role", "class", "target", "target_code", "day",
               "count", "direct", "error"]
# Tableau 10: distinct for up to ten parties, and readable by most colour-blind readers
PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
           "#ff9da7", "#9c755f", "#bab0ac"]
TIMELINE_PARTIES = 10


def write_summary(summary: dict, fmt: str, stream: IO[str], source: str, top: int) -> None:
    """The summary in one of `claimx summary`'s formats: table, json, csv or html."""
    if fmt == "json":
        stream.write(json.dumps(summary, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "csv":
        write_csv(summary, stream)
    elif fmt == "html":
        stream.write(html_report(summary, source, top))
    else:
        print_summary(summary, Console(file=stream, markup=False, highlight=False, emoji=False), top)


def party_name(name: str, code) -> str:
    return f"{name} ({code})" if code and code != name else name


def headline(summary: dict) -> str:
    facts = [plural(summary["documents"], "document")]
    if summary["failed"]:
        facts[0] += f" ({summary['failed']} failed)"
    facts.append(plural(summary["claims"], "claim"))
    facts.append(plural(len(summary["parties"]), "party"))
    if summary["first_day"]:
        facts.append(f"dated {summary['first_day']} to {summary['last_day']}"
                     if summary["first_day"] != summary["last_day"]
                     else f"dated {summary['first_day']}")
    return " · ".join(facts)


def class_matrix(summary: dict, top: int) -> Tuple[List[Tuple[str, str]], List[str], Dict]:
    """(parties, classes, counts): the top parties, the classes they used (most used first) and
    (party, code, class) -> count."""
    parties = [(p["name"], p["code"]) for p in summary["parties"][:top]]
    counts = {(c["party"], c["code"], c["class"]): c["count"] for c in summary["classes"]}
    totals: Counter = Counter()
    for (name, code, cls), count in counts.items():
        if (name, code) in parties:
            totals[cls] += count
    return parties, [cls for cls, _ in totals.most_common()], counts


def timeline(summary: dict):
    """(unit, bins, rows): rows are (party, code, {bin: count}) for the parties with the most
    dated claims, the rest as one "other parties" row."""
    if not summary["first_day"]:
        return None, [], []
    unit, bins = time_bins(summary["first_day"], summary["last_day"])
    per_party: Dict[tuple, Counter] = defaultdict(Counter)
    for entry in summary["days"]:
        per_party[(entry["party"], entry["code"])][bin_of(entry["day"], unit)] += entry["count"]
    ranked = sorted(per_party.items(), key=lambda kv: -sum(kv[1].values()))
    rows = [(name, code, counts) for (name, code), counts in ranked[:TIMELINE_PARTIES]]
    rest: Counter = Counter()
    for _, counts in ranked[TIMELINE_PARTIES:]:
        rest.update(counts)
    if rest:
        rows.append((plural(len(ranked) - TIMELINE_PARTIES, "other party"), None, rest))
    return unit, bins, rows


# --- terminal -------------------------------------------------------------------------------

def print_summary(summary: dict, console: Console, top: int = 15) -> None:
    console.print(Text(headline(summary), style="bold"))
    if summary["parties"]:
        console.print(parties_table(summary, top))
        console.print(classes_table(summary, top, console.width))
    if summary["interactions"]:
        console.print(interactions_table(summary, top))
    if summary["quoted"]:
        console.print(quoted_table(summary, top))
    if summary["days"]:
        console.print(days_table(summary))
    if summary["failed_documents"]:
        console.print(failed_table(summary))


def _table(title: str, *columns, **options) -> Table:
    from rich import box

    table = Table(title=Text(title, style="bold"), title_justify="left", box=box.SIMPLE_HEAD,
                  **options)
    for column in columns:
        name, _, justify = column.partition(":")
        table.add_column(name, justify="right" if justify == "r" else "left", overflow="fold")
    return table


def parties_table(summary: dict, top: int) -> Table:
    table = _table("Parties by number of claims", "party", "claims:r", "said:r", "did:r", "docs:r",
                   "members (claims)")
    for party in summary["parties"][:top]:
        members = ", ".join(f"{m['name']}" + (f" ({m['role']})" if m["role"] else "")
                            + f" {m['claims']}" for m in party["members"][:3])
        if len(party["members"]) > 3:
            members += f", +{len(party['members']) - 3} more"
        table.add_row(Text(party_name(party["name"], party["code"]), style="bold"),
                      str(party["claims"]), str(party["statements"]), str(party["events"]),
                      str(party["documents"]), Text(members, style="cyan"))
    _more(table, len(summary["parties"]), top, "parties")
    return table


def classes_table(summary: dict, top: int, width: int = 200) -> Table:
    parties, classes, counts = class_matrix(summary, top)
    names = [party_name(name, code) for name, code in parties]
    needed = min(24, max(map(len, names), default=5)) + sum(len(cls) + 2 for cls in classes) + 4
    headings = classes if needed <= width else [cls[:4] for cls in classes]  # STAT, SANC ...
    table = _table("Who did what (claims per party and class)", "party",
                   *[f"{heading}:r" for heading in headings])
    table.columns[0].max_width = 24
    if headings != classes:
        table.caption = " ".join(f"{h}={c}" for h, c in zip(headings, classes) if h != c)
    peak = max(counts.values(), default=1)
    for name, code in parties:
        cells = []
        for cls in classes:
            count = counts.get((name, code, cls), 0)
            style = "dim" if not count else "bold yellow" if count * 2 >= peak else ""
            cells.append(Text(str(count) if count else "·", style=style))
        table.add_row(Text(party_name(name, code), style="bold"), *cells)
    _more(table, len(summary["parties"]), top, "parties")
    return table


def interactions_table(summary: dict, top: int) -> Table:
    table = _table("Who did what to whom", "party", "class", "target party", "claims:r")
    for entry in summary["interactions"][:top]:
        table.add_row(party_name(entry["party"], entry["code"]), Text(entry["class"], style="yellow"),
                      party_name(entry["target"], entry["target_code"]), str(entry["count"]))
    _more(table, len(summary["interactions"]), top, "rows")
    return table


def quoted_table(summary: dict, top: int) -> Table:
    table = _table("Most quoted people", "person", "role", "party", "statements:r",
                   "direct quotes:r")
    for entry in summary["quoted"][:top]:
        table.add_row(Text(entry["name"], style="bold"), entry["role"] or "",
                      party_name(entry["party"], entry["code"]), str(entry["statements"]),
                      str(entry["direct"]))
    _more(table, len(summary["quoted"]), top, "people")
    return table


def days_table(summary: dict) -> Table:
    unit, bins, rows = timeline(summary)
    totals: Counter = Counter()
    for _, _, counts in rows:
        totals.update(counts)
    peak = max(totals.values(), default=1)
    table = _table(f"Claims per {unit} (dated claims)", unit, "claims:r", "", "most active")
    for bin_ in bins:
        if not totals[bin_]:
            continue
        active = sorted(((counts[bin_], name) for name, _, counts in rows if counts[bin_]),
                        reverse=True)[:3]
        table.add_row(bin_, str(totals[bin_]),
                      Text("█" * max(1, round(20 * totals[bin_] / peak)), style="cyan"),
                      ", ".join(f"{name} {count}" for count, name in active))
    return table


def failed_table(summary: dict) -> Table:
    table = _table("Documents that failed", "source", "error", "message")
    for entry in summary["failed_documents"]:
        table.add_row(entry["source"], Text(entry["type"], style="red"), entry["message"])
    return table


def _more(table: Table, total: int, shown: int, what: str) -> None:
    if total > shown:
        more = f"{total - shown} more {what}: --top {total} shows all, --format json has all"
        table.caption = f"{table.caption}\n{more}" if table.caption else more


# --- CSV ------------------------------------------------------------------------------------

def write_csv(summary: dict, stream: IO[str]) -> None:
    """One tidy table: a row per figure, its section saying which (parties, members, classes,
    interactions, quoted, days, failed); columns a section does not use are empty."""
    writer = csv.DictWriter(stream, CSV_COLUMNS, restval="")
    writer.writeheader()
    for party in summary["parties"]:
        writer.writerow({"section": "parties", "party": party["name"], "code": party["code"],
                         "count": party["claims"]})
        for member in party["members"]:
            writer.writerow({"section": "members", "party": party["name"], "code": party["code"],
                             "name": member["name"], "role": member["role"],
                             "count": member["claims"]})
    for entry in summary["classes"]:
        writer.writerow({"section": "classes", "party": entry["party"], "code": entry["code"],
                         "class": entry["class"], "count": entry["count"]})
    for entry in summary["interactions"]:
        writer.writerow({"section": "interactions", "party": entry["party"], "code": entry["code"],
                         "class": entry["class"], "target": entry["target"],
                         "target_code": entry["target_code"], "count": entry["count"]})
    for entry in summary["quoted"]:
        writer.writerow({"section": "quoted", "party": entry["party"], "code": entry["code"],
                         "name": entry["name"], "role": entry["role"],
                         "count": entry["statements"], "direct": entry["direct"]})
    for entry in summary["days"]:
        writer.writerow({"section": "days", "party": entry["party"], "code": entry["code"],
                         "day": entry["day"], "count": entry["count"]})
    for entry in summary["failed_documents"]:
        writer.writerow({"section": "failed", "name": entry["source"],
                         "error": f"{entry['type']}: {entry['message']}"})


# --- HTML -----------------------------------------------------------------------------------

def timeline_svg(summary: dict) -> str:
    """Claims per party per day (or week, or month) as dots whose area is the count, under a
    bar of each day's total: which party spoke or acted when, at a glance."""
    unit, bins, rows = timeline(summary)
    if not bins:
        return '<p class="dim">No claim has a resolved day: nothing to draw.</p>'
    label_width, top, bar_height, row_height = 190, 16, 70, 30
    step = max(16, min(90, 880 // max(1, len(bins))))
    width = label_width + step * len(bins) + 20
    height = top + bar_height + 14 + row_height * len(rows) + 42
    totals: Counter = Counter()
    for _, _, counts in rows:
        totals.update(counts)
    peak_total = max(totals.values())
    peak = max(max(counts.values()) for _, _, counts in rows)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
           f'height="{height}" viewBox="0 0 {width} {height}" class="timeline" '
           f'font-family="system-ui, sans-serif" font-size="12">',
           f'<title>Claims per party per {unit}</title>']
    x_of = {b: label_width + step * i + step / 2 for i, b in enumerate(bins)}
    base = top + bar_height
    out.append(f'<text x="{label_width - 10}" y="{top + 10}" text-anchor="end" fill="#6b7280">'
               f'all parties</text>')
    for b, x in x_of.items():
        if totals[b]:
            h = max(2.0, bar_height * totals[b] / peak_total)
            out.append(f'<rect x="{x - step * 0.35:.1f}" y="{base - h:.1f}" width="{step * 0.7:.1f}" '
                       f'height="{h:.1f}" fill="#9ca3af"><title>{escape(b)}: '
                       f'{plural(totals[b], "claim")}</title></rect>')
            out.append(f'<text x="{x:.1f}" y="{base - h - 3:.1f}" text-anchor="middle" '
                       f'font-size="10" fill="#374151">{totals[b]}</text>')
    first_row = base + 14 + row_height / 2
    for number, (name, code, counts) in enumerate(rows):
        y = first_row + number * row_height
        colour = PALETTE[number % len(PALETTE)] if code is not None or number < TIMELINE_PARTIES \
            else "#9ca3af"
        out.append(f'<line x1="{label_width}" x2="{width - 20}" y1="{y}" y2="{y}" '
                   f'stroke="#e5e7eb"/>')
        out.append(f'<text x="{label_width - 10}" y="{y + 4}" text-anchor="end" font-weight="600" '
                   f'fill="#1f2937">{escape(_clip(party_name(name, code), 26))}</text>')
        for b, count in counts.items():
            radius = max(3.0, (step * 0.48) * (count / peak) ** 0.5)
            radius = min(radius, row_height * 0.48)
            out.append(f'<circle cx="{x_of[b]:.1f}" cy="{y}" r="{radius:.1f}" fill="{colour}" '
                       f'fill-opacity="0.85"><title>{escape(name)}, {escape(b)}: '
                       f'{plural(count, "claim")}</title></circle>')
            if radius >= 8:
                out.append(f'<text x="{x_of[b]:.1f}" y="{y + 4}" text-anchor="middle" '
                           f'font-size="10" fill="#fff">{count}</text>')
    axis = first_row + (len(rows) - 0.5) * row_height + 4
    every = max(1, len(bins) // 12)
    for i, b in enumerate(bins):
        if i % every == 0 or i == len(bins) - 1:
            out.append(f'<text x="{x_of[b]:.1f}" y="{axis + 14}" text-anchor="middle" '
                       f'fill="#6b7280" font-size="11">{escape(_short_date(b, unit))}</text>')
    out.append("</svg>")
    return "".join(out)


def _short_date(value: str, unit: str) -> str:
    import datetime

    if unit == "month":
        return datetime.date.fromisoformat(value + "-01").strftime("%b %Y")
    return datetime.date.fromisoformat(value).strftime("%d %b")


def _clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[:length - 1] + "…"


def html_report(summary: dict, source: str, top: int = 30) -> str:
    parts = [f"<header><h1>claimx summary</h1><p class=\"dim\">{escape(source)}</p>"
             f"<div class=\"tiles\">{_tiles(summary)}</div></header>"]
    unit = timeline(summary)[0]
    note = (f'<p class="dim">Claims per party per {unit}' + (" (from its Monday)" if unit == "week"
            else "") + ", for claims whose date the text resolves: a dot's area is the number "
            "of claims; hover for the figures.</p>") if unit else ""
    parts.append(f"<section><h2>Claims over time</h2>{note}{timeline_svg(summary)}</section>")
    if summary["parties"]:
        parts.append(f"<section><h2>Who did what</h2>{_class_heatmap(summary, top)}</section>")
        parts.append(f"<section><h2>Parties and their members</h2>{_parties_html(summary, top)}"
                     "</section>")
    if summary["interactions"]:
        rows = "".join(
            f"<tr><td>{escape(party_name(e['party'], e['code']))}</td>"
            f"<td><span class=\"cls\">{escape(e['class'])}</span></td>"
            f"<td>→ {escape(party_name(e['target'], e['target_code']))}</td>"
            f"<td class=\"n\">{e['count']}</td></tr>" for e in summary["interactions"][:top])
        parts.append("<section><h2>Who did what to whom</h2><table><thead><tr><th>party</th>"
                     "<th>class</th><th>target</th><th>claims</th></tr></thead>"
                     f"<tbody>{rows}</tbody></table></section>")
    if summary["quoted"]:
        peak = summary["quoted"][0]["statements"]
        rows = "".join(
            f"<tr><td><b>{escape(e['name'])}</b></td><td>{escape(e['role'] or '')}</td>"
            f"<td>{escape(party_name(e['party'], e['code']))}</td>"
            f"<td class=\"n\">{e['statements']}</td><td class=\"bar\"><span style=\"width:"
            f"{100 * e['statements'] / peak:.0f}%\"></span></td><td class=\"n\">{e['direct']}</td>"
            "</tr>" for e in summary["quoted"][:top])
        parts.append("<section><h2>Most quoted people</h2><table><thead><tr><th>person</th>"
                     "<th>role</th><th>party</th><th>statements</th><th></th>"
                     f"<th>direct quotes</th></tr></thead><tbody>{rows}</tbody></table></section>")
    if summary["failed_documents"]:
        rows = "".join(f"<tr><td>{escape(e['source'])}</td><td class=\"bad\">{escape(e['type'])}"
                       f"</td><td>{escape(e['message'])}</td></tr>"
                       for e in summary["failed_documents"])
        parts.append("<section><h2>Documents that failed</h2><table><thead><tr><th>source</th>"
                     f"<th>error</th><th>message</th></tr></thead><tbody>{rows}</tbody></table>"
                     "</section>")
    return REPORT.format(title=escape(f"claimx summary: {source}"), style=REPORT_STYLE,
                         body="".join(parts))


def _tiles(summary: dict) -> str:
    counts = [(summary["documents"], "document", ""), (summary["claims"], "claim", ""),
              (len(summary["parties"]), "party", ""),
              (len(summary["quoted"]), "person quoted", "people quoted")]
    # the figure big, its label under it: "1 document", "2 documents"
    tiles = [(n, plural(n, word, many).split(" ", 1)[1]) for n, word, many in counts]
    if summary["failed"]:
        tiles.append((summary["failed"], "failed"))
    if summary["first_day"]:
        span = summary["first_day"] + (f" – {summary['last_day']}"
                                       if summary["last_day"] != summary["first_day"] else "")
        tiles.append((span, "dated claims"))
    return "".join(f'<div class="tile"><b>{escape(str(value))}</b><span>{label}</span></div>'
                   for value, label in tiles)


def _class_heatmap(summary: dict, top: int) -> str:
    parties, classes, counts = class_matrix(summary, top)
    peak = max(counts.values(), default=1)
    head = "".join(f"<th class=\"vert\"><span>{escape(cls)}</span></th>" for cls in classes)
    rows = []
    for name, code in parties:
        cells = []
        for cls in classes:
            count = counts.get((name, code, cls), 0)
            shade = 0.08 + 0.85 * count / peak if count else 0
            ink = "#fff" if shade > 0.55 else "#1f2937"
            cells.append(f'<td class="heat" style="background:rgba(37,99,235,{shade:.2f});'
                         f'color:{ink}" title="{escape(name)}, {escape(cls)}: {count}">'
                         f'{count or ""}</td>')
        rows.append(f"<tr><th>{escape(party_name(name, code))}</th>{''.join(cells)}</tr>")
    return (f"<table class=\"heatmap\"><thead><tr><th></th>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def _parties_html(summary: dict, top: int) -> str:
    rows = []
    for party in summary["parties"][:top]:
        members = ", ".join(
            f"{escape(m['name'])}" + (f" <span class=\"dim\">{escape(m['role'])}</span>"
                                      if m["role"] else "") + f" <span class=\"n\">{m['claims']}</span>"
            for m in party["members"])
        rows.append(f"<tr><td><b>{escape(party['name'])}</b></td>"
                    f"<td>{escape(party['code'] or '')}</td><td>{escape(party['kind'] or '')}</td>"
                    f"<td class=\"n\">{party['claims']}</td><td class=\"n\">{party['statements']}"
                    f"</td><td class=\"n\">{party['events']}</td>"
                    f"<td class=\"n\">{party['documents']}</td><td>{members}</td></tr>")
    return ("<table><thead><tr><th>party</th><th>code</th><th>kind</th><th>claims</th>"
            "<th>said</th><th>did</th><th>docs</th><th>members (claims)</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


REPORT = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="claimx">
<title>{title}</title><style>{style}</style></head>
<body><main>{body}</main></body></html>
"""

REPORT_STYLE = """
body { margin: 0; background: #fafaf9; color: #1f2937;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 1200px; margin: 0 auto; padding: 1.5rem; }
h1 { font: 600 1.7rem Georgia, serif; margin: 0; }
h2 { font-size: 1.1rem; margin: 2rem 0 .6rem; }
.dim { color: #6b7280; }
.tiles { display: flex; flex-wrap: wrap; gap: .8rem; margin-top: 1rem; }
.tile { background: #fff; border: 1px solid #e5e7eb; border-radius: 6px; padding: .5rem 1rem; }
.tile b { display: block; font-size: 1.5rem; }
.tile span { color: #6b7280; font-size: .85rem; }
section { background: #fff; border: 1px solid #e5e7eb; border-radius: 6px; padding: .2rem 1rem 1rem;
  margin-top: 1rem; overflow-x: auto; }
table { border-collapse: collapse; }
th, td { text-align: left; padding: .25rem .7rem .25rem 0; border-bottom: 1px solid #f3f4f6;
  vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.heatmap td.heat { text-align: center; min-width: 3.2rem; border: 2px solid #fff; }
.heatmap th.vert { vertical-align: bottom; font: .75rem ui-monospace, monospace; }
.cls { font: .8rem ui-monospace, monospace; background: #f3f4f6; padding: 0 .3rem;
  border-radius: 3px; }
td.bar { width: 12rem; }
td.bar span { display: block; height: .8rem; margin-top: .3rem; background: #4e79a7;
  border-radius: 2px; }
.bad { color: #b91c1c; }
"""
