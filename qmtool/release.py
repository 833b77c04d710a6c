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
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .build import build
from .fonts import distinct_families, locate
from .messages import DEFAULT_LANGUAGE, Word
from .folder_lock import NAME as LOCK
from .output import check_outside, umask, write_atomic
from .plan import weasyprint_version
from .problem import Finding, finding
from .validate import validate
from .workspace import display, input_folders

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

    @property
    def ok(self) -> bool:
        return not (self.differing or self.missing or self.unlisted)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _git(root: Path, *args: str) -> str:
    try:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)
    except FileNotFoundError:
        raise ReleaseRefused([finding(display(root), (0, 0), "", "release-git", reason="git is not installed")]) \
            from None
    if result.returncode:
        reason = result.stderr.strip().splitlines()[0] if result.stderr.strip() else f"git {args[0]} failed"
        raise ReleaseRefused([finding(display(root), (0, 0), "", "release-git", reason=reason)])
    return result.stdout.rstrip()  # not strip: a porcelain line may start with a space


def release(root: Path, out: Path, version: str, jobs: int | None = None, signer=None) -> Path:
    """Build release out/version from the committed workspace at root; refuse if it is not releasable."""
    root, target = Path(root), Path(out) / version
    if not VERSION_NAME.fullmatch(version):
        raise ReleaseRefused([finding("--version", (0, 0), "", "release-name", name=version)])
    check_outside([Path(out), target], input_folders(root))
    report = validate(root)
    reasons = [f for f in report.findings if f.severity == "error"]
    if target.exists():
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
    commit = _git(root, "rev-parse", "HEAD")
    date = _git(root, "log", "-1", "--format=%cI", "HEAD")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{version}.", dir=target.parent))
    staging.chmod(0o777 & ~umask())  # mkdtemp makes it private; a release is for everyone to read
    try:
        result = build(root, staging, jobs=jobs, force=True)
        if not result.ok:
            raise ReleaseRefused(result.every_finding, report.language)
        for own in (".qmtool-cache.json", LOCK):  # the build's bookkeeping, not part of the release
            (staging / own).unlink(missing_ok=True)
        if signer is not None:
            from .sign import sign

            for output in result.outputs:
                sign(output.pdf, signer)
        record = _record(report, result, staging, version, commit, date)
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
    return target


def _status(root: Path) -> list[tuple[str, str]]:
    """(code, path) of each changed, new or ignored file under procedures/ and templates/."""
    entries = iter(_git(root, "status", "--porcelain", "-z", "--ignored", "--", "procedures", "templates").split("\0"))
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
    return {"release": version, "commit": commit, "date": date, "qmtool": __version__,
            "weasyprint": weasyprint_version(), "fonts": fonts, "documents": documents}


def _font_version(face) -> str:
    from fontTools.ttLib import TTFont

    with TTFont(face.file, fontNumber=face.index, lazy=True) as font:
        return str(font["name"].getDebugName(5) or "")


def verify(folder: Path, trusted: list[Path] | None = None) -> Verification:
    """Every file against the manifest, and every document of release.json: its PDF present, as recorded,
    and embedding the source recorded."""
    folder = Path(folder)
    found = Verification()
    try:
        lines = (folder / MANIFEST).read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        (found.differing if (folder / MANIFEST).is_file() else found.missing).append(MANIFEST)
        return found
    listed = {}
    for line in lines:
        digest, separator, name = line.partition("  ")
        if not separator or len(digest) != 64:
            found.differing.append(MANIFEST)
            continue
        listed[name] = digest
    for name, digest in listed.items():
        path = folder / name
        if not path.is_file():
            found.missing.append(name)
        elif sha256(path.read_bytes()) != digest:
            found.differing.append(name)
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} - {MANIFEST}
    found.unlisted += sorted(present - set(listed))
    try:
        record = json.loads((folder / RECORD).read_text("utf-8"))
        documents, signed = record["documents"], record.get("signed") is True
        checks = [(d["pdf"]["path"], d["pdf"]["sha256"], Path(d["source"]["path"]).name) for d in documents]
        sources = {Path(d["source"]["path"]).name: d["source"]["sha256"] for d in documents}
        pdfs = [pdf for pdf, _, _ in checks]
        if len(set(pdfs)) != len(pdfs) or not all(_inside(pdf) for pdf in pdfs):
            raise ValueError("a PDF named twice, or outside the release")
    except (OSError, ValueError, KeyError, TypeError):
        if RECORD not in found.missing:
            found.differing.append(RECORD)
        return found
    for pdf, pdf_digest, own_source in checks:
        path = folder / pdf
        if not path.is_file():
            if pdf not in found.missing:
                found.missing.append(pdf)
            continue
        if sha256(path.read_bytes()) != pdf_digest and pdf not in found.differing:
            found.differing.append(pdf)
        embedded = _embedded(path)
        for name in sorted({own_source} | set(embedded)):  # its own source, and no source but those released
            if embedded.get(name) != sources.get(name):
                found.differing.append(f"{pdf} (embedded {name})")
    # The record and the manifest can be rewritten by anyone: every PDF of the folder that carries a
    # signature, and every PDF when the release says it is signed or a certificate is to be trusted,
    # has its signatures checked.
    context = None
    for path in sorted(folder.rglob("*.pdf")):
        name, data = path.relative_to(folder).as_posix(), path.read_bytes()
        if signed or trusted or b"/ByteRange" in data:
            from .sign import SigningUnavailable, signatures, trust

            try:
                if context is None:  # the certificates are read once, for every PDF
                    context = trust(trusted)
                problems, signers = signatures(data, context, bool(trusted))
            except SigningUnavailable as error:
                raise VerifyUnavailable(str(error)) from None
            found.differing += [f"{name} ({problem})" for problem in problems]
            if signers:
                found.signers[name] = signers
    return found


def _inside(name: str) -> bool:
    """A path in release.json names a file in the release: relative, never climbing out."""
    path = Path(name)
    return isinstance(name, str) and not path.is_absolute() and ".." not in path.parts


def _embedded(pdf: Path) -> dict[str, str]:
    """The files embedded in a PDF, by name, as SHA-256 digests (poppler's pdfdetach extracts them)."""
    with tempfile.TemporaryDirectory() as folder:
        try:
            subprocess.run(["pdfdetach", "-saveall", "-o", folder, str(pdf)], capture_output=True, check=False)
        except FileNotFoundError:
            raise VerifyUnavailable("pdfdetach is not installed: apt-get install poppler-utils") from None
        return {p.name: sha256(p.read_bytes()) for p in Path(folder).iterdir()}
