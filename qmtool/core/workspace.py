"""A workspace: the folder whose procedures/ holds the controlled documents, and the files it may read."""
from __future__ import annotations

import errno
import os
from dataclasses import dataclass, field
from pathlib import Path

from .characters import char_name, refused_in_name
from .messages import Word
from .os_reason import os_reason
from .problem import Finding, finding

DOCUMENTS = "procedures"
TEMPLATES = "templates"
SUFFIXES = (".yaml", ".yml")
INPUTS = (DOCUMENTS, "records", TEMPLATES, "schemas")  # what some command reads; never written into


@dataclass
class Scan:
    """The files of a workspace that may be read, and every link that may not be followed, located."""

    documents: list[Path] = field(default_factory=list)
    templates: list[Path] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def scan(root: Path) -> Scan:
    """The documents under procedures/ and the files under templates/. A link is followed only when it stays
    inside the workspace (inside templates/ for a template's file, as the template loader holds them)."""
    root = Path(root)
    found = Scan()
    inside = os.path.realpath(root)
    files, found.findings = files_within(root / DOCUMENTS, inside, Word("within-workspace"))
    files, found.findings = _named_well(files, root, found.findings)
    documents = [p for p in files if p.suffix in SUFFIXES]
    found.documents = [p for p in documents if p.is_file()]
    found.findings += [finding(display(p), (0, 0), "", "read-error", reason=_not_a_file(p))
                       for p in documents if not p.is_file()]  # a FIFO would hang the read; never silent
    templates = root / TEMPLATES
    if problem := link_problem(templates, inside, Word("within-workspace")):
        found.findings.append(problem)
    elif templates.is_dir():
        listed, more = files_within(templates, os.path.realpath(templates), Word("within-templates"))
        listed, more = _named_well(listed, root, more)
        found.templates, found.findings = [p for p in listed if p.is_file()], found.findings + more
    return found


def _not_a_file(path: Path) -> Word:
    """Why a listed document is not read: it is gone since it was listed, or it is no regular file."""
    return Word("os-gone") if not os.path.lexists(path) else Word("special-file")


def _named_well(files: list[Path], root: Path, findings: list[Finding]) -> tuple[list[Path], list[Finding]]:
    """The files whose names (and folders' names, below root) can be shown as they are, and a finding for each of
    the others, which is never read: a name that is not UTF-8 failed the build, one holding a line break split
    a file:line:column message in two, a bidirectional control reordered a PDF's attachment name."""
    kept = []
    for path in files:
        if (char := name_problem(path.relative_to(root))) is None:
            kept.append(path)
        else:
            findings = [*findings, finding(display(path), (0, 0), "", "file-name", char=char)]
    return kept, findings


def name_problem(path: Path | str) -> Word | str | None:
    """What in path's name (each of its parts) a message, listing or PDF could not show as it is: the character
    named (U+202E RIGHT-TO-LEFT OVERRIDE), or a word for bytes that are not UTF-8; None for a good name."""
    char = refused_in_name(os.fspath(path))
    if char is None:
        return None
    return Word("name-bytes") if "\udc80" <= char <= "\udcff" else char_name(char)


def input_folders(root: Path) -> list[Path]:
    """Every folder a command may read: the workspace's, and every place built-in templates and schemas could
    be (see resources.candidates), so that no output can move where they are read."""
    from .resources import candidates

    return [root / name for name in INPUTS] + candidates()


def inputs_around(path: Path) -> list[Path]:
    """The folders qmtool reads that could hold path: the built-in ones, and the input folders of every
    workspace above it (a folder holding procedures/), above where it is written and where its links lead:
    `tl/ws2`, tl a link to another workspace's templates/, is written in that templates/."""
    from .resources import candidates

    found = candidates()
    aboves = dict.fromkeys([*Path(os.path.realpath(path)).parents, *Path(os.path.abspath(path)).parents])
    for above in aboves:
        if (above / DOCUMENTS).is_dir():
            found += [above / name for name in INPUTS]
    return found


def own_templates(root: Path) -> Path | None:
    """The workspace's own templates/ folder, unless it is missing or a link leading out of the workspace."""
    folder = Path(root) / TEMPLATES
    if not folder.is_dir() or link_problem(folder, os.path.realpath(root), Word("within-workspace")):
        return None
    return folder


def template_folders(root: Path) -> list[Path]:
    """The workspace's own templates first (overriding file by file), then the built-in ones. A templates/
    that is a link leading out of the workspace is not used (validation says so, located)."""
    from .resources import builtin

    own = own_templates(root)
    folders = [own] if own and own.resolve() != builtin("templates").resolve() else []
    return folders + [builtin("templates")]


def template_files(folder: Path) -> list[Path]:
    """The regular files of a template folder that may be read: none through a link leading out of it."""
    return [p for p in files_within(folder, os.path.realpath(folder), Word("within-templates"))[0] if p.is_file()]


def files_within(folder: Path, boundary: str, named: Word) -> tuple[list[Path], list[Finding]]:
    """Every file under folder (itself perhaps a link; special files too, for the caller to refuse or skip), by
    the path a user wrote, following links whose
    target is inside boundary (a real path); a link that leads outside it, to nothing, or round in a loop
    is a finding at the link and is not followed. Each real folder is walked once, so no arrangement of
    links can make the walk endless."""
    files: list[Path] = []
    findings: list[Finding] = []
    walked: set[str] = set()

    def visit(path: Path, chain: tuple[str, ...], above: str) -> list[tuple[Path, tuple[str, ...], str]]:
        """Take in path; the entries of a folder to visit next, with the real folders holding them."""
        if problem := link_problem(path, boundary, named):
            findings.append(problem)
            return []
        if not path.is_dir():
            if path.exists():
                files.append(path)
            return []
        # The real path of a folder that is no link is its real parent's and its name: realpath on each would
        # look at every folder above it again, and a tree a thousand deep would take minutes.
        real = os.path.join(above, path.name) if above and not path.is_symlink() else os.path.realpath(path)
        if real in chain:  # a link back to a folder that holds it
            findings.append(finding(display(path), (0, 0), "", "link-loop"))
            return []
        if real in walked:  # reached again through another link: its files are listed already
            return []
        walked.add(real)
        entries = sorted(path.iterdir(), key=lambda p: (p.is_symlink(), p.name))  # a file's own path first
        holding = (*chain, real)
        return [(entry, holding, real) for entry in reversed(entries)]

    # A stack of its own, not recursion: a folder nested thousands deep must not exhaust Python's (see tree.py).
    stack = [(folder, (), "")] if folder.is_symlink() or folder.exists() else []
    while stack:
        path, chain, above = stack.pop()
        try:
            stack += visit(path, chain, above)
        except OSError as error:  # a folder that cannot be listed, or a path too long to name (past PATH_MAX)
            findings.append(finding(display(path), (0, 0), "", "read-error", reason=os_reason(error)))
    return sorted(files), findings


def link_problem(path: Path, boundary: str, named: Word) -> Finding | None:
    """Why path, if it is a symbolic link, must not be followed: it leads outside boundary, to nothing, or
    round in a loop. None for a link that may be followed and for anything that is not a link."""
    if not path.is_symlink():
        return None
    try:
        target = os.path.realpath(path, strict=True)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return finding(display(path), (0, 0), "", "link-loop")
        if path.name.startswith(".#"):  # Emacs' lock file: a link to nothing by design, never a document
            return None
        if error.errno in (errno.ENOENT, errno.ENOTDIR):
            return finding(display(path), (0, 0), "", "link-dangling")
        return finding(display(path), (0, 0), "", "read-error", reason=os_reason(error))
    if os.path.commonpath([target, boundary]) != boundary:
        return finding(display(path), (0, 0), "", "link-outside", where=named)
    return None


def refused_link(path: Path | str, code: str, named: Word) -> Finding:
    """The finding for a link met as a file was opened (core/opened.py's LinkRefused code): the one the scan
    gives a link it finds, at the file named."""
    where = str(path) if isinstance(path, str) else display(path)
    return finding(where, (0, 0), "", code, **({"where": named} if code == "link-outside" else {}))


def named_file_problem(path: Path, root: Path) -> Finding | None:
    """Why a file named on the command line must not be read: named inside the workspace (as written), it is
    reached through a link that leads out of it, to nothing, or round in a loop. A file named outside the
    workspace is the user's own choice."""
    written, inside = os.path.abspath(path), os.path.realpath(root)
    if not any(os.path.commonpath([written, base]) == base for base in (os.path.abspath(root), inside)):
        return None
    try:
        real = os.path.realpath(path, strict=True)
    except OSError as error:
        code = {errno.ELOOP: "link-loop", errno.ENOENT: "link-dangling", errno.ENOTDIR: "link-dangling"}
        return finding(display(path), (0, 0), "", code.get(error.errno, "link-dangling"))
    if os.path.commonpath([real, inside]) != inside:
        return finding(display(path), (0, 0), "", "link-outside", where=Word("within-workspace"))
    return None


def display(path: Path) -> str:
    """The path as a user can click it: relative to the current folder when inside it. A link is named as
    itself, never by where it leads."""
    path = Path(path)
    real = path.resolve() if path.name in ("", ".", "..") else path.parent.resolve() / path.name
    try:
        return str(real.relative_to(Path.cwd().resolve()))
    except ValueError:
        return os.path.abspath(path)
