"""Templates rendered in processes of their own, each killed when it overruns its document's deadline.

A pure-Python loop in a template can only be stopped reliably from outside, so Jinja never runs in the
caller's process. The processes are kept between pages (each keeps its compiled templates) and one is
taken per page, so several threads (serve's requests) render at once and one stuck page holds up no other.
"""
from __future__ import annotations

import multiprocessing
import os
import resource
import threading
from multiprocessing.connection import Connection
from pathlib import Path

from .environment import TemplateFailure, top_template

STARTUP = 120.0  # seconds a new rendering process may take to import Jinja on a very busy machine
GRACE = 2.0  # seconds the alarm inside the process has to stop the template before it is killed from here
MEMORY = 2 * 2**30  # bytes of data a rendering process may hold: a string doubled in a loop meets MemoryError


class _Renderer:
    """One process that renders pages sent to it, one at a time."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")  # not fork: serve has threads, which fork would copy mid-lock
        self.connection, theirs = context.Pipe()
        passing = threading.current_thread() is not threading.main_thread()  # see die_with_parent
        self.process = context.Process(target=_serve, args=(theirs, os.getpid(), passing), daemon=True,
                                       name="qmtool-template")
        self.process.start()
        theirs.close()
        self.started = False

    def render(self, folders: list[Path], view: dict, timeout: float) -> str:
        self.connection.send((folders, view, timeout))
        if not self.connection.poll(STARTUP if not self.started else GRACE):  # the acknowledgement
            raise TimeoutError
        self.connection.recv()
        self.started = True
        if not self.connection.poll(timeout + GRACE):
            raise TimeoutError
        ok, value = self.connection.recv()
        if not ok:
            raise value
        return value

    def kill(self) -> None:
        self.process.kill()
        self.process.join()
        self.connection.close()


_idle: list[_Renderer] = []
_idle_lock = threading.Lock()  # held only to take or give back a process, never while one renders


def render_page(folders: list[Path], view: dict, timeout: float) -> str:
    """The page; TemplateFailure (template-error or template-timeout, located) when its template fails or
    is still running after timeout seconds."""
    with _idle_lock:
        while _idle and not _idle[-1].process.is_alive():
            _idle.pop().kill()
        renderer = _idle.pop() if _idle else None
    renderer = renderer or _Renderer()
    folders = [Path(os.path.abspath(folder)) for folder in folders]  # the process may be in another folder
    try:
        page = renderer.render(folders, view, timeout)
    except TemplateFailure:
        _give_back(renderer)
        raise
    except TimeoutError:
        renderer.kill()
        raise TemplateFailure("template-timeout", top_template(folders, view), 0) from None
    except (EOFError, OSError):  # it died: out of memory beyond MemoryError, or killed
        renderer.kill()
        raise TemplateFailure("template-error", top_template(folders, view), 0,
                              "the process rendering the template died") from None
    _give_back(renderer)
    return page


def _give_back(renderer: _Renderer) -> None:
    with _idle_lock:
        _idle.append(renderer)


def _serve(connection: Connection, parent: int, watch: bool) -> None:
    """The rendering process: a page for every request, until the parent goes away."""
    from ..core.processes import die_with_parent
    from .environment import render_located

    die_with_parent(parent, watch)
    _, hard = resource.getrlimit(resource.RLIMIT_DATA)
    limit = MEMORY if hard == resource.RLIM_INFINITY else min(MEMORY, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))
    while True:
        try:
            folders, view, timeout = connection.recv()
        except (EOFError, OSError):
            return
        connection.send(None)
        try:
            reply = (True, render_located(folders, view, timeout))
        except TemplateFailure as failure:
            reply = (False, failure)
        except MemoryError:  # raised outside the template's own code (the page itself is too large)
            reply = (False, TemplateFailure("template-error", top_template(folders, view), 0, "MemoryError"))
        connection.send(reply)
