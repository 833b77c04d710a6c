"""Outputs of real builds: two builds into one folder, a build waiting for the lock, full and read-only disks."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from qmtool.core.folder_lock import FolderLock
from tests.helpers import QMTOOL, qmtool, stderr

# Two builds into one folder --------------------------------------------------------------------------


def pdfs(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*.pdf"))}


def test_two_builds_into_one_folder_at_once_both_succeed_with_sound_outputs(ws):
    solo = qmtool("build", "-o", "solo", cwd=ws)
    assert solo.returncode == 0, stderr(solo)
    command = [QMTOOL, "build", "-o", "shared", "--force", "-j", "2"]
    both = [subprocess.Popen(command, cwd=ws, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(2)]
    for process in both:
        err = process.communicate(timeout=300)[1].decode()
        assert process.returncode == 0 and "Traceback" not in err, err
    json.loads((ws / "shared" / ".qmtool-cache.json").read_text("utf-8"))
    assert pdfs(ws / "shared") == pdfs(ws / "solo")
    for pdf in (ws / "shared").rglob("*.pdf"):
        subprocess.run(["pdfinfo", pdf], check=True, capture_output=True)
    assert not list((ws / "shared").rglob("*.qmtool-tmp"))


def test_a_second_build_waits_for_the_lock_and_says_so(ws):
    (ws / "build").mkdir()
    with FolderLock(ws / "build") as held:
        held.acquire()
        process = subprocess.Popen([QMTOOL, "build", "-o", "build"], cwd=ws, stderr=subprocess.PIPE)
        first = process.stderr.readline().decode()  # blocks until the build says something
        assert "waiting for another build of this folder" in first
        assert process.poll() is None and not list((ws / "build").rglob("*.pdf"))
    err = process.communicate(timeout=300)[1].decode()
    assert process.returncode == 0, err
    assert sorted(pdfs(ws / "build")) == ["manual.pdf", "procedures/QP-01.pdf"]


# Full disks ------------------------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path):
    """A 600 KiB tmpfs, mounted for the test (root only; skipped where mounting is not permitted)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    try:
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=600k", "tmpfs", mount], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError) as error:
        pytest.skip(f"cannot mount a small file system here: {error}")
    yield mount
    subprocess.run(["umount", "-l", mount], check=False)


def fill(disk: Path, leave: int = 16 * 1024) -> None:
    """Fill the disk until only about `leave` bytes are free: less than one PDF."""
    free = shutil.disk_usage(disk).free - leave
    with open(disk / "filler", "wb") as filler:
        filler.write(b"\0" * max(free, 0))


def test_a_build_that_runs_out_of_space_reports_it_and_keeps_the_previous_outputs(ws, small_disk):
    assert qmtool("build", "-o", "first", cwd=ws).returncode == 0
    out = small_disk / "build"
    shutil.copytree(ws / "first", out)
    previous = pdfs(out)
    cache = (out / ".qmtool-cache.json").read_bytes()
    fill(small_disk)
    for jobs in ("1", "2"):
        done = qmtool("build", "-o", out, "--force", "-j", jobs, cwd=ws)
        assert done.returncode == 2 and "Traceback" not in stderr(done), stderr(done)
        assert "No space left on device" in stderr(done) and "previous ones are as they were" in stderr(done)
        assert not list(out.rglob("*.qmtool-tmp"))
        assert pdfs(out) == previous and (out / ".qmtool-cache.json").read_bytes() == cache


def test_reports_and_releases_that_run_out_of_space_leave_nothing(repo, small_disk):
    fill(small_disk, leave=0)
    done = qmtool("diff", "v1", "--pdf", small_disk / "changes.pdf", cwd=repo)
    assert done.returncode == 2 and "No space left on device" in stderr(done), stderr(done)
    done = qmtool("release", "--version", "1", "-o", small_disk / "releases", cwd=repo)
    assert done.returncode == 2 and "No space left on device" in stderr(done), stderr(done)
    assert sorted(p.name for p in small_disk.rglob("*")) == ["filler", "releases"]
    assert not any((small_disk / "releases").iterdir())


def test_a_build_into_a_read_only_file_system_is_refused_and_changes_nothing(ws, small_disk):
    assert qmtool("build", "-o", small_disk / "build", cwd=ws).returncode == 0
    previous = pdfs(small_disk / "build")
    subprocess.run(["mount", "-o", "remount,ro", small_disk], check=True)
    done = qmtool("build", "-o", small_disk / "build", "--force", cwd=ws)
    assert done.returncode == 2 and "Traceback" not in stderr(done) and "Read-only" in stderr(done), stderr(done)
    assert pdfs(small_disk / "build") == previous
