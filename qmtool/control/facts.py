"""What release.json says of each document that comes from its source: written by release, and held by verify
to the commit's own sources when that commit can be read."""
from __future__ import annotations

import json
from pathlib import Path

from ..core.messages import Word
from ..core.problem import Finding, finding
from ..load.loader import load_bytes
from ..load.workspace import workspace_language

OWN = ("source", "pdf")  # what the record says of a document that does not come from its source
_SHOWN = 80  # characters of a value a message shows: a record can hold anything, at any length


def facts(doc: dict) -> dict:
    """A document's facts as release.json records them."""
    approvals = doc.get("approvals", [])
    return {"id": doc.get("id"), "title": doc.get("title"), "version": doc.get("version"),
            "status": doc.get("status"), "superseded_by": doc.get("superseded_by"),
            "approvals": [{k: str(v) for k, v in a.items()} if isinstance(a, dict) else a for a in approvals]
            if isinstance(approvals, list) else approvals}


def differences(where: str, record: dict, committed: dict[str, bytes | None], commit: str,
                date: str | None) -> list[Finding]:
    """Each fact of the record that is not what the commit's sources (committed, by recorded path) say, at its
    JSON pointer: a document's facts, key by key (a key release never writes is one too), the language (the
    commit's manual's) and the date (the commit's own)."""
    found, loaded = [], []
    for number, document in enumerate(record["documents"]):
        path = document["source"]["path"]
        raw = committed.get(path)
        source = load_bytes(raw, Path(path), path) if raw is not None else None
        loaded += [source] if source is not None else []
        derived = _as_json(facts(source.data)) if source is not None and isinstance(source.data, dict) else {}
        for key in [*derived, *sorted(set(document) - set(OWN) - set(derived))]:
            if document.get(key, _ABSENT) != derived.get(key, _ABSENT):
                found.append(_differs(where, f"/documents/{number}/{key}", document.get(key, _ABSENT),
                                      derived.get(key, _ABSENT), path, commit))
    if loaded and record.get("language") != (language := workspace_language(loaded)):
        manual = next((s.display for s in loaded if isinstance(s.data, dict) and s.data.get("kind") == "manual"), "")
        found.append(_differs(where, "/language", record.get("language", _ABSENT), language, manual, commit))
    if date is not None and record.get("date") != date:
        found.append(_differs(where, "/date", record.get("date", _ABSENT), date, "git log", commit))
    return found


_ABSENT = object()  # a key the record or the source does not hold


def _as_json(value):
    """value as release.json would read back: a date is its text, a tuple a list."""
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


def _differs(where: str, pointer: str, recorded, derived, name: str, commit: str) -> Finding:
    return finding(where, (0, 0), pointer, "verify-record-differs", field=pointer, recorded=_shown(recorded),
                   committed=_shown(derived), name=name or "procedures/", commit=commit[:12])


def _shown(value):
    if value is _ABSENT:
        return Word("none")
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= _SHOWN else text[:_SHOWN] + "…"
