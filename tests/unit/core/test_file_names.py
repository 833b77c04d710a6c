"""A file's name is user data: one that is not UTF-8, or holds a line break, tab, control or refused character,
is a located error at validate time (so build, release and serve refuse it too), shown escaped on one line;
and every path a message prints is shown on one line, escaped."""
from __future__ import annotations

import json
import os

import pytest

from qmtool.cli.report import os_error, shown_path
from qmtool.core.characters import one_line
from tests.helpers import run

NAMES = {  # the name on disk (bytes), and as a message shows it
    "not UTF-8": (b"QP-05-\xffx.yaml", "QP-05-\\xffx.yaml"),
    "line break": (b"QP-07-a\nb.yaml", "QP-07-a\\nb.yaml"),
    "carriage return": (b"QP-07-a\rb.yaml", "QP-07-a\\rb.yaml"),
    "tab": (b"QP-07-a\tb.yaml", "QP-07-a\tb.yaml"),  # refused, but it splits no line: shown as it is
    "escape": (b"QP-07-\x1b[2J.yaml", "QP-07-\\u001b[2J.yaml"),
    "bidi": ("QP-08-\u202e.yaml".encode(), "QP-08-\\u202e.yaml"),
    "zero width": ("QP-08-\u200bx.yaml".encode(), "QP-08-\\u200bx.yaml"),
}


def copy_as(workspace, name: bytes, doc_id: str = "QP-09") -> None:
    text = (workspace / "procedures" / "QP-01-demo.yaml").read_bytes()
    path = os.path.join(os.fsencode(workspace / "procedures"), name)
    with open(path, "wb") as file:
        file.write(text.replace(b"id: QP-01", f"id: {doc_id}".encode()))


@pytest.mark.parametrize("kind", list(NAMES))
def test_a_document_whose_name_cannot_be_shown_is_a_located_error_on_one_line(workspace, kind):
    name, shown = NAMES[kind]
    copy_as(workspace, name)
    result = run("validate")
    assert result.exit_code == 1
    assert f"procedures/{shown}: error[file-name]: the file's name holds " in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 3 and lines[1].startswith("  hint: rename it"), result.stderr
    found = json.loads(run("validate", "--format", "json").stdout)
    assert [(p["path"], p["code"], p["line"]) for p in found] == [(f"procedures/{shown}", "file-name", 0)]


def test_a_folder_name_and_a_template_name_count_too(workspace):
    (workspace / "procedures" / "sub\u202e").mkdir()
    copy_as(workspace, "sub\u202e/QP-09.yaml".encode())
    (workspace / "templates").mkdir()
    (workspace / "templates" / "seal\n.png").write_bytes(b"seal")
    found = json.loads(run("validate", "--format", "json").stdout)
    assert sorted((p["path"], p["code"]) for p in found) == [
        ("procedures/sub\\u202e/QP-09.yaml", "file-name"), ("templates/seal\\n.png", "file-name")]


def test_build_refuses_a_badly_named_document_and_writes_nothing(faked):
    copy_as(faked, b"QP-08-\xe2\x80\xae.yaml")  # U+202E: it would be the name of the PDF's attachment
    result = run("build", "-o", "build")
    assert result.exit_code == 1 and "procedures/QP-08-\\u202e.yaml: error[file-name]" in result.stderr
    assert not list(faked.glob("build/**/*.pdf"))


def test_a_records_file_whose_name_cannot_be_shown_is_refused(workspace):
    (workspace / "scores\u202e.csv").write_text("provider,provider_name,period,kpi,score\n", "utf-8")
    result = run("assess", "QP-01", "scores\u202e.csv")
    assert result.exit_code == 1 and "scores\\u202e.csv: error[file-name]" in result.stderr


def test_zh_hans_says_it_in_chinese(workspace):
    (workspace / "procedures" / "manual.yaml").write_text(
        (workspace / "procedures" / "manual.yaml").read_text("utf-8").replace("language: en", "language: zh-Hans"),
        "utf-8")
    copy_as(workspace, b"QP-05-\xffx.yaml")
    result = run("validate")
    assert "procedures/QP-05-\\xffx.yaml: error[file-name]: 文件名含有非 UTF-8 编码的字节" in result.stderr


def test_every_path_a_message_prints_is_one_line_and_escaped():
    assert os_error(OSError(13, "Permission denied", "out/a\nb.pdf")) == "out/a\\nb.pdf: Permission denied"
    assert shown_path(os.fsdecode(b"out/\xff\xe2\x80\xae.pdf")) == "out/\\xff\\u202e.pdf"
    assert one_line(os.fsdecode(b"\xff")) == "\\xff"
