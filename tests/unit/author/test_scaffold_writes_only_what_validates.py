"""init and new write only what validates at once: a name or title with a character the loader refuses is
refused first (exit 2, in the workspace's language), and a manual that cannot be read is said as validate says it."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from qmtool.cli import main
from qmtool.load.characters import CONTROLS, INVISIBLE
from tests.helpers import edit_first as edit


def run(*args):
    return CliRunner().invoke(main, list(args))


# One of each kind the loader refuses (load/characters.py): bidi controls, separators, zero-width, BOM, tags,
# Hangul filler, C1 control, DEL.
REFUSED = ["\u202e", "\u2066", "\u2028", "\u2029", "\u0085", "\u200b", "\u00ad", "\ufeff", "\U000e0041", "\u3164",
           "\x9b", "\x7f", "\x00"]


def test_the_examples_are_those_the_loader_refuses():
    import re

    assert all(re.fullmatch(f"[{CONTROLS}{INVISIBLE}]", char) for char in REFUSED)


@pytest.mark.parametrize("char", REFUSED)
@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_init_refuses_an_organisation_the_loader_would_refuse(tmp_path, char, lang):
    result = run("init", str(tmp_path / "i1"), "--lang", lang, "--organization", f"示例{char}单位")
    assert result.exit_code == 2, result.stderr
    said = {"zh-Hans": "单位名称", "zh-Hant": "單位名稱", "en": "the organisation's name"}[lang]
    assert f"qmtool: {said}" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "i1").exists()


def test_init_names_the_invisible_character(tmp_path):
    result = run("init", str(tmp_path / "i1"), "--organization", "示例\u2028单位")
    assert result.stderr == ("qmtool: 单位名称中含有 U+2028 LINE SEPARATOR，文件中不允许使用该字符："
                             "它不可见或是控制字符，会使PDF与文件表面所写不一致，请删除\n")


@pytest.fixture
def chinese(workspace):
    edit(workspace, "language: en", "language: zh-Hans", name="manual.yaml")
    return workspace


@pytest.mark.parametrize("char", REFUSED)
def test_new_refuses_a_title_the_loader_would_refuse(chinese, char):
    result = run("new", "procedure", "QP-09", "--title", f"a{char}b")
    assert result.exit_code == 2 and result.stderr.startswith("qmtool: 标题"), result.stderr
    assert not (chinese / "procedures" / "QP-09.yaml").exists()


def test_new_refuses_a_title_that_is_not_utf8(chinese):
    result = run("new", "procedure", "QP-09", "--title", "a\udcffb")  # how Python hands over a byte 0xFF
    assert result.exit_code == 2 and result.stderr == "qmtool: 标题不是有效的文字：含有非 UTF-8 的字节\n"


@pytest.mark.parametrize("title", ["a\u200db", "家\U000e0100", "Größe 𝔸"])  # allowed on purpose, as the loader allows
def test_what_new_accepts_validates(chinese, title):
    assert run("new", "procedure", "QP-09", "--title", title).exit_code == 0
    assert run("validate").exit_code == 0


@pytest.mark.parametrize("args, said", [
    (["QP-9", "--title", "x"], "qmtool: QP-9 不是程序文件编号，应写成 QP-07 这样的形式"),
    (["QP-09", "--title", "x", "--name", "A B"], "qmtool: A B 不能用作文件名的一部分，只能使用小写字母、数字和连字符"),
    (["QP-01", "--title", "x"], "qmtool: QP-01 已被 procedures/QP-01-demo.yaml 使用"),
])
def test_every_refusal_of_new_is_in_the_workspace_language(chinese, args, said):
    result = run("new", "procedure", *args)
    assert result.exit_code == 2 and result.stderr == said + "\n"


def test_new_over_a_link_is_refused(chinese, tmp_path):
    (chinese / "procedures" / "QP-09.yaml").symlink_to(tmp_path / "nowhere.yaml")
    result = run("new", "procedure", "QP-09", "--title", "x")
    assert result.exit_code == 2 and "procedures/QP-09.yaml 已存在" in result.stderr
    assert not (tmp_path / "nowhere.yaml").exists()


@pytest.mark.parametrize("how, code", [("outside", "link-outside"), ("dangling", "link-dangling"),
                                       ("loop", "link-loop")])
def test_new_says_why_a_linked_manual_is_not_read_as_validate_does(chinese, tmp_path, how, code):
    manual = chinese / "procedures" / "manual.yaml"
    if how == "outside":
        (tmp_path / "elsewhere.yaml").write_bytes(manual.read_bytes())
        manual.unlink()
        manual.symlink_to(tmp_path / "elsewhere.yaml")
    elif how == "dangling":
        manual.unlink()
        manual.symlink_to(tmp_path / "gone.yaml")
    else:
        manual.unlink()
        manual.symlink_to(manual)
    located = f"procedures/manual.yaml: error[{code}]:"
    assert located in run("validate").stderr
    result = run("new", "procedure", "QP-09", "--title", "x")
    assert result.exit_code == 1 and result.stderr.startswith(located), result.stderr
    assert not (chinese / "procedures" / "QP-09.yaml").exists()


def test_new_says_why_a_broken_manual_is_not_read_in_its_language(chinese):
    edit(chinese, 'version: "1.0"', 'version: "1.0" ]', name="manual.yaml")
    result = run("new", "procedure", "QP-09", "--title", "x")
    assert result.exit_code == 1
    assert "procedures/manual.yaml:4:16: error[yaml-syntax]: YAML 语法错误" in result.stderr
    said = "qmtool: procedures 中没有可读取的质量手册（kind: manual），请先运行 qmtool init"
    assert result.stderr.rstrip().endswith(said)


def test_new_without_any_manual_says_to_run_init(chinese):
    (chinese / "procedures" / "manual.yaml").unlink()
    result = run("new", "procedure", "QP-09", "--title", "x")
    assert result.exit_code == 2
    assert result.stderr == "qmtool: procedures has no readable manual (kind: manual); run qmtool init first\n"
