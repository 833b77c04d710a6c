"""What WeasyPrint paints besides text, as rectangles with the colours a reader would see in them."""
from __future__ import annotations

from dataclasses import dataclass

SIDES = ("top", "right", "bottom", "left")
HAIRLINE = 1.0  # CSS px: a line this thin (a table's 0.5 pt rule) hides no 5 pt character and is no text's ground


@dataclass(frozen=True)
class Paint:
    """A rectangle painted in a box's coordinates: the inverse of the matrix that places them on the page (None: no
    transform), its bounding box on the page, what it is painted with and how opaquely, and what it is."""

    x: float
    y: float
    width: float
    height: float
    inverse: object
    bounds: tuple[float, float, float, float]
    thickness: float  # its narrower side as placed on the page
    ink: object  # a colour, or an image, a gradient or an SVG, whose colours shades() looks up when asked
    alpha: float  # the opacity of the boxes it is painted in
    kind: str  # the catalog word for it painted over text: a box, an image, a border

    def holds(self, point: tuple[float, float]) -> bool:
        x, y = point
        left, top, right, bottom = self.bounds
        if not (left <= x <= right and top <= y <= bottom):
            return False
        if self.inverse is not None:
            x, y = self.inverse.transform_point(x, y)
        return self.x <= x <= self.x + self.width and self.y <= y <= self.y + self.height


def paint(rectangle, matrix, ink, alpha: float, kind: str, painted: list) -> None:
    """Note one rectangle (x, y, width, height) painted with ink under matrix, unless it paints nothing."""
    from weasyprint.anchors import rectangle_aabb

    x, y, width, height = rectangle
    if width <= 0 or height <= 0 or alpha <= 0 or (matrix is not None and not matrix.determinant):
        return  # WeasyPrint paints nothing squashed flat
    thickness = min(width, height) * (1.0 if matrix is None else smallest_scale(matrix))
    if thickness < HAIRLINE:
        return
    painted.append(Paint(x, y, width, height, None if matrix is None else matrix.invert,
                         rectangle_aabb(matrix, x, y, width, height), thickness, ink, alpha, kind))


def background(background, matrix, opacity: float, painted: list) -> None:
    """A box's background as draw_background paints it: shadows, colour, image layers (the last one first)."""
    if background is None or not background.layers:
        return
    area = background.layers[-1].painting_area
    _shadows(background, matrix, opacity, painted, inset=False)
    if background.color.alpha > 0:
        paint(area, matrix, background.color, opacity, "unreadable-covered", painted)
    for layer in reversed(background.layers):
        if layer.image is not None and 0 not in layer.size:
            paint(_layer_area(layer), matrix, layer.image, opacity, "unreadable-image", painted)
    _shadows(background, matrix, opacity, painted, inset=True)


def _layer_area(layer) -> tuple[float, float, float, float]:
    """Where one background image lands: its painting area, narrowed to the image along an axis it does not
    repeat on."""
    x, y, width, height = layer.painting_area
    left, right, top, bottom = x, x + width, y, y + height
    image_x = layer.positioning_area[0] + layer.position[0]
    image_y = layer.positioning_area[1] + layer.position[1]
    if layer.repeat[0] == "no-repeat" and not layer.unbounded:
        left, right = max(left, image_x), min(right, image_x + layer.size[0])
    if layer.repeat[1] == "no-repeat" and not layer.unbounded:
        top, bottom = max(top, image_y), min(bottom, image_y + layer.size[1])
    return left, top, right - left, bottom - top


def _shadows(background, matrix, opacity: float, painted: list, inset: bool) -> None:
    """Box shadows where their colour is solid (blur fades the rest): outside the box, or inside it."""
    for x, y, blur, spread, color, shadow_inset in reversed(background.style["box_shadow"]):
        if shadow_inset != inset:
            continue
        color = background.style["color"] if color == "currentcolor" else color
        for box in background.layers[-1].clipped_boxes:
            box = box[:4]
            if inset:  # between the box's edge and the shadow's inner edge
                pieces = _minus(box, _spread(box, blur.value - spread.value, x.value, y.value))
            else:  # outside the box, inside the shadow's solid part
                pieces = _minus(_spread(box, spread.value - blur.value, x.value, y.value), box)
            for piece in pieces:
                paint(piece, matrix, color, opacity, "unreadable-covered", painted)


def _spread(box, spread: float, dx: float, dy: float) -> tuple[float, float, float, float]:
    x, y, width, height = box
    return x + dx - spread, y + dy - spread, max(0.0, width + 2 * spread), max(0.0, height + 2 * spread)


def _minus(outer, inner) -> list[tuple[float, float, float, float]]:
    """The rectangle outer less the rectangle inner, as up to four rectangles."""
    x, y, width, height = outer
    right, bottom = x + width, y + height
    left2, top2 = max(inner[0], x), max(inner[1], y)
    right2, bottom2 = min(inner[0] + inner[2], right), min(inner[1] + inner[3], bottom)
    if left2 >= right2 or top2 >= bottom2:
        return [outer]
    return [(x, y, width, top2 - y), (x, bottom2, width, bottom - bottom2),
            (x, top2, left2 - x, bottom2 - top2), (right2, top2, right - right2, bottom2 - top2)]


def border(box, matrix, opacity: float, painted: list) -> None:
    """A box's column rules and border as draw_border paints them: each side a band of its colour, whatever
    its style (a dashed or double line is judged as solid), or of its border image."""
    from weasyprint.draw.color import get_color
    from weasyprint.formatting_structure import boxes

    style = box.style
    widths = [box.border_top_width, box.border_right_width, box.border_bottom_width, box.border_left_width]
    columns = isinstance(box, boxes.BlockContainerBox) and style["column_rule_width"] and (
        style["column_width"] != "auto" or style["column_count"] != "auto")
    if not (any(widths) or columns) or style["visibility"] != "visible":  # most boxes: asked cheaply first
        return
    if columns:
        _column_rules(box, matrix, opacity, painted)
    if any(widths):
        image = box.border_image if style["border_image_source"][0] != "none" else None
        inks = [image] * 4 if image is not None else [get_color(style, f"border_{side}_color") for side in SIDES]
        bands(box, widths, 0, inks, matrix, opacity, painted)


def bands(box, widths, outset: float, inks, matrix, opacity: float, painted: list) -> None:
    """The four sides of a box's border box grown by outset: top, right, bottom, left, each widths[i] wide."""
    x, y = box.border_box_x() - outset, box.border_box_y() - outset
    width, height = box.border_width() + 2 * outset, box.border_height() + 2 * outset
    top, right, bottom, left = widths
    for rectangle, ink in zip(((x, y, width, top), (x + width - right, y, right, height),
                               (x, y + height - bottom, width, bottom), (x, y, left, height)), inks):
        paint(rectangle, matrix, ink, opacity, "unreadable-border", painted)


def _column_rules(box, matrix, opacity: float, painted: list) -> None:
    from weasyprint.draw.color import get_color
    from weasyprint.layout.percent import percentage

    style = box.style
    width = style["column_rule_width"]
    gap = style["font_size"] if style["column_gap"] == "normal" else percentage(style["column_gap"], style, box.width)
    skip = True  # as draw_column_rules: no rule before the first column, nor around a spanning element
    for child in box.children:
        if child.style["column_span"] == "all" or skip:
            skip = child.style["column_span"] == "all"
            continue
        paint((child.position_x - (width + gap) / 2, child.position_y, width, child.height), matrix,
              get_color(style, "column_rule_color"), opacity, "unreadable-border", painted)


def outlines(box, matrix, opacity: float, painted: list) -> None:
    """The outlines of a box and all it holds, as draw_outline paints them at the end of a stacking context."""
    from weasyprint.draw.color import get_color
    from weasyprint.formatting_structure import boxes

    stack = [box]
    while stack:
        box = stack.pop()
        style = box.style
        width = style["outline_width"]
        if style["visibility"] == "visible" and width and style["outline_style"] != "none":
            color = get_color(style, "outline_color")
            if color.alpha:
                bands(box, (width,) * 4, width + style["outline_offset"], (color,) * 4, matrix, opacity, painted)
        stack.extend(child for child in getattr(box, "children", ()) if isinstance(child, boxes.Box))


def outlined(box) -> bool:
    """Whether a box or anything it holds, positioned boxes too (behind their placeholders), has an outline."""
    from weasyprint.formatting_structure import boxes

    stack = [box]
    while stack:
        box = stack.pop()
        if box.style["outline_width"] and box.style["outline_style"] != "none":
            return True
        stack.extend(child for child in (getattr(child, "_box", child) for child in getattr(box, "children", ()))
                     if isinstance(child, boxes.Box))
    return False


def replaced(box, matrix, opacity: float, painted: list) -> None:
    """The image (img, svg, object) of a replaced box, where draw_replacedbox puts it."""
    from weasyprint.layout.replaced import replacedbox_layout

    if box.style["visibility"] != "visible" or not box.width or not box.height:
        return
    width, height, x, y = replacedbox_layout(box)
    paint((x, y, width, height), matrix, box.replacement, opacity, "unreadable-image", painted)


def smallest_scale(matrix) -> float:
    """How much a transform shrinks at most: the smaller singular value of its linear part."""
    if matrix is None:
        return 1.0
    a, b, c, d, _, _ = matrix.values
    squares = a * a + b * b + c * c + d * d
    determinant = abs(a * d - b * c)
    spread = max(0.0, squares * squares - 4 * determinant * determinant) ** 0.5  # 0 but for rounding on a rotation
    return max(0.0, (squares - spread) / 2) ** 0.5
