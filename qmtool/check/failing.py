"""jsonschema's errors for a document, looked for only inside the parts that jsonschema-rs finds wrong.

jsonschema takes tens of microseconds for each value it checks, so a document of a million values, with one
mistake or with a million, would keep it busy for minutes. jsonschema-rs's yes/no check of each part of the
schema passes every valid part at once; jsonschema then checks only the values that fail, and each mapping or
list on the way to them only for its own keywords (type, required, additionalProperties...), not again for
what it holds.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from urllib.parse import quote, unquote

ANNOTATIONS = frozenset({"$schema", "$id", "$defs", "$comment", "title", "description", "examples",
                         "enumDescriptions", "default"})  # keywords that check nothing

_MAPPING_OWN = frozenset({"type", "required", "additionalProperties", "minProperties", "dependentRequired"})
_LIST_OWN = frozenset({"type", "minItems"})


def additional_properties(validator, allowed, instance, schema):
    """jsonschema's additionalProperties: false, without its message naming every key not allowed (sorted, a
    million of them in a hostile file): the explanation names the first ones itself."""
    from jsonschema import Draft202012Validator, ValidationError

    if allowed is not False or "patternProperties" in schema or not isinstance(instance, dict):
        yield from Draft202012Validator.VALIDATORS["additionalProperties"](validator, allowed, instance, schema)
    elif any(name not in schema.get("properties", {}) for name in instance):
        yield ValidationError("additional properties are not allowed")


class _Checks:
    """jsonschema-rs's yes/no check of each part of the schemas, made once a part; None for a part it cannot
    compile (jsonschema then checks that part whole, and says what is wrong)."""

    def __init__(self, raw: dict[str, bytes]):
        import jsonschema_rs

        self._rs = jsonschema_rs
        self._registry = jsonschema_rs.Registry([(name, json.loads(data)) for name, data in raw.items()])
        self._made: dict[tuple[str, str], Callable | None] = {}

    def of(self, filename: str, pointer: str) -> Callable | None:
        if (filename, pointer) not in self._made:
            part = {"$ref": _uri(filename, pointer)}
            try:
                check = self._rs.Draft202012Validator(part, registry=self._registry, validate_formats=True,
                                                      base_uri="part.json").is_valid
            except (ValueError, self._rs.ReferencingError):
                check = None
            self._made[(filename, pointer)] = check
        return self._made[(filename, pointer)]


class Failing:
    """Where the documents checked against one SchemaSet fail, as jsonschema's errors."""

    def __init__(self, schemas, validator, registry):
        self.schemas, self.validator, self.registry = schemas, validator, registry
        self.checks = _Checks(schemas.raw)
        self._validators: dict = {}  # by the schema's place, or by id for a mapping's or list's own keywords
        self._places: dict[tuple[str, str], tuple] = {}  # (file, pointer) to what _find says of it

    def errors(self, filename: str, data) -> Iterator:
        """Every error jsonschema finds in data against the schema file, each with its whole path."""
        yield from self._walk(filename, "", data, [])

    def _walk(self, filename: str, pointer: str, value, path: list) -> Iterator:
        place = (filename, pointer)
        if place not in self._places:
            self._places[place] = self._find(filename, pointer)
        filename, pointer, schema, check = self._places[place]
        if check is not None and check(value):
            return
        keywords = set(schema) - ANNOTATIONS if isinstance(schema, dict) else {None}
        if ("properties" in keywords and keywords - {"properties"} <= _MAPPING_OWN
                and schema.get("additionalProperties", True) in (True, False)):
            yield from self._own(schema, value, path)
            if isinstance(value, dict):
                for name in value:  # in the order written
                    if name in schema["properties"]:
                        part = name.replace("~", "~0").replace("/", "~1")
                        yield from self._walk(filename, f"{pointer}/properties/{part}", value[name], path + [name])
        elif "items" in keywords and isinstance(schema["items"], dict) and keywords - {"items"} <= _LIST_OWN:
            yield from self._own(schema, value, path)
            if isinstance(value, list):
                for index, item in enumerate(value):
                    yield from self._walk(filename, f"{pointer}/items", item, path + [index])
        else:
            key = (filename, pointer)
            if key not in self._validators:  # a $ref inside is looked up from the schema's own file
                whole = {"$ref": _uri(filename, pointer)} if _refers(schema) else schema
                self._validators[key] = self.validator(whole, registry=self.registry,
                                                       format_checker=self.validator.FORMAT_CHECKER)
            yield from _under(self._validators[key].iter_errors(value), path)

    def _own(self, schema: dict, value, path: list) -> Iterator:
        """The errors of a mapping's or list's own keywords: its contents count as valid (they are walked)."""
        validator = self._validators.get(id(schema))
        if validator is None:
            own = {key: value for key, value in schema.items() if key != "items"}
            if "properties" in own:
                own["properties"] = dict.fromkeys(schema["properties"], True)
            validator = self._validators[id(schema)] = self.validator(own,
                                                                      format_checker=self.validator.FORMAT_CHECKER)
        yield from _under(validator.iter_errors(value), path)

    def _find(self, filename: str, pointer: str) -> tuple:
        """The schema at a place, its $refs followed, where it is and its yes/no check."""
        schema = self._schema(filename, pointer)
        while isinstance(schema, dict) and "$ref" in schema and not set(schema) - ANNOTATIONS - {"$ref"}:
            target, _, fragment = schema["$ref"].partition("#")
            if (target or filename) not in self.schemas.documents or fragment[:1] not in ("", "/"):
                break  # an anchor or another file: jsonschema checks this part whole, following it itself
            filename, pointer = target or filename, unquote(fragment)
            schema = self._schema(filename, pointer)
        return filename, pointer, schema, self.checks.of(filename, pointer)

    def _schema(self, filename: str, pointer: str) -> dict:
        schema = self.schemas.documents[filename]
        for part in filter(None, pointer.split("/")):
            schema = schema[part.replace("~1", "/").replace("~0", "~")]
        return schema


def _uri(filename: str, pointer: str) -> str:
    return f"{filename}#{quote(pointer, safe='/~$')}"


def _refers(schema) -> bool:
    """Whether a $ref is anywhere inside: a schema without one is checked without looking anything up, which
    takes jsonschema a fraction of the time."""
    if isinstance(schema, dict):
        return "$ref" in schema or any(_refers(value) for value in schema.values())
    return isinstance(schema, list) and any(_refers(value) for value in schema)


def _under(errors, path: list) -> Iterator:
    """The errors of a part, with the path of that part in the document before their own."""
    for error in errors:
        error.path.extendleft(reversed(path))
        yield error
