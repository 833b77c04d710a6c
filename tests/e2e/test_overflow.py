"""Text the pages would cut off or hide: long strings wrap in full, and a template or style that would cut or hide
text fails the build (the check itself, on small pages: unit/render/test_overflow.py)."""
from __future__ import annotations

import re
import subprocess

import pytest
from click.testing import CliRunner

from qmtool.build.pipeline import build
from qmtool.cli import main
from tests.helpers import REPO, digest
from tests.helpers import edit_unique as edit

# One long unbreakable string per place a procedure prints user text; each a different one, to find it.
LONG = {field: f"{field.upper()}-" + "".join(f"{n:03d}x" for n in range(45)) for field in
        ("item", "basis", "action", "title")}


def raw_text(path) -> str:
    return subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_long_unbreakable_strings_wrap_and_print_in_full(workspace):
    edit(workspace, "QP-01-demo.yaml", "item: Session, grade: A", f"item: {LONG['item']}, grade: A")
    edit(workspace, "QP-01-demo.yaml", "price: 35.50}", f"price: 35.50, basis: {LONG['basis']}}}")
    edit(workspace, "QP-01-demo.yaml", "action: Plan,", f"action: {LONG['action']},")
    edit(workspace, "QP-01-demo.yaml", "title: Demo Service Procedure", f"title: {LONG['title']}")
    result = build(workspace, workspace / "build")
    assert result.ok, result.problems()
    for pdf in ("procedures/QP-01.pdf", "manual.pdf"):
        text = raw_text(workspace / "build" / pdf)
        lines = text.splitlines()
        squashed = re.sub(r"\s+", "", text)
        for field, long in LONG.items():
            if pdf == "manual.pdf" and field != "title":
                continue  # the manual prints the procedures' numbers and titles only
            assert long in squashed, (pdf, field)  # every character printed, in order
            assert not any(long in line for line in lines), (pdf, field)  # and wrapped: no line holds it whole


TRICKS = {  # a workspace cover page that would cut text, and the edge the message names
    "nowrap": ('<p style="white-space: nowrap">{}</p>', "the text area of the page"),
    "fixed-width": ('<div style="width: 400mm">{}</div>', "the text area of the page"),
    "clipped": ('<div style="width: 30mm; overflow: hidden; white-space: nowrap">{}</div>', "a box that clips it"),
    "cell": ('<table style="table-layout: fixed; width: 60mm"><tr><td style="white-space: nowrap">{}</td>'
             '<td>x</td></tr></table>', "its table cell"),
    "pushed-off": ('<p style="margin-left: 170mm; white-space: nowrap">{}</p>', "the text area of the page"),
}


@pytest.mark.parametrize("trick", sorted(TRICKS))
def test_text_the_pages_would_cut_fails_the_build_and_keeps_the_previous_pdf(workspace, trick):
    assert build(workspace, workspace / "build", only="QP-01").ok
    before = digest(workspace / "build" / "procedures" / "QP-01.pdf")
    html, edge = TRICKS[trick]
    (workspace / "templates").mkdir()
    cover = (REPO / "templates" / "cover.html").read_text("utf-8")
    words = "Overflowing words that the page would cut " * 6
    (workspace / "templates" / "cover.html").write_text(html.format(words) + cover, "utf-8")
    result = CliRunner().invoke(main, ["build", "-o", "build", "--only", "QP-01", "--lang", "en"])
    assert result.exit_code == 1, result.stderr
    [line] = [line for line in result.stderr.splitlines() if "error[" in line]
    assert line.startswith("procedures/QP-01-demo.yaml: error[text-overflow]: QP-01, page 1: the text \"Overflowing")
    assert edge in line
    assert digest(workspace / "build" / "procedures" / "QP-01.pdf") == before
    assert not list((workspace / "build").rglob("*.tmp"))


def test_a_name_too_long_for_the_header_is_said_once_where_the_manual_writes_it(workspace):
    """The organisation is printed in every procedure's header: a name that cannot fit is the manual's
    mistake, said at its line, not once for each line of the header on each page of each procedure."""
    edit(workspace, "manual.yaml", "organization: Example Service Centre",
         "organization: " + "Example Service Centre of the County " * 30)
    result = CliRunner().invoke(main, ["build", "-o", "build", "--only", "QP-01", "--lang", "en"])
    assert result.exit_code == 1, result.stderr
    [line] = [line for line in result.stderr.splitlines() if "error[" in line]
    assert line.startswith('procedures/manual.yaml:15:15: error[text-overflow]: QP-01, page 1: the text "Example')
    assert "its header or footer box" in line
    assert not (workspace / "build" / "procedures" / "QP-01.pdf").exists()


def test_a_name_too_long_for_a_reports_header_is_said_where_the_manual_writes_it(workspace):
    from tests.helpers import assess, quarters, scores

    edit(workspace, "manual.yaml", "organization: Example Service Centre",
         "organization: " + "Example Service Centre of the County " * 30)
    result = assess(scores(workspace, quarters("CT-001", {"2026-Q1": ("95", "90")})), "--pdf", "report.pdf")
    assert result.exit_code == 1
    [line] = [line for line in result.stderr.splitlines() if "error[" in line]
    assert line.startswith('procedures/manual.yaml:15:15: error[text-overflow]: report.pdf, page 1: the text "Example')
    assert not (workspace / "report.pdf").exists()


def test_positioned_text_may_use_the_margins_but_not_leave_the_sheet(workspace):
    """A watermark lies partly in the margins by design; text placed off the sheet is lost."""
    (workspace / "templates").mkdir()
    cover = (REPO / "templates" / "cover.html").read_text("utf-8")
    inside = '<div style="position: fixed; top: -20mm; left: -20mm; width: 200mm">In the margin</div>'
    (workspace / "templates" / "cover.html").write_text(inside + cover, "utf-8")
    assert build(workspace, workspace / "build", only="QP-01").ok
    outside = '<div style="position: absolute; top: 10mm; left: 180mm; white-space: nowrap">Off the sheet edge</div>'
    (workspace / "templates" / "cover.html").write_text(outside + cover, "utf-8")
    [problem] = build(workspace, workspace / "build", only="QP-01").problems("zh-Hans")
    assert problem.code == "text-overflow"
    assert problem.message == "QP-01第1页：文字“Off the sheet edge”超出页面版心，超出部分不会印出"


def test_an_assessment_report_that_would_cut_text_is_refused_with_a_message(workspace):
    from tests.helpers import assess, quarters, scores

    name = scores(workspace, quarters("CT-001", {"2026-Q1": ("95", "90")}))
    (workspace / "templates").mkdir()
    report = (REPO / "templates" / "assessment.html").read_text("utf-8")
    (workspace / "templates" / "assessment.html").write_text(
        '<p style="white-space: nowrap">' + "Cut words " * 40 + "</p>" + report, "utf-8")
    result = assess(name, "--pdf", "report.pdf")
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert 'report.pdf: error[text-overflow]: report.pdf, page 1: the text "Cut words' in result.stderr
    assert not (workspace / "report.pdf").exists()


# Text a reader would not see though it is on the page: a workspace style appended to the built-in one, as a
# careless or hostile author would write it; the build fails naming the text, and the previous PDF stays.
BASIS = "Set by the board of the service each year and published at the counter before the first session"
HIDING = {  # the style, the problem code, and words of its message
    "max-lines": ("table.fees td { max-lines: 1; continue: discard; }", "text-dropped", "on none of its pages"),
    "display-none": ("table.fees td:nth-child(6) { display: none }", "text-dropped", "on none of its pages"),
    "font-size-0": ("table.fees td { font-size: 0 }", "text-dropped", "on none of its pages"),
    "translated-off": ("table.fees td:nth-child(6) { transform: translateX(200mm) }", "text-overflow",
                       "runs past the text area of the page"),
    "white": ("table.fees td { color: white }", "text-unreadable", "a contrast of only 1.00:1"),
    "opacity": ("table.fees { opacity: 0.05 }", "text-unreadable", "a contrast of only 1.0"),
    "tiny": ("table.fees td { font-size: 3pt }", "text-unreadable", "is drawn 3.0 pt high, under 5 pt"),
    "covered": ("table.fees td:nth-child(6) { position: relative } table.fees td:nth-child(6)::after { content: '';"
                " position: absolute; left: 0; top: 0; right: 0; bottom: 0; background: white }",
                "text-unreadable", "is covered by a box painted over it"),
    "header": ("@page { @top-left { color: white } }", "text-unreadable", "a contrast of only 1.00:1"),
}


@pytest.mark.parametrize("trick", sorted(HIDING))
def test_a_workspace_style_that_hides_text_fails_the_build(workspace, trick):
    """The build names the text and the way it is hidden; the previous PDF stays as it was."""
    edit(workspace, "QP-01-demo.yaml", "price: 35.50}", f"price: 35.50, basis: {BASIS}}}")
    assert build(workspace, workspace / "build", only="QP-01").ok
    before = digest(workspace / "build" / "procedures" / "QP-01.pdf")
    style, code, words = HIDING[trick]
    (workspace / "templates").mkdir()
    (workspace / "templates" / "style.css").write_text(
        (REPO / "templates" / "style.css").read_text("utf-8") + "\n" + style + "\n", "utf-8")
    result = CliRunner().invoke(main, ["build", "-o", "build", "--only", "QP-01", "--lang", "en"])
    assert result.exit_code == 1, result.stderr
    lines = [line for line in result.stderr.splitlines() if "error[" in line]
    at = r":\d+:\d+" if code == "text-overflow" else ""  # text past an edge: at the value, which a style moved off
    assert lines and all(re.match(rf"procedures/QP-01-demo\.yaml{at}: error\[{code}\]: QP-01", line) for line in lines)
    assert words in lines[0]
    assert digest(workspace / "build" / "procedures" / "QP-01.pdf") == before


def test_hidden_text_is_named_in_every_language(workspace):
    (workspace / "templates").mkdir()
    (workspace / "templates" / "style.css").write_text(
        (REPO / "templates" / "style.css").read_text("utf-8") + "\n.cover-title { visibility: hidden }\n", "utf-8")
    [problem] = build(workspace, workspace / "build", only="QP-01").problems("zh-Hans")
    assert problem.message == ("QP-01第1页：文字“Demo Service Procedure”被设为不可见（visibility: hidden），"
                               "读者在PDF上看不到")
    [problem] = build(workspace, workspace / "build", only="QP-01").problems("zh-Hant")
    assert problem.message == ("QP-01第1頁：文字「Demo Service Procedure」被設為不可見（visibility: hidden），"
                               "讀者在PDF上看不到")
    (workspace / "templates" / "style.css").write_text(
        (REPO / "templates" / "style.css").read_text("utf-8") + "\n.cover-title { display: none }\n", "utf-8")
    [problem] = build(workspace, workspace / "build", only="QP-01").problems("en")
    assert problem.message == ('QP-01: the text "Demo Service Procedure" is in the document but on none of its pages; '
                               "it would not be printed")


@pytest.mark.parametrize("status", ["draft", "obsolete"])
def test_the_built_in_watermarks_pass(workspace, status):
    """Light, rotated, positioned behind the content and partly under table headers: faint by design, yet seen."""
    edit(workspace, "QP-01-demo.yaml", "status: effective", f"status: {status}")
    if status == "obsolete":
        edit(workspace, "manual.yaml", "status: effective", "status: obsolete")
    result = build(workspace, workspace / "build")
    assert result.ok, [p.message for p in result.problems("en")]
    text = re.sub(r"\s+", "", raw_text(workspace / "build" / "procedures" / "QP-01.pdf"))  # rotated: split up
    assert ("草稿/DRAFT" if status == "draft" else "作废/OBSOLETE") in text
