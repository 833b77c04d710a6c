"""qmtool build refusing before it lays out a page: template errors, missing glyphs, invisible characters, invalid
documents, unwritable outputs. The PDFs themselves are checked in e2e/test_build.py."""
from __future__ import annotations

from click.testing import CliRunner

from qmtool.build.pipeline import build
from qmtool.cli import main
from tests.helpers import REPO
from tests.helpers import edit_unique as edit


def test_template_error_is_located(workspace):
    (workspace / "templates").mkdir()
    (workspace / "templates" / "cover.html").write_text("<p>\n{% if %}\n</p>\n", "utf-8")
    [problem] = build(workspace, workspace / "build").problems()
    assert (problem.code, problem.line) == ("template-error", 2)
    assert problem.path.endswith("cover.html")


def test_character_missing_from_the_fonts_is_an_error_naming_it(workspace):
    edit(workspace, "QP-01-demo.yaml", "scope: The demo service.", "scope: The demo service \U0001F600.")
    result = CliRunner().invoke(main, ["build", "-o", "build"])
    assert result.exit_code == 1
    assert 'procedures/QP-01-demo.yaml:18:25: error[glyph-missing]: the character "\U0001F600" (U+1F600)' \
        in result.stderr
    assert not (workspace / "build").exists()


def test_character_in_a_template_missing_from_the_fonts_is_an_error_in_the_template(workspace):
    (workspace / "templates").mkdir()
    cover = (REPO / "templates" / "cover.html").read_text("utf-8")
    marked = cover.replace('<section class="cover">', '<section class="cover">\n<p>印章 \u0628&#8203;</p>')
    (workspace / "templates" / "cover.html").write_text("\ufeff" + marked)  # a BOM, a zero-width space: not drawn
    result = CliRunner().invoke(main, ["build", "-o", "build"])
    assert result.exit_code == 1
    assert 'templates/cover.html:2:7: error[glyph-missing]: the character "\u0628" (U+0628)' in result.stderr
    assert result.stderr.count("glyph-missing") == 1
    assert not (workspace / "build").exists()


def test_validation_error_writes_nothing(workspace):
    edit(workspace, "QP-01-demo.yaml", "grade: B, unit", "grade: C, unit")
    result = CliRunner().invoke(main, ["build", "-o", "build"])
    assert result.exit_code == 1 and "error[fee-unknown-grade]" in result.stderr
    assert not (workspace / "build").exists()


def test_an_unknown_only_is_a_usage_error_that_writes_nothing(workspace):
    result = CliRunner().invoke(main, ["build", "-o", "build", "--only", "QP-99"])
    assert result.exit_code == 2 and "no document numbered QP-99" in result.stderr
    assert not (workspace / "build").exists()


def test_template_failing_at_run_time_is_located(workspace):
    (workspace / "templates").mkdir()
    cover = (REPO / "templates" / "cover.html").read_text("utf-8")
    (workspace / "templates" / "cover.html").write_text(cover + "\n{{ 1 / 0 }}\n", "utf-8")
    [problem] = build(workspace, workspace / "build").problems()
    assert problem.code == "template-error" and "ZeroDivisionError" in problem.message
    assert problem.path == "templates/cover.html" and problem.line == cover.count("\n") + 2


def test_template_symlink_out_of_the_folder_is_refused(workspace, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", "utf-8")
    (workspace / "templates").mkdir()
    (workspace / "templates" / "notes.html").symlink_to(secret)
    cover = (REPO / "templates" / "cover.html").read_text("utf-8")
    (workspace / "templates" / "cover.html").write_text(cover + '{% include "notes.html" %}', "utf-8")
    result = build(workspace, workspace / "build", html=True)
    # refused before rendering now, at the link itself (it was a template-error from the loader)
    assert [(p.code, p.path) for p in result.problems()] == [("link-outside", "templates/notes.html")]
    assert not (workspace / "build" / "manual.pdf").exists()


def test_only_still_checks_the_characters_the_output_prints(workspace):
    edit(workspace, "QP-01-demo.yaml", "item: Session, grade: B", "item: Session \U0001F600, grade: B")
    result = build(workspace, workspace / "build", only="QM-01")  # the manual prints QP-01's fees
    assert [p.code for p in result.problems()] == ["glyph-missing"]


def test_unwritable_output_folder_is_an_environment_error(workspace):
    (workspace / "build").mkdir()
    (workspace / "build" / "procedures").write_text("a file where a folder belongs")
    result = CliRunner().invoke(main, ["build", "-o", "build"])
    assert result.exit_code == 2 and "cannot write into build/procedures" in result.stderr
    assert not (workspace / "build" / "manual.pdf").exists()
    result = CliRunner().invoke(main, ["build", "-o", "/proc/qmtool-build"])  # root may write, the kernel refuses
    assert result.exit_code == 2 and "cannot write into /proc/qmtool-build" in result.stderr, result.output


def test_a_report_date_comes_from_source_date_epoch_or_is_fixed(monkeypatch):
    from qmtool.render.pdf import fixed_date

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert fixed_date() == "2000-01-01"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert fixed_date() == "2026-01-01"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    assert fixed_date() == "2000-01-01"


def test_a_template_may_not_print_what_a_document_may_not_hold(workspace):
    """A bidirectional override in a template reorders the text around it just as in a document: refused
    at the template's line and column, written as it is or as a character reference."""
    (workspace / "templates").mkdir()
    cover = (REPO / "templates" / "cover.html").read_text("utf-8")
    marked = cover.replace('<section class="cover">', '<section class="cover">\n<p>最高限价\u202e00.081元 &#x2066;</p>')
    (workspace / "templates" / "cover.html").write_text(marked)
    result = CliRunner().invoke(main, ["build", "-o", "build"])
    assert result.exit_code == 1 and not (workspace / "build").exists()
    assert "templates/cover.html:2:8: error[invisible-character]: the invisible character U+202E RIGHT-TO-LEFT " \
        "OVERRIDE is not allowed" in result.stderr
    assert "templates/cover.html:2:17: error[invisible-character]: the invisible character U+2066 " in result.stderr
