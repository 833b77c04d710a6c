"""Text the laid-out pages would cut off: beyond its page's content area, its table cell, or a box that clips it."""
from __future__ import annotations

from dataclasses import dataclass

from ..core.messages import Word
from ..core.problem import Finding, finding

TOLERANCE = 0.5  # CSS px (0.13 mm): the layout's rounding, far below what a reader could see
LIMIT = 20  # overflows reported per document: the first ones say what to fix
_CLIPPING = frozenset(("hidden", "clip", "scroll", "auto"))


@dataclass(frozen=True)
class Overflow:
    """One piece of text that does not fit: the page it is on, the text, and the edge it crosses."""

    page: int
    text: str
    edge: str  # overflow-page, overflow-cell, overflow-clip, overflow-margin: words of the message catalog


def overflows(document, limit: int = LIMIT) -> list[Overflow]:
    """Every text box of a rendered WeasyPrint document that extends past what may hold it.

    Reads WeasyPrint's box tree (page._page_box), which it keeps for exactly this kind of use; a text box's
    position and width are in page coordinates. Positioned (absolute, fixed) text, such as a watermark, may
    use the whole sheet, margins included.
    """
    from weasyprint.formatting_structure.boxes import MarginBox, ParentBox, TableCellBox, TextBox

    found: list[Overflow] = []
    for number, page in enumerate(document.pages, 1):
        sheet = page._page_box
        area = (sheet.content_box_x(), sheet.content_box_x() + sheet.width,
                sheet.content_box_y(), sheet.content_box_y() + sheet.height, "overflow-page")
        whole = (0, sheet.margin_width(), 0, sheet.margin_height(), "overflow-page")
        stack = [(child, area) for child in reversed(sheet.children)]
        while stack:
            box, (left, right, top, bottom, edge) = stack.pop()
            box = getattr(box, "_box", box)  # an absolutely positioned box sits in the tree behind a placeholder
            if isinstance(box, TextBox):
                if box.text.strip() and (box.position_x < left - TOLERANCE
                                         or box.position_x + box.width > right + TOLERANCE
                                         or box.position_y < top - TOLERANCE
                                         or box.position_y + box.height > bottom + TOLERANCE):
                    found.append(Overflow(number, box.text.strip(), edge))
                    if len(found) >= limit:
                        return found
                continue
            if not isinstance(box, ParentBox):
                continue
            if box.style["position"] in ("absolute", "fixed"):
                left, right, top, bottom, edge = whole
            if isinstance(box, MarginBox):  # a header or footer: its own box, in the page's margin
                x, y = box.content_box_x(), box.content_box_y()
                left, right, top, bottom, edge = x, x + box.width, y, y + box.height, "overflow-margin"
            elif isinstance(box, TableCellBox):  # a cell grows downwards, never sideways
                x = box.content_box_x()
                left, right, edge = max(left, x), min(right, x + box.width), "overflow-cell"
            if box.style["overflow"] in _CLIPPING:  # what passes its padding edge is not printed
                x, y = box.padding_box_x(), box.padding_box_y()
                left, right = max(left, x), min(right, x + box.padding_width())
                top, bottom = max(top, y), min(bottom, y + box.padding_height())
                edge = "overflow-clip"
            bounds = (left, right, top, bottom, edge)
            stack.extend((child, bounds) for child in reversed(box.children))
    return found


def overflow_finding(where: str, document: str, cut) -> Finding:
    """A piece of text the pages would cut, named by document, page and (the start of) the text."""
    text = cut.text if len(cut.text) <= 40 else f"{cut.text[:40]}…"
    return finding(where, (0, 0), "", "text-overflow", document=document, page=cut.page, text=text,
                   edge=Word(cut.edge))
