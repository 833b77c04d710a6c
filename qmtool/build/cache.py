"""The build cache beside the outputs: what each output was built from. Safe to delete; never trusted blindly.

It says only whether an output is up to date, never whether a document is valid: that memo is kept in the
user's cache folder (check/memo.py), where a committed or forged file cannot reach."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..core.atomic import write_atomic
from ..core.jsonfile import read_object

NAME = ".qmtool-cache.json"
FORMAT = "qmtool-build-cache/2"


def stamp(path: Path) -> list[int] | None:
    """Size and modification time: an output edited or replaced since it was built no longer matches."""
    try:
        status = path.stat()
    except OSError:
        return None
    return [status.st_size, status.st_mtime_ns]


def _well_formed(entry) -> bool:
    """An entry as record() makes it: a key, and each file's name beside its stamp. Any other shape is a corrupt
    cache: its names and stamps are used to remove files."""
    if not isinstance(entry, dict) or not isinstance(entry.get("key"), str):
        return False
    files, stamps = entry.get("files"), entry.get("stamps")
    return isinstance(files, list) and isinstance(stamps, list) and len(files) == len(stamps) \
        and all(isinstance(name, str) and name and "\0" not in name for name in files) \
        and all(s is None or (isinstance(s, list) and len(s) == 2 and all(type(n) is int for n in s)) for s in stamps)


@dataclass
class Cache:
    path: Path
    workspace: str
    outputs: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def load(cls, out: Path, workspace: Path) -> Cache:
        """The cache in out, or an empty one if it is missing, unreadable, corrupt or another workspace's."""
        path, owner = out / NAME, str(workspace.resolve())
        data = read_object(path) or {}
        outputs = data.get("outputs")
        if data.get("format") != FORMAT or data.get("workspace") != owner or not isinstance(outputs, dict) \
                or not all(_well_formed(entry) for entry in outputs.values()):
            return cls(path, owner)
        return cls(path, owner, outputs)

    def fresh(self, name: str, key: str, files: list[Path]) -> bool:
        entry = self.outputs.get(name, {})
        stamps = entry.get("stamps")
        now = [stamp(f) for f in files]  # a file that is not there is never fresh, whatever the entry says
        return entry.get("key") == key and None not in now and stamps == now

    def record(self, name: str, key: str, files: list[Path], out: Path) -> None:
        self.outputs[name] = {"key": key, "stamps": [stamp(f) for f in files],
                              "files": [f.relative_to(out).as_posix() for f in files]}

    def save(self) -> None:
        data = {"format": FORMAT, "workspace": self.workspace, "outputs": self.outputs}
        write_atomic(self.path, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8"))
