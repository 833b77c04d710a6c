"""How soon `qmtool serve` shows an edit: from saving one procedure to its page coming back with the edit.

python -m bench.serve [N ...]: the reference workspace and synthetic ones of N procedures (default 300);
the median of 7 edits each, against the time the bare validation of that workspace takes.
"""
from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from bench.generate import REPO, generate
from qmtool.author.serve import make_server
from qmtool.check.validate import validate
from qmtool.load.workspace import Workspace


def seconds_to_show_an_edit(root: Path, rounds: int = 7) -> list[float]:
    server = make_server(root, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    path = sorted((root / "procedures").glob("QP-*.yaml"))[0]
    doc_id = path.name[:path.name.index("-", 3)]
    url = f"http://127.0.0.1:{server.server_port}/{doc_id}.html"
    urllib.request.urlopen(url).read()
    text, times = path.read_text("utf-8"), []
    for n in range(rounds):
        marker = f"edit number {n}"
        start = time.perf_counter()
        path.write_text(text.replace("\npurpose: ", f"\npurpose: {marker} ", 1), "utf-8")
        while marker not in urllib.request.urlopen(url).read().decode("utf-8"):
            pass
        times.append(time.perf_counter() - start)
    path.write_text(text, "utf-8")
    server.shutdown()
    server.server_close()
    return times


def main(counts: list[int]) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        workspaces = [("reference", Path(scratch) / "reference")]
        shutil.copytree(REPO / "procedures", workspaces[0][1] / "procedures")
        workspaces += [(str(n), generate(n, Path(scratch) / str(n))) for n in counts]
        print("| workspace | procedures | edit shown after (median s) | slowest s | cold validate s |")
        print("|---|---|---|---|---|")
        for name, root in workspaces:
            start = time.perf_counter()
            validate(Workspace.at(root))
            cold = time.perf_counter() - start
            times = seconds_to_show_an_edit(root)
            count = len(list((root / "procedures").glob("QP-*.yaml")))
            print(f"| {name} | {count} | {statistics.median(times):.3f} | {max(times):.3f} | {cold:.3f} |")


if __name__ == "__main__":
    main([int(n) for n in sys.argv[1:]] or [300])
