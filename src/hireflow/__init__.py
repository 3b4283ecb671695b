"""hireflow: an open-source recruitment platform."""

__version__ = "0.1.0"
