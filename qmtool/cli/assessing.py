"""assess: the assessment standard applied to the providers' records."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..core.problem import has_errors
from . import LANG, RENDER_TIMEOUT, main
from .report import as_problems, fail, finish, print_problems, shown_path, table


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

    from ..assess.engine import assess as run
    from ..assess.periods import EXAMPLES, parse
    from ..assess.report import as_json, csv_rows, report_view, unprintable, write_report
    from ..check.schema import SchemaSet
    from ..check.validate import validate as check
    from ..core.resources import builtin
    from ..core.spreadsheet import write_csv
    from ..core.workspace import display
    from ..load.evidence import read
    from ..render.deadline import LayoutFailure
    from ..render.environment import TemplateFailure
    from ..render.overflow import overflow_finding
    from ..render.pdf import TextOverflow

    schemas = SchemaSet(builtin("schemas"))
    report = check(workspace, schemas)
    lang = lang or report.language
    source = next((s for s in report.sources if isinstance(s.data, dict) and s.data.get("kind") == "procedure"
                   and s.data.get("id") == procedure), None)
    if source is None:
        readable = {s.display for s in report.sources if isinstance(s.data, dict)}
        unreadable = as_problems((f for f in report.findings if f.path not in readable), lang)
        if has_errors(unreadable):  # the procedure may be in a file that cannot be read
            finish(unreadable, lang, len(report.sources))
        known = sorted(str(d.get("id")) for d in report.documents if d.get("kind") == "procedure")
        raise click.BadParameter(f"no procedure numbered {procedure}; there are {', '.join(known) or 'none'}",
                                 param_hint="ID")
    if len({path.resolve() for path in records}) != len(records):
        raise click.BadParameter("a file is named twice; its rows would count twice", param_hint="RECORDS")
    own = as_problems((f for f in report.findings if f.path == source.display or f in report.links), lang)
    if has_errors(own):
        finish(own, lang, 1)
    sources = [read(path, display(path), workspace) for path in records]
    assessment = run(source, sources, schemas)
    problems = as_problems(assessment.findings, lang)
    if not assessment.ok:
        finish(problems, lang, len(sources), records=True)
    results = assessment.results
    if period is not None:
        kind = source.data["standards"]["assessment"]["period"]
        if (wanted := parse(period, kind)) is None:
            raise click.BadParameter(f"{period!r} is not a {kind} period; write it like {EXAMPLES[kind]}",
                                     param_hint="--period")
        results = [r for r in results if r.period == wanted]
        if not results:
            shown = ", ".join(str(p) for p in assessment.periods())
            raise click.BadParameter(f"no scores for {period}; the records hold {shown}", param_hint="--period")
    if output == "json":
        click.echo(json.dumps({**as_json(assessment, results), "problems": [p.as_dict() for p in problems]},
                              ensure_ascii=False, indent=2))
    elif output == "csv":
        write_csv(sys.stdout, csv_rows(assessment, results))
    else:
        click.echo(_assessment_text(assessment, results, lang))
    if pdf:
        missing = as_problems(unprintable([source, *sources], lang), lang)
        if missing:
            finish(missing + problems, lang, len(sources), records=True)
        view = report_view(assessment, results, lang, report.organization, [s.display for s in sources])
        try:
            write_report(pdf, workspace, view, [source, *sources], render_timeout)
        except TemplateFailure as failure:
            finish([failure.finding(source.display, str(pdf), render_timeout).problem(lang)], lang, 1)
        except LayoutFailure as failure:  # a workspace template whose page WeasyPrint would take hours over
            finish([failure.finding(source.display).problem(lang)], lang, 1)
        except TextOverflow as error:  # a workspace template that would cut the report's text
            finish([overflow_finding(str(pdf), Path(pdf).name, cut).problem(lang) for cut in error.overflows]
                           + problems, lang, len(sources), records=True)
        except OSError as error:
            fail(f"cannot write {shown_path(pdf)}: {error.strerror or error}")
    if problems:
        print_problems(problems, lang, len(sources), records=True)


def _assessment_text(assessment, results, lang: str) -> str:
    """The results as a table, the clauses that fired with their reasons, and each provider's totals."""
    from ..assess.report import because, decision_label, signed, totals
    from ..core.labels import labels
    from ..render.views import assessment_names, text

    words, named = labels(lang), assessment_names(assessment.procedure)
    rows = [[words[key] for key in ("provider", "provider_name", "period", "score", "band", "change",
                                    "assess_decisions")]]
    rows += [[r.provider, r.name, str(r.period), text(r.score), named["bands"][r.band], signed(r.change),
              words["semicolon"].join(decision_label(d, words) for d in r.decisions)] for r in results]
    lines = [f"{assessment.procedure['id']} {assessment.procedure['title']}", table(rows), "", words["because"]]
    lines += [f"  {r.provider} {r.period} {decision_label(d, words)}{words['colon']}{because(d, named, words)}"
              for r in results for d in r.decisions] or [f"  {words['no_decisions']}"]
    summary = [[words[key] for key in ("provider", "provider_name", "total_rewards", "total_penalties", "exit_kind")]]
    summary += [[t["provider"], t["provider_name"], text(t["rewards"]), text(t["penalties"]),
                 f"{t['exit']['clause']} {t['exit']['period']}" if t["exit"] else ""] for t in totals(results)]
    return "\n".join([*lines, "", table(summary)])
