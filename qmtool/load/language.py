"""The language a manual declares, read from its raw text when YAML cannot read the file."""
from __future__ import annotations

import re

from ..core.catalog import LANGUAGES

_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # YAML's breaks as editors show them: never U+2028 or NEL
_TOP_KEY = re.compile(r"(kind|language)[ \t]*:(.*)")
_VALUE = re.compile(r"[ \t]*(?:([A-Za-z-]+)|\"([A-Za-z-]+)\"|'([A-Za-z-]+)')[ \t]*(?:#.*)?")


def declared(raw: bytes) -> dict[str, str | None]:
    """The top-level `kind:` and `language:` lines of a YAML file, as plain words: {key: value}, None for a key
    written more than once or with a value that is not one plain word. Nothing else of the file is trusted:
    a line at column 0 is a top-level key of a block mapping, whatever breaks the rest of the file."""
    text = raw.decode("utf-8", "replace").removeprefix("\ufeff")
    found: dict[str, str | None] = {}
    for line in _LINE_BREAK.split(text):
        if key := _TOP_KEY.fullmatch(line):
            value = _VALUE.fullmatch(key[2])
            word = next(filter(None, value.groups()), None) if value else None
            found[key[1]] = word if key[1] not in found else None
    return found


def manual_language(raw: bytes) -> str | None:
    """The language a manual's raw text declares on its one top-level `language:` line, if qmtool speaks it."""
    language = declared(raw).get("language")
    return language if language in LANGUAGES else None


def is_manual(raw: bytes) -> bool:
    """Whether raw text says, on its one top-level `kind:` line, that it is a manual."""
    return declared(raw).get("kind") == "manual"
