"""Atomic writes: a temporary file beside the target, then a rename, so no reader sees half a file.

A rename goes over anything, so the target is checked first: only a regular file (or nothing) is
ever replaced. A device node, FIFO, socket, folder or symlink at an output path is refused."""
from __future__ import annotations

import errno
import glob
import os
import secrets
import stat
import tempfile
from pathlib import Path

from .frozen import is_release, release_holding
from .gitdir import git_dirs_around
from .tree import make_folders, walk_opened

TEMP_SUFFIX = ".qmtool-tmp"
_KINDS = ((stat.S_ISLNK, "a symbolic link"), (stat.S_ISDIR, "a folder"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"))


_LINKED = "a symbolic link is there; qmtool writes into its own folders, never through a link: remove it"


class OutputRefused(OSError):
    """An output path qmtool will not write: the path (filename) and why (strerror). An OSError, so that
    every handler of write failures reports it too."""

    def __init__(self, path: Path | str, reason: str):
        super().__init__(errno.EPERM, reason, os.fspath(path))

    def __reduce__(self):  # as it was made: OSError's own would call __init__ with (errno, reason, path)
        return type(self), (self.filename, self.strerror)


def umask() -> int:
    """The process's umask (reading it means setting it, so it is set back at once)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def check_target(path: Path, folder: int | None = None) -> None:
    """Refuse a path whose present occupant is not a regular file: renaming onto it would replace a device
    or a pipe with a file, and a symlink could lead the write anywhere. With folder, the descriptor of path's
    folder, the file is looked up in that folder."""
    try:
        mode = os.lstat(path).st_mode if folder is None else os.stat(path.name, dir_fd=folder,
                                                                      follow_symlinks=False).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISREG(mode):
        return
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    raise OutputRefused(path, f"{kind} is there; qmtool replaces only regular files, so move it away "
                              "or choose another output path")


def check_within(path: Path, folder: Path) -> None:
    """Refuse a path under an output folder that passes through a link on its way (out/procedures leading
    elsewhere): the write would land wherever the link leads. The output folder itself may be a link. A release
    folder inside the output folder (out/2027.1) is refused as the output folder itself would be."""
    for step in list(path.relative_to(folder).parents)[:-1][::-1]:
        if (folder / step).is_symlink():
            raise OutputRefused(folder / step, _LINKED)
        if is_release(folder / step):  # out itself, and all above it, the command has checked (check_outside)
            raise OutputRefused(path, f"it is inside the release {folder / step}, which is frozen: no command "
                                      "writes into a release; write the outputs somewhere else")
    check_target(path)


def check_unfrozen(written: list[Path]) -> None:
    """Refuse paths that are, or lie inside, a release folder (see frozen.py): a release, once made, is never
    written into, not even by a build that would leave its PDFs as they are (a cache and a lock in it)."""
    for path in written:
        if (release := release_holding(path)) is not None:
            raise OutputRefused(path, f"it is inside the release {release}, which is frozen: no command writes "
                                      "into a release; write the outputs somewhere else, such as build/")


def check_outside(written: list[Path], inputs: list[Path]) -> None:
    """Refuse output folders that are, or lie inside, a release or a folder the command reads."""
    check_unfrozen(written)
    check_unread(written, inputs)


def check_unread(written: list[Path], inputs: list[Path]) -> None:
    """Refuse output folders that are, or lie inside, a folder the command reads: a build would read its
    own output next time (--html copied templates/ into itself, one level deeper every build); nor a git
    repository's own folder, which diff and release read."""
    folders = [folder.resolve() for folder in inputs]
    around_inputs = git_dirs_around(inputs)  # the workspace's own .git: the same for every output
    for path in written:
        inside = holder(path, folders)
        if inside is not None:
            raise OutputRefused(path, f"it is inside {inside}, which qmtool reads; write the outputs "
                                      "somewhere else, such as build/")
        # A PDF written over .git/index corrupted the repository; the workspace's own .git is found from inputs.
        git = next((g for g in [*git_dirs_around([path]), *around_inputs] if _inside(path, g)), None)
        if git is not None:
            raise OutputRefused(path, f"it is inside {git}, the git repository's own folder, which diff and release "
                                      "read; write the outputs somewhere else, such as build/")


def holder(path: Path, folders) -> Path | None:
    """The first of folders that is, or holds, path, both where their links lead; None if none does."""
    real = os.path.realpath(path)
    return next((folder for folder in folders
                 if os.path.commonpath([real, read := os.path.realpath(folder)]) == read), None)


def _inside(path: Path, folder: Path) -> bool:
    """Whether path is folder or lies inside it, as written or where its links lead."""
    return any(Path(place).is_relative_to(folder) or Path(place).is_relative_to(os.path.realpath(folder))
               for place in (os.path.abspath(path), path.resolve()))


def check_file(path: Path, inputs: list[Path]) -> None:
    """Every check for one output file, made before the work of producing it: where it is, what is there now,
    and whether a file can be made there at all."""
    check_outside([path], inputs)
    check_target(path)
    check_creatable(path)


def check_creatable(path: Path) -> None:
    """Refuse a path no file can be written at (a read-only file system, /proc, /sys, a file where a folder
    should be), before the work: a report rendered for seconds, then refused, looked like a success that failed.
    The probe is the atomic write's own first step, a temporary file made beside the target (in the nearest
    folder that exists, while path's folders are still to be made, so none is made for nothing), removed at once."""
    folder = path.parent
    while not os.path.lexists(folder) and folder != folder.parent:
        folder = folder.parent
    try:
        if not folder.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR))
        prefix = f".{path.name}." if folder == path.parent else ".qmtool-probe."
        handle, temporary = tempfile.mkstemp(dir=os.path.realpath(folder), prefix=prefix, suffix=TEMP_SUFFIX)
        os.close(handle)
        os.unlink(temporary)
    except OSError as error:  # named as the output, the path the user gave
        raise OSError(error.errno, error.strerror, str(path)) from None


def write_temp(path: Path, data: bytes, within: Path | None = None) -> Path:
    """data in a temporary file in path's folder, ready to be renamed onto path. Under an output folder within,
    path's folders are made and opened by descriptor, none through a link (one swapped in after check_within
    looked would lead the write anywhere)."""
    check_target(path)
    if within is not None:
        return _write_within(path, data, within)
    make_folders(path.parent)
    # The folder as the kernel finds it: mkstemp names its file by os.path.abspath, which reads `link/..` as
    # words, so the name it gives back would not be the file it made.
    folder = os.path.realpath(path.parent)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    os.chmod(temporary, 0o666 & ~umask())  # mkstemp makes 0600; outputs are ordinary files
    _fill(handle, data, path, lambda: os.unlink(temporary))
    return Path(temporary)


def _write_within(path: Path, data: bytes, within: Path) -> Path:
    folder = _folder(within, path.parent, make=True)
    try:
        return path.parent / _temporary_in(folder, path, data)
    finally:
        os.close(folder)


def _temporary_in(folder: int, path: Path, data: bytes) -> str:
    """The name of a new temporary file in the open folder holding data, ready to be renamed onto path.name."""
    for _ in range(100):  # a name taken is tried again, as mkstemp does
        name = f".{path.name}.{secrets.token_hex(4)}{TEMP_SUFFIX}"
        try:
            handle = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666,
                             dir_fd=folder)
            break
        except FileExistsError:
            continue
    else:
        raise FileExistsError(errno.EEXIST, "no temporary name free", str(path.parent))
    _fill(handle, data, path, lambda: os.unlink(name, dir_fd=folder))
    return name


def write_in(folder: int, path: Path, data: bytes) -> None:
    """data as path, a file directly in the open folder (path names it in messages): a temporary file, then a
    rename, both by descriptor, so the file lands in that very folder whatever its path leads to meanwhile."""
    check_target(path, folder)
    name = _temporary_in(folder, path, data)
    try:
        check_target(path, folder)
        os.replace(name, path.name, src_dir_fd=folder, dst_dir_fd=folder)
    except BaseException:
        try:
            os.unlink(name, dir_fd=folder)
        except OSError:
            pass
        raise


def _fill(handle: int, data: bytes, path: Path, remove) -> None:
    """data into the temporary file open as handle, on the disk before it is renamed; removed on failure."""
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
    except OSError as error:  # a full disk says no name: the message must say which file it was writing
        remove()
        if error.filename is None:
            raise OSError(error.errno, error.strerror, str(path)) from None
        raise
    except BaseException:
        remove()
        raise


def _folder(within: Path, folder: Path, make: bool = False) -> int:
    """A descriptor of folder, under within, each step opened (and made, if make) without following a link:
    a link there is refused, as check_within refuses it. within itself may be a link: the user's choice."""
    if make:
        make_folders(within)
    handle = os.open(within, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    step = Path(within)
    try:
        for part in Path(folder).relative_to(within).parts:
            step = step / part
            inner, _ = step_in(handle, step, make)
            os.close(handle)
            handle = inner
    except BaseException:
        os.close(handle)
        raise
    return handle


def step_in(opened: int, step: Path, make: bool = False) -> tuple[int, bool]:
    """A descriptor of the folder step.name in the open folder (made first, if make), opened through no link:
    OutputRefused for a link there. step is its path, for messages; also whether this call made it."""
    made = False
    if make:
        try:
            os.mkdir(step.name, dir_fd=opened)
            made = True
        except FileExistsError:
            pass
    try:
        return os.open(step.name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=opened), made
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.ENOTDIR) and _is_link(opened, step.name):
            raise OutputRefused(step, _LINKED) from None
        raise OSError(error.errno, error.strerror, str(step)) from None


def _is_link(opened: int, name: str) -> bool:
    try:
        return stat.S_ISLNK(os.stat(name, dir_fd=opened, follow_symlinks=False).st_mode)
    except OSError:
        return False


def replace(temporary: Path, path: Path, within: Path | None = None) -> None:
    """Rename a temporary file onto its target, checked again: the target may have changed meanwhile. Under an
    output folder within, the folder is opened again by descriptor, through no link, and renamed in."""
    try:
        check_target(path)
        if within is None:
            os.replace(temporary, path)
            return
        folder = _folder(within, path.parent)
        try:
            check_target(path, folder)
            os.replace(temporary.name, path.name, src_dir_fd=folder, dst_dir_fd=folder)
        finally:
            os.close(folder)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_atomic(path: Path, data: bytes, within: Path | None = None) -> None:
    replace(write_temp(path, data, within), path, within)


def write_all(files: dict[Path, bytes], within: Path | None = None) -> None:
    """Several files, all or none: each written beside its target first, renamed only when all are written.
    Under a folder within, each through no link, as write_temp writes one."""
    for path in files:
        check_target(path)
    temporaries: list[tuple[Path, Path]] = []
    try:
        for path, data in files.items():
            temporaries.append((write_temp(path, data, within), path))
    except BaseException:
        for temporary, _ in temporaries:
            temporary.unlink(missing_ok=True)
        raise
    for temporary, path in temporaries:
        replace(temporary, path, within)


def write_all_in(folder: int, files: dict[Path, bytes]) -> None:
    """Several files directly in the open folder (each path names one in messages), all or none: each written
    as a temporary file there first, renamed only when all are written, every step by descriptor."""
    for path in files:
        check_target(path, folder)
    temporaries: list[tuple[str, Path]] = []
    try:
        for path, data in files.items():
            temporaries.append((_temporary_in(folder, path, data), path))
        for _, path in temporaries:
            check_target(path, folder)
        for name, path in temporaries:
            os.replace(name, path.name, src_dir_fd=folder, dst_dir_fd=folder)
    except BaseException:
        for name, _ in temporaries:
            try:
                os.unlink(name, dir_fd=folder)
            except OSError:
                pass  # renamed already, or never made
        raise


def sweep_beside(path: Path) -> None:
    """Remove the temporary files made for path (its worker killed while writing one, say)."""
    for stale in path.parent.glob(f".{glob.escape(path.name)}.*{TEMP_SUFFIX}"):
        stale.unlink(missing_ok=True)


def sweep(folder: Path, others: tuple[str, ...] = ()) -> None:
    """Remove the temporary files a killed build of folder left behind, and only those: never inside a folder
    whose name starts with a dot (a release being staged, .git: a build writes into none), nor inside a
    folder holding any of others (the marks of another output folder, whose own build may be running). Each
    folder is entered by descriptor, never through a link (one swapped in meanwhile leads nowhere)."""
    for opened, _, folders, names in walk_opened(folder):
        folders[:] = [name for name in folders if not name.startswith(".")
                      and not any(_holds(opened, name, mark) for mark in others)]
        for name in names:
            if name.startswith(".") and name.endswith(TEMP_SUFFIX):
                try:
                    os.unlink(name, dir_fd=opened)
                except FileNotFoundError:
                    pass


def _holds(opened: int, name: str, mark: str) -> bool:
    try:
        os.stat(f"{name}/{mark}", dir_fd=opened, follow_symlinks=False)
    except OSError:
        return False
    return True
