"""The command line: parse options, call the library, report, exit. 0 fine, 1 problems, 2 bad usage."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__
from .messages import LANGUAGES, word
from .problem import ERROR, WARNING, Problem, has_errors, sorted_problems

WORKSPACE = click.argument(
    "workspace", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path))
LANG = click.option("--lang", type=click.Choice(LANGUAGES), help="Language of messages (default: the workspace's).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="qmtool")
def main() -> None:
    """Quality-management documents as checked YAML, rendered as controlled PDFs."""


@main.command(short_help="Check the documents against the schemas and rules.")
@WORKSPACE
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text",
              help="text: compiler-style lines on stderr; json: an array on stdout.")
@LANG
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def validate(workspace: Path, output: str, lang: str | None, strict: bool) -> None:
    """Check every document under WORKSPACE/procedures against the schemas and rules.

    \b
    Example:
      qmtool validate                 # the workspace in the current folder
      qmtool validate ws --format json --lang en
    """
    from .validate import validate as run

    report = run(workspace, memo=workspace / ".qmtool-cache")
    lang = lang or report.language
    problems = report.problems(lang)
    if output == "json":
        click.echo(json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=2))
    else:
        _print_problems(problems, lang, len(report.sources))
    sys.exit(1 if has_errors(problems, strict) else 0)


@main.command(short_help="Build the manual and procedure PDFs.")
@WORKSPACE
@click.option("-o", "--output", "out", default="build", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Folder for the PDFs (and HTML).")
@click.option("--html", is_flag=True, help="Also write each document as self-contained HTML under OUTPUT/html/.")
@click.option("--only", metavar="ID", help="Build only this document, e.g. QP-02.")
@click.option("--pdf-variant", type=click.Choice(["pdf/a-3b", "pdf/ua-1", "plain"]), default="pdf/a-3b",
              show_default=True, help="PDF/A-3b embeds the sources; plain is ordinary PDF.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes (default: the number of cores).")
@click.option("--force", is_flag=True, help="Rebuild every output, even those that are up to date.")
@LANG
def build(workspace: Path, out: Path, html: bool, only: str | None, pdf_variant: str, jobs: int | None,
          force: bool, lang: str | None) -> None:
    """Validate WORKSPACE, then write OUTPUT/manual.pdf and OUTPUT/procedures/<id>.pdf.

    Nothing is written when any document has an error. Outputs whose sources, templates, fonts and
    options are unchanged are not rebuilt (the cache is OUTPUT/.qmtool-cache.json; --force ignores it).

    \b
    Example:
      qmtool build -o build/          # build/manual.pdf, build/procedures/QP-01.pdf, ...
      qmtool build --only QP-02 --html
    """
    from .build import EnvironmentProblem
    from .build import build as run

    tty = sys.stderr.isatty()
    warned = []

    def progress(output) -> None:
        if not warned:
            warned.append(True)
            _warn_without_subsetting()
        if tty:
            click.echo(f"{output.pdf}: {output.pages} pages", err=True)

    try:
        result = run(workspace, out, only=only, html=html, variant=pdf_variant, jobs=jobs, force=force,
                     progress=progress)
    except EnvironmentProblem as problem:
        click.echo(f"qmtool: {problem}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        click.echo("qmtool: interrupted; the outputs finished so far are kept, nothing half-written", err=True)
        sys.exit(130)
    lang = lang or result.language
    problems = result.problems(lang)
    if problems or not result.ok:
        _print_problems(problems, lang, len(result.report.sources) if result.report else 0)
    if not result.ok:
        sys.exit(1)
    if only and not result.outputs:
        raise click.BadParameter(f"no document numbered {only}", param_hint="--only")
    if not result.rendered:
        click.echo(word(lang, "up to date").format(outputs=len(result.outputs)), err=True)
    for output in result.outputs:
        click.echo(output.pdf)


def _warn_without_subsetting() -> None:
    from .doctor import SUBSET_FIX, harfbuzz_subset_available

    if not harfbuzz_subset_available():
        click.echo("warning: HarfBuzz subsetting is missing, so CJK fonts are subset the slow way "
                   f"(about 30 times longer); install it: {SUBSET_FIX}", err=True)


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
    import csv
    from datetime import date

    from .labels import STATUS_KEYS, labels, status_label
    from .register import COLUMNS
    from .register import register as run
    from .validate import validate as check

    report = check(workspace)
    lang = lang or report.language
    entries, findings = run(report, today.date() if today else date.today())
    if output == "json":
        click.echo(json.dumps({"documents": [dict(zip(COLUMNS, e.row())) | {"path": e.path} for e in entries],
                               "problems": [f.problem(lang).as_dict() for f in findings]},
                              ensure_ascii=False, indent=2))
    elif output == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(e.row() for e in entries)
    else:
        words = labels(lang)
        header = [words[{"id": "doc_id"}.get(c, c)] for c in COLUMNS]
        rows = [[status_label(words, cell) if c == "status" and cell in STATUS_KEYS else cell
                 for c, cell in zip(COLUMNS, e.row())] for e in entries]
        click.echo(_table([header, *rows]))
    problems = sorted_problems(f.problem(lang) for f in findings)
    if problems:
        _print_problems(problems, lang, len(entries))
    sys.exit(1 if has_errors(problems) else 0)


def _table(rows: list[list[str]]) -> str:
    """Rows aligned in columns, counting a Chinese character as two columns wide, as terminals show it."""
    import unicodedata

    def width(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)

    widths = [max(width(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell + " " * (w - width(cell)) for cell, w in zip(row, widths)).rstrip()
                     for row in rows)


@main.command(short_help="Show what changed between two revisions.")
@click.argument("old")
@click.argument("new", required=False)
@click.option("-w", "--workspace", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="The workspace (inside a git repository) whose revisions OLD and NEW are.")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text")
@click.option("--pdf", "pdf", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the changes as a PDF report, in the workspace language.")
@LANG
def diff(old: str, new: str | None, workspace: Path, output: str, pdf: Path | None, lang: str | None) -> None:
    """Show what changed between two git revisions of the workspace (NEW defaults to the working tree),
    or between two workspace folders, field by field; flag content changed without a new version and a
    new version without a revision entry (exit 1).

    \b
    Example:
      qmtool diff v1.0                 # from tag v1.0 to the working tree
      qmtool diff v1.0 HEAD --format json
      qmtool diff old-copy/ .
      qmtool diff v1.0 HEAD --pdf changes.pdf
    """
    from .diff import DiffError, compare, documents_at_revision, documents_in_folder, shown
    from .validate import workspace_language

    def documents(side: str | None):
        if side is None:
            return documents_in_folder(workspace)
        if Path(side).is_dir():
            return documents_in_folder(Path(side))
        return documents_at_revision(workspace, side)

    try:
        before, after = documents(old), documents(new)
    except DiffError as error:
        raise click.BadParameter(str(error), param_hint="OLD/NEW") from None
    lang = lang or workspace_language(list(after.values()))
    changes, findings = compare(before, after)
    if output == "json":
        click.echo(json.dumps({"changes": [c.as_dict() for c in changes],
                               "problems": [f.problem(lang).as_dict() for f in findings]},
                              ensure_ascii=False, indent=2))
    else:
        current = None
        for change in changes:
            if change.doc_id != current:
                current = change.doc_id
                click.echo(f"{change.doc_id} {change.title}")
            if not change.field:
                click.echo(f"  {word(lang, change.kind)}")
                continue
            values = {"changed": f"{shown(change.old)} → {shown(change.new)}", "added": shown(change.new),
                      "removed": shown(change.old)}[change.kind]
            click.echo(f"  {word(lang, change.kind)} {change.field}: {values}")
    if pdf:
        from .change_report import UnprintableCharacters, write_change_report

        manual = next((s.data for s in after.values() if s.data.get("kind") == "manual"), {})
        try:
            write_change_report(pdf, workspace, changes, findings, old, new or word(lang, "working tree"), lang,
                                str(manual.get("organization", "")))
        except UnprintableCharacters as error:
            click.echo(f"qmtool: the report cannot print these characters with the configured fonts: {error}",
                       err=True)
            sys.exit(1)
    problems = sorted_problems(f.problem(lang) for f in findings)
    if problems:
        _print_problems(problems, lang, len(after))
    sys.exit(1 if has_errors(problems) else 0)


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
@LANG
def assess(procedure: str, records: tuple[Path, ...], workspace: Path, period: str | None, output: str,
           pdf: Path | None, lang: str | None) -> None:
    """Check RECORDS (scores and events, CSV or YAML) against procedure ID's standards, then work out each
    provider's weighted score, band, rewards, penalties and exits per period, with the data behind each.
    Exit 1 if the records or the procedure have errors.

    \b
    Example:
      qmtool assess QP-02 records/QP-02-canteen-scores.csv records/QP-02-canteen-events.csv
      qmtool assess QP-02 records/QP-02-*.csv --period 2026-Q3 --format json
      qmtool assess QP-02 records/QP-02-*.csv --pdf QP-02-assessment.pdf
    """
    import csv

    from .assess import assess as run
    from .assess_report import as_json, csv_rows, report_view, unprintable, write_report
    from .periods import parse
    from .records import read
    from .resources import builtin
    from .schema_check import SchemaSet
    from .validate import validate as check
    from .workspace import display

    schemas = SchemaSet(builtin("schemas"))
    report = check(workspace, schemas)
    lang = lang or report.language
    source = next((s for s in report.sources if isinstance(s.data, dict) and s.data.get("kind") == "procedure"
                   and s.data.get("id") == procedure), None)
    if source is None:
        known = sorted(str(d.get("id")) for d in report.documents if d.get("kind") == "procedure")
        raise click.BadParameter(f"no procedure numbered {procedure}; there are {', '.join(known) or 'none'}",
                                 param_hint="ID")
    own = sorted_problems(f.problem(lang) for f in report.findings if f.path == source.display)
    if has_errors(own):
        _print_problems(own, lang, 1)
        sys.exit(1)
    sources = [read(path, display(path)) for path in records]
    assessment = run(source, sources, schemas)
    problems = sorted_problems(f.problem(lang) for f in assessment.findings)
    if not assessment.ok:
        _print_problems(problems, lang, len(sources))
        sys.exit(1)
    results = assessment.results
    if period:
        wanted = parse(period, source.data["standards"]["assessment"]["period"])
        results = [r for r in results if r.period == wanted]
        if not results:
            shown = ", ".join(str(p) for p in assessment.periods())
            raise click.BadParameter(f"no scores for {period}; the records hold {shown}", param_hint="--period")
    if output == "json":
        click.echo(json.dumps({**as_json(assessment, results), "problems": [p.as_dict() for p in problems]},
                              ensure_ascii=False, indent=2))
    elif output == "csv":
        csv.writer(sys.stdout, lineterminator="\n").writerows(csv_rows(assessment, results))
    else:
        click.echo(_assessment_text(assessment, results, lang))
    if pdf:
        missing = sorted_problems(f.problem(lang) for f in unprintable([source, *sources], lang))
        if missing:
            _print_problems(missing + problems, lang, len(sources))
            sys.exit(1)
        organization = next((d["organization"] for d in report.documents if d.get("kind") == "manual"), "")
        view = report_view(assessment, results, lang, organization, [s.display for s in sources])
        write_report(pdf, workspace, view, [source, *sources])
    if problems:
        _print_problems(problems, lang, len(sources))


def _assessment_text(assessment, results, lang: str) -> str:
    """The results as a table, the clauses that fired with their reasons, and each provider's totals."""
    from .assess_report import because, decision_label, names, signed, totals
    from .context import text
    from .labels import labels

    words, named = labels(lang), names(assessment.procedure)
    table = [[words[key] for key in ("provider", "provider_name", "period", "score", "band", "change",
                                     "assess_decisions")]]
    table += [[r.provider, r.name, str(r.period), text(r.score), named["bands"][r.band], signed(r.change),
               words["semicolon"].join(decision_label(d, words) for d in r.decisions)] for r in results]
    lines = [f"{assessment.procedure['id']} {assessment.procedure['title']}", _table(table), "", words["because"]]
    lines += [f"  {r.provider} {r.period} {decision_label(d, words)}{words['colon']}{because(d, named, words)}"
              for r in results for d in r.decisions] or [f"  {words['no_decisions']}"]
    summary = [[words[key] for key in ("provider", "provider_name", "total_rewards", "total_penalties", "exit_kind")]]
    summary += [[t["provider"], t["provider_name"], text(t["rewards"]), text(t["penalties"]),
                 f"{t['exit']['clause']} {t['exit']['period']}" if t["exit"] else ""] for t in totals(results)]
    return "\n".join([*lines, "", _table(summary)])


@main.command(short_help="Freeze a release: PDFs, manifest, record.")
@WORKSPACE
@click.option("--version", "version", required=True, metavar="V", help="The release's name, e.g. 2027.1.")
@click.option("-o", "--output", "out", default="release", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Folder that holds the releases.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes (default: the number of cores).")
@click.option("--sign", "key", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Sign every PDF (PAdES) with this PKCS#12 key; its passphrase from $QMTOOL_SIGN_PASSPHRASE.")
def release(workspace: Path, version: str, out: Path, jobs: int | None, key: Path | None) -> None:
    """Freeze the committed workspace as OUTPUT/V: every PDF, MANIFEST.sha256 and release.json.

    Refuses a workspace with errors, uncommitted changes or documents in draft or review, and never
    overwrites a release. Two releases of the same commit are the same bytes.

    \b
    Example:
      qmtool release --version 2027.1
      cd release/2027.1 && sha256sum -c MANIFEST.sha256
      QMTOOL_SIGN_PASSPHRASE=... qmtool release --version 2027.1 --sign office.p12
    """
    import os

    from .build import EnvironmentProblem
    from .release import ReleaseRefused
    from .release import release as run
    from .sign import SigningUnavailable, signer_from_pkcs12

    try:
        passphrase = os.environ.get("QMTOOL_SIGN_PASSPHRASE")
        signer = signer_from_pkcs12(key, passphrase.encode() if passphrase else None) if key else None
        target = run(workspace, out, version, jobs, signer)
    except SigningUnavailable as problem:
        click.echo(f"qmtool: {problem}", err=True)
        sys.exit(2)
    except ReleaseRefused as refused:
        click.echo("qmtool: release refused:", err=True)
        for reason in refused.reasons:
            click.echo(f"  {reason}", err=True)
        sys.exit(1)
    except EnvironmentProblem as problem:
        click.echo(f"qmtool: {problem}", err=True)
        sys.exit(2)
    click.echo(target)


@main.command(short_help="Check a release against its manifest.")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--trust", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A certificate (PEM or DER) the signatures must chain to; repeatable.")
def verify(folder: Path, trust: tuple[Path, ...]) -> None:
    """Check a release: every file against MANIFEST.sha256, every PDF's embedded sources against
    release.json. Exit 1 naming each file that differs, is missing or is not listed.

    \b
    Example:
      qmtool verify release/2027.1
      qmtool verify release/2027.1 --trust office.pem
    """
    from .release import VerifyUnavailable
    from .release import verify as run

    try:
        found = run(folder, list(trust) or None)
    except VerifyUnavailable as problem:
        click.echo(f"qmtool: {problem}", err=True)
        sys.exit(2)
    for kind, names in (("differs", found.differing), ("missing", found.missing), ("not listed", found.unlisted)):
        for name in names:
            click.echo(f"{folder / name}: {kind}", err=True)
    if found.ok:
        click.echo(f"{folder}: every file as released", err=True)
    sys.exit(0 if found.ok else 1)


@main.command(short_help="Start a new workspace that validates and builds at once.")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--lang", type=click.Choice(LANGUAGES), default="zh-Hans", show_default=True,
              help="Language of the documents, the PDFs and the messages.")
@click.option("--organization", help="The organisation's name, printed on every page.")
def init(directory: Path, lang: str, organization: str | None) -> None:
    """Create DIRECTORY (new or empty) as a workspace: a manual, an example procedure with every standard
    filled in, a README for the quality officers, .gitignore, a pre-commit configuration, and the schemas
    for editors.

    \b
    Example:
      qmtool init 质量文件 --organization 江宁市机关事务服务中心
      qmtool init quality --lang en && cd quality && qmtool build
    """
    from datetime import date

    from .scaffold import ScaffoldRefused
    from .scaffold import init as run

    try:
        written = run(directory, lang, organization, date.today())
    except ScaffoldRefused as refused:
        click.echo(f"qmtool: {refused}", err=True)
        sys.exit(2)
    for path in written:
        click.echo(path)
    click.echo(f"next: cd {directory} && qmtool validate && qmtool build", err=True)


@main.group(short_help="Add a document to the workspace.")
def new() -> None:
    """Add a document to the workspace."""


@new.command("procedure", short_help="Add a procedure skeleton that validates.")
@click.argument("doc_id", metavar="ID")
@click.option("--title", required=True, help="The procedure's title.")
@click.option("--name", help="A short name for the file: procedures/ID-NAME.yaml (default procedures/ID.yaml).")
@click.option("-w", "--workspace", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="The workspace to add it to.")
def new_procedure(doc_id: str, title: str, name: str | None, workspace: Path) -> None:
    """Add procedure ID: status draft, dated today, owned by the manual's owner, every standard present
    with a placeholder to replace; it validates with no errors.

    \b
    Example:
      qmtool new procedure QP-07 --title 公务接待服务程序 --name reception
    """
    from datetime import date

    from .scaffold import ScaffoldRefused
    from .scaffold import new_procedure as run

    try:
        path = run(workspace, doc_id, title, name, date.today())
    except ScaffoldRefused as refused:
        click.echo(f"qmtool: {refused}", err=True)
        sys.exit(2)
    click.echo(path)


@main.group(short_help="Work with the JSON Schemas.")
def schema() -> None:
    """Work with the JSON Schemas the documents are checked against."""


@schema.command("export", short_help="Write the schemas for editors.")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def schema_export(directory: Path) -> None:
    """Write the JSON Schemas (manual, procedure, records, shared defs) into DIRECTORY, for editors that
    need a copy; the documents' first line points editors at ../schemas/.

    \b
    Example:
      qmtool schema export schemas/
    """
    from .scaffold import export_schemas

    for path in export_schemas(directory):
        click.echo(path)


@main.command(short_help="Preview the documents in a browser, live.")
@WORKSPACE
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port on 127.0.0.1; 0 picks a free one.")
def serve(workspace: Path, port: int) -> None:
    """Serve the manual and each procedure as HTML on 127.0.0.1. A page refreshes itself when a document
    or template changes; when the documents have errors it lists them, linked to file and line, instead
    of showing a stale document.

    \b
    Example:
      qmtool serve                     # then open http://127.0.0.1:8000/
      qmtool serve ws --port 8765
    """
    from .serve import make_server

    try:
        server = make_server(workspace, port)
    except OSError as error:
        click.echo(f"qmtool: cannot listen on 127.0.0.1:{port}: {error.strerror}", err=True)
        sys.exit(2)
    click.echo(f"serving http://127.0.0.1:{server.server_port}/ (Ctrl-C stops)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@main.command(short_help="Check fonts, HarfBuzz and Pango for building.")
def doctor() -> None:
    """Check what building PDFs needs: WeasyPrint, Pango, HarfBuzz subsetting, the CJK fonts.

    Exit 1 if something required is missing; each missing thing comes with the command that installs it.

    \b
    Example:
      qmtool doctor
    """
    from .doctor import checks

    results = checks()
    for check in results:
        click.echo(f"{'ok' if check.ok else 'MISSING':8} {check.name}: {check.detail}")
        if check.fix:
            click.echo(f"         fix: {check.fix}")
    sys.exit(0 if all(check.ok for check in results) else 1)


def _print_problems(problems: list[Problem], lang: str, documents: int) -> None:
    for p in problems:
        where = f"{p.path}:{p.line}:{p.column}" if p.line else p.path
        click.echo(f"{where}: {p.severity}[{p.code}]: {p.message}", err=True)
        if p.hint:
            click.echo(f"  {word(lang, 'hint')}{p.hint}", err=True)
    counts = {s: sum(p.severity == s for p in problems) for s in (ERROR, WARNING)}
    summary = word(lang, "summary" if problems else "clean")
    click.echo(summary.format(errors=counts[ERROR], warnings=counts[WARNING], documents=documents), err=True)
