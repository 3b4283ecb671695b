"""The interviews fixtures (the app with an injected clock, a loopback SMTP server)."""

from tests.interviews.conftest import smtp, world

__all__ = ["smtp", "world"]
