"""A report's PDF (assess --pdf, diff --pdf) is written by the build's own steps (build/write.py): one glyph
check and one rule for the characters no text may hold decide for reports and documents alike, in the text and
in what the templates add, and a report's template is held to the build's URL rule."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from qmtool.cli import main
from qmtool.load.loader import load_bytes
from qmtool.render.glyphs import unprintable
from tests.helpers import REPO, commit

FORMAT = {"zero-width space": "\u200b", "right-to-left override": "\u202e"}
SCORES = "provider,provider_name,period,kpi,score\nCT-001,A{char}B,2026-Q1,K1,95\nCT-001,AB,2026-Q1,K2,90\n"


def run(*args):
    return CliRunner().invoke(main, [str(arg) for arg in args])


def edit(root: Path, old: str, new: str, name: str = "QP-01-demo.yaml") -> None:
    path = root / "procedures" / name
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def located(stderr: str, code: str) -> list[str]:
    """Where each problem of code is: path:line:column, as the reporter prints it."""
    return [line.split(f": error[{code}]")[0] for line in stderr.splitlines() if f": error[{code}]" in line]


@pytest.mark.parametrize("char", FORMAT.values(), ids=FORMAT)
def test_a_format_character_is_refused_not_a_missing_glyph(tmp_path, char):
    source = load_bytes(f"owner: Service{char} Office\n".encode(), tmp_path / "a.yaml", "a.yaml")
    covered = frozenset(map(ord, "owner: Service Office"))  # everything but the format character
    assert [(f.code, f.line, f.column) for f in unprintable([source], covered, ["Noto"])] \
        == [("invisible-character", 1, 15)]


@pytest.mark.parametrize("char", FORMAT.values(), ids=FORMAT)
def test_a_format_character_in_a_diff_is_refused_in_the_report_as_in_a_build(repo, char):
    edit(repo, "owner: Service Office", f"owner: Service{char} Office")
    result = run("diff", "v1", "--pdf", "changes.pdf")
    assert result.exit_code == 1
    assert located(result.stderr, "invisible-character") == ["procedures/QP-01-demo.yaml:8:15"]
    assert "glyph-missing" not in result.stderr and "version-not-bumped" in result.stderr
    assert not (repo / "changes.pdf").exists()
    built = run("build", "-o", "build")
    assert built.exit_code == 1
    assert located(built.stderr, "invisible-character") == ["procedures/QP-01-demo.yaml:8:15"]


def test_a_format_character_of_the_old_revision_is_refused_where_that_revision_has_it(repo):
    edit(repo, "owner: Service Office", "owner: Service\u200b Office")
    commit(repo, "a zero-width space")
    edit(repo, "owner: Service\u200b Office", "owner: Service Office")
    result = run("diff", "HEAD", "--pdf", "changes.pdf")
    assert result.exit_code == 1
    assert located(result.stderr, "invisible-character") == ["HEAD:procedures/QP-01-demo.yaml:8:15"]
    assert not (repo / "changes.pdf").exists()
    assert run("diff", "HEAD").exit_code == 1  # the text says what changed all the same (no new version)


@pytest.mark.parametrize("char", FORMAT.values(), ids=FORMAT)
def test_a_format_character_in_an_assessment_is_refused_in_the_report_as_in_a_build(workspace, char):
    (workspace / "scores.csv").write_text(SCORES.format(char=char), "utf-8")
    result = run("assess", "QP-01", "scores.csv", "--pdf", "report.pdf")
    assert result.exit_code == 1
    assert located(result.stderr, "invisible-character") == ["scores.csv:2:9"]
    assert not (workspace / "report.pdf").exists()
    (workspace / "scores.csv").write_text(SCORES.format(char=""), "utf-8")
    edit(workspace, "owner: Service Office", f"owner: Service{char} Office")
    result = run("assess", "QP-01", "scores.csv", "--pdf", "report.pdf")
    assert result.exit_code == 1 and "glyph-missing" not in result.stderr
    assert located(result.stderr, "invisible-character") == ["procedures/QP-01-demo.yaml:8:15"]
    assert not (workspace / "report.pdf").exists()
    built = run("build", "-o", "build")
    assert located(built.stderr, "invisible-character") == ["procedures/QP-01-demo.yaml:8:15"]


@pytest.mark.parametrize("template", ["assessment.html", "changes.html"])
def test_a_format_character_a_report_template_adds_is_located_in_the_template(repo, template):
    (repo / "templates").mkdir()
    text = (REPO / "templates" / template).read_text("utf-8")
    start = text.index("<body")
    body = text[start:text.index(">", start) + 1]  # <body class="...">
    line = text[:start].count("\n") + 2  # the line after it
    text = text.replace(body, body + "\n<p>a&#x200B;b</p>", 1)
    (repo / "templates" / template).write_text(text, "utf-8")
    commit(repo, "a template with a zero-width space")
    (repo / "scores.csv").write_text(SCORES.format(char=""), "utf-8")
    command = ["assess", "QP-01", "scores.csv"] if template == "assessment.html" else ["diff", "v1"]
    result = run(*command, "--pdf", "report.pdf")
    assert result.exit_code == 1
    assert located(result.stderr, "invisible-character") == [f"templates/{template}:{line}:5"]
    assert not (repo / "report.pdf").exists()


def test_a_report_template_reaching_outside_is_a_forbidden_url_not_a_traceback(workspace):
    (workspace / "templates").mkdir()
    text = (REPO / "templates" / "assessment.html").read_text("utf-8")
    (workspace / "templates" / "assessment.html").write_text(
        text.replace('<body class="assessment">', '<body class="assessment"><img src="file:///etc/hostname">', 1))
    (workspace / "scores.csv").write_text(SCORES.format(char=""), "utf-8")
    result = run("assess", "QP-01", "scores.csv", "--pdf", "report.pdf")
    assert result.exit_code == 1 and isinstance(result.exception, (SystemExit, type(None)))
    assert "procedures/QP-01-demo.yaml: error[forbidden-url]" in result.stderr
    assert "file:///etc/hostname" in result.stderr and not (workspace / "report.pdf").exists()


@pytest.mark.parametrize("where", ["/proc/self/report.pdf", "/sys/report.pdf", "{file}/report.pdf"])
def test_a_report_that_cannot_be_written_is_refused_before_anything_is_read_or_printed(repo, where):
    """The probe is the atomic write's first step, made first: before, assess and diff printed their whole
    result and rendered the PDF for seconds, then failed with exit 2."""
    from tests.helpers import SCORES, qmtool, stderr

    pdf = where.format(file=repo / "procedures" / "manual.yaml")
    runs = [qmtool("assess", "QP-02", *SCORES, "--pdf", pdf, cwd=REPO), qmtool("diff", "v1", "--pdf", pdf, cwd=repo)]
    for done in runs:
        assert done.returncode == 2 and done.stdout == b"", done.stdout
        assert "Traceback" not in stderr(done) and f"cannot write {pdf}" in stderr(done), stderr(done)
