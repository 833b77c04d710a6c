"""One view written to one PDF file (a report: assess --pdf, diff --pdf) by the build's own steps, so a report is
held to every check a document is: its text's characters, what its templates add, text a reader would not see."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core.atomic import check_file, replace, sweep_beside
from ..core.problem import Finding
from ..core.temporary import temporary_folder
from ..load.loader import SourceFile
from ..render.fonts import coverage, distinct_families
from ..render.glyphs import check_page, readable_templates, unprintable
from ..render.overflow import overflow_findings
from ..render.page import TemplateFailed, printed_values, view_page
from ..render.pdf import Source, TextOverflow, fixed_date
from .workers import FAILURES, Done, Task, failure_findings, run_all


@dataclass(frozen=True)
class Unwritten:
    """Why a view's PDF was not written. failed: its templates or its layout failed (or were refused), so its
    text was never judged; otherwise the findings are about its text."""

    findings: list[Finding]
    failed: bool = False


def check_view(path: Path, inputs: list[Path]) -> None:
    """OSError (OutputRefused) when a view cannot be written at path: no place for an output, or inside one of
    inputs; or when the temporary folder is, where WeasyPrint's loading and the workers write. Asked by a
    command before it reads or prints anything, so that a refusal never follows results that look done."""
    check_file(path, inputs)
    temporary_folder(inputs)


def write_view(path: Path, view: dict, folders: list[Path], inputs: list[Path], printed: list[SourceFile],
               header: SourceFile | None, attachments: list[Source], where: str, timeout: float) -> Unwritten | None:
    """view as a PDF/A-3b at path, with attachments; None when written, else why not, with nothing written.

    Refused before any work if path is no place for an output, or inside one of inputs, or if the temporary
    folder is (OSError, as every failure to write). Then, as in a build: the characters of the files the view
    prints (printed) that a build refuses; the page, rendered within timeout seconds (a failure located in its
    template, else at where); the characters the templates add; the PDF, laid out in a worker within its
    deadline and checked for text a reader would not see (located at path, or at the value of printed, or the
    organisation header names, that runs past an edge)."""
    check_view(path, inputs)
    lang = view["doc"]["lang"]
    covered, fonts = coverage(lang), distinct_families(lang)
    if found := unprintable(printed, covered, fonts):
        return Unwritten(found)
    try:
        page = view_page(view, folders, lang, timeout, where, str(path))
    except TemplateFailed as failed:
        return Unwritten(failed.findings, failed=True)
    if found := check_page(page, covered, fonts, folders):
        return Unwritten(found)
    done: list[Done] = []
    try:
        try:
            run_all([Task(str(path), page, path, None, tuple(folders), tuple(attachments), "pdf/a-3b",
                          fixed_date())], 1, done.append, timeout)
        except TextOverflow as error:
            templates = [text for _, text in readable_templates(folders)]
            return Unwritten(overflow_findings(str(path), path.name, error.overflows,
                                               printed_values(printed, header), templates))
        except FAILURES as error:
            return Unwritten(failure_findings(error, where), failed=True)
        for temporary, target in done[0].temporaries:
            replace(temporary, target)
        return None
    finally:  # refused, failed, interrupted or written: no temporary file of path's is left beside it
        sweep_beside(path)
