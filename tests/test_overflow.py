"""Text the pages would cut off: long strings wrap in full, and a template that would cut text fails the build."""
from __future__ import annotations

import re
import subprocess

import pytest
from click.testing import CliRunner

from qmtool.build.pipeline import build
from qmtool.cli import main

from .conftest import REPO
from .test_build import digest, edit

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
    from .test_assess import assess, quarters, scores

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
