"""The change report as a PDF an auditor can read: each document's changes as a table of old and new values."""
from __future__ import annotations

from pathlib import Path

from ..check.schema import KINDS, SchemaSet
from ..core.bilingual import bilingual
from ..core.labels import STATUS_KEYS, labels, status_label
from ..core.problem import Finding, Halt, sorted_problems
from ..core.resources import builtin
from ..load.workspace import manual_file
from ..render.environment import DEFAULT_TIMEOUT
from ..render.views import page_label
from .changes import Compared, folders_compared
from .diff import Entry, shown


def check_change_report(path: Path, workspace: Path, old: str, new: str | None) -> None:
    """OSError (OutputRefused) when path is no place for the report of diff old new: in a release, in the
    workspace's or a compared folder's inputs, or a device or folder there. Made before diff reads anything, so
    that a refusal comes before the changes are printed, not after."""
    from ..build.write import check_view

    check_view(path, _inputs(workspace, folders_compared(old, new)))


def _inputs(workspace: Path, folders) -> list[Path]:
    from ..core.workspace import input_folders

    return [folder for root in (workspace, *folders) for folder in input_folders(root)]


def write_change_report(path: Path, compared: Compared, timeout: float = DEFAULT_TIMEOUT) -> Halt | None:
    """The report at path, written as a build writes a document (build/write.py), so its text is held to what a
    build holds the documents it prints to; None when written, else where diff stops: a template or layout
    that failed alone; text refused, with the diff's own findings. OSError when path cannot be written, checked
    again before any work: never into the workspace or a folder compared."""
    from ..build.write import write_view
    from ..core.workspace import template_folders

    view = _view(compared)
    inputs = _inputs(compared.workspace, compared.folders)
    changed = sorted({change.doc_id for change in compared.changes})
    printed = [side[doc_id] for side in (compared.before, compared.after) for doc_id in changed if doc_id in side]
    unwritten = write_view(path, view, template_folders(compared.workspace), inputs, printed,
                           manual_file(compared.after.values()), [], str(path), timeout)
    if unwritten is None:
        return None
    if unwritten.failed:
        return Halt([f.problem(compared.lang) for f in unwritten.findings], len(compared.after))
    return Halt(sorted_problems(f.problem(compared.lang) for f in unwritten.findings + compared.findings),
                len(compared.after))


def _view(compared: Compared) -> dict:
    """Everything the report template prints, as plain data."""
    lang = compared.lang
    words = labels(lang)
    names = _FieldNames(SchemaSet(builtin("schemas")), lang, words)
    documents: dict[str, dict] = {}
    for change in compared.changes:
        entry = documents.setdefault(change.doc_id, {"id": change.doc_id, "title": change.title, "changes": []})
        entry["changes"].append({"label": names.path(change.document_kind, change.path) or words["whole_document"],
                                 "field": change.field, "kind": words[change.kind],
                                 "old": names.value(change.document_kind, change.path, change.old),
                                 "new": names.value(change.document_kind, change.path, change.new)})
    title, (old, new) = words["changes_title"], compared.names
    return {
        "kind": "changes", "words": words, "old": old, "new": new, "count": len(compared.changes),
        "doc": {"lang": lang, "title": title, "organization": compared.organization,
                "header": f"{title}　{old} → {new}"},
        "page": page_label(lang), "documents": list(documents.values()),
        "findings": [_finding(f, lang) for f in compared.findings],
    }


def _finding(found: Finding, lang: str) -> dict:
    """A finding for the report: where (the document number, or the file that could not be read), what, and
    what to do; id is kept for templates written before where."""
    where = dict(found.params).get("id", found.path)
    problem = found.problem(lang)
    return {"where": where, "id": where, "message": problem.message, "hint": problem.hint}


class _FieldNames:
    """Field paths and values in the words of the schemas' titles: 服务标准 › 收费标准 F2 › 价格."""

    def __init__(self, schemas: SchemaSet, lang: str, words: dict[str, str]):
        self.schemas, self.lang, self.words = schemas, lang, words

    def title(self, kind: str, path: tuple) -> str:
        if kind not in KINDS:
            return str(path[-1])
        steps = [0 if isinstance(part, Entry) else part for part in path]
        site, resolved = self.schemas.site(f"{kind}.schema.json", steps)
        title = site.get("title") or resolved.get("title")
        return bilingual(title, self.lang) if title else str(path[-1])

    def path(self, kind: str, path: tuple) -> str:
        shown: list[str] = []
        for end, part in enumerate(path, 1):
            if isinstance(part, Entry):
                shown[-1] += f" {part}"
            else:
                shown.append(self.title(kind, path[:end]))
        return " › ".join(shown)

    def value(self, kind: str, path: tuple, value) -> str:
        if isinstance(value, dict):
            return self.words["semicolon"].join(
                f"{self.title(kind, (*path, key))}{self.words['colon']}{self.value(kind, (*path, key), v)}"
                for key, v in value.items())
        if isinstance(value, list):
            return self.words["comma"].join(self.value(kind, (*path, Entry("")), v) for v in value)
        if path and path[-1] == "status" and value in STATUS_KEYS:
            return status_label(self.words, value)
        return shown(value) or ""
