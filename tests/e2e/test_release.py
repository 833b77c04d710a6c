"""qmtool release and verify on a scripted git repository: real builds, signed and tampered with."""
from __future__ import annotations

import hashlib
import json
import subprocess

from click.testing import CliRunner

from qmtool.cli import main
from tests.helpers import commit, make_key, release
from tests.helpers import edit_first as edit


def test_release_writes_pdfs_manifest_and_record_that_verify(repo):
    result = release("--version", "2027.1")
    assert result.exit_code == 0, result.stderr
    folder = repo / "release" / "2027.1"
    names = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert names == ["MANIFEST.sha256", "manual.pdf", "procedures/QP-01.pdf", "release.json"]
    subprocess.run(["sha256sum", "--quiet", "-c", "MANIFEST.sha256"], cwd=folder, check=True)
    record = json.loads((folder / "release.json").read_text())
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True).stdout.strip()
    assert record["release"] == "2027.1" and record["commit"] == head
    qp01 = next(d for d in record["documents"] if d["id"] == "QP-01")
    source = (repo / "procedures" / "QP-01-demo.yaml").read_bytes()
    assert qp01["source"] == {"path": "procedures/QP-01-demo.yaml", "sha256": hashlib.sha256(source).hexdigest()}
    assert [a["role"] for a in qp01["approvals"]] == ["prepared", "reviewed", "approved"]
    assert set(record["fonts"]) == {"Noto Serif CJK SC", "Noto Sans CJK SC"}
    assert CliRunner().invoke(main, ["verify", str(folder)]).exit_code == 0


def test_one_changed_byte_fails_verify(repo):
    assert release("--version", "1").exit_code == 0
    pdf = repo / "release" / "1" / "procedures" / "QP-01.pdf"
    data = bytearray(pdf.read_bytes())
    data[len(data) // 2] ^= 0x01
    pdf.write_bytes(bytes(data))
    result = CliRunner().invoke(main, ["verify", "release/1"])
    assert result.exit_code == 1 and "release/1/procedures/QP-01.pdf: differs" in result.stderr
    (repo / "release" / "1" / "manual.pdf").unlink()
    assert "release/1/manual.pdf: missing" in CliRunner().invoke(main, ["verify", "release/1"]).stderr
    pdf.write_bytes(b"%PDF-1.7\n garbage, no trailer")  # unreadable as a PDF: differs, never a traceback
    result = CliRunner().invoke(main, ["verify", "release/1"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "release/1/procedures/QP-01.pdf (embedded QP-01-demo.yaml): differs" in result.stderr


def test_embedded_source_must_match_the_record(repo):
    assert release("--version", "1").exit_code == 0
    folder = repo / "release" / "1"
    record = json.loads((folder / "release.json").read_text())
    record["documents"][1]["source"]["sha256"] = "0" * 64  # as if the PDF embedded another source
    (folder / "release.json").write_text(json.dumps(record))
    lines = [f"{hashlib.sha256((folder / name).read_bytes()).hexdigest()}  {name}"
             for name in ("manual.pdf", "procedures/QP-01.pdf", "release.json")]
    (folder / "MANIFEST.sha256").write_text("\n".join(lines) + "\n")
    result = CliRunner().invoke(main, ["verify", "release/1"])
    assert result.exit_code == 1 and "procedures/QP-01.pdf (embedded QP-01-demo.yaml): differs" in result.stderr
    assert "manual.pdf (embedded QP-01-demo.yaml): differs" in result.stderr  # the manual embeds every source


def rewrite_hashes(folder, record):
    """What a forger would do after changing a file: new hashes in release.json and the manifest."""
    for document in record["documents"]:
        if (folder / document["pdf"]["path"]).is_file():
            document["pdf"]["sha256"] = hashlib.sha256((folder / document["pdf"]["path"]).read_bytes()).hexdigest()
    (folder / "release.json").write_text(json.dumps(record))
    names = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.*") if p.name != "MANIFEST.sha256")
    (folder / "MANIFEST.sha256").write_text("".join(
        f"{hashlib.sha256((folder / name).read_bytes()).hexdigest()}  {name}\n" for name in names))


def test_sources_of_one_file_name_and_a_chinese_name_are_released_and_verified_by_their_paths(repo):
    """Two procedures named proc.yaml in different folders, and a manual named in Chinese: the PDFs embed each
    under the one name the build, release and verify agree on, and one procedure's PDF in the other's place
    fails, its hashes made new as a forger would."""
    procedures = repo / "procedures"
    text = (procedures / "QP-01-demo.yaml").read_text("utf-8")
    for folder, doc_id in (("a", "QP-01"), ("b", "QP-02")):
        (procedures / folder).mkdir()
        (procedures / folder / "proc.yaml").write_text(text.replace("id: QP-01", f"id: {doc_id}"), "utf-8")
    (procedures / "QP-01-demo.yaml").unlink()
    (procedures / "manual.yaml").rename(procedures / "质量手册.yaml")
    commit(repo, "nest")
    assert release("--version", "9.1").exit_code == 0
    folder = repo / "release" / "9.1"
    listed = subprocess.run(["pdfdetach", "-list", folder / "manual.pdf"], capture_output=True, text=True).stdout
    assert sorted(line.split(": ", 1)[1] for line in listed.splitlines()[1:]) == [
        "procedures%2Fa%2Fproc.yaml", "procedures%2Fb%2Fproc.yaml", "质量手册.yaml"]
    result = CliRunner().invoke(main, ["verify", "release/9.1"])
    assert result.exit_code == 0, result.stderr
    (folder / "procedures" / "QP-01.pdf").write_bytes((folder / "procedures" / "QP-02.pdf").read_bytes())
    rewrite_hashes(folder, json.loads((folder / "release.json").read_text("utf-8")))
    result = CliRunner().invoke(main, ["verify", "release/9.1"])
    assert result.exit_code == 1
    for name in ("procedures%2Fa%2Fproc.yaml", "procedures%2Fb%2Fproc.yaml"):  # its own missing, the other's there
        assert f"procedures/QP-01.pdf (embedded {name}): differs" in result.stderr


def test_two_releases_of_one_commit_are_the_same_bytes(repo):
    assert release("--version", "1", "-o", "a").exit_code == 0
    from qmtool.core.atomic import umask

    assert (repo / "a" / "1").stat().st_mode & 0o777 == 0o777 & ~umask()  # as any folder made here, not 0700
    assert release("--version", "1", "-o", "b").exit_code == 0
    for path in sorted((repo / "a" / "1").rglob("*")):
        if path.is_file():
            assert path.read_bytes() == (repo / "b" / "1" / path.relative_to(repo / "a" / "1")).read_bytes()


def test_release_is_refused_for_each_reason(repo):
    assert release("--version", "1").exit_code == 0
    again = release("--version", "1")
    assert again.exit_code == 1
    assert "release/1: error[release-exists]: this release exists, and a release is never overwritten" in again.stderr
    edit(repo, "status: effective", "status: review")
    commit(repo, "back to review")
    result = release("--version", "2")
    assert result.exit_code == 1
    assert "procedures/QP-01-demo.yaml:5:9: error[release-not-releasable]: QP-01 is review" in result.stderr
    edit(repo, "status: review", "status: effective")
    result = release("--version", "2")
    assert result.exit_code == 1
    assert "procedures/QP-01-demo.yaml: error[release-uncommitted]: not committed (changed)" in result.stderr
    commit(repo, "effective again")
    edit(repo, "grade: B, unit", "grade: C, unit")
    commit(repo, "a broken fee")
    result = release("--version", "2")
    assert result.exit_code == 1 and "fee-unknown-grade" in result.stderr
    assert not (repo / "release" / "2").exists()


def test_verify_reports_tampered_records_instead_of_failing(repo):
    assert release("--version", "1").exit_code == 0
    folder = repo / "release" / "1"
    (folder / "procedures" / "QP-01.pdf").unlink()
    lines = (folder / "MANIFEST.sha256").read_text().splitlines()
    (folder / "MANIFEST.sha256").write_text("\n".join(line for line in lines if "QP-01" not in line) + "\n")
    result = CliRunner().invoke(main, ["verify", "release/1"])
    assert result.exit_code == 1 and "release/1/procedures/QP-01.pdf: missing" in result.stderr
    (folder / "release.json").write_text("garbage")
    result = CliRunner().invoke(main, ["verify", "release/1"])
    assert result.exit_code == 1 and "release/1/release.json: differs" in result.stderr
    (folder / "MANIFEST.sha256").write_bytes(b"\xff\xfe")
    assert "MANIFEST.sha256: differs" in CliRunner().invoke(main, ["verify", "release/1"]).stderr


def test_signed_release_verifies_and_fails_after_tampering(repo, tmp_path, monkeypatch):
    make_key(tmp_path)
    monkeypatch.setenv("QMTOOL_SIGN_PASSPHRASE", "secret")
    result = release("--version", "1", "--sign", str(tmp_path / "office.p12"))
    assert result.exit_code == 0, result.stderr
    folder = repo / "release" / "1"
    assert json.loads((folder / "release.json").read_text())["signed"] is True
    xmp = subprocess.run(["pdfinfo", "-meta", str(folder / "manual.pdf")], capture_output=True, text=True).stdout
    assert 'pdfaid:part="3"' in xmp  # signing is an incremental update: PDF/A stays
    assert CliRunner().invoke(main, ["verify", "release/1", "--trust", str(tmp_path / "office.pem")]).exit_code == 0
    pdf = folder / "procedures" / "QP-01.pdf"
    data = bytearray(pdf.read_bytes())
    data[len(data) // 3] ^= 0x01
    pdf.write_bytes(bytes(data))
    result = CliRunner().invoke(main, ["verify", "release/1"])
    assert result.exit_code == 1
    assert "release/1/procedures/QP-01.pdf (signature does not match the file): differs" in result.stderr
    record = json.loads((folder / "release.json").read_text())
    record["signed"] = False  # the record is not signed: saying so must not switch the check off
    rewrite_hashes(folder, record)
    result = CliRunner().invoke(main, ["verify", "release/1"])
    assert result.exit_code == 1 and "QP-01.pdf (signature does not match the file): differs" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_malformed_signature_is_invalid_not_a_crash(repo, tmp_path, monkeypatch):
    """A signing date of month 13 makes pyHanko raise its own reading error, not a validation one."""
    import re

    make_key(tmp_path)
    monkeypatch.setenv("QMTOOL_SIGN_PASSPHRASE", "secret")
    assert release("--version", "1", "--sign", str(tmp_path / "office.p12")).exit_code == 0
    pdf = repo / "release" / "1" / "procedures" / "QP-01.pdf"
    data, count = re.subn(rb"(/M \(D(?:\\072|:)\d{4})\d\d", rb"\g<1>13", pdf.read_bytes())
    assert count >= 1
    pdf.write_bytes(data)
    result = CliRunner().invoke(main, ["verify", "release/1"])
    assert result.exit_code == 1 and result.exception is None or isinstance(result.exception, SystemExit)
    assert "QP-01.pdf (its signature cannot be validated): differs" in result.stderr


def test_verify_names_the_signer_and_trusts_only_the_certificates_given(repo, tmp_path, monkeypatch):
    make_key(tmp_path)
    monkeypatch.setenv("QMTOOL_SIGN_PASSPHRASE", "secret")
    assert release("--version", "1", "--sign", str(tmp_path / "office.p12")).exit_code == 0
    result = CliRunner().invoke(main, ["verify", "release/1"])
    assert result.exit_code == 0 and "Traceback" not in result.stderr
    assert "release/1: 2 PDFs signed by Common Name: Quality Office (no --trust given" in result.stderr
    other = tmp_path / "other"
    other.mkdir()
    make_key(other)
    result = CliRunner().invoke(main, ["verify", "release/1", "--trust", str(other / "office.pem")])
    assert result.exit_code == 1 and "signed by a certificate that is not trusted" in result.stderr
    assert "Traceback" not in result.stderr and "signed by Common Name" not in result.stderr  # only sound ones
    (tmp_path / "junk.pem").write_text("not a certificate")
    for wrong in ("junk.pem", "office.p12"):  # the key instead of the certificate: an easy mistake
        result = CliRunner().invoke(main, ["verify", "release/1", "--trust", str(tmp_path / wrong)])
        assert result.exit_code == 2 and "cannot read the certificate" in result.stderr, result.output


def test_an_unsigned_pdf_swapped_into_a_signed_release_fails_with_trust(repo, tmp_path, monkeypatch):
    make_key(tmp_path)
    monkeypatch.setenv("QMTOOL_SIGN_PASSPHRASE", "secret")
    assert release("--version", "1", "-o", "plain").exit_code == 0
    assert release("--version", "1", "--sign", str(tmp_path / "office.p12")).exit_code == 0
    folder = repo / "release" / "1"
    (folder / "procedures" / "QP-01.pdf").write_bytes((repo / "plain" / "1" / "procedures" / "QP-01.pdf").read_bytes())
    record = json.loads((folder / "release.json").read_text())
    record["signed"] = False
    rewrite_hashes(folder, record)
    result = CliRunner().invoke(main, ["verify", "release/1", "--trust", str(tmp_path / "office.pem")])
    assert result.exit_code == 1 and "release/1/procedures/QP-01.pdf (has no signature): differs" in result.stderr
    record["documents"][1]["pdf"]["path"] = "../plain/1/procedures/QP-01.pdf"  # outside the release
    rewrite_hashes(folder, record)
    result = CliRunner().invoke(main, ["verify", "release/1"])
    assert result.exit_code == 1 and "release/1/release.json: differs" in result.stderr


def test_superseded_document_is_released_marked_and_pointing_to_its_successor(repo):
    text = (repo / "procedures" / "QP-01-demo.yaml").read_text()
    (repo / "procedures" / "QP-02-demo.yaml").write_text(text.replace("id: QP-01", "id: QP-02"))
    edit(repo, "status: effective", "status: superseded")
    edit(repo, "owner: Service Office\n", "owner: Service Office\nsuperseded_by: QP-02\n")
    edit(repo, "related: [QP-01]", "related: [QP-02]", name="manual.yaml")
    commit(repo, "QP-02 replaces QP-01")
    assert release("--version", "2").exit_code == 0
    folder = repo / "release" / "2"
    record = {d["id"]: d for d in json.loads((folder / "release.json").read_text())["documents"]}
    assert record["QP-01"]["status"] == "superseded"
    cover = subprocess.run(["pdftotext", "-raw", "-f", "1", "-l", "1", str(folder / "procedures" / "QP-01.pdf"), "-"],
                           capture_output=True, text=True, check=True).stdout
    squashed = "".join(cover.split())
    assert "作废/OBSOLETE" in squashed and "SupersededbyQP-02" in squashed
    manual = subprocess.run(["pdftotext", "-raw", str(folder / "manual.pdf"), "-"], capture_output=True, text=True,
                            check=True).stdout
    index = "".join(manual.split()).split("Indexofprocedures")[-1].split("Registerofcontrolleddocuments")[0]
    note, table = index.split("Documentno.")  # the note names what is left out; the table, what is current
    assert "QP-01DemoServiceProcedure(Superseded)" in note and "QP-02" in table and "QP-01" not in table
