"""Where a character of a value is written in its file: inside the value's own text, past its quotes, the header of
a block scalar, escapes and folded lines, so a problem about one character points at that character."""
from __future__ import annotations

import re

from .characters import line_starts

# An escape of a double-quoted scalar, or the backslash-escaped line break that folds one; \\ is one escape, so
# the "u00e9" of "\\u00e9" is read as the letters they are
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.S)
_NAMED = {"_": "\u00a0", " ": " ", "/": "/", '"': '"', "\\": "\\", "t": "\t", "\t": "\t"}  # those a page may draw
_PROPERTIES = re.compile(r"(?:[&!][^ \t\r\n]*[ \t\r\n]+)*")  # an anchor (&a) before the value: not its text


def place_in(written: str, start: tuple[int, int], style: str, char: str) -> tuple[int, int] | None:
    """The (line, column) of the first char of a scalar written as written (its text in the file from start,
    in style: '' plain, "'", '"', '|' or '>'; "csv" for a CSV cell), as it is or by escape (the column of the
    backslash); None where it is not written there (its value came another way)."""
    begin = _PROPERTIES.match(written).end()
    if style in ("|", ">"):  # the header line (|-, >2, a comment) holds no text of the value
        begin = written.find("\n", begin) + 1 or len(written)
    index = _escaped(written, begin, char) if style == '"' else written.find(char, begin)
    if index is None or index < 0:
        return None
    starts = line_starts(written[:index + 1])
    line = len(starts)
    column = index - starts[-1] + 1
    return start[0] + line - 1, (start[1] + column - 1 if line == 1 else column)


def _escaped(written: str, begin: int, char: str) -> int | None:
    """The index of char in a double-quoted scalar, as it is or by escape."""
    for match in re.finditer(f"{_ESCAPE.pattern}|{re.escape(char)}", written[begin:], re.S):
        if match.group(1) is None or _unescape(match.group(1)) == char:
            return begin + match.start()
    return None


def _unescape(escape: str) -> str | None:
    if escape[0] in "xuU" and len(escape) > 1:
        code = int(escape[1:], 16)
        return chr(code) if code <= 0x10FFFF else None
    return _NAMED.get(escape)
