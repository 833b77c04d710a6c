"""The loader: what YAML means to a quality officer, and what it refuses."""
from __future__ import annotations

import difflib
from decimal import Decimal

import pytest
from jsonschema import Draft202012Validator

from qmtool.check.schema import SchemaSet
from qmtool.check.validate import validate
from qmtool.core.limit import LIMIT
from qmtool.core.resources import builtin
from qmtool.load import chosen, loader
from qmtool.load.loader import ALIAS_LIMIT, load
from qmtool.load.workspace import Workspace


def load_text(tmp_path, text: str | bytes, name: str = "doc.yaml"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return load(path, name)


def codes(source) -> list[str]:
    return [f.code for f in source.findings]


def test_scalars_keep_what_was_written(tmp_path):
    source = load_text(tmp_path, "a: yes\nb: off\nc: 2026-01-01\nd: 35.50\ne: 0x1F\nf: 1:30\ng: true\nh: 7\ni: ~\n")
    assert source.data == {"a": "yes", "b": "off", "c": "2026-01-01", "d": Decimal("35.50"), "e": "0x1F",
                           "f": "1:30", "g": True, "h": 7, "i": None}
    assert str(source.data["d"]) == "35.50"
    assert source.text("/d", None) == "35.50" and source.text("/i", None) == "~"


def test_money_is_exact(tmp_path):
    source = load_text(tmp_path, "prices: [0.10, 0.20, 2.30]\n")
    assert sum(source.data["prices"]) == Decimal("2.60")


def test_every_pointer_has_line_and_column(tmp_path):
    source = load_text(tmp_path, "kind: procedure\nstandards:\n  fees:\n    - {id: F1, grade: A}\n")
    assert source.marks["/kind"] == (1, 7)
    assert source.marks["/standards/fees/0"] == (4, 7)
    assert source.marks["/standards/fees/0/grade"] == (4, 23)
    assert source.key_marks["/standards/fees"] == (3, 3)
    assert source.mark("/standards/fees/0/missing") == (4, 7)


def test_pointer_escapes_slash_and_tilde(tmp_path):
    source = load_text(tmp_path, "a/b: 1\nc~d: 2\n")
    assert source.marks["/a~1b"] == (1, 6) and source.marks["/c~0d"] == (2, 6)


def test_bom_and_crlf_are_accepted_with_right_lines(tmp_path):
    source = load_text(tmp_path, b"\xef\xbb\xbfkind: manual\r\ntitle: \xe8\xb4\xa8\xe9\x87\x8f\r\n")
    assert source.findings == [] and source.data == {"kind": "manual", "title": "质量"}
    assert source.marks["/title"] == (2, 8)


def test_gbk_names_the_first_bad_byte(tmp_path):
    source = load_text(tmp_path, "id: QP-01\ntitle: 食堂\n".encode("gbk"))
    [found] = source.findings
    # 食 is CA B3 in GBK, which happens to be valid UTF-8 (one character); 堂 (CC C3) is not.
    assert (found.code, found.line, found.column) == ("encoding", 2, 9)
    assert dict(found.params)["offset"] == 19
    assert "GBK" in found.problem("en").message and "iconv -f GB18030" in found.problem("en").hint


def test_utf16_and_unknown_encodings_get_their_own_hint(tmp_path):
    [found] = load_text(tmp_path, "id: QP-01\n".encode("utf-16")).findings
    problem = found.problem("zh-Hans")
    assert "UTF-16" in problem.message and "iconv -f UTF-16 -t UTF-8" in problem.hint
    [found] = load_text(tmp_path, b"id: QP-01\ntitle: \xff\xff\n").findings  # neither UTF-8 nor GB18030
    problem = found.problem("en")
    assert "GBK" not in problem.message and "iconv -f ENCODING" in problem.hint


def test_alias_bomb_is_refused(tmp_path):
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    source = load_text(tmp_path, "\n".join(lines) + "\n")
    assert len((tmp_path / "doc.yaml").read_bytes()) < 1000
    assert codes(source) == ["too-many-aliases"] and source.data is None


def test_a_few_aliases_are_fine(tmp_path):
    text = "a: &x [1, 2]\n" + "".join(f"b{i}: *x\n" for i in range(ALIAS_LIMIT // 3))
    source = load_text(tmp_path, text)
    assert source.findings == [] and source.data["b0"] == [1, 2]


def test_recursive_alias_is_refused(tmp_path):
    source = load_text(tmp_path, "a: &a [*a]\n")
    [found] = source.findings
    assert (found.code, found.line, found.column) == ("yaml-syntax", 1, 8) and source.data is None


def test_unreadable_file_is_a_finding(tmp_path):
    source = load(tmp_path / "missing.yaml", "missing.yaml")
    assert codes(source) == ["read-error"] and source.data is None


def test_tag_on_a_key_or_value_is_refused(tmp_path):
    assert codes(load_text(tmp_path, "a: !custom x\n")) == ["unsafe-tag"]
    assert codes(load_text(tmp_path, "a: !!binary aGVsbG8=\n")) == ["unsafe-tag"]
    assert codes(load_text(tmp_path, "a: !!str 1.10\n")) == []


def test_every_tag_of_a_file_is_reported_and_the_file_not_read(tmp_path):
    source = load_text(tmp_path, "title: !!python/name:os.system\nb: 1\nowner: !!python/object/apply:os.system [ls]\n")
    assert [(f.code, f.line, f.column) for f in source.findings] == [("unsafe-tag", 1, 8), ("unsafe-tag", 3, 8)]
    assert source.data is None


def test_multiple_documents_are_a_syntax_error(tmp_path):
    [found] = load_text(tmp_path, "a: 1\n---\nb: 2\n").findings
    assert found.code == "yaml-syntax" and "一个文件只能写一份文档" in found.problem("zh-Hans").message


def test_control_character_is_a_located_syntax_error(tmp_path):
    [found] = load_text(tmp_path, "a: 1\nb: \x07\n").findings
    assert (found.code, found.line, found.column) == ("control-character", 2, 4)
    assert dict(found.params)["char"] == "U+0007"


def test_locating_later_adds_no_findings_twice(tmp_path):
    source = load_text(tmp_path, "a: 1\na: 2\nb: {c: 3}\n")
    assert codes(source) == ["duplicate-key"]
    assert source.mark("/b/c") == (3, 8)
    assert codes(source) == ["duplicate-key"]


def test_tabs_in_content_are_fine(tmp_path):
    source = load_text(tmp_path, 'purpose: |\n  Keep:\n  \t- std.\nnote: "a\n\tb"\n')
    assert source.findings == [] and source.data["purpose"] == "Keep:\n\t- std.\n"


def test_tab_indentation_is_named(tmp_path):
    [found] = load_text(tmp_path, "a:\n\tb: 1\n").findings
    assert (found.code, found.line, found.column) == ("tab-indent", 2, 1)


def test_every_format_character_is_refused_but_the_joiners(tmp_path):
    """The written-out list covers Unicode's whole Cf category, as this Python knows it."""
    import sys
    import unicodedata

    from qmtool.load.characters import ALLOWED, refused

    format_characters = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]
    text = "".join(format_characters)
    found = {char.split()[0] for _, char, _ in refused(text)}
    assert found == {f"U+{ord(c):04X}" for c in format_characters if c not in ALLOWED}
    assert list(refused("ZWJ a\u200db, ZWNJ a\u200cb, 葛\U000E0100, ❤\uFE0F, 中文\u3000全角空格")) == []


def test_refused_characters_are_located_in_characters_after_a_bom_and_crlf(tmp_path):
    text = "\ufeffa: 会议服务\r\nb: 中\u202e文\r\n# 注释\x00\r\nc: 1\n"
    source = load_text(tmp_path, text)
    assert [(f.code, f.line, f.column) for f in source.findings] == [
        ("invisible-character", 2, 5), ("control-character", 3, 5)]
    assert dict(source.findings[0].params)["char"] == "U+202E RIGHT-TO-LEFT OVERRIDE"
    assert source.data is None  # a control character stops the reading: YAML cannot hold it


def test_invisible_characters_alone_do_not_stop_the_reading(tmp_path):
    source = load_text(tmp_path, "a: 中\u200b文\nb: [1, 2\n")
    assert codes(source) == ["invisible-character", "yaml-syntax"]


def test_reader_error_offsets_are_bytes_turned_into_characters():
    """libyaml's reader reports a byte offset; after Chinese text that is not the column."""
    import yaml
    from yaml._yaml import CParser

    from qmtool.load.loader import _error_mark

    text = "a: 1\nb: 会议服务\nc: 中文\x07\n"
    parser = CParser(text)
    try:
        while parser.get_event():
            pass
    except yaml.YAMLError as error:
        assert _error_mark(error, text) == (3, 6)
    else:
        raise AssertionError("libyaml read a control character")
    finally:
        parser.dispose()


def test_signed_zero_is_refused_wherever_a_number_is_written(tmp_path):
    source = load_text(tmp_path, "a: -0\nb: [-0.00, -.0, +0, 0, -0.01]\nc: {d: -0_0}\n")
    assert [(f.code, f.line, f.column, f.pointer) for f in source.findings] == [
        ("negative-zero", 1, 4, "/a"), ("negative-zero", 2, 5, "/b/0"), ("negative-zero", 2, 12, "/b/1")]
    assert source.data["b"][2:] == [0, 0, Decimal("-0.01")]


def test_every_default_ignorable_character_is_refused_but_joiners_and_variation_selectors(tmp_path):
    """Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt, 15.1): drawn as nothing, so each is
    refused, but the joiners and the variation selectors, which spell or choose a form and hide nothing."""
    from qmtool.load.characters import refused

    ranges = [(0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
              (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164),
              (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3),
              (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF)]
    allowed = {0x200C, 0x200D, 0x180B, 0x180C, 0x180D, 0x180F, *range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)}
    ignorable = [code for low, high in ranges for code in range(low, high + 1)]
    found = {int(char.split()[0][2:], 16) for _, char, _ in refused("".join(map(chr, ignorable)))}
    assert found == set(ignorable) - allowed


def test_refused_characters_written_as_escapes_are_refused_at_the_escape(tmp_path):
    """A double-quoted string can write by escape what the file may not hold: the same refusal, at the escape."""
    text = ('a: 1\nbasis: "最高限价\\u202e00.081元\\U000E0041"\n"k\\u200bey": 2\nc: "响\\e铃\\0"\n'
            'd: "\\\\u202e and \\t and \\n and \\u00e9 are fine"\n')
    source = load_text(tmp_path, text)
    assert [(f.code, f.line, f.column, dict(f.params)["char"].split()[0]) for f in source.findings] == [
        ("invisible-character", 2, 13, "U+202E"), ("invisible-character", 2, 26, "U+E0041"),
        ("invisible-character", 3, 3, "U+200B"), ("control-character", 4, 6, "U+001B"),
        ("control-character", 4, 9, "U+0000")]


def test_a_line_break_only_yaml_sees_stops_the_reading_so_no_line_is_misreported(tmp_path):
    """libyaml counts NEL, U+2028 and U+2029 as line breaks, editors do not: after one, every later line
    libyaml names would be one off. The character is reported where an editor shows it, and reading stops."""
    for char in "\x85\u2028\u2029":
        source = load_text(tmp_path, f"a: 1\nb: 2\nc: 3\ntitle: 机关食堂{char}餐饮服务程序\nd: 4\nowner: [x\n")
        assert [(f.code, f.line, f.column) for f in source.findings] == [("invisible-character", 4, 12)]
        assert source.data is None


def test_a_bad_byte_is_located_in_a_file_with_old_mac_line_endings(tmp_path):
    source = load_text(tmp_path, b"a: 1\r" * 8 + "b: 中".encode() + b"\xff\r")
    assert [(f.code, f.line, f.column) for f in source.findings] == [("encoding", 9, 5)]


def test_a_key_written_twice_is_named_at_its_own_pointer_with_both_lines(tmp_path):
    source = load_text(tmp_path, "a:\n  b: 1\n  c: 2\n  b: 3\nb: 4\n")
    [twice] = source.findings
    assert (twice.line, twice.column, twice.pointer, twice.code) == (4, 3, "/a/b", "duplicate-key")
    assert dict(twice.params)["first"] == 2 and dict(twice.params)["second"] == 4
    assert source.data == {"a": {"b": 1, "c": 2}, "b": 4}


def test_places_looked_up_for_a_few_pointers_are_those_of_the_whole_file(tmp_path):
    text = ("a: {b: [1, 2.50, {c: x}], d: yes}\n'<<': 1\ne:\n  - &x {f: 0x1F}\n  - *x\n  - g: 1\n    g: 2\n"
            "h/i~j: 3\n")
    pointers = load_text(tmp_path, text).marks
    for pointer in [*pointers, "/a/b/2/missing", "/e/1/f", "/nowhere"]:
        few = load_text(tmp_path, text)
        few.locate([pointer])
        whole = load_text(tmp_path, text)
        assert few.mark(pointer) == whole.mark(pointer), pointer
        assert few.mark(pointer, key=True) == whole.mark(pointer, key=True), pointer
        assert few.text(pointer, "?") == whole.text(pointer, "?"), pointer


# A file with very many problems (issue 11): like a compiler, qmtool shows the first LIMIT of a file in file
# order and one problem saying how many more there are; those not shown cost a count, not a message each.

MANY = 1000


def _unknown_keys(text: str, count: int) -> str:
    return text + "".join(f"k{i}: v\n" for i in range(count))


GROWN = {  # the base procedure grown by count problems of one kind, and their code
    "unknown keys": (_unknown_keys, "schema-unknown-key"),
    "keys written twice": (lambda text, count: text + "scope: again\n" * count, "duplicate-key"),
    "invisible characters": (lambda text, count: text.replace("scope: The demo service.",
                                                               'scope: "' + "a\u200b" * count + '"'),
                             "invisible-character"),
    "escaped characters": (lambda text, count: text.replace("scope: The demo service.", "scope:\n" + "".join(
        f'  "{i}\\u200b": x\n' for i in range(count))), "invisible-character"),
    "negative zeros": (lambda text, count: text.replace("related: [QM-01]", "related:\n" + "  - -0.0\n" * count),
                       "negative-zero"),
    "wrong types": (lambda text, count: text.replace("related: [QM-01]", "related:\n" + "  - 1\n" * count),
                    "needs-quotes"),
    "unknown grades": (lambda text, count: text.replace("  entry:\n", "".join(
        f"    - {{id: F{i + 3}, item: Session, grade: Z, unit: yuan, price: 1.00}}\n" for i in range(count))
        + "  entry:\n", 1), "fee-unknown-grade"),
}


def grow(workspace, kind: str, count: int = MANY) -> str:
    path = workspace / "procedures" / "QP-01-demo.yaml"
    path.write_text(GROWN[kind][0](path.read_text("utf-8"), count), "utf-8")
    return "procedures/QP-01-demo.yaml"


def place(item) -> tuple:
    return item.line, item.column, item.code, item.pointer


@pytest.mark.parametrize("kind", sorted(GROWN))
def test_a_file_of_many_problems_shows_its_first_in_file_order_and_how_many_more(workspace, kind, monkeypatch):
    name = grow(workspace, kind)
    found = [f for f in validate(Workspace.at(workspace)).findings if f.path == name]
    monkeypatch.setattr("qmtool.core.limit.LIMIT", 10 ** 9)
    every = sorted((f for f in validate(Workspace.at(workspace)).findings if f.path == name), key=place)
    assert len(every) >= MANY and {f.code for f in every} >= {GROWN[kind][1]}
    more = [f for f in found if f.code == "more-problems"]
    assert [dict(f.params) for f in more] == [{"count": len(every) - LIMIT, "errors": len(every) - LIMIT,
                                               "warnings": 0, "limit": LIMIT}]
    assert sorted((f for f in found if f not in more), key=place) == every[:LIMIT]


def test_problems_not_shown_are_never_put_into_words_nor_located(workspace, monkeypatch):
    grow(workspace, "unknown keys", 5000)
    suggested, looked_up = [], []
    close = difflib.get_close_matches
    monkeypatch.setattr(difflib, "get_close_matches", lambda *args: suggested.append(args) or close(*args))
    find = loader.find
    monkeypatch.setattr(loader, "find", lambda text, plain, pointers=None, at=None:
                        looked_up.append(pointers and set(pointers)) or find(text, plain, pointers, at))
    report = validate(Workspace.at(workspace))
    assert len(report.findings) == LIMIT + 1
    assert len(suggested) == LIMIT  # "did you mean" is worked out only for the keys shown
    assert looked_up and all(pointers is not None and len(pointers) <= 2 * LIMIT for pointers in looked_up)


@pytest.mark.parametrize("kind", ["keys written twice", "escaped characters", "negative zeros", "unknown grades"])
def test_a_problem_not_among_the_first_is_counted_without_being_made(workspace, kind, monkeypatch):
    made, counted = [], []
    for module in (loader, chosen):
        real = module.finding
        monkeypatch.setattr(module, "finding", lambda *args, real=real, **params: made.append(args) or
                            real(*args, **params))
    starts = loader.line_starts
    monkeypatch.setattr(loader, "line_starts", lambda text: counted.append(len(text)) or starts(text))
    grow(workspace, kind, 5000)
    found = validate(Workspace.at(workspace)).findings
    assert len([f for f in found if f.path.endswith("QP-01-demo.yaml")]) == LIMIT + 1
    assert len(made) <= 2 * LIMIT + 1
    assert len(counted) <= 1  # the lines of the file are counted once, not once for each escape


def test_jsonschema_reads_only_the_values_jsonschema_rs_finds_wrong(workspace, monkeypatch):
    """A long list with one mistake: jsonschema (tens of microseconds a value) looks at that one item,
    jsonschema-rs's yes/no check at the rest."""
    typed = []
    real = Draft202012Validator.VALIDATORS["type"]
    monkeypatch.setitem(Draft202012Validator.VALIDATORS, "type", lambda *args: typed.append(args[2]) or
                        real(*args))
    path = workspace / "procedures" / "QP-01-demo.yaml"
    path.write_text(path.read_text().replace("related: [QM-01]", "related:\n" + "  - QM-01\n" * 5000 + "  - 1\n"))
    [problem] = validate(Workspace.at(workspace), SchemaSet(builtin("schemas"))).findings
    assert (problem.code, problem.pointer) == ("needs-quotes", "/related/5000")
    assert len(typed) < 50
