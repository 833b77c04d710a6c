"""What the check for text a reader would not see costs, against WeasyPrint's own layout: each of its parts
(cut: text past its page, cell or clip; dropped: HTML text on no page; paint: text hidden, tiny, faint or
covered; svg: SVG text past its image).

    python -m bench.overflow            # reference workspace, best of three per document
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main(root: Path = REPO) -> None:
    from weasyprint import HTML

    from qmtool.check.validate import validate
    from qmtool.load.workspace import Workspace
    from qmtool.render.dropped import dropped
    from qmtool.render.fonts import families  # noqa: F401 (imported by page_html; loaded before the clock)
    from qmtool.render.overflow import cut
    from qmtool.render.page import page_html
    from qmtool.render.paint import unreadable
    from qmtool.render.pdf import _fetcher
    from qmtool.render.svgtext import cut_svg_text

    report = validate(Workspace.at(root))
    folders = report.workspace.folders
    fetcher, _ = _fetcher(folders)
    every = report.sources
    parts = {"cut": cut, "dropped": dropped, "paint": unreadable, "svg": cut_svg_text}
    print(f"| document | pages | boxes | layout s | {' | '.join(f'{name} s' for name in parts)} | check / layout |")
    print("|---|---|---|---|" + "---|" * len(parts) + "---|")
    totals = dict.fromkeys(["layout", *parts], 0.0)
    for source in every:
        html = page_html(source, report.workspace)
        best = dict.fromkeys(["layout", *parts], float("inf"))
        for _ in range(3):
            start = time.perf_counter()
            page = HTML(string=html, base_url=folders[-1].resolve().as_uri() + "/", url_fetcher=fetcher)
            document = page.render()
            best["layout"] = min(best["layout"], time.perf_counter() - start)
            for name, check in parts.items():
                start = time.perf_counter()
                found = check(document, page.etree_element) if name == "dropped" else check(document)
                best[name] = min(best[name], time.perf_counter() - start)
                assert not found, found
        boxes = sum(1 for page in document.pages for _ in page._page_box.descendants())
        checking = sum(best[name] for name in parts)
        totals = {name: totals[name] + best[name] for name in totals}
        print(f"| {source.data['id']} | {len(document.pages)} | {boxes} | {best['layout']:.3f} | "
              f"{' | '.join(f'{best[name]:.4f}' for name in parts)} | {checking / best['layout']:.1%} |")
    checking = sum(totals[name] for name in parts)
    print(f"| all | | | {totals['layout']:.3f} | {' | '.join(f'{totals[name]:.4f}' for name in parts)} | "
          f"{checking / totals['layout']:.1%} |")

if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO)
