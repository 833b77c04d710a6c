"""init, new, schema export and serve: writing the documents."""
from __future__ import annotations

from pathlib import Path

import click

from ..core.catalog import LANGUAGES
from ..core.characters import escaped
from ..core.messages import fill, word
from . import RENDER_TIMEOUT, WORKSPACE, main
from .report import as_problems, fail, print_problem_lines, printed


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

    from ..author.scaffold import ScaffoldRefused
    from ..author.scaffold import init as run

    try:
        written = run(directory, lang, organization, date.today())
    except ScaffoldRefused as refused:
        fail(str(refused))
    for path in written:
        click.echo(printed(path))
    click.echo(fill(word(lang, "init-next"), printed(directory)), err=True)


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

    from ..author.scaffold import ScaffoldRefused
    from ..author.scaffold import new_procedure as run

    try:
        path = run(workspace, doc_id, title, name, date.today())
    except ScaffoldRefused as refused:
        print_problem_lines(as_problems(refused.unread, refused.lang), refused.lang)  # why no manual was read
        fail(str(refused), 1 if refused.unread else 2)
    click.echo(printed(path))


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
    from ..author.scaffold import export_schemas

    for path in export_schemas(directory):
        click.echo(printed(path))


@main.command(short_help="Preview the documents in a browser, live.")
@WORKSPACE
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port on 127.0.0.1; 0 picks a free one.")
@RENDER_TIMEOUT
def serve(workspace: Path, port: int, render_timeout: float) -> None:
    """Serve the manual and each procedure as HTML on 127.0.0.1. A page refreshes itself when a document
    or template changes; when the documents have errors it lists them, linked to file and line, instead
    of showing a stale document.

    \b
    Example:
      qmtool serve                     # then open http://127.0.0.1:8000/
      qmtool serve ws --port 8765
    """
    import threading

    from ..author.serve import make_server
    from ..core.atomic import OutputRefused

    lock = threading.Lock()

    def log(text: str) -> None:  # one write under a lock: requests failing at once do not tear each other's lines
        with lock:
            click.echo(escaped(text), err=True)  # a traceback's lines kept, what they quote escaped

    try:
        server = make_server(workspace, port, render_timeout, log)
    except OutputRefused:
        raise  # the temporary folder refused: said as any place qmtool will not write is
    except OSError as error:
        fail(f"cannot listen on 127.0.0.1:{port}: {error.strerror}")
    click.echo(fill(word(server.language(), "serving"), f"http://127.0.0.1:{server.server_port}/"), err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
