"""The sandbox's size limits, and how large a value a template operation would build, reckoned before it is built."""
from __future__ import annotations

from collections.abc import ItemsView, KeysView, Mapping, ValuesView

from jinja2.utils import Namespace

from ..core.messages import Phrase
from .refusal import Refused

MAX_ITEMS = 1_000_000  # characters or items one operation may build: a page's longest text is far shorter
MAX_BITS = 4096  # bits of an integer one operator may make: about 1,200 digits, more than any fee or score
# Characters of one page, and of all a template writes into one macro, block or {% set %}. The largest page
# of the reference workspace is its manual, 46,129 characters; the manual of the 300-procedure benchmark
# workspace is 1,502,879 (628 pages, 129 s in WeasyPrint). 4 million is 87 times the one and 2.7 times the
# other, and keeps a page that fills it to minutes of WeasyPrint (bench/RESULTS.md), never hours.
MAX_PAGE = 4_000_000
_CONTAINERS = (list, tuple, set, frozenset, KeysView, ValuesView, ItemsView)


def text_size(value, limit: int = MAX_ITEMS) -> int:
    """About how many characters str(value) has, counted no further than just past limit. A list of a million
    references to one long string is small to hold and endless to print: containers are walked, without
    recursion, each item costing at least one character so the walk ends soon after limit."""
    if isinstance(value, (str, bytes)):
        return len(value)
    total, waiting = 0, [value]
    while waiting and total <= limit:
        item = waiting.pop()
        if isinstance(item, (str, bytes)):
            total += len(item) + 3  # quoted, and a separator
        elif isinstance(item, bool) or item is None:
            total += 6
        elif isinstance(item, int):
            total += item.bit_length() * 3 // 10 + 3
        elif isinstance(item, Mapping):
            total += 2 + 4 * len(item)
            waiting.extend(item.keys())
            waiting.extend(item.values())
        elif isinstance(item, _CONTAINERS):
            total += 2 + 2 * len(item)
            waiting.extend(item)
        elif isinstance(item, Namespace):  # prints as <Namespace {...its attributes...}>
            total += 14
            waiting.append(object.__getattribute__(item, "_Namespace__attrs"))
        else:  # a number, a date, a macro, a loop: a short text of its own
            total += 40
    return total


def printf_size(text: str | bytes, values) -> int:
    """About the length of text % values: the text, and for each conversion the larger of its width and its
    value's text (numbers by their digits and precision). It parses as Python does; where Python would refuse
    the format, it stops and leaves the refusal to Python."""
    if isinstance(text, bytes):
        text = text.decode("latin-1")
    arguments = list(values) if isinstance(values, tuple) else [values]
    arguments.reverse()
    size, at, end = 0, 0, len(text)
    while (percent := text.find("%", at)) >= 0:
        size, at = size + percent - at, percent + 1
        key = None
        if text.startswith("(", at):  # %(name)s: the name may hold balanced parentheses
            depth, start = 0, at
            while at < end and (depth := depth + {"(": 1, ")": -1}.get(text[at], 0)):
                at += 1
            key, at = text[start + 1:at], at + 1
        while at < end and text[at] in "-+ #0":
            at += 1
        width, at = _number(text, at, arguments)
        precision = None
        if text.startswith(".", at):
            precision, at = _number(text, at + 1, arguments)
        while at < end and text[at] in "hlL":
            at += 1
        if at >= end:
            return size
        kind, at = text[at], at + 1
        if kind == "%":
            size += 1
            continue
        try:
            value = values[key] if key is not None else arguments.pop()
        except Exception:  # noqa: BLE001 (Python refuses it the same way)
            return size
        size += max(width, _converted_size(kind, value, precision))
    return size + end - at


def joined_size(items, separator) -> tuple[int, int]:
    """About the length of separator.join(items), counted no further than just past MAX_ITEMS, and how many
    items were counted: a long separator between a million short items is as long as a million long items."""
    gap, size, count = text_size(separator), 0, 0
    for item in items:
        size += text_size(item, MAX_ITEMS - size) + (gap if count else 0)
        count += 1
        if size > MAX_ITEMS and count > 1:
            break
    return size, count


def replaced_size(text: str | bytes, old: str | bytes, new: str | bytes, count=None) -> int:
    """The length of text.replace(old, new, count): an empty old is found between every two characters."""
    times = text.count(old) if old else len(text) + 1
    if isinstance(count, int) and count >= 0:
        times = min(times, count)
    return len(text) + times * (len(new) - len(old))


def spec_width(spec: str) -> int:
    """The largest number in a format specification ('>999999' or '.999f' after its fields are filled in): its
    width or precision, or a digit of fill that is smaller."""
    digits = "".join(c if c.isdigit() else " " for c in spec).split()
    return max((_digits(d) for d in digits), default=0)


def grow(size: int, inputs: tuple, operation) -> None:
    """Refuse an operation that would build size characters or items, when that is over MAX_ITEMS and larger
    than its largest input: filtering a long page of template output is fine, doubling a string is not.
    operation is its description, or a function making it (only needed when refusing)."""
    if size > MAX_ITEMS and size > max((_length(i) for i in inputs), default=0):
        refuse(operation() if callable(operation) else operation, items_limit())


def refuse(operation, limit: Phrase) -> None:
    """Refuse an operation (its description: code, a Phrase, or a tuple of both run together) past limit."""
    raise Refused(Phrase(("sandbox-too-large", operation, limit)))


def items_limit() -> Phrase:
    return Phrase(("limit-items", f"{MAX_ITEMS:,}"))


def page_limit() -> Phrase:
    return Phrase(("limit-characters", f"{MAX_PAGE:,}"))


def bits_limit() -> Phrase:
    return Phrase(("limit-bits", MAX_BITS))


def short(value) -> str | Phrase:
    """A value as a refusal shows it: a long string by its start and length, a container by its size (its
    repr could be the very thing too large to build); in words where it is not code."""
    if isinstance(value, (str, bytes)):
        return repr(value) if len(value) <= 40 else f"{value[:30]!r}…({len(value)})"
    if isinstance(value, bool) or value is None or isinstance(value, float):
        return repr(value)
    if isinstance(value, int):
        return repr(value) if value.bit_length() <= 128 else Phrase(("value-integer", value.bit_length()))
    if isinstance(value, (Mapping, *_CONTAINERS)):
        return Phrase(("value-items", type(value).__name__, len(value)))
    return Phrase(("value-object", type(value).__name__))


def call(name: str, *args, **kwargs) -> tuple:
    """A call as a refusal shows it: name(value, key=value), each value as short() shows it."""
    shown = [short(arg) for arg in args] + [(f"{key}=", short(value)) for key, value in kwargs.items()]
    return (name, "(", *joined(", ", shown), ")")


def joined(separator: str, parts) -> tuple:
    """Descriptions (text or words) with separator between them, as one description."""
    return tuple(piece for n, part in enumerate(parts) for piece in ((separator, part) if n else (part,)))


def _length(value) -> int:
    try:
        return len(value) if isinstance(value, (str, bytes, Mapping, *_CONTAINERS)) else 0
    except TypeError:
        return 0


def _number(text: str, at: int, arguments: list) -> tuple[int, int]:
    """A width or precision of a %-format at text[at:]: digits, or * taking the next argument."""
    if text.startswith("*", at):
        value = arguments.pop() if arguments else 0
        return (value if isinstance(value, int) else 0), at + 1
    start = at
    while at < len(text) and text[at].isdigit():
        at += 1
    return _digits(text[start:at]), at


def _digits(digits: str) -> int:
    """A run of digits as a number, without converting a thousand-digit one (Python refuses those)."""
    return int(digits) if 0 < len(digits) <= 12 else (10**12 if digits else 0)


def _converted_size(kind: str, value, precision: int | None) -> int:
    if kind in "sra":  # the whole text is made even when a precision then cuts it
        return text_size(value) + (2 if kind != "s" else 0)
    if kind in "diuxXoc":
        bits = value.bit_length() if isinstance(value, int) else 1100  # a float's integer part: 308 digits
        return max(bits // 3 + 4, precision or 0)  # octal, the longest, has a digit for every three bits
    if kind in "eEfFgG":
        return 320 + (6 if precision is None else precision)
    return 0
