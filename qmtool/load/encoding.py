"""A file's bytes as UTF-8 text, or where they stop being UTF-8 (in characters) and what they seem to be."""
from __future__ import annotations

from ..core.messages import Word
from .characters import line_starts

BOM = b"\xef\xbb\xbf"


class NotUtf8(ValueError):
    """Bytes that are not UTF-8: the (line, column) of the first bad byte and the params of the encoding
    finding (the byte, its offset, a guess at the encoding and the file's name for the iconv hint)."""

    def __init__(self, mark: tuple[int, int], params: dict):
        super().__init__(mark, params)
        self.mark, self.params = mark, params


def utf8_text(raw: bytes, name: str) -> str:
    """raw as text, a BOM dropped (it marks the encoding, it is not text); NotUtf8 when it is not UTF-8."""
    body = raw[len(BOM):] if raw.startswith(BOM) else raw
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        before = body[: error.start].decode("utf-8")
        starts = line_starts(before)  # CRLF, CR or LF: a file saved with old Mac line endings counts too
        line, column = len(starts), len(before) - starts[-1] + 1  # in characters, like every column
        offset = error.start + len(raw) - len(body)  # counted in the file as saved, BOM included
        guess, encoding = _encoding(raw)
        raise NotUtf8((line, column), {"byte": f"{body[error.start]:02X}", "offset": offset, "guess": guess,
                                       "encoding": encoding, "name": name}) from None


def _encoding(raw: bytes) -> tuple[Word | str, Word | str]:
    """What the file seems to be saved as, for the message and the iconv command of its hint."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Word("guess-utf16"), "UTF-16"  # Windows Notepad's "Unicode"
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        return "", Word("encoding-unknown")
    return Word("guess"), "GB18030"
