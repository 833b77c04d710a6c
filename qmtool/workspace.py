"""A workspace: the folder whose procedures/ holds the controlled documents."""
from __future__ import annotations

import os
from pathlib import Path

DOCUMENTS = "procedures"
INPUTS = (DOCUMENTS, "records", "templates", "schemas")  # what some command reads; never written into


def input_folders(root: Path) -> list[Path]:
    """Every folder a command may read: the workspace's and the built-in templates and schemas."""
    from .resources import builtin

    return [root / name for name in INPUTS] + [builtin("templates"), builtin("schemas")]


def document_paths(root: Path) -> list[Path]:
    folder = root / DOCUMENTS
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def display(path: Path) -> str:
    """The path as a user can click it: relative to the current folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return os.path.abspath(path)
