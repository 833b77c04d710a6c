"""What the templates see: plain dicts of text, built from the validated documents and the labels.

Templates get no callables and no raw documents, only strings, numbers and lists, with the
section numbers already worked out, so the table of contents and the headings agree.
"""
from __future__ import annotations

from string import Formatter

from ..check.rules import PHASES, ROLES
from ..core.labels import REGISTER_COLUMNS, STAMPS, WATERMARKS, labels, status_label

IN_FORCE = ("approved", "effective")

STANDARDS = ("grades", "fees", "entry", "assessment", "rewards", "exit")


class Outline:
    """Numbered headings 1 / 1.1 / 1.1.1 in the order they are added, plus lettered appendices."""

    def __init__(self, words: dict[str, str]):
        self.words = words
        self.numbers: list[int] = []
        self.appendices = 0
        self.entries: list[dict] = []
        self.by_key: dict[str, dict] = {}

    def add(self, key: str, title: str, level: int = 1) -> dict:
        self.numbers = self.numbers[:level]
        while len(self.numbers) < level:
            self.numbers.append(0)
        self.numbers[-1] += 1
        return self._entry(key, ".".join(map(str, self.numbers)), title, level)

    def appendix(self, key: str, title: str) -> dict:
        self.appendices += 1
        return self._entry(key, f"{self.words['appendix']} {chr(64 + self.appendices)}", title, 1)

    def _entry(self, key: str, number: str, title: str, level: int) -> dict:
        entry = {"key": key, "number": number, "title": title, "level": level, "anchor": f"s-{key}"}
        self.entries.append(entry)
        self.by_key[key] = entry
        return entry


def text(value) -> str:
    """A value as the document wrote it: decimals keep their places (str(Decimal("35.50")) is "35.50")."""
    return "" if value is None else str(value)


def control(doc: dict, lang: str, organization: str) -> dict:
    """The document-control block common to every document: cover, approvals, revisions, distribution."""
    words = labels(lang)
    signed = {a.get("role"): a for a in doc.get("approvals", [])}
    watermark = WATERMARKS.get(doc["status"])
    return {
        "id": doc["id"], "title": doc["title"], "version": doc["version"], "status": doc["status"],
        "status_label": status_label(words, doc["status"]), "effective": doc["effective"],
        "review_due": doc["review_due"], "owner": doc["owner"], "organization": organization,
        "superseded_by": doc.get("superseded_by", ""), "lang": lang,
        "kind_label": words[doc["kind"]],
        "header": words["header"].format(id=doc["id"], version=doc["version"]),
        "watermark": words[watermark] if watermark else "",
        "stamp": words[STAMPS[doc["status"]]], "controlled": STAMPS[doc["status"]] == "controlled",
        "approvals": [{"role": words[role], "name": signed.get(role, {}).get("name", ""),
                       "date": signed.get(role, {}).get("date", "")} for role in ROLES],
        "revisions": [{"version": r["version"], "date": r["date"], "summary": r["summary"],
                       "author": r.get("author", "")} for r in doc["revisions"]],
        "distribution": [{"holder": d["holder"], "copies": text(d.get("copies", 1))}
                         for d in doc.get("distribution", [])],
        "keywords": ", ".join([doc["id"], words[doc["kind"]], organization]),
    }


def page_label(lang: str) -> list[tuple[str, str]]:
    """The footer as pieces: ("text", "第 "), ("counter", "page"), ... for CSS generated content."""
    pieces: list[tuple[str, str]] = []
    for text, field, _, _ in Formatter().parse(labels(lang)["page"]):
        pieces += [("text", text)] if text else []
        pieces += [("counter", field)] if field else []
    return pieces


def condition_text(when: dict, names: dict[str, dict[str, str]], words: dict) -> str:
    if "band" in when:
        phrase = words["cond_band"].format(band=names["bands"].get(when["band"], when["band"]))
    elif "kpi" in when:
        phrase = words["cond_kpi"].format(kpi=names["kpis"].get(when["kpi"], when["kpi"]), below=text(when["below"]))
    else:
        phrase = words["cond_event"].format(event=names["events"].get(when["event"], when["event"]),
                                            count=when["count"])
        if when.get("within", 1) > 1:
            phrase = words["cond_within"].format(n=when["within"]) + phrase
    if when.get("consecutive", 1) > 1:
        phrase = words["cond_consecutive"].format(n=when["consecutive"]) + phrase
    return phrase


def _retention(value: str, words: dict) -> str:
    if value == "permanent":
        return words["permanent"]
    return words[f"retention_{value[-1]}"].format(n=value[:-1])


def assessment_names(procedure: dict) -> dict[str, dict[str, str]]:
    """The names of the procedure's bands, KPIs and events, by kind and id."""
    assessment = procedure["standards"]["assessment"]
    return {kind: {item["id"]: item["name"] for item in assessment.get(kind, [])}
            for kind in ("bands", "kpis", "events")}


def standards_view(doc: dict, words: dict) -> dict:
    """The six standards of one procedure as rows of text, each row knowing its procedure."""
    standards = doc["standards"]
    source = {"from_id": doc["id"], "from_title": doc["title"]}
    grade_names = {g["id"]: g["name"] for g in standards["grades"]}
    assessment = standards["assessment"]
    rounding = assessment.get("rounding", {})
    bands = sorted(assessment["bands"], key=lambda b: b["min"], reverse=True)
    names = assessment_names(doc)
    return {
        "grades": [{**source, "id": g["id"], "name": g["name"], "applies_to": g.get("applies_to", ""),
                    "commitments": list(g["commitments"])} for g in standards["grades"]],
        "fees": [{**source, "id": f["id"], "item": f["item"],
                  "grade": f"{f['grade']} {grade_names.get(f['grade'], '')}".strip() if f.get("grade") else "",
                  "unit": f["unit"], "price": text(f["price"]), "basis": f.get("basis", "")}
                 for f in standards["fees"]],
        "entry": [{**source, "id": e["id"], "requirement": e["requirement"], "evidence": e["evidence"],
                   "level": words[e["level"]]} for e in standards["entry"]],
        "assessment": {
            **source, "period": words[assessment["period"]],
            "rounding": words["rounding_rule"].format(mode=words[rounding.get("mode", "half-up")],
                                                      places=rounding.get("places", 1)),
            "kpis": [{**source, "id": k["id"], "name": k["name"], "weight": text(k["weight"]),
                      "target": k["target"], "method": k.get("method", "")} for k in assessment["kpis"]],
            "bands": [{**source, "id": b["id"], "name": b["name"],
                       "range": words["range_top" if b["max"] == 100 else "range_open"].format(
                           min=text(b["min"]), max=text(b["max"]))} for b in bands],
            "events": [{**source, "id": e["id"], "name": e["name"]} for e in assessment.get("events", [])],
        },
        "rewards": [{**source, "id": r["id"], "type": words[r["type"]], "type_key": r["type"],
                     "condition": condition_text(r["when"], names, words), "action": r["action"],
                     "amount": text(r.get("amount"))} for r in standards["rewards"]],
        "exit": [{**source, "id": x["id"], "condition": condition_text(x["when"], names, words),
                  "action": x["action"]} for x in standards["exit"]],
    }


def procedure_view(doc: dict, lang: str, organization: str, source_name: str) -> dict:
    words = labels(lang)
    outline = Outline(words)
    sections = {key: outline.add(key, words[key]) for key in ("purpose", "scope", "responsibilities")}
    sections["process"] = outline.add("process", words["process"])
    for phase in PHASES:
        sections[phase] = outline.add(phase, words[phase], 2)
    sections["standards"] = outline.add("standards", words["standards"])
    for key in STANDARDS:
        sections[key] = outline.add(key, words[key], 2)
    sections["records"] = outline.add("records", words["records"])
    if doc.get("related"):
        sections["related"] = outline.add("related", words["related"])
    return {
        "kind": "procedure", "words": words, "doc": control(doc, lang, organization), "toc": outline.entries,
        "sections": sections, "purpose": doc["purpose"], "scope": doc["scope"],
        "responsibilities": [{"role": r["role"], "duties": list(r["duties"])} for r in doc["responsibilities"]],
        "phases": [{"key": phase, "steps": [{"id": s["id"], "actor": s["actor"], "action": s["action"],
                                             "output": s["output"], "time_limit": s.get("time_limit", "")}
                                            for s in doc["process"] if s["phase"] == phase]} for phase in PHASES],
        "records": [{"id": r["id"], "name": r["name"], "retention": _retention(r["retention"], words),
                     "keeper": r.get("keeper", "")} for r in doc["records"]],
        "related": list(doc.get("related", [])),
        "standards": standards_view(doc, words),
        "page": page_label(lang), "sources": [source_name],
    }


def register_rows(docs: list[dict], words: dict) -> list[dict]:
    """The master list of controlled documents, in number order: the columns `qmtool register` lists."""
    return [{column: status_label(words, d["status"]) if column == "status" else d.get(column, "")
             for column in REGISTER_COLUMNS} for d in sorted(docs, key=lambda d: d["id"])]


def manual_view(manual: dict, procedures: list[dict], lang: str, source_names: list[str]) -> dict:
    words = labels(lang)
    organization = manual["organization"]
    # Only procedures in force (or approved to be) are the centre's standards; the rest are in the register.
    current = [p for p in sorted(procedures, key=lambda p: p["id"]) if p["status"] in IN_FORCE]
    outline = Outline(words)
    sections = {key: outline.add(key, words[key])
                for key in ("scope", "normative_references", "terms", "policy_objectives")}
    sections["policy"] = outline.add("policy", words["policy"], 2)
    sections["objectives"] = outline.add("objectives", words["objectives"], 2)
    sections["organization_responsibilities"] = outline.add(
        "organization_responsibilities", words["organization_responsibilities"])
    sections["standards"] = outline.add("standards", words["standards"])
    for key in STANDARDS:
        sections[key] = outline.add(key, words[key], 2)
    sections["procedure_index"] = outline.add("procedure_index", words["procedure_index"])
    sections["register"] = outline.appendix("register", words["register"])
    views = [standards_view(p, words) for p in current]
    consolidated = {key: [row for view in views for row in view[key]] for key in STANDARDS if key != "assessment"}
    consolidated["assessment"] = [view["assessment"] for view in views]
    return {
        "kind": "manual", "words": words, "doc": control(manual, lang, organization), "toc": outline.entries,
        "sections": sections, "scope": manual["scope"],
        "normative_references": [{"id": r["id"], "title": r["title"]}
                                 for r in manual.get("normative_references", [])],
        "terms": [{"term": t["term"], "english": t.get("english", ""), "definition": t["definition"]}
                  for t in manual["terms"]],
        "policy": manual["policy"],
        "objectives": [{"id": o["id"], "objective": o["objective"], "target": o["target"], "measure": o["measure"]}
                       for o in manual["objectives"]],
        "responsibilities": [{"role": r["role"], "duties": list(r["duties"])} for r in manual["responsibilities"]],
        "standards": consolidated,
        "left_out": [{"id": p["id"], "title": p["title"], "status": status_label(words, p["status"])}
                     for p in sorted(procedures, key=lambda p: p["id"]) if p["status"] not in IN_FORCE],
        "procedures": [{"id": p["id"], "title": p["title"], "version": p["version"],
                        "status": status_label(words, p["status"]), "effective": p["effective"]} for p in current],
        "register": register_rows([manual, *procedures], words),
        "page": page_label(lang), "sources": source_names,
    }
