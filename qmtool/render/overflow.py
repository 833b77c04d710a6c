"""Text a reader of the PDF would not see: cut off by its page, cell or a clipping box, or lost as dropped.py,
paint.py and svgtext.py find. The one check write_pdf runs on the laid-out pages."""
from __future__ import annotations

from dataclasses import dataclass
from math import inf

from ..core.messages import Word
from ..core.problem import Finding, finding

TOLERANCE = 0.5  # CSS px (0.13 mm): the layout's rounding, far below what a reader could see
LIMIT = 20  # problems reported per document: the first ones say what to fix
_CLIPPING = frozenset(("hidden", "clip", "scroll", "auto"))


@dataclass(frozen=True)
class Overflow:
    """One piece of text a reader would not see: the page it is on (0: none), the text, and why."""

    page: int
    text: str
    edge: str  # a word of the message catalog: the edge the text crosses, or how it is hidden
    code: str = "text-overflow"  # or text-dropped, text-unreadable, or one of drawn.py's
    char: str = ""  # the character drawn.py found, named


def overflows(document, root=None, limit: int = LIMIT) -> list[Overflow]:
    """Every piece of text of a rendered WeasyPrint document that its PDF would not show a reader: cut off
    (here), absent from the pages though root (the document's HTML tree) holds it, drawn unreadably, cut
    by the edge of its SVG image, or holding an invisible character a style sheet put there."""
    from .drawn import invisible_drawn
    from .dropped import dropped
    from .paint import unreadable
    from .svgtext import cut_svg_text

    found = cut(document, limit)
    if len(found) < limit and root is not None:
        found += dropped(document, root)
    if len(found) < limit:
        found += unreadable(document, frozenset((lost.page, lost.text) for lost in found))
    if len(found) < limit:
        found += cut_svg_text(document)
    if len(found) < limit:
        found += invisible_drawn(document)
    return found[:limit]


def cut(document, limit: int = LIMIT) -> list[Overflow]:
    """Every text box that extends past what may hold it, as placed on the sheet (CSS transforms applied).

    Reads WeasyPrint's box tree (page._page_box), which it keeps for exactly this kind of use; a text box's
    position and width are in the coordinates of its transformed ancestors, whose transformation_matrix (set
    by WeasyPrint when it renders) places them on the page. Positioned (absolute, fixed) text, such as a
    watermark, may use the whole sheet, margins included. The edge named is the innermost one crossed.
    """
    from weasyprint.anchors import rectangle_aabb
    from weasyprint.formatting_structure.boxes import InlineBox, MarginBox, ParentBox, TableCellBox, TextBox

    found: list[Overflow] = []
    for number, page in enumerate(document.pages, 1):
        sheet = page._page_box
        area = ((sheet.content_box_x(), sheet.content_box_x() + sheet.width,
                 sheet.content_box_y(), sheet.content_box_y() + sheet.height, "overflow-page"),)
        whole = ((0, sheet.margin_width(), 0, sheet.margin_height(), "overflow-page"),)
        stack = [(child, area, None) for child in reversed(sheet.children)]
        while stack:
            box, edges, matrix = stack.pop()
            box = getattr(box, "_box", box)  # an absolutely positioned box sits in the tree behind a placeholder
            if isinstance(box, TextBox):
                x1, y1, x2, y2 = rectangle_aabb(matrix, box.position_x, box.position_y, box.width, box.height)
                crossed = next((edge for left, right, top, bottom, edge in reversed(edges)
                                if x1 < left - TOLERANCE or x2 > right + TOLERANCE
                                or y1 < top - TOLERANCE or y2 > bottom + TOLERANCE), None)
                if crossed and box.text.strip():
                    found.append(Overflow(number, box.text.strip(), crossed))
                    if len(found) >= limit:
                        return found
                continue
            if not isinstance(box, ParentBox):
                continue
            if box.transformation_matrix is not None and not isinstance(box, InlineBox):
                # it moves the box and all it holds, its own edges included (WeasyPrint ignores it on inlines)
                matrix = box.transformation_matrix if matrix is None else box.transformation_matrix @ matrix
            if box.style["position"] in ("absolute", "fixed"):
                edges = whole
            if isinstance(box, MarginBox):  # a header or footer: its own box, in the page's margin
                edges = ((*_placed(matrix, box.content_box_x(), box.content_box_y(), box.width, box.height),
                          "overflow-margin"),)
            elif isinstance(box, TableCellBox):  # a cell grows downwards, never sideways
                left, right, _, _ = _placed(matrix, box.content_box_x(), box.content_box_y(), box.width, box.height)
                edges = (*edges, (left, right, -inf, inf, "overflow-cell"))
            if box.style["overflow"] in _CLIPPING:  # what passes its padding edge is not printed
                edges = (*edges, (*_placed(matrix, box.padding_box_x(), box.padding_box_y(), box.padding_width(),
                                           box.padding_height()), "overflow-clip"))
            if box.style["clip"] and box.style["position"] in ("absolute", "fixed"):
                edges = (*edges, (*_placed(matrix, *_clip_rectangle(box)), "overflow-clip"))
            stack.extend((child, edges, matrix) for child in reversed(box.children))
    return found


def laid_out(page):
    """Every box of a laid-out page, positioned ones (behind their placeholders) included."""
    from weasyprint.formatting_structure.boxes import ParentBox

    stack = [page._page_box]
    while stack:
        box = stack.pop()
        box = getattr(box, "_box", box)
        yield box
        if isinstance(box, ParentBox):
            stack.extend(reversed(box.children))


def _placed(matrix, x: float, y: float, width: float, height: float) -> tuple[float, float, float, float]:
    """A rectangle of a box's coordinates as it lies on the page: left, right, top, bottom of its bounding box."""
    from weasyprint.anchors import rectangle_aabb

    x1, y1, x2, y2 = rectangle_aabb(matrix, x, y, width, height)
    return x1, x2, y1, y2


def _clip_rectangle(box) -> tuple[float, float, float, float]:
    """The rectangle the clip property keeps of an absolutely positioned box, as WeasyPrint draws it (between
    its right and left offsets, its top and bottom ones; auto is the border edge)."""
    top, right, bottom, left = box.style["clip"]
    top = 0 if top == "auto" else top
    right = 0 if right == "auto" else right
    bottom = box.border_height() if bottom == "auto" else bottom
    left = box.border_width() if left == "auto" else left
    x, y = box.border_box_x(), box.border_box_y()
    return x + min(left, right), y + min(top, bottom), abs(left - right), abs(bottom - top)


def overflow_findings(where: str, document: str, lost, printed=(), templates=()) -> list[Finding]:
    """The pieces of text a PDF would not show (lost), at where; but text that runs past an edge, which a
    shorter value may cure, at the one value of printed ((file, pointer, text) of what the document prints)
    that holds it, once for that value (a long name in every page's header is one mistake, not one per line
    and page). Text a style hides is the style's doing, and stays at where, as does a template's own text, a
    value printed otherwise than written (a fee, a date) and a piece that more than one value, or a value and
    one of templates (the template files' texts), hold."""
    held = {(source.display, pointer): (source, "".join(text.split())) for source, pointer, text in printed}
    found: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for piece in lost:
        squeezed = "".join(piece.text.split()) if piece.code == "text-overflow" else ""
        holders = [place for place, (_, text) in held.items() if squeezed and squeezed in text][:2]
        if len(holders) == 1 and any(squeezed in "".join(text.split()) for text in templates):
            holders.append(("", ""))  # the template may print it itself: no one value is to blame
        if len(holders) != 1:
            found.append(overflow_finding(where, document, piece))
        elif holders[0] not in seen:
            seen.add(holders[0])
            source = held[holders[0]][0]
            found.append(overflow_finding(source.display, document, piece, source.mark(holders[0][1]),
                                          holders[0][1]))
    return found


def overflow_finding(where: str, document: str, lost: Overflow, mark: tuple[int, int] = (0, 0),
                     pointer: str = "") -> Finding:
    """A piece of text the PDF would not show, named by document, page and (the start of) the text."""
    if lost.code == "font-face":  # a style sheet asked for a font of its own, which was not loaded
        return finding(where, (0, 0), "", "font-face")
    text = lost.text if len(lost.text) <= 40 else f"{lost.text[:40]}…"
    params = {"document": document, "text": text}
    if lost.char:
        params["char"] = lost.char
    if lost.code in ("font-unchecked", "glyph-notdef"):  # drawn.py's, found once the PDF is drawn
        params["font"] = lost.edge
    elif lost.code == "drawn-invisible":
        params["page"] = lost.page
    elif lost.code != "text-dropped":  # dropped text is on no page
        why = Word(lost.edge) if isinstance(lost.edge, str) else lost.edge  # a Phrase when it has a figure
        params.update({"page": lost.page, "edge" if lost.code == "text-overflow" else "how": why})
    return finding(where, mark, pointer, lost.code, **params)
