"""Every command, given paths no filesystem can take or that lead to special places: a message, never a traceback."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from .conftest import BASE, REPO
from .test_output import SCORES, qmtool, stderr

LONG = "x" * 5000  # longer than any file name (ENAMETOOLONG)
ODD = b"odd-\xff\xfe-\x01name"  # not UTF-8, with a control byte: a valid file name all the same
IMPOSSIBLE = {"long": LONG, "proc": "/proc/qmtool-test/out", "sys": "/sys/qmtool-test/out", "file": "a-file/out"}


def commands(path):
    """Each command with path where it takes a path (a folder it reads or writes, or a file it writes)."""
    return {
        "validate": ["validate", path], "build": ["build", path], "build -o": ["build", "-o", path],
        "register": ["register", path], "diff": ["diff", path], "diff -w": ["diff", "HEAD", "-w", path],
        "diff --pdf": ["diff", "HEAD", "--pdf", path], "release": ["release", "--version", "1", path],
        "release -o": ["release", "--version", "1", "-o", path], "verify": ["verify", path],
        "assess": ["assess", "QP-02", path], "assess -w": ["assess", "QP-02", *SCORES, "-w", path],
        "assess --pdf": ["assess", "QP-02", *SCORES, "--pdf", path], "init": ["init", path],
        "new": ["new", "procedure", "QP-09", "--title", "t", "-w", path], "schema export": ["schema", "export", path],
    }


def git_workspace(root: Path, source: Path) -> Path:
    """A copy of source as a clean git repository, with a file where folders are asked for."""
    import shutil
    import subprocess

    from .conftest import GIT

    shutil.copytree(source, root, ignore=shutil.ignore_patterns(".git", ".venv", ".tools", "build", "release",
                                                               ".qmtool-cache", "__pycache__", "*.egg-info"))
    (root / "a-file").write_text("a file, not a folder")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "commit", "-qm", "x"], cwd=root, check=True, env={**os.environ, **GIT})
    return root


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    """The reference workspace: its QP-02 has records to assess."""
    return git_workspace(tmp_path_factory.mktemp("hostile") / "ws", REPO)


@pytest.fixture(scope="module")
def releasable(tmp_path_factory) -> Path:
    """The base workspace: nothing in draft or review, so a release goes as far as writing."""
    return git_workspace(tmp_path_factory.mktemp("hostile") / "ws", BASE)


@pytest.mark.parametrize("where", IMPOSSIBLE)
@pytest.mark.parametrize("command", commands(""))
def test_a_path_that_cannot_be_is_a_message_and_exit_2(clone, releasable, command, where):
    if command == "diff" and where != "long":
        pytest.skip("a diff side that is no folder is a revision; the long name covers it")
    done = qmtool(*commands(IMPOSSIBLE[where])[command], cwd=releasable if "release" in command else clone)
    assert "Traceback" not in stderr(done), stderr(done)
    assert done.returncode == 2, stderr(done)
    assert stderr(done).startswith(("qmtool: ", "Usage: "))
    assert stderr(done).startswith("Usage: ") or len(stderr(done)) < 2000  # qmtool's own messages shorten a path
    assert not Path("/proc/qmtool-test").exists() and not Path("/sys/qmtool-test").exists()


@pytest.mark.parametrize("command", ["init", "schema export", "diff --pdf", "build -o"])
def test_a_file_name_that_is_not_utf8_is_written_as_given(releasable, command, tmp_path):
    target = os.path.join(os.fsencode(tmp_path), ODD)
    done = qmtool(*commands(target)[command], cwd=releasable)
    assert "Traceback" not in stderr(done), stderr(done)
    assert done.returncode == 0, stderr(done)
    assert os.path.exists(target)


def test_verify_of_special_folders_is_a_failed_check_not_a_crash(clone):
    for folder in ("/proc/self", "/sys/kernel", "procedures"):
        done = qmtool("verify", folder, cwd=clone)
        assert done.returncode == 1 and "Traceback" not in stderr(done) and "MANIFEST.sha256" in stderr(done)


def test_diff_with_a_five_thousand_character_revision_names_it_briefly(clone):
    done = qmtool("diff", LONG, "--format", "json", cwd=clone)
    assert done.returncode == 2 and "Traceback" not in stderr(done)
    assert "5000 characters" in stderr(done) and LONG not in stderr(done)


def test_init_leaves_nothing_behind_when_it_cannot_finish(tmp_path):
    # The schemas folder is taken by a file: init writes the documents, then fails, and takes them back.
    target = tmp_path / "new"
    target.mkdir()
    os.mkfifo(target / "schemas")
    done = qmtool("init", "new", cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in stderr(done)
    assert [p.name for p in target.iterdir()] == ["schemas"]


if sys.platform != "linux":  # /proc and /sys are Linux's
    pytestmark = pytest.mark.skip("Linux only")
