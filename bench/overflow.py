"""What the text-overflow check costs: the walk of the laid-out boxes against WeasyPrint's own layout.

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
    from qmtool.render.environment import template_folders
    from qmtool.render.fonts import families  # noqa: F401 (imported by page_html; loaded before the clock)
    from qmtool.render.overflow import overflows
    from qmtool.render.page import page_html
    from qmtool.render.pdf import _fetcher

    report = validate(root)
    folders = template_folders(root)
    fetcher, _ = _fetcher(folders)
    every = report.sources
    print("| document | pages | boxes | layout s | walk s | walk / layout |")
    print("|---|---|---|---|---|---|")
    total_layout = total_walk = 0.0
    for source in every:
        html = page_html(source, every, folders, report.language)
        layouts, walks = [], []
        for _ in range(3):
            start = time.perf_counter()
            document = HTML(string=html, base_url=folders[-1].resolve().as_uri() + "/",
                            url_fetcher=fetcher).render()
            layouts.append(time.perf_counter() - start)
            start = time.perf_counter()
            found = overflows(document)
            walks.append(time.perf_counter() - start)
            assert not found, found
        boxes = sum(1 for page in document.pages for _ in page._page_box.descendants())
        layout, walk = min(layouts), min(walks)
        total_layout, total_walk = total_layout + layout, total_walk + walk
        print(f"| {source.data['id']} | {len(document.pages)} | {boxes} | {layout:.3f} | {walk:.4f} | "
              f"{walk / layout:.1%} |")
    print(f"| all | | | {total_layout:.3f} | {total_walk:.4f} | {total_walk / total_layout:.1%} |")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO)
