"""Folders nested any depth: every walk of a tree in qmtool keeps its own stack (core/tree.py), so a tree 1,500
deep (anyone can commit one) is read, swept, verified and released like any other, never a RecursionError."""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

import qmtool
import qmtool.build.workers
from qmtool.build.pipeline import build
from qmtool.check.validate import validate
from qmtool.cli import main
from qmtool.control.verify import verify
from qmtool.core import tree
from qmtool.core.atomic import sweep
from qmtool.core.workspace import scan
from qmtool.load.workspace import Workspace
from tests.helpers import commit, fake_pdf

DEPTH = 1500  # Python's recursion limit is 1,000: anything that recursed once per level would fail here


def deep(folder: Path, levels: int = DEPTH, name: str = "d") -> Path:
    """folder/d/d/.../d, levels deep, made one level at a time as an attacker would (os.mkdir and os.chdir);
    returns the deepest folder."""
    here = os.getcwd()
    folder.mkdir(parents=True, exist_ok=True)
    os.chdir(folder)
    try:
        for _ in range(levels):
            os.mkdir(name)
            os.chdir(name)
    finally:
        os.chdir(here)
    return folder.joinpath(*[name] * levels)


def remove_deep(top: Path) -> None:
    """Everything under top, one level at a time from inside (pytest's own cleanup, shutil.rmtree, recurses;
    and a path past PATH_MAX can only be reached by going down into it)."""
    here, names = os.getcwd(), []
    os.chdir(top)
    try:
        while True:
            with os.scandir(".") as entries:
                listed = list(entries)
            inner = [entry.name for entry in listed if entry.is_dir(follow_symlinks=False)]
            if inner:
                os.chdir(inner[0])
                names.append(inner[0])
                continue
            for entry in listed:
                os.unlink(entry.name)
            if not names:
                return
            os.chdir("..")
            os.rmdir(names.pop())
    finally:
        os.chdir(here)


@pytest.fixture(autouse=True)
def _removed_after(tmp_path):
    yield
    remove_deep(tmp_path)


@pytest.fixture
def ws(faked) -> Path:
    return faked


RECURSING = re.compile(r"\.rglob\(|os\.walk\(|os\.fwalk\(|shutil\.rmtree|copytree\(|os\.makedirs\(|parents=True|"
                       r"glob\([^)]*\*\*|iglob\(")


def test_no_walk_of_a_tree_in_qmtool_recurses():
    # Python 3.11's rglob, os.walk, os.makedirs, mkdir(parents=True), rmtree and copytree recurse per level.
    package = Path(qmtool.__file__).parent
    found = [f"{path.relative_to(package)}:{number}: {line.strip()}" for path in tree.files(package, "*.py")
             if path.name != "tree.py" for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
             if RECURSING.search(line)]
    assert found == []


def test_walk_files_make_and_remove_a_tree_of_any_depth(tmp_path):
    bottom = deep(tmp_path / "t")
    (bottom / "note.txt").write_text("at the bottom")
    walked = list(tree.walk(tmp_path / "t"))
    assert len(walked) == DEPTH + 1 and walked[-1] == (bottom, [], ["note.txt"])
    assert tree.files(tmp_path / "t", "*.txt") == [bottom / "note.txt"]
    tree.make_folders(bottom / "a" / "b")
    made = tmp_path.joinpath("m", *["d"] * DEPTH)
    tree.make_folders(made)
    assert made.is_dir()
    tree.remove_tree(tmp_path / "t")
    tree.remove_tree(tmp_path / "m")
    assert sorted(os.listdir(tmp_path)) == []


def test_validate_reads_documents_and_templates_under_a_tree_of_any_depth(ws):
    bottom = deep(ws / "procedures" / "deep")
    text = (ws / "procedures" / "QP-01-demo.yaml").read_text("utf-8")
    (bottom / "QP-02-deep.yaml").write_text(text.replace("id: QP-01", "id: QP-02"), "utf-8")
    (deep(ws / "templates" / "deep") / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    found = scan(ws)
    assert bottom / "QP-02-deep.yaml" in found.documents and len(found.templates) == 1 and found.findings == []
    report = validate(Workspace.at(ws))
    assert report.findings == [] and len(report.sources) == 3
    result = CliRunner().invoke(main, ["validate", "."])
    assert result.exit_code == 0, result.output


def test_build_sweeps_an_output_folder_holding_a_tree_of_any_depth(ws):
    stale = deep(ws / "o" / "kept") / ".manual.pdf.x1.qmtool-tmp"  # left by a killed build
    stale.write_bytes(b"%PDF- half")
    (deep(ws / "templates" / "deep") / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    assert build(ws, ws / "o", jobs=1, html=True).ok
    assert not stale.exists()
    assert ws.joinpath("o", "html", "deep", *["d"] * DEPTH, "logo.svg").is_file()  # the assets, copied that deep


def test_verify_refuses_a_release_holding_a_tree_of_any_depth(tmp_path):
    folder = tmp_path / "release" / "1"
    folder.mkdir(parents=True)
    (folder / "manual.pdf").write_bytes(b"%PDF-")
    (folder / "MANIFEST.sha256").write_text(f"{'0' * 64}  manual.pdf\n")
    deep(folder / "x")
    found = verify(folder)
    assert not found.ok and "x/" + "d/" * DEPTH in found.unlisted
    result = CliRunner().invoke(main, ["verify", str(folder)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)


def test_a_folder_too_deep_to_be_named_is_a_located_error_refused_by_verify_and_skipped_by_a_sweep(ws, tmp_path):
    # 300 names of 20 characters: 6,300 characters, past PATH_MAX, so the bottom cannot be reached by its path.
    deep(ws / "procedures" / "x", 300, "a" * 20)
    found = validate(Workspace.at(ws)).findings
    assert [f.code for f in found] == ["read-error"] and "/aaaa" in found[0].path
    assert build(ws, ws / "o", jobs=1).every_finding == found  # the same error stops the build
    left = ws / "o" / ".manual.pdf.1.qmtool-tmp"
    left.parent.mkdir()
    left.write_bytes(b"")
    deep(ws / "o" / "x", 300, "a" * 20)
    sweep(ws / "o")
    assert not left.exists()
    folder = tmp_path / "release"
    folder.mkdir()
    (folder / "MANIFEST.sha256").write_text("")
    deep(folder / "x", 300, "a" * 20)
    verified = verify(folder)
    assert not verified.ok and any(name.startswith("x/aaaa") for name in verified.unlisted)


def test_release_of_a_commit_holding_a_tree_of_any_depth_leaves_nothing_behind(repo, monkeypatch, tmp_path):
    monkeypatch.setattr(qmtool.build.workers, "write_pdf", fake_pdf)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    (deep(repo / "procedures" / "deep") / "note.txt").write_text("committed at the bottom")
    commit(repo, "a deep folder")
    result = CliRunner().invoke(main, ["release", "--version", "1", "--jobs", "1"])
    assert result.exit_code == 0, result.stderr
    assert sorted(os.listdir(repo / "release")) == ["1"] and os.listdir(tmp_path / "tmp") == []


def test_init_makes_a_workspace_any_depth_down(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    target = Path(*["d"] * DEPTH)
    result = CliRunner().invoke(main, ["init", str(target), "--lang", "en"])
    assert result.exit_code == 0, result.stderr
    assert (target / "procedures" / "manual.yaml").is_file()
