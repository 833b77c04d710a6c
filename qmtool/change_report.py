"""The change report as a PDF an auditor can read: each document's changes as a table of old and new values."""
from __future__ import annotations

from pathlib import Path

from .context import page_label
from .diff import Change, shown
from .fonts import coverage, families
from .glyphs import strings
from .labels import labels
from .output import write_atomic
from .problem import Finding


class UnprintableCharacters(Exception):
    """Text in the changes that the configured fonts cannot draw."""


def write_change_report(path: Path, workspace: Path, changes: list[Change], findings: list[Finding],
                        old: str, new: str, lang: str, organization: str) -> None:
    from .pdf import write_pdf
    from .render import environment, render_html, template_folders

    words = labels(lang)
    documents: dict[str, dict] = {}
    for change in changes:
        entry = documents.setdefault(change.doc_id, {"id": change.doc_id, "title": change.title, "changes": []})
        entry["changes"].append({"field": change.field or words["whole_document"], "kind": words[change.kind],
                                 "old": shown(change.old) or "", "new": shown(change.new) or ""})
    title = words["changes_title"]
    view = {
        "kind": "changes", "words": words, "fonts": families(lang), "old": old, "new": new, "count": len(changes),
        "doc": {"lang": lang, "title": title, "organization": organization, "header": f"{title}　{old} → {new}"},
        "page": page_label(lang), "documents": list(documents.values()),
        "findings": [{"id": dict(f.params)["id"], **{k: v for k, v in f.problem(lang).as_dict().items()
                                                       if k in ("message", "hint")}} for f in findings],
    }
    covered = coverage(lang)
    missing = sorted({c for _, text in strings(view) for c in text if ord(c) not in covered and c not in "\n\r\t"})
    if missing:
        raise UnprintableCharacters(", ".join(f"{c} (U+{ord(c):04X})" for c in missing))
    folders = template_folders(workspace)
    pdf, _ = write_pdf(render_html(environment(folders), view), folders, [], "pdf/a-3b", "2000-01-01")
    write_atomic(path, pdf)

