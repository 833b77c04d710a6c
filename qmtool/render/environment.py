"""HTML from templates: one sandboxed Jinja2 environment, autoescaped, strict, fed plain data only."""
from __future__ import annotations

import html
import mimetypes
import os
import posixpath
import re
import signal
from bisect import bisect_right
from functools import lru_cache
from pathlib import Path

from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined, TemplateNotFound
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from ..core.limit import LIMIT
from ..core.messages import Phrase
from ..core.opened import LinkRefused, read_under
from ..core.problem import Finding, finding
from ..core.tree import walk
from ..core.worker import bounded
from ..core.workspace import display, template_files
from ..load.characters import is_control, line_starts, name, refusal, refused, refused_in
from ..load.encoding import NotUtf8, utf8_text
from .filters import bounded_filters
from .refusal import Refused, reason_of
from .sandbox import Sandbox, innermost

DEFAULT_TIMEOUT = 60.0  # seconds per document; the whole reference manual renders in a fraction of one


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
    """Templates from one folder, and only from it: a symlink leading elsewhere is refused. Each file is read
    as the loader reads a YAML file: UTF-8 (a BOM allowed) holding no refused character, else TemplateFailure
    located in the file itself, in characters (Jinja's own decoding would blame the template including it, at
    a byte offset)."""

    def get_source(self, environment, template):
        folder = Path(self.searchpath[0])
        path = Path(posixpath.join(folder, *split_template_path(template)))
        if not path.is_file():
            raise TemplateNotFound(template)
        if not path.resolve().is_relative_to(folder.resolve()):
            raise Refused(Phrase(("template-outside", template, str(folder.resolve()))))
        filename = os.path.normpath(os.path.abspath(path))
        try:  # opened as judged, by descriptor: a link swapped in after the check above is refused, not followed
            raw = read_under(folder, path)
        except LinkRefused:
            raise Refused(Phrase(("template-outside", template, str(folder.resolve())))) from None
        except FileNotFoundError:
            raise TemplateNotFound(template) from None
        text = template_text(raw, filename)  # its characters: template_refusals
        mtime = os.path.getmtime(filename)

        def uptodate() -> bool:
            try:
                return os.path.getmtime(filename) == mtime
            except OSError:
                return False

        return text, filename, uptodate

    def list_templates(self) -> list[str]:
        """Every file's name, as Jinja's own (which walks with os.walk: recursion, one level a call), but walked
        by core/tree.py, so a folder nested a thousand deep is listed, not a RecursionError."""
        folder = Path(self.searchpath[0])
        return sorted((place / name).relative_to(folder).as_posix() for place, _, names in walk(folder)
                      for name in names)


def template_text(raw: bytes, filename: str) -> str:
    """A template file's text: UTF-8, a BOM allowed; else TemplateFailure at the first byte that is not, in
    characters (the characters it holds are judged over the whole folder, by template_refusals)."""
    try:
        return utf8_text(raw, Path(filename).name)
    except NotUtf8 as bad:
        (line, column), params = bad.mark, bad.params
        raise TemplateFailure("encoding", filename, line, column=column, params=params) from None


def judged_text(raw: bytes, filename: str) -> str:
    """template_text, and TemplateFailure holding every refusal of the file (the first LIMIT, and how many more)
    if it holds a character no file may hold."""
    text = template_text(raw, filename)
    if refused_in(text) or _WRITTEN.search(text):
        if found := sorted(_refusals(text)):
            (line, column), code, params = found[0]
            raise TemplateFailure(code, filename, line, column=column, params=params, more=tuple(found[1:LIMIT]),
                                  hidden=max(0, len(found) - LIMIT))
    return text


def template_refusals(folders: list[Path]) -> list[Finding]:
    """Every text file of the template folders (templates, style sheets, SVG images) judged as the loader judges
    a YAML file: UTF-8, and no refused character, as it is or written by reference or escape. Each refusal is
    located in its file, all at once (the first LIMIT of a file, and how many more)."""
    return [found for folder in folders for path in template_files(folder) if is_text_file(path)
            for found in _judged(folder, path, *_stamp(path))]


def is_text_file(path: Path) -> bool:
    mime, _ = mimetypes.guess_type(path.name)
    return mime is not None and (mime.startswith("text/") or mime.endswith(("/xml", "+xml")))


def _stamp(path: Path) -> tuple[int, int]:
    try:
        info = path.stat()
    except OSError:
        return 0, 0
    return info.st_mtime_ns, info.st_size


@lru_cache(maxsize=256)  # judged once per version of each file, not once per page
def _judged(folder: Path, path: Path, mtime: int, size: int) -> tuple[Finding, ...]:
    try:
        judged_text(read_under(folder, path), str(path))
    except OSError:
        return ()
    except TemplateFailure as failure:
        return tuple(failure.findings(display(path), "", 0))
    return ()


# A character written by reference (&#x202E;, &#8238;), by escape in a string of the template's code ("\u202e"),
# or by escape in CSS (content: "\202E")
_WRITTEN = re.compile(r"&#(?:[xX][0-9A-Fa-f]{1,8}|[0-9]{1,10});|\\(?:x([0-9A-Fa-f]{2})|u([0-9A-Fa-f]{4})|"
                      r"U([0-9A-Fa-f]{8})|([0-9A-Fa-f]{1,6}))")


def _refusals(text: str):
    """((line, column), code, params) of each refused character, as it is or written by reference or escape."""
    for mark, char, control in refused(text):
        yield (mark, *refusal(char, control, "file-template"))
    starts = None
    for match in _WRITTEN.finditer(text):
        escape = next((group for group in match.groups() if group), None)
        # A reference means what an HTML parser makes of it (&#x85; is "…", as in windows-1252)
        char = html.unescape(match.group()) if escape is None else chr(min(int(escape, 16), 0xFFFD))
        if refused_in(char):
            starts = starts or line_starts(text)
            line = bisect_right(starts, match.start())
            yield ((line, match.start() - starts[line - 1] + 1),
                   *refusal(name(char), is_control(char), "file-template"))


def environment(folders: list[Path]) -> ImmutableSandboxedEnvironment:
    """The one environment for these template folders as they are. Kept, so each template is compiled once
    (compiling them again for every document was most of the time Jinja took). Jinja sees an edited file
    by its modification time, but not a file added to a folder earlier in the search (it would keep the
    built-in one it found before): the files each folder holds are part of the key."""
    holds = tuple(tuple(sorted(p.name for p in folder.iterdir())) if folder.is_dir() else () for folder in folders)
    return _environment(tuple(folders), holds)


class TemplateFailure(Exception):
    """A template that failed, overran its deadline (code template-timeout) or was refused: where, and why. A
    file refused as it was read also has a column, its finding's params, the file's further refusals (more:
    (mark, code, params) each) and how many past those it had (hidden)."""

    def __init__(self, code: str, template: str | None, line: int, reason: str | Phrase = "", column: int = 0,
                 params: dict | None = None, more: tuple = (), hidden: int = 0):
        # In args, so it crosses from the rendering process
        super().__init__(code, template, line, reason, column, params, more, hidden)
        self.code, self.template, self.line, self.reason = code, template, line, reason
        self.column, self.params, self.more, self.hidden = column or (1 if line else 0), params, more, hidden

    def finding(self, fallback: str, document: str, timeout: float) -> Finding:
        """The problem, in the template where known, else at fallback (the document's file, say)."""
        mark, where = (self.line, self.column), display(Path(self.template)) if self.template else fallback
        if self.code == "template-timeout":
            return finding(where, mark, "", self.code, seconds=f"{timeout:g}", document=document)
        if self.params is not None:
            return finding(where, mark, "", self.code, **self.params)
        return finding(where, mark, "", self.code, reason=self.reason)

    def findings(self, fallback: str, document: str, timeout: float) -> list[Finding]:
        """The problem, and the further refusals of the same file."""
        first = self.finding(fallback, document, timeout)
        more = [finding(first.path, mark, "", code, **params) for mark, code, params in self.more]
        if self.hidden:
            more.append(finding(first.path, (0, 0), "", "more-problems", count=self.hidden, errors=self.hidden,
                                warnings=0, limit=LIMIT))
        return [first, *more]


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
    if isinstance(error, TemplateFailure):  # a file refused as it was read: located already
        return error
    where, line = template_place(error, folders)
    if isinstance(error, _Overtime):
        where, line = error.args if error.args and error.args[0] else (where, line)
        return TemplateFailure("template-timeout", where or top_template(folders, view), line)
    return TemplateFailure("template-error", where, line, reason_of(error))


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
    for template in env.list_templates(filter_func=lambda file: file.endswith(".html")):
        try:
            env.get_template(template)
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
