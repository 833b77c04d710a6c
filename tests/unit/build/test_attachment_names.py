"""The names a PDF gives the sources it embeds: one rule (plan.attachment_names) for every PDF of a build, a
release and what verify expects, unambiguous when two sources share a file name in different folders."""
from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import unquote

import pytest
from hypothesis import given
from hypothesis import strategies as st

import qmtool.build.pipeline
from qmtool.build.pipeline import build
from qmtool.build.plan import attachment_names


def test_a_file_name_no_other_source_has_is_the_name():
    paths = ["procedures/manual.yaml", "procedures/QP-01-demo.yaml", "procedures/sub/QP-02-会议.yaml"]
    assert list(attachment_names(paths).values()) == ["manual.yaml", "QP-01-demo.yaml", "QP-02-会议.yaml"]


def test_sources_sharing_a_file_name_are_named_by_their_whole_path():
    names = attachment_names(["procedures/a/proc.yaml", "procedures/b/proc.yaml", "procedures/manual.yaml"])
    assert names == {"procedures/a/proc.yaml": "procedures%2Fa%2Fproc.yaml",
                     "procedures/b/proc.yaml": "procedures%2Fb%2Fproc.yaml", "procedures/manual.yaml": "manual.yaml"}


def test_names_that_slashes_written_as_underscores_would_merge_stay_apart():
    paths = ["procedures/a_b/proc.yaml", "procedures/a/b/proc.yaml", "procedures/procedures_a_b_proc.yaml",
             "procedures/procedures%2Fa%2Fb%2Fproc.yaml", "procedures/x/100%.yaml", "procedures/100%25.yaml"]
    names = attachment_names(paths)
    assert len(set(names.values())) == len(paths)
    assert names["procedures/procedures%2Fa%2Fb%2Fproc.yaml"] == "procedures%2Fprocedures%252Fa%252Fb%252Fproc.yaml"
    assert names["procedures/x/100%.yaml"] == "procedures%2Fx%2F100%25.yaml"  # a "%" in a file name: whole path


@given(st.sets(st.lists(st.sampled_from(["a", "b", "_", "%", "%2F", "%25", "x.yaml"]), min_size=1, max_size=4)
               .map("/".join), max_size=8))
def test_no_two_paths_ever_get_one_name(paths):
    names = attachment_names(sorted(paths))
    assert len(set(names.values())) == len(names) == len(paths)
    for path, name in names.items():  # a path's own file name, or the whole path percent-encoded
        assert name == PurePosixPath(path).name if "%" not in name else unquote(name) == path


@pytest.fixture
def nested(faked):
    """The base workspace with its procedure moved to procedures/a/proc.yaml and a second procedure, QP-02, as
    procedures/b/proc.yaml: two sources of one file name."""
    procedures = faked / "procedures"
    text = (procedures / "QP-01-demo.yaml").read_text("utf-8")
    for folder, doc_id in (("a", "QP-01"), ("b", "QP-02")):
        (procedures / folder).mkdir()
        (procedures / folder / "proc.yaml").write_text(text.replace("id: QP-01", f"id: {doc_id}"), "utf-8")
    (procedures / "QP-01-demo.yaml").unlink()
    return faked


def embedded_by_build(workspace, monkeypatch) -> dict[str, list[str]]:
    """What each PDF a build renders embeds, by the names it gives them, as its workers are asked to."""
    found = {}

    def recording(planned, *args):
        task = made(planned, *args)
        found[planned.doc_id] = sorted(source.name for source in task.sources)
        return task

    made = qmtool.build.pipeline._task
    monkeypatch.setattr(qmtool.build.pipeline, "_task", recording)
    result = build(workspace, workspace / "build", jobs=1)
    assert result.ok, result.problems()
    assert sorted(found) == sorted(output.doc_id for output in result.rendered)
    return found


def test_a_build_embeds_sources_of_one_file_name_by_their_paths(nested, monkeypatch):
    assert embedded_by_build(nested, monkeypatch) == {
        "QM-01": ["manual.yaml", "procedures%2Fa%2Fproc.yaml", "procedures%2Fb%2Fproc.yaml"],
        "QP-01": ["procedures%2Fa%2Fproc.yaml"], "QP-02": ["procedures%2Fb%2Fproc.yaml"]}


def test_a_source_moved_to_another_folder_is_rebuilt_under_its_new_name(nested, monkeypatch):
    embedded_by_build(nested, monkeypatch)
    (nested / "procedures" / "a").rename(nested / "procedures" / "c")  # the same bytes: only its name changes
    assert embedded_by_build(nested, monkeypatch) == {
        "QM-01": ["manual.yaml", "procedures%2Fb%2Fproc.yaml", "procedures%2Fc%2Fproc.yaml"],
        "QP-01": ["procedures%2Fc%2Fproc.yaml"]}
