"""Pages rendered, and PDFs laid out, in processes of their own (core/worker.py), each killed when it overruns
its document's deadline.

Template processes are kept between pages (each keeps its compiled templates) and one is taken per page, so
several threads (serve's requests) render at once and one stuck page holds up no other.
"""
from __future__ import annotations

import os
import resource
import threading
from pathlib import Path

from ..core.messages import Word
from ..core.problem import Finding, finding
from ..core.worker import Died, Overran, Worker, bounded
from .environment import TemplateFailure, render_located, top_template

GRACE = 2.0  # seconds the alarm inside the process has to stop the template before it is killed from here
MEMORY = 2 * 2**30  # bytes of data a rendering process may hold: a string doubled in a loop meets MemoryError
# WeasyPrint's layout time grows with the page: each started block of this many characters of a page gets the
# deadline once more (the reference documents are 20,000 to 50,000; a 300-procedure manual, 1.5 million).
LAYOUT_BLOCK = 100_000

_idle: list[Worker] = []
_idle_lock = threading.Lock()  # held only to take or give back a process, never while one renders


def render_page(folders: list[Path], view: dict, timeout: float) -> str:
    """The page; TemplateFailure (template-error or template-timeout, located) when its template fails or
    is still running after timeout seconds."""
    timeout = bounded(timeout)
    with _idle_lock:
        while _idle and not _idle[-1].process.is_alive():
            _idle.pop().kill()
        renderer = _idle.pop() if _idle else None
    renderer = renderer or Worker(_limit_memory, "qmtool-template")
    folders = [Path(os.path.abspath(folder)) for folder in folders]  # the process may be in another folder
    try:
        page = renderer.call(timeout + GRACE, render_located, folders, view, timeout)
    except TemplateFailure:
        _give_back(renderer)
        raise
    except MemoryError:  # raised outside the template's own code (the page itself is too large)
        _give_back(renderer)
        raise TemplateFailure("template-error", top_template(folders, view), 0, Word("render-memory")) from None
    except Overran:
        renderer.kill()
        raise TemplateFailure("template-timeout", top_template(folders, view), 0) from None
    except Died:  # out of memory beyond MemoryError, or killed
        renderer.kill()
        raise TemplateFailure("template-error", top_template(folders, view), 0,
                              Word("render-process-died")) from None
    _give_back(renderer)
    return page


def _give_back(renderer: Worker) -> None:
    with _idle_lock:
        _idle.append(renderer)


def _limit_memory() -> None:
    _, hard = resource.getrlimit(resource.RLIMIT_DATA)
    limit = MEMORY if hard == resource.RLIM_INFINITY else min(MEMORY, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))


class LayoutFailure(Exception):
    """The process making a document's PDF was stopped at its deadline (layout-timeout), or died (reason)."""

    def __init__(self, document: str, seconds: float, reason: str = ""):
        super().__init__(document, seconds, reason)  # in args, so it survives the trip back from a worker
        self.document, self.seconds, self.reason = document, seconds, reason

    def finding(self, where: str) -> Finding:
        if self.reason:
            return finding(where, (0, 0), "", "render-error", reason=self.reason)
        return finding(where, (0, 0), "", "layout-timeout", document=self.document, seconds=f"{self.seconds:g}")


def layout_seconds(page: str, timeout: float) -> float:
    """How long WeasyPrint may take to make a page's PDF: timeout for each started LAYOUT_BLOCK characters,
    so a manual of hundreds of procedures gets the minutes it needs, while a small page whose boxes are nested
    to take hours (flex in flex in flex) is stopped as soon as a template would be."""
    return bounded(bounded(timeout) * (1 + len(page) // LAYOUT_BLOCK))


def start_pdf_process() -> None:
    """Setup of a process that makes PDFs: WeasyPrint imported before the first document's clock starts."""
    import gc

    import weasyprint  # noqa: F401

    from . import fontsubset, overflow  # noqa: F401

    # Modules live to the end; WeasyPrint makes millions of short-lived objects. Freezing the first keeps the
    # collector from walking them again at every full collection.
    gc.collect()
    gc.freeze()
