"""What changed between two versions of a workspace, field by field, matched by document number and by
the ids inside each document; and the two classic audit findings: content changed without a new
version, and a new version without a revision-history entry."""
from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .loader import SourceFile, load, load_bytes
from .problem import Finding, finding
from .workspace import DOCUMENTS, display, document_paths

# Lists whose entries are matched by a key rather than by position.
KEYS = ("id", "version", "role", "holder", "term")


class DiffError(Exception):
    """A revision or folder that cannot be read."""


@dataclass(frozen=True)
class Change:
    doc_id: str
    title: str
    field: str  # a readable path: standards.fees[F2].price
    kind: str  # added, removed, changed
    old: object = None
    new: object = None

    def as_dict(self) -> dict:
        return {"document": self.doc_id, "title": self.title, "field": self.field, "change": self.kind,
                "old": shown(self.old), "new": shown(self.new)}


def shown(value) -> str | None:
    """A value as text for a change report: lists joined, nothing as None."""
    if value is None:
        return None
    if isinstance(value, list):
        return "; ".join(shown(v) or "" for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {shown(v)}" for k, v in value.items())
    return str(value)


def documents_in_folder(root: Path) -> dict[str, SourceFile]:
    paths = document_paths(root)
    if not paths:
        raise DiffError(f"{display(root / DOCUMENTS)} has no documents")
    return _by_id(load(path, display(path)) for path in paths)


def documents_at_revision(root: Path, revision: str) -> dict[str, SourceFile]:
    """The workspace's documents as committed at a git revision."""
    def git(*args: str) -> bytes:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True)
        if result.returncode:
            raise DiffError(result.stderr.decode("utf-8", "replace").strip() or f"git {' '.join(args)} failed")
        return result.stdout

    names = git("ls-tree", "-r", "--name-only", "--full-name", revision, "--", f"{DOCUMENTS}/").decode().splitlines()
    sources = []
    for name in names:
        if PurePosixPath(name).suffix in (".yaml", ".yml"):
            raw = git("show", f"{revision}:{name}")
            sources.append(load_bytes(raw, Path(name), f"{revision}:{name}"))
    if not sources:
        raise DiffError(f"{revision} has no documents under {DOCUMENTS}/")
    return _by_id(sources)


class Side(dict):
    """The documents of one side by number, and the files that could not be read as documents."""

    def __init__(self):
        super().__init__()
        self.unreadable: list[Finding] = []


def _by_id(sources) -> Side:
    found = Side()
    for source in sources:
        doc_id = source.data.get("id") if isinstance(source.data, dict) else None
        if isinstance(doc_id, str):
            found.setdefault(doc_id, source)
        elif source.findings:
            found.unreadable += source.findings
        else:
            found.unreadable.append(finding(source.display, (1, 1), "/id", "schema-required", name="id",
                                            title="id", where="-"))
    return found


def compare(old: Side, new: Side) -> tuple[list[Change], list[Finding]]:
    changes: list[Change] = []
    findings: list[Finding] = old.unreadable + new.unreadable
    for doc_id in sorted(set(old) | set(new)):
        before = old[doc_id].data if doc_id in old else None
        after = new[doc_id].data if doc_id in new else None
        title = str((after or before).get("title", ""))
        if before is None or after is None:
            changes.append(Change(doc_id, title, "", "added" if before is None else "removed"))
            continue
        found = [Change(doc_id, title, field, kind, a, b) for field, kind, a, b in _walk(before, after, "")]
        changes += found
        source = new[doc_id]
        control = ("version", "revisions", "status", "approvals", "effective", "review_due", "superseded_by")
        content = [c for c in found if c.field.split("[")[0].split(".")[0] not in control]
        if content and before.get("version") == after.get("version"):
            findings.append(finding(source.display, source.mark("/version"), "/version", "version-not-bumped",
                                    id=doc_id, version=str(after.get("version")), count=len(content)))
        revisions = after.get("revisions")
        versions = [r.get("version") for r in revisions if isinstance(r, dict)] if isinstance(revisions, list) else []
        if before.get("version") != after.get("version") and after.get("version") not in versions:
            findings.append(finding(source.display, source.mark("/version"), "/version", "revision-missing",
                                    id=doc_id, version=str(after.get("version"))))
    return changes, findings


def _walk(before, after, field: str):
    if before == after and repr(before) == repr(after):  # repr: 35.5 and 35.50 print differently
        return
    if isinstance(before, dict) and isinstance(after, dict):
        yield from _merged(before, after, lambda key: f"{field}.{key}" if field else key)
    elif isinstance(before, list) and isinstance(after, list) and (key := _key(before + after)) \
            and _unique(before, key) and _unique(after, key):
        yield from _merged({item[key]: item for item in before}, {item[key]: item for item in after},
                           lambda name: f"{field}[{name}]")
    else:
        yield field, "changed", before, after


def _merged(old: dict, new: dict, path):
    """The changes between two mappings, matched by key: removed, added, or walked into."""
    for name in list(old) + [n for n in new if n not in old]:
        if name not in new:
            yield path(name), "removed", old[name], None
        elif name not in old:
            yield path(name), "added", None, new[name]
        else:
            yield from _walk(old[name], new[name], path(name))


def _key(items: list) -> str | None:
    """The key that names every entry of a list of mappings uniquely, if there is one."""
    if not items or not all(isinstance(item, dict) for item in items):
        return None
    for key in KEYS:
        values = [item.get(key) for item in items]
        if all(isinstance(v, str) for v in values):
            return key
    return None


def _unique(items: list, key: str) -> bool:
    values = [item[key] for item in items]
    return len(values) == len(set(values))
