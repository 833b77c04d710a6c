"""verify holds each recorded source to the commit the record names, when that commit's repository can be
reached, and says what it checked: a release rewritten consistently (sources, PDFs, record, manifest) fails
where the commit can be read, and is said to be checked against its manifest and record only where not."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from qmtool.control.verify import verify
from tests.helpers import commit, release_by_hand, run

QP01 = "procedures/QP-01-demo.yaml"
MANUAL = "procedures/manual.yaml"


def head(root) -> str:
    done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def sources(root, **changes) -> dict[str, bytes]:
    """The workspace's sources as bytes, QP-01's with each old text replaced by the new."""
    found = {MANUAL: (root / MANUAL).read_bytes(), QP01: (root / QP01).read_bytes()}
    for old, new in changes.items():
        assert old.encode() in found[QP01]
        found[QP01] = found[QP01].replace(old.encode(), new.encode())
    return found


@pytest.fixture
def forged(repo):
    """A release of HEAD rewritten as the attack did: QP-01's price changed in the source its PDFs embed, and
    the record and manifest made to agree."""
    return release_by_hand(repo / "release" / "9", head(repo), sources(repo, **{"price: 300.00": "price: 3.00"}))


def test_an_intact_release_is_checked_against_its_commit(repo):
    folder = release_by_hand(repo / "release" / "1", head(repo), sources(repo))
    found = verify(folder)
    assert found.ok and found.commit.digests is not None and found.commit.workspace == str(repo.resolve())
    result = run("verify", "release/1")
    assert result.exit_code == 0
    said = f"release/1: the sources recorded and embedded are the files of commit {head(repo)[:12]} in {repo.resolve()}"
    assert said in result.stderr
    assert "release/1: the release is not signed, and only a signature proves who made it" in result.stderr
    assert "not checked" not in result.stderr


def test_a_release_rewritten_consistently_fails_where_its_commit_can_be_read(forged):
    found = verify(forged)
    assert not found.ok and not (found.differing or found.missing or found.unlisted)
    placed = sorted((f.path, f.pointer) for f in found.findings if f.code == "verify-not-committed")
    assert placed == [("release/9/manual.pdf", ""), ("release/9/procedures/QP-01.pdf", ""),
                      ("release/9/release.json", "/documents/1/source/sha256")]
    result = run("verify", "release/9")
    assert result.exit_code == 1 and "no differences" not in result.stderr
    assert ("release/9/procedures/QP-01.pdf: error[verify-not-committed]: embedded QP-01-demo.yaml differs from "
            f"procedures/QP-01-demo.yaml in commit {head(forged.parents[1])[:12]}") in result.stderr


def test_a_copy_outside_the_repository_says_its_commit_was_not_checked_and_fails_with_repo(forged, tmp_path,
                                                                                          monkeypatch):
    copy = shutil.copytree(forged, tmp_path / "elsewhere" / "9")
    assert run("verify", str(copy)).exit_code == 1  # from inside the repository, it is reached all the same
    monkeypatch.chdir(tmp_path / "elsewhere")
    result = run("verify", str(copy))
    assert result.exit_code == 0, result.stderr
    assert "was not checked (the release is not inside a git repository; name the workspace with --repo): this " \
           "shows only that the files agree with their manifest and record, not that they are what was committed" \
           in result.stderr
    result = run("verify", str(copy), "--repo", str(forged.parents[1]))
    assert result.exit_code == 1 and "error[verify-not-committed]" in result.stderr


def test_a_commit_the_repository_does_not_hold_is_not_checked_and_said_so(repo):
    folder = release_by_hand(repo / "release" / "1", "0123456789" * 4, sources(repo))
    found = verify(folder)
    assert found.ok and found.commit.digests is None and found.commit.unreached[0] == "commit-absent"
    assert "commit 012345678901 was not checked (the repository " in run("verify", "release/1").stderr
    named = release_by_hand(repo / "release" / "2", "HEAD", sources(repo))  # only a full commit id names one
    assert verify(named).commit.unreached == ("commit-unnamed",)


def test_a_repository_planted_in_the_release_is_never_the_one_checked(repo, tmp_path, monkeypatch):
    folder = repo / "release" / "9"
    planted = tmp_path / "planted"
    shutil.copytree(repo, planted, ignore=shutil.ignore_patterns(".git"))
    subprocess.run(["git", "init", "-q"], cwd=planted, check=True)
    (planted / QP01).write_bytes(sources(repo, **{"price: 300.00": "price: 3.00"})[QP01])
    commit(planted, "forged")
    release_by_hand(folder, head(planted), sources(planted))
    shutil.move(planted / ".git", folder / ".git")  # its forger's repository, inside the release
    monkeypatch.chdir(folder)  # the current folder's repository would be the planted one
    found = verify(folder)
    assert found.commit.digests is None and found.commit.unreached[0] == "commit-absent"


def test_a_workspace_in_a_subfolder_of_its_repository(tmp_path, monkeypatch, repo):
    top = tmp_path / "top"
    shutil.copytree(repo, top / "quality" / "ws")
    shutil.move(top / "quality" / "ws" / ".git", top / ".git")
    subprocess.run(["git", "add", "-A"], cwd=top, check=True)
    commit(top, "moved")
    folder = release_by_hand(tmp_path / "copy" / "1", head(top), sources(top / "quality" / "ws"), repository=top)
    monkeypatch.chdir(tmp_path)
    found = verify(folder, repository=top / "quality" / "ws")
    assert found.ok and found.commit.workspace == str((top / "quality" / "ws").resolve())
    inside = release_by_hand(top / "quality" / "ws" / "release" / "1", head(top), sources(top / "quality" / "ws"))
    assert verify(inside).commit.digests is not None  # found from the release's own place


@pytest.mark.parametrize("language, ok, committed, unreached, unsigned", [
    ("zh-Hans", "release/1：核对无误：各文件与 MANIFEST.sha256 和 release.json 相符", "：记录及内嵌的源文件均为 ",
     "release/2：未能核对提交 012345678901（仓库 ", "release/1：本发布版本未经电子签名，只有签名才能证明发布者身份"),
    ("zh-Hant", "release/1：核對無誤：各檔案與 MANIFEST.sha256 和 release.json 相符", "：紀錄及內嵌的原始檔均為 ",
     "release/2：未能核對提交 012345678901（儲存庫 ", "release/1：本發布版本未經電子簽章，只有簽章才能證明發布者身分"),
])
def test_what_was_checked_is_said_in_the_releases_language(repo, language, ok, committed, unreached, unsigned):
    manual = repo / MANUAL  # a release is in its manual's language: the commit's manual says it
    manual.write_text(manual.read_text("utf-8").replace("language: en", f"language: {language}"), "utf-8")
    commit(repo, language)
    release_by_hand(repo / "release" / "1", head(repo), sources(repo), language)
    result = run("verify", "release/1")
    assert result.exit_code == 0 and ok in result.stderr and committed in result.stderr and unsigned in result.stderr
    release_by_hand(repo / "release" / "2", "0123456789" * 4, sources(repo), language)
    result = run("verify", "release/2")
    assert result.exit_code == 0 and unreached in result.stderr
    assert "不能證明其為已提交的內容" in result.stderr or "不能证明其为已提交的内容" in result.stderr
