"""Problems are data: located, coded, with a hint, collected and sorted like a compiler's."""
from __future__ import annotations

from dataclasses import asdict, dataclass

from .messages import Listing, render, severity

ERROR = "error"
WARNING = "warning"


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

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.code, self.message)

    def as_dict(self) -> dict:
        return asdict(self)


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
        message, hint = render(self.code, lang, dict(self.params))
        return Problem(self.path, self.line, self.column, self.pointer, self.code, self.severity, message, hint)


def finding(path: str, mark: tuple[int, int], pointer: str, code: str, **params) -> Finding:
    frozen = {key: Listing(value) if isinstance(value, list) else value for key, value in params.items()}
    return Finding(path, mark[0], mark[1], pointer, code, tuple(sorted(frozen.items())))


def sorted_problems(problems) -> list[Problem]:
    return sorted(set(problems), key=Problem.sort_key)


def has_errors(problems, strict: bool = False) -> bool:
    return any(p.severity == ERROR or strict for p in problems)


class EnvironmentProblem(Exception):
    """Something the machine lacks (fonts, libraries); the message says how to install it."""
