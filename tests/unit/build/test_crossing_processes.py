"""What crosses from a worker process to qmtool: every exception survives the trip, and an output path refused in
a worker (a FIFO or device made there while the build renders) is the refusal it always is, leaving nothing."""
from __future__ import annotations

import errno
import importlib
import os
import pickle
import pkgutil
import signal
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

import qmtool
import qmtool.build.workers
from qmtool.build.pipeline import build
from qmtool.cli import main
from qmtool.core.atomic import OutputRefused
from qmtool.core.messages import Phrase
from qmtool.core.problem import finding
from qmtool.core.worker import Worker
from qmtool.render.overflow import Overflow
from tests.helpers import fake_pdf

IN_THE_WAY = "QMTOOL_TEST_IN_THE_WAY"  # kind:path, read by the fake writer in the worker process


def _samples() -> dict[type, BaseException]:
    """One instance of every exception class qmtool defines, made as qmtool makes it."""
    from qmtool.author.scaffold import ScaffoldRefused
    from qmtool.build.workers import AssetRefused, RenderFailed
    from qmtool.cli.report import Stopped
    from qmtool.control.diff import DiffError
    from qmtool.control.git import GitFailed
    from qmtool.control.release import ReleaseRefused
    from qmtool.control.sign import SigningUnavailable
    from qmtool.control.verify import VerifyUnavailable
    from qmtool.core.opened import LinkRefused, NotRegular
    from qmtool.core.problem import EnvironmentProblem
    from qmtool.core.worker import Died, Overran
    from qmtool.load.encoding import NotUtf8
    from qmtool.load.loader import _Stop
    from qmtool.load.places import _Found
    from qmtool.render.deadline import LayoutFailure
    from qmtool.render.environment import TemplateFailure, _Overtime
    from qmtool.render.page import TemplateFailed
    from qmtool.render.pdf import ForbiddenURL, TextOverflow
    from qmtool.render.refusal import Refused

    found = finding("procedures/QP-01.yaml", (3, 5), "/owner", "required", field="owner")
    made = [
        ScaffoldRefused("zh-Hans", "scaffold-not-empty", path="ws"), RenderFailed("QP-01", "ValueError: no"),
        DiffError("no rev"),
        GitFailed("fatal: not a git repository", missing=False), GitFailed("", missing=True),
        ReleaseRefused([found], "zh-Hans"), SigningUnavailable("pyhanko is missing"), VerifyUnavailable("no pyhanko"),
        EnvironmentProblem("cannot write into /proc/x"), Died(), Overran(), _Stop(found), _Found(),
        LayoutFailure("QP-01", 60.0), LayoutFailure("QP-01", 60.0, "the worker process died"),
        TemplateFailure("template-timeout", "templates/procedure.html", 12),
        TemplateFailure("template-error", None, 0, "x"),
        TemplateFailure("template-error", None, 0, Phrase(("quoted", "x"))),
        Refused(Phrase(("sandbox-too-large", ("a", Phrase(("value-object", "list"))), Phrase(("limit-bits", 4096))))),
        _Overtime(), TemplateFailed([found]), ForbiddenURL("file:///etc/passwd", "QP-01"),
        TextOverflow((Overflow(2, "最高限价180.00元", "edge-right"),), "QP-01"),
        OutputRefused(Path("build/manual.pdf"), "a named pipe (FIFO) is there"), Stopped(signal.SIGTERM),
        NotUtf8((3, 5), {"byte": "FF", "offset": 12}),
        LinkRefused("link-outside", "templates/logo.png"), NotRegular("procedures/QP-07.yaml"),
        AssetRefused(TemplateFailure("encoding", "templates/style.css", 3, column=5, params={"byte": "FF"}), "QP-01"),
    ]
    return {type(error): error for error in made}


def _every_exception_class() -> set[type]:
    for module in pkgutil.walk_packages(qmtool.__path__, "qmtool."):
        if module.name != "qmtool.__main__":
            importlib.import_module(module.name)
    found, stack = set(), [BaseException]
    while stack:
        for sub in stack.pop().__subclasses__():
            stack.append(sub)
            if sub.__module__.startswith("qmtool.") and "<locals>" not in sub.__qualname__:
                found.add(sub)
    return found


def test_every_exception_class_of_qmtool_has_a_sample_here():
    assert _every_exception_class() <= set(_samples()), "a new exception class: add it to _samples"


@pytest.mark.parametrize("error", list(_samples().values()), ids=lambda error: type(error).__name__)
def test_every_exception_survives_pickling_as_it_was(error):
    # A worker's exception is pickled there and rebuilt here; OutputRefused was rebuilt with (errno, reason,
    # path), three arguments for two, and the build ended in a TypeError.
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is type(error) and _plain(again) == _plain(error) and str(again) == str(error)
    if isinstance(error, OSError):
        assert (again.errno, again.strerror, again.filename) == (error.errno, error.strerror, error.filename)


def _plain(value):
    """value with every exception in it (exceptions have no equality of their own) as its type, args and vars."""
    if isinstance(value, BaseException):
        return type(value), _plain(value.args), _plain(vars(value))
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [type(value), *map(_plain, value)]
    return value


class Unrebuildable(OSError):
    """As OutputRefused was: pickles as OSError(errno, reason, path), which its __init__ cannot take."""

    def __init__(self, path: str, reason: str):
        super().__init__(errno.EPERM, reason, path)


def raise_unrebuildable() -> None:
    raise Unrebuildable("/somewhere", "refused")


def test_an_exception_that_cannot_be_rebuilt_still_reaches_the_caller_as_what_it_was():
    worker = Worker()
    try:
        with pytest.raises(RuntimeError, match="Unrebuildable: .*refused"):
            worker.call(120, raise_unrebuildable)
    finally:
        worker.kill()


def in_the_way_pdf(html: str, folders, sources, variant: str, date: str) -> tuple[bytes, int]:
    """The fake PDF writer, which first puts something at one output path, as a user would while the build
    renders: the worker's own check of the target then refuses it."""
    kind, _, path = os.environ[IN_THE_WAY].partition(":")
    try:
        put(kind, Path(path))
    except FileExistsError:  # the other worker made it first
        pass
    return fake_pdf(html, folders, sources, variant, date)


def put(kind: str, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":  # a copy of /dev/null
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    elif kind == "folder":
        path.mkdir()
    else:
        path.symlink_to("/dev/null")


KINDS = ["fifo", "device", "folder", "symlink"]
NAMES = ["manual.pdf", "procedures/QP-01.pdf", "html/QP-01.html"]


def as_put(kind: str, path: Path) -> bool:
    """path is still what put made there."""
    info = os.lstat(path)
    return {"fifo": stat.S_ISFIFO(info.st_mode),
            "device": stat.S_ISCHR(info.st_mode) and info.st_rdev == os.makedev(1, 3),
            "folder": stat.S_ISDIR(info.st_mode) and not any(path.iterdir()),
            "symlink": stat.S_ISLNK(info.st_mode) and os.readlink(path) == "/dev/null"}[kind]


def temporaries(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.name.endswith(".qmtool-tmp")]


@pytest.fixture
def ws(faked, monkeypatch) -> Path:
    monkeypatch.setattr(qmtool.build.workers, "write_pdf", in_the_way_pdf)
    return faked


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", NAMES)
def test_an_output_path_taken_while_the_build_renders_is_refused_leaving_nothing(ws, monkeypatch, kind, name):
    if kind == "device" and os.geteuid() != 0:
        pytest.skip("only root makes device nodes")
    target = ws / "build" / name
    monkeypatch.setenv(IN_THE_WAY, f"{kind}:{target}")
    with pytest.raises(OutputRefused) as refused:
        build(ws, ws / "build", html=True, jobs=2, force=True)
    assert refused.value.filename == str(target) and "regular file" in refused.value.strerror
    assert as_put(kind, target)
    assert temporaries(ws / "build") == []


def test_the_command_says_so_with_exit_2_and_no_traceback(ws, monkeypatch):
    target = ws / "n8" / "procedures" / "QP-01.pdf"
    monkeypatch.setenv(IN_THE_WAY, f"fifo:{target}")
    result = CliRunner().invoke(main, ["build", ".", "-o", "n8", "--force", "--jobs", "2"])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit), result.stderr
    assert "QP-01.pdf" in result.stderr and "named pipe (FIFO)" in result.stderr and "regular file" in result.stderr
    assert as_put("fifo", target)
    assert temporaries(ws / "n8") == []


@pytest.mark.parametrize("kind", KINDS)
def test_an_output_path_taken_after_its_pdf_is_made_is_refused_when_renamed(ws, monkeypatch, kind):
    if kind == "device" and os.geteuid() != 0:
        pytest.skip("only root makes device nodes")
    monkeypatch.setattr(qmtool.build.workers, "write_pdf", fake_pdf)
    taken: list[Path] = []

    def progress(output) -> None:  # called as a PDF's worker reports back, before anything is renamed
        if not taken:
            put(kind, output.pdf)
            taken.append(output.pdf)

    with pytest.raises(OutputRefused) as refused:
        build(ws, ws / "build", jobs=1, force=True, progress=progress)
    assert refused.value.filename == str(taken[0]) and as_put(kind, taken[0])
    assert temporaries(ws / "build") == []
    assert not list((ws / "build").rglob("*.pdf"))[1:]  # the first renamed was refused: nothing replaced
