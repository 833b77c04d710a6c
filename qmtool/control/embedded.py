"""The files a PDF embeds, read within bounds whatever the PDF holds: their names counted before any is read,
only the names asked for read, each inflated a piece at a time and no further than a limit."""
from __future__ import annotations

import hashlib
import zlib
from pathlib import Path

LIMIT = 64 * 1024 * 1024  # bytes an embedded source may inflate to: far above any source a person writes
_PIECE = 1 << 16  # bytes inflated at a time: what is held at once, whatever the stream inflates to
TWICE = "embedded more than once"  # digests no record holds: a name that matches nothing
UNREAD = "not read"
TOO_LARGE = "larger than any source"
TOO_MANY = "more embedded files than the release has sources"


def embedded(pdf: Path, wanted: set[str], most: int, limit: int = LIMIT) -> dict[str, str] | None:
    """The files embedded in a PDF, by name, as SHA-256 digests. Only a name in wanted, embedded once, is
    read; any other name has a digest no record holds, and so has a file that is not plainly stored or
    Flate-compressed or inflates past limit. Past `most` embedded files no more are listed: TOO_MANY is then
    a name of the result. None for a PDF that cannot be read."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(pdf)
        entries: dict[str, list] = {}
        for count, entry in enumerate(reader.attachment_list):
            if count == most:  # the names are counted before any file is read: a PDF of a million stops here
                return {name: UNREAD for name in entries} | {TOO_MANY: TOO_MANY}
            for name in dict.fromkeys(filter(None, (entry.name, entry.alternative_name))):
                entries.setdefault(name, []).append(entry)
        return {name: (_digest(found[0], limit) if name in wanted else UNREAD) if len(found) == 1 else TWICE
                for name, found in entries.items()}
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError, MemoryError):
        return None


def _digest(entry, limit: int) -> str:
    """SHA-256 of an embedded file, inflated a piece at a time: never more than a piece held, never more than
    limit inflated."""
    files = entry.pdf_object.get("/EF")
    files = files.get_object() if files is not None else {}
    stream = files.get("/UF") or files.get("/F") if isinstance(files, dict) else None
    stream = stream.get_object() if stream is not None else None
    if not isinstance(stream, dict) or not hasattr(stream, "_data"):
        return UNREAD
    kind = stream.get("/Filter")
    kind = kind.get_object() if kind is not None else None
    if isinstance(kind, list) and len(kind) == 1:
        kind = kind[0].get_object()
    if kind not in (None, "/FlateDecode") or stream.get("/DecodeParms") is not None:
        return UNREAD  # no qmtool PDF stores a source otherwise
    raw = stream._data  # the stream's bytes as stored (pypdf's get_data would inflate them all at once)
    if kind is None:
        return hashlib.sha256(raw).hexdigest() if len(raw) <= limit else TOO_LARGE
    digest, inflater, size = hashlib.sha256(), zlib.decompressobj(), 0
    rest = raw
    try:
        while not inflater.eof:
            piece = inflater.decompress(rest, _PIECE)
            rest = inflater.unconsumed_tail
            size += len(piece)
            if size > limit:
                return TOO_LARGE
            digest.update(piece)
            if not piece and not rest:  # no more stored, and nothing more out: a stream cut short
                break
    except zlib.error:
        return UNREAD
    return digest.hexdigest() if inflater.eof else UNREAD
