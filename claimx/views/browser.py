"""Opening a page in the user's browser, or saying where it is when there is none."""

import os
import sys
import tempfile
import webbrowser


def page_path() -> str:
    """A new, empty, temporary .html file that outlives claimx (the browser reads it later)."""
    handle, path = tempfile.mkstemp(prefix="claimx-", suffix=".html")
    os.close(handle)
    return path


def has_display() -> bool:
    """Linux and the BSDs need an X or Wayland display for a graphical browser; on a text-only
    session webbrowser would start a terminal browser over claimx's own output, or nothing."""
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def open_page(path: str) -> str:
    """Opens the page; returns what to tell the user."""
    if not has_display():
        return "no display here: open the page above in a browser"
    try:
        opened = webbrowser.open(f"file://{os.path.abspath(path)}")
    except webbrowser.Error:
        opened = False
    return "opened in your browser" if opened else "no browser found: open the page above in one"
