"""An installed wheel carries its schemas, templates and skeletons, and works with no checkout present."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile

from tests.helpers import REPO

SOURCES = ["setup.cfg", "pyproject.toml", "README.md", "qmtool", "schemas", "templates"]


def test_wheel_ships_schemas_and_templates_and_builds_without_checkout(tmp_path):
    source = tmp_path / "src"
    source.mkdir()
    for name in SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(REPO / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"),
                    str(source)], check=True, capture_output=True)
    [wheel] = (tmp_path / "dist").glob("qmtool-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for schema in (REPO / "schemas").iterdir():
        assert f"qmtool/schemas/{schema.name}" in names
    assert "qmtool/core/hant.json" in names  # zh-Hant messages quote schema titles from it
    skeletons = [path for path in (REPO / "qmtool" / "author" / "skeletons").rglob("*") if path.is_file()]
    modules = [path for path in (REPO / "qmtool").rglob("*.py") if "__pycache__" not in path.parts]
    assert skeletons and len(modules) > 50
    for shipped in skeletons + modules:  # every subpackage listed in setup.cfg, every skeleton file
        assert f"qmtool/{shipped.relative_to(REPO / 'qmtool').as_posix()}" in names
    for template in (REPO / "templates").iterdir():
        assert f"qmtool/templates/{template.name}" in names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)  # a pure-Python wheel: unpacking is installing
    shutil.copytree(REPO / "procedures", tmp_path / "ws" / "procedures")
    env = {**os.environ, "PYTHONPATH": str(site)}
    command = [sys.executable, "-c", "import qmtool, sys; print(qmtool.__file__); from qmtool.cli import main; main()"]
    result = subprocess.run(command + ["validate", "ws"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.stdout.startswith(str(site)), result.stdout
    assert result.returncode == 0, result.stderr
    result = subprocess.run(command + ["build", "ws", "-o", "out", "--only", "QP-01"], cwd=tmp_path, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "procedures" / "QP-01.pdf").read_bytes().startswith(b"%PDF-")
    result = subprocess.run(command + ["init", "new", "--lang", "en"], cwd=tmp_path, env=env, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr
    result = subprocess.run(command + ["validate", "new"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0 and "no problems" in result.stderr, result.stderr
