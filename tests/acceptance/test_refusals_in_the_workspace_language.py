"""qmtool's own reasons, and what build says while it waits, are in the workspace's language: a zh-Hans workspace
reads no English sentence of qmtool's inside a Chinese message; Python's or Jinja's own text is quoted as it is."""
from __future__ import annotations

import subprocess

import pytest

from qmtool.build.pipeline import build
from qmtool.build.workers import RenderFailed, failure_findings
from qmtool.core.folder_lock import FolderLock
from qmtool.core.messages import Word
from qmtool.render.environment import TemplateFailure, render_located
from qmtool.render.refusal import quoted
from tests.helpers import QMTOOL, override


def speak(root, language: str) -> None:
    manual = root / "procedures" / "manual.yaml"
    manual.write_text(manual.read_text("utf-8").replace("language: en", f"language: {language}"), "utf-8")


@pytest.mark.parametrize(("expression", "words"), [
    ("'%.9999999f' % 1.5", "模板错误：格式 '%.9999999f' 的结果超出沙箱允许的大小（1,000,000 个字符或元素）"),
    ("lipsum(5000)", "模板错误：lipsum(5000, max=100) 的结果超出沙箱允许的大小（1,000,000 个字符或元素）"),
    ("1 / 0", "模板错误：“ZeroDivisionError: division by zero”"),
])
def test_a_template_error_of_a_chinese_workspace_is_said_in_chinese(workspace, expression, words):
    speak(workspace, "zh-Hans")
    override(workspace, "cover.html", "{{ " + expression + " }}")
    [problem] = build(workspace, workspace / "build", only="QP-01").problems()
    assert problem.message == words


def test_a_template_leading_out_of_its_folder_is_refused_in_the_workspace_language(tmp_path):
    (tmp_path / "secret.html").write_text("secret", "utf-8")
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "notes.html").symlink_to(tmp_path / "secret.html")
    (folder / "page.html").write_text("<p>\n{% include 'notes.html' %}\n</p>\n", "utf-8")
    with pytest.raises(TemplateFailure) as refused:
        render_located([folder], {"kind": "page"}, 10)
    message = refused.value.finding("x", "QP-01", 10).problem("zh-Hant").message
    assert message.startswith("範本錯誤：notes.html 指向範本目錄 ") and message.endswith(" 之外")


@pytest.mark.parametrize(("reason", "words"), [
    (Word("worker-died"), "WeasyPrint 无法排版该文件：排版该文件的工作进程意外终止"),
    (Word("worker-not-started"), "WeasyPrint 无法排版该文件：工作进程未能启动"),
    (quoted("ValueError: no"), "WeasyPrint 无法排版该文件：“ValueError: no”"),
])
def test_a_render_failure_is_said_in_the_workspace_language(reason, words):
    [found] = failure_findings(RenderFailed("QP-01", reason), "procedures/QP-01.yaml")
    assert found.problem("zh-Hans").message == words


@pytest.mark.parametrize(("language", "words"), [
    ("zh-Hans", "qmtool：另一次构建正在写入此目录（build），等待其完成"),
    ("zh-Hant", "qmtool：另一次建置正在寫入此目錄（build），等待其完成"),
    ("en", "qmtool: waiting for another build of this folder (build) to finish"),
])
def test_a_build_waiting_for_its_folder_says_so_in_the_workspace_language(ws, language, words):
    speak(ws, language)
    (ws / "build").mkdir()
    with FolderLock(ws / "build") as held:
        held.acquire()
        process = subprocess.Popen([QMTOOL, "build", "-o", "build"], cwd=ws, stderr=subprocess.PIPE)
        try:
            said = process.stderr.readline().decode("utf-8")  # blocks until the build says something
        finally:
            process.kill()
            process.communicate()
    assert said.rstrip("\n") == words
