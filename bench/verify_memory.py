"""Peak memory of `verify` on a release whose PDF is made to hold gigabytes, small on disk.

    python bench/verify_memory.py                 # this checkout
    python bench/verify_memory.py --repo OTHER    # another checkout of qmtool, e.g. the commit before a change

Each row is one process running qmtool's verify on a release of one procedure whose PDF embeds its source's
name N times, each a Flate stream of 70 MB of zeros (issue 11's final attack: 40 entries held 2.85 GB).
It gives the PDF's size on disk, the peak resident memory (getrusage), and how the process ended.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.helpers import deflated, pdf_embedding, release_by_hand  # noqa: E402

_MEASURE = """
import resource, sys
from pathlib import Path
sys.path.insert(0, ".")
from qmtool.control.verify import verify
try:
    found = verify(Path(sys.argv[1]))
    ended = "differs" if not found.ok else "passes"
except MemoryError:
    ended = "MemoryError"
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, ended)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, default=REPO, help="the checkout of qmtool to run")
    parser.add_argument("--copies", default="1,10,40", help="entries of the one name, comma separated")
    args = parser.parse_args()
    print("| entries | PDF on disk | peak MB | wall s | ended |\n|---|---|---|---|---|")
    bomb = deflated(70 << 20)
    for copies in map(int, args.copies.split(",")):
        with tempfile.TemporaryDirectory() as place:
            folder = release_by_hand(Path(place) / "r", "0" * 40, {"procedures/QP-01-demo.yaml": b"id: QP-01\n"})
            pdf = folder / "procedures" / "QP-01-demo.pdf"
            pdf.write_bytes(pdf_embedding([("QP-01-demo.yaml", bomb)] * copies))
            start = time.perf_counter()
            done = subprocess.run([sys.executable, "-c", _MEASURE, str(folder)], cwd=args.repo.resolve(),
                                  capture_output=True, text=True)
            wall = time.perf_counter() - start
            peak, ended = done.stdout.split() if done.returncode == 0 else ("?", done.stderr.splitlines()[-1])
            print(f"| {copies} | {pdf.stat().st_size // 1024} KB | {peak} | {wall:.1f} | {ended} |")


if __name__ == "__main__":
    main()
