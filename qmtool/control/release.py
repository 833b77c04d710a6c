"""Frozen releases: every PDF built from a clean commit, a SHA-256 manifest and a record of what was
approved; and the check that a release is still exactly that."""
from __future__ import annotations

import json
import os
import re
from dataclasses import replace
from pathlib import Path, PurePosixPath

from .. import __version__
from ..build.pipeline import build
from ..build.plan import weasyprint_version
from ..check.validate import validate
from ..core.atomic import OutputRefused, check_outside, check_unread, write_in
from ..core.catalog import DEFAULT_LANGUAGE
from ..core.folder_lock import NAME as LOCK
from ..core.messages import Word
from ..core.opened import LinkRefused, open_within
from ..core.problem import Finding, finding
from ..core.staging import sweep_abandoned, working_folder
from ..core.temporary import temporary_folder
from ..core.tree import make_folders, walk_opened
from ..core.workspace import DOCUMENTS, TEMPLATES, display, input_folders, link_problem, refused_link, scan
from ..load.workspace import Workspace
from ..render.environment import DEFAULT_TIMEOUT
from ..render.fonts import distinct_families, locate
from .facts import facts
from .git import GitFailed, git, objects
from .manifest import MANIFEST, RECORD, sha256
from .released import read

NOT_RELEASABLE = ("draft", "review")
# git status letters, in the words of a message: a file new, changed, deleted or renamed since the commit.
_CHANGES = {"?": "file-untracked", "A": "added", "M": "changed", "D": "file-deleted", "R": "file-renamed",
            "C": "file-copied"}
VERSION_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
# The working folders of a release (core/staging.py): its tree in TMPDIR, its staging beside the releases.
TREE, STAGED = "qmtool-release-", rf"\.{VERSION_NAME.pattern}\."
_MOVED = ("the release being staged is not where it was made: a folder on its way was swapped for a link "
          "meanwhile; nothing was released")


class ReleaseRefused(Exception):
    """The workspace cannot be released as it is: every reason, as located findings, and the language to
    say them in."""

    def __init__(self, findings: list[Finding], language: str = DEFAULT_LANGUAGE):
        super().__init__(findings, language)  # as made, so that it can be pickled and rebuilt
        self.findings, self.language = findings, language

    def __str__(self) -> str:
        return ", ".join(f.code for f in self.findings)


def _git(root: Path, *args: str, language: str = DEFAULT_LANGUAGE) -> str:
    # rstrip, not strip: a porcelain line may start with a space
    return _git_bytes(root, *args, language=language).decode("utf-8", "surrogateescape").rstrip()


def _git_bytes(root: Path, *args: str, language: str = DEFAULT_LANGUAGE) -> bytes:
    try:
        return git(root, *args)
    except GitFailed as failed:
        raise _refusal(root, failed, args[0], language) from None


def _refusal(root: Path, failed: GitFailed, command: str, language: str = DEFAULT_LANGUAGE) -> ReleaseRefused:
    reason = Word("git-missing") if failed.missing else (
        failed.stderr.splitlines()[0] if failed.stderr else f"git {command} failed")
    return ReleaseRefused([finding(display(root), (0, 0), "", "release-git", reason=reason)], language)


def release(root: Path, out: Path, version: str, jobs: int | None = None, signer=None,
            render_timeout: float = DEFAULT_TIMEOUT) -> Path:
    """Build release out/version from the committed workspace at root; refuse if it is not releasable.
    Whether it is (valid, in force, free of links leading out) is judged on the commit's own tree, the one
    that is built: never on the working folder, which git may not even compare (skip-worktree)."""
    root, target = Path(root), Path(out) / version
    # A release-name is refused below, with the other reasons; a good name must not lead into an input. The
    # folder of releases must not be in a release; the new one itself, if it is there already, is release-exists.
    check_outside([Path(out)], input_folders(root))
    check_unread([target] if VERSION_NAME.fullmatch(version) else [], input_folders(root))
    reasons = []
    if not VERSION_NAME.fullmatch(version):  # said with the other reasons, in the workspace's language
        reasons.append(finding("--version", (0, 0), "", "release-name", name=version))
    elif links := _links_on_the_way(root, target):
        reasons += links
    elif target.exists():
        reasons.append(finding(display(target), (0, 0), "", "release-exists"))
    commit = None
    try:
        reasons += _uncommitted(root)
        commit = _git(root, "rev-parse", "HEAD")
    except ReleaseRefused as refused:  # not a git repository, say: one more reason, said with the others
        reasons += refused.findings
    # The commit's tree is judged before anything is written where the release goes (a refused release writes
    # nothing there, and a release/ that is a link leading out is never written through): so in TMPDIR, unless
    # TMPDIR is in a release or a folder read (core/temporary.py): refused, OutputRefused, exit 2.
    temporary = temporary_folder(input_folders(root))
    sweep_abandoned(temporary, re.escape(TREE))
    with working_folder(temporary, TREE) as held:
        tree = held / "commit"
        tree.mkdir()
        try:
            found, language = _judged(root, commit, tree)
            reasons += found
        except ReleaseRefused as refused:  # git could not give the commit's files
            reasons, language = reasons + refused.findings, Workspace.at(root).language
        if reasons:
            raise ReleaseRefused(reasons, language)
        return _frozen(root, tree, target, version, commit, language, jobs, signer, render_timeout)


def _links_on_the_way(root: Path, target: Path) -> list[Finding]:
    """A link on the way from the workspace to a release written inside it (`release` committed as a link to
    /elsewhere) that leads out of the workspace, to nothing or round in a loop: refused, located, as a
    templates/ link is, for the release would be written where no one keeps it. A release written outside the
    workspace is the user's own choice."""
    inside, written = os.path.realpath(root), os.path.abspath(target)
    base = next((base for base in (os.path.abspath(root), inside)
                 if os.path.commonpath([written, base]) == base), None)
    if base is None:
        return []
    steps = Path(os.path.relpath(written, base)).parts
    for n in range(1, len(steps) + 1):
        if problem := link_problem(Path(base, *steps[:n]), inside, Word("within-workspace")):
            return [problem]
    return []


def _uncommitted(root: Path) -> list[Finding]:
    """A finding for each file under procedures/ and templates/ that git sees changed, new or ignored."""
    top = Path(_git(root, "rev-parse", "--show-toplevel"))
    reasons = []
    for code, path in _status(root):
        where = display(top / path)
        reasons.append(finding(where, (0, 0), "", "release-ignored") if code == "!!" else
                       finding(where, (0, 0), "", "release-uncommitted",
                               change=Word(_CHANGES.get(code.strip()[:1], "changed"))))
    return reasons


def _judged(root: Path, commit: str | None, tree: Path) -> tuple[list[Finding], str]:
    """The commit's files written into tree, and every reason they may not be released (a link leading out,
    an error, a document in draft or review), placed at the workspace's files; and the commit's language.
    With no commit nothing is released: the working folder's reasons are said then, all at once."""
    if commit is None:
        return _not_releasable(root, root)
    if links := _check_out(root, commit, tree):
        return links, Workspace.at(tree).language
    return _not_releasable(tree, root)


def _not_releasable(tree: Path, root: Path) -> tuple[list[Finding], str]:
    """Every error of the documents in tree and each of them in draft or review, placed at root's files."""
    report = validate(Workspace.at(tree))
    reasons = [f for f in report.findings if f.severity == "error"]
    reasons += [finding(s.display, s.mark("/status"), "/status", "release-not-releasable", id=s.data["id"],
                        status=Word(f"status-{s.data['status']}"))
                for s in report.sources if isinstance(s.data, dict) and s.data.get("status") in NOT_RELEASABLE]
    return _in_workspace(reasons, tree, root), report.language


def _frozen(root: Path, tree: Path, target: Path, version: str, commit: str, language: str, jobs: int | None,
            signer, render_timeout: float) -> Path:
    """Build the commit's files in tree into target, with its manifest and record, all or nothing. The folder
    of releases is opened once, through no link leading out of the workspace, and the staging is made, filled
    with its record and manifest, and renamed into place by descriptor in it: a release/ swapped for a link
    meanwhile never receives the release, and what is released is what is in the staging made there."""
    date = _git(root, "log", "-1", "--format=%cI", commit, language=language)
    make_folders(target.parent)
    releases = _opened_releases(root, target.parent, language)
    try:
        sweep_abandoned(target.parent, STAGED, opened=releases)  # what a release killed there left (core/staging.py)
        with working_folder(target.parent, f".{version}.", opened=releases) as held:
            staging = held / version  # renamed into place when whole; the lock beside it, not in the release
            result = build(tree, staging, jobs=jobs, force=True, render_timeout=render_timeout)
            if not result.ok:
                raise ReleaseRefused(_in_workspace(result.every_finding, tree, root), language)
            _seal(result, staging, _staged(releases, held.name, version, staging), version, commit, date, signer)
            try:  # fails if the release appeared meanwhile: never overwritten
                os.rename(f"{held.name}/{version}", version, src_dir_fd=releases, dst_dir_fd=releases)
            except OSError:
                if os.path.lexists(target):
                    raise ReleaseRefused([finding(display(target), (0, 0), "", "release-exists")], language) from None
                raise
    finally:
        os.close(releases)
    return target


def _opened_releases(root: Path, releases: Path, language: str) -> int:
    """A descriptor of the folder of releases: inside the workspace, reached through no link leading out of it
    (one swapped in after _links_on_the_way looked is refused as that would have refused it); outside, as named."""
    inside, written = os.path.realpath(root), os.path.abspath(releases)
    base = next((base for base in (os.path.abspath(root), inside)
                 if os.path.commonpath([written, base]) == base), None)
    if base is None:
        return os.open(releases, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        return open_within(Path(base), os.path.relpath(written, base), folder=True)
    except LinkRefused as link:
        raise ReleaseRefused([refused_link(releases, link.code, Word("within-workspace"))], language) from None


def _staged(releases: int, held: str, version: str, staging: Path) -> int:
    """A descriptor of the staging, the folder the build was given, opened in the working folder made in the
    folder of releases, through no link."""
    flags = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
    working = os.open(held, flags, dir_fd=releases)
    try:
        return os.open(version, flags, dir_fd=working)
    except FileNotFoundError:  # the build wrote wherever a link swapped in on the way led: nothing is here
        raise OutputRefused(staging, _MOVED) from None
    finally:
        os.close(working)


def _seal(result, staging: Path, opened: int, version: str, commit: str, date: str, signer) -> None:
    """The staging open as opened made a release: the build's bookkeeping taken out, the PDFs signed, the
    record and the manifest written, each hash of a file as it is in that very folder."""
    try:
        for own in (".qmtool-cache.json", LOCK):  # the build's bookkeeping, not part of the release
            try:
                os.unlink(own, dir_fd=opened)
            except FileNotFoundError:
                pass
        if signer is not None:
            from .sign import sign

            for output in result.outputs:
                sign(output.pdf, signer, staging)
        hashes = _hashes(opened, staging)
        record = _record(result.report, result, staging, hashes, version, commit, date)
        record["signed"] = signer is not None
        data = (json.dumps(record, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        write_in(opened, staging / RECORD, data)
        hashes[RECORD] = sha256(data)
        write_in(opened, staging / MANIFEST, "".join(
            f"{hashes[name]}  {name}\n" for name in sorted(hashes, key=PurePosixPath)).encode("utf-8"))
    finally:
        os.close(opened)


def _hashes(opened: int, staging: Path) -> dict[str, str]:
    """The SHA-256 of each regular file in the staging open as opened, by its path in the release, every folder
    and file opened by descriptor through no link: the bytes released are the bytes hashed."""
    hashes = {}
    for folder, place, _, names in walk_opened(staging, opened=opened):
        for name in names:
            done = read(folder, name)  # as verify reads it: a link (never released) or a special file left out
            if not done.trouble:
                hashes[(place / name).relative_to(staging).as_posix()] = done.digest
    return hashes


def _check_out(root: Path, commit: str, tree: Path) -> list[Finding]:
    """procedures/ and templates/ as the commit holds them, written into tree. A committed link is written as
    the link it is; one that leads out of what is written here is a finding at its place in the workspace:
    link-outside when its committed text leads out of the workspace itself, release-link when only out of
    the commit's procedures/ and templates/ (to records/, say)."""
    listing = _git_bytes(root, "ls-tree", "-r", "-z", commit, "--", DOCUMENTS, TEMPLATES)
    entries = []
    for entry in filter(None, listing.split(b"\0")):  # -z: names as they are, not quoted
        info, _, name = entry.partition(b"\t")
        mode, kind, oid = info.decode().split()
        path = PurePosixPath(os.fsdecode(name))
        if kind != "blob":  # a submodule: no file of this repository
            continue
        if path.is_absolute() or ".." in path.parts or not path.parts or path.parts[0] not in (DOCUMENTS, TEMPLATES):
            raise ReleaseRefused([finding(display(root), (0, 0), "", "release-git",
                                          reason=f"the commit names a file {path}")])
        entries.append((mode, path, oid))
    contents = _blobs(root, [oid for _, _, oid in entries])
    leaving = set()
    for (mode, path, _), data in zip(entries, contents):
        written = tree.joinpath(*path.parts)
        make_folders(written.parent)
        if mode == "120000":  # git keeps a link as the path it leads to
            os.symlink(os.fsdecode(data), written)
            if _leaves(path, os.fsdecode(data), root):
                leaving.add(path.as_posix())
        else:
            written.write_bytes(data)
    links = [f for f in scan(tree).findings if f.code.startswith("link-")]
    return _in_workspace([f if f.code == "link-outside" and _relative(f.path, tree) in leaving else
                          finding(f.path, (0, 0), "", "release-link") for f in links], tree, root)


def _leaves(path: PurePosixPath, target: str, root: Path) -> bool:
    """Whether a committed link's text, read as words (the commit's files are not on disk), leads out of
    the workspace: an absolute path elsewhere, or enough `..` to climb above it."""
    if os.path.isabs(target):
        return not any(os.path.commonpath([target, base]) == base
                       for base in (os.path.abspath(root), os.path.realpath(root)))
    return os.path.normpath(os.path.join(str(path.parent), target)).split(os.sep)[0] == ".."


def _blobs(root: Path, oids: list[str]) -> list[bytes]:
    """The contents of git objects, in the order asked, read in one git process."""
    try:
        return [found[1] if found else b"" for found in objects(root, oids)]
    except GitFailed as failed:
        raise _refusal(root, failed, "cat-file") from None


def _in_workspace(findings: list[Finding], tree: Path, root: Path) -> list[Finding]:
    """Findings about the files written into tree, placed at the same files of the workspace."""
    placed = []
    for found in findings:
        if (relative := _relative(found.path, tree)) is not None:  # else a built-in template: where it is
            found = replace(found, path=display(root / relative))
        placed.append(found)
    return placed


def _relative(path: str, tree: Path) -> str | None:
    """path (as display() names it) relative to tree, in / form; None when it is not inside tree."""
    for base in (os.path.abspath(tree), os.path.realpath(tree)):  # display() resolves a linked $TMPDIR
        if os.path.commonpath([os.path.abspath(path), base]) == base:
            return Path(os.path.relpath(os.path.abspath(path), base)).as_posix()
    return None


def _status(root: Path) -> list[tuple[str, str]]:
    """(code, path) of each changed, new or ignored file under procedures/ and templates/."""
    entries = iter(_git(root, "status", "--porcelain", "-z", "--ignored", "--", DOCUMENTS, TEMPLATES).split("\0"))
    found = []
    for entry in entries:  # -z: names as they are, not quoted
        if entry:
            found.append((entry[:2], entry[3:]))
            if entry[0] in "RC":
                next(entries, None)  # a rename's or copy's old name
    return found


def _record(report, result, staging: Path, hashes: dict[str, str], version: str, commit: str, date: str) -> dict:
    pdfs = {output.doc_id: output.pdf.relative_to(staging).as_posix() for output in result.outputs}
    if missing := [pdf for pdf in pdfs.values() if pdf not in hashes]:  # built elsewhere than the staging made
        raise OutputRefused(staging / missing[0], _MOVED)
    documents = []
    for source in sorted(report.sources, key=lambda s: s.data["id"]):
        doc = source.data
        documents.append({
            **facts(doc),
            "source": {"path": report.workspace.name(source), "sha256": sha256(source.raw)},
            "pdf": {"path": pdfs[doc["id"]], "sha256": hashes[pdfs[doc["id"]]]},
        })
    fonts = {}
    for family in distinct_families(report.language):
        face = locate(family)
        fonts[family] = {"file": face.file, "version": _font_version(face)} if face else None
    return {"release": version, "commit": commit, "date": date, "language": report.language, "qmtool": __version__,
            "weasyprint": weasyprint_version(), "fonts": fonts, "documents": documents}


def _font_version(face) -> str:
    from fontTools.ttLib import TTFont

    with TTFont(face.file, fontNumber=face.index, lazy=True) as font:
        return str(font["name"].getDebugName(5) or "")
