"""Database: embedded server, engines, unit of work, row-level security context."""
