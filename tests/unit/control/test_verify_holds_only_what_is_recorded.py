"""A release holds exactly MANIFEST.sha256, release.json and the PDFs its record names: any other file the
manifest lists is verify-unrecorded at its manifest line (a file in the folder the manifest does not list is
"not listed", as before), for a file only the manifest vouches for is checked by nothing else."""
from __future__ import annotations

import hashlib
import zlib

import pytest

from qmtool.control.verify import verify
from tests.helpers import pdf_embedding, release_by_hand, run

QP01 = b"id: QP-01\ntitle: Demo\n"
DRAFT = b"id: QP-07\ntitle: Draft\nstatus: review\n"


def listed(folder, name: str, data: bytes) -> int:
    """name written into the release with data, and added to its manifest as sha256sum would: its line."""
    (folder / name).parent.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    with (folder / "MANIFEST.sha256").open("a") as manifest:
        manifest.write(f"{hashlib.sha256(data).hexdigest()}  {name}\n")
    return len((folder / "MANIFEST.sha256").read_text().splitlines())


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return release_by_hand(tmp_path / "r", "0" * 40, {"procedures/QP-01-demo.yaml": QP01})


def test_an_intact_release_holds_nothing_unrecorded(folder):
    assert verify(folder).ok


def test_a_pdf_added_with_its_line_in_the_manifest_is_refused(folder):
    """The attack: a PDF built from a review draft copied in, and sha256sum's line appended."""
    line = listed(folder, "procedures/QP-07.pdf", pdf_embedding([("QP-07.yaml", zlib.compress(DRAFT))]))
    found = verify(folder)
    assert not found.ok and not (found.differing or found.missing or found.unlisted)
    assert [(f.path, f.line, f.code) for f in found.findings] == [("r/MANIFEST.sha256", line, "verify-unrecorded")]
    result = run("verify", "r")
    assert result.exit_code == 1 and "no differences" not in result.stderr
    assert (f'r/MANIFEST.sha256:{line}:67: error[verify-unrecorded]: "procedures/QP-07.pdf" is listed in the '
            "manifest but named by no document of release.json") in result.stderr


@pytest.mark.parametrize("name", ["notes.txt", "release.json.orig", "procedures/QP-01-demo.yaml", "a/b/c.pdf",
                                  "QP-01-demo.pdf"])
def test_any_file_listed_but_not_recorded_is_refused(folder, name):
    listed(folder, name, b"anything")
    found = verify(folder)
    assert [f.code for f in found.findings] == ["verify-unrecorded"] and found.findings[0].params == (("name", name),)


def test_a_listed_file_that_is_absent_is_missing_and_unrecorded(folder):
    listed(folder, "procedures/QP-07.pdf", b"x")
    (folder / "procedures" / "QP-07.pdf").unlink()
    found = verify(folder)
    assert found.missing == ["procedures/QP-07.pdf"] and [f.code for f in found.findings] == ["verify-unrecorded"]


def test_a_file_neither_listed_nor_recorded_is_not_listed_as_before(folder):
    (folder / "procedures" / "QP-07.pdf").write_bytes(b"x")
    found = verify(folder)
    assert found.unlisted == ["procedures/QP-07.pdf"] and not found.findings


@pytest.mark.parametrize("language, said", [
    ("zh-Hans", "error[verify-unrecorded]: 清单列出了“notes.txt”，但 release.json 中没有哪份文件记载它"),
    ("zh-Hant", "error[verify-unrecorded]: 清單列出了「notes.txt」，但 release.json 中沒有哪份檔案記載它"),
])
def test_said_in_the_releases_language(tmp_path, monkeypatch, language, said):
    monkeypatch.chdir(tmp_path)
    folder = release_by_hand(tmp_path / "r", "0" * 40, {"procedures/QP-01-demo.yaml": QP01}, language)
    listed(folder, "notes.txt", b"x")
    result = run("verify", "r")
    assert result.exit_code == 1 and said in result.stderr, result.stderr
