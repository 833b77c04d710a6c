"""Outputs: only regular files are replaced, never an input folder, one build per folder (builds that finish,
and full disks: e2e/test_output.py)."""
from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from qmtool.core.atomic import OutputRefused, write_atomic
from qmtool.core.folder_lock import FolderLock
from tests.helpers import REPO, SCORES, qmtool, stderr


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
    code = ("import sys, qmtool.build.workers\nfrom tests.helpers import fake_pdf\n"
            "qmtool.build.workers.write_pdf = fake_pdf\nfrom qmtool.cli import main\nmain()\n")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for round in range(3):
        command = [sys.executable, "-c", code, "build", "-o", f"fresh{round}/out", "-j", "1"]
        both = [subprocess.Popen(command, cwd=ws, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                for _ in range(2)]
        for process in both:
            err = process.communicate(timeout=300)[1].decode()
            assert process.returncode == 0, err


def test_a_failed_build_takes_away_the_folder_its_lock_made(ws):
    (ws / "procedures" / "QP-01-demo.yaml").write_text("kind: procedure\n", "utf-8")
    result = qmtool("build", "-o", "build/deep", cwd=ws)
    assert result.returncode == 1 and "error[schema-required]" in stderr(result)
    assert not (ws / "build").exists()


# Links and special files in the way ------------------------------------------------------------------


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
