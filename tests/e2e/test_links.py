"""Links and releases, end to end: a release holds the commit's bytes, a build's cache does not pass a new link,
and verify reads through no link and nothing a release never holds."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers import BASE, GIT, SECRET, run, shown
from tests.helpers import edit_first as edit


def head_blob(repo, name) -> bytes:
    return subprocess.run(["git", "show", f"HEAD:{name}"], cwd=repo, capture_output=True, check=True).stdout


def test_release_holds_the_commits_bytes_not_the_working_folders(repo):
    # git status cannot see this edit: only building from the commit's own tree keeps it out
    subprocess.run(["git", "update-index", "--assume-unchanged", "procedures/QP-01-demo.yaml"], cwd=repo, check=True)
    edit(repo, "title: Demo Service Procedure", f"title: {SECRET}")
    result = run("release", "--version", "1")
    assert result.exit_code == 0, result.stderr
    folder = repo / "release" / "1"
    record = json.loads((folder / "release.json").read_text())
    qp01 = next(d for d in record["documents"] if d["id"] == "QP-01")
    assert qp01["title"] == "Demo Service Procedure" and record["language"] == "en"
    assert qp01["source"]["sha256"] == hashlib.sha256(head_blob(repo, "procedures/QP-01-demo.yaml")).hexdigest()
    for pdf in folder.rglob("*.pdf"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert SECRET not in text and SECRET.encode() not in pdf.read_bytes()


@pytest.fixture(scope="module")
def released(tmp_path_factory) -> Path:
    """One release of the base workspace, made once; each test tampers with its own copy."""
    from qmtool.control.release import release

    root = tmp_path_factory.mktemp("released") / "ws"
    shutil.copytree(BASE, root)
    env = {**os.environ, **GIT}
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "commit", "-q", "-m", "first"], cwd=root, check=True, env=env)
    return release(root, root.parent / "release", "1")


@pytest.fixture
def copy(released, tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(released, tmp_path / "r", symlinks=True)
    (tmp_path / "elsewhere").mkdir()
    return tmp_path / "r"


def manifest(folder: Path, names: list[str]) -> None:
    """A forger's manifest: the hash of each name as it reads, through links too."""
    (folder / "MANIFEST.sha256").write_text("".join(
        f"{hashlib.sha256(Path(folder, name).read_bytes()).hexdigest()}  {name}\n" for name in names))


def verified(folder: Path, *args):
    result = run("verify", str(folder.name), *args)
    assert "Traceback" not in shown(result) and "no differences found" not in result.stderr
    assert result.exit_code == 1
    return result.stderr


def test_verify_passes_an_intact_copy(copy):
    result = run("verify", "r")
    assert result.exit_code == 0 and "r: no differences found: every file matches MANIFEST.sha256" in result.stderr


def test_verify_refuses_manifest_names_that_are_absolute_or_climb(copy):
    elsewhere = copy.parent / "elsewhere" / "x.pdf"
    elsewhere.write_text(SECRET)
    lines = (copy / "MANIFEST.sha256").read_text()
    digest = hashlib.sha256(SECRET.encode()).hexdigest()
    (copy / "MANIFEST.sha256").write_text(lines + f"{digest}  {elsewhere}\n{digest}  ../elsewhere/x.pdf\n"
                                          f"{digest}  procedures/../../elsewhere/x.pdf\n")
    stderr = verified(copy)
    assert f'r/MANIFEST.sha256:4:67: error[verify-path]: "{elsewhere}" is not a file of the release' in stderr
    assert 'r/MANIFEST.sha256:5:67: error[verify-path]: "../elsewhere/x.pdf"' in stderr
    assert 'r/MANIFEST.sha256:6:67: error[verify-path]: "procedures/../../elsewhere/x.pdf"' in stderr
    assert SECRET not in stderr


def test_verify_refuses_a_linked_file_even_with_its_hash_in_the_manifest(copy):
    pdf = copy / "procedures" / "QP-01.pdf"
    shutil.move(pdf, copy.parent / "elsewhere" / "QP-01.pdf")
    pdf.symlink_to(copy.parent / "elsewhere" / "QP-01.pdf")
    manifest(copy, ["manual.pdf", "procedures/QP-01.pdf", "release.json"])
    stderr = verified(copy)
    assert "r/procedures/QP-01.pdf: error[verify-link]: a symbolic link in the release" in stderr
    assert 'r/MANIFEST.sha256:2:67: error[verify-path]: "procedures/QP-01.pdf"' in stderr


def test_verify_refuses_a_linked_folder(copy):
    shutil.move(copy / "procedures", copy.parent / "elsewhere" / "procedures")
    (copy / "procedures").symlink_to(copy.parent / "elsewhere" / "procedures", target_is_directory=True)
    manifest(copy, ["manual.pdf", "procedures/QP-01.pdf", "release.json"])
    stderr = verified(copy)
    assert "r/procedures: error[verify-link]" in stderr
    assert 'r/MANIFEST.sha256:2:67: error[verify-path]: "procedures/QP-01.pdf"' in stderr
    assert "r/release.json: error[verify-path]" in stderr  # the record names the PDF through the link


def test_verify_refuses_a_link_named_in_the_manifest_and_one_to_nothing(copy):
    (copy.parent / "elsewhere" / "notes.txt").write_text(SECRET)
    (copy / "notes.txt").symlink_to(copy.parent / "elsewhere" / "notes.txt")
    (copy / "gone.txt").symlink_to(copy.parent / "elsewhere" / "gone.txt")
    (copy / "loop").symlink_to("loop")
    lines = (copy / "MANIFEST.sha256").read_text()
    (copy / "MANIFEST.sha256").write_text(lines + f"{hashlib.sha256(SECRET.encode()).hexdigest()}  notes.txt\n")
    stderr = verified(copy)
    for name in ("notes.txt", "gone.txt", "loop"):
        assert f"r/{name}: error[verify-link]" in stderr
    assert 'r/MANIFEST.sha256:4:67: error[verify-path]: "notes.txt"' in stderr and SECRET not in stderr


def test_verify_refuses_record_paths_leading_out_and_a_linked_manifest(copy):
    record = json.loads((copy / "release.json").read_text())
    record["documents"][0]["pdf"]["path"] = "/etc/passwd"
    (copy / "release.json").write_text(json.dumps(record))
    manifest(copy, ["manual.pdf", "procedures/QP-01.pdf", "release.json"])
    stderr = verified(copy)
    assert 'r/release.json: error[verify-path]: "/etc/passwd" is not a file of the release' in stderr
    assert "r/release.json: differs" in stderr
    shutil.move(copy / "MANIFEST.sha256", copy.parent / "elsewhere" / "MANIFEST.sha256")
    (copy / "MANIFEST.sha256").symlink_to(copy.parent / "elsewhere" / "MANIFEST.sha256")
    stderr = verified(copy)
    assert "r/MANIFEST.sha256: error[verify-link]" in stderr and "r/MANIFEST.sha256: differs" in stderr


def test_verify_speaks_the_language_the_release_was_made_in(copy):
    record = json.loads((copy / "release.json").read_text())
    record["language"] = "zh-Hans"
    (copy / "release.json").write_text(json.dumps(record, ensure_ascii=False))
    manifest(copy, ["manual.pdf", "procedures/QP-01.pdf", "release.json"])
    (copy / "extra.txt").symlink_to("manual.pdf")
    stderr = verified(copy)
    assert "r/extra.txt: error[verify-link]: 发布中有符号链接" in stderr
    assert "提示：删除该链接，从完好的发布副本中取回文件" in stderr
    (copy / "extra.txt").unlink()
    assert "r：核对无误：各文件与 MANIFEST.sha256 和 release.json 相符" in run("verify", "r").stderr
    (copy / "manual.pdf").write_bytes(b"changed")
    stderr = verified(copy)
    assert "r/manual.pdf：与发布时不一致" in stderr and "differs" not in stderr
    assert "verify-path" not in stderr


def test_a_link_added_after_a_good_build_is_refused_though_the_cache_knows_the_rest(workspace, outside):
    assert run("build", "-o", "build", "--html").exit_code == 0
    (workspace / "procedures" / "QP-07-out.yaml").symlink_to(outside / "QP-07-out.yaml")
    result = run("build", "-o", "build", "--html")
    assert result.exit_code == 1 and "procedures/QP-07-out.yaml: error[link-outside]" in result.stderr
    (workspace / "procedures" / "QP-07-out.yaml").unlink()
    (workspace / "templates").symlink_to(outside, target_is_directory=True)
    result = run("build", "-o", "build", "--html")
    assert result.exit_code == 1 and "templates: error[link-outside]" in result.stderr
    assert not (workspace / "build" / "html" / "secret.png").exists() and SECRET not in shown(result)


def test_verify_refuses_what_a_release_never_holds_and_never_reads_it(copy):
    """A FIFO (its read would never end), a socket, an empty folder: a release holds files only."""
    import socket

    os.mkfifo(copy / "procedures" / "QP-07.pdf")
    (copy / "empty").mkdir()
    with socket.socket(socket.AF_UNIX) as unix:
        unix.bind(str(copy / "s"))
        stderr = verified(copy)
    assert "r/empty: not listed\nr/procedures/QP-07.pdf: not listed\nr/s: not listed\n" in stderr
    (copy / "procedures" / "QP-07.pdf").unlink()
    shutil.move(copy / "procedures" / "QP-01.pdf", copy.parent / "elsewhere" / "QP-01.pdf")
    os.mkfifo(copy / "procedures" / "QP-01.pdf")  # in the listed file's place
    stderr = verified(copy)
    assert "r/procedures/QP-01.pdf (not a regular file: a FIFO, device, socket or folder): differs\n" in stderr
    assert "QP-01.pdf: missing" not in stderr


def test_verify_refuses_a_manifest_naming_a_file_twice(copy):
    """sha256sum -c would fail the first line; a reader keeping the last would pass it: neither is whole."""
    lines = (copy / "MANIFEST.sha256").read_text()
    (copy / "MANIFEST.sha256").write_text(f"{'0' * 64}  manual.pdf\n" + lines)
    assert "MANIFEST.sha256" in verified(copy)
