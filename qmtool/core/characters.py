"""The characters no source file may hold, and how a message quoting source text shows them: escaped."""
from __future__ import annotations

import re
import unicodedata

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
REFUSED = re.compile(f"[{CONTROLS}{INVISIBLE}]")
CONTROL = re.compile(f"[{CONTROLS}]")
# A file's name read from the disk holds a lone surrogate for each byte that is not UTF-8 (Python's
# surrogateescape): shown as the byte (\xff), never printed raw (a terminal or a JSON encoder would choke on it).
_SHOWN = re.compile(f"[{CONTROLS}{INVISIBLE}\ud800-\udfff]")
# What a file's name may not hold: what no source text may, and line breaks and tabs (a name holding one would
# split a file:line:column message, or a listing, in two), and bytes that are not UTF-8.
_NAME_REFUSED = re.compile(f"[\t\n\r{CONTROLS}{INVISIBLE}\ud800-\udfff]")


def escaped(text: str) -> str:
    """text with each refused character written as its escape (\\u202e): quoted raw into a terminal, a
    bidirectional control would reorder the message on screen, and a control could move the cursor."""
    if _SHOWN.search(text) is None:  # the common case: one scan, the text itself
        return text
    return _SHOWN.sub(_escape, text)


_BREAKS = {"\n": "\\n", "\r": "\\r"}
_BREAK = re.compile("[\n\r]")


def one_line(text: str) -> str:
    """text escaped as escaped() does, and its line breaks too: a value quoted in a message (a provider's
    name written over two lines of a CSV cell) stays on the message's line, so it cannot print a line of its
    own that looks like another problem."""
    return escaped(_BREAK.sub(lambda match: _BREAKS[match.group()], text))


def refused_in_name(name: str) -> str | None:
    """The first character a file's name may not hold (a lone surrogate standing for a byte that is not UTF-8),
    or None: such a name would not be shown as it is in a message, a listing or a PDF's attachment."""
    found = _NAME_REFUSED.search(name)
    return None if found is None else found.group()


def char_name(char: str) -> str:
    """U+202E RIGHT-TO-LEFT OVERRIDE; controls have no Unicode name, only their code."""
    label = unicodedata.name(char, "")
    return f"U+{ord(char):04X} {label}" if label else f"U+{ord(char):04X}"


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, as surrogateescape carries it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
