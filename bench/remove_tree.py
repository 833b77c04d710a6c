"""Processor time to remove a tree of 100 folders of 30 files: shutil.rmtree against core/tree.py's remove_tree."""
import shutil
import tempfile
import time
from pathlib import Path

from qmtool.core.tree import remove_tree


def make(top: Path) -> None:
    for d in range(100):
        sub = top / f"d{d}"
        sub.mkdir(parents=True)
        for f in range(30):
            (sub / f"f{f}").write_bytes(b"x")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        for name, remove in (("shutil.rmtree", shutil.rmtree), ("remove_tree", remove_tree)) * 3:
            top = Path(folder) / "tree"
            make(top)
            start = time.process_time()
            remove(top)
            print(name, round((time.process_time() - start) * 1000, 1), "ms")
