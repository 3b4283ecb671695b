"""The render budget itself: limits hold, ordinary templates are untouched."""

from __future__ import annotations

import sys
import time

import pytest
from jinja2 import StrictUndefined

from hireflow.ai.bounded_render import BoundedEnvironment, RenderBudgetExceeded, render_bounded
from hireflow.ai.prompts import DEFAULT_TEMPLATES

ENV = BoundedEnvironment(undefined=StrictUndefined)


def test_nested_loops_stop_at_the_time_budget_and_the_tracer_is_restored() -> None:
    before = sys.gettrace()
    template = ENV.from_string(
        "{% for a in range(99999) %}{% for b in range(99999) %}{% endfor %}{% endfor %}"
    )
    started = time.monotonic()
    with pytest.raises(RenderBudgetExceeded, match=r"longer than 0\.2 s"):
        render_bounded(template, {}, seconds=0.2)
    assert time.monotonic() - started < 2
    assert sys.gettrace() is before


@pytest.mark.parametrize(
    "source",
    [
        "{{ 'ab' * 400000 }}",
        "{{ [1] * 600000 }}",
        "{{ 9 ** 99 }}",
        "{{ 'x'|center(10**6) }}",
        "{{ 'ab'|replace('a', 'a' * 900)|replace('a', 'a' * 900)|length }}",
    ],
)
def test_huge_values_are_refused_before_they_are_built(source: str) -> None:
    with pytest.raises(RenderBudgetExceeded):
        render_bounded(ENV.from_string(source), {})


def test_ordinary_templates_render_as_before() -> None:
    template = ENV.from_string("{% for s in xs %}{{ s|upper }}-{{ loop.index * 2 }} {% endfor %}")
    assert render_bounded(template, {"xs": ["a", "b"]}) == "A-2 B-4 "
    assert len(DEFAULT_TEMPLATES) >= 6
