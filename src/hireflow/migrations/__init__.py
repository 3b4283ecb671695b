"""Alembic environment and revisions; the chain starts at the legacy v1.0 schema."""
