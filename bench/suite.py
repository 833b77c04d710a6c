"""The test suite's time, against a base commit's, side by side on this machine.

    python bench/suite.py BASE [ROUNDS] [--same-tests] [-- PYTEST-ARGS]
        BASE: a commit, branch or tag; ROUNDS alternated runs, default 1; PYTEST-ARGS given to BASE's run only
        (say `--deselect ID` for a test of BASE that fails today for reasons of its own, and record it)
        --same-tests: the working folder runs only the tests BASE has, found by name (the test and its
        parameters; the files they live in may have moved), and says how many it found

Runs the whole suite of BASE (its tests on its own qmtool, checked out by `git worktree` into a temporary
folder) and of the working folder, alternately, each in a fresh process with this interpreter and the packages
installed with it, and prints both wall-clock times and their ratio (target: at most 0.5). Both must pass.
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


def pytest(tree: Path, args: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args], cwd=tree,
                          env={**os.environ, "PYTHONPATH": str(tree)}, capture_output=True, text=True)


def run_suite(tree: Path, extra: list[str] = ()) -> float:
    start = time.perf_counter()
    result = pytest(tree, ["-x", *extra])
    seconds = time.perf_counter() - start
    if result.returncode:
        sys.exit(f"the suite of {tree} failed:\n{result.stdout[-3000:]}")
    print(f"  {tree}: {result.stdout.strip().splitlines()[-1]}", flush=True)
    return seconds


def same_tests(old: Path, extra: list[str]) -> list[str]:
    """The working folder's test ids of the tests old's suite has, matched by name and parameters."""
    def ids(tree: Path, args: list[str]) -> list[str]:
        listed = pytest(tree, ["--collect-only", *args]).stdout.splitlines()
        return [line for line in listed if "::" in line]

    ours = {test.split("::", 1)[1]: test for test in ids(REPO, ["-n", "0"])}
    theirs = [test.split("::", 1)[1] for test in ids(old, extra)]
    found = [ours[name] for name in theirs if name in ours]
    print(f"  the base's {len(theirs)} tests: {len(found)} found by name in the working folder's suite, "
          f"{len(theirs) - len(found)} not", flush=True)
    return found


def main() -> None:
    args, extra = (sys.argv[1:sys.argv.index("--")], sys.argv[sys.argv.index("--") + 1:]) if "--" in sys.argv \
        else (sys.argv[1:], [])
    same = "--same-tests" in args
    args = [arg for arg in args if arg != "--same-tests"]
    base, rounds = args[0], int(args[1]) if len(args) > 1 else 1
    with tempfile.TemporaryDirectory(prefix="qmtool-suite-") as folder:
        old = Path(folder) / "base"
        # a checkout, not an archive: some tests ask git about the repository they run in (diff HEAD)
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "-q", "--detach", str(old), base], check=True)
        try:
            if (REPO / ".tools").is_dir():  # the YAML language server the authoring tests drive
                shutil.copytree(REPO / ".tools", old / ".tools", symlinks=True)
            ours = same_tests(old, extra) if same else []
            times: dict[str, list[float]] = {"base": [], "new": []}
            for _ in range(rounds):
                times["base"].append(run_suite(old, extra))
                times["new"].append(run_suite(REPO, ours))
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(old)], check=True)
    best = {side: min(values) for side, values in times.items()}
    print(f"suite of {base}: {best['base']:.0f} s; working folder{' (the same tests)' if same else ''}: "
          f"{best['new']:.0f} s; ratio {best['new'] / best['base']:.2f} (target at most 0.50)")


if __name__ == "__main__":
    main()
