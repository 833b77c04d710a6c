"""A build checks every place it will write before any template runs: a refused output (a FIFO, a link on the way,
a release) is said at once, not after minutes of templates, and ahead of what the templates would have found."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

import qmtool.build.pipeline
from qmtool.build.pipeline import build
from qmtool.core.atomic import OutputRefused


@pytest.fixture
def rendered(faked, monkeypatch) -> list[str]:
    """The documents whose templates ran."""
    ran: list[str] = []
    task = qmtool.build.pipeline._task

    def counted(planned, *args):
        ran.append(planned.doc_id)
        return task(planned, *args)

    monkeypatch.setattr(qmtool.build.pipeline, "_task", counted)
    return ran


def in_the_way(path: Path, kind: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "link on the way":
        path.parent.rename(path.parent.with_name("elsewhere"))
        path.parent.symlink_to("elsewhere", target_is_directory=True)
    else:  # a release inside the output folder, where a PDF goes
        (path.parent / "MANIFEST.sha256").write_text("")
        (path.parent / "release.json").write_text("{}")


# The output folder itself may be a link (and is checked before the build starts): a link on the way is below it.
CASES = [("fifo", "manual.pdf"), ("fifo", "procedures/QP-01.pdf"), ("link on the way", "procedures/QP-01.pdf"),
         ("release", "procedures/QP-01.pdf")]


@pytest.mark.parametrize(("kind", "output"), CASES)
def test_a_refused_output_stops_the_build_before_any_template_runs(faked, rendered, kind, output):
    in_the_way(faked / "build" / output, kind)
    with pytest.raises(OutputRefused):
        build(faked, faked / "build", jobs=1)
    assert rendered == []


def test_a_refused_output_comes_before_a_template_that_fails(faked, rendered):
    (faked / "templates").mkdir()
    (faked / "templates" / "procedure.html").write_text("{{ nothing.at.all() }}", "utf-8")
    in_the_way(faked / "build" / "manual.pdf", "fifo")
    with pytest.raises(OutputRefused):
        build(faked, faked / "build", jobs=1)
    assert rendered == []


def test_a_build_with_its_outputs_in_order_still_renders_them(faked, rendered):
    assert build(faked, faked / "build", jobs=1).ok
    assert sorted(rendered) == ["QM-01", "QP-01"]
