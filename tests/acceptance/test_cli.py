"""The command line: exit codes, streams, JSON, language, and the reference workspace."""
from __future__ import annotations

import json
import subprocess
import sys

import click

from qmtool.cli import main
from tests.helpers import REPO, run


def break_fee(root):
    path = root / "procedures" / "QP-01-demo.yaml"
    path.write_text(path.read_text().replace("grade: B, unit", "grade: C, unit"))


def test_clean_workspace_exits_0(workspace):
    result = run("validate")
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr == "2 documents checked, no problems\n"


def test_errors_exit_1(workspace):
    break_fee(workspace)
    result = run("validate")
    assert result.exit_code == 1 and "error[fee-unknown-grade]" in result.stderr
    assert result.stderr.endswith("1 error, 0 warnings in 2 documents\n")


def test_warnings_exit_0_unless_strict(workspace):
    path = workspace / "procedures" / "QP-01-demo.yaml"
    path.write_text(path.read_text().replace("  - {id: P3, phase: review,", "  - {id: P3, phase: deliver,"))
    assert run("validate").exit_code == 0
    result = run("validate", "--strict")
    assert result.exit_code == 1 and "warning[" in result.stderr and "error[" not in result.stderr


def test_bad_usage_exits_2(workspace):
    assert run("validate", "no-such-folder").exit_code == 2
    assert run("validate", "--format", "xml").exit_code == 2
    assert run("validate", "--lang", "fr").exit_code == 2


def test_json_is_an_array_of_problems_on_stdout(workspace):
    break_fee(workspace)
    result = run("validate", "--format", "json")
    [problem] = json.loads(result.stdout)
    assert problem == {
        "path": "procedures/QP-01-demo.yaml", "line": 33, "column": 38,
        "pointer": "/standards/fees/1/grade", "code": "fee-unknown-grade", "severity": "error",
        "message": 'fee F2 names grade "C", which is not defined in standards.grades',
        "hint": "defined grades are A, B",
    }
    assert result.exit_code == 1


def test_messages_follow_the_workspace_language(workspace):
    manual = workspace / "procedures" / "manual.yaml"
    manual.write_text(manual.read_text().replace("language: en", "language: zh-Hans"))
    break_fee(workspace)
    assert "收费项目 F2 引用的等级“C”" in run("validate").stderr
    assert "fee F2 names grade" in run("validate", "--lang", "en").stderr


def test_workspace_given_as_argument_shows_paths_from_here(workspace, tmp_path, monkeypatch):
    break_fee(workspace)
    monkeypatch.chdir(tmp_path)
    assert run("validate", "ws").stderr.startswith("ws/procedures/QP-01-demo.yaml:33:38: error[fee-unknown-grade]")


def test_reference_workspace_is_clean():
    result = subprocess.run([sys.executable, "-m", "qmtool", "validate", "--strict", str(REPO)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "已检查 7 份文件，未发现问题\n"


def test_validate_does_not_import_weasyprint():
    check = (
        "import sys, runpy\n"
        "sys.argv = ['qmtool', 'validate', sys.argv[1]]\n"
        "try:\n    runpy.run_module('qmtool', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "assert 'weasyprint' not in sys.modules\n")
    result = subprocess.run([sys.executable, "-c", check, str(REPO)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_version():
    assert run("--version").stdout.startswith("qmtool, version ")


def commands(group=main, path=()):
    """Every command a user can run, as its words after qmtool: ("validate",), ("new", "procedure"), ..."""
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            assert command.commands, name
            yield from commands(command, (*path, name))
        else:
            yield (*path, name)


def test_every_command_has_help_with_an_example_and_is_in_the_readme():
    readme = (REPO / "README.md").read_text("utf-8")
    for words in commands():
        result = run(*words, "--help")
        assert result.exit_code == 0 and "Example:" in result.stdout, words
        assert f"qmtool {' '.join(words)}" in readme, words
    assert len(list(commands())) >= 12


def test_doctor_names_what_is_missing_and_how_to_fix_it(monkeypatch):
    import qmtool.author.doctor

    assert run("doctor").exit_code == 0
    monkeypatch.setattr(qmtool.author.doctor, "locate", lambda family: None)
    monkeypatch.setattr(qmtool.author.doctor, "harfbuzz_subset_available", lambda: False)
    result = run("doctor")
    assert result.exit_code == 1
    assert "MISSING  font Noto Serif CJK SC: not found" in result.stdout
    assert "fix: apt-get install fonts-noto-cjk" in result.stdout
    assert "fix: apt-get install libharfbuzz-subset0" in result.stdout


def test_build_without_fonts_is_an_environment_error(workspace, monkeypatch):
    import qmtool.build.pipeline

    monkeypatch.setattr(qmtool.build.pipeline, "missing_fonts", lambda lang: ["Noto Serif CJK SC"])
    result = run("build", "-o", "build")
    assert result.exit_code == 2
    assert "Noto Serif CJK SC" in result.stderr and "apt-get install fonts-noto-cjk" in result.stderr
    assert not (workspace / "build").exists()


def test_tables_align_columns_as_a_terminal_shows_them():
    """Widths as wcwidth counts them: é one column whether composed or not, a zero-width space none, a
    Chinese character two, a family emoji two."""
    from qmtool.cli.report import table

    family = "\U0001F468\u200d\U0001F469\u200d\U0001F467"
    rows = [["é", "x"], ["e\u0301", "x"], ["a\u200bb", "x"], ["中", "x"], [family, "x"]]
    assert table(rows).splitlines() == ["é   x", "e\u0301   x", "a\u200bb  x", "中  x", f"{family}  x"]


def test_english_messages_count_in_the_singular_and_the_plural():
    from qmtool.core.messages import fill, word

    assert fill(word("en", "summary"), errors=1, warnings=0, documents=2) == "1 error, 0 warnings in 2 documents"
    assert fill(word("en", "clean"), documents=1) == "1 document checked, no problems"
    assert fill(word("zh-Hans", "summary"), errors=1, warnings=0, documents=2).startswith("2 份文件")


def test_a_file_of_many_problems_prints_its_first_hundred_and_counts_every_one(workspace):
    path = workspace / "procedures" / "QP-01-demo.yaml"
    path.write_text(path.read_text() + "".join(f"k{i}: v\n" for i in range(150)))
    result = run("validate")
    lines = [line for line in result.stderr.splitlines() if "]: " in line]
    assert lines[0] == ("procedures/QP-01-demo.yaml: error[more-problems]: 50 more problems in this file, not shown: "
                        "50 errors, 0 warnings")
    assert [line.split('"')[1] for line in lines[1:]] == [f"k{i}" for i in range(100)]  # in line order
    assert result.stderr.endswith("150 errors, 0 warnings in 2 documents\n") and result.exit_code == 1
    problems = json.loads(run("validate", "--format", "json").stdout)
    assert len(problems) == 101 and problems[0]["code"] == "more-problems" and problems[0]["line"] == 0
    assert "此文件另有 50 个问题未列出：50 个错误，0 个警告" in run("validate", "--lang", "zh-Hans").stderr
    hant = run("validate", "--lang", "zh-Hant").stderr
    assert "此檔案另有 50 個問題未列出：50 個錯誤，0 個警告" in hant and "每個檔案只依行號順序列出前 100 個問題" in hant
