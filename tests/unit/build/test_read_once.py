"""A build reads the workspace once: the loaded workspace is carried through validation, planning and rendering,
and no stage goes back to the disk for a document an earlier one read."""
from __future__ import annotations

import io
import os
from collections import Counter
from pathlib import Path

import qmtool.load.loader
from qmtool.build.pipeline import build


def _reads(monkeypatch, root: Path) -> tuple[Counter, Counter]:
    """Every opening of a file under procedures/, and every listing of a folder there, by path."""
    documents = os.path.realpath(root / "procedures")
    opened: Counter = Counter()
    listed: Counter = Counter()
    real_open, real_listdir, real_scandir = io.open, os.listdir, os.scandir

    def noted(counter: Counter, path) -> None:
        if isinstance(path, (str, os.PathLike)) and os.path.realpath(path).startswith(documents):
            counter[os.path.relpath(os.path.realpath(path), documents)] += 1

    def open_(file, *args, **kwargs):
        noted(opened, file)
        return real_open(file, *args, **kwargs)

    def listdir(path="."):
        noted(listed, path)
        return real_listdir(path)

    def scandir(path="."):
        noted(listed, path)
        return real_scandir(path)

    def read_within(within, relative, **options):  # the loader reads a workspace's files by descriptor
        noted(opened, os.path.join(within, relative))
        return real_read_within(within, relative, **options)

    for module, name, wrapper in ((io, "open", open_), (os, "listdir", listdir), (os, "scandir", scandir)):
        monkeypatch.setattr(module, name, wrapper)
    real_read_within = qmtool.load.loader.read_within
    monkeypatch.setattr(qmtool.load.loader, "read_within", read_within)
    monkeypatch.setattr("builtins.open", open_)
    return opened, listed


def test_a_build_reads_each_document_once(faked, monkeypatch):
    opened, listed = _reads(monkeypatch, faked)
    assert build(faked, faked / "build").ok
    assert opened and set(opened.values()) == {1}, opened
    assert listed and set(listed.values()) == {1}, listed


def test_a_build_the_memo_knows_valid_but_must_render_still_reads_each_document_once(faked, monkeypatch):
    """The memo says the files are valid, so planning needs no parse; an output is missing, so rendering does:
    the documents are parsed from the bytes read for planning, not read again."""
    assert build(faked, faked / "build").ok
    (faked / "build" / "manual.pdf").unlink()
    opened, listed = _reads(monkeypatch, faked)
    result = build(faked, faked / "build")
    assert result.ok and [output.doc_id for output in result.rendered] == ["QM-01"]
    assert opened and set(opened.values()) == {1}, opened
    assert listed and set(listed.values()) == {1}, listed
