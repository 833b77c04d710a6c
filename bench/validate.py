"""Benchmark `qmtool validate` against a bare libyaml parse of the same files, as a ratio.

    python bench/validate.py          # prints a table; exits 1 when a target is missed

Both sides run in this one process on the same files, alternating, best of nine rounds each,
so the ratio holds on any machine. The reference workspace is also timed as a whole
`qmtool validate` process, start-up included.
"""
from __future__ import annotations

import subprocess
import sys
import time
from functools import partial
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import REPO, generate  # noqa: E402
from qmtool.check.validate import validate  # noqa: E402
from qmtool.core.workspace import scan  # noqa: E402
from qmtool.load.workspace import Workspace  # noqa: E402

RATIO_TARGET = 2.0  # at 300 procedures
PROCESS_TARGET = 0.5  # seconds, the reference workspace


def best(function, rounds: int = 9) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def side_by_side(first, second, rounds: int = 9) -> tuple[float, float]:
    """Best time of each, the two alternating so that a slow spell of the machine hits both."""
    pairs = [(best(first, 1), best(second, 1)) for _ in range(rounds)]
    return min(a for a, _ in pairs), min(b for _, b in pairs)


def bare_parse(root: Path) -> None:
    for path in scan(root).documents:
        yaml.compose(path.read_bytes(), Loader=yaml.CSafeLoader)


def validate_at(root: Path):
    """The workspace read, parsed and checked, as `qmtool validate` does."""
    return validate(Workspace.at(root))


def check(root: Path) -> None:
    report = validate_at(root)
    assert not report.problems(), report.problems()[:3]


def main() -> int:
    rows, ok = [], True
    workspaces = [(f"{n} procedures", generate(n, REPO / "bench" / "workspaces" / str(n))) for n in (10, 100, 300)]
    for name, root in workspaces + [("reference", REPO)]:
        check(root)  # warm up and make sure both sides parse the same, valid files
        parse, full = side_by_side(partial(bare_parse, root), partial(validate_at, root))
        ratio = full / parse
        target = RATIO_TARGET if name == "300 procedures" else None
        met = target is None or ratio <= target
        ok &= met
        rows.append((name, f"{parse * 1000:.0f} ms", f"{full * 1000:.0f} ms", f"{ratio:.2f}",
                     f"<= {target}" if target else "", "met" if met and target else ("MISSED" if target else "")))
    command = [sys.executable, "-m", "qmtool", "validate", str(REPO)]
    process = best(lambda: subprocess.run(command, capture_output=True, check=True))
    met = process < PROCESS_TARGET
    ok &= met
    print("| workspace | bare yaml.compose | qmtool validate | ratio | target | |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print(f"\nwhole `qmtool validate` process on the reference workspace: {process * 1000:.0f} ms "
          f"(target < {PROCESS_TARGET * 1000:.0f} ms: {'met' if met else 'MISSED'})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
