"""Database access: the embedded server, engines, the unit of work and row-level security context."""
