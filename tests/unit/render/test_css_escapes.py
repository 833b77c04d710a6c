"""Every character a style sheet can put on the page is held to the rules of the page's text once its CSS escapes
are decoded: in <style>, in style="" attributes, in the CSS files a page can link, and in data: style sheets."""
from __future__ import annotations

import base64

import pytest

from qmtool.core.resources import builtin
from qmtool.render.pdf import TextOverflow, write_pdf
from qmtool.render.stylesheets import css_of_data, page_styles
from tests.helpers import REPO, STYLE_LINES, build_errors, style

RLO, PUA = "\u202e", "\ue000"
# Each way a style sheet puts characters on the page, written with a CSS escape: the line appended to
# style.css, the error, and the column of the escape.
TRICKS = {
    "content": ('table.fees td.number::before { content: "\\202E 最高"; }', "invisible-character", 42),
    "private use": ('table.fees td.number::before { content: "\\E000"; }', "glyph-missing", 42),
    "six digits": ('td::after { content: "\\00202e"; }', "invisible-character", 23),
    "quotes": ('q { quotes: "\\2066" "»"; }', "invisible-character", 14),
    "counter style": ("@counter-style boxes { system: cyclic; symbols: \\E000; suffix: ' '; }", "glyph-missing", 49),
    "marker": ('li::marker { content: "\\200B"; }', "invisible-character", 24),
    "string-set": ('h1 { string-set: title "\\202D" content(); }', "invisible-character", 25),
    "margin box": ('@page { @bottom-left { content: "\\202E 1"; } }', "invisible-character", 34),
    "control": ('td::after { content: "\\7"; }', "control-character", 23),
}


@pytest.mark.parametrize("trick", sorted(TRICKS))
def test_a_css_escape_is_checked_as_the_character_it_stands_for(workspace, trick):
    css, code, column = TRICKS[trick]
    style(workspace, css)
    exit_code, errors = build_errors(workspace)
    assert exit_code == 1
    assert [line.split(": ", 2)[:2] for line in errors] == [[f"templates/style.css:{STYLE_LINES + 2}:{column}",
                                                             f"error[{code}]"]]
    assert not (workspace / "build" / "procedures" / "QP-01.pdf").exists()


def test_an_escape_in_a_style_attribute_is_located_in_its_template(workspace):
    (workspace / "templates").mkdir()
    cover = (REPO / "templates" / "cover.html").read_text("utf-8")
    (workspace / "templates" / "cover.html").write_text(
        cover + "<ol style='list-style-type: \"&#92;E000\"'><li>x</li></ol>\n<p style=\"quotes: '\\202E' ''\">"
        "<q>1</q></p>\n", "utf-8")
    exit_code, errors = build_errors(workspace)
    lines = len(cover.splitlines())
    assert exit_code == 1
    assert [line.split(": ", 2)[:2] for line in errors] == [
        [f"templates/cover.html:{lines + 1}:30", "error[glyph-missing]"],  # &#92; is the backslash
        [f"templates/cover.html:{lines + 2}:20", "error[invisible-character]"]]


def test_an_imported_css_file_and_a_data_style_sheet_are_read_too(workspace):
    imported = base64.b64encode(b'td::before { content: "\\E000" }').decode()
    style(workspace, "", {"extra.css": '/* 价格 */ td::after { content: "\\202E" }\n'})
    sheet = workspace / "templates" / "style.css"
    sheet.write_text(f'@import "extra.css"; @import url(data:text/css;base64,{imported});\n' + sheet.read_text("utf-8"))
    exit_code, errors = build_errors(workspace)
    assert exit_code == 1
    assert sorted(line.split(": ", 2)[1] for line in errors) == ["error[glyph-missing]", "error[invisible-character]"]
    assert any(line.startswith("templates/extra.css:1:32: error[invisible-character]") for line in errors)


def test_the_styles_of_a_page_are_decoded_as_weasyprint_decodes_them():
    page = ('<style>p::before { content: "\\202e" }</style><svg><style>t { x: "\\E000 " }</style></svg>'
            '<link rel=stylesheet href="data:text/css,a::after%7Bcontent:%22%5C2066%22%7D">')
    assert {RLO, PUA, "\u2066"} <= page_styles(page, [builtin("templates")]).characters
    # Nothing but a data: style sheet is decoded: an image's bytes are not text to check.
    assert css_of_data("data:image/png;base64," + base64.b64encode(b"\x07\x1b").decode()) == ""
    assert css_of_data("data:text/css;charset=utf-8;base64," + base64.b64encode(b"a{}").decode()) == "a{}"
    assert not page_styles("<p>a \\ b</p>", [builtin("templates")]).font_face


def test_the_reference_style_sheets_hold_nothing_refused():
    styles = page_styles("", [REPO / "templates", builtin("templates")])
    assert not styles.font_face and not {RLO, PUA} & styles.characters


def test_an_invisible_character_a_style_draws_is_refused_past_the_page_checks():
    """The second line: the laid-out text itself, generated content included, is read for refused characters."""
    page = ('<html lang="en"><head><style>* { font-family: "Noto Serif CJK SC" } td::before { content: "\\202E 最高" }'
            "</style></head><body><table><tr><td>00.081</td></tr></table></body></html>")
    with pytest.raises(TextOverflow) as refused:
        write_pdf(page, [builtin("templates")], [], "plain", "2000-01-01")
    [drawn] = refused.value.overflows
    assert (drawn.code, drawn.page, drawn.text, drawn.char) == (
        "drawn-invisible", 1, "<U+202E>最高", "U+202E RIGHT-TO-LEFT OVERRIDE")
