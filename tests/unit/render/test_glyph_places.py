"""A character missing from the fonts is located where it is written, as a refused character is: at its own line
and column inside its value, however the value is written (plain, quoted, a block, folded over lines, by escape)."""
from __future__ import annotations

import pytest

from qmtool.load.evidence import read
from qmtool.load.loader import load_bytes
from qmtool.render.glyphs import check_glyphs, unprintable

ASCII = frozenset(range(128))  # the fonts of these tests: everything else is missing


def places(tmp_path, text: str) -> list[tuple[str, int, int]]:
    source = load_bytes(text.encode("utf-8"), tmp_path / "a.yaml", "a.yaml")
    assert source.data is not None, source.findings
    return sorted((f.params[0][1], f.line, f.column) for f in check_glyphs(source, ASCII, ["Noto"]))


CASES = {
    "plain": ("title: abc \u0628 def\n", [("\u0628", 1, 12)]),
    "plain folded over lines": ("title: abc\n  def \u0628\n", [("\u0628", 2, 7)]),
    "single-quoted": ("title: 'it''s \u0628'\n", [("\u0628", 1, 15)]),
    "double-quoted": ('title: "ab \u0628"\n', [("\u0628", 1, 12)]),
    "escape": ('title: "ab \\u00e9 c"\n', [("\u00e9", 1, 12)]),
    "long escape": ('title: "ab \\U0001F600"\n', [("\U0001F600", 1, 12)]),
    "hex escape": ('title: "ab\\xe9"\n', [("\u00e9", 1, 11)]),
    "no-break space escape": ('title: "a\\_b"\n', [("\u00a0", 1, 10)]),
    "a backslash escaped is no escape": ('title: "\\\\u00e9 \u00e9"\n', [("\u00e9", 1, 17)]),
    "escape on a folded line": ('title: "ab\n  cd \\u0628"\n', [("\u0628", 2, 6)]),
    "literal block": ("title: |\n  ab\n  c \u0628\n", [("\u0628", 3, 5)]),
    "folded block": ("title: >-\n  ab \u0628\n", [("\u0628", 2, 6)]),
    "block header comment": ("title: | # \u0628\n  ab \u0628\n", [("\u0628", 2, 6)]),
    "anchor": ("title: &a1 \"x \u0628\"\nscope: *a1\n", [("\u0628", 1, 15)]),
    "flow list": ("tags: [a, b \u0628]\n", [("\u0628", 1, 13)]),
    "crlf": ("title: ab\r\n  c \u0628\r\n", [("\u0628", 2, 5)]),
    "nested": ("fees:\n  - item: x\n    note: y \u0628\n", [("\u0628", 3, 13)]),
}


@pytest.mark.parametrize(("text", "expected"), CASES.values(), ids=CASES)
def test_a_missing_character_is_located_where_its_value_writes_it(tmp_path, text, expected):
    assert places(tmp_path, text) == expected


def test_each_character_of_one_value_is_located_at_its_own_column(tmp_path):
    """The attack's case: ten missing characters of one value were all reported at the value's start."""
    letters = "".join(chr(0x0628 + n) for n in range(10))
    found = places(tmp_path, f"owner: x\ntitle: \"ab {letters}\"\n")
    assert found == [(char, 2, 12 + n) for n, char in enumerate(letters)]


def test_a_character_is_located_at_its_first_use_in_the_document(tmp_path):
    found = places(tmp_path, "title: ab\nscope: x \u0628\nowner: \u0628\n")
    assert found == [("\u0628", 2, 10)]


def test_missing_and_refused_characters_of_one_value_are_located_alike(tmp_path):
    source = load_bytes('title: a\u200bb \u0628\nscope: "c\\u200b \\u0629"\n'.encode(), tmp_path / "a.yaml", "a.yaml")
    found = [(f.code, f.line, f.column) for f in unprintable([source], ASCII, ["Noto"])]
    assert sorted(found) == [("glyph-missing", 1, 12), ("glyph-missing", 2, 17),
                             ("invisible-character", 1, 9), ("invisible-character", 2, 10)]


def test_a_missing_character_of_a_records_cell_is_located_in_the_cell(tmp_path):
    path = tmp_path / "scores.csv"
    path.write_text('provider,provider_name,period,kpi,score\nCT-001, "A \u0628",2026-Q1,K1,95\n'
                    'CT-002,"B\n  c \u0629",2026-Q1,K1,90\n', "utf-8")
    source = read(path, "scores.csv")
    found = sorted((f.params[0][1], f.line, f.column) for f in check_glyphs(source, ASCII, ["Noto"]))
    assert found == [("\u0628", 2, 12), ("\u0629", 4, 5)]
