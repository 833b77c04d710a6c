"""build and doctor: the PDFs, and what the machine needs to make them."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..core.messages import fill, word
from . import LANG, RENDER_TIMEOUT, WORKSPACE, main
from .report import bad_value, fail, finish, interrupted, print_problems, printed


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
@RENDER_TIMEOUT
@LANG
def build(workspace: Path, out: Path, html: bool, only: str | None, pdf_variant: str, jobs: int | None,
          force: bool, render_timeout: float, lang: str | None) -> None:
    """Validate WORKSPACE, then write OUTPUT/manual.pdf and OUTPUT/procedures/<id>.pdf.

    Nothing is written when any document has an error. Outputs whose sources, templates, fonts and
    options are unchanged are not rebuilt (the cache is OUTPUT/.qmtool-cache.json; --force ignores it).

    \b
    Example:
      qmtool build -o build/          # build/manual.pdf, build/procedures/QP-01.pdf, ...
      qmtool build --only QP-02 --html
    """
    from ..build.pipeline import build as run
    from ..core.problem import EnvironmentProblem

    tty = sys.stderr.isatty()
    try:
        result = run(workspace, out, only=only, html=html, variant=pdf_variant, jobs=jobs, force=force,
                     progress=_progress(tty), render_timeout=render_timeout, waiting=_waiting(workspace, out, lang))
    except EnvironmentProblem as problem:
        fail(str(problem))
    except KeyboardInterrupt as stop:
        interrupted(stop, "the outputs finished so far are kept, nothing half-written")
    lang = lang or result.language
    problems, documents = result.problems(lang), len(result.report.sources) if result.report else 0
    if not result.ok:
        finish(problems, lang, documents)
    if problems:  # warnings: said, and the build stands
        print_problems(problems, lang, documents)
    if only and not result.outputs:
        from ..check.validate import document_numbers

        raise bad_value(f"no document numbered {only}; the documents are "
                        f"{', '.join(document_numbers(workspace))}", "--only")
    if not result.rendered and tty:
        click.echo(fill(word(lang, "up to date"), outputs=len(result.outputs)), err=True)
    for output in sorted(result.outputs, key=lambda output: str(output.pdf)):  # the same list every time
        click.echo(printed(output.pdf))


def _waiting(workspace: Path, out: Path, lang: str | None):
    """What build says while another build holds the output folder, in the workspace's language (read for it:
    the build reads the workspace only once it has the folder)."""
    def waiting() -> None:
        from ..load.workspace import Workspace

        click.echo(fill(word(lang or Workspace.at(workspace).language, "waiting-build"), printed(out)), err=True)

    return waiting


def _progress(tty: bool):
    """What build says as each PDF is made: once, whether fonts are subset the slow way; on a terminal, each PDF."""
    warned = []

    def progress(output) -> None:
        if not warned:
            warned.append(True)
            _warn_without_subsetting()
        if tty:
            click.echo(f"{printed(output.pdf)}: {output.pages} pages", err=True)

    return progress


def _warn_without_subsetting() -> None:
    from ..author.doctor import SUBSET_FIX, harfbuzz_subset_available

    if not harfbuzz_subset_available():
        click.echo("warning: HarfBuzz subsetting is missing, so CJK fonts are subset the slow way "
                   f"(about 30 times longer); install it: {SUBSET_FIX}", err=True)

@main.command(short_help="Check fonts, HarfBuzz and Pango for building.")
def doctor() -> None:
    """Check what building PDFs needs: WeasyPrint, Pango, HarfBuzz subsetting, the CJK fonts.

    Exit 1 if something required is missing; each missing thing comes with the command that installs it.

    \b
    Example:
      qmtool doctor
    """
    from ..author.doctor import checks
    from ..core.workspace import input_folders

    results = checks(input_folders(Path.cwd()))  # the current folder may be a workspace
    for check in results:
        click.echo(f"{'ok' if check.ok else 'MISSING':8} {check.name}: {check.detail}")
        if check.fix:
            click.echo(f"         fix: {check.fix}")
    sys.exit(0 if all(check.ok for check in results) else 1)
