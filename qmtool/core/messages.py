"""Problem messages in the reader's language: a code and its params, put into the catalog's words."""
from __future__ import annotations

from string import Formatter

from .bilingual import Bilingual, bilingual
from .catalog import CATALOG, WORDS
from .characters import one_line


class Word(str):
    """A param that is itself a word of the catalog, put into the message's language."""


class Phrase(tuple):
    """A catalog word with arguments: Phrase(("e.g.", "QP-03")) becomes "e.g. QP-03" or "例如 QP-03"."""


class Listing(tuple):
    """Several values, joined with the language's list separator."""


class _Counting(Formatter):
    """str.format, plus English plurals: {days:day|days} is "1 day" or "3 days". Chinese has no plural and
    its messages never ask for one."""

    def format_field(self, value, spec: str) -> str:
        if "|" not in spec:
            return super().format_field(value, spec)
        one, many = spec.split("|", 1)
        return f"{value} {one if str(value) == '1' else many}"


_COUNTING = _Counting()


def fill(template: str, *args, **kwargs) -> str:
    """A catalog text with its values put in, plurals chosen by count."""
    return _COUNTING.format(template, *args, **kwargs)


def severity(code: str) -> str:
    return CATALOG[code][0]


def word(lang: str, key: str) -> str:
    return WORDS[lang][key]


def said(value, lang: str) -> str:
    """A param in lang: a Word or Phrase in the catalog's words, a Listing joined, a plain tuple's parts run
    together (text of code with words inside it: "center(", Phrase(...), ")"), anything else as its text."""
    words = WORDS[lang]

    def say(value) -> str:
        if isinstance(value, Word):
            return words.get(value, value)
        if isinstance(value, Bilingual):
            return bilingual(value, lang)
        if isinstance(value, Phrase):
            return fill(words[value[0]], *map(say, value[1:]))
        if isinstance(value, (Listing, list)):
            return words["sep"].join(map(say, value))
        if isinstance(value, tuple):
            return "".join(map(say, value))
        return str(value)

    return say(value)


def render(code: str, lang: str, params: dict) -> tuple[str, str]:
    # Values quote source text (a name, a reason, a path): a refused character in one is shown escaped, never
    # raw, so that a bidirectional control cannot reorder the message on a terminal or in a report, nor a line
    # break start a line of its own.
    values = {key: one_line(said(value, lang)) for key, value in params.items()}
    message, hint = CATALOG[code][1][lang]
    return fill(message, **values), fill(hint, **values)
