"""Why a file cannot be read is said in the workspace's language, never in the system's English words; a file
gone since it was listed does not exist any more, it is not a FIFO, device or socket."""
from __future__ import annotations

import errno
from pathlib import Path

import pytest
from click.testing import CliRunner

import qmtool.core.workspace
from qmtool.cli import main
from qmtool.core.messages import word
from qmtool.load import loader
from qmtool.load.loader import read_file

LANGS = ("zh-Hans", "zh-Hant", "en")


def reason(source, lang: str) -> str:
    [found] = source.findings
    assert found.code == "read-error"
    message = found.problem(lang).message
    return message.split("：", 1)[1] if lang != "en" else message.split(": ", 1)[1]


@pytest.mark.parametrize("lang", LANGS)
def test_the_system_s_reasons_are_said_in_the_reader_s_words(tmp_path, lang):
    (tmp_path / "file").write_text("x")
    for path, key in (("/proc/self/mem", "os-io"), (tmp_path / "gone.yaml", "os-gone"),
                      (tmp_path / "file" / "x.yaml", "os-not-folder"), (tmp_path, "os-folder")):
        assert reason(read_file(Path(path)), lang) == word(lang, key), path


@pytest.mark.parametrize("number, key", [(errno.EACCES, "os-denied"), (errno.EPERM, "os-denied"),
                                         (errno.EINVAL, "os-invalid"), (errno.ELOOP, "os-loop"),
                                         (errno.ENAMETOOLONG, "os-name-too-long"), (errno.EIO, "os-io")])
def test_every_common_reason_has_words_of_its_own(tmp_path, monkeypatch, number, key):
    def refused(path):
        raise OSError(number, "the system's English words", str(path))

    monkeypatch.setattr(loader, "read_regular", refused)
    for lang in LANGS:
        said = reason(read_file(tmp_path / "doc.yaml"), lang)
        assert said == word(lang, key) and "English" not in said


def test_any_other_reason_is_named_by_its_errno_symbol(tmp_path, monkeypatch):
    def refused(path):
        raise OSError(errno.EXDEV, "Invalid cross-device link", str(path))

    monkeypatch.setattr(loader, "read_regular", refused)
    assert reason(read_file(tmp_path / "doc.yaml"), "zh-Hans") == "系统拒绝读取（EXDEV）"


def test_a_document_gone_since_it_was_listed_does_not_exist_any_more(workspace, monkeypatch):
    listed = qmtool.core.workspace.files_within

    def listed_then_removed(folder, boundary, named):
        files, findings = listed(folder, boundary, named)
        for path in files:
            if path.name == "QP-01-demo.yaml":
                path.unlink()  # another program removes it just after qmtool listed the folder
        return files, findings

    monkeypatch.setattr(qmtool.core.workspace, "files_within", listed_then_removed)
    result = CliRunner().invoke(main, ["validate", "--lang", "zh-Hans"])
    assert result.exit_code == 1
    assert "procedures/QP-01-demo.yaml: error[read-error]: 无法读取文件：" + word("zh-Hans", "os-gone") in result.stderr
    assert word("zh-Hans", "special-file") not in result.stderr
