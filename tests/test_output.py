"""Outputs: only regular files are replaced, never an input folder, one build per folder, full disks reported."""
from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from qmtool.core.atomic import OutputRefused, write_atomic
from qmtool.core.folder_lock import FolderLock

from .conftest import BASE, REPO

QMTOOL = Path(sys.executable).with_name("qmtool")
SCORES = ("records/QP-02-canteen-scores.csv", "records/QP-02-canteen-events.csv")


def qmtool(*args: str | bytes | Path, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([QMTOOL, *args], cwd=cwd, capture_output=True, timeout=300,
                          env={**os.environ, "LC_ALL": "C.UTF-8"})


def stderr(process: subprocess.CompletedProcess) -> str:
    return process.stderr.decode("utf-8", "replace")


def device(path: Path) -> Path:
    """A copy of /dev/null: what an atomic rename would silently turn into a regular file."""
    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    return path


def fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def folder(path: Path) -> Path:
    path.mkdir()
    (path / "kept.txt").write_text("kept")
    return path


def symlink(path: Path) -> Path:
    (path.parent / "elsewhere.bin").write_bytes(b"not to be touched")
    path.symlink_to(path.parent / "elsewhere.bin")
    return path


IN_THE_WAY = {"device": device, "fifo": fifo, "folder": folder, "symlink": symlink}


def occupant(path: Path) -> tuple:
    """What is at path, compared before and after: its kind, and what it holds or points to."""
    mode = os.lstat(path).st_mode
    held = os.readlink(path) if stat.S_ISLNK(mode) else sorted(os.listdir(path)) if stat.S_ISDIR(mode) else None
    return stat.S_IFMT(mode), getattr(os.lstat(path), "st_rdev", 0), held


@pytest.mark.parametrize("kind", IN_THE_WAY)
def test_an_atomic_write_replaces_only_regular_files(tmp_path, kind):
    target = IN_THE_WAY[kind](tmp_path / "out.pdf")
    before = occupant(target)
    with pytest.raises(OutputRefused) as refused:
        write_atomic(target, b"%PDF-")
    assert refused.value.filename == str(target)
    assert occupant(target) == before
    assert not list(tmp_path.glob(".*.qmtool-tmp"))
    if kind == "symlink":
        assert (tmp_path / "elsewhere.bin").read_bytes() == b"not to be touched"


def test_an_atomic_write_still_replaces_a_regular_file(tmp_path):
    write_atomic(tmp_path / "out.pdf", b"old")
    write_atomic(tmp_path / "out.pdf", b"new")
    assert (tmp_path / "out.pdf").read_bytes() == b"new"


@pytest.fixture
def ws(tmp_path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(BASE, root)
    return root


@pytest.mark.parametrize("kind", IN_THE_WAY)
@pytest.mark.parametrize("name", ["manual.pdf", "procedures/QP-01.pdf", ".qmtool-cache.json", ".qmtool-lock"])
def test_build_refuses_an_output_path_that_is_not_a_regular_file(ws, kind, name):
    target = ws / "build" / name
    target.parent.mkdir(parents=True)
    IN_THE_WAY[kind](target)
    before = occupant(target)
    done = qmtool("build", "-o", "build", cwd=ws)
    assert done.returncode == 2 and "Traceback" not in stderr(done), stderr(done)
    assert name in stderr(done) and "regular file" in stderr(done)
    assert occupant(target) == before
    assert not list((ws / "build").rglob("*.qmtool-tmp"))
    assert [p for p in (ws / "build").rglob("*.pdf") if p != target] == []  # refused before any rendering


@pytest.mark.parametrize("kind", IN_THE_WAY)
def test_report_pdfs_refuse_a_path_that_is_not_a_regular_file(tmp_path, kind):
    target = IN_THE_WAY[kind](tmp_path / "report.pdf")
    before = occupant(target)
    for command in (["diff", "HEAD", "-w", REPO], ["assess", "QP-02", *SCORES]):
        done = qmtool(*command, "--pdf", target, cwd=REPO)
        assert done.returncode == 2 and "Traceback" not in stderr(done), stderr(done)
        assert str(target) in stderr(done)
        assert "regular file" in stderr(done) or kind == "folder"  # click's own check names a folder
        assert occupant(target) == before


def test_schema_export_and_init_refuse_special_files_in_their_folder(tmp_path):
    (tmp_path / "schemas").mkdir()
    target = device(tmp_path / "schemas" / "procedure.schema.json")
    done = qmtool("schema", "export", "schemas", cwd=tmp_path)
    assert done.returncode == 2 and "procedure.schema.json" in stderr(done) and "Traceback" not in stderr(done)
    assert stat.S_ISCHR(os.lstat(target).st_mode)


# Output inside an input ------------------------------------------------------------------------------


@pytest.mark.parametrize("out", ["procedures", "procedures/build", "templates/out", "records", "schemas/x",
                                 ".", "linked/build"])
def test_build_refuses_an_output_folder_inside_what_it_reads(ws, out):
    (ws / "templates").mkdir()
    (ws / "templates" / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (ws / "linked").symlink_to(ws / "templates")  # a link resolves first: linked/build is templates/build
    before = sorted(p.relative_to(ws) for p in ws.rglob("*"))
    done = qmtool("build", "-o", out, "--html", cwd=ws)
    assert done.returncode == 2 and "Traceback" not in stderr(done), stderr(done)
    assert "which qmtool reads" in stderr(done)
    assert sorted(p.relative_to(ws) for p in ws.rglob("*")) == before  # nothing written, no folder made


def test_build_refuses_the_built_in_templates_as_output(ws):
    from qmtool.core.resources import builtin

    done = qmtool("build", "-o", builtin("templates") / "qmtool-out", cwd=ws)
    assert done.returncode == 2 and "which qmtool reads" in stderr(done)
    assert not (builtin("templates") / "qmtool-out").exists()


def test_release_and_report_pdfs_refuse_input_folders(repo):
    done = qmtool("release", "--version", "1", "-o", "procedures", cwd=repo)
    assert done.returncode == 2 and "which qmtool reads" in stderr(done), stderr(done)
    assert not (repo / "procedures" / "1").exists()
    scores = (REPO / SCORES[0]).read_bytes()
    done = qmtool("assess", "QP-02", *SCORES, "--pdf", SCORES[0], cwd=REPO)  # over its own records file
    assert done.returncode == 2 and "which qmtool reads" in stderr(done)
    assert (REPO / SCORES[0]).read_bytes() == scores
    done = qmtool("diff", "v1", "--pdf", "procedures/manual.yaml", cwd=repo)
    assert done.returncode == 2 and "which qmtool reads" in stderr(done)
    assert subprocess.run(["git", "status", "--porcelain"], cwd=repo, capture_output=True).stdout == b""


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


def test_a_lock_whose_new_folder_is_taken_away_meanwhile_makes_it_again(tmp_path, monkeypatch):
    """A build that failed removes the folder its lock made; another build that has just made the same
    folder (mkdir found it there) must make it again and lock, not fail."""
    out, opened = tmp_path / "new" / "out", []
    original = FolderLock._open

    def racing(self):
        if not opened:  # the other build's release, between this one's mkdir and open
            opened.append(True)
            out.rmdir()
            out.parent.rmdir()
        return original(self)

    monkeypatch.setattr(FolderLock, "_open", racing)
    with FolderLock(out) as lock:
        lock.acquire()
        assert (out / ".qmtool-lock").is_file() and opened


def test_builds_into_a_folder_not_yet_made_wait_for_each_other(ws):
    """The folders an output needs are made and checked under the lock: two builds racing to make them
    never see each other's taken away."""
    code = ("import sys, qmtool.build.workers\nfrom tests.conftest import fake_pdf\n"
            "qmtool.build.workers.write_pdf = fake_pdf\nfrom qmtool.cli import main\nmain()\n")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for round in range(3):
        command = [sys.executable, "-c", code, "build", "-o", f"fresh{round}/out", "-j", "1"]
        both = [subprocess.Popen(command, cwd=ws, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                for _ in range(2)]
        for process in both:
            err = process.communicate(timeout=300)[1].decode()
            assert process.returncode == 0, err


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


def test_a_failed_build_takes_away_the_folder_its_lock_made(ws):
    (ws / "procedures" / "QP-01-demo.yaml").write_text("kind: procedure\n", "utf-8")
    result = qmtool("build", "-o", "build/deep", cwd=ws)
    assert result.returncode == 1 and "error[schema-required]" in stderr(result)
    assert not (ws / "build").exists()


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


@pytest.mark.parametrize("linked", ["procedures", "html"])
def test_a_link_inside_the_output_folder_is_refused_not_written_through(ws, linked):
    elsewhere = ws.parent / "elsewhere"
    elsewhere.mkdir()
    (ws / "out").mkdir()
    (ws / "out" / linked).symlink_to(elsewhere, target_is_directory=True)
    result = qmtool("build", "-o", "out", "--html", cwd=ws)
    assert result.returncode == 2 and f"out/{linked}: a symbolic link is there" in stderr(result)
    assert not list(elsewhere.iterdir())


def test_a_special_file_where_a_templates_file_would_be_copied_is_refused_before_rendering(ws):
    (ws / "templates").mkdir()
    (ws / "templates" / "logo.png").write_bytes(b"\x89PNG")
    (ws / "out" / "html").mkdir(parents=True)
    os.mkfifo(ws / "out" / "html" / "logo.png")
    result = qmtool("build", "-o", "out", "--html", cwd=ws)
    assert result.returncode == 2 and "out/html/logo.png: a named pipe (FIFO) is there" in stderr(result)
    assert not list((ws / "out").rglob("*.pdf")) and not list((ws / "out").rglob("*.html"))


@pytest.mark.parametrize("where", ["procedures", "templates", "records", "procedures/sub"])
def test_schema_export_and_init_never_write_into_a_folder_qmtool_reads(ws, where):
    (ws / "templates").mkdir()
    (ws / "records").mkdir()
    before = sorted(p.relative_to(ws).as_posix() for p in ws.rglob("*"))
    for command in (["schema", "export", where], ["init", f"{where}/new"]):
        result = qmtool(*command, cwd=ws)
        assert result.returncode == 2 and "which qmtool reads" in stderr(result), stderr(result)
    assert sorted(p.relative_to(ws).as_posix() for p in ws.rglob("*")) == before


def test_schema_export_writes_into_a_workspaces_own_schemas_but_not_through_a_link_to_its_documents(ws):
    assert qmtool("schema", "export", "schemas", cwd=ws).returncode == 0
    assert (ws / "schemas" / "procedure.schema.json").is_file()
    shutil.rmtree(ws / "schemas")
    (ws / "schemas").symlink_to("procedures", target_is_directory=True)
    result = qmtool("schema", "export", "schemas", cwd=ws)
    assert result.returncode == 2 and not list((ws / "procedures").glob("*.json"))
    assert qmtool("init", "sub", cwd=ws).returncode == 0  # beside procedures/: a workspace of its own


def test_schema_export_writes_every_schema_or_none(ws):
    (ws / "editor").mkdir()
    os.mkfifo(ws / "editor" / "procedure.schema.json")
    result = qmtool("schema", "export", "editor", cwd=ws)
    assert result.returncode == 2 and "procedure.schema.json: a named pipe (FIFO) is there" in stderr(result)
    assert sorted(p.name for p in (ws / "editor").iterdir()) == ["procedure.schema.json"]
