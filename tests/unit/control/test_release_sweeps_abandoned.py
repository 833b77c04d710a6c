"""A release killed by SIGKILL leaves its staging folder beside the releases and its commit's tree in TMPDIR; the
next release takes both away, and nothing else: not a release running at that moment, not a folder of the same
look that qmtool cannot prove abandoned."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

import qmtool.build.workers
from tests.helpers import REPO, fake_pdf, let_go, release, working_folder_of


@pytest.fixture
def temporary(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_the_next_release_sweeps_what_a_killed_one_left_and_nothing_else(repo, temporary, monkeypatch):
    monkeypatch.setattr(qmtool.build.workers, "write_pdf", fake_pdf)
    releases = repo / "release"
    releases.mkdir()
    killed = [working_folder_of(releases, ".2027.0.", killed=True)[0],
              working_folder_of(temporary, "qmtool-release-", killed=True)[0]]
    running = [working_folder_of(releases, ".2027.5.", killed=False),
               working_folder_of(temporary, "qmtool-release-", killed=False)]
    strangers = [releases / ".2027.0.abcdefgh", temporary / "qmtool-release-abcdefgh", releases / "notes"]
    for folder in strangers:
        folder.mkdir()
        (folder / "kept.txt").write_text("not qmtool's to remove")
    try:
        result = release("--version", "2027.1")
        assert result.exit_code == 0, result.output
        assert not any(folder.exists() for folder in killed)
        assert all((folder / "inside" / "manual.pdf").exists() for folder, _ in running)
        assert all((folder / "kept.txt").exists() for folder in strangers)
        assert sorted(os.listdir(releases)) == sorted(
            ["2027.1", *(f.name for f in strangers if f.parent == releases), running[0][0].name])
        ours = [name for name in os.listdir(temporary) if name.startswith("qmtool-")]  # not multiprocessing's
        assert sorted(ours) == sorted([running[1][0].name, "qmtool-release-abcdefgh"])
    finally:
        for _, process in running:
            let_go(process)
    assert not any(folder.exists() for folder, _ in running)  # each removed its own as it ended


def test_a_refused_release_writes_nothing_beside_the_releases(repo, temporary):
    (repo / "procedures" / "QP-01-demo.yaml").write_text("changed, not committed\n")
    result = release("--version", "2027.1")
    assert result.exit_code == 1 and not (repo / "release").exists()
    assert [name for name in os.listdir(temporary) if name.startswith("qmtool-")] == []


# A release that stops for good once its build has begun writing: the moment a kill -9 leaves the most behind.
STUCK = """
import sys, time
import qmtool.control.release
from qmtool.cli import main

def stuck(tree, out, **options):
    out.mkdir()
    (out / "manual.pdf").write_bytes(b"%PDF- half")
    time.sleep(600)

qmtool.control.release.build = stuck
main(["release", "--version", "2027.1"])
"""


def test_a_release_killed_by_sigkill_is_swept_by_the_next(repo, temporary, monkeypatch):
    process = subprocess.Popen([sys.executable, "-c", STUCK], cwd=repo, start_new_session=True,
                               env={**os.environ, "TMPDIR": str(temporary), "PYTHONPATH": str(REPO)})
    staged = []
    deadline = time.monotonic() + 120
    while not staged and process.poll() is None and time.monotonic() < deadline:
        staged = list((repo / "release").glob(".2027.1.*/2027.1/manual.pdf"))
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=60)
    assert staged, "the release did not get as far as building"
    left = [name for name in os.listdir(temporary) if name.startswith("qmtool-release-")]
    assert len(left) == 1 and len(os.listdir(repo / "release")) == 1  # kill -9: nothing cleaned up
    monkeypatch.setattr(qmtool.build.workers, "write_pdf", fake_pdf)
    result = release("--version", "2027.1")
    assert result.exit_code == 0, result.output
    assert os.listdir(repo / "release") == ["2027.1"]
    assert [name for name in os.listdir(temporary) if name.startswith("qmtool-release-")] == []
