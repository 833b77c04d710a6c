"""Assessment periods (2026-Q1, 2026-01, 2026-H1, 2026): parsed, ordered, and found for a date."""
from __future__ import annotations

import re
from dataclasses import dataclass

PER_YEAR = {"month": 12, "quarter": 4, "half-year": 2, "year": 1}
_FORMS = {
    "quarter": (re.compile(r"([0-9]{4})-Q([1-4])"), "{year}-Q{n}"),
    "month": (re.compile(r"([0-9]{4})-(0[1-9]|1[0-2])"), "{year}-{n:02}"),
    "half-year": (re.compile(r"([0-9]{4})-H([12])"), "{year}-H{n}"),
    "year": (re.compile(r"([0-9]{4})()"), "{year}"),
}
EXAMPLES = {kind: form.format(year=2026, n=1) for kind, (_, form) in _FORMS.items()}  # 2026-Q1, 2026-01...


@dataclass(frozen=True, order=True)
class Period:
    ordinal: int  # periods since year 0: consecutive periods differ by one
    kind: str

    def __str__(self) -> str:
        year, index = divmod(self.ordinal, PER_YEAR[self.kind])
        return _FORMS[self.kind][1].format(year=year, n=index + 1)

    def before(self, count: int = 1) -> Period:
        return Period(self.ordinal - count, self.kind)


def parse(text: str, kind: str) -> Period | None:
    """The period text names, if it is written the way periods of this kind are."""
    match = _FORMS[kind][0].fullmatch(text)
    if not match:
        return None
    return Period(int(match[1]) * PER_YEAR[kind] + (int(match[2]) - 1 if match[2] else 0), kind)


def of_date(date: str, kind: str) -> Period:
    """The period a YYYY-MM-DD date falls in."""
    year, month = int(date[:4]), int(date[5:7])
    return Period(year * PER_YEAR[kind] + (month - 1) * PER_YEAR[kind] // 12, kind)
