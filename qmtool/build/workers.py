"""Rendering PDFs, in this process or in worker processes, each into a temporary file beside its target."""
from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from ..core.atomic import write_temp
from ..core.processes import die_with_parent
from ..render.pdf import ForbiddenURL, Source, TextOverflow, write_pdf

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


@dataclass(frozen=True)
class Done:
    name: str
    pages: int
    temporaries: tuple[tuple[Path, Path], ...]  # (temporary file, its target)
    seconds: float


class RenderFailed(Exception):
    """WeasyPrint failed on a document (a template made it choke, say): which document, and why."""

    def __init__(self, document: str, reason: str):
        super().__init__(document, reason)  # in args, so it survives the trip back from a worker
        self.document, self.reason = document, reason


def run(task: Task) -> Done:
    start = time.perf_counter()
    try:
        pdf, pages = write_pdf(task.html, list(task.folders), list(task.sources), task.variant, task.date)
    except ForbiddenURL as error:
        raise ForbiddenURL(error.url, task.name) from None
    except TextOverflow as error:
        raise TextOverflow(error.overflows, task.name) from None
    except Exception as error:
        raise RenderFailed(task.name, f"{type(error).__name__}: {error}"[:500]) from None
    temporaries = [(write_temp(task.pdf, pdf), task.pdf)]
    if task.html_path:
        temporaries.append((write_temp(task.html_path, task.html.encode("utf-8")), task.html_path))
    return Done(task.name, pages, tuple(temporaries), time.perf_counter() - start)


def run_all(tasks: list[Task], jobs: int, finished: Callable[[Done], None]) -> None:
    """Render every task, calling finished for each as it completes; the first failure stops the rest."""
    if jobs <= 1 or len(tasks) <= 1:
        for task in tasks:
            finished(run(task))
        return
    for done in _parallel(tasks, jobs):
        finished(done)


def _parallel(tasks: list[Task], jobs: int) -> Iterator[Done]:
    """Up to jobs single-worker pools, each replaced after RECYCLE_AFTER documents.

    (ProcessPoolExecutor's own max_tasks_per_child can hang on Python 3.11 once workers have been
    replaced, so the recycling is done here.) Workers are spawned: they start clean, with no copy of
    this process's memory.
    """
    context = multiprocessing.get_context("spawn")
    queue = list(tasks)  # longest first: the manual leads
    slots: list[list] = []  # [pool, documents it has taken]
    running: dict = {}  # future -> (slot, document)

    def feed(slot: list) -> None:
        if slot[1] >= RECYCLE_AFTER:
            slot[0].shutdown(wait=True)
            slot[:] = [_pool(context), 0]
        slot[1] += 1
        task = queue.pop(0)
        running[slot[0].submit(run, task)] = (slot, task.name)

    try:
        for _ in range(min(jobs, len(queue))):
            slots.append([_pool(context), 0])
            feed(slots[-1])
        while running:
            completed, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in completed:
                slot, name = running.pop(future)
                try:
                    done = future.result()
                except BrokenProcessPool:  # the worker died: killed, out of memory, or could not start
                    raise RenderFailed(name, "the worker process rendering it died") from None
                if queue:
                    feed(slot)
                yield done
    except BaseException:  # a failed document, Ctrl-C, or the caller giving up: stop everything now
        for pool, _ in slots:
            _stop(pool)
        raise
    for pool, _ in slots:
        pool.shutdown(wait=True)


def _pool(context) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=_start_worker,
                               initargs=(os.getpid(),))


def _start_worker(parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops the workers
    die_with_parent(parent)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Cancel what has not started and end what has: a half-written temporary file is swept by the caller."""
    processes = list(pool._processes.values())  # the executor has no public way to stop running tasks
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join()
