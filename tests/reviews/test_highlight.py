"""Feedback marked on sections: the segments always give back the section's text, marks
never overlap, and every item is listed once (beside its section or as general feedback)."""

from __future__ import annotations

import uuid

from hypothesis import given, settings
from hypothesis import strategies as st

from hireflow.resumes.models import ResumeSectionRow
from hireflow.reviews.highlight import annotate
from hireflow.reviews.models import FeedbackItemRow

TEXT = (
    "Jane Doe\njane@example.com\n\nEXPERIENCE\nLed a team of 5; cut costs by 40%.\n"
    "Responsible for reports.\n\nSKILLS\nPython, SQL, Go"
)


def _sections() -> list[ResumeSectionRow]:
    cuts = [0, TEXT.index("EXPERIENCE"), TEXT.index("SKILLS"), len(TEXT)]
    kinds = ["contact", "experience", "skills"]
    return [
        ResumeSectionRow(
            id=uuid.uuid4(),
            resume_id=uuid.uuid4(),
            section_type=kind,
            content=TEXT[start:end],
            start_position=start,
            end_position=end,
            sequence_order=n + 1,
        )
        for n, (kind, start, end) in enumerate(zip(kinds, cuts, cuts[1:], strict=False))
    ]


spans = st.tuples(st.integers(0, len(TEXT) - 1), st.integers(1, 30), st.booleans())


@settings(max_examples=150, deadline=None)
@given(st.lists(spans, max_size=12))
def test_segments_rebuild_the_text_and_marks_do_not_overlap(
    found: list[tuple[int, int, bool]],
) -> None:
    sections = _sections()
    items = []
    for start, length, quoted in found:
        end = min(len(TEXT), start + length)
        items.append(
            FeedbackItemRow(
                id=uuid.uuid4(),
                feedback_type="weakness",
                feedback_text="x",
                original_text=TEXT[start:end] if quoted else None,
                position_start=start,
                position_end=end,
                metadata_={},
            )
        )
    annotated, general = annotate(sections, items)
    listed = [i.id for block in annotated for i in block.items] + [i.id for i in general]
    assert sorted(listed) == sorted(i.id for i in items)
    for block in annotated:
        assert block.section is not None
        assert "".join(s.text for s in block.segments) == block.section.content
        marked = [s.item_id for s in block.segments if s.item_id]
        assert len(marked) == len(set(marked))
        assert set(marked) <= {i.id for i in block.items}


def test_a_quote_is_found_when_positions_are_missing() -> None:
    sections = _sections()
    item = FeedbackItemRow(
        id=uuid.uuid4(),
        feedback_type="weakness",
        feedback_text="weak",
        original_text="Responsible for reports.",
        resume_section_id=sections[1].id,
        metadata_={},
    )
    annotated, general = annotate(sections, [item])
    assert general == []
    marked = [s for s in annotated[1].segments if s.item_id == item.id]
    assert [s.text for s in marked] == ["Responsible for reports."]
