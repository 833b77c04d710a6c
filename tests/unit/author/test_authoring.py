"""Authoring: init and new write documents that validate and name their schemas, serve answers safely and
while a validation is slow, pre-commit and completion work. The real editor, browser and builds: e2e/."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path

import yaml

from qmtool.core.resources import builtin
from tests.helpers import REPO, get, run

SCHEMA_LINE = "# yaml-language-server: $schema="


def test_every_yaml_file_written_names_its_schema_and_the_schema_is_there(initialised):
    for _, written in initialised.values():
        for path in written:
            if path.parent.name == "procedures":
                first = path.read_text("utf-8").splitlines()[0]
                assert first.startswith(SCHEMA_LINE), path
                assert (path.parent / first.removeprefix(SCHEMA_LINE)).resolve().is_file(), path


def test_init_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    result = run("init", str(tmp_path))
    assert result.exit_code == 2 and "不是空目录；qmtool init 只写入新目录或空目录" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_new_procedure_validates_with_no_problems(initialised, monkeypatch):
    target, _ = initialised["zh-Hans"]
    monkeypatch.chdir(target)
    result = run("new", "procedure", "QP-07", "--title", "公务接待: “服务” 程序", "--name", "reception")
    assert result.exit_code == 0, result.stderr
    path = target / "procedures" / "QP-07-reception.yaml"
    assert result.stdout.strip() == str(Path("procedures") / "QP-07-reception.yaml")
    assert path.read_text("utf-8").startswith(SCHEMA_LINE + "../schemas/procedure.schema.json\n")
    data = yaml.safe_load(path.read_text("utf-8"))
    assert (data["id"], data["title"], data["status"], data["effective"], data["owner"]) == (
        "QP-07", "公务接待: “服务” 程序", "draft", date.today(), "质量管理办公室")
    result = run("validate")
    assert result.exit_code == 0 and result.stderr.splitlines() == ["已检查 3 份文件，未发现问题"]
    again = run("new", "procedure", "QP-07", "--title", "x")
    assert again.exit_code == 2 and "QP-07 已被 procedures/QP-07-reception.yaml 使用" in again.stderr
    assert run("new", "procedure", "7", "--title", "x").exit_code == 2
    for title in ("", "a\x7fb", "two\nlines"):
        refused = run("new", "procedure", "QP-08", "--title", title)
        assert refused.exit_code == 2 and "标题必须是一行文字，且不含控制字符" in refused.stderr
    path.unlink()


def test_a_title_that_looks_like_a_placeholder_is_kept_as_written(initialised, monkeypatch):
    target, _ = initialised["en"]
    monkeypatch.chdir(target)
    assert run("new", "procedure", "QP-09", "--title", "{{owner}} {{today}}").exit_code == 0
    path = target / "procedures" / "QP-09.yaml"
    assert yaml.safe_load(path.read_text("utf-8"))["title"] == "{{owner}} {{today}}"
    assert run("validate").exit_code == 0
    path.unlink()


def test_schema_export_writes_the_built_in_schemas(tmp_path):
    result = run("schema", "export", str(tmp_path / "schemas"))
    assert result.exit_code == 0
    for schema in builtin("schemas").glob("*.schema.json"):
        assert (tmp_path / "schemas" / schema.name).read_bytes() == schema.read_bytes()


# qmtool serve, asked over HTTP.


def status(url: str, **headers) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as refused:
        refused.close()
        return refused.code


def test_serve_refuses_files_outside_the_workspace_and_other_hosts(served):
    assert status(served + "_source/procedures/QP-01-demo.yaml") == 200
    assert status(served + "_source/../../etc/passwd") == 404
    assert status(served + "_source/procedures/%00") == 404
    assert status(served + "QP-01.html", Host="attacker.example") == 400  # DNS rebinding


# pre-commit, and shell completion.


def test_workspace_pre_commit_configuration_runs_validate(initialised, tmp_path):
    target, _ = initialised["en"]
    root = tmp_path / "repo"
    shutil.copytree(target, root)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "PRE_COMMIT_HOME": str(tmp_path / "cache"), "GIT_AUTHOR_NAME": "QA", "GIT_AUTHOR_EMAIL": "qa@x.invalid",
           "GIT_COMMITTER_NAME": "QA", "GIT_COMMITTER_EMAIL": "qa@x.invalid"}
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    hook = [sys.executable, "-m", "pre_commit", "run", "--all-files"]
    assert subprocess.run(hook, cwd=root, env=env, capture_output=True).returncode == 0
    path = root / "procedures" / "QP-01-cleaning.yaml"
    path.write_text(path.read_text("utf-8").replace("grade: B", "grade: C"), "utf-8")
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    failed = subprocess.run(hook, cwd=root, env=env, capture_output=True, text=True)
    assert failed.returncode == 1 and "fee-unknown-grade" in failed.stdout


def test_repository_offers_the_validate_hook():
    [hook] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert (hook["id"], hook["entry"], hook["pass_filenames"]) == ("qmtool-validate", "qmtool validate", False)


def test_bash_completion_completes_commands():
    env = {**os.environ, "_QMTOOL_COMPLETE": "bash_complete", "COMP_WORDS": "qmtool as", "COMP_CWORD": "1"}
    qmtool = Path(sys.executable).parent / "qmtool"
    result = subprocess.run([str(qmtool)], env=env, capture_output=True, text=True)
    assert "plain,assess" in result.stdout.splitlines()
    source = subprocess.run([str(qmtool)], env={**os.environ, "_QMTOOL_COMPLETE": "zsh_source"},
                            capture_output=True, text=True).stdout
    assert "compdef" in source


def test_serve_answers_every_other_request_while_one_validation_is_slow(workspace, monkeypatch):
    """A file that takes validation a long time (issue 11: a million unknown keys) holds up only the request
    that found it changed; the others are answered from the last version meanwhile."""
    from qmtool.author import serve

    real, held, started, release = serve.validate, [], threading.Event(), threading.Event()

    def slow(*args, **kwargs):
        if held:
            started.set()
            release.wait(120)
        return real(*args, **kwargs)

    monkeypatch.setattr(serve, "validate", slow)
    server = serve.make_server(workspace, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    pages: dict[str, str] = {}
    try:
        version = int(get(base + "_version"))
        path = workspace / "procedures" / "QP-01-demo.yaml"
        path.write_text(path.read_text("utf-8").replace("title: Demo Service Procedure", "title: Edited"), "utf-8")
        held.append(True)
        stuck = threading.Thread(target=lambda: pages.setdefault("QP-01", get(base + "QP-01.html")))
        stuck.start()
        assert started.wait(60)
        assert int(get(base + "_version")) == version  # the last version, until the new one is there
        assert "QP-01" in get(base) and "QM-01" in get(base + "QM-01.html")
        assert "title: Edited" in get(base + "_source/procedures/QP-01-demo.yaml")
        assert stuck.is_alive() and not pages
        release.set()
        stuck.join(60)
        assert "Edited" in pages["QP-01"] and int(get(base + "_version")) == version + 1
    finally:
        release.set()
        server.shutdown()
        server.server_close()
