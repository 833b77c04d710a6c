"""The test suite's time, against a base commit's, side by side on this machine.

    python bench/suite.py BASE [ROUNDS] [-- PYTEST-ARGS]
        BASE: a commit, branch or tag; ROUNDS alternated runs, default 1; PYTEST-ARGS given to BASE's run only
        (say `--deselect ID` for a test of BASE that fails today for reasons of its own, and record it)

Runs the whole suite of BASE (its tests on its own qmtool, checked out by `git worktree` into a temporary folder) and of
the working folder, alternately, each in a fresh process with this interpreter and the packages installed
with it, and prints both wall-clock times and their ratio (target: at most 0.5). Both must pass.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def run_suite(tree: Path, extra: list[str] = ()) -> float:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *extra], cwd=tree,
                            env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode:
        sys.exit(f"the suite of {tree} failed:\n{result.stdout[-3000:]}")
    print(f"  {tree}: {result.stdout.strip().splitlines()[-1]}", flush=True)
    return seconds


def main() -> None:
    args, extra = (sys.argv[1:sys.argv.index("--")], sys.argv[sys.argv.index("--") + 1:]) if "--" in sys.argv \
        else (sys.argv[1:], [])
    base, rounds = args[0], int(args[1]) if len(args) > 1 else 1
    with tempfile.TemporaryDirectory(prefix="qmtool-suite-") as folder:
        old = Path(folder) / "base"
        # a checkout, not an archive: some tests ask git about the repository they run in (diff HEAD)
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "-q", "--detach", str(old), base], check=True)
        try:
            if (REPO / ".tools").is_dir():  # the YAML language server the authoring tests drive
                shutil.copytree(REPO / ".tools", old / ".tools", symlinks=True)
            times: dict[str, list[float]] = {"base": [], "new": []}
            for _ in range(rounds):
                times["base"].append(run_suite(old, extra))
                times["new"].append(run_suite(REPO))
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(old)], check=True)
    best = {side: min(values) for side, values in times.items()}
    print(f"suite of {base}: {best['base']:.0f} s; working folder: {best['new']:.0f} s; "
          f"ratio {best['new'] / best['base']:.2f} (target at most 0.50)")


if __name__ == "__main__":
    main()
