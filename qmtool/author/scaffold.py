"""New workspaces and new procedures, written so that they validate at once and editors know their schema."""
from __future__ import annotations

import json
import os
import re
import unicodedata
from datetime import date
from functools import partial
from pathlib import Path

from ..core import tree
from ..core.atomic import check_outside, step_in, write_all_in, write_atomic, write_in
from ..core.frozen import release_holding
from ..core.messages import fill, word
from ..core.pinned import pin
from ..core.problem import Finding
from ..core.resources import builtin, candidates
from ..core.workspace import DOCUMENTS, display, inputs_around
from ..load.characters import refused
from ..load.workspace import Workspace

SKELETONS = Path(__file__).parent / "skeletons"
DOTFILES = {"gitignore": ".gitignore", "pre-commit-config.yaml": ".pre-commit-config.yaml"}
ORGANIZATION = {"zh-Hans": "示例单位", "zh-Hant": "示例單位", "en": "Example Organisation"}
_PROCEDURE_ID = re.compile(r"QP-[0-9]{2,3}")
_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


class ScaffoldRefused(Exception):
    """What the user asked would overwrite or contradict what is there, said in the language of the workspace
    made or added to; unread: the located problems of files that kept its manual from being read."""

    def __init__(self, lang: str, key: str, unread: list[Finding] | None = None, **values: str):
        super().__init__(fill(word(lang, key), **values))
        self.lang, self.key, self.unread, self.values = lang, key, unread or [], values

    def __reduce__(self):  # rebuilt as it was made: pickle passes arguments by position only
        return partial(type(self), **self.values), (self.lang, self.key, self.unread)


def init(target: Path, lang: str, organization: str | None, today: date) -> list[Path]:
    """A new workspace in target (absent or empty): manual, example procedure, README, .gitignore,
    pre-commit configuration, and the schemas for editors. Returns the files written."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ScaffoldRefused(lang, "scaffold-not-empty", path=str(target))
    check_outside([target], inputs_around(target))  # a workspace inside procedures/ would be read as documents
    organization = _plain_text(organization, "scaffold-organization", lang) if organization is not None \
        else ORGANIZATION[lang]
    values = {"today": today.isoformat(), "review_due": _a_year_after(today).isoformat()}
    skeleton = SKELETONS / lang
    sources = [p for p in tree.files(skeleton) if p.name != "new-procedure.yaml"]
    # Opened once: what is written and what a failure takes back is in this very folder, whatever its path
    # leads to meanwhile (a folder above it swapped for a link to another workspace).
    try:
        pinned = pin(target)
    except NotADirectoryError:  # a file there, put meanwhile
        raise ScaffoldRefused(lang, "scaffold-not-empty", path=str(target)) from None
    with pinned:
        if not pinned.made and not pinned.is_empty():  # another folder, or filled, since it was looked at: not ours
            raise ScaffoldRefused(lang, "scaffold-not-empty", path=str(target))
        try:
            real = pinned.real()
            check_outside([real], inputs_around(real))  # where the descriptor is, not where the path led before
            written = []
            for source in sources:
                path = target / _written_name(source.relative_to(skeleton))
                # In YAML the name is quoted, so that any name reads back as written; in the README it is prose.
                named = organization if path.suffix == ".md" else _yaml_text(organization)
                text = _fill(source.read_text("utf-8"), {**values, "organization": named})
                _write_under(pinned.handle, target, path, text.encode("utf-8"))
                written.append(path)
            folder = target / "schemas"
            files = _schemas_for(folder)
            _write_under(pinned.handle, target, folder, files)
            return written + list(files)
        except BaseException:  # a full disk, a special file system: no half workspace is left behind
            # The folder was new or empty when opened: what stands under init's own names is init's (or was put
            # in their place meanwhile), removed by descriptor, a link as a link; nothing else is touched.
            ours = {_written_name(source.relative_to(skeleton)).parts[0] for source in sources}
            pinned.take_back(sorted(ours | {"schemas"}))
            raise


def _written_name(relative: Path) -> Path:
    return relative.parent / DOTFILES.get(relative.name, relative.name)


def _write_under(opened: int, top: Path, path: Path, data: bytes | dict[Path, bytes]) -> None:
    """data as path under the open folder top, its folders made and opened through no link (OutputRefused for
    one); a dict of data is the files of the folder path, all or none."""
    inside = path.relative_to(top).parts if isinstance(data, dict) else path.parent.relative_to(top).parts
    handles = [os.dup(opened)]
    try:
        step = top
        for part in inside:
            step = step / part
            handles.append(step_in(handles[-1], step, make=True)[0])
        if isinstance(data, dict):
            write_all_in(handles[-1], data)
        else:
            write_in(handles[-1], path, data)
    finally:
        for handle in handles:
            os.close(handle)


def _schemas_for(folder: Path) -> dict[Path, bytes]:
    """The built-in schemas as files of folder, checked to be a place qmtool does not read."""
    builtins = candidates()
    read = [path for path in inputs_around(folder) if path.name != "schemas" or path in builtins]
    check_outside([folder], read)  # a workspace's own schemas/ is for editors: qmtool reads the built-in ones
    return {folder / schema.name: schema.read_bytes() for schema in sorted(builtin("schemas").glob("*.schema.json"))}


def export_schemas(folder: Path) -> list[Path]:
    """Copies of the built-in schemas, for editors that need them on disk beside the documents: all or none,
    into a workspace's own schemas/ or any folder qmtool does not read (never procedures/ or templates/);
    folder opened once (made if need be, through no link below what exists), and written by its descriptor."""
    files = _schemas_for(folder)
    with pin(folder) as pinned:
        try:
            _schemas_for(pinned.real())  # checked again where the descriptor is: the path may have led elsewhere
            write_all_in(pinned.handle, files)
        except BaseException:
            pinned.take_back([])
            raise
    return list(files)


def new_procedure(root: Path, doc_id: str, title: str, name: str | None, today: date) -> Path:
    """A procedure skeleton (draft, dated today, owned by the manual's owner) that validates with no errors."""
    workspace = Workspace.at(root)  # links leading out are not followed, as validate does not follow them
    documents, lang, manual = workspace.sources, workspace.language, workspace.manual
    if (release := release_holding(root / DOCUMENTS)) is not None:  # a release, or a workspace kept inside one
        raise ScaffoldRefused(lang, "scaffold-frozen", path=display(root / DOCUMENTS), release=display(release))
    if not manual:
        unread = [*workspace.files.findings,
                  *(f for d in documents if not isinstance(d.data, dict) for f in d.findings)]
        raise ScaffoldRefused(lang, "scaffold-no-manual", unread, folder=display(root / DOCUMENTS))
    _plain_text(title, "scaffold-title", lang)
    if not _PROCEDURE_ID.fullmatch(doc_id):
        raise ScaffoldRefused(lang, "scaffold-not-id", id=doc_id)
    if name is not None and not _NAME.fullmatch(name):
        raise ScaffoldRefused(lang, "scaffold-not-name", name=name)
    taken = [d.display for d in documents if isinstance(d.data, dict) and d.data.get("id") == doc_id]
    if taken:
        raise ScaffoldRefused(lang, "scaffold-taken", id=doc_id, path=taken[0])
    path = root / DOCUMENTS / (f"{doc_id}-{name}.yaml" if name else f"{doc_id}.yaml")
    if path.exists() or path.is_symlink():
        raise ScaffoldRefused(lang, "scaffold-exists", path=display(path))
    owner = manual.get("owner") if isinstance(manual.get("owner"), str) else ORGANIZATION[lang]
    values = {"id": doc_id, "title": _yaml_text(title), "owner": _yaml_text(owner), "today": today.isoformat(),
              "review_due": _a_year_after(today).isoformat()}
    text = _fill((SKELETONS / lang / "new-procedure.yaml").read_text("utf-8"), values)
    write_atomic(path, text.encode("utf-8"), within=root)  # procedures/ swapped for a link meanwhile: refused
    return path


def _fill(text: str, values: dict[str, str]) -> str:
    """The skeleton with its {{placeholders}} filled in one pass: a value is never read as a placeholder."""
    return _PLACEHOLDER.sub(lambda match: values[match[1]], text)


def _plain_text(value: str, what: str, lang: str) -> str:
    """A title or name as a document may hold it: text on one line, with no character the loader refuses
    (load/characters.py), so that what is written validates at once."""
    named = word(lang, what)
    if any(unicodedata.category(c) == "Cs" for c in value):  # bytes of the command line that are not UTF-8
        raise ScaffoldRefused(lang, "scaffold-not-text", what=named)
    first = next(refused(value), None)
    if first is not None and not first[2]:  # an invisible character: named, since it cannot be seen
        raise ScaffoldRefused(lang, "scaffold-character", what=named, char=first[1])
    if not value.strip() or first is not None or any(unicodedata.category(c) == "Cc" for c in value):
        raise ScaffoldRefused(lang, "scaffold-one-line", what=named)
    return value


def _yaml_text(value: str) -> str:
    """A string as a YAML scalar that reads back as exactly that string."""
    return json.dumps(value, ensure_ascii=False)


def _a_year_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)
