"""What the pages draw, judged as drawn: every font one of the configured ones, no glyph missing, no invisible
character. The last word on whatever a style sheet got past the checks of the page's text (glyphs.py)."""
from __future__ import annotations

from ..load.characters import name, refused_in
from .fonts import configured_families
from .overflow import Overflow, laid_out


def closed_fonts():
    """A WeasyPrint font configuration that loads no font of a style sheet's (@font-face, in the page or in an
    SVG image), so text can only be drawn in installed fonts, and notes each one asked for."""
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import fetch

    class ClosedFonts(FontConfiguration):
        asked: list[str] = []

        def add_font_face(self, rule_descriptors, url_fetcher):
            self.asked.append(str(rule_descriptors.get("font_family", "")))
            for kind, url in rule_descriptors.get("src", ()):
                if kind == "external" and url:  # asked of the fetcher, so a forbidden URL is named as such
                    try:
                        with fetch(url_fetcher, url):
                            pass
                    except Exception:  # noqa: BLE001 - refused or unreadable: the fetcher has noted it
                        pass

    fonts = ClosedFonts()
    fonts.asked = []
    return fonts


def invisible_drawn(document) -> list[Overflow]:
    """Each piece of laid-out text (a style sheet's content, quotes, counters, markers and margin boxes
    included) that holds a character no document may hold, with the first such character."""
    from weasyprint.formatting_structure.boxes import TextBox

    found = []
    for number, page in enumerate(document.pages, 1):
        for box in laid_out(page):
            if isinstance(box, TextBox) and refused_in(box.text):
                char = next(c for c in box.text if refused_in(c))
                found.append(Overflow(number, _shown(box.text), "", "drawn-invisible", name(char)))
    return found


def unchecked_fonts(document) -> list[Overflow]:
    """After drawing: every font the PDF drew text in (a page's, a margin box's, an SVG image's) that is not
    one of the configured families, and every character drawn as a missing glyph (.notdef)."""
    allowed = {family.casefold() for family in configured_families()}
    found = []
    for font in document.fonts.values():
        if font.family.casefold() not in allowed:
            drawn = "".join(sorted(set("".join(font.to_unicode.values()))))
            found.append(Overflow(0, _text_in(document, font) or _shown(drawn), font.family,
                                  "font-unchecked"))
        for codepoint in font.missing:
            char = chr(codepoint)
            found.append(Overflow(0, _text_holding(document, char) or char, font.family, "glyph-notdef", name(char)))
    return found


def _text_in(document, font) -> str:
    """The first piece of laid-out text whose style names the font's family, else the first whose style puts
    another family first (monospace, say) and holds a character drawn in the font."""
    from weasyprint.formatting_structure.boxes import TextBox

    allowed = {family.casefold() for family in configured_families()}
    drawn = set("".join(font.to_unicode.values())) - {" "}
    boxes = [box for page in document.pages for box in laid_out(page) if isinstance(box, TextBox) and box.text.strip()]
    for box in boxes:
        if font.family.casefold() in (str(named).casefold() for named in box.style["font_family"]):
            return _shown(box.text)
    for box in boxes:
        if str(box.style["font_family"][0]).casefold() not in allowed and drawn & set(box.text):
            return _shown(box.text)
    return ""


def _text_holding(document, char: str) -> str:
    from weasyprint.formatting_structure.boxes import TextBox

    for page in document.pages:
        for box in laid_out(page):
            if isinstance(box, TextBox) and char in box.text:
                return _shown(box.text)
    return ""


def _shown(text: str) -> str:
    """Text for a message: a refused character named by its code, so the message shows what it hides."""
    return "".join(f"<U+{ord(c):04X}>" if refused_in(c) else c for c in " ".join(text.split()))
