"""Two-column reading order as a property: any column content, leading and draw order."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from hireflow.resumes.extraction import extract_document

WORDS = (
    "Python",
    "led",
    "payments",
    "team",
    "Kafka",
    "built",
    "ledger",
    "growth",
    "design",
    "reduced",
    "latency",
    "by",
    "40%",
    "across",
    "squads",
    "hiring",
    "Go",
    "on-call",
    "migrated",
    "to",
    "AWS",
    "mentored",
    "engineers",
    "data",
    "platform",
    "SQL",
)
SIDEBAR_WIDTH = 130.0


def _fit(words: list[str], font: str, size: float, width: float) -> str:
    line = ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if stringWidth(candidate, font, size) > width:
            break
        line = candidate
    return line or words[0]


@st.composite
def two_column_pages(draw: st.DrawFn) -> tuple[bytes, str]:
    sidebar_size = draw(st.sampled_from([8.0, 8.5, 9.0, 9.5]))
    sidebar_leading = draw(st.sampled_from([11.0, 12.0, 13.0]))
    main_size = draw(st.sampled_from([10.0, 10.5, 11.0]))
    main_leading = draw(st.sampled_from([14.5, 15.5, 16.5]))
    gutter = draw(st.integers(min_value=18, max_value=40))
    word_lists = st.lists(st.sampled_from(WORDS), min_size=1, max_size=9)
    sidebar = [
        _fit(w, "Helvetica", sidebar_size, SIDEBAR_WIDTH)
        for w in draw(st.lists(word_lists, min_size=3, max_size=14))
    ]
    main_width = A4[0] - 40 - SIDEBAR_WIDTH - gutter - 40
    main = [
        _fit(w, "Helvetica", main_size, main_width)
        for w in draw(st.lists(word_lists, min_size=3, max_size=14))
    ]
    offset = draw(st.sampled_from([0.0, 4.0, 9.0]))
    top = A4[1] - 130
    items = [
        (40.0, top - i * sidebar_leading, line, sidebar_size) for i, line in enumerate(sidebar)
    ]
    items += [
        (40.0 + SIDEBAR_WIDTH + gutter, top - offset - i * main_leading, line, main_size)
        for i, line in enumerate(main)
    ]
    items = draw(st.permutations(items))  # any draw order
    header = [
        "Robin Taylor",
        "robin.taylor@example.com | +1 415 555 0100 | Seattle, WA | github.com/robin",
    ]
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setFont("Helvetica-Bold", 16)
    pdf.drawString(40, A4[1] - 60, header[0])
    pdf.setFont("Helvetica", 10)
    pdf.drawString(40, A4[1] - 80, header[1])
    for x, y, line, size in items:
        pdf.setFont("Helvetica", size)
        pdf.drawString(x, y, line)
    pdf.save()
    expected = "\n\n".join(["\n".join(header), "\n".join(sidebar), "\n".join(main)])
    return buffer.getvalue(), expected


@settings(max_examples=60, deadline=None)
@given(two_column_pages())
def test_two_columns_never_interleave(page: tuple[bytes, str]) -> None:
    data, expected = page
    document = extract_document(data)
    assert document.text == expected
    assert [h.kind for h in document.hazards] == ["multi_column"]


@st.composite
def one_column_pages(draw: st.DrawFn) -> tuple[bytes, str]:
    """Entries of a one-column resume: a header line with a right-aligned date or place, then
    bullet lines of any length (short ones included)."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setFont("Helvetica", 10)
    y = A4[1] - 60
    expected: list[str] = []
    word_lists = st.lists(st.sampled_from(WORDS), min_size=1, max_size=14)
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        left = _fit(draw(word_lists), "Helvetica", 10, 300)
        right = draw(
            st.sampled_from(
                [
                    "2019 - 2021",
                    "Jan 2020 - Present",
                    "London, UK",
                    "Remote",
                    "2015 - 2018",
                    "Mar 2012 - Dec 2014",
                ]
            )
        )
        pdf.drawString(60, y, left)
        pdf.drawRightString(535, y, right)
        expected.append(f"{left} {right}")
        for words in draw(st.lists(word_lists, min_size=0, max_size=4)):
            y -= 14
            line = _fit(words, "Helvetica", 10, 470)
            pdf.drawString(60, y, line)
            expected.append(line)
        y -= 14
    pdf.save()
    return buffer.getvalue(), "\n".join(expected)


@settings(max_examples=60, deadline=None)
@given(one_column_pages())
def test_one_column_with_right_aligned_items_reads_line_by_line(page: tuple[bytes, str]) -> None:
    data, expected = page
    document = extract_document(data)
    assert document.text == expected
