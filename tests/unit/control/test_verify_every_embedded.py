"""verify counts every file a PDF embeds, wherever it is: the EmbeddedFiles name tree, a page's
FileAttachment annotation (by reference or written inside it), an /AF array of the catalog or a page, or a
file specification nothing refers to. A second copy of a source hidden anywhere is a changed PDF, as
pdfdetach -saveall (the README's way to recover a source) would save it."""
from __future__ import annotations

import hashlib
import json
import subprocess
import zlib

import pytest

from qmtool.control.embedded import TOO_MANY, TWICE, UNREAD, embedded
from qmtool.control.verify import verify
from tests.helpers import pdf_embedding, release_by_hand

SOURCE = b"id: QP-01\ntitle: Demo\n"
FORGED = b"id: QP-01\ntitle: Forged\n"
PLACES = ["annotation", "inline", "af", "page-af", "loose"]


@pytest.mark.parametrize("where", PLACES)
def test_a_second_copy_anywhere_is_embedded_twice(tmp_path, where):
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(pdf_embedding([("QP-01.yaml", zlib.compress(SOURCE))],
                                  elsewhere=[(where, "QP-01.yaml", zlib.compress(FORGED))]))
    assert embedded(pdf, {"QP-01.yaml"}, 5) == {"QP-01.yaml": TWICE}


@pytest.mark.parametrize("where", PLACES)
def test_a_file_outside_the_name_tree_is_counted_and_read(tmp_path, where):
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(pdf_embedding([], elsewhere=[(where, "QP-01.yaml", zlib.compress(SOURCE)),
                                                 (where, "extra.txt", zlib.compress(b"x"))]))
    assert embedded(pdf, {"QP-01.yaml"}, 5) == {"QP-01.yaml": hashlib.sha256(SOURCE).hexdigest(), "extra.txt": UNREAD}
    assert embedded(pdf, {"QP-01.yaml"}, 1) == {"QP-01.yaml": UNREAD, TOO_MANY: TOO_MANY}


def test_one_file_named_from_several_places_is_one_file(tmp_path):
    """WeasyPrint names each attachment in the name tree and twice in the catalog's /AF: still one file."""
    pdf = tmp_path / "a.pdf"
    body = pdf_embedding([("QP-01.yaml", zlib.compress(SOURCE))])
    body = body.replace(b"/AF []", b"/AF [5 0 R 5 0 R]", 1)
    assert b"5 0 obj\n<< /Type /Filespec" in body
    pdf.write_bytes(body)
    assert embedded(pdf, {"QP-01.yaml"}, 1) == {"QP-01.yaml": hashlib.sha256(SOURCE).hexdigest()}


def test_a_file_specification_offering_two_streams_is_not_read(tmp_path):
    pdf = tmp_path / "a.pdf"
    body = pdf_embedding([("QP-01.yaml", zlib.compress(SOURCE)), ("other.yaml", zlib.compress(FORGED))])
    pdf.write_bytes(body.replace(b"/EF << /F 4 0 R >>", b"/EF << /F 4 0 R /UF 6 0 R >>"))
    assert embedded(pdf, {"QP-01.yaml"}, 5)["QP-01.yaml"] == UNREAD
    pdf.write_bytes(body.replace(b"/EF << /F 4 0 R >>", b"/EF << /F 4 0 R /Unix 6 0 R >>"))
    assert embedded(pdf, {"QP-01.yaml"}, 5)["QP-01.yaml"] == UNREAD


def test_a_name_tree_key_is_a_name_of_its_file(tmp_path):
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(pdf_embedding([("QP-01.yaml", zlib.compress(SOURCE))]).replace(b"[(QP-01.yaml) 5", b"[(x.sh) 5"))
    assert embedded(pdf, {"QP-01.yaml"}, 5) == {"x.sh": UNREAD, "QP-01.yaml": hashlib.sha256(SOURCE).hexdigest()}


def rewritten(folder, pdf: str, body: bytes) -> None:
    """The release's pdf replaced by body, its record's pdf.sha256 and the manifest made to agree."""
    (folder / pdf).write_bytes(body)
    record = json.loads((folder / "release.json").read_text("utf-8"))
    for document in record["documents"]:
        if document["pdf"]["path"] == pdf:
            document["pdf"]["sha256"] = hashlib.sha256(body).hexdigest()
    (folder / "release.json").write_text(json.dumps(record), "utf-8")
    names = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                   if p.is_file() and p.name != "MANIFEST.sha256")
    (folder / "MANIFEST.sha256").write_text("".join(
        f"{hashlib.sha256((folder / name).read_bytes()).hexdigest()}  {name}\n" for name in names))


@pytest.mark.parametrize("where", PLACES)
def test_a_release_whose_pdf_hides_a_forged_copy_is_changed(tmp_path, where):
    """The attack: the forged copy added beside the true one, pdf.sha256 and the manifest made to agree."""
    folder = release_by_hand(tmp_path / "r", "0" * 40, {"procedures/QP-01-demo.yaml": SOURCE})
    rewritten(folder, "procedures/QP-01.pdf", pdf_embedding(
        [("QP-01-demo.yaml", zlib.compress(SOURCE))], elsewhere=[(where, "QP-01-demo.yaml", zlib.compress(FORGED))]))
    found = verify(folder)
    assert not found.ok and "procedures/QP-01.pdf (embedded QP-01-demo.yaml)" in found.differing


def head(root) -> str:
    done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True)
    return done.stdout.strip()


@pytest.fixture
def released(repo):
    names = ("procedures/manual.yaml", "procedures/QP-01-demo.yaml")
    return release_by_hand(repo / "release" / "1", head(repo), {name: (repo / name).read_bytes() for name in names})


def test_with_the_commit_read_each_pdf_embeds_exactly_what_release_embeds(released, repo):
    sources = {name: zlib.compress((repo / "procedures" / name).read_bytes())
               for name in ("manual.yaml", "QP-01-demo.yaml")}
    assert verify(released).ok
    rewritten(released, "procedures/QP-01.pdf", pdf_embedding(list(sources.items())))  # the manual too
    assert verify(released).differing == ["procedures/QP-01.pdf (embedded manual.yaml)"]
    rewritten(released, "procedures/QP-01.pdf", pdf_embedding([("QP-01-demo.yaml", sources["QP-01-demo.yaml"])]))
    rewritten(released, "manual.pdf", pdf_embedding([("manual.yaml", sources["manual.yaml"])]))  # QP-01 left out
    assert verify(released).differing == ["manual.pdf (embedded QP-01-demo.yaml)"]
