"""What a release folder holds besides its PDFs: the SHA-256 manifest and the record of what was released."""
from __future__ import annotations

import hashlib

MANIFEST = "MANIFEST.sha256"
RECORD = "release.json"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
