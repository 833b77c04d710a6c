"""Run a command and report what it and every process it started used, whoever their parent was.

    python bench/family.py USAGE.json COMMAND...

qmtool's PDF workers are children of multiprocessing's fork server, which qmtool never waits for: the
processor time and peak memory of both are lost to a plain getrusage(RUSAGE_CHILDREN). Here this process is
made a child subreaper (Linux), so every orphan of the command becomes its child, and it waits for them all
before it writes {"cpu": seconds, "peak_mb": largest resident set of any one process, "code": exit code}.
"""
from __future__ import annotations

import ctypes
import json
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

PR_SET_CHILD_SUBREAPER = 36


def measured(command: list[str], **options) -> tuple[subprocess.CompletedProcess, dict]:
    """Run command through this script; its result and its family's usage."""
    with tempfile.TemporaryDirectory(prefix="qmtool-family-") as folder:
        usage = Path(folder) / "usage.json"
        done = subprocess.run([sys.executable, __file__, str(usage), *command], **options)
        return done, json.loads(usage.read_text())


def main() -> int:
    if ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0):
        sys.exit("family.py: prctl(PR_SET_CHILD_SUBREAPER) failed")
    code = subprocess.run(sys.argv[2:]).returncode
    while True:  # the orphans: the fork server leaves when qmtool's end closes its pipe
        try:
            os.wait()
        except ChildProcessError:
            break
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    Path(sys.argv[1]).write_text(json.dumps({"cpu": usage.ru_utime + usage.ru_stime,
                                             "peak_mb": usage.ru_maxrss / 1024, "code": code}))
    return code


if __name__ == "__main__":
    sys.exit(main())
