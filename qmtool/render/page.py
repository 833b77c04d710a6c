"""The HTML of one document's page: its view rendered through the templates within a deadline."""
from __future__ import annotations

from pathlib import Path

from ..core.problem import Finding
from ..load.loader import SourceFile
from ..load.workspace import Workspace
from .deadline import render_page
from .environment import DEFAULT_TIMEOUT, TemplateFailure
from .fonts import families
from .glyphs import strings
from .views import manual_view, procedure_view


class TemplateFailed(Exception):
    """A template failed or overran: the findings, located (a template file refused as it was read has one for
    each refusal)."""

    def __init__(self, found: list[Finding]):
        super().__init__(found)  # args: rebuilt as made when it crosses from a worker
        self.findings = found


def page_html(source: SourceFile, workspace: Workspace, timeout: float = DEFAULT_TIMEOUT) -> str:
    """The HTML of one document of a valid workspace (the manual prints all of them), rendered within timeout
    seconds. A template that fails or overruns raises TemplateFailed with a finding located in the template, or
    in the document when that is unknown."""
    doc, every, lang = source.data, workspace.sources, workspace.language
    if doc["kind"] == "manual":
        procedures = [s.data for s in every if s.data["kind"] == "procedure"]
        view = manual_view(doc, procedures, lang, [s.path.name for s in every])
    else:
        view = procedure_view(doc, lang, workspace.organization, source.path.name)
    return view_page(view, workspace.folders, lang, timeout, source.display, doc["id"])


def printed_values(printed: list[SourceFile], header: SourceFile | None = None) -> list[tuple[SourceFile, str, str]]:
    """(file, pointer, text) of each string a page may print as written: every string of printed, and the
    organisation header (the manual's file) names at the head of every page."""
    values = [(source, pointer, text) for source in printed for pointer, text in strings(source.data)]
    if header is not None and isinstance(header.data, dict) and isinstance(header.data.get("organization"), str):
        values.append((header, "/organization", header.data["organization"]))
    return values


def document_values(source: SourceFile, workspace: Workspace) -> list[tuple[SourceFile, str, str]]:
    """printed_values of a document's page: the manual prints every document's; a procedure, its own and
    the organisation."""
    if source.data["kind"] == "manual":
        return printed_values(workspace.sources)
    return printed_values([source], workspace.manual_file)


def view_page(view: dict, folders: list[Path], lang: str, timeout: float, where: str, name: str) -> str:
    """The HTML of any view (a document's, a report's) in lang's fonts, rendered within timeout seconds;
    TemplateFailed located in the template, or at where when that is unknown, naming the page name."""
    view["fonts"] = families(lang)
    try:
        return render_page(folders, view, timeout)
    except TemplateFailure as failure:
        raise TemplateFailed(failure.findings(where, name, timeout)) from None
