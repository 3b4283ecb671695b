"""The legacy resume-review v1.0 database: adoption, migration to v1.1, verification, restore."""
