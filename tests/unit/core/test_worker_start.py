"""Workers are forked from a fork server that has imported what they run, and are spawned instead when no fork
server can be started (its socket lives under TMPDIR, whose path may be too long for one)."""
from __future__ import annotations

import os
import subprocess
import sys

from tests.helpers import REPO

# A worker's parent: qmtool itself when spawned, the fork server when forked from it.
PARENT = """
import os
from qmtool.core.worker import Worker
worker = Worker()
print(os.getpid(), worker.call(30, os.getppid), worker.call(30, os.getcwd), worker.call(30, os.getenv, "MARK"))
worker.kill()
"""


def parent_of_a_worker(tmp, cwd) -> list[str]:
    done = subprocess.run([sys.executable, "-c", PARENT], capture_output=True, text=True, timeout=300, cwd=cwd,
                          env={**os.environ, "TMPDIR": str(tmp), "MARK": "seen", "PYTHONPATH": str(REPO)})
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_a_worker_is_forked_from_the_server_in_qmtool_s_folder_and_environment(tmp_path):
    (tmp_path / "here").mkdir()
    qmtool, parent, folder, mark = parent_of_a_worker(tmp_path, tmp_path / "here")
    assert parent != qmtool  # the fork server's child
    assert (folder, mark) == (str(tmp_path / "here"), "seen")


def test_with_no_fork_server_possible_a_worker_is_spawned(tmp_path):
    deep = tmp_path / ("t" * 60) / ("m" * 60)  # past the 107 bytes a socket's path may have
    deep.mkdir(parents=True)
    qmtool, parent, folder, mark = parent_of_a_worker(deep, tmp_path)
    assert parent == qmtool
    assert (folder, mark) == (str(tmp_path), "seen")


def test_with_tmpdir_in_a_release_a_worker_is_spawned_and_nothing_is_written_there(tmp_path):
    frozen = tmp_path / "2027.1"
    frozen.mkdir()
    (frozen / "MANIFEST.sha256").write_text("")
    (frozen / "release.json").write_text("{}")
    # What is in TMPDIR while the worker runs (the fork server's folder is removed when qmtool ends).
    seen = PARENT.replace("worker.kill()", "print(*sorted(os.listdir(os.environ['TMPDIR'])))\nworker.kill()")
    done = subprocess.run([sys.executable, "-c", seen], capture_output=True, text=True, timeout=300, cwd=tmp_path,
                          env={**os.environ, "TMPDIR": str(frozen), "MARK": "seen", "PYTHONPATH": str(REPO)})
    assert done.returncode == 0, done.stderr
    qmtool, parent, folder, mark, *there = done.stdout.split()
    assert parent == qmtool  # spawned: a fork server's socket would be made in a folder in TMPDIR
    assert there == ["MANIFEST.sha256", "release.json"]
