"""Authoring: init and new write documents that validate, editors get the schemas (tested with the real
yaml-language-server), serve previews live (tested in headless Chromium), pre-commit and completion work."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from qmtool.cli import main
from qmtool.core.resources import builtin

from .conftest import REPO
from .lsp import LanguageServer

LANGUAGE_SERVER = REPO / ".tools" / "node_modules" / ".bin" / "yaml-language-server"
CHROMIUM = shutil.which("chromium")
SCHEMA_LINE = "# yaml-language-server: $schema="


def run(*args):
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def initialised(tmp_path_factory):
    """A workspace made by qmtool init in each language, and the files it wrote."""
    made = {}
    for lang in ("zh-Hans", "zh-Hant", "en"):
        target = tmp_path_factory.mktemp("init") / lang
        result = run("init", str(target), "--lang", lang, "--organization", "Acme: \"Services\" Ltd")
        assert result.exit_code == 0, result.stderr
        made[lang] = (target, [Path(line) for line in result.stdout.splitlines()])
    return made


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_init_writes_a_workspace_that_validates_and_builds(initialised, lang, monkeypatch):
    target, written = initialised[lang]
    names = {p.relative_to(target).as_posix() for p in written}
    assert {"README.md", ".gitignore", ".pre-commit-config.yaml", "procedures/manual.yaml",
            "procedures/QP-01-cleaning.yaml", "schemas/procedure.schema.json", "schemas/records.schema.json"} <= names
    monkeypatch.chdir(target)
    result = run("validate")
    assert result.exit_code == 0 and result.stderr.splitlines() == [
        {"zh-Hans": "已检查 2 份文件，未发现问题", "zh-Hant": "已檢查 2 份文件，未發現問題",
         "en": "2 documents checked, no problems"}[lang]]
    manual = yaml.safe_load((target / "procedures" / "manual.yaml").read_text("utf-8"))
    assert manual["language"] == lang and manual["organization"] == 'Acme: "Services" Ltd'
    assert manual["effective"] == date.today()
    assert 'Acme: "Services" Ltd' in (target / "README.md").read_text("utf-8")
    result = run("build", "-o", "build", "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    pdf = subprocess.run(["pdftotext", "build/procedures/QP-01.pdf", "-"], capture_output=True, text=True).stdout
    assert {"zh-Hans": "保洁服务程序", "zh-Hant": "保潔服務程序", "en": "Cleaning Services Procedure"}[lang] in pdf


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


# The real yaml-language-server, as an editor runs it: ./run test installs it under .tools/.

def language_server(root: Path) -> LanguageServer:
    assert LANGUAGE_SERVER.exists(), "yaml-language-server is missing: ./run test installs it under .tools/"
    return LanguageServer([str(LANGUAGE_SERVER), "--stdio"], root.as_uri(), {
        "yaml": {"validate": True, "completion": True, "hover": True, "schemaStore": {"enable": False}}})


def open_document(server: LanguageServer, path: Path, text: str) -> list[dict]:
    """Open the text as the file at path; the diagnostics the server publishes for it."""
    server.notify("textDocument/didOpen", {"textDocument": {"uri": path.as_uri(), "languageId": "yaml",
                                                            "version": 1, "text": text}})
    message = server.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                          and m["params"]["uri"] == path.as_uri() and m["params"]["diagnostics"])
    return message["params"]["diagnostics"]


@pytest.mark.parametrize("field, line", [("owner", "owner: Facilities Office\n"),
                                         ("output", "    output: Cleaning log\n")])
def test_language_server_flags_a_missing_field_on_the_line_validate_does(initialised, field, line, tmp_path):
    target, _ = initialised["en"]
    root = tmp_path / "ws"
    shutil.copytree(target, root)
    path = root / "procedures" / "QP-01-cleaning.yaml"
    text = path.read_text("utf-8")
    assert text.count(line) == 1
    path.write_text(text.replace(line, ""), "utf-8")
    result = subprocess.run([sys.executable, "-m", "qmtool", "validate", "--format", "json"], cwd=root,
                            capture_output=True, text=True)
    [problem] = [p for p in json.loads(result.stdout) if p["code"] == "schema-required"]
    server = language_server(root)
    try:
        diagnostics = open_document(server, path, path.read_text("utf-8"))
    finally:
        server.close()
    [missing] = [d for d in diagnostics if f'"{field}"' in d["message"]]
    assert missing["range"]["start"]["line"] + 1 == problem["line"]


def test_language_server_completes_the_six_standards(initialised, tmp_path):
    target, _ = initialised["en"]
    path = target / "procedures" / "QP-01-cleaning.yaml"
    lines = path.read_text("utf-8").splitlines()
    cut = lines.index("standards:") + 1
    text = "\n".join([*lines[:cut], "  "]) + "\n"
    server = language_server(target)
    try:
        server.notify("textDocument/didOpen", {"textDocument": {"uri": path.as_uri(), "languageId": "yaml",
                                                                "version": 1, "text": text}})
        result = server.request("textDocument/completion", {"textDocument": {"uri": path.as_uri()},
                                                            "position": {"line": cut, "character": 2}})
    finally:
        server.close()
    labels = {item["label"] for item in (result["items"] if isinstance(result, dict) else result)}
    assert {"grades", "fees", "entry", "assessment", "rewards", "exit"} <= labels


# qmtool serve, looked at in headless Chromium.

@pytest.fixture
def served(workspace):
    process = subprocess.Popen([sys.executable, "-m", "qmtool", "serve", "--port", "0"], cwd=workspace,
                               stderr=subprocess.PIPE, text=True)
    try:
        line = process.stderr.readline()
        assert line.startswith("serving http://127.0.0.1:"), line
        yield line.split()[1]
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stderr.close()


def browse(url: str, profile: Path) -> str:
    """The page's DOM after it loaded, as headless Chromium sees it."""
    assert CHROMIUM, "chromium is missing: ./run test installs it"
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={profile}", "--dump-dom", url],
        capture_output=True, text=True, timeout=60, check=True).stdout


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def test_serve_shows_the_edit_then_the_error_in_chromium(served, workspace, tmp_path):
    page = served + "QP-01.html"
    assert "Demo Service Procedure" in browse(page, tmp_path / "profile")
    version = int(get(served + "_version"))
    path = workspace / "procedures" / "QP-01-demo.yaml"
    path.write_text(path.read_text("utf-8").replace("title: Demo Service Procedure",
                                                    "title: Demo Service Procedure, revised"), "utf-8")
    assert int(get(served + "_version")) == version + 1  # an open page polls this and reloads
    seen = browse(page, tmp_path / "profile")
    assert "Demo Service Procedure, revised" in seen and 'class="qmtool-problems"' not in seen
    path.write_text(path.read_text("utf-8").replace("grade: B, unit", "grade: C, unit"), "utf-8")
    seen = browse(page, tmp_path / "profile")
    assert 'class="qmtool-problems"' in seen and "fee-unknown-grade" in seen
    assert "Demo Service Procedure, revised" not in seen  # no stale document under the problems
    assert 'href="/_source/procedures/QP-01-demo.yaml#L33"' in seen
    source = browse(served + "_source/procedures/QP-01-demo.yaml#L33", tmp_path / "profile")
    assert '<span id="L33">' in source and "grade: C, unit" in source


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
