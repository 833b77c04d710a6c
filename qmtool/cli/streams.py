"""The standard streams a command writes to, so that output that cannot be written ends the command with a
message, never a traceback: each write that fails names its stream, and a closed stream stays closed."""
from __future__ import annotations

import errno
import io
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

STDOUT, STDERR = "standard output", "standard error"


class _Stream(io.RawIOBase):
    """Writes to a file descriptor, a failure raised as an OSError naming the stream (not a file the command
    writes); fd None: the stream was closed when qmtool started, so every write fails as a closed one does.
    Once the command has given up on its output, writes go nowhere: Python's flush at exit must not fail again."""

    def __init__(self, fd: int | None, name: str):
        super().__init__()
        self.fd, self.name, self.given_up = fd, name, False

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self.fd is not None and os.isatty(self.fd)

    def fileno(self) -> int:
        if self.fd is None:
            raise io.UnsupportedOperation(f"{self.name} is closed")
        return self.fd

    def write(self, data) -> int:
        if self.given_up:
            return len(data)
        if self.fd is None:
            raise OSError(errno.EBADF, "it is closed", self.name)
        try:
            return os.write(self.fd, data)
        except OSError as error:
            raise OSError(error.errno, error.strerror, self.name) from None


def _reserve(fd: int) -> bool:
    """Whether fd is open; if not, /dev/null is put there, so that no file qmtool opens later (a lock, a PDF
    being written) gets the number a worker or git would then write its messages into."""
    try:
        os.fstat(fd)
        return True
    except OSError:
        null = os.open(os.devnull, os.O_RDWR)
        if null != fd:
            os.dup2(null, fd)
            os.close(null)
        return False


def _wrapped(original, fd: int, name: str) -> io.TextIOWrapper:
    """A text stream as the original was (its encoding, errors and buffering), writing to fd through _Stream."""
    open_ = _reserve(fd) and original is not None
    return io.TextIOWrapper(io.BufferedWriter(_Stream(fd if open_ else None, name)),
                            encoding=getattr(original, "encoding", None) or "utf-8",
                            errors=getattr(original, "errors", None) or "strict",
                            line_buffering=getattr(original, "line_buffering", False))


@contextmanager
def standard_streams() -> Iterator[None]:
    """While a command runs as a process of its own, its stdout and stderr write through _Stream; stdin, closed,
    is reserved too. A command run inside another program (a test's CliRunner) keeps the streams it was given."""
    if sys.stdout is not sys.__stdout__ or sys.stderr is not sys.__stderr__:
        yield
        return
    _reserve(0)
    before = sys.stdout, sys.stderr
    sys.stdout = _wrapped(before[0], 1, STDOUT)
    sys.stderr = _wrapped(before[1], 2, STDERR)
    try:
        yield
    finally:
        for stream in (sys.stdout, sys.stderr):
            give_up(stream)  # all that could be written was, by flush() as each command ends (cli/__init__.py)
        sys.stdout, sys.stderr = before


def flush() -> None:
    """Write what the streams hold, so that a failure is the command's to report, not the interpreter's at exit."""
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()


def give_up(stream) -> None:
    raw = getattr(getattr(stream, "buffer", None), "raw", None)
    if isinstance(raw, _Stream):
        raw.given_up = True


def is_standard(error: OSError) -> bool:
    """Whether error is a failure to write the command's own output (see _Stream)."""
    return error.filename in (STDOUT, STDERR)


def unwritable(error: OSError) -> NoReturn:
    """End a command whose stdout or stderr cannot be written. A reader that went away (a broken pipe: `| head`)
    is no failure: quietly, as if by SIGPIPE, 128 + 13. Otherwise (a full disk, a closed stream) the stream and
    why on stderr if it can still take it, and exit 2, as any filesystem error."""
    give_up(sys.stdout if error.filename == STDOUT else sys.stderr)
    if error.errno != errno.EPIPE and error.filename == STDOUT:
        try:
            sys.stderr.write(f"qmtool: cannot write to {STDOUT}: {error.strerror}\n")
        except (OSError, AttributeError):  # AttributeError: stderr is None in a process started without one
            pass
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, AttributeError):
            pass
        give_up(stream)
    sys.exit(128 + signal.SIGPIPE if error.errno == errno.EPIPE else 2)
