"""Incremental builds: what is rebuilt, and why.

What the planner and the cache decide is tested with a fake PDF writer (the HTML's digest stands for the
PDF), so each test renders templates but never lays out a page; what only WeasyPrint can show (the same
bytes in parallel, a crash, an interrupt, recycled workers) is tested with real PDFs in e2e/test_incremental.py.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

import qmtool.build.workers
from qmtool.build.pipeline import build
from tests.helpers import DEEP_JSON, PROCEDURES, REPO, as_built, built_once, fake_pdf, five_procedures


@pytest.fixture(scope="module")
def fake_built(tmp_path_factory):
    """The same workspace built once with the fake PDF writer."""
    root = tmp_path_factory.mktemp("incremental-fake") / "five"
    five_procedures(root)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(qmtool.build.workers, "write_pdf", fake_pdf)
        return built_once(root)


@pytest.fixture
def fake(fake_built, monkeypatch):
    """The fake-built workspace as it was; builds in this test (one job: in this process) write fake PDFs."""
    monkeypatch.setattr(qmtool.build.workers, "write_pdf", fake_pdf)
    return as_built(fake_built, monkeypatch)


def rebuilt(workspace, **options) -> list[str]:
    result = build(workspace, workspace / "build", jobs=1, **options)
    assert result.ok, result.problems()
    return sorted(output.doc_id for output in result.rendered)


def edit(path, old, new):
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_the_fake_pdf_writer_is_the_one_used(fake):
    assert rebuilt(fake, force=True) == ["QM-01", *PROCEDURES]
    assert (fake / "build" / "procedures" / "QP-01.pdf").read_bytes().startswith(b"%PDF-fake ")


def test_unchanged_build_renders_nothing(fake):
    assert rebuilt(fake) == []


def test_editing_one_procedure_rebuilds_it_and_the_manual(fake):
    edit(fake / "procedures" / "QP-03-demo.yaml", "price: 35.50", "price: 36.00")
    assert rebuilt(fake) == ["QM-01", "QP-03"]
    assert rebuilt(fake) == []


def test_editing_the_manual_rebuilds_only_what_prints_it(fake):
    edit(fake / "procedures" / "manual.yaml", "policy: Reliable service", "policy: Reliable, kind service")
    assert rebuilt(fake) == ["QM-01"]
    edit(fake / "procedures" / "manual.yaml", "organization: Example Service Centre", "organization: Example Centre")
    assert rebuilt(fake) == ["QM-01", *PROCEDURES]  # every header names the organisation


def test_a_template_change_rebuilds_what_uses_it(fake):
    (fake / "templates").mkdir()
    procedure = (REPO / "templates" / "procedure.html").read_text("utf-8")
    (fake / "templates" / "procedure.html").write_text(procedure.replace("{{ purpose }}", "{{ purpose }}!"))
    assert rebuilt(fake) == PROCEDURES
    manual = (REPO / "templates" / "manual.html").read_text("utf-8")
    (fake / "templates" / "manual.html").write_text(manual.replace("{{ scope }}", "{{ scope }}!"))
    assert rebuilt(fake) == ["QM-01"]
    css = (REPO / "templates" / "style.css").read_text("utf-8")
    (fake / "templates" / "style.css").write_text(css + "\np { orphans: 3; }\n")
    assert rebuilt(fake) == ["QM-01", *PROCEDURES]


def test_a_missing_or_edited_output_is_rebuilt(fake):
    (fake / "build" / "procedures" / "QP-02.pdf").unlink()
    with (fake / "build" / "procedures" / "QP-04.pdf").open("ab") as pdf:
        pdf.write(b"% tampered\n")
    assert rebuilt(fake) == ["QP-02", "QP-04"]


def test_options_are_part_of_the_key(fake):
    assert rebuilt(fake, variant="plain") == ["QM-01", *PROCEDURES]
    assert rebuilt(fake, only="QP-02", variant="pdf/a-3b") == ["QP-02"]
    assert rebuilt(fake, force=True, only="QP-05") == ["QP-05"]


@pytest.mark.parametrize("garbage", [b"{not json", b'{"format": "qmtool-build-cache/1"}', b"[]",
                                     b'{"format": "qmtool-build-cache/1", "workspace": "/elsewhere", '
                                     b'"validation": {}, "outputs": {}}'])
def test_a_corrupt_or_foreign_cache_is_ignored(fake, garbage):
    (fake / "build" / ".qmtool-cache.json").write_bytes(garbage)
    assert rebuilt(fake) == ["QM-01", *PROCEDURES]
    assert rebuilt(fake) == []


def own_cache(workspace, outputs: str) -> bytes:
    """A cache of this workspace, in its format, holding outputs (JSON text) as its entries."""
    owner = json.dumps(str(workspace.resolve()))
    return f'{{"format": "qmtool-build-cache/2", "workspace": {owner}, "outputs": {outputs}}}'.encode()


@pytest.mark.parametrize("kind", ["deep", "surrogate", "files not a list", "NUL in a name", "stamps not a list"])
def test_a_cache_too_deep_or_of_the_wrong_shape_is_ignored(fake, kind):
    """Nested past any stack (RecursionError), a lone surrogate that no UTF-8 file can hold when it is written
    back, an entry whose files or stamps are not as record() makes them (used to remove files): each was a
    traceback; each is a corrupt cache, and ignored."""
    garbage = {"deep": DEEP_JSON.encode(),
               "surrogate": own_cache(fake, '{"\\ud800.pdf": {"key": "k", "files": [], "stamps": []}}'),
               "files not a list": own_cache(fake, '{"gone.pdf": {"key": "k", "files": 1, "stamps": []}}'),
               "NUL in a name": own_cache(fake, '{"gone.pdf": {"key": "k", "files": ["a\\u0000b"], '
                                                '"stamps": [[1, 2]]}}'),
               "stamps not a list": own_cache(fake, '{"procedures/QP-01.pdf": {"key": "k", "files": [], '
                                                    '"stamps": 5}}')}[kind]
    (fake / "build" / ".qmtool-cache.json").write_bytes(garbage)
    assert rebuilt(fake, only="QP-05") == ["QP-05"]  # --only keeps the other entries, to be written back
    assert rebuilt(fake) == ["QM-01", *PROCEDURES[:4]]


def test_noop_build_does_not_import_weasyprint_or_parse(fake):
    code = ("import sys\nfrom qmtool.build.pipeline import build\nresult = build(sys.argv[1], sys.argv[2])\n"
            "assert result.ok and not result.rendered, result.rendered\n"
            "assert 'weasyprint' not in sys.modules and 'jsonschema' not in sys.modules\n")
    subprocess.run([sys.executable, "-c", code, str(fake), str(fake / "build")], check=True, cwd=fake)


def test_an_image_in_the_template_folder_is_part_of_the_key(fake):
    (fake / "templates").mkdir()
    cover = (REPO / "templates" / "cover.html").read_text("utf-8")
    (fake / "templates" / "cover.html").write_text(cover.replace("</section>", '<img src="logo.svg"></section>'))
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
           '<rect width="10" height="10" fill="{}"/></svg>')
    (fake / "templates" / "logo.svg").write_text(svg.format("red"))
    assert rebuilt(fake) == ["QM-01", *PROCEDURES]
    (fake / "templates" / "logo.svg").write_text(svg.format("blue"))
    assert rebuilt(fake) == ["QM-01", *PROCEDURES]


def test_outputs_of_a_removed_document_are_removed(fake):
    (fake / "procedures" / "QP-05-demo.yaml").unlink()
    assert rebuilt(fake) == ["QM-01"]
    assert not (fake / "build" / "procedures" / "QP-05.pdf").exists()
    assert (fake / "build" / "procedures" / "QP-04.pdf").exists()


def test_dropping_html_removes_the_html_copies(fake):
    assert rebuilt(fake, html=True) == ["QM-01", *PROCEDURES]
    assert (fake / "build" / "html" / "QP-01.html").exists()
    assert rebuilt(fake) == ["QM-01", *PROCEDURES]
    assert not list((fake / "build" / "html").glob("*.html"))


def test_moving_qmtool_keeps_a_noop_build_a_noop(fake, tmp_path):
    """Keys hold contents and relative names, never where qmtool is installed: a reinstall, or a second
    clone, rebuilds nothing."""
    code = ("import sys\nsys.path.insert(0, sys.argv[1])\nimport qmtool, qmtool.build.workers\n"
            "assert qmtool.__file__.startswith(sys.argv[1]), qmtool.__file__\n"
            "from tests.helpers import fake_pdf\nqmtool.build.workers.write_pdf = fake_pdf\n"
            "from qmtool.build.pipeline import build\nresult = build(sys.argv[2], sys.argv[3], jobs=1)\n"
            "assert result.ok\nprint(sorted(o.doc_id for o in result.rendered))\n")

    def build_with(install) -> str:
        done = subprocess.run([sys.executable, "-c", code, str(install), str(fake), str(fake / "build")],
                              cwd=REPO, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    first = tmp_path / "first"
    first.mkdir()
    for name in ("qmtool", "templates", "schemas"):
        shutil.copytree(REPO / name, first / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "setup.cfg", first)  # a clone's: it says the built-in folders are the top-level ones
    assert build_with(first) == "[]"  # the same code and templates as built the outputs, elsewhere
    second = first.rename(tmp_path / "second")
    assert build_with(second) == "[]"
