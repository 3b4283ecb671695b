"""Small generic helpers shared by every domain (errors, logging, time)."""
