"""Validate a workspace: load every document, check it against its schema and the rules."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..core.catalog import DEFAULT_LANGUAGE, LANGUAGES
from ..core.limit import shown
from ..core.problem import Finding, Problem, finding, sorted_problems
from ..core.resources import builtin
from ..core.workspace import DOCUMENTS, display, scan
from ..load.language import is_manual, manual_language
from ..load.loader import SourceFile, load
from .memo import SchemaMemo
from .rules import check_document, check_workspace
from .schema import SchemaSet


@dataclass
class Report:
    """What validation found in a workspace, in the workspace's language unless told otherwise."""

    root: Path
    language: str
    sources: list[SourceFile] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    links: list[Finding] = field(default_factory=list)  # links not followed: among the findings, and apart

    def problems(self, lang: str | None = None) -> list[Problem]:
        return sorted_problems(item.problem(lang or self.language) for item in self.findings)

    @property
    def documents(self) -> list[dict]:
        return [source.data for source in self.sources if isinstance(source.data, dict)]

    @property
    def manual(self) -> dict:
        """The quality manual's data ({} when there is none: validation then says so)."""
        return manual_of(self.sources)

    @property
    def organization(self) -> str:
        """The organisation the manual names, printed in every document's header."""
        return str(self.manual.get("organization", ""))


def validate(root: Path | str = ".", schemas: SchemaSet | None = None, memo: Path | None = None) -> Report:
    """Every problem of the workspace at root. With memo (a folder outside the workspace, see
    cache.memo_folder), files whose exact contents passed their schema check before are not checked
    again; the rules, which span documents, always run."""
    root = Path(root)
    schemas = schemas or SchemaSet(builtin("schemas"))
    remembered = SchemaMemo(memo, root, schemas.digest)
    passed = set(remembered.passed)
    files = scan(root)
    sources = [load(path, display(path)) for path in files.documents]
    report = Report(root, workspace_language(sources), sources, list(files.findings), files.findings)
    if not sources:
        folder = display(root / DOCUMENTS)
        report.findings.append(finding(folder, (0, 0), "", "no-documents", folder=folder))
        return report
    for source in sources:
        report.findings += source.findings
        if isinstance(source.data, dict):
            key = remembered.key(source.raw)
            if key not in passed:
                found = schemas.check(source)
                report.findings += found
                if not found:
                    passed.add(key)
            report.findings += check_document(source)
    report.findings += check_workspace(sources, display(root / DOCUMENTS))
    report.findings = shown(report.findings)  # each step kept a file's first problems: these are the first of all
    remembered.save(passed)
    return report


def manual_of(sources) -> dict:
    """The data of the first of sources that is a manual, or {}."""
    return next((s.data for s in sources if isinstance(s.data, dict) and s.data.get("kind") == "manual"), {})


def document_numbers(root: Path) -> list[str]:
    """The numbers of a workspace's documents, sorted."""
    return sorted(str(doc.get("id")) for doc in validate(root).documents)


def language_of(root: Path) -> str:
    """The workspace's language, from its documents as they are, without checking them."""
    return workspace_language([load(path, display(path)) for path in scan(root).documents])


def workspace_language(sources) -> str:
    """The language the manual declares. When no manual could be read (a syntax error, a refused character),
    the one top-level `language:` line of a file that says it is the manual (or is named so), if any: the
    messages about that file are then in the language its readers expect."""
    manual = manual_of(sources)
    if manual:
        language = manual.get("language")
        return language if language in LANGUAGES else DEFAULT_LANGUAGE
    unread = [s for s in sources if not isinstance(s.data, dict) and (is_manual(s.raw) or s.path.stem == "manual")]
    declared = {manual_language(s.raw) for s in unread}
    return declared.pop() if len(declared) == 1 and None not in declared else DEFAULT_LANGUAGE
