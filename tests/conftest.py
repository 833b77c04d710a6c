"""Shared fixtures: a small valid workspace to break in one place per test."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

CASES = Path(__file__).parent / "cases"
BASE = CASES / "_base"
REPO = Path(__file__).parent.parent


@pytest.fixture
def workspace(tmp_path, monkeypatch) -> Path:
    """A copy of the base workspace as the current folder."""
    root = tmp_path / "ws"
    shutil.copytree(BASE, root)
    monkeypatch.chdir(root)
    return root
