"""What new, init and schema export write lands under the workspace, opened by descriptor: a folder of it swapped
for a link after every check (the attacker's loop, at the worst moment) is refused, and nothing is written where
the link leads. Each swap is made by the test at the exact step, not by timing."""
from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest

import qmtool.author.scaffold
from qmtool.author.scaffold import init, new_procedure
from qmtool.core.atomic import OutputRefused


@pytest.fixture
def elsewhere(tmp_path) -> Path:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


def swapped(folder: Path, target: Path) -> None:
    """folder (if there) moved away and a link to target put in its place."""
    if folder.is_dir() and not folder.is_symlink():
        shutil.rmtree(folder)
    folder.symlink_to(target, target_is_directory=True)


def test_new_refuses_procedures_swapped_for_a_link_after_its_checks(workspace, elsewhere, monkeypatch):
    filled = qmtool.author.scaffold._fill

    def fill_then_swap(text, values):  # the last step before the write: every check is behind it
        swapped(workspace / "procedures", elsewhere)
        return filled(text, values)

    monkeypatch.setattr(qmtool.author.scaffold, "_fill", fill_then_swap)
    with pytest.raises(OutputRefused) as refused:
        new_procedure(workspace, "QP-09", "Reception", None, date(2027, 1, 4))
    assert refused.value.filename == str(workspace / "procedures")
    assert os.listdir(elsewhere) == []


def test_init_refuses_a_folder_of_the_new_workspace_swapped_for_a_link(tmp_path, elsewhere, monkeypatch):
    target = tmp_path / "quality"
    filled = qmtool.author.scaffold._fill

    def fill_then_swap(text, values):  # procedures/ put there as a link before init writes into it
        if not (target / "procedures").is_symlink():
            target.mkdir(exist_ok=True)
            swapped(target / "procedures", elsewhere)
        return filled(text, values)

    monkeypatch.setattr(qmtool.author.scaffold, "_fill", fill_then_swap)
    with pytest.raises(OutputRefused):
        init(target, "en", None, date(2027, 1, 4))
    assert os.listdir(elsewhere) == []
    assert not target.exists() or os.listdir(target) == []  # nothing half made is left behind


def test_init_refuses_schemas_swapped_for_a_link_after_the_check(tmp_path, elsewhere, monkeypatch):
    target = tmp_path / "quality"
    checked = qmtool.author.scaffold.check_outside

    def check_then_swap(written, inputs):
        checked(written, inputs)
        if written == [target / "schemas"]:
            swapped(target / "schemas", elsewhere)

    monkeypatch.setattr(qmtool.author.scaffold, "check_outside", check_then_swap)
    with pytest.raises(OutputRefused):
        init(target, "en", None, date(2027, 1, 4))
    assert os.listdir(elsewhere) == []
