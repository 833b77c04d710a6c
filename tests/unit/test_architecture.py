"""The package is laid out as ARCHITECTURE.md says: a folder per stage, no stage importing a later one."""
from __future__ import annotations

from tests.helpers import REPO


def test_the_package_is_laid_out_by_stage_and_only_the_cli_prints():
    """The folders are the stages (ARCHITECTURE.md); no module sits beside them; no stage imports a later
    one; only cli/ imports click or prints."""
    import ast

    package = REPO / "qmtool"
    assert sorted(p.name for p in package.glob("*.py")) == ["__init__.py", "__main__.py"]
    order = ["core", "load", "check", "render", "build", "control", "assess", "author", "cli"]
    rank = {name: min(order.index(name), 5) if name in ("control", "assess", "author") else order.index(name)
            for name in order}
    assert sorted(p.name for p in package.iterdir() if p.is_dir() and (p / "__init__.py").exists()) == sorted(order)
    for path in package.rglob("*.py"):
        stage = path.relative_to(package).parts[0]
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 2 and node.module and stage in rank:
                other = node.module.split(".")[0]
                assert rank[other] < rank[stage] or other == stage, f"{path}: {stage} imports {other}"
            if stage != "cli":
                names = [a.name for a in node.names] if isinstance(node, (ast.Import, ast.ImportFrom)) else []
                assert "click" not in names and not (isinstance(node, ast.ImportFrom) and node.module == "click"), path
                assert not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "print"), path
