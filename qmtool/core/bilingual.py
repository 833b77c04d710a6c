"""Schema texts written "中文 / English": the half a language reads, Traditional forms for zh-Hant."""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path


class Bilingual(str):
    """A schema text written "中文 / English": the message takes the half of its language."""


def bilingual(text: str, lang: str) -> str:
    """Pick one half of a schema's "中文 / English" title for the language; zh-Hant reads the Chinese half
    in its Traditional form."""
    zh, _, en = text.partition(" / ")
    if lang == "en":
        return en or zh
    return _traditional().get(zh, zh) if lang == "zh-Hant" else zh


@cache
def _traditional() -> dict[str, str]:
    return json.loads((Path(__file__).parent / "hant.json").read_text("utf-8"))


def schema_texts(folder: Path) -> set[str]:
    """The Chinese halves of every title, description and enum description of the schemas in a folder."""
    found: set[str] = set()

    def walk(node) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("title", "description") and isinstance(value, str):
                    found.add(value.partition(" / ")[0])
                elif key == "enumDescriptions" and isinstance(value, list):
                    found.update(v.partition(" / ")[0] for v in value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in sorted(folder.glob("*.schema.json")):
        walk(json.loads(path.read_text("utf-8")))
    return found


