"""verify accepts only the release.json release writes: exactly its keys at every level (schemas/release.schema.json),
each document and source recorded once, every path in release's form and each PDF where release puts it. Each
way out is verify-record-shape at its JSON pointer, whether or not the commit can be read; the hashes, the
manifest and the PDFs agreeing (as a forger makes them) change nothing."""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess

import pytest

from qmtool.control.record import shape
from qmtool.control.verify import verify
from tests.helpers import fake_pdf, release_by_hand, run

QP01, MANUAL = "procedures/QP-01-demo.yaml", "procedures/manual.yaml"


def head(root) -> str:
    done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def rewritten(folder, change) -> None:
    """The record changed by change(record, folder), every file then listed in the manifest with its digest,
    as a forger would: only the record's shape is left to tell."""
    record = json.loads((folder / "release.json").read_text("utf-8"))
    change(record, folder)
    (folder / "release.json").write_text(json.dumps(record, ensure_ascii=False), "utf-8")
    names = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                   if p.is_file() and p.name != "MANIFEST.sha256")
    (folder / "MANIFEST.sha256").write_text("".join(
        f"{hashlib.sha256((folder / n).read_bytes()).hexdigest()}  {n}\n" for n in names))


def moved(record, folder, number: int, to: str) -> None:
    """Document number's PDF moved to to, and the record made to say so."""
    pdf = record["documents"][number]["pdf"]
    (folder / to).parent.mkdir(parents=True, exist_ok=True)
    shutil.move(folder / pdf["path"], folder / to)
    pdf["path"] = to


def twice(record, folder) -> None:
    """A second record of QP-01, its PDF a copy of the first's."""
    shutil.copy(folder / "procedures" / "QP-01.pdf", folder / "procedures" / "QP-01-copy.pdf")
    second = json.loads(json.dumps(record["documents"][1]))
    second["pdf"]["path"] = "procedures/QP-01-copy.pdf"
    record["documents"].append(second)


def source_at(name: str):
    return lambda record, folder: record["documents"][1]["source"].update(path=name)


FORGERIES = {
    "a key at the top": (lambda r, f: r.update(approved_by="QA"), ["/approved_by"]),
    "a key in a record": (lambda r, f: r["documents"][1].update(note="x"), ["/documents/1/note"]),
    "a key in pdf": (lambda r, f: r["documents"][1]["pdf"].update(size=1), ["/documents/1/pdf/size"]),
    "a key in source": (lambda r, f: r["documents"][1]["source"].update(commit="x"), ["/documents/1/source/commit"]),
    "a key in a font": (lambda r, f: r["fonts"].update(Sans={"file": "a", "version": "1", "x": 1}), ["/fonts/Sans/x"]),
    "a key missing": (lambda r, f: r.pop("qmtool"), ["/qmtool"]),
    "a key missing in pdf": (lambda r, f: r["documents"][0]["pdf"].pop("sha256"), ["/documents/0/pdf/sha256"]),
    "a value release never writes": (lambda r, f: r.update(signed="no"), ["/signed"]),
    "one id twice": (twice, ["/documents/2/id", "/documents/2/pdf/path", "/documents/2/source/path"]),
    "a procedure's PDF moved": (lambda r, f: moved(r, f, 1, "procedures/QP-01-v2.pdf"), ["/documents/1/pdf/path"]),
    "a PDF moved up": (lambda r, f: moved(r, f, 1, "QP-01.pdf"), ["/documents/1/pdf/path"]),
    "a PDF in another case": (lambda r, f: moved(r, f, 1, "procedures/qp-01.pdf"), ["/documents/1/pdf/path"]),
    "the manual's PDF moved": (lambda r, f: moved(r, f, 0, "procedures/QM-01-v2.pdf"), ["/documents/0/pdf/path"]),
    "a PDF path through .": (lambda r, f: r["documents"][1]["pdf"].update(path="./procedures/QP-01.pdf"),
                             ["/documents/1/pdf/path"]),
    "a PDF path through //": (lambda r, f: r["documents"][1]["pdf"].update(path="procedures//QP-01.pdf"),
                              ["/documents/1/pdf/path"]),
    "a source through .": (source_at("procedures/./QP-01-demo.yaml"), ["/documents/1/source/path"]),
    "a source through //": (source_at("procedures//QP-01-demo.yaml"), ["/documents/1/source/path"]),
    "a source with a trailing /": (source_at("procedures/QP-01-demo.yaml/"), ["/documents/1/source/path"]),
    "a source with a backslash": (source_at("procedures\\QP-01-demo.yaml"), ["/documents/1/source/path"]),
    "a source in another case": (source_at("Procedures/QP-01-demo.yaml"), ["/documents/1/source/path"]),
    "a source outside procedures/": (source_at("records/QP-01-demo.yaml"), ["/documents/1/source/path"]),
    "a source that is no YAML": (source_at("procedures/QP-01-demo.txt"), ["/documents/1/source/path"]),
}


@pytest.fixture
def released(repo):
    sources = {MANUAL: (repo / MANUAL).read_bytes(), QP01: (repo / QP01).read_bytes()}
    return release_by_hand(repo / "release" / "1", head(repo), sources)


def shaped(found, *codes: str) -> list[str]:
    """Where the record is said not to be as release writes it (a path climbing out already was: verify-path;
    a key the commit's source does not give, verify-record-differs when the commit is read)."""
    assert all(f.path.endswith("1/release.json") for f in found.findings if f.code == "verify-record-shape")
    return sorted(f.pointer for f in found.findings if f.code in ("verify-record-shape", "verify-path", *codes))


def test_a_record_as_release_writes_it_has_its_shape(released):
    found = verify(released)
    assert found.ok and found.commit.sources is not None, found.findings


@pytest.mark.parametrize("forgery", FORGERIES)
def test_a_record_release_never_writes_is_refused_where_the_commit_is_read(released, forgery):
    change, pointers = FORGERIES[forgery]
    rewritten(released, change)
    found = verify(released)
    assert not found.ok and set(shaped(found)) <= set(pointers) <= set(shaped(found, "verify-record-differs"))


@pytest.mark.parametrize("forgery", FORGERIES)
def test_and_where_it_is_not(released, forgery, tmp_path, monkeypatch):
    change, pointers = FORGERIES[forgery]
    copy = shutil.copytree(released, tmp_path / "elsewhere" / "1")
    monkeypatch.chdir(tmp_path / "elsewhere")
    rewritten(copy, change)
    found = verify(copy)
    assert not found.ok and found.commit.sources is None
    assert shaped(found) == pointers


def test_a_fact_changed_with_the_commit_read_is_said_once_as_the_commit_says(released):
    """The id changed: the commit says so at /id, and the PDF is where release puts the committed id's."""
    rewritten(released, lambda r, f: r["documents"][1].update(id="QP-09"))
    assert [(f.pointer, f.code) for f in verify(released).findings] == [("/documents/1/id", "verify-record-differs")]


def test_release_writes_the_shape_verify_holds_it_to(repo, monkeypatch):
    """release's own record, from a release of the workspace (its PDFs faked), has exactly the shape."""
    import qmtool.build.workers
    from qmtool.control.release import release

    monkeypatch.setattr(qmtool.build.workers, "write_pdf", fake_pdf)
    folder = release(repo, repo / "release", "1")
    record = json.loads((folder / "release.json").read_text("utf-8"))
    assert shape(record, "release.json") == []
    assert [d["pdf"]["path"] for d in record["documents"]] == ["manual.pdf", "procedures/QP-01.pdf"]


@pytest.mark.parametrize("language, said", [
    ("en", 'release/1/release.json: error[verify-record-shape]: release.json is not as release writes it at '
           '/documents/1/pdf/size: release writes no such key'),
    ("zh-Hans", "release/1/release.json: error[verify-record-shape]: release.json 的 /documents/1/pdf/size "
                "与发布时写入的不符：发布时不写入此键"),
    ("zh-Hant", "release/1/release.json: error[verify-record-shape]: release.json 的 /documents/1/pdf/size "
                "與發布時寫入的不符：發布時不寫入此鍵"),
])
def test_the_cli_says_where_and_exits_1(released, language, said):
    rewritten(released, FORGERIES["a key in pdf"][0])
    result = run("verify", "release/1", "--lang", language)
    assert result.exit_code == 1 and said in result.stderr, result.stderr


def test_a_pdf_moved_says_where_release_puts_it(released):
    rewritten(released, FORGERIES["a procedure's PDF moved"][0])
    result = run("verify", "release/1")
    assert "/documents/1/pdf/path: release puts this document's PDF at procedures/QP-01.pdf" in result.stderr
