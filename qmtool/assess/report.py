"""An assessment as data for other tools (JSON, CSV), as lines and tables for a terminal, and as a PDF report."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from unicodedata import east_asian_width

from ..core.labels import labels
from ..core.problem import Halt, sorted_problems
from ..render.views import assessment_names, condition_text, page_label, standards_view, text
from .apply import Applied
from .engine import Assessment, Decision, Fact, Result, kpi_ids


def signed(value: Decimal | None) -> str:
    return "" if value is None else f"{value:+}"


def fact_text(fact: Fact, named: dict[str, dict[str, str]], words: dict) -> str:
    if fact.kind == "band":
        return f"{fact.period} {fact.value} {named['bands'][fact.subject]}"
    if fact.kind == "kpi":
        return f"{fact.period} {fact.subject} {fact.value} < {fact.note}"
    event = f"{fact.value} {named['events'][fact.subject]}"
    return f"{event}{words['colon']}{fact.note}" if fact.note else event


def because(decision: Decision, named: dict[str, dict[str, str]], words: dict) -> str:
    """Why a clause fired: its condition, then the data it held on."""
    facts = words["semicolon"].join(fact_text(f, named, words) for f in decision.facts)
    return condition_text(decision.when, named, words) + words["parenthesis"].format(facts)


def totals(results: list[Result]) -> list[dict]:
    """Per provider: the latest period shown, the sums of rewards and penalties, the first exit."""
    providers: dict[str, dict] = {}
    for result in results:
        entry = providers.setdefault(result.provider, {
            "provider": result.provider, "provider_name": result.name, "rewards": Decimal("0.00"),
            "penalties": Decimal("0.00"), "exit": None, "latest": result})
        entry["latest"] = result
        for decision in result.decisions:
            if decision.kind == "exit":
                entry["exit"] = entry["exit"] or {"clause": decision.clause, "period": str(result.period)}
            elif decision.amount is not None:
                entry["rewards" if decision.kind == "reward" else "penalties"] += decision.amount
    return list(providers.values())


def as_json(assessment: Assessment, results: list[Result]) -> dict:
    procedure = assessment.procedure
    kpis = kpi_ids(procedure)
    return {
        "procedure": {"id": procedure["id"], "title": procedure["title"], "version": procedure["version"]},
        "periods": sorted({str(r.period) for r in results}),
        "results": [{
            "provider": r.provider, "provider_name": r.name, "period": str(r.period),
            "kpis": {k: text(r.kpis[k]) for k in kpis}, "raw": text(r.raw), "score": text(r.score),
            "band": r.band, "change": signed(r.change) or None,
            "events": [{"date": e.date, "event": e.event, "note": e.note} for e in r.events],
            "decisions": [{"clause": d.clause, "kind": d.kind, "amount": text(d.amount) or None, "action": d.action,
                           "facts": [vars(f) for f in d.facts]} for d in r.decisions],
        } for r in results],
        "providers": [{"provider": t["provider"], "provider_name": t["provider_name"], "rewards": text(t["rewards"]),
                       "penalties": text(t["penalties"]), "exit": t["exit"]} for t in totals(results)],
    }


def csv_rows(assessment: Assessment, results: list[Result]) -> list[list[str]]:
    kpis = kpi_ids(assessment.procedure)

    def clauses(result: Result, kind: str) -> tuple[str, str]:
        chosen = [d for d in result.decisions if d.kind == kind]
        amount = sum((d.amount for d in chosen if d.amount is not None), Decimal("0.00"))
        return " ".join(d.clause for d in chosen), text(amount) if chosen else ""

    header = ["provider", "provider_name", "period", *kpis, "raw", "score", "band", "change",
              "rewards", "reward_amount", "penalties", "penalty_amount", "exits"]
    return [header] + [[r.provider, r.name, str(r.period), *(text(r.kpis[k]) for k in kpis), text(r.raw),
                        text(r.score), r.band, signed(r.change), *clauses(r, "reward"), *clauses(r, "penalty"),
                        clauses(r, "exit")[0]] for r in results]


def decision_label(decision: Decision, words: dict) -> str:
    amount = f" {text(decision.amount)}" if decision.amount is not None else ""
    return f"{decision.clause} {words['exit_kind' if decision.kind == 'exit' else decision.kind]}{amount}"


def report_view(assessment: Assessment, results: list[Result], lang: str, organization: str,
                record_names: list[str]) -> dict:
    """Everything the report template prints, as plain data."""
    words = labels(lang)
    procedure = assessment.procedure
    named = assessment_names(procedure)
    kpis = kpi_ids(procedure)
    periods = sorted({r.period for r in results})
    span = f"{periods[0]}–{periods[-1]}" if len(periods) > 1 else str(periods[0])
    title = words["assess_title"]
    latest = periods[-1]
    scored = [float(r.score) for r in results]
    floor = max(0, min(int(min(scored)) // 10 * 10 - 10, 60))
    standards = standards_view(procedure, words)
    bands = [b for b in procedure["standards"]["assessment"]["bands"] if b["min"] > 0]
    # The bands' names go under the charts, where they wrap; a chart marks each band's line with its lowest score.
    key = words["chart_bands"].format(bands=words["semicolon"].join(f"{b['name']} {text(b['min'])}" for b in bands))
    return {
        "kind": "assessment", "words": words, "page": page_label(lang),
        "doc": {"lang": lang, "title": f"{procedure['id']} {procedure['title']}　{title}", "organization": organization,
                "header": f"{procedure['id']}　{title}　{span}"},
        "procedure": {"header": words["header"].format(id=procedure["id"], version=procedure["version"]),
                      "title": procedure["title"]},
        "span": span, "records": record_names, "rounding": standards["assessment"]["rounding"],
        "kpis": kpis,
        "summary": [{"provider": t["provider"], "name": t["provider_name"], "period": str(t["latest"].period),
                     "score": text(t["latest"].score), "band": named["bands"][t["latest"].band],
                     "change": signed(t["latest"].change), "rewards": text(t["rewards"]),
                     "penalties": text(t["penalties"]),
                     "exit": f"{t['exit']['clause']} {t['exit']['period']}" if t["exit"] else ""}
                    for t in totals(results)],
        "decisions": [{"provider": r.provider, "period": str(r.period), "clause": d.clause, "kind": d.kind,
                       "kind_label": words["exit_kind" if d.kind == "exit" else d.kind],
                       "amount": text(d.amount), "action": d.action, "because": because(d, named, words)}
                      for r in results for d in r.decisions],
        "scores": [{"provider": r.provider, "period": str(r.period),
                    "kpis": [text(r.kpis[k]) for k in kpis],
                    "raw": text(r.raw), "score": text(r.score), "band": named["bands"][r.band],
                    "change": signed(r.change)} for r in results],
        "bar": {"title": words["chart_bar"].format(period=latest), "key": key,
                "bars": [{"label": r.provider, "value": float(r.score), "text": text(r.score),
                          "ems": ems(r.provider), "text_ems": ems(text(r.score))}
                         for r in results if r.period == latest]},
        "line": {"title": words["chart_line"], "key": key, "floor": floor,
                 "periods": [str(p) for p in periods], "period_ems": max(ems(str(p)) for p in periods),
                 "series": [{"label": provider, "ems": ems(provider),
                             "points": [(periods.index(r.period), float(r.score))
                                        for r in results if r.provider == provider]}
                            for provider in sorted({r.provider for r in results})]},
        "bands": [{"min": float(b["min"]), "name": b["name"], "label": text(b["min"])} for b in bands],
        "standards": standards,
    }


def ems(label: str) -> float:
    """About how wide a chart label is, in ems of its font: a chart template makes room for it from this, as SVG
    text does not wrap. Generous for Latin letters and digits (0.65 em), exact for Chinese characters (1 em)."""
    return sum(1.0 if east_asian_width(char) in "WF" else 0.65 for char in label)


def text_blocks(assessment: Assessment, results: list[Result], lang: str) -> list[str | list[list[str]]]:
    """The results for a terminal, as lines and tables (rows of cells) for the reporter to align: the results,
    the clauses that fired with their reasons, and each provider's totals."""
    words, named = labels(lang), assessment_names(assessment.procedure)
    rows = [[words[key] for key in ("provider", "provider_name", "period", "score", "band", "change",
                                    "assess_decisions")]]
    rows += [[r.provider, r.name, str(r.period), text(r.score), named["bands"][r.band], signed(r.change),
              words["semicolon"].join(decision_label(d, words) for d in r.decisions)] for r in results]
    reasons = [f"  {r.provider} {r.period} {decision_label(d, words)}{words['colon']}{because(d, named, words)}"
               for r in results for d in r.decisions] or [f"  {words['no_decisions']}"]
    summary = [[words[key] for key in ("provider", "provider_name", "total_rewards", "total_penalties", "exit_kind")]]
    summary += [[t["provider"], t["provider_name"], text(t["rewards"]), text(t["penalties"]),
                 f"{t['exit']['clause']} {t['exit']['period']}" if t["exit"] else ""] for t in totals(results)]
    return [f"{assessment.procedure['id']} {assessment.procedure['title']}", rows, "", words["because"], *reasons,
            "", summary]


def check_report(path: Path, workspace: Path, records: tuple[Path, ...]) -> None:
    """OSError (OutputRefused) when path is no place for the report: in a release, over a records file or in
    the workspace's inputs, or a device or folder there. Made before assess reads anything, so that a refusal
    comes before the results are printed, not after."""
    from ..build.write import check_view
    from ..core.workspace import input_folders

    check_view(path, input_folders(workspace) + list(records))


def write_report(path: Path, applied: Applied, timeout: float) -> Halt | None:
    """The report as a PDF/A-3b at path with the procedure and the records attached, written as a build writes
    a document (build/write.py); None when written, else where assess stops: a template or layout that failed
    alone, counted as one document; text refused, with the assessment's own problems. OSError when path cannot
    be written (never over a records file)."""
    from ..build.plan import attachment_names
    from ..build.write import write_view
    from ..core.workspace import input_folders
    from ..render.pdf import Source

    printed = [applied.procedure, *applied.evidence]
    view = report_view(applied.assessment, applied.results, applied.lang, applied.organization,
                       [s.display for s in applied.evidence])
    names = attachment_names(s.display for s in printed)  # as a build names sources: two of one name stay two
    attachments = [Source(names[s.display], s.raw, s.display) for s in printed]
    inputs = input_folders(applied.workspace.root) + [s.path for s in printed]
    unwritten = write_view(path, view, applied.workspace.folders, inputs, printed, applied.workspace.manual_file,
                           attachments, applied.procedure.display, timeout)
    if unwritten is None:
        return None
    found = [f.problem(applied.lang) for f in unwritten.findings]
    if unwritten.failed:
        return Halt(found, 1)
    return Halt(sorted_problems(found) + applied.problems, len(applied.evidence), records=True)
