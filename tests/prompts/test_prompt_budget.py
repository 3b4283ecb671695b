"""L8: an administrator's template cannot block the server (preview and save)."""

from __future__ import annotations

import time

import httpx
import pytest

from tests.factories import SignedIn

NESTED = (
    "<resume>{{ resume_text }}</resume>"
    "{% for a in range(99999) %}{% for b in range(99999) %}{% endfor %}{% endfor %}"
)


@pytest.mark.parametrize(
    ("template", "says"),
    [
        (NESTED, "longer than 1 s"),
        ('<resume>{{ resume_text }}</resume>{{ "x" * 99999 * 99999 }}', "longer than 500,000"),
        ("<resume>{{ resume_text }}</resume>{{ resume_text|center(900000000) }}", "above"),
        (
            "<resume>{{ resume_text }}</resume>"
            "{% for a in range(99999) %}{% for b in range(99) %}xxxxxxxxxx{% endfor %}{% endfor %}",
            "output is longer",
        ),
    ],
)
async def test_a_runaway_template_preview_answers_promptly_with_a_clear_error(
    client: httpx.AsyncClient, people: dict[str, SignedIn], template: str, says: str
) -> None:
    admin = people["admin"].headers
    body = {"agent_type": "base_agent", "language": "en", "template": template}
    started = time.monotonic()
    preview = await client.post("/api/prompts/preview", json=body, headers=admin)
    saved = await client.post("/api/prompts", json=body, headers=admin)
    assert time.monotonic() - started < 5
    for response in (preview, saved):
        assert response.status_code == 422, response.text
        message = response.json()["error"]["message"]
        assert "does not render with sample values" in message and says in message
    assert (await client.get("/api/prompts", headers=admin)).status_code == 200
