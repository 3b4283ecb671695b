"""Checks on model output beyond the schema: positions inside the text, quotes that exist,
section references that exist. Invalid parts are repaired or dropped, each with a note."""

from __future__ import annotations

from typing import TypeVar

from hireflow.ai.schemas import (
    AgentName,
    AppealAgentOutput,
    BaseAgentOutput,
    Evidence,
    FeedbackItem,
    SectionRef,
    StructureAgentOutput,
    SubScore,
)
from hireflow.resumes.document import ParsedResume

AgentOutput = TypeVar("AgentOutput", BaseAgentOutput, StructureAgentOutput, AppealAgentOutput)


def _locate(text: str, quote: str) -> tuple[int, int] | None:
    index = text.find(quote)
    if index < 0:
        index = text.lower().find(quote.lower())
    return (index, index + len(quote)) if index >= 0 else None


def _check_section(
    resume: ParsedResume, ref: SectionRef | None, where: str, notes: list[str]
) -> SectionRef | None:
    if ref is None:
        return None
    by_order = {s.order: s for s in resume.sections}
    section = by_order.get(ref.order)
    if section is None:
        notes.append(f"{where}: section {ref.order} does not exist; reference removed")
        return None
    if section.section_type != ref.section_type:
        notes.append(
            f"{where}: section {ref.order} is {section.section_type}, not "
            f"{ref.section_type}; type corrected"
        )
        return SectionRef(order=ref.order, section_type=section.section_type)
    return ref


def _span_ok(start: int | None, end: int | None, length: int) -> bool:
    return start is not None and end is not None and 0 <= start < end <= length


def _feedback(
    item: FeedbackItem, index: int, agent: AgentName, resume: ParsedResume, notes: list[str]
) -> FeedbackItem | None:
    text = resume.document.text
    where = f"{agent} feedback #{index}"
    update: dict[str, object] = {
        "agent": agent,
        "rule": item.rule if item.rule != "model" else f"model.{agent}",
    }
    start, end = item.position_start, item.position_end
    if item.original_text:
        if _span_ok(start, end, len(text)) and text[start:end] == item.original_text:
            pass
        elif (span := _locate(text, item.original_text)) is not None:
            if (start, end) != span:
                notes.append(
                    f"{where}: positions {start}–{end} moved to the quote at {span[0]}–{span[1]}"
                )
            start, end = span
        else:
            notes.append(f"{where}: quoted text is not in the resume; item dropped")
            return None
    elif (start is not None or end is not None) and not _span_ok(start, end, len(text)):
        notes.append(f"{where}: positions {start}–{end} outside the text; removed")
        start = end = None
    update["position_start"], update["position_end"] = start, end
    section = _check_section(resume, item.section, where, notes)
    if section is None and start is not None:
        owner = next((s for s in resume.sections if s.start <= start < s.end), None)
        if owner is not None:
            section = SectionRef(order=owner.order, section_type=owner.section_type)
    update["section"] = section
    return item.model_copy(update=update)


def _evidence(
    items: list[Evidence], where: str, resume: ParsedResume, notes: list[str]
) -> list[Evidence]:
    text = resume.document.text
    orders = {s.order: s for s in resume.sections}
    out: list[Evidence] = []
    for ev in items:
        update: dict[str, object] = {}
        if (ev.start is not None or ev.end is not None) and not _span_ok(
            ev.start, ev.end, len(text)
        ):
            notes.append(f"{where}: evidence offsets {ev.start}–{ev.end} outside the text; removed")
            update["start"] = update["end"] = None
        if ev.section_order is not None and ev.section_order not in orders:
            notes.append(f"{where}: evidence section {ev.section_order} does not exist; removed")
            update["section_order"] = update["section_type"] = None
        elif ev.section_order is not None:
            update["section_type"] = orders[ev.section_order].section_type
        out.append(ev.model_copy(update=update) if update else ev)
    return out


def _sub_scores(
    subs: list[SubScore], agent: AgentName, resume: ParsedResume, notes: list[str]
) -> list[SubScore]:
    return [
        s.model_copy(update={"evidence": _evidence(s.evidence, f"{agent} {s.name}", resume, notes)})
        for s in subs
    ]


def validate_output(
    output: AgentOutput, agent: AgentName, resume: ParsedResume, notes: list[str]
) -> AgentOutput:
    """A copy of a model's output that only points at text and sections that exist."""
    feedback: list[FeedbackItem] = []
    seen: set[tuple[str, str, str | None, str]] = set()
    for index, item in enumerate(output.feedback):
        checked = _feedback(item, index, agent, resume, notes)
        if checked is None:
            continue
        key = (
            checked.feedback_type,
            checked.category,
            checked.original_text,
            checked.feedback_text,
        )
        if key in seen:
            notes.append(f"{agent} feedback #{index}: duplicate dropped")
            continue
        seen.add(key)
        feedback.append(checked)
    update: dict[str, object] = {"feedback": feedback}
    if isinstance(output, StructureAgentOutput):
        update["formatting_sub_scores"] = _sub_scores(
            output.formatting_sub_scores, agent, resume, notes
        )
        update["ats_sub_scores"] = _sub_scores(output.ats_sub_scores, agent, resume, notes)
    else:
        update["sub_scores"] = _sub_scores(output.sub_scores, agent, resume, notes)
    if isinstance(output, AppealAgentOutput):
        update["matched_skills"] = [
            m.model_copy(
                update={
                    "evidence": _evidence(m.evidence, f"{agent} skill {m.skill}", resume, notes)
                }
            )
            for m in output.matched_skills
        ]
    return output.model_copy(update=update)
