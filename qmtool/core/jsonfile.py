"""The one reader of the JSON files qmtool reads but does not trust: build caches, memos, a release's record."""
from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 64 * 1024 * 1024  # far above any cache, memo or record qmtool writes
MAX_DEPTH = 32  # qmtool's own files nest five deep; deeper data could exhaust the stack of a later dumps or ==
_SURROGATE = re.compile("[\ud800-\udfff]")  # a lone \ud800 escape: read as text, it could never be written back


@dataclass(frozen=True)
class Parsed:
    """An object read from untrusted JSON, and the JSON pointer of every key written more than once in it
    (Python keeps the last value, another reader the first: which counts is the reader's choice)."""
    value: dict
    twice: list[str]


def read_object(path: Path) -> dict | None:
    """The JSON object in path, or None when it cannot be trusted to be one: missing, not a regular file (a FIFO
    is never waited on), over MAX_BYTES, not UTF-8, malformed, nested past MAX_DEPTH however deep (never a
    RecursionError), holding a lone surrogate or a key written twice, or anything but an object at the top."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except (OSError, ValueError):
        return None
    try:
        with os.fdopen(handle, "rb") as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                return None
            data = file.read(MAX_BYTES + 1)
    except OSError:
        return None
    parsed = parse_object(data)
    return parsed.value if parsed is not None and not parsed.twice else None


def parse_object(data: bytes) -> Parsed | None:
    """The JSON object data holds, with its keys written twice; None when it cannot be trusted to be one (as
    read_object says, but for a key written twice, which the caller judges)."""
    if len(data) > MAX_BYTES:
        return None
    # id of an object -> the object (held, so that its id is never another's) and its keys written twice
    repeated: dict[int, tuple[dict, list[str]]] = {}

    def pairs(items: list) -> dict:
        value = dict(items)
        if len(value) < len(items):
            seen, twice = set(), []
            for key, _ in items:
                (twice.append if key in seen else seen.add)(key)
            repeated[id(value)] = (value, twice)
        return value

    try:
        value = json.loads(data.decode("utf-8"), object_pairs_hook=pairs)
    except (ValueError, RecursionError, MemoryError):
        return None
    if not isinstance(value, dict) or not _plain(value):
        return None
    return Parsed(value, _pointers(value, repeated) if repeated else [])


def _pointers(value: dict, repeated: dict[int, tuple[dict, list[str]]]) -> list[str]:
    """The JSON pointer of each key repeated names, object by object as Python keeps their keys, walked without
    recursion."""
    found, stack = [], [(value, "")]
    while stack:
        node, at = stack.pop()
        if isinstance(node, dict):
            found += [f"{at}/{_escaped(key)}" for key in dict.fromkeys(repeated.get(id(node), ({}, []))[1])]
            stack += [(item, f"{at}/{_escaped(key)}") for key, item in reversed(node.items())]
        elif isinstance(node, list):
            stack += [(item, f"{at}/{number}") for number, item in reversed(list(enumerate(node)))]
    return found


def _escaped(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def _plain(value: object) -> bool:
    """No container deeper than MAX_DEPTH and no lone surrogate in any key or text, walked without recursion."""
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, str):
            if _SURROGATE.search(node):
                return False
        elif isinstance(node, (dict, list)):
            if depth > MAX_DEPTH:
                return False
            items = [*node.keys(), *node.values()] if isinstance(node, dict) else node
            stack += [(item, depth + 1) for item in items]
    return True
