"""Messages on stderr: one line each, never rich markup, control characters escaped.

Kept apart from the CLI so that the progress bar, the batch runner and the CLI share one console
without importing each other.
"""

import unicodedata

from rich.console import Console
from rich.text import Text

# Unwrapped (one line whatever its width) and never read as markup: messages quote file names.
err_console = Console(stderr=True, soft_wrap=True, markup=False, highlight=False)

_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# Bidirectional overrides and isolates: shown raw they reorder the rest of the line on a terminal.
_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def printable(text: str) -> str:
    """text with control characters, lone surrogates, line and paragraph separators and bidi
    controls written as Python escapes (a\\nb, \\x1b, \\udce9), so that a file name cannot break
    a message into two lines or restyle the terminal."""
    if text.isprintable():
        return text
    return "".join(_escape(c) for c in text)


def _escape(char: str) -> str:
    if char in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[char]
    if unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp") or char in _BIDI_CONTROLS:
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return char


def plural(count: int, word: str, many: str = "") -> str:
    """"1 document", "2 documents", "3 parties": the plural only when count is not 1 (many
    for a word that does not take -s or -ies)."""
    if count == 1:
        return f"{count} {word}"
    if not many:
        many = word[:-1] + "ies" if word.endswith("y") and word[-2:-1] not in "aeiou" else word + "s"
    return f"{count} {many}"


def human_size(size: int) -> str:
    """A byte count as people read it: "2.9 KiB", "64 MiB"."""
    for unit, factor in (("GiB", 1024 ** 3), ("MiB", 1024 ** 2), ("KiB", 1024)):
        if size >= factor:
            return f"{size / factor:.1f}".rstrip("0").rstrip(".") + f" {unit}"
    return f"{size} bytes"


def report_error(message: str) -> None:
    _print(Text("error: ", style="red") + Text(printable(message)))


def report_note(message: str) -> None:
    """Something the user should know that is not an error (an option adjusted)."""
    _print(Text("note: ", style="yellow") + Text(printable(message)))


def report(message: str) -> None:
    _print(Text(printable(message)))


def _print(text: Text) -> None:
    try:
        err_console.print(text)
    except (OSError, ValueError):  # stderr full, closed or gone: there is nowhere left to say it
        pass
