"""TMPDIR is judged as any output place: a release never writes its commit's tree into a release (or into a
folder it reads) because TMPDIR leads there; it refuses, exit 2, naming TMPDIR."""
from __future__ import annotations

import tempfile

import pytest

import qmtool.build.workers
from tests.helpers import fake_pdf, frozen, release


@pytest.mark.parametrize("where", ["release", "inside-a-release", "procedures"])
def test_a_tmpdir_in_a_release_or_an_input_is_refused_and_nothing_is_written_there(repo, tmp_path, monkeypatch,
                                                                                  where):
    monkeypatch.setattr(qmtool.build.workers, "write_pdf", fake_pdf)
    place = {"release": lambda: frozen(tmp_path / "2027.1"),
             "inside-a-release": lambda: frozen(tmp_path / "2027.1") / "sub",
             "procedures": lambda: repo / "procedures"}[where]()
    place.mkdir(exist_ok=True)
    before = sorted(place.rglob("*"))
    monkeypatch.setattr(tempfile, "tempdir", str(place))
    result = release("--version", "2027.2", "-o", str(tmp_path / "out"))
    assert result.exit_code == 2, result.output
    assert "TMPDIR" in result.stderr
    assert sorted(place.rglob("*")) == before
    assert not (tmp_path / "out" / "2027.2").exists()
