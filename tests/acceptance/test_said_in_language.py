"""What a command says besides problems (init's next step, serve's address) in the workspace's language."""
from __future__ import annotations

import subprocess
import sys

from tests.helpers import REPO, run


def test_init_says_the_next_step_in_the_language_it_made_the_workspace_in(tmp_path):
    result = run("init", str(tmp_path / "ws"), "--lang", "zh-Hant")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.strip() == f"下一步：cd {tmp_path / 'ws'} && qmtool validate && qmtool build"


def test_serve_says_where_it_serves_in_the_workspace_language():
    process = subprocess.Popen([sys.executable, "-m", "qmtool", "serve", "--port", "0"], cwd=REPO,
                               stderr=subprocess.PIPE, text=True)
    try:
        line = process.stderr.readline()
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stderr.close()
    assert line.startswith("预览地址：http://127.0.0.1:") and line.rstrip().endswith("/（按 Ctrl-C 停止）"), line
