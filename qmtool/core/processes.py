"""The processes qmtool starts end when qmtool does, even when it is killed."""
from __future__ import annotations

import ctypes
import os
import signal
import threading
import time

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def die_with_parent(parent: int, watch: bool = False) -> None:
    """End this process when the process that started it dies (kill -9 gives it no chance to stop us).

    The kernel sends SIGKILL when the parent dies; that covers a parent killed after this call, and the check
    of the parent's pid the one killed before it. The kernel's signal comes when the *thread* that started us
    ends, so a process started from a passing thread (serve's requests) watches the pid from a thread instead.
    """
    if not watch:
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # not Linux: the watching thread does it
            watch = True
    if os.getppid() != parent:
        os._exit(1)
    if watch:
        threading.Thread(target=_watch, args=(parent,), daemon=True, name="qmtool-parent-watch").start()


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.2)
    os._exit(1)
