"""Authoring, end to end: init's workspaces build, editors get the schemas (tested with the real
yaml-language-server), serve previews live (tested in headless Chromium)."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

from tests.e2e.lsp import LanguageServer
from tests.helpers import REPO, get, run

LANGUAGE_SERVER = REPO / ".tools" / "node_modules" / ".bin" / "yaml-language-server"
CHROMIUM = shutil.which("chromium")


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


def browse(url: str, profile: Path) -> str:
    """The page's DOM after it loaded, as headless Chromium sees it."""
    assert CHROMIUM, "chromium is missing: ./run test installs it"
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={profile}", "--dump-dom", url],
        capture_output=True, text=True, timeout=60, check=True).stdout


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
