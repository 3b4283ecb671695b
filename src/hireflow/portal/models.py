"""Tables of the portal domain (kept without ORM classes: a handful of small statements)."""

from __future__ import annotations

SQL_ONLY_TABLES = ("portal_deletion_requests", "portal_job_settings")
