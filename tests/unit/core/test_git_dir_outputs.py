"""No command writes into a git repository's own folder: a PDF over .git/index corrupted the repository that
diff and release read. Refused before any work, located, like an input folder."""
from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from qmtool.cli import main
from qmtool.core.gitdir import git_dirs_around
from tests.helpers import commit

SCORES = ["provider,provider_name,period,kpi,score", "CT-001,A,2026-Q1,K1,95", "CT-001,A,2026-Q2,K1,70"]
WRITES = [["diff", "HEAD", "--pdf", "{git}/index"], ["diff", "v1", "--pdf", "{git}/report.pdf"],
          ["assess", "QP-01", "scores.csv", "--pdf", "{git}/assessment.pdf"], ["build", "-o", "{git}/out"],
          ["build", "-o", "{git}"], ["init", "{git}/new"], ["schema", "export", "{git}/schemas"],
          ["release", "--version", "1", "-o", "{git}/releases"]]


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under folder, by its bytes' digest."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def refused(repo: Path, git: Path, command: list[str], written: str) -> None:
    (repo / "scores.csv").write_text("\n".join(SCORES) + "\n", "utf-8")
    before = snapshot(git)
    result = CliRunner().invoke(main, [part.format(git=written) for part in command])
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert "the git repository's own folder" in result.stderr and written.split("/")[0] in result.stderr
    assert snapshot(git) == before


@pytest.mark.parametrize("command", WRITES, ids=lambda c: " ".join(c[:2]))
def test_no_command_writes_into_the_workspaces_git_folder(repo, command):
    refused(repo, repo / ".git", command, ".git")


@pytest.mark.parametrize("command", WRITES[:1] + WRITES[3:4], ids=lambda c: " ".join(c[:2]))
def test_nor_through_a_link_to_it(repo, command):
    (repo / "g").symlink_to(".git", target_is_directory=True)
    refused(repo, repo / ".git", command, "g")


def test_nor_into_a_git_folder_a_git_file_points_to(tmp_path, workspace, monkeypatch):
    """`git init --separate-git-dir`: the repository is elsewhere, named anything; the workspace's .git file
    says where (as a worktree's and a submodule's do)."""
    subprocess.run(["git", "init", "-q", "--separate-git-dir", str(tmp_path / "store")], cwd=workspace, check=True)
    commit(workspace, "first issue")
    refused(workspace, tmp_path / "store", ["diff", "HEAD", "--pdf", "{git}/index"], str(tmp_path / "store"))
    refused(workspace, tmp_path / "store", ["build", "-o", "{git}/out"], str(tmp_path / "store"))


def test_the_git_folders_around_a_path(tmp_path):
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    (tmp_path / "wt").mkdir()
    (tmp_path / "wt" / ".git").write_text("gitdir: ../repo/.git/worktrees/wt\n")
    assert git_dirs_around([tmp_path / "repo" / "build"]) == [tmp_path / "repo" / ".git"]
    assert git_dirs_around([tmp_path / "wt" / "x"]) == [tmp_path / "wt" / ".git",
                                                        tmp_path / "repo" / ".git" / "worktrees" / "wt"]
    assert git_dirs_around([tmp_path / "elsewhere" / ".git" / "y"]) == [tmp_path / "elsewhere" / ".git"]
    assert git_dirs_around([tmp_path / "elsewhere"]) == []


def test_an_output_beside_the_git_folder_is_written(repo):
    assert CliRunner().invoke(main, ["schema", "export", "editor"]).exit_code == 0
    assert CliRunner().invoke(main, ["init", "gitish/.github"]).exit_code == 0
