"""Benchmark `qmtool validate` on a file with very many problems, one kind of problem at a time.

    python bench/findings.py                     # this checkout
    python bench/findings.py --repo OTHER        # another checkout of qmtool, e.g. the commit before a change
    python bench/findings.py --sizes 10000,100000 --timeout 60

Each row is one `qmtool validate --no-cache` process on the test suite's small workspace with one document
grown by N problems of one kind (issue 11: a file of a million unknown keys ran for minutes and took
gigabytes). It gives the wall and CPU time, the peak memory, the file's size, how many problems were
printed, and the time of a bare `yaml.compose` of the same file, for scale.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BASE = REPO / "tests" / "cases" / "_base"
DOCUMENT = "QP-01-demo.yaml"


def grow(text: str, kind: str, count: int) -> str:
    """The document with count problems of one kind."""
    if kind == "unknown keys":  # schema-unknown-key, at the top level
        return text + "".join(f"k{i}: v\n" for i in range(count))
    if kind == "repeated keys":  # duplicate-key
        return text + "scope: again\n" * count
    if kind == "invisible characters":  # invisible-character
        return text.replace("scope: The demo service.", 'scope: "' + "a\u200b" * count + '"')
    if kind == "escaped characters":  # invisible-character, written as \u200b in double-quoted keys
        return text.replace("scope: The demo service.", "scope:\n" + "".join(
            f'  "{i}\\u200b": x\n' for i in range(count)))
    if kind == "wrong types":  # needs-quotes, items of a list
        return text.replace("related: [QM-01]", "related:\n" + "  - 1\n" * count)
    if kind == "unknown grades":  # fee-unknown-grade, a rule
        fees = "".join(f"    - {{id: F{i + 3}, item: Session, grade: Z, unit: yuan, price: 1.00}}\n"
                       for i in range(count))
        return text.replace("  entry:\n", fees + "  entry:\n", 1)
    raise ValueError(kind)


# Run in a small process of its own: a child's peak memory counts that of the process it was forked from, and
# this one holds the grown files.
_MEASURE = """
import json, os, resource, subprocess, sys
timeout, command = float(sys.argv[1]), sys.argv[2:]
with open(os.environ["QMTOOL_BENCH_STDERR"], "wb") as stderr:
    try:
        code = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=stderr, timeout=timeout).returncode
    except subprocess.TimeoutExpired:
        code = None
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps([usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, code]))
"""


def run(repo: Path, workspace: Path, timeout: float) -> tuple[float, float, float, int, int | None]:
    """Wall seconds, CPU seconds, peak MB, problems printed and exit code (None: stopped at the time limit)
    of one validate process."""
    errors = workspace.parent / "stderr.txt"
    command = [sys.executable, "-m", "qmtool", "validate", "--no-cache", "--lang", "en", str(workspace)]
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", _MEASURE, str(timeout), *command], cwd=repo, check=True,
                            capture_output=True, text=True,
                            env={**os.environ, "CI": "1", "QMTOOL_BENCH_STDERR": str(errors)})
    wall = time.perf_counter() - start
    cpu, peak, code = json.loads(result.stdout)
    printed = sum(1 for line in errors.read_text("utf-8", "replace").splitlines()
                  if "]: " in line and not line.startswith(" "))
    return wall, cpu, peak, printed, code


def compose_seconds(path: Path) -> float:
    """A bare libyaml parse of the file, in a process of its own as well."""
    code = ("import sys, time, yaml; raw = open(sys.argv[1], 'rb').read(); start = time.perf_counter(); "
            "yaml.compose(raw, Loader=yaml.CSafeLoader); print(time.perf_counter() - start)")
    return float(subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True,
                                check=True).stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, default=REPO, help="the checkout of qmtool to run")
    parser.add_argument("--sizes", default="10000,100000,1000000", help="problems in the unknown-keys file")
    parser.add_argument("--others", type=int, default=100000, help="problems in each file of another kind")
    parser.add_argument("--timeout", type=float, default=300, help="seconds before a run is stopped")
    args = parser.parse_args()
    rows = [("unknown keys", int(n)) for n in args.sizes.split(",")]
    rows += [(kind, args.others) for kind in ("repeated keys", "invisible characters", "escaped characters",
                                              "wrong types", "unknown grades")]
    print("| problems | N | file MB | yaml.compose s | validate wall s | CPU s | peak MB | printed | exit |")
    print("|---|---|---|---|---|---|---|---|---|")
    for kind, count in rows:
        with tempfile.TemporaryDirectory() as folder:
            workspace = Path(folder) / "ws"
            shutil.copytree(BASE, workspace)
            path = workspace / "procedures" / DOCUMENT
            path.write_text(grow(path.read_text("utf-8"), kind, count), "utf-8")
            compose = compose_seconds(path)
            wall, cpu, peak, printed, code = run(args.repo.resolve(), workspace, args.timeout)
            stopped = code is None
            print(f"| {kind} | {count:,} | {path.stat().st_size / 1e6:.1f} | {compose:.1f} | "
                  f"{'> ' if stopped else ''}{wall:.1f} | {cpu:.1f} | {peak:.0f} | "
                  f"{'-' if stopped else printed} | {'stopped' if stopped else code} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
