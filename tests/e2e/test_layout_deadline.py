"""WeasyPrint's layout has a deadline on every path that makes a PDF: boxes nested to take hours are stopped,
located, with nothing written and no process left."""
from __future__ import annotations

import multiprocessing
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from qmtool.build.pipeline import build
from qmtool.cli import main
from tests.helpers import REPO
from tests.helpers import bare_template as page

# Each level multiplies WeasyPrint's layout time by two to four: on this machine flex at 5 levels took 94 s and
# grid at 8 took 109 s, so these run for half an hour or more; the tests stop them after SECONDS.
NESTED = {kind: "".join(f'<div style="display:{kind}"><span>a</span><div style="display:{kind}">' for _ in range(n))
          + "x" + "</div></div>" * n for kind, n in (("flex", 7), ("grid", 10))}
SECONDS = 3.0


def pdf_processes() -> list:
    return [process for process in multiprocessing.active_children() if process.name == "qmtool-pdf"]


def leftovers(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(".qmtool-tmp")]


@pytest.mark.parametrize("kind", sorted(NESTED))
def test_boxes_nested_to_take_hours_stop_at_the_layout_deadline(workspace, kind):
    out = workspace / "build"
    (out / "procedures").mkdir(parents=True)
    (out / "procedures" / "QP-01.pdf").write_bytes(b"%PDF-previous\n%%EOF\n")
    page(workspace, "procedure.html", NESTED[kind])
    [problem] = build(workspace, out, only="QP-01", render_timeout=SECONDS).problems()
    assert (problem.code, problem.path, problem.line) == ("layout-timeout", "procedures/QP-01-demo.yaml", 0)
    assert "QP-01" in problem.message and f"{SECONDS:g} s" in problem.message
    assert (out / "procedures" / "QP-01.pdf").read_bytes() == b"%PDF-previous\n%%EOF\n"
    assert not leftovers(out) and pdf_processes() == []


def test_a_parallel_build_stops_the_document_that_overruns_and_writes_none(workspace):
    page(workspace, "manual.html", "<p>manual</p>")  # laid out at once, in the other worker
    page(workspace, "procedure.html", NESTED["flex"])
    out = workspace / "build"
    result = build(workspace, out, jobs=2, html=True, render_timeout=SECONDS)
    assert [(p.code, p.path) for p in result.problems()] == [("layout-timeout", "procedures/QP-01-demo.yaml")]
    assert not [p for p in out.rglob("*") if p.is_file() and p.suffix in (".pdf", ".html")]
    assert not leftovers(out) and pdf_processes() == []


def test_the_command_line_says_it_in_the_workspace_language(workspace):
    text = (workspace / "procedures" / "manual.yaml").read_text("utf-8")
    (workspace / "procedures" / "manual.yaml").write_text(text.replace("language: en", "language: zh-Hant"))
    page(workspace, "procedure.html", NESTED["grid"])
    result = CliRunner(env={"QMTOOL_RENDER_TIMEOUT": "3"}).invoke(main, ["build", "--only", "QP-01"])
    assert result.exit_code == 1, result.output
    assert ("procedures/QP-01-demo.yaml: error[layout-timeout]: WeasyPrint 排版QP-01超過3秒仍未完成，已終止"
            in result.stderr)
    assert not (workspace / "build" / "procedures" / "QP-01.pdf").exists()


def test_the_assessment_report_is_laid_out_within_the_deadline_too(tmp_path, monkeypatch):
    for folder in ("procedures", "records"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "report.pdf").write_bytes(b"%PDF-previous\n%%EOF\n")
    page(tmp_path, "assessment.html", NESTED["flex"])
    records = ("records/QP-02-canteen-scores.csv", "records/QP-02-canteen-events.csv")
    result = CliRunner().invoke(main, ["assess", "QP-02", *records, "--pdf", "report.pdf",
                                       "--render-timeout", str(SECONDS)])
    assert result.exit_code == 1, result.output
    assert f"error[layout-timeout]: WeasyPrint 排版report.pdf超过{SECONDS:g}秒仍未完成" in result.stderr
    assert (tmp_path / "report.pdf").read_bytes() == b"%PDF-previous\n%%EOF\n"
    assert not leftovers(tmp_path) and pdf_processes() == []


def test_the_change_report_is_laid_out_within_the_deadline_too(repo):
    page(repo, "changes.html", NESTED["grid"])
    result = CliRunner(env={"QMTOOL_RENDER_TIMEOUT": str(SECONDS)}).invoke(main, ["diff", "v1", "--pdf", "c.pdf"])
    assert result.exit_code == 1, result.output
    assert f"c.pdf: error[layout-timeout]: WeasyPrint was still laying out c.pdf after {SECONDS:g} s" in result.stderr
    assert not (repo / "c.pdf").exists() and not leftovers(repo) and pdf_processes() == []


def test_a_build_leaves_weasyprint_to_its_workers(workspace):
    """The build's own process does not import WeasyPrint (a second of CPU): its workers make the PDFs, and the
    warning about missing HarfBuzz subsetting asks the system as WeasyPrint would."""
    code = ("import sys\nfrom click.testing import CliRunner\nfrom qmtool.cli import main\n"
            "result = CliRunner().invoke(main, ['build', '--only', 'QP-01'])\n"
            "assert result.exit_code == 0, result.output\nassert 'weasyprint' not in sys.modules\n")
    subprocess.run([sys.executable, "-c", code], cwd=workspace, check=True)
    assert (workspace / "build" / "procedures" / "QP-01.pdf").read_bytes().startswith(b"%PDF-")
