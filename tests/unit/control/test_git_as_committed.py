"""qmtool reads git's objects as committed: a replace ref would let a release, or its verification, name one commit
and read another's files."""
from __future__ import annotations

import subprocess

import pytest

from qmtool.control.git import GitFailed, git, objects


def run_in(folder):
    def run(*args: str) -> str:
        return subprocess.run(["git", "-c", "user.name=q", "-c", "user.email=q@example.cn", *args], cwd=folder,
                              check=True, capture_output=True, text=True).stdout.strip()
    return run


def two_prices(folder):
    """A repository of two commits of price.yaml, 3800.00 then 38.00: its runner and the two commits."""
    run = run_in(folder)
    run("init", "-q")
    (folder / "price.yaml").write_text("price: 3800.00\n", "utf-8")
    run("add", "price.yaml")
    run("commit", "-qm", "first")
    first = run("rev-parse", "HEAD")
    (folder / "price.yaml").write_text("price: 38.00\n", "utf-8")
    run("commit", "-qam", "second")
    return run, first, run("rev-parse", "HEAD")


def test_a_replace_ref_is_not_followed(tmp_path):
    run, first, second = two_prices(tmp_path)
    run("replace", first, second)
    assert run("show", f"{first}:price.yaml") == "price: 38.00"  # plain git follows the replace ref
    assert git(tmp_path, "show", f"{first}:price.yaml") == b"price: 3800.00\n"
    assert objects(tmp_path, [f"{first}:price.yaml"]) == [("blob", b"price: 3800.00\n")]


def test_a_graft_is_not_followed_and_git_gives_no_advice_about_it(tmp_path):
    """Grafts are turned off by an empty graft file, which git reads and then advises against, in lines that
    would stand in a refusal in place of git's own reason."""
    run, first, second = two_prices(tmp_path)
    (tmp_path / ".git" / "info" / "grafts").write_text(f"{second}\n", "utf-8")  # second made parentless
    assert git(tmp_path, "rev-parse", f"{second}^").decode().strip() == first
    with pytest.raises(GitFailed) as failed:
        git(tmp_path, "rev-parse", "--verify", "HEAD~5")
    assert failed.value.stderr == "fatal: Needed a single revision"
