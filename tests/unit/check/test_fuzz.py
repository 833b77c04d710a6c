"""Whatever is in the files, validate reports; it never raises."""
from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qmtool.check.validate import validate
from qmtool.core.problem import ERROR
from qmtool.load.workspace import Workspace
from tests.helpers import BASE, keys, shapes

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def write(workspace, name: str, content: bytes):
    (workspace / "procedures" / name).write_bytes(content)
    return validate(Workspace.at(workspace))


def assert_reported(report):
    problems = report.problems("en")
    assert all(p.line >= 0 and p.column >= 0 and p.message for p in problems)
    return problems


@SETTINGS
@given(text=st.text(max_size=300))
def test_arbitrary_text(workspace, text):
    assert_reported(write(workspace, "QP-09-fuzz.yaml", text.encode("utf-8", "surrogatepass")))


@SETTINGS
@given(data=st.binary(max_size=200))
def test_arbitrary_bytes(workspace, data):
    assert_reported(write(workspace, "QP-09-fuzz.yaml", data))


@SETTINGS
@given(body=st.dictionaries(keys, shapes, max_size=8), kind=st.sampled_from(["procedure", "manual", None]))
def test_arbitrary_yaml_shaped_data(workspace, body, kind):
    if kind:
        body["kind"] = kind
    problems = assert_reported(write(workspace, "QP-09-fuzz.yaml", yaml.safe_dump(body).encode()))
    assert any(p.severity == ERROR for p in problems)


@SETTINGS
@given(path=st.sampled_from(["standards", "standards/fees/0", "standards/assessment", "standards/assessment/bands/1",
                             "standards/rewards/0/when", "approvals/0", "process/1", "revisions/0", "related"]),
       value=shapes)
def test_arbitrary_value_inside_a_valid_procedure(workspace, path, value):
    data = yaml.safe_load((BASE / "procedures" / "QP-01-demo.yaml").read_text())
    *parents, last = path.split("/")
    node = data
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    node[int(last) if isinstance(node, list) else last] = value
    assert_reported(write(workspace, "QP-01-demo.yaml", yaml.safe_dump(data, allow_unicode=True).encode()))
