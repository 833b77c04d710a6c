"""The schemas: valid themselves, documented in both languages, resolved only locally."""
from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from qmtool.check.schema import SchemaSet
from qmtool.check.validate import validate
from qmtool.core.resources import builtin
from qmtool.load.loader import load
from qmtool.load.workspace import Workspace
from tests.helpers import BASE, shapes

SCHEMAS = sorted(builtin("schemas").glob("*.schema.json"))


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_schema_is_valid_2020_12(path):
    schema = json.loads(path.read_text("utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def _properties(node, where=""):
    if isinstance(node, dict):
        for name, prop in node.get("properties", {}).items():
            yield f"{where}/{name}", prop
        for key, value in node.items():
            yield from _properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _properties(value, f"{where}/{i}")


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_every_property_has_bilingual_title_and_description(path):
    schema = json.loads(path.read_text("utf-8"))
    for where, prop in _properties(schema):
        for key in ("title", "description"):
            zh, sep, en = prop.get(key, "").partition(" / ")
            assert sep and zh and en, f"{path.name}{where}: {key} must read '中文 / English'"
        if "enum" in prop:
            notes = prop.get("enumDescriptions", [])
            assert len(notes) == len(prop["enum"]), f"{path.name}{where}"
            assert all(" / " in note for note in notes), f"{path.name}{where}: enumDescriptions read '中文 / English'"


def test_every_chinese_schema_text_has_its_traditional_form():
    from qmtool.core.bilingual import _traditional, schema_texts

    texts, table = schema_texts(builtin("schemas")), _traditional()
    assert sorted(texts - set(table)) == [], "run: pip install opencc-purepy && python tools/hant.py"
    assert sorted(set(table) - texts) == [], "stale entries: run python tools/hant.py"


def test_traditional_chinese_messages_quote_schema_titles_in_traditional(workspace):
    path = workspace / "procedures" / "QP-01-demo.yaml"
    path.write_text(path.read_text("utf-8").replace("price: 35.50", "price: -6.50"), "utf-8")
    report = validate(Workspace.at(workspace))
    [problem] = [f.problem("zh-Hant") for f in report.findings]
    assert problem.message.startswith("價格 -6.50") and "单价" not in problem.hint and "單價" in problem.hint


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_refs_are_local(path):
    text = path.read_text("utf-8")
    for ref in [part.split('"')[0] for part in text.split('"$ref": "')[1:]]:
        assert ref.startswith(("#", "defs.schema.json#")), ref


def test_unknown_schema_keyword_still_gives_a_located_problem(tmp_path, workspace):
    folder = tmp_path / "schemas"
    folder.mkdir()
    for name in ("defs", "manual"):
        (folder / f"{name}.schema.json").write_text((builtin("schemas") / f"{name}.schema.json").read_text())
    (folder / "procedure.schema.json").write_text(json.dumps(
        {"$schema": "https://json-schema.org/draft/2020-12/schema",
         "properties": {"title": {"title": "名称 / Title", "maxLength": 3}}}))
    problems = validate(Workspace.at(workspace), SchemaSet(folder)).problems("en")
    [problem] = [p for p in problems if p.code == "schema-invalid"]
    assert (problem.line, problem.column, problem.pointer) == (3, 8, "/title")
    assert problem.message.startswith("Title: ")


# The compiled check must agree with jsonschema on every document, or messages would be lost.


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(["standards/fees/0/price", "standards/assessment/kpis/1", "standards/rewards/0/when",
                             "approvals/0/date", "process/1/phase", "records/0/retention", "version", "kind",
                             "standards/assessment/rounding", "standards/exit/0/when/consecutive", "x"]),
       value=shapes)
def test_compiled_check_agrees_with_jsonschema(tmp_path, path, value):
    schemas = SchemaSet(builtin("schemas"))
    data = load(BASE / "procedures" / "QP-01-demo.yaml").data
    *parents, last = path.split("/")
    node = data
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    node[int(last) if isinstance(node, list) else last] = value
    validator = schemas.validators["procedure"]
    assert schemas.fast_checks["procedure"](data) == validator.is_valid(data)


# jsonschema is run only on the parts jsonschema-rs finds wrong (check/failing.py): it must find there
# every error it finds in the whole document, or messages would be lost.

SCHEMA_SET = SchemaSet(builtin("schemas"))


@settings(max_examples=300, deadline=None)
@given(changes=st.lists(st.tuples(st.sampled_from([
    "standards/fees/0/price", "standards/fees/1", "standards/assessment/kpis/1", "standards/rewards/0/when",
    "approvals/0/date", "approvals/2", "process/1/phase", "records/0/retention", "version", "kind",
    "standards/assessment/rounding", "standards/exit/0/when/consecutive", "standards/grades", "related", "x",
    "standards/x", "standards/fees/0/x"]), shapes), min_size=1, max_size=4))
def test_jsonschema_on_the_wrong_parts_finds_what_it_finds_on_the_whole_document(changes):
    data = load(BASE / "procedures" / "QP-01-demo.yaml").data
    for path, value in changes:
        *parents, last = path.split("/")
        node = data
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node.get(part) if isinstance(node, dict) else None
        if isinstance(node, dict):
            node[last] = value
        elif isinstance(node, list) and int(last) < len(node):
            node[int(last)] = value

    def errors(found) -> list[tuple]:
        return sorted((tuple(map(str, e.absolute_path)), e.validator, repr(e.validator_value)) for e in found)

    whole = SCHEMA_SET.validators["procedure"].iter_errors(data)
    assert errors(SCHEMA_SET.failing.errors("procedure.schema.json", data)) == errors(whole)


def test_a_field_several_parts_of_the_schema_require_is_one_problem_and_counted_once(workspace):
    """A two-line procedure: every missing field said once, and no count of "more problems" made of copies."""
    (workspace / "procedures" / "QP-08-new.yaml").write_text("kind: procedure\nid: QP-08\n", "utf-8")
    found = [f for f in validate(Workspace.at(workspace)).findings if f.path.endswith("QP-08-new.yaml")]
    required = [dict(f.params)["name"] for f in found if f.code == "schema-required"]
    assert required and len(required) == len(set(required))
    assert [f.code for f in found if f.code not in ("schema-required", "filename-id")] == []
