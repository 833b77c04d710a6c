"""Check that a change leaves every PDF of the reference workspace byte for byte as it was.

    python bench/same_pdfs.py BASE      # BASE: a commit, branch or tag; default HEAD

Builds the reference workspace twice, each in a fresh process: once with the qmtool, templates, schemas
and workspace of BASE (taken from git into a temporary folder), once with those of the working folder.
Prints each PDF's SHA-256 on both sides and exits 1 if any differs, or if a side has a PDF the other lacks.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def build(source: Path, out: Path) -> dict[str, str]:
    """Build source's workspace with source's own qmtool; each PDF's SHA-256 by name."""
    code = f"import sys; sys.path.insert(0, {str(source)!r}); from qmtool.cli import main; main()"
    environment = os.environ | {"CI": "1"}  # no schema memo: each side checks everything itself
    result = subprocess.run([sys.executable, "-c", code, "build", str(source), "-o", str(out), "--force"],
                            capture_output=True, text=True, cwd=out.parent, env=environment)
    if result.returncode:
        sys.exit(f"the build of {source} failed:\n{result.stderr}")
    check = subprocess.run([sys.executable, "-c", f"import sys; sys.path.insert(0, {str(source)!r}); "
                            "import qmtool; print(qmtool.__file__)"], capture_output=True, text=True, cwd=out.parent)
    if not check.stdout.startswith(str(source)):
        sys.exit(f"the build of {source} used another qmtool: {check.stdout.strip()}")
    return {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*.pdf"))}


def main() -> None:
    base = sys.argv[1] if len(sys.argv) > 1 else "HEAD"
    with tempfile.TemporaryDirectory(prefix="qmtool-same-") as folder:
        old = Path(folder) / "base"
        old.mkdir()
        archive = subprocess.run(["git", "-C", str(REPO), "archive", base], capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
        before = build(old, Path(folder) / "before")
        after = build(REPO, Path(folder) / "after")
    differing = 0
    for name in sorted(before.keys() | after.keys()):
        same = before.get(name) == after.get(name)
        differing += not same
        print(f"{'same' if same else 'DIFFERENT':9}  {name}  {before.get(name, '-')[:16]}  {after.get(name, '-')[:16]}")
    print(f"{len(before)} PDFs built from {base}, {len(after)} from the working folder, {differing} differing")
    sys.exit(1 if differing or not before else 0)


if __name__ == "__main__":
    main()
