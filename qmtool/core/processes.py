"""The processes qmtool starts end when qmtool does, even when it is killed."""
from __future__ import annotations

import os
import select
import threading
import time


def die_with_owner(owner: int) -> None:
    """End this process when qmtool (owner) dies, even by kill -9, which gives it no chance to stop us.

    This process is forked by multiprocessing's fork server, not by qmtool, and the server outlives qmtool while
    any process it forked runs (each holds the pipe the server waits on), so the kernel's signal on the death of a
    parent would come too late. A thread waits on qmtool's pid itself (a pidfd: the wait ends when that process
    ends, and a pid used again later cannot fool it) and ends this process at once.
    """
    try:
        handle = os.pidfd_open(owner)
    except ProcessLookupError:  # qmtool died before we could watch it
        os._exit(1)
    except (OSError, AttributeError):  # no pidfd (Linux before 5.3, not Linux): look at the pid instead
        threading.Thread(target=_poll, args=(owner,), daemon=True, name="qmtool-owner-watch").start()
        return
    threading.Thread(target=_wait, args=(handle,), daemon=True, name="qmtool-owner-watch").start()


def _wait(handle: int) -> None:
    select.select([handle], [], [])  # readable once the process has ended
    os._exit(1)


def _poll(owner: int) -> None:
    while True:
        try:
            os.kill(owner, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:  # another user's process holds the number now: ours is gone
            os._exit(1)
        time.sleep(0.2)
