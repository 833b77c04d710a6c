"""diff, release and verify: what changed, frozen releases, and their check."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..core.characters import char_name, refused_in_name
from ..core.messages import fill, word
from . import LANG, RENDER_TIMEOUT, WORKSPACE, main
from .report import (
    as_problems,
    bad_value,
    fail,
    finish,
    halt,
    leave,
    print_problem_lines,
    print_problems,
    printed,
    shown_path,
    writable,
)


@main.command(short_help="Show what changed between two revisions.")
@click.argument("old")
@click.argument("new", required=False)
@click.option("-w", "--workspace", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="The workspace (inside a git repository) whose revisions OLD and NEW are.")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text")
@click.option("--pdf", "pdf", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the changes as a PDF report, in the workspace language.")
@RENDER_TIMEOUT
@LANG
def diff(old: str, new: str | None, workspace: Path, output: str, pdf: Path | None, render_timeout: float,
         lang: str | None) -> None:
    """Show what changed between two git revisions of the workspace (NEW defaults to the working tree),
    or between two workspace folders, field by field; flag content changed without a new version and a
    new version without a revision entry (exit 1).

    \b
    Example:
      qmtool diff v1.0                 # from tag v1.0 to the working tree
      qmtool diff v1.0 HEAD --format json
      qmtool diff old-copy/ .
      qmtool diff v1.0 HEAD --pdf changes.pdf
    """
    from ..control.change_report import check_change_report
    from ..control.changes import change_lines, compare_sides
    from ..control.diff import DiffError

    if pdf:  # before anything is read or printed: a refusal after the whole diff would look like a success
        writable(pdf, check_change_report, workspace, old, new)
        for side in (old, new):  # the report prints the names compared: one no document may hold is refused
            if side is not None and (char := refused_in_name(side)) is not None:
                raise bad_value(f"{side} holds {char_name(char)}, which a PDF may not print; name the revision "
                                "or folder without it", "OLD/NEW")
    try:
        compared = compare_sides(workspace, old, new, lang)
    except DiffError as error:
        raise bad_value(str(error), "OLD/NEW") from None
    lang = compared.lang
    if output == "json":
        click.echo(json.dumps(compared.as_json(), ensure_ascii=False, indent=2))
    else:
        for line in change_lines(compared):
            click.echo(printed(line))  # an old revision's text was never checked for what it holds
    if pdf:
        _write_report(pdf, compared, render_timeout)
    problems = as_problems(compared.findings, lang)
    if problems:
        print_problems(problems, lang, len(compared.after))
    leave(problems)


def _write_report(pdf: Path, compared, render_timeout: float) -> None:
    """diff's PDF, or the stop of diff (what refused it) if it cannot be written as a document would be."""
    from ..control.change_report import write_change_report

    try:
        stopped = write_change_report(pdf, compared, render_timeout)
    except OSError as error:
        fail(f"cannot write {shown_path(pdf)}: {error.strerror or error}")
    if stopped:
        halt(stopped, compared.lang)


@main.command(short_help="Freeze a release: PDFs, manifest, record.")
@WORKSPACE
@click.option("--version", "version", required=True, metavar="V", help="The release's name, e.g. 2027.1.")
@click.option("-o", "--output", "out", default="release", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Folder that holds the releases.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes (default: the number of cores).")
@click.option("--sign", "key", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Sign every PDF (PAdES) with this PKCS#12 key; its passphrase from $QMTOOL_SIGN_PASSPHRASE.")
@RENDER_TIMEOUT
def release(workspace: Path, version: str, out: Path, jobs: int | None, key: Path | None,
            render_timeout: float) -> None:
    """Freeze the committed workspace as OUTPUT/V: every PDF, MANIFEST.sha256 and release.json.

    Refuses a workspace with errors, uncommitted changes or documents in draft or review, and never
    overwrites a release. Two releases of the same commit are the same bytes.

    \b
    Example:
      qmtool release --version 2027.1
      cd release/2027.1 && sha256sum -c MANIFEST.sha256
      QMTOOL_SIGN_PASSPHRASE=... qmtool release --version 2027.1 --sign office.p12
    """
    import os

    from ..control.release import ReleaseRefused
    from ..control.release import release as run
    from ..control.sign import SigningUnavailable, quiet, signer_from_pkcs12
    from ..core.problem import EnvironmentProblem

    quiet()
    try:
        passphrase = os.environ.get("QMTOOL_SIGN_PASSPHRASE")
        signer = signer_from_pkcs12(key, passphrase.encode() if passphrase else None) if key else None
        target = run(workspace, out, version, jobs, signer, render_timeout)
    except SigningUnavailable as problem:
        fail(str(problem))
    except OSError as error:
        fail(f"cannot write the release under {shown_path(out)}: {error.strerror or error}")
    except ReleaseRefused as refused:
        problems = as_problems(refused.findings, refused.language)
        finish(problems, refused.language, 0, summary=word(refused.language, "release refused"))
    except EnvironmentProblem as problem:
        fail(str(problem))
    click.echo(printed(target))


@main.command(short_help="Check a release against its manifest.")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--trust", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A certificate (PEM or DER) the signatures must chain to; repeatable.")
@click.option("--repo", "repository", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="The workspace, in its git repository, the release was made from (by default the repository "
                   "the release folder is in).")
@LANG
def verify(folder: Path, trust: tuple[Path, ...], repository: Path | None, lang: str | None) -> None:
    """Check a release: every file against MANIFEST.sha256, every PDF's embedded sources against
    release.json, and, when the commit release.json names can be read (in the repository the release is
    in, or the one --repo names), every source and every fact of the record against that commit's own
    files. Exit 1 naming each file that differs, is missing, is not listed or is listed but not recorded,
    each link in the release and each name in it that leads outside. The last lines say what was checked.
    Messages are in the release's language.

    \b
    Example:
      qmtool verify release/2027.1
      qmtool verify copy/2027.1 --repo ~/quality --trust office.pem
    """
    from ..control.sign import quiet
    from ..control.verify import VerifyUnavailable
    from ..control.verify import verify as run

    quiet()
    try:
        found = run(folder, list(trust) or None, repository)
    except VerifyUnavailable as problem:
        fail(str(problem))
    lang = lang or found.language
    print_problem_lines(as_problems(found.findings, lang), lang)
    for kind, names in (("differs", found.differing), ("missing", found.missing), ("unlisted", found.unlisted)):
        for name in names:
            click.echo(word(lang, "verify-line").format(printed(folder / name), word(lang, f"verify-{kind}")), err=True)
    for signers in dict.fromkeys(map(tuple, found.signers.values())):
        count = sum(tuple(s) == signers for s in found.signers.values())
        checked = "" if trust else word(lang, "verify-unchecked")
        who = printed("; ".join(signers))  # a certificate's names are anyone's text
        click.echo(fill(word(lang, "verify-signed"), printed(folder), count, who) + checked, err=True)
    if found.ok:
        _checked(found, folder, lang)
    sys.exit(0 if found.ok else 1)


def _checked(found, folder: Path, lang: str) -> None:
    """What a passing verify checked, and no more: the commit only when it was read, who made the release
    only when signatures say so, the tool versions and the release's name never."""
    shown = printed(folder)
    click.echo(word(lang, "verify-ok").format(shown), err=True)
    commit = found.commit
    if commit.digests is not None:
        click.echo(word(lang, "verify-committed").format(shown, commit.commit[:12], printed(commit.workspace)),
                   err=True)
    else:
        key, *facts = commit.unreached
        click.echo(word(lang, "verify-not-reached").format(
            shown, commit.commit[:12] or word(lang, "none"), word(lang, key).format(*facts)), err=True)
    if found.unsigned:
        click.echo(word(lang, "verify-unsigned").format(shown), err=True)
    if found.name is not None:  # see Verification.name: the folder may be named otherwise, nothing holds the name
        named = printed(Path(folder).resolve().name)
        click.echo(word(lang, "verify-name").format(shown, printed(found.name), named), err=True)
    # No source says which tools made the PDFs, and no signature covers release.json: said always.
    click.echo(word(lang, "verify-tools").format(shown), err=True)
