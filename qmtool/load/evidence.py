"""Read assessment records (scores and events) from CSV as a spreadsheet exports it, or from YAML.

Either way the result is one SourceFile whose data looks like a YAML records file ({scores: [...]} or
{events: [...]}) and which knows the line and column of every cell, so the records schema and the
assessment checks report CSV and YAML problems alike.
"""
from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from ..core.limit import First
from ..core.problem import finding
from ..core.workspace import name_problem, named_file_problem
from .cells import LINE_END, Cells, cell_starts, too_long
from .loader import NUMBER_LIMIT, SourceFile, decode, offer, parse, read_file

COLUMNS = {  # the columns of each kind of CSV file; the first ones are required
    "scores": (("provider", "period", "kpi", "score"), ("provider_name",)),
    "events": (("provider", "date", "event"), ("note",)),
}
# Problems the loader words for procedures, said instead for records: a YAML records file is no procedure,
# and a CSV file comes from a spreadsheet, which is where to save it as UTF-8.
_YAML_CODES = {"top-not-mapping": "records-not-mapping"}
_CSV_CODES = {"encoding": "records-encoding"}
_NUMBER = re.compile(r"[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
# Rows a records file may hold. A centre's largest is about a year of daily scores of all its providers, some
# 50,000 rows; four times that leaves a margin. At the bound assess takes some 13 s and 320 MB (bench/RESULTS.md).
MAX_ROWS = 200_000


class _Row:
    __slots__ = ()  # a row without a __dict__: a file of 200,000 rows holds that many
    source: SourceFile
    pointer: str

    def mark(self, field: str = "") -> tuple[int, int]:
        """Where the row (or one of its fields) was written."""
        return self.source.mark(f"{self.pointer}/{field}" if field else self.pointer)


@dataclass(frozen=True, slots=True)
class Score(_Row):
    provider: str
    name: str
    period: str
    kpi: str
    score: Decimal
    source: SourceFile
    pointer: str


@dataclass(frozen=True, slots=True)
class Event(_Row):
    provider: str
    date: str
    event: str
    note: str
    source: SourceFile
    pointer: str


def read(path: Path, display: str, workspace: Path | None = None) -> SourceFile:
    """One records file; its findings say what could not be read. Named inside the workspace, it is not read
    through a link that leads out of it."""
    if (char := name_problem(path)) is not None:  # shown escaped; never read, as a document so named is not
        return SourceFile(path, display, findings=[finding(display, (0, 0), "", "file-name", char=char)])
    if workspace is not None and (problem := named_file_problem(path, workspace)):
        return SourceFile(path, display, findings=[problem])
    source = read_file(path, display, *_within(path, workspace))
    yaml = path.suffix.lower() in (".yaml", ".yml")
    if not source.findings:
        if yaml:
            parse(source)
            _bound_yaml(source)
        elif (text := decode(source)) is not None:
            _read_csv(source, text)
    renamed = _YAML_CODES if yaml else _CSV_CODES
    source.findings = [replace(f, code=renamed[f.code]) if f.code in renamed else f for f in source.findings]
    return source


def _bound_yaml(source: SourceFile) -> None:
    """A YAML records file past MAX_ROWS rows is refused at its first row past them, as a CSV file is."""
    data, seen = source.data if isinstance(source.data, dict) else {}, 0
    for kind in ("scores", "events"):
        items = data.get(kind) if isinstance(data.get(kind), list) else []
        if seen + len(items) > MAX_ROWS:
            pointer = f"/{kind}/{MAX_ROWS - seen}"
            source.findings.append(finding(source.display, source.mark(pointer), pointer, "records-too-many-rows",
                                           limit=f"{MAX_ROWS:,}"))
            source.data = None
            return
        seen += len(items)


def _within(path: Path, workspace: Path | None) -> tuple[Path, ...]:
    """The workspace a records file is named inside (as written), read within it: no link swapped in after
    named_file_problem looked is followed out of it. Named elsewhere, it is the user's own file."""
    if workspace is None:
        return ()
    written, root = Path(os.path.abspath(path)), Path(os.path.abspath(workspace))
    return (root,) if written.is_relative_to(root) else ()


def rows(source: SourceFile, skip: set[str]) -> tuple[list[Score], list[Event]]:
    """The rows of a records file, but those at the pointers in skip (which failed the schema)."""
    data = source.data if isinstance(source.data, dict) else {}

    def good(kind: str):
        items = data.get(kind) if isinstance(data.get(kind), list) else []
        return ((f"/{kind}/{n}", row) for n, row in enumerate(items) if f"/{kind}" not in skip
                and f"/{kind}/{n}" not in skip and "" not in skip)

    scores = [Score(row["provider"], row.get("provider_name", ""), row["period"], row["kpi"],
                    Decimal(row["score"]) + 0, source, pointer)  # + 0: a score written -0 is 0
              for pointer, row in good("scores")]
    events = [Event(row["provider"], row["date"], row["event"], row.get("note", ""), source, pointer)
              for pointer, row in good("events")]
    return scores, events


def _read_csv(source: SourceFile, text: str) -> None:
    found = First()  # a file of a million bad rows: its first problems, and a count of the rest
    try:
        _read_rows(source, text, found)
    finally:
        source.findings += found.kept() + found.not_shown(source.display)


def _read_rows(source: SourceFile, text: str, found: First) -> None:
    head = LINE_END.split(text, 1)[0]
    delimiter = "\t" if "\t" in head and "," not in head else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    try:
        header = [cell.strip() for cell in next(reader)]
        kind = next((k for k, (required, _) in COLUMNS.items() if set(required) <= set(header)), None)
        if kind is None:
            offer(found, source, (1, 1), "records-header", found=",".join(header))
            return
        known = {name for names in COLUMNS[kind] for name in names}
        seen: set[str] = set()
        for name, (_, column) in zip(header, cell_starts([head], delimiter)):
            if name in seen:  # which of the two would count must not depend on the order of the columns
                offer(found, source, (1, column), "records-column-twice", column=name)
            elif name not in known:
                offer(found, source, (1, column), "records-column-unknown", column=name)
            seen.add(name)
        if len(seen) != len(header):
            return
        records: list[dict] = []
        cells = Cells(text, delimiter, kind, header, known)
        line = reader.line_num + 1
        for row in reader:
            first, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in row):  # blank lines and the empty rows spreadsheets leave
                continue
            if len(records) == MAX_ROWS:  # the work and memory of assess grow with the rows: bounded
                offer(found, source, (first, 1), "records-too-many-rows", limit=f"{MAX_ROWS:,}")
                return
            if len(row) != len(header):
                offer(found, source, (first, 1), "records-row-width", found=len(row), expected=len(header))
                continue
            pointer = f"/{kind}/{len(records)}"
            record = {}
            cells.add(first, line)
            for name, cell in zip(header, row):
                value = cell.strip()
                if name not in known or not value:
                    continue
                record[name] = Decimal(value) if name == "score" and _number(value) else value
                if value[:1] == "-" and record[name] == 0:  # as in YAML files: no sign on a zero
                    offer(found, source, cells.marks.get(f"{pointer}/{name}"), "negative-zero", f"{pointer}/{name}",
                          value=value)
            records.append(record)
    except csv.Error as error:  # a quote opened and never closed swallows the rest of the file
        long = too_long(text, line, delimiter, csv.field_size_limit()) if "field limit" in str(error) else None
        if long is not None and not long[1]:  # a value longer than any score, name or note: said as such
            offer(found, source, long[0], "records-field-too-long", limit=f"{csv.field_size_limit():,}")
        else:
            offer(found, source, (line, 1), "records-unreadable", reason=str(error))
        return
    source.data = {kind: records}
    source.place(cells.marks, cells.texts, text, cells.spans)


def _number(value: str) -> bool:
    """Whether a cell is a plain decimal number short enough for exact arithmetic (as in YAML files)."""
    return len(value) <= NUMBER_LIMIT and _NUMBER.fullmatch(value) is not None
