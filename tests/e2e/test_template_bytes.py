"""A template, and every text file of the template folders, is read as the loader reads a YAML file: UTF-8 (a BOM
allowed), no refused character. What fails is reported in that file itself, at its line and column in characters,
with the loader's codes and a message that fits a template, on every path that reads one: build, serve, the
reports of assess --pdf and diff --pdf, and the style sheets and images WeasyPrint fetches."""
from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from click.testing import CliRunner

from qmtool.build.pipeline import build
from qmtool.cli import main
from qmtool.render.environment import TemplateFailure, render_located, template_refusals
from qmtool.render.pdf import write_pdf
from tests.helpers import REPO, commit

# What a line may end with that the template must not hold, and the code it is refused with.
DEFECTS = {
    "byte 0xff": (b"\xff", "encoding"),
    "GBK text": ("质量".encode("gbk"), "encoding"),
    "NUL": (b"\x00", "control-character"),
    "ESC": (b"\x1b[2J", "control-character"),
    "NEL": ("\u0085".encode(), "invisible-character"),
    "right-to-left override": ("\u202e".encode(), "invisible-character"),
    "zero-width space": ("\u200b".encode(), "invisible-character"),
    "line separator": ("\u2028".encode(), "invisible-character"),
}


def spoil(path: Path, line: int, bad: bytes) -> int:
    """path with bad put at the end of line (the line keeps its own ending); the column bad is at, counted in
    characters."""
    lines = path.read_bytes().split(b"\n")
    column = len(lines[line - 1].decode("utf-8").removesuffix("\r")) + 1
    head, crlf = (lines[line - 1][:-1], b"\r") if lines[line - 1].endswith(b"\r") else (lines[line - 1], b"")
    lines[line - 1] = head + bad + crlf
    path.write_bytes(b"\n".join(lines))
    return column


def own_copy(workspace: Path, name: str) -> Path:
    """The built-in template name, copied into the workspace's templates/ to be spoiled there."""
    (workspace / "templates").mkdir(exist_ok=True)
    path = workspace / "templates" / name
    path.write_bytes((REPO / "templates" / name).read_bytes())
    return path


def located(problems) -> list[tuple[str, str, int, int]]:
    return [(p.code, p.path, p.line, p.column) for p in problems]


# Each file a page is made of, however it is reached: itself, included, imported, extended, a nested include,
# and text included raw.
FOLDER = {
    "page.html": '{% extends "base.html" %}\n{% import "macros.html" as m %}\n{% block body %}\n'
                 "<p>会议服务 {{ m.cell('价格') }}</p>\n{% endblock %}\n",
    "base.html": '<!DOCTYPE html>\n<html>\n<head>{% include "head.html" %}</head>\n'
                 "<body>{% block body %}{% endblock %}</body>\n</html>\n",
    "macros.html": "{% macro cell(text) %}\n<td>中文 {{ text }}</td>\n{% endmacro %}\n",
    "head.html": '<meta charset="utf-8">\n<style>\n{% include "style.css" %}\n</style>\n',
    "style.css": "body {\n  font-family: \"Noto Serif CJK SC\";\n}\n",
}


@pytest.mark.parametrize("defect", DEFECTS, ids=list(DEFECTS))
@pytest.mark.parametrize("name", FOLDER)
def test_a_template_is_refused_in_its_own_file_at_its_line_and_column(tmp_path, name, defect):
    """A byte that is not UTF-8 stops the rendering, in the file that has it; a refused character is found in
    every text file of the folder, whether the page reaches it or not."""
    bad, code = DEFECTS[defect]
    for file, text in FOLDER.items():
        (tmp_path / file).write_text(text, "utf-8")
    column = spoil(tmp_path / name, 2, bad)
    if code == "encoding":
        with pytest.raises(TemplateFailure) as refused:
            render_located([tmp_path], {"kind": "page"}, 10)
        failure = refused.value
        assert (failure.code, Path(failure.template).name, failure.line, failure.column) == (code, name, 2, column)
        assert pickle.loads(pickle.dumps(failure)).findings("x", "page", 10) == failure.findings("x", "page", 10)
        [found] = failure.findings("fallback.yaml", "page", 10)
    else:
        [found] = template_refusals([tmp_path])
    assert (found.code, found.path, found.line, found.column) == (code, str(tmp_path / name), 2, column)


def test_a_bad_byte_after_a_bom_and_crlf_lines_is_counted_in_characters_and_its_offset_in_bytes(tmp_path):
    bom = b"\xef\xbb\xbf"
    (tmp_path / "page.html").write_bytes(bom + "<p>会议\r\n<p>服务".encode() + b"\xff\r\n")
    with pytest.raises(TemplateFailure) as refused:
        render_located([tmp_path], {"kind": "page"}, 10)
    problem = refused.value.finding("x", "page", 10).problem("en")
    assert (problem.code, problem.line, problem.column) == ("encoding", 2, 6)
    assert problem.message == "the file is not UTF-8: byte 0xFF at offset 23 cannot be decoded"
    assert "iconv -f ENCODING -t UTF-8 page.html > page.html.utf8" in problem.hint


def test_a_template_saved_as_gbk_is_said_to_look_like_gbk(tmp_path):
    (tmp_path / "page.html").write_bytes("<p>质量手册</p>\n".encode("gbk"))
    with pytest.raises(TemplateFailure) as refused:
        render_located([tmp_path], {"kind": "page"}, 10)
    problem = refused.value.finding("x", "page", 10).problem("zh-Hans")
    assert (problem.code, problem.line, problem.column) == ("encoding", 1, 4)
    assert "GBK/GB18030" in problem.message and "iconv -f GB18030" in problem.hint


@pytest.mark.parametrize(("lang", "words"), [("en", "is not allowed in a template"), ("zh-Hans", "模板中不允许出现"),
                                             ("zh-Hant", "範本中不允許出現")])
def test_a_control_character_in_a_template_is_refused_in_a_template_s_words(tmp_path, lang, words):
    (tmp_path / "page.html").write_text("<p>\x00</p>\n", "utf-8")
    [found] = template_refusals([tmp_path])
    message = found.problem(lang).message
    assert words in message and "YAML" not in message


def test_a_bom_and_the_joiners_some_scripts_need_are_not_refused(tmp_path):
    (tmp_path / "page.html").write_text("\ufeff<p>a\u200db a\u200cb 葛\U000E0100</p>", "utf-8")
    assert render_located([tmp_path], {"kind": "page"}, 10) == "<p>a\u200db a\u200cb 葛\U000E0100</p>"


@pytest.mark.parametrize(("name", "line"), [("standards.html", 22), ("style.css", 3), ("procedure.html", 3),
                                            ("head.html", 3), ("document.html", 4), ("cover.html", 1)])
def test_a_build_reports_a_bad_byte_in_the_template_that_holds_it(workspace, name, line):
    column = spoil(own_copy(workspace, name), line, b"\xff")
    problems = build(workspace, workspace / "build", only="QP-01").problems()
    assert located(problems) == [("encoding", f"templates/{name}", line, column)]
    assert not (workspace / "build").exists()


@pytest.mark.parametrize("defect", ["NUL", "NEL", "right-to-left override"])
def test_a_build_refuses_a_character_of_a_template_by_the_loader_s_rule_never_as_a_missing_glyph(workspace, defect):
    bad, code = DEFECTS[defect]
    column = spoil(own_copy(workspace, "cover.html"), 2, bad)
    problems = build(workspace, workspace / "build", only="QP-01").problems()
    assert located(problems) == [(code, "templates/cover.html", 2, column)]


@pytest.mark.parametrize(("written", "code"), [("\\u0085", "invisible-character"), ("\\x00", "control-character"),
                                               ("&#x202e;", "invisible-character")])
def test_a_refused_character_a_template_writes_by_escape_is_refused_where_it_is_written(workspace, written, code):
    path = own_copy(workspace, "cover.html")
    text = path.read_text("utf-8")
    path.write_text(text.replace("</", "{{ 'a" + written + "b' }}</", 1) if "&" not in written
                    else text.replace("</", f"a{written}b</", 1), "utf-8")
    line = next(n for n, row in enumerate(path.read_text("utf-8").splitlines(), 1) if written in row)
    problems = build(workspace, workspace / "build", only="QP-01").problems()
    assert [(p.code, p.path, p.line) for p in problems] == [(code, "templates/cover.html", line)]


STYLE = '<html><head><link rel="stylesheet" href="extra.css"></head><body><h1>标题</h1></body></html>'


@pytest.mark.parametrize("defect", ["byte 0xff", "NEL", "right-to-left override"])
def test_a_style_sheet_weasyprint_fetches_is_refused_located_never_printed_otherwise(tmp_path, defect):
    """WeasyPrint would print the byte as U+FFFD, the override as reordered text, and say nothing."""
    bad, code = DEFECTS[defect]
    (tmp_path / "extra.css").write_bytes(b'h1 {\n  color: black;\n}\nh1::after { content: "AB' + bad + b'123" }\n')
    with pytest.raises(TemplateFailure) as refused:
        write_pdf(STYLE, [tmp_path], [], "plain", "2000-01-01")
    assert (refused.value.code, Path(refused.value.template).name, refused.value.line, refused.value.column) \
        == (code, "extra.css", 4, 25)


def test_an_svg_image_of_the_templates_is_refused_located_though_weasyprint_swallows_its_errors(workspace):
    (workspace / "templates").mkdir()
    (workspace / "templates" / "mark.svg").write_bytes(
        b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">\n<text y="15">A\xc2\x85B</text></svg>\n')
    own_copy(workspace, "cover.html").write_text(
        (REPO / "templates" / "cover.html").read_text("utf-8") + '<img src="mark.svg" alt="">\n', "utf-8")
    problems = build(workspace, workspace / "build", only="QP-01").problems()
    assert located(problems) == [("invisible-character", "templates/mark.svg", 2, 15)]
    assert not (workspace / "build").exists()


def run(*args):
    return CliRunner().invoke(main, [str(arg) for arg in args])


def test_an_assessment_report_reports_its_template_s_bad_byte_in_that_template(workspace):
    column = spoil(own_copy(workspace, "charts.html"), 2, b"\xff")
    (workspace / "s.csv").write_text("provider,provider_name,period,kpi,score\n"
                                     "CT-001,AB,2026-Q1,K1,95\nCT-001,AB,2026-Q1,K2,90\n", "utf-8")
    result = run("assess", "QP-01", "s.csv", "--pdf", "report.pdf", "--lang", "en")
    assert result.exit_code == 1
    assert f"templates/charts.html:2:{column}: error[encoding]" in result.stderr
    assert not (workspace / "report.pdf").exists()


def test_a_change_report_reports_its_template_s_refused_character_in_that_template(repo):
    (repo / "procedures" / "QP-01-demo.yaml").write_text(
        (repo / "procedures" / "QP-01-demo.yaml").read_text("utf-8").replace("Service Office", "Services Office"),
        "utf-8")
    column = spoil(own_copy(repo, "changes.html"), 3, b"\x00")
    commit(repo, "a spoiled change report template")
    result = run("diff", "v1", "--pdf", "changes.pdf", "--lang", "en")
    assert f"templates/changes.html:3:{column}: error[control-character]" in result.stderr
    assert "is not allowed in a template" in result.stderr
    assert not (repo / "changes.pdf").exists()


def test_serve_shows_a_template_s_bad_byte_in_that_template(workspace):
    from qmtool.author.serve import Preview

    column = spoil(own_copy(workspace, "head.html"), 3, b"\xff")
    status, page = Preview(workspace, timeout=10).page("QP-01")
    assert f"templates/head.html:3:{column}</a> error[encoding]" in page


def test_every_refusal_of_a_template_is_reported_at_once_as_written_by_reference_or_escape(workspace):
    path = own_copy(workspace, "cover.html")
    path.write_text("<p>\u202e &#x2066; &#8238; {{ '\\x00' }}</p>\n<style>p::after { content: \"\\202E\" }</style>\n"
                    "<p>&#x85; is an ellipsis to HTML, \\de a thorn to CSS</p>\n" + path.read_text("utf-8"), "utf-8")
    problems = build(workspace, workspace / "build", only="QP-01").problems()
    assert [(p.code, p.line, p.column) for p in problems] == [
        ("invisible-character", 1, 4), ("invisible-character", 1, 6), ("invisible-character", 1, 15),
        ("control-character", 1, 27), ("invisible-character", 2, 29)]
    assert {p.path for p in problems} == {"templates/cover.html"}


def test_a_template_of_a_thousand_nuls_shows_its_first_hundred_and_how_many_more(tmp_path):
    (tmp_path / "page.html").write_text("<p>\x00</p>\n" * 1000, "utf-8")
    found = template_refusals([tmp_path])
    assert len(found) == 101 and found[99].line == 100
    assert (found[100].code, dict(found[100].params)["count"]) == ("more-problems", 900)


def test_a_template_holding_a_refused_character_and_a_glyph_the_fonts_lack_has_both_reported(workspace):
    path = own_copy(workspace, "cover.html")
    path.write_text(path.read_text("utf-8").replace("</", "\u0628 \x00</", 1), "utf-8")
    problems = build(workspace, workspace / "build", only="QP-01").problems()
    assert sorted(p.code for p in problems) == ["control-character", "glyph-missing"]


def test_serve_shows_a_template_s_refused_character_where_it_is(workspace):
    from qmtool.author.serve import Preview

    column = spoil(own_copy(workspace, "toc.html"), 2, "\u202e".encode())
    status, page = Preview(workspace, timeout=10).page("QP-01")
    assert f"templates/toc.html:2:{column}</a> error[invisible-character]" in page
