"""A whole qmtool process, against a base commit's, side by side on this machine.

    python bench/side.py BASE [ROUNDS] [-- QMTOOL-ARGS]
        BASE: a commit, branch or tag; ROUNDS alternated runs of each side, default 21;
        QMTOOL-ARGS default `validate`; `{out}` in them is a fresh empty folder for each run
        e.g. python bench/side.py df7e800 3 -- build --force -o {out}

Each side is a `git archive` of its commit, compiled to bytecode first, as pip does when it installs: a process
started with PYTHONDONTWRITEBYTECODE (set on some machines, this one included) compiles every module from
source on each start, which measures the size of the code, not what a user waits for. Both run in the
reference workspace of the working folder. Prints the median and the least of each side's wall-clock time
and of its processor time (user + system, of every process it started, bench/family.py: the least
disturbed by other work on a shared machine).
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.family import measured  # noqa: E402


def tree_of(commit: str, folder: Path) -> Path:
    folder.mkdir()
    archive = subprocess.run(["git", "-C", str(REPO), "archive", commit], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(folder / "qmtool")], check=True)
    return folder


def one_run(tree: Path, args: list[str]) -> tuple[float, float]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory(prefix="qmtool-side-out-") as out:
        # -P: the working folder (REPO, whose workspace both use) is not put first on the path
        command = [sys.executable, "-P", "-m", "qmtool", *(arg.replace("{out}", out) for arg in args)]
        start = time.perf_counter()
        done, usage = measured(command, cwd=REPO, env=env, capture_output=True, text=True)
        wall = time.perf_counter() - start
    if done.returncode:
        sys.exit(f"{' '.join(command)} in {tree} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return wall, usage["cpu"]


def main() -> None:
    split = sys.argv.index("--") if "--" in sys.argv else len(sys.argv)
    args, command = sys.argv[1:split], sys.argv[split + 1:] or ["validate"]
    base, rounds = args[0], int(args[1]) if len(args) > 1 else 21
    with tempfile.TemporaryDirectory(prefix="qmtool-start-") as folder:
        sides = {"base": tree_of(base, Path(folder) / "base"), "new": tree_of("HEAD", Path(folder) / "new")}
        runs: dict[str, list[tuple[float, float]]] = {side: [] for side in sides}
        for _ in range(rounds):
            for side, tree in sides.items():
                runs[side].append(one_run(tree, command))
    for side, values in runs.items():
        wall, cpu = [v[0] * 1000 for v in values], [v[1] * 1000 for v in values]
        print(f"{side}: wall median {statistics.median(wall):.0f} ms, least {min(wall):.0f}; "
              f"processor median {statistics.median(cpu):.0f} ms, least {min(cpu):.0f}")
    ratio = statistics.median(v[1] for v in runs["new"]) / statistics.median(v[1] for v in runs["base"])
    print(f"processor time, median, HEAD against {base}: {ratio:.2f}")


if __name__ == "__main__":
    main()
