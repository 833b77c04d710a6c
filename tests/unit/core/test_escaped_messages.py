"""A message quoting source text (a provider's name, a template's error, a file's name) shows each character no
source file may hold escaped, as \\u202e: raw, a bidirectional control would reorder the message on the screen
and a control character could move the terminal's cursor or clear it. Every code, every language, one rule."""
from __future__ import annotations

from string import Formatter

import pytest
from click.testing import CliRunner

from qmtool.cli import main
from qmtool.core.catalog import CATALOG
from qmtool.core.characters import REFUSED, escaped
from qmtool.core.messages import render
from qmtool.core.problem import finding

# A value of each kind a file may hold but a message must not show raw, and how it is shown.
QUOTED = {
    "right-to-left override": ("最高限价\u202e00.081元", "最高限价\\u202e00.081元"),
    "isolate": ("A\u2067B\u2069", "A\\u2067B\\u2069"),
    "escape sequence": ("\x1b[2Jname", "\\u001b[2Jname"),
    "NUL": ("a\x00b", "a\\u0000b"),
    "NEL": ("a\x85b", "a\\u0085b"),
    "tag character": ("a\U000e0041b", "a\\U000e0041b"),
    "zero-width space": ("a\u200bb", "a\\u200bb"),
}
KEPT = ["金穗物业", "a\u200db a\u200cb", "葛\U000E0100", "tab\there", "❤\ufe0f"]  # what a reader needs, left as is


@pytest.mark.parametrize("value", QUOTED, ids=list(QUOTED))
def test_a_refused_character_is_shown_escaped(value):
    raw, shown = QUOTED[value]
    assert escaped(raw) == shown


@pytest.mark.parametrize("text", KEPT)
def test_what_a_reader_needs_is_left_as_it_is(text):
    assert escaped(text) is text


def _fields(code: str) -> set[str]:
    texts = [text for pair in CATALOG[code][1].values() for text in pair]
    return {name.split(".")[0].split("[")[0] for text in texts for _, name, _, _ in Formatter().parse(text) if name}


@pytest.mark.parametrize("lang", ["en", "zh-Hans", "zh-Hant"])
@pytest.mark.parametrize("code", sorted(CATALOG))
def test_no_message_of_any_code_shows_a_refused_character_raw(code, lang):
    """Every param of every code quoting a value that holds one of each: none reaches the message or its hint."""
    value = "".join(raw for raw, _ in QUOTED.values()) + "two\nlines\r"
    params = {name: value for name in _fields(code)}
    if {"errors", "warnings"} & params.keys():
        params.update(errors=1, warnings=1)
    message, hint = render(code, lang, params)
    assert REFUSED.search(message + hint) is None
    assert "\n" not in message + hint and "\r" not in message + hint  # no quoted value starts a line of its own
    template = CATALOG[code][1][lang][0]
    if any("{" + name in template for name in params.keys() - {"errors", "warnings"}):
        assert "\\u202e" in message  # the value is quoted, escaped


def test_a_problem_names_a_file_with_a_refused_character_escaped(workspace):
    (workspace / "procedures" / "QP-09-\u202elmth.yaml").write_text("", "utf-8")
    result = CliRunner().invoke(main, ["validate", "--lang", "en"])
    # refused by its name alone (file-name, tests/unit/core/test_file_names.py), and named escaped
    assert "procedures/QP-09-\\u202elmth.yaml: error[file-name]" in result.stderr
    assert REFUSED.search(result.stderr) is None


def test_the_provider_name_warning_quotes_the_name_escaped(workspace):
    (workspace / "s.csv").write_text("provider,provider_name,period,kpi,score\n"
                                     "CT-001,A\u202eB,2026-Q1,K1,95\nCT-001,AB,2026-Q1,K2,90\n", "utf-8")
    result = CliRunner().invoke(main, ["assess", "QP-01", "s.csv", "--lang", "en"])
    assert 'CT-001 is named "AB" here but "A\\u202eB" at s.csv:2' in result.stderr
    assert REFUSED.search(result.stderr) is None


def test_a_refusal_naming_a_path_shows_it_escaped(workspace):
    result = CliRunner().invoke(main, ["build", "-o", "/proc/out\u202e", "--lang", "en"])
    assert result.exit_code == 2
    assert "/proc/out\\u202e" in result.stderr and REFUSED.search(result.stderr) is None


def test_a_template_error_quoting_the_template_s_text_shows_it_escaped(tmp_path):
    """Jinja's own message quotes the template; a value it builds with \\u escapes is a refused character."""
    message = finding("t.html", (1, 1), "", "template-error", reason="unexpected '\u202e'").problem("en").message
    assert message == "template error: unexpected '\\u202e'"


def test_a_provider_name_over_two_lines_is_quoted_on_the_message_s_line(workspace):
    """A CSV cell may hold a line break; quoted raw it would print a line that looks like a problem of its own."""
    (workspace / "s.csv").write_text('provider,provider_name,period,kpi,score\n'
                                     'CT-001,"AB\nx.yaml:1:1: error[fake]: forged",2026-Q1,K1,95\n'
                                     'CT-001,AB,2026-Q1,K2,90\n', "utf-8")
    result = CliRunner().invoke(main, ["assess", "QP-01", "s.csv", "--lang", "en"])
    assert 'but "AB\\nx.yaml:1:1: error[fake]: forged" at s.csv:2' in result.stderr
    assert not any(line.startswith("x.yaml") for line in result.stderr.splitlines())
