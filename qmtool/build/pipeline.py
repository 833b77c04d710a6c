"""Build the controlled documents: validate, render what is out of date, and only then write, atomically.

Every output has a key (see plan.py). An output whose key and file are as the cache recorded
is left alone; with nothing to do, the build neither parses YAML nor imports WeasyPrint. The
rest render in parallel, each into a temporary file beside its target; only when all have
succeeded are they renamed into place.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..check.memo import ValidMemo, memo_folder
from ..check.schema import KINDS
from ..check.validate import Report, validate
from ..core.atomic import OutputRefused, check_outside, check_target, check_within, replace, sweep
from ..core.catalog import LANGUAGES
from ..core.digest import code_digest, digest
from ..core.folder_lock import NAME as LOCK
from ..core.folder_lock import FolderLock
from ..core.frozen import MANIFEST
from ..core.problem import ERROR, EnvironmentProblem, Finding, Problem, sorted_problems
from ..core.temporary import temporary_folder
from ..core.worker import bounded
from ..core.workspace import display, input_folders
from ..load.loader import SourceFile
from ..load.workspace import Workspace
from ..render.environment import DEFAULT_TIMEOUT
from ..render.fonts import FIX, coverage, distinct_families, missing_fonts
from ..render.glyphs import check_page, unprintable
from ..render.page import TemplateFailed, document_values, page_html
from .cache import NAME as CACHE
from .cache import Cache
from .outputs import check_writable, copy_assets, html_assets, remove_orphans, remove_recorded
from .plan import Planned, attachment_names, plan


@dataclass
class Output:
    doc_id: str
    kind: str
    pdf: Path
    html: Path | None = None
    pages: int = 0
    rendered: bool = True
    seconds: float = 0.0  # rendering time of a rendered output, in its worker


@dataclass
class BuildResult:
    report: Report | None = None
    findings: list[Finding] = field(default_factory=list)
    outputs: list[Output] = field(default_factory=list)
    language: str = "en"

    @property
    def every_finding(self) -> list[Finding]:
        """Validation's findings and the build's own."""
        return (self.report.findings if self.report else []) + self.findings

    @property
    def ok(self) -> bool:
        return not any(f.severity == ERROR for f in self.every_finding)

    @property
    def rendered(self) -> list[Output]:
        return [output for output in self.outputs if output.rendered]

    def problems(self, lang: str | None = None) -> list[Problem]:
        return sorted_problems(f.problem(lang or self.language) for f in self.every_finding)


def build(root: Path | str, out: Path | str, *, only: str | None = None, html: bool = False,
          variant: str = "pdf/a-3b", jobs: int | None = None, force: bool = False,
          progress: Callable[[Output], None] | None = None, render_timeout: float = DEFAULT_TIMEOUT,
          waiting: Callable[[], None] | None = None) -> BuildResult:
    """Build into out, holding out's lock (see folder_lock.py) from the first look at its cache, or, when
    out does not exist yet, from the first write; waiting() is called if another build holds it.
    render_timeout: seconds each document's templates may take before they are stopped (template-timeout), and
    WeasyPrint as long for each started 100,000 characters of the page they made (layout-timeout)."""
    root, out, render_timeout = Path(root), Path(out), bounded(render_timeout)
    check_outside([out, out / "procedures", out / "html"], input_folders(root))
    temporary_folder(input_folders(root))  # WeasyPrint's loading and the workers write there
    check_target(out / CACHE)  # a FIFO there would hang the read of the cache
    with FolderLock(out, waiting) as lock:
        lock.acquire_if_present()
        return _build(root, out, lock, only, html, variant, jobs, force, progress, render_timeout)


def _build(root: Path, out: Path, lock: FolderLock, only: str | None, html: bool, variant: str,
           jobs: int | None, force: bool, progress: Callable[[Output], None] | None,
           render_timeout: float) -> BuildResult:
    result = BuildResult()
    cache = Cache.load(out, root)
    workspace = Workspace.at(root)
    read = {source.path: source for source in workspace.read}
    names = {path: workspace.name(source) for path, source in read.items()}
    tree = digest(code_digest(), *(part for path, source in read.items() for part in (names[path], source.raw)))
    memo = ValidMemo(None if force else memo_folder(), root)
    facts = None if workspace.files.findings else _known_facts(memo.facts(tree), names)  # a link: said every time
    if facts is None:
        result.report = validate(workspace)
        if not result.ok or not result.report.sources:
            result.language = result.report.language
            return result
        facts = _facts(result.report)
    options = {"html": html, "variant": variant}

    def stale_outputs() -> tuple[list[Planned], list[Planned]]:
        documents = [(path, *facts["documents"][names[path]]) for path in read]
        planned = plan(documents, {path: source.raw for path, source in read.items()}, facts, out,
                       workspace.folders, options, only, _attached(workspace))
        return planned, [p for p in planned if force or not cache.fresh(_name(out, p), p.key, p.files)]

    planned, stale = stale_outputs()
    result.language = facts["language"]
    if only is not None and not planned:  # no such document: the caller's usage error, and nothing made for it
        return result
    if stale and result.report is None:  # the memo said valid, but rendering needs the parsed documents
        result.report = validate(workspace)
        if not result.ok:
            return result
        if _facts(result.report) != facts:  # the memo was wrong: plan from what the documents say
            facts = _facts(result.report)
            planned, stale = stale_outputs()
    result.outputs = [Output(p.doc_id, p.kind, p.pdf, p.html, rendered=False) for p in planned if p not in stale]
    assets = html_assets(workspace.folders) if html else {}
    for relative in assets:  # refused before any rendering, like every other output
        check_within(out / "html" / relative, out)
    if stale:
        _render(result, stale, out, workspace.folders, variant, jobs or os.cpu_count() or 1, cache, progress,
                render_timeout, lock)
        if not result.ok:
            return result
    lock.acquire()
    if html:
        result.findings += copy_assets(assets, out / "html", out)
    if only is None:
        remove_orphans(cache, out, {_name(out, p) for p in planned})
    memo.save(tree, facts if not (result.report and result.report.findings) else None)
    cache.save()
    return result


def _name(out: Path, planned: Planned) -> str:
    return planned.pdf.relative_to(out).as_posix()


def _facts(report: Report) -> dict:
    """What planning needs from the parsed documents, kept in the cache so a no-op build need not parse."""
    return {"language": report.language, "organization": report.organization,
            "documents": {report.workspace.name(s): [s.data["id"], s.data["kind"]]
                          for s in report.sources}}


def _known_facts(facts, names: dict[Path, str]) -> dict | None:
    """The facts a memo holds, if it holds them whole for exactly these files: each document's number a plain
    name (it names the PDF) and its kind one qmtool knows (it names the template)."""
    try:
        if (facts["language"] in LANGUAGES and isinstance(facts["organization"], str) and all(
                isinstance(facts["documents"][name], list) and len(facts["documents"][name]) == 2
                and _plain_id(facts["documents"][name][0]) and facts["documents"][name][1] in KINDS
                for name in names.values())):
            return facts
    except (TypeError, KeyError):
        pass
    return None


def _plain_id(doc_id) -> bool:
    return isinstance(doc_id, str) and doc_id not in ("", ".", "..") and not any(c in doc_id for c in "/\\\0")


def _render(result: BuildResult, stale: list[Planned], out: Path, folders: list[Path], variant: str,
            jobs: int, cache: Cache, progress: Callable[[Output], None] | None, timeout: float,
            lock: FolderLock) -> None:
    from .workers import FAILURES, Done, failure_findings, run_all

    lang = result.report.language
    if missing := missing_fonts(lang):
        raise EnvironmentProblem(f"fonts not installed: {', '.join(missing)}; install them: {FIX}")
    try:  # first: another build of this folder must not make or remove its folders meanwhile
        lock.acquire()
    except OutputRefused:
        raise
    except OSError as error:  # /proc, a read-only file system, a file where the folder should be
        raise EnvironmentProblem(f"cannot write into {display(out)}: {error.strerror or error}") from None
    for folder in {path.parent for planned in stale for path in planned.files}:
        check_writable(folder)
    for path in (path for planned in stale for path in planned.files):
        check_within(path, out)  # before any template runs or hours of layout, not after
    sources = {source.path: source for source in result.report.sources}
    covered, fonts = coverage(lang), distinct_families(lang)
    # The manual prints every document; each procedure, the organisation.
    result.findings += unprintable(list(sources.values()), covered, fonts)
    if result.findings:
        return
    names = _attached(result.report.workspace)
    try:
        tasks = [_task(planned, sources[planned.source], result.report.workspace, names, variant, timeout, out)
                 for planned in stale]
    except TemplateFailed as failed:
        result.findings += failed.findings
        return
    for task in tasks:  # what the templates add to the documents' text
        result.findings += check_page(task.html, covered, fonts, folders)
    if result.findings:
        return
    by_name = {task.name: planned for task, planned in zip(tasks, stale)}
    done: list[Done] = []

    def finished(item: Done) -> None:
        done.append(item)
        if progress:
            planned = by_name[item.name]
            progress(Output(planned.doc_id, planned.kind, planned.pdf, planned.html, item.pages))

    _sweep(out)  # under the lock: another build's temporary files are never swept away under it
    try:
        run_all(tasks, jobs, finished, timeout)
    except KeyboardInterrupt:  # Ctrl-C, or SIGTERM or SIGHUP (see cli/): keep what finished, leave no temporary file
        _commit(done, by_name, out, cache, result)
        cache.save()
        _sweep(out)
        raise
    except OutputRefused:  # a FIFO or device put at an output path meanwhile: said as such, nothing replaced
        _discard(done, out)
        raise
    except OSError as error:  # the disk full, over quota, read-only: nothing replaced, nothing left
        _discard(done, out)
        where = display(Path(error.filename)) if error.filename else display(out)
        raise EnvironmentProblem(f"cannot write {where}: {error.strerror or error}; no output was replaced, "
                                 "the previous ones are as they were") from None
    except FAILURES as error:  # a killed worker's half-written file is swept below
        source = next(sources[p.source] for p in stale if p.doc_id == error.document)
        result.findings += failure_findings(error, source.display, document_values(source, result.report.workspace),
                                            folders)
        _discard(done, out)
        return
    except BaseException:  # anything else (a bug): still nothing replaced and no temporary file left
        _discard(done, out)
        raise
    try:
        _commit(done, by_name, out, cache, result)
    except BaseException:  # a target that became a folder or a FIFO meanwhile: leave no temporary file
        _discard(done, out)
        raise


def _sweep(out: Path) -> None:
    """The temporary files of this folder's builds; not those of a build into an output folder inside it, nor
    of a release staged in it (see sweep), nor anything in a release made there (frozen)."""
    sweep(out, (LOCK, CACHE, MANIFEST))


def _commit(done, by_name: dict[str, Planned], out: Path, cache: Cache, result: BuildResult) -> None:
    for item in done:
        for temporary, target in item.temporaries:
            replace(temporary, target, out)
        planned = by_name[item.name]
        remove_recorded(cache.outputs.get(_name(out, planned), {}), out, keep=set(planned.files))
        cache.record(_name(out, planned), planned.key, planned.files, out)
        result.outputs.append(Output(planned.doc_id, planned.kind, planned.pdf, planned.html, item.pages,
                                     seconds=item.seconds))
    done.clear()


def _discard(done, out: Path) -> None:
    """The temporary files of the outputs rendered, and any a killed worker left half-written."""
    for item in done:
        for temporary, _ in item.temporaries:
            temporary.unlink(missing_ok=True)
    done.clear()
    _sweep(out)


def _attached(workspace: Workspace) -> dict[Path, str]:
    """The name each document's file is embedded under in the PDFs: one rule over the whole workspace
    (plan.attachment_names), so a file has one name in the manual and in its own PDF."""
    names = attachment_names(workspace.name(source) for source in workspace.read)
    return {source.path: names[workspace.name(source)] for source in workspace.read}


def _task(planned: Planned, source: SourceFile, workspace: Workspace, names: dict[Path, str], variant: str,
          timeout: float, out: Path):
    """The HTML of one output (rendered before any PDF, so every page's characters are checked before anything
    is written), and what its worker needs to make the PDF: the sources it embeds, each by its name in names."""
    from ..render.pdf import Source
    from .workers import Task

    page = page_html(source, workspace, timeout)
    embedded = workspace.sources if planned.kind == "manual" else [source]
    attachments = tuple(Source(names[s.path], s.raw, f"{s.data['id']} {s.data['title']}") for s in embedded)
    return Task(planned.doc_id, page, planned.pdf, planned.html, tuple(workspace.folders), attachments, variant,
                source.data["effective"], out)
