"""Validate a workspace: load every document, check it against its schema and the rules."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..core.limit import shown
from ..core.problem import Finding, Problem, finding, sorted_problems
from ..core.resources import builtin
from ..core.workspace import DOCUMENTS, display
from ..load.loader import SourceFile
from ..load.workspace import Workspace
from .memo import SchemaMemo
from .rules import check_document, check_workspace
from .schema import SchemaSet


@dataclass
class Report:
    """What validation found in a workspace, in the workspace's language unless told otherwise."""

    workspace: Workspace
    findings: list[Finding] = field(default_factory=list)
    links: list[Finding] = field(default_factory=list)  # links not followed: among the findings, and apart

    def problems(self, lang: str | None = None) -> list[Problem]:
        return sorted_problems(item.problem(lang or self.language) for item in self.findings)

    @property
    def sources(self) -> list[SourceFile]:
        return self.workspace.sources

    @property
    def language(self) -> str:
        return self.workspace.language

    @property
    def documents(self) -> list[dict]:
        return self.workspace.documents

    @property
    def organization(self) -> str:
        """The organisation the manual names, printed in every document's header."""
        return self.workspace.organization


def validate(workspace: Workspace, schemas: SchemaSet | None = None, memo: Path | None = None) -> Report:
    """Every problem of the workspace. With memo (a folder outside the workspace, see memo_folder), files
    whose exact contents passed their schema check before are not checked again; the rules, which span
    documents, always run."""
    schemas = schemas or SchemaSet(builtin("schemas"))
    remembered = SchemaMemo(memo, workspace.root, schemas.digest)
    passed = set(remembered.passed)
    sources = workspace.sources
    report = Report(workspace, list(workspace.files.findings), workspace.files.findings)
    if not sources:
        folder = display(workspace.root / DOCUMENTS)
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
    report.findings += check_workspace(sources, display(workspace.root / DOCUMENTS))
    report.findings = shown(report.findings)  # each step kept a file's first problems: these are the first of all
    remembered.save(passed)
    return report


def document_numbers(root: Path) -> list[str]:
    """The numbers of a workspace's documents, sorted."""
    return sorted(str(doc.get("id")) for doc in Workspace.at(root).documents)
