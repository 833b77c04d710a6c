"""The command line: parse options, call the library, report, exit. 0 fine, 1 problems, 2 bad usage."""
from __future__ import annotations

from pathlib import Path

import click

from .. import __version__
from ..core.catalog import LANGUAGES
from .report import fail, os_error


def _workspace(ctx, param, value: Path) -> Path:
    """A folder with procedures/ in it; anything else is a usage error (exit 2) with what to do."""
    from ..core.workspace import DOCUMENTS

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


class Commands(click.Group):
    """The commands: any filesystem error that escapes one is a message and exit 2, never a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except OSError as error:
            fail(os_error(error))


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="qmtool")
def main() -> None:
    """Quality-management documents as checked YAML, rendered as controlled PDFs."""


# The commands, each registering itself on main.
from . import assessing, authoring, building, changes, checking  # noqa: E402, F401
