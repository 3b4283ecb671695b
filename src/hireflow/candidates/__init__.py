"""Candidates, their assignments to recruiters, duplicates and data-subject requests."""
