"""The configured CJK fonts: where they are, and which characters they cover."""
from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import cache

FONTS = {
    "zh-Hans": {"body": "Noto Serif CJK SC", "heading": "Noto Sans CJK SC"},
    "zh-Hant": {"body": "Noto Serif CJK TC", "heading": "Noto Sans CJK TC"},
    "en": {"body": "Noto Serif CJK SC", "heading": "Noto Sans CJK SC"},
}
FIX = "apt-get install fonts-noto-cjk fontconfig"


@dataclass(frozen=True)
class Face:
    family: str
    file: str
    index: int


def families(lang: str) -> dict[str, str]:
    return FONTS[lang]


def distinct_families(lang: str) -> list[str]:
    """The language's font families, each once (English shares the body and heading faces of zh-Hans)."""
    return list(dict.fromkeys(FONTS[lang].values()))


def configured_families() -> frozenset[str]:
    """Every family a PDF may draw text in: the configured fonts of any language, and no other."""
    return frozenset(family for faces in FONTS.values() for family in faces.values())


@cache
def locate(family: str, style: str = "Regular") -> Face | None:
    """The installed face of family, or None when fontconfig would substitute another font."""
    if not shutil.which("fc-match"):
        return None
    result = subprocess.run(["fc-match", "-f", "%{family}|%{file}|%{index}", f"{family}:style={style}"],
                            capture_output=True, text=True)
    found, _, rest = result.stdout.partition("|")
    file, _, index = rest.partition("|")
    if result.returncode != 0 or family not in found.split(","):
        return None
    return Face(family, file, int(index or 0))


def missing_fonts(lang: str) -> list[str]:
    return [family for family in distinct_families(lang) if locate(family) is None]


@cache
def coverage(lang: str) -> frozenset[int]:
    """Code points every configured font of the language can draw (HarfBuzz reads the cmap in C: a
    few milliseconds, where parsing it in Python took a third of a second per build)."""
    import uharfbuzz as hb

    covered: frozenset[int] | None = None
    for family in distinct_families(lang):
        face = locate(family)
        if face is None:
            return frozenset()
        cmap = frozenset(hb.Face(hb.Blob.from_file_path(face.file), face.index).unicodes)
        covered = cmap if covered is None else covered & cmap
    return covered or frozenset()
