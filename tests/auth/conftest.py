"""The interviews' world (app with an injected clock, loopback SMTP) for the portal tests."""

from tests.interviews.conftest import smtp, world

__all__ = ["smtp", "world"]
