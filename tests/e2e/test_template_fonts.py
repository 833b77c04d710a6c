"""Text is drawn only in the installed fonts the glyph check judges: a template's @font-face is refused where it
is written, and the laid-out PDF is checked for any font (or missing glyph) the checks never judged."""
from __future__ import annotations

import base64
from pathlib import Path

import pytest

from qmtool.core.resources import builtin
from qmtool.render.pdf import TextOverflow, write_pdf
from tests.helpers import REPO, STYLE_LINES, build_errors, style

DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def swapped_font(path) -> None:
    """DejaVu Sans drawing the digit 5 as an 8: what a template's font could do to a price."""
    from fontTools.ttLib import TTFont

    font = TTFont(DEJAVU)
    for table in font["cmap"].tables:
        if 0x35 in table.cmap:
            table.cmap[0x35] = "eight"
    font.save(str(path))


SWAP = '@font-face { font-family: "Swap"; src: url(x.ttf); }  table.fees td.number { font-family: "Swap"; }'
DATA = base64.b64encode(b"\0\1\0\0 not a font").decode()
FONT_FACES = {  # each: the line appended to style.css, and the column its @font-face starts at
    "template file": (SWAP, 1),
    "data url": (f'td {{ color: black }} @font-face {{ font-family: "D"; src: url(data:font/ttf;base64,{DATA}) }}', 21),
    "local": ('@font-face { font-family: "Noto Serif CJK SC"; src: local("DejaVu Sans"); }', 1),
    "escaped name": ('@font-fac\\65 { font-family: "E"; src: url(x.ttf); }', 1),
    "upper case": ('@FONT-FACE { font-family: "U"; src: url(x.ttf); }', 1),
    "inside media": ('@media print { @font-face { font-family: "M"; src: url(x.ttf); } }', 16),
}


@pytest.mark.parametrize("form", sorted(FONT_FACES))
def test_a_font_face_in_a_template_is_refused_at_its_line_and_column(workspace, form):
    css, column = FONT_FACES[form]
    swapped_font(workspace / "x.ttf")
    style(workspace, css)
    (workspace / "x.ttf").rename(workspace / "templates" / "x.ttf")
    code, errors = build_errors(workspace)
    assert code == 1
    assert errors == [f"templates/style.css:{STYLE_LINES + 2}:{column}: error[font-face]: a template declares a "
                      "font of its own (@font-face): text is drawn only in the installed fonts whose every character "
                      "qmtool checks, and a font of a template's could draw any character as another"]
    assert not (workspace / "build" / "procedures" / "QP-01.pdf").exists()


def test_a_font_face_in_an_imported_style_sheet_is_located_there(workspace):
    """A CSS file the style imports is read as it is (no Jinja): its column counts characters, not bytes."""
    (workspace / "templates").mkdir()
    (workspace / "templates" / "style.css").write_text(
        '@import "fonts.css";\n' + (REPO / "templates" / "style.css").read_text("utf-8"), "utf-8")
    (workspace / "templates" / "fonts.css").write_text(
        '/* 字体 */\n/* 价格 */ @font-face { font-family: "F"; src: url(x.ttf); }\n', "utf-8")
    code, errors = build_errors(workspace)
    assert code == 1
    assert [line.split(": error")[0] for line in errors] == ["templates/fonts.css:2:10"]


def _page(css: str) -> str:
    return ('<html lang="en"><head><style>* { font-family: "Noto Serif CJK SC" } ' + css +
            '</style></head><body><table class="fees"><tr><td class="number">5.00</td><td>元</td></tr></table>'
            "</body></html>")


def _drawn(css: str) -> tuple:
    """What write_pdf refuses in a page with css, the checks of the page's text bypassed."""
    with pytest.raises(TextOverflow) as refused:
        write_pdf(_page(css), [builtin("templates")], [], "plain", "2000-01-01")
    return refused.value.overflows


def test_the_pdf_never_loads_a_font_face_even_past_the_page_checks():
    """The second line: WeasyPrint is given a font configuration that loads no style sheet's font, even one
    named as a configured family, and the build is told one was asked for."""
    swap = "data:font/ttf;base64," + base64.b64encode(Path(DEJAVU).read_bytes()).decode()
    [refused] = _drawn(f'@font-face {{ font-family: "Noto Serif CJK SC"; src: url({swap}) }}')
    assert (refused.code, refused.text) == ("font-face", "Noto Serif CJK SC")


@pytest.mark.parametrize("family", ['"DejaVu Sans"', "monospace", "serif, \"DejaVu Serif\""])
def test_text_drawn_in_a_font_the_glyph_check_did_not_judge_is_refused(family):
    """DejaVu is installed but unchecked: a style may name only the configured Noto CJK families."""
    found = _drawn(f"td.number {{ font-family: {family} }}")
    assert {item.code for item in found} == {"font-unchecked"}
    assert any("5.00" in item.text and "DejaVu" in item.edge for item in found)


def test_a_character_drawn_as_a_missing_glyph_is_refused_with_its_font():
    [missing] = _drawn('td.number::before { content: "\\E000" }')
    assert (missing.code, missing.char, missing.edge) == ("glyph-notdef", "U+E000", "Noto Serif CJK SC")


def test_the_built_in_style_draws_only_in_the_configured_fonts():
    pdf, pages = write_pdf(_page(""), [builtin("templates")], [], "plain", "2000-01-01")
    assert pages == 1 and pdf.startswith(b"%PDF")


def test_a_workspace_style_naming_dejavu_fails_the_build_naming_the_text(workspace):
    style(workspace, 'table.fees td.number { font-family: "DejaVu Sans"; }')
    code, errors = build_errors(workspace)
    assert code == 1
    assert errors == ['procedures/QP-01-demo.yaml: error[font-unchecked]: QP-01: the text "300.00" is drawn in the '
                      'font "DejaVu Sans", whose characters qmtool does not check; the PDF might not show what the '
                      "source says"]
