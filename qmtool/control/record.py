"""The shape of release.json: exactly the keys release writes (schemas/release.schema.json), each document
once, and every path in the one form release writes it, the PDF's where the build puts that document's."""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path, PurePosixPath

from ..build.plan import pdf_name
from ..check.schema import KINDS
from ..core.messages import Phrase, Word
from ..core.problem import Finding, finding
from ..core.resources import builtin
from ..core.workspace import DOCUMENTS, SUFFIXES
from ..load.loader import load_bytes
from ..load.places import join_pointer

SCHEMA = "release.schema.json"


@cache
def _validator():
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    schemas = {path.name: json.loads(path.read_text("utf-8")) for path in builtin("schemas").glob("*.schema.json")}
    registry = Registry().with_resources(
        (name, Resource.from_contents(schema, default_specification=DRAFT202012)) for name, schema in schemas.items())
    return Draft202012Validator(schemas[SCHEMA], registry=registry)


def shape(record: dict, where: str, committed: dict[str, bytes | None] | None = None) -> list[Finding]:
    """Each way record is not one release writes, located at its JSON pointer in where: a key release does not
    write or one missing, a value of a kind release never writes, a document recorded twice, a path not in
    release's form. committed (recorded source path -> the commit's file), when the commit was read, says
    each document's id and kind, and so where its PDF is; else a PDF is where release puts a manual's or a
    procedure's of the recorded id."""
    found: dict[str, Finding] = {}  # one finding for each pointer: the first said

    def say(pointer: str, reason) -> None:
        found.setdefault(pointer, finding(where, (0, 0), pointer, "verify-record-shape", field=pointer or "/",
                                          reason=reason))

    for error in sorted(_validator().iter_errors(record), key=lambda e: [str(p) for p in e.absolute_path]):
        pointer = "".join(f"/{str(part).replace('~', '~0').replace('/', '~1')}" for part in error.absolute_path)
        if error.validator == "additionalProperties" and error.validator_value is False:
            for key in sorted(set(error.instance) - set(error.schema.get("properties", {}))):
                say(join_pointer(pointer, key), Word("shape-extra"))
        elif error.validator == "required":
            for key in [k for k in error.validator_value if k not in error.instance]:
                say(join_pointer(pointer, key), Word("shape-missing"))
        else:
            say(pointer, Word("shape-value"))
    documents = record.get("documents")
    if isinstance(documents, list):
        for number, document in enumerate(documents):
            if isinstance(document, dict):
                _document(document, number, documents[:number], committed, say)
    return list(found.values())


def written_twice(where: str, pointers: list[str]) -> list[Finding]:
    """A key written twice, at each of pointers (as core/jsonfile.py finds them): release writes each key once,
    and which value counts is each reader's choice (Python's json keeps the last, others the first)."""
    return [finding(where, (0, 0), pointer, "verify-record-shape", field=pointer, reason=Word("shape-key-twice"))
            for pointer in pointers]


def _document(document: dict, number: int, before: list, committed: dict[str, bytes | None] | None, say) -> None:
    """A document's record: its id and source not recorded before, its source a document of procedures/ and
    its PDF where release puts it, each path in release's form."""
    at = f"/documents/{number}"
    doc_id, source, pdf = document.get("id"), _path(document, "source"), _path(document, "pdf")
    if doc_id in [d.get("id") for d in before if isinstance(d, dict)]:
        say(f"{at}/id", Phrase(("shape-twice", doc_id)))
    if source in [_path(d, "source") for d in before if isinstance(d, dict)]:
        say(f"{at}/source/path", Phrase(("shape-twice", source)))
    if isinstance(source, str) and not (canonical(source) and PurePosixPath(source).parts[0] == DOCUMENTS
                                        and PurePosixPath(source).suffix in SUFFIXES):
        say(f"{at}/source/path", Word("shape-source"))
    if not isinstance(pdf, str):
        return
    if not canonical(pdf):
        say(f"{at}/pdf/path", Word("shape-path"))
    elif (places := _pdf_places(doc_id, source, committed)) and pdf not in places:
        either = [part for place in places for part in (Word("or"), place)][1:]
        say(f"{at}/pdf/path", Phrase(("shape-pdf", tuple(either))))


def canonical(path: str) -> bool:
    """A relative path as release writes one: / between its parts, none of them empty, . or .., no backslash;
    it reads back as itself."""
    return "\\" not in path and not path.startswith("/") and PurePosixPath(path).as_posix() == path \
        and all(part not in ("", ".", "..") for part in path.split("/"))


def _pdf_places(doc_id, source, committed: dict[str, bytes | None] | None) -> list[str]:
    """Where release puts the PDF of a document: by the commit's source when it was read (its id, its kind),
    else by the recorded id, as a manual's or a procedure's (the record does not say which)."""
    raw = (committed or {}).get(source) if isinstance(source, str) else None
    if raw is not None:
        data = load_bytes(raw, Path(source), source).data
        doc_id, kinds = (data.get("id"), [data.get("kind")]) if isinstance(data, dict) else (None, [])
    else:
        kinds = sorted(KINDS, reverse=True)  # a procedure's first: most documents are
    return [pdf_name(doc_id, kind) for kind in kinds] if isinstance(doc_id, str) else []


def _path(document, part: str):
    """document[part]["path"], or None when the record does not hold it so."""
    value = document.get(part) if isinstance(document, dict) else None
    return value.get("path") if isinstance(value, dict) else None
