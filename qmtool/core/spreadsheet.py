"""Cells a spreadsheet opens as data, never as a formula: the one rule for every CSV (and XLSX) qmtool writes.

Excel, WPS and LibreOffice run a cell that starts with =, +, - or @ (and some a tab or carriage return
before them) as a formula, even from a CSV file: =HYPERLINK(...) or =cmd|' /C calc'!A0 in a provider's
name would run when the finance office opens the export. As OWASP advises, such a text cell gets a
leading single quote, which makes it text; a number (-2.50, +1.00) is left as it is, so it stays a number.

A cell is not always opened as one cell: a `;`-locale Excel splits on `;`, LibreOffice's import on whatever
separators are ticked (tab, `;`, `|`, `,` when it ignores the quotes), and a reader that ignores quotes starts
a new row at a line break. So every piece after such a separator is judged as a cell of its own, and one that
would start a formula gets its own quote: `金穗;=cmd|...` becomes `金穗;'=cmd|...`. A quote per piece, rather
than wrapping the cell in quotes, because the wrapping only holds for an import that honours the quote
character (it can be changed or switched off), and one mark before the dangerous piece keeps the rest of the
text as it was written, readable. A space is not taken for a separator: splitting on it must be asked for,
and quoting every `- ` and `+ ` of ordinary prose would spoil the text for all other readers.
"""
from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import TextIO

# The full-width and small forms too: an IME or a spreadsheet's own normalising may turn them into formulas.
FORMULA_START = frozenset("=+-@\t\r\n＝＋－＠﹦﹢﹣﹫")
SEPARATORS = ";\t|,\r\n"  # what an import may split a cell on (see above)
_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
_PIECE = re.compile(f"([{re.escape(SEPARATORS)}])([^{re.escape(SEPARATORS)}]*)")


def cell(value: object) -> object:
    """value as a spreadsheet should see it: text that could start a formula is quoted, and so is every piece
    after a separator that could; the rest unchanged."""
    if not isinstance(value, str) or _NUMBER.fullmatch(value):
        return value
    inner = _PIECE.sub(lambda m: m[1] + _quoted(m[2]), value)
    return f"'{inner}" if _starts_formula(value) or value[:1] in FORMULA_START else inner


def _quoted(piece: str) -> str:
    """piece, with a leading quote when it would run as a formula once split off into a cell of its own."""
    return f"'{piece}" if _starts_formula(piece) and not _NUMBER.fullmatch(piece.strip()) else piece


def _starts_formula(text: str) -> bool:
    """Whether text, after leading spaces of any kind (U+3000, U+00A0) and double quotes, starts as a formula
    does: a piece `"=1+1"` split off by a `;`-locale import that then honours quotes is the cell =1+1."""
    first = text.lstrip().lstrip('"').lstrip()[:1]
    return bool(first) and first in FORMULA_START


def write_csv(stream: TextIO, rows: Iterable[Iterable[object]]) -> None:
    """rows as CSV on stream, every cell through cell()."""
    csv.writer(stream, lineterminator="\n").writerows([cell(value) for value in row] for row in rows)
