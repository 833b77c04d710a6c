"""verify reads a PDF's embedded files within bounds whatever the PDF holds: names counted before any file is
read, only the files the record expects read, each inflated no further than a limit; a PDF past a bound is
a changed one, never a traceback, and memory stays small (measured in a process of its own)."""
from __future__ import annotations

import hashlib
import subprocess
import sys
import zlib

import pytest

from qmtool.control.embedded import TOO_LARGE, TOO_MANY, TWICE, UNREAD, embedded
from tests.helpers import deflated, pdf_embedding, release_by_hand

SOURCE = b"id: QP-01\ntitle: Demo\n" * 50
MEGABYTE = 1 << 20


def test_the_files_asked_for_are_read_and_no_others(tmp_path):
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(pdf_embedding([("QP-01.yaml", zlib.compress(SOURCE)), ("extra.txt", zlib.compress(b"x"))]))
    assert embedded(pdf, {"QP-01.yaml"}, 5) == {"QP-01.yaml": hashlib.sha256(SOURCE).hexdigest(), "extra.txt": UNREAD}
    pdf.write_bytes(pdf_embedding([("QP-01.yaml", SOURCE)], plain=True))  # stored as it is
    assert embedded(pdf, {"QP-01.yaml"}, 5) == {"QP-01.yaml": hashlib.sha256(SOURCE).hexdigest()}


def test_a_file_inflating_past_the_limit_is_not_inflated_further(tmp_path):
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(pdf_embedding([("QP-01.yaml", zlib.compress(SOURCE))]))
    assert embedded(pdf, {"QP-01.yaml"}, 5, limit=len(SOURCE)) == {"QP-01.yaml": hashlib.sha256(SOURCE).hexdigest()}
    assert embedded(pdf, {"QP-01.yaml"}, 5, limit=len(SOURCE) - 1) == {"QP-01.yaml": TOO_LARGE}
    pdf.write_bytes(pdf_embedding([("QP-01.yaml", SOURCE)], plain=True))
    assert embedded(pdf, {"QP-01.yaml"}, 5, limit=len(SOURCE) - 1) == {"QP-01.yaml": TOO_LARGE}


def test_a_name_embedded_many_times_is_counted_and_never_read(tmp_path):
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(pdf_embedding([("QP-01.yaml", deflated(70 * MEGABYTE))] * 3))
    assert embedded(pdf, {"QP-01.yaml"}, 5) == {"QP-01.yaml": TWICE}


def test_more_files_than_the_release_has_sources_stop_the_count(tmp_path):
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(pdf_embedding([(f"{n}.yaml", zlib.compress(b"x")) for n in range(5000)]))
    found = embedded(pdf, {"1.yaml"}, 2)
    assert found == {"0.yaml": UNREAD, "1.yaml": UNREAD, TOO_MANY: TOO_MANY}


def test_stored_otherwise_or_damaged_is_not_what_was_released(tmp_path):
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(pdf_embedding([("QP-01.yaml", zlib.compress(SOURCE)[:-9])]))  # cut short
    assert embedded(pdf, {"QP-01.yaml"}, 5) == {"QP-01.yaml": UNREAD}
    pdf.write_bytes(pdf_embedding([("QP-01.yaml", b"not flate at all")]))
    assert embedded(pdf, {"QP-01.yaml"}, 5) == {"QP-01.yaml": UNREAD}
    pdf.write_bytes(pdf_embedding([("QP-01.yaml", SOURCE.hex().encode())], plain=True).replace(
        b"/Type /EmbeddedFile", b"/Type /EmbeddedFile /Filter /ASCIIHexDecode"))
    assert embedded(pdf, {"QP-01.yaml"}, 5) == {"QP-01.yaml": UNREAD}


# The peak resident memory of verify itself: Linux keeps a process's peak across the exec that started it, so the
# peak of the test process it was forked from would count (358 MB once, under pytest-xdist); "5" resets it.
MEASURE = """
import re, sys
from pathlib import Path
from qmtool.control.verify import verify
with open("/proc/self/clear_refs", "w") as clear:
    clear.write("5")
found = verify(Path(sys.argv[1]))
peak = int(re.search(r"VmHWM:\\s+(\\d+) kB", Path("/proc/self/status").read_text())[1])
print(peak // 1024, found.ok, sorted(found.differing))
"""


@pytest.mark.parametrize("copies", [40, 1])  # one name 40 times (2.8 GB inflated); once, past the limit
def test_a_pdf_made_to_hold_gigabytes_is_a_changed_pdf_read_in_little_memory(tmp_path, copies):
    folder = release_by_hand(tmp_path / "r", "0" * 40, {"procedures/QP-01-demo.yaml": SOURCE})
    pdf = folder / "procedures" / "QP-01.pdf"
    pdf.write_bytes(pdf_embedding([("QP-01-demo.yaml", deflated(70 * MEGABYTE))] * copies))
    assert pdf.stat().st_size < 3 * MEGABYTE
    done = subprocess.run([sys.executable, "-c", MEASURE, str(folder)], capture_output=True, text=True, timeout=300,
                          cwd=tmp_path)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    peak, ok, differing = done.stdout.split(" ", 2)
    assert ok == "False" and "procedures/QP-01.pdf (embedded QP-01-demo.yaml)" in differing
    assert int(peak) < 300, f"{peak} MB"  # it held 2,850 MB before the names were counted first
