"""A file's findings by pointer: its first ones in document order (core/limit.py), located once chosen.

Checks that go over a document's values (the rules, the assessment's checks of records) may find a problem
in each of a million values; each is offered here by pointer, and only the first are located and made, in one
pass over the file that stops once it has them (places.py).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..core.limit import First
from ..core.messages import Listing, severity
from ..core.problem import Finding, finding
from .loader import SourceFile
from .places import DocumentOrder


class LineOf(str):
    """A param: the line of the value at this pointer of the same file."""


@dataclass(eq=False)
class WhereIn:
    """A param: "file:line" of the value at a pointer of any file (an earlier row another names)."""

    source: SourceFile
    pointer: str


class Chosen:
    """One file's findings, offered by pointer and made only for the first."""

    def __init__(self, source: SourceFile):
        self.source = source
        self.order = DocumentOrder(source.data)
        self.first = First()

    def add(self, pointer: str, code: str, **params) -> None:
        frozen = tuple((name, Listing(value) if isinstance(value, list) else value) for name, value in params.items())
        self.first.offer(self.order.of_pointer(pointer), (pointer, code, frozen), severity(code))

    def findings(self) -> list[Finding]:
        kept = self.first.kept()
        wanted: dict[int, tuple[SourceFile, list[str]]] = {id(self.source): (self.source, [])}
        for pointer, _, params in kept:
            wanted[id(self.source)][1].append(pointer)
            for _, value in params:
                if isinstance(value, LineOf):
                    wanted[id(self.source)][1].append(value)
                elif isinstance(value, WhereIn):
                    wanted.setdefault(id(value.source), (value.source, []))[1].append(value.pointer)
        for source, pointers in wanted.values():  # one pass for each file, not one for each finding
            source.locate(pointers)
        return [finding(self.source.display, self.source.mark(pointer), pointer, code,
                        **{name: self._said(value) for name, value in params})
                for pointer, code, params in kept] + self.first.not_shown(self.source.display)

    def _said(self, value):
        if isinstance(value, LineOf):
            return self.source.mark(value)[0]
        if isinstance(value, WhereIn):
            return f"{value.source.display}:{value.source.mark(value.pointer)[0]}"
        return value
