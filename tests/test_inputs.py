"""claimx.reading.documents and claimx.reading.listing on their own: decoding text files (UTF-8, byte-order marks,
detected legacy encodings, and the errors for binary and undecodable bytes) and expanding glob
patterns.

Real bytes and real folders under tmp_path; the CLI end of both is in test_cli_batch.py.
"""

import os
import random
import subprocess
import sys

import pytest

from claimx.reading.documents import decode_document, detect_encoding, mostly_utf8, read_document
from claimx.reading.listing import expand_paths, is_pattern

# Invented news sentences; the curly quotes, dash and accented names are what a legacy
# encoding has to get right.
WESTERN_TEXT = ("\u201cWe will not sign this agreement,\u201d said H\u00e9l\u00e8ne Dubois, the trade "
                "minister of Belgium, on Tuesday.\n"
                "Ren\u00e9e C\u00f4t\u00e9, the mayor of Montr\u00e9al, said the city would not pay "
                "\u2013 not this year.\n")
PLAIN_TEXT = "The council of Tromsø voted on Monday to close the harbour.\n"


def decode(data: bytes, source: str = "article.txt"):
    return decode_document(source, data)


def noise(size: int, seed: int = 1) -> bytes:
    """Random bytes without a NUL (which alone would make them "binary")."""
    rnd = random.Random(seed)
    return bytes(rnd.randrange(1, 256) for _ in range(size))


# --- decoding ---------------------------------------------------------------------------------

@pytest.mark.parametrize("data", [PLAIN_TEXT.encode("utf-8"), b"\xef\xbb\xbf" + PLAIN_TEXT.encode()],
                         ids=["utf-8", "utf-8-bom"])
def test_utf8_is_decoded_and_its_bom_dropped(data):
    document = decode(data)
    assert (document.text, document.encoding, document.error) == (PLAIN_TEXT, "utf-8", None)


def test_plain_utf8_never_loads_the_detector():
    # A fresh interpreter: the test session itself has charset_normalizer loaded by other packages.
    code = ("import sys; from claimx.reading.documents import decode_document; "
            f"d = decode_document('a.txt', {PLAIN_TEXT.encode()!r}); "
            "assert d.text and d.encoding == 'utf-8', d; "
            "print('charset_normalizer' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "False", result.stderr


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le",
                                   "utf-32-be"])
def test_a_utf16_or_utf32_bom_gives_the_encoding(codec):
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff",
           "utf-32-le": b"\xff\xfe\x00\x00", "utf-32-be": b"\x00\x00\xfe\xff"}.get(codec, b"")
    document = decode(bom + WESTERN_TEXT.encode(codec))
    assert document.error is None
    assert document.text == WESTERN_TEXT, "the BOM is dropped and every character kept"
    assert document.encoding == codec[:6]


def test_a_truncated_utf16_file_is_an_encoding_error():
    document = decode(WESTERN_TEXT.encode("utf-16")[:-1])
    assert document.text is None
    assert document.error.type == "encoding" and "UTF-16" in document.error.message


@pytest.mark.parametrize("text, codec", [
    (WESTERN_TEXT, "cp1252"),
    (WESTERN_TEXT.replace("\u201c", '"').replace("\u201d", '"').replace("\u2013", "-"), "latin-1"),
    ("\u201cNo,\u201d said Zo\u00eb.\n", "cp1252"),
    ("caf\u00e9\n", "latin-1"),
    # accent-dense names: charset-normalizer alone picks cp775 for these
    ('"The talks are over" - Beno\u00eet C\u00f4t\u00e9 warned in Gen\u00e8ve on Tuesday.\n',
     "latin-1"),
    ("Hel\u00e8ne, Fran\u00e7ois and J\u00fcrgen Wei\u00df met in Z\u00fcrich \u2026 "
     "\u2018briefly\u2019.\n" * 30, "cp1252"),
], ids=["cp1252", "latin-1", "short", "one-word", "accent-dense", "long"])
def test_windows_1252_and_latin1_news_decode_right(text, codec):
    document = decode(text.encode(codec))
    assert document.error is None
    assert document.text == text
    assert document.encoding == "cp1252"


def test_other_legacy_encodings_are_left_to_the_detector():
    text = "Министр иностранных дел заявил в среду, что переговоры прерваны.\n"
    document = decode(text.encode("cp1251"))
    assert (document.text, document.encoding) == (text, "cp1251")


def test_nul_bytes_make_a_binary_file():
    document = decode(b"%PDF-1.7\n\x00\x00\x01\x02\xff\xd8 image data")
    assert (document.text, document.error.type) == (None, "binary")


def test_random_bytes_are_an_encoding_error_naming_the_file_and_the_fix():
    document = decode(noise(2000), source=os.path.join("news", "wire 7.txt"))
    assert document.text is None and document.error.type == "encoding"
    message = document.error.message
    assert "not UTF-8" in message and "could not be detected" in message
    assert f"iconv -f ENCODING -t UTF-8 '{os.path.join('news', 'wire 7.txt')}'" in message


def test_damaged_utf8_is_an_encoding_error_not_a_guess():
    # One stray Latin-1 byte in UTF-8 text: any legacy guess would garble the UTF-8 part.
    data = ("M\u00fcller said \u201cno\u201d to the Tromsø plan, " * 3).encode() + b"caf\xe9\n"
    document = decode(data)
    assert document.text is None and document.error.type == "encoding"
    assert "0xe9" in document.error.message
    assert "iconv -c -f UTF-8 -t UTF-8 article.txt > article-utf8.txt" in document.error.message


def test_stdin_that_cannot_be_decoded_is_told_to_pipe_through_iconv():
    document = decode(noise(2000, seed=2), source="-")
    assert document.error.type == "encoding"
    assert "| iconv -f ENCODING -t UTF-8 | claimx extract -" in document.error.message


@pytest.mark.parametrize("data", [b"", b"\n \t\n", b"\xff\xfe", "\n\n".encode("utf-16")],
                         ids=["empty", "blank", "bom-only", "utf-16-blank"])
def test_no_text_is_empty_whatever_the_encoding(data):
    assert decode(data).error.type == "empty"


def test_mostly_utf8_tells_damaged_utf8_from_legacy_text():
    assert mostly_utf8("Zo\u00eb and Ren\u00e9e".encode() + b"\xe9")
    assert not mostly_utf8(WESTERN_TEXT.encode("cp1252"))
    assert not mostly_utf8(b"plain ASCII \xe9")


def test_detect_encoding_gives_none_for_noise():
    assert detect_encoding(noise(2000, seed=3)) is None
    assert detect_encoding(WESTERN_TEXT.encode("cp1252")) == "cp1252"


# --- glob patterns ----------------------------------------------------------------------------

@pytest.fixture
def news(tmp_path, monkeypatch):
    """news/ with texts two folders deep, dot-files and dot-folders, and a file of another kind."""
    monkeypatch.chdir(tmp_path)
    for name in ["news/a.txt", "news/b.txt", "news/2023/c.txt", "news/2023/05/d.txt",
                 "news/.e.txt", "news/.drafts/f.txt", "news/notes.md", "news/photo.jpg"]:
        os.makedirs(os.path.dirname(name), exist_ok=True)
        with open(name, "w", encoding="utf-8") as stream:
            stream.write(PLAIN_TEXT)
    return tmp_path


def paths(*parts: str) -> list:
    return [os.path.join(*p.split("/")) for p in parts]


def expanded(*arguments: str) -> list:
    """The paths that expand_paths gives for these arguments."""
    return [item.path for item in expand_paths(arguments)]


def test_a_recursive_pattern_gives_the_order_of_a_folder_argument(news):
    found = expanded("news/**/*.txt")
    assert found == paths("news/2023/05/d.txt", "news/2023/c.txt", "news/a.txt", "news/b.txt")
    assert found == [p for p in expanded("news") if p.endswith(".txt")]


def test_a_pattern_skips_dot_files_and_dot_folders(news):
    found = expanded("news/**/*")
    assert not any(os.sep + "." in p for p in found), found


def test_a_pattern_matching_folders_expands_them_and_reads_each_file_once(news):
    assert expanded("news/20*") == paths("news/2023/05/d.txt", "news/2023/c.txt")
    everything = expanded("news/**")  # matches news/ and the files in it too
    assert len(everything) == len(set(everything))
    assert os.path.join("news", "photo.jpg") in everything, \
        "a file the pattern names is read whatever its kind, as the shell would pass it"


def test_a_pattern_that_matches_nothing_is_passed_on_and_read_as_not_found(news):
    assert expanded("archive/*.txt", "news/*.doc") == ["archive/*.txt", "news/*.doc"]
    document = read_document("archive/*.txt")
    assert document.error.type == "not_found"
    assert "pattern matched no file" in document.error.message


def test_a_missing_plain_path_keeps_its_message(news):
    assert read_document("missing.txt").error.message == \
        "no such file or folder; check the path"


def test_an_existing_path_with_glob_characters_is_literal(news):
    for name in ("notes [draft].txt", "notes d.txt", "what?.txt"):
        (news / name).write_text(PLAIN_TEXT, encoding="utf-8")
    assert not is_pattern("notes [draft].txt") and not is_pattern("what?.txt")
    assert expanded("notes [draft].txt", "what?.txt") == ["notes [draft].txt", "what?.txt"]
    assert is_pattern("notes [dx].txt") and expanded("notes [dx].txt") == ["notes d.txt"]


def test_stdin_and_plain_paths_pass_through(news):
    assert expanded("-", "news/a.txt", "missing.txt") == \
        ["-", os.path.join("news", "a.txt"), "missing.txt"]
