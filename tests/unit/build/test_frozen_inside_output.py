"""A release made inside a build's output folder (out/2027.1) is frozen too: no asset copied into it, no file of it
removed as an orphan a forged cache names, no temporary-looking file of it swept."""
from __future__ import annotations

import json

import pytest

from qmtool.build.cache import stamp
from qmtool.build.pipeline import build
from qmtool.core.atomic import OutputRefused


def frozen(folder):
    folder.mkdir(parents=True)
    for name in ("MANIFEST.sha256", "release.json", "QP-01.pdf"):
        (folder / name).write_text(name)
    return folder


def contents(folder) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_html_assets_are_never_copied_into_a_release_inside_the_output_folder(faked):
    (faked / "templates" / "img").mkdir(parents=True)
    (faked / "templates" / "img" / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    release = frozen(faked / "out" / "html" / "img")
    with pytest.raises(OutputRefused, match="frozen"):
        build(faked, faked / "out", html=True, jobs=1)
    assert sorted(contents(release)) == ["MANIFEST.sha256", "QP-01.pdf", "release.json"]


def test_a_forged_cache_never_removes_a_file_of_a_release_inside_the_output_folder(faked):
    out = faked / "out"
    assert build(faked, out, jobs=1).ok
    release = frozen(out / "2027.1")
    before = contents(release)
    cache = json.loads((out / ".qmtool-cache.json").read_text("utf-8"))
    cache["outputs"]["2027.1/QP-01.pdf"] = {"key": "k", "files": ["2027.1/QP-01.pdf"],
                                            "stamps": [stamp(release / "QP-01.pdf")]}  # as if built there
    (out / ".qmtool-cache.json").write_text(json.dumps(cache))
    assert build(faked, out, jobs=1).ok
    assert contents(release) == before


def test_a_build_sweeps_nothing_inside_a_release_in_its_output_folder(faked):
    release = frozen(faked / "out" / "2027.1")
    (release / ".QP-01.pdf.x1.qmtool-tmp").write_text("released as it is, name and all")
    before = contents(release)
    assert build(faked, faked / "out", jobs=1, force=True).ok
    assert contents(release) == before
