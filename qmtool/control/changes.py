"""diff as one call: each side read (a git revision, a folder, or the working tree), the two compared, and
the changes put into lines for a terminal."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core.messages import word
from ..core.problem import Finding
from ..load.workspace import manual_of, workspace_language
from .diff import Change, Side, compare, documents_at_revision, documents_in_folder, shown


@dataclass
class Compared:
    """Two sides of a workspace (old and new as given; None is the working tree) and what changed between
    them, with the audit findings, in lang."""

    workspace: Path
    old: str | None
    new: str | None
    before: Side
    after: Side
    changes: list[Change]
    findings: list[Finding]
    lang: str

    @property
    def names(self) -> tuple[str, str]:
        """The sides as a report names them: as given (or "working tree"), with the commit each was read from."""
        def named(side: str | None, documents: Side) -> str:
            name = side or word(self.lang, "working tree")
            return f"{name} ({documents.commit[:12]})" if documents.commit else name

        return named(self.old, self.before), named(self.new, self.after)

    @property
    def folders(self) -> tuple[Path, ...]:
        return folders_compared(self.old, self.new)

    @property
    def organization(self) -> str:
        return str(manual_of(self.after.values()).get("organization", ""))

    def as_json(self) -> dict:
        return {"changes": [c.as_dict() for c in self.changes],
                "problems": [f.problem(self.lang).as_dict() for f in self.findings]}


def compare_sides(workspace: Path, old: str, new: str | None, lang: str | None = None) -> Compared:
    """What changed from old to new (a revision of workspace, or a folder; new None: the working tree), in
    lang (by default the new side's language). DiffError when a side cannot be read."""
    before, after = read_side(workspace, old), read_side(workspace, new)
    changes, findings = compare(before, after)
    return Compared(workspace, old, new, before, after, changes, findings,
                    lang or workspace_language([*after.values(), *after.unread]))


def read_side(workspace: Path, side: str | None) -> Side:
    if side is None:
        return documents_in_folder(workspace)
    if is_folder(side):
        return documents_in_folder(Path(side))
    return documents_at_revision(workspace, side)


def folders_compared(old: str, new: str | None) -> tuple[Path, ...]:
    """The sides that are folders: a report is written into none of them, nor into the workspace."""
    return tuple(Path(side) for side in (old, new) if side and is_folder(side))


def is_folder(side: str) -> bool:
    """Whether a side of diff names a folder; a name no path can have (5,000 characters, say) is a revision."""
    try:
        return Path(side).is_dir()
    except (OSError, ValueError):
        return False


def change_lines(compared: Compared) -> list[str]:
    """Each document that changed, then its changes, one a line: kind, field, and the values."""
    lines, current = [], None
    for change in compared.changes:
        if change.doc_id != current:
            current = change.doc_id
            lines.append(f"{change.doc_id} {change.title}")
        if not change.field:
            lines.append(f"  {word(compared.lang, change.kind)}")
            continue
        values = {"changed": f"{shown(change.old)} → {shown(change.new)}", "added": shown(change.new),
                  "removed": shown(change.old)}[change.kind]
        lines.append(f"  {word(compared.lang, change.kind)} {change.field}: {values}")
    return lines
