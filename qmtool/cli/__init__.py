"""The command line: parse options, call the library, report, exit. 0 fine, 1 problems, 2 bad usage."""
from __future__ import annotations

from pathlib import Path

import click

from .. import __version__
from ..core.catalog import LANGUAGES
from ..core.worker import LONGEST, SHORTEST
from .report import bad_value, fail, interrupted, os_error, stopped_as_interrupted
from .streams import flush, is_standard, standard_streams, unwritable


def _workspace(ctx, param, value: Path) -> Path:
    """A folder with procedures/ in it; anything else is a usage error (exit 2) with what to do."""
    from ..core.workspace import DOCUMENTS

    if not (value / DOCUMENTS).is_dir():
        inside = value.resolve().name == DOCUMENTS
        raise bad_value(
            f"{value} is not a qmtool workspace: it has no {DOCUMENTS}/ folder; "
            + ("run qmtool from the folder above it" if inside else "name a workspace, or make one with qmtool init"))
    return value


WORKSPACE = click.argument("workspace", default=".", callback=_workspace,
                           type=click.Path(exists=True, file_okay=False, path_type=Path))


def _seconds(ctx, param, value: float) -> float:
    """A deadline processes can keep: inf, 1e20 or 1e-320 would overflow or underflow their clocks, and nan
    passes every range check but this one."""
    if not SHORTEST <= value <= LONGEST:
        raise click.BadParameter(f"{value:g} is not between {SHORTEST:g} and {LONGEST:g} seconds (a day)")
    return value


RENDER_TIMEOUT = click.option(
    "--render-timeout", "render_timeout", type=float, callback=_seconds, default=60.0, show_default=True,
    envvar="QMTOOL_RENDER_TIMEOUT", show_envvar=True, metavar="SECONDS",
    help=f"How long one document's templates may run ({SHORTEST:g} to {LONGEST:g}; error template-timeout), and "
         "WeasyPrint as long for each 100,000 characters of the page they made (error layout-timeout).")
LANG = click.option("--lang", type=click.Choice(LANGUAGES), help="Language of messages (default: the workspace's).")


class Commands(click.Group):
    """The commands: any filesystem error that escapes one is a message and exit 2, never a traceback, and so is
    output that cannot be written (stdout a full disk or closed; a reader gone away is 141, quietly: see
    streams.py), whether a command's, --help's or a usage message's; Ctrl-C, SIGTERM and SIGHUP stop one with a
    message and 128 + the signal, after the library has cleaned up."""

    def main(self, *args, **kwargs):
        with standard_streams():
            try:
                try:
                    return super().main(*args, **kwargs)
                finally:  # what is still buffered (a CSV, say) fails here, not in the interpreter's exit
                    flush()
            except OSError as error:  # click writing a usage message
                _ended(error)

    def make_context(self, *args, **kwargs):
        try:
            return super().make_context(*args, **kwargs)
        except OSError as error:  # --help and --version, which click would end as 1 (a broken pipe) or a traceback
            _ended(error)

    def invoke(self, ctx: click.Context):
        try:
            with stopped_as_interrupted():
                try:
                    return super().invoke(ctx)
                finally:
                    flush()
        except OSError as error:
            _ended(error)
        except KeyboardInterrupt as stop:
            interrupted(stop)


def _ended(error: OSError):
    """A command's output that cannot be written (see streams.py), or any other filesystem error: exit 2."""
    if is_standard(error):
        unwritable(error)
    fail(os_error(error))


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="qmtool")
def main() -> None:
    """Quality-management documents as checked YAML, rendered as controlled PDFs."""


# The commands, each registering itself on main.
from . import assessing, authoring, building, changes, checking  # noqa: E402, F401
