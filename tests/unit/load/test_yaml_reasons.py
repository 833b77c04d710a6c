"""libyaml's reasons for the syntax errors an author meets most said in the workspace's language, not in
libyaml's English inside a Chinese message."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from qmtool.load.loader import load_bytes

BROKEN = {  # a file libyaml refuses, each for a different reason
    "flow sequence": b"a: [1, 2\nb: 3\n", "hex escape": b'a: "\\x"\n', "unknown escape": b'a: "\\q"\n',
    "version": b"%YAML 1.3\n---\na: 1\n", "token": b"k: @x\n", "mapping here": b"a: b: c\n",
    "nesting": b"[" * 2000, "block collection": b"- a\nb: 1\n", "flow mapping": b"a: {b: 1\n",
    "end of stream": b'a: "abc\n', "expected key": b"a: |\n  x\n y: 1\n", "anchor": b"a: &\n",
    "directive": b"%FOO\n---\na\n", "tag handle": b"a: !x!y z\n",
}


@pytest.mark.parametrize("name", sorted(BROKEN))
@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
def test_a_syntax_error_is_said_in_the_workspace_language(name, lang):
    [found] = [f for f in load_bytes(BROKEN[name], Path("QP-01.yaml")).findings if f.code == "yaml-syntax"]
    message = found.problem(lang).message
    assert not re.search(r"\b(?!YAML\b)[A-Za-z]{3,}", message), message  # no English word but the name YAML


def test_english_keeps_libyaml_s_own_words():
    [found] = load_bytes(BROKEN["flow sequence"], Path("QP-01.yaml")).findings
    assert found.problem("en").message == ("YAML syntax error: while parsing a flow sequence: did not find "
                                           "expected ',' or ']'")
