"""release judges what it releases on the commit's own tree, the one it builds: a working file that git does
not compare (skip-worktree, assume-unchanged) changes nothing."""
from __future__ import annotations

import subprocess

import pytest
from click.testing import CliRunner

from qmtool.cli import main
from tests.helpers import commit
from tests.helpers import edit_first as edit


def release(*args):
    return CliRunner().invoke(main, ["release", *args])


def hide(repo, flag: str, name: str = "procedures/QP-01-demo.yaml") -> None:
    """Make git stop comparing the working file with the commit, as a careless or hostile user may."""
    subprocess.run(["git", "update-index", flag, name], cwd=repo, check=True)


@pytest.mark.parametrize("flag", ["--skip-worktree", "--assume-unchanged"])
def test_a_committed_draft_is_refused_whatever_the_working_file_says(repo, flag):
    edit(repo, "status: effective", "status: draft")
    commit(repo, "back to draft")
    hide(repo, flag)
    edit(repo, "status: draft", "status: effective")
    result = release("--version", "1")
    assert result.exit_code == 1, result.stderr
    assert "procedures/QP-01-demo.yaml:5:9: error[release-not-releasable]: QP-01 is draft" in result.stderr
    assert not (repo / "release" / "1").exists()


def test_a_committed_error_is_refused_and_placed_at_the_workspace_file(repo):
    edit(repo, "grade: B, unit", "grade: C, unit")
    commit(repo, "a broken fee")
    hide(repo, "--skip-worktree")
    edit(repo, "grade: C, unit", "grade: B, unit")
    result = release("--version", "1")
    assert result.exit_code == 1 and "fee-unknown-grade" in result.stderr
    assert "procedures/QP-01-demo.yaml:" in result.stderr and "qmtool-release-" not in result.stderr
    assert not (repo / "release" / "1").exists()


def test_a_working_draft_hidden_from_git_does_not_stop_a_valid_commit(repo):
    """The converse: the commit is what is released, so the commit's statuses are what count."""
    hide(repo, "--skip-worktree")
    edit(repo, "status: effective", "status: draft")
    result = release("--version", "1")
    assert result.exit_code == 0, result.stderr
    assert '"status": "effective"' in (repo / "release" / "1" / "release.json").read_text()


def test_the_refusal_is_in_the_committed_manuals_language(repo):
    edit(repo, "language: en", "language: zh-Hans", name="manual.yaml")
    edit(repo, "status: effective", "status: draft")
    commit(repo, "Chinese, and a draft")
    hide(repo, "--skip-worktree", "procedures/manual.yaml")
    edit(repo, "language: zh-Hans", "language: en", name="manual.yaml")
    result = release("--version", "1")
    assert result.exit_code == 1
    assert "error[release-not-releasable]: QP-01 的状态为 草稿（draft）" in result.stderr
    assert "拒绝发布：1 个原因" in result.stderr
