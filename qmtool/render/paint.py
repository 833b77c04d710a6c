"""Text the pages paint so that a reader cannot see it: hidden, too small, overprinted, without contrast, or
painted over.

The pages are walked in WeasyPrint's painting order (its stacking contexts, as draw/__init__.py paints them),
noting every background colour and every piece of text with the transforms and opacity in force. A piece of
text is then seen against the colours painted before it under its middle, and through those painted after it
over the whole of it. Contrast is the ratio of relative luminances, as WCAG measures it; hue is not counted.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import islice

from ..core.messages import Phrase
from .overflow import Overflow

MIN_POINTS = 5.0  # below about 1.8 mm, the strokes of a printed Chinese character run together
MAX_OVERLAP = 0.25  # ems that letter-spacing may take away: beyond it, the characters of a line overprint
MIN_CONTRAST = 1.3  # #ddd on white is 1.36, white on white 1.0; the built-in watermark (#f0c8c8) is 1.52
_PX = 96 / 72  # CSS px per point


@dataclass(frozen=True)
class _Fill:
    """A background colour as painted: its rectangle in its box's coordinates, the inverse of the matrix that
    places them on the page (None: no transform), its bounding box on the page, luminance and opacity."""

    x: float
    y: float
    width: float
    height: float
    inverse: object
    bounds: tuple[float, float, float, float]
    luminance: float | None  # None: an image, whose colours are not known here
    alpha: float

    def holds(self, point: tuple[float, float]) -> bool:
        x, y = point
        left, top, right, bottom = self.bounds
        if not (left <= x <= right and top <= y <= bottom):
            return False
        if self.inverse is not None:
            x, y = self.inverse.transform_point(x, y)
        return self.x <= x <= self.x + self.width and self.y <= y <= self.y + self.height


@dataclass(frozen=True)
class _Text:
    """A piece of text as painted: its box, the matrix that places it on the page, its ancestors' opacity."""

    box: object
    matrix: object
    opacity: float


def unreadable(document) -> list[Overflow]:
    """Every piece of text of the rendered document that is painted hidden, under MIN_POINTS high, with its
    characters overprinting, with less than MIN_CONTRAST against what is behind it, or under a box painted
    over it."""
    from weasyprint.stacking import StackingContext

    found: list[Overflow] = []
    for number, page in enumerate(document.pages, 1):
        sheet = page._page_box
        painted: list = []
        _background(sheet.background, None, 1.0, painted)
        _background(getattr(sheet, "canvas_background", None), None, 1.0, painted)
        _context(StackingContext.from_page(sheet), None, 1.0, painted)
        found += [Overflow(number, item.box.text.strip(), how, "text-unreadable")
                  for item, how in _judge(painted)]
    return found


def _judge(painted: list):
    """Each piece of text that cannot be read, with the catalog's word (or phrase) for why."""
    fills = [item for item in painted if isinstance(item, _Fill)]
    before = 0  # how many of the fills are painted before the item
    for item in painted:
        if isinstance(item, _Fill):
            before += 1
            continue
        box = item.box
        if not box.text.strip():
            continue
        if box.style["visibility"] != "visible":
            yield item, "unreadable-hidden"
            continue
        size = box.style["font_size"] * _smallest_scale(item.matrix) / _PX
        if size < MIN_POINTS:
            yield item, Phrase(("unreadable-small", f"{size:.1f}"))
            continue
        if _crowded(box.style):
            yield item, "unreadable-crowded"
            continue
        corners = _corners(item.matrix, box)
        middle = (sum(x for x, _ in corners) / 4, sum(y for _, y in corners) / 4)
        ground: float | None = 1.0  # the paper
        for fill in islice(fills, before):
            if fill.holds(middle):
                ground = _over(fill.luminance, fill.alpha, ground)
        if ground is None:  # text on an image: its contrast is not known
            continue
        color = box.style["color"]
        ink = _over(_luminance(color), color.alpha * item.opacity, ground)
        if (contrast := _contrast(ink, ground)) < MIN_CONTRAST:
            yield item, Phrase(("unreadable-faint", f"{contrast:.2f}"))
            continue
        for fill in islice(fills, before, None):
            if fill.luminance is not None and all(fill.holds(corner) for corner in corners):
                ink, ground = _over(fill.luminance, fill.alpha, ink), _over(fill.luminance, fill.alpha, ground)
                if _contrast(ink, ground) < MIN_CONTRAST:
                    yield item, "unreadable-covered"
                    break


def _crowded(style) -> bool:
    """Whether letter- or word-spacing draws characters or words over one another."""
    size = style["font_size"]
    letters = 0 if style["letter_spacing"] == "normal" else style["letter_spacing"]
    words = 0 if style["word_spacing"] == "normal" else style["word_spacing"]
    return letters < -MAX_OVERLAP * size or words < -2 * MAX_OVERLAP * size


def _context(context, matrix, opacity: float, painted: list) -> None:
    """A stacking context in the order WeasyPrint's draw_stacking_context paints it."""
    from weasyprint.formatting_structure import boxes

    box = context.box
    if box.transformation_matrix is not None:  # set by WeasyPrint for transformed boxes that are not inline
        matrix = box.transformation_matrix if matrix is None else box.transformation_matrix @ matrix
    opacity *= box.style["opacity"]
    if isinstance(box, (boxes.BlockBox, boxes.MarginBox, boxes.InlineBlockBox, boxes.TableCellBox,
                        boxes.FlexContainerBox, boxes.GridContainerBox, boxes.ReplacedBox)):
        _background(box.background, matrix, opacity, painted)
    for child in context.negative_z_contexts:
        _context(child, matrix, opacity, painted)
    for block in context.block_level_boxes:
        for background in _table_backgrounds(block) if isinstance(block, boxes.TableBox) else (block.background,):
            _background(background, matrix, opacity, painted)
    for child in context.float_contexts:
        _context(child, matrix, opacity, painted)
    if isinstance(box, boxes.InlineBox):
        _inline(box, matrix, opacity, painted)
    _blocks({box: context.blocks_and_cells}, matrix, opacity, painted)
    for child in context.zero_z_contexts + context.positive_z_contexts:
        _context(child, matrix, opacity, painted)


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


def _blocks(blocks_and_cells: dict, matrix, opacity: float, painted: list) -> None:
    from weasyprint.formatting_structure.boxes import LineBox

    for block, inside in blocks_and_cells.items():
        if block.children and isinstance(block.children[-1], LineBox):
            for line in block.children:
                _inline(line, matrix, opacity, painted)
        _blocks(inside, matrix, opacity, painted)


def _inline(box, matrix, opacity: float, painted: list) -> None:
    from weasyprint.formatting_structure.boxes import InlineBox, LineBox, TextBox
    from weasyprint.stacking import StackingContext

    if isinstance(box, StackingContext):  # an inline block
        _context(box, matrix, opacity, painted)
    elif isinstance(box, TextBox):
        painted.append(_Text(box, matrix, opacity))
    else:
        _background(box.background, matrix, opacity, painted)
        if isinstance(box, (InlineBox, LineBox)):
            for child in box.children:
                _inline(child, matrix, opacity, painted)


def _background(background, matrix, opacity: float, painted: list) -> None:
    if background is None or not background.layers:
        return
    if matrix is not None and not matrix.determinant:  # WeasyPrint paints nothing squashed flat
        return
    x, y, width, height = background.layers[-1].painting_area
    inverse = None if matrix is None else matrix.invert
    bounds = _bounds(matrix, x, y, width, height)
    if background.color.alpha > 0:
        painted.append(_Fill(x, y, width, height, inverse, bounds, _luminance(background.color),
                             background.color.alpha * opacity))
    if any(layer.image is not None for layer in background.layers):
        painted.append(_Fill(x, y, width, height, inverse, bounds, None, opacity))


def _bounds(matrix, x: float, y: float, width: float, height: float) -> tuple[float, float, float, float]:
    from weasyprint.anchors import rectangle_aabb

    return rectangle_aabb(matrix, x, y, width, height)


def _corners(matrix, box) -> list[tuple[float, float]]:
    x, y, width, height = box.position_x, box.position_y, box.width, box.height
    points = [(x, y), (x + width, y), (x, y + height), (x + width, y + height)]
    return points if matrix is None else [matrix.transform_point(*point) for point in points]


def _smallest_scale(matrix) -> float:
    """How much a transform shrinks text at most: the smaller singular value of its linear part."""
    if matrix is None:
        return 1.0
    a, b, c, d, _, _ = matrix.values
    squares = a * a + b * b + c * c + d * d
    determinant = abs(a * d - b * c)
    spread = max(0.0, squares * squares - 4 * determinant * determinant) ** 0.5  # 0 but for rounding on a rotation
    return max(0.0, (squares - spread) / 2) ** 0.5


def _over(luminance: float | None, alpha: float, ground: float | None) -> float | None:
    """What a colour painted with alpha over ground shows (blended as light, which the eye adds); None where an
    image is in it, unless painted over it opaquely."""
    alpha = min(max(alpha, 0.0), 1.0)
    if luminance is None or (ground is None and alpha < 1):
        return None
    return luminance if ground is None else alpha * luminance + (1 - alpha) * ground


def _contrast(one: float, other: float) -> float:
    return (max(one, other) + 0.05) / (min(one, other) + 0.05)


def _luminance(color) -> float:
    """Relative luminance (0 black to 1 white) of a colour as WeasyPrint paints it."""
    key = (color.space, tuple(color.coordinates))
    if key not in _LUMINANCES:  # a document has a handful of colours and thousands of pieces of text
        _LUMINANCES[key] = _luminance_of(color)
    return _LUMINANCES[key]


_LUMINANCES: dict[tuple, float] = {}


def _luminance_of(color) -> float:
    space, channels = color.space, tuple(color.coordinates)
    if space in ("srgb", "hsl", "hwb"):
        channels = color.to("srgb").coordinates
    elif space in ("xyz-d65", "xyz-d50"):
        return min(max(channels[1], 0.0), 1.0)
    elif space in ("lab", "lch", "oklab", "oklch"):
        lightness = color.to("lab").coordinates[0]
        return min(max(((lightness + 16) / 116) ** 3 if lightness > 8 else lightness / 903.3, 0.0), 1.0)
    elif len(channels) == 4:  # device-cmyk, or a CMYK profile
        cyan, magenta, yellow, black = channels
        channels = ((1 - cyan) * (1 - black), (1 - magenta) * (1 - black), (1 - yellow) * (1 - black))
    red, green, blue = (tuple(channels) + (0.0, 0.0, 0.0))[:3]  # other spaces: WeasyPrint paints them as sRGB
    return 0.2126 * _linear(red) + 0.7152 * _linear(green) + 0.0722 * _linear(blue)


def _linear(channel: float) -> float:
    channel = min(max(channel, 0.0), 1.0)
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4
