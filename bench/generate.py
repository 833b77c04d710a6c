"""Make synthetic workspaces of N procedures from the reference one: python bench/generate.py N [OUT]."""
from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def generate(count: int, out: Path) -> Path:
    """A workspace at out with the reference manual and count procedures cycled from the reference six."""
    folder = out / "procedures"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    templates = sorted((REPO / "procedures").glob("QP-*.yaml"))
    ids = []
    for n in range(1, count + 1):
        text = templates[(n - 1) % len(templates)].read_text("utf-8")
        doc_id = f"QP-{n:03d}"
        ids.append(doc_id)
        text = re.sub(r"^id: QP-\d+$", f"id: {doc_id}", text, count=1, flags=re.M)
        text = re.sub(r"^related:\n(  - .*\n)+", "related:\n  - QM-01\n", text, flags=re.M)
        (folder / f"{doc_id}-synthetic.yaml").write_text(text, "utf-8")
    manual = (REPO / "procedures" / "manual.yaml").read_text("utf-8")
    manual = re.sub(r"^related:\n(  - .*\n)+", "related:\n" + "".join(f"  - {i}\n" for i in ids), manual, flags=re.M)
    (folder / "manual.yaml").write_text(manual, "utf-8")
    return out


if __name__ == "__main__":
    count = int(sys.argv[1])
    print(generate(count, Path(sys.argv[2]) if len(sys.argv) > 2 else REPO / "bench" / "workspaces" / str(count)))
