"""qmtool assess, end to end: the report PDF, its text, attachments and charts."""
from __future__ import annotations

import json
import subprocess

from click.testing import CliRunner

from qmtool.cli import main
from tests.helpers import REFERENCE, REPO, assess, quarters, scores


def test_scores_follow_the_standard_s_kpi_order_whatever_the_rows_order(workspace, tmp_path):
    name = scores(workspace, ["CT-001,A,2026-Q1,K2,80", "CT-001,A,2026-Q1,K1,95"])
    data = json.loads(assess(name, "--format", "json").stdout)
    assert list(data["results"][0]["kpis"].items()) == [("K1", "95"), ("K2", "80")]
    assert assess(name, "--pdf", "report.pdf").exit_code == 0
    text = "".join(subprocess.run(["pdftotext", "-raw", "report.pdf", "-"], capture_output=True, text=True,
                                  check=True).stdout.split())
    assert "CT-0012026-Q19580" in text  # K1 95 under K1, K2 80 under K2


def test_report_pdf_holds_providers_scores_and_decisions_as_text(tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)
    pdf = tmp_path / "QP-02-assessment.pdf"
    result = CliRunner().invoke(main, ["assess", "QP-02", *REFERENCE["QP-02"], "--pdf", str(pdf)])
    assert result.exit_code == 0, result.stderr
    text = "".join(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
                                  check=True).stdout.split())  # table cells wrap: compare without spaces
    for expected in ("考核报告", "江宁市鑫源餐饮有限公司", "88.45", "79.95", "80.0", "X1退出", "RW2奖励",
                     "35000.00", "2026-06-11有效投诉", "2025-Q4", "各供应商加权得分变化"):
        assert expected in text, expected
    attached = subprocess.run(["pdfdetach", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "QP-02-canteen.yaml" in attached and "QP-02-canteen-scores.csv" in attached


# The report's charts: SVG text does not wrap, so a label the chart has no room for would be cut at the image's
# edge. The chart makes room for labels of any length, and the build refuses SVG text its image would cut.

LONG_BANDS = {"Excellent": "优秀服务单位（季度考核连续达标）", "Pass": "Satisfactory service, to be reviewed each quarter"}


def test_chart_labels_of_any_length_are_printed_whole(workspace):
    path = workspace / "procedures" / "QP-01-demo.yaml"
    text = path.read_text("utf-8")
    for short, long in LONG_BANDS.items():
        text = text.replace(f"name: {short},", f'name: "{long}",')
    path.write_text(text, "utf-8")
    providers = [f"ABCDEFGH-{n:06d}" for n in range(1, 15)]  # the longest ids the records allow, slots too narrow
    periods = [f"{year}-Q{q}" for year in (2025, 2026, 2027) for q in (1, 2, 3, 4)]
    rows = [f"{p},Name,{period},K{k},{(n * 7 + i * 3 + k) % 60 + 40}" for n, p in enumerate(providers)
            for i, period in enumerate(periods) for k in (1, 2)]
    result = assess(scores(workspace, rows), "--pdf", "report.pdf")
    assert result.exit_code == 0, result.stderr
    text = "".join(subprocess.run(["pdftotext", "-raw", "report.pdf", "-"], capture_output=True, text=True,
                                  check=True).stdout.split())
    for label in [*LONG_BANDS.values(), *providers, *periods]:
        assert "".join(label.split()) in text, label


def test_a_chart_that_would_cut_its_labels_is_refused(workspace):
    """The chart template as it was: band names at the right of the plot, where only four characters fit."""
    path = workspace / "procedures" / "QP-01-demo.yaml"
    path.write_text(path.read_text("utf-8").replace("name: Pass,", "name: 良好服务单位（季度）,"), "utf-8")
    (workspace / "templates").mkdir()
    charts = (REPO / "templates" / "charts.html").read_text("utf-8")
    assert charts.count("{{ band.label }}") == 1
    (workspace / "templates" / "charts.html").write_text(charts.replace("{{ band.label }}", "{{ band.name }}"), "utf-8")
    result = assess(scores(workspace, quarters("CT-001", {"2026-Q1": ("95", "90")})), "--pdf", "report.pdf")
    assert result.exit_code == 1
    assert 'procedures/QP-01-demo.yaml:43:26: error[text-overflow]: report.pdf, page 1: the text "良好服务单位（季度）" ' \
           "runs past the edge of its image; what passes it would not be printed" in result.stderr
    assert not (workspace / "report.pdf").exists()
