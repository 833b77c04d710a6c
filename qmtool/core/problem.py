"""Problems are data: located, coded, with a hint, collected and sorted like a compiler's."""
from __future__ import annotations

from dataclasses import dataclass, field, fields

from .characters import one_line
from .messages import Listing, render, severity

ERROR = "error"
WARNING = "warning"
NOT_SHOWN = ("more-problems", "more-warnings")  # says how many more problems a file has than are shown (limit.py)


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    column: int
    pointer: str
    code: str
    severity: str
    message: str
    hint: str = ""
    hidden: tuple[int, int] = field(default=(0, 0), compare=False, repr=False)  # errors, warnings not shown

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.code, self.message)

    def as_dict(self) -> dict:
        """The problem as JSON shows it: its path on one line, escaped as in a message (a name's byte that is not
        UTF-8 would otherwise make the JSON itself no UTF-8)."""
        shown = {item.name: getattr(self, item.name) for item in fields(self) if item.name != "hidden"}
        return shown | {"path": one_line(self.path)}

    def tally(self) -> tuple[int, int]:
        """The errors and warnings this problem stands for: itself, or those it says are not shown."""
        if self.code in NOT_SHOWN:
            return self.hidden
        return (1, 0) if self.severity == ERROR else (0, 1)


@dataclass(frozen=True)
class Finding:
    """A problem before it is put into words: where, which code, and the facts the message needs."""

    path: str
    line: int
    column: int
    pointer: str
    code: str
    params: tuple = ()

    @property
    def severity(self) -> str:
        return severity(self.code)

    def problem(self, lang: str) -> Problem:
        params = dict(self.params)
        message, hint = render(self.code, lang, params)
        hidden = (params["errors"], params["warnings"]) if self.code in NOT_SHOWN else (0, 0)
        return Problem(self.path, self.line, self.column, self.pointer, self.code, self.severity, message, hint,
                       hidden)


def finding(path: str, mark: tuple[int, int], pointer: str, code: str, **params) -> Finding:
    frozen = {key: Listing(value) if isinstance(value, list) else value for key, value in params.items()}
    return Finding(path, mark[0], mark[1], pointer, code, tuple(sorted(frozen.items())))


def sorted_problems(problems) -> list[Problem]:
    return sorted(set(problems), key=Problem.sort_key)


def has_errors(problems, strict: bool = False) -> bool:
    return any(p.severity == ERROR or strict for p in problems)


@dataclass(frozen=True)
class Halt:
    """Where a command stops short: the problems to report, in this order, and what their summary counts
    (documents, or records files)."""

    problems: list[Problem]
    documents: int
    records: bool = False


class EnvironmentProblem(Exception):
    """Something the machine lacks (fonts, libraries); the message says how to install it."""
