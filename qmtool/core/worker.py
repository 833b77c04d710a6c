"""A process of qmtool's own that runs the calls sent to it, one at a time, each killable at its deadline.

Work that may run for ever (a template's loop, WeasyPrint's layout of boxes nested a thousand ways) can only
be stopped reliably from outside, so it runs in one of these. The process says when it takes a call, so
the call's clock starts then: starting the process and importing what it needs are not counted.
"""
from __future__ import annotations

import os
import pickle
import signal
import time
from collections.abc import Callable

from .temporary import temporary_usable

STARTUP = 120.0  # seconds a new process may take to start and import its libraries on a very busy machine
ANSWER = 10.0  # seconds a started process has to take a call (it waits for one: only a swapping machine is slow)
# What the processes run, imported once by the server they are forked from (see Worker), not by each of them.
PRELOAD = ["qmtool.render.deadline", "qmtool.build.workers", "qmtool.render.pdf", "qmtool.render.overflow",
           "qmtool.render.fontsubset", "weasyprint"]
_start = "forkserver"  # how workers are started: "spawn" once the fork server could not be
SHORTEST, LONGEST = 0.1, 86400.0  # the deadlines allowed: below a tenth of a second nothing renders; a day
#                                   is longer than any real document needs, and far inside what clocks hold


def bounded(seconds: float) -> float:
    """seconds as a deadline a process can keep: between SHORTEST and LONGEST (inf or 1e20 would overflow
    the clocks, 1e-320 would fire before anything ran); nan, no number of seconds at all, is the shortest."""
    return min(seconds, LONGEST) if seconds >= SHORTEST else SHORTEST


class Overran(Exception):
    """The call was still running at its deadline (or the process never took it); the process must be killed."""


class Died(Exception):
    """The process went away during the call: killed, out of memory, or unable to start."""


class Worker:
    """One process that ends when qmtool does, even when qmtool is killed (see processes.py); setup runs in it
    once, before any call.

    It is forked by multiprocessing's fork server, a single-threaded process started once, which has imported
    WeasyPrint and the rest of PRELOAD: a worker starts in milliseconds, where a spawned one spent a second
    importing them, and a fork from that server copies no lock that another thread of qmtool's (serve's
    requests) holds, as a fork of qmtool itself could."""

    def __init__(self, setup: Callable[[], None] | None = None, name: str = "qmtool-worker") -> None:
        global _start
        if _start == "forkserver" and not temporary_usable():
            # The fork server's socket is made in a folder in TMPDIR, and TMPDIR is in a release: spawned
            # workers need no folder there (their pipes have no name), so nothing is written into the release.
            _start = "spawn"
        try:
            self._start(_start, setup, name)
        except OSError:  # no fork server: its socket's path (under TMPDIR) too long, TMPDIR not writable
            if _start == "spawn":
                raise
            self.connection.close()
            _start = "spawn"  # as before the fork server: each worker imports what it runs itself
            self._start(_start, setup, name)

    def _start(self, method: str, setup: Callable[[], None] | None, name: str) -> None:
        import multiprocessing  # here, not above: validate and the other commands that start no worker skip it

        context = multiprocessing.get_context(method)
        if method == "forkserver":
            context.set_forkserver_preload(PRELOAD)  # read when the server starts; the same list every time
        self.connection, theirs = context.Pipe()
        # The server's own folder and environment are those of when it started: the worker takes qmtool's now,
        # as a spawned process would.
        self.process = context.Process(target=_serve, args=(theirs, os.getpid(), setup, os.getcwd(),
                                                            dict(os.environ)), daemon=True, name=name)
        try:
            self.process.start()
        finally:
            theirs.close()
        self.started = False  # has taken a call: its setup is done
        self.calls = 0
        self.sent = self.taken = 0.0  # when the last call was sent, and taken (0: not yet)

    def send(self, function: Callable, *args) -> None:
        """Start function(*args) in the process; answer() says when it is taken and what it returned."""
        self.connection.send((function, args))
        self.calls += 1
        self.sent, self.taken = time.monotonic(), 0.0

    def deadline(self, seconds: float) -> float:
        """The monotonic time by which the call sent must be answered: taken within STARTUP (ANSWER once
        started), then done within seconds."""
        if self.taken:
            return self.taken + seconds
        return self.sent + (ANSWER if self.started else STARTUP)

    def answer(self) -> tuple[bool, object]:
        """What the process says next: (False, None) when it takes the call, (True, value) when the call
        returned; the exception the call raised; Died if the process is gone."""
        try:
            message = self.connection.recv()
        except (EOFError, OSError):
            raise Died from None
        if message is None:
            self.started, self.taken = True, time.monotonic()
            return False, None
        ok, value = message
        if not ok:
            raise value
        return True, value

    def call(self, seconds: float, function: Callable, *args):
        """function(*args) in the process, within seconds of its taking the call; Overran otherwise."""
        self.send(function, *args)
        while True:
            left = self.deadline(seconds) - time.monotonic()
            if left <= 0 or not self.connection.poll(left):
                raise Overran
            done, value = self.answer()
            if done:
                return value

    def kill(self) -> None:
        self.process.kill()
        self.process.join()
        self.connection.close()


def _serve(connection, owner: int, setup: Callable[[], None] | None, folder: str, environ: dict) -> None:
    """The process: every call sent, until qmtool (owner) goes away."""
    from .processes import die_with_owner

    die_with_owner(owner)
    os.chdir(folder)
    os.environ.clear()
    os.environ.update(environ)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it kills its workers
    if setup:
        setup()
    while True:
        try:
            function, args = connection.recv()
        except (EOFError, OSError):
            return
        connection.send(None)  # taken: the call's clock starts now
        try:
            reply = (True, function(*args))
        except Exception as error:  # the caller's to judge: it is the call's answer
            reply = (False, _rebuildable(error))
        try:
            connection.send(reply)
        except Exception as error:  # noqa: BLE001 (an answer too large or not picklable: say so instead)
            connection.send((False, RuntimeError(f"{type(error).__name__}: {error}"[:500])))


def _rebuildable(error: Exception) -> Exception:
    """error, if the caller can rebuild it from its pickle; else a RuntimeError saying what it was. An exception
    whose __init__ does not take its own args pickles fine here but fails to unpickle there, as a TypeError in
    the caller that says nothing of the error itself."""
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:  # noqa: BLE001 (whatever pickle raises, the caller must still get an answer)
        return RuntimeError(f"{type(error).__name__}: {error}"[:500])
    return error
