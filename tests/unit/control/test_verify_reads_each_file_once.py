"""verify reads each file of a release once, by descriptor from the release folder's and through no link, judges
what it opened before reading it (a FIFO is never waited on), and judges every check of a PDF on the one copy
it read; a file gone or swapped after the listing is said in the release's language, never a traceback. The
manifest and the record are held to what release writes: a CR ending a manifest line, or a key written twice
in release.json (json keeps the last value, other readers the first), is a changed release. Each swap is made by
the test at the exact step between the listing and the read, not by timing."""
from __future__ import annotations

import hashlib
import json
import os
import threading
import time
import zlib
from pathlib import Path

import pytest

import qmtool.control.verify
from qmtool.control.verify import verify
from tests.helpers import SECRET, pdf_embedding, release_by_hand, run

SOURCE = b"id: QP-01\n"
PDF = "procedures/QP-01.pdf"


@pytest.fixture
def released(tmp_path) -> Path:
    folder = release_by_hand(tmp_path / "2027.1", "0" * 40, {"procedures/QP-01-demo.yaml": SOURCE})
    assert verify(folder).ok
    return folder


def manifested(folder: Path) -> None:
    """The manifest rewritten to vouch for every file as it is now, as a forger would."""
    names = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                   if p.is_file() and p.name != "MANIFEST.sha256")
    (folder / "MANIFEST.sha256").write_text("".join(
        f"{hashlib.sha256((folder / n).read_bytes()).hexdigest()}  {n}\n" for n in names))


def after_listing(monkeypatch, swap) -> None:
    """swap() done the moment verify has listed the release's files, before it reads any."""
    listed = qmtool.control.verify._release_files

    def list_then_swap(folder):
        found = listed(folder)
        swap()
        return found

    monkeypatch.setattr(qmtool.control.verify, "_release_files", list_then_swap)


def fifo_unblocked(path: Path) -> None:
    """path made a FIFO, and a writer that opens and closes it whenever a reader waits on it, for some seconds: a
    reader that waits (opening by path, as verify did) then reads an empty file instead of hanging the test run."""
    path.unlink()
    os.mkfifo(path)

    def writer():
        for _ in range(2000):
            try:
                os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
            except OSError:  # no reader waiting (ENXIO), or the FIFO gone with the test
                pass
            time.sleep(0.005)

    threading.Thread(target=writer, daemon=True).start()


# A key written twice in release.json.

def written_twice(folder: Path, old: str, new: str) -> None:
    text = (folder / "release.json").read_text("utf-8")
    assert text.count(old) == 1
    (folder / "release.json").write_text(text.replace(old, new), "utf-8")
    manifested(folder)


def test_a_record_key_written_twice_is_refused_at_its_pointer(released):
    written_twice(released, '"documents": [', '"documents": [], "documents": [')  # json keeps the second
    found = verify(released)
    assert not found.ok
    assert [(f.code, f.pointer) for f in found.findings] == [("verify-record-shape", "/documents")]
    assert "written more than once" in found.findings[0].problem("en").message


def test_a_key_written_twice_deep_in_a_record_is_refused_at_its_pointer(released):
    record = json.loads((released / "release.json").read_text("utf-8"))
    kept = record["documents"][0]["pdf"]["sha256"]
    written_twice(released, f'"sha256": "{kept}"', f'"sha256": "{"0" * 64}", "sha256": "{kept}"')
    found = verify(released)
    assert not found.ok
    assert [(f.code, f.pointer) for f in found.findings] == [("verify-record-shape", "/documents/0/pdf/sha256")]


@pytest.mark.parametrize("language, said", [("zh-Hans", "此键重复出现"), ("zh-Hant", "此鍵重複出現"),
                                            ("en", "this key is written more than once")])
def test_a_key_written_twice_is_said_in_the_release_language(tmp_path, language, said):
    folder = release_by_hand(tmp_path / "r", "0" * 40, {"procedures/QP-01-demo.yaml": SOURCE}, language=language)
    written_twice(folder, '"signed": false', '"signed": true, "signed": false')
    result = run("verify", str(folder))
    assert result.exit_code == 1 and "error[verify-record-shape]" in result.stderr and said in result.stderr


# Files swapped or gone after the listing.

def test_a_manifest_swapped_for_a_fifo_after_the_listing_is_not_waited_on(released, monkeypatch):
    after_listing(monkeypatch, lambda: fifo_unblocked(released / "MANIFEST.sha256"))
    found = verify(released)
    assert found.differing == ["MANIFEST.sha256 (not a regular file: a FIFO, device, socket or folder)"]


def test_a_pdf_swapped_for_a_fifo_after_the_listing_is_not_waited_on(released, monkeypatch):
    after_listing(monkeypatch, lambda: fifo_unblocked(released / PDF))
    found = verify(released)
    assert f"{PDF} (not a regular file: a FIFO, device, socket or folder)" in found.differing and not found.ok


def test_a_manifest_swapped_for_a_link_after_the_listing_is_never_read(released, monkeypatch):
    outside = released.parent / "outside.txt"
    outside.write_text(f"{'a' * 64}  {SECRET}.pdf\n", "utf-8")

    def swap():
        (released / "MANIFEST.sha256").unlink()
        (released / "MANIFEST.sha256").symlink_to(outside)

    after_listing(monkeypatch, swap)
    found = verify(released)
    assert [(f.path, f.code) for f in found.findings] == [(f"{released}/MANIFEST.sha256", "verify-link")]
    assert found.differing == ["MANIFEST.sha256"] and SECRET not in repr(found)


def test_a_pdf_swapped_for_a_link_after_the_listing_is_never_read(released, monkeypatch):
    outside = released.parent / "outside.pdf"
    outside.write_bytes((released / PDF).read_bytes())  # the very bytes: only the link tells

    def swap():
        (released / PDF).unlink()
        (released / PDF).symlink_to(outside)

    after_listing(monkeypatch, swap)
    found = verify(released)
    assert (f"{released}/{PDF}", "verify-link") in [(f.path, f.code) for f in found.findings]
    assert PDF in found.differing and not found.ok


def test_a_file_gone_after_the_listing_is_missing_in_the_release_language(tmp_path, monkeypatch):
    folder = release_by_hand(tmp_path / "r", "0" * 40, {"procedures/QP-01-demo.yaml": SOURCE}, language="zh-Hans")
    after_listing(monkeypatch, (folder / PDF).unlink)
    result = run("verify", str(folder))
    assert result.exit_code == 1 and f"{folder}/{PDF}：缺失" in result.stderr, result.stderr
    assert "No such file" not in result.stderr


def test_a_manifest_gone_after_the_listing_is_missing(released, monkeypatch):
    after_listing(monkeypatch, (released / "MANIFEST.sha256").unlink)
    assert verify(released).missing == ["MANIFEST.sha256"]


# One read of each PDF, every check of it on that read.

def test_a_pdf_is_judged_as_it_was_read_once_a_swap_after_its_read_is_never_seen(released, monkeypatch):
    """The digest, the embedded files and the signatures come from the one copy read: a forged PDF put in its
    place after that read (between two checks, as an attacker's loop would) is not what any check sees."""
    forged = pdf_embedding([("QP-01-demo.yaml", zlib.compress(b"id: QP-01\ntitle: Forged\n"))])
    looked_into = qmtool.control.verify.read_embedded

    def swap_then_look(*args, **kwargs):
        (released / PDF).write_bytes(forged)
        return looked_into(*args, **kwargs)

    monkeypatch.setattr(qmtool.control.verify, "read_embedded", swap_then_look)
    found = verify(released)
    assert found.ok and not found.differing, found.differing


# What a release never writes.

def test_a_manifest_fifo_is_no_regular_file_not_a_missing_one(released):
    fifo_unblocked(released / "MANIFEST.sha256")
    found = verify(released)
    assert found.differing == ["MANIFEST.sha256 (not a regular file: a FIFO, device, socket or folder)"]
    assert not found.missing


def test_a_manifest_of_crlf_lines_is_a_changed_manifest(released):
    manifest = released / "MANIFEST.sha256"
    manifest.write_bytes(manifest.read_bytes().replace(b"\n", b"\r\n"))  # release writes LF only
    found = verify(released)
    assert "MANIFEST.sha256" in found.differing and not found.ok


def test_a_manifest_cut_short_of_its_last_line_break_is_a_changed_manifest(released):
    manifest = released / "MANIFEST.sha256"
    manifest.write_bytes(manifest.read_bytes().rstrip(b"\n"))
    assert verify(released).differing == ["MANIFEST.sha256"]
