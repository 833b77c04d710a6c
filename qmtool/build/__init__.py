"""The build: what is stale, rendering it in worker processes, the cache of what each output was built from."""
