"""A workspace read once: the value every stage is given, so that none goes back to the disk for it.

Its files are listed and their bytes read when it is made; the YAML is parsed only when first asked for, so a
build with nothing to do never parses. Validation, planning, rendering and the reports all take it.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..core.catalog import DEFAULT_LANGUAGE, LANGUAGES
from ..core.workspace import Scan, display, scan, template_folders
from .language import is_manual, manual_language
from .loader import SourceFile, parse, read_file


@dataclass
class Workspace:
    root: Path
    files: Scan  # which files may be read, and every link that may not be followed
    read: list[SourceFile]  # each document's bytes, or why they could not be read; parsed by `sources`
    folders: list[Path]  # the template folders, the workspace's own first

    @classmethod
    def at(cls, root: Path | str) -> Workspace:
        root = Path(root)
        files = scan(root)
        read = [read_file(path, display(path), root) for path in files.documents]  # no link out, even one swapped in
        return cls(root, files, read, template_folders(root))

    @cached_property
    def sources(self) -> list[SourceFile]:
        """Every document parsed (a file that could not be read keeps its finding and no data)."""
        return [source if source.findings else parse(source) for source in self.read]

    def name(self, source: SourceFile) -> str:
        """Where a document is in the workspace, as a relative POSIX path: the same wherever the workspace is."""
        return source.path.relative_to(self.root).as_posix()

    @property
    def documents(self) -> list[dict]:
        return [source.data for source in self.sources if isinstance(source.data, dict)]

    @property
    def manual(self) -> dict:
        """The quality manual's data ({} when there is none: validation then says so)."""
        return manual_of(self.sources)

    @property
    def manual_file(self) -> SourceFile | None:
        """The quality manual's file, if one was read."""
        return manual_file(self.sources)

    @property
    def organization(self) -> str:
        """The organisation the manual names, printed in every document's header."""
        return str(self.manual.get("organization", ""))

    @property
    def language(self) -> str:
        return workspace_language(self.sources)


def manual_of(sources) -> dict:
    """The data of the first of sources that is a manual, or {}."""
    found = manual_file(sources)
    return found.data if found is not None else {}


def manual_file(sources):
    """The first of sources that is a manual, or None."""
    return next((s for s in sources if isinstance(s.data, dict) and s.data.get("kind") == "manual"), None)


def workspace_language(sources) -> str:
    """The language the manual declares. When no manual could be read (a syntax error, a refused character),
    the one top-level `language:` line of a file that says it is the manual (or is named so), if any: the
    messages about that file are then in the language its readers expect."""
    manual = manual_of(sources)
    if manual:
        language = manual.get("language")
        return language if language in LANGUAGES else DEFAULT_LANGUAGE
    unread = [s for s in sources if not isinstance(s.data, dict) and (is_manual(s.raw) or s.path.stem == "manual")]
    declared = {manual_language(s.raw) for s in unread}
    return declared.pop() if len(declared) == 1 and None not in declared else DEFAULT_LANGUAGE
