"""A page's style sheets read as WeasyPrint reads them (tinycss2, escapes decoded): the characters they hold, which
content, quotes, counter styles, markers, string-set and margin boxes can put on the page, and any @font-face."""
from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from functools import lru_cache
from html import unescape
from pathlib import Path
from urllib.parse import unquote_to_bytes

from ..core.opened import read_under
from ..core.workspace import template_files

_NESTING = 8  # @import of a data: style sheet within another: deeper than any real one, short of a loop


@dataclass
class Styles:
    """What the style sheets of a page hold: each character after escapes are decoded, and whether any
    declares a font of its own (@font-face)."""

    characters: set[str] = field(default_factory=set)
    font_face: bool = False

    def read(self, css: str, depth: int = 0) -> None:
        """Add what css holds, and what the data: style sheets it imports hold."""
        import tinycss2

        self.characters |= set(css)  # as written, comments included, as a page's text is checked
        for token, value in _decoded(tinycss2.parse_component_value_list(css)):
            self.characters |= set(value)
            if token.type == "at-keyword" and token.lower_value == "font-face":
                self.font_face = True
            if token.type in ("string", "url") and depth < _NESTING:  # @import url(data:text/css,...), say
                self.read(css_of_data(value), depth + 1)


def page_styles(html: str, folders: list[Path]) -> Styles:
    """What the style sheets a page can use hold: its <style> elements and style="" attributes (parsed as
    WeasyPrint parses the page), the data: style sheets it links, and every CSS file of the template folders,
    the only files a page may link. A page whose text has no backslash, @font-face or data: URL has nothing in
    its own CSS that its text, checked as it is, does not show: it is not parsed."""
    styles = Styles()
    for folder in folders:
        for path in template_files(folder):
            if path.suffix.lower() == ".css":
                try:
                    found = _sheet(read_under(folder, path).decode("utf-8"))
                except (OSError, UnicodeDecodeError):
                    continue  # WeasyPrint could not read it either
                styles.characters |= found.characters
                styles.font_face |= found.font_face
    text = unescape(html).lower()
    if "\\" not in text and "font-face" not in text and "data:" not in text:
        return styles
    for css in _inline(html):
        styles.read(css)
    return styles


@lru_cache(maxsize=32)
def _sheet(css: str) -> Styles:
    """What a CSS file holds, read once per content: every page of a build reads the same files."""
    styles = Styles()
    styles.read(css)
    return styles


def _inline(html: str):
    """The CSS a page holds in itself, as the HTML parser WeasyPrint uses gives it (entities decoded)."""
    import tinyhtml5

    for element in tinyhtml5.parse(html).iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag.rpartition("}")[2] == "style":  # an SVG's <style> too
            yield "".join(element.itertext())
        if style := element.get("style"):
            yield style
        if element.tag.rpartition("}")[2] == "link":
            yield css_of_data(element.get("href") or "")


def _decoded(nodes):
    """(token, its decoded text) for every token that holds text, in blocks and functions at any depth."""
    for node in nodes:
        if node.type in ("string", "ident", "hash", "at-keyword", "url"):
            yield node, node.value
        elif node.type == "dimension":
            yield node, node.unit
        elif node.type == "function":
            yield node, node.name
            yield from _decoded(node.arguments)
        elif node.type in ("() block", "[] block", "{} block"):
            yield from _decoded(node.content)


def css_of_data(url: str) -> str:
    """The style sheet a data: URL of type text/css holds (base64 or percent-encoded); "" for any other URL:
    WeasyPrint reads no other type as a style sheet."""
    header, comma, body = url.strip().partition(",")
    if not comma or not re.fullmatch(r"data:\s*text/css\b.*", header, re.IGNORECASE | re.DOTALL):
        return ""
    raw = unquote_to_bytes(body)
    if header.lower().rstrip().endswith(";base64"):
        try:
            raw = base64.b64decode(re.sub(rb"\s", b"", raw), validate=False)
        except ValueError:
            return ""
    return raw.decode("utf-8", "replace")


def font_face_place(text: str) -> tuple[int, int] | None:
    """Line and column (in characters) of the first @font-face in text, however escaped; None if it has none."""
    import tinycss2

    for token, _ in _decoded(tinycss2.parse_component_value_list(text)):
        if token.type == "at-keyword" and token.lower_value == "font-face":
            return token.source_line, token.source_column
    return None
