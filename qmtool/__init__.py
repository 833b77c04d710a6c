"""qmtool: quality-management documents as checked YAML, rendered as controlled PDFs."""
from __future__ import annotations

__version__ = "0.1.0"

from .problem import Problem
from .validate import Report, validate

__all__ = ["Problem", "Report", "validate", "__version__"]
