"""Benchmark incremental and parallel builds on a synthetic workspace (issue 4).

    python bench/incremental.py [N]      # N procedures, default 300; takes a while at 300

Measures, in fresh processes: a full build with --jobs 1 and with --jobs = cores (ratio, target at
least 1.6 on 2 cores); a no-op rebuild as a whole `qmtool build` process (target under 0.5 s);
the rebuild after editing one procedure against the render time of that procedure plus the manual
(target: nothing else rebuilt); peak memory (target 150 MB + 2.5 MB per page of the largest
document); KB per page of the procedure PDFs (target 8). Prints each figure with its target and
whether it is met; exits 1 when one is missed.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.family import measured  # noqa: E402
from bench.generate import generate  # noqa: E402

BUILD = """
import json, resource, sys, time
from qmtool.build.pipeline import build
start = time.perf_counter()
result = build(sys.argv[1], sys.argv[2], jobs=int(sys.argv[3]))
assert result.ok, result.problems()[:3]
print(json.dumps({"seconds": time.perf_counter() - start,
                  "outputs": [[o.doc_id, o.pages, o.seconds] for o in result.rendered],
                  "parent_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run_build(root: Path, out: Path, jobs: int) -> dict:
    # the workers are children of the fork server, which qmtool never waits for: measured from outside
    result, family = measured([sys.executable, "-c", BUILD, str(root), str(out), str(jobs)], capture_output=True,
                              text=True, cwd=REPO)
    if result.returncode:
        sys.exit(result.stderr)
    return {**json.loads(result.stdout), "worker_mb": family["peak_mb"]}


def whole_process(root: Path, out: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "qmtool", "build", str(root), "-o", str(out)], check=True,
                   capture_output=True, cwd=REPO)
    return time.perf_counter() - start


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    cores = os.cpu_count() or 1
    root = generate(count, REPO / "bench" / "workspaces" / str(count))
    rows, ok = [], True

    def report(name: str, value: str, target: str, met: bool) -> None:
        nonlocal ok
        ok &= met
        rows.append(f"| {name} | {value} | {target} | {'met' if met else 'MISSED'} |")
        print(rows[-1], flush=True)

    print(f"| {count} procedures, {cores} cores | figure | target | |\n|---|---|---|---|", flush=True)
    one = run_build(root, root / "build-1", 1)
    shutil.rmtree(root / "build-1")
    out = root / "build"
    shutil.rmtree(out, ignore_errors=True)
    many = run_build(root, out, cores)
    pages = sum(p for _, p, _ in many["outputs"])
    report("full build --jobs 1", f"{one['seconds']:.0f} s, {pages / one['seconds']:.1f} pages/s", "", True)
    speedup = one["seconds"] / many["seconds"]
    report(f"full build --jobs {cores} against --jobs 1", f"{many['seconds']:.0f} s, {speedup:.2f} times",
           ">= 1.6 on 2 cores", speedup >= 1.6 or cores < 2)
    noop = min(whole_process(root, out) for _ in range(3))
    report("no-op rebuild (whole process)", f"{noop:.2f} s", "< 0.5 s", noop < 0.5)
    times = {doc_id: seconds for doc_id, _, seconds in many["outputs"]}
    edited = root / "procedures" / "QP-007-synthetic.yaml"
    edited.write_text(edited.read_text("utf-8").replace("purpose: ", "purpose: 修订：", 1), "utf-8")
    start = time.perf_counter()
    again = run_build(root, out, cores)
    edit_seconds = time.perf_counter() - start
    rebuilt = sorted(doc_id for doc_id, _, _ in again["outputs"])
    expected = times["QP-007"] + times["QM-01"]
    report("edit one procedure: rebuilt", ", ".join(rebuilt), "QM-01, QP-007", rebuilt == ["QM-01", "QP-007"])
    report("edit one procedure: time", f"{edit_seconds:.1f} s (its PDF {times['QP-007']:.1f} s + manual "
           f"{times['QM-01']:.1f} s = {expected:.1f} s)", "about the two renders", edit_seconds < expected * 1.25 + 2)
    largest = max(p for _, p, _ in many["outputs"])
    budget = 150 + 2.5 * largest
    worst = max(many["parent_mb"], many["worker_mb"])
    report("peak memory of the largest process", f"{worst:.0f} MB (parent {many['parent_mb']:.0f} MB, "
           f"largest of its family {many['worker_mb']:.0f} MB; with {cores} workers at most "
           f"{many['parent_mb'] + cores * many['worker_mb']:.0f} MB together)", f"<= {budget:.0f} MB", worst <= budget)
    procedure_pdfs = list((out / "procedures").glob("*.pdf"))
    procedure_pages = sum(p for doc_id, p, _ in many["outputs"] if doc_id != "QM-01")
    per_page = sum(p.stat().st_size for p in procedure_pdfs) / 1024 / procedure_pages
    report("procedure PDF size", f"{per_page:.1f} KB/page", "<= 8 KB/page", per_page <= 8)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
