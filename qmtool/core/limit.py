"""A compiler's error limit: the first problems of a file in file order, and one saying how many more there are."""
from __future__ import annotations

from collections.abc import Iterable

from .messages import severity
from .problem import ERROR, NOT_SHOWN, Finding, finding

LIMIT = 100  # problems shown per file: more help no one, and a file of a million mistakes must not take an hour


class First:
    """The first `limit` things of one file by their place (any ordered key), offered in any order. Only those
    are kept; the rest are counted by severity, so that a file with a million problems costs a counter, not a
    million problems."""

    def __init__(self, limit: int | None = None):
        self.limit = LIMIT if limit is None else limit
        self.errors = self.warnings = 0  # not kept
        self._entries: list[tuple] = []  # (place, arrival, severity, item); trimmed to limit when twice that
        self._worst = None  # the place of the last one kept, once the limit was reached: none after it is kept
        self._arrivals = 0

    def admits(self, place) -> bool:
        """Whether something at place would be kept: lets a caller skip working out what it would say."""
        return self._worst is None or place < self._worst

    def offer(self, place, item, level: str = ERROR) -> bool:
        """Keep item if it is among the first so far, else count it; whether it was kept."""
        if not self.admits(place):
            self.hide(level)
            return False
        self._entries.append((place, self._arrivals, level, item))
        self._arrivals += 1
        if len(self._entries) >= 2 * self.limit:
            self._trim()
        return True

    def hide(self, level: str, count: int = 1) -> None:
        if level == ERROR:
            self.errors += count
        else:
            self.warnings += count

    def kept(self) -> list:
        """The items kept, in order of place (and of arrival at one place)."""
        self._trim()
        return [entry[3] for entry in self._entries]

    def not_shown(self, path: str) -> list[Finding]:
        """Nothing, or the one finding that says how many more problems the file has."""
        self._trim()
        count = self.errors + self.warnings
        if not count:
            return []
        code = NOT_SHOWN[0] if self.errors else NOT_SHOWN[1]  # an error among them keeps the file failing
        return [finding(path, (0, 0), "", code, count=count, errors=self.errors, warnings=self.warnings,
                        limit=self.limit)]

    def _trim(self) -> None:
        entries = list({entry[3]: entry for entry in reversed(self._entries)}.values())  # one of each, the first
        entries.sort(key=lambda entry: entry[:2])
        for entry in entries[self.limit:]:
            self.hide(entry[2])
        del entries[self.limit:]
        self._entries = entries
        if len(entries) == self.limit:
            self._worst = entries[-1][0]


def shown(findings: Iterable[Finding], limit: int | None = None) -> list[Finding]:
    """Findings as a compiler reports them: for each file the first `limit` by line and column, then one that
    says how many more there are (those of earlier such findings added in)."""
    files: dict[str, First] = {}
    for item in findings:
        first = files.get(item.path) or files.setdefault(item.path, First(limit))
        if item.code in NOT_SHOWN:
            counts = dict(item.params)
            first.hide(ERROR, counts["errors"])
            first.hide("warning", counts["warnings"])
        else:
            first.offer((item.line, item.column, item.code, item.pointer), item, severity(item.code))
    return [item for path, first in files.items() for item in first.kept() + first.not_shown(path)]
