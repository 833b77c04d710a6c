"""Running git: its output as bytes, or GitFailed with what git said."""
from __future__ import annotations

import subprocess
from pathlib import Path


class GitFailed(Exception):
    """git is not installed (missing), or it failed and said why on stderr (which may be empty)."""

    def __init__(self, stderr: str, missing: bool = False):
        super().__init__(stderr or "git is not installed")
        self.stderr, self.missing = stderr, missing


def git(root: Path, *args: str, given: bytes | None = None) -> bytes:
    """git -C root args, with given on its standard input; its standard output as it came."""
    try:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, input=given)
    except FileNotFoundError:
        raise GitFailed("", missing=True) from None
    if result.returncode:
        raise GitFailed(result.stderr.decode("utf-8", "replace").strip())
    return result.stdout
