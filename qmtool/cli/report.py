"""The one way out of every command: problems compiler style and their summary, tables, messages, exit codes.

Exit codes: 0 fine, 1 problems in the documents (errors; with --strict, warnings too), 2 bad usage or a
machine that cannot do the job (a path that cannot be written, a tool missing), 128 + the signal when stopped
by one: 130 Ctrl-C (SIGINT), 143 SIGTERM (kill, timeout, a cancelled CI job), 129 SIGHUP (the terminal closed),
141 a broken pipe (the reader of stdout gone: streams.py).
"""
from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import click

from ..core.characters import one_line
from ..core.messages import fill, word
from ..core.problem import Finding, Halt, Problem, has_errors, sorted_problems


def as_problems(findings: Iterable[Finding], lang: str) -> list[Problem]:
    """Findings as problems in lang, sorted as a compiler sorts them: by file, line and column."""
    return sorted_problems(found.problem(lang) for found in findings)


def fail(message: str, code: int = 2) -> NoReturn:
    """Stop the command: what went wrong, on stderr, and the exit code. A path or value it quotes shows a refused
    character and a line break escaped, as every message does (core/messages.py): the message is one line."""
    try:
        click.echo(f"qmtool: {one_line(message)}", err=True)
    except OSError:  # stderr itself cannot be written: the exit code still says
        pass
    sys.exit(code)


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised wherever the command is, as Ctrl-C raises KeyboardInterrupt: every cleanup the
    library does for Ctrl-C (temporary files, a staged release, worker processes) is done for these too."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


STOPPING = (signal.SIGTERM, signal.SIGHUP)


@contextmanager
def stopped_as_interrupted() -> Iterator[None]:
    """While the command runs, SIGTERM and SIGHUP raise Stopped; a signal a parent set to be ignored (nohup)
    stays ignored. The handlers before are put back after, so a command run inside another program (a test)
    leaves it as it was."""
    def stop(signum: int, frame) -> None:
        for each in STOPPING:  # a second signal must not cut the cleanup short
            signal.signal(each, signal.SIG_IGN)
        raise Stopped(signum)

    before = {each: signal.getsignal(each) for each in STOPPING}
    for each, handler in before.items():
        if handler == signal.SIG_DFL:
            signal.signal(each, stop)
    try:
        yield
    finally:
        for each, handler in before.items():
            signal.signal(each, handler)


def interrupted(stop: KeyboardInterrupt, left: str = "nothing half-written is left") -> NoReturn:
    """Stop the command that Ctrl-C, SIGTERM or SIGHUP interrupted: which, what is left, and 128 + the signal."""
    signum = stop.signum if isinstance(stop, Stopped) else signal.SIGINT
    by = "" if signum == signal.SIGINT else f" by {signal.Signals(signum).name}"
    fail(f"interrupted{by}; {left}", 128 + signum)


def finish(found: list[Problem], lang: str, documents: int, records: bool = False, summary: str = "",
           strict: bool = False) -> NoReturn:
    """Problems and their summary (see print_problems), then the exit their severity says (see leave)."""
    print_problems(found, lang, documents, records, summary)
    leave(found, strict)


def halt(stop: Halt, lang: str) -> NoReturn:
    """Stop where the library says a command stops: its problems and their summary (see finish)."""
    finish(stop.problems, lang, stop.documents, stop.records)


def leave(found: list[Problem], strict: bool = False) -> NoReturn:
    """End the command: 1 if any problem is an error (with strict, a warning too), else 0."""
    sys.exit(1 if has_errors(found, strict) else 0)


def shown_path(path: str | bytes | os.PathLike | None) -> str:
    """A path for a message: as given, shortened in the middle when it is too long to read."""
    text = one_line(os.fsdecode(path)) if path is not None else ""
    return text if len(text) <= 160 else f"{text[:100]}…{text[-40:]}"


def printed(path: str | bytes | os.PathLike) -> str:
    """A path as printed, on stdout (one a line, for scripts) or in a message: whole, but escaped as one_line
    escapes a quoted value, so a name holding ESC, a bidirectional control or a line break prints no terminal
    sequence, no reordered text and no line of its own."""
    return one_line(os.fsdecode(path))


def bad_value(message: str, param_hint: str | None = None) -> click.BadParameter:
    """A usage error (exit 2) whose message quotes what the user typed (a revision, a number, a folder's
    name): on one line, escaped as printed() escapes a path, so a typed ESC or line break shows as such."""
    return click.BadParameter(one_line(message), param_hint=param_hint)


def writable(path: Path, check, *args) -> None:
    """Stop the command, as a failed write would, if check(path, *args) refuses path (an OSError)."""
    try:
        check(path, *args)
    except OSError as error:
        fail(f"cannot write {shown_path(path)}: {error.strerror or error}")


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


def blocks(parts: list[str | list[list[str]]]) -> str:
    """Lines, and tables (lists of rows) aligned by table, one after the other."""
    return "\n".join(table(part) if isinstance(part, list) else part for part in parts)


def print_problem_lines(problems: list[Problem], lang: str) -> None:
    """Problems compiler style on stderr: file:line:column, severity, code, message, and the hint."""
    for p in problems:
        where = one_line(f"{p.path}:{p.line}:{p.column}" if p.line else p.path)  # a file's name is user data too
        click.echo(f"{where}: {p.severity}[{p.code}]: {p.message}", err=True)
        if p.hint:
            click.echo(f"  {word(lang, 'hint')}{p.hint}", err=True)


def print_problems(problems: list[Problem], lang: str, documents: int, records: bool = False,
                   summary: str = "") -> None:
    """Problems compiler style on stderr, then how many there are in how many documents (or records files),
    or the summary given."""
    print_problem_lines(problems, lang)
    errors = sum(p.tally()[0] for p in problems)  # those not shown too: the summary counts every problem
    warnings = sum(p.tally()[1] for p in problems)
    summary = summary or word(lang, ("summary" if problems else "clean") + ("-records" if records else ""))
    click.echo(fill(summary, errors=errors, warnings=warnings, documents=documents), err=True)
