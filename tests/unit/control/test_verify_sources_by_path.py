"""verify names each source by its whole path in the workspace, as release records it, and expects each PDF to
embed it under the name a build gives it (plan.attachment_names): two sources of one file name in different
folders are two sources, a release of them verifies, and one's PDF in the other's place does not."""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import zlib

import pytest

from qmtool.control.embedded import embedded
from qmtool.control.verify import verify
from tests.helpers import commit, pdf_embedding, release_by_hand, run

A, B, MANUAL = "procedures/a/proc.yaml", "procedures/b/proc.yaml", "procedures/manual.yaml"


@pytest.fixture
def nested(repo):
    """The repository with its procedure moved to procedures/a/proc.yaml and a second one, QP-02, committed as
    procedures/b/proc.yaml; and its sources by path."""
    text = (repo / "procedures" / "QP-01-demo.yaml").read_text("utf-8")
    for path, doc_id in ((A, "QP-01"), (B, "QP-02")):
        (repo / path).parent.mkdir()
        (repo / path).write_text(text.replace("id: QP-01", f"id: {doc_id}"), "utf-8")
    (repo / "procedures" / "QP-01-demo.yaml").unlink()
    commit(repo, "nest")
    return {path: (repo / path).read_bytes() for path in (MANUAL, A, B)}


def head(root) -> str:
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True).stdout.strip()


def rehashed(folder):
    """What a forger does after changing a PDF: its hash made new in release.json and in the manifest."""
    record = json.loads((folder / "release.json").read_text("utf-8"))
    for document in record["documents"]:
        document["pdf"]["sha256"] = hashlib.sha256((folder / document["pdf"]["path"]).read_bytes()).hexdigest()
    (folder / "release.json").write_text(json.dumps(record), "utf-8")
    names = ["release.json", *(d["pdf"]["path"] for d in record["documents"])]
    (folder / "MANIFEST.sha256").write_text("".join(
        f"{hashlib.sha256((folder / name).read_bytes()).hexdigest()}  {name}\n" for name in sorted(names)))
    return folder


def test_a_release_of_two_sources_of_one_file_name_verifies_against_its_commit(repo, nested):
    folder = release_by_hand(repo / "release" / "1", head(repo), nested)
    found = verify(folder)
    assert found.ok, (found.differing, [f.code for f in found.findings])
    assert found.commit.digests == {path: hashlib.sha256(data).hexdigest() for path, data in nested.items()}
    assert run("verify", "release/1").exit_code == 0


def test_a_release_of_them_verifies_where_no_commit_can_be_read(repo, nested, tmp_path):
    folder = release_by_hand(repo / "release" / "1", head(repo), nested)
    elsewhere = shutil.copytree(folder, tmp_path / "copy" / "1")
    found = verify(elsewhere, repository=tmp_path / "copy")
    assert found.ok and found.commit.digests is None


@pytest.mark.parametrize("checked", ["against the commit", "by record alone"])
def test_one_procedures_pdf_in_the_place_of_the_other_is_changed(repo, nested, tmp_path, checked):
    folder = release_by_hand(repo / "release" / "1", head(repo), nested)
    if checked == "by record alone":  # no commit to hold the sources to: the record's own hashes still tell
        folder = shutil.copytree(folder, tmp_path / "copy" / "1")
    shutil.copyfile(folder / "procedures" / "QP-02.pdf", folder / "procedures" / "QP-01.pdf")
    found = verify(rehashed(folder), repository=None if checked == "against the commit" else tmp_path / "copy")
    # It lacks its own source; and what it embeds instead is, where the commit says what each PDF embeds, not its.
    assert sorted(found.differing) == ["procedures/QP-01.pdf (embedded procedures%2Fa%2Fproc.yaml)", *(
        ["procedures/QP-01.pdf (embedded procedures%2Fb%2Fproc.yaml)"] if checked == "against the commit" else [])]


def test_a_source_embedded_under_its_bare_file_name_is_not_the_release_s(repo, nested):
    """Under a name two sources share, an embedded file says not which it is: not what release embeds."""
    folder = release_by_hand(repo / "release" / "1", head(repo), nested)
    (folder / "procedures" / "QP-01.pdf").write_bytes(pdf_embedding([("proc.yaml", zlib.compress(nested[A]))]))
    found = verify(rehashed(folder))
    assert sorted(found.differing) == ["procedures/QP-01.pdf (embedded proc.yaml)",
                                       "procedures/QP-01.pdf (embedded procedures%2Fa%2Fproc.yaml)"]


def test_a_name_that_is_not_ascii_is_read_as_a_build_writes_it(tmp_path):
    """WeasyPrint writes /F and the name-tree key as the name's UTF-8 bytes, /UF as UTF-16: one name, not two."""
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(pdf_embedding([("QP-01-会议.yaml", zlib.compress(b"id: QP-01\n"))]))
    assert embedded(pdf, {"QP-01-会议.yaml"}, 1) == {"QP-01-会议.yaml": hashlib.sha256(b"id: QP-01\n").hexdigest()}


def test_a_release_of_a_source_named_in_chinese_verifies(repo):
    (repo / "procedures" / "QP-01-demo.yaml").rename(repo / "procedures" / "QP-01-会议.yaml")
    commit(repo, "a Chinese name")
    sources = {path: (repo / path).read_bytes() for path in (MANUAL, "procedures/QP-01-会议.yaml")}
    found = verify(release_by_hand(repo / "release" / "1", head(repo), sources))
    assert found.ok and found.commit.digests is not None, found.differing
