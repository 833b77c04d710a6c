"""Why the system would not let a file be read, in the catalog's words: the system's own text is English."""
from __future__ import annotations

import errno

from .messages import Phrase, Word

# The reasons a quality officer meets; any other is named by its errno symbol, which is the same in every language.
_WORDS = {errno.ENOENT: "os-gone", errno.EACCES: "os-denied", errno.EPERM: "os-denied", errno.EISDIR: "os-folder",
          errno.ENOTDIR: "os-not-folder", errno.ELOOP: "os-loop", errno.EINVAL: "os-invalid", errno.EIO: "os-io",
          errno.ENAMETOOLONG: "os-name-too-long"}


def os_reason(error: OSError) -> Word | Phrase:
    """The reason of a read-error for error: a file that was listed and is gone (ENOENT) does not exist any more;
    what was opened and is no regular file (errno None: core/opened.py's NotRegular) is a FIFO, device or socket."""
    if error.errno is None:
        return Word("special-file")
    if error.errno in _WORDS:
        return Word(_WORDS[error.errno])
    return Phrase(("os-other", errno.errorcode.get(error.errno, str(error.errno))))
