"""Every CSV a spreadsheet may open carries user text as text, never as a live formula; numbers stay numbers."""
from __future__ import annotations

import csv
import io
import re

import pytest
from click.testing import CliRunner

from qmtool.cli import main
from qmtool.core.spreadsheet import FORMULA_START, SEPARATORS, cell, write_csv

ATTACKS = ["=HYPERLINK(\"http://x.invalid\",\"点此\")", "=cmd|' /C calc'!A0", "+1+1", "-1+cmd|' /C calc'!A0",
           "@SUM(A1:A9)", "  =1+1", "＝1+1", "-", "+", "@",
           "\u3000=HYPERLINK(\"http://x.invalid\")", "\u00a0@SUM(1)", "\u2003+1", " \u3000 -1+1", "﹦1+1", "﹢1", "﹫x"]


@pytest.mark.parametrize("text", ATTACKS)
def test_text_that_could_start_a_formula_is_quoted(text):
    assert cell(text) == "'" + text


@pytest.mark.parametrize("separator", ["\t", "\r", "\n"])
def test_a_separator_that_starts_a_cell_is_quoted_and_so_is_what_follows_it(separator):
    # the tab, CR or LF once made the whole cell quoted; split there, the piece after it needs its own quote
    assert cell(separator + "=1+1") == "'" + separator + "'=1+1"


STARTS = sorted(set(FORMULA_START) - set(SEPARATORS))
SPACES = ["", " ", "  ", "\u3000", "\u00a0", "\u2003", " \u3000 "]


@pytest.mark.parametrize("separator", list(SEPARATORS))
@pytest.mark.parametrize("start", STARTS)
@pytest.mark.parametrize("space", SPACES)
def test_every_formula_start_after_every_separator_is_quoted(separator, start, space):
    text = f"金穗{separator}{space}{start}cmd|' /C calc'!A0{separator}x"
    assert cell(text) == f"金穗{separator}'{space}{start}cmd|' /C calc'!A0{separator}x"
    pieces = re.split(f"[{re.escape(SEPARATORS)}]", cell(text))
    assert not any(piece.lstrip()[:1] in FORMULA_START for piece in pieces if piece.strip())


def test_every_piece_is_judged_and_each_gets_one_quote():
    assert cell("a;=1;b|+A2\t@3") == "a;'=1;b|'+A2\t'@3"
    assert cell("=1;=2") == "'=1;'=2"
    assert cell("a\t\t=1") == "a\t\t'=1"  # an empty piece between two tabs runs nothing


@pytest.mark.parametrize("text", ['a;"=1+1"', 'a;" =1+1', 'a| ""@SUM(1)', '"=1+1"'])
def test_a_formula_behind_double_quotes_is_quoted(text):
    """An import that splits on `;` and then honours quotes reads the piece `"=1+1"` as the cell =1+1."""
    quoted = cell(text)
    assert quoted.count("'") == 1
    assert all(piece.lstrip().lstrip('"').lstrip()[:1] not in FORMULA_START or piece.startswith("'")
               for piece in re.split(f"[{re.escape(SEPARATORS)}]", quoted))


@pytest.mark.parametrize("value", ["a;-2.50", "1,+1.00", "x|88", "a, b; c", "a;b|c\td", "QP-02;QP-03",
                                   "price - 2", "a;'=1"])
def test_pieces_that_are_numbers_or_plain_text_are_left_alone(value):
    assert cell(value) == value


@pytest.mark.parametrize("value", ["-2.50", "+1.00", "88.5", "0", "-.5", 3, -1, None, "", "中心食堂", "a=b",
                                   "QP-02/F1", "2026-Q3", "1-2"])
def test_numbers_and_other_text_are_left_alone(value):
    assert cell(value) == value


def test_write_csv_quotes_every_cell_it_must():
    stream = io.StringIO()
    write_csv(stream, [["name", "change"], ["=cmd|' /C calc'!A0", "-2.50"]])
    assert list(csv.reader(io.StringIO(stream.getvalue()))) == [["name", "change"], ["'=cmd|' /C calc'!A0", "-2.50"]]


def test_register_csv_neutralises_a_title(workspace):
    path = workspace / "procedures" / "QP-01-demo.yaml"
    text = path.read_text("utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    path.write_text(text.replace(title, "title: \"=HYPERLINK(\\\"http://x.invalid\\\")\""), "utf-8")
    result = CliRunner().invoke(main, ["register", "--format", "csv", "--today", "2026-06-01"])
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert ["'=HYPERLINK(\"http://x.invalid\")"] == [cell for row in rows for cell in row if "HYPERLINK" in cell]


def assessed_names(workspace, name: str) -> tuple[set[str], list[list[str]]]:
    """The provider names `assess --format csv` writes for four scores of one provider named name, and the table."""
    rows = ["provider,provider_name,period,kpi,score", *(f"CT-001,{name},{period},{kpi},{score}" for period, kpi, score
                                                         in [("2026-Q1", "K1", 95), ("2026-Q1", "K2", 90),
                                                             ("2026-Q2", "K1", 70), ("2026-Q2", "K2", 70)])]
    (workspace / "scores.csv").write_text("\n".join(rows) + "\n", "utf-8")
    result = CliRunner().invoke(main, ["assess", "QP-01", "scores.csv", "--format", "csv"])
    assert result.exit_code == 0, result.stderr
    table = list(csv.reader(io.StringIO(result.stdout)))
    column = table[0].index("provider_name")
    return {row[column] for row in table[1:]}, table


def test_assess_csv_neutralises_names_and_keeps_changes_numbers(workspace):
    names, table = assessed_names(workspace, "=cmd|' /C calc'!A0")
    assert names == {"'=cmd|' /C calc'!A0"}
    assert table[2][table[0].index("change")] == "-23.0"  # 93.0 then 70.0: a number, not quoted


def test_register_csv_neutralises_a_formula_after_a_tab_in_an_owner(workspace):
    path = workspace / "procedures" / "QP-01-demo.yaml"
    path.write_text(path.read_text("utf-8").replace("owner: Service Office", 'owner: "科\\t=1+1"'), "utf-8")
    result = CliRunner().invoke(main, ["register", "--format", "csv", "--today", "2026-06-01"])
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert [cell for row in rows for cell in row if cell.startswith("科")] == ["科\t'=1+1"]


def test_assess_csv_neutralises_a_formula_after_a_semicolon_in_a_name(workspace):
    names, _ = assessed_names(workspace, "金穗;=cmd|' /C calc'!A0;x")
    assert names == {"金穗;'=cmd|' /C calc'!A0;x"}
