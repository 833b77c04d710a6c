"""What a release folder holds besides its PDFs: the SHA-256 manifest and the record of what was released."""
from __future__ import annotations

import hashlib

from ..core.frozen import MANIFEST, RECORD

__all__ = ["MANIFEST", "RECORD", "sha256"]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
