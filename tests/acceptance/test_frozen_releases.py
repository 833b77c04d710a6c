"""A release folder (one holding MANIFEST.sha256 and release.json, wherever it is, however it is reached) is never
written into by any command: refused with exit 2 and a message, the release left byte for byte as it was."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers import BASE, GIT, REPO, git_workspace, qmtool, stderr
from tests.helpers import path_commands as commands

# Each command that writes, with the path it writes inside a release folder (R stands for the release).
WRITING = {"build -o": "R/out", "build -o itself": "R", "build --html": "R/out", "diff --pdf": "R/r.pdf",
           "assess --pdf": "R/r.pdf", "release -o": "R", "init": "R/new", "schema export": "R/schemas",
           "new": "R"}


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    """The reference workspace as a git repository: its QP-02 has records to assess, its HEAD a diff side."""
    return git_workspace(tmp_path_factory.mktemp("frozen") / "ws", REPO)


def frozen(folder: Path) -> Path:
    """A release as found on a disk: documents (a workspace kept with it, so that new has a manual to read),
    a record and a manifest of every file."""
    shutil.copytree(BASE, folder)
    (folder / "release.json").write_text('{"release": "2027.1", "language": "en", "documents": []}')
    names = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    (folder / "MANIFEST.sha256").write_text("".join(f"{'0' * 64}  {name}\n" for name in names))
    return folder


def contents(folder: Path) -> dict[str, bytes | None]:
    """Every entry under folder, hidden ones too, with a file's bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() if p.is_file() else None for p in folder.rglob("*")}


def written(command: str, where: str) -> list[str]:
    args = commands(where)[command.replace(" itself", "").replace("build --html", "build -o")]
    return [*args, "--html"] if command == "build --html" else args


@pytest.mark.parametrize("reached", ["where it is", "through a link"])
@pytest.mark.parametrize("command", WRITING)
def test_no_command_writes_into_a_release(clone, tmp_path, command, reached):
    release = frozen(tmp_path / "releases" / "2027.1")
    if reached == "through a link":
        (tmp_path / "linked").symlink_to(release, target_is_directory=True)
    named = tmp_path / "linked" if reached == "through a link" else release
    before = contents(release)
    done = qmtool(*written(command, WRITING[command].replace("R", str(named))), cwd=clone)
    assert "Traceback" not in stderr(done), stderr(done)
    assert done.returncode == 2, stderr(done)
    assert "frozen" in stderr(done) and "release" in stderr(done)
    assert contents(release) == before


def test_a_build_of_one_document_into_a_release_of_the_workspace_replaces_nothing(clone):
    """The attack as found: the working tree edited, one document built into release/2027.1."""
    release = frozen(clone / "release" / "2027.1")
    try:
        before = contents(release)
        done = qmtool("build", "-o", "release/2027.1", "--only", "QP-01", cwd=clone)
        assert done.returncode == 2 and "Traceback" not in stderr(done), stderr(done)
        assert "release/2027.1" in stderr(done) and "frozen" in stderr(done)
        assert contents(release) == before
    finally:
        shutil.rmtree(clone / "release")


def test_new_refuses_a_release_in_the_workspaces_language(tmp_path):
    release = frozen(tmp_path / "2027.1")
    manual = release / "procedures" / "manual.yaml"
    manual.write_text(manual.read_text("utf-8").replace("language: en", "language: zh-Hans"), "utf-8")
    before = contents(release)
    done = qmtool("new", "procedure", "QP-09", "--title", "t", "-w", release, cwd=tmp_path)
    assert done.returncode == 2 and "已冻结" in stderr(done), stderr(done)
    assert contents(release) == before


@pytest.mark.parametrize("leads", ["out of the workspace", "to nothing"])
def test_a_committed_release_link_leading_out_is_refused_like_templates(tmp_path, leads):
    root = tmp_path / "ws"
    shutil.copytree(BASE, root)
    elsewhere = tmp_path / "elsewhere"
    if leads == "out of the workspace":
        elsewhere.mkdir()
    (root / "release").symlink_to(elsewhere, target_is_directory=True)
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "commit", "-qm", "x"], cwd=root, check=True, env={**os.environ, **GIT})
    done = qmtool("release", "--version", "2027.1", cwd=root)
    assert done.returncode == 1 and "Traceback" not in stderr(done), stderr(done)
    assert ("link-outside" if leads == "out of the workspace" else "link-dangling") in stderr(done), stderr(done)
    assert not elsewhere.exists() or list(elsewhere.iterdir()) == []  # no release, no staging folder
