"""WeasyPrint's layout has a deadline on every path that makes a PDF, and every --render-timeout is one a
process can keep: boxes nested to take hours are stopped, located, with nothing written and no process left."""
from __future__ import annotations

import math
import multiprocessing
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import qmtool.build.workers
from qmtool.build.pipeline import build
from qmtool.cli import main
from qmtool.render.deadline import layout_seconds
from qmtool.render.environment import TemplateFailure, render_located

from .conftest import REPO, fake_pdf
from .test_deadline import NESTED_LOOPS

# Each level multiplies WeasyPrint's layout time by two to four: on this machine flex at 5 levels took 94 s and
# grid at 8 took 109 s, so these run for half an hour or more; the tests stop them after SECONDS.
NESTED = {kind: "".join(f'<div style="display:{kind}"><span>a</span><div style="display:{kind}">' for _ in range(n))
          + "x" + "</div></div>" * n for kind, n in (("flex", 7), ("grid", 10))}
SECONDS = 3.0
REFUSED = ["inf", "1e309", "nan", "-inf", "1e12", "1e20", "1e-6", "1e-320", "0", "-1", "0.09", "86401"]


def page(workspace: Path, name: str, body: str) -> None:
    """A workspace template that is nothing but body: a page small enough to lay out at once, but for body."""
    (workspace / "templates").mkdir(exist_ok=True)
    (workspace / "templates" / name).write_text(f"<html><body>{body}</body></html>\n", "utf-8")


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


def test_harfbuzz_subsetting_is_found_as_weasyprint_finds_it():
    from weasyprint.text.ffi import harfbuzz_subset

    from qmtool.author.doctor import harfbuzz_subset_available

    assert harfbuzz_subset_available() == (harfbuzz_subset is not None)


def test_a_long_page_gets_the_deadline_once_for_every_100000_characters():
    assert layout_seconds("x" * 99_999, 60) == 60
    assert layout_seconds("x" * 1_500_000, 60) == 16 * 60  # a manual of 300 procedures
    assert layout_seconds("x" * 64 * 2**20, 86400) == 86400  # never past a day
    assert layout_seconds("", math.nan) == 0.1


@pytest.mark.parametrize("command", [
    ["build"], ["release", "--version", "1"], ["serve", "--port", "0"], ["diff", "v1", "--pdf", "c.pdf"],
    ["assess", "QP-01", "scores.csv", "--pdf", "r.pdf"],
])
@pytest.mark.parametrize("value", REFUSED)
def test_a_render_timeout_no_process_could_keep_is_a_usage_error(workspace, command, value):
    (workspace / "scores.csv").write_text("provider,period\n", "utf-8")
    for runner, arguments in ((CliRunner(), [*command, "--render-timeout", value]),
                              (CliRunner(env={"QMTOOL_RENDER_TIMEOUT": value}), command)):
        result = runner.invoke(main, arguments)
        assert result.exit_code == 2, result.output
        assert "--render-timeout" in result.stderr and "between 0.1 and 86400 seconds" in result.stderr
        assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("value", ["0.1", "86400", "1e-1", "8.64e4"])
def test_the_ends_of_the_range_are_accepted(workspace, value):
    (workspace / "procedures" / "QP-01-demo.yaml").write_text("id: QP-01\n", "utf-8")  # invalid: nothing renders
    result = CliRunner().invoke(main, ["build", "--render-timeout", value])
    assert result.exit_code == 1, result.output


@pytest.mark.parametrize("seconds", [1e-6, 1e-320, 0.0, -1.0, math.nan])
def test_a_deadline_too_short_to_keep_is_still_a_located_template_timeout(tmp_path, seconds):
    (tmp_path / "slow.html").write_text("<p>\n" + NESTED_LOOPS + "\n</p>\n", "utf-8")
    with pytest.raises(TemplateFailure) as failure:
        render_located([tmp_path], {"kind": "slow"}, seconds)
    assert (failure.value.code, failure.value.line) == ("template-timeout", 2)


@pytest.mark.parametrize("seconds", [1e-6, 1e-320, math.nan])
def test_a_build_given_a_tiny_deadline_reports_a_template_timeout_not_a_dead_process(workspace, seconds):
    page(workspace, "procedure.html", NESTED_LOOPS)
    [problem] = build(workspace, workspace / "build", only="QP-01", render_timeout=seconds).problems()
    assert (problem.code, problem.path, problem.line) == ("template-timeout", "templates/procedure.html", 1)
    assert "0.1 s" in problem.message


@pytest.mark.parametrize("seconds", [math.inf, 1e309, 1e20, 1e12])
def test_a_build_given_a_deadline_past_any_clock_builds(workspace, monkeypatch, seconds):
    monkeypatch.setattr(qmtool.build.workers, "write_pdf", fake_pdf)
    result = build(workspace, workspace / "build", render_timeout=seconds)
    assert result.ok, result.problems()
    assert (workspace / "build" / "manual.pdf").read_bytes().startswith(b"%PDF-fake")
