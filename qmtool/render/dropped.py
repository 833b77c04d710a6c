"""Text the document's HTML holds that its laid-out pages leave out (display: none, max-lines, content...)."""
from __future__ import annotations

import unicodedata

from .overflow import Overflow, laid_out

_SVG = "{http://www.w3.org/2000/svg}"  # an SVG image's text is not laid out in boxes: svgtext.py checks it
_NOT_TEXT = frozenset(("head", "style", "script", "template", "title"))  # their text is never printed


def dropped(document, root) -> list[Overflow]:
    """The text of every element of root's body that is missing from the text boxes of the element on the pages.

    Text counts as printed when each of its characters is in the element's boxes, in order: the layout may
    add characters (hyphens, a table header repeated on every page) and change case and width
    (text-transform), which the comparison ignores, but it must not leave one out. Text a stylesheet adds
    (::before, ::after, list markers, leaders) belongs to no source and is not compared.
    """
    from weasyprint.formatting_structure.boxes import TextBox

    printed: dict[int, list[str]] = {}
    for page in document.pages:
        for box in laid_out(page):
            if isinstance(box, TextBox) and box.element is not None and _own(box.element_tag or ""):
                printed.setdefault(id(box.element), []).append(box.text)
    found: list[Overflow] = []
    body = root.find("body")
    stack = [] if body is None else [body]
    while stack:
        element = stack.pop()
        if not isinstance(element.tag, str) or element.tag.startswith(_SVG) or element.tag in _NOT_TEXT:
            continue  # a comment or processing instruction has no text to print either
        own = (element.text or "") + "".join(child.tail or "" for child in element)
        if missing := _missing(own, "".join(printed.get(id(element), ()))):
            found.append(Overflow(0, missing, "", "text-dropped"))
        stack.extend(reversed(element))
    return found


def _own(tag: str) -> bool:
    """Whether a text box holds its element's own text: ::first-letter and ::first-line only restyle it."""
    return "::" not in tag or tag.endswith(("::first-letter", "::first-line"))


def _comparable(text: str) -> list[tuple[str, int]]:
    """Each character that must be printed, folded as the layout may fold it, with its index in text."""
    kept = []
    for index, char in enumerate(text):
        if char.isspace() or unicodedata.category(char) == "Cf":  # spacing and soft hyphens are the layout's
            continue
        kept += [(folded, index) for folded in unicodedata.normalize("NFKC", char).casefold()]
    return kept


def _missing(source: str, printed: str) -> str:
    """The source text from its first character the printed text lacks, or "" when all of it is printed."""
    wanted = _comparable(source)
    if not wanted:
        return ""
    position = 0
    for char, _ in _comparable(printed):
        if char == wanted[position][0]:
            position += 1
            if position == len(wanted):
                return ""
    return " ".join(source[wanted[position][1]:].split())
