"""qmtool reads git's objects as committed: a replace ref would let a release, or its verification, name one commit
and read another's files."""
from __future__ import annotations

import subprocess

from qmtool.control.git import git, objects


def test_a_replace_ref_is_not_followed(tmp_path):
    def run(*args: str) -> str:
        return subprocess.run(["git", "-c", "user.name=q", "-c", "user.email=q@example.cn", *args], cwd=tmp_path,
                              check=True, capture_output=True, text=True).stdout.strip()

    run("init", "-q")
    (tmp_path / "price.yaml").write_text("price: 3800.00\n", "utf-8")
    run("add", "price.yaml")
    run("commit", "-qm", "first")
    first = run("rev-parse", "HEAD")
    (tmp_path / "price.yaml").write_text("price: 38.00\n", "utf-8")
    run("commit", "-qam", "second")
    run("replace", first, run("rev-parse", "HEAD"))
    assert run("show", f"{first}:price.yaml") == "price: 38.00"  # plain git follows the replace ref
    assert git(tmp_path, "show", f"{first}:price.yaml") == b"price: 3800.00\n"
    assert objects(tmp_path, [f"{first}:price.yaml"]) == [("blob", b"price: 3800.00\n")]
