"""Every command, given paths no filesystem can take or that lead to special places: a message, never a traceback."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO, git_workspace, qmtool, stderr
from tests.helpers import path_commands as commands

LONG = "x" * 5000  # longer than any file name (ENAMETOOLONG)
IMPOSSIBLE = {"long": LONG, "proc": "/proc/qmtool-test/out", "sys": "/sys/qmtool-test/out", "file": "a-file/out"}


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    """The reference workspace: its QP-02 has records to assess."""
    return git_workspace(tmp_path_factory.mktemp("hostile") / "ws", REPO)


@pytest.mark.parametrize("where", IMPOSSIBLE)
@pytest.mark.parametrize("command", commands(""))
def test_a_path_that_cannot_be_is_a_message_and_exit_2(clone, releasable, command, where):
    if command == "diff" and where != "long":
        pytest.skip("a diff side that is no folder is a revision; the long name covers it")
    done = qmtool(*commands(IMPOSSIBLE[where])[command], cwd=releasable if "release" in command else clone)
    assert "Traceback" not in stderr(done), stderr(done)
    assert done.returncode == 2, stderr(done)
    assert stderr(done).startswith(("qmtool: ", "Usage: "))
    assert stderr(done).startswith("Usage: ") or len(stderr(done)) < 2000  # qmtool's own messages shorten a path
    assert not Path("/proc/qmtool-test").exists() and not Path("/sys/qmtool-test").exists()


def test_verify_of_special_folders_is_a_failed_check_not_a_crash(clone):
    for folder in ("/proc/self", "/sys/kernel", "procedures"):
        done = qmtool("verify", folder, cwd=clone)
        assert done.returncode == 1 and "Traceback" not in stderr(done) and "MANIFEST.sha256" in stderr(done)


def test_diff_with_a_five_thousand_character_revision_names_it_briefly(clone):
    done = qmtool("diff", LONG, "--format", "json", cwd=clone)
    assert done.returncode == 2 and "Traceback" not in stderr(done)
    assert "5000 characters" in stderr(done) and LONG not in stderr(done)


def test_init_leaves_nothing_behind_when_it_cannot_finish(tmp_path):
    # The schemas folder is taken by a file: init writes the documents, then fails, and takes them back.
    target = tmp_path / "new"
    target.mkdir()
    os.mkfifo(target / "schemas")
    done = qmtool("init", "new", cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in stderr(done)
    assert [p.name for p in target.iterdir()] == ["schemas"]


if sys.platform != "linux":  # /proc and /sys are Linux's
    pytestmark = pytest.mark.skip("Linux only")


TYPED = "bad\x1b]0;title\x07\u202e\nx"  # an OSC sequence, a bidirectional override and a line break


@pytest.mark.parametrize("args", [("diff", f"HEAD{TYPED}"), ("build", "--only", f"QP-01{TYPED}", "-o", "out"),
                                  ("assess", f"QP-0{TYPED}", "records/QP-02-canteen-scores.csv"),
                                  (f"../no{TYPED}",)])
def test_a_usage_error_quoting_what_was_typed_shows_it_escaped_on_one_line(clone, args):
    if args[0].startswith("../"):  # a workspace that is not one: validate names it
        (clone.parent / f"no{TYPED}").mkdir(exist_ok=True)
        args = ("validate", args[0])
    done = qmtool(*args, cwd=clone)
    said = stderr(done)
    assert done.returncode == 2, said
    assert "\x1b" not in said and "\x07" not in said and "\u202e" not in said, said
    assert "\\u202e\\nx" in said, said


def test_a_compared_name_a_pdf_may_not_print_is_refused_as_the_argument_it_is(clone, tmp_path):
    """The report prints the names compared: a U+202E in a tag is the tag's problem, not the templates'."""
    import subprocess

    subprocess.run(["git", "tag", "v\u202e1.0", "HEAD"], cwd=clone, check=True)
    done = qmtool("diff", "v\u202e1.0", "--pdf", str(tmp_path / "d.pdf"), cwd=clone)
    assert done.returncode == 2, stderr(done)
    assert "OLD/NEW: v\\u202e1.0 holds U+202E RIGHT-TO-LEFT OVERRIDE" in stderr(done)
    assert not (tmp_path / "d.pdf").exists()
