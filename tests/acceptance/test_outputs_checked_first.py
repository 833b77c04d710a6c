"""A command that writes checks where it writes before it does any work or prints anything: a refused destination
(a release, a folder qmtool reads, a FIFO or folder where the file goes) is exit 2 with nothing on stdout, never a
whole diff or assessment printed and then a refusal that reads like an afterthought."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.helpers import BASE, REPO, SCORES, git_workspace, qmtool, stderr


@pytest.fixture(scope="module")
def changed(tmp_path_factory) -> Path:
    """The reference workspace as a git repository, with a change since HEAD (so diff has lines to print), a
    release folder in it and an older copy of it beside it."""
    root = git_workspace(tmp_path_factory.mktemp("first") / "ws", REPO)
    shutil.copytree(root, root.parent / "old", ignore=shutil.ignore_patterns(".git"))
    path = root / "procedures" / "QP-01-meeting.yaml"
    path.write_text(path.read_text("utf-8").replace("会议服务保障程序", "会议服务保障程序（修订）", 1), "utf-8")
    release = root / "rel" / "2027.1"
    shutil.copytree(BASE, release)
    (release / "release.json").write_text('{"release": "2027.1", "language": "en", "documents": []}')
    (release / "MANIFEST.sha256").write_text("")
    os.mkfifo(root / "fifo.pdf")
    (root / "a-folder.pdf").mkdir()
    return root


# Each refused destination, relative to the workspace.
REFUSED = {"in a release": "rel/2027.1/r.pdf", "in procedures/": "procedures/r.pdf", "in templates/": "templates/r.pdf",
           "a FIFO": "fifo.pdf", "a folder": "a-folder.pdf"}
DIFFS = {"revision": ["HEAD"], "folders": ["../old", "."]}


@pytest.mark.parametrize("where", REFUSED.values(), ids=REFUSED.keys())
@pytest.mark.parametrize("sides", DIFFS.values(), ids=DIFFS.keys())
def test_diff_checks_its_pdf_before_printing_the_changes(changed, sides, where):
    assert qmtool("diff", *sides, cwd=changed).stdout  # there is something it would print
    done = qmtool("diff", *sides, "--pdf", where, cwd=changed)
    assert done.returncode == 2 and "Traceback" not in stderr(done), stderr(done)
    assert where in stderr(done)  # a folder is click's usage error; the rest qmtool's refusal
    assert done.stdout == b""


def test_diff_checks_its_pdf_is_not_in_a_folder_compared_before_reading_it(changed):
    done = qmtool("diff", "../old", ".", "--pdf", "../old/templates/r.pdf", cwd=changed)
    assert done.returncode == 2 and done.stdout == b"", stderr(done)
    assert "which qmtool reads" in stderr(done)


@pytest.mark.parametrize("where", [*REFUSED.values(), SCORES[0]], ids=[*REFUSED.keys(), "over a records file"])
@pytest.mark.parametrize("output", ["text", "csv", "json"])
def test_assess_checks_its_pdf_before_printing_the_results(changed, output, where):
    done = qmtool("assess", "QP-02", *SCORES, "--format", output, "--pdf", where, cwd=changed)
    assert done.returncode == 2 and "Traceback" not in stderr(done), stderr(done)
    assert where in stderr(done)  # a folder is click's usage error; the rest qmtool's refusal
    assert done.stdout == b""


def test_assess_refuses_its_pdf_before_judging_the_records(changed, tmp_path):
    """Records with errors would stop assess with exit 1; the destination is said first, as a usage error is."""
    broken = tmp_path / "scores.csv"
    broken.write_text("provider,provider_name,period,kpi,score\nP1,x,2026-Q1,nokpi,abc\n", "utf-8")
    done = qmtool("assess", "QP-02", str(broken), "--pdf", "rel/2027.1/r.pdf", cwd=changed)
    assert done.returncode == 2 and "frozen" in stderr(done), stderr(done)
    assert "error[" not in stderr(done)
