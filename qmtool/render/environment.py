"""HTML from templates: one sandboxed Jinja2 environment, autoescaped, strict, fed plain data only."""
from __future__ import annotations

import os
import signal
from functools import lru_cache
from pathlib import Path

from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined, TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from ..core.problem import Finding, finding
from ..core.resources import builtin
from ..core.tree import walk
from ..core.worker import bounded
from ..core.workspace import display, own_templates
from .filters import bounded_filters
from .sandbox import Sandbox, innermost

DEFAULT_TIMEOUT = 60.0  # seconds per document; the whole reference manual renders in a fraction of one


def template_folders(workspace: Path) -> list[Path]:
    """The workspace's own templates first (overriding file by file), then the built-in ones. A templates/
    that is a link leading out of the workspace is not used (validation says so, located)."""
    own = own_templates(workspace)
    folders = [own] if own and own.resolve() != builtin("templates").resolve() else []
    return folders + [builtin("templates")]


def css_string(value) -> Markup:
    """A CSS string literal that no text can break out of, even inside <style>."""
    escaped = "".join(
        f"\\{ord(c):x} " if c in '"\\<>&' or ord(c) < 32 or ord(c) == 127 else c for c in str(value))
    return Markup(f'"{escaped}"')


def css_page_label(pieces) -> Markup:
    """Footer pieces as CSS content: "第 " counter(page) " 页 共 " counter(pages) " 页"."""
    parts = [f"counter({name})" if kind == "counter" and name in ("page", "pages") else str(css_string(name))
             for kind, name in pieces]
    return Markup(" ".join(parts))


class _FolderLoader(FileSystemLoader):
    """Templates from one folder, and only from it: a symlink leading elsewhere is refused."""

    def get_source(self, environment, template):
        source, filename, uptodate = super().get_source(environment, template)
        folder = Path(self.searchpath[0]).resolve()
        if not Path(filename).resolve().is_relative_to(folder):
            raise TemplateError(f"{template} leads outside the template folder {folder}")
        return source.removeprefix("\ufeff"), filename, uptodate  # a BOM marks the encoding, it is not text

    def list_templates(self) -> list[str]:
        """Every file's name, as Jinja's own (which walks with os.walk: recursion, one level a call), but walked
        by core/tree.py, so a folder nested a thousand deep is listed, not a RecursionError."""
        folder = Path(self.searchpath[0])
        return sorted((place / name).relative_to(folder).as_posix() for place, _, names in walk(folder)
                      for name in names)


def environment(folders: list[Path]) -> ImmutableSandboxedEnvironment:
    """The one environment for these template folders as they are. Kept, so each template is compiled once
    (compiling them again for every document was most of the time Jinja took). Jinja sees an edited file
    by its modification time, but not a file added to a folder earlier in the search (it would keep the
    built-in one it found before): the files each folder holds are part of the key."""
    holds = tuple(tuple(sorted(p.name for p in folder.iterdir())) if folder.is_dir() else () for folder in folders)
    return _environment(tuple(folders), holds)


class TemplateFailure(Exception):
    """A template that failed, overran its deadline (code template-timeout) or was refused: where, and why."""

    def __init__(self, code: str, template: str | None, line: int, reason: str = ""):
        super().__init__(code, template, line, reason)  # in args, so it crosses from the rendering process
        self.code, self.template, self.line, self.reason = code, template, line, reason

    def finding(self, fallback: str, document: str, timeout: float) -> Finding:
        """The problem, in the template where known, else at fallback (the document's file, say)."""
        mark, where = (self.line, 1 if self.line else 0), display(Path(self.template)) if self.template else fallback
        if self.code == "template-timeout":
            return finding(where, mark, "", self.code, seconds=f"{timeout:g}", document=document)
        return finding(where, mark, "", self.code, reason=self.reason)


class _Overtime(Exception):
    """Raised inside the template's own code when its deadline passes, so the traceback says where it was."""


@lru_cache(maxsize=8)  # a long serve sees templates come and go: keep the recent few
def _environment(folders: tuple[Path, ...], holds: tuple) -> ImmutableSandboxedEnvironment:
    env = Sandbox(
        loader=ChoiceLoader([_FolderLoader(folder) for folder in folders]),
        autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)
    env.filters.update(bounded_filters({"css_string": css_string, "css_page_label": css_page_label}))
    return env


def render_html(env: ImmutableSandboxedEnvironment, view: dict) -> str:
    return env.get_template(f"{view['kind']}.html").render(view)


def render_located(folders: list[Path], view: dict, timeout: float) -> str:
    """The page, or TemplateFailure located in the template file and line. Meant for a process of its own: the
    deadline is an alarm signal that stops a template loop where it is; the process that waits for this one
    kills it should the alarm not be answered (a template stuck in one long C call)."""
    env = environment(folders)
    _compile_all(env)  # before the alarm: the alarm should find the template running, not being compiled
    try:
        with _Alarm(timeout):  # armed and disarmed inside: however soon it comes, it is a template-timeout
            return render_html(env, view)
    except Exception as error:  # a workspace template may fail in any way: it is the template's problem
        failure = _failure(error, folders, view)
    # Raised here, not in the except block: a failure raised there would keep the error, its traceback and so
    # every value the template made (up to the memory limit) alive while the process waits for its next page.
    raise failure


class _Alarm:
    """SIGALRM at the deadline, raising _Overtime where the template is, and again every AGAIN seconds until
    it is answered: an alarm that lands in code catching every exception is lost there, and one lost alarm
    would let the loop run until the memory is gone. One that lands in another library's code (a finalizer or
    a collector's callback, which would swallow it and print "Exception ignored") waits for the next."""

    AGAIN = 0.1

    def __init__(self, seconds: float) -> None:
        self.seconds, self.armed = bounded(seconds), False

    def __enter__(self) -> None:
        self.previous = signal.signal(signal.SIGALRM, self._overtime)
        self.armed = True
        signal.setitimer(signal.ITIMER_REAL, self.seconds, self.AGAIN)

    def _overtime(self, signum, frame) -> None:
        if self.armed and _answerable(frame):
            raise _Overtime(*_running(frame))

    def __exit__(self, *exception) -> None:
        while self.armed:  # an alarm due as the timer stops is answered here, and the timer stopped again
            try:
                signal.setitimer(signal.ITIMER_REAL, 0)
                self.armed = False
            except _Overtime:
                pass
        signal.signal(signal.SIGALRM, self.previous)


def _answerable(frame) -> bool:
    """Whether frame is a template's or code a template runs on (Jinja's, MarkupSafe's, qmtool's)."""
    names = frame.f_globals
    return "__jinja_template__" in names or names.get("__name__", "").partition(".")[0] in _ANSWERABLE


_ANSWERABLE = frozenset({"jinja2", "markupsafe", "qmtool"})


def _failure(error: Exception, folders: list[Path], view: dict) -> TemplateFailure:
    where, line = template_place(error, folders)
    if isinstance(error, _Overtime):
        where, line = error.args if error.args and error.args[0] else (where, line)
        return TemplateFailure("template-timeout", where or top_template(folders, view), line)
    reason = str(error) if isinstance(error, TemplateError) else f"{type(error).__name__}: {error}"
    return TemplateFailure("template-error", where, line, reason)


def _running(frame) -> tuple[str | None, int]:
    """The template line running when the alarm came. The alarm often lands between two pieces of output,
    the template suspended: in an including template (the included one's generator is its gen), or in the
    sandbox counting the page (the template's generator is its pieces)."""
    while frame is not None and "__jinja_template__" not in frame.f_globals:
        frame = _suspended(frame, "pieces") or frame.f_back
    if frame is None:
        return None, 0
    frame = _suspended(frame, "gen") or frame
    template = frame.f_globals["__jinja_template__"]
    return os.path.abspath(template.filename), template.get_corresponding_lineno(frame.f_lineno)


def _suspended(frame, name: str):
    """The frame of the innermost template waiting on the template generator frame holds as name, if any."""
    generator = frame.f_locals.get(name)
    inner = getattr(generator, "gi_frame", None)
    return innermost(generator).gi_frame if inner is not None and "__jinja_template__" in inner.f_globals else None


def _compile_all(env: ImmutableSandboxedEnvironment) -> None:
    """Every template the folders hold, compiled and kept (each only once while unchanged). A template that
    does not compile is left for the render to report, if the page uses it."""
    for name in env.list_templates(filter_func=lambda name: name.endswith(".html")):
        try:
            env.get_template(name)
        except Exception:  # noqa: BLE001 (reported where it is used, or not at all)
            pass


def top_template(folders: list[Path], view: dict) -> str:
    """The file of the template a view is rendered with: the first folder's that has it. Paths are absolute:
    the process that renders may have another current folder than the one that reports."""
    name = f"{view['kind']}.html"
    return os.path.abspath(next((folder / name for folder in folders if (folder / name).is_file()), folders[-1] / name))


def template_place(error: BaseException, folders: list[Path]) -> tuple[str | None, int]:
    """The template file and line an error arose in: Jinja puts template lines into the traceback."""
    filename, line = getattr(error, "filename", None), getattr(error, "lineno", None) or 0
    roots = [folder.resolve() for folder in folders]
    trace = error.__traceback__
    while trace is not None:
        path = Path(trace.tb_frame.f_code.co_filename)
        if path.suffix in (".html", ".css") and any(path.resolve().is_relative_to(r) for r in roots):
            filename, line = str(path), trace.tb_lineno
        trace = trace.tb_next
    return (os.path.abspath(filename) if filename else None), line
