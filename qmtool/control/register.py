"""The master list of controlled documents, with what an auditor flags in it: reviews overdue or due soon,
missing approvals, references to documents no longer current."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ..check.rules import as_date
from ..check.validate import Report
from ..core.labels import REGISTER_COLUMNS
from ..core.messages import Phrase, Word
from ..core.problem import Finding, finding

SOON = timedelta(days=30)
FLAGGED_BY_VALIDATION = ("approvals-incomplete", "ref-not-current")


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    version: str
    status: str
    owner: str
    effective: str
    review_due: str
    superseded_by: str
    path: str

    def row(self) -> list[str]:
        return [getattr(self, column) for column in REGISTER_COLUMNS]


def register(report: Report, today: date) -> tuple[list[Entry], list[Finding]]:
    """Every readable document in number order, and the register's problems."""
    entries, findings = [], []
    for source in report.sources:
        doc = source.data
        if not isinstance(doc, dict):
            continue
        text = {column: doc.get(column) if isinstance(doc.get(column), str) else "" for column in REGISTER_COLUMNS}
        entries.append(Entry(**text, path=source.display))
        due = as_date(doc.get("review_due"))
        if due is None or doc.get("status") in ("superseded", "obsolete"):
            continue
        if due < today:
            findings.append(finding(source.display, source.mark("/review_due"), "/review_due", "review-overdue",
                                    due=due.isoformat(), days=(today - due).days, today=today.isoformat()))
        elif due - today <= SOON:
            left = Phrase(("days-left", (due - today).days)) if due > today else Word("due-today")
            findings.append(finding(source.display, source.mark("/review_due"), "/review_due", "review-due-soon",
                                    due=due.isoformat(), left=left))
    unreadable = {s.display for s in report.sources if not isinstance(s.data, dict)}
    findings += [f for f in report.findings if f.code in FLAGGED_BY_VALIDATION or f.path in unreadable
                 or f.code == "no-documents" or f in report.links]  # a document it cannot list must not go unnoticed
    return sorted(entries, key=lambda e: e.id), findings
