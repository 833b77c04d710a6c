"""A release is staged, sealed and renamed into place by descriptor in the folder of releases opened once: release/
swapped for a link to another folder after its links were judged never receives the release there. Each swap is
made by the test at the exact step, not by timing."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

import qmtool.build.workers
import qmtool.control.release
from qmtool.control.manifest import MANIFEST, RECORD
from tests.helpers import fake_pdf, release


@pytest.fixture
def victim(repo) -> Path:
    folder = repo.parent / "victim"
    folder.mkdir()
    (folder / "precious.txt").write_text("keep")
    return folder


def swap(releases: Path, victim: Path) -> None:
    """What the attacker's loop does: release/ moved away, a link to victim in its place."""
    os.rename(releases, releases.with_name("release.moved"))
    releases.symlink_to(victim, target_is_directory=True)


def test_release_swapped_for_a_link_after_the_build_is_released_where_it_was_staged(repo, victim, monkeypatch):
    monkeypatch.setattr(qmtool.build.workers, "write_pdf", fake_pdf)
    built = qmtool.control.release.build

    def build_then_swap(tree, out, **options):
        result = built(tree, out, **options)
        swap(repo / "release", victim)
        return result

    monkeypatch.setattr(qmtool.control.release, "build", build_then_swap)
    result = release("--version", "2027.1")
    assert result.exit_code == 0, result.output
    assert os.listdir(victim) == ["precious.txt"]
    assert os.listdir(repo / "release.moved") == ["2027.1"]  # no staging left behind either
    assert {MANIFEST, RECORD} <= set(os.listdir(repo / "release.moved" / "2027.1"))


def test_release_swapped_for_a_link_before_the_staging_is_made_releases_nothing_there(repo, victim, monkeypatch):
    monkeypatch.setattr(qmtool.build.workers, "write_pdf", fake_pdf)
    swept = qmtool.control.release.sweep_abandoned

    def sweep_then_swap(parent, prefix, **options):
        found = swept(parent, prefix, **options)
        if prefix == qmtool.control.release.STAGED:
            swap(repo / "release", victim)
        return found

    monkeypatch.setattr(qmtool.control.release, "sweep_abandoned", sweep_then_swap)
    result = release("--version", "2027.1")
    assert not (victim / "2027.1").exists()
    assert not [p for p in victim.rglob("*") if p.name in (MANIFEST, RECORD)]
    assert result.exit_code != 0 or (repo / "release.moved" / "2027.1" / MANIFEST).exists()
