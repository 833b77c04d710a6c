"""Jinja's filters and lipsum, each refusing before it builds a value larger than the sandbox allows."""
from __future__ import annotations

import inspect
import io
import json
import pprint
from collections.abc import Iterator
from functools import wraps
from itertools import chain, islice

from jinja2 import pass_environment
from jinja2.filters import make_attrgetter
from jinja2.utils import generate_lorem_ipsum

from ..core.messages import Phrase
from .limits import (
    MAX_ITEMS,
    call,
    grow,
    items_limit,
    joined_size,
    printf_size,
    refuse,
    replaced_size,
    short,
    text_size,
)

# Filters that take a container as it is (to sort, sum, count, join...). Every other filter turns its value and
# arguments into text first, so a container is measured as the text it would print.
_WHOLE = frozenset({
    "abs", "attr", "batch", "count", "d", "default", "dictsort", "filesizeformat", "first", "float", "groupby",
    "int", "items", "join", "last", "length", "list", "map", "max", "min", "pprint", "random", "reject",
    "rejectattr", "reverse", "round", "select", "selectattr", "slice", "sort", "sum", "tojson", "unique"})
# Filters that read the whole of an iterator given to them: more than MAX_ITEMS items are refused unread.
_READ_ALL = frozenset({"groupby", "join", "list", "slice", "sort", "sum"})


def bounded_filters(filters: dict) -> dict:
    """Every filter, checked before it runs (an argument that sets how large its result is: a width, a count,
    a separator repeated) and after (its result is no larger than MAX_ITEMS or its largest input)."""
    filters = dict(filters, sum=_sum, pprint=_pprint)
    return {name: _bounded(name, original) for name, original in filters.items()}


def dumps(value, **options) -> str:
    """json.dumps for tojson. With an indent every line is indented as deep as it nests, so the text is
    counted as the encoder makes it and refused once past the limit."""
    grow(text_size(value), (value,), lambda: call("tojson", value))
    indent = options.get("indent")
    if indent is None:
        return json.dumps(value, **options)
    grow(_number(indent) if not isinstance(indent, str) else 0, (), lambda: call("tojson", indent=indent))
    chunks, size = [], 0
    for chunk in json.JSONEncoder(**options).iterencode(value):
        size += len(chunk)
        if size > MAX_ITEMS:
            refuse(call("tojson", value, indent=indent), items_limit())
        chunks.append(chunk)
    return "".join(chunks)


def lipsum(n=5, html=True, min=20, max=100):  # Jinja's own names: a template may pass them by name
    """Jinja's lipsum: n paragraphs of fewer than max words, a word being at most 12 letters and a space."""
    grow(_number(n) * _number(max) * 13, (), lambda: call("lipsum", n, max=max))
    return generate_lorem_ipsum(n, html, min, max)


def read_all(values: Iterator, operation: str) -> list:
    """An iterator's items, refused when there are more than MAX_ITEMS (the rest are never made)."""
    items = list(islice(values, MAX_ITEMS + 1))
    if len(items) > MAX_ITEMS:
        refuse(Phrase(("sandbox-more-items", operation, f"{MAX_ITEMS:,}")), items_limit())
    return items


def _bounded(name: str, original):
    check = _CHECKS.get(name)
    signature = _arguments(check) if check else None
    passed = 1 if hasattr(original, "jinja_pass_arg") else 0  # the context, environment or eval_ctx Jinja passes

    @wraps(original)
    def bounded(*args, **kwargs):
        given = args[passed:]
        if name in _READ_ALL and given and isinstance(given[0], Iterator):
            given = (read_all(given[0], name), *given[1:])
            args = (*args[:passed], *given)
        if name not in _WHOLE:
            for value in (*given, *kwargs.values()):
                grow(text_size(value), (value,), lambda: call(name, value))  # noqa: B023 (called at once)
        if check is not None:
            try:
                bound = signature.bind(*given, **kwargs)
            except TypeError:  # wrong arguments: the filter itself says so, in its own words
                return original(*args, **kwargs)
            check(args[0] if passed else None, *bound.args, **bound.kwargs)
        result = original(*args, **kwargs)
        if isinstance(result, (str, bytes, list, tuple, dict)) and len(result) > MAX_ITEMS:
            first = given[0] if given and isinstance(given[0], (list, tuple)) else ()
            grow(len(result), (*given, *kwargs.values(), *first), lambda: call(name, given[0]))
        return result

    return bounded


def _arguments(check) -> inspect.Signature:
    """The arguments a check takes after the context, environment or eval_ctx: the filter's own."""
    signature = inspect.signature(check)
    return signature.replace(parameters=list(signature.parameters.values())[1:])


def _center(context, value, width=80):
    grow(_number(width), (value,), lambda: call("center", value, width))


def _indent(context, s, width=4, first=False, blank=False):
    text = str(s)
    prefix = len(width) if isinstance(width, str) else _number(width)
    grow(len(text) + (len(text.splitlines()) + 1) * prefix, (s, width),
         lambda: call("indent", s, width))


def _replace(context, s, old, new, count=None):
    grow(replaced_size(str(s), str(old), str(new), count), (s, old, new),
         lambda: call("replace", s, old, new))


def _format(context, value, *args, **kwargs):
    grow(printf_size(str(value), kwargs or args), (value, *args, *kwargs.values()),
         lambda: Phrase(("sandbox-format", short(value))))


def _join(context, value, d="", attribute=None):
    items = value if attribute is None else map(make_attrgetter(context.environment, attribute), value)
    size, count = joined_size(items, d)
    if count > 1:
        grow(size, (), lambda: call("join", value, d))


def _wordwrap(context, s, width=79, break_long_words=True, wrapstring=None, break_on_hyphens=True):
    text = str(s)
    joint = context.newline_sequence if wrapstring is None else str(wrapstring)
    # Each line but the last, with the word that did not fit after it, holds more than width characters.
    lines = 2 * len(text) // max(_number(width), 1) + len(text.splitlines())
    grow(len(text) + max(lines - 1, 0) * len(joint), (s, wrapstring),
         lambda: call("wordwrap", s, width, wrapstring=wrapstring))


def _urlize(context, value, trim_url_limit=None, nofollow=False, target=None, rel=None, extra_schemes=None):
    text = str(value)
    each = len(str(target or "")) + len(str(rel or ""))  # written into every link made
    grow(len(text) + len(text.split()) * each, (value, target, rel),
         lambda: call("urlize", value, target=target, rel=rel))


def _batch(context, value, linecount, fill_with=None):
    if fill_with is not None:  # the last batch is filled up to linecount items
        grow(_number(linecount), (value,), lambda: call("batch", value, linecount))


def _slice(context, value, slices, fill_with=None):
    grow(_number(slices), (value,), lambda: call("slice", value, slices))


_CHECKS = {"center": _center, "indent": _indent, "replace": _replace, "format": _format, "join": _join,
           "wordwrap": _wordwrap, "urlize": _urlize, "batch": _batch, "slice": _slice}


@pass_environment
def _sum(environment, iterable, attribute=None, start=0):
    """Jinja's sum. Lists or tuples are joined in one pass: adding them one by one, as sum does, takes time
    growing with the square of their number."""
    if attribute is not None:
        iterable = map(make_attrgetter(environment, attribute), iterable)
    items = list(iterable)
    kind = list if isinstance(start, list) else tuple if isinstance(start, tuple) else None
    if kind is None or not all(isinstance(item, kind) for item in items):
        return sum(items, start)
    grow(len(start) + sum(map(len, items)), (start, *items), lambda: call("sum", items, start=start))
    return kind(chain(start, *items))


class _Counted(io.StringIO):
    """A stream refusing to hold more than MAX_ITEMS characters."""

    def write(self, text: str) -> int:
        if self.tell() + len(text) > MAX_ITEMS:
            refuse("pprint", items_limit())
        return super().write(text)


def _pprint(value) -> str:
    """Jinja's pprint, written into a bounded stream: nesting indents each line, so a value short to print flat
    can be long to pretty-print."""
    grow(text_size(value), (value,), lambda: call("pprint", value))  # pprint makes the flat text first
    stream = _Counted()
    pprint.PrettyPrinter(stream=stream).pprint(value)
    return stream.getvalue()[:-1]  # pprint ends with a newline that pformat leaves out


def _number(value) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0
