"""qmtool assess: the arithmetic of the assessment standard, each condition at its boundary, records problems
at their lines (the cases in tests/helpers.py), and the reference records' expected decisions (records/README.md).
The report PDF is tested end to end, in e2e/test_assess.py."""
from __future__ import annotations

import json
from decimal import Decimal

import pytest
from click.testing import CliRunner

from qmtool.assess.engine import band_of, weighted
from qmtool.cli import main
from tests.helpers import HEADER, RECORD_CASES, REFERENCE, REPO, assess, quarters, scores, write

# The standard of records/README.md (QP-02): weights 30, 25, 20, 15, 10.
CANTEEN = {"kpis": [{"id": f"K{n}", "weight": w} for n, w in enumerate((30, 25, 20, 15, 10), start=1)]}
# The base workspace's QP-01: K1 weight 60, K2 weight 40; excellent 90-100, pass 60-90, fail 0-60.
BANDS = [{"id": "excellent", "min": 90, "max": 100}, {"id": "pass", "min": 60, "max": 90},
         {"id": "fail", "min": 0, "max": 60}]


def kpis(*scores: str) -> dict[str, Decimal]:
    return {f"K{n}": Decimal(s) for n, s in enumerate(scores, start=1)}


@pytest.mark.parametrize("scores, mode, places, raw, rounded", [
    # 92*30 + 86*25 + 88*20 + 85*15 + 90*10 = 2760 + 2150 + 1760 + 1275 + 900 = 8845; / 100 = 88.45
    (("92", "86", "88", "85", "90"), "half-up", 1, "88.45", "88.5"),
    (("92", "86", "88", "85", "90"), "half-even", 1, "88.45", "88.4"),  # 4 is even: stays
    # 91*30 + 85*25 + 89*20 + 92*15 + 90*10 = 2730 + 2125 + 1780 + 1380 + 900 = 8915; / 100 = 89.15:
    # half-even rounds to 89.2 (1 is odd: goes up)
    (("91", "85", "89", "92", "90"), "half-even", 1, "89.15", "89.2"),
    # 82*30 + 79*25 + 80*20 + 78*15 + 79*10 = 2460 + 1975 + 1600 + 1170 + 790 = 7995; / 100 = 79.95.
    # Half-up gives 80.0 (band good); a float-and-truncate reading would give 79.9 (band pass).
    (("82", "79", "80", "78", "79"), "half-up", 1, "79.95", "80.0"),
    (("92", "86", "88", "85", "90"), "half-up", 0, "88.45", "88"),
    # 86.5*30 + 86*25 + 88*20 + 85*15 + 90*10 = 2595 + 2150 + 1760 + 1275 + 900 = 8680; / 100 = 86.80
    (("86.5", "86", "88", "85", "90"), "half-up", 2, "86.8", "86.80"),
    # 0.1 steps that binary floats cannot hold: 70.1*30 + 70.2*25 + 70.3*20 + 70.4*15 + 70.5*10
    # = 2103 + 1755 + 1406 + 1056 + 705 = 7025; / 100 = 70.25 exactly, half-up 70.3
    (("70.1", "70.2", "70.3", "70.4", "70.5"), "half-up", 1, "70.25", "70.3"),
])
def test_weighted_score_is_exact_and_rounded_as_the_standard_says(scores, mode, places, raw, rounded):
    standard = {**CANTEEN, "rounding": {"places": places, "mode": mode}}
    exact, result = weighted(kpis(*scores), standard)
    assert (str(exact), str(result)) == (raw, rounded)


def test_rounding_defaults_to_half_up_one_place():
    assert str(weighted(kpis("92", "86", "88", "85", "90"), CANTEEN)[1]) == "88.5"


@pytest.mark.parametrize("score, band", [
    ("100", "excellent"), ("90.0", "excellent"), ("89.9", "pass"), ("60", "pass"), ("59.9", "fail"), ("0", "fail")])
def test_bands_include_their_minimum_and_only_the_top_band_its_maximum(score, band):
    assert band_of(Decimal(score), BANDS) == band


def decisions(result) -> list[tuple[str, str, str]]:
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    return [(r["period"], d["clause"], d["kind"]) for r in data["results"] for d in r["decisions"]]


# QP-01's clauses: RW1 excellent two periods running (500.00); PN1 K1 below 60 (200.00);
# X1 fail two periods running; X2 one incident.


def test_band_condition_needs_the_periods_to_be_consecutive(workspace):
    # 95*60 + 90*40 = 5700 + 3600 = 9300 -> 93.0 excellent; 70*60 + 70*40 -> 70.0 pass
    excellent, passing = ("95", "90"), ("70", "70")
    rows = quarters("CT-001", {"2026-Q1": excellent, "2026-Q2": excellent, "2026-Q3": passing,
                               "2026-Q4": excellent, "2027-Q2": excellent})  # 2027-Q1 has no scores
    assert decisions(assess(scores(workspace, rows), "--format", "json")) == [("2026-Q2", "RW1", "reward")]


def test_consecutive_reaches_across_the_year_end(workspace):
    # 60*60 + 40*40 = 3600 + 1600 = 5200 -> 52.0 fail twice; K1 is 60, not below 60: no PN1
    rows = quarters("CT-001", {"2025-Q4": ("60", "40"), "2026-Q1": ("60", "40")})
    assert decisions(assess(scores(workspace, rows), "--format", "json")) == [("2026-Q1", "X1", "exit")]


def test_a_streak_fires_in_every_period_it_holds(workspace):
    rows = quarters("CT-001", {q: ("60", "40") for q in ("2026-Q1", "2026-Q2", "2026-Q3")})  # 52.0 fail
    assert decisions(assess(scores(workspace, rows), "--format", "json")) == [
        ("2026-Q2", "X1", "exit"), ("2026-Q3", "X1", "exit")]


def test_kpi_condition_is_strictly_below(workspace):
    # K1 60 and K2 100: 3600 + 4000 = 7600 -> 76.0 pass; K1 59.9: 3594 + 4000 = 7594 -> 75.94 -> 75.9 pass
    rows = quarters("CT-001", {"2026-Q1": ("60", "100"), "2026-Q2": ("59.9", "100")})
    result = assess(scores(workspace, rows), "--format", "json")
    assert decisions(result) == [("2026-Q2", "PN1", "penalty")]
    [q1, q2] = json.loads(result.stdout)["results"]
    assert (q1["raw"], q1["score"], q2["raw"], q2["score"]) == ("76", "76.0", "75.94", "75.9")


def test_event_count_fires_in_the_period_of_the_event(workspace):
    rows = quarters("CT-001", {"2026-Q1": ("80", "80"), "2026-Q2": ("80", "80")})
    events = write(workspace, "events.csv", """
        provider,date,event,note
        CT-001,2026-04-01,incident,first day of Q2
        """)
    assert decisions(assess(scores(workspace, rows), events, "--format", "json")) == [("2026-Q2", "X2", "exit")]


def test_event_count_within_a_window_of_periods(workspace):
    path = workspace / "procedures" / "QP-01-demo.yaml"
    text = path.read_text("utf-8")
    path.write_text(text.replace("  exit:\n", "  exit:\n    - {id: X3, when: {event: late, count: 2, within: 2}, "
                                              "action: Contract ends}\n").replace(
        "      - {id: incident, name: Safety incident}\n",
        "      - {id: incident, name: Safety incident}\n      - {id: late, name: Late delivery}\n"), "utf-8")
    rows = quarters("CT-001", {q: ("80", "80") for q in ("2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4")})
    events = write(workspace, "events.csv", """
        provider,date,event,note
        CT-001,2026-03-31,late,Q1
        CT-001,2026-07-01,late,Q3
        CT-001,2026-08-01,late,Q3
        """)
    # Q1: 1 in (2025-Q4, Q1); Q2: 1 in (Q1, Q2); Q3: 2 in (Q2, Q3); Q4: 2 in (Q3, Q4)
    assert decisions(assess(scores(workspace, rows), events, "--format", "json")) == [
        ("2026-Q3", "X3", "exit"), ("2026-Q4", "X3", "exit")]


@pytest.mark.parametrize("name", sorted(RECORD_CASES))
def test_records_problem_is_reported_at_its_line(name, workspace):
    files, expected = RECORD_CASES[name]
    for filename, content in files.items():
        path = workspace / filename
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    result = assess(*files)
    *problems, summary = result.stderr.splitlines()
    assert problems == expected.splitlines()
    assert summary.endswith(f"in {len(files)} records file" + ("s" if len(files) != 1 else ""))
    errors = any("error[" in line for line in expected.splitlines())
    assert result.exit_code == (1 if errors else 0)
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_spreadsheet_exports_are_read_alike(workspace):
    """UTF-8 with a BOM, tab separated, CRLF line ends and blank trailing rows: the same scores."""
    rows = quarters("CT-001", {"2026-Q1": ("95", "90")})
    plain = scores(workspace, rows)
    tabbed = "\r\n".join([HEADER.strip().replace(",", "\t"), *(r.replace(",", "\t") for r in rows), "\t\t\t\t", ""])
    (workspace / "excel.csv").write_bytes(b"\xef\xbb\xbf" + tabbed.encode("utf-8"))
    first, second = assess(plain, "--format", "json"), assess("excel.csv", "--format", "json")
    assert first.exit_code == second.exit_code == 0, second.stderr
    assert json.loads(first.stdout)["results"] == json.loads(second.stdout)["results"]


def test_unknown_procedure_and_period_are_usage_errors(workspace):
    name = scores(workspace, quarters("CT-001", {"2026-Q1": ("95", "90")}))
    result = CliRunner().invoke(main, ["assess", "QP-09", name])
    assert result.exit_code == 2 and "no procedure numbered QP-09; there are QP-01" in result.stderr
    result = assess(name, "--period", "2026-Q2")
    assert result.exit_code == 2 and "no scores for 2026-Q2; the records hold 2026-Q1" in result.stderr
    result = assess(name, "--period", "2026q2")
    assert result.exit_code == 2 and "'2026q2' is not a quarter period; write it like 2026-Q1" in result.stderr
    result = assess(name, f"./{name}")
    assert result.exit_code == 2 and "a file is named twice; its rows would count twice" in result.stderr
    result = assess(name, "--pdf", f"{name}/report.pdf")
    assert result.exit_code == 2 and f"cannot write {name}/report.pdf" in result.stderr
    assert not isinstance(result.exception, OSError)


def test_an_unreadable_procedure_shows_why(workspace):
    path = workspace / "procedures" / "QP-01-demo.yaml"
    path.write_text(path.read_text("utf-8").replace('version: "1.1"', "version: [1.1"), "utf-8")
    result = assess(scores(workspace, quarters("CT-001", {"2026-Q1": ("95", "90")})))
    assert result.exit_code == 1 and "procedures/QP-01-demo.yaml:" in result.stderr and "[yaml-syntax]" in result.stderr


def test_a_procedure_with_errors_is_not_applied(workspace):
    path = workspace / "procedures" / "QP-01-demo.yaml"
    path.write_text(path.read_text("utf-8").replace("weight: 40", "weight: 30"), "utf-8")
    result = assess(scores(workspace, quarters("CT-001", {"2026-Q1": ("95", "90")})))
    assert result.exit_code == 1 and "error[kpi-weights-sum]" in result.stderr and not result.stdout


# The reference workspace: records/README.md works out what each provider must get.

EXPECTED = {
    "QP-02": [("CT-001", "2026-Q1", "RW1"), ("CT-001", "2026-Q2", "RW1"), ("CT-001", "2026-Q2", "RW2"),
              ("CT-002", "2026-Q1", "PN1"), ("CT-002", "2026-Q2", "PN2"),
              ("CT-003", "2026-Q1", "PN1"), ("CT-003", "2026-Q2", "PN1"), ("CT-003", "2026-Q2", "PN3"),
              ("CT-003", "2026-Q3", "PN1"), ("CT-003", "2026-Q3", "PN3"), ("CT-003", "2026-Q3", "X1")],
    "QP-05": [("CL-001", "2026-Q2", "RW1"), ("CL-001", "2026-Q3", "RW1"), ("CL-001", "2026-Q3", "RW2"),
              ("CL-002", "2026-Q1", "PN1"), ("CL-002", "2026-Q2", "PN2"), ("CL-003", "2026-Q3", "X2")],
}
TOTALS = {
    "QP-02": {"CT-001": ("14000.00", "0.00", None), "CT-002": ("0.00", "7000.00", None),
              "CT-003": ("0.00", "35000.00", {"clause": "X1", "period": "2026-Q3"})},
    "QP-05": {"CL-001": ("11000.00", "0.00", None), "CL-002": ("0.00", "3000.00", None),
              "CL-003": ("0.00", "0.00", {"clause": "X2", "period": "2026-Q3"})},
}


@pytest.mark.parametrize("procedure", sorted(REFERENCE))
def test_reference_records_give_the_expected_decisions(procedure, monkeypatch):
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(main, ["assess", procedure, *REFERENCE[procedure], "--format", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [(r["provider"], r["period"], d["clause"]) for r in data["results"] for d in r["decisions"]] \
        == EXPECTED[procedure]
    assert {p["provider"]: (p["rewards"], p["penalties"], p["exit"]) for p in data["providers"]} \
        == TOTALS[procedure]
    assert data["problems"] == []


def test_the_rounding_boundary_of_the_reference_data(monkeypatch):
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(main, ["assess", "QP-02", *REFERENCE["QP-02"], "--period", "2026-Q3",
                                       "--format", "csv"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == ("provider,provider_name,period,K1,K2,K3,K4,K5,raw,score,band,change,"
                        "rewards,reward_amount,penalties,penalty_amount,exits")
    assert lines[2] == "CT-002,江宁市和味团膳服务有限公司,2026-Q3,82,79,80,78,79,79.95,80.0,good,-1.2,,,,,"
    assert lines[3].endswith(",PN1 PN3,15000.00,X1")


def test_report_is_not_written_when_the_records_have_errors(workspace):
    name = scores(workspace, ["CT-001,A,2026-Q1,K1,101"])
    result = assess(name, "--pdf", "report.pdf")
    assert result.exit_code == 1 and not (workspace / "report.pdf").exists()


def test_a_standard_not_in_force_gives_results_with_a_warning(workspace):
    path = workspace / "procedures" / "QP-01-demo.yaml"
    path.write_text(path.read_text("utf-8").replace("status: effective", "status: approved"), "utf-8")
    result = assess(scores(workspace, quarters("CT-001", {"2026-Q1": ("95", "90")})))
    assert result.exit_code == 0 and "CT-001" in result.stdout
    assert "procedures/QP-01-demo.yaml:5:9: warning[assess-not-effective]: QP-01 is approved, not effective: " \
           "these results apply a standard not in force" in result.stderr


def test_text_output_is_a_table_then_the_reasons_then_the_totals(monkeypatch):
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(main, ["assess", "QP-02", *REFERENCE["QP-02"], "--period", "2026-Q3", "--lang", "en"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "QP-02 机关食堂餐饮服务程序"
    assert lines[1].split()[:3] == ["Provider", "Provider", "name"]
    assert lines[4].split() == ["CT-003", "江宁市鑫源餐饮有限公司", "2026-Q3", "56.3", "不合格", "-1.4", "PN1", "Penalty",
                                "5000.00;", "PN3", "Penalty", "10000.00;", "X1", "Exit"]
    assert "  CT-003 2026-Q3 X1 Exit: 2 consecutive periods: result in band 不合格 (2026-Q2 57.7 不合格; " \
           "2026-Q3 56.3 不合格)" in lines
    assert lines[-1].split() == ["CT-003", "江宁市鑫源餐饮有限公司", "0.00", "15000.00", "X1", "2026-Q3"]


def test_a_records_file_of_many_warnings_shows_its_first_hundred_and_still_passes(workspace):
    extra = [f"x{n}" for n in range(130)]
    rows = quarters("CT-001", {"2026-Q1": ("95", "90")})
    name = write(workspace, "wide.csv", ",".join([HEADER.strip(), *extra]) + "\n"
                 + "".join(row + "," * len(extra) + "\n" for row in rows))
    result = assess(name)
    assert result.exit_code == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if "]: " in line]
    assert lines[0] == "wide.csv: warning[more-warnings]: 30 more warnings in this file, not shown"
    assert len(lines) == 101 and all("warning[records-column-unknown]" in line for line in lines[1:])
    assert result.stderr.endswith("0 errors, 130 warnings in 1 records file\n")


def test_a_records_file_of_many_problems_still_has_its_good_rows_checked_and_its_bad_ones_left_out(workspace):
    rows = ["CT-900,Name,2026-Q1,K1,90"] + [f"CT-{n:03d},Name,2026-Q1,K1,九十" for n in range(1, 151)]
    result = assess(scores(workspace, rows))
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)  # no traceback reading 九十
    lines = [line for line in result.stderr.splitlines() if "]: " in line]
    assert lines[:2] == [
        "scores.csv: error[more-problems]: 51 more problems in this file, not shown: 51 errors, 0 warnings",
        "scores.csv:2:1: error[records-kpi-missing]: CT-900 has no valid score for K2 in 2026-Q1"]
    assert len(lines) == 101 and result.stderr.endswith("151 errors, 0 warnings in 1 records file\n")


def test_rows_wrong_beyond_the_problems_shown_are_counted_not_located(workspace, monkeypatch):
    """A YAML records file of 5000 rows naming an unknown KPI: each row is checked, the first hundred are
    located and put into words, the rest counted, and no pass notes where every value of the file is."""
    from qmtool.load import chosen, loader

    made, looked_up = [], []
    real_finding, real_find = chosen.finding, loader.find
    monkeypatch.setattr(chosen, "finding", lambda *args, **params: made.append(args) or real_finding(*args, **params))
    monkeypatch.setattr(loader, "find", lambda text, plain, pointers=None, at=None:
                        looked_up.append(pointers) or real_find(text, plain, pointers, at))
    rows = "".join(f"  - {{provider: CT-{n:03d}, period: 2026-Q1, kpi: K9, score: 90}}\n" for n in range(1, 5001))
    result = assess(write(workspace, "scores.yaml", "scores:\n" + rows))
    lines = [line for line in result.stderr.splitlines() if "]: " in line]
    assert lines[0].startswith("scores.yaml: error[more-problems]: 4901 more problems") and len(lines) == 101
    assert result.stderr.endswith("5001 errors, 0 warnings in 1 records file\n") and result.exit_code == 1  # and no scores
    assert len(made) <= 2 * 100 and all(pointers is not None for pointers in looked_up)


def test_a_csv_file_of_many_bad_rows_keeps_only_its_first_problems(workspace):
    from qmtool.load.evidence import read

    name = scores(workspace, ["CT-001,Name,2026-Q1,K1"] * 5000)  # a cell short on every row
    found = read(workspace / name, name).findings
    assert [f.code for f in found].count("records-row-width") == 100
    assert [dict(f.params)["count"] for f in found if f.code == "more-problems"] == [4900]
    lines = [line for line in assess(name).stderr.splitlines() if "]: " in line]
    assert lines[0].startswith("scores.csv: error[more-problems]: 4900 more problems") and len(lines) == 101
