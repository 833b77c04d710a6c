"""What each output is built from, as one key: when nothing that shapes an output changed, neither does its key.

An output's key covers its source files, the templates it uses (workspace overrides resolved),
the schemas, the fonts, qmtool's own code, the WeasyPrint version and the build options. All of
it is read as bytes, without parsing YAML or importing WeasyPrint, so a build with nothing to do
knows so at once.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path, PurePosixPath

from ..core.digest import code_digest, digest
from ..core.opened import read_under
from ..core.workspace import DOCUMENTS, template_files
from ..render.fonts import distinct_families, locate
from .cache import stamp


@dataclass(frozen=True)
class Planned:
    """One output to have: which document, where it goes, and its key."""

    doc_id: str
    kind: str
    pdf: Path
    html: Path | None
    key: str
    source: Path

    @property
    def files(self) -> list[Path]:
        return [self.pdf] + ([self.html] if self.html else [])


# Libraries whose versions shape the bytes of a PDF: layout, PDF writing, font subsetting.
LIBRARIES = ("weasyprint", "pydyf", "fonttools", "uharfbuzz", "tinycss2", "jinja2")


def package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "?"


def weasyprint_version() -> str:
    return package_version("weasyprint")


def fonts_digest(lang: str) -> str:
    """Every face the templates can select (regular and bold of each family), as installed."""
    faces = [locate(family, style) for family in distinct_families(lang) for style in
             ("Regular", "Bold")]
    return digest(*(f"{face.file}|{face.index}|{stamp(Path(face.file))}" if face else "missing" for face in faces))


def templates_digest(folders: list[Path], kind: str) -> str:
    """The templates an output of kind uses, following extends, include and import, as found in folders,
    and every other file there (images, fonts, style sheets fetched by URL). A template naming another
    by a computed name could use any: then all of them count."""
    from jinja2 import Environment, meta

    env = Environment()
    seen: dict[str, Path] = {}
    readable = [set(template_files(folder)) for folder in folders]  # none through a link leading out
    # Named by folder, counted from the built-in one (so adding a workspace's own folder renames nothing), and
    # by relative path: never by where qmtool is installed.
    assets = [(f"{len(folders) - index}/{path.relative_to(folders[index]).as_posix()}", path)
              for index, files in enumerate(readable) for path in sorted(files) if path.suffix != ".html"]
    held_in = {path: folder for folder, files in zip(folders, readable) for path in files}

    def read(path: Path) -> bytes:  # by descriptor, as rendering reads it: a link swapped in is never read
        try:
            return read_under(held_in[path], path)
        except (KeyError, OSError):
            return b"missing"

    pending = [f"{kind}.html"]
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        path = next((folder / name for folder, files in zip(folders, readable) if folder / name in files), None)
        if path is None:
            seen[name] = Path("missing")
            continue
        seen[name] = path
        try:
            references = list(meta.find_referenced_templates(env.parse(read(path).decode("utf-8"))))
        except Exception:  # a broken template: rendering reports it; here it just must not match
            references = []
        if None in references:  # computed: any template may be used
            references = [p.name for folder in folders for p in folder.glob("*.html")]
        pending += references
    files = [(name, seen[name]) for name in sorted(seen)] + assets
    return digest(*(part for name, path in files for part in (name, read(path))))


def pdf_name(doc_id: str, kind: str) -> str:
    """Where a document's PDF is in an output folder, and so in a release, in / form: release.json records it
    there and verify holds it to it."""
    return "manual.pdf" if kind == "manual" else f"{DOCUMENTS}/{doc_id}.pdf"


def attachment_names(paths: Iterable[str]) -> dict[str, str]:
    """The name each file of paths (distinct, in / form: a source's path in the workspace, as release.json
    records it) is embedded under in every PDF that embeds it: its file name, unless another of paths has the
    same file name or the name holds a "%"; then its whole path, each "%" written %25 and each "/" %2F
    (procedures%2Fa%2Fproc.yaml). Build, release and verify name sources so, and assess the files it attaches.
    No two files get one name: a file name used as it is holds no "%", and a whole path so written is one
    path's only (a_b/x and a/b/x, which "/" as "_" would make one name, stay two)."""
    paths = list(dict.fromkeys(paths))
    counts = Counter(PurePosixPath(path).name for path in paths)
    return {path: name if counts[name] == 1 and "%" not in name else path.replace("%", "%25").replace("/", "%2F")
            for path, name in ((path, PurePosixPath(path).name) for path in paths)}


def plan(documents: list[tuple[Path, str, str]], raw: dict[Path, bytes], facts: dict, out: Path,
         folders: list[Path], options: dict, only: str | None, attached: dict[Path, str]) -> list[Planned]:
    """The outputs to have, the manual first. documents: (path, id, kind) of every document; attached: the
    name each document's file is embedded under (attachment_names), which its PDF and the manual's hold."""
    lang = facts["language"]
    common = digest(code_digest(), *map(package_version, LIBRARIES), fonts_digest(lang), lang,
                    *(f"{k}={options[k]}" for k in sorted(options)))
    everything = digest(*(part for path, _, _ in documents for part in (attached[path], raw[path])))
    templates = {kind: templates_digest(folders, kind) for kind in {kind for _, _, kind in documents}}
    outputs = []
    for path, doc_id, kind in sorted(documents, key=lambda d: (d[2] != "manual", d[1])):
        if only not in (None, doc_id):
            continue
        pdf = out / pdf_name(doc_id, kind)
        sources = everything if kind == "manual" else digest(attached[path], raw[path], facts["organization"])
        html = out / "html" / f"{'manual' if kind == 'manual' else doc_id}.html" if options["html"] else None
        key = digest(common, templates[kind], sources)
        outputs.append(Planned(doc_id, kind, pdf, html, key, path))
    return outputs
