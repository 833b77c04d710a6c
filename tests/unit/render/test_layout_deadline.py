"""Every --render-timeout is one a process can keep: values no process could are usage errors, the ends of the
range are kept, and a long page gets a longer layout deadline. The layout deadline itself: e2e/."""
from __future__ import annotations

import math

import pytest
from click.testing import CliRunner

import qmtool.build.workers
from qmtool.build.pipeline import build
from qmtool.cli import main
from qmtool.render.deadline import layout_seconds
from qmtool.render.environment import TemplateFailure, render_located
from tests.helpers import NESTED_LOOPS, fake_pdf
from tests.helpers import bare_template as page

REFUSED = ["inf", "1e309", "nan", "-inf", "1e12", "1e20", "1e-6", "1e-320", "0", "-1", "0.09", "86401"]


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
