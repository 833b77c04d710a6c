"""assess: the assessment standard applied to the providers' records."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import LANG, RENDER_TIMEOUT, main
from .report import bad_value, blocks, fail, halt, print_problems, shown_path, writable


@main.command(short_help="Apply the assessment standard to providers' scores.")
@click.argument("procedure", metavar="ID")
@click.argument("records", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-w", "--workspace", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="The workspace whose procedure ID is applied.")
@click.option("--period", metavar="P", help="Show only this period, e.g. 2026-Q3; earlier ones still count.")
@click.option("--format", "output", type=click.Choice(["text", "csv", "json"]), default="text",
              help="text: tables for reading; csv and json for other tools. Data on stdout, problems on stderr.")
@click.option("--pdf", "pdf", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the assessment report as a PDF, in the workspace language.")
@RENDER_TIMEOUT
@LANG
def assess(procedure: str, records: tuple[Path, ...], workspace: Path, period: str | None, output: str,
           pdf: Path | None, render_timeout: float, lang: str | None) -> None:
    """Check RECORDS (scores and events, CSV or YAML) against procedure ID's standards, then work out each
    provider's weighted score, band, rewards, penalties and exits per period, with the data behind each.
    Exit 1 if the records or the procedure have errors.

    \b
    Example:
      qmtool assess QP-02 records/QP-02-canteen-scores.csv records/QP-02-canteen-events.csv
      qmtool assess QP-02 records/QP-02-*.csv --period 2026-Q3 --format json
      qmtool assess QP-02 records/QP-02-*.csv --pdf QP-02-assessment.pdf
    """
    from ..assess.apply import apply
    from ..assess.report import check_report

    if pdf:  # before anything is read or printed: a refusal after the results would look like a success
        writable(pdf, check_report, workspace, records)
    applied = apply(workspace, procedure, records, period, lang)
    lang = applied.lang
    if applied.misused:
        raise bad_value(applied.misused.message, applied.misused.param)
    if applied.halt:
        halt(applied.halt, lang)
    _show(applied, output)
    if pdf:
        from ..assess.report import write_report

        try:
            stopped = write_report(pdf, applied, render_timeout)
        except OSError as error:
            fail(f"cannot write {shown_path(pdf)}: {error.strerror or error}")
        if stopped:
            halt(stopped, lang)
    if applied.problems:
        print_problems(applied.problems, lang, len(applied.evidence), records=True)


def _show(applied, output: str) -> None:
    """The results on stdout: JSON (with the problems), CSV, or tables for reading."""
    from ..assess.report import as_json, csv_rows, text_blocks
    from ..core.spreadsheet import write_csv

    if output == "json":
        click.echo(json.dumps({**as_json(applied.assessment, applied.results),
                               "problems": [p.as_dict() for p in applied.problems]}, ensure_ascii=False, indent=2))
    elif output == "csv":
        write_csv(sys.stdout, csv_rows(applied.assessment, applied.results))
    else:
        click.echo(blocks(text_blocks(applied.assessment, applied.results, applied.lang)))
