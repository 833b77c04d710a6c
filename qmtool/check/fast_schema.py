"""A compiled yes/no check for the schema keywords qmtool's schemas use.

Valid documents are the common case; this answers "valid?" many times faster than
jsonschema. When it says no, jsonschema explains, so every message stays exactly
as jsonschema-based explanation makes it. A schema using a keyword not handled
here compiles to None, and jsonschema does all the work.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal

Check = Callable[[object], bool]

ANNOTATIONS = frozenset({"$schema", "$id", "$defs", "$comment", "title", "description", "examples",
                         "enumDescriptions", "default"})
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
_TYPES: dict[str, Check] = {
    "string": lambda v: isinstance(v, str),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, Decimal, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


def _every(checks: list[Check]) -> Check:
    """All of checks, without a generator per call: the common counts are none to three."""
    if not checks:
        return lambda v: True
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        first, second = checks
        return lambda v: first(v) and second(v)
    if len(checks) == 3:
        first, second, third = checks
        return lambda v: first(v) and second(v) and third(v)
    return lambda v: all(check(v) for check in checks)


class Unsupported(Exception):
    """The schema uses a keyword this compiler does not handle."""


def compile_check(schemas, filename: str) -> Check | None:
    """A function telling whether a document is valid against schemas.documents[filename], or None."""
    try:
        return _Compiler(schemas).compile(filename, schemas.documents[filename])
    except Unsupported:
        return None


def _is_date(value) -> bool:
    if not isinstance(value, str):
        return True
    try:
        return bool(_DATE.fullmatch(value) and date.fromisoformat(value))
    except ValueError:
        return False


class _Compiler:
    def __init__(self, schemas):
        self.schemas = schemas
        self.done: dict[int, Check | None] = {}

    def compile(self, filename: str, schema: dict) -> Check:
        key = id(schema)
        if key not in self.done:
            self.done[key] = None  # being compiled: meeting it again means the schema refers to itself
            self.done[key] = self.build(filename, schema)
        elif self.done[key] is None:
            raise Unsupported("a schema that refers to itself")
        return self.done[key]

    def build(self, filename: str, schema: dict) -> Check:
        if "$ref" in schema:  # annotations beside a $ref change nothing; the target is compiled once
            if set(schema) - ANNOTATIONS - {"$ref"}:
                raise Unsupported("keywords beside $ref")
            target_file, target = self.schemas.follow(filename, {"$ref": schema["$ref"]})
            return self.compile(target_file, target)
        if schema.get("type") == "object" and "properties" in schema:
            return self.object_check(filename, schema)
        checks: list[Check] = []
        for keyword, value in schema.items():
            if keyword in ANNOTATIONS:
                continue
            make = getattr(self, "k_" + keyword, None)
            if make is None:
                raise Unsupported(keyword)
            checks.append(make(value, schema, filename))
        return _every(checks)

    def object_check(self, filename: str, schema: dict) -> Check:
        """type object, required, properties and additionalProperties as one function, then the rest."""
        own = ("type", "required", "properties", "additionalProperties")
        rest = {k: v for k, v in schema.items() if k not in own}
        extra = self.build(filename, rest)
        properties = {name: self.compile(filename, sub) for name, sub in schema["properties"].items()}
        required = tuple(schema.get("required", ()))
        closed = schema.get("additionalProperties", True)
        if closed is not True and closed is not False:
            raise Unsupported("additionalProperties with a schema")
        closed = closed is False
        get = properties.get

        def check(v):
            if type(v) is not dict:
                return False
            for name in required:
                if name not in v:
                    return False
            for name, value in v.items():
                sub = get(name)
                if sub is None:
                    if closed:
                        return False
                elif not sub(value):
                    return False
            return extra(v)
        return check

    def k_type(self, kind, schema, filename) -> Check:
        kinds = [kind] if isinstance(kind, str) else kind
        tests = [_TYPES[k] for k in kinds]
        return tests[0] if len(tests) == 1 else (lambda v: any(t(v) for t in tests))

    def k_required(self, names, schema, filename) -> Check:
        return lambda v: not isinstance(v, dict) or all(name in v for name in names)

    def k_dependentRequired(self, needs, schema, filename) -> Check:
        pairs = list(needs.items())
        return lambda v: not isinstance(v, dict) or all(
            name not in v or all(n in v for n in needed) for name, needed in pairs)

    def k_minProperties(self, limit, schema, filename) -> Check:
        return lambda v: not isinstance(v, dict) or len(v) >= limit

    def k_items(self, sub, schema, filename) -> Check:
        item = self.compile(filename, sub)

        def check(v):
            if type(v) is list:
                for x in v:
                    if not item(x):
                        return False
            return True
        return check

    def k_minItems(self, limit, schema, filename) -> Check:
        return lambda v: not isinstance(v, list) or len(v) >= limit

    def k_minLength(self, limit, schema, filename) -> Check:
        return lambda v: not isinstance(v, str) or len(v) >= limit

    def k_pattern(self, pattern, schema, filename) -> Check:
        search = re.compile(pattern).search
        return lambda v: not isinstance(v, str) or search(v) is not None

    def k_format(self, name, schema, filename) -> Check:
        if name != "date":
            raise Unsupported(f"format {name}")
        return _is_date

    def k_enum(self, values, schema, filename) -> Check:
        if not all(isinstance(x, str) for x in values):
            raise Unsupported("enum of non-strings")
        allowed = frozenset(values)
        return lambda v: isinstance(v, str) and v in allowed

    def k_const(self, value, schema, filename) -> Check:
        if not isinstance(value, str):
            raise Unsupported("const of a non-string")
        return lambda v: isinstance(v, str) and v == value

    def _number(self, test) -> Check:
        return lambda v: not _TYPES["number"](v) or test(v)

    def k_minimum(self, limit, schema, filename) -> Check:
        return self._number(lambda v: v >= limit)

    def k_maximum(self, limit, schema, filename) -> Check:
        return self._number(lambda v: v <= limit)

    def k_exclusiveMinimum(self, limit, schema, filename) -> Check:
        return self._number(lambda v: v > limit)

    def k_exclusiveMaximum(self, limit, schema, filename) -> Check:
        return self._number(lambda v: v < limit)

    def k_multipleOf(self, step, schema, filename) -> Check:
        if isinstance(step, float):
            raise Unsupported("multipleOf with a float")
        return self._number(lambda v: not (v % step))
