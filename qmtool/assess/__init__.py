"""Applying a procedure's assessment standard to providers' scores and events, and its report."""
