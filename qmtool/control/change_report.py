"""The change report as a PDF an auditor can read: each document's changes as a table of old and new values."""
from __future__ import annotations

from pathlib import Path

from ..check.schema import KINDS, SchemaSet
from ..core.atomic import check_file, write_atomic
from ..core.bilingual import bilingual
from ..core.labels import STATUS_KEYS, labels, status_label
from ..core.problem import Finding
from ..core.resources import builtin
from ..render.environment import DEFAULT_TIMEOUT
from ..render.fonts import coverage, families
from ..render.glyphs import strings
from ..render.views import page_label
from .diff import Change, Entry, shown


class UnprintableCharacters(Exception):
    """Text in the changes that the configured fonts cannot draw."""


def write_change_report(path: Path, workspace: Path, changes: list[Change], findings: list[Finding],
                        old: str, new: str, lang: str, organization: str, read: tuple[Path, ...] = (),
                        render_timeout: float = DEFAULT_TIMEOUT) -> None:
    """The report at path; refused before any work if path is not a place for it (see core/atomic.py). read: the
    folders compared, besides the workspace, which the report must not be written into either. Its template
    runs for at most render_timeout seconds (TemplateFailure otherwise), and WeasyPrint as long for each 100,000
    characters of the page (LayoutFailure otherwise)."""
    from ..core.workspace import input_folders
    from ..render.deadline import pdf_within, render_page
    from ..render.environment import template_folders
    from ..render.pdf import fixed_date

    check_file(path, [folder for root in (workspace, *read) for folder in input_folders(root)])
    words = labels(lang)
    names = _FieldNames(SchemaSet(builtin("schemas")), lang, words)
    documents: dict[str, dict] = {}
    for change in changes:
        entry = documents.setdefault(change.doc_id, {"id": change.doc_id, "title": change.title, "changes": []})
        entry["changes"].append({"label": names.path(change.document_kind, change.path) or words["whole_document"],
                                 "field": change.field, "kind": words[change.kind],
                                 "old": names.value(change.document_kind, change.path, change.old),
                                 "new": names.value(change.document_kind, change.path, change.new)})
    title = words["changes_title"]
    view = {
        "kind": "changes", "words": words, "fonts": families(lang), "old": old, "new": new, "count": len(changes),
        "doc": {"lang": lang, "title": title, "organization": organization, "header": f"{title}　{old} → {new}"},
        "page": page_label(lang), "documents": list(documents.values()),
        "findings": [_finding(f, lang) for f in findings],
    }
    covered = coverage(lang)
    missing = sorted({c for _, text in strings(view) for c in text if ord(c) not in covered and c not in "\n\r\t"})
    if missing:
        raise UnprintableCharacters(", ".join(f"{c} (U+{ord(c):04X})" for c in missing))
    folders = template_folders(workspace)
    page = render_page(folders, view, render_timeout)
    pdf, _ = pdf_within(page, folders, [], "pdf/a-3b", fixed_date(), render_timeout, str(path))
    write_atomic(path, pdf)



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
