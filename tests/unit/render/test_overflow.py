"""The check for lost text, on small pages WeasyPrint lays out: each way of losing text is found, and pages a
reader sees whole pass. Builds that it fails: e2e/test_overflow.py."""
from __future__ import annotations

import pytest


def lost(html: str) -> list[tuple[str, object]]:
    """What the check finds in a page of HTML: (code, the edge or how) for each piece of lost text."""
    from weasyprint import HTML

    from qmtool.render.overflow import overflows

    page = HTML(string=f"<html><body>{html}</body></html>")
    return [(found.code, found.edge) for found in overflows(page.render(), page.etree_element)]


WORDS = "Words a reader must see on the page"
UNSEEN = {  # one small page per way of losing text, and what the check says of it
    "display-none": (f'<p style="display: none">{WORDS}</p>', ("text-dropped", "")),
    "max-lines": (f'<div style="width: 30mm; max-lines: 1; continue: discard">{WORDS}</div>', ("text-dropped", "")),
    "ellipsis": (f'<div style="width: 30mm; overflow: hidden; white-space: nowrap; text-overflow: ellipsis">{WORDS}'
                 "</div>", ("text-overflow", "overflow-clip")),
    "clip-property": (f'<div style="position: absolute; clip: rect(0, 0, 0, 0)">{WORDS}</div>',
                      ("text-overflow", "overflow-clip")),
    "rotated-off": (f'<div style="transform: rotate(180deg); transform-origin: 0 0">{WORDS}</div>',
                    ("text-overflow", "overflow-page")),
    "scaled-to-nothing": (f'<p style="transform: scale(0)">{WORDS}</p>',
                          ("text-unreadable", ("unreadable-small", "0.0"))),
    "squeezed": (f'<p style="transform: scaleX(0.05)">{WORDS}</p>', ("text-unreadable", ("unreadable-small", "0.6"))),
    "visibility": (f'<p style="visibility: hidden">{WORDS}</p>', ("text-unreadable", "unreadable-hidden")),
    "collapsed-row": (f'<table><tr style="visibility: collapse"><td>{WORDS}</td></tr></table>',
                      ("text-unreadable", "unreadable-hidden")),
    "transparent": (f'<p style="color: transparent">{WORDS}</p>', ("text-unreadable", ("unreadable-faint", "1.00"))),
    "nearly-white": (f'<p style="color: #f8f8f8">{WORDS}</p>', ("text-unreadable", ("unreadable-faint", "1.06"))),
    "lab-white": (f'<p style="color: lab(100 0 0)">{WORDS}</p>', ("text-unreadable", ("unreadable-faint", "1.00"))),
    "opacity": (f'<div style="opacity: 0"><p>{WORDS}</p></div>', ("text-unreadable", ("unreadable-faint", "1.00"))),
    "as-background": (f'<p style="background: #234; color: #235">{WORDS}</p>',
                      ("text-unreadable", ("unreadable-faint", "1.03"))),
    "covered": (f'<div style="position: relative"><p>{WORDS}</p><div style="position: absolute; left: 0; top: 0; '
                'right: 0; bottom: 0; background: white"></div></div>', ("text-unreadable", "unreadable-covered")),
    "behind": (f'<div style="background: white"><p style="position: relative; z-index: -1">{WORDS}</p></div>',
               ("text-unreadable", "unreadable-covered")),
    "letters-on-letters": (f'<p style="letter-spacing: -0.8em">{WORDS}</p>', ("text-unreadable", "unreadable-crowded")),
    "svg-past-its-edge": ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 50" width="60mm">'
                          f'<text x="150" y="20" font-size="10">{WORDS}</text></svg>',
                          ("text-overflow", "overflow-image")),
    "svg-anchored-off": ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 50" width="60mm">'
                         '<text x="20" y="20" text-anchor="end" font-size="10">Leftwards</text></svg>',
                         ("text-overflow", "overflow-image")),
    "svg-moved-off": ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 50" width="60mm"><g transform='
                      '"translate(0 60)"><g opacity="0.9"><text x="10" y="10" font-size="10">Down</text></g></g></svg>',
                      ("text-overflow", "overflow-image")),
}


@pytest.mark.parametrize("way", sorted(UNSEEN))
def test_text_a_reader_would_not_see_is_found_from_the_laid_out_pages(way):
    html, expected = UNSEEN[way]
    found = lost(html)
    assert found and found[0] == expected, found


SEEN = {  # pages whose every word a reader sees, in ways near those above
    "hyphenated-and-transformed": f'<p lang="en" style="width: 20mm; hyphens: auto; text-transform: uppercase">{WORDS} '
                                  "incomprehensibilities</p>",
    "first-letter": f'<style>p::first-letter {{ font-size: 20pt; color: #b00 }}</style><p>{WORDS}</p>',
    "header-repeated": "<table><thead><tr><th>Head</th></tr></thead><tbody>"
                       + "".join(f"<tr><td>Row {n}</td></tr>" for n in range(80)) + "</tbody></table>",
    "white-on-dark": f'<p style="background: #1f4e79; color: white">{WORDS}</p>',
    "highlighted": f'<div style="position: relative"><p>{WORDS}</p><div style="position: absolute; left: 0; top: 0; '
                   'right: 0; bottom: 0; background: rgba(255, 255, 0, 0.3)"></div></div>',
    "partly-under-a-header": '<div style="position: absolute; top: 30mm; width: 150mm; text-align: center; '
                             'z-index: -1; transform: rotate(-20deg); font-size: 40pt; color: #f0c8c8">Watermark'
                             '</div><table style="margin-top: 35mm; width: 150mm; border-collapse: collapse"><tr>'
                             f'<th style="background: #e9ecef">{WORDS}</th></tr><tr><td>Row</td></tr></table>',
    "small-print": f'<p style="font-size: 6pt">{WORDS}</p>',
    "tight": f'<p style="letter-spacing: -0.05em">{WORDS}</p>',
    "svg-inside": '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 50" width="60mm"><text x="196" y="20" '
                  'text-anchor="end" font-size="10">Right</text><text x="100" y="40" text-anchor="middle" '
                  'font-size="10">Middle</text></svg>',
    "svg-upright": '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 80" width="60mm"><text transform='
                   '"translate(20 4) rotate(-90)" text-anchor="end" font-size="10">Upright</text></svg>',
}


@pytest.mark.parametrize("way", sorted(SEEN))
def test_text_a_reader_sees_passes(way):
    assert lost(SEEN[way]) == []


def test_text_past_an_edge_is_said_once_at_the_one_value_that_holds_it():
    """A long name in every header is one mistake, at the line that writes it; text more than one value holds,
    a template's own and text a style hides stay at the document, since no one value is to blame."""
    from pathlib import Path

    from qmtool.load.loader import load_bytes
    from qmtool.render.glyphs import strings
    from qmtool.render.overflow import Overflow, overflow_findings

    manual = load_bytes(b"kind: manual\norganization: Example   Service\n  Centre of the County\n", Path("manual.yaml"))
    own = load_bytes(b"title: Demo\nscope: Services of the Centre\n", Path("QP-01.yaml"))
    printed = [(own, pointer, text) for pointer, text in strings(own.data)]
    printed.append((manual, "/organization", manual.data["organization"]))
    header = [Overflow(page, text, "overflow-margin") for page in (1, 2) for text in ("Example Service", "Centre of")]
    found = overflow_findings("QP-01.yaml", "QP-01", header, printed)
    assert [(f.path, f.line, f.column, f.pointer, dict(f.params)["page"]) for f in found] == [
        ("manual.yaml", 2, 15, "/organization", 1)]
    elsewhere = [Overflow(1, "Centre", "overflow-page"), Overflow(1, "Words of a template", "overflow-page"),
                 Overflow(1, "Demo", "unreadable-hidden", "text-unreadable")]
    found = overflow_findings("QP-01.yaml", "QP-01", elsewhere, printed)
    assert [(f.path, f.line, f.pointer) for f in found] == [("QP-01.yaml", 0, "")] * 3


def test_text_a_template_writes_too_is_not_blamed_on_the_value_that_holds_it():
    """A template's own nowrap line that a value happens to quote: the value wraps; the template's line is
    what runs past, so no value is named and no one is told to shorten it."""
    from pathlib import Path

    from qmtool.load.loader import load_bytes
    from qmtool.render.overflow import Overflow, overflow_findings
    from qmtool.render.page import printed_values

    own = load_bytes(b"purpose: 'Note: interpreted by the office. Done.'\n", Path("QP-01.yaml"))
    cut = [Overflow(1, "interpreted by the office", "overflow-page")]
    [alone] = overflow_findings("QP-01.yaml", "QP-01", cut, printed_values([own]))
    assert (alone.line, alone.pointer) == (1, "/purpose")
    [shared] = overflow_findings("QP-01.yaml", "QP-01", cut, printed_values([own]),
                                 ['<p style="white-space: nowrap">interpreted by the office</p>'])
    assert (shared.path, shared.line, shared.pointer) == ("QP-01.yaml", 0, "")


def test_the_organisation_a_page_header_names_is_among_what_it_prints():
    from pathlib import Path

    from qmtool.load.loader import load_bytes
    from qmtool.render.page import printed_values

    manual = load_bytes(b"kind: manual\norganization: Centre\n", Path("manual.yaml"))
    record = load_bytes(b"note: x\n", Path("r.yaml"))
    assert [(s.display, p) for s, p, _ in printed_values([record], manual)] == [
        ("r.yaml", "/note"), ("manual.yaml", "/organization")]
