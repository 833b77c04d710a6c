"""Each folder under cases/ breaks the base workspace in one way; validate must print exactly expected.txt.

A case is case.yaml (which file to edit and how, the language), optional files that
replace or join the base's procedures/, and expected.txt: the problem lines, without
the summary line.
"""
from __future__ import annotations

import shutil

import pytest
import yaml
from click.testing import CliRunner

from qmtool.cli import main
from tests.helpers import CASES, RECORD_CASES

NAMES = sorted(p.name for p in CASES.iterdir() if p.is_dir() and not p.name.startswith("_"))


def apply_case(case, root) -> dict:
    spec = yaml.safe_load((case / "case.yaml").read_text("utf-8")) or {}
    if (case / "procedures").is_dir():
        shutil.copytree(case / "procedures", root / "procedures", dirs_exist_ok=True)
    for source, target in spec.get("copy", {}).items():
        shutil.copy(root / "procedures" / source, root / "procedures" / target)
    for name in spec.get("delete", []):
        (root / "procedures" / name).unlink()
    for name, edits in spec.get("edit", {}).items():
        path = root / "procedures" / name
        text = path.read_text("utf-8")
        for old, new in edits:
            assert text.count(old) == 1, f"{case.name}: {old!r} must occur once in {name}"
            text = text.replace(old, new)
        path.write_text(text, "utf-8")
    return spec


@pytest.mark.parametrize("name", NAMES)
def test_case(name, workspace):
    case = CASES / name
    spec = apply_case(case, workspace)
    result = CliRunner().invoke(main, ["validate", "--lang", spec.get("lang", "en")])
    expected = (case / "expected.txt").read_text("utf-8").splitlines()
    assert result.stderr.splitlines()[:-1] == expected
    assert result.exit_code == spec.get("exit", 1)
    assert result.exception is None or isinstance(result.exception, SystemExit)


# Codes that no workspace folder can produce, each fired by the named test (under tests/) instead.
FIRED_ELSEWHERE = {
    "read-error": "unit/load/test_loader.py::test_unreadable_file_is_a_finding",
    "records-too-many-rows": "unit/assess/test_assess_bounded.py::test_a_file_past_the_row_bound_is_refused_at_the_"
                             "first_row_past_it",
    "schema-invalid": "unit/check/test_schemas.py::test_unknown_schema_keyword_still_gives_a_located_problem",
    "glyph-missing": "unit/build/test_build.py::test_character_missing_from_the_fonts_is_an_error_naming_it",
    "forbidden-url": "e2e/test_build.py::test_forbidden_url_fails_and_keeps_the_previous_pdf",
    "text-overflow": "e2e/test_overflow.py::test_text_the_pages_would_cut_fails_the_build_and_keeps_the_previous_pdf",
    "text-dropped": "e2e/test_overflow.py::test_a_workspace_style_that_hides_text_fails_the_build",
    "text-unreadable": "e2e/test_overflow.py::test_a_workspace_style_that_hides_text_fails_the_build",
    "template-error": "unit/build/test_build.py::test_template_error_is_located",
    "template-timeout": "unit/render/test_deadline.py::test_nested_loops_stop_at_the_deadline_located_in_the_template",
    "layout-timeout": "e2e/test_layout_deadline.py::test_boxes_nested_to_take_hours_stop_at_the_layout_deadline",
    "review-overdue": "unit/control/test_register.py::test_review_flags_on_dated_fixtures",
    "review-due-soon": "unit/control/test_register.py::test_review_flags_on_dated_fixtures",
    "render-error": "e2e/test_incremental.py::test_a_crash_inside_weasyprint_is_a_located_problem_and_leaves_nothing",
    "version-not-bumped": "unit/control/test_diff.py::test_removed_entry_and_status_change_against_the_working_tree",
    "revision-missing": "unit/control/test_diff.py::test_new_version_without_revision_entry",
    "version-decreased": "unit/control/test_diff.py::test_version_going_back_is_flagged",
    "release-exists": "e2e/test_release.py::test_release_is_refused_for_each_reason",
    "release-not-releasable": "e2e/test_release.py::test_release_is_refused_for_each_reason",
    "release-uncommitted": "e2e/test_release.py::test_release_is_refused_for_each_reason",
    "release-ignored": "unit/control/test_release.py::test_release_refuses_ignored_files_and_odd_names",
    "release-name": "unit/control/test_release.py::test_release_refuses_ignored_files_and_odd_names",
    "release-git": "unit/control/test_release.py::test_release_outside_git_and_in_the_workspace_language",
    "link-outside": ("unit/core/test_links.py::"
                     "test_validate_refuses_a_document_linked_from_outside_and_shows_nothing_of_it"),
    "link-dangling": "unit/core/test_links.py::test_dangling_links_and_loops_are_located_errors_not_skipped",
    "link-loop": "unit/core/test_links.py::test_dangling_links_and_loops_are_located_errors_not_skipped",
    "link-committed": "unit/core/test_links.py::test_diff_of_revisions_never_follows_a_committed_link",
    "release-link": "unit/core/test_links.py::test_release_refuses_a_committed_link_to_a_file_no_release_holds",
    "verify-link": "e2e/test_links.py::test_verify_refuses_a_linked_file_even_with_its_hash_in_the_manifest",
    "verify-path": "e2e/test_links.py::test_verify_refuses_manifest_names_that_are_absolute_or_climb",
    "verify-unrecorded": ("unit/control/test_verify_holds_only_what_is_recorded.py::"
                          "test_a_pdf_added_with_its_line_in_the_manifest_is_refused"),
    "verify-record-differs": ("unit/control/test_verify_record_facts.py::"
                              "test_the_cli_says_what_each_says_and_exits_1"),
    "verify-record-shape": "unit/control/test_verify_record_shape.py::test_the_cli_says_where_and_exits_1",
    "verify-not-committed": ("unit/control/test_verify_against_commit.py::"
                             "test_a_release_rewritten_consistently_fails_where_its_commit_can_be_read"),
    "assess-not-effective": "unit/assess/test_assess.py::test_a_standard_not_in_force_gives_results_with_a_warning",
    "font-face": "e2e/test_template_fonts.py::test_a_font_face_in_a_template_is_refused_at_its_line_and_column",
    "font-unchecked": ("e2e/test_template_fonts.py::"
                       "test_a_workspace_style_naming_dejavu_fails_the_build_naming_the_text"),
    "glyph-notdef": "e2e/test_template_fonts.py::test_a_character_drawn_as_a_missing_glyph_is_refused_with_its_font",
    "drawn-invisible": ("unit/render/test_css_escapes.py::"
                        "test_an_invisible_character_a_style_draws_is_refused_past_the_page_checks"),
    "file-name": ("unit/core/test_file_names.py::"
                  "test_a_document_whose_name_cannot_be_shown_is_a_located_error_on_one_line"),
    "more-problems": ("acceptance/test_cli.py::"
                      "test_a_file_of_many_problems_prints_its_first_hundred_and_counts_every_one"),
    "more-warnings": ("unit/assess/test_assess.py::"
                      "test_a_records_file_of_many_warnings_shows_its_first_hundred_and_still_passes"),
}


def test_every_code_has_a_case():
    from qmtool.core.catalog import CATALOG

    covered = set(FIRED_ELSEWHERE)
    for _, expected in RECORD_CASES.values():  # the problems of assessment records, in test_assess.py
        covered |= {line.split("[", 1)[1].split("]", 1)[0] for line in expected.splitlines() if "]: " in line}
    for name in NAMES:
        for line in (CASES / name / "expected.txt").read_text("utf-8").splitlines():
            if "[" in line and "]: " in line:
                covered.add(line.split("[", 1)[1].split("]", 1)[0])
    assert sorted(set(CATALOG) - covered) == []


def test_every_message_has_every_language_with_the_same_fields():
    from string import Formatter

    from qmtool.core.catalog import CATALOG, LANGUAGES

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in Formatter().parse(text) if name}

    for code, (_, words) in CATALOG.items():
        assert sorted(words) == sorted(LANGUAGES), code
        shapes = {lang: (sorted(fields(message)), sorted(fields(hint))) for lang, (message, hint) in words.items()}
        assert shapes["zh-Hans"] == shapes["zh-Hant"] == shapes["en"], (code, shapes)
