"""Read one YAML file into plain data, with the line and column of every JSON pointer.

Built from libyaml's parser events (CSafeLoader), resolved here so that nothing is guessed:
yes/no/on/off, dates and odd numbers stay the text written, decimals are exact,
and anything unsafe or surprising (tags, duplicate keys, alias bombs, tabs)
becomes a located finding instead of data.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    StreamEndEvent,
)

from .messages import Word
from .problem import Finding, finding

ALIAS_LIMIT = 1000  # values repeated through aliases; a real document repeats a few lists at most
DEPTH_LIMIT = 64

_T = "tag:yaml.org,2002:"
STR, SEQ, MAP = _T + "str", _T + "seq", _T + "map"
_DECIMAL_INT = re.compile(r"[-+]?(0|[1-9][0-9_]*)")
_DECIMAL = re.compile(r"[-+]?([0-9][0-9_]*)?\.[0-9_]*")  # 1.0e+3 stays text: no amount is written so
_TAB_INDENT = re.compile(r"^[ ]*\t[ \t]*\S", re.MULTILINE)  # a line of only blanks indents nothing


@dataclass
class SourceFile:
    """One loaded YAML file: its data (None when unreadable) and where each value was written."""

    path: Path
    display: str
    raw: bytes = b""
    data: dict | None = None
    marks: dict[str, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[str, tuple[int, int]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def mark(self, pointer: str, key: bool = False) -> tuple[int, int]:
        """Where the value at pointer (or its key) was written; the nearest written ancestor if absent."""
        while True:
            found = (key and self.key_marks.get(pointer)) or self.marks.get(pointer)
            if found or not pointer:
                return found or (1, 1)
            pointer = pointer.rsplit("/", 1)[0]

    def text(self, pointer: str, value) -> str:
        """The value as written in the file."""
        return self.texts.get(pointer, str(value))


class _Stop(Exception):
    def __init__(self, found: Finding):
        self.finding = found


def load(path: Path, display: str | None = None) -> SourceFile:
    source = SourceFile(path, display or str(path))
    try:
        source.raw = path.read_bytes()
    except OSError as error:
        source.findings.append(_at(source, (0, 0), "read-error", reason=error.strerror or str(error)))
        return source
    text = _decode(source)
    if text is None:
        return source
    try:
        source.data = _Builder(source).document(text)
    except _Stop as stop:
        source.findings.append(stop.finding)
    return source


def _at(source: SourceFile, mark: tuple[int, int], code: str, pointer: str = "", **params) -> Finding:
    return finding(source.display, mark, pointer, code, **params)


def _decode(source: SourceFile) -> str | None:
    raw = source.raw[3:] if source.raw.startswith(b"\xef\xbb\xbf") else source.raw
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        offset = error.start + len(source.raw) - len(raw)  # counted in the file as saved, BOM included
        source.findings.append(_at(source, (line, column), "encoding", byte=f"{raw[error.start]:02X}", offset=offset,
                                   guess=_looks_like_gbk(raw), name=source.path.name))
        return None
    if not text.strip():
        source.findings.append(_at(source, (1, 1), "empty-file"))
        return None
    tab = _TAB_INDENT.search(text)
    if tab:
        line = text.count("\n", 0, tab.start()) + 1
        column = text.index("\t", tab.start()) - tab.start() + 1
        source.findings.append(_at(source, (line, column), "tab-indent"))
        return None
    return text


def _looks_like_gbk(raw: bytes) -> Word | str:
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        return ""
    return Word("guess")


class _Builder:
    """Builds plain data straight from libyaml's events, recording marks; refuses what is unsafe."""

    def __init__(self, source: SourceFile):
        self.source = source
        self.marks = source.marks
        self.anchors: dict[str, tuple[object, int]] = {}
        self.size = 0  # values built, each alias counted at the size of what it repeats
        self.repeated = 0

    def document(self, text: str) -> dict | None:
        self.events = yaml.parse(text, Loader=yaml.CSafeLoader)
        try:
            return self.stream()
        except yaml.YAMLError as error:
            mark = _error_mark(error, text)
            raise _Stop(_at(self.source, mark, "yaml-syntax", reason=_error_reason(error))) from None

    def stream(self) -> dict:
        events = self.events
        next(events)  # stream start
        if type(next(events)) is not DocumentStartEvent:
            raise _Stop(_at(self.source, (1, 1), "empty-file"))
        root = next(events)
        value = self.value(root, "", 0)
        if value is None:
            raise _Stop(_at(self.source, (1, 1), "empty-file"))
        if not isinstance(value, dict):
            found = Word("array" if isinstance(value, list) else "string")
            raise _Stop(_at(self.source, _event_mark(root), "top-not-mapping", found=found))
        next(events)  # document end
        extra = next(events)
        if type(extra) is not StreamEndEvent:
            raise _Stop(_at(self.source, _event_mark(extra), "yaml-syntax",
                            reason="expected a single document in the stream, but found another document"))
        return value

    def value(self, event, pointer: str, depth: int):
        self.marks[pointer] = (event.start_mark.line + 1, event.start_mark.column + 1)
        kind = type(event)
        if kind is AliasEvent:
            return self.alias(event, pointer)
        before = self.size
        self.size += 1
        if kind is ScalarEvent:
            value = self.scalar(event, pointer)
        else:
            if depth >= DEPTH_LIMIT:
                raise _Stop(_at(self.source, _event_mark(event), "too-deep", pointer, limit=DEPTH_LIMIT))
            if event.tag is not None and event.tag != "!" and event.tag != (MAP if kind is MappingStartEvent else SEQ):
                self.unsafe(event, pointer)
            if kind is MappingStartEvent:
                value = self.mapping(pointer, depth + 1)
            else:
                value = self.sequence(pointer, depth + 1)
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, self.size - before)
        return value

    def alias(self, event, pointer: str):
        if event.anchor not in self.anchors:
            raise _Stop(_at(self.source, _event_mark(event), "yaml-syntax", pointer,
                            reason=f"found undefined alias {event.anchor!r}"))
        value, size = self.anchors[event.anchor]
        self.repeated += size
        self.size += size
        if self.repeated > ALIAS_LIMIT:
            raise _Stop(_at(self.source, _event_mark(event), "too-many-aliases", pointer, limit=ALIAS_LIMIT))
        return value

    def sequence(self, pointer: str, depth: int) -> list:
        result = []
        events = self.events
        for event in events:
            if type(event) is SequenceEndEvent:
                return result
            result.append(self.value(event, f"{pointer}/{len(result)}", depth))
        return result

    def mapping(self, pointer: str, depth: int) -> dict:
        result: dict = {}
        lines: dict[str, int] = {}
        events = self.events
        findings = self.source.findings
        for key in events:
            if type(key) is MappingEndEvent:
                return result
            mark = _event_mark(key)
            if type(key) is not ScalarEvent:
                findings.append(_at(self.source, mark, "key-not-text", pointer))
                self.value(key, pointer + "/?", depth)
                self.value(next(events), pointer + "/?", depth)
                continue
            if key.tag is not None and key.tag != "!" and key.tag != STR:
                self.unsafe(key, pointer)
            name = key.value
            if name == "<<" and key.implicit[0]:
                findings.append(_at(self.source, mark, "merge-key", pointer))
                self.value(next(events), pointer + "/<<", depth)
                continue
            child = f"{pointer}/{name.replace('~', '~0').replace('/', '~1')}" if "~" in name or "/" in name \
                else f"{pointer}/{name}"
            if name in lines:
                findings.append(_at(self.source, mark, "duplicate-key", child, key=name, first=lines[name],
                                    second=mark[0]))
                self.value(next(events), pointer + "/?", depth)
                continue
            lines[name] = mark[0]
            self.source.key_marks[child] = mark
            result[name] = self.value(next(events), child, depth)
        return result

    def scalar(self, event, pointer: str):
        text = event.value
        if not event.implicit[0]:  # quoted, block or tagged
            if event.tag is not None and event.tag != "!" and event.tag != STR:
                self.unsafe(event, pointer)
            return text
        if text and text[0] not in _SPECIAL_START:
            return text
        value = _plain(text)
        if value is not text:
            self.source.texts[pointer] = text
        return value

    def unsafe(self, event, pointer: str):
        raise _Stop(_at(self.source, _event_mark(event), "unsafe-tag", pointer, tag=event.tag.replace(_T, "!!")))


_SPECIAL_START = frozenset("0123456789+-.~nNtTfFyYoO")
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


def _plain(text: str):
    """YAML 1.1 plain scalars as a quality officer means them: yes/no/on/off, dates, odd numbers stay text."""
    if text in _NULLS:
        return None
    if text in _BOOLS:
        return _BOOLS[text]
    if _DECIMAL_INT.fullmatch(text):
        return int(text.replace("_", ""))
    if _DECIMAL.fullmatch(text) and any(c.isdigit() for c in text):
        return Decimal(text.replace("_", ""))
    return text  # yes/no/on/off, dates, hexadecimal, octal, sexagesimal, .inf, .nan: kept as written


def _event_mark(event) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


def _error_mark(error: yaml.YAMLError, text: str) -> tuple[int, int]:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if mark is not None:
        return mark.line + 1, mark.column + 1
    position = getattr(error, "position", None)
    if isinstance(position, int):
        line_start = text.rfind("\n", 0, position) + 1
        return text.count("\n", 0, position) + 1, position - line_start + 1
    return 1, 1


def _error_reason(error: yaml.YAMLError) -> str:
    problem = getattr(error, "problem", None)
    if problem:
        context = getattr(error, "context", None)
        return f"{context}: {problem}" if context else problem
    reason = getattr(error, "reason", None)
    return str(reason or error).splitlines()[0]
