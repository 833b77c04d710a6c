"""qmtool: quality-management documents as checked YAML, rendered as controlled PDFs."""
from __future__ import annotations

__version__ = "0.1.0"

from .check.validate import Report, validate
from .core.problem import Problem

__all__ = ["Problem", "Report", "validate", "__version__"]
