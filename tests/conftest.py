"""Shared fixtures: a small valid workspace to break in one place per test."""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest

CASES = Path(__file__).parent / "cases"
BASE = CASES / "_base"
REPO = Path(__file__).parent.parent


@pytest.fixture(autouse=True, scope="session")
def _own_cache_folder(tmp_path_factory):
    """Memos go to the user's cache folder: the tests' own, never the real one; and they are used, as on a
    desk, even when the suite runs under CI (a test that means CI sets it)."""
    saved = {name: os.environ.get(name) for name in ("XDG_CACHE_HOME", "CI")}
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))
    os.environ.pop("CI", None)
    yield
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


def fake_pdf(html: str, folders, sources, variant: str, date: str) -> tuple[bytes, int]:
    """A stand-in for write_pdf: different HTML, sources or options give different bytes, as real PDFs would."""
    key = hashlib.sha256("\0".join([html, variant, date, *(s.name for s in sources)]).encode()).hexdigest()
    return b"%PDF-fake " + key.encode() + b"\n%%EOF\n", 1


@pytest.fixture
def workspace(tmp_path, monkeypatch) -> Path:
    """A copy of the base workspace as the current folder."""
    root = tmp_path / "ws"
    shutil.copytree(BASE, root)
    monkeypatch.chdir(root)
    return root


GIT = {"GIT_AUTHOR_NAME": "QA", "GIT_AUTHOR_EMAIL": "qa@example.invalid", "GIT_COMMITTER_NAME": "QA",
       "GIT_COMMITTER_EMAIL": "qa@example.invalid"}


def commit(root: Path, message: str) -> None:
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "commit", "-q", "-m", message], cwd=root, check=True, env={**os.environ, **GIT})


@pytest.fixture
def repo(workspace, monkeypatch) -> Path:
    """The base workspace as a git repository with one commit, tagged v1."""
    for key, value in GIT.items():
        monkeypatch.setenv(key, value)
    subprocess.run(["git", "init", "-q"], cwd=workspace, check=True)
    commit(workspace, "first issue")
    subprocess.run(["git", "tag", "v1"], cwd=workspace, check=True)
    return workspace
