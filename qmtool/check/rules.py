"""Rules no schema can express: references between parts of a document and between documents.

Every rule tolerates data of the wrong shape (the schema reports that), so that
one run reports every problem at once.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import PurePath

from ..core.messages import Phrase, Word
from ..core.problem import Finding, finding
from ..load.chosen import Chosen, LineOf
from ..load.loader import SourceFile

ROLES = ("prepared", "reviewed", "approved")
PHASES = ("prepare", "deliver", "review")
NOT_CURRENT = ("superseded", "obsolete")
SIGNED_OFF = ("approved", "effective")  # statuses that need every signature
DOC_ID = re.compile(r"[A-Z]{2,4}-[0-9]{2,3}")  # as schemas/defs.schema.json's docId: a wrong number says so there

# Lists whose entries are named by id; lists in one group share their ids (a decision of qmtool assess
# names its clause, reward or exit, by id alone).
ID_GROUPS = (
    ("standards/grades",), ("standards/fees",), ("standards/entry",), ("standards/assessment/kpis",),
    ("standards/assessment/bands",), ("standards/assessment/events",), ("standards/rewards", "standards/exit"),
    ("process",), ("records",), ("objectives",),
)


def _get(data, path: str):
    for part in path.split("/"):
        data = data.get(part) if isinstance(data, dict) else None
    return data


def _entries(data, path: str) -> Iterator[tuple[str, dict]]:
    """(pointer, entry) for each mapping in the list at path."""
    items = _get(data, path)
    if isinstance(items, list):
        for index, item in enumerate(items):
            if isinstance(item, dict):
                yield f"/{path}/{index}", item


def _ids(data, path: str) -> list[str]:
    return sorted({str(item["id"]) for _, item in _entries(data, path) if isinstance(item.get("id"), str)})


def _number(value) -> Decimal | None:
    return Decimal(value) if isinstance(value, (int, Decimal)) and not isinstance(value, bool) else None


def as_date(value) -> date | None:
    """A date as a document writes it (YYYY-MM-DD, kept as text by the loader), or None."""
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


class _Document(Chosen):
    """One document's findings, by pointer in its source: only the first are located and made."""

    def __init__(self, source: SourceFile):
        super().__init__(source)
        self.data = source.data


def check_document(source: SourceFile) -> list[Finding]:
    doc = _Document(source)
    for rule in (_fee_grades, _kpi_weights, _bands, _conditions, _unique_ids, _revisions, _dates,
                 _approvals, _signing_order, _successor, _phases, _file_name):
        rule(doc)
    return doc.findings()


def _fee_grades(doc: _Document) -> None:
    grades = _ids(doc.data, "standards/grades")
    for pointer, fee in _entries(doc.data, "standards/fees"):
        grade = fee.get("grade")
        if isinstance(grade, str) and grade not in grades:
            doc.add(f"{pointer}/grade", "fee-unknown-grade", fee=fee.get("id", "?"), grade=grade, grades=grades)


def _kpi_weights(doc: _Document) -> None:
    kpis = list(_entries(doc.data, "standards/assessment/kpis"))
    weights = [(kpi.get("id", "?"), _number(kpi.get("weight"))) for _, kpi in kpis]
    if kpis and all(weight is not None for _, weight in weights):
        total = sum(weight for _, weight in weights)
        if total != 100:
            doc.add("/standards/assessment/kpis", "kpi-weights-sum", total=total,
                    weights=[f"{kpi_id} {weight}" for kpi_id, weight in weights])


def _bands(doc: _Document) -> None:
    bands = []
    for pointer, band in _entries(doc.data, "standards/assessment/bands"):
        low, high = _number(band.get("min")), _number(band.get("max"))
        if low is None or high is None:
            return
        if low >= high:
            doc.add(pointer, "band-empty", band=band.get("id", "?"), min=low, max=high)
        else:
            bands.append((low, high, pointer, band.get("id", "?")))
    if not bands:
        return
    bands.sort()
    reach = max(high for _, high, _, _ in bands)
    if bands[0][0] != 0 or reach != 100:
        doc.add("/standards/assessment/bands", "band-ends", low=bands[0][0], high=reach)
    # Walk up from 0, keeping the highest score covered so far and the band that covers it.
    covered, covering = bands[0][1], bands[0][3]
    for low, high, pointer, band_id in bands[1:]:
        if covered < low:
            doc.add(pointer, "band-gap", low=covered, high=low, band=band_id)
        elif covered > low:
            doc.add(pointer, "band-overlap", other=covering, band=band_id, low=low, high=min(covered, high))
        if high > covered:
            covered, covering = high, band_id


def _conditions(doc: _Document) -> None:
    known = {
        "band": ("condition-unknown-band", _ids(doc.data, "standards/assessment/bands")),
        "kpi": ("condition-unknown-kpi", _ids(doc.data, "standards/assessment/kpis")),
        "event": ("condition-unknown-event", _ids(doc.data, "standards/assessment/events")),
    }
    for path in ("standards/rewards", "standards/exit"):
        for pointer, clause in _entries(doc.data, path):
            when = clause.get("when")
            if not isinstance(when, dict):
                continue
            clause_id = clause.get("id", "?")
            kinds = [kind for kind in known if kind in when]
            if len(kinds) != 1:
                doc.add(f"{pointer}/when", "condition-kind", clause=clause_id, found=kinds or Word("none"))
            for kind in kinds:
                code, ids = known[kind]
                if isinstance(when[kind], str) and when[kind] not in ids:
                    doc.add(f"{pointer}/when/{kind}", code, clause=clause_id, ref=when[kind], known=ids or Word("none"))


def _unique_ids(doc: _Document) -> None:
    for group, key in [(group, "id") for group in ID_GROUPS] + [(("revisions",), "version"), (("approvals",), "role")]:
        first: dict[str, str] = {}
        where = " / ".join(path.replace("/", ".") for path in group)
        for pointer, item in (entry for path in group for entry in _entries(doc.data, path)):
            value = item.get(key)
            if not isinstance(value, str):
                continue
            if value in first:
                doc.add(f"{pointer}/{key}", "duplicate-id", id=value, where=where,
                        first=LineOf(first[value]), second=LineOf(f"{pointer}/{key}"))
            else:
                first[value] = f"{pointer}/{key}"


def _dotted(version) -> tuple[tuple[int, str], ...] | None:
    """A version as a key that orders it as dotted numbers ("1.10" after "1.9", "2.0" after "1.2"), or None for
    one that is not dotted numbers: the schema's pattern reports that, and no order is claimed for it."""
    if not isinstance(version, str) or not re.fullmatch(r"[0-9]+(\.[0-9]+)*", version):
        return None
    # By length, then text: the digits compared as numbers without making an int of however many there are.
    return tuple((len(part.lstrip("0")), part.lstrip("0")) for part in version.split("."))


def _revisions(doc: _Document) -> None:
    """revisions lists a document's versions oldest first, each higher than the one before; once approved, its
    last entry is the version approved."""
    version = doc.data.get("version")
    entries = list(_entries(doc.data, "revisions"))
    _versions_order(doc, entries)
    versions = [item.get("version") for _, item in entries]
    if not all(isinstance(v, str) for v in versions):
        return  # a version written as a number is its own problem (needs-quotes); 1.0 is not "1.0"
    if not isinstance(version, str) or not isinstance(doc.data.get("revisions"), list):
        return
    if version not in versions:
        doc.add("/version", "version-not-in-revisions", version=version)
    elif doc.data.get("status") in SIGNED_OFF and versions[-1] != version:
        doc.add(f"{entries[-1][0]}/version", "revision-not-latest", latest=versions[-1], version=version,
                status=Word(f"status-{doc.data['status']}"), line=LineOf("/version"))


def _versions_order(doc: _Document, entries: list[tuple[str, dict]]) -> None:
    highest: tuple[tuple, str, str] | None = None  # the highest version so far: its key, text and pointer
    seen: set[str] = set()
    for pointer, item in entries:
        version = item.get("version")
        key = _dotted(version)
        if key is None:
            continue
        if highest is not None and key <= highest[0] and version not in seen:  # written twice: duplicate-id
            doc.add(f"{pointer}/version", "versions-order", version=version, previous=highest[1],
                    line=LineOf(highest[2]))
        if highest is None or key > highest[0]:
            highest = (key, version, f"{pointer}/version")
        seen.add(version)


def _dates(doc: _Document) -> None:
    effective, review_due = as_date(doc.data.get("effective")), as_date(doc.data.get("review_due"))
    if effective and review_due and review_due <= effective:
        doc.add("/review_due", "dates-order", effective=effective, review_due=review_due)


def _signatures(doc: _Document) -> dict[str, tuple[str, date]]:
    """Each role's first dated signature: where its date is written, and the date (a second is duplicate-id)."""
    signed: dict[str, tuple[str, date]] = {}
    for pointer, item in _entries(doc.data, "approvals"):
        role, day = item.get("role"), as_date(item.get("date"))
        if isinstance(role, str) and role in ROLES and day and role not in signed:
            signed[role] = (f"{pointer}/date", day)
    return signed


def _approvals(doc: _Document) -> None:
    status = doc.data.get("status")
    if status not in SIGNED_OFF:
        return
    signed = {item.get("role") for _, item in _entries(doc.data, "approvals")
              if isinstance(item.get("role"), str) and item.get("name") and item.get("date")}
    missing = [Word(role) for role in ROLES if role not in signed]
    if missing:
        doc.add("/approvals" if "approvals" in doc.data else "/status", "approvals-incomplete",
                status=status, missing=missing)


def _signing_order(doc: _Document) -> None:
    """Prepared, then reviewed, then approved, then in force: each on the same day as the step before or later."""
    signed = _signatures(doc)
    for index, role in enumerate(ROLES):
        before = [(signed[earlier][1], earlier) for earlier in ROLES[:index] if earlier in signed]
        if role in signed and before and signed[role][1] < max(before)[0]:
            day, earlier = max(before)
            doc.add(signed[role][0], "approvals-order", role=Word(role), date=signed[role][1], other=Word(earlier),
                    other_date=day, line=LineOf(signed[earlier][0]))
    effective = as_date(doc.data.get("effective"))
    if "approved" in signed and effective and effective < signed["approved"][1]:
        pointer, approved = signed["approved"]
        doc.add("/effective", "effective-before-approval", effective=effective, approved=approved,
                line=LineOf(pointer))
    if doc.data.get("status") in SIGNED_OFF and "approved" in signed:
        pointer, approved = signed["approved"]
        for entry, item in _entries(doc.data, "revisions"):
            day, version = as_date(item.get("date")), item.get("version")
            if day and day > approved:  # the version approved was written before it was approved
                doc.add(f"{entry}/date", "revision-after-approval", date=day, approved=approved,
                        version=version if isinstance(version, str) else "?", line=LineOf(pointer))


def _successor(doc: _Document) -> None:
    status, successor = doc.data.get("status"), doc.data.get("superseded_by")
    if status == "superseded" and not successor:
        doc.add("/status", "superseded-without-successor")
    elif successor and status != "superseded" and isinstance(status, str):
        doc.add("/superseded_by", "successor-but-not-superseded", status=Word(f"status-{status}"))
    if isinstance(successor, str) and successor == doc.data.get("id"):
        doc.add("/superseded_by", "superseded-by-itself", ref=successor)


def _phases(doc: _Document) -> None:
    steps = [step for _, step in _entries(doc.data, "process")]
    if doc.data.get("kind") == "procedure" and steps:
        for phase in PHASES:
            if not any(step.get("phase") == phase for step in steps):
                doc.add("/process", "process-phase-missing", phase=Word(phase))


def _file_name(doc: _Document) -> None:
    doc_id = doc.data.get("id")
    if doc.data.get("kind") == "procedure" and isinstance(doc_id, str) and DOC_ID.fullmatch(doc_id):
        if not PurePath(doc.source.display).name.startswith(doc_id):
            doc.add("/id", "filename-id", id=doc_id)


def check_workspace(sources: list[SourceFile], folder: str) -> list[Finding]:
    """Rules across documents: unique numbers, one manual, references to real and current documents."""
    docs = [_Document(source) for source in sources if isinstance(source.data, dict)]
    by_id: dict[str, _Document] = {}
    for doc in docs:
        doc_id = doc.data.get("id")
        if not isinstance(doc_id, str):
            continue
        if doc_id in by_id:
            doc.add("/id", "duplicate-document", id=doc_id, other=by_id[doc_id].source.display)
        else:
            by_id[doc_id] = doc
    # A file that could not be read may hold the manual or a referenced number: say nothing of what is unknown.
    complete = len(docs) == len(sources)
    manuals = [doc for doc in docs if doc.data.get("kind") == "manual"]
    findings: list[Finding] = []
    if complete and len(manuals) != 1 and docs:
        findings.append(finding(folder, (0, 0), "", "manual-count", count=len(manuals)))
    for doc in docs:
        _references(doc, by_id, sorted(by_id) if complete else None)
    return findings + [item for doc in docs for item in doc.findings()]


def _references(doc: _Document, by_id: dict[str, _Document], known: list[str] | None) -> None:
    successor = doc.data.get("superseded_by")
    references = [("/superseded_by", successor, "superseded-by-unknown")] if isinstance(successor, str) else []
    related = doc.data.get("related")
    if isinstance(related, list):
        references += [(f"/related/{i}", ref, "ref-unknown-document") for i, ref in enumerate(related)
                       if isinstance(ref, str)]
    current = doc.data.get("status") not in NOT_CURRENT
    for pointer, ref, unknown_code in references:
        target = by_id.get(ref)
        if target is None:
            if known is not None:
                doc.add(pointer, unknown_code, ref=ref, known=known)
        elif target is doc:
            continue  # superseded-by-itself says it
        elif (current or pointer == "/superseded_by") and target.data.get("status") in NOT_CURRENT:
            named = target.data.get("superseded_by")
            after = by_id.get(named) if isinstance(named, str) else None  # named only if there and current
            current_successor = after is not None and after.data.get("status") not in NOT_CURRENT
            doc.add(pointer, "ref-not-current", ref=ref, status=Word(f"status-{target.data['status']}"),
                    successor=Phrase(("successor", after.data["id"])) if current_successor else "")
