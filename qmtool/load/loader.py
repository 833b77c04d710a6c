"""Read one YAML file into plain data, with the line and column of every JSON pointer.

Built from libyaml's parser events (the C parser of CSafeLoader), resolved here so that nothing is guessed:
yes/no/on/off, dates and odd numbers stay the text written, decimals are exact,
and anything unsafe or surprising (tags, duplicate keys, alias bombs, tabs)
becomes a located finding instead of data.
"""
from __future__ import annotations

import os
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

import yaml
from yaml._yaml import CParser
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from ..core.limit import First
from ..core.messages import Phrase, Word, severity
from ..core.opened import LinkRefused, read_regular, read_within
from ..core.os_reason import os_reason
from ..core.problem import Finding, finding
from ..core.workspace import refused_link
from .characters import is_control, line_starts, name, refusal, refused, refused_in
from .encoding import NotUtf8, utf8_text
from .places import DEPTH_LIMIT, Places, find, join_pointer

ALIAS_LIMIT = 1000  # values repeated through aliases; a real document repeats a few lists at most
NUMBER_LIMIT = 24  # characters: longer "numbers" stay text (decimal arithmetic keeps 28 digits)

_T = "tag:yaml.org,2002:"
STR, SEQ, MAP = _T + "str", _T + "seq", _T + "map"
_DECIMAL_INT = re.compile(r"[-+]?(0|[1-9][0-9_]*)")
_DECIMAL = re.compile(r"[-+]?([0-9][0-9_]*)?\.[0-9_]*")  # 1.0e+3 stays text: no amount is written so
_TAB_INDENT = re.compile(r"[ ]*\t")


@dataclass
class SourceFile:
    """One loaded YAML file: its data (None when unreadable) and where each value was written.

    Where values were written is worked out only when first asked for (a second parse), since
    a valid document never needs it; locate() finds the places of a few pointers without noting
    those of every value, which for a big file would cost many times the file.
    """

    path: Path
    display: str
    raw: bytes = b""
    data: dict | None = None
    findings: list[Finding] = field(default_factory=list)
    _text: str | None = field(default=None, repr=False)
    _located: Places | None = field(default=None, repr=False)  # every value's place
    _some: Places = field(default_factory=Places, repr=False)  # the places of the pointers asked for
    _asked: set[str] = field(default_factory=set, repr=False)

    @property
    def marks(self) -> dict[str, tuple[int, int]]:
        return self._locate().marks

    @property
    def key_marks(self) -> dict[str, tuple[int, int]]:
        return self._locate().key_marks

    @property
    def texts(self) -> dict[str, str]:
        return self._locate().texts

    def place(self, marks: dict[str, tuple[int, int]], texts: dict[str, str], text: str | None = None,
              spans: dict | None = None) -> None:
        """Where each value was written, for data read from something other than YAML (a CSV file): with the
        file's text and where each value's written text starts and ends, written() answers too."""
        self._located = Places(marks, {}, texts, spans=spans or {})
        self._text = text

    def locate(self, pointers: Iterable[str]) -> None:
        """Find where the values at pointers were written, in one pass that ends once it has seen them all;
        mark() and text() then answer for them without a pass over the whole file."""
        if self._located is not None:
            return
        new = set(pointers) - self._asked
        if new and self._text is not None and self.data is not None:
            found = find(self._text, _plain, new)
            for name in ("marks", "key_marks", "texts"):
                getattr(self._some, name).update(getattr(found, name))
        self._asked |= new

    def _locate(self) -> Places:
        if self._located is None:
            readable = self._text is not None and self.data is not None
            self._located = find(self._text, _plain) if readable else Places()
        return self._located

    def _places(self, pointer: str) -> Places:
        return self._some if pointer in self._asked and self._located is None else self._locate()

    def mark(self, pointer: str, key: bool = False) -> tuple[int, int]:
        """Where the value at pointer (or its key) was written; the nearest written ancestor if absent."""
        located = self._places(pointer)
        while True:
            found = (key and located.key_marks.get(pointer)) or located.marks.get(pointer)
            if found or not pointer:
                return found or (1, 1)
            pointer = pointer.rsplit("/", 1)[0]

    def text(self, pointer: str, value) -> str:
        """The value as written in the file."""
        return self._places(pointer).texts.get(pointer, str(value))

    def written(self, pointers: Iterable[str]) -> dict[str, tuple[str, tuple[int, int], str]]:
        """For each of pointers whose value is a scalar written in this YAML file: the text it is written as
        (quotes, escapes, folded lines and all), where that starts, and its style ('' plain, "'", '"', '|', '>').
        One pass, ending once all were seen; a value written by alias, or in a CSV file, is not here."""
        if self._text is None or self.data is None:
            return {}
        pointers = set(pointers)
        placed = self._located.spans if self._located is not None else None  # a CSV file's, kept as it was read
        spans = placed if placed else find(self._text, _plain, pointers, spans=True).spans
        if not spans:
            return {}
        text, starts = self._text, line_starts(self._text)
        return {pointer: (text[_index(starts, start, text):_index(starts, end, text)], start, style)
                for pointer in pointers if (span := spans.get(pointer)) for start, end, style in [span]}


def _index(starts: list[int], mark: tuple[int, int], text: str) -> int:
    """The index in text of a (line, column) mark, both counted from 1 (past the last line: the text's end)."""
    return starts[mark[0] - 1] + mark[1] - 1 if mark[0] <= len(starts) else len(text)


class _Stop(Exception):
    def __init__(self, found: Finding):
        super().__init__(found)
        self.finding = found


def load(path: Path, display: str | None = None) -> SourceFile:
    source = read_file(path, display)
    return source if source.findings else parse(source)


def load_bytes(raw: bytes, path: Path, display: str | None = None) -> SourceFile:
    """A file's bytes as read from somewhere other than the disk (a git revision, say)."""
    return parse(SourceFile(path, display or str(path), raw))


def read_file(path: Path, display: str | None = None, within: Path | None = None) -> SourceFile:
    """The file's bytes, not yet parsed, or a finding that says why it cannot be read. A file of the workspace
    within is opened through no link leading out of it, and judged by what was opened (core/opened.py)."""
    source = SourceFile(path, display or str(path))
    try:
        source.raw = read_regular(path) if within is None else read_within(
            within, Path(os.path.abspath(path)).relative_to(os.path.abspath(within)))
    except LinkRefused as refused:  # swapped for a link after the workspace was listed: as the listing says it
        source.findings.append(refused_link(source.display, refused.code, Word("within-workspace")))
    except OSError as error:
        source.findings.append(_at(source, (0, 0), "read-error", reason=os_reason(error)))
    return source


def parse(source: SourceFile) -> SourceFile:
    """The source's bytes read as YAML into its data, or findings that say what is wrong."""
    found = First()  # a file of a million mistakes: its first ones, and a count of the rest
    text = decode(source, found)
    if text is not None:
        source._text = text
        builder = _Builder(source, found)
        try:
            data = builder.document(text)
            source.data = None if builder.tagged else data
        except _Stop as stop:
            _keep(found, stop.finding)
    kept = found.kept()
    later = {(f.line, f.column) for f in kept if f.code in _PLACED_LATER}
    if later:  # the first pass keeps no pointers nor lines (speed); these are rare enough to pay for a second
        places = find(text, _plain, at=later)
        kept = [_placed(f, places) if f.code in _PLACED_LATER else f for f in kept]
    source.findings += kept + found.not_shown(source.display)
    return source


_PLACED_LATER = ("negative-zero", "duplicate-key")


def _placed(item: Finding, places: Places) -> Finding:
    """A finding of the first pass with the pointer it is at, and for a key written twice its first line."""
    mark = (item.line, item.column)
    params = dict(item.params)
    if "first" in params:
        params["first"] = places.firsts.get(mark, "?")
    return replace(item, pointer=places.pointers.get(mark, ""), params=tuple(sorted(params.items())))


def _at(source: SourceFile, mark: tuple[int, int], code: str, pointer: str = "", **params) -> Finding:
    return finding(source.display, mark, pointer, code, **params)


def _keep(found: First, item: Finding) -> None:
    found.offer((item.line, item.column, item.code, item.pointer), item, severity(item.code))


def offer(into: First, source: SourceFile, mark: tuple[int, int], code: str, pointer: str = "", /,
          **params) -> None:
    """A finding at mark, made only if it is among the file's first; else only counted."""
    if into.admits(mark):
        _keep(into, _at(source, mark, code, pointer, **params))
    else:
        into.hide(severity(code))


def decode(source: SourceFile, found: First | None = None) -> str | None:
    """The file's text (UTF-8, a BOM allowed), or None with a finding that says what is wrong and how to fix it.
    Refused characters go to found, or when none is given straight to the source's findings."""
    try:
        text = utf8_text(source.raw, source.path.name)
    except NotUtf8 as bad:
        source.findings.append(_at(source, bad.mark, "encoding", **bad.params))
        return None
    if not text.strip():
        source.findings.append(_at(source, (1, 1), "empty-file"))
        return None
    stop = any_refused = False
    characters = First() if found is None else found
    for mark, char, control in refused(text):
        code, params = refusal(char, control, "file-yaml-csv")
        offer(characters, source, mark, code, **params)
        stop, any_refused = stop or control, True
    if found is None:
        source.findings += characters.kept() + characters.not_shown(source.display)
    # YAML cannot hold a control character; invisible ones are read on, but for the line breaks libyaml counts
    # and editors do not show (NEL, U+2028, U+2029): past one, every line libyaml reports would be wrong.
    return None if stop or (any_refused and _HIDDEN_BREAK.search(text)) else text


_COMPLEX = object()  # a mapping key that is itself a mapping or list: built, reported, dropped
_DISCARD = object()  # the value of a key that was refused: built (anchors stay defined), dropped


class _Frame:
    """A mapping or list being built: its value so far, and for a mapping the key awaiting its value."""

    __slots__ = ("value", "pointer", "is_map", "key", "anchor", "size")

    def __init__(self, value, pointer, is_map, anchor, size):
        self.value, self.pointer, self.is_map = value, pointer, is_map
        self.key, self.anchor, self.size = None, anchor, size


class _Builder:
    """Builds plain data straight from libyaml's events in one loop; refuses what is unsafe. Where values
    were written is not kept (places.py finds it when a problem needs it)."""

    def __init__(self, source: SourceFile, found: First):
        self.source, self.found = source, found
        self.anchors: dict[str, tuple[object, int]] = {}
        self.size = 0  # values built, each alias counted at the size of what it repeats
        self.repeated = 0
        self.tagged = False  # a tag was refused: the file is reported, not read as a document
        self.text, self.escapes = "", False
        self._starts: list[int] | None = None  # where each line of the text starts, once an escape needs it

    def document(self, text: str) -> dict | None:
        self.text, self._starts = text, None
        self.escapes = "\\" in text  # only a double-quoted scalar's escape writes by code
        parser = CParser(text)
        try:
            return self.stream(parser.get_event)
        except yaml.YAMLError as error:
            mark = _error_mark(error, text)
            tab = _tab_indent(text, mark[0])
            if tab:  # libyaml's own words ("cannot start any token") would not say why
                raise _Stop(_at(self.source, tab, "tab-indent")) from None
            raise _Stop(_at(self.source, mark, "yaml-syntax", reason=_error_reason(error))) from None
        finally:
            parser.dispose()

    def stream(self, get) -> dict:
        get()  # stream start
        if type(get()) is not DocumentStartEvent:
            raise _Stop(_at(self.source, (1, 1), "empty-file"))
        first = get()
        value = self.tree(first, get)
        if value is None:
            raise _Stop(_at(self.source, (1, 1), "empty-file"))
        if not isinstance(value, dict):
            found = Word("array" if isinstance(value, list) else "string")
            raise _Stop(_at(self.source, _event_mark(first), "top-not-mapping", found=found))
        get()  # document end
        extra = get()
        if type(extra) is not StreamEndEvent:
            raise _Stop(_at(self.source, _event_mark(extra), "yaml-syntax",
                            reason=Word("another-document")))
        return value

    def tree(self, event, get):
        """The value whose first event is event, reading the events of everything inside it.

        One loop over the events with an explicit stack: this is the hot path of validation.
        """
        stack: list[_Frame] = []
        top: _Frame | None = None
        special = _SPECIAL_START
        while True:
            kind = type(event)
            if top is not None and top.is_map and top.key is None:
                if kind is ScalarEvent:  # a key
                    name = event.value
                    if self.escapes and event.style == '"':
                        self.escaped(event)
                    if event.tag is None and name not in top.value and name != "<<":
                        # A key's value is added once read, and no other key of this mapping is read in between:
                        # a key not there yet was not written before.
                        top.key = name
                    else:
                        self.key(top, event)
                    event = get()
                    continue
                if kind is not MappingEndEvent:
                    self.report(_event_mark(event), "key-not-text", top.pointer)
                    top.key = _COMPLEX
            if kind is ScalarEvent:
                self.size += 1
                text = event.value
                if self.escapes and event.style == '"':
                    self.escaped(event)
                if event.tag is None and (not event.implicit[0] or (text and text[0] not in special)):
                    value = text
                else:
                    value = self.scalar(event)
                if event.anchor is not None:
                    self.anchors[event.anchor] = (value, 1)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if len(stack) >= DEPTH_LIMIT:
                    raise _Stop(_at(self.source, _event_mark(event), "too-deep", self.where(top), limit=DEPTH_LIMIT))
                is_map = kind is MappingStartEvent
                tag = event.tag
                if tag is not None and tag != "!" and tag != (MAP if is_map else SEQ):
                    self.unsafe(event, top)
                self.size += 1
                top = _Frame({} if is_map else [], "", is_map, event.anchor, self.size - 1)
                stack.append(top)
                event = get()
                continue
            elif kind is AliasEvent:
                value = self.alias(event, top)
            else:  # the end of the mapping or list on top
                frame = stack.pop()
                value = frame.value
                if frame.anchor is not None:
                    self.anchors[frame.anchor] = (value, self.size - frame.size)
                top = stack[-1] if stack else None
            if top is None:
                return value
            if top.is_map:
                key = top.key
                if key is _COMPLEX:
                    top.key = _DISCARD
                else:
                    if key is not _DISCARD:
                        top.value[key] = value
                    top.key = None
            else:
                top.value.append(value)
            event = get()

    def report(self, mark: tuple[int, int], code: str, pointer: str = "", **params) -> None:
        offer(self.found, self.source, mark, code, pointer, **params)

    def escaped(self, event) -> None:
        """A double-quoted scalar may write by escape (\\u202e, \\e, \\0) what the file itself may not hold:
        each such escape is refused as the character would be, at the escape."""
        if not refused_in(event.value):
            return
        if self._starts is None:  # once per file: a file of many such strings must not count its lines each time
            self._starts = line_starts(self.text)
        starts = self._starts
        line, column = event.start_mark.line + 1, event.start_mark.column + 1
        start = starts[line - 1] + column - 1
        end = starts[event.end_mark.line] + event.end_mark.column if event.end_mark.line < len(starts) else None
        for match in _ESCAPE.finditer(self.text, start, end):
            char = _unescape(match.group(1))
            if char is not None and refused_in(char):
                index = match.start()
                number = bisect_right(starts, index)
                code, params = refusal(name(char), is_control(char), "file-yaml-csv")
                self.report((number, index - starts[number - 1] + 1), code, **params)

    def key(self, frame: _Frame, event) -> None:
        tag = event.tag
        if tag is not None and tag != "!" and tag != STR:
            self.unsafe(event, None)
        name = event.value
        mark = (event.start_mark.line + 1, event.start_mark.column + 1)
        if name == "<<" and event.implicit[0]:
            self.report(mark, "merge-key", frame.pointer)
            frame.key = _DISCARD
        elif name in frame.value:
            self.report(mark, "duplicate-key", key=name, first="?", second=mark[0])  # placed later: see parse
            frame.key = _DISCARD
        else:
            frame.key = name

    def child_pointer(self, top: _Frame | None) -> str:
        if top is None:
            return ""
        if not top.is_map:
            return f"{top.pointer}/{len(top.value)}"
        return join_pointer(top.pointer, top.key) if isinstance(top.key, str) else f"{top.pointer}/?"

    def where(self, top: _Frame | None) -> str:
        return self.child_pointer(top)

    def alias(self, event, top: _Frame | None):
        if event.anchor not in self.anchors:
            raise _Stop(_at(self.source, _event_mark(event), "yaml-syntax", self.where(top),
                            reason=Phrase(("undefined-alias", event.anchor))))
        value, size = self.anchors[event.anchor]
        self.repeated += size
        self.size += size
        if self.repeated > ALIAS_LIMIT:
            raise _Stop(_at(self.source, _event_mark(event), "too-many-aliases", self.where(top),
                            limit=ALIAS_LIMIT))
        return value

    def scalar(self, event):
        text = event.value
        if not event.implicit[0]:  # quoted, block or tagged
            tag = event.tag
            if tag is not None and tag != "!" and tag != STR:
                self.unsafe(event, None)
            return text
        if text and text[0] not in _SPECIAL_START:
            return text
        value = _plain(text)
        if text[:1] == "-" and value == 0 and not isinstance(value, bool):
            # -0.00 would be printed as written: a sign on nothing, on a price or a score, is a typing slip
            self.report(_event_mark(event), "negative-zero", value=text)
        return value

    def unsafe(self, event, top: _Frame | None) -> None:
        """A tag is refused, never obeyed: reading goes on as if it were not there, so that every tag of the
        file is reported at once; the file's data is then dropped."""
        self.tagged = True
        self.report(_event_mark(event), "unsafe-tag", self.where(top), tag=event.tag.replace(_T, "!!"))


_HIDDEN_BREAK = re.compile("[\x85\u2028\u2029]")
_SPECIAL_START = frozenset("0123456789+-.~nNtTfFyYoO")
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.S)
_NAMED_ESCAPES = {"0": "\x00", "a": "\x07", "b": "\x08", "v": "\x0b", "f": "\x0c", "e": "\x1b", "N": "\x85",
                  "L": "\u2028", "P": "\u2029"}  # those that write a character refused; \\t, \\n and the rest are fine


def _unescape(escape: str) -> str | None:
    """The character a YAML escape (without its backslash) writes, if it may be a refused one."""
    if escape[0] in "xuU" and len(escape) > 1:
        code = int(escape[1:], 16)
        return chr(code) if code <= 0x10FFFF else None
    return _NAMED_ESCAPES.get(escape)
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


def _plain(text: str):
    """YAML 1.1 plain scalars as a quality officer means them: yes/no/on/off, dates, odd numbers stay text."""
    if text in _NULLS:
        return None
    if text in _BOOLS:
        return _BOOLS[text]
    if len(text) > NUMBER_LIMIT:  # no amount, weight or score is this long; exact arithmetic on it would fail
        return text
    if _DECIMAL_INT.fullmatch(text):
        return int(text.replace("_", ""))
    if _DECIMAL.fullmatch(text) and any(c.isdigit() for c in text):
        return Decimal(text.replace("_", ""))
    return text  # yes/no/on/off, dates, hexadecimal, octal, sexagesimal, .inf, .nan: kept as written


def _tab_indent(text: str, line: int) -> tuple[int, int] | None:
    """Where a tab indents the line libyaml stumbled on, or the line before it (tabs in content are fine)."""
    lines = text.splitlines()
    for number in (line, line - 1):
        if 1 <= number <= len(lines):
            indent = _TAB_INDENT.match(lines[number - 1])
            if indent:
                return number, indent.end()
    return None


def _event_mark(event) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


def _error_mark(error: yaml.YAMLError, text: str) -> tuple[int, int]:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if mark is not None:
        return mark.line + 1, mark.column + 1
    position = getattr(error, "position", None)
    if isinstance(position, int):  # libyaml's reader counts bytes of the UTF-8 text, not characters
        before = text.encode("utf-8")[:position].decode("utf-8", "ignore")
        line_start = before.rfind("\n") + 1
        return before.count("\n") + 1, len(before) - line_start + 1
    return 1, 1


def _error_reason(error: yaml.YAMLError) -> str | Word | Phrase:
    """libyaml's reason, in the catalog's words where it has them (core/yaml_words.py)."""
    problem = getattr(error, "problem", None)
    if problem:
        context = getattr(error, "context", None)
        return Phrase(("yaml-reason", Word(context), Word(problem))) if context else Word(problem)
    reason = getattr(error, "reason", None)
    return str(reason or error).splitlines()[0]
