"""Incremental and parallel builds with real PDFs: the same bytes in parallel and with recycled workers, and
nothing partial after an error, a crash inside WeasyPrint or an interrupt. What is rebuilt, and why, is tested
with a fake PDF writer in unit/build/test_incremental.py."""
from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from qmtool.build.pipeline import build
from tests.helpers import REPO, as_built, built_once, five_procedures


@pytest.fixture(scope="module")
def five_built(tmp_path_factory):
    """The base workspace with five procedures, built once with real PDFs."""
    root = tmp_path_factory.mktemp("incremental") / "five"
    five_procedures(root)
    return built_once(root)


@pytest.fixture
def five(five_built, monkeypatch):
    return as_built(five_built, monkeypatch)


def hashes(folder) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*.pdf"))}


def test_parallel_build_gives_the_same_bytes(five, tmp_path):
    one = hashes(five / "build")
    shutil.rmtree(five / "build")
    result = build(five, five / "build", jobs=2)
    assert result.ok and len(result.rendered) == 6
    assert hashes(five / "build") == one


def test_an_error_in_one_document_fails_the_build_without_partial_files(five):
    before = hashes(five / "build")
    (five / "templates").mkdir()
    procedure = (REPO / "templates" / "procedure.html").read_text("utf-8")
    (five / "templates" / "procedure.html").write_text(procedure.replace(
        "{{ purpose }}", '{{ purpose }}{% if doc.id == "QP-04" %}<img src="http://example.invalid/x.png">{% endif %}'))
    result = build(five, five / "build", jobs=2)
    assert [p.code for p in result.problems()] == ["forbidden-url"]
    assert result.problems()[0].path.endswith("QP-04-demo.yaml")
    assert hashes(five / "build") == before
    assert not [p for p in (five / "build").rglob("*") if p.name.endswith(".qmtool-tmp")]


def test_interrupt_keeps_finished_outputs_and_no_temporary_files(five):
    shutil.rmtree(five / "build")
    # QP-05 takes long to lay out, so the interrupt surely lands while it renders, however busy the machine.
    (five / "templates").mkdir()
    procedure = (REPO / "templates" / "procedure.html").read_text("utf-8")
    slow = '{% if doc.id == "QP-05" %}' + "<p>x</p>" * 8000 + "{% endif %}"
    (five / "templates" / "procedure.html").write_text(procedure.replace("{% block body %}", "{% block body %}" + slow))
    # A shell starts background jobs with Ctrl-C ignored, and a child inherits that: give qmtool the default.
    process = subprocess.Popen([sys.executable, "-m", "qmtool", "build", "-o", "build", "--jobs", "2"], cwd=five,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 120
    # Workers have finished three documents (their temporary files wait for the end of the build) while QP-05
    # renders. A temporary file appears before its worker reports back; the pause lets the reports arrive.
    while len(list((five / "build").rglob("*.qmtool-tmp"))) < 3 and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.5)
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C does: the whole group
    process.wait(timeout=60)
    assert process.returncode == 130
    left = [p for p in (five / "build").rglob("*") if p.is_file()]
    assert not [p for p in left if p.name.endswith(".qmtool-tmp")]
    finished = [p for p in left if p.suffix == ".pdf"]
    assert finished and all(p.read_bytes().startswith(b"%PDF-") and b"%%EOF" in p.read_bytes()[-32:]
                            for p in finished)
    result = build(five, five / "build", jobs=1)  # the cache knows the finished ones
    assert 0 < len(result.rendered) == 6 - len(finished)


def test_a_crash_inside_weasyprint_is_a_located_problem_and_leaves_nothing(five):
    before = hashes(five / "build")
    (five / "templates").mkdir()
    procedure = (REPO / "templates" / "procedure.html").read_text("utf-8")
    (five / "templates" / "procedure.html").write_text(
        procedure.replace("{% block body %}", "{% block body %}" + "<div>" * 3000 + "x" + "</div>" * 3000))
    result = build(five, five / "build", jobs=2)
    assert {p.code for p in result.problems()} == {"render-error"}
    assert hashes(five / "build") == before
    assert not [p for p in (five / "build").rglob("*") if p.name.endswith(".qmtool-tmp")]


def test_workers_are_recycled_and_the_build_completes(five, monkeypatch):
    import qmtool.build.workers

    monkeypatch.setattr(qmtool.build.workers, "RECYCLE_AFTER", 1)  # a fresh worker for every document
    one = hashes(five / "build")
    result = build(five, five / "build", jobs=2, force=True)
    assert result.ok and len(result.rendered) == 6
    assert hashes(five / "build") == one
