"""A manual that YAML cannot read still says its language on its own top-level `language:` line: every
command speaks it, and trusts nothing else of the broken file."""
from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from qmtool.cli import main
from qmtool.load.language import declared, is_manual, manual_language
from tests.helpers import edit_first as edit

SYNTAX_ZH = "error[yaml-syntax]: YAML 语法错误"


def run(*args):
    return CliRunner().invoke(main, list(args))


def chinese_and_broken(workspace, how: str) -> None:
    edit(workspace, "language: en", "language: zh-Hans", name="manual.yaml")
    if how == "syntax":
        edit(workspace, 'version: "1.0"', 'version: "1.0" ]', name="manual.yaml")
    else:  # a line separator before the language line: reading stops there
        edit(workspace, "title: Quality Manual", "title: Quality\u2028Manual", name="manual.yaml")


@pytest.mark.parametrize("how", ["syntax", "separator"])
@pytest.mark.parametrize("command", [["validate"], ["build", "-o", "out"], ["register"]])
def test_every_command_speaks_the_language_of_a_manual_yaml_cannot_read(workspace, how, command):
    chinese_and_broken(workspace, how)
    result = run(*command)
    assert result.exit_code == 1
    assert (SYNTAX_ZH if how == "syntax" else "error[invisible-character]: 不允许使用不可见字符") in result.stderr
    assert "2 份文件：1 个错误" in result.stderr or "1 份文件：1 个错误" in result.stderr


def test_diff_speaks_the_language_of_a_manual_yaml_cannot_read(workspace, tmp_path):
    shutil.copytree(workspace, tmp_path / "old")
    chinese_and_broken(workspace, "syntax")
    result = run("diff", str(tmp_path / "old"), ".")
    assert SYNTAX_ZH in result.stderr


@pytest.mark.parametrize("text", [
    "kind: manual\nlanguage: zh-Hans\nlanguage: en\nid: [\n",  # said twice, two ways: not trusted
    "kind: manual\nlanguage: fr\nid: [\n",  # not a language qmtool speaks
    "kind: manual\nscope: |\n  language: zh-Hans\nid: [\n",  # inside a text, not a key of the manual
    "kind: manual\nlanguage: zh-Hans extra\nid: [\n",  # not one word
])
def test_nothing_else_of_a_broken_manual_is_trusted(workspace, text):
    (workspace / "procedures" / "manual.yaml").write_text(text, "utf-8")
    result = run("validate")
    assert "error[yaml-syntax]: YAML syntax error" in result.stderr


def test_the_language_line_as_read_from_raw_text():
    assert manual_language(b"\xef\xbb\xbfkind: manual\r\nlanguage: 'zh-Hant'  # ok\r\n") == "zh-Hant"
    assert manual_language(b'language: "en"\nkind: [') == "en"
    assert manual_language(b"  language: en\n") is None
    assert declared("kind: manual\u2028language: en\n".encode()) == {"kind": None}  # one line to an editor
    assert is_manual(b"kind: manual # the quality manual\n") and not is_manual(b"kind: procedure\n")


def test_a_manual_that_reads_decides_and_a_broken_procedure_cannot(workspace):
    """Only the manual says the language: a broken procedure's language line is not looked at."""
    (workspace / "procedures" / "QP-02-broken.yaml").write_text("kind: procedure\nlanguage: zh-Hans\nid: [\n")
    assert "error[yaml-syntax]: YAML syntax error" in run("validate").stderr
