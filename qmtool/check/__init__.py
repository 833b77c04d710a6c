"""Checking loaded documents: their schemas, the rules between them, and validate, which runs both."""
