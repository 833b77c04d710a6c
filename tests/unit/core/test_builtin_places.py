"""Where the built-in schemas and templates are is decided by how qmtool is installed, never by which folders
exist; no output goes into any place they could be, so no command can move them."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from qmtool.core.resources import _PACKAGE, _place, builtin, candidates
from tests.helpers import REPO, SCORES, qmtool, stderr

CHECKOUT_CONFIG = "[options]\npackages =\n    qmtool\npackage_dir =\n    qmtool.schemas = schemas\n" \
                  "    qmtool.templates = templates\n"


def layout(root: Path, config: str | None) -> Path:
    package = root / "qmtool"
    for folder in (package / "schemas", package / "templates", root / "schemas", root / "templates"):
        folder.mkdir(parents=True)  # both places exist: only the layout may decide
    if config is not None:
        (root / "setup.cfg").write_text(config, "utf-8")
    return package


def test_a_checkout_reads_its_top_level_folders_whatever_is_inside_the_package(tmp_path):
    package = layout(tmp_path, CHECKOUT_CONFIG)
    assert _place(package, "schemas") == tmp_path / "schemas"
    assert _place(package, "templates") == tmp_path / "templates"


def test_an_installed_package_reads_its_own_folders_whatever_is_beside_it(tmp_path):
    package = layout(tmp_path, None)
    assert _place(package, "schemas") == package / "schemas"
    other = layout(tmp_path / "other", "[metadata]\nname = something else\n")  # a setup.cfg that is not ours
    assert _place(other, "templates") == other / "templates"


def test_every_place_built_in_resources_could_be_is_read():
    places = candidates()
    assert builtin("schemas") in places and builtin("templates") in places
    for name in ("schemas", "templates"):
        assert _PACKAGE / name in places and _PACKAGE.parent / name in places


@pytest.fixture
def untouched():
    """The package's would-be data folders of this checkout, as they were: removed again if a test made one
    (a checkout has none; one left behind would be a bug of the code under test, not of later tests)."""
    places = [_PACKAGE / "schemas", _PACKAGE / "templates"]
    before = {place: place.exists() for place in places}
    yield before
    for place, existed in before.items():
        if place.exists() and not existed:
            shutil.rmtree(place)


def test_reports_and_builds_refuse_the_other_place_of_built_in_resources(repo, untouched):
    other = {name: (_PACKAGE.parent / name if builtin(name) == _PACKAGE / name else _PACKAGE / name)
             for name in ("schemas", "templates")}
    runs = [qmtool("assess", "QP-02", *SCORES, "--pdf", other["schemas"] / "x.pdf", cwd=REPO),
            qmtool("diff", "v1", "--pdf", other["templates"] / "x.pdf", cwd=repo),
            qmtool("build", "-o", other["templates"], cwd=repo)]
    for done in runs:
        assert done.returncode == 2 and "which qmtool reads" in stderr(done), stderr(done)
    assert {place: place.exists() for place in untouched} == untouched  # no folder made there
    done = qmtool("validate", cwd=repo)
    assert done.returncode == 0, stderr(done)
