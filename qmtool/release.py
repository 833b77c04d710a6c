"""Frozen releases: every PDF built from a clean commit, a SHA-256 manifest and a record of what was
approved; and the check that a release is still exactly that."""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from . import __version__
from .build import build
from .folder_lock import NAME as LOCK
from .fonts import distinct_families, locate
from .messages import DEFAULT_LANGUAGE, LANGUAGES, Word, word
from .output import check_outside, umask, write_atomic
from .plan import weasyprint_version
from .problem import Finding, finding
from .render import DEFAULT_TIMEOUT
from .validate import validate
from .workspace import DOCUMENTS, TEMPLATES, display, input_folders, scan

MANIFEST = "MANIFEST.sha256"
RECORD = "release.json"
NOT_RELEASABLE = ("draft", "review")
# git status letters, in the words of a message: a file new, changed, deleted or renamed since the commit.
_CHANGES = {"?": "file-untracked", "A": "added", "M": "changed", "D": "file-deleted", "R": "file-renamed",
            "C": "file-copied"}
VERSION_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


class ReleaseRefused(Exception):
    """The workspace cannot be released as it is: every reason, as located findings, and the language to
    say them in."""

    def __init__(self, findings: list[Finding], language: str = DEFAULT_LANGUAGE):
        super().__init__(", ".join(f.code for f in findings))
        self.findings, self.language = findings, language


class VerifyUnavailable(Exception):
    """A tool verify needs is missing; the message says how to install it."""


@dataclass
class Verification:
    differing: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    unlisted: list[str] = field(default_factory=list)
    signers: dict[str, list[str]] = field(default_factory=dict)  # PDF -> who signed it
    findings: list[Finding] = field(default_factory=list)  # links and names leading out of the release
    language: str = DEFAULT_LANGUAGE  # the release's, as its record says

    @property
    def ok(self) -> bool:
        return not (self.differing or self.missing or self.unlisted or self.findings)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _git(root: Path, *args: str, language: str = DEFAULT_LANGUAGE) -> str:
    # rstrip, not strip: a porcelain line may start with a space
    return _git_bytes(root, *args, language=language).decode("utf-8", "surrogateescape").rstrip()


def _git_bytes(root: Path, *args: str, given: bytes | None = None, language: str = DEFAULT_LANGUAGE) -> bytes:
    try:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, input=given)
    except FileNotFoundError:
        raise ReleaseRefused([finding(display(root), (0, 0), "", "release-git", reason=Word("git-missing"))],
                             language) from None
    if result.returncode:
        stderr = result.stderr.decode("utf-8", "replace").strip()
        reason = stderr.splitlines()[0] if stderr else f"git {args[0]} failed"
        raise ReleaseRefused([finding(display(root), (0, 0), "", "release-git", reason=reason)], language)
    return result.stdout


def release(root: Path, out: Path, version: str, jobs: int | None = None, signer=None,
            render_timeout: float = DEFAULT_TIMEOUT) -> Path:
    """Build release out/version from the committed workspace at root; refuse if it is not releasable."""
    root, target = Path(root), Path(out) / version
    # A release-name is refused below, with the other reasons; a good name must not lead into an input.
    check_outside([Path(out), *([target] if VERSION_NAME.fullmatch(version) else [])], input_folders(root))
    report = validate(root)
    reasons = [f for f in report.findings if f.severity == "error"]
    if not VERSION_NAME.fullmatch(version):  # said with the other reasons, in the workspace's language
        reasons.append(finding("--version", (0, 0), "", "release-name", name=version))
    elif target.exists():
        reasons.append(finding(display(target), (0, 0), "", "release-exists"))
    reasons += [finding(s.display, s.mark("/status"), "/status", "release-not-releasable", id=s.data["id"],
                        status=Word(f"status-{s.data['status']}"))
                for s in report.sources if isinstance(s.data, dict) and s.data.get("status") in NOT_RELEASABLE]
    try:
        top = Path(_git(root, "rev-parse", "--show-toplevel"))
        for code, path in _status(root):
            where = display(top / path)
            reasons.append(finding(where, (0, 0), "", "release-ignored") if code == "!!" else
                           finding(where, (0, 0), "", "release-uncommitted",
                                   change=Word(_CHANGES.get(code.strip()[:1], "changed"))))
    except ReleaseRefused as refused:  # not a git repository, say: one more reason, said with the others
        reasons += refused.findings
    if reasons:
        raise ReleaseRefused(reasons, report.language)
    commit = _git(root, "rev-parse", "HEAD", language=report.language)
    date = _git(root, "log", "-1", "--format=%cI", commit, language=report.language)
    target.parent.mkdir(parents=True, exist_ok=True)
    tree = Path(tempfile.mkdtemp(prefix="qmtool-release-"))
    staging = Path(tempfile.mkdtemp(prefix=f".{version}.", dir=target.parent))
    staging.chmod(0o777 & ~umask())  # mkdtemp makes it private; a release is for everyone to read
    try:
        # Built from the commit's own files, never the working folder's: a release is the commit's bytes.
        if links := _check_out(root, commit, tree, report.language):
            raise ReleaseRefused(links, report.language)
        result = build(tree, staging, jobs=jobs, force=True, render_timeout=render_timeout)
        if not result.ok:
            raise ReleaseRefused(_in_workspace(result.every_finding, tree, root), report.language)
        for own in (".qmtool-cache.json", LOCK):  # the build's bookkeeping, not part of the release
            (staging / own).unlink(missing_ok=True)
        if signer is not None:
            from .sign import sign

            for output in result.outputs:
                sign(output.pdf, signer)
        record = _record(result.report, result, staging, version, commit, date)
        record["signed"] = signer is not None
        write_atomic(staging / RECORD, (json.dumps(record, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
        files = sorted(p for p in staging.rglob("*") if p.is_file())
        write_atomic(staging / MANIFEST, "".join(
            f"{sha256(p.read_bytes())}  {p.relative_to(staging).as_posix()}\n" for p in files).encode("utf-8"))
        try:
            os.rename(staging, target)  # fails if the release appeared meanwhile: never overwritten
        except OSError:
            if target.exists():
                raise ReleaseRefused([finding(display(target), (0, 0), "", "release-exists")], report.language) \
                    from None
            raise
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(tree, ignore_errors=True)
    return target


def _check_out(root: Path, commit: str, tree: Path, language: str) -> list[Finding]:
    """procedures/ and templates/ as the commit holds them, written into tree. A committed link is written as
    the link it is; one that leads out of what is written here is a finding at its place in the workspace."""
    listing = _git_bytes(root, "ls-tree", "-r", "-z", commit, "--", DOCUMENTS, TEMPLATES, language=language)
    entries = []
    for entry in filter(None, listing.split(b"\0")):  # -z: names as they are, not quoted
        info, _, name = entry.partition(b"\t")
        mode, kind, oid = info.decode().split()
        path = PurePosixPath(os.fsdecode(name))
        if kind != "blob":  # a submodule: no file of this repository
            continue
        if path.is_absolute() or ".." in path.parts or not path.parts or path.parts[0] not in (DOCUMENTS, TEMPLATES):
            raise ReleaseRefused([finding(display(root), (0, 0), "", "release-git",
                                          reason=f"the commit names a file {path}")], language)
        entries.append((mode, path, oid))
    contents = _blobs(root, [oid for _, _, oid in entries], language)
    for (mode, path, _), data in zip(entries, contents):
        written = tree.joinpath(*path.parts)
        written.parent.mkdir(parents=True, exist_ok=True)
        if mode == "120000":  # git keeps a link as the path it leads to
            os.symlink(os.fsdecode(data), written)
        else:
            written.write_bytes(data)
    return _in_workspace([finding(f.path, (0, 0), "", "release-link") for f in scan(tree).findings
                          if f.code.startswith("link-")], tree, root)


def _blobs(root: Path, oids: list[str], language: str) -> list[bytes]:
    """The contents of git objects, in the order asked, read in one git process."""
    if not oids:
        return []
    out = _git_bytes(root, "cat-file", "--batch", given="".join(f"{oid}\n" for oid in oids).encode(),
                     language=language)
    found, at = [], 0
    for _ in oids:
        header_end = out.index(b"\n", at)
        size = int(out[at:header_end].split()[2])
        found.append(out[header_end + 1:header_end + 1 + size])
        at = header_end + 1 + size + 1  # the contents, then a newline
    return found


def _in_workspace(findings: list[Finding], tree: Path, root: Path) -> list[Finding]:
    """Findings about the files written into tree, placed at the same files of the workspace."""
    placed = []
    for found in findings:
        try:
            relative = Path(os.path.abspath(found.path)).relative_to(os.path.abspath(tree))
            found = replace(found, path=display(root / relative))
        except ValueError:  # a built-in template, say: where it is already
            pass
        placed.append(found)
    return placed


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


def _record(report, result, staging: Path, version: str, commit: str, date: str) -> dict:
    pdfs = {output.doc_id: output.pdf for output in result.outputs}
    documents = []
    for source in sorted(report.sources, key=lambda s: s.data["id"]):
        doc = source.data
        documents.append({
            "id": doc["id"], "title": doc["title"], "version": doc["version"], "status": doc["status"],
            "superseded_by": doc.get("superseded_by"),
            "approvals": [{k: str(v) for k, v in a.items()} for a in doc.get("approvals", [])],
            "source": {"path": source.path.relative_to(report.root).as_posix(), "sha256": sha256(source.raw)},
            "pdf": {"path": pdfs[doc["id"]].relative_to(staging).as_posix(),
                    "sha256": sha256(pdfs[doc["id"]].read_bytes())},
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


def verify(folder: Path, trusted: list[Path] | None = None) -> Verification:
    """Every file against the manifest, and every document of release.json: its PDF present, as recorded,
    and embedding the source recorded. A release holds files only: a link anywhere in it, or a name in the
    manifest or the record that is absolute, climbs with .. or passes through a link, is refused and
    never read through."""
    folder = Path(folder)
    files, links = _release_files(folder)
    found = Verification(language=_language(folder, files))
    found.findings += [finding(display(folder / name), (0, 0), "", "verify-link") for name in links]
    if MANIFEST not in files:
        (found.differing if MANIFEST in links else found.missing).append(MANIFEST)
        return found
    try:
        lines = (folder / MANIFEST).read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        found.differing.append(MANIFEST)
        return found
    listed = {}
    for number, line in enumerate(lines, 1):
        digest, separator, name = line.partition("  ")
        if not separator or len(digest) != 64:
            found.differing.append(MANIFEST)
        elif not _plain(name, links):
            found.findings.append(finding(display(folder / MANIFEST), (number, 67), "", "verify-path", name=name))
        else:
            listed[name] = digest
    for name, digest in listed.items():
        if name not in files:
            found.missing.append(name)
        elif sha256((folder / name).read_bytes()) != digest:
            found.differing.append(name)
    found.unlisted += sorted(set(files) - set(listed) - {MANIFEST})
    try:
        if RECORD not in files:
            raise ValueError("no record, or a link in its place")
        record = json.loads((folder / RECORD).read_text("utf-8"))
        documents, signed = record["documents"], record.get("signed") is True
        checks = [(d["pdf"]["path"], d["pdf"]["sha256"], Path(d["source"]["path"]).name) for d in documents]
        sources = {Path(d["source"]["path"]).name: d["source"]["sha256"] for d in documents}
        named = [(f"/documents/{i}/{part}/path", d[part]["path"]) for i, d in enumerate(documents)
                 for part in ("pdf", "source")]
        if outside := [(pointer, name) for pointer, name in named if not _plain(name, links)]:
            found.findings += [finding(display(folder / RECORD), (0, 0), pointer, "verify-path", name=str(name))
                               for pointer, name in outside]
            raise ValueError("a path outside the release")
        pdfs = [pdf for pdf, _, _ in checks]
        if len(set(pdfs)) != len(pdfs):
            raise ValueError("a PDF named twice")
    except (OSError, ValueError, KeyError, TypeError):
        if RECORD not in found.missing:
            found.differing.append(RECORD)
        return found
    for pdf, pdf_digest, own_source in checks:
        path = folder / pdf
        if pdf not in files:
            if pdf not in found.missing:
                found.missing.append(pdf)
            continue
        if sha256(path.read_bytes()) != pdf_digest and pdf not in found.differing:
            found.differing.append(pdf)
        embedded = _embedded(path)
        for name in sorted({own_source} | set(embedded)):  # its own source, and no source but those released
            if embedded.get(name) != sources.get(name):
                found.differing.append(f"{pdf} ({word(found.language, 'embedded').format(name)})")
    # The record and the manifest can be rewritten by anyone: every PDF of the folder that carries a
    # signature, and every PDF when the release says it is signed or a certificate is to be trusted,
    # has its signatures checked.
    context = None
    for name in sorted(n for n in files if n.endswith(".pdf")):
        data = (folder / name).read_bytes()
        if signed or trusted or b"/ByteRange" in data:
            from .sign import SigningUnavailable, signatures, trust

            try:
                if context is None:  # the certificates are read once, for every PDF
                    context = trust(trusted)
                problems, signers = signatures(data, context, bool(trusted))
            except SigningUnavailable as error:
                raise VerifyUnavailable(str(error)) from None
            found.differing += [f"{name} ({word(found.language, key).format(*facts)})" for key, *facts in problems]
            if signers:
                found.signers[name] = signers
    return found


def _release_files(folder: Path) -> tuple[set[str], list[str]]:
    """The regular files of a release folder by relative name, and every link in it (to a file, a folder or
    nothing), which is not followed."""
    files, links = set(), []
    for place, folders, names in os.walk(folder):  # os.walk does not follow links to folders
        for name in sorted(folders + names):
            path = Path(place) / name
            relative = path.relative_to(folder).as_posix()
            if path.is_symlink():
                links.append(relative)
            elif name in names and path.is_file():
                files.add(relative)
    return files, sorted(links)


def _plain(name, links: list[str]) -> bool:
    """A name in the manifest or the record names a file of the release: relative, never climbing, never
    through a link."""
    if not isinstance(name, str) or not name:
        return False
    path = PurePosixPath(name)
    steps = ["/".join(path.parts[:n]) for n in range(1, len(path.parts) + 1)]
    return not path.is_absolute() and ".." not in path.parts and "\\" not in name \
        and not any(step in links for step in steps)


def _language(folder: Path, files: set[str]) -> str:
    """The language the release was made in, as its record says; English for a record that does not."""
    try:
        language = json.loads((folder / RECORD).read_text("utf-8")).get("language") if RECORD in files else None
    except (OSError, ValueError, AttributeError):
        language = None
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def _embedded(pdf: Path) -> dict[str, str]:
    """The files embedded in a PDF, by name, as SHA-256 digests (poppler's pdfdetach extracts them)."""
    with tempfile.TemporaryDirectory() as folder:
        try:
            subprocess.run(["pdfdetach", "-saveall", "-o", folder, str(pdf)], capture_output=True, check=False)
        except FileNotFoundError:
            raise VerifyUnavailable("pdfdetach is not installed: apt-get install poppler-utils") from None
        return {p.name: sha256(p.read_bytes()) for p in Path(folder).iterdir()}
