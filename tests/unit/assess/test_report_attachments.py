"""The files an assessment report attaches are named by the rule a build names sources by
(plan.attachment_names): records files of one name in different folders stay apart, however their folders are
named. (The report itself is tested end to end, in e2e/test_assess.py.)"""
from __future__ import annotations

import qmtool.build.write
from tests.helpers import assess, quarters, scores


def test_records_files_of_one_name_are_attached_under_names_that_stay_apart(workspace, monkeypatch):
    attached = []

    def written(path, view, folders, inputs, printed, manual, attachments, document, timeout):
        attached.extend(a.name for a in attachments)

    monkeypatch.setattr(qmtool.build.write, "write_view", written)
    # Written with each "/" as "_", records/a_b/scores.csv and records/a/b/scores.csv were one name.
    for folder, period in (("a_b", "2026-Q1"), ("a/b", "2026-Q2")):
        (workspace / "records" / folder).mkdir(parents=True)
        scores(workspace, quarters("CT-001", {period: ("95", "90")}), f"records/{folder}/scores.csv")
    result = assess("records/a_b/scores.csv", "records/a/b/scores.csv", "--pdf", "report.pdf")
    assert result.exit_code == 0, result.stderr
    assert attached == ["QP-01-demo.yaml", "records%2Fa_b%2Fscores.csv", "records%2Fa%2Fb%2Fscores.csv"]
