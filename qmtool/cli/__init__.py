"""The command line: parse options, call the library, report, exit. 0 fine, 1 problems, 2 bad usage."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from .. import __version__
from ..messages import LANGUAGES, word
from ..problem import ERROR, WARNING, Problem


def _workspace(ctx, param, value: Path) -> Path:
    """A folder with procedures/ in it; anything else is a usage error (exit 2) with what to do."""
    from ..workspace import DOCUMENTS

    if not (value / DOCUMENTS).is_dir():
        inside = value.resolve().name == DOCUMENTS
        raise click.BadParameter(
            f"{value} is not a qmtool workspace: it has no {DOCUMENTS}/ folder; "
            + ("run qmtool from the folder above it" if inside else "name a workspace, or make one with qmtool init"))
    return value


WORKSPACE = click.argument("workspace", default=".", callback=_workspace,
                           type=click.Path(exists=True, file_okay=False, path_type=Path))
RENDER_TIMEOUT = click.option(
    "--render-timeout", "render_timeout", type=click.FloatRange(min=0, min_open=True), default=60.0,
    show_default=True, envvar="QMTOOL_RENDER_TIMEOUT", show_envvar=True, metavar="SECONDS",
    help="How long one document's templates may run before they are stopped (error template-timeout).")
LANG = click.option("--lang", type=click.Choice(LANGUAGES), help="Language of messages (default: the workspace's).")


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


class Commands(click.Group):
    """The commands: any filesystem error that escapes one is a message and exit 2, never a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except OSError as error:
            click.echo(f"qmtool: {os_error(error)}", err=True)
            sys.exit(2)


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="qmtool")
def main() -> None:
    """Quality-management documents as checked YAML, rendered as controlled PDFs."""


def table(rows: list[list[str]]) -> str:
    """Rows aligned in columns, counting a Chinese character as two columns wide, as terminals show it; a
    cell's line breaks and tabs shown as spaces, so every row stays one line."""
    import unicodedata

    def width(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)

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
    click.echo(summary.format(errors=counts[ERROR], warnings=counts[WARNING], documents=documents), err=True)


# The commands, each registering itself on main.
from . import assessing, authoring, building, changes, checking  # noqa: E402, F401
