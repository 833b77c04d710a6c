"""A refusal qmtool's sandbox or template loader states in its own words: a catalog phrase, said in the workspace's
language where it is reported; an exception's text from Python or Jinja is quoted as it is."""
from __future__ import annotations

from jinja2 import TemplateError
from jinja2.sandbox import SecurityError

from ..core.messages import Phrase, said


class Refused(SecurityError):
    """A template refused by qmtool (an operation building too large a value, a link leading out of the template
    folder): reason is a Phrase of the catalog's words, put into a language only when reported."""

    def __init__(self, reason: Phrase):
        super().__init__(reason)  # in args, so it survives pickling as it was
        self.reason = reason

    def __str__(self) -> str:  # Jinja, or a traceback, shows it in English
        return said(self.reason, "en")


def reason_of(error: BaseException) -> Phrase:
    """Why a template failed, as a template-error says it: qmtool's own words, or the exception's text quoted."""
    if isinstance(error, Refused):
        return error.reason
    return quoted(str(error) if isinstance(error, TemplateError) else f"{type(error).__name__}: {error}")


def quoted(text: str) -> Phrase:
    """Text qmtool did not write (Python's, Jinja's, WeasyPrint's), quoted as it is inside a message."""
    return Phrase(("quoted", text))
