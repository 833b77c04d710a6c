"""Every path a command prints, on stdout or in its messages, is escaped as a quoted value is: a folder named with
ESC, a bidirectional control or a line break prints no terminal sequence, no reordered text, no line of its own."""
from __future__ import annotations

from click.testing import CliRunner

import qmtool.build.workers
from qmtool.cli import main
from tests.helpers import fake_pdf

HOSTILE = "o\x1b]0;pwned\x07\u202ex\ny"  # a terminal title set, the text reversed, a line split


def clean(text: str) -> None:
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text, repr(text)


def run(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    clean(result.stdout)
    clean(result.stderr)
    return result


def test_build_prints_each_pdf_on_one_escaped_line(faked, tmp_path):
    result = run("build", "-o", str(tmp_path / HOSTILE), "--only", "QP-01")
    assert len(result.stdout.splitlines()) == 1 and "\\n" in result.stdout


def test_init_new_and_schema_export_print_escaped_paths(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    made = run("init", HOSTILE, "--lang", "en")
    assert all("\\n" in line for line in made.stdout.splitlines())
    assert len(run("new", "procedure", "QP-09", "--title", "Test", "-w", HOSTILE).stdout.splitlines()) == 1
    exported = run("schema", "export", str(tmp_path / "s" / HOSTILE))
    assert all("\\n" in line for line in exported.stdout.splitlines())


def test_release_prints_its_folder_on_one_escaped_line(repo, tmp_path, monkeypatch):
    monkeypatch.setattr(qmtool.build.workers, "write_pdf", fake_pdf)
    result = run("release", "--version", "2027.1", "-o", str(tmp_path / HOSTILE))
    assert result.stdout.splitlines() == [result.stdout.strip()] and "\\n" in result.stdout
