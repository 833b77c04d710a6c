"""Working folders (core/staging.py): what a killed command left is swept by the next one, and nothing else is,
above all not the folder of a command still running."""
from __future__ import annotations

import os

from qmtool.core.folder_lock import NAME as LOCK
from qmtool.core.staging import sweep_abandoned, working_folder
from tests.helpers import let_go, working_folder_of

PREFIX = r"\.2027\.1\."


def test_the_folder_of_a_killed_maker_is_swept(tmp_path):
    folder, _ = working_folder_of(tmp_path, ".2027.1.", killed=True)
    assert (folder / "inside" / "manual.pdf").exists()  # kill -9: nothing cleaned up
    assert sweep_abandoned(tmp_path, PREFIX) == [folder]
    assert os.listdir(tmp_path) == []


def test_the_folder_of_a_running_maker_stays_until_it_is_gone(tmp_path):
    folder, process = working_folder_of(tmp_path, ".2027.1.", killed=False)
    try:
        assert sweep_abandoned(tmp_path, PREFIX) == []
        assert (folder / "inside" / "manual.pdf").exists()
    finally:
        let_go(process, killed=True)
    assert sweep_abandoned(tmp_path, PREFIX) == [folder]


def test_a_maker_that_ends_removes_its_own_folder(tmp_path):
    folder, process = working_folder_of(tmp_path, "qmtool-release-", killed=False)
    let_go(process)
    assert not folder.exists()
    with working_folder(tmp_path, "qmtool-release-") as mine:
        (mine / "x").write_text("x")
        assert sweep_abandoned(tmp_path, "qmtool-release-") == []  # held by this very process
    assert os.listdir(tmp_path) == []


def test_nothing_else_is_swept(tmp_path):
    """Only a folder of the name, holding a lock with a process id in it, that no one holds."""
    (tmp_path / "elsewhere").mkdir()
    abandoned, _ = working_folder_of(tmp_path / "elsewhere", ".2027.1.", killed=True)
    kept = {
        "no lock (made by hand, or by an older qmtool)": tmp_path / ".2027.1.abcdefgh",
        "a build's own lock, which holds no process id": tmp_path / ".2027.1.build123",
        "a lock that is a link": tmp_path / ".2027.1.linked12",
        "another name": tmp_path / "2027.1.abcdefgh",
        "a longer random part": tmp_path / ".2027.1.abcdefghi",
    }
    for folder in kept.values():
        folder.mkdir()
        (folder / "manual.pdf").write_bytes(b"%PDF-")
    (kept["a build's own lock, which holds no process id"] / LOCK).write_bytes(b"")
    (kept["a lock that is a link"] / LOCK).symlink_to(abandoned / LOCK)
    (kept["another name"] / LOCK).write_bytes(b"123\n")
    (kept["a longer random part"] / LOCK).write_bytes(b"123\n")
    (tmp_path / ".2027.1.linkedxx").symlink_to(abandoned, target_is_directory=True)  # a link to an abandoned one
    (tmp_path / ".2027.1.afile123").write_bytes(b"123\n")
    assert sweep_abandoned(tmp_path, PREFIX) == []
    assert all((folder / "manual.pdf").exists() for folder in kept.values())
    assert (abandoned / "inside" / "manual.pdf").exists() and (tmp_path / ".2027.1.afile123").exists()


def test_a_parent_that_is_not_there_has_nothing_to_sweep(tmp_path):
    assert sweep_abandoned(tmp_path / "none", PREFIX) == []
