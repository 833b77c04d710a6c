"""init and schema export open their folder once and write, and take back, only by that descriptor: a folder
ABOVE the target swapped for a link to another workspace (the attacker's renameat2 loop, here made by the test
at the exact step) neither gets written into nor loses its documents to a failed init's clean-up."""
from __future__ import annotations

import errno
import os
import shutil
from datetime import date
from pathlib import Path

import pytest

import qmtool.author.scaffold
from qmtool.author.scaffold import ScaffoldRefused, export_schemas, init
from qmtool.core.atomic import OutputRefused


def contents(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture
def victim(tmp_path, workspace) -> Path:
    """Another workspace's folder, with documents in its procedures/."""
    folder = tmp_path / "vic"
    folder.mkdir()
    shutil.copytree(workspace / "procedures", folder / "procedures")
    shutil.copytree(workspace / "procedures", folder / "quality")  # as named by the init below: its target
    return folder


def swap_for_link(folder: Path, target: Path) -> Path:
    """folder moved aside (where what was opened through it now is) and a link to target put in its place."""
    aside = folder.with_name(folder.name + "-aside")
    folder.rename(aside)
    folder.symlink_to(target, target_is_directory=True)
    return aside


def failing_after(count: int, monkeypatch, before=None) -> None:
    """_fill runs before (once, at its first call), and fails as a full disk would from its count-th call on."""
    filled, calls = qmtool.author.scaffold._fill, []

    def fill(text, values):
        calls.append(1)
        if len(calls) == 1 and before is not None:
            before()
        if len(calls) >= count:
            raise OSError(errno.ENOSPC, "No space left on device")
        return filled(text, values)

    monkeypatch.setattr(qmtool.author.scaffold, "_fill", fill)


def test_a_parent_swapped_after_the_checks_leaves_the_other_workspace_whole(tmp_path, victim, monkeypatch):
    (tmp_path / "sw" / "p").mkdir(parents=True)
    target, before = tmp_path / "sw" / "p" / "procedures", contents(victim)
    checked = qmtool.author.scaffold.check_outside

    def check_then_swap(written, inputs):  # after init looked at sw/p/procedures (absent), sw/p leads to vic
        checked(written, inputs)
        if not (tmp_path / "sw" / "p").is_symlink():
            swap_for_link(tmp_path / "sw" / "p", victim)

    monkeypatch.setattr(qmtool.author.scaffold, "check_outside", check_then_swap)
    failing_after(3, monkeypatch)
    with pytest.raises((ScaffoldRefused, OSError)):
        init(target, "en", None, date(2027, 1, 4))
    assert contents(victim) == before  # neither written into nor emptied by the take-back


def test_a_parent_swapped_while_init_writes_takes_back_only_its_own(tmp_path, victim, monkeypatch):
    (tmp_path / "sw" / "p").mkdir(parents=True)
    target, before, aside = tmp_path / "sw" / "p" / "quality", contents(victim), []
    failing_after(3, monkeypatch, lambda: aside.append(swap_for_link(tmp_path / "sw" / "p", victim)))
    with pytest.raises(OSError) as failed:
        init(target, "en", None, date(2027, 1, 4))
    assert failed.value.errno == errno.ENOSPC
    assert contents(victim) == before
    assert os.listdir(aside[0]) == []  # what init made, in the folder it opened, is taken back


def test_init_into_a_folder_filled_meanwhile_is_refused_and_keeps_it(tmp_path, victim, monkeypatch):
    target = tmp_path / "new"
    target.mkdir()
    checked = qmtool.author.scaffold.check_outside

    def check_then_fill(written, inputs):  # empty when looked at, another's documents when opened
        checked(written, inputs)
        if not target.is_symlink():
            swap_for_link(target, victim / "procedures")

    monkeypatch.setattr(qmtool.author.scaffold, "check_outside", check_then_fill)
    before = contents(victim)
    with pytest.raises(ScaffoldRefused):
        init(target, "en", None, date(2027, 1, 4))
    assert contents(victim) == before


def test_schema_export_through_a_parent_swapped_to_an_input_writes_nothing_there(tmp_path, workspace, monkeypatch):
    (tmp_path / "sw" / "p").mkdir(parents=True)
    templates, folder = workspace / "procedures", tmp_path / "sw" / "p" / "schemas"
    before = sorted(os.listdir(templates))
    checked, calls = qmtool.author.scaffold.check_outside, []

    def check_then_swap(written, inputs):
        checked(written, inputs)
        calls.append(written)
        if len(calls) == 1:
            swap_for_link(tmp_path / "sw" / "p", templates)

    monkeypatch.setattr(qmtool.author.scaffold, "check_outside", check_then_swap)
    with pytest.raises(OutputRefused):
        export_schemas(folder)
    assert sorted(os.listdir(templates)) == before


def test_schema_export_swapped_while_writing_is_all_in_the_folder_opened(tmp_path, monkeypatch):
    (tmp_path / "sw" / "p").mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    import qmtool.core.atomic as atomic

    made, aside = atomic._temporary_in, []

    def swap_then_make(folder, path, data):  # the first file's temporary made, sw/p now leads elsewhere
        if not aside:
            aside.append(swap_for_link(tmp_path / "sw" / "p", elsewhere))
        return made(folder, path, data)

    monkeypatch.setattr(atomic, "_temporary_in", swap_then_make)
    written = export_schemas(tmp_path / "sw" / "p" / "schemas")
    assert os.listdir(elsewhere) == []
    assert sorted(os.listdir(aside[0] / "schemas")) == sorted(path.name for path in written)
