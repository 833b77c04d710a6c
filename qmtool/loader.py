"""Read one YAML file into plain data, with the line and column of every JSON pointer.

Built on libyaml's composer, then converted here so that nothing is guessed:
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
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .messages import Word
from .problem import Finding, finding

ALIAS_LIMIT = 1000  # values repeated through aliases; a real document repeats a few lists at most
DEPTH_LIMIT = 64

_T = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL, TIMESTAMP = (_T + t for t in ("str", "int", "float", "bool", "null", "timestamp"))
SEQ, MAP, MERGE = _T + "seq", _T + "map", _T + "merge"
_DECIMAL_INT = re.compile(r"[-+]?(0|[1-9][0-9_]*)")
_DECIMAL = re.compile(r"[-+]?([0-9][0-9_]*)?\.[0-9_]*([eE][-+][0-9]+)?")
_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)


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
        guess = _looks_like_gbk(raw)
        source.findings.append(_at(
            source, (line, column), "encoding", byte=f"{raw[error.start]:02X}", offset=error.start + len(source.raw) - len(raw),
            guess=guess, name=source.path.name))
        return None
    if not text.strip():
        source.findings.append(_at(source, (1, 1), "empty-file"))
        return None
    tab = _TAB_INDENT.search(text)
    if tab:
        line = text.count("\n", 0, tab.start()) + 1
        source.findings.append(_at(source, (line, tab.end() - tab.start()), "tab-indent"))
        return None
    return text


def _looks_like_gbk(raw: bytes) -> Word | str:
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        return ""
    return Word("guess")


class _Builder:
    """Turns composed nodes into plain data, recording marks; refuses what is unsafe."""

    def __init__(self, source: SourceFile):
        self.source = source
        self.seen: set[int] = set()
        self.aliases = 0

    def document(self, text: str) -> dict | None:
        try:
            root = yaml.compose(text, Loader=yaml.CSafeLoader)
        except yaml.YAMLError as error:
            raise _Stop(_at(self.source, _error_mark(error, text), "yaml-syntax", reason=_error_reason(error))) from None
        if root is None:
            raise _Stop(_at(self.source, (1, 1), "empty-file"))
        if not isinstance(root, MappingNode):
            found = Word("array" if isinstance(root, SequenceNode) else "string")
            raise _Stop(_at(self.source, _mark(root), "top-not-mapping", found=found))
        return self.node(root, "", 0)

    def node(self, node, pointer: str, depth: int):
        if depth > DEPTH_LIMIT:
            raise _Stop(_at(self.source, _mark(node), "too-deep", pointer, limit=DEPTH_LIMIT))
        if id(node) in self.seen:  # composed nodes are shared only through aliases
            self.aliases += 1
            if self.aliases > ALIAS_LIMIT:
                raise _Stop(_at(self.source, _mark(node), "too-many-aliases", pointer, limit=ALIAS_LIMIT))
        self.seen.add(id(node))
        self.source.marks[pointer] = _mark(node)
        if isinstance(node, ScalarNode):
            return self.scalar(node, pointer)
        if isinstance(node, SequenceNode):
            self.check_tag(node, SEQ, pointer)
            return [self.node(item, f"{pointer}/{i}", depth + 1) for i, item in enumerate(node.value)]
        self.check_tag(node, MAP, pointer)
        return self.mapping(node, pointer, depth)

    def mapping(self, node: MappingNode, pointer: str, depth: int) -> dict:
        result: dict = {}
        lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == MERGE:
                self.source.findings.append(_at(self.source, _mark(key_node), "merge-key", pointer))
                continue
            if not isinstance(key_node, ScalarNode) or key_node.tag not in (STR, INT, FLOAT, BOOL, NULL, TIMESTAMP):
                self.source.findings.append(_at(self.source, _mark(key_node), "key-not-text", pointer))
                continue
            key = key_node.value
            child = f"{pointer}/{key.replace('~', '~0').replace('/', '~1')}"
            line = key_node.start_mark.line + 1
            if key in lines:
                self.source.findings.append(_at(
                    self.source, _mark(key_node), "duplicate-key", child, key=key, first=lines[key], second=line))
                continue
            lines[key] = line
            self.source.key_marks[child] = _mark(key_node)
            result[key] = self.node(value_node, child, depth + 1)
        return result

    def scalar(self, node: ScalarNode, pointer: str):
        tag, text = node.tag, node.value
        if tag == STR or tag == TIMESTAMP:
            return text
        if tag not in (INT, FLOAT, BOOL, NULL):
            self.check_tag(node, STR, pointer)
            return text
        self.source.texts[pointer] = text
        if tag == NULL:
            return None
        if tag == BOOL:
            return {"true": True, "false": False}.get(text.lower(), text)
        if tag == INT and _DECIMAL_INT.fullmatch(text):
            return int(text.replace("_", ""))
        if tag == FLOAT and _DECIMAL.fullmatch(text) and any(c.isdigit() for c in text):
            return Decimal(text.replace("_", ""))
        return text  # hexadecimal, octal, sexagesimal, .inf, .nan: kept as written

    def check_tag(self, node, expected: str, pointer: str) -> None:
        if node.tag != expected:
            raise _Stop(_at(self.source, _mark(node), "unsafe-tag", pointer, tag=node.tag.replace(_T, "!!")))


def _mark(node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


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
