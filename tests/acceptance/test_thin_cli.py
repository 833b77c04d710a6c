"""The command line only parses options and reports: what assess, diff and build look up, filter and format
is the library's, and every way it stops short is a value, not a print or an exit."""
from __future__ import annotations

import ast
from pathlib import Path

from qmtool.assess.apply import Misused, apply
from qmtool.assess.report import text_blocks
from qmtool.check.validate import document_numbers
from qmtool.cli.report import blocks
from qmtool.control.changes import change_lines, compare_sides, is_folder
from tests.helpers import REPO, commit

CLI = REPO / "qmtool" / "cli"
SCORES = "provider,provider_name,period,kpi,score\nCT-001,A,2026-Q1,K1,95\nCT-001,A,2026-Q1,K2,90\n"


def test_no_function_of_the_command_line_is_over_40_lines():
    long = [f"{path.name}:{node.name} ({node.end_lineno - node.lineno + 1} lines)"
            for path in sorted(CLI.glob("*.py")) for node in ast.walk(ast.parse(path.read_text("utf-8")))
            if isinstance(node, ast.FunctionDef) and node.end_lineno - node.lineno + 1 > 40]
    assert long == []


def scores(workspace: Path, text: str = SCORES) -> tuple[Path, ...]:
    (workspace / "scores.csv").write_text(text, "utf-8")
    return (Path("scores.csv"),)


def test_assess_applies_the_procedure_and_keeps_the_period_asked_for(workspace):
    applied = apply(workspace, "QP-01", scores(workspace), "2026-Q1", "en")
    assert applied.halt is None and applied.misused is None and applied.problems == []
    assert [(r.provider, str(r.period)) for r in applied.results] == [("CT-001", "2026-Q1")]
    assert applied.procedure.display == "procedures/QP-01-demo.yaml"
    assert [s.display for s in applied.evidence] == ["scores.csv"]


def test_assess_says_how_it_was_misused(workspace):
    records = scores(workspace)
    assert apply(workspace, "QP-09", records, None).misused == Misused(
        "no procedure numbered QP-09; there are QP-01", "ID")
    assert apply(workspace, "QP-01", records * 2, None).misused.param == "RECORDS"
    assert apply(workspace, "QP-01", records, "2026q1").misused == Misused(
        "'2026q1' is not a quarter period; write it like 2026-Q1", "--period")
    assert apply(workspace, "QP-01", records, "2026-Q2").misused == Misused(
        "no scores for 2026-Q2; the records hold 2026-Q1", "--period")


def test_assess_stops_at_records_with_errors_counting_records_files(workspace):
    halt = apply(workspace, "QP-01", scores(workspace, SCORES.replace(",95", ",101")), None, "en").halt
    assert halt.documents == 1 and halt.records
    assert [(p.path, p.line, p.code) for p in halt.problems][0] == ("scores.csv", 2, "schema-range")


def test_assess_stops_at_a_procedure_with_errors_counting_one_document(workspace):
    path = workspace / "procedures" / "QP-01-demo.yaml"
    path.write_text(path.read_text("utf-8").replace("weight: 40", "weight: 30"), "utf-8")
    halt = apply(workspace, "QP-01", scores(workspace), None).halt
    assert (halt.documents, halt.records) == (1, False)
    assert [p.code for p in halt.problems] == ["kpi-weights-sum"]


def test_assessment_text_is_lines_and_tables_for_the_reporter(workspace):
    applied = apply(workspace, "QP-01", scores(workspace), None, "en")
    parts = text_blocks(applied.assessment, applied.results, "en")
    assert parts[0] == "QP-01 Demo Service Procedure"
    assert [type(part).__name__ for part in parts].count("list") == 2  # results, totals
    assert parts[1][1][:3] == ["CT-001", "A", "2026-Q1"]
    shown = blocks(parts).splitlines()
    assert shown[0] == "QP-01 Demo Service Procedure" and shown[2].split()[:3] == ["CT-001", "A", "2026-Q1"]


def test_diff_compares_two_folders_into_lines(workspace, tmp_path):
    import shutil

    old = tmp_path / "old"
    shutil.copytree(workspace / "procedures", old / "procedures")
    path = workspace / "procedures" / "QP-01-demo.yaml"
    path.write_text(path.read_text("utf-8").replace("price: 300.00", "price: 350.00"), "utf-8")
    assert is_folder(str(old)) and not is_folder("x" * 5000) and not is_folder("v1")
    compared = compare_sides(workspace, str(old), None)
    assert compared.lang == "en" and compared.folders == (old,)
    assert compared.names == (str(old), "working tree")
    assert change_lines(compared) == ["QP-01 Demo Service Procedure",
                                      "  changed standards.fees[F1].price: 300.00 → 350.00"]
    assert [f.code for f in compared.findings] == ["version-not-bumped"]
    assert compared.as_json()["changes"][0]["field"] == "standards.fees[F1].price"


def test_diff_names_a_revision_with_its_commit(repo):
    path = repo / "procedures" / "QP-01-demo.yaml"
    path.write_text(path.read_text("utf-8").replace("status: effective", "status: review"), "utf-8")
    commit(repo, "to review")
    compared = compare_sides(repo, "v1", "HEAD", "zh-Hans")
    old, new = compared.names
    assert old.startswith("v1 (") and new.startswith("HEAD (") and len(old) == len("v1 (") + 12 + 1
    assert change_lines(compared) == ["QP-01 Demo Service Procedure", "  修改 status: effective → review"]


def test_the_document_numbers_of_a_workspace(workspace):
    assert document_numbers(workspace) == ["QM-01", "QP-01"]
