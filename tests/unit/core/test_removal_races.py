"""Nothing is removed through a link swapped in after a folder was listed: every removal of a tree, the sweep of a
build's temporary files and the sweep of abandoned working folders enter each folder by descriptor, never
through a link. Each swap is made by the test at the exact step (the listing of the folder above), not by timing."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from qmtool.core import tree
from qmtool.core.atomic import sweep
from qmtool.core.folder_lock import NAME as LOCK
from qmtool.core.staging import sweep_abandoned
from tests.helpers import working_folder_of


class _Listed(list):
    """A listing already read, given back as os.scandir gives one (a context manager)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        pass


def swap_when_listed(monkeypatch, folder: Path, swap) -> None:
    """Once folder has been listed (its subfolders known as folders), swap() runs: the attacker's loop, at the
    worst moment for a walk by path."""
    real, done = os.scandir, []

    def listed_then_swapped(path=".", *args):
        entries = _Listed(real(path, *args))
        same = os.path.samestat(os.fstat(path), os.stat(folder)) if isinstance(path, int) else \
            os.path.abspath(path) == str(folder)
        if same and not done:
            done.append(True)
            swap()
        return entries

    monkeypatch.setattr(os, "scandir", listed_then_swapped)


@pytest.fixture
def victim(tmp_path) -> Path:
    folder = tmp_path / "victim"
    folder.mkdir()
    for n in range(5):
        (folder / f"precious-{n}.txt").write_text("keep")
    (folder / ".manual.pdf.1a2b3c4d.qmtool-tmp").write_text("keep")
    return folder


def kept(victim: Path) -> list[str]:
    return sorted(os.listdir(victim))


def to_link(path: Path, target: Path) -> None:
    os.rename(path, path.with_name(path.name + ".moved"))
    path.symlink_to(target, target_is_directory=True)


def test_a_subfolder_swapped_for_a_link_during_a_removal_is_unlinked_not_followed(tmp_path, victim, monkeypatch):
    top = tmp_path / "qmtool-release-abcd1234"
    (top / "sub").mkdir(parents=True)
    for n in range(300):
        (top / f"file-{n}").write_text("x")
    before = kept(victim)
    swap_when_listed(monkeypatch, top, lambda: to_link(top / "sub", victim))
    tree.remove_tree(top)
    assert kept(victim) == before
    assert os.listdir(top) == ["sub.moved"]  # moved in after the listing: the link itself is gone


def test_a_folder_moved_away_during_a_removal_is_not_followed_back_up(tmp_path, victim, monkeypatch):
    """Climbing back by ".." from a folder moved meanwhile would carry on in the folder it was moved to."""
    top = tmp_path / "top"
    (top / "a" / "b").mkdir(parents=True)
    (top / "z").mkdir()
    (victim / "z").mkdir()
    (victim / "z" / "precious.txt").write_text("keep")
    swap_when_listed(monkeypatch, top / "a" / "b", lambda: os.rename(top / "a", victim / "a"))
    tree.remove_tree(top)
    assert (victim / "z" / "precious.txt").exists()


def test_a_tree_1500_deep_is_removed_holding_one_folder_open_at_a_time(tmp_path):
    top = tmp_path / "top"
    here = os.getcwd()
    top.mkdir()
    os.chdir(top)
    try:
        for _ in range(1500):
            os.mkdir("d")
            os.chdir("d")
        Path("deepest.txt").write_text("x")
    finally:
        os.chdir(here)
    tree.remove_tree(top)
    assert not top.exists()


def test_the_sweep_of_temporary_files_does_not_follow_a_folder_swapped_for_a_link(tmp_path, victim, monkeypatch):
    out = tmp_path / "build"
    (out / "procedures").mkdir(parents=True)
    (out / "procedures" / ".QP-01.pdf.00000000.qmtool-tmp").write_text("ours")
    before = kept(victim)
    swap_when_listed(monkeypatch, out, lambda: to_link(out / "procedures", victim))
    sweep(out)
    assert kept(victim) == before


def test_an_abandoned_working_folder_whose_subfolder_becomes_a_link_empties_nothing_else(tmp_path, victim,
                                                                                          monkeypatch):
    """The attack on a shared /tmp: a folder of qmtool's pattern with a dead process id in its lock, and a
    subfolder swapped for a link to the user's files once the sweep has begun removing it."""
    temporary = tmp_path / "tmp"
    top = temporary / "qmtool-release-abcd1234"
    (top / "sub").mkdir(parents=True)
    for n in range(300):
        (top / f"file-{n}").write_text("x")
    (top / LOCK).write_text("4242\n")
    before = kept(victim)
    swap_when_listed(monkeypatch, top, lambda: to_link(top / "sub", victim))
    assert sweep_abandoned(temporary, "qmtool-release-") == [top]
    assert kept(victim) == before


def test_a_folder_of_another_user_is_never_swept(tmp_path, monkeypatch):
    folder, _ = working_folder_of(tmp_path, "qmtool-release-", killed=True)
    owner = os.stat(folder).st_uid
    monkeypatch.setattr(os, "geteuid", lambda: owner + 1)
    assert sweep_abandoned(tmp_path, "qmtool-release-") == []
    assert (folder / "inside" / "manual.pdf").exists()
    monkeypatch.undo()
    assert sweep_abandoned(tmp_path, "qmtool-release-") == [folder]


def test_only_folders_directly_in_the_parent_are_swept(tmp_path):
    (tmp_path / "qmtool-release-abcd1234").mkdir()
    inner, _ = working_folder_of(tmp_path / "qmtool-release-abcd1234", "qmtool-release-", killed=True)
    assert sweep_abandoned(tmp_path, "qmtool-release-") == []  # no lock of its own: not one of ours
    assert (inner / "inside" / "manual.pdf").exists()
