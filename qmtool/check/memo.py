"""The schema memo: which file contents passed their schema check, kept in the user's cache folder."""
from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path

from ..core.atomic import write_atomic
from ..core.digest import code_digest, digest
from ..core.jsonfile import read_object


def memo_folder(environ: Mapping[str, str] = os.environ) -> Path | None:
    """Where schema memos are kept: the user's cache folder, never the workspace (a memo committed
    there could pass a document that was never checked). None under CI: a gate checks everything."""
    if environ.get("CI"):
        return None
    base = environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "qmtool" if os.path.isabs(base) else None


class SchemaMemo:
    """Which file contents passed their schema check, so an unchanged file is not checked again.

    Only a speed-up, never a verdict: kept outside the workspace (see memo_folder), one file per
    workspace, each entry keyed by the workspace's real path, the file's bytes, qmtool's code and
    the schemas used; a missing, corrupt or foreign memo just means every file is checked.
    """

    FORMAT = "qmtool-schema-memo/2"

    def __init__(self, folder: Path | None, root: Path, schemas: str):
        self.workspace = str(root.resolve())
        self.salt = digest(code_digest(), schemas, self.workspace)
        self.path = folder / f"schema-memo-{digest(self.workspace)[:16]}.json" if folder else None
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

    FORMAT = "qmtool-valid-memo/1"

    def __init__(self, folder: Path | None, root: Path):
        self.workspace = str(root.resolve())
        self.path = folder / f"valid-memo-{digest(self.workspace)[:16]}.json" if folder else None

    def facts(self, tree: str) -> dict | None:
        """The facts recorded for this tree digest (which covers qmtool's code and every document's bytes)."""
        data = (read_object(self.path) if self.path else None) or {}
        if data.get("format") == self.FORMAT and data.get("workspace") == self.workspace and data.get("tree") == tree:
            return data.get("facts")
        return None

    def save(self, tree: str, facts: dict | None) -> None:
        """Remember facts for tree, or (None) that nothing is known to be valid."""
        if not self.path:
            return
        data = {"format": self.FORMAT, "workspace": self.workspace, "tree": tree, "facts": facts}
        try:
            write_atomic(self.path, json.dumps(data, ensure_ascii=False).encode("utf-8"))
        except OSError:
            pass  # an unwritable cache folder: the next build validates again, that is all
