"""Incremental and parallel builds: what is rebuilt, and that it is the same bytes either way.

What the planner and the cache decide is tested with a fake PDF writer (the HTML's digest stands for the
PDF), so each test renders templates but never lays out a page; what only WeasyPrint can show (the same
bytes in parallel, a crash, an interrupt, recycled workers) is tested with real PDFs.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

import qmtool.build.workers
from qmtool.build.pipeline import build

from .conftest import BASE, REPO, fake_pdf

PROCEDURES = [f"QP-0{n}" for n in range(1, 6)]


def five_procedures(root):
    shutil.copytree(BASE, root)
    text = (root / "procedures" / "QP-01-demo.yaml").read_text("utf-8")
    for doc_id in PROCEDURES[1:]:
        (root / "procedures" / f"{doc_id}-demo.yaml").write_text(text.replace("id: QP-01", f"id: {doc_id}"))


def built_once(root, **options):
    result = build(root, root / "build", jobs=1, **options)
    assert result.ok and len(result.rendered) == 6
    shutil.copytree(root, root.with_name(root.name + "-as-built"), copy_function=shutil.copy2)
    return root


def as_built(root, monkeypatch):
    """The built workspace as it was, in the same place (the cache names it) with the same file times."""
    shutil.rmtree(root)
    shutil.copytree(root.with_name(root.name + "-as-built"), root, copy_function=shutil.copy2)
    monkeypatch.chdir(root)
    return root


@pytest.fixture(scope="module")
def five_built(tmp_path_factory):
    """The base workspace with five procedures, built once with real PDFs."""
    root = tmp_path_factory.mktemp("incremental") / "five"
    five_procedures(root)
    return built_once(root)


@pytest.fixture
def five(five_built, monkeypatch):
    return as_built(five_built, monkeypatch)


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


def hashes(folder) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*.pdf"))}


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


def test_parallel_build_gives_the_same_bytes(five, tmp_path):
    one = hashes(five / "build")
    shutil.rmtree(five / "build")
    result = build(five, five / "build", jobs=2)
    assert result.ok and len(result.rendered) == 6
    assert hashes(five / "build") == one


def test_an_error_in_one_document_fails_the_build_without_partial_files(five):
    before = hashes(five / "build")
    (five / "templates").mkdir()
    procedure = (REPO / "templates" / "procedure.html").read_text("utf-8")
    (five / "templates" / "procedure.html").write_text(procedure.replace(
        "{{ purpose }}", '{{ purpose }}{% if doc.id == "QP-04" %}<img src="http://example.invalid/x.png">{% endif %}'))
    result = build(five, five / "build", jobs=2)
    assert [p.code for p in result.problems()] == ["forbidden-url"]
    assert result.problems()[0].path.endswith("QP-04-demo.yaml")
    assert hashes(five / "build") == before
    assert not [p for p in (five / "build").rglob("*") if p.name.endswith(".qmtool-tmp")]


def test_noop_build_does_not_import_weasyprint_or_parse(fake):
    code = ("import sys\nfrom qmtool.build.pipeline import build\nresult = build(sys.argv[1], sys.argv[2])\n"
            "assert result.ok and not result.rendered, result.rendered\n"
            "assert 'weasyprint' not in sys.modules and 'jsonschema' not in sys.modules\n")
    subprocess.run([sys.executable, "-c", code, str(fake), str(fake / "build")], check=True, cwd=fake)


def test_interrupt_keeps_finished_outputs_and_no_temporary_files(five):
    shutil.rmtree(five / "build")
    # QP-05 takes long to lay out, so the interrupt surely lands while it renders, however busy the machine.
    (five / "templates").mkdir()
    procedure = (REPO / "templates" / "procedure.html").read_text("utf-8")
    slow = '{% if doc.id == "QP-05" %}' + "<p>x</p>" * 8000 + "{% endif %}"
    (five / "templates" / "procedure.html").write_text(procedure.replace("{% block body %}", "{% block body %}" + slow))
    # A shell starts background jobs with Ctrl-C ignored, and a child inherits that: give qmtool the default.
    process = subprocess.Popen([sys.executable, "-m", "qmtool", "build", "-o", "build", "--jobs", "2"], cwd=five,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 120
    # Workers have finished three documents (their temporary files wait for the end of the build) while QP-05
    # renders. A temporary file appears before its worker reports back; the pause lets the reports arrive.
    while len(list((five / "build").rglob("*.qmtool-tmp"))) < 3 and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.5)
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C does: the whole group
    process.wait(timeout=60)
    assert process.returncode == 130
    left = [p for p in (five / "build").rglob("*") if p.is_file()]
    assert not [p for p in left if p.name.endswith(".qmtool-tmp")]
    finished = [p for p in left if p.suffix == ".pdf"]
    assert finished and all(p.read_bytes().startswith(b"%PDF-") and b"%%EOF" in p.read_bytes()[-32:]
                            for p in finished)
    result = build(five, five / "build", jobs=1)  # the cache knows the finished ones
    assert 0 < len(result.rendered) == 6 - len(finished)


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


def test_a_crash_inside_weasyprint_is_a_located_problem_and_leaves_nothing(five):
    before = hashes(five / "build")
    (five / "templates").mkdir()
    procedure = (REPO / "templates" / "procedure.html").read_text("utf-8")
    (five / "templates" / "procedure.html").write_text(
        procedure.replace("{% block body %}", "{% block body %}" + "<div>" * 3000 + "x" + "</div>" * 3000))
    result = build(five, five / "build", jobs=2)
    assert {p.code for p in result.problems()} == {"render-error"}
    assert hashes(five / "build") == before
    assert not [p for p in (five / "build").rglob("*") if p.name.endswith(".qmtool-tmp")]


def test_dropping_html_removes_the_html_copies(fake):
    assert rebuilt(fake, html=True) == ["QM-01", *PROCEDURES]
    assert (fake / "build" / "html" / "QP-01.html").exists()
    assert rebuilt(fake) == ["QM-01", *PROCEDURES]
    assert not list((fake / "build" / "html").glob("*.html"))


def test_workers_are_recycled_and_the_build_completes(five, monkeypatch):
    import qmtool.build.workers

    monkeypatch.setattr(qmtool.build.workers, "RECYCLE_AFTER", 1)  # a fresh worker for every document
    one = hashes(five / "build")
    result = build(five, five / "build", jobs=2, force=True)
    assert result.ok and len(result.rendered) == 6
    assert hashes(five / "build") == one


def test_moving_qmtool_keeps_a_noop_build_a_noop(fake, tmp_path):
    """Keys hold contents and relative names, never where qmtool is installed: a reinstall, or a second
    clone, rebuilds nothing."""
    code = ("import sys\nsys.path.insert(0, sys.argv[1])\nimport qmtool, qmtool.build.workers\n"
            "assert qmtool.__file__.startswith(sys.argv[1]), qmtool.__file__\n"
            "from tests.conftest import fake_pdf\nqmtool.build.workers.write_pdf = fake_pdf\n"
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
    assert build_with(first) == "[]"  # the same code and templates as built the outputs, elsewhere
    second = first.rename(tmp_path / "second")
    assert build_with(second) == "[]"
