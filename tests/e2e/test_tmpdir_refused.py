"""TMPDIR inside a folder qmtool reads or a release: every command that loads WeasyPrint or starts workers
(ctypes runs the compiler there, multiprocessing makes its socket's folder there) refuses, exit 2, naming
TMPDIR, before it writes anything there; validate, which writes no temporary file, runs."""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from tests.helpers import QMTOOL, frozen, quarters, scores
from tests.helpers import edit_unique as edit

COMMANDS = {"build": ["build", "-o", "out"], "doctor": ["doctor"], "serve": ["serve", "--port", "0"],
            "assess --pdf": ["assess", "QP-01", "scores.csv", "--pdf", "report.pdf"],
            "diff --pdf": ["diff", "../before", ".", "--pdf", "report.pdf"]}


@pytest.mark.parametrize("where", ["procedures", "templates", "release"])
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_tmpdir_in_a_read_folder_or_a_release_is_refused_before_anything_is_written_there(workspace, command,
                                                                                           where):
    scores(workspace, quarters("CT-001", {"2026-Q1": ("95", "90")}))
    shutil.copytree(workspace, workspace.parent / "before")
    edit(workspace, "QP-01-demo.yaml", "price: 35.50}", "price: 36.50}")  # a change diff would print
    place = frozen(workspace / "release" / "2027.1") if where == "release" else workspace / where / "tmp"
    place.mkdir(parents=True, exist_ok=True)
    before = sorted(place.rglob("*"))
    ran = subprocess.run([QMTOOL, *COMMANDS[command]], cwd=workspace, capture_output=True, timeout=120,
                         env={**os.environ, "LC_ALL": "C.UTF-8", "TMPDIR": str(place)})
    assert ran.returncode == 2, ran.stderr
    assert "TMPDIR" in ran.stderr.decode()
    assert not ran.stdout  # refused before any result is printed: a refusal after them would look like success
    assert sorted(place.rglob("*")) == before
    assert not (workspace / "out").exists() and not (workspace / "report.pdf").exists()


def test_validate_writes_no_temporary_file_and_runs(workspace):
    place = workspace / "procedures" / "tmp"
    place.mkdir()
    ran = subprocess.run([QMTOOL, "validate"], cwd=workspace, capture_output=True, timeout=120,
                         env={**os.environ, "LC_ALL": "C.UTF-8", "TMPDIR": str(place)})
    assert ran.returncode == 0, ran.stderr
    assert not list(place.iterdir())
