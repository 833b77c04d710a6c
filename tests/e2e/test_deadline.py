"""Unbounded work, end to end: a template that runs out of memory fails only its build, and no process of a
killed build lives on."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from qmtool.build.pipeline import build
from tests.helpers import override


def test_values_each_within_the_limits_until_memory_runs_out_is_a_template_error(workspace):
    hoarding = ("{% set ns = namespace(kept=[]) %}{% for i in range(99999) %}"
                "{% set ns.kept = ns.kept + [('x' * 999990) ~ i] %}{% endfor %}{{ ns.kept|length }}")
    line = override(workspace, "cover.html", hoarding)
    [problem] = build(workspace, workspace / "build", only="QP-01").problems()
    assert (problem.code, problem.path, problem.line) == ("template-error", "templates/cover.html", line)
    assert "MemoryError" in problem.message
    (workspace / "templates" / "cover.html").unlink()  # the same rendering process, its memory given back
    assert build(workspace, workspace / "build", only="QP-01").problems() == []


def _group(pgid: int) -> list[int]:
    """The live processes of a process group (a zombie has ended: it only waits to be reaped)."""
    alive = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid and fields[0] != "Z":
                alive.append(int(entry.name))
    return alive


def test_killing_a_parallel_build_leaves_no_process_behind(workspace):
    text = (workspace / "procedures" / "QP-01-demo.yaml").read_text("utf-8")
    for doc_id in ("QP-02", "QP-03"):
        (workspace / "procedures" / f"{doc_id}-demo.yaml").write_text(text.replace("id: QP-01", f"id: {doc_id}"))
    # Minutes to lay out each: a worker left running when qmtool is killed would still be there after the wait.
    override(workspace, "procedure.html", "<p>x</p>" * 100000, "{% block body %}")
    process = subprocess.Popen([sys.executable, "-m", "qmtool", "build", "-o", "build", "--jobs", "2"],
                               cwd=workspace, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    try:
        deadline, steady = time.monotonic() + 120, 0
        while time.monotonic() < deadline and process.poll() is None and steady < 10:
            # the resource tracker, the fork server, the template's worker (kept for the next page) and two PDF
            # workers, for half a second: the fork server's imports start short-lived programs of their own
            steady = steady + 1 if len([p for p in _group(process.pid) if p != process.pid]) >= 5 else 0
            time.sleep(0.05)
        children = [p for p in _group(process.pid) if p != process.pid]
        assert len(children) >= 5 and process.poll() is None
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        deadline = time.monotonic() + 60
        while _group(process.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _group(process.pid) == []
    finally:
        for pid in _group(process.pid):
            os.kill(pid, signal.SIGKILL)
        shutil.rmtree(workspace / "build", ignore_errors=True)
