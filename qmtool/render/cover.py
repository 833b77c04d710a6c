"""Whether what is painted over a piece of text hides it: a box, an image, a gradient, a border, an outline.

A piece of text is looked at on a grid of points an eighth of an em apart over the body of its letters
(from its baseline to 0.7 em above it). A point is hidden when what is painted over it leaves its ink under
MIN_CONTRAST against its ground: a colour is blended in as painted; an image, a gradient or an SVG is judged by
the span of its luminances, so it hides wherever it is not wholly transparent. One hidden point is enough: the
top third of a digit hidden turns 35.50 into 33.30, so any paint over the letters at least THIN ems wide and
high (a hairline such as a table's border crossing text is not) covers the text. A watermark (faint text
set behind the content) is covered only when hidden at every point, since the content is printed over it
by design.
"""
from __future__ import annotations

from bisect import bisect_left
from math import ceil

from .shades import contrast, over, shade

MIN_CONTRAST = 1.3  # #ddd on white is 1.36, white on white 1.0; the built-in watermark (#f0c8c8) is 1.52
THIN = 0.15  # ems: a hairline such as a table's border crossing text hides no character
STEP = 0.125  # ems between the points looked at: closer than THIN, so no paint that thick falls between them
HEIGHTS = (0.05, 0.175, 0.3, 0.425, 0.55, 0.675)  # ems above the baseline: the body of letters, below the accents
STRIP = 48.0  # CSS px: the height of the page's strips in which paint is looked up


class Strips:
    """The paint of one page, in painting order, indexed by the horizontal strips of the page it crosses."""

    def __init__(self, paints: list) -> None:
        self.paints = paints
        self._strips: dict[int, list[int]] = {}
        for order, item in enumerate(paints):
            _, top, _, bottom = item.bounds
            for strip in range(int(top // STRIP), int(bottom // STRIP) + 1):
                self._strips.setdefault(strip, []).append(order)

    def under(self, before: int, point: tuple[float, float]) -> list:
        """The paint among the first `before` that holds point, in painting order."""
        orders = self._strips.get(int(point[1] // STRIP), ())
        return [self.paints[order] for order in orders[:bisect_left(orders, before)] if self.paints[order].holds(point)]

    def over(self, after: int, bounds: tuple[float, float, float, float], thinnest: float) -> list:
        """The paint from order `after` on whose bounding box meets bounds and at least thinnest thick."""
        left, top, right, bottom = bounds
        found: set[int] = set()
        for strip in range(int(top // STRIP), int(bottom // STRIP) + 1):
            orders = self._strips.get(strip, ())
            if orders and orders[-1] >= after:  # most text is painted after all paint under it
                found.update(orders[bisect_left(orders, after):])
        paints = (self.paints[order] for order in sorted(found))
        return [item for item in paints if item.thickness >= thinnest and item.bounds[0] <= right
                and item.bounds[2] >= left and item.bounds[1] <= bottom and item.bounds[3] >= top]


def covering(text, ink: float, ground: float | None, paints: list, watermark: bool, images: dict) -> str | None:
    """The catalog word for what hides the text (a column of it, or all of it for a watermark), or None."""
    box, matrix = text.box, text.matrix
    size = box.style["font_size"]
    if ground is None:  # on an image: assume the ground it stands out from most
        ground = 0.0 if ink > 0.5 else 1.0
    columns = max(1, min(400, ceil(box.width / (STEP * size))))
    for column in range(columns):
        x = box.position_x + (column + 0.5) * box.width / columns
        for height in HEIGHTS:
            point = (x, box.position_y + box.baseline - height * size)
            if matrix is not None:
                point = matrix.transform_point(*point)
            kind = _hiding(point, ink, ground, paints, images)
            if kind and not watermark:
                return kind
            if watermark and not kind:
                return None
    return kind if watermark else None


def _hiding(point, ink: float, ground: float, paints: list, images: dict) -> str | None:
    """The kind of the paint that hides the point, blended in painting order, or None."""
    for item in paints:
        if not item.holds(point) or (found := shade(item.ink, item.alpha, images)) is None:
            continue
        low, high, alpha = found
        if low != high:  # hidden if it would be by the colour of any part of the image
            if min(contrast(over(lightness, alpha, ink), over(lightness, alpha, ground)) for lightness in (low, high)) \
                    < MIN_CONTRAST:
                return item.kind
            continue
        ink, ground = over(low, alpha, ink), over(low, alpha, ground)
        if contrast(ink, ground) < MIN_CONTRAST:
            return item.kind
    return None
