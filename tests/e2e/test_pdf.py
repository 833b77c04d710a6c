"""The URL fetcher: what an SVG asks for is refused like anything else, even where WeasyPrint would swallow it."""
from __future__ import annotations

import base64
import re
import subprocess
from urllib.parse import quote

import pytest
from click.testing import CliRunner

from qmtool.build.pipeline import build
from qmtool.cli import main
from tests.helpers import REPO, digest, override

INSIDE = {  # SVG markup that reaches out, and the URL it reaches for
    "image": ('<image href="file:///etc/hostname" width="10" height="10"/>', "file:///etc/hostname"),
    "xlink-image": ('<image xlink:href="http://example.invalid/x.png" width="10" height="10"/>',
                    "http://example.invalid/x.png"),
    "relative-image": ('<image href="../../../../etc/hostname" width="10" height="10"/>', "hostname"),
    "font-face": ('<style>@font-face { font-family: Q; src: url(file:///etc/q.ttf) } text { font-family: Q }'
                  '</style><text y="9">Q</text>', "file:///etc/q.ttf"),
    "nested-data": ('<image width="10" height="10" href="data:image/svg+xml,' + quote(
        '<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd" width="1" height="1"/></svg>')
        + '"/>', "file:///etc/passwd"),
}


def svg(body: str) -> str:
    return ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="20" '
            f'height="20">{body}</svg>')


def cover_with(workspace, html: str) -> None:
    (workspace / "templates").mkdir(exist_ok=True)
    cover = (REPO / "templates" / "cover.html").read_text("utf-8")
    (workspace / "templates" / "cover.html").write_text(html + cover, "utf-8")


@pytest.mark.parametrize("how", ["base64", "plain"])
@pytest.mark.parametrize("inside", sorted(INSIDE))
def test_a_url_inside_a_data_svg_is_a_forbidden_url(workspace, inside, how):
    body, url = INSIDE[inside]
    data = base64.b64encode(svg(body).encode()).decode() if how == "base64" else quote(svg(body))
    cover_with(workspace, f'<img src="data:image/svg+xml{";base64" if how == "base64" else ""},{data}">')
    [problem] = build(workspace, workspace / "build", only="QP-01").problems()
    assert problem.code == "forbidden-url" and url in problem.message
    assert not (workspace / "build").exists()


def test_a_template_svg_file_reaching_outside_fails_the_build_and_keeps_the_previous_pdf(workspace):
    assert build(workspace, workspace / "build", only="QP-01").ok
    before = digest(workspace / "build" / "procedures" / "QP-01.pdf")
    cover_with(workspace, '<img src="logo.svg"><div style="background: url(mark.svg)">x</div>')
    (workspace / "templates" / "logo.svg").write_text(svg('<circle r="5"/>'), "utf-8")
    (workspace / "templates" / "mark.svg").write_text(svg(INSIDE["image"][0]), "utf-8")
    result = CliRunner().invoke(main, ["build", "-o", "build", "--only", "QP-01"])
    assert result.exit_code == 1
    assert "error[forbidden-url]" in result.stderr and "file:///etc/hostname" in result.stderr
    assert digest(workspace / "build" / "procedures" / "QP-01.pdf") == before
    assert not list((workspace / "build").rglob("*.tmp"))


def test_an_svg_using_only_template_files_is_drawn(workspace):
    cover_with(workspace, '<img src="logo.svg">')
    (workspace / "templates" / "dot.png").write_bytes(_PNG)
    (workspace / "templates" / "logo.svg").write_text(svg('<image href="dot.png" width="10" height="10"/>'),
                                                      "utf-8")
    result = build(workspace, workspace / "build", only="QP-01")
    assert result.ok, result.problems()
    images = subprocess.run(["pdfimages", "-list", str(workspace / "build" / "procedures" / "QP-01.pdf")],
                            capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert [line.split()[2] for line in images] == ["image", "smask"]  # the template's PNG, through its SVG


_PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9"
                        "awAAAABJRU5ErkJggg==")


def test_an_error_inside_weasyprint_that_says_nothing_is_named_with_where_it_was_raised(workspace):
    """An assertion inside WeasyPrint has no text of its own: the report names it and the place it came from."""
    override(workspace, "procedure.html", '<div style="background-image: attr(data-u url)">x</div>', "{% block body %}")
    [problem] = build(workspace, workspace / "build", only="QP-01").problems("en")
    assert problem.code == "render-error" and problem.path == "procedures/QP-01-demo.yaml"
    assert re.search(r'AssertionError \(\w+/\w+\.py:\d+\)$', problem.message), problem.message
