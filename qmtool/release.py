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
from .fonts import families, locate
from .output import umask
from .plan import weasyprint_version
from .validate import validate

MANIFEST = "MANIFEST.sha256"
RECORD = "release.json"
NOT_RELEASABLE = ("draft", "review")
VERSION_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


class ReleaseRefused(Exception):
    """The workspace cannot be released as it is; the reasons are listed."""

    def __init__(self, reasons: list[str]):
        super().__init__("\n".join(reasons))
        self.reasons = reasons


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
        raise ReleaseRefused(["git is not installed: apt-get install git"]) from None
    if result.returncode:
        raise ReleaseRefused([f"git {' '.join(args)}: {result.stderr.strip() or 'failed'}"])
    return result.stdout.rstrip()  # not strip: a porcelain line may start with a space


def release(root: Path, out: Path, version: str, jobs: int | None = None, signer=None) -> Path:
    """Build release out/version from the committed workspace at root; refuse if it is not releasable."""
    root, target = Path(root), Path(out) / version
    reasons = []
    if not VERSION_NAME.fullmatch(version):
        raise ReleaseRefused([f"{version!r} is not a release name: use letters, digits, dots, hyphens"])
    if target.exists():
        reasons.append(f"{target} exists: a release is never overwritten")
    report = validate(root)
    errors = [p for p in report.problems() if p.severity == "error"]
    reasons += [f"{p.path}:{p.line}:{p.column}: {p.code}: {p.message}" for p in errors]
    unreleased = [f"{s.data['id']} is {s.data['status']} ({s.display})" for s in report.sources
                  if isinstance(s.data, dict) and s.data.get("status") in NOT_RELEASABLE]
    reasons += unreleased
    status = _status(root)
    changed = [path for code, path in status if code != "!!"]
    ignored = [path for code, path in status if code == "!!"]
    if changed:
        reasons.append(f"uncommitted changes, commit them first: {', '.join(changed)}")
    if ignored:
        reasons.append(f"files git ignores, a release is only what is committed: {', '.join(ignored)}")
    if reasons:
        raise ReleaseRefused(reasons)
    commit = _git(root, "rev-parse", "HEAD")
    date = _git(root, "log", "-1", "--format=%cI", "HEAD")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{version}.", dir=target.parent))
    staging.chmod(0o777 & ~umask())  # mkdtemp makes it private; a release is for everyone to read
    try:
        result = build(root, staging, jobs=jobs, force=True)
        if not result.ok:
            raise ReleaseRefused([p.message for p in result.problems()])
        (staging / ".qmtool-cache.json").unlink(missing_ok=True)
        if signer is not None:
            from .sign import sign

            for output in result.outputs:
                sign(output.pdf, signer)
        record = _record(report, result, staging, version, commit, date)
        record["signed"] = signer is not None
        (staging / RECORD).write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", "utf-8")
        files = sorted(p for p in staging.rglob("*") if p.is_file())
        (staging / MANIFEST).write_text("".join(
            f"{sha256(p.read_bytes())}  {p.relative_to(staging).as_posix()}\n" for p in files), "utf-8")
        try:
            os.rename(staging, target)  # fails if the release appeared meanwhile: never overwritten
        except OSError:
            if target.exists():
                raise ReleaseRefused([f"{target} exists: a release is never overwritten"]) from None
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
    for family in dict.fromkeys(families(report.language).values()):
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
    for path in sorted(folder.rglob("*.pdf")):
        name = path.relative_to(folder).as_posix()
        if signed or trusted or b"/ByteRange" in path.read_bytes():
            from .sign import SigningUnavailable, signatures

            try:
                problems, signers = signatures(path, trusted)
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
