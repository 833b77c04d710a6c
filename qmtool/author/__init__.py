"""Helping authors: new workspaces and procedures, the schemas for editors, the preview server, doctor."""
