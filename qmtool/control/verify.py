"""Verify a release: every file as its manifest says and named by its record, every PDF as its record says,
embedding the sources recorded (the commit's own, when it can be read) and signed where it says so; nothing
read through a link or a name leading out of the release."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..build.plan import attachment_names
from ..core.catalog import DEFAULT_LANGUAGE, LANGUAGES
from ..core.jsonfile import MAX_BYTES, parse_object
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
from .record import shape, written_twice
from .released import GONE, LINK, SPECIAL, UNREADABLE, Read, read

MANIFEST_BYTES = 64 * 1024 * 1024  # far above the manifest of any release: a line of a hundred bytes a file
_LINE = re.compile(r"([0-9a-f]{64})  ([^\x00-\x1f\x7f]*)")  # a manifest's line as release writes one


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
    # The release's name as release.json says it. Not held to the folder's name: release makes the folder named as
    # the version, but a release is copied and archived under other names (an intact copy named r verifies), and
    # no source, commit or signature holds the name, so nothing can check it: a passing verify says so.
    name: str | None = None

    @property
    def ok(self) -> bool:
        return not (self.differing or self.missing or self.unlisted or self.findings)


def verify(folder: Path, trusted: list[Path] | None = None, repository: Path | None = None) -> Verification:
    """Every file against the manifest, and every document of release.json: its PDF present, as recorded,
    and embedding the source recorded; and, when the commit the record names can be read (in repository, a
    workspace in its git repository, or the one the release is in), each source recorded and embedded the
    commit's own file. A release holds files only: a link anywhere in it, or a name in the
    manifest or the record that is absolute, climbs with .. or passes through a link, is refused and
    never read through. Each file is read once, by descriptor, and what was read is what is judged."""
    folder = Path(folder)
    try:
        root = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:  # a folder that cannot be opened holds nothing a manifest vouches for
        return Verification(missing=[MANIFEST], language=_language(folder, None))
    try:
        return _verify(folder, root, trusted, repository)
    finally:
        os.close(root)


def _verify(folder: Path, root: int, trusted: list[Path] | None, repository: Path | None) -> Verification:
    files, links, strange = _release_files(folder)
    seen: dict[str, Read] = {}  # every file read, by name: none is read twice
    if RECORD in files:
        seen[RECORD] = read(root, RECORD, whole=True, limit=MAX_BYTES)
    parsed = parse_object(seen[RECORD].data) if RECORD in seen and seen[RECORD].data is not None else None
    record = parsed.value if parsed is not None else None
    found = Verification(language=_language(folder, record))
    found.findings += [finding(display(folder / name), (0, 0), "", "verify-link") for name in links]
    if MANIFEST not in files:
        if MANIFEST in strange:
            found.differing.append(_special(found, MANIFEST))
        else:
            (found.differing if MANIFEST in links else found.missing).append(MANIFEST)
        return found
    seen[MANIFEST] = manifest = read(root, MANIFEST, whole=True, limit=MANIFEST_BYTES)
    try:
        lines = manifest.data.decode("utf-8") if manifest.data is not None else None
    except ValueError:
        lines = None
    if lines is None or (lines and not lines.endswith("\n")):  # unread, not UTF-8 or its last line cut short
        _trouble(found, folder, MANIFEST, manifest if manifest.trouble else Read(trouble=UNREADABLE))
        return found
    if RECORD in seen and seen[RECORD].trouble:
        _trouble(found, folder, RECORD, seen[RECORD])
    listed, lines_of = {}, {}
    for number, line in enumerate(lines.split("\n")[:-1], 1):
        written = _LINE.fullmatch(line)  # as release writes it: lowercase hex, two spaces, no CR or control
        if not written:
            found.differing += [MANIFEST] if MANIFEST not in found.differing else []
            continue
        digest, name = written.groups()
        if not _plain(name, links):
            found.findings.append(finding(display(folder / MANIFEST), (number, 67), "", "verify-path", name=name))
        elif name in listed:  # two digests for one file: whichever a reader takes, the manifest is not whole
            found.differing += [MANIFEST] if MANIFEST not in found.differing else []
        else:
            listed[name], lines_of[name] = digest, number
    documents, signed, checks, sources, names, outside, pdfs = [], False, [], {}, {}, [], []
    try:
        if record is None:
            raise ValueError("no record, or one that cannot be read")
        documents, signed = record["documents"], record.get("signed") is True
        found.name = record["release"] if isinstance(record.get("release"), str) else None
        # Each source by its whole path, as recorded: two of one file name in different folders are two sources,
        # each embedded under the name the build gave it (attachment_names), never one taken for the other.
        checks = [(d["pdf"]["path"], d["pdf"]["sha256"], d["source"]["path"]) for d in documents]
        sources = {d["source"]["path"]: d["source"]["sha256"] for d in documents}
        names = attachment_names(sources)
        named = [(f"/documents/{i}/{part}/path", d[part]["path"]) for i, d in enumerate(documents)
                 for part in ("pdf", "source")]
        outside = [(pointer, name) for pointer, name in named if not _plain(name, links)]
        pdfs = [pdf for pdf, _, _ in checks]
        usable = not outside and len(set(pdfs)) == len(pdfs)  # else no PDF is looked into
    except (ValueError, KeyError, TypeError):
        usable = False
    # Each file read once, as it is when read: its digest, and a PDF's embedded files and signatures are all
    # of the same bytes, held one PDF at a time; a listed file gone or swapped meanwhile is said, never read.
    inspected: dict[str, tuple] = {}  # PDF -> what it embeds, its signatures' problems and signers
    context: list = []  # the certificates, read once for every PDF
    for name in [*listed, *sorted(files - set(listed))]:
        pdf = usable and (name.endswith(".pdf") or name in pdfs)
        if name not in files or name in seen or not (name in listed or pdf):
            continue
        seen[name] = read(root, name, whole=pdf)
        if seen[name].trouble:
            _trouble(found, folder, name, seen[name])
        elif pdf:
            inspected[name] = _inspect(seen[name].data, name in pdfs, set(names.values()), signed, trusted,
                                       context)
            seen[name] = Read(seen[name].digest)  # its bytes let go
    for name, digest in listed.items():
        if name not in files:
            if name not in strange:
                found.missing.append(name)
        elif not seen[name].trouble and seen[name].digest != digest and name not in found.differing:
            found.differing.append(name)
    found.unlisted += sorted(set(files) - set(listed) - {MANIFEST})
    found.differing += [_special(found, name) for name in strange if name in listed]
    found.unlisted += [name for name in strange if name not in listed]
    if not usable:
        found.findings += [finding(display(folder / RECORD), (0, 0), pointer, "verify-path", name=str(name))
                           for pointer, name in outside]
        if RECORD not in found.missing and RECORD not in found.differing:
            found.differing.append(RECORD)
        if record is not None:  # what it holds that release never writes, said as well
            _once(found, written_twice(display(folder / RECORD), parsed.twice))
            _once(found, shape(record, display(folder / RECORD)))
        return found
    found.findings += written_twice(display(folder / RECORD), parsed.twice)
    # A release holds its manifest, its record and the PDFs the record names, and nothing else: a file only
    # the manifest vouches for (a PDF built from a draft, say) is checked by nothing else, so it is refused.
    found.findings += [finding(display(folder / MANIFEST), (lines_of[name], 67), "", "verify-unrecorded", name=name)
                       for name in listed if name not in {MANIFEST, RECORD, *pdfs}]
    found.commit = committed(folder, record.get("commit"), list(sources), repository)
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
    by_name = {name: path for path, name in names.items()}  # an embedded file's name -> the source it is
    for pdf, pdf_digest, own_source in checks:
        path = folder / pdf
        if pdf not in files:  # a FIFO or the like in its place is said already, as no regular file
            if pdf not in strange and pdf not in found.missing and pdf not in found.differing:
                found.missing.append(pdf)
            continue
        if pdf not in inspected:  # not read as a regular file, and said so
            continue
        if seen[pdf].digest != pdf_digest and pdf not in found.differing:
            found.differing.append(pdf)
        embedded = inspected[pdf][0]
        if embedded is None:  # said, and then as a PDF that embeds nothing
            found.differing.append(f"{pdf} ({word(found.language, 'pdf-unreadable')})")
            embedded = {}
        # Its own source and no source but those released; with the commit read, exactly what release embeds:
        # every source in the manual's PDF, its own in a procedure's.
        own = (found.commit.sources or {}).get(own_source)
        expected = None if found.commit.sources is None else set(by_name) if own and is_manual(own) \
            else {names[own_source]}
        for name in sorted({names[own_source]} | set(embedded) | (expected or set())):
            source, unexpected = by_name.get(name), expected is not None and name not in expected
            if name == TOO_MANY:
                found.differing.append(f"{pdf} ({word(found.language, 'embedded-too-many')})")
            elif source is None or unexpected or embedded.get(name) != sources[source]:
                found.differing.append(f"{pdf} ({word(found.language, 'embedded').format(name)})")
            elif blobs is not None and blobs.get(source) != sources[source]:  # as recorded, but not committed
                found.findings.append(_not_committed(path, "", Phrase(("embedded", name)), source, found.commit))
    for name in sorted(set(inspected) | {n for n in files if n.endswith(".pdf")}):
        _, problems, signers = inspected.get(name, (None, [], []))
        found.differing += [f"{name} ({word(found.language, key).format(*facts)})" for key, *facts in problems]
        if signers:
            found.signers[name] = signers
        else:
            found.unsigned.append(name)
    return found


def _inspect(data: bytes, recorded: bool, wanted: set[str], signed: bool, trusted: list[Path] | None,
             context: list) -> tuple:
    """What a PDF's bytes embed (a recorded PDF's: None when they cannot be read as a PDF) and, when they are
    to be checked, their signatures' problems and signers. The record and the manifest can be rewritten by
    anyone: every PDF that carries a signature, and every PDF when the release says it is signed or a
    certificate is to be trusted, has its signatures checked."""
    embedded = read_embedded(data, wanted, len(wanted)) if recorded else {}
    problems, signers = [], []
    if signed or trusted or b"/ByteRange" in data:
        from .sign import SigningUnavailable, signatures, trust

        try:
            if not context:
                context.append(trust(trusted))
            problems, signers = signatures(data, context[0], bool(trusted))
        except SigningUnavailable as error:
            raise VerifyUnavailable(str(error)) from None
        except MemoryError:  # a PDF made to exhaust memory is a changed one, never a traceback
            problems, signers = [("pdf-unreadable",)], []
    return embedded, problems, signers


def _trouble(found: Verification, folder: Path, name: str, seen: Read) -> None:
    """A file listed as a regular file but not read as one: a link swapped in (refused, as a link listed is),
    gone, or no regular file (a FIFO is never waited on), each said in the release's language."""
    if seen.trouble == LINK:
        found.findings.append(finding(display(folder / name), (0, 0), "", "verify-link"))
    if seen.trouble == GONE:
        found.missing += [name] if name not in found.missing else []
    elif seen.trouble == SPECIAL:
        found.differing.append(_special(found, name))
    elif name not in found.differing:
        found.differing.append(name)


def _special(found: Verification, name: str) -> str:
    return f"{name} ({word(found.language, 'verify-not-regular')})"


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


def _language(folder: Path, record: dict | None) -> str:
    """The language the release was made in, as its record says; for a record that does not say it (or no
    record: not a release at all), the language of the workspace the folder is or is in, or the current folder's;
    else English."""
    language = (record or {}).get("language")
    if language in LANGUAGES:
        return language
    release = folder.resolve()
    # The workspace folder itself (`verify .` at its root) is one, unless it holds a release's own files: then
    # its procedures/ holds the PDFs, and the workspace, if any, is around it.
    if (release / DOCUMENTS).is_dir() and not any(os.path.lexists(release / name) for name in (MANIFEST, RECORD)):
        return Workspace.at(release).language
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


