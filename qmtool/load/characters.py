"""Characters a source file may not hold: controls YAML refuses, and invisible ones that change what a reader sees."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

# What libyaml's reader refuses (YAML 1.1 "printable" is the rest); found here first, so that the message
# names the character and points at it, not at a byte offset.
CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff"
# Unicode's format characters (category Cf, as of Unicode 15.1), written out so that no table of every code
# point is built at start-up; tests/unit/load/test_loader.py checks the list against unicodedata. Each is invisible yet
# changes what is shown: bidirectional controls reorder text (so a price of 00.081 prints as 180.00), a soft
# hyphen appears only at a line break, zero-width spaces and word joiners split or glue words unseen, tag
# characters hide text. Line and paragraph separators and NEL break lines that an editor shows as one;
# Hangul fillers print as blanks. Then the rest of Unicode's default-ignorable code points (drawn as nothing):
# the combining grapheme joiner, the Khmer inherent vowels Unicode discourages, and unassigned ones.
INVISIBLE = ("\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b\u200e\u200f\u202a-\u202e"
             "\u2060-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
             "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
             "\u0085\u2028\u2029\u115f\u1160\u3164\uffa0"
             "\u034f\u17b4\u17b5\ufff0-\ufff8\U000e0000\U000e0002-\U000e001f\U000e0080-\U000e00ff"
             "\U000e01f0-\U000e0fff")
# Allowed on purpose: U+200C ZERO WIDTH NON-JOINER and U+200D ZERO WIDTH JOINER, which Persian, Indic scripts
# and emoji sequences need to be spelled right, and variation selectors (U+FE00-FE0F, U+E0100-E01EF, and
# Mongolian's U+180B-180D, U+180F), which choose a glyph's form (a CJK ideographic variant) but never hide, add
# or reorder text.
ALLOWED = "\u200c\u200d"
_REFUSED = re.compile(f"[{CONTROLS}{INVISIBLE}]")
_CONTROL = re.compile(f"[{CONTROLS}]")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def refused_in(text: str) -> bool:
    return _REFUSED.search(text) is not None


def is_control(char: str) -> bool:
    return _CONTROL.match(char) is not None


def line_starts(text: str) -> list[int]:
    """Where each line of text starts, a line ending at CRLF, CR or LF, as libyaml and editors count them."""
    return [0] + [m.end() for m in _LINE_BREAK.finditer(text)]


def refused(text: str) -> Iterator[tuple[tuple[int, int], str, bool]]:
    """((line, column), "U+XXXX NAME", is a control) for each refused character, lines and columns
    counted in characters as an editor counts them (CRLF is one line break)."""
    first = _REFUSED.search(text)
    if first is None:  # the common case: one scan of the text, nothing else
        return
    starts = line_starts(text)
    line = 0
    for match in _REFUSED.finditer(text, first.start()):
        index = match.start()
        while line + 1 < len(starts) and starts[line + 1] <= index:
            line += 1
        yield (line + 1, index - starts[line] + 1), name(match.group()), bool(_CONTROL.match(match.group()))


def name(char: str) -> str:
    """U+202E RIGHT-TO-LEFT OVERRIDE; controls have no Unicode name, only their code."""
    label = unicodedata.name(char, "")
    return f"U+{ord(char):04X} {label}" if label else f"U+{ord(char):04X}"
