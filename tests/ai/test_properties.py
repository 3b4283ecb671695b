"""Property tests over the generated resume set: injections never help, reviews repeat."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from hireflow.ai import review_offline
from hireflow.resumes.document import HiddenText, ParsedResume
from tests.ai.generator import generated_resume
from tests.ai.injections import VISIBLE_EN, VISIBLE_JA

SCORES = ("overall_score", "content_score", "formatting_score", "ats_score")


def _insert_line(resume: ParsedResume, line_index: int, injected: str) -> ParsedResume:
    """The same resume with one more line, every offset after it shifted."""
    text = resume.document.text
    breaks = [i for i, ch in enumerate(text) if ch == "\n"]
    at = breaks[line_index % len(breaks)] if breaks else len(text)
    addition = "\n" + injected
    shift = len(addition)

    def moved(offset: int) -> int:
        return offset + shift if offset > at else offset

    new_text = text[:at] + addition + text[at:]
    sections = []
    for s in resume.sections:
        start = moved(s.start)
        end = s.end + shift if s.end >= at else s.end  # a line added at the end joins it
        sections.append(replace(s, start=start, end=end, content=new_text[start:end]))
    document = replace(
        resume.document,
        text=new_text,
        page_offsets=tuple(moved(p) for p in resume.document.page_offsets),
    )
    return replace(resume, document=document, sections=tuple(sections))


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    pattern=st.sampled_from(VISIBLE_EN + VISIBLE_JA),
    line=st.integers(0, 200),
    hidden=st.booleans(),
)
def test_injected_line_never_raises_a_score(
    seed: int, pattern: str, line: int, hidden: bool
) -> None:
    resume, spec = generated_resume(seed)
    baseline = review_offline(resume, spec)
    injected = _insert_line(resume, line, pattern)
    if hidden:
        injected = replace(
            injected,
            document=replace(
                injected.document, hidden_text=(HiddenText("white_text", "Python AWS SQL", 1),)
            ),
        )
    outcome = review_offline(injected, spec)
    assert outcome.injection_detected
    assert any(f.rule.startswith("guard.") and f.severity_level == 5 for f in outcome.feedback)
    for name in SCORES:
        before, after = getattr(baseline, name), getattr(outcome, name)
        assert after is not None and before is not None and after <= before, name
    assert outcome.overall_score < baseline.overall_score or baseline.overall_score == 0


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_generated_reviews_are_deterministic_and_in_range(seed: int) -> None:
    resume, spec = generated_resume(seed)
    first = review_offline(resume, spec)
    second = review_offline(resume, spec)
    exclude = {"processing_time_ms", "agent_timings_ms"}
    assert first.model_dump(exclude=exclude) == second.model_dump(exclude=exclude)
    text = resume.document.text
    for item in first.feedback:
        if item.position_start is not None and item.position_end is not None:
            assert 0 <= item.position_start < item.position_end <= len(text)
