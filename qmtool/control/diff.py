"""What changed between two versions of a workspace, field by field, matched by document number and by
the ids inside each document; and the two classic audit findings: content changed without a new
version, and a new version without a revision-history entry."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path, PurePosixPath

from ..core.problem import Finding, finding
from ..core.workspace import DOCUMENTS, display
from ..load.loader import load_bytes
from ..load.workspace import Workspace
from .git import GitFailed, git

# Lists whose entries are matched by a key rather than by position.
KEYS = ("id", "version", "role", "holder", "term")


class DiffError(Exception):
    """A revision or folder that cannot be read."""


class Entry(str):
    """A step of a field path into a list: the id of the entry (F2 in standards.fees[F2])."""


@dataclass(frozen=True)
class Change:
    doc_id: str
    title: str
    path: tuple  # keys, and Entry ids for list entries: ("standards", "fees", Entry("F2"), "price")
    kind: str  # added, removed, changed
    old: object = None
    new: object = None
    document_kind: str = ""  # manual, procedure: whose schema names the fields

    @property
    def field(self) -> str:
        """The path as one would write it: standards.fees[F2].price."""
        return "".join(f"[{part}]" if isinstance(part, Entry) else f".{part}" for part in self.path).lstrip(".")

    def as_dict(self) -> dict:
        return {"document": self.doc_id, "title": self.title, "field": self.field, "change": self.kind,
                "old": as_json(self.old), "new": as_json(self.new)}


def as_json(value):
    """A value for JSON as the document wrote it: its structure kept, decimals as their exact text."""
    if isinstance(value, dict):
        return {key: as_json(v) for key, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    return str(value) if isinstance(value, Decimal) else value


def shown(value) -> str | None:
    """A value as text for a change report: lists joined, nothing as None."""
    if value is None:
        return None
    if isinstance(value, list):
        return "; ".join(shown(v) or "" for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {shown(v)}" for k, v in value.items())
    return str(value)


def documents_in_folder(root: Path) -> Side:
    workspace = Workspace.at(root)
    files = workspace.files
    if not files.documents and not files.findings:
        raise DiffError(f"{display(root / DOCUMENTS)} has no documents")
    found = _by_id(workspace.sources)
    found.unreadable += files.findings  # a link not followed: said, and its target never read
    found.unread_files |= {Path(f.path).name for f in files.findings}
    return found


def documents_at_revision(root: Path, revision: str) -> Side:
    """The workspace's documents as committed at a git revision."""
    def run(*args: str, failed: str = "") -> bytes:
        try:
            return git(root, *args)
        except GitFailed as error:
            raise DiffError("git is not installed: apt-get install git" if error.missing
                            else error.stderr or failed) from None

    # Resolved to a commit first, so a name that starts with "-" is never read as an option.
    named = revision if len(revision) <= 100 else f"{revision[:60]}…({len(revision)} characters)"
    commit = run("rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}",
                 failed=f"{named} is not a git revision of {display(root)} (see git log, git tag)").decode().strip()
    listing = run("ls-tree", "-r", "-z", "--full-name", commit, "--", f"{DOCUMENTS}/")
    entries = [entry.partition("\t") for entry in listing.decode("utf-8", "surrogateescape").split("\0") if entry]
    sources, links = [], []  # -z: 食堂 as is
    for info, _, name in entries:
        if info.startswith("120000"):  # git keeps a link as the path it leads to: never followed
            links.append(finding(f"{named}:{name}", (0, 0), "", "link-committed"))
        elif PurePosixPath(name).suffix in (".yaml", ".yml"):
            raw = run("show", f"{commit}:{name}")  # an argument goes back to bytes as it came
            sources.append(load_bytes(raw, Path(name), f"{revision}:{name}"))
    if not sources and not links:
        raise DiffError(f"{revision} has no documents under {DOCUMENTS}/")
    found = _by_id(sources)
    found.unreadable += links
    found.unread_files |= {PurePosixPath(f.path).name for f in links}
    found.commit = commit
    return found


class Side(dict):
    """The documents of one side by number, the files that could not be read as documents, and the commit
    they were read from (None for a folder)."""

    def __init__(self):
        super().__init__()
        self.unreadable: list[Finding] = []
        self.unread_files: set[str] = set()  # names of the files behind those findings
        self.unread: list = []  # the sources of those files: a broken manual still says its language
        self.commit: str | None = None


def _by_id(sources) -> Side:
    found = Side()
    for source in sources:
        doc_id = source.data.get("id") if isinstance(source.data, dict) else None
        if isinstance(doc_id, str) and doc_id in found:  # which of the two is meant cannot be known
            found.unreadable.append(finding(source.display, source.mark("/id"), "/id", "duplicate-document",
                                            id=doc_id, other=found[doc_id].display))
        elif isinstance(doc_id, str):
            found[doc_id] = source
        elif source.findings:
            found.unreadable += source.findings
            found.unread_files.add(source.path.name)
            found.unread.append(source)
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
        title, document_kind = str((after or before).get("title", "")), str((after or before).get("kind", ""))
        if before is None or after is None:
            present, other = (new, old) if before is None else (old, new)
            if present[doc_id].path.name not in other.unread_files:  # unreadable there is said already
                changes.append(Change(doc_id, title, (), "added" if before is None else "removed",
                                      document_kind=document_kind))
            continue
        found = [Change(doc_id, title, path, kind, a, b, document_kind)
                 for path, kind, a, b in _walk(before, after, ())]
        changes += found
        source = new[doc_id]
        control = ("version", "revisions", "status", "approvals", "effective", "review_due", "superseded_by")
        content = [c for c in found if c.path[0] not in control]
        if content and before.get("version") == after.get("version"):
            findings.append(finding(source.display, source.mark("/version"), "/version", "version-not-bumped",
                                    id=doc_id, version=str(after.get("version")), count=len(content)))
        revisions = after.get("revisions")
        versions = [r.get("version") for r in revisions if isinstance(r, dict)] if isinstance(revisions, list) else []
        if before.get("version") != after.get("version") and after.get("version") not in versions:
            findings.append(finding(source.display, source.mark("/version"), "/version", "revision-missing",
                                    id=doc_id, version=str(after.get("version"))))
        if _older(after.get("version"), before.get("version")):
            findings.append(finding(source.display, source.mark("/version"), "/version", "version-decreased",
                                    id=doc_id, old=str(before.get("version")), version=str(after.get("version"))))
    return changes, findings


_DOTTED = re.compile(r"\d{1,9}(\.\d{1,9}){0,9}")  # 2.1, 10.0.3: versions in other forms are not compared


def _older(version, than) -> bool:
    """Whether one dotted version number comes before another."""
    numbers = [tuple(map(int, v.split("."))) if isinstance(v, str) and _DOTTED.fullmatch(v) else None
               for v in (version, than)]
    return None not in numbers and numbers[0] < numbers[1]


def _walk(before, after, path: tuple):
    if before == after and repr(before) == repr(after):  # repr: 35.5 and 35.50 print differently
        return
    if isinstance(before, dict) and isinstance(after, dict):
        yield from _merged(before, after, lambda key: (*path, key))
    elif isinstance(before, list) and isinstance(after, list) and (key := _key(before + after)) \
            and _unique(before, key) and _unique(after, key):
        yield from _merged({item[key]: item for item in before}, {item[key]: item for item in after},
                           lambda name: (*path, Entry(name)))
    else:
        yield path, "changed", before, after


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
