"""Reading sources: YAML with the line and column of every value, and the assessment's evidence files."""
