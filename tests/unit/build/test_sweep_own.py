"""A build sweeps away only its own temporary files: not those of a build into an output folder inside its own,
nor those of a release being staged there, both of which may be running at that moment."""
from __future__ import annotations

from pathlib import Path

import pytest

import qmtool.build.workers
from qmtool.build.pipeline import build
from qmtool.core.atomic import sweep


def left(path: Path) -> Path:
    """A temporary file as a build (or a killed one) leaves it beside its target."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF- half")
    return path


@pytest.fixture
def ws(faked) -> Path:
    return faked


@pytest.mark.parametrize("mark", [".qmtool-lock", ".qmtool-cache.json"])
def test_a_build_leaves_the_temporary_files_of_an_output_folder_inside_its_own(ws, mark):
    inner = ws / "o" / "inner"
    left(inner / mark)
    theirs = [left(inner / ".manual.pdf.k2j4.qmtool-tmp"), left(inner / "procedures" / ".QP-01.pdf.x9.qmtool-tmp")]
    deeper = left(inner / "procedures" / "nested" / ".qmtool-lock")  # an output folder inside that one, too
    theirs.append(left(deeper.parent / ".manual.pdf.77.qmtool-tmp"))
    mine = [left(ws / "o" / ".manual.pdf.abc.qmtool-tmp"), left(ws / "o" / "procedures" / ".QP-01.pdf.d.qmtool-tmp"),
            left(ws / "o" / "html" / "img" / ".logo.png.e.qmtool-tmp")]
    assert build(ws, ws / "o", jobs=1).ok
    assert all(path.exists() for path in theirs)
    assert not any(path.exists() for path in mine)


def test_a_build_leaves_the_temporary_files_of_a_release_staged_in_its_folder(ws):
    staged = ws / "o" / ".2027.1.h3k_9q"  # release's staging folder, before its build's lock is made or after
    theirs = [left(staged / ".manual.pdf.k2j4.qmtool-tmp"), left(staged / ".MANIFEST.sha256.a1.qmtool-tmp"),
              left(staged / "procedures" / ".QP-01.pdf.x9.qmtool-tmp")]
    assert build(ws, ws / "o", jobs=1).ok
    assert all(path.exists() for path in theirs)


def failing_pdf(html: str, folders, sources, variant: str, date: str) -> tuple[bytes, int]:
    raise ValueError("WeasyPrint choked")


def test_a_failed_build_also_sweeps_only_its_own(ws, monkeypatch):
    monkeypatch.setattr(qmtool.build.workers, "write_pdf", failing_pdf)
    theirs = left(ws / "o" / "inner" / ".qmtool-lock").with_name(".manual.pdf.1.qmtool-tmp")
    left(theirs)
    mine = left(ws / "o" / ".manual.pdf.2.qmtool-tmp")
    result = build(ws, ws / "o", jobs=1)
    assert [f.code for f in result.findings] == ["render-error"]
    assert theirs.exists() and not mine.exists()


def test_sweep_removes_only_temporary_files(tmp_path):
    kept = [left(tmp_path / "manual.pdf"), left(tmp_path / ".hidden.pdf"), left(tmp_path / "x.qmtool-tmp"),
            left(tmp_path / ".git" / ".a.qmtool-tmp")]
    gone = [left(tmp_path / ".manual.pdf.1.qmtool-tmp"), left(tmp_path / "procedures" / ".b.pdf.2.qmtool-tmp")]
    sweep(tmp_path, (".qmtool-lock",))
    assert all(path.exists() for path in kept) and not any(path.exists() for path in gone)
