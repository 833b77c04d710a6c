"""Check documents against the JSON Schemas, turning each schema error into a located finding."""
from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator
from decimal import Decimal
from functools import cached_property
from pathlib import Path

from ..core.bilingual import Bilingual
from ..core.digest import digest
from ..core.limit import First
from ..core.messages import Phrase, Word
from ..core.problem import Finding, finding
from ..load.loader import NUMBER_LIMIT, SourceFile, join_pointer
from ..load.places import DocumentOrder
from .failing import Failing, additional_properties

KINDS = ("manual", "procedure")
SCHEMAS = (*KINDS, "records")
_LONG_NUMBER = re.compile(r"[-+]?[0-9_]+(\.[0-9_]*)?([eE][-+]?[0-9]+)?")  # a number the loader kept as text
_RANGE = {"minimum": ">=", "maximum": "<=", "exclusiveMinimum": ">", "exclusiveMaximum": "<"}


class SchemaSet:
    """The schemas of one folder, compiled once per run; $refs resolve only among these files."""

    def __init__(self, folder: Path):
        self.folder = folder
        raw = {path.name: path.read_bytes() for path in sorted(folder.glob("*.schema.json"))}
        self.raw = raw
        self.documents = {name: json.loads(data, parse_float=Decimal) for name, data in raw.items()}
        self.digest = digest(*(part for item in raw.items() for part in item))  # what a verdict depends on

    @cached_property
    def failing(self) -> Failing:
        """jsonschema, run only where jsonschema-rs says a document is wrong."""
        from jsonschema import Draft202012Validator
        from jsonschema.validators import extend
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012

        registry = Registry().with_resources(
            (name, Resource.from_contents(schema, default_specification=DRAFT202012))
            for name, schema in self.documents.items()
        ).crawl()
        return Failing(self, extend(Draft202012Validator, {"additionalProperties": additional_properties}), registry)

    @cached_property
    def validators(self) -> dict:
        """A jsonschema validator of whole documents for each kind."""
        failing = self.failing
        return {kind: failing.validator(self.documents[f"{kind}.schema.json"], registry=failing.registry,
                                        format_checker=failing.validator.FORMAT_CHECKER) for kind in self.kinds}

    @cached_property
    def fast_checks(self) -> dict:
        """The yes/no check of each kind, by jsonschema-rs: a valid document, the common case, is answered
        about three times faster than by the old compiled check and thirty times faster than by jsonschema,
        which then only explains a no (so every message stays as it was). A schema jsonschema-rs cannot
        compile (a workspace's own, broken) gets None: jsonschema then does the work and says what is wrong."""
        import jsonschema_rs

        plain = {name: json.loads(data) for name, data in self.raw.items()}
        registry = jsonschema_rs.Registry(list(plain.items()))
        checks = {}
        for kind in self.kinds:
            name = f"{kind}.schema.json"
            try:
                checks[kind] = jsonschema_rs.Draft202012Validator(
                    plain[name], registry=registry, validate_formats=True, base_uri=name).is_valid
            except (ValueError, jsonschema_rs.ReferencingError):
                checks[kind] = None
        return checks

    @property
    def kinds(self) -> list[str]:
        return [kind for kind in SCHEMAS if f"{kind}.schema.json" in self.documents]

    def check(self, source: SourceFile, kind: str | None = None) -> list[Finding]:
        """Findings of a document against the schema of its kind: (kind: ...), or of the kind given."""
        return self.check_parts(source, kind)[0]

    def check_parts(self, source: SourceFile, kind: str | None = None, depth: int = 0) -> tuple[list[Finding], set]:
        """The findings, and where every problem is (those not shown too) as pointers cut to depth parts: what a
        caller must not use (assess skips those rows)."""
        data = source.data
        if kind is None:
            kind = data.get("kind") if isinstance(data, dict) else None
            if kind not in KINDS:
                found = source.text("/kind", kind) if "kind" in data else "-"
                return [finding(source.display, source.mark("/kind"), "/kind", "kind-unknown", found=found)], {""}
        fast = self.fast_checks[kind]
        if fast is not None and fast(data):
            return [], set()
        filename = f"{kind}.schema.json"
        explainer = _Explainer(self, filename, source, depth)
        return explainer.findings(self.failing.errors(filename, data)), explainer.parts

    def site(self, filename: str, path) -> tuple[dict, dict]:
        """The schema where a value sits, as written there (with its title) and with $refs followed."""
        site = resolved = self.documents[filename]
        for part in path:
            filename, resolved = self.follow(filename, site)
            if isinstance(part, int):
                site = resolved.get("items", {})
            else:
                site = resolved.get("properties", {}).get(part, {})
        return site, self.follow(filename, site)[1]

    def follow(self, filename: str, schema: dict) -> tuple[str, dict]:
        while "$ref" in schema:
            target, _, pointer = schema["$ref"].partition("#")
            filename = target or filename
            schema = self.documents[filename]
            for part in filter(None, pointer.split("/")):
                schema = schema[part]
        return filename, schema


_SITES = frozenset({"required", "additionalProperties", "dependentRequired", "anyOf", "oneOf"})  # may say more
_COUNTED = 1000  # an error's sites past the limit told apart one by one up to this many; beyond, only counted


class _Explainer:
    """jsonschema's errors of one document as findings: the first of them in document order (see
    core/limit.py), each explained only once chosen, since a file may hold a million unknown keys."""

    def __init__(self, schemas: SchemaSet, filename: str, source: SourceFile, depth: int = 0):
        self.schemas, self.filename, self.source, self.depth = schemas, filename, source, depth
        self.validator = schemas.failing.validator
        self.parts: set[str] = set()  # where each problem is, cut to depth parts, when depth is given

    def findings(self, errors) -> list[Finding]:
        chosen = First()
        order = DocumentOrder(self.source.data)
        seen: set[tuple] = set()  # the sites offered: (path, keyword, the key they are about)
        for error in errors:
            if self.redundant(error):
                continue
            if self.depth:
                self.note(error, order)
            if error.validator not in _SITES:  # one finding at the error's value: the common case, made quick
                chosen.offer(order.of(error.absolute_path), (error, None))  # counted if not among the first
                continue
            count, sites = self.sites(error, order)
            for offered, (place, site) in enumerate(sites, 1):
                key = (tuple(site[0].absolute_path), site[0].validator, site[1])
                if key in seen:  # a field two parts of the schema require is one problem, counted once
                    continue
                seen.add(key)
                if not chosen.offer(place, site) and count > _COUNTED:  # every schema problem is an error
                    chosen.hide("error", count - offered)  # too many to tell apart (a million unknown keys):
                    break  # an error's sites come in document order, so every later one is past the limit too
        kept = chosen.kept()
        self.source.locate(pointer for error, part in kept for pointer in _pointers(error, part))
        found: dict[tuple, Finding] = {}
        for error, part in kept:
            item = self.explain(error, part)
            found.setdefault((item.pointer, item.code, item.params), item)
        return list(found.values()) + chosen.not_shown(self.source.display)

    def note(self, error, order: DocumentOrder) -> None:
        if error.validator in _SITES:
            pointers = (_pointers(*site)[-1] for _, site in self.sites(error, order)[1])
        else:
            pointers = iter([_pointer(error.absolute_path)])
        self.parts.update("/".join(pointer.split("/")[:self.depth + 1]) for pointer in pointers)

    def redundant(self, error) -> bool:
        """A value of the wrong type fails its other keywords too (enum, pattern...): say only the type. A date
        that is not a date breaks its format and its pattern: say it once, as the format."""
        schema, instance = error.schema if isinstance(error.schema, dict) else {}, error.instance
        if error.validator != "type" and "type" in schema:
            kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
            if not any(self.validator.TYPE_CHECKER.is_type(instance, kind) for kind in kinds):
                return True
        if error.validator == "pattern" and "format" in schema:
            return not self.validator.FORMAT_CHECKER.conforms(instance, schema["format"])
        return False

    def sites(self, error, order: DocumentOrder) -> tuple[int, Iterator]:
        """How many findings the error makes, and (place, (error, part)) for each in document order, made as
        asked: part names the key (missing, unknown or depending on another) a finding is about, or is None."""
        keyword, instance = error.validator, error.instance
        if error.context and keyword in ("anyOf", "oneOf"):
            from jsonschema.exceptions import best_match

            return self.sites(best_match(error.context), order)
        path = list(error.absolute_path)
        place = order.of(path)
        if keyword == "required":
            missing = [name for name in error.validator_value if name not in instance]
            return len(missing), ((place, (error, name)) for name in missing)
        if keyword == "additionalProperties":
            allowed = set(self.schemas.site(self.filename, path)[1].get("properties", {}))
            return sum(name not in allowed for name in instance), (
                ((*place, position - 0.5), (error, name))  # at its key
                for position, name in enumerate(instance) if name not in allowed)
        if keyword == "dependentRequired":
            needed = [(position, name, need) for position, name in enumerate(instance)
                      for need in error.validator_value.get(name, ()) if need not in instance]
            return len(needed), (((*place, position - 0.5), (error, (name, need))) for position, name, need in needed)
        return 1, iter([(place, (error, None))])

    def explain(self, error, part) -> Finding:
        path = list(error.absolute_path)
        pointer = _pointer(path)
        keyword, instance = error.validator, error.instance
        if keyword == "required":
            return self.at(pointer, "schema-required", name=part, title=self.title(path + [part]),
                           where=_dotted(path))
        if keyword == "additionalProperties":
            allowed = sorted(self.schemas.site(self.filename, path)[1].get("properties", {}))
            close = difflib.get_close_matches(part, allowed, 1)
            suggestion = Phrase(("did you mean", close[0])) if close else ""
            return self.at(join_pointer(pointer, part), "schema-unknown-key", key=True,
                           name=part, allowed=allowed, suggestion=suggestion)
        if keyword == "dependentRequired":
            name, need = part
            return self.at(join_pointer(pointer, name), "schema-dependent", key=True, name=name,
                           needs=need, description=self.description(path))
        if keyword == "type":
            return self.type_error(path, pointer, error)
        if keyword == "enum":
            site = self.schemas.site(self.filename, path)[1]
            notes = site.get("enumDescriptions", [])
            allowed = [Phrase(("choice", v, Bilingual(n))) if n else str(v)
                       for v, n in zip(site["enum"], notes + [""] * len(site["enum"]))]
            return self.at(pointer, "schema-enum", value=_shown(self.written(pointer, instance)),
                           title=self.title(path), allowed=allowed)
        if keyword == "pattern":
            return self.at(pointer, "schema-pattern", value=_shown(instance), title=self.title(path),
                           example=self.example(path))
        if keyword == "format":
            return self.at(pointer, "schema-format", value=_shown(instance), format=Word(error.validator_value),
                           example=self.example(path))
        if keyword in _RANGE:
            return self.at(pointer, "schema-range", value=self.written(pointer, instance), title=self.title(path),
                           relation=Word(_RANGE[keyword]), limit=error.validator_value,
                           description=self.description(path))
        if keyword == "multipleOf":
            return self.at(pointer, "schema-multiple-of", value=self.written(pointer, instance), title=self.title(path))
        if keyword == "minLength":
            return self.at(pointer, "schema-empty", title=self.title(path), name=_name(path))
        if keyword in ("minItems", "minProperties"):
            return self.at(pointer, "schema-too-few", title=self.title(path), limit=error.validator_value,
                           description=self.description(path))
        return self.at(pointer, "schema-invalid", title=self.title(path), reason=error.message,
                       description=self.description(path))

    def type_error(self, path, pointer, error) -> Finding:
        expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        instance = error.instance
        if instance is None:
            return self.at(pointer, "schema-empty", title=self.title(path), name=_name(path))
        found = _json_type(instance)
        if "string" in expected and found in ("number", "integer", "boolean"):
            return self.at(pointer, "needs-quotes", title=self.title(path), name=_name(path),
                           text=self.written(pointer, instance), found=Word(found))
        if found == "string" and {"number", "integer"} & set(expected) and len(instance) > NUMBER_LIMIT \
                and _LONG_NUMBER.fullmatch(instance):
            return self.at(pointer, "number-too-long", title=self.title(path), text=_shown(instance),
                           limit=NUMBER_LIMIT)
        text = f" {_shown(self.written(pointer, instance))}" if found in ("string", "number", "integer", "boolean") \
            else ""
        return self.at(pointer, "schema-type", title=self.title(path), expected=_either(expected), found=Word(found),
                       text=text, description=self.description(path))

    def at(self, pointer: str, code: str, key: bool = False, **params) -> Finding:
        return finding(self.source.display, self.source.mark(pointer, key=key), pointer, code, **params)

    def written(self, pointer: str, value) -> str:
        return self.source.text(pointer, value)

    def title(self, path) -> Bilingual | str:
        site, resolved = self.schemas.site(self.filename, path)
        title = site.get("title") or resolved.get("title")
        return Bilingual(title) if title else _name(path)

    def description(self, path) -> Bilingual | str:
        site, resolved = self.schemas.site(self.filename, path)
        return Bilingual(site.get("description") or resolved.get("description") or "")

    def example(self, path) -> Phrase | str:
        site, resolved = self.schemas.site(self.filename, path)
        examples = site.get("examples") or resolved.get("examples") or []
        return Phrase(("e.g.", ", ".join(map(str, examples)))) if examples else ""


def _pointers(error, part) -> list[str]:
    """Where the finding of an error's part is, and the value it may quote."""
    pointer = _pointer(error.absolute_path)
    if error.validator in ("additionalProperties", "dependentRequired"):
        return [pointer, join_pointer(pointer, part if isinstance(part, str) else part[0])]
    return [pointer]


def _shown(text: str, limit: int = 60) -> str:
    """Text quoted in a message on one short line: control characters made visible, the middle of long text cut."""
    text = "".join(repr(c)[1:-1] if not c.isprintable() and c != " " else c for c in str(text))
    return text if len(text) <= limit else f"{text[:limit // 2]}…{text[-limit // 2:]}"


def _json_type(value) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, (float, Decimal)):
        return "number"
    return {str: "string", dict: "object", list: "array"}.get(type(value), "string")


def _either(types: list[str]) -> tuple:
    words: list = []
    for kind in types:
        words += [Word("or"), Word(kind)] if words else [Word(kind)]
    return tuple(words)


def _pointer(path) -> str:
    pointer = ""
    for part in path:
        pointer = join_pointer(pointer, str(part))
    return pointer


def _dotted(path) -> str | Word:
    if not path:
        return Word("document root")
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _name(path) -> str:
    names = [part for part in path if isinstance(part, str)]
    return names[-1] if names else ""
