"""validate and register: what is wrong with the documents, and the master list."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import LANG, WORKSPACE, main
from .report import as_problems, leave, print_problems, table


@main.command(short_help="Check the documents against the schemas and rules.")
@WORKSPACE
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text",
              help="text: compiler-style lines on stderr; json: an array on stdout.")
@LANG
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--no-cache", is_flag=True,
              help="Check every file against its schema, remembering nothing (always so when CI is set).")
def validate(workspace: Path, output: str, lang: str | None, strict: bool, no_cache: bool) -> None:
    """Check every document under WORKSPACE/procedures against the schemas and rules.

    \b
    Example:
      qmtool validate                 # the workspace in the current folder
      qmtool validate ws --format json --lang en
    """
    from ..check.memo import memo_folder
    from ..check.validate import validate as run
    from ..load.workspace import Workspace

    report = run(Workspace.at(workspace), memo=None if no_cache else memo_folder())
    lang = lang or report.language
    problems = report.problems(lang)
    if output == "json":
        click.echo(json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=2))
    else:
        print_problems(problems, lang, len(report.sources))
    leave(problems, strict)

@main.command(short_help="List the controlled documents and flag reviews due.")
@WORKSPACE
@click.option("--format", "output", type=click.Choice(["text", "csv", "json"]), default="text",
              help="text: an aligned table; csv and json for other tools. Data on stdout, problems on stderr.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="The date to judge reviews by, YYYY-MM-DD (default today).")
@LANG
def register(workspace: Path, output: str, today, lang: str | None) -> None:
    """List the controlled documents and flag reviews overdue or due within 30 days, missing approvals
    and references to superseded or obsolete documents. Exit 1 if anything is flagged as an error.

    \b
    Example:
      qmtool register
      qmtool register --today 2027-01-15 --format csv > register.csv
    """
    from datetime import date

    from ..check.validate import validate as check
    from ..control.register import register as run
    from ..core.labels import REGISTER_COLUMNS, STATUS_KEYS, labels, status_label
    from ..core.spreadsheet import write_csv
    from ..load.workspace import Workspace

    report = check(Workspace.at(workspace))
    lang = lang or report.language
    entries, findings = run(report, today.date() if today else date.today())
    if output == "json":
        click.echo(json.dumps({"documents": [dict(zip(REGISTER_COLUMNS, e.row())) | {"path": e.path} for e in entries],
                               "problems": [f.problem(lang).as_dict() for f in findings]},
                              ensure_ascii=False, indent=2))
    elif output == "csv":
        write_csv(sys.stdout, [REGISTER_COLUMNS, *(e.row() for e in entries)])
    else:
        words = labels(lang)
        header = [words[{"id": "doc_id"}.get(c, c)] for c in REGISTER_COLUMNS]
        rows = [[status_label(words, cell) if c == "status" and cell in STATUS_KEYS else cell
                 for c, cell in zip(REGISTER_COLUMNS, e.row())] for e in entries]
        click.echo(table([header, *rows]))
    problems = as_problems(findings, lang)
    if problems:
        print_problems(problems, lang, len(entries))
    leave(problems)
