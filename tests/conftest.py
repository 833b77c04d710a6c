"""Fixtures test modules share (plain helpers: helpers.py); every test under e2e/ is marked e2e here, by path."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import qmtool.build.workers
from tests.helpers import BASE, GIT, SECRET, commit, fake_pdf, git_workspace, run

E2E = Path(__file__).parent / "e2e"


@pytest.hookimpl(tryfirst=True)  # before -m reads the marks
def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.is_relative_to(E2E):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(autouse=True, scope="session")
def _own_cache_folder(tmp_path_factory):
    """Memos go to the user's cache folder: the tests' own, never the real one; and they are used, as on a
    desk, even when the suite runs under CI (a test that means CI sets it)."""
    saved = {name: os.environ.get(name) for name in ("XDG_CACHE_HOME", "CI")}
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))
    os.environ.pop("CI", None)
    yield
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(autouse=True)
def _signals_as_found():
    """A test leaves the signal handlers as it found them: a SIGHUP or SIGINT left ignored is inherited by every
    qmtool a later test starts, which then (rightly, as under nohup) ignores it."""
    import signal

    kinds = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    before = [signal.getsignal(kind) for kind in kinds]
    yield
    assert [signal.getsignal(kind) for kind in kinds] == before, "this test left a signal handler changed"


@pytest.fixture
def workspace(tmp_path, monkeypatch) -> Path:
    """A copy of the base workspace as the current folder."""
    root = tmp_path / "ws"
    shutil.copytree(BASE, root)
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def repo(workspace, monkeypatch) -> Path:
    """The base workspace as a git repository with one commit, tagged v1."""
    for key, value in GIT.items():
        monkeypatch.setenv(key, value)
    subprocess.run(["git", "init", "-q"], cwd=workspace, check=True)
    commit(workspace, "first issue")
    subprocess.run(["git", "tag", "v1"], cwd=workspace, check=True)
    return workspace


@pytest.fixture
def ws(tmp_path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(BASE, root)
    return root


@pytest.fixture
def faked(tmp_path, monkeypatch) -> Path:
    """A copy of the base workspace, the current folder, its builds writing fake PDFs (no WeasyPrint): for what
    a build does around the PDFs. (Not built on ws: test modules name their own ws after it.)"""
    root = tmp_path / "ws"
    shutil.copytree(BASE, root)
    monkeypatch.chdir(root)
    monkeypatch.setattr(qmtool.build.workers, "write_pdf", fake_pdf)
    return root


@pytest.fixture
def outside(workspace) -> Path:
    """A folder beside the workspace holding a procedure and files whose text must never be shown."""
    folder = workspace.parent / "outside"
    folder.mkdir()
    text = (workspace / "procedures" / "QP-01-demo.yaml").read_text("utf-8")
    # invalid in ways validate would quote back: an unknown key and a wrong type, both carrying the secret
    text = text.replace("id: QP-01", "id: QP-07").replace("owner: Service Office", f"owner: [{SECRET}]")
    (folder / "QP-07-out.yaml").write_text(text + f"{SECRET}: 1\n", "utf-8")
    (folder / "cover.html").write_text(f"<p>{SECRET}</p>", "utf-8")
    (folder / "secret.png").write_text(SECRET, "utf-8")
    return folder


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


@pytest.fixture(scope="module")
def releasable(tmp_path_factory) -> Path:
    """The base workspace: nothing in draft or review, so a release goes as far as writing."""
    return git_workspace(tmp_path_factory.mktemp("hostile") / "ws", BASE)
