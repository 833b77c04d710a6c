"""Verify a release: every file as its manifest says and named by its record, every PDF as its record says,
embedding the sources recorded (the commit's own, when it can be read) and signed where it says so; nothing
read through a link or a name leading out of the release."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..core.catalog import DEFAULT_LANGUAGE, LANGUAGES
from ..core.jsonfile import read_object
from ..core.messages import Phrase, Word, word
from ..core.problem import Finding, finding
from ..core.tree import walk
from ..core.workspace import DOCUMENTS, display
from ..load.language import is_manual
from ..load.workspace import Workspace
from .committed import Committed, committed
from .embedded import TOO_MANY
from .embedded import embedded as read_embedded
from .facts import differences
from .manifest import MANIFEST, RECORD
from .record import shape


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
    commit: Committed = field(default_factory=lambda: Committed("", unreached=("commit-unnamed",)))
    unsigned: list[str] = field(default_factory=list)  # PDFs of the release no signature vouches for

    @property
    def ok(self) -> bool:
        return not (self.differing or self.missing or self.unlisted or self.findings)


def verify(folder: Path, trusted: list[Path] | None = None, repository: Path | None = None) -> Verification:
    """Every file against the manifest, and every document of release.json: its PDF present, as recorded,
    and embedding the source recorded; and, when the commit the record names can be read (in repository, a
    workspace in its git repository, or the one the release is in), each source recorded and embedded the
    commit's own file. A release holds files only: a link anywhere in it, or a name in the
    manifest or the record that is absolute, climbs with .. or passes through a link, is refused and
    never read through."""
    folder = Path(folder)
    files, links, strange = _release_files(folder)
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
    listed, lines_of = {}, {}
    for number, line in enumerate(lines, 1):
        digest, separator, name = line.partition("  ")
        if not separator or len(digest) != 64:
            found.differing.append(MANIFEST)
        elif not _plain(name, links):
            found.findings.append(finding(display(folder / MANIFEST), (number, 67), "", "verify-path", name=name))
        elif name in listed:  # two digests for one file: whichever a reader takes, the manifest is not whole
            found.differing += [MANIFEST] if MANIFEST not in found.differing else []
        else:
            listed[name], lines_of[name] = digest, number
    for name, digest in listed.items():
        if name not in files:
            if name not in strange:
                found.missing.append(name)
        elif _file_digest(folder / name) != digest:
            found.differing.append(name)
    found.unlisted += sorted(set(files) - set(listed) - {MANIFEST})
    found.differing += [name for name in strange if name in listed]
    found.unlisted += [name for name in strange if name not in listed]
    record = None
    try:
        record = read_object(folder / RECORD) if RECORD in files else None  # never through a link in its place
        if record is None:
            raise ValueError("no record, or one that cannot be read")
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
        if isinstance(record, dict):  # what it holds that release never writes, said as well
            _once(found, shape(record, display(folder / RECORD)))
        return found
    # A release holds its manifest, its record and the PDFs the record names, and nothing else: a file only
    # the manifest vouches for (a PDF built from a draft, say) is checked by nothing else, so it is refused.
    found.findings += [finding(display(folder / MANIFEST), (lines_of[name], 67), "", "verify-unrecorded", name=name)
                       for name in listed if name not in {MANIFEST, RECORD, *pdfs}]
    paths = {Path(d["source"]["path"]).name: d["source"]["path"] for d in documents}
    found.commit = committed(folder, record.get("commit"), list(paths.values()), repository)
    if (blobs := found.commit.digests) is not None:  # each recorded source the commit's own file
        found.findings += [_not_committed(folder / RECORD, f"/documents/{i}/source/sha256", Word("recorded-source"),
                                          d["source"]["path"], found.commit)
                           for i, d in enumerate(documents) if blobs.get(d["source"]["path"]) != d["source"]["sha256"]]
    if found.commit.sources is not None:  # what the record says of each document, as its committed source says
        found.findings += differences(display(folder / RECORD), record, found.commit.sources, found.commit.commit,
                                      found.commit.date)
    # Only the record release writes: its keys, each document once, every path in release's form; a pointer
    # the commit's sources already said is wrong is said once, as that.
    _once(found, shape(record, display(folder / RECORD), found.commit.sources))
    for pdf, pdf_digest, own_source in checks:
        path = folder / pdf
        if pdf not in files:
            if pdf not in found.missing and pdf not in found.differing:
                found.missing.append(pdf)
            continue
        if _file_digest(path) != pdf_digest and pdf not in found.differing:
            found.differing.append(pdf)
        embedded = read_embedded(path, set(sources), len(sources))
        if embedded is None:  # said, and then as a PDF that embeds nothing
            found.differing.append(f"{pdf} ({word(found.language, 'pdf-unreadable')})")
            embedded = {}
        # Its own source and no source but those released; with the commit read, exactly what release embeds:
        # every source in the manual's PDF, its own in a procedure's.
        own = (found.commit.sources or {}).get(paths[own_source])
        expected = None if found.commit.sources is None else set(sources) if own and is_manual(own) else {own_source}
        for name in sorted({own_source} | set(embedded) | (expected or set())):
            if name == TOO_MANY:
                found.differing.append(f"{pdf} ({word(found.language, 'embedded-too-many')})")
            elif embedded.get(name) != sources.get(name) or (expected is not None and name not in expected):
                found.differing.append(f"{pdf} ({word(found.language, 'embedded').format(name)})")
            elif blobs is not None and blobs.get(paths[name]) != sources[name]:  # as recorded, but not committed
                found.findings.append(_not_committed(path, "", Phrase(("embedded", name)), paths[name], found.commit))
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
            except MemoryError:  # a PDF made to exhaust memory is a changed one, never a traceback
                problems, signers = [("pdf-unreadable",)], []
            found.differing += [f"{name} ({word(found.language, key).format(*facts)})" for key, *facts in problems]
            if signers:
                found.signers[name] = signers
        if name not in found.signers:
            found.unsigned.append(name)
    return found


def _release_files(folder: Path) -> tuple[set[str], list[str], list[str]]:
    """The regular files of a release folder by relative name; every link in it (to a file, a folder or
    nothing), which is not followed; and everything a release never holds: a FIFO, device or socket (never
    read: a FIFO's read would not end) and an empty folder (name/)."""
    files, links, strange = set(), [], []
    unreadable: list[OSError] = []
    for place, folders, names in walk(folder, unreadable.append):  # links to folders are never followed
        if place != folder and not folders and not names:
            strange.append(place.relative_to(folder).as_posix() + "/")
        for name in sorted(folders + names):
            path = place / name
            relative = path.relative_to(folder).as_posix()
            try:
                if path.is_symlink():
                    links.append(relative)
                elif name in names:
                    (files.add if path.is_file() else strange.append)(relative)
            except OSError:  # too deep for its path to be named: nothing a manifest can vouch for
                strange.append(relative)
    # A folder that cannot be listed (too deep for its path to be named, say) holds what no manifest vouches for.
    strange += [Path(error.filename).relative_to(folder).as_posix() + "/" for error in unreadable
                if error.filename is not None and Path(error.filename) != folder]
    return files, sorted(links), sorted(strange)


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
    """The language the release was made in, as its record says; for a record that does not say it (or no
    record: not a release at all), the language of the workspace the folder is in, or the current folder's;
    else English."""
    language = (read_object(folder / RECORD) or {}).get("language") if RECORD in files else None
    if language in LANGUAGES:
        return language
    release = folder.resolve()
    for place in (release, Path.cwd().resolve()):
        # A release's own procedures/ holds its PDFs: it, and a folder in it, is never a workspace.
        workspace = next((above for above in (place, *place.parents)
                          if (above / DOCUMENTS).is_dir() and release not in (above, *above.parents)), None)
        if workspace is not None:
            return Workspace.at(workspace).language
    return DEFAULT_LANGUAGE


def _once(found: Verification, findings: list[Finding]) -> None:
    """findings added, but for those at a place already found wrong."""
    said = {(f.path, f.pointer) for f in found.findings}
    found.findings += [f for f in findings if (f.path, f.pointer) not in said]


def _not_committed(path: Path, pointer: str, what, name: str, commit: Committed) -> Finding:
    return finding(display(path), (0, 0), pointer, "verify-not-committed", what=what, name=name,
                   commit=commit.commit[:12])


def _file_digest(path: Path) -> str:
    """SHA-256 of a file read a piece at a time: a release file of any size is never held whole."""
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()
