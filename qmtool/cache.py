"""The build cache beside the outputs: what each output was built from. Safe to delete; never trusted blindly."""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .output import write_atomic
from .resources import builtin

NAME = ".qmtool-cache.json"
FORMAT = "qmtool-build-cache/1"


def digest(*parts: bytes | str) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big"))  # lengths keep ("ab", "c") apart from ("a", "bc")
        hasher.update(data)
    return hasher.hexdigest()


def stamp(path: Path) -> list[int] | None:
    """Size and modification time: an output edited or replaced since it was built no longer matches."""
    try:
        status = path.stat()
    except OSError:
        return None
    return [status.st_size, status.st_mtime_ns]


@dataclass
class Cache:
    path: Path
    workspace: str
    validation: dict = field(default_factory=dict)
    outputs: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def load(cls, out: Path, workspace: Path) -> Cache:
        """The cache in out, or an empty one if it is missing, unreadable, corrupt or another workspace's."""
        path, owner = out / NAME, str(workspace.resolve())
        try:
            data = json.loads(path.read_text("utf-8"))
            if data["format"] != FORMAT or data["workspace"] != owner:
                raise ValueError("foreign cache")
            validation, outputs = data["validation"], data["outputs"]
            if not isinstance(validation, dict) or not isinstance(outputs, dict) or not all(
                    isinstance(entry, dict) for entry in outputs.values()):
                raise ValueError("corrupt cache")
            return cls(path, owner, validation, outputs)
        except (OSError, ValueError, KeyError, TypeError):
            return cls(path, owner)

    def fresh(self, name: str, key: str, files: list[Path]) -> bool:
        entry = self.outputs.get(name, {})
        stamps = entry.get("stamps")
        return entry.get("key") == key and isinstance(stamps, list) and stamps == [stamp(f) for f in files]

    def record(self, name: str, key: str, files: list[Path], out: Path) -> None:
        self.outputs[name] = {"key": key, "stamps": [stamp(f) for f in files],
                              "files": [f.relative_to(out).as_posix() for f in files]}

    def save(self) -> None:
        data = {"format": FORMAT, "workspace": self.workspace, "validation": self.validation,
                "outputs": self.outputs}
        write_atomic(self.path, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8"))


@cache
def code_digest() -> str:
    """qmtool's own code and schemas: a change to either can change every output and every verdict."""
    from . import __version__

    package = Path(__file__).parent
    return digest(__version__, tree_digest(package, "*.py"), tree_digest(builtin("schemas"), "*.json"))


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
        if self.path and self.path.is_file():  # a FIFO put there would hang the read
            try:
                data = json.loads(self.path.read_text("utf-8"))
                if data["format"] == self.FORMAT and data["workspace"] == self.workspace \
                        and isinstance(data["passed"], list):
                    self.passed = {key for key in data["passed"] if isinstance(key, str)}
            except (OSError, ValueError, KeyError, TypeError):
                pass

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


def tree_digest(folder: Path, pattern: str = "*") -> str:
    """One digest of every file under folder matching pattern, names included."""
    files = sorted(p for p in folder.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts)
    return digest(*(part for p in files for part in (p.relative_to(folder).as_posix(), p.read_bytes())))
