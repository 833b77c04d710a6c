"""Signing order, dates and the revision history: each rule at its boundary (the same day, one day out)."""
from __future__ import annotations

from pathlib import Path

import pytest

from qmtool.check.rules import check_document
from qmtool.load.loader import load_bytes
from tests.helpers import BASE

DEMO = (BASE / "procedures" / "QP-01-demo.yaml").read_text("utf-8")
# The base document, effective 2026-01-01, review due 2027-01-01, signed on these lines:
PREPARED = "{role: prepared, name: Ann Lee, date: 2025-12-01}"
REVIEWED = "{role: reviewed, name: Bo Chen, date: 2025-12-10}"
APPROVED = "{role: approved, name: Cai Wu, date: 2025-12-20}"
LATEST = '{version: "1.1", date: 2025-12-20, summary: Fees revised}'


def found(*edits: tuple[str, str]) -> list[tuple[str, str]]:
    """(code, pointer) of every rule's finding on the base procedure with edits made."""
    text = DEMO
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    source = load_bytes(text.encode("utf-8"), Path("QP-01-demo.yaml"))
    assert source.findings == []
    return [(item.code, item.pointer) for item in check_document(source)]


def test_the_base_procedure_breaks_no_rule():
    assert found() == []


@pytest.mark.parametrize("date, expected", [
    ("2025-12-01", []),  # reviewed the day it was prepared
    ("2025-11-30", [("approvals-order", "/approvals/1/date")]),
])
def test_reviewed_on_or_after_prepared(date, expected):
    assert found((REVIEWED, REVIEWED.replace("2025-12-10", date))) == expected


@pytest.mark.parametrize("date, expected", [
    ("2025-12-10", []),  # approved the day it was reviewed
    ("2025-12-09", [("approvals-order", "/approvals/2/date")]),
])
def test_approved_on_or_after_reviewed(date, expected):
    # The last revision entry moves with the approval, so that only the order is wrong.
    assert found((APPROVED, APPROVED.replace("2025-12-20", date)), (LATEST, LATEST.replace("2025-12-20", date))) \
        == expected


@pytest.mark.parametrize("date, expected", [
    ("2025-12-01", []),
    ("2025-11-30", [("approvals-order", "/approvals/1/date")]),
])
def test_approved_on_or_after_prepared_when_no_review_is_signed(date, expected):
    """In review, with no reviewer's signature yet, an approval is still held to the preparation."""
    assert found(("status: effective", "status: review"), ("  - " + REVIEWED + "\n", ""),
                 (APPROVED, APPROVED.replace("2025-12-20", date))) == expected


def test_each_signature_is_named_against_the_latest_one_before_it():
    """Prepared last: the review and the approval are both before it, each said once."""
    assert found((PREPARED, PREPARED.replace("2025-12-01", "2025-12-21"))) == [
        ("approvals-order", "/approvals/1/date"), ("approvals-order", "/approvals/2/date")]


@pytest.mark.parametrize("effective, expected", [
    ("2025-12-20", []),  # in force the day it is approved
    ("2025-12-19", [("effective-before-approval", "/effective")]),
])
def test_effective_on_or_after_the_approval(effective, expected):
    assert found(("effective: 2026-01-01", f"effective: {effective}")) == expected


@pytest.mark.parametrize("review_due, expected", [
    ("2026-01-02", []),  # the day after it takes effect
    ("2026-01-01", [("dates-order", "/review_due")]),  # strictly after: the same day is refused
    ("2025-12-31", [("dates-order", "/review_due")]),
])
def test_review_due_strictly_after_effective(review_due, expected):
    assert found(("review_due: 2027-01-01", f"review_due: {review_due}")) == expected


@pytest.mark.parametrize("status", ["effective", "approved"])
@pytest.mark.parametrize("date, expected", [
    ("2025-12-20", []),  # written the day it was approved
    ("2025-12-21", [("revision-after-approval", "/revisions/1/date")]),
])
def test_no_revision_entry_dated_after_the_approval(status, date, expected):
    assert found(("status: effective", f"status: {status}"), (LATEST, LATEST.replace("2025-12-20", date))) == expected


def test_an_earlier_entry_dated_after_the_approval_is_said_too():
    assert found(("date: 2025-06-01", "date: 2025-12-21")) == [("revision-after-approval", "/revisions/0/date")]


@pytest.mark.parametrize("status", ["draft", "review"])
def test_a_revision_in_progress_may_be_dated_after_an_old_approval(status):
    """A draft or a document in review is not yet approved: its new entry may be later than any signature."""
    assert found(("status: effective", f"status: {status}"), (LATEST, LATEST.replace("2025-12-20", "2026-03-01"))) \
        == []


@pytest.mark.parametrize("status, expected", [
    ("effective", [("revision-not-latest", "/revisions/2/version")]),
    ("approved", [("revision-not-latest", "/revisions/2/version")]),
    ("review", []),  # the 1.2 entry of a revision being drafted
])
def test_the_last_entry_of_an_approved_document_is_its_own_version(status, expected):
    later = LATEST + '\n  - {version: "1.2", date: 2025-12-20, summary: Next}'
    assert found(("status: effective", f"status: {status}"), (LATEST, later)) == expected


def test_a_version_missing_from_revisions_is_said_once():
    assert found(('\nversion: "1.1"', '\nversion: "1.2"')) == [("version-not-in-revisions", "/version")]


@pytest.mark.parametrize("earlier, later, expected", [
    ("1.9", "1.10", []),  # dotted numbers, not decimals
    ("1.2", "2.0", []),
    ("1.10", "1.9", [("versions-order", "/revisions/1/version")]),
    ("2.0", "1.2", [("versions-order", "/revisions/1/version")]),
    ("1.1", "1.01", [("versions-order", "/revisions/1/version")]),  # the same number is not higher
    ("1.0", "1.0", [("duplicate-id", "/revisions/1/version")]),  # written twice: that is said, not the order too
    ("1.x", "1.0", []),  # not dotted numbers: the schema says so, and no order is claimed
    ("1" * 5000 + ".0", "1.0", [("versions-order", "/revisions/1/version")]),  # any number of digits
])
def test_versions_increase_along_revisions(earlier, later, expected):
    found_here = found(('{version: "1.0", date: 2025-06-01', f'{{version: "{earlier}", date: 2025-06-01'),
                       (LATEST, LATEST.replace('"1.1"', f'"{later}"')), ('\nversion: "1.1"', f'\nversion: "{later}"'))
    assert found_here == expected


def test_a_version_is_compared_with_the_highest_before_it():
    """1.0, 2.0, 1.5, 1.6: 1.6 is higher than 1.5, but still not higher than 2.0."""
    entries = "".join(f'\n  - {{version: "{v}", date: 2025-06-0{i}, summary: x}}'
                      for i, v in enumerate(["2.0", "1.5"], 2))
    assert found(("summary: First issue}", "summary: First issue}" + entries),
                 (LATEST, LATEST.replace('"1.1"', '"1.6"')), ('\nversion: "1.1"', '\nversion: "1.6"')) == [
        ("versions-order", "/revisions/2/version"), ("versions-order", "/revisions/3/version")]


@pytest.mark.parametrize("value", ["[2025, 12]", "2025-13-01", "tomorrow"])
def test_a_date_of_the_wrong_shape_is_the_schema_s_problem_not_the_rules(value):
    assert found((APPROVED, APPROVED.replace("2025-12-20", value))) == []
