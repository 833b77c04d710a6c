"""The processes qmtool starts end when qmtool does, even when it is killed."""
from __future__ import annotations

import ctypes
import os
import signal
import threading
import time

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def die_with_owner(owner: int) -> None:
    """End this process when qmtool (owner) dies, even by kill -9, which gives it no chance to stop us.

    This process is forked by multiprocessing's fork server, which ends when qmtool does (it reads a pipe only
    qmtool holds open). The kernel sends SIGKILL when the server ends: that covers qmtool killed after this call;
    the check of the owner's pid, qmtool killed before it. The server's one thread forked us, so the kernel's
    signal, which comes when the *thread* that started a process ends, is tied to no thread of qmtool's.
    """
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: a thread watches instead
        threading.Thread(target=_watch, args=(owner,), daemon=True, name="qmtool-owner-watch").start()
    if not _alive(owner):
        os._exit(1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process now holds the number: ours is gone
        return False
    return True


def _watch(owner: int) -> None:
    while _alive(owner):
        time.sleep(0.2)
    os._exit(1)
