"""Benchmark `qmtool build` against plain WeasyPrint on the same HTML, as a ratio of pages per second.

    python bench/build.py                      # reference workspace
    python bench/build.py 300                  # also a synthetic workspace of 300 procedures (an hour)
    python bench/build.py 300 --rounds 1 --no-reference

Each side runs in its own fresh process, alternately, best of three, on the same machine: qmtool builds
the workspace (validation and PDF/A included); plain WeasyPrint renders the HTML files qmtool
wrote with --html, in one process, with default options. Prints pages per second, the ratio
(target at least 0.95), KB per page, and the peak memory of each process. Exits 1 when a
target is missed.
"""
from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RATIO_TARGET = 0.95
ROUNDS = 3


def run_qmtool(root: Path, out: Path) -> dict:
    # weasyprint imported before the clock starts, as the plain side imports it: both time the work, not
    # the second it takes to import WeasyPrint. The PDFs are made in a worker process (so that it can be
    # killed at its deadline), which imports WeasyPrint again inside the clock: that cost is qmtool's.
    code = ("import json, resource, sys, time\nimport weasyprint\nfrom qmtool.build.pipeline import build\n"
            "start = time.perf_counter()\n"
            "result = build(sys.argv[1], sys.argv[2], html=True, force=True, jobs=1)\nassert result.ok\n"
            "print(json.dumps({'seconds': time.perf_counter() - start, "
            "'pages': sum(o.pages for o in result.outputs), "
            "'peak_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))")
    return _child([sys.executable, "-c", code, str(root), str(out)])


def run_plain(html_folder: Path) -> dict:
    code = ("import json, resource, sys, time\nfrom pathlib import Path\nfrom weasyprint import HTML\n"
            "pages = [p.read_text('utf-8') for p in sorted(Path(sys.argv[1]).glob('*.html'))]\n"
            "start = time.perf_counter()\ncount = 0\n"
            "for page in pages:\n    document = HTML(string=page).render()\n"
            "    document.write_pdf()\n    count += len(document.pages)\n"
            "print(json.dumps({'seconds': time.perf_counter() - start, 'pages': count, "
            "'peak_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))")
    return _child([sys.executable, "-c", code, str(html_folder)])


def _child(command: list[str]) -> dict:
    from bench.family import measured  # the PDFs are made in workers, children of the fork server

    result, family = measured(command, capture_output=True, text=True, cwd=REPO)
    if result.returncode:
        sys.exit(result.stderr)
    report = json.loads(result.stdout)
    return {**report, "peak_mb": max(report["peak_mb"], family["peak_mb"])}


def best(runs: list[dict]) -> dict:
    return {**min(runs, key=lambda run: run["seconds"]), "peak_mb": max(run["peak_mb"] for run in runs)}


def measure(name: str, root: Path, rounds: int = ROUNDS) -> tuple[list[str], bool]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "build"
        ours_runs, plain_runs = [], []
        for _ in range(rounds):  # alternate, so a slow spell of the machine hits both sides
            ours_runs.append(run_qmtool(root, out))
            plain_runs.append(run_plain(out / "html"))
        ours, plain = best(ours_runs), best(plain_runs)
        procedures = list((out / "procedures").glob("*.pdf"))
        procedure_bytes = sum(p.stat().st_size for p in procedures)
        manual_bytes = (out / "manual.pdf").stat().st_size
        total_pages = ours["pages"]
    ours_rate, plain_rate = ours["pages"] / ours["seconds"], plain["pages"] / plain["seconds"]
    ratio = ours_rate / plain_rate
    met = ratio >= RATIO_TARGET
    row = [name, str(total_pages), f"{plain_rate:.1f}", f"{ours_rate:.1f}", f"{ratio:.2f}",
           "met" if met else "MISSED",
           f"{(procedure_bytes + manual_bytes) / 1024 / total_pages:.0f}",
           f"{ours['peak_mb']:.0f}", f"{plain['peak_mb']:.0f}"]
    return row, met


def main() -> int:
    import argparse

    sys.path.insert(0, str(REPO))
    from bench.generate import generate

    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, help="synthetic workspaces of this many procedures")
    parser.add_argument("--rounds", type=int, default=ROUNDS, help="alternations of the two sides; best counts")
    parser.add_argument("--no-reference", action="store_true", help="skip the reference workspace")
    args = parser.parse_args()
    workspaces = [] if args.no_reference else [("reference", REPO)]
    for count in args.sizes:
        workspaces.append((f"{count} procedures", generate(count, REPO / "bench" / "workspaces" / str(count))))
    print("| workspace | pages | plain WeasyPrint pages/s | qmtool build pages/s | ratio (>= 0.95) | | "
          "KB/page | qmtool peak MB | plain peak MB |")
    print("|---|---|---|---|---|---|---|---|---|")
    ok = True
    for name, root in workspaces:
        row, met = measure(name, root, args.rounds)
        ok &= met
        print("| " + " | ".join(row) + " |", flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
