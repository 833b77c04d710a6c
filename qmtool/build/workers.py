"""Rendering PDFs in worker processes, each into a temporary file beside its target, each within a deadline."""
from __future__ import annotations

import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import wait
from pathlib import Path

from ..core.atomic import write_temp
from ..core.messages import Phrase, Word
from ..core.problem import Finding, finding
from ..core.worker import Died, Worker
from ..render.deadline import LayoutFailure, layout_seconds, start_pdf_process
from ..render.environment import TemplateFailure
from ..render.glyphs import readable_templates
from ..render.overflow import overflow_findings
from ..render.pdf import ForbiddenURL, Source, TextOverflow, write_pdf
from ..render.refusal import quoted

RECYCLE_AFTER = 12  # documents per worker before it is replaced, so memory stays flat over hundreds of PDFs


@dataclass(frozen=True)
class Task:
    """Everything one PDF needs, already rendered to HTML: cheap to send to a worker."""

    name: str
    html: str
    pdf: Path
    html_path: Path | None
    folders: tuple[Path, ...]
    sources: tuple[Source, ...]
    variant: str
    date: str
    out: Path | None = None  # the output folder the files go under: written into by descriptor, through no link


@dataclass(frozen=True)
class Done:
    name: str
    pages: int
    temporaries: tuple[tuple[Path, Path], ...]  # (temporary file, its target)
    seconds: float


class RenderFailed(Exception):
    """WeasyPrint failed on a document (a template made it choke, say): which document, and why."""

    def __init__(self, document: str, reason: str | Phrase):
        super().__init__(document, reason)  # in args, so it survives the trip back from a worker
        self.document, self.reason = document, reason


class AssetRefused(Exception):
    """A text file of the template folders (a style sheet, an SVG image) refused as WeasyPrint fetched it:
    the failure, located in that file, and whose rendering fetched it."""

    def __init__(self, failure: TemplateFailure, document: str):
        super().__init__(failure, document)  # in args, so it survives the trip back from a worker
        self.failure, self.document = failure, document


def failure_findings(error: Exception, where: str, printed=(), folders=()) -> list[Finding]:
    """A PDF that run_all could not make, as findings at where: a URL refused, text a reader would not see (at
    the value of printed that holds it, if one does and no template of folders does too: overflow_findings),
    a layout past its deadline, a template-folder file refused (in that file), or WeasyPrint failing."""
    if isinstance(error, ForbiddenURL):
        url = error.url if len(error.url) <= 100 else f"{error.url[:80]}…"
        return [finding(where, (0, 0), "", "forbidden-url", url=url)]
    if isinstance(error, TextOverflow):
        templates = [text for _, text in readable_templates(folders)]
        return overflow_findings(where, error.document, error.overflows, printed, templates)
    if isinstance(error, LayoutFailure):
        return [error.finding(where)]
    if isinstance(error, AssetRefused):
        return error.failure.findings(where, error.document, 0)
    return [finding(where, (0, 0), "", "render-error", reason=error.reason)]


# What failure_findings turns into findings
FAILURES = (ForbiddenURL, RenderFailed, TextOverflow, LayoutFailure, AssetRefused)


def run(task: Task, writer=write_pdf) -> Done:
    start = time.perf_counter()
    try:
        pdf, pages = writer(task.html, list(task.folders), list(task.sources), task.variant, task.date)
    except ForbiddenURL as error:
        raise ForbiddenURL(error.url, task.name) from None
    except TextOverflow as error:
        raise TextOverflow(error.overflows, task.name) from None
    except TemplateFailure as error:
        raise AssetRefused(error, task.name) from None
    except Exception as error:
        raise RenderFailed(task.name, quoted(_said(error)[:500])) from None
    temporaries: list[tuple[Path, Path]] = []
    try:
        for target, data in ((task.pdf, pdf), (task.html_path, task.html.encode("utf-8"))):
            if target is not None:
                temporaries.append((write_temp(target, data, task.out), target))
    except BaseException:  # the HTML's path refused (a FIFO there, say): the PDF's temporary file goes too
        for temporary, _ in temporaries:
            temporary.unlink(missing_ok=True)
        raise
    return Done(task.name, pages, tuple(temporaries), time.perf_counter() - start)


def _said(error: Exception) -> str:
    """What went wrong inside WeasyPrint, for its report: the error and its text, or, for one that says nothing
    (an assertion inside WeasyPrint), where it was raised."""
    if str(error):
        return f"{type(error).__name__}: {error}"
    frames = traceback.extract_tb(error.__traceback__)
    where = f" ({Path(frames[-1].filename).parent.name}/{Path(frames[-1].filename).name}:{frames[-1].lineno})" \
        if frames else ""
    return f"{type(error).__name__}{where}"


def run_all(tasks: list[Task], jobs: int, finished: Callable[[Done], None], timeout: float) -> None:
    """Render every task, calling finished for each as it completes; the first failure stops the rest. Each
    PDF may take layout_seconds (render/deadline.py) from when its worker takes it: LayoutFailure otherwise."""
    for done in _parallel(tasks, jobs, timeout):
        finished(done)


def _parallel(tasks: list[Task], jobs: int, timeout: float) -> Iterator[Done]:
    """Up to jobs worker processes, each replaced after RECYCLE_AFTER documents. Even one document is made in
    a worker: only a process can be stopped at a deadline whatever it is doing."""
    queue = list(tasks)  # longest first: the manual leads
    working: dict[Worker, tuple[Task, float]] = {}  # each busy worker: its task, and the seconds it may take

    def give(worker: Worker) -> None:
        if worker.calls >= RECYCLE_AFTER:
            _end(worker)
            worker = Worker(start_pdf_process, "qmtool-pdf")
        task = queue.pop(0)
        # The writer goes along, not looked up in the worker: a stand-in set here (the tests' fake) is used there.
        worker.send(run, task, write_pdf)
        working[worker] = (task, layout_seconds(task.html, timeout))

    try:
        for _ in range(min(jobs, len(queue))):
            give(Worker(start_pdf_process, "qmtool-pdf"))
        while working:
            soonest = min(worker.deadline(seconds) for worker, (_, seconds) in working.items())
            ready = wait([worker.connection for worker in working], max(0.0, soonest - time.monotonic()))
            for worker in [worker for worker in working if worker.connection in ready]:
                task, seconds = working[worker]
                try:
                    done, value = worker.answer()
                except Died:  # killed, out of memory, or could not start
                    raise RenderFailed(task.name, Word("worker-died")) from None
                if not done:
                    continue
                del working[worker]
                if queue:
                    give(worker)
                else:
                    _end(worker)
                yield value
            for worker, (task, seconds) in working.items():
                if time.monotonic() >= worker.deadline(seconds):
                    if not worker.taken:
                        raise RenderFailed(task.name, Word("worker-not-started"))
                    raise LayoutFailure(task.name, seconds)
    finally:  # done, a failed or overrun document, Ctrl-C, or the caller giving up: no worker outlives this
        for worker in working:
            worker.kill()


def _end(worker: Worker) -> None:
    """An idle worker told to end (its connection closed) and waited for."""
    worker.connection.close()
    worker.process.join()
