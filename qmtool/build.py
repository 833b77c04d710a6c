"""Build the controlled documents: validate, render every output, and only then write them, atomically."""
from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .context import manual_view, procedure_view
from .fonts import FIX, coverage, families, missing_fonts
from .glyphs import check_glyphs
from .loader import SourceFile
from .output import write_atomic
from .problem import ERROR, Finding, Problem, finding, sorted_problems
from .render import environment, render_html, template_folders
from .validate import Report, validate


class EnvironmentProblem(Exception):
    """Something the machine lacks (fonts, libraries); the message says how to install it."""


@dataclass
class Output:
    doc_id: str
    kind: str
    pdf: Path
    html: Path | None = None
    pages: int = 0


@dataclass
class BuildResult:
    report: Report
    findings: list[Finding] = field(default_factory=list)
    outputs: list[Output] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(f.severity == ERROR for f in self.report.findings + self.findings)

    def problems(self, lang: str | None = None) -> list[Problem]:
        return sorted_problems(f.problem(lang or self.report.language) for f in self.report.findings + self.findings)


def build(root: Path | str, out: Path | str, *, only: str | None = None, html: bool = False,
          variant: str = "pdf/a-3b", progress: Callable[[Output], None] | None = None) -> BuildResult:
    root, out = Path(root), Path(out)
    result = BuildResult(validate(root))
    if not result.ok:
        return result
    lang = result.report.language
    if missing := missing_fonts(lang):
        raise EnvironmentProblem(f"fonts not installed: {', '.join(missing)}; install them: {FIX}")
    sources = {source.data["id"]: source for source in result.report.sources}
    manual = next(s for s in sources.values() if s.data["kind"] == "manual")
    wanted = [s for s in sources.values() if only in (None, s.data["id"])]
    covered, fonts = coverage(lang), list(dict.fromkeys(families(lang).values()))
    for source in wanted:
        result.findings += check_glyphs(source, covered, fonts)
    if result.findings:
        return result

    env = environment(root)
    # Documents, schemas and templates live to the end; WeasyPrint makes millions of short-lived objects.
    # Freezing the first keeps the collector from walking them again at every full collection.
    gc.collect()
    gc.freeze()
    rendered: list[tuple[Output, bytes, str]] = []
    try:
        for source in sorted(wanted, key=lambda s: (s.data["kind"] != "manual", s.data["id"])):
            try:
                output, pdf, page = _render(env, root, out, source, manual, list(sources.values()), lang, variant, html)
            except _Failed as failed:
                result.findings.append(failed.finding)
                return result
            rendered.append((output, pdf, page))
            if progress:
                progress(output)
    finally:
        gc.unfreeze()
    for output, pdf, page in rendered:  # everything rendered: only now does a byte reach the output folder
        write_atomic(output.pdf, pdf)
        if output.html:
            write_atomic(output.html, page.encode("utf-8"))
        result.outputs.append(output)
    return result


class _Failed(Exception):
    def __init__(self, found: Finding):
        self.finding = found


def _render(env, root: Path, out: Path, source: SourceFile, manual: SourceFile, all_sources: list[SourceFile],
            lang: str, variant: str, html: bool):
    from jinja2 import TemplateError

    from .pdf import ForbiddenURL, Source, write_pdf

    doc = source.data
    organization = manual.data["organization"]
    if doc["kind"] == "manual":
        procedures = [s.data for s in all_sources if s.data["kind"] == "procedure"]
        view = manual_view(doc, procedures, lang, [s.path.name for s in all_sources])
        embedded = all_sources
        output = Output(doc["id"], "manual", out / "manual.pdf", out / "html" / "manual.html" if html else None)
    else:
        view = procedure_view(doc, lang, organization, source.path.name)
        embedded = [source]
        output = Output(doc["id"], "procedure", out / "procedures" / f"{doc['id']}.pdf",
                        out / "html" / f"{doc['id']}.html" if html else None)
    view["fonts"] = families(lang)
    try:
        page = render_html(env, view)
    except TemplateError as error:
        where = getattr(error, "filename", None) or source.display
        line = getattr(error, "lineno", None) or 0
        raise _Failed(finding(where, (line, 1 if line else 0), "", "template-error", reason=str(error))) from None
    attachments = [Source(s.path.name, s.raw, f"{s.data['id']} {s.data['title']}") for s in embedded]
    try:
        pdf, output.pages = write_pdf(page, template_folders(root), attachments, variant, doc["effective"])
    except ForbiddenURL as error:
        raise _Failed(finding(source.display, (0, 0), "", "forbidden-url", url=error.url)) from None
    return output, pdf, page
