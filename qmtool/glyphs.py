"""Every character a document prints must be in the configured fonts: no silent boxes."""
from __future__ import annotations

from .loader import SourceFile, join_pointer
from .problem import Finding, finding

_LAYOUT = frozenset(map(ord, "\n\r\t"))


def check_glyphs(source: SourceFile, covered: frozenset[int], fonts: list[str]) -> list[Finding]:
    """One finding per character the fonts lack, at the first place the document uses it."""
    findings: list[Finding] = []
    reported: set[str] = set()
    for pointer, text in strings(source.data):
        for char in set(text) - reported:
            if ord(char) not in covered and ord(char) not in _LAYOUT:
                reported.add(char)
                findings.append(finding(source.display, source.mark(pointer), pointer, "glyph-missing",
                                        char=char, codepoint=f"U+{ord(char):04X}", fonts=fonts))
    return findings


def strings(data, pointer: str = ""):
    """(pointer, text) for every string in data, at any depth."""
    if isinstance(data, str):
        yield pointer, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from strings(value, join_pointer(pointer, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from strings(value, f"{pointer}/{index}")
