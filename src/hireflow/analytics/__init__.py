"""Hiring analytics: funnel, automation, interviews, sources, scores (senior recruiters+)."""
