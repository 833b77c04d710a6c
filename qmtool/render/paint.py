"""Text the pages paint so that a reader cannot see it: hidden, too small, overprinted, without contrast, or
painted over.

The pages are walked in WeasyPrint's painting order (its stacking contexts, as draw/__init__.py paints them),
noting every piece of text with the transforms and opacity in force, and all else that is painted (paints.py):
backgrounds (colours, images, gradients, box shadows), borders, column rules, outlines, and the images of
img, svg and object. A piece of text is seen against what is painted before it under its middle (an image
there leaves its contrast unknown), and through what is painted after it (cover.py: any paint, a colour as
blended, an image or a gradient as opaque unless wholly transparent, a border or an outline as a solid band of
its colour). Contrast is the ratio of relative luminances, as WCAG measures it; hue is not counted. Two pieces
of text whose letters lie on one another overprint (overprint.py). A watermark, faint text set behind the
content (negative z-index) as the built-in one is, may be printed over and partly covered.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..core.messages import Phrase
from . import paints
from .cover import MIN_CONTRAST, THIN, Strips, covering
from .overflow import Overflow
from .overprint import overprinted
from .shades import contrast, luminance, over, shade

MIN_POINTS = 5.0  # below about 1.8 mm, the strokes of a printed Chinese character run together
MAX_OVERLAP = 0.25  # ems that letter-spacing may take away: beyond it, the characters of a line overprint
WATERMARK = 3.0  # a contrast under WCAG's least for large text: faint, as a watermark is (the built-in one 1.52)
_PX = 96 / 72  # CSS px per point


class _Painted(list):
    """The paint and text of one page in painting order; outlines: whether any box of the page has an outline
    (most pages have none, and are not walked again for them at every stacking context)."""

    outlines = False


@dataclass(slots=True)
class _Text:
    """A piece of text as painted: its box, the matrix that places it on the page, its ancestors' opacity, and
    whether it is set behind the content (in a stacking context of negative z-index)."""

    box: object
    matrix: object
    opacity: float
    behind: bool


def unreadable(document, cut: frozenset = frozenset()) -> list[Overflow]:
    """Every piece of text of the rendered document that is painted hidden, under MIN_POINTS high, with its
    characters overprinting, with less than MIN_CONTRAST against what is behind it, painted over, or printed
    over other text; cut holds (page, text) of the text found running past its edge, whose overprinting says
    nothing more."""
    from weasyprint.stacking import StackingContext

    found: list[Overflow] = []
    images: dict = {}  # raster images already looked at, for all pages
    for number, page in enumerate(document.pages, 1):
        sheet = page._page_box
        painted = _Painted()
        painted.outlines = paints.outlined(sheet)
        paints.background(sheet.background, None, 1.0, painted)
        paints.background(getattr(sheet, "canvas_background", None), None, 1.0, painted)
        paints.border(sheet, None, 1.0, painted)
        _context(StackingContext.from_page(sheet), None, 1.0, False, painted)
        found += [Overflow(number, item.box.text.strip(), how, "text-unreadable")
                  for item, how in _judge(painted, images, {text for page, text in cut if page == number})]
    return found


def _judge(painted: list, images: dict, cut: set):
    """Each piece of text that cannot be read, with the catalog's word (or phrase) for why."""
    strips = Strips([item for item in painted if isinstance(item, paints.Paint)])
    readable = []
    before = 0  # how many paints are painted before the item
    for item in painted:
        if isinstance(item, paints.Paint):
            before += 1
            continue
        box = item.box
        if not box.text.strip():
            continue
        if box.style["visibility"] != "visible":
            yield item, "unreadable-hidden"
            continue
        scale = paints.smallest_scale(item.matrix)
        size = box.style["font_size"] * scale / _PX
        if size < MIN_POINTS:
            yield item, Phrase(("unreadable-small", f"{size:.1f}"))
            continue
        if _crowded(box.style):
            yield item, "unreadable-crowded"
            continue
        corners = _corners(item.matrix, box)
        xs, ys = [x for x, _ in corners], [y for _, y in corners]
        middle = ((xs[0] + xs[3]) / 2, (ys[0] + ys[3]) / 2)  # opposite corners: the middle under any transform
        ground: float | None = 1.0  # the paper
        for under in strips.under(before, middle):
            if (found := shade(under.ink, under.alpha, images)) is not None:
                ground = over(found[0] if found[0] == found[1] else None, found[2], ground)
        color = box.style["color"]
        ink = over(luminance(color), color.alpha * item.opacity, 1.0 if ground is None else ground)
        seen = None if ground is None else contrast(ink, ground)  # on an image: not known
        if seen is not None and seen < MIN_CONTRAST:
            yield item, Phrase(("unreadable-faint", f"{seen:.2f}"))
            continue
        watermark = item.behind and seen is not None and seen < WATERMARK
        cover = strips.over(before, (min(xs), min(ys), max(xs), max(ys)), THIN * box.style["font_size"] * scale)
        if cover and (word := covering(item, ink, ground, cover, watermark, images)):
            yield item, word
        elif not watermark and box.text.strip() not in cut:
            readable.append(item)
    for item, other in overprinted(readable):
        text = other.box.text.strip()
        yield item, Phrase(("unreadable-overprinted", text if len(text) <= 20 else f"{text[:20]}…"))


def _crowded(style) -> bool:
    """Whether letter- or word-spacing draws characters or words over one another."""
    size = style["font_size"]
    letters = 0 if style["letter_spacing"] == "normal" else style["letter_spacing"]
    words = 0 if style["word_spacing"] == "normal" else style["word_spacing"]
    return letters < -MAX_OVERLAP * size or words < -2 * MAX_OVERLAP * size


def _context(context, matrix, opacity: float, behind: bool, painted: list) -> None:
    """A stacking context in the order WeasyPrint's draw_stacking_context paints it."""
    from weasyprint.formatting_structure import boxes

    box = context.box
    if box.transformation_matrix is not None:  # set by WeasyPrint for transformed boxes that are not inline
        matrix = box.transformation_matrix if matrix is None else box.transformation_matrix @ matrix
    opacity *= box.style["opacity"]
    if isinstance(box, (boxes.BlockBox, boxes.MarginBox, boxes.InlineBlockBox, boxes.TableCellBox,
                        boxes.FlexContainerBox, boxes.GridContainerBox, boxes.ReplacedBox)):
        paints.background(box.background, matrix, opacity, painted)
        paints.border(box, matrix, opacity, painted)
    for child in context.negative_z_contexts:
        _context(child, matrix, opacity, True, painted)
    for block in context.block_level_boxes:
        if isinstance(block, boxes.TableBox):
            _table(block, matrix, opacity, painted)
        else:
            paints.background(block.background, matrix, opacity, painted)
            paints.border(block, matrix, opacity, painted)
    for child in context.float_contexts:
        _context(child, matrix, opacity, behind, painted)
    if isinstance(box, boxes.InlineBox):
        _inline(box, matrix, opacity, behind, painted)
    _blocks({box: context.blocks_and_cells}, matrix, opacity, behind, painted)
    for child in context.zero_z_contexts + context.positive_z_contexts:
        _context(child, matrix, opacity, behind, painted)
    if painted.outlines:
        paints.outlines(box, matrix, opacity, painted)


def _table(table, matrix, opacity: float, painted: list) -> None:
    """A table as draw_table paints it: the backgrounds of its parts, then its borders (collapsed ones as the
    halves each cell holds)."""
    for background in _table_backgrounds(table):
        paints.background(background, matrix, opacity, painted)
    collapsed = table.style["border_collapse"] == "collapse"
    if not collapsed:
        paints.border(table, matrix, opacity, painted)
    for group in table.children:
        for row in group.children:
            for cell in row.children:
                if collapsed or cell.style["empty_cells"] == "show" or not cell.empty:
                    paints.border(cell, matrix, opacity, painted)


def _table_backgrounds(table):
    yield table.background
    for group in table.column_groups:
        yield group.background
        yield from (column.background for column in group.children)
    for group in table.children:
        yield group.background
        for row in group.children:
            yield row.background
            yield from (cell.background for cell in row.children)


def _blocks(blocks_and_cells: dict, matrix, opacity: float, behind: bool, painted: list) -> None:
    from weasyprint.formatting_structure.boxes import LineBox, ReplacedBox

    for block, inside in blocks_and_cells.items():
        if isinstance(block, ReplacedBox):
            paints.replaced(block, matrix, opacity, painted)
        elif block.children and isinstance(block.children[-1], LineBox):
            for line in block.children:
                _inline(line, matrix, opacity, behind, painted)
        _blocks(inside, matrix, opacity, behind, painted)


def _inline(box, matrix, opacity: float, behind: bool, painted: list) -> None:
    from weasyprint.formatting_structure.boxes import InlineBox, InlineReplacedBox, LineBox, TextBox
    from weasyprint.stacking import StackingContext

    if isinstance(box, StackingContext):  # an inline block
        _context(box, matrix, opacity, behind, painted)
    elif isinstance(box, TextBox):
        painted.append(_Text(box, matrix, opacity, behind))
    else:
        paints.background(box.background, matrix, opacity, painted)
        paints.border(box, matrix, opacity, painted)
        if isinstance(box, (InlineBox, LineBox)):
            for child in box.children:
                _inline(child, matrix, opacity, behind, painted)
        elif isinstance(box, InlineReplacedBox):
            paints.replaced(box, matrix, opacity, painted)


def _corners(matrix, box) -> list[tuple[float, float]]:
    x, y, width, height = box.position_x, box.position_y, box.width, box.height
    points = [(x, y), (x + width, y), (x, y + height), (x + width, y + height)]
    return points if matrix is None else [matrix.transform_point(*point) for point in points]


