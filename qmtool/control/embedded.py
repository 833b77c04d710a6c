"""The files a PDF embeds, wherever it embeds them, read within bounds whatever the PDF holds: every file
specification carrying /EF anywhere in the PDF (the EmbeddedFiles name tree, a page's FileAttachment
annotation, an /AF array, or any other object) counted before any file is read, only the names asked for
read, each inflated a piece at a time and no further than a limit."""
from __future__ import annotations

import codecs
import hashlib
import io
import zlib
from pathlib import Path

LIMIT = 64 * 1024 * 1024  # bytes an embedded source may inflate to: far above any source a person writes
MOST_OBJECTS = 200_000  # objects a PDF may hold: a qmtool PDF holds a few hundred, a long manual a few thousand
_PIECE = 1 << 16  # bytes inflated at a time: what is held at once, whatever the stream inflates to
_NAMES = ("/UF", "/F", "/DOS", "/Mac", "/Unix")  # every name a file specification may give its file
TWICE = "embedded more than once"  # digests no record holds: a name that matches nothing
UNREAD = "not read"
TOO_LARGE = "larger than any source"
TOO_MANY = "more embedded files than the release has sources"


def embedded(pdf: Path | bytes, wanted: set[str], most: int, limit: int = LIMIT) -> dict[str, str] | None:
    """The files embedded in a PDF (a file, or bytes already read: verify reads each PDF once), by every name
    each goes by (its name-tree key and its file specification's names), as SHA-256 digests. Only a name in
    wanted, given to one embedded file only, is read; any other name has a digest no record holds, and so has
    a file that is not plainly stored or Flate-compressed, inflates past limit, or is stored in more than one
    stream. Past `most` embedded files none is read: TOO_MANY is then a name of the result. None for a PDF
    that cannot be read, or holds more than MOST_OBJECTS objects."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        specifications, keys = _specifications(PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf))
        if specifications is None:
            return None
        entries: dict[str, list] = {}
        for count, identity in enumerate(sorted(specifications)):  # one file, however many places name it
            if count == most:  # counted before any file is read: a PDF of a million stops here
                return {name: UNREAD for name in entries} | {TOO_MANY: TOO_MANY}
            for name in dict.fromkeys(keys.get(identity, []) + _names(specifications[identity])):
                entries.setdefault(name, []).append(specifications[identity])
        return {name: (_digest(found[0], limit) if name in wanted else UNREAD) if len(found) == 1 else TWICE
                for name, found in entries.items()}
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError, MemoryError):
        return None


def _specifications(reader) -> tuple[dict | None, dict]:
    """Every file specification with /EF in the PDF, each once (an indirect one by its object number, a
    direct one by where it stands), and the name-tree keys that name each; None past MOST_OBJECTS objects.
    Every object the cross-reference knows is looked at, not only those a reader reaches from the catalog:
    what one reader skips, another may extract."""
    from pypdf.generic import IndirectObject

    numbers = [(number, generation) for generation, found in reader.xref.items() for number in found]
    numbers += [(number, 0) for number in reader.xref_objStm]
    if len(numbers) > MOST_OBJECTS:
        return None, {}
    specifications, keys = {}, {}
    for number, generation in dict.fromkeys(numbers):
        whole = reader.get_object(IndirectObject(number, generation, reader))
        stack = [(whole, (number, generation) if _is_specification(whole) else None, (number, generation, 0))]
        place = 0
        while stack:  # direct objects within this one, never following a reference (each is looked at itself)
            item, identity, where = stack.pop()
            if identity is None and _is_specification(item):
                identity = where
            if identity is not None:
                specifications[identity] = item
                keys.setdefault(identity, []).extend(keys.pop(id(item), []))  # a direct one's key
            if isinstance(item, dict):
                for key, value in dict.items(item):
                    place += 1
                    if key == "/Names" and isinstance(value, list):
                        _keys(value, keys)
                    stack.append((value, None, (number, generation, place)))
            elif isinstance(item, list):
                for value in list.__iter__(item):
                    place += 1
                    stack.append((value, None, (number, generation, place)))
    return specifications, keys


def _keys(pairs: list, keys: dict) -> None:
    """The keys of a name-tree leaf ([key value key value ...]): each names the file specification it pairs
    with, held by reference (by the object's number) or directly (by the value itself, until it is reached)."""
    from pypdf.generic import IndirectObject

    items = list(list.__iter__(pairs))
    for key, value in zip(items[::2], items[1::2]):
        if isinstance(key, str):
            held = (value.idnum, value.generation) if isinstance(value, IndirectObject) else id(value)
            keys.setdefault(held, []).append(_text(key))


def _is_specification(item) -> bool:
    return isinstance(item, dict) and "/EF" in item


def _names(specification) -> list[str]:
    """The names a file specification gives its file; "" when it gives none (a name no source has)."""
    names = []
    for key in _NAMES:
        value = specification.get(key)
        value = value.get_object() if value is not None else None
        if isinstance(value, str | bytes):
            names.append(_text(value))
    return names or [""]


def _text(value: str | bytes) -> str:
    """A name as the PDF's writer meant it: bytes that are UTF-8 read as UTF-8 (WeasyPrint writes /F and the
    name-tree key so: QP-01-会议.yaml, not the PDFDocEncoding QP-01-ä¼ıè®®.yaml), others as pypdf reads
    them (UTF-16 after its byte order mark, else PDFDocEncoding), or as Latin-1 when pypdf kept bytes."""
    raw = getattr(value, "original_bytes", None) if isinstance(value, str) else value
    if isinstance(raw, bytes) and not raw.startswith(codecs.BOM_UTF8):
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
    return str(value) if isinstance(value, str) else value.decode("latin-1")


def _digest(specification, limit: int) -> str:
    """SHA-256 of an embedded file, inflated a piece at a time: never more than a piece held, never more than
    limit inflated. A file specification offering more than one stream (/F and /UF apart, other platforms'
    files, related files) is not read: readers would not agree on which is the file."""
    files = specification.get("/EF")
    files = files.get_object() if files is not None else {}
    if not isinstance(files, dict) or "/RF" in specification or set(files) - {"/F", "/UF"}:
        return UNREAD
    streams = {_identity(dict.get(files, key)) for key in ("/F", "/UF") if key in files}
    stream = files.get("/UF") or files.get("/F")
    stream = stream.get_object() if stream is not None else None
    if len(streams) != 1 or not isinstance(stream, dict) or not hasattr(stream, "_data"):
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


def _identity(value):
    """A stream's reference as a comparable value; a direct value by itself."""
    return (value.idnum, value.generation) if hasattr(value, "idnum") else id(value)
