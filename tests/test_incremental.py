"""Incremental and parallel builds: what is rebuilt, and that it is the same bytes either way."""
from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from qmtool.build import build

from .conftest import BASE, REPO

PROCEDURES = [f"QP-0{n}" for n in range(1, 6)]


@pytest.fixture(scope="module")
def five_built(tmp_path_factory):
    """The base workspace with five procedures, built once, and a copy to restore it from."""
    root = tmp_path_factory.mktemp("incremental") / "five"
    shutil.copytree(BASE, root)
    text = (root / "procedures" / "QP-01-demo.yaml").read_text("utf-8")
    for doc_id in PROCEDURES[1:]:
        (root / "procedures" / f"{doc_id}-demo.yaml").write_text(text.replace("id: QP-01", f"id: {doc_id}"))
    result = build(root, root / "build", jobs=1)
    assert result.ok and len(result.rendered) == 6
    shutil.copytree(root, root.with_name("five-as-built"), copy_function=shutil.copy2)
    return root


@pytest.fixture
def five(five_built, monkeypatch):
    """The built workspace as it was, in the same place (the cache names it) with the same file times."""
    shutil.rmtree(five_built)
    shutil.copytree(five_built.with_name("five-as-built"), five_built, copy_function=shutil.copy2)
    monkeypatch.chdir(five_built)
    return five_built


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


def test_unchanged_build_renders_nothing(five):
    assert rebuilt(five) == []


def test_editing_one_procedure_rebuilds_it_and_the_manual(five):
    edit(five / "procedures" / "QP-03-demo.yaml", "price: 35.50", "price: 36.00")
    assert rebuilt(five) == ["QM-01", "QP-03"]
    assert rebuilt(five) == []


def test_editing_the_manual_rebuilds_only_what_prints_it(five):
    edit(five / "procedures" / "manual.yaml", "policy: Reliable service", "policy: Reliable, kind service")
    assert rebuilt(five) == ["QM-01"]
    edit(five / "procedures" / "manual.yaml", "organization: Example Service Centre", "organization: Example Centre")
    assert rebuilt(five) == ["QM-01", *PROCEDURES]  # every header names the organisation


def test_a_template_change_rebuilds_what_uses_it(five):
    (five / "templates").mkdir()
    procedure = (REPO / "templates" / "procedure.html").read_text("utf-8")
    (five / "templates" / "procedure.html").write_text(procedure.replace("{{ purpose }}", "{{ purpose }}!"))
    assert rebuilt(five) == PROCEDURES
    manual = (REPO / "templates" / "manual.html").read_text("utf-8")
    (five / "templates" / "manual.html").write_text(manual.replace("{{ scope }}", "{{ scope }}!"))
    assert rebuilt(five) == ["QM-01"]
    css = (REPO / "templates" / "style.css").read_text("utf-8")
    (five / "templates" / "style.css").write_text(css + "\np { orphans: 3; }\n")
    assert rebuilt(five) == ["QM-01", *PROCEDURES]


def test_a_missing_or_edited_output_is_rebuilt(five):
    (five / "build" / "procedures" / "QP-02.pdf").unlink()
    with (five / "build" / "procedures" / "QP-04.pdf").open("ab") as pdf:
        pdf.write(b"% tampered\n")
    assert rebuilt(five) == ["QP-02", "QP-04"]


def test_options_are_part_of_the_key(five):
    assert rebuilt(five, variant="plain") == ["QM-01", *PROCEDURES]
    assert rebuilt(five, only="QP-02", variant="pdf/a-3b") == ["QP-02"]
    assert rebuilt(five, force=True, only="QP-05") == ["QP-05"]


@pytest.mark.parametrize("garbage", [b"{not json", b'{"format": "qmtool-build-cache/1"}', b"[]",
                                     b'{"format": "qmtool-build-cache/1", "workspace": "/elsewhere", '
                                     b'"validation": {}, "outputs": {}}'])
def test_a_corrupt_or_foreign_cache_is_ignored(five, garbage):
    (five / "build" / ".qmtool-cache.json").write_bytes(garbage)
    assert rebuilt(five) == ["QM-01", *PROCEDURES]
    assert rebuilt(five) == []


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


def test_noop_build_does_not_import_weasyprint_or_parse(five):
    code = ("import sys\nfrom qmtool.build import build\nresult = build(sys.argv[1], sys.argv[2])\n"
            "assert result.ok and not result.rendered, result.rendered\n"
            "assert 'weasyprint' not in sys.modules and 'jsonschema' not in sys.modules\n")
    subprocess.run([sys.executable, "-c", code, str(five), str(five / "build")], check=True, cwd=five)


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


def test_an_image_in_the_template_folder_is_part_of_the_key(five):
    (five / "templates").mkdir()
    cover = (REPO / "templates" / "cover.html").read_text("utf-8")
    (five / "templates" / "cover.html").write_text(cover.replace("</section>", '<img src="logo.svg"></section>'))
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
           '<rect width="10" height="10" fill="{}"/></svg>')
    (five / "templates" / "logo.svg").write_text(svg.format("red"))
    assert rebuilt(five) == ["QM-01", *PROCEDURES]
    (five / "templates" / "logo.svg").write_text(svg.format("blue"))
    assert rebuilt(five) == ["QM-01", *PROCEDURES]


def test_outputs_of_a_removed_document_are_removed(five):
    (five / "procedures" / "QP-05-demo.yaml").unlink()
    assert rebuilt(five) == ["QM-01"]
    assert not (five / "build" / "procedures" / "QP-05.pdf").exists()
    assert (five / "build" / "procedures" / "QP-04.pdf").exists()


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


def test_dropping_html_removes_the_html_copies(five):
    assert rebuilt(five, html=True) == ["QM-01", *PROCEDURES]
    assert (five / "build" / "html" / "QP-01.html").exists()
    assert rebuilt(five) == ["QM-01", *PROCEDURES]
    assert not list((five / "build" / "html").glob("*.html"))


def test_workers_are_recycled_and_the_build_completes(five, monkeypatch):
    import qmtool.workers

    monkeypatch.setattr(qmtool.workers, "RECYCLE_AFTER", 1)  # a fresh worker for every document
    one = hashes(five / "build")
    result = build(five, five / "build", jobs=2, force=True)
    assert result.ok and len(result.rendered) == 6
    assert hashes(five / "build") == one
