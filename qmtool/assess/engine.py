"""Apply a procedure's assessment, reward-penalty and exit standards to the records of its providers.

Scores are weighted and rounded in exact decimal arithmetic, as the standard says; every reward,
penalty and exit clause is checked in every assessed period and fires in each period its condition
holds, carrying the data that made it hold.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

from ..check.schema import SchemaSet
from ..core.limit import shown
from ..core.messages import Word
from ..core.problem import Finding, finding, has_errors
from ..load.chosen import Chosen, WhereIn
from ..load.evidence import Event, Score, rows
from ..load.loader import SourceFile
from .periods import EXAMPLES, Period, of_date, parse

MODES = {"half-up": ROUND_HALF_UP, "half-even": ROUND_HALF_EVEN}


@dataclass(frozen=True)
class Fact:
    """One piece of data a condition held on: a period's band, a KPI's score, or an event."""

    period: str
    kind: str  # band, kpi or event
    subject: str  # the band, KPI or event id
    value: str = ""  # the score (band, kpi) or the event's date
    note: str = ""  # the threshold (kpi) or the event's note


@dataclass(frozen=True)
class Decision:
    clause: str
    kind: str  # reward, penalty or exit
    action: str
    amount: Decimal | None
    when: dict
    pointer: str  # where the clause is in the procedure
    facts: tuple[Fact, ...]


@dataclass
class Result:
    """One provider in one period."""

    provider: str
    name: str
    period: Period
    kpis: dict[str, Decimal]
    raw: Decimal
    score: Decimal
    band: str
    change: Decimal | None = None
    events: list[Event] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)


@dataclass
class Assessment:
    procedure: dict
    results: list[Result] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not has_errors(self.findings)

    def periods(self) -> list[Period]:
        return sorted({r.period for r in self.results})


def assess(document: SourceFile, sources: list[SourceFile], schemas: SchemaSet) -> Assessment:
    """Check the records against the procedure's standards; if nothing is wrong, apply them."""
    procedure = document.data
    assessment = Assessment(procedure)
    if procedure["status"] != "effective":  # results under a draft or withdrawn standard bind no one
        assessment.findings.append(finding(document.display, document.mark("/status"), "/status",
                                           "assess-not-effective", id=procedure["id"],
                                           status=Word(f"status-{procedure['status']}")))
    scores: list[Score] = []
    events: list[Event] = []
    for source in sources:
        assessment.findings += source.findings
        if source.data is None:
            continue
        found, bad_rows = schemas.check_parts(source, "records", depth=2)  # every bad row, those not shown too
        assessment.findings += found
        file_scores, file_events = rows(source, skip=bad_rows)
        scores += file_scores
        events += file_events
    standard = procedure["standards"]["assessment"]
    checker = _Checker(procedure, standard)
    scores, events = checker.scores(scores), checker.events(events)
    if not scores and assessment.ok:
        assessment.findings.append(finding(sources[0].display if sources else "-", (0, 0), "", "records-no-scores"))
    assessment.findings += checker.files.findings()
    if assessment.ok:
        assessment.results = _apply(procedure, scores, events)
        assessment.findings += _uncounted(events, assessment.results, standard["period"])
    assessment.findings = shown(assessment.findings)  # a records file's first problems, and how many more
    return assessment


def kpi_ids(procedure: dict) -> list[str]:
    """The KPIs in the order the standard lists them (records may list them in any order)."""
    return [k["id"] for k in procedure["standards"]["assessment"]["kpis"]]


class _Checker:
    """The checks of records against one procedure's standards: each row once, located at its cell."""

    def __init__(self, procedure: dict, standard: dict):
        self.procedure, self.standard = procedure, standard
        self.kind = standard["period"]
        self.kpis = kpi_ids(procedure)
        self.event_ids = [e["id"] for e in standard.get("events", [])]
        self.files = _Files()

    def at(self, row: Score | Event, field: str, code: str, **params) -> None:
        self.files.at(row, field, code, **params)

    def scores(self, scores: list[Score]) -> list[Score]:
        kept: list[Score] = []
        seen: dict[tuple, Score] = {}
        names: dict[str, Score] = {}
        for row in scores:
            if parse(row.period, self.kind) is None:
                self.at(row, "period", "records-period-kind", period=row.period, kind=Word(f"period-{self.kind}"),
                        procedure=self.procedure["id"], example=EXAMPLES[self.kind])
            elif row.kpi not in self.kpis:
                self.at(row, "kpi", "records-kpi-unknown", kpi=row.kpi, procedure=self.procedure["id"],
                        defined=self.kpis)
            elif (first := seen.get((row.provider, row.period, row.kpi))) is not None:
                self.at(row, "kpi", "records-duplicate", scored=f"{row.provider} {row.period} {row.kpi}",
                        first=_where(first))
            else:
                seen[(row.provider, row.period, row.kpi)] = row
                kept.append(row)
            named = names.setdefault(row.provider, row)
            if row.name and named.name and row.name != named.name:
                self.at(row, "provider_name", "records-provider-name", provider=row.provider, name=row.name,
                        first=named.name, where=_where(named))
            elif row.name and not named.name:
                names[row.provider] = row
        groups: dict[tuple[str, str], list[Score]] = defaultdict(list)
        for row in kept:
            groups[(row.provider, row.period)].append(row)
        for (provider, period), group in groups.items():
            missing = [k for k in self.kpis if k not in {row.kpi for row in group}]
            if missing:
                self.at(group[0], "provider", "records-kpi-missing", provider=provider, period=period,
                        missing=missing)
        return kept

    def events(self, events: list[Event]) -> list[Event]:
        kept: list[Event] = []
        seen: dict[tuple, Event] = {}
        for row in events:
            if row.event not in self.event_ids:
                self.at(row, "event", "records-event-unknown", event=row.event, procedure=self.procedure["id"],
                        defined=self.event_ids or ["-"])
                continue
            key = (row.provider, row.date, row.event, row.note)
            if key in seen:
                self.at(row, "event", "records-event-twice", first=_where(seen[key]))
            seen.setdefault(key, row)
            kept.append(row)
        return kept


class _Files:
    """The findings of rows, each file's first ones only (load/chosen.py): a million bad rows are counted,
    and only those shown are located."""

    def __init__(self):
        self.chosen: dict[int, Chosen] = {}

    def at(self, row: Score | Event, field: str, code: str, **params) -> None:
        chosen = self.chosen.get(id(row.source)) or self.chosen.setdefault(id(row.source), Chosen(row.source))
        chosen.add(f"{row.pointer}/{field}", code, **params)

    def findings(self) -> list[Finding]:
        return [item for chosen in self.chosen.values() for item in chosen.findings()]


def _where(row: Score | Event) -> WhereIn:
    return WhereIn(row.source, row.pointer)


def weighted(kpis: dict[str, Decimal], standard: dict) -> tuple[Decimal, Decimal]:
    """The exact weighted score and the score rounded as the standard says (default half-up, one place)."""
    raw = sum((kpis[k["id"]] * Decimal(k["weight"]) for k in standard["kpis"]), Decimal(0)) / 100
    rounding = standard.get("rounding", {})
    step = Decimal(1).scaleb(-rounding.get("places", 1))
    return raw, raw.quantize(step, rounding=MODES[rounding.get("mode", "half-up")])


def band_of(score: Decimal, bands: list[dict]) -> str:
    """The band a score falls in: [min, max), and 100 in the band whose max is 100."""
    for band in bands:
        if band["min"] <= score < band["max"] or score == band["max"] == 100:
            return band["id"]
    raise ValueError(f"no band holds {score}")  # validation makes the bands cover 0 to 100


def _apply(procedure: dict, scores: list[Score], events: list[Event]) -> list[Result]:
    standards = procedure["standards"]
    standard = standards["assessment"]
    kind = standard["period"]
    table: dict[str, dict[Period, dict[str, Decimal]]] = defaultdict(lambda: defaultdict(dict))
    names: dict[str, str] = {}
    for row in scores:
        table[row.provider][parse(row.period, kind)][row.kpi] = row.score
        names[row.provider] = names.get(row.provider) or row.name
    happened: dict[str, dict[Period, list[Event]]] = defaultdict(lambda: defaultdict(list))
    for row in sorted(events, key=lambda e: e.date):
        happened[row.provider][of_date(row.date, kind)].append(row)
    clauses = [(r, r["type"], f"/standards/rewards/{n}") for n, r in enumerate(standards["rewards"])]
    clauses += [(x, "exit", f"/standards/exit/{n}") for n, x in enumerate(standards["exit"])]
    results: list[Result] = []
    for provider in sorted(table):
        assessed: dict[Period, Result] = {}
        for period in sorted(table[provider]):
            kpis = table[provider][period]
            raw, score = weighted(kpis, standard)
            result = Result(provider, names[provider], period, kpis, raw, score, band_of(score, standard["bands"]),
                            events=happened[provider].get(period, []))
            if (before := assessed.get(period.before())) is not None:
                result.change = score - before.score
            assessed[period] = result
            for clause, clause_kind, pointer in clauses:
                facts = _holds(clause["when"], period, assessed, happened[provider])
                if facts is not None:
                    result.decisions.append(Decision(clause["id"], clause_kind, clause["action"],
                                                     clause.get("amount"), clause["when"], pointer, facts))
            results.append(result)
    return results


def _holds(when: dict, period: Period, assessed: dict[Period, Result],
           happened: dict[Period, list[Event]]) -> tuple[Fact, ...] | None:
    """The facts that make the condition hold in this period, or None when it does not."""
    facts: list[Fact] = []
    for back in reversed(range(when.get("consecutive", 1))):
        found = _holds_once(when, period.before(back), assessed, happened)
        if found is None:
            return None
        facts += found
    return tuple(facts)


def _holds_once(when: dict, period: Period, assessed: dict[Period, Result],
                happened: dict[Period, list[Event]]) -> list[Fact] | None:
    if "event" in when:
        counted = [e for back in reversed(range(when.get("within", 1)))
                   for e in happened.get(period.before(back), []) if e.event == when["event"]]
        if len(counted) < when["count"]:
            return None
        return [Fact(str(of_date(e.date, period.kind)), "event", e.event, e.date, e.note) for e in counted]
    result = assessed.get(period)
    if result is None:
        return None
    if "band" in when:
        return [Fact(str(period), "band", result.band, str(result.score))] if result.band == when["band"] else None
    score = result.kpis[when["kpi"]]
    return [Fact(str(period), "kpi", when["kpi"], str(score), str(when["below"]))] if score < when["below"] else None


def _uncounted(events: list[Event], results: list[Result], kind: str) -> list[Finding]:
    """Events in a period their provider has no scores for: only windows reaching back count them."""
    assessed = {(r.provider, r.period) for r in results}
    files = _Files()
    for row in events:
        if (row.provider, of_date(row.date, kind)) not in assessed:
            files.at(row, "date", "records-event-unassessed", provider=row.provider, date=row.date,
                     period=str(of_date(row.date, kind)))
    return files.findings()
