"""The review job fixtures are shared with the prompt tests."""

from tests.reviews.conftest import offline_settings, run_job

__all__ = ["offline_settings", "run_job"]
