"""qmtool build, checked as a reader checks a PDF: its text, pages, fonts, attachments and bytes."""
from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
import yaml
from click.testing import CliRunner

from qmtool.build.pipeline import build
from qmtool.cli import main
from tests.helpers import REPO, digest
from tests.helpers import edit_unique as edit


def pdf_text(path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(["pdftotext", "-layout", *pages, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def squashed(path, page: int) -> str:
    """The page's text in content order without whitespace: rotated watermark letters come out whole."""
    out = subprocess.run(["pdftotext", "-raw", "-f", str(page), "-l", str(page), str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", "", out)


def page_count(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def info(path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


@pytest.fixture(scope="session")
def reference_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("reference") / "build"
    result = build(REPO, out, html=True)
    assert result.ok, result.problems()
    return out


@pytest.fixture
def built(workspace):
    result = build(workspace, workspace / "build")
    assert result.ok, result.problems()
    return workspace / "build"


def test_outputs_are_the_manual_and_one_pdf_per_procedure(reference_build):
    names = sorted(p.relative_to(reference_build).as_posix() for p in reference_build.rglob("*.pdf"))
    assert names == ["manual.pdf"] + [f"procedures/QP-0{n}.pdf" for n in range(1, 7)]


def test_text_has_titles_and_fees_exactly_as_written(reference_build):
    for source in sorted((REPO / "procedures").glob("QP-*.yaml")):
        doc = yaml.load(source.read_text("utf-8"), Loader=yaml.BaseLoader)  # prices as the text written
        text = pdf_text(reference_build / "procedures" / f"{doc['id']}.pdf")
        assert doc["title"] in text
        for fee in doc["standards"]["fees"]:
            assert re.search(rf"\b{re.escape(fee['price'])}\b", text), (doc["id"], fee["price"])


def test_every_page_has_header_and_footer_with_the_right_total(reference_build):
    for path in [reference_build / "manual.pdf", reference_build / "procedures" / "QP-02.pdf"]:
        total = page_count(path)
        assert total > 3
        for page in range(1, total + 1):
            text = re.sub(r"\s+", "", pdf_text(path, page))  # pdftotext drops the thin spaces around digits
            assert f"第{page}页共{total}页" in text
            assert re.search(r"Q[MP]-0\d第\d+\.\d+版", text)


def test_toc_page_numbers_are_where_the_headings_are(reference_build):
    path = reference_build / "manual.pdf"
    toc_page = next(p for p in range(1, 6) if "目录" in [line.strip() for line in pdf_text(path, p).splitlines()])
    entry = r"^\s*((?:\d+(?:\.\d+)?|附录 [A-Z]))\s+(\S+)\s*\.{3,}\s*(\d+)\s*$"
    entries = re.findall(entry, pdf_text(path, toc_page), re.M)
    assert len(entries) >= 12
    for number, title, page in entries:
        lines = [line.strip() for line in pdf_text(path, int(page)).splitlines()]
        assert any(re.match(rf"{re.escape(number)}\s+{re.escape(title)}$", line) for line in lines), (number, title)


def test_bookmarks_cover_every_heading(reference_build):
    out = subprocess.run(["qpdf", "--json", "--json-key=outlines", str(reference_build / "manual.pdf")],
                         capture_output=True, text=True, check=True).stdout

    def titles(items):
        for item in items:
            yield item["title"]
            yield from titles(item["kids"])

    found = list(titles(json.loads(out)["outlines"]))
    html = (reference_build / "html" / "manual.html").read_text("utf-8")
    headings = [" ".join(re.sub(r"<[^>]+>", "", text).split())  # every heading but the cover's title, in order
                for attributes, text in re.findall(r"<h[1-6]([^>]*)>(.*?)</h[1-6]>", html, re.S)
                if "cover-title" not in attributes]
    assert len(headings) > 20 and found == headings
    assert "1 范围" in found and "6.2 收费标准" in found and "附录 A 受控文件清单" in found


def test_only_configured_fonts_embedded_and_subset(reference_build):
    for path in [reference_build / "manual.pdf", reference_build / "procedures" / "QP-06.pdf"]:
        rows = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
        fonts = [line.split() for line in rows.splitlines()[2:]]
        assert fonts
        for name, *_rest in fonts:
            assert re.fullmatch(r"[A-Z]{6}\+Noto-(Serif|Sans)-CJK-SC(-Bold)?", name), name
        assert all(row[-5:-2] == ["yes", "yes", "yes"] for row in fonts), rows


def test_watermark_only_on_draft_and_review(reference_build):
    review = reference_build / "procedures" / "QP-06.pdf"  # status review
    assert all("草稿/DRAFT" in squashed(review, p) for p in range(1, page_count(review) + 1))
    for path in (reference_build / "procedures" / "QP-02.pdf", reference_build / "manual.pdf"):
        assert not any("DRAFT" in squashed(path, p) for p in range(1, page_count(path) + 1))


def test_metadata(reference_build):
    meta = info(reference_build / "procedures" / "QP-02.pdf")
    assert meta["Title"].strip() == "机关食堂餐饮服务程序"
    assert meta["Subject"].strip() == "QP-02　第 2.1 版"
    assert meta["Author"].strip() == "江宁市机关事务服务中心"
    assert "QP-02" in meta["Keywords"]


def test_pdfa_3b_with_sources_that_extract_to_the_exact_bytes(reference_build, tmp_path):
    path = reference_build / "manual.pdf"
    xmp = subprocess.run(["pdfinfo", "-meta", str(path)], capture_output=True, text=True, check=True).stdout
    assert 'pdfaid:part="3" pdfaid:conformance="B"' in xmp
    subprocess.run(["pdfdetach", "-saveall", "-o", str(tmp_path), str(path)], check=True)
    sources = sorted((REPO / "procedures").glob("*.yaml"))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in sources)
    for source in sources:
        assert (tmp_path / source.name).read_bytes() == source.read_bytes()


def test_procedure_embeds_only_its_own_source(reference_build):
    listing = subprocess.run(["pdfdetach", "-list", str(reference_build / "procedures" / "QP-02.pdf")],
                             capture_output=True, text=True, check=True).stdout
    assert listing.splitlines()[1:] == ["1: QP-02-canteen.yaml"]


def test_same_input_same_bytes(workspace, built):
    first = {p.name: digest(p) for p in built.rglob("*.pdf")}
    shutil.rmtree(built)
    assert build(workspace, workspace / "build").ok
    assert {p.name: digest(p) for p in built.rglob("*.pdf")} == first


HOSTILE = ['<script>alert(1)</script>', '<img src="file:///etc/passwd">', "{{ 7*7 }}", '{% include "x" %}']


def test_hostile_text_renders_literally(workspace):
    purpose = "purpose: Keep the demo service to a written standard."
    edit(workspace, "QP-01-demo.yaml", purpose, "purpose: " + json.dumps(" ".join(HOSTILE)))
    result = build(workspace, workspace / "build", html=True)
    assert result.ok, result.problems()
    text = " ".join(pdf_text(workspace / "build" / "procedures" / "QP-01.pdf").split())
    for hostile in HOSTILE:
        assert hostile in text
    assert "<script>" not in (workspace / "build" / "html" / "QP-01.html").read_text("utf-8")


def test_forbidden_url_fails_and_keeps_the_previous_pdf(workspace, built):
    before = digest(built / "manual.pdf")
    (workspace / "templates").mkdir()
    cover = (REPO / "templates" / "cover.html").read_text("utf-8")
    (workspace / "templates" / "cover.html").write_text(cover + '<img src="file:///etc/passwd">', "utf-8")
    result = CliRunner().invoke(main, ["build", "-o", "build"])
    assert result.exit_code == 1
    assert "error[forbidden-url]" in result.stderr and "file:///etc/passwd" in result.stderr
    assert digest(built / "manual.pdf") == before
    assert not list(built.rglob("*.tmp"))


@pytest.mark.parametrize("trick", ['<base href="file:///etc/"><img src="passwd">',
                                   '<style>body { background: url("http://example.invalid/x.png") }</style>',
                                   '<link rel="attachment" href="../../../../../etc/hostname">'])
def test_every_way_out_is_refused(workspace, trick):
    (workspace / "templates").mkdir()
    cover = (REPO / "templates" / "cover.html").read_text("utf-8")
    (workspace / "templates" / "cover.html").write_text(trick + cover, "utf-8")
    result = build(workspace, workspace / "build")
    assert [p.code for p in result.problems()] == ["forbidden-url"]
    assert not (workspace / "build").exists()


def test_data_urls_are_allowed_and_a_long_forbidden_url_is_cut_short(workspace):
    (workspace / "templates").mkdir()
    cover = (REPO / "templates" / "cover.html").read_text("utf-8")
    dot = ("data:image/svg+xml;base64,"
           "PHN2ZyB4bWxucz0naHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmcnIHdpZHRoPScxJyBoZWlnaHQ9JzEnLz4=")
    (workspace / "templates" / "cover.html").write_text(f'<img src="{dot}">' + cover, "utf-8")
    assert build(workspace, workspace / "build", only="QP-01").ok
    (workspace / "templates" / "cover.html").write_text(f'<img src="http://example.invalid/{"x" * 500}.png">' + cover)
    [problem] = build(workspace, workspace / "build", only="QP-01").problems()
    assert problem.code == "forbidden-url" and len(problem.message) < 200 and "…" in problem.message


def test_html_finds_the_assets_the_pdf_found(workspace):
    (workspace / "templates").mkdir()
    svg = b"<svg xmlns='http://www.w3.org/2000/svg' width='4' height='4'><rect width='4' height='4'/></svg>"
    (workspace / "templates" / "logo.svg").write_bytes(svg)
    (workspace / "templates" / ".logo.svg.swp").write_bytes(b"an editor's swap file")
    cover = (REPO / "templates" / "cover.html").read_text("utf-8")
    (workspace / "templates" / "cover.html").write_text('<img src="logo.svg">' + cover, "utf-8")
    assert build(workspace, workspace / "build", only="QP-01", html=True).ok
    assert '<img src="logo.svg">' in (workspace / "build" / "html" / "QP-01.html").read_text("utf-8")
    assert (workspace / "build" / "html" / "logo.svg").read_bytes() == svg
    assert not (workspace / "build" / "html" / ".logo.svg.swp").exists()


def test_workspace_template_overrides_the_built_in_one(workspace):
    (workspace / "templates").mkdir()
    cover = (REPO / "templates" / "cover.html").read_text("utf-8")
    kind = '<p class="cover-kind">'
    (workspace / "templates" / "cover.html").write_text(cover.replace(kind, kind + "OVERRIDDEN COVER"))
    assert build(workspace, workspace / "build").ok
    assert "OVERRIDDEN COVER" in pdf_text(workspace / "build" / "manual.pdf", 1)


def test_a_template_added_between_builds_in_one_process_is_used(workspace):
    (workspace / "templates").mkdir()
    (workspace / "templates" / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    assert build(workspace, workspace / "build", only="QP-01").ok  # the built-in cover, compiled and kept
    cover = (REPO / "templates" / "cover.html").read_text("utf-8")
    kind = '<p class="cover-kind">'
    (workspace / "templates" / "cover.html").write_text(cover.replace(kind, kind + "ADDED LATER"))
    assert build(workspace, workspace / "build", only="QP-01").ok
    assert "ADDED LATER" in pdf_text(workspace / "build" / "procedures" / "QP-01.pdf", 1)


def test_only_and_html(workspace):
    result = CliRunner().invoke(main, ["build", "-o", "build", "--only", "QP-01", "--html"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "build/procedures/QP-01.pdf\n"
    assert not (workspace / "build" / "manual.pdf").exists()
    page = (workspace / "build" / "html" / "QP-01.html").read_text("utf-8")
    assert "Demo Service Procedure" in page and "<style>" in page and "src=" not in page
    unknown = CliRunner().invoke(main, ["build", "--only", "QP-99"])
    assert unknown.exit_code == 2 and "the documents are QM-01, QP-01" in unknown.stderr
    again = CliRunner().invoke(main, ["build", "-o", "build"])  # stderr is not a terminal: only errors there
    assert again.exit_code == 0 and again.stderr == ""
    assert again.stdout == "build/manual.pdf\nbuild/procedures/QP-01.pdf\n"


def test_english_labels_and_footer(built):
    path = built / "procedures" / "QP-01.pdf"
    total = page_count(path)
    assert f"Page {total} of {total}" in pdf_text(path, total)
    assert "Revision history" in pdf_text(path)


@pytest.mark.parametrize("variant", ["plain", "pdf/ua-1"])
def test_other_pdf_variants(workspace, variant):
    result = CliRunner().invoke(main, ["build", "-o", "build", "--only", "QP-01", "--pdf-variant", variant])
    assert result.exit_code == 0, result.stderr
    path = workspace / "build" / "procedures" / "QP-01.pdf"
    assert "Demo Service Procedure" in pdf_text(path)
    from pypdf import PdfReader

    root = PdfReader(path).trailer["/Root"]
    tagged = "/StructTreeRoot" in root and bool(root.get("/MarkInfo", {}).get("/Marked"))
    assert tagged == (variant == "pdf/ua-1")  # PDF/UA: a tagged structure a screen reader follows
    if variant == "pdf/ua-1":
        assert root["/Lang"] == "en" and root["/StructTreeRoot"]["/K"]


def test_obsolete_document_carries_the_obsolete_watermark(workspace):
    edit(workspace, "manual.yaml", "related: [QP-01]\n", "")
    edit(workspace, "QP-01-demo.yaml", "status: effective", "status: obsolete")
    assert build(workspace, workspace / "build").ok
    path = workspace / "build" / "procedures" / "QP-01.pdf"
    assert all("作废/OBSOLETE" in squashed(path, p) for p in range(1, page_count(path) + 1))
    manual = workspace / "build" / "manual.pdf"
    assert not any("OBSOLETE" in squashed(manual, p) for p in range(1, page_count(manual) + 1))


def test_traditional_chinese_workspace_uses_tc_fonts_and_labels(workspace):
    edit(workspace, "manual.yaml", "language: en", "language: zh-Hant")
    assert build(workspace, workspace / "build", only="QP-01").ok
    path = workspace / "build" / "procedures" / "QP-01.pdf"
    rows = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert {line.split()[0].split("+")[1] for line in rows.splitlines()[2:]} <= {
        "Noto-Serif-CJK-TC", "Noto-Sans-CJK-TC", "Noto-Sans-CJK-TC-Bold", "Noto-Serif-CJK-TC-Bold"}
    total = page_count(path)
    assert f"第1頁共{total}頁" in squashed(path, 1)
    assert "修訂歷史" in squashed(path, 2)


def test_table_header_repeats_on_every_page_the_table_spans(reference_build):
    path = reference_build / "manual.pdf"
    header = "所属程序编号收费项目等级计费单位价格（元）定价依据"
    pages = [p for p in range(1, page_count(path) + 1) if header in squashed(path, p)]
    assert len(pages) >= 2 and pages == list(range(pages[0], pages[-1] + 1))


def test_pdf_language_is_the_workspace_language(reference_build):
    out = subprocess.run(["qpdf", "--json", "--json-key=qpdf", str(reference_build / "manual.pdf")],
                         capture_output=True, text=True, check=True).stdout
    objects = json.loads(out)["qpdf"][1]
    root = objects[f"obj:{objects['trailer']['value']['/Root']}"]["value"]
    assert root["/Lang"] == "u:zh-Hans"


def test_url_climbing_out_through_a_template_folder_is_refused(workspace, tmp_path):
    (workspace / "secret.txt").write_text("TOP SECRET", "utf-8")
    (workspace / "templates").mkdir()
    climb = (workspace / "templates").resolve().as_uri() + "/x/../../secret.txt"
    cover = (REPO / "templates" / "cover.html").read_text("utf-8")
    (workspace / "templates" / "cover.html").write_text(f'<link rel="attachment" href="{climb}">' + cover)
    assert [p.code for p in build(workspace, workspace / "build").problems()] == ["forbidden-url"]


def test_manual_consolidates_only_procedures_in_force(workspace):
    def manual_text():
        assert build(workspace, workspace / "build", only="QM-01").ok
        path = workspace / "build" / "manual.pdf"
        return "".join(squashed(path, p) for p in range(1, page_count(path) + 1))

    assert "35.50" in manual_text()  # QP-01's fee F2, in the consolidated fees
    edit(workspace, "QP-01-demo.yaml", "status: effective", "status: review")
    text = manual_text()
    assert "35.50" not in text and "DemoServiceProcedure" in text.split("Registerofcontrolleddocuments")[-1]
    assert text.count("Registerofcontrolleddocuments") == 2  # the contents, the appendix
    # and the reader is told, where the standards and the index are, what was left out
    assert text.count("thesearenotincluded(theirstatusisintheappendix):QP-01DemoServiceProcedure(Inreview)") == 2


def _pdf_with_whole_fonts(*args):
    """write_pdf with the fonts' shrinking turned off, in the build's worker process (sent there by name)."""
    import qmtool.render.fontsubset
    from qmtool.render.pdf import write_pdf

    qmtool.render.fontsubset.shrink = lambda program, glyphs: None
    return write_pdf(*args)


def test_fonts_keep_only_used_glyphs_and_draw_the_same_pixels(workspace, monkeypatch, tmp_path):
    import qmtool.build.workers

    assert build(workspace, workspace / "small", only="QP-01", jobs=1).ok
    monkeypatch.setattr(qmtool.build.workers, "write_pdf", _pdf_with_whole_fonts)
    assert build(workspace, workspace / "large", only="QP-01", jobs=1).ok
    small, large = (workspace / name / "procedures" / "QP-01.pdf" for name in ("small", "large"))
    rows = subprocess.run(["pdffonts", str(small)], capture_output=True, text=True, check=True).stdout
    assert all("CID Type 0C " in line and "(OT)" not in line for line in rows.splitlines()[2:])
    assert small.stat().st_size * 2 < large.stat().st_size
    for pdf in (small, large):
        subprocess.run(["pdftoppm", "-gray", "-r", "50", str(pdf), str(tmp_path / pdf.parent.parent.name)], check=True)
    pages = sorted(tmp_path.glob("small-*.pgm"))
    assert pages and all(p.read_bytes() == p.with_name(p.name.replace("small", "large")).read_bytes() for p in pages)
