"""What this machine has and lacks for building PDFs, each lack with the command that fixes it."""
from __future__ import annotations

import ctypes
import ctypes.util
import warnings
from dataclasses import dataclass
from pathlib import Path

from ..core.temporary import temporary_folder
from ..render.fonts import FIX, FONTS, locate

SUBSET_FIX = "apt-get install libharfbuzz-subset0"
_SUBSET_NAMES = ("libharfbuzz-subset-0", "harfbuzz-subset", "harfbuzz-subset-0.0", "libharfbuzz-subset.so.0",
                 "libharfbuzz-subset.0.dylib", "libharfbuzz-subset-0.dll")  # weasyprint/text/ffi.py's list
PANGO_FIX = "apt-get install libpango-1.0-0 libpangoft2-1.0-0"


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""


def harfbuzz_subset_available() -> bool:
    """Whether WeasyPrint finds HarfBuzz's subsetting library: asked by the names it tries, as cffi loads them
    (the name, else what find_library says), without importing WeasyPrint, which a build's own process does
    not otherwise need (its workers make the PDFs)."""
    if any(_loads(name) for name in _SUBSET_NAMES):
        return True
    found = ctypes.util.find_library("harfbuzz-subset")  # runs ldconfig: only when no name loads
    return bool(found) and _loads(found)


def _loads(library: str) -> bool:
    try:
        ctypes.CDLL(library)
    except OSError:
        return False
    return True


def _harfbuzz_version() -> str:
    try:
        library = ctypes.CDLL("libharfbuzz.so.0")
    except OSError:
        return "?"
    library.hb_version_string.restype = ctypes.c_char_p
    return library.hb_version_string().decode()


def checks(inputs: list[Path] | tuple[Path, ...] = ()) -> list[Check]:
    """What building PDFs needs, each checked; OutputRefused, before anything is loaded, when the temporary
    folder is in a release or one of inputs: loading WeasyPrint writes there (ctypes runs the compiler)."""
    temporary_folder(inputs)
    found: list[Check] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            import weasyprint
            from weasyprint.text.ffi import pango
    except OSError as error:  # Pango or HarfBuzz missing: WeasyPrint cannot even load
        return [Check("WeasyPrint", False, str(error).splitlines()[0], PANGO_FIX)]
    found.append(Check("WeasyPrint", True, weasyprint.__version__))
    version = pango.pango_version()
    found.append(Check("Pango", True, f"{version // 10000}.{version // 100 % 100}.{version % 100}"))
    found.append(Check("HarfBuzz", True, _harfbuzz_version()))
    subset = harfbuzz_subset_available()
    found.append(Check("HarfBuzz subsetting", subset,
                       "available" if subset else "missing: CJK PDFs would take about 30 times longer to write",
                       "" if subset else SUBSET_FIX))
    for family in dict.fromkeys(f for faces in FONTS.values() for f in faces.values()):
        face = locate(family)
        found.append(Check(f"font {family}", face is not None, face.file if face else "not found",
                           "" if face else FIX))
    return found
