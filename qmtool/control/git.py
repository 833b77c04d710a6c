"""Running git: its output as bytes, or GitFailed with what git said."""
from __future__ import annotations

import os
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
        # Objects as committed: never through a replace ref (`git replace C1 C2` makes C1 read as C2's files) nor
        # grafts, which would let a release or its verification name one commit and read another's. The empty graft
        # file turning grafts off makes git advise against graft files on stderr, in place of a refusal's reason.
        result = subprocess.run(["git", "--no-replace-objects", "-c", "core.useReplaceRefs=false",
                                 "-c", "advice.graftFileDeprecated=false", "-C", str(root), *args],
                                capture_output=True, input=given,
                                env={**os.environ, "GIT_NO_REPLACE_OBJECTS": "1", "GIT_GRAFT_FILE": os.devnull})
    except FileNotFoundError:
        raise GitFailed("", missing=True) from None
    if result.returncode:
        raise GitFailed(result.stderr.decode("utf-8", "replace").strip())
    return result.stdout


def objects(root: Path, names: list[str]) -> list[tuple[str, bytes] | None]:
    """The type and contents of each git object named (an id, or commit:path), in the order asked, read in one
    git process; None for a name git does not find. A name holding a line break names nothing: it would end
    its line of git's input early."""
    asked = [name for name in names if "\n" not in name and "\r" not in name]
    out = git(root, "cat-file", "--batch", given="".join(f"{name}\n" for name in asked).encode()) if asked else b""
    found, at = {}, 0
    for name in asked:
        header_end = out.index(b"\n", at)
        header = out[at:header_end].split()
        at = header_end + 1
        if len(header) != 3 or not header[2].isdigit():  # "<name> missing", or ambiguous
            found[name] = None
            continue
        size = int(header[2])
        found[name] = (header[1].decode(), out[at:at + size])
        at += size + 1  # the contents, then a newline
    return [found.get(name) for name in names]
