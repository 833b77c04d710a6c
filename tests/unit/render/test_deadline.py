"""Unbounded work: the sandbox refuses huge values, templates stop at their deadline, serve stays responsive.
Memory running out and a killed build's processes: e2e/test_deadline.py."""
from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request

import pytest
from click.testing import CliRunner

from qmtool.build.pipeline import build
from qmtool.cli import main
from qmtool.render.environment import TemplateFailure, render_located
from tests.helpers import NESTED_LOOPS, REPO, override


@pytest.mark.parametrize("expression", [
    "9**(9**9)", "'x' * 10**9", "10**9 * 'x'", "[0] * 10**7", "(2**4000) * (2**4000)", "'%0999999999d' % 1",
    "'%*d' % (999999999, 1)", "'{:>999999999}'.format(1)", "'{0:.999999999f}'.format(1.5)", "'x'.ljust(10**9)",
    "'x'|center(10**9)", "'%0999999999d'|format(1)", "'x'|indent(10**9)", "('x' * 999999) + ('x' * 999999)",
    "'x'.zfill(10**9)",
])
def test_the_sandbox_refuses_an_operation_making_a_huge_value(workspace, expression):
    line = override(workspace, "cover.html", "{{ " + expression + " }}")
    [problem] = build(workspace, workspace / "build", only="QP-01").problems()
    assert (problem.code, problem.path, problem.line) == ("template-error", "templates/cover.html", line)
    assert "larger than the sandbox allows" in problem.message
    assert not (workspace / "build").exists()


def test_ordinary_arithmetic_and_formatting_still_work(tmp_path):
    (tmp_path / "sums.html").write_text(
        "{{ 2**10 }}|{{ 'ab' * 3 }}|{{ 3 * [1] }}|{{ [1] + [2] }}|{{ '%05.1f'|format(3.14159) }}|"
        "{{ '%s-%s' % ('a', 'b') }}|{{ '{:,}'.format(1234567) }}|{{ 'ab'|center(6) }}|{{ 7 * 6 }}", "utf-8")
    page = render_located([tmp_path], {"kind": "sums"}, 10)
    assert page == "1024|ababab|[1, 1, 1]|[1, 2]|003.1|a-b|1,234,567|  ab  |42"


def test_nested_loops_stop_at_the_deadline_located_in_the_template(workspace):
    line = override(workspace, "cover.html", NESTED_LOOPS)
    [problem] = build(workspace, workspace / "build", only="QP-01", render_timeout=0.5).problems()
    assert (problem.code, problem.path, problem.line) == ("template-timeout", "templates/cover.html", line)
    assert "QP-01" in problem.message and "0.5 s" in problem.message
    assert not (workspace / "build").exists()


def test_the_deadline_stops_a_loop_in_the_caller_process_too(tmp_path):
    (tmp_path / "slow.html").write_text("<p>\n" + NESTED_LOOPS + "\n</p>\n", "utf-8")
    with pytest.raises(TemplateFailure) as failure:
        render_located([tmp_path], {"kind": "slow"}, 0.3)
    assert (failure.value.code, failure.value.line) == ("template-timeout", 2)
    assert failure.value.template.endswith("slow.html")


def test_the_alarm_is_raised_in_the_template_only_and_again_until_it_is(tmp_path):
    """The first alarms land in other code, here code that swallows every exception (as a finalizer or a
    collector's callback would, printing "Exception ignored"): none is raised there, and one a moment later
    stops the template. A single alarm lost there would let the loop run to its end."""
    swallowed = []

    def other_code() -> str:
        end = time.monotonic() + 0.3
        while time.monotonic() < end:
            try:
                sum(range(100))
            except Exception as error:  # noqa: BLE001 (the point of the test)
                swallowed.append(error)
        return ""

    loop = "{% for i in range(3000) %}{% for j in range(1000) %}{{ '' }}{% endfor %}{% endfor %}"  # some seconds
    (tmp_path / "slow.html").write_text("<p>{{ other_code() }}\n" + loop + "\n</p>\n", "utf-8")
    with pytest.raises(TemplateFailure) as failure:
        render_located([tmp_path], {"kind": "slow", "other_code": other_code}, 0.1)
    assert (failure.value.code, failure.value.line) == ("template-timeout", 2)
    assert swallowed == [] and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_build_takes_the_limit_from_the_environment_and_says_it_in_the_workspace_language(workspace):
    text = (workspace / "procedures" / "manual.yaml").read_text("utf-8")
    (workspace / "procedures" / "manual.yaml").write_text(text.replace("language: en", "language: zh-Hans"))
    line = override(workspace, "procedure.html", NESTED_LOOPS, "{% block body %}")
    result = CliRunner(env={"QMTOOL_RENDER_TIMEOUT": "0.5"}).invoke(main, ["build", "-o", "build"])
    assert result.exit_code == 1
    assert (f"templates/procedure.html:{line}:1: error[template-timeout]: 模板渲染QP-01超过0.5秒仍未完成，已终止"
            in result.stderr)
    assert not (workspace / "build").exists()
    refused = CliRunner().invoke(main, ["build", "--render-timeout", "0"])
    assert refused.exit_code == 2 and "--render-timeout" in refused.stderr


def test_the_assessment_report_template_has_the_deadline_too(tmp_path, monkeypatch):
    for folder in ("procedures", "records"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    monkeypatch.chdir(tmp_path)
    line = override(tmp_path, "assessment.html", NESTED_LOOPS)
    records = ("records/QP-02-canteen-scores.csv", "records/QP-02-canteen-events.csv")
    result = CliRunner().invoke(main, ["assess", "QP-02", *records, "--pdf", "report.pdf",
                                       "--render-timeout", "0.5"])
    assert result.exit_code == 1, result.output
    assert f"templates/assessment.html:{line}:1: error[template-timeout]: 模板渲染report.pdf超过0.5秒" in result.stderr
    assert not (tmp_path / "report.pdf").exists()


def test_the_change_report_template_has_the_deadline_too(repo):
    line = override(repo, "changes.html", "{{ 9**(9**9) }}")
    result = CliRunner().invoke(main, ["diff", "v1", "--pdf", "changes.pdf"])
    assert result.exit_code == 1, result.output
    assert f"templates/changes.html:{line}:1: error[template-error]" in result.stderr
    assert not (repo / "changes.pdf").exists()


def test_serve_answers_every_other_page_while_one_template_is_stuck(workspace):
    override(workspace, "procedure.html", '{% if doc.id == "QP-01" %}' + NESTED_LOOPS + "{% endif %}",
             "{% block body %}")
    process = subprocess.Popen([sys.executable, "-m", "qmtool", "serve", "--port", "0", "--render-timeout", "20"],
                               cwd=workspace, stderr=subprocess.PIPE, text=True)
    finished: list[str] = []
    pages: dict[str, str] = {}

    def fetch(path: str) -> None:
        with urllib.request.urlopen(f"{base}{path}", timeout=120) as response:
            pages[path] = response.read().decode("utf-8")
        finished.append(path)

    try:
        line = process.stderr.readline()
        assert line.startswith("serving http://127.0.0.1:"), line
        base = line.split()[1].rstrip("/")
        stuck = threading.Thread(target=fetch, args=("/QP-01.html",))
        stuck.start()
        for _ in range(50):  # the stuck request has surely reached its template once the manual has rendered
            if "/QM-01.html" in finished:
                break
            fetch("/QM-01.html")
        for path in ("/", "/_version", "/QM-01.html", "/_source/procedures/QP-01-demo.yaml"):
            fetch(path)
        stuck.join(timeout=180)
        assert not stuck.is_alive()
    finally:
        process.terminate()
        process.wait(timeout=30)
        process.stderr.close()
    assert finished[-1] == "/QP-01.html" and len(finished) >= 5
    assert "Quality Manual" in pages["/QM-01.html"] or "QM-01" in pages["/QM-01.html"]
    assert "template-timeout" in pages["/QP-01.html"] and "templates/procedure.html" in pages["/QP-01.html"]
