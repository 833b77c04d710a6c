"""Keep only the glyphs a PDF uses in its CID-keyed CJK fonts.

WeasyPrint subsets fonts but keeps every glyph id up to the last one used (as empty glyphs), so
that glyph ids in the page content stay valid. For a CJK font that is tens of thousands of
empty glyphs, some 150 KB a font. In a CID-keyed CFF font, which the Noto CJK fonts are, a PDF
finds glyphs by CID through the font's charset, not by position: the unused glyphs can go, the
used ones keep their CIDs, and the font is embedded as bare CFF (CIDFontType0C), the form every
viewer reads that way. This runs as WeasyPrint's finisher, before the PDF is written; any font
that is not CID-keyed CFF is left as it was.
"""
from __future__ import annotations

import io

_DROP = [int.from_bytes(tag, "big") for tag in (b"GSUB", b"GPOS", b"GDEF", b"BASE", b"JSTF", b"VORG", b"vhea", b"vmtx")]


def shrink_fonts(document, pdf) -> None:
    """WeasyPrint finisher: each embedded CID-keyed OpenType/CFF font cut down to its used glyphs."""
    used: dict[int, set[int]] = {}
    for font in document.fonts.values():
        used.setdefault(id(font.file_content), set()).update(font.to_unicode)
    for item in pdf.objects:
        stream, extra = getattr(item, "stream", None), getattr(item, "extra", None)
        if extra is None or extra.get("Subtype") != "/OpenType" or not stream or len(stream) != 1:
            continue
        glyphs = used.get(id(stream[0]))
        cff = shrink(stream[0], glyphs) if glyphs else None
        if cff is not None:
            item.stream = [cff]
            extra["Subtype"] = "/CIDFontType0C"


def shrink(program: bytes, glyphs: set[int]) -> bytes | None:
    """The CFF of the font with only glyphs (ids) and .notdef; None unless the font is CID-keyed CFF."""
    import uharfbuzz as hb
    from fontTools.cffLib import CFFFontSet

    face = hb.Face(hb.Blob(program))
    request = hb.SubsetInput()
    for glyph in {0, *glyphs}:
        request.glyph_set.add(glyph)
    for tag in _DROP:
        request.drop_table_tag_set.add(tag)
    request.flags = hb.SubsetFlags.NO_HINTING | hb.SubsetFlags.NO_LAYOUT_CLOSURE | hb.SubsetFlags.NOTDEF_OUTLINE
    subset = hb.subset(face, request)
    cff = subset.reference_table("CFF ").data if subset else b""
    if not cff:
        return None
    fonts = CFFFontSet()
    fonts.decompile(io.BytesIO(cff), None)
    top = fonts.topDictIndex[0]
    # The content refers to glyphs by their old ids: only a CID-keyed font whose CIDs are those ids is safe.
    if not hasattr(top, "ROS") or any(name != f"cid{gid:05d}" for gid, name in zip(sorted({0, *glyphs}), top.charset)
                                      if gid):
        return None
    return bytes(cff)
