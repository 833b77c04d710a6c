"""The schema memo is a speed-up and never a verdict: kept outside the workspace, keyed by everything
that shapes a verdict, ignored when corrupt, unused under CI or with --no-cache."""
from __future__ import annotations

import json
import subprocess

import pytest
from click.testing import CliRunner

from qmtool.check.memo import SchemaMemo, memo_folder
from qmtool.check.schema import SchemaSet
from qmtool.cli import main
from qmtool.core.digest import code_digest, digest
from qmtool.core.resources import builtin
from tests.helpers import DEEP_JSON, commit


@pytest.fixture
def checked(monkeypatch) -> list[str]:
    """The names of the files checked against their schema, in order; CI unset, so the memo is used."""
    monkeypatch.delenv("CI", raising=False)
    names: list[str] = []
    original = SchemaSet.check
    monkeypatch.setattr(SchemaSet, "check", lambda self, source: names.append(source.path.name) or
                        original(self, source))
    return names


def edit(path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


def memo_files() -> list:
    return sorted(memo_folder().glob("schema-memo-*.json"))


def test_unchanged_files_are_not_checked_against_their_schema_again(workspace, checked):
    for path in memo_files():
        path.unlink()
    assert CliRunner().invoke(main, ["validate"]).exit_code == 0
    assert sorted(checked) == ["QP-01-demo.yaml", "manual.yaml"]
    assert len(memo_files()) == 1 and not (workspace / ".qmtool-cache").exists()  # nothing in the workspace
    checked.clear()
    edit(workspace / "procedures" / "QP-01-demo.yaml", "grade: B, unit", "grade: C, unit")
    result = CliRunner().invoke(main, ["validate"])
    assert checked == ["QP-01-demo.yaml"]
    assert result.exit_code == 1 and "fee-unknown-grade" in result.stderr  # the rules still ran


@pytest.mark.parametrize("garbage", ["{broken", "[]", '{"format": "qmtool-schema-memo/2"}', "\x00" * 10,
                                     '{"format": "qmtool-schema-memo/2", "workspace": 1, "passed": {}}', DEEP_JSON])
def test_a_corrupt_memo_is_ignored(workspace, checked, garbage):
    assert CliRunner().invoke(main, ["validate"]).exit_code == 0
    for path in memo_files():
        path.write_text(garbage)
    checked.clear()
    assert CliRunner().invoke(main, ["validate"]).exit_code == 0
    assert sorted(checked) == ["QP-01-demo.yaml", "manual.yaml"]


def broken(workspace) -> None:
    """A procedure without its owner and with a price of "free": two schema errors."""
    edit(workspace / "procedures" / "QP-01-demo.yaml", "owner: Service Office\n", "")
    edit(workspace / "procedures" / "QP-01-demo.yaml", "price: 300.00", "price: free")


def forge(path, workspace, keys_for) -> None:
    """A memo saying every file of the workspace passed its schema check."""
    raws = [p.read_bytes() for p in (workspace / "procedures").glob("*.yaml")]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(keys_for(raws)))


def test_a_committed_memo_in_the_workspace_changes_nothing(repo, checked):
    broken(repo)
    # The memo as earlier qmtool kept it, in the workspace, forged to say both files passed.
    forge(repo / ".qmtool-cache" / "schema-passed.json", repo, lambda raws: {
        "format": "qmtool-schema-memo/1", "passed": [digest(code_digest(), raw) for raw in raws]})
    subprocess.run(["git", "add", "-f", ".qmtool-cache"], cwd=repo, check=True)
    commit(repo, "a memo that lies")
    result = CliRunner().invoke(main, ["validate", "--strict"])
    assert result.exit_code == 1
    assert "schema-required" in result.stderr and "/standards/fees/0/price" in CliRunner().invoke(
        main, ["validate", "--format", "json"]).stdout


def forged_user_memo(workspace) -> None:
    """A memo in the user's cache, keyed exactly as qmtool keys it, saying the broken files passed."""
    memo = SchemaMemo(memo_folder(), workspace, SchemaSet(builtin("schemas")).digest)
    forge(memo.path, workspace, lambda raws: {"format": SchemaMemo.FORMAT, "workspace": memo.workspace,
                                               "passed": [memo.key(raw) for raw in raws]})


def test_under_ci_or_with_no_cache_no_memo_is_used(workspace, checked, monkeypatch):
    broken(workspace)
    forged_user_memo(workspace)
    for args, ci in ((["validate", "--no-cache"], None), (["validate"], "true")):
        if ci:
            monkeypatch.setenv("CI", ci)
            assert memo_folder() is None
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 1 and "error[schema-required]" in result.stderr
    assert sorted(checked) == ["QP-01-demo.yaml", "QP-01-demo.yaml", "manual.yaml", "manual.yaml"]


def test_the_key_depends_on_the_workspace_the_schemas_and_the_bytes(tmp_path):
    raw = b"kind: manual\n"
    one = SchemaMemo(None, tmp_path / "a", "schemas-1")
    assert one.key(raw) != SchemaMemo(None, tmp_path / "b", "schemas-1").key(raw)
    assert one.key(raw) != SchemaMemo(None, tmp_path / "a", "schemas-2").key(raw)
    assert one.key(raw) != one.key(raw + b"\n")
    assert one.key(raw) == SchemaMemo(None, tmp_path / "a", "schemas-1").key(raw)


def test_a_memo_of_another_workspace_is_not_used(workspace, checked, tmp_path):
    broken(workspace)
    forged_user_memo(workspace)
    copy = tmp_path / "copy"
    subprocess.run(["cp", "-a", str(workspace), str(copy)], check=True)
    memo = SchemaMemo(memo_folder(), copy, "x")
    memo.path.write_bytes(SchemaMemo(memo_folder(), workspace, "x").path.read_bytes())  # the other's memo
    result = CliRunner().invoke(main, ["validate", str(copy)])
    assert result.exit_code == 1 and "error[schema-required]" in result.stderr


def forged_build_cache(workspace, out, facts) -> None:
    """A build cache, as an earlier qmtool kept it and as this one does, with the tree digest computed exactly
    as the build computes it and the facts given; every output said to be built, as files that are not there."""
    paths = sorted((workspace / "procedures").glob("*.yaml"))
    names = [p.relative_to(workspace).as_posix() for p in paths]
    tree = digest(code_digest(), *(part for name, p in zip(names, paths) for part in (name, p.read_bytes())))
    outputs = {name: {"key": "x", "stamps": [None], "files": [name]} for name in ("manual.pdf", "procedures/QP-01.pdf")}
    out.mkdir()
    for version in (1, 2):
        (out / ".qmtool-cache.json").write_text(json.dumps({
            "format": f"qmtool-build-cache/{version}", "workspace": str(workspace.resolve()),
            "validation": {"tree": tree, "facts": facts}, "outputs": outputs}))
        yield


def test_a_forged_build_cache_neither_passes_an_invalid_workspace_nor_skips_a_missing_pdf(workspace):
    broken(workspace)
    facts = {"language": "en", "organization": "X", "documents": {
        "procedures/QP-01-demo.yaml": ["QP-01", "procedure"], "procedures/manual.yaml": ["QM-01", "manual"]}}
    for _ in forged_build_cache(workspace, workspace / "out", facts):
        result = CliRunner().invoke(main, ["build", "-o", "out"])
        assert result.exit_code == 1 and "schema-required" in result.stderr
        assert not list((workspace / "out").rglob("*.pdf"))


def test_a_wrong_memo_of_a_valid_workspace_does_not_decide_what_an_output_holds(workspace, monkeypatch):
    """A memo that swaps the documents' numbers (a memo gone wrong, or edited) is corrected by the documents
    themselves before anything is rendered: each PDF is named for the document it shows."""
    import qmtool.build.workers
    from qmtool.build.pipeline import build
    from qmtool.check.memo import ValidMemo
    from tests.helpers import fake_pdf

    monkeypatch.setattr(qmtool.build.workers, "write_pdf", fake_pdf)
    assert build(workspace, workspace / "out", jobs=1, html=True).ok
    memo = ValidMemo(memo_folder(), workspace)
    data = json.loads(memo.path.read_text("utf-8"))
    data["facts"]["documents"] = {"procedures/QP-01-demo.yaml": ["QM-01", "manual"],
                                  "procedures/manual.yaml": ["QP-01", "procedure"]}
    memo.path.write_text(json.dumps(data))
    (workspace / "out" / "manual.pdf").unlink()
    assert [o.doc_id for o in build(workspace, workspace / "out", jobs=1, html=True).rendered] == ["QM-01"]
    assert "<title>Quality Manual</title>" in (workspace / "out" / "html" / "manual.html").read_text("utf-8")
    assert "<title>Demo Service Procedure</title>" in (workspace / "out" / "html" / "QP-01.html").read_text("utf-8")


def test_a_valid_memo_nested_past_any_stack_is_ignored(workspace, monkeypatch):
    """A build read it with json.loads and died of RecursionError: it is a corrupt memo, so the workspace is
    validated as if there were none."""
    import qmtool.build.workers
    from qmtool.build.pipeline import build
    from qmtool.check.memo import ValidMemo
    from tests.helpers import fake_pdf

    monkeypatch.setattr(qmtool.build.workers, "write_pdf", fake_pdf)
    assert build(workspace, workspace / "out", jobs=1).ok
    memo = ValidMemo(memo_folder(), workspace)
    memo.path.write_text(DEEP_JSON)
    (workspace / "out" / "manual.pdf").unlink()
    assert [o.doc_id for o in build(workspace, workspace / "out", jobs=1).rendered] == ["QM-01"]
    assert json.loads(memo.path.read_text("utf-8"))["format"] == ValidMemo.FORMAT  # written anew


@pytest.mark.parametrize("number", ["QP\x0001", "../QP-01", 5, None])
def test_a_valid_memo_whose_document_number_names_no_file_is_ignored(workspace, monkeypatch, number):
    """The memo's numbers name the PDFs a build looks at: one with a NUL byte was a traceback (ValueError)."""
    import qmtool.build.workers
    from qmtool.build.pipeline import build
    from qmtool.check.memo import ValidMemo
    from tests.helpers import fake_pdf

    monkeypatch.setattr(qmtool.build.workers, "write_pdf", fake_pdf)
    assert build(workspace, workspace / "out", jobs=1).ok
    memo = ValidMemo(memo_folder(), workspace)
    data = json.loads(memo.path.read_text("utf-8"))
    data["facts"]["documents"]["procedures/QP-01-demo.yaml"][0] = number
    memo.path.write_text(json.dumps(data))
    result = build(workspace, workspace / "out", jobs=1)
    assert result.ok and [o.doc_id for o in result.outputs] == ["QM-01", "QP-01"]
