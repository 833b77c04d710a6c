"""Where values were written: a second pass over a file's events for the pointers asked, and document order.

The first pass (loader.py) keeps no places, since a valid document needs none. A problem needs the place of
its value; a file with a million problems shows only its first ones (core/limit.py), chosen in document
order, so only their places are looked up, in one pass that stops as soon as it has them.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from yaml import YAMLError
from yaml._yaml import CParser
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

_BIG = 8  # keys of a mapping: beyond this, a key's position is looked up in an index made as needed
DEPTH_LIMIT = 64  # mappings and lists inside each other; the loader refuses a deeper file


@dataclass
class Places:
    """Where each value and each key was written, and the text of values written otherwise than they read."""

    marks: dict[str, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[str, tuple[int, int]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    pointers: dict[tuple[int, int], str] = field(default_factory=dict)  # for the marks asked with at=
    firsts: dict[tuple[int, int], int] = field(default_factory=dict)  # a key written twice: the line of the first
    # For the pointers asked with spans=True, a scalar's extent as written: start and end marks, and its style
    spans: dict[str, tuple[tuple[int, int], tuple[int, int], str]] = field(default_factory=dict)


class _Wanted:
    """The pointers asked for, as a tree of their parts; a node is asked for itself or is on the way to one."""

    __slots__ = ("children", "asked")

    def __init__(self):
        self.children: dict[str, _Wanted] = {}
        self.asked = False

    def get(self, part: str) -> _Wanted | None:
        return self.children.get(part)


class _Everything:
    """Every pointer asked for."""

    asked = True

    def get(self, part: str) -> _Everything:
        return self


EVERYTHING = _Everything()


class _Found(Exception):
    """Every pointer asked for has been seen: the rest of the file need not be read."""


def find(text: str, plain, pointers: Iterable[str] | None = None, at: set[tuple[int, int]] | None = None,
         spans: bool = False) -> Places:
    """The places of the values at pointers (and of their keys and the containers above them), or of every
    value when pointers is None. With at, only the pointer of the value or repeated key at each of those
    marks, and where a repeated key was first written, read up to any syntax error. plain is the loader's
    reading of a plain scalar, to tell which values read otherwise than they are written. With spans, also
    where each scalar asked for ends and its style, to find a character inside it (load/written.py)."""
    places = Places()
    wanted, left = EVERYTHING, -1
    if pointers is not None:
        wanted, left = _tree(pointers)
    walk = _Walk(places, left, at, plain, spans)
    parser = CParser(text)
    try:
        get = parser.get_event
        get(), get()  # stream start, document start
        walk.node(get, get(), "", wanted, 0)
    except (_Found, YAMLError):  # a syntax error: the loader has said so, and the places before it stand
        pass
    finally:
        parser.dispose()
    return places


def _tree(pointers: Iterable[str]) -> tuple[_Wanted, int]:
    root, count = _Wanted(), 0
    for pointer in pointers:
        node = root
        for part in split_pointer(pointer):
            node = node.children.get(part) or node.children.setdefault(part, _Wanted())
        count += not node.asked
        node.asked = True
    return root, count


class _Walk:
    def __init__(self, places: Places, left: int, at: set | None, plain, spans: bool = False):
        self.places, self.left, self.at, self.plain, self.spans = places, left, at, plain, spans

    def note(self, pointer: str, event, wanted) -> None:
        mark = (event.start_mark.line + 1, event.start_mark.column + 1)
        if self.at is not None:
            if mark in self.at:
                self.places.pointers[mark] = pointer
        else:
            self.places.marks[pointer] = mark
            if type(event) is ScalarEvent and event.implicit[0] and self.plain(event.value) is not event.value:
                self.places.texts[pointer] = event.value  # 1.50 reads as 1.5: a message quotes it as written
            if self.spans and type(event) is ScalarEvent:
                end = (event.end_mark.line + 1, event.end_mark.column + 1)
                self.places.spans[pointer] = (mark, end, event.style or "")
        if wanted.asked and self.left > 0:
            self.left -= 1
            if not self.left:
                raise _Found

    def node(self, get, event, pointer: str, wanted, depth: int) -> None:
        """Note the node whose first event is event, reading its events to its end; the same values as the
        loader's: the first of two equal keys, no merge key, nothing under a key that is not text, nothing
        deeper than it reads."""
        self.note(pointer, event, wanted)
        kind = type(event)
        if depth >= DEPTH_LIMIT:
            _skip(get, event)
        elif kind is SequenceStartEvent:
            index, event = 0, get()
            while type(event) is not SequenceEndEvent:
                child = wanted.get(str(index))
                if child is None:
                    _skip(get, event)
                else:
                    self.node(get, event, f"{pointer}/{index}", child, depth + 1)
                index, event = index + 1, get()
        elif kind is MappingStartEvent:
            seen: dict[str, int] = {}  # the line of each key read
            key = get()
            while type(key) is not MappingEndEvent:
                value = get() if type(key) is ScalarEvent else _skip(get, key) or get()
                name = key.value if type(key) is ScalarEvent else None
                child = wanted.get(name) if name is not None else None
                mark = (key.start_mark.line + 1, key.start_mark.column + 1)
                if name in seen and self.at is not None and mark in self.at:
                    self.places.pointers[mark] = join_pointer(pointer, name)
                    self.places.firsts[mark] = seen[name]
                if child is None or name in seen or (name == "<<" and key.implicit[0]):
                    _skip(get, value)
                else:
                    seen[name] = mark[0]
                    at = join_pointer(pointer, name)
                    if self.at is None:
                        self.places.key_marks[at] = mark
                    self.node(get, value, at, child, depth + 1)
                key = get()


def _skip(get, event) -> None:
    """Read to the end of the node whose first event is event."""
    depth = 0 if type(event) is ScalarEvent or type(event) is AliasEvent else 1
    while depth:
        kind = type(get())
        if kind is MappingStartEvent or kind is SequenceStartEvent:
            depth += 1
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            depth -= 1


def join_pointer(pointer: str, key: str) -> str:
    """The JSON pointer of key inside the mapping at pointer."""
    if "~" in key or "/" in key:
        key = key.replace("~", "~0").replace("/", "~1")
    return f"{pointer}/{key}"


def split_pointer(pointer: str) -> list[str]:
    return [part.replace("~1", "/").replace("~0", "~") for part in pointer.split("/")[1:]]


class DocumentOrder:
    """Where a value comes in its document, as a key that sorts values as the file has them: mappings and lists
    keep the order they were written in, so the order is read off the data without a second pass."""

    def __init__(self, data):
        self.data = data
        self._indexes: dict[int, tuple] = {}  # a big mapping's keys read so far, by position; the rest

    def of(self, parts, key: bool = False) -> tuple:
        """The place of the value at the path parts (of its key, with key), or of its nearest ancestor."""
        place: list = []
        value = self.data
        for part in parts:
            if isinstance(value, dict) and part in value:
                place.append(self._position(value, part))
            elif isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value):
                place.append(part)
            else:
                return tuple(place)
            value = value[part]
        if key and place:
            place[-1] -= 0.5  # a key is written after the previous value and before its own
        return tuple(place)

    def of_pointer(self, pointer: str, key: bool = False) -> tuple:
        parts: list = []
        value = self.data
        for part in split_pointer(pointer):
            if isinstance(value, list) and part.isdigit():
                parts.append(int(part))
                value = value[int(part)] if int(part) < len(value) else None
            else:
                parts.append(part)
                value = value.get(part) if isinstance(value, dict) else None
        return self.of(parts, key)

    def _position(self, mapping: dict, name: str) -> int:
        if len(mapping) <= _BIG:
            for position, other in enumerate(mapping):
                if other == name:
                    return position
        # A big mapping is read once, only as far as the furthest key asked for: the few first problems of a
        # file of a million keys are near its top.
        positions, rest = self._indexes.get(id(mapping)) or self._indexes.setdefault(id(mapping), ({}, iter(mapping)))
        if name not in positions:
            for other in rest:
                positions[other] = len(positions)
                if other == name:
                    break
        return positions[name]
