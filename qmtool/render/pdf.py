"""One WeasyPrint call per output, reading nothing but the template assets."""
from __future__ import annotations

import mimetypes
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..core.opened import read_under

VARIANTS = {"pdf/a-3b": "pdf/a-3b", "pdf/ua-1": "pdf/ua-1", "plain": None}


@dataclass(frozen=True)
class Source:
    """A file embedded in the PDF so an auditor can extract exactly what it was built from."""

    name: str
    data: bytes
    description: str


class ForbiddenURL(Exception):
    """A template asked for a URL outside the template folders; document says whose rendering did."""

    def __init__(self, url: str, document: str = ""):
        super().__init__(url, document)  # in args, so it survives the trip back from a worker
        self.url, self.document = url, document


class TextOverflow(Exception):
    """Text the PDF would not show a reader (see overflow.py); document says whose rendering it was."""

    def __init__(self, overflows: tuple, document: str = ""):
        super().__init__(overflows, document)  # in args, so it survives the trip back from a worker
        self.overflows, self.document = overflows, document


def _fetcher(folders: list[Path]):
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    from .environment import TemplateFailure, is_text_file, judged_text

    roots = [folder.resolve() for folder in folders]

    class _Stop(FatalURLFetchingError):
        pass

    class AssetFetcher(URLFetcher):
        """Serves files from the template folders (the workspace's first) and data: URLs; refuses every
        other URL, and remembers each refusal: WeasyPrint swallows every error while it draws an SVG image
        (a data: one or a template's own file), so the exception alone would leave a silently missing image."""

        refused: list[str] = []

        def fetch(self, url, headers=None):
            if urlsplit(url).scheme == "data":  # the bytes are in the URL itself: nothing is read
                return super().fetch(url, headers)
            found = _held(_asset(url, roots), roots)
            if found is None:
                self.refused.append(url)
                raise _Stop(url)
            root, path = found
            mime, _ = mimetypes.guess_type(path.name)
            try:  # by descriptor from its folder: a link swapped in since _asset looked is refused, never read
                body = read_under(root, path)
            except OSError:
                self.refused.append(url)
                raise _Stop(url) from None
            if is_text_file(path):
                try:
                    judged_text(body, str(path))
                except TemplateFailure as failure:
                    self.unreadable.append(failure)
                    raise _Stop(url) from None
            return URLFetcherResponse(url, body=body,
                                      headers={"Content-Type": mime or "application/octet-stream"})

    fetcher = AssetFetcher()
    fetcher.refused, fetcher.unreadable = [], []
    return fetcher, _Stop


def _asset(url: str, roots: list[Path]) -> Path | None:
    """The file a URL names, if it lies in a template folder; looked up in the folders in order."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return None
    written = Path(unquote(parts.path))
    if ".." in written.parts:  # no climbing, however it would resolve
        return None
    path = written.resolve()
    inside = next((root for root in roots if path.is_relative_to(root)), None)
    if inside is None:
        return None
    relative = path.relative_to(inside)
    for root in roots:
        candidate = (root / relative).resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            return candidate
    return None


def _held(path: Path | None, roots: list[Path]) -> tuple[Path, Path] | None:
    """The template folder holding a file _asset found, and the file."""
    root = next((root for root in roots if path is not None and path.is_relative_to(root)), None)
    return None if root is None else (root, path)


def fixed_date() -> str:
    """The date for a PDF that has none of its own (a report): the day of SOURCE_DATE_EPOCH when it is set,
    as reproducible builds agree, else one fixed day; never the clock, so the same input gives the same bytes."""
    try:
        return datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), UTC).date().isoformat()
    except (KeyError, ValueError, OverflowError, OSError):
        return "2000-01-01"


def write_pdf(html: str, folders: list[Path], sources: list[Source], variant: str, date: str) -> tuple[bytes, int]:
    """The PDF bytes and page count. date (YYYY-MM-DD) stamps the attachments, so no clock gets in."""
    from weasyprint import HTML, Attachment

    from .drawn import closed_fonts, unchecked_fonts
    from .fontsubset import shrink_fonts
    from .overflow import Overflow, overflows

    def finish(document, pdf) -> None:
        if unchecked := unchecked_fonts(document):  # drawn in a font, or as a glyph, the checks never judged
            raise TextOverflow(tuple(unchecked))
        shrink_fonts(document, pdf)

    fetcher, stop = _fetcher(folders)
    stamp = datetime.fromisoformat(date).replace(tzinfo=UTC)
    attachments = [Attachment(string=s.data, name=s.name, description=s.description, created=stamp,
                              modified=stamp, relationship="Source") for s in sources]
    options = {"pdf_variant": VARIANTS[variant], "attachments": attachments}
    try:
        page = HTML(string=html, base_url=folders[-1].resolve().as_uri() + "/", url_fetcher=fetcher)
        fonts = closed_fonts()
        document = page.render(font_config=fonts, **{k: v for k, v in options.items() if k != "attachments"})
        failed = fetcher.refused or fetcher.unreadable
        if fonts.asked and not failed:  # a forbidden URL or an unreadable file is named first, as everywhere
            raise TextOverflow((Overflow(0, fonts.asked[0], "", "font-face"),))
        if not failed and (cut := overflows(document, page.etree_element)):  # what a reader would miss
            raise TextOverflow(tuple(cut))
        pdf = None if failed else document.write_pdf(finisher=finish, **options)
    except stop as error:
        if fetcher.unreadable:
            raise fetcher.unreadable[0] from None
        raise ForbiddenURL(str(error.args[0])) from None
    if fetcher.unreadable:  # a text file refused, though WeasyPrint went on without it
        raise fetcher.unreadable[0]
    if fetcher.refused:  # asked for and refused, though WeasyPrint went on without it
        raise ForbiddenURL(fetcher.refused[0])
    return pdf, len(document.pages)
