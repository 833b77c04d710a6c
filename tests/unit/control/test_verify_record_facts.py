"""When the commit is read, what release.json says of each document (id, title, version, status, successor,
approvals), its language and its date are held to the commit's own sources and date: an edited fact is
verify-record-differs at its JSON pointer. The tool versions come from no source: the closing lines say so."""
from __future__ import annotations

import hashlib
import json
import subprocess

import pytest

from qmtool.control.verify import verify
from tests.helpers import release_by_hand, run

QP01, MANUAL = "procedures/QP-01-demo.yaml", "procedures/manual.yaml"


def head(root) -> str:
    done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def rewritten(folder, change) -> None:
    """The record changed by change(record), and the manifest made to agree, as a forger would."""
    record = json.loads((folder / "release.json").read_text("utf-8"))
    change(record)
    (folder / "release.json").write_text(json.dumps(record, ensure_ascii=False), "utf-8")
    lines = (folder / "MANIFEST.sha256").read_text().splitlines()
    digest = hashlib.sha256((folder / "release.json").read_bytes()).hexdigest()
    (folder / "MANIFEST.sha256").write_text("".join(
        f"{digest}  release.json\n" if line.endswith("  release.json") else line + "\n" for line in lines))


@pytest.fixture
def released(repo):
    sources = {MANUAL: (repo / MANUAL).read_bytes(), QP01: (repo / QP01).read_bytes()}
    return release_by_hand(repo / "release" / "1", head(repo), sources)


def qp01(record) -> dict:
    return record["documents"][1]


EDITS = {
    "/documents/1/status": lambda r: qp01(r).update(status="superseded"),
    "/documents/1/version": lambda r: qp01(r).update(version="9.9"),
    "/documents/1/title": lambda r: qp01(r).update(title="Another"),
    "/documents/1/id": lambda r: qp01(r).update(id="QP-09"),
    "/documents/1/superseded_by": lambda r: qp01(r).update(superseded_by="QP-09"),
    "/documents/1/approvals": lambda r: qp01(r)["approvals"][2].update(name="Someone Else"),
    "/documents/1/effective": lambda r: qp01(r).update(effective="2020-01-01"),  # a fact release never writes
    "/language": lambda r: r.update(language="zh-Hans"),
    "/date": lambda r: r.update(date="2020-01-01T00:00:00+00:00"),
}


def test_a_record_as_released_agrees_with_its_commit(released):
    found = verify(released)
    assert found.ok and found.commit.sources is not None, found.findings
    record = json.loads((released / "release.json").read_text("utf-8"))
    assert qp01(record)["status"] == "effective" and qp01(record)["approvals"][2]["date"] == "2025-12-20"


@pytest.mark.parametrize("pointer", EDITS)
def test_an_edited_fact_is_located_at_its_pointer(released, pointer):
    rewritten(released, EDITS[pointer])
    found = verify(released)
    assert not found.ok and not (found.differing or found.missing or found.unlisted)
    assert [(f.path, f.pointer, f.code) for f in found.findings] == [
        ("release/1/release.json", pointer, "verify-record-differs")]


@pytest.mark.parametrize("removed", ["status", "approvals"])
def test_a_fact_removed_is_a_difference(released, removed):
    rewritten(released, lambda r: qp01(r).pop(removed))
    assert [f.pointer for f in verify(released).findings] == [f"/documents/1/{removed}"]


def test_the_cli_says_what_each_says_and_exits_1(released):
    rewritten(released, lambda r: qp01(r).update(status="effective", version="9.9"))
    result = run("verify", "release/1")
    assert result.exit_code == 1 and "no differences" not in result.stderr
    assert ('release/1/release.json: error[verify-record-differs]: release.json says /documents/1/version is "9.9", '
            f'but commit {head(released.parents[1])[:12]} says "1.1" (procedures/QP-01-demo.yaml)') in result.stderr


def test_without_the_commit_the_facts_are_not_checked_and_the_tools_never(released, tmp_path, monkeypatch):
    rewritten(released, lambda r: r.update(qmtool="0.0.1"))
    result = run("verify", "release/1")
    assert result.exit_code == 0
    assert ("release/1: the qmtool, WeasyPrint and font versions in release.json are as its writer put them: "
            "nothing can check them") in result.stderr
    (tmp_path / "elsewhere").mkdir()
    moved = released.rename(tmp_path / "elsewhere" / "1")
    rewritten(moved, EDITS["/documents/1/version"])
    monkeypatch.chdir(tmp_path)
    result = run("verify", str(moved))
    assert result.exit_code == 0 and "was not checked" in result.stderr


@pytest.mark.parametrize("language, said", [
    ("zh-Hans", "release.json 中 /documents/1/version 为 \"9.9\"，而提交 "),
    ("zh-Hant", "release.json 中 /documents/1/version 為 \"9.9\"，而提交 "),
])
def test_said_in_the_releases_language(released, language, said):
    rewritten(released, EDITS["/documents/1/version"])
    result = run("verify", "release/1", "--lang", language)
    assert result.exit_code == 1 and said in result.stderr, result.stderr


@pytest.mark.parametrize("language, said", [
    ("en", "release/1: the release's name in release.json, 2099.9, is as its writer put it: no source or signature "
           "holds it, and a copied release may be named otherwise (this folder is named 1), so nothing can check it"),
    ("zh-Hans", "release/1：release.json 中记载的发布版本名称 2099.9 由发布者自行填写，任何源文件或签名均未载有该名称，"
                "发布版本的副本也可另行命名（本文件夹名为 1），因此无法核对"),
    ("zh-Hant", "release/1：release.json 中記載的發布版本名稱 2099.9 由發布者自行填寫"),
])
def test_the_release_name_is_said_among_what_nothing_can_check(released, language, said):
    # release names the folder as the version, but a copy may be named otherwise (an intact copy named r
    # verifies): a name that differs is no tampering verify can prove, so the closing lines say it is unchecked.
    rewritten(released, lambda r: r.update(release="2099.9"))
    result = run("verify", "release/1", "--lang", language)
    assert result.exit_code == 0 and said in result.stderr, result.stderr
    assert result.stderr.splitlines()[-2].startswith("release/1")
