"""The schema memo: which file contents passed their schema check, kept in the user's cache folder."""
from __future__ import annotations

import json
import os
import secrets
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path

from ..core.atomic import holder, write_atomic
from ..core.digest import code_digest, digest
from ..core.frozen import release_holding
from ..core.jsonfile import read_object
from ..core.tree import make_folders
from ..core.workspace import input_folders

KEY = "memo-key"  # this user's secret, mixed into every memo's entries


def memo_folder(environ: Mapping[str, str] = os.environ) -> Path | None:
    """Where schema memos are kept: the user's cache folder, never the workspace (a memo committed
    there could pass a document that was never checked: memo_key refuses one there). None under CI: a
    gate checks everything."""
    if environ.get("CI"):
        return None
    base = environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "qmtool" if os.path.isabs(base) else None


def memo_key(folder: Path | None, root: Path) -> bytes | None:
    """The secret that keys the memos of the workspace root in folder, or None when no memo may be used there.

    None for a folder inside the workspace or inside any folder qmtool reads (XDG_CACHE_HOME=$PWD/.cache, a
    link leading there): a memo committed there could pass a document never checked. None too inside a release
    (XDG_CACHE_HOME=release/2027.1): a release is frozen, never written into (core/frozen.py), so no memo.
    The secret, random and readable by this user only, is what makes an entry unforgeable: without it, anyone
    could compute the key of a file's bytes from qmtool's code, the schemas and the path, and write a memo that
    says it is valid."""
    if folder is None or release_holding(folder) is not None:
        return None
    if holder(folder, [root, *input_folders(root)]) is not None:
        return None
    try:
        return _read_key(folder / KEY) or _make_key(folder)
    except OSError:
        return None  # a cache folder that cannot be written: every file is checked, as without a memo


def _read_key(path: Path) -> bytes | None:
    """The secret at path if it is this user's own regular file that no one else may read, else None."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    with os.fdopen(handle, "rb") as file:
        status = os.fstat(file.fileno())
        if not stat.S_ISREG(status.st_mode) or status.st_uid != os.getuid() or status.st_mode & 0o077:
            raise PermissionError(f"{path} is not this user's own secret")
        key = file.read(64)
    return key if len(key) == 32 else None


def _make_key(folder: Path) -> bytes | None:
    """A new secret in folder, made whole beside its place (mkstemp: mode 0600) and then linked in, never
    replacing one: two processes that race both end up with the one linked first."""
    make_folders(folder)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{KEY}.")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(secrets.token_bytes(32))
            file.flush()
            os.fsync(file.fileno())
        try:
            os.link(temporary, folder / KEY)
        except FileExistsError:
            pass
    finally:
        os.unlink(temporary)
    return _read_key(folder / KEY)


class SchemaMemo:
    """Which file contents passed their schema check, so an unchanged file is not checked again.

    Only a speed-up, never a verdict: kept outside the workspace (see memo_key), one file per
    workspace, each entry keyed by this user's secret, the workspace's real path, the file's bytes, qmtool's
    code and the schemas used; a missing, corrupt or foreign memo just means every file is checked.
    """

    FORMAT = "qmtool-schema-memo/3"

    def __init__(self, folder: Path | None, root: Path, schemas: str):
        self.workspace = str(root.resolve())
        secret = memo_key(folder, root)
        self.salt = digest(secret or b"", code_digest(), schemas, self.workspace)
        self.path = folder / f"schema-memo-{digest(self.workspace)[:16]}.json" if folder and secret else None
        self.passed: set[str] = set()
        self.seen: set[str] = set()
        data = (read_object(self.path) if self.path else None) or {}
        if data.get("format") == self.FORMAT and data.get("workspace") == self.workspace \
                and isinstance(data.get("passed"), list):
            self.passed = {key for key in data["passed"] if isinstance(key, str)}

    def key(self, raw: bytes) -> str:
        key = digest(self.salt, raw)
        self.seen.add(key)
        return key

    def save(self, passed: set[str]) -> None:
        if not self.path or passed == self.passed:
            return
        data = {"format": self.FORMAT, "workspace": self.workspace, "passed": sorted(passed & self.seen)}
        try:
            write_atomic(self.path, json.dumps(data, ensure_ascii=False).encode("utf-8"))
        except OSError:
            pass  # an unwritable cache folder: validation is the same, only not faster next time


class ValidMemo:
    """What a build needs to know of a workspace that was found valid (its language, organisation, and each
    file's document number and kind), for the exact bytes of its documents, so a build with nothing to do
    need not parse them. Kept like the schema memo: in the user's cache folder, never used under CI."""

    FORMAT = "qmtool-valid-memo/2"

    def __init__(self, folder: Path | None, root: Path):
        self.workspace = str(root.resolve())
        self.secret = memo_key(folder, root)
        self.path = folder / f"valid-memo-{digest(self.workspace)[:16]}.json" if folder and self.secret else None

    def _sealed(self, tree: str) -> str:
        """The tree digest as the memo records it: keyed by the secret, so that no one else can write it."""
        return digest(self.secret or b"", tree)

    def facts(self, tree: str) -> dict | None:
        """The facts recorded for this tree digest (which covers qmtool's code and every document's bytes)."""
        data = (read_object(self.path) if self.path else None) or {}
        if data.get("format") == self.FORMAT and data.get("workspace") == self.workspace \
                and data.get("tree") == self._sealed(tree):
            return data.get("facts")
        return None

    def save(self, tree: str, facts: dict | None) -> None:
        """Remember facts for tree, or (None) that nothing is known to be valid."""
        if not self.path:
            return
        data = {"format": self.FORMAT, "workspace": self.workspace, "tree": self._sealed(tree), "facts": facts}
        try:
            write_atomic(self.path, json.dumps(data, ensure_ascii=False).encode("utf-8"))
        except OSError:
            pass  # an unwritable cache folder: the next build validates again, that is all
