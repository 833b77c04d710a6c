"""What the commands print: problems compiler style, their summary, tables, paths in messages."""
from __future__ import annotations

import os

import click

from ..core.messages import fill, word
from ..core.problem import ERROR, WARNING, Problem


def shown_path(path: str | bytes | os.PathLike | None) -> str:
    """A path for a message: as given, shortened in the middle when it is too long to read."""
    text = os.fsdecode(path) if path is not None else ""
    return text if len(text) <= 160 else f"{text[:100]}…{text[-40:]}"


def os_error(error: OSError) -> str:
    """What went wrong with the filesystem, naming the path: a full disk, a read-only or special folder,
    a name too long, an output qmtool refuses to write."""
    where = shown_path(error.filename) if error.filename is not None else ""
    reason = error.strerror or str(error)
    return f"{where}: {reason}" if where else reason


def table(rows: list[list[str]]) -> str:
    """Rows aligned in columns as a terminal shows them (wcwidth: a Chinese character two columns, a combining
    accent or zero-width space none, an emoji sequence two); a cell's line breaks and tabs shown as spaces,
    so every row stays one line."""
    from wcwidth import width

    rows = [[" ".join(cell.split()) if not cell.isprintable() else cell for cell in row] for row in rows]
    widths = [max(width(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell + " " * (w - width(cell)) for cell, w in zip(row, widths)).rstrip()
                     for row in rows)


def print_problem_lines(problems: list[Problem], lang: str) -> None:
    """Problems compiler style on stderr: file:line:column, severity, code, message, and the hint."""
    for p in problems:
        where = f"{p.path}:{p.line}:{p.column}" if p.line else p.path
        click.echo(f"{where}: {p.severity}[{p.code}]: {p.message}", err=True)
        if p.hint:
            click.echo(f"  {word(lang, 'hint')}{p.hint}", err=True)


def print_problems(problems: list[Problem], lang: str, documents: int, records: bool = False,
                   summary: str = "") -> None:
    """Problems compiler style on stderr, then how many there are in how many documents (or records files),
    or the summary given."""
    print_problem_lines(problems, lang)
    counts = {s: sum(p.severity == s for p in problems) for s in (ERROR, WARNING)}
    summary = summary or word(lang, ("summary" if problems else "clean") + ("-records" if records else ""))
    click.echo(fill(summary, errors=counts[ERROR], warnings=counts[WARNING], documents=documents), err=True)
