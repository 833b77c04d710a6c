"""Time and peak memory of `qmtool assess` on generated records files of growing size.

    python bench/assess.py                        # this checkout, 50 k, 100 k and 200 k rows
    python bench/assess.py --rows 1000000         # the sixth attack round's file (2,000 providers x 100 quarters)
    python bench/assess.py --repo OTHER           # another checkout of qmtool, e.g. the commit before a change

Each file is the reference workspace's QP-02 (five KPIs, quarterly) scored for providers x quarters, the same
bytes on every run: a score is worked out from the row's place, no random numbers. Each row of the table is
one `qmtool assess` process (its results to /dev/null) with its wall time and peak resident memory.
"""
from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
KPIS = ("K1", "K2", "K3", "K4", "K5")


def records(path: Path, rows: int) -> int:
    """A scores file of about `rows` rows: 100 quarters per provider, as many providers as it takes."""
    providers = max(1, rows // (100 * len(KPIS)))
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("provider,provider_name,period,kpi,score\n")
        for p in range(providers):
            name = f"江宁市第{p + 1}餐饮管理有限公司"
            for q in range(100):
                period = f"{2001 + q // 4}-Q{q % 4 + 1}"
                for k, kpi in enumerate(KPIS):
                    out.write(f"CT-{p + 1:04},{name},{period},{kpi},{60 + (p * 7 + q * 3 + k * 11) % 40}\n")
    return providers * 100 * len(KPIS)


def measure(repo: Path, workspace: Path, path: Path, output: str) -> tuple[float, int, str]:
    """Wall seconds, peak MB of the child, and how it ended."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv.pop(1)); "
                           "from qmtool.cli import main; main()", str(repo), "assess", "QP-02", str(path),
                           "-w", str(workspace), "--format", output],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    ended = f"exit {done.returncode}" + (f": {done.stderr.strip().splitlines()[0][:70]}" if done.returncode else "")
    return wall, (peak if peak > before else 0) // 1024, ended


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, default=REPO, help="the checkout of qmtool to run")
    parser.add_argument("--rows", default="50000,100000,200000", help="rows of each file, comma separated")
    parser.add_argument("--format", default="text", choices=("text", "csv", "json"))
    args = parser.parse_args()
    print("| rows | file MB | wall s | peak MB | ended |\n|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as place:
        for wanted in map(int, args.rows.split(",")):
            path = Path(place) / f"QP-02-scores-{wanted}.csv"
            rows = records(path, wanted)
            wall, peak, ended = measure(args.repo.resolve(), REPO, path, args.format)
            print(f"| {rows:,} | {path.stat().st_size / 1e6:.1f} | {wall:.1f} | {peak or '?'} | {ended} |", flush=True)
            path.unlink()


if __name__ == "__main__":
    main()
