"""The one reader of untrusted JSON (caches, memos, a release's record): anything it cannot trust is None,
never an exception, however deep, big or broken the file."""
from __future__ import annotations

import json
import os

import pytest

from qmtool.core import jsonfile
from qmtool.core.jsonfile import parse_object, read_object
from tests.helpers import DEEP_JSON

UNTRUSTED = {
    "deep": DEEP_JSON.encode(),
    "deep object": b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
    "deep but parseable": b'{"outputs": ' + b"[" * 500 + b"]" * 500 + b"}",  # json.loads reads it; dumps would not
    "lone surrogate": b'{"outputs": {"\\ud800": {}}}',  # read as text, never encodable as UTF-8 again
    "huge number": b'{"n": ' + b"9" * 10_000 + b"}",
    "not UTF-8": b'{"a": "\xff"}',
    "malformed": b'{"a": ',
    "a list": b"[]",
    "null": b"null",
    "empty": b"",
    "NUL bytes": b"\0" * 10,
    "a key twice": b'{"outputs": {}, "outputs": {"a.pdf": {}}}',  # which value counts is the reader's choice
    "a key twice deep": b'{"outputs": {"a.pdf": {"key": "x", "key": "y"}}}',
}


@pytest.mark.parametrize("data", UNTRUSTED.values(), ids=UNTRUSTED)
def test_what_cannot_be_trusted_is_unreadable(tmp_path, data):
    (tmp_path / "x.json").write_bytes(data)
    assert read_object(tmp_path / "x.json") is None


def test_an_object_as_qmtool_writes_it_is_read(tmp_path):
    record = {"documents": [{"pdf": {"path": "a.pdf"}, "approvals": [{"by": "质量办公室 😀"}]}], "n": 1.5}
    (tmp_path / "x.json").write_text(json.dumps(record, ensure_ascii=False), "utf-8")
    assert read_object(tmp_path / "x.json") == record
    (tmp_path / "y.json").write_text(json.dumps(record), "utf-8")  # escaped surrogate pairs are characters
    assert read_object(tmp_path / "y.json") == record


def test_a_file_over_the_size_limit_is_unreadable_unread(tmp_path, monkeypatch):
    monkeypatch.setattr(jsonfile, "MAX_BYTES", 10)
    (tmp_path / "x.json").write_bytes(b'{"a": "12345"}')
    assert read_object(tmp_path / "x.json") is None


@pytest.mark.parametrize("kind", ["missing", "fifo", "folder", "dangling link"])
def test_what_is_no_regular_file_is_unreadable_and_never_waited_on(tmp_path, kind):
    path = tmp_path / "x.json"
    {"missing": lambda: None, "fifo": lambda: os.mkfifo(path), "folder": path.mkdir,
     "dangling link": lambda: path.symlink_to(tmp_path / "nothing")}[kind]()
    assert read_object(path) is None


def test_each_key_written_twice_is_said_by_its_pointer():
    parsed = parse_object(b'{"documents": [], "a/b": [{"x~": 1, "x~": 2}], "documents": [{"v": "9", "v": "3"}]}')
    assert parsed.value == {"documents": [{"v": "3"}], "a/b": [{"x~": 2}]}  # as Python reads it: the last
    assert parsed.twice == ["/documents", "/documents/0/v", "/a~1b/0/x~0"]
