"""qmtool diff on a scripted git history: the semantic changes exactly, and the audit findings (its PDF: e2e/)."""
from __future__ import annotations

import json
import shutil
import subprocess

from click.testing import CliRunner

from qmtool.cli import main
from tests.helpers import commit
from tests.helpers import edit_first as edit


def changes(*args) -> tuple[list[dict], list[str], int]:
    result = CliRunner().invoke(main, ["diff", *args, "--format", "json"])
    data = json.loads(result.stdout)
    return data["changes"], [p["code"] for p in data["problems"]], result.exit_code


def test_semantic_changes_between_revisions(repo):
    edit(repo, "price: 300.00", "price: 350.00")
    edit(repo, "weight: 60", "weight: 55")
    edit(repo, "weight: 40", "weight: 45")
    edit(repo, "    - {id: B, name: Grade B, commitments: [Ready one hour ahead]}\n",
         "    - {id: B, name: Grade B, commitments: [Ready one hour ahead]}\n"
         "    - {id: C, name: Grade C, commitments: [Ready on time]}\n")
    edit(repo, '\nversion: "1.1"', '\nversion: "1.2"')
    edit(repo, "  - {version: \"1.1\", date: 2025-12-20, summary: Fees revised}\n",
         "  - {version: \"1.1\", date: 2025-12-20, summary: Fees revised}\n"
         "  - {version: \"1.2\", date: 2026-03-01, summary: Fees and weights revised}\n")
    commit(repo, "revise fees")
    found, problems, code = changes("v1", "HEAD")
    assert [(c["field"], c["change"], c["old"], c["new"]) for c in found] == [
        ("version", "changed", "1.1", "1.2"),
        ("revisions[1.2]", "added", None,
         {"version": "1.2", "date": "2026-03-01", "summary": "Fees and weights revised"}),
        ("standards.grades[C]", "added", None, {"id": "C", "name": "Grade C", "commitments": ["Ready on time"]}),
        ("standards.fees[F1].price", "changed", "300.00", "350.00"),
        ("standards.assessment.kpis[K1].weight", "changed", 60, 55),
        ("standards.assessment.kpis[K2].weight", "changed", 40, 45),
    ]
    assert {c["document"] for c in found} == {"QP-01"}
    assert problems == [] and code == 0


def test_removed_entry_and_status_change_against_the_working_tree(repo):
    edit(repo, "  entry:\n    - {id: E1, requirement: Business licence, evidence: Copy of licence, level: must}\n",
         "  entry:\n    - {id: E2, requirement: Insurance, evidence: Policy, level: must}\n")
    edit(repo, "status: effective", "status: review")
    found, problems, code = changes("v1")
    assert [(c["field"], c["change"]) for c in found] == [
        ("status", "changed"), ("standards.entry[E1]", "removed"), ("standards.entry[E2]", "added")]
    assert problems == ["version-not-bumped"] and code == 1


def test_new_version_without_revision_entry(repo):
    edit(repo, '\nversion: "1.1"', '\nversion: "1.2"')
    found, problems, code = changes("v1")
    assert [c["field"] for c in found] == ["version"]
    assert problems == ["revision-missing"] and code == 1


def test_version_going_back_is_flagged(repo):
    edit(repo, '\nversion: "1.1"', '\nversion: "1.0"')
    edit(repo, "price: 300.00", "price: 350.00")
    found, problems, code = changes("v1")
    assert [c["field"] for c in found] == ["version", "standards.fees[F1].price"]
    assert problems == ["version-decreased"] and code == 1


def test_a_document_number_used_twice_is_flagged_not_ignored(repo):
    text = (repo / "procedures" / "QP-01-demo.yaml").read_text().replace("price: 300.00", "price: 999.00")
    (repo / "procedures" / "QP-01-zcopy.yaml").write_text(text)
    found, problems, code = changes("v1")
    assert found == [] and problems == ["duplicate-document"] and code == 1


def test_added_and_removed_documents_between_folders(repo, tmp_path):
    old = tmp_path / "old"
    shutil.copytree(repo, old, ignore=shutil.ignore_patterns(".git"))
    text = (repo / "procedures" / "QP-01-demo.yaml").read_text().replace("id: QP-01", "id: QP-02")
    (repo / "procedures" / "QP-02-demo.yaml").write_text(text)
    (repo / "procedures" / "QP-01-demo.yaml").unlink()
    found, _, _ = changes(str(old), str(repo))
    assert [(c["document"], c["change"]) for c in found] == [("QP-01", "removed"), ("QP-02", "added")]


def test_text_report_and_bad_revision(repo):
    edit(repo, "price: 300.00", "price: 350.00")
    result = CliRunner().invoke(main, ["diff", "v1"])
    assert result.stdout == ("QP-01 Demo Service Procedure\n"
                             "  changed standards.fees[F1].price: 300.00 → 350.00\n")
    assert "error[version-not-bumped]: QP-01 changed in 1 place but is still version 1.1" in result.stderr
    for name in ("no-such-tag", "--output=x", "-x", "HEAD~5", "v1~3"):  # past the first commit: git read its parents
        bad = CliRunner().invoke(main, ["diff", "--", name])
        assert bad.exit_code == 2 and f"{name} is not a git revision" in bad.stderr, bad.stderr
        assert "hint" not in bad.stderr and "graft" not in bad.stderr


def test_numbers_compare_as_written_and_superseded_by_is_document_control(repo):
    edit(repo, "price: 35.50", "price: 35.5")
    found, _, _ = changes("v1")
    assert [(c["field"], c["old"], c["new"]) for c in found] == [("standards.fees[F2].price", "35.50", "35.5")]
    edit(repo, "price: 35.5", "price: 35.50")
    edit(repo, "owner: Service Office\n", "owner: Service Office\nsuperseded_by: QM-01\n")
    found, problems, _ = changes("v1")
    assert [c["field"] for c in found] == ["superseded_by"] and problems == []


def test_unreadable_document_is_reported_not_removed(repo):
    path = repo / "procedures" / "QP-01-demo.yaml"
    path.write_text(path.read_text() + "  bad: [\n")
    found, problems, code = changes("v1")
    assert "yaml-syntax" in problems and code == 1
    assert found == []  # QP-01 is not "removed": its file could not be read, and that is said


def test_workspace_in_a_subfolder_of_its_repository(repo, tmp_path, monkeypatch):
    outer = tmp_path / "outer"
    shutil.copytree(repo, outer / "ws", ignore=shutil.ignore_patterns(".git"))
    subprocess.run(["git", "init", "-q"], cwd=outer, check=True)
    commit(outer, "first")
    subprocess.run(["git", "tag", "v1"], cwd=outer, check=True)
    monkeypatch.chdir(outer / "ws")
    edit(outer / "ws", "price: 300.00", "price: 350.00")
    found, _, _ = changes("v1")
    assert [c["field"] for c in found] == ["standards.fees[F1].price"]


def test_a_file_named_in_chinese_is_read_at_a_revision(repo):
    (repo / "procedures" / "QP-01-demo.yaml").rename(repo / "procedures" / "QP-01-食堂.yaml")
    commit(repo, "a Chinese file name")
    found, problems, code = changes("v1", "HEAD")  # git quotes such names unless asked not to
    assert found == [] and problems == [] and code == 0
