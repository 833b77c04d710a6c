"""The command line, end to end: a real build's warnings on stderr."""
from __future__ import annotations

from tests.helpers import run


def test_build_warns_once_without_harfbuzz_subsetting(workspace, monkeypatch):
    import qmtool.author.doctor

    monkeypatch.setattr(qmtool.author.doctor, "harfbuzz_subset_available", lambda: False)
    result = run("build", "-o", "build", "--only", "QP-01")
    assert result.exit_code == 0
    assert result.stderr.count("libharfbuzz-subset0") == 1
