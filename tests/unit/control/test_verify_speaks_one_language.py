"""verify says everything in one language: the release's, or, for a folder with no record, the language of the
workspace it is in; never a PDF library's English (its log, its error text) among the lines."""
from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from qmtool.build.plan import pdf_name
from qmtool.cli import main
from qmtool.control.facts import facts
from tests.helpers import edit_first as edit

QMTOOL = Path(sys.executable).parent / "qmtool"


def run(*args):
    return CliRunner().invoke(main, list(args))


def nested_pdf() -> bytes:
    """A PDF whose catalog nests arrays thousands deep and claims a signature: pypdf logs its failures to
    read it, pyHanko cannot read it at all."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    out = io.BytesIO()
    writer.write(out)
    deep = b"[" * 5000 + b"]" * 5000
    return out.getvalue().replace(b"/Type /Catalog", b"/Type /Catalog /ByteRange [0 1 2 3] /X " + deep, 1)


def release_of(folder: Path, pdfs: dict[str, bytes], language: str = "zh-Hans") -> Path:
    """A release of the procedures named (by id) with these PDFs, its record as release writes one."""
    (folder / "procedures").mkdir(parents=True)
    documents = []
    for doc_id, data in pdfs.items():
        name = pdf_name(doc_id, "procedure")
        (folder / name).write_bytes(data)
        documents.append({**facts({"id": doc_id}), "pdf": {"path": name, "sha256": hashlib.sha256(data).hexdigest()},
                          "source": {"path": f"procedures/{doc_id}.yaml", "sha256": "0" * 64}})
    (folder / "release.json").write_text(json.dumps({
        "release": folder.name, "commit": "0" * 40, "date": "2026-01-01T00:00:00+00:00", "language": language,
        "qmtool": "0", "weasyprint": "0", "fonts": {}, "documents": documents, "signed": False}))
    names = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    (folder / "MANIFEST.sha256").write_text("".join(
        f"{hashlib.sha256((folder / n).read_bytes()).hexdigest()}  {n}\n" for n in names))
    return folder


UNREADABLE = [("zh-Hans", "无法作为PDF文件读取"), ("zh-Hant", "無法作為PDF檔案讀取"), ("en", "cannot be read as a PDF")]


@pytest.mark.parametrize("language, unreadable", UNREADABLE)
def test_a_pdf_no_library_can_read_is_said_in_the_releases_language(tmp_path, language, unreadable):
    folder = release_of(tmp_path / "r", {"QP-01": nested_pdf(), "QP-02": b"%PDF-1.7\n/ByteRange garbage"},
                        language)
    result = subprocess.run([str(QMTOOL), "verify", str(folder)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert f"r/procedures/QP-01.pdf ({unreadable})" in result.stderr
    assert f"r/procedures/QP-02.pdf ({unreadable})" in result.stderr
    assert all(str(folder) in line for line in result.stderr.splitlines()), result.stderr  # nothing else said
    assert "PdfReadError" not in result.stderr and "xref" not in result.stderr


@pytest.fixture
def chinese(workspace):
    edit(workspace, "language: en", "language: zh-Hans", name="manual.yaml")
    return workspace


def test_a_folder_with_no_record_is_verified_in_its_workspaces_language(chinese):
    result = run("verify", "procedures")
    assert result.exit_code == 1 and result.stderr == "procedures/MANIFEST.sha256：缺失\n"


def test_a_record_without_a_language_falls_back_to_the_workspace_around(chinese, tmp_path):
    folder = release_of(chinese / "release", {"QP-01": b"%PDF-1.7\n"}, language="xx")
    (folder / "procedures" / "QP-01.pdf").write_bytes(b"%PDF-1.7 changed\n")
    assert "release/procedures/QP-01.pdf：与发布时不一致" in run("verify", "release").stderr


def test_a_folder_outside_any_workspace_is_verified_in_the_current_workspaces_language(chinese, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    assert run("verify", str(tmp_path / "elsewhere")).stderr.endswith("MANIFEST.sha256：缺失\n")


def test_the_releases_own_language_comes_first(chinese, tmp_path):
    folder = release_of(tmp_path / "r", {"QP-01": b"%PDF-1.7\n"}, language="en")
    (folder / "procedures" / "QP-01.pdf").write_bytes(b"%PDF-1.7 changed\n")
    assert "r/procedures/QP-01.pdf: differs" in run("verify", str(folder)).stderr


@pytest.mark.parametrize("where", [".", "absolute"])
def test_the_workspace_folder_itself_is_verified_in_its_own_language(chinese, where):
    result = run("verify", str(chinese) if where == "absolute" else ".")
    assert result.exit_code == 1 and result.stderr.endswith("MANIFEST.sha256：缺失\n"), result.stderr


def test_the_workspace_folder_is_verified_in_its_language_from_elsewhere(chinese, tmp_path, monkeypatch):
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    assert run("verify", str(chinese)).stderr.endswith("MANIFEST.sha256：缺失\n")
