"""A release whose record cannot be read (nested past any stack, too big, broken) is a release changed: exit 1
and release.json named, never a traceback; its language is then the workspace's, as for no record at all."""
from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import DEEP_JSON

QMTOOL = Path(sys.executable).parent / "qmtool"
RECORDS = {"deep": DEEP_JSON, "deep language": '{"language": ' + "[" * 500 + "]" * 500 + "}",
           "surrogate": '{"language": "\\ud800", "documents": []}'}


def manifested(folder: Path) -> Path:
    """folder with a MANIFEST vouching for every file in it as it is now."""
    names = sorted(p.name for p in folder.iterdir())
    (folder / "MANIFEST.sha256").write_text("".join(
        f"{hashlib.sha256((folder / n).read_bytes()).hexdigest()}  {n}\n" for n in names))
    return folder


@pytest.mark.parametrize("record", RECORDS.values(), ids=RECORDS)
def test_an_unreadable_record_is_a_changed_release(tmp_path, record):
    folder = tmp_path / "2027.8"
    folder.mkdir()
    (folder / "release.json").write_text(record, "utf-8")
    manifested(folder)  # the manifest agrees: only the record's own content is wrong
    done = subprocess.run([str(QMTOOL), "verify", str(folder)], capture_output=True, text=True, timeout=120,
                          cwd=tmp_path)
    assert "Traceback" not in done.stderr and "RecursionError" not in done.stderr, done.stderr
    assert done.returncode == 1 and "release.json" in done.stdout + done.stderr
