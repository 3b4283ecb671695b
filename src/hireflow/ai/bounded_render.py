"""Rendering an administrator's Jinja2 template within a budget (issue 16, L8).

The sandbox stops attribute tricks but not work: ``{% for a in range(99999) %}{% for b in
range(99999) %}…`` runs for hours, ``"x" * 10**9`` or ``"x"|center(10**9)`` allocate a
gigabyte. So templates render in :class:`BoundedEnvironment`: numbers above
:data:`MAX_NUMBER` are refused in ``*``/``**``, calls and filters, strings and lists longer
than :data:`MAX_CHARS` are refused as they are made, the output stops at :data:`MAX_CHARS`,
and a line tracer on the template's own frames stops the render after
:data:`TIME_SECONDS`. Each ends in a :class:`RenderBudgetExceeded` that says which limit.
"""

from __future__ import annotations

import functools
import sys
import time
from collections.abc import Callable, Mapping
from types import FrameType
from typing import Any

from jinja2 import Template, TemplateError
from jinja2.sandbox import SandboxedEnvironment

TIME_SECONDS = 1.0
MAX_CHARS = 500_000
MAX_NUMBER = 100_000


class RenderBudgetExceeded(TemplateError):
    """The template needs more time or memory than any prompt does."""


def _check_size(value: Any) -> Any:
    if isinstance(value, str | bytes | list | tuple | dict) and len(value) > MAX_CHARS:
        raise RenderBudgetExceeded(f"it builds a value longer than {MAX_CHARS:,} characters")
    return value


def _check_numbers(args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        if (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and abs(value) > MAX_NUMBER
        ):
            raise RenderBudgetExceeded(f"it uses a number above {MAX_NUMBER:,}")


def _guarded(function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)  # keeps jinja's pass_context/pass_environment marks
    def guarded(*args: Any, **kwargs: Any) -> Any:
        _check_numbers(args, kwargs)
        return _check_size(function(*args, **kwargs))

    return guarded


class BoundedEnvironment(SandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, **options: Any) -> None:
        # No constant folding: the compiler would compute ``"x" * 99999 * 99999`` itself.
        super().__init__(**{"optimized": False, **options})
        self.filters = {name: _guarded(f) for name, f in self.filters.items()}

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _check_numbers((left, right), {})
        if operator == "*":
            for value, times in ((left, right), (right, left)):
                sized = isinstance(value, str | list | tuple) and isinstance(times, int)
                if sized and len(value) * times > MAX_CHARS:
                    raise RenderBudgetExceeded(
                        f"it builds a value longer than {MAX_CHARS:,} characters"
                    )
        if operator == "**" and isinstance(right, int | float) and right > 64:
            raise RenderBudgetExceeded(f"it uses a number above {MAX_NUMBER:,}")
        result = super().call_binop(context, operator, left, right)
        _check_numbers((result,), {})
        return _check_size(result)

    def call(self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _check_numbers(args, kwargs)
        return _check_size(super().call(__context, __obj, *args, **kwargs))


def render_bounded(
    template: Template, values: Mapping[str, Any], *, seconds: float = TIME_SECONDS
) -> str:
    """``template.render(values)`` that stops past the time or size budget."""
    deadline = time.monotonic() + seconds
    code = template.root_render_func.__code__.co_filename

    def on_line(frame: FrameType, event: str, arg: Any) -> Any:
        if time.monotonic() > deadline:
            raise RenderBudgetExceeded(f"it runs longer than {seconds:g} s (loops inside loops?)")
        return on_line

    def on_call(frame: FrameType, event: str, arg: Any) -> Any:
        return on_line if frame.f_code.co_filename == code else None

    previous = sys.gettrace()
    parts: list[str] = []
    size = 0
    sys.settrace(on_call)
    try:
        for part in template.generate(values):
            size += len(part)
            if size > MAX_CHARS:
                raise RenderBudgetExceeded(f"its output is longer than {MAX_CHARS:,} characters")
            parts.append(part)
    finally:
        sys.settrace(previous)
    return "".join(parts)
