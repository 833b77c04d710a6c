"""Where each cell of a CSV records file was written, worked out from its row only when asked: a file of a
million rows keeps two line numbers a row, not a dict entry, a tuple and a string for every cell."""
from __future__ import annotations

import csv
import io
import re
from array import array

from .characters import line_starts

LINE_END = re.compile(r"\r\n|\r|\n")  # as the csv module counts lines

class Cells:
    """The rows of one CSV file as read: the line each starts on and the line after it; a cell's place, its
    text and its extent are found again from its row's text (a few rows: only findings ask)."""

    def __init__(self, text: str, delimiter: str, kind: str, header: list[str], known: set[str]):
        self.text, self.delimiter, self.kind, self.header, self.known = text, delimiter, kind, header, known
        self.firsts, self.afters = array("l"), array("l")
        self._starts: list[int] | None = None
        self._rows: dict[int, dict[str, tuple[tuple[int, int], tuple[int, int], str]]] = {}
        self.marks, self.texts, self.spans = _View(self, 0), _View(self, 1), _View(self, 2)

    def add(self, first: int, after: int) -> None:
        self.firsts.append(first)
        self.afters.append(after)

    def __len__(self) -> int:
        return len(self.firsts)

    def find(self, pointer: str, what: int):
        """The mark (0), text (1) or span (2) of the row or cell at pointer, None if nothing is written there."""
        parts = pointer.split("/")
        if len(parts) not in (3, 4) or parts[1] != self.kind or not parts[2].isdigit():
            return None
        row = int(parts[2])
        if row >= len(self.firsts):
            return None
        if len(parts) == 3:
            return (self.firsts[row], 1) if what == 0 else None
        cell = self._cells(row).get(parts[3])
        if cell is None:
            return None
        start, end, value = cell
        return (start, value, (start, end, "csv"))[what]

    def _cells(self, row: int) -> dict[str, tuple[tuple[int, int], tuple[int, int], str]]:
        if row not in self._rows:
            if len(self._rows) > 64:  # a file of many findings asks for many rows: each one's cells kept briefly
                self._rows.clear()
            if self._starts is None:
                self._starts = line_starts(self.text)
            first, after = self.firsts[row], self.afters[row]
            written = self.text[self._starts[first - 1]:self._starts[after - 1] if after <= len(self._starts)
                                else len(self.text)]
            lines = LINE_END.split(written)[:after - first] or [""]
            cells = next(csv.reader(io.StringIO(written, newline=""), delimiter=self.delimiter), [])
            starts = cell_starts(lines, self.delimiter)
            ends = [(first + offset, column - 1) for offset, column in starts[1:]] + [(after - 1, len(lines[-1]) + 1)]
            self._rows[row] = {name: ((first + offset, column), end, cell.strip())
                               for name, cell, (offset, column), end in zip(self.header, cells, starts, ends)
                               if name in self.known and cell.strip()}
        return self._rows[row]


class _View:
    """marks, texts or spans of Cells, as the dicts of a YAML file's places are read (get, and truth)."""

    def __init__(self, cells: Cells, what: int):
        self.cells, self.what = cells, what

    def get(self, pointer: str, default=None):
        found = self.cells.find(pointer, self.what)
        return default if found is None else found

    def __bool__(self) -> bool:
        return len(self.cells) > 0


def cell_starts(lines: list[str], delimiter: str) -> list[tuple[int, int]]:
    """Where each cell of a CSV row starts: (lines after the row's first, column 1-based in characters).
    A quoted cell may hold line breaks, so a row may span several lines."""
    starts, quoted = [(0, 1)], False
    for offset, line in enumerate(lines):
        for position, char in enumerate(line, start=1):
            if char == '"':
                quoted = not quoted
            elif char == delimiter and not quoted:
                starts.append((offset, position + 1))
    return starts


def too_long(text: str, first: int, delimiter: str, limit: int) -> tuple[tuple[int, int], bool] | None:
    """Where the first cell longer than limit characters starts, from line first on, and whether it is a quote
    that never closes (the rest of the file read as one value); None if no cell is that long."""
    lines = LINE_END.split(text)
    start, length, quoted, opened = (first, 1), 0, False, None
    for number in range(first, len(lines) + 1):
        for column, char in enumerate(lines[number - 1], start=1):
            if char == '"':
                quoted = not quoted
            elif char == delimiter and not quoted:
                if opened is not None:
                    return opened, False
                start, length = (number, column + 1), 0
                continue
            length += 1
            if length > limit and opened is None:
                opened = start
                if not quoted:
                    return start, False
        if not quoted:
            if opened is not None:
                return opened, False
            start, length = (number + 1, 1), 0
        else:
            length += 1
    return (opened, True) if opened is not None else None
