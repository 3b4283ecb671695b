"""Automation: the scheduler's periodic tasks, automation log and feature flags."""
