"""SIGTERM (kill, timeout, a cancelled CI job) and SIGHUP (the terminal closed) stop a command as Ctrl-C does:
everything cleaned up, a message, and 128 + the signal; tested on real build and release processes mid-way."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qmtool.cli.report import Stopped, stopped_as_interrupted
from tests.helpers import BASE, REPO, commit

QP01 = "procedures/QP-01-demo.yaml"


def slow_workspace(root: Path) -> Path:
    """The base workspace with a second procedure that takes WeasyPrint long to lay out (tens of seconds), so a
    signal surely lands while it renders, however busy the machine, after the first PDFs are made."""
    shutil.copytree(BASE, root)
    text = (root / QP01).read_text("utf-8")
    (root / "procedures" / "QP-02-slow.yaml").write_text(text.replace("id: QP-01", "id: QP-02"), "utf-8")
    (root / "templates").mkdir()
    procedure = (REPO / "templates" / "procedure.html").read_text("utf-8")
    slow = '{% if doc.id == "QP-02" %}' + "<p>x</p>" * 30000 + "{% endif %}"
    (root / "templates" / "procedure.html").write_text(procedure.replace("{% block body %}",
                                                                        "{% block body %}" + slow))
    return root


def as_a_job_starts() -> None:
    """The signals as a CI runner or a terminal gives a job: handled by default, none blocked. What a pytest worker
    has (a signal another library blocked or ignored for a moment) would otherwise be inherited across exec, and
    qmtool rightly keeps an ignored hangup ignored (nohup)."""
    for each in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(each, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_SETMASK, [])


def start(args: list[str], cwd: Path, tmp: Path) -> subprocess.Popen:
    # A session of its own, as a CI job's; its own TMPDIR, so that what it leaves there is seen.
    return subprocess.Popen([sys.executable, "-m", "qmtool", *args], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True, env={**os.environ, "TMPDIR": str(tmp)},
                            preexec_fn=as_a_job_starts)


def wait_for(found, process: subprocess.Popen, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while not found() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.02)
    if process.poll() is not None:
        raise AssertionError(f"the command ended before it got that far:\n{process.communicate()[1].decode()[-3000:]}")
    assert found(), "the command did not get that far in time"
    time.sleep(0.5)  # let the workers' reports arrive


def temporaries(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.name.endswith(".qmtool-tmp")]


def stop(process: subprocess.Popen, signum: int, group: bool) -> str:
    (os.killpg if group else os.kill)(process.pid, signum)
    _, err = process.communicate(timeout=120)
    return err.decode("utf-8", "replace")


@pytest.mark.parametrize(("signum", "group"), [(signal.SIGTERM, False), (signal.SIGTERM, True),
                                               (signal.SIGHUP, False)],
                         ids=["kill", "timeout-or-ci", "hangup"])
def test_a_build_stopped_by_a_signal_cleans_up_as_ctrl_c_does(tmp_path, signum, group):
    root = slow_workspace(tmp_path / "ws")
    (tmp_path / "tmp").mkdir()
    process = start(["build", "-o", "build", "--jobs", "2"], root, tmp_path / "tmp")
    wait_for(lambda: len(temporaries(root / "build")) >= 2, process)  # the manual and QP-01 made, QP-02 not
    err = stop(process, signum, group)
    assert process.returncode == 128 + signum, err
    assert err == (f"qmtool: interrupted by {signal.Signals(signum).name}; the outputs finished so far are kept, "
                   "nothing half-written\n")
    assert temporaries(root / "build") == []
    finished = sorted(path.name for path in (root / "build").rglob("*.pdf"))
    assert finished == ["QP-01.pdf", "manual.pdf"]  # kept, as with Ctrl-C
    assert all(path.read_bytes().endswith(b"%%EOF\n") for path in (root / "build").rglob("*.pdf"))
    assert os.listdir(tmp_path / "tmp") == []


def test_a_release_stopped_by_sigterm_leaves_no_staging_and_no_temporary_tree(tmp_path, monkeypatch):
    root = slow_workspace(tmp_path / "ws")
    for key, value in {"GIT_AUTHOR_NAME": "QA", "GIT_AUTHOR_EMAIL": "qa@example.invalid", "GIT_COMMITTER_NAME": "QA",
                       "GIT_COMMITTER_EMAIL": "qa@example.invalid"}.items():
        monkeypatch.setenv(key, value)
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    commit(root, "first issue")
    (tmp_path / "tmp").mkdir()
    process = start(["release", "--version", "2027.1", "--jobs", "2"], root, tmp_path / "tmp")
    wait_for(lambda: len(temporaries(root / "release")) >= 2, process)  # staged, its tree checked out in TMPDIR
    assert os.listdir(tmp_path / "tmp")
    err = stop(process, signal.SIGTERM, group=False)
    assert process.returncode == 143, err
    assert err == "qmtool: interrupted by SIGTERM; nothing half-written is left\n"
    assert os.listdir(root / "release") == [] and os.listdir(tmp_path / "tmp") == []


def test_ctrl_c_still_says_interrupted_with_130(tmp_path):
    root = slow_workspace(tmp_path / "ws")
    (tmp_path / "tmp").mkdir()
    process = start(["build", "-o", "build", "--jobs", "2"], root, tmp_path / "tmp")
    wait_for(lambda: len(temporaries(root / "build")) >= 2, process)
    err = stop(process, signal.SIGINT, group=True)
    assert process.returncode == 130
    assert err == "qmtool: interrupted; the outputs finished so far are kept, nothing half-written\n"


def test_the_handlers_are_put_back_and_an_ignored_hangup_stays_ignored():
    before = signal.getsignal(signal.SIGTERM)
    previous_hup = signal.signal(signal.SIGHUP, signal.SIG_IGN)  # nohup qmtool build
    try:
        with stopped_as_interrupted():
            assert signal.getsignal(signal.SIGHUP) == signal.SIG_IGN
            with pytest.raises(Stopped) as stopped:
                os.kill(os.getpid(), signal.SIGTERM)
                time.sleep(5)  # the handler raises at once; never reached
            assert stopped.value.signum == signal.SIGTERM and isinstance(stopped.value, KeyboardInterrupt)
            assert signal.getsignal(signal.SIGTERM) == signal.SIG_IGN  # a second one must not cut the cleanup short
    finally:
        signal.signal(signal.SIGHUP, previous_hup)
    assert signal.getsignal(signal.SIGTERM) == before
