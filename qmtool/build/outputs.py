"""The output folder's housekeeping: can it be written, the templates' files beside the HTML, outputs
no longer wanted."""
from __future__ import annotations

import os
from pathlib import Path

from ..core.atomic import check_creatable, write_atomic
from ..core.frozen import release_holding
from ..core.messages import Word
from ..core.opened import LinkRefused, read_under
from ..core.problem import EnvironmentProblem, Finding
from ..core.tree import make_folders
from ..core.workspace import display, refused_link, template_files
from .cache import Cache, stamp


def html_assets(folders: list[Path]) -> dict[Path, Path]:
    """The files templates may refer to (images, fonts: anything not a template), by the relative name they
    get beside the HTML, each with the template folder it is in; a workspace's own file wins over the
    built-in one."""
    assets = {}
    for folder in reversed(folders):
        for path in template_files(folder):
            relative = path.relative_to(folder)
            hidden = any(part.startswith(".") for part in relative.parts)  # .git/, editor backups
            if not hidden and path.suffix not in (".html", ".css"):
                assets[relative] = folder
    return assets


def copy_assets(assets: dict[Path, Path], target: Path, out: Path | None = None) -> list[Finding]:
    """The templates' files beside the HTML, so a browser finds what the PDF found. Each is read through no link
    leading out of its folder (a link swapped in after the listing is a finding, as the listing would give,
    and is not copied), and written under the output folder out through no link (core/opened.py,
    core/atomic.py)."""
    out = out if out is not None else target
    refused = []
    try:
        for relative, folder in assets.items():
            try:
                data = read_under(folder, folder / relative)
            except LinkRefused as link:
                refused.append(refused_link(folder / relative, link.code, Word("within-templates")))
                continue
            copy = target / relative
            if not copy.is_file() or copy.read_bytes() != data:
                write_atomic(copy, data, out)
    except OSError as error:
        raise EnvironmentProblem(f"cannot copy the templates' files into {display(target)}: "
                                 f"{error.strerror or error}") from None
    return refused


def remove_orphans(cache: Cache, out: Path, planned: set[str]) -> None:
    """Outputs this cache recorded for documents the workspace no longer has: an obsolete controlled PDF
    must not sit beside the current ones. Only files exactly as built are removed."""
    for name in [name for name in cache.outputs if name not in planned]:
        remove_recorded(cache.outputs.pop(name), out)


def remove_recorded(entry: dict, out: Path, keep: frozenset[Path] | set[Path] = frozenset()) -> None:
    """The files a cache entry recorded (an HTML copy no longer wanted, say), if they are as built; never a file
    of a release made inside out (the cache can be rewritten by anyone: its stamps prove nothing)."""
    for relative, recorded in zip(entry.get("files", []), entry.get("stamps", [])):
        path = out / str(relative)
        if path not in keep and recorded and stamp(path) == recorded and path.resolve().is_relative_to(out.resolve()) \
                and release_holding(path) is None:
            path.unlink()


def check_writable(folder: Path) -> None:
    """Fail before rendering, not after, when an output folder cannot be made or written."""
    folder = Path(os.path.abspath(folder))  # out/../x: the folders to make are those of the path meant
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir() or not os.access(existing, os.W_OK):
        reason = "not a folder" if not existing.is_dir() else "not writable"
        raise EnvironmentProblem(f"cannot write into {display(folder)}: {display(existing)} is {reason}")
    # Permissions are not all: /sys, /proc and read-only mounts refuse even root. Make the folders to
    # know, and take them away again: a build that fails later leaves nothing behind.
    # A folder that can be made may still take no file (an existing one of /proc): the probe reports writes do.
    made = [folder, *folder.parents][:len(folder.relative_to(existing).parts)]
    try:
        make_folders(folder)
        check_creatable(folder / ".qmtool-probe")
    except OSError as error:
        raise EnvironmentProblem(f"cannot write into {display(folder)}: {error.strerror or error}") from None
    finally:
        for path in made:
            if path.is_dir():
                path.rmdir()
