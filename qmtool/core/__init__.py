"""What every stage shares: problems and their messages, the workspace's files, atomic writes, digests."""
