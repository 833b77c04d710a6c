"""A file swapped for a link between the check and the read is never read through it: every reader of workspace
inputs opens first, by descriptor and without following a link out, then judges what it opened; outputs are
written into their folder opened the same way. Each swap is made by the test at the exact step, not by timing."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

import qmtool.build.pipeline
import qmtool.load.evidence
import qmtool.load.workspace
import qmtool.render.pdf
from qmtool.build.outputs import copy_assets, html_assets
from qmtool.build.pipeline import build
from qmtool.core.atomic import OutputRefused
from qmtool.render.environment import environment
from tests.helpers import SECRET, run, shown


def swap_for_link(path: Path, target: Path) -> None:
    """What the attacker's loop does: the file at path becomes a link to target."""
    path.unlink()
    path.symlink_to(target)


def test_a_document_swapped_for_a_link_after_the_listing_is_refused_unread(workspace, outside, monkeypatch):
    document = workspace / "procedures" / "QP-01-demo.yaml"
    listed = qmtool.load.workspace.scan

    def scan_then_swap(root):
        found = listed(root)
        swap_for_link(document, outside / "QP-07-out.yaml")
        return found

    monkeypatch.setattr(qmtool.load.workspace, "scan", scan_then_swap)
    result = run("validate", "--format", "json")
    assert result.exit_code == 1 and SECRET not in shown(result)
    found = [(p["path"], p["code"]) for p in json.loads(result.stdout)]
    assert ("procedures/QP-01-demo.yaml", "link-outside") in found


def test_a_records_file_swapped_for_a_link_after_its_check_is_refused_unread(workspace, outside, monkeypatch):
    (workspace / "records").mkdir()
    scores = workspace / "records" / "scores.csv"
    scores.write_text("provider,provider_name,period,kpi,score\n", "utf-8")
    (outside / "scores.csv").write_text(f"{SECRET},provider_name\n", "utf-8")
    checked = qmtool.load.evidence.named_file_problem

    def check_then_swap(path, root):
        problem = checked(path, root)
        swap_for_link(scores, outside / "scores.csv")
        return problem

    monkeypatch.setattr(qmtool.load.evidence, "named_file_problem", check_then_swap)
    result = run("assess", "QP-01", "records/scores.csv")
    assert result.exit_code == 1 and SECRET not in shown(result)
    assert "records/scores.csv: error[link-outside]" in result.stderr


def test_a_template_swapped_for_a_link_after_the_loader_judged_it_is_refused_unread(workspace, outside,
                                                                                      monkeypatch):
    folder = workspace / "templates"
    folder.mkdir()
    (folder / "cover.html").write_text("<p>ours</p>", "utf-8")
    resolve = Path.resolve

    def judged_then_swapped(path, *args, **kwargs):  # the loader's check resolves the template's path
        real = resolve(path, *args, **kwargs)
        if path.name == "cover.html" and not path.is_symlink():
            swap_for_link(path, outside / "cover.html")
        return real

    env = environment([folder])
    monkeypatch.setattr(Path, "resolve", judged_then_swapped)
    with pytest.raises(Exception) as refused:
        env.get_template("cover.html")
    assert "template-outside" in repr(refused.value.args) and SECRET not in repr(refused.value.args)


def test_a_template_asset_swapped_after_the_listing_is_not_copied(tmp_path):
    folder, out = tmp_path / "templates", tmp_path / "out"
    folder.mkdir()
    (folder / "seal.png").write_bytes(b"seal")
    (tmp_path / "secret.png").write_text(SECRET, "utf-8")
    assets = html_assets([folder])  # the listing: seal.png a file of the folder
    swap_for_link(folder / "seal.png", tmp_path / "secret.png")
    found = copy_assets(assets, out / "html", out)
    assert [(Path(f.path).name, f.code) for f in found] == [("seal.png", "link-outside")]
    assert not any(SECRET.encode() in p.read_bytes() for p in out.rglob("*") if p.is_file())


def test_an_image_swapped_after_the_url_fetcher_found_it_is_refused_unread(tmp_path, monkeypatch):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "seal.png").write_bytes(b"seal")
    (tmp_path / "secret.png").write_text(SECRET, "utf-8")
    found = qmtool.render.pdf._asset

    def found_then_swapped(url, roots):
        path = found(url, roots)
        swap_for_link(folder / "seal.png", tmp_path / "secret.png")
        return path

    monkeypatch.setattr(qmtool.render.pdf, "_asset", found_then_swapped)
    fetcher, stop = qmtool.render.pdf._fetcher([folder])
    with pytest.raises(stop):
        fetcher.fetch((folder / "seal.png").as_uri())
    assert fetcher.refused == [(folder / "seal.png").as_uri()]


def written_outside(outside: Path) -> list[str]:
    return sorted(p.name for p in outside.rglob("*") if p.name.endswith((".pdf", ".qmtool-tmp")))


def test_an_output_folder_swapped_for_a_link_before_the_pdfs_are_written_receives_nothing(faked, monkeypatch):
    outside = faked.parent / "elsewhere"
    outside.mkdir()
    swept = qmtool.build.pipeline._sweep

    def swap_then_sweep(out):  # after every path was checked, before the workers write
        procedures = out / "procedures"
        if not procedures.is_symlink():
            shutil.rmtree(procedures, ignore_errors=True)
            procedures.symlink_to(outside, target_is_directory=True)
        swept(out)

    monkeypatch.setattr(qmtool.build.pipeline, "_sweep", swap_then_sweep)
    with pytest.raises(OutputRefused) as refused:
        build(faked, faked / "build")
    assert refused.value.filename == str(faked / "build" / "procedures")
    assert written_outside(outside) == []


def test_an_output_folder_swapped_for_a_link_before_the_rename_receives_no_pdf(faked, monkeypatch):
    outside = faked.parent / "elsewhere"
    committed = qmtool.build.pipeline._commit

    def swap_then_commit(done, by_name, out, cache, result):
        os.rename(out / "procedures", outside)  # the folder the PDFs were written in, moved away
        (out / "procedures").symlink_to(outside, target_is_directory=True)
        return committed(done, by_name, out, cache, result)

    monkeypatch.setattr(qmtool.build.pipeline, "_commit", swap_then_commit)
    with pytest.raises(OutputRefused):
        build(faked, faked / "build")
    assert not [name for name in written_outside(outside) if name.endswith(".pdf")]
