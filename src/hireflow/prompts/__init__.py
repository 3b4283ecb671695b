"""Prompt templates of the AI agents: versions per agent and language, and their usage."""
