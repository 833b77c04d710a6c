"""A whole `qmtool validate` process, against a base commit's, side by side on this machine.

    python bench/start.py BASE [ROUNDS]
        BASE: a commit, branch or tag; ROUNDS alternated runs of each side, default 21

Each side is a `git archive` of its commit, compiled to bytecode first, as pip does when it installs: a process
started with PYTHONDONTWRITEBYTECODE (set on some machines, this one included) compiles every module from
source on each start, which measures the size of the code, not what a user waits for. Both validate the
reference workspace of the working folder. Prints the median and the least of each side's wall-clock time
and of its processor time (user + system: the least disturbed by other work on a shared machine).
"""
from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def tree_of(commit: str, folder: Path) -> Path:
    folder.mkdir()
    archive = subprocess.run(["git", "-C", str(REPO), "archive", commit], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(folder / "qmtool")], check=True)
    return folder


def one_run(tree: Path) -> tuple[float, float]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "qmtool", "validate", str(REPO)], cwd=tree, env=env,
                   capture_output=True, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def main() -> None:
    base, rounds = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 21
    with tempfile.TemporaryDirectory(prefix="qmtool-start-") as folder:
        sides = {"base": tree_of(base, Path(folder) / "base"), "new": tree_of("HEAD", Path(folder) / "new")}
        runs: dict[str, list[tuple[float, float]]] = {side: [] for side in sides}
        for _ in range(rounds):
            for side, tree in sides.items():
                runs[side].append(one_run(tree))
    for side, values in runs.items():
        wall, cpu = [v[0] * 1000 for v in values], [v[1] * 1000 for v in values]
        print(f"{side}: wall median {statistics.median(wall):.0f} ms, least {min(wall):.0f}; "
              f"processor median {statistics.median(cpu):.0f} ms, least {min(cpu):.0f}")
    ratio = statistics.median(v[1] for v in runs["new"]) / statistics.median(v[1] for v in runs["base"])
    print(f"processor time, median, HEAD against {base}: {ratio:.2f}")


if __name__ == "__main__":
    main()
