"""assess as one call: the procedure looked up in the workspace, the records read and applied, the period
chosen; each way that stops short is a value (problems to report, or a usage error), never a print."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..check.schema import SchemaSet
from ..check.validate import Report, validate
from ..core.problem import Halt, Problem, has_errors, sorted_problems
from ..core.resources import builtin
from ..core.workspace import display
from ..load.evidence import read
from ..load.loader import SourceFile
from ..load.workspace import Workspace
from .engine import Assessment, Result
from .engine import assess as run
from .periods import EXAMPLES, parse


@dataclass(frozen=True)
class Misused:
    """A usage error: what is wrong, and the argument or option it is about."""

    message: str
    param: str


@dataclass
class Applied:
    """What assess found, in lang: the assessment and the results of the period asked for, with the problems
    to show beside them (warnings); or where it stopped (halt), or how it was misused."""

    lang: str
    organization: str = ""
    procedure: SourceFile | None = None
    evidence: list[SourceFile] = field(default_factory=list)
    assessment: Assessment | None = None
    results: list[Result] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    halt: Halt | None = None
    misused: Misused | None = None
    workspace: Workspace | None = None  # where the procedure was found: its template folders print the report


def apply(workspace: Path, procedure: str, records: tuple[Path, ...], period: str | None,
          lang: str | None = None) -> Applied:
    """Procedure number procedure of workspace applied to the records files, in lang (by default the
    workspace's), for one period or all."""
    schemas = SchemaSet(builtin("schemas"))
    report = validate(Workspace.at(workspace), schemas)
    lang = lang or report.language
    source = next((s for s in report.sources if isinstance(s.data, dict) and s.data.get("kind") == "procedure"
                   and s.data.get("id") == procedure), None)
    if source is None:
        return _unknown(report, procedure, lang)
    if len({path.resolve() for path in records}) != len(records):
        return Applied(lang, misused=Misused("a file is named twice; its rows would count twice", "RECORDS"))
    own = sorted_problems(f.problem(lang) for f in report.findings if f.path == source.display or f in report.links)
    if has_errors(own):
        return Applied(lang, halt=Halt(own, 1))
    evidence = [read(path, display(path), workspace) for path in records]
    assessment = run(source, evidence, schemas)
    problems = sorted_problems(f.problem(lang) for f in assessment.findings)
    if not assessment.ok:
        return Applied(lang, halt=Halt(problems, len(evidence), records=True))
    applied = Applied(lang, report.organization, source, evidence, assessment, assessment.results, problems,
                      workspace=report.workspace)
    if period is not None:
        kind = source.data["standards"]["assessment"]["period"]
        if (wanted := parse(period, kind)) is None:
            applied.misused = Misused(f"{period!r} is not a {kind} period; write it like {EXAMPLES[kind]}", "--period")
            return applied
        applied.results = [r for r in applied.results if r.period == wanted]
        if not applied.results:
            shown = ", ".join(str(p) for p in assessment.periods())
            applied.misused = Misused(f"no scores for {period}; the records hold {shown}", "--period")
    return applied


def _unknown(report: Report, procedure: str, lang: str) -> Applied:
    """No procedure of that number: the problems of the files that could not be read, if any (it may be in
    one of them), else the procedures there are."""
    readable = {s.display for s in report.sources if isinstance(s.data, dict)}
    unreadable = sorted_problems(f.problem(lang) for f in report.findings if f.path not in readable)
    if has_errors(unreadable):
        return Applied(lang, halt=Halt(unreadable, len(report.sources)))
    known = sorted(str(d.get("id")) for d in report.documents if d.get("kind") == "procedure")
    return Applied(lang, misused=Misused(f"no procedure numbered {procedure}; there are {', '.join(known) or 'none'}",
                                         "ID"))
