"""Every character a document prints must be in the configured fonts: no silent boxes."""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from html import unescape
from pathlib import Path

from ..core.opened import read_under
from ..core.problem import Finding, finding
from ..core.workspace import display, template_files
from ..load.characters import is_control, line_starts, name, refusal, refused_in
from ..load.loader import SourceFile, join_pointer
from ..load.written import place_in
from .environment import template_refusals
from .stylesheets import font_face_place, page_styles

_LAYOUT = frozenset(map(ord, "\n\r\t"))
REFUSED = ("control-character", "invisible-character")  # the loader's codes for characters no file may hold


def _drawn(char: str) -> bool:
    """Whether a character needs a glyph: line breaks and format characters (a byte-order mark, a
    zero-width space or joiner) are never drawn, and a character no file may hold (a control, NEL) is refused
    as such, never reported as a missing glyph."""
    return ord(char) not in _LAYOUT and unicodedata.category(char) != "Cf" and not refused_in(char)


def check_glyphs(source: SourceFile, covered: frozenset[int], fonts: list[str]) -> list[Finding]:
    """One finding per character the fonts lack, at the first place the document uses it: where that character
    is written in its value, as a refused character is located (the value's start where that is not known: a
    value written by alias, a cell of a CSV file)."""
    first: dict[str, str] = {}  # each missing character, and the pointer of the first value using it
    for pointer, text in strings(source.data):
        for char in set(text) - first.keys():
            if ord(char) not in covered and _drawn(char):
                first[char] = pointer
    written = source.written(set(first.values())) if first else {}
    findings: list[Finding] = []
    for char, pointer in first.items():
        mark = place_in(*written[pointer], char) if pointer in written else None
        findings.append(finding(source.display, mark or source.mark(pointer), pointer, "glyph-missing",
                                char=char, codepoint=f"U+{ord(char):04X}", fonts=fonts))
    return findings


def unprintable(sources: list[SourceFile], covered: frozenset[int], fonts: list[str]) -> list[Finding]:
    """What a build refuses in the text of the files a PDF prints: the characters no file may hold (found as the
    loader read them) and those the fonts lack. A format character (a zero-width space, a bidirectional
    control) is never drawn, so it is the first kind, never the second."""
    refused = [found for source in sources for found in source.findings if found.code in REFUSED]
    return refused + [found for source in sources for found in check_glyphs(source, covered, fonts)]


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


def check_page(html: str, covered: frozenset[int], fonts: list[str], folders: list[Path]) -> list[Finding]:
    """The characters a page prints that the fonts lack, and those no document may hold (a bidirectional
    override, say), whether written as they are, as entities, as escapes in a string of the template's code
    ("\\u202e"), or as CSS escapes in a style sheet the page can use (content: "\\202E" puts one on the page);
    and any @font-face, since text is drawn only in the installed fonts checked here. The document's own text
    was checked before, so these come from a template: every text file of the template folders is judged
    (template_refusals), and a refused character the templates' code makes otherwise, or a missing glyph, is
    located in the first template file that holds it."""
    findings = template_refusals(folders)  # each where its file writes it, all at once
    written = {dict(found.params).get("char") for found in findings}
    styles = page_styles(html, folders)
    text = set(unescape(html)) | styles.characters
    for char in sorted({c for c in text if ord(c) not in covered and _drawn(c)}):
        path, mark = _in_templates(char, folders)
        findings.append(finding(path, mark, "", "glyph-missing", char=char, codepoint=f"U+{ord(char):04X}",
                                fonts=fonts))
    for char in sorted({c for c in text if refused_in(c) and name(c) not in written}):  # made by code
        path, mark = _in_templates(char, folders)
        code, params = refusal(name(char), is_control(char), "file-template")
        findings.append(finding(path, mark, "", code, **params))
    if styles.font_face:
        findings.append(finding(*_font_face_in_templates(folders), "", "font-face"))
    return findings


def readable_templates(folders: list[Path]):
    """(path, text) of each template file that is UTF-8 text, the folders in order, top-level files first."""
    for folder in folders:
        for path in sorted(template_files(folder), key=lambda p: (p.parent != folder, p)):
            if "." not in path.name:
                continue
            try:
                yield path, read_under(folder, path).decode("utf-8")
            except (OSError, UnicodeDecodeError):
                continue


def _in_templates(char: str, folders: list[Path]) -> tuple[str, tuple[int, int]]:
    """The first place a template file writes char: as it is, as a character reference (&#x202E;), as an
    escape in a string of the template's code ("\\u202e") or as a CSS escape (\\202E, its backslash perhaps
    a reference)."""
    code = ord(char)
    escapes = [f"x{code:02x}"] * (code <= 0xFF) + [f"u{code:04x}"] * (code <= 0xFFFF) + [f"U{code:08x}"]
    backslash = r"(?:\\|&#0*92;|&#x0*5c;|&bsol;)"  # in a style="" attribute, it may be a reference itself
    written = re.compile(f"{re.escape(char)}|&#(?:x0*{code:x}|0*{code});|\\\\(?:{'|'.join(escapes)})|"
                         f"{backslash}0*{code:x}(?![0-9a-f])", re.IGNORECASE)
    for path, text in readable_templates(folders):
        if found := written.search(text):
            starts = line_starts(text)
            line = bisect_right(starts, found.start())
            return display(path), (line, found.start() - starts[line - 1] + 1)
    return display(folders[0]), (0, 0)  # written some other way: the folder is all that is known


def _font_face_in_templates(folders: list[Path]) -> tuple[str, tuple[int, int]]:
    """The first @font-face of the template files, however its name is escaped."""
    for path, text in readable_templates(folders):
        if "font" in text.lower() or "\\" in text:  # no other file can hold one
            if (place := font_face_place(text)) is not None:
                return display(path), place
    return display(folders[0]), (0, 0)  # made some other way (a data: style sheet): the folder is all that is known
