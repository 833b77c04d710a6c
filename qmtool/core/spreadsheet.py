"""Cells a spreadsheet opens as data, never as a formula: the one rule for every CSV (and XLSX) qmtool writes.

Excel, WPS and LibreOffice run a cell that starts with =, +, - or @ (and some a tab or carriage return
before them) as a formula, even from a CSV file: =HYPERLINK(...) or =cmd|' /C calc'!A0 in a provider's
name would run when the finance office opens the export. As OWASP advises, such a text cell gets a
leading single quote, which makes it text; a number (-2.50, +1.00) is left as it is, so it stays a number.
"""
from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import TextIO

# The full-width and small forms too: an IME or a spreadsheet's own normalising may turn them into formulas.
FORMULA_START = frozenset("=+-@\t\r\n＝＋－＠﹦﹢﹣﹫")
_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")


def cell(value: object) -> object:
    """value as a spreadsheet should see it: text that could start a formula is quoted; the rest unchanged."""
    if not isinstance(value, str) or _NUMBER.fullmatch(value):
        return value
    first = value.lstrip()[:1]  # after leading spaces of any kind (U+3000, U+00A0) a formula still runs
    return f"'{value}" if first and first in FORMULA_START or value[:1] in FORMULA_START else value


def write_csv(stream: TextIO, rows: Iterable[Iterable[object]]) -> None:
    """rows as CSV on stream, every cell through cell()."""
    csv.writer(stream, lineterminator="\n").writerows([cell(value) for value in row] for row in rows)
