"""A memo is never read nor written inside the workspace or a folder qmtool reads, however the cache folder is
named, and says "valid" only for what this user's qmtool checked: its entries are keyed by a secret of its own."""
from __future__ import annotations

import json
import os
import stat

import pytest
from click.testing import CliRunner

from qmtool.check.memo import KEY, SchemaMemo, ValidMemo, memo_folder, memo_key
from qmtool.check.schema import SchemaSet
from qmtool.cli import main
from qmtool.core.digest import code_digest, digest
from qmtool.core.resources import builtin


def broken(workspace) -> None:
    """A procedure without its owner: a schema error only the schema check finds."""
    path = workspace / "procedures" / "QP-01-demo.yaml"
    text = path.read_text("utf-8")
    assert "owner: Service Office\n" in text
    path.write_text(text.replace("owner: Service Office\n", ""), "utf-8")


def forge(folder, workspace) -> None:
    """Schema memos saying every file passed, keyed as anyone can key them without this user's secret: from
    qmtool's code, the schemas' digest and the workspace's path (every format qmtool has written)."""
    real = str(workspace.resolve())
    salt = digest(code_digest(), SchemaSet(builtin("schemas")).digest, real)
    passed = [digest(salt, p.read_bytes()) for p in (workspace / "procedures").glob("*.yaml")]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"schema-memo-{digest(real)[:16]}.json"
    for version in (2, 3):
        path.write_text(json.dumps({"format": f"qmtool-schema-memo/{version}", "workspace": real, "passed": passed}))
        yield


@pytest.mark.parametrize("named", ["inside", "through-a-link", "records"])
def test_a_memo_folder_inside_the_workspace_is_never_used(workspace, monkeypatch, tmp_path, named):
    cache = {"inside": workspace / ".cache", "through-a-link": tmp_path / "linked",
             "records": workspace / "records" / "cache"}[named]
    if named == "through-a-link":
        (workspace / ".cache").mkdir()
        cache.symlink_to(workspace / ".cache")
    procedure = workspace / "procedures" / "QP-01-demo.yaml"
    valid = procedure.read_bytes()
    broken(workspace)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    assert memo_key(memo_folder(), workspace) is None
    for _ in forge(memo_folder(), workspace):
        result = CliRunner().invoke(main, ["validate", "--strict"])
        assert result.exit_code == 1 and "schema-required" in result.stderr
    forged = {p: p.read_bytes() for p in memo_folder().iterdir()}
    procedure.write_bytes(valid)
    assert CliRunner().invoke(main, ["validate"]).exit_code == 0
    assert {p: p.read_bytes() for p in memo_folder().iterdir()} == forged  # nothing written there: no key, no memo


def test_a_memo_forged_outside_the_workspace_without_the_secret_is_not_trusted(workspace, monkeypatch, tmp_path):
    broken(workspace)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "shared-cache"))
    for _ in forge(memo_folder(), workspace):
        result = CliRunner().invoke(main, ["validate", "--strict"])
        assert result.exit_code == 1 and "schema-required" in result.stderr


def test_the_secret_is_this_users_alone(tmp_path, workspace):
    folder = tmp_path / "cache" / "qmtool"
    key = memo_key(folder, workspace)
    assert key is not None and len(key) == 32 and memo_key(folder, workspace) == key  # made once, then kept
    assert stat.S_IMODE(os.stat(folder / KEY).st_mode) == 0o600
    assert [p.name for p in folder.iterdir()] == [KEY]  # its temporary file gone
    os.chmod(folder / KEY, 0o644)  # readable by others: anyone could forge with it
    assert memo_key(folder, workspace) is None and SchemaMemo(folder, workspace, "x").path is None


def test_a_valid_memo_without_the_secret_says_nothing(tmp_path, workspace):
    folder = tmp_path / "cache"
    memo = ValidMemo(folder, workspace)
    facts = {"language": "en", "organization": "X", "documents": {}}
    memo.path.parent.mkdir(parents=True, exist_ok=True)
    for version in (1, 2):
        memo.path.write_text(json.dumps({"format": f"qmtool-valid-memo/{version}", "workspace": memo.workspace,
                                         "tree": "tree-digest", "facts": facts}))
        assert memo.facts("tree-digest") is None
    memo.save("tree-digest", facts)
    assert memo.facts("tree-digest") == facts


@pytest.mark.parametrize("inside", [False, True])
def test_no_memo_is_kept_in_a_release(workspace, monkeypatch, tmp_path, inside):
    release = tmp_path / "2027.1"
    release.mkdir()
    (release / "MANIFEST.sha256").write_text("")
    (release / "release.json").write_text("{}")
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(release / "cache" if inside else release))
    assert memo_key(memo_folder(), workspace) is None
    assert CliRunner().invoke(main, ["validate"]).exit_code == 0
    assert sorted(p.name for p in release.iterdir()) == ["MANIFEST.sha256", "release.json"]
