"""Text painted over: by an image, a gradient, a background image, a border, an outline, a column rule, a shadow, or
other text. Whatever WeasyPrint paints after a piece of text and over it may hide it, and the build says so."""
from __future__ import annotations

import pytest
from click.testing import CliRunner
from PIL import Image

from qmtool.build.pipeline import build
from qmtool.cli import main
from tests.helpers import REPO, digest

PRICE = '<td class="number">{{ f.price }}</td>'
OVERLAY = '<div style="position: absolute; left: 0; top: 0; width: 100%; height: 100%; {}"></div>'
OVER_THE_PRICE = {  # the fee table's price cell as a hostile template makes it, and the word of the message
    "img": ('<img src="white.png" style="position: absolute; left: 0; top: 0; width: 100%; height: 100%">',
            "is covered by an image or gradient painted over it"),
    "svg-img": ('<img src="white.svg" style="position: absolute; left: 0; top: 0; width: 100%; height: 100%">',
                "is covered by an image or gradient painted over it"),
    "background-image": (OVERLAY.format("background-image: url(white.png)"),
                         "is covered by an image or gradient painted over it"),
    "gradient": (OVERLAY.format("background: linear-gradient(white, white)"),
                 "is covered by an image or gradient painted over it"),
    "border": (OVERLAY.format("border: 15px solid white"), "is covered by a border, outline or column rule"),
    "outline": (OVERLAY.format("outline: 30px solid white; outline-offset: -30px"),
                "is covered by a border, outline or column rule"),
    "overprinted": ('<span style="margin-left: -1.7em">{{ f.price }}</span>', 'is printed over the text "35.50"'),
}


def hostile_price_cell(workspace, inside: str) -> None:
    """The workspace's own standards.html, its price cell holding inside after the price; white images beside."""
    templates = workspace / "templates"
    templates.mkdir()
    Image.new("RGB", (4, 4), "white").save(templates / "white.png")
    (templates / "white.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
                                         '<rect width="10" height="10" fill="white"/></svg>', "utf-8")
    standards = (REPO / "templates" / "standards.html").read_text("utf-8")
    assert PRICE in standards
    (templates / "standards.html").write_text(standards.replace(
        PRICE, '<td class="number" style="position: relative">{{ f.price }}' + inside + "</td>"), "utf-8")


@pytest.mark.parametrize("way", sorted(OVER_THE_PRICE))
def test_a_price_painted_over_fails_the_build_and_keeps_the_previous_pdf(workspace, way):
    assert build(workspace, workspace / "build", only="QP-01").ok
    before = digest(workspace / "build" / "procedures" / "QP-01.pdf")
    inside, words = OVER_THE_PRICE[way]
    hostile_price_cell(workspace, inside)
    result = CliRunner().invoke(main, ["build", "-o", "build", "--only", "QP-01", "--lang", "en"])
    assert result.exit_code == 1, result.stderr
    lines = [line for line in result.stderr.splitlines() if "error[" in line]
    assert any(line.startswith('procedures/QP-01-demo.yaml: error[text-unreadable]: QP-01, page ') and
               '"35.50"' in line and words in line for line in lines), lines
    assert digest(workspace / "build" / "procedures" / "QP-01.pdf") == before


def test_a_transparent_image_over_the_price_is_no_cover(workspace):
    """Only what a reader would see in place of the text counts: a wholly transparent image hides nothing."""
    hostile_price_cell(workspace, '<img src="clear.png" style="position: absolute; left: 0; top: 0; width: 100%; '
                                  'height: 100%">')
    Image.new("RGBA", (4, 4), (0, 0, 0, 0)).save(workspace / "templates" / "clear.png")
    result = build(workspace, workspace / "build", only="QP-01")
    assert result.ok, [problem.message for problem in result.problems("en")]


def test_the_new_ways_are_named_in_every_language(workspace):
    hostile_price_cell(workspace, OVER_THE_PRICE["img"][0])
    problems = build(workspace, workspace / "build", only="QP-01").problems("zh-Hans")
    assert "QP-01第5页：文字“35.50”被绘制在其上的图片或渐变遮住，读者在PDF上看不到" in [p.message for p in problems]
    problems = build(workspace, workspace / "build", only="QP-01").problems("zh-Hant")
    assert "QP-01第5頁：文字「35.50」被繪製在其上的圖片或漸層遮住，讀者在PDF上看不到" in [p.message for p in problems]
    (workspace / "templates" / "standards.html").unlink()
    standards = (REPO / "templates" / "standards.html").read_text("utf-8")
    (workspace / "templates" / "standards.html").write_text(standards.replace(
        PRICE, PRICE.replace("</td>", '<span style="margin-left: -1.7em">{{ f.price }}</span></td>')), "utf-8")
    problems = build(workspace, workspace / "build", only="QP-01").problems("zh-Hans")
    assert "QP-01第5页：文字“35.50”与文字“35.50”叠印在一起，读者在PDF上看不到" in [p.message for p in problems]
    problems = build(workspace, workspace / "build", only="QP-01").problems("zh-Hant")
    assert "QP-01第5頁：文字「35.50」與文字「35.50」疊印在一起，讀者在PDF上看不到" in [p.message for p in problems]
    (workspace / "templates" / "standards.html").write_text(standards.replace(
        PRICE, PRICE.replace("</td>", OVERLAY.format("border: 15px solid white") + "</td>").replace(
            "<td ", '<td style="position: relative" ')), "utf-8")
    problems = build(workspace, workspace / "build", only="QP-01").problems("zh-Hans")
    assert "QP-01第5页：文字“35.50”被绘制在其上的边框、轮廓线或分栏线遮住，读者在PDF上看不到" in [
        p.message for p in problems]


def found(html: str, images) -> list[tuple[str, object]]:
    """What the check finds in a small page (its images in images): (text, how) for each piece of text a reader
    would not see."""
    from weasyprint import HTML

    from qmtool.render.overflow import overflows

    page = HTML(string=f"<html><body>{html}</body></html>", base_url=images.as_uri() + "/")
    return [(lost.text, lost.edge) for lost in overflows(page.render(), page.etree_element)]


WORDS = "Words a reader must see"
SHORT = "Words a reader must …"  # as a message names the other text: its first 20 characters
ON_TOP = '<div style="position: relative"><p>' + WORDS + '</p><div style="position: absolute; {}"></div></div>'
FULL = "left: 0; top: 0; width: 100%; height: 100%; "
HIDDEN = {  # a small page per kind of paint, and the word the check gives
    "png": (f'<div style="position: relative"><p>{WORDS}</p><img src="white.png" style="position: absolute; '
            f'{FULL}"></div>', "unreadable-image"),
    "object": (f'<div style="position: relative"><p>{WORDS}</p><object data="white.svg" style="position: absolute; '
               f'{FULL}"></object></div>', "unreadable-image"),
    "inline-svg": (f'<div style="position: relative"><p>{WORDS}</p><svg xmlns="http://www.w3.org/2000/svg" '
                   f'style="position: absolute; {FULL}"><rect width="100%" height="100%" fill="white"/></svg></div>',
                   "unreadable-image"),
    "photo": (ON_TOP.format(FULL + "background: url(photo.png)"), "unreadable-image"),
    "radial-gradient": (ON_TOP.format(FULL + "background: radial-gradient(black, white)"), "unreadable-image"),
    "pale-gradient": (ON_TOP.format(FULL + "background: linear-gradient(white, #eee)"), "unreadable-image"),
    "border-band": (ON_TOP.format("left: 0; top: 0; width: 100%; height: 0; border-top: 1.5em solid white"),
                    "unreadable-border"),
    "outline-around-a-dot": (ON_TOP.format("left: 3em; top: 0.6em; width: 0; height: 0; outline: 2em solid white"),
                             "unreadable-border"),
    "outline-inward": (f'<p style="outline: 1em solid white; outline-offset: -1em">{WORDS}</p>', "unreadable-border"),
    "column-rule": ('<p style="position: relative; z-index: -1; text-align: center; margin: 0">XY</p>'
                    '<div style="margin-top: -1.2em; columns: 2; column-gap: 6em; column-rule: 6em solid white">'
                    '<p style="margin: 0">a</p><p style="margin: 0">b</p></div>', "unreadable-border"),
    "box-shadow": (ON_TOP.format("left: 0; top: 0; width: 1px; height: 1px; box-shadow: 0 0 0 3em white"),
                   "unreadable-covered"),
    "one-digit": ('<p>35.5<span style="position: relative">0<span style="position: absolute; left: 0; top: 0; '
                  'width: 100%; height: 100%; background: white"></span></span> yuan</p>', "unreadable-covered"),
    "on-its-own-line": (f'<p style="line-height: 0.3">{WORDS}<br>{WORDS}</p>', ("unreadable-overprinted", SHORT)),
    "positioned-over": (f'<div style="position: relative"><p>{WORDS}</p><p style="position: absolute; top: 0; '
                        'left: 0.5em; margin: 0">Other words</p></div>', ("unreadable-overprinted", SHORT)),
}
SEEN = {  # paint over text that a reader still reads through, and text close to other text without overprinting
    "transparent-png": f'<div style="position: relative"><p>{WORDS}</p><img src="clear.png" style="position: '
                       f'absolute; {FULL}"></div>',
    "faint-tint": ON_TOP.format(FULL + "background: url(tint.png)"),
    "transparent-gradient": ON_TOP.format(FULL + "background: linear-gradient(transparent, transparent)"),
    "hairline-across": ON_TOP.format("left: 0; top: 0.6em; width: 100%; height: 0; border-top: 0.5pt solid black"),
    "thin-rule-down": ON_TOP.format("left: 3em; top: 0; width: 0; height: 100%; border-left: 1pt solid white"),
    "outline-beside": f'<p><span style="outline: 1pt solid black">{WORDS}</span> and more</p>',
    "tight-lines": f'<p style="line-height: 0.75">{WORDS} {WORDS} {WORDS} {WORDS} {WORDS} {WORDS}</p>',
    "scripts": f'<p>{WORDS}<sup>2</sup> H<sub>2</sub>O <small>small</small> <big>BIG</big> Ångström, Éé, 价格</p>',
    "watermark-partly-under-a-header": '<div style="position: relative"><p style="position: relative; z-index: -1; '
                                       f'color: #f0c8c8">{WORDS}</p><div style="position: absolute; left: 0; top: 0; '
                                       'width: 3em; height: 100%; background: #e9ecef"></div></div>',
}


@pytest.fixture
def images(tmp_path):
    """A folder of images: white, transparent, a faint tint, a photo of two colours, a white SVG."""
    Image.new("RGB", (4, 4), "white").save(tmp_path / "white.png")
    Image.new("RGBA", (4, 4), (0, 0, 0, 0)).save(tmp_path / "clear.png")
    Image.new("RGBA", (4, 4), (0, 0, 0, 30)).save(tmp_path / "tint.png")
    photo = Image.new("RGB", (2, 1), "white")
    photo.putpixel((1, 0), (20, 40, 60))
    photo.save(tmp_path / "photo.png")
    (tmp_path / "white.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
                                        '<rect width="10" height="10" fill="white"/></svg>', "utf-8")
    return tmp_path


@pytest.mark.parametrize("way", sorted(HIDDEN))
def test_paint_after_text_and_over_it_is_found(way, images):
    html, how = HIDDEN[way]
    lost = found(html, images)
    assert lost and lost[0][1] == how, lost


@pytest.mark.parametrize("way", sorted(SEEN))
def test_paint_a_reader_sees_through_and_text_near_text_pass(way, images):
    assert found(SEEN[way], images) == []


def test_a_watermark_wholly_covered_is_still_found(images):
    """Faint text behind the content may be printed over and partly covered, as the built-in watermark is by
    the table headers, but not hidden whole."""
    html = ('<div style="background: #e9ecef"><p style="position: relative; z-index: -1; color: #f0c8c8">'
            f"{WORDS}</p></div>")
    assert found(html, images) == [(WORDS, "unreadable-covered")]
