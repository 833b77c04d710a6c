"""assess reads a records file of a bounded number of rows, each of a bounded length, and says where a file
goes past either bound, in the language asked for."""
from __future__ import annotations

import pytest

from qmtool.load import evidence
from tests.helpers import HEADER, assess, scores, write


def test_a_file_past_the_row_bound_is_refused_at_the_first_row_past_it(workspace, monkeypatch):
    monkeypatch.setattr(evidence, "MAX_ROWS", 6)
    rows = [f"CT-00{n},A,2026-Q1,K{k},90" for n in (1, 2, 3, 4) for k in (1, 2)]
    result = assess(scores(workspace, rows[:3] + [""] + rows[3:]))  # a blank line is no row: not counted
    assert result.exit_code == 1
    assert result.stderr.startswith("scores.csv:9:1: error[records-too-many-rows]: the file holds more than 6 rows; "
                                    "this is the first row past them\n")


def test_a_file_at_the_row_bound_is_read(workspace, monkeypatch):
    monkeypatch.setattr(evidence, "MAX_ROWS", 2)
    assert assess(scores(workspace, ["CT-001,A,2026-Q1,K1,90", "CT-001,A,2026-Q1,K2,90"])).exit_code == 0


def test_the_bound_is_a_realistic_file_with_a_margin():
    """A year of daily scores of all a centre's providers is some 50,000 rows."""
    assert 4 * 50_000 <= evidence.MAX_ROWS


@pytest.mark.parametrize("lang, said", [
    ("zh-Hans", "s.csv:3:8: error[records-field-too-long]: 此单元格的值超过 131,072 个字符，远超任何分数、名称或说明"),
    ("zh-Hant", "s.csv:3:8: error[records-field-too-long]: 此儲存格的值超過 131,072 個字元，遠超任何分數、名稱或說明"),
])
def test_a_value_too_long_is_said_in_the_language_asked_for(workspace, lang, said):
    name = write(workspace, "s.csv", HEADER + "CT-001,A,2026-Q1,K1,90\nCT-001," + "名" * 140000 + ",2026-Q1,K2,90\n")
    result = assess(name, lang=lang)
    assert result.stderr.splitlines()[0].startswith(said) and "field limit" not in result.stderr


@pytest.mark.parametrize("lang, said", [
    ("zh-Hans", "s.csv:3:1: error[records-too-many-rows]: 文件超过 1 行，本行为超出的第一行"),
    ("zh-Hant", "s.csv:3:1: error[records-too-many-rows]: 檔案超過 1 列，本列為超出的第一列"),
])
def test_the_row_bound_is_said_in_the_language_asked_for(workspace, monkeypatch, lang, said):
    monkeypatch.setattr(evidence, "MAX_ROWS", 1)
    result = assess(write(workspace, "s.csv", HEADER + "CT-001,A,2026-Q1,K1,90\nCT-001,A,2026-Q1,K2,90\n"), lang=lang)
    assert result.stderr.splitlines()[0] == said


def test_a_yaml_file_past_the_row_bound_is_refused_at_the_first_row_past_it(workspace, monkeypatch):
    monkeypatch.setattr(evidence, "MAX_ROWS", 3)
    name = write(workspace, "r.yaml", """
        scores:
          - {provider: CT-001, period: 2026-Q1, kpi: K1, score: 90}
          - {provider: CT-001, period: 2026-Q1, kpi: K2, score: 90}
        events:
          - {provider: CT-001, date: 2026-01-05, event: incident}
          - {provider: CT-001, date: 2026-01-06, event: incident}
        """)
    result = assess(name)
    assert result.exit_code == 1
    assert result.stderr.startswith("r.yaml:6:5: error[records-too-many-rows]: the file holds more than 3 rows")
