"""Commands that write PDFs or workspaces, given a file name that is not UTF-8: written as given."""
from __future__ import annotations

import os
import sys

import pytest

from tests.helpers import path_commands as commands
from tests.helpers import qmtool, stderr

ODD = b"odd-\xff\xfe-\x01name"  # not UTF-8, with a control byte: a valid file name all the same


@pytest.mark.parametrize("command", ["init", "schema export", "diff --pdf", "build -o"])
def test_a_file_name_that_is_not_utf8_is_written_as_given(releasable, command, tmp_path):
    target = os.path.join(os.fsencode(tmp_path), ODD)
    done = qmtool(*commands(target)[command], cwd=releasable)
    assert "Traceback" not in stderr(done), stderr(done)
    assert done.returncode == 0, stderr(done)
    assert os.path.exists(target)


if sys.platform != "linux":  # /proc and /sys are Linux's
    pytestmark = pytest.mark.skip("Linux only")
