"""Links that lead outside: no command reads through a link leaving the workspace (or the release), and each
such link, a dangling one and a loop is a located error; a link that stays inside may be followed. Releases
and verify on real builds: e2e/test_links.py."""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.helpers import SECRET, commit, run, shown
from tests.helpers import edit_first as edit


def problems_json(*args) -> list[tuple[str, int, int, str]]:
    result = run("validate", *args, "--format", "json")
    assert SECRET not in shown(result)
    return [(p["path"], p["line"], p["column"], p["code"]) for p in json.loads(result.stdout)]


def test_validate_refuses_a_document_linked_from_outside_and_shows_nothing_of_it(workspace, outside):
    (workspace / "procedures" / "QP-07-out.yaml").symlink_to(outside / "QP-07-out.yaml")
    result = run("validate")
    assert result.exit_code == 1
    assert "procedures/QP-07-out.yaml: error[link-outside]: a symbolic link that leads outside the workspace" \
        in result.stderr
    assert SECRET not in shown(result) and str(outside) not in shown(result)
    assert problems_json() == [("procedures/QP-07-out.yaml", 0, 0, "link-outside")]


def test_dangling_links_and_loops_are_located_errors_not_skipped(workspace):
    procedures = workspace / "procedures"
    (procedures / "QP-08.yaml").symlink_to(workspace / "gone.yaml")
    (procedures / "loop-a").symlink_to("loop-b")
    (procedures / "loop-b").symlink_to("loop-a")
    (procedures / "sub").mkdir()
    (procedures / "sub" / "up").symlink_to("..")  # a folder holding itself: the walk must end
    (procedures / ".#QP-01-demo.yaml").symlink_to("qa@host.123:1")  # Emacs' lock file: not a document
    assert problems_json() == [("procedures/QP-08.yaml", 0, 0, "link-dangling"),
                               ("procedures/loop-a", 0, 0, "link-loop"), ("procedures/loop-b", 0, 0, "link-loop"),
                               ("procedures/sub/up", 0, 0, "link-loop")]
    result = run("validate")
    assert result.exit_code == 1 and "procedures/QP-08.yaml: error[link-dangling]" in result.stderr


def test_linked_folders_outside_and_a_procedures_folder_that_is_a_link(workspace, outside):
    (workspace / "procedures" / "more").symlink_to(outside, target_is_directory=True)
    assert problems_json() == [("procedures/more", 0, 0, "link-outside")]
    (workspace / "procedures" / "more").unlink()
    shutil.move(workspace / "procedures", outside / "procedures")
    (workspace / "procedures").symlink_to(outside / "procedures", target_is_directory=True)
    found = problems_json()
    assert ("procedures", 0, 0, "link-outside") in found and {code for *_, code in found} == {
        "link-outside", "no-documents"}


def test_links_that_stay_inside_the_workspace_are_followed(workspace):
    shared = workspace / "shared"
    shared.mkdir()
    text = (workspace / "procedures" / "QP-01-demo.yaml").read_text("utf-8")
    (shared / "QP-02-shared.yaml").write_text(text.replace("id: QP-01", "id: QP-02"), "utf-8")
    (workspace / "procedures" / "more").symlink_to("../shared", target_is_directory=True)
    (workspace / "procedures" / "again").symlink_to("more", target_is_directory=True)  # the same folder twice
    assert problems_json() == []
    result = run("register", "--today", "2026-06-01", "--format", "json")
    assert result.exit_code == 0 and [d["id"] for d in json.loads(result.stdout)["documents"]] == [
        "QM-01", "QP-01", "QP-02"]
    assert json.loads(result.stdout)["documents"][2]["path"] == "shared/QP-02-shared.yaml"  # where it is


def test_register_diff_and_assess_refuse_the_link_too(repo, outside):
    (repo / "procedures" / "QP-07-out.yaml").symlink_to(outside / "QP-07-out.yaml")
    result = run("register", "--today", "2026-06-01", "--format", "json")
    assert result.exit_code == 1 and SECRET not in shown(result)
    assert [(p["path"], p["code"]) for p in json.loads(result.stdout)["problems"]] == [
        ("procedures/QP-07-out.yaml", "link-outside")]
    result = run("diff", "v1", "--format", "json")
    assert result.exit_code == 1 and SECRET not in shown(result)
    data = json.loads(result.stdout)
    assert data["changes"] == [] and [(p["path"], p["line"], p["code"]) for p in data["problems"]] == [
        ("procedures/QP-07-out.yaml", 0, "link-outside")]
    (repo / "scores.csv").write_text("provider,provider_name,period,kpi,score\n", "utf-8")
    result = run("assess", "QP-07", "scores.csv")
    assert result.exit_code == 1 and SECRET not in shown(result)
    assert "procedures/QP-07-out.yaml: error[link-outside]" in result.stderr


def test_assess_stops_at_a_link_even_when_its_procedure_is_elsewhere(workspace, outside):
    (workspace / "templates").symlink_to(outside, target_is_directory=True)
    (workspace / "scores.csv").write_text("provider,provider_name,period,kpi,score\n", "utf-8")
    result = run("assess", "QP-01", "scores.csv", "--pdf", "report.pdf")
    assert result.exit_code == 1 and "templates: error[link-outside]" in result.stderr
    assert SECRET not in shown(result) and not (workspace / "report.pdf").exists()


def test_templates_folder_linked_from_outside_is_refused_by_build_html(workspace, outside):
    (workspace / "templates").symlink_to(outside, target_is_directory=True)
    result = run("build", "-o", "build", "--html")
    assert result.exit_code == 1
    assert "templates: error[link-outside]: a symbolic link that leads outside the workspace" in result.stderr
    assert SECRET not in shown(result)
    written = [p for p in (workspace / "build").rglob("*") if p.is_file()] if (workspace / "build").exists() else []
    assert not any(SECRET.encode() in p.read_bytes() for p in written) and not any(
        p.name == "secret.png" for p in written)


def test_a_file_in_templates_linked_from_outside_is_a_located_error(workspace, outside):
    (workspace / "templates").mkdir()
    (workspace / "templates" / "logo.png").symlink_to(outside / "secret.png")
    (workspace / "templates" / "gone.png").symlink_to(outside / "nothing.png")
    assert problems_json() == [("templates/gone.png", 0, 0, "link-dangling"),
                               ("templates/logo.png", 0, 0, "link-outside")]
    result = run("build", "-o", "build", "--html")
    assert result.exit_code == 1 and "templates/logo.png: error[link-outside]: a symbolic link that leads " \
        "outside the templates folder" in result.stderr
    assert not (workspace / "build" / "html" / "logo.png").exists()


def test_copying_assets_and_the_templates_key_never_read_through_a_link(tmp_path):
    from qmtool.build.outputs import copy_assets, html_assets
    from qmtool.build.plan import templates_digest

    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "img").mkdir()
    (folder / "img" / "seal.png").write_bytes(b"seal")
    (folder / "seal.png").symlink_to("img/seal.png")  # inside the folder: followed
    (tmp_path / "a.html").write_text("one", "utf-8")
    (tmp_path / "b.html").write_text("two", "utf-8")
    (folder / "cover.html").symlink_to(tmp_path / "a.html")
    (folder / "secret.png").symlink_to(tmp_path / "a.html")
    copy_assets(html_assets([folder]), tmp_path / "out")
    assert sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*")
                  if p.is_file()) == ["img/seal.png", "seal.png"]
    before = templates_digest([folder], "cover")
    (folder / "cover.html").unlink()
    (folder / "cover.html").symlink_to(tmp_path / "b.html")  # other bytes outside: the key must not see them
    assert templates_digest([folder], "cover") == before


def test_the_url_fetcher_refuses_a_link_leading_out_of_the_template_folder(tmp_path):
    from qmtool.render.pdf import _asset

    folder = tmp_path / "templates"
    folder.mkdir()
    (tmp_path / "secret.png").write_text(SECRET)
    (folder / "seal.png").write_bytes(b"seal")
    (folder / "inside.png").symlink_to("seal.png")
    (folder / "outside.png").symlink_to(tmp_path / "secret.png")
    roots = [folder.resolve()]
    assert _asset((folder / "outside.png").as_uri(), roots) is None
    assert _asset((folder / "inside.png").as_uri(), roots) == (folder / "seal.png").resolve()


def test_serve_shows_the_link_error_and_never_the_linked_file(workspace, outside):
    from qmtool.author.serve import Preview

    (workspace / "procedures" / "QP-07-out.yaml").symlink_to(outside / "QP-07-out.yaml")
    (workspace / "templates").symlink_to(outside, target_is_directory=True)
    preview = Preview(workspace)
    index = preview.index()
    assert "link-outside" in index and "procedures/QP-07-out.yaml" in index and SECRET not in index
    for name in ("procedures/QP-07-out.yaml", "templates/cover.html", "templates/secret.png",
                 "procedures/../../outside/cover.html"):
        status, page = preview.source(name)
        assert status == 404 and SECRET not in page
    status, page = preview.source("procedures/QP-01-demo.yaml")
    assert status == 200 and "Demo Service Procedure" in page
    assert all(SECRET not in preview.page(doc)[1] for doc in ("QP-01", "QP-07", "QM-01"))


def test_release_refuses_a_committed_link_leading_outside(repo, outside):
    (repo / "procedures" / "QP-07-out.yaml").symlink_to(outside / "QP-07-out.yaml")
    commit(repo, "a link out")
    result = run("release", "--version", "1")
    assert result.exit_code == 1 and SECRET not in shown(result)
    assert "procedures/QP-07-out.yaml: error[link-outside]" in result.stderr
    assert not (repo / "release" / "1").exists()


def test_release_refuses_a_committed_link_to_a_file_no_release_holds(repo):
    (repo / "records").mkdir()
    text = (repo / "procedures" / "QP-01-demo.yaml").read_text("utf-8")
    (repo / "records" / "QP-02-kept.yaml").write_text(text.replace("id: QP-01", "id: QP-02"), "utf-8")
    (repo / "procedures" / "QP-02-kept.yaml").symlink_to("../records/QP-02-kept.yaml")
    commit(repo, "a link to records/")
    assert run("validate").exit_code == 0  # inside the workspace: the working folder may follow it
    result = run("release", "--version", "1")
    assert result.exit_code == 1
    assert "procedures/QP-02-kept.yaml: error[release-link]: a symbolic link committed to git" in result.stderr
    assert not (repo / "release" / "1").exists()
    assert not list(Path(tempfile.gettempdir()).glob("qmtool-release-*/procedures/QP-02-kept.yaml"))


def test_every_release_refusal_is_in_the_workspace_language(workspace):
    edit(workspace, "language: en", "language: zh-Hans", name="manual.yaml")
    result = run("release", "--version", "../x")
    assert result.exit_code == 1
    assert "--version: error[release-name]: “../x”不能用作发布名称" in result.stderr
    assert "提示：只用字母、数字、点和连字符，如 --version 2027.1" in result.stderr
    assert "is not a release name" not in result.stderr
    assert result.stderr.rstrip().endswith("拒绝发布：2 个原因")
    (workspace / "procedures" / "QP-09.yaml").symlink_to(workspace / "nothing.yaml")
    result = run("release", "--version", "1")
    assert "procedures/QP-09.yaml: error[link-dangling]: 符号链接指向的文件不存在" in result.stderr


def test_git_missing_is_said_in_the_workspace_language(workspace, monkeypatch, tmp_path):
    edit(workspace, "language: en", "language: zh-Hans", name="manual.yaml")
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = run("release", "--version", "1")
    assert result.exit_code == 1
    assert "error[release-git]: git：未安装 git" in result.stderr and "not installed" not in result.stderr


def test_diff_of_revisions_never_follows_a_committed_link(repo, outside):
    (repo / "procedures" / "QP-07-out.yaml").symlink_to(outside / "QP-07-out.yaml")
    commit(repo, "a link out")
    (repo / "procedures" / "QP-07-out.yaml").unlink()
    result = run("diff", "v1", "HEAD", "--format", "json")
    assert result.exit_code == 1 and SECRET not in shown(result)
    data = json.loads(result.stdout)
    assert data["changes"] == [] and [(p["path"], p["line"], p["code"]) for p in data["problems"]] == [
        ("HEAD:procedures/QP-07-out.yaml", 0, "link-committed")]


@pytest.mark.parametrize("linked", ["file", "folder"])
def test_a_records_file_reached_through_a_link_leading_out_is_refused(workspace, outside, linked):
    (outside / "scores.csv").write_text(f"{SECRET},provider_name\n", "utf-8")
    if linked == "file":
        (workspace / "records").mkdir()
        (workspace / "records" / "scores.csv").symlink_to(outside / "scores.csv")
    else:
        (workspace / "records").symlink_to(outside, target_is_directory=True)
    result = run("assess", "QP-01", "records/scores.csv", "--pdf", "report.pdf")
    assert result.exit_code == 1 and SECRET not in shown(result) and not (workspace / "report.pdf").exists()
    assert "records/scores.csv: error[link-outside]: a symbolic link that leads outside the workspace" in result.stderr


def test_special_files_are_refused_never_read(workspace):
    """A FIFO's read would never end; a device would read anything: a located read-error, in every reader."""
    os.mkfifo(workspace / "procedures" / "QP-07-fifo.yaml")
    result = run("validate")
    assert result.exit_code == 1 and "procedures/QP-07-fifo.yaml: error[read-error]: cannot read the file: it is " \
        "not a regular file but a FIFO, device or socket" in result.stderr
    (workspace / "procedures" / "QP-07-fifo.yaml").unlink()
    os.mkfifo(workspace / "scores.csv")
    result = run("assess", "QP-01", "scores.csv")
    assert result.exit_code == 1 and "scores.csv: error[read-error]" in result.stderr
