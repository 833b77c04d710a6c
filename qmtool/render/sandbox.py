"""Jinja's sandbox, refusing every operation that would build a value too large to compute or print.

Three kinds of bound, so that no way round one list of examples is left open:
- each operator, filter, method and `~` is reckoned before it runs where an argument sets how large its
  result is (a width, a count, an exponent, a separator or replacement repeated), and its result is checked
  after (no larger than MAX_ITEMS, or than its largest input);
- a container is measured as the text it would make wherever it is printed or turned into text;
- what a template writes is counted as it is written, into the page and into every macro, block and
  {% set %} block, and refused past MAX_PAGE.
Jinja's compile-time folding of constant expressions is off: it would run filters and joins unchecked.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from functools import update_wrapper

from jinja2 import Template, pass_eval_context
from jinja2.compiler import CodeGenerator
from jinja2.environment import TemplateModule
from jinja2.runtime import BlockReference, LoopContext, Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedEscapeFormatter, SandboxedFormatter, SecurityError
from markupsafe import Markup

from ..core.messages import Phrase, Word
from .filters import bounded_filters, dumps, lipsum, read_all
from .limits import (
    MAX_BITS,
    MAX_ITEMS,
    MAX_PAGE,
    bits_limit,
    call,
    grow,
    joined,
    joined_size,
    page_limit,
    printf_size,
    refuse,
    replaced_size,
    short,
    spec_width,
    text_size,
)

_WIDTH = frozenset({"center", "ljust", "rjust", "zfill"})  # str and bytes methods padding to a width


class _Output(list):
    """What a template writes into its page, or into one macro, block or {% set %} block, counted as it is
    written: a loop writing a long string a million times stops at MAX_PAGE, not when the memory runs out."""

    size = 0  # characters so far (a class default: a macro makes one of these at every call)

    def append(self, piece) -> None:  # once for each piece of a page: kept to the least work
        self.size += len(piece)
        if self.size > MAX_PAGE:
            refuse(Word("sandbox-page-text"), page_limit())
        _append(self, piece)

    def extend(self, pieces) -> None:
        pieces = tuple(pieces)
        self.size += sum(map(len, pieces))
        if self.size > MAX_PAGE:
            refuse(Word("sandbox-page-text"), page_limit())
        _extend(self, pieces)


_append, _extend = list.append, list.extend


def _written(pieces) -> _Output:
    """A template's stream of output, counted. Refused in the template itself, at the line that wrote the
    piece too many (in the innermost template writing it), so the refusal is located there."""
    if isinstance(pieces, _Output):
        return pieces
    output = _Output()
    for piece in pieces:
        try:
            output.append(piece)
        except SecurityError as refusal:
            if _is_template(pieces):
                innermost(pieces).throw(refusal)
            raise
    return output


def innermost(generator):
    """The innermost template generator a suspended template generator waits on: through yield from (an
    extended template, a block) and the gen an include reads."""
    while _is_template(inner := generator.gi_yieldfrom or generator.gi_frame.f_locals.get("gen")):
        generator = inner
    return generator


def _is_template(generator) -> bool:
    frame = getattr(generator, "gi_frame", None)
    return frame is not None and "__jinja_template__" in frame.f_globals


class _Compiler(CodeGenerator):
    """Jinja's code generator, with every buffer a template writes into counted, and `~` checked like the
    other operators (Jinja joins its operands itself, without asking the sandbox)."""

    def buffer(self, frame) -> None:
        frame.buffer = self.temporary_identifier()
        self.writeline(f"{frame.buffer} = environment.output()")

    def visit_Concat(self, node, frame) -> None:
        if frame.eval_ctx.volatile:  # as Jinja's own visit_Concat chooses
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        else:
            join = "markup_join" if frame.eval_ctx.autoescape else "str_join"
        self.write(f"environment.concatenate({join}, (")
        for operand in node.nodes:
            self.visit(operand, frame)
            self.write(", ")
        self.write("))")


class _Template(Template):
    def make_module(self, vars=None, shared=False, locals=None):  # Jinja's own names
        """An imported template: what its body writes is counted like any other output."""
        context = self.new_context(vars, shared, locals)
        return TemplateModule(self, context, _written(self.root_render_func(context)))


class _Formatter(SandboxedFormatter):
    """str.format in the sandbox, refusing a width or precision (also one given by a nested field, as in
    '{:>{}}') or a field repeated that would make the text too long."""

    def vformat(self, format_string, args, kwargs):
        self.made, self.inputs = 0, (format_string, *args, *(kwargs.values() if hasattr(kwargs, "values") else ()))
        return super().vformat(format_string, args, kwargs)

    def get_field(self, field_name, args, kwargs):
        value, key = super().get_field(field_name, args, kwargs)
        grow(text_size(value), (value,), lambda: Phrase(("sandbox-field", field_name, short(value))))
        return value, key

    def format_field(self, value, format_spec):
        grow(spec_width(format_spec), (value,), lambda: Phrase(("sandbox-format-spec", short(format_spec))))
        text = super().format_field(value, format_spec)
        self.made += len(text)
        grow(self.made, self.inputs, "str.format")
        return text


class _EscapeFormatter(_Formatter, SandboxedEscapeFormatter):
    pass


@pass_eval_context  # a finalize needing the context keeps Jinja from printing constants at compile time
def _printable(eval_ctx, value):
    """A value about to be printed, refused if it would print more than a page (a list of a million
    references to one long string)."""
    if not isinstance(value, (str, int, float)) and text_size(value, MAX_PAGE) > MAX_PAGE:
        refuse(Phrase(("sandbox-printing", short(value))), page_limit())
    return value


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, bounded (see the module's docstring)."""

    code_generator_class = _Compiler
    template_class = _Template
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, **options) -> None:
        super().__init__(optimized=False, finalize=_printable, **options)
        self.filters = bounded_filters(self.filters)
        self.globals["lipsum"] = lipsum
        self.policies["json.dumps_function"] = dumps

    def output(self) -> _Output:
        return _Output()

    def concat(self, pieces) -> str:  # how Jinja joins a page, block or buffer: counted as it is read
        return "".join(_written(pieces))

    def concatenate(self, join, operands: tuple) -> str:
        """a ~ b ~ c."""
        grow(sum(text_size(operand) for operand in operands), operands,
             lambda: joined(" ~ ", [short(operand) for operand in operands]))
        return join(operands)

    def call_binop(self, context, operator: str, left, right):
        if operator == "**" and _integer(left) and _integer(right) and right > 0 and abs(left) > 1:
            if right * math.log2(abs(left)) > MAX_BITS:
                refuse((short(left), " ** ", short(right)), bits_limit())
        elif operator == "*" and _integer(left) and _integer(right):
            if left.bit_length() + right.bit_length() > MAX_BITS:
                refuse((short(left), " * ", short(right)), bits_limit())
        elif operator == "*" and (_integer(left) or _integer(right)):
            count, sequence = (left, right) if _integer(left) else (right, left)
            if hasattr(sequence, "__len__"):
                grow(count * len(sequence), (sequence,), lambda: (short(sequence), f" * {count}"))
        elif operator == "+" and hasattr(left, "__len__") and hasattr(right, "__len__"):
            grow(len(left) + len(right), (left, right), lambda: (short(left), " + ", short(right)))
        elif operator == "%" and isinstance(left, (str, bytes)):
            grow(printf_size(left, right), (left, right), lambda: Phrase(("sandbox-format", short(left))))
        return super().call_binop(context, operator, left, right)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's own signature)
        args = _check_method(__obj, args, kwargs)
        result = super().call(__context, __obj, *args, **kwargs)
        if isinstance(result, (str, bytes, list, tuple, dict)) and len(result) > MAX_ITEMS and \
                not isinstance(__obj, (Macro, BlockReference, LoopContext)):  # their output is counted as written
            grow(len(result), (getattr(__obj, "__self__", None), *args, *kwargs.values()),
                 lambda: (getattr(__obj, "__name__", None) or Word("sandbox-call"), "(…)"))
        return result

    def wrap_str_format(self, value):
        """str.format and format_map, as Jinja's sandbox wraps them, with the bounded formatter."""
        if super().wrap_str_format(value) is None:
            return None
        text, is_map = value.__self__, value.__name__ == "format_map"
        formatter = _EscapeFormatter(self, escape=text.escape) if isinstance(text, Markup) else _Formatter(self)

        def wrapper(*args, **kwargs):
            if is_map:
                if kwargs:
                    raise TypeError("format_map() takes no keyword arguments")
                if len(args) != 1:
                    raise TypeError(f"format_map() takes exactly one argument ({len(args)} given)")
                args, kwargs = (), args[0]
            return type(text)(formatter.vformat(text, args, kwargs))

        return update_wrapper(wrapper, value)


def _check_method(method, args: tuple, kwargs: dict) -> tuple:
    """Refuse a str, bytes or int method whose argument would make its result too long: 'x'.ljust(10**9),
    '\\t'.expandtabs(10**6), sep.join(...), 'a'.translate({97: long}), (1).to_bytes(10**9). The arguments to
    call it with (an iterator to join is read here, and handed on as a list)."""
    owner, name = getattr(method, "__self__", None), getattr(method, "__name__", "")
    if isinstance(owner, (str, bytes)):
        tab = "\t" if isinstance(owner, str) else b"\t"  # also of the type a Markup's arguments are
        if name in _WIDTH:
            grow(_argument(args, kwargs, 0, "width"), (owner,), lambda: (name, "(", short(owner), ", …)"))
        elif name == "expandtabs":
            tabsize = _argument(args, kwargs, 0, "tabsize", 8)
            grow(len(owner) + owner.count(tab) * tabsize, (owner,), lambda: call("expandtabs", owner, tabsize))
        elif name == "replace" and len(args) >= 2 and all(isinstance(a, type(tab)) for a in args[:2]):
            grow(replaced_size(owner, args[0], args[1], args[2] if len(args) > 2 else None), (owner, *args[:2]),
                 lambda: call("replace", owner, *args[:2]))
        elif name == "join" and len(args) == 1 and isinstance(args[0], Iterable):
            items = read_all(args[0], "join") if isinstance(args[0], Iterator) else args[0]
            size, count = joined_size(items, owner)
            if count > 1:
                grow(size, (), lambda: (short(owner), ".join(", short(items), ")"))
            args = (items,)
        elif name == "translate" and args and isinstance(owner, str):
            table = args[0]
            mapped = table.values() if hasattr(table, "values") else table if isinstance(table, (list, tuple)) else ()
            longest = max((len(text) for text in mapped if isinstance(text, str)), default=1)
            grow(len(owner) * longest, (owner,), lambda: call("translate", owner, table))
    elif _integer(owner) and name == "to_bytes":
        grow(_argument(args, kwargs, 0, "length", 1), (), lambda: ("(", short(owner), ").to_bytes(…)"))
    return args


def _argument(args: tuple, kwargs: dict, index: int, name: str, default: int = 0) -> int:
    """A numeric argument given by position or name; 0 where it is not a number (the call then fails anyway)."""
    value = args[index] if len(args) > index else kwargs.get(name, default)
    return value if _integer(value) else 0


def _integer(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
