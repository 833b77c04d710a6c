"""The sandbox's size limits hold as a class: no operator, filter, method, `~` or output builds a value far
larger than its inputs, however the size is asked for, and ordinary templates render exactly as Jinja does."""
from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from qmtool.build.pipeline import build
from qmtool.core.messages import said
from qmtool.render.environment import TemplateFailure, render_located
from tests.helpers import override

BIG = "('x' * 999999)"  # within the limit of a million characters, as is each single step below
# Each of these would build three million characters or more; none makes more than 30 MB if it is not refused.
HUGE = [
    # widths and precisions however they are given: %-mappings, nested format fields, stars, Markup, bytes
    "'%(a)03000000d' % {'a': 1}", "'%((a))03000000d' % {'(a)': 1}", "'%.3000000f' % 1.5",
    "'%.*f' % (3000000, 1.5)", "'%(a)s%(a)s%(a)s' % {'a': " + BIG + "}", "'%s%s%s' % (" + f"{BIG}, {BIG}, {BIG})",
    "'{:>{}}'.format(1, 3000000)", "'{0:{1}}'.format('', 3000000)", "'{a:>{w}}'.format_map({'a': 1, 'w': 3000000})",
    "'{0}{0}{0}'.format(" + BIG + ")", "('{:>{}}'|attr('format'))(1, 3000000)", "'{:>{}}'['format'](1, 3000000)",
    "('{}{}{}'|safe).format(" + f"{BIG}, {BIG}, {BIG})", "('x'|safe).center(3000000)",
    "(('a' * 10)|safe).replace('a', " + BIG + ")",
    "'x'.encode().ljust(3000000)", "'%(a)s'|format(a=[" + BIG + "] * 3)", "'{}'.format([" + BIG + "] * 3)",
    # the ~ operator, which Jinja joins without asking the sandbox, and its constant form Jinja would fold
    f"{BIG} ~ {BIG} ~ {BIG}", "'x'|center(999999) ~ 'x'|center(999999)", f"'x' ~ [{BIG}] * 3",
    # a separator, a replacement, an indent or a fill repeated once per item, line or word
    f"([{BIG}] * 3)|join", "['a', 'b', 'c', 'd']|join(" + BIG + ")", "([{'a': " + BIG + "}] * 3)|join(attribute='a')",
    "('a' * 100)|replace('a', " + BIG + ")", "('a' * 10)|replace('', 'x' * 300000)",
    "{'a': [[[1]]]}|tojson(indent=1500000)", "{'a': [[1]]}|tojson(indent=" + BIG + ")",
    "'a\\nb\\nc'|indent(" + BIG + ")", "'a\\nb\\nc'|indent(1500000)",
    "('a b ' * 2)|wordwrap(1, wrapstring=" + BIG + ")", "('a.com b.org ' * 10)|urlize(target=" + BIG + ")",
    "range(10)|batch(3000000, 0)|list", "range(10)|slice(1200000)|list",
    "([['x'] * 1000] * 3000)|sum(start=[])", "['a', 'b']|map('center', 3000000)|list",
    # str, bytes and int methods
    "('x\\t' * 5).expandtabs(999999)", "('a' * 999999).translate({97: 'xyz'})", "(1).to_bytes(3000000, 'big')",
    "(" + BIG + ").join(['a'] * 5)", "('x' * 999999).replace('x', 'yy')", "lipsum(5000)",
    # a container printed, or turned into text, is as long as the text it makes
    f"([{BIG}] * 3)|string", f"([{BIG}] * 3)|upper", f"([{BIG}] * 3)|pprint",
    "{'a': " + BIG + ", 'b': " + BIG + "}|xmlattr",
    "{('k' * 1000): 'a ' * 20000}|pprint",  # short to print flat, but each word on a line indented by the key
    # the refusal's own message shows a container by its size, never by its text
    f"([{BIG}] * 999999) + [1, 2]", f"([{BIG}] * 999999) * 2",
]


def page(folder: Path, text: str, timeout: float = 60) -> str:
    (folder / "page.html").write_text(text, "utf-8")
    return render_located([folder], {"kind": "page"}, timeout)


def refused_on_line_2(folder: Path, body: str) -> TemplateFailure:
    """The sandbox's refusal of body, written on line 2 of a page: a template-error located there."""
    with pytest.raises(TemplateFailure) as refused:
        page(folder, "<p>\n" + body + "\n</p>\n")
    assert (refused.value.code, refused.value.line) == ("template-error", 2), refused.value.reason
    return refused.value


@pytest.mark.parametrize("expression", HUGE)
def test_an_operation_building_a_value_far_larger_than_its_inputs_is_refused_at_its_line(tmp_path, expression):
    refused = refused_on_line_2(tmp_path, "{{ (" + expression + ")|length }}")
    assert "larger than the sandbox allows" in said(refused.reason, "en")


def test_a_string_doubled_in_a_loop_is_refused_long_before_the_memory_runs_out(tmp_path):
    doubling = "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}"
    words = said(refused_on_line_2(tmp_path, doubling).reason, "en")
    assert "…(524288) ~ " in words and "larger than the sandbox allows" in words


WRITING = [
    "{% for i in range(5) %}{{ " + BIG + " }}{% endfor %}",
    "{% for i in range(40) %}{{ 'x'|center(999999) }}{% endfor %}",
    "{{ 'x'|center(999999) }}" * 5,  # constants Jinja would have printed when compiling, unchecked
    "{% macro m() %}{% for i in range(5) %}{{ " + BIG + " }}{% endfor %}{% endmacro %}{{ m()|length }}",
    "{% set s %}{% for i in range(5) %}{{ " + BIG + " }}{% endfor %}{% endset %}{{ s|length }}",
    "{% filter length %}{% for i in range(5) %}{{ " + BIG + " }}{% endfor %}{% endfilter %}",
    "{% macro m() %}{{ caller() }}{% endmacro %}{% call m() %}{% for i in range(5) %}{{ " + BIG + " }}"
    "{% endfor %}{% endcall %}",
    "{% set ns = namespace(kept=[" + BIG + "] * 5) %}{{ ns }}", "{{ [" + BIG + "] * 5 }}",
]


@pytest.mark.parametrize("writing", WRITING)
def test_what_a_template_writes_is_counted_as_it_is_written(tmp_path, writing):
    refused = refused_on_line_2(tmp_path, writing)
    assert "larger than the sandbox allows (4,000,000 characters)" in said(refused.reason, "en")


@pytest.mark.parametrize("how", ["{% include 'long.html' %}", "{% import 'long.html' as long %}",
                                 "{% from 'long.html' import nothing with context %}"])
def test_an_included_or_imported_template_is_counted_in_its_own_file(tmp_path, how):
    (tmp_path / "long.html").write_text("{% macro nothing() %}{% endmacro %}\n{% for i in range(5) %}{{ "
                                        + BIG + " }}{% endfor %}\n", "utf-8")
    refused = refused_on_line_2(tmp_path, how)
    assert refused.template.endswith("long.html")


def test_text_as_long_as_its_input_may_pass_the_item_limit(tmp_path):
    """A page may be longer than any one value (a macro's whole table, say): filtering it is no growth."""
    long = "{% set s %}{% for i in range(3) %}{{ " + BIG + " }}{% endfor %}{% endset %}"
    assert page(tmp_path, long + "{{ s|upper|replace('X', 'Y')|trim|length }}") == "2999997"
    assert page(tmp_path, "{{ ([[1]] * 999999)|sum(start=[])|length }}") == "999999"  # one pass, not a square


ORDINARY = """{{ 'ab'|center(6) }}|{{ [1, 2, 3]|join(', ') }}|{{ [[1], [2]]|sum(start=[]) }}
{{ [('a', 1)]|sum(start=()) }}|{{ [1, 2]|sum }}|{{ [{'p': 2}, {'p': 3}]|sum('p') }}
{{ {'b': 1, 'a': [1, 2]}|pprint }}|{{ {'a': '<'}|tojson }}|{{ {'a': 1, 'b': [1, {'c': 2}]}|tojson(indent=2) }}
{{ 'a b'|wordwrap(1) }}|{{ 'a\\nb'|indent(2, true) }}|{{ 'x'|indent('--', first=true) }}|{{ 'abc'|replace('b', 'x') }}
{{ 'x' ~ 1 ~ [1] ~ none }}|{{ range(7)|batch(3, 0)|list }}|{{ range(7)|slice(3, 'f')|list }}|{{ [3, 1, 2]|sort|join }}
{{ 'a<b'|e }}|{{ 'see a.com, or mail@x.org'|urlize(target='_blank') }}|{{ {'a': 'b<', 'c': none}|xmlattr }}
{{ (1).to_bytes(2, 'big') }}|{{ 'x\\ty'.expandtabs(4) }}|{{ '-'.join('abc') }}|{{ 'abc'.translate({97: 'zz'}) }}
{{ '{0!r:>8}|{1:08.3f}|{w:^{n}}'.format('a', 3.14159, w='m', n=5) }}|{{ '{a}'.format_map({'a': 1}) }}
{{ ('{}<'|safe).format('<') }}|{{ 'Hello %s'|format('w') }}|{{ '%(a)s-%(a)r-%05.1f-%x' % {'a': 'q'} if false }}
{{ '%s-%r-%05.1f-%x-%%-%c' % ('q', 'q', 2.25, 255, 65) }}|{{ [1, 2]|map('string')|join('+') }}
{{ ['a', 'b']|map('upper')|list }}|{{ {'x': 1}|dictsort }}|{{ 'abc'|truncate(2, true, '..', 0) }}|{{ 3.14159|round(2) }}
{{ 1234567|filesizeformat }}|{{ 'abc'|list }}|{{ 'a  b'|wordcount }}
{{ 'aBc'|title }}|{{ {'a': 1, 'b': 'x y'}|urlencode }}|{{ [1, [2, 3]]|string }}|{{ (1, 2)|list }}|{{ 'a' + 'b' }}
{% set ns = namespace(a=1) %}{{ ns }}|{% filter upper %}abc{% endfilter %}|{% set b %}blk{% endset %}{{ b }}
{% macro m(x) %}<{{ x }}>{{ caller() }}{% endmacro %}{% call m(2) %}in{% endcall %}|{{ '%s' % [1] }}|{{ [1] * 3 }}
{{ 2 ** 10 }}|{{ 'ab' * 3 }}|{{ 'ab'.ljust(4, '.') }}|{{ 'ab'.zfill(5) }}|{{ 'abab'.replace('a', 'c', 1) }}
{{ range(5)|select('odd')|join }}|{{ [{'k': 2}, {'k': 1}]|sort(attribute='k')|map(attribute='k')|join }}
{{ [{'k': 'a'}, {'k': 'b'}, {'k': 'a'}]|groupby('k')|map('first')|join }}|{{ {'a': 1}.items()|list }}
"""


def test_ordinary_templates_render_exactly_as_jinja_renders_them(tmp_path):
    jinja = ImmutableSandboxedEnvironment(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)
    assert page(tmp_path, ORDINARY) == jinja.from_string(ORDINARY).render()


def test_a_refusal_in_a_workspace_template_is_a_located_error_of_the_build(workspace):
    line = override(workspace, "cover.html", "{{ (" + f"{BIG} ~ {BIG} ~ {BIG}" + ")|length }}")
    [problem] = build(workspace, workspace / "build", only="QP-01").problems()
    assert (problem.code, problem.path, problem.line) == ("template-error", "templates/cover.html", line)
    assert "larger than the sandbox allows" in problem.message
    assert not (workspace / "build").exists()


# The sandbox's own words, in English; in a Chinese workspace none of them may be left in a refusal
ENGLISH = ("would be", "sandbox", "character", "items", "the field", "the format", "printing", "the text",
           "an integer", "bits", "a list", "a tuple", "a dict", "the call", "more than")


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
@pytest.mark.parametrize("expression", HUGE + ["9 ** (9 ** 9)", "(2 ** 4000) * (2 ** 4000)", "lipsum(5000, max=100)",
                                               "'%.9999999f' % 1.5", "[1] * 10 ** 7"])
def test_a_refusal_is_said_wholly_in_the_workspace_language(tmp_path, expression, lang):
    refused = refused_on_line_2(tmp_path, "{{ (" + expression + ")|length }}")
    words = said(refused.reason, lang)
    assert "沙箱" in words and not [english for english in ENGLISH if english in words], words


@pytest.mark.parametrize("writing", WRITING)
def test_a_refusal_of_what_a_template_writes_is_said_in_the_workspace_language(tmp_path, writing):
    words = said(refused_on_line_2(tmp_path, writing).reason, "zh-Hans")
    assert "（4,000,000 个字符）" in words and not [english for english in ENGLISH if english in words], words
