"""Accounts, roles, sessions, permissions."""
