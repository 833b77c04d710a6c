"""Document control: the register, diffs between revisions, releases and their verification, signing."""
