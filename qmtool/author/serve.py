"""A live preview on 127.0.0.1: each document as HTML, re-rendered when a file changes, and the
validation problems, linked to their file and line, in place of a stale document."""
from __future__ import annotations

import html
import os
import sys
import threading
import traceback
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from ..check.memo import memo_folder
from ..check.validate import validate
from ..core.characters import escaped
from ..core.labels import labels
from ..core.messages import fill, word
from ..core.opened import read_within
from ..core.problem import Finding, Problem, has_errors
from ..core.temporary import temporary_folder
from ..core.worker import bounded
from ..core.workspace import input_folders, scan
from ..load.workspace import Workspace
from ..render.environment import DEFAULT_TIMEOUT, template_refusals

POLL_MS = 300  # how often an open page asks whether the workspace changed
_RELOAD = """<script>
(function () {
  var seen = %s;
  setInterval(function () {
    fetch("/_version", {cache: "no-store"}).then(function (r) { return r.text(); }).then(function (v) {
      if (Number(v) !== seen) { location.reload(); }
    }).catch(function () {});
  }, %d);
})();
</script>"""
_STYLE = """<style>
.qmtool-problems { font: 14px/1.5 sans-serif; background: #fff4f4; border: 2px solid #b00;
                   padding: 8px 16px; margin: 8px; }
.qmtool-problems h1 { font-size: 16px; margin: 4px 0; color: #b00; }
.qmtool-problems li { margin: 2px 0; }
.qmtool-problems .hint { color: #555; }
.qmtool-source { font: 13px/1.45 monospace; white-space: pre; }
.qmtool-source :target { background: #ffe08a; }
</style>"""


class Preview:
    """The workspace as the browser sees it, brought up to date when a file has changed since the last look."""

    def __init__(self, root: Path, timeout: float = DEFAULT_TIMEOUT):
        self.root = root.resolve()
        self.timeout = bounded(timeout)
        self.version = 0
        self._signature: tuple | None = None
        self._lock = threading.Lock()
        self._validating = False  # a request is validating the workspace: the others do not wait for it
        self._report = None
        self._pages: dict[str, str | Finding] = {}  # a page, or why its template failed
        self._rendering: dict[str, threading.Lock] = {}  # a lock for each page, held while it renders

    def files(self) -> list[Path]:
        """Everything a page depends on: the documents and the workspace's own templates, none read
        through a link leading out of the workspace."""
        found = scan(self.root)
        return found.documents + found.templates

    def refresh(self) -> int:
        """The version of the workspace now: a new one whenever a document or template changed. Validation
        runs outside the lock, in the one request that found the change: every other request is answered
        from the last version meanwhile (a hostile file can keep validation busy for a while), and an open
        page reloads once the new version is there."""
        signature = tuple(_stat(path) for path in self.files())
        with self._lock:
            if signature == self._signature or self._validating:
                return self.version
            self._validating = True
        try:
            report = validate(Workspace.at(self.root), memo=memo_folder())
        except BaseException:
            with self._lock:
                self._validating = False
            raise
        with self._lock:
            self._signature, self._report, self._pages = signature, report, {}
            self._validating = False
            self.version += 1
            return self.version

    @property
    def language(self) -> str:
        return self._report.language if self._report else "en"

    def problems(self) -> list[Problem]:
        return self._report.problems() if self._report else []

    def documents(self) -> list[dict]:
        return sorted(self._report.documents, key=lambda d: (d.get("kind") != "manual", str(d.get("id"))))

    def page(self, doc_id: str) -> tuple[int, str]:
        """(status, HTML) of one document: the document itself, or the problems that stand in its way. The
        template runs outside the lock: one page stuck in its template holds up no other request."""
        from ..render.page import TemplateFailed, page_html

        version = self.refresh()
        with self._lock:
            problems, language = self.problems(), self.language
            if has_errors(problems):
                return HTTPStatus.OK, self._shell(problems, "", version)
            workspace = self._report.workspace
            source = next((s for s in workspace.sources if isinstance(s.data, dict) and s.data.get("id") == doc_id),
                          None)
            if source is None:
                said = html.escape(fill(word(language, "serve-no-document"), doc_id))
                return HTTPStatus.NOT_FOUND, self._shell(problems, f"<p>{said}</p>{self._index()}", version)
            rendering = self._rendering.setdefault(doc_id, threading.Lock())
        with rendering:  # many requests for one page: one renders it, the others wait for it
            with self._lock:
                page = self._pages.get(doc_id) if self.version == version else None
            if page is None:
                try:
                    page = page_html(source, workspace, self.timeout)
                    page = template_refusals(workspace.folders) or page  # a refused character: shown as a build says it
                except TemplateFailed as failed:
                    page = failed.findings  # kept like a page: the same template would fail again the same way
                with self._lock:
                    if self.version == version:
                        self._pages[doc_id] = page
        if not isinstance(page, str):
            return HTTPStatus.OK, self._shell([found.problem(language) for found in page], "", version)
        return HTTPStatus.OK, _inject(page, self._banner(problems) + _RELOAD % (version, POLL_MS))

    def index(self) -> str:
        version = self.refresh()
        with self._lock:
            return self._shell(self.problems(), self._index(), version)

    def source(self, relative: str) -> tuple[int, str]:
        """A document or template with numbered lines, each line an anchor (#L41), for the problem links."""
        version = self.refresh()
        path = Path(os.path.normpath(self.root / relative))
        found = path in self.files()  # only what the workspace may read: no climbing, no link leading out
        if not found:
            said = fill(word(self.language, "serve-no-file"), relative)
            return HTTPStatus.NOT_FOUND, self._shell([], f"<p>{html.escape(said)}</p>", version)
        try:  # by descriptor: a link swapped in after the listing is not followed out of the workspace
            raw = read_within(self.root, path.relative_to(self.root))
        except OSError:
            said = fill(word(self.language, "serve-no-file"), relative)
            return HTTPStatus.NOT_FOUND, self._shell([], f"<p>{html.escape(said)}</p>", version)
        lines = raw.decode("utf-8", errors="replace").splitlines()
        body = "".join(f'<span id="L{n}">{n:>5}  {html.escape(line)}</span>\n' for n, line in enumerate(lines, 1))
        page = f"<h1>{html.escape(relative)}</h1><div class='qmtool-source'>{body}</div>"
        return HTTPStatus.OK, self._shell([], page, version)

    def _index(self) -> str:
        items = "".join(f'<li><a href="/{quote(str(d.get("id")))}.html">{html.escape(str(d.get("id")))} '
                        f'{html.escape(str(d.get("title", "")))}</a></li>' for d in self.documents())
        return f"<ul class='qmtool-documents'>{items}</ul>"

    def _banner(self, problems: list[Problem]) -> str:
        if not problems:
            return ""
        items = []
        for p in problems:
            where = f"{p.path}:{p.line}:{p.column}" if p.line else p.path
            relative = Path(os.path.relpath(os.path.abspath(p.path), self.root)).as_posix()  # a link as named
            link = f"/_source/{quote(relative)}" + (f"#L{p.line}" if p.line else "")
            hint = f'<br><span class="hint">{html.escape(p.hint)}</span>' if p.hint else ""
            items.append(f'<li><a href="{link}">{html.escape(escaped(where))}</a> {p.severity}[{p.code}]: '
                         f'{html.escape(p.message)}{hint}</li>')
        return (f'<div class="qmtool-problems" role="alert"><h1>{html.escape(labels(self.language)["problems"])}'
                f'</h1><ol>{"".join(items)}</ol></div>')

    def _shell(self, problems: list[Problem], body: str, version: int) -> str:
        title = html.escape(labels(self.language)["preview"])
        return (f'<!DOCTYPE html><html lang="{self.language}"><head><meta charset="utf-8"><title>{title}</title>'
                f'{_STYLE}</head><body>{self._banner(problems)}{body}{_RELOAD % (version, POLL_MS)}</body></html>')


def _stat(path: Path) -> tuple:
    try:
        info = path.stat()
        return str(path), info.st_mtime_ns, info.st_size
    except OSError:
        return str(path), None, None


def _inject(page: str, extra: str) -> str:
    """The page with the problems banner at the top of its body and the reload script."""
    head, sep, rest = page.partition("<body")
    if not sep:
        return extra + page
    tag_end = rest.index(">") + 1
    return f"{head}<body{rest[:tag_end]}{_STYLE}{extra}{rest[tag_end:]}"


class _Server(ThreadingHTTPServer):
    """The preview's server: a client gone before its answer is written is no error; anything else that fails
    a request goes to log as one text, whole."""

    daemon_threads = True
    log: Callable[[str], None] | None = None
    language: Callable[[], str] = staticmethod(lambda: "en")  # the workspace's language, as it is now

    def handle_error(self, request, client_address) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError):  # a browser that navigated away mid-load: nothing to say
            return
        if self.log is not None:  # the default would print several writes, torn apart by other threads'
            self.log(f"a request from {client_address[0]}:{client_address[1]} failed:\n"
                     + "".join(traceback.format_exception(error)).rstrip("\n"))


def make_server(root: Path, port: int, render_timeout: float = DEFAULT_TIMEOUT,
                log: Callable[[str], None] | None = None) -> ThreadingHTTPServer:
    """A server on 127.0.0.1 (port 0: any free port); serve_forever() runs it. render_timeout: seconds a
    page's templates may take before the page shows a template-timeout problem instead. log: called with the
    whole text of a request that failed by a fault of qmtool's (never for a client that hung up)."""
    temporary_folder(input_folders(root))  # refused (OutputRefused) before the workers write there
    preview = Preview(root, render_timeout)
    preview.refresh()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = unquote(urlsplit(self.path).path)
            if self.headers.get("Host") not in hosts:  # a page elsewhere reaching here by DNS rebinding
                self._send(HTTPStatus.BAD_REQUEST, word(preview.language, "serve-host"), "text/plain")
            elif path == "/_version":
                self._send(HTTPStatus.OK, str(preview.refresh()), "text/plain")
            elif path in ("/", "/index.html"):
                self._send(HTTPStatus.OK, preview.index())
            elif path.startswith("/_source/"):
                self._send(*preview.source(path.removeprefix("/_source/")))
            elif path.endswith(".html"):
                self._send(*preview.page(path.strip("/").removesuffix(".html")))
            else:
                preview.refresh()  # in the language the workspace has now
                self._send(HTTPStatus.NOT_FOUND, word(preview.language, "serve-not-found"), "text/plain")

        def _send(self, status: int, text: str, kind: str = "text/html") -> None:
            data = text.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        def do_HEAD(self) -> None:  # curl -I: the status and headers GET would answer, without the body
            self.do_GET()

        def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
            """A request http.server refuses before any do_ (a URI too long, garbage, a method other than GET
            or HEAD, too many headers, an HTTP version it does not speak): said plainly in the workspace's
            language, not as http.server's English "Error response" page; the connection is then closed."""
            self.close_connection = True
            if self.request_version not in ("HTTP/1.0", "HTTP/1.1"):  # garbage, HTTP/9.9: left as HTTP/0.9,
                self.request_version = "HTTP/1.0"  # which http.server answers with no status line, only a body
            data = word(preview.language, "serve-request").format(code).encode("utf-8")
            self.send_response(code)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Connection", "close")
            self.end_headers()
            if self.command != "HEAD" and code >= 200 and code not in (HTTPStatus.NO_CONTENT,
                                                                       HTTPStatus.NOT_MODIFIED):
                self.wfile.write(data)

        def log_message(self, format, *args) -> None:  # the library does not print
            pass

    server = _Server(("127.0.0.1", port), Handler)
    server.log = log
    server.language = lambda: preview.language  # the workspace's, for what the command says of the server
    hosts = {f"127.0.0.1:{server.server_port}", f"localhost:{server.server_port}"}
    return server
