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
        self.done: dict[int, Check] = {}

    def compile(self, filename: str, schema: dict) -> Check:
        key = id(schema)
        if key not in self.done:
            self.done[key] = self.build(filename, schema)
        return self.done[key]

    def build(self, filename: str, schema: dict) -> Check:
        checks: list[Check] = []
        for keyword, value in schema.items():
            if keyword in ANNOTATIONS:
                continue
            make = getattr(self, "k_" + keyword.replace("$", ""), None)
            if make is None:
                raise Unsupported(keyword)
            checks.append(make(value, schema, filename))
        if not checks:
            return lambda v: True
        if len(checks) == 1:
            return checks[0]
        return lambda v: all(check(v) for check in checks)

    def k_ref(self, ref, schema, filename) -> Check:
        target_file, target = self.schemas.follow(filename, {"$ref": ref})
        resolved = {}

        def check(v):
            if not resolved:
                resolved["check"] = self.compile(target_file, target)
            return resolved["check"](v)
        return check

    def k_type(self, kind, schema, filename) -> Check:
        kinds = [kind] if isinstance(kind, str) else kind
        tests = [_TYPES[k] for k in kinds]
        return tests[0] if len(tests) == 1 else (lambda v: any(t(v) for t in tests))

    def k_properties(self, properties, schema, filename) -> Check:
        compiled = {name: self.compile(filename, sub) for name, sub in properties.items()}
        closed = schema.get("additionalProperties") is False

        def check(v):
            if not isinstance(v, dict):
                return True
            for name, value in v.items():
                sub = compiled.get(name)
                if sub is None:
                    if closed:
                        return False
                elif not sub(value):
                    return False
            return True
        return check

    def k_additionalProperties(self, value, schema, filename) -> Check:
        if value is not False or "patternProperties" in schema:
            raise Unsupported("additionalProperties")
        if "properties" in schema:
            return lambda v: True  # checked together with properties
        return lambda v: not isinstance(v, dict) or not v

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
        return lambda v: not isinstance(v, list) or all(item(x) for x in v)

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
