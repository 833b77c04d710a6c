"""SVG text that its image's edge cuts: a chart's label drawn past the viewport is silently not printed."""
from __future__ import annotations

from .overflow import TOLERANCE, Overflow, laid_out


def cut_svg_text(document) -> list[Overflow]:
    """Every text element of an SVG image on the pages that reaches past the image's edges.

    WeasyPrint draws SVG text straight into the PDF, with no text boxes to look at; so each SVG image is drawn
    once more, into a stream that is thrown away, by an SVG drawer that notes where each text element lands.
    """
    from weasyprint.formatting_structure.boxes import ReplacedBox
    from weasyprint.images import SVGImage
    from weasyprint.layout.replaced import replacedbox_layout

    found: list[Overflow] = []
    for number, page in enumerate(document.pages, 1):
        for box in laid_out(page):
            if not isinstance(box, ReplacedBox) or not isinstance(box.replacement, SVGImage):
                continue
            if box.style["visibility"] != "visible" or not box.width or not box.height:
                continue  # WeasyPrint draws nothing of it
            width, height, _, _ = replacedbox_layout(box)
            found += [Overflow(number, text, "overflow-image") for text, (x1, y1, x2, y2) in
                      _texts(box.replacement, width, height)
                      if x1 < -TOLERANCE or y1 < -TOLERANCE or x2 > width + TOLERANCE or y2 > height + TOLERANCE]
    return found


def _texts(image, width: float, height: float) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Each text element of an SVG image drawn width by height: its text and its bounding box in the image."""
    import pydyf
    from weasyprint.pdf.stream import Stream
    from weasyprint.svg import SVG
    from weasyprint.svg.bounding_box import is_valid_bounding_box
    from weasyprint.svg.utils import size

    class Following(Stream):
        """A stream whose groups start from its transform: WeasyPrint draws a group (an opacity, a text
        anchor) where it makes it, so its content lies where the stream's transform puts it."""

        def clone(self, **kwargs):
            clone = Following(**{"fonts": self._fonts, "page_rectangle": self.page_rectangle,
                                 "resources": self._resources, "images": self._images, "tags": self._tags,
                                 "color_profiles": self._color_profiles, "output_intent": self._output_intent,
                                 "compress": False, **kwargs})
            clone._ctm_stack = [self.ctm]
            return clone

    class Measuring(SVG):
        """Draws as WeasyPrint does, noting each text element with the transform it is drawn with."""

        placed: list = []

        def draw_node(self, node, font_size, fill_stroke=True, context=None):
            if node.tag != "text" or not node.visible:
                return super().draw_node(node, font_size, fill_stroke, context)
            own = self.get_node_transform_matrix(node, size(node.get("font-size", "1em"), font_size, font_size))
            matrix = self.stream.ctm if own is None else own @ self.stream.ctm
            super().draw_node(node, font_size, fill_stroke, context)
            if is_valid_bounding_box(node.text_bounding_box):
                self.placed.append((node, matrix))

    svg = image._svg
    measuring = Measuring(svg.tree._etree_node, svg.url, svg.font_config, svg.url_fetcher)
    measuring.placed = []
    resources = pydyf.Dictionary({name: pydyf.Dictionary() for name in ("ExtGState", "XObject", "Pattern",
                                                                         "Shading", "ColorSpace")})
    resources["Font"] = None
    stream = Following({}, (0, 0, width, height), resources, {}, None, {}, None, compress=False)
    measuring.draw(stream, width, height, image._base_url, image._context)
    texts = []
    for node, matrix in measuring.placed:
        x, y, box_width, box_height = node.text_bounding_box
        anchor, direction = node.get("text-anchor", "start"), node.get("direction", "ltr")
        if (anchor, direction) not in (("start", "ltr"), ("end", "rtl")):  # as SVG.draw_node shifts it
            x -= box_width / 2 if anchor == "middle" else box_width
        corners = [matrix.transform_point(px, py) for px in (x, x + box_width) for py in (y, y + box_height)]
        xs, ys = [px for px, _ in corners], [py for _, py in corners]
        texts.append((_text(node), (min(xs), min(ys), max(xs), max(ys))))
    return texts


def _text(node) -> str:
    """The words of a text element, its tspans' included."""
    return " ".join("".join(node._etree_node.itertext()).split())
