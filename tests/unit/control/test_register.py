"""qmtool register: the master list, and the flags an auditor looks for."""
from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from qmtool.cli import main


def run(*args):
    return CliRunner().invoke(main, ["register", *args])


def edit(workspace, name, old, new):
    path = workspace / "procedures" / name
    path.write_text(path.read_text("utf-8").replace(old, new, 1), "utf-8")


def test_text_table_lists_every_document_in_number_order(workspace):
    result = run("--today", "2026-06-01")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["Document", "no.", "Title"]
    assert [line.split()[0] for line in lines[1:]] == ["QM-01", "QP-01"]
    assert "Effective" in lines[2] and "2027-01-01" in lines[2]
    edit(workspace, "QP-01-demo.yaml", "title: Demo Service Procedure", 'title: "Demo Service\\nProcedure"')
    lines = run("--today", "2026-06-01").stdout.splitlines()
    assert len(lines) == 3 and "Demo Service Procedure" in lines[2]  # a line break in a title stays in its row


def test_review_flags_on_dated_fixtures(workspace):
    result = run("--today", "2026-12-10")  # both documents are due on 2027-01-01
    assert result.exit_code == 0
    assert result.stderr.count("warning[review-due-soon]: review is due on 2027-01-01, in 22 days") == 2
    result = run("--today", "2027-01-02")
    assert result.exit_code == 1
    assert "procedures/QP-01-demo.yaml:7:13: error[review-overdue]: review was due on 2027-01-01, 1 day " \
           "before 2027-01-02" in result.stderr
    assert "review-" not in run("--today", "2026-12-01").stderr  # 31 days ahead: not yet
    assert "review is due on 2027-01-01, that is today" in run("--today", "2027-01-01").stderr


def test_superseded_documents_are_not_due_for_review_but_flag_who_cites_them(workspace):
    edit(workspace, "QP-01-demo.yaml", "status: effective", "status: superseded")
    result = run("--today", "2027-06-01")
    assert not [line for line in result.stderr.splitlines() if "QP-01-demo.yaml" in line and "review" in line]
    assert "procedures/manual.yaml:7:13: error[review-overdue]" in result.stderr
    assert "procedures/manual.yaml:25:11: error[ref-not-current]" in result.stderr
    assert result.exit_code == 1
    edit(workspace, "QP-01-demo.yaml", "owner: Service Office\n", "owner: Service Office\nsuperseded_by: QP-99\n")
    result = run("--today", "2026-06-01")
    assert "hint: refer to the current document instead\n" in result.stderr  # QP-99 does not exist: not named


def test_missing_approvals_are_flagged(workspace):
    edit(workspace, "QP-01-demo.yaml", "  - {role: reviewed, name: Bo Chen, date: 2025-12-10}\n", "")
    result = run("--today", "2026-06-01")
    assert result.exit_code == 1 and "error[approvals-incomplete]" in result.stderr


def test_csv_and_json(workspace):
    rows = list(csv.reader(io.StringIO(run("--format", "csv", "--today", "2026-06-01").stdout)))
    assert rows[0] == ["id", "title", "version", "status", "owner", "effective", "review_due", "superseded_by"]
    assert rows[2] == ["QP-01", "Demo Service Procedure", "1.1", "effective", "Service Office", "2026-01-01",
                       "2027-01-01", ""]
    data = json.loads(run("--format", "json", "--today", "2027-02-01").stdout)
    assert [d["id"] for d in data["documents"]] == ["QM-01", "QP-01"]
    assert {p["code"] for p in data["problems"]} == {"review-overdue"}


def test_a_document_that_cannot_be_read_is_not_silently_left_out(workspace):
    path = workspace / "procedures" / "QP-01-demo.yaml"
    path.write_text(path.read_text() + "  bad: [\n")
    result = run("--today", "2026-06-01")
    assert result.exit_code == 1 and "QP-01-demo.yaml" in result.stderr and "yaml-syntax" in result.stderr
