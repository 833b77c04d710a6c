"""qmtool diff --pdf: the change report, in the workspace language, and with a document that cannot be read."""
from __future__ import annotations

import subprocess

from click.testing import CliRunner

from qmtool.cli import main
from tests.helpers import commit
from tests.helpers import edit_first as edit


def test_pdf_change_report_in_the_workspace_language(repo):
    edit(repo, "language: en", "language: zh-Hans", name="manual.yaml")
    commit(repo, "Chinese")
    edit(repo, "price: 300.00", "price: 350.00")
    result = CliRunner().invoke(main, ["diff", "HEAD", "--pdf", "changes.pdf"])
    assert result.exit_code == 1  # the version was not raised
    text = subprocess.run(["pdftotext", "-raw", "changes.pdf", "-"], capture_output=True, text=True,
                          cwd=repo, check=True).stdout
    squashed = "".join(text.split())
    assert "文件变更报告" in squashed and "standards.fees[F1].price修改300.00350.00" in squashed
    assert "QP-01有1处内容变更，但版本仍为1.1" in squashed
    (repo / "procedures" / "QP-09-broken.yaml").write_text("kind: procedure\nid: [oops\n")
    result = CliRunner().invoke(main, ["diff", "HEAD", "--pdf", "changes.pdf"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.exception
    text = subprocess.run(["pdftotext", "-raw", "changes.pdf", "-"], capture_output=True, text=True,
                          cwd=repo, check=True).stdout
    assert "procedures/QP-09-broken.yaml" in "".join(text.split())
