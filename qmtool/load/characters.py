"""Characters a source file may not hold, found and located (core/characters.py says which)."""
from __future__ import annotations

import re
from collections.abc import Iterator

from ..core.characters import ALLOWED, CONTROL, CONTROLS, INVISIBLE, REFUSED  # noqa: F401 (the loader's rules)
from ..core.characters import char_name as name  # one naming of a character, for text and file names alike
from ..core.messages import Word

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def refused_in(text: str) -> bool:
    return REFUSED.search(text) is not None


def is_control(char: str) -> bool:
    return CONTROL.match(char) is not None


def line_starts(text: str) -> list[int]:
    """Where each line of text starts, a line ending at CRLF, CR or LF, as libyaml and editors count them."""
    return [0] + [m.end() for m in _LINE_BREAK.finditer(text)]


def refused(text: str) -> Iterator[tuple[tuple[int, int], str, bool]]:
    """((line, column), "U+XXXX NAME", is a control) for each refused character, lines and columns
    counted in characters as an editor counts them (CRLF is one line break)."""
    first = REFUSED.search(text)
    if first is None:  # the common case: one scan of the text, nothing else
        return
    starts = line_starts(text)
    line = 0
    for match in REFUSED.finditer(text, first.start()):
        index = match.start()
        while line + 1 < len(starts) and starts[line + 1] <= index:
            line += 1
        yield (line + 1, index - starts[line] + 1), name(match.group()), bool(CONTROL.match(match.group()))


def refusal(named: str, control: bool, file: str) -> tuple[str, dict]:
    """The code and params of the finding for a refused character (named as refused() names it) in a file of
    the kind file says (a word of the catalog: "file-yaml-csv", "file-template")."""
    if control:
        return "control-character", {"char": named, "file": Word(file)}
    return "invisible-character", {"char": named}
