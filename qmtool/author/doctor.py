"""What this machine has and lacks for building PDFs, each lack with the command that fixes it."""
from __future__ import annotations

import ctypes
import warnings
from dataclasses import dataclass

from ..render.fonts import FIX, FONTS, locate

SUBSET_FIX = "apt-get install libharfbuzz-subset0"
PANGO_FIX = "apt-get install libpango-1.0-0 libpangoft2-1.0-0"


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""


def harfbuzz_subset_available() -> bool:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # WeasyPrint's own warning about the same lack
        from weasyprint.text.ffi import harfbuzz_subset
    return harfbuzz_subset is not None


def _harfbuzz_version() -> str:
    try:
        library = ctypes.CDLL("libharfbuzz.so.0")
    except OSError:
        return "?"
    library.hb_version_string.restype = ctypes.c_char_p
    return library.hb_version_string().decode()


def checks() -> list[Check]:
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
