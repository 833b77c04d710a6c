"""qmtool release refusing before it builds: ignored files, odd names, no git, a wrong signing passphrase.
Releases made and verified: e2e/test_release.py."""
from __future__ import annotations

from tests.helpers import commit, make_key, release
from tests.helpers import edit_first as edit


def test_release_refuses_ignored_files_and_odd_names(repo):
    (repo / ".gitignore").write_text("procedures/*-local.yaml\n")
    commit(repo, "ignore local files")
    (repo / "procedures" / "QP-09-local.yaml").write_text("kind: procedure\n")
    result = release("--version", "3")
    assert result.exit_code == 1
    assert "procedures/QP-09-local.yaml: error[release-ignored]: git ignores this file" in result.stderr
    result = release("--version", "../x")
    assert result.exit_code == 1 and '--version: error[release-name]: "../x" is not a release name' in result.stderr
    (repo / ".gitignore").unlink()
    (repo / "procedures" / "QP-09-local.yaml").unlink()
    commit(repo, "nothing ignored")
    result = release("--version", "3", "-o", "/dev/null/x")
    assert result.exit_code == 2 and "cannot write the release under /dev/null/x" in result.stderr


def test_signing_with_a_wrong_passphrase_is_refused(repo, tmp_path, monkeypatch):
    make_key(tmp_path)
    monkeypatch.setenv("QMTOOL_SIGN_PASSPHRASE", "wrong")
    result = release("--version", "1", "--sign", str(tmp_path / "office.p12"))
    assert result.exit_code == 2 and "cannot read the key" in result.stderr and "Traceback" not in result.stderr
    assert not (repo / "release" / "1").exists()


def test_release_outside_git_and_in_the_workspace_language(workspace):
    result = release("--version", "1")  # the workspace fixture is not a git repository
    assert result.exit_code == 1 and "error[release-git]: git: fatal: not a git repository" in result.stderr
    assert "git init, then commit the workspace" in result.stderr and "Traceback" not in result.stderr
    edit(workspace, "language: en", "language: zh-Hans", name="manual.yaml")
    edit(workspace, "status: effective", "status: draft")
    result = release("--version", "1")
    assert "QP-01 的状态为 草稿（draft）：草稿或审核中的文件不能发布" in result.stderr
    assert result.stderr.rstrip().endswith("拒绝发布：2 个原因")
