"""Output that cannot be written (stdout on a full disk, closed, or a pipe whose reader went away; stderr the
same) ends every command, --help and --version included, with a message and an exit code, never a traceback."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import QMTOOL

# Each writes to stdout: click's own writing (help, version), a command's lines, JSON, a table, a CSV.
WRITING = {"help": ["--help"], "version": ["--version"], "a command's help": ["schema", "export", "--help"],
           "json": ["validate", "--format", "json"], "table": ["register"], "csv": ["register", "--format", "csv"],
           "paths": ["schema", "export", "exported"]}


def started(args: list[str], cwd: Path, stdout, stderr=subprocess.PIPE, closing: tuple[int, ...] = ()):
    def close() -> None:
        for fd in closing:
            os.close(fd)

    return subprocess.run([QMTOOL, *args], cwd=cwd, stdout=stdout, stderr=stderr, timeout=300,
                          preexec_fn=close if closing else None, env={**os.environ, "LC_ALL": "C.UTF-8"})


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
@pytest.mark.parametrize("args", WRITING.values(), ids=WRITING.keys())
def test_stdout_on_a_full_disk_is_a_message_and_exit_2(workspace, args):
    with open("/dev/full", "w") as full:
        done = started(args, workspace, full)
    assert done.returncode == 2, done.stderr
    said = done.stderr.decode()  # after what the command says on stderr (register: reviews due), as it would
    assert said.endswith("qmtool: cannot write to standard output: No space left on device\n")
    assert "Traceback" not in said


@pytest.mark.parametrize("args", WRITING.values(), ids=WRITING.keys())
def test_a_closed_stdout_is_a_message_and_exit_2(workspace, args):
    done = started(args, workspace, None, closing=(1,))
    assert done.returncode == 2, done.stderr
    said = done.stderr.decode()
    assert said.endswith("qmtool: cannot write to standard output: it is closed\n") and "Traceback" not in said


@pytest.mark.parametrize("args", WRITING.values(), ids=WRITING.keys())
def test_a_reader_gone_away_ends_quietly_as_sigpipe_would(workspace, args):
    reading, writing = os.pipe()
    os.close(reading)  # as `| head -c1` has done by the time qmtool writes
    try:
        done = started(args, workspace, writing)
    finally:
        os.close(writing)
    assert done.returncode == 141
    assert b"qmtool:" not in done.stderr and b"Traceback" not in done.stderr


def test_a_command_that_writes_nothing_to_a_closed_stdout_goes_on(workspace):
    done = started(["validate"], workspace, None, closing=(1,))
    assert done.returncode == 0 and b"Traceback" not in done.stderr


# validate always writes its summary line on stderr: that it could not is an exit 2, as is a usage message not
# written; --help writes nothing there, so it stands.
STDERR_CASES = {"summary": (["validate"], 2), "usage": (["validate", "--bogus"], 2),
                "filesystem": (["build", "-o", "/proc/no"], 2), "nothing on stderr": (["--help"], 0)}


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
@pytest.mark.parametrize(("args", "code"), STDERR_CASES.values(), ids=STDERR_CASES.keys())
def test_stderr_that_cannot_be_written_still_ends_with_an_exit_code(workspace, args, code):
    with open("/dev/full", "w") as full:
        done = started(args, workspace, subprocess.PIPE, stderr=full)
    assert done.returncode == code
    assert b"Traceback" not in done.stdout


def test_a_closed_stream_is_reserved_so_no_file_takes_its_number():
    """With stdout closed, the next file opened would be descriptor 1, and a worker's or git's messages would be
    written into it (a PDF, a lock)."""
    code = ("import os, sys\n"
            "from qmtool.cli.streams import standard_streams\n"
            "with standard_streams():\n"
            "    fd = os.open(os.devnull, os.O_RDONLY)\n"
            "    os.write(2, str(fd).encode())\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=False, stderr=subprocess.PIPE,
                          preexec_fn=lambda: os.close(1), timeout=60)
    assert done.returncode == 0 and int(done.stderr) > 2, done.stderr
