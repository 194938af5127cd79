"""Makes the README's screenshots from the example article shipped in the repo:

    python docs/make_screenshots.py

docs/html-view.png      `claimx extract ... --format html`, claim #4's card open (#d0c4)
docs/table-view.png     `claimx extract ... --format table` in a 150-column terminal
docs/summary-view.png   `claimx summary ... --format html`

Needs claimx installed and headless Chromium (Debian: apt-get install chromium).
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from rich.console import Console
from rich.text import Text

REPO = Path(__file__).resolve().parents[1]
ARTICLE = REPO / "examples" / "fishing-dispute.txt"
DOCS = REPO / "docs"
TERMINAL_COLUMNS = 150


def claimx(*args, env=None, cwd=REPO) -> str:
    return subprocess.run([sys.executable, "-m", "claimx", *map(str, args)], cwd=cwd, check=True,
                          capture_output=True, text=True, env={**os.environ, **(env or {})}).stdout


def screenshot(page: Path, png: Path, width: int, height: int, fragment: str = "") -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("headless Chromium is needed: apt-get install chromium")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                        "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--no-first-run", "--hide-scrollbars",
                        f"--user-data-dir={profile}", f"--window-size={width},{height}",
                        f"--screenshot={png}", page.as_uri() + fragment],
                       check=True, capture_output=True, timeout=120)
    print(f"wrote {png.relative_to(REPO)}")


def terminal_page(ansi: str, path: Path) -> int:
    """The table's colours as a page that looks like a terminal; returns its line count."""
    console = Console(record=True, width=TERMINAL_COLUMNS, force_terminal=True,
                      color_system="truecolor", file=open(os.devnull, "w"))
    console.print(Text.from_ansi(ansi), end="")
    body = console.export_html(inline_styles=True, code_format=(
        '<pre style="font-family: \'DejaVu Sans Mono\', monospace; font-size: 14px; '
        'line-height: 1.35; margin: 0">{code}</pre>'))
    path.write_text('<!doctype html><html><head><meta charset="utf-8"></head>'
                    '<body style="margin: 0; padding: 14px 18px; background: #1e1e2e; '
                    f'color: #e4e4e7">{body}</body></html>', encoding="utf-8")
    return ansi.count("\n") + 1


def main() -> None:
    DOCS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        page = folder / "article.html"
        claimx("extract", ARTICLE.relative_to(REPO), "--format", "html", "-o", page)
        screenshot(page, DOCS / "html-view.png", 1360, 860, "#d0c4")

        ansi = claimx("extract", ARTICLE.relative_to(REPO), "--format", "table", "--no-pager",
                      env={"FORCE_COLOR": "1", "COLUMNS": str(TERMINAL_COLUMNS), "TERM": "xterm-256color"})
        lines = terminal_page(ansi, folder / "table.html")
        screenshot(folder / "table.html", DOCS / "table-view.png",
                   int(TERMINAL_COLUMNS * 8.45) + 50, int(lines * 19.2) + 30)

        claims = folder / "claims.jsonl"
        claimx("extract", ARTICLE.relative_to(REPO), "--format", "jsonl", "-o", claims)
        claimx("summary", claims.name, "--format", "html", "-o", "summary.html", cwd=folder)
        screenshot(folder / "summary.html", DOCS / "summary-view.png", 1200, 900)


if __name__ == "__main__":
    main()
