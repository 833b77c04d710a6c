"""Where an output goes is judged where it lands, links resolved first: init and schema export never write
into another workspace's input folders through a link that leads there."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from qmtool.cli import main
from qmtool.core.workspace import inputs_around
from tests.helpers import BASE


def run(*args):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def other(tmp_path, monkeypatch) -> Path:
    """Another workspace beside the current folder, with every input folder; the current folder is empty."""
    root = tmp_path / "g"
    shutil.copytree(BASE, root)
    for name in ("templates", "records", "schemas"):
        (root / name).mkdir()
    (tmp_path / "here").mkdir()
    monkeypatch.chdir(tmp_path / "here")
    return root


def contents(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))


@pytest.mark.parametrize("folder", ["procedures", "templates", "records"])
@pytest.mark.parametrize("command", [["init", "link/ws2"], ["schema", "export", "link/s"],
                                     ["init", "link/deeper/ws2"], ["schema", "export", "link/./a/../s"]])
def test_a_link_into_another_workspaces_input_folder_is_refused(other, folder, command):
    before = contents(other)
    Path("link").symlink_to(other / folder, target_is_directory=True)
    result = run(*command)
    assert result.exit_code == 2 and "which qmtool reads" in result.stderr, result.stderr
    assert contents(other) == before and not Path("link/ws2").exists()


def test_a_link_to_a_folder_inside_an_input_folder_is_refused(other):
    (other / "templates" / "deep").mkdir()
    Path("link").symlink_to(other / "templates" / "deep", target_is_directory=True)
    assert run("schema", "export", "link").exit_code == 2
    assert run("init", "link/ws").exit_code == 2
    assert contents(other / "templates") == ["deep"]


def test_a_path_that_climbs_out_of_a_link_lands_where_the_link_leads(other):
    """pl/../s is g/s to the kernel (pl leading to g/procedures): written there, beside procedures/, whole."""
    Path("pl").symlink_to(other / "procedures", target_is_directory=True)
    result = run("schema", "export", "pl/../s")
    assert result.exit_code == 0, result.stderr
    assert (other / "s" / "procedure.schema.json").is_file() and not Path("../s").exists()
    assert not [p for p in other.rglob("*") if p.name.endswith(".qmtool-tmp")]
    assert run("init", "pl/../templates/ws").exit_code == 2


def test_inputs_around_follows_links_as_the_kernel_does(other):
    Path("tl").symlink_to(other / "templates", target_is_directory=True)
    found = [os.path.realpath(p) for p in inputs_around(Path("tl/ws2"))]
    assert os.path.realpath(other / "templates") in found and os.path.realpath(other / "procedures") in found
