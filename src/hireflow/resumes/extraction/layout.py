"""Reading order of positioned text: lines, columns and tables found from geometry alone.

Coordinates are top-down (``top < bottom``) in points. The draw order of the PDF does not
matter: fragments are grouped into line segments, then a page (or a region of it) is split at
a vertical gutter that text runs alongside but not across. Regions between full-width lines
(a name/contact banner, a section rule) that have text on both sides of the gutter are read
left column first; when their rows line up cell by cell they are a table and are read row by
row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

_BIN = 2.0  # points per bin of the horizontal coverage profile
_MIN_GUTTER = 4.0
_MIN_COLUMN_ROWS = 3
_YEAR_RE = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_DATE_WORD_RE = re.compile(
    r"(?<!\d)(?:19|20)\d\d(?!\d)|^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?$"
    r"|^(?:present|now|current|today|現在)$",
    re.IGNORECASE,
)
# A wrapped date: the line ends mid-range ("June 2015 –", "September") or the next goes on.
_CONTINUED_RE = re.compile(
    r"(?:[-–—~〜,]|\bto|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?)$",
    re.IGNORECASE,
)
_CONTINUING_RE = re.compile(
    r"^(?:[-–—~〜\d]|[Pp]resent\b|[Nn]ow\b|[Cc]urrent|[Tt]oday|to\b|現在|[a-z])"
)


@dataclass(frozen=True, slots=True)
class Fragment:
    """A run of visible text from one PDF text object."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float


@dataclass(slots=True)
class Segment:
    """Fragments on one baseline with no wide gap between them."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True, slots=True)
class Line:
    text: str  # "" marks a paragraph break
    top: float = 0.0
    bottom: float = 0.0


@dataclass(slots=True)
class PageLayout:
    lines: list[Line] = field(default_factory=list)
    columns: int = 0  # column regions found
    tables: int = 0


def lay_out_page(fragments: list[Fragment]) -> PageLayout:
    layout = PageLayout()
    segments = _segments(fragments)
    if segments:
        _read_region(segments, layout, depth=0)
    while layout.lines and not layout.lines[-1].text:
        layout.lines.pop()
    return layout


def _rows(items: list[Segment]) -> list[list[Segment]]:
    """Items grouped by vertical overlap (at least half the smaller height) with the row's
    shortest item, top to bottom: a large name beside a stack of small contact lines joins
    one of them, not all."""
    rows: list[list[Segment]] = []
    row_top = row_bottom = 0.0
    for item in sorted(items, key=lambda s: (s.middle, s.x0)):
        if rows:
            overlap = min(row_bottom, item.bottom) - max(row_top, item.top)
            if overlap >= 0.5 * min(row_bottom - row_top, item.bottom - item.top):
                rows[-1].append(item)
                if item.bottom - item.top < row_bottom - row_top:
                    row_top, row_bottom = item.top, item.bottom
                continue
        rows.append([item])
        row_top, row_bottom = item.top, item.bottom
    for row in rows:
        row.sort(key=lambda s: s.x0)
    return rows


def _segments(fragments: list[Fragment]) -> list[Segment]:
    items = [
        Segment(f.text, f.x0, f.top, f.x1, f.bottom, f.size)
        for f in fragments
        if f.text.strip() and f.x1 > f.x0 and f.bottom > f.top
    ]
    edges = _left_edges(items)
    merged: list[Segment] = []
    for row in _rows(items):
        tracking = _tracking(row)
        current = row[0]
        for item in row[1:]:
            gap = item.x0 - current.x1
            at_edge = gap >= 0.5 * item.size and any(abs(item.x0 - x) <= 1.5 for x in edges)
            if gap <= max(current.size, item.size) * 1.0 + tracking and not at_edge:
                joiner = ""
                if gap - tracking > 0.2 * min(current.size, item.size) and not (
                    current.text.endswith(" ") or item.text.startswith(" ")
                ):
                    joiner = " "
                current = Segment(
                    current.text + joiner + item.text,
                    current.x0,
                    min(current.top, item.top),
                    max(current.x1, item.x1),
                    max(current.bottom, item.bottom),
                    max(current.size, item.size),
                )
            else:
                merged.append(current)
                current = item
        merged.append(current)
    return merged


def _left_edges(items: list[Segment]) -> list[float]:
    """x positions where the lines of a column start: at least four items begin there, one
    of them after other text on its row (a body column beside a narrow date column)."""
    starts = sorted(s.x0 for s in items)
    edges: list[float] = []
    index = 0
    while index < len(starts):
        end = index
        while end + 1 < len(starts) and starts[end + 1] - starts[index] <= 3.0:
            end += 1
        if end - index + 1 >= 4:
            edges.append((starts[index] + starts[end]) / 2)
        index = end + 1
    return edges


def _tracking(row: list[Segment]) -> float:
    """The letter spacing of a row drawn glyph by glyph (most items one or two characters):
    the usual gap between its items, which is not a word gap. 0 for rows of words."""
    short = sum(1 for s in row if len(s.text.strip()) <= 2)
    if len(row) < 4 or short < 0.6 * len(row):
        return 0.0
    gaps = sorted(b.x0 - a.x1 for a, b in pairwise(row))
    return max(gaps[len(gaps) // 2], 0.0)


def _read_region(segments: list[Segment], layout: PageLayout, depth: int) -> None:
    if depth < 3 and len(segments) >= 2 * _MIN_COLUMN_ROWS:
        for gutter in _gutter_candidates(segments):
            if _read_columns(segments, gutter, layout, depth):
                return
    _emit_rows(_rows(segments), layout)


def _gutter_candidates(segments: list[Segment]) -> list[tuple[float, float]]:
    """Vertical strips few segments cross, with text on both sides; widest first."""
    left = min(s.x0 for s in segments)
    right = max(s.x1 for s in segments)
    bins = int((right - left) / _BIN) + 2
    delta = [0] * (bins + 1)
    for s in segments:
        delta[int((s.x0 - left) / _BIN)] += 1
        delta[int((s.x1 - left) / _BIN) + 1] -= 1
    coverage: list[int] = []
    running = 0
    for value in delta[:bins]:
        running += value
        coverage.append(running)
    peak = max(coverage)
    limit = max(1, int(peak * 0.2))
    total = sum(coverage)
    candidates: list[tuple[float, float]] = []
    start: int | None = None
    mass = 0
    for index, value in enumerate([*coverage, peak + 1]):
        if value <= limit and index < bins:
            if start is None:
                start = index
                start_mass = mass
            mass += value
            continue
        if start is not None:
            core = _lowest_run(coverage, start, index)
            x0, x1 = left + core[0] * _BIN, left + core[1] * _BIN
            if x1 - x0 >= _MIN_GUTTER and 0.02 * total <= start_mass <= 0.98 * total:
                candidates.append((x0, x1))
            start = None
        mass += value
    candidates.sort(key=lambda g: g[0] - g[1])
    return candidates


def _lowest_run(coverage: list[int], start: int, end: int) -> tuple[int, int]:
    """The longest run of bins in ``[start, end)`` at that strip's lowest coverage."""
    lowest = min(coverage[start:end])
    best = (start, start)
    run_start: int | None = None
    for index in range(start, end + 1):
        if index < end and coverage[index] == lowest:
            if run_start is None:
                run_start = index
        elif run_start is not None:
            if index - run_start > best[1] - best[0]:
                best = (run_start, index)
            run_start = None
    return best


def _read_columns(
    segments: list[Segment], gutter: tuple[float, float], layout: PageLayout, depth: int
) -> bool:
    """Read the region as full-width lines and column runs split at ``gutter``, if it is one."""
    g0, g1 = gutter
    pieces: list[tuple[str, list[Segment], list[Segment]]] = []  # ("span"|"run", left, right)
    left: list[Segment] = []
    right: list[Segment] = []
    for s in sorted(segments, key=lambda s: (s.top, s.x0)):
        if s.x0 < g1 - 1 and s.x1 > g0 + 1:  # crosses the gutter
            if left or right:
                pieces.append(("run", left, right))
                left, right = [], []
            pieces.append(("span", [s], []))
        elif s.x1 <= g0 + 1:
            left.append(s)
        else:
            right.append(s)
    if left or right:
        pieces.append(("run", left, right))
    region_right = max(s.x1 for s in segments)
    runs = [p for p in pieces if p[0] == "run" and _is_column_run(p[1], p[2])]
    gutters = {id(p[1]): _gutter_kind(p[1], p[2]) for p in runs}
    timeline = {key for key, kind in gutters.items() if kind is not None}
    columnar = {
        id(p[1])
        for p in runs
        if id(p[1]) not in timeline and not _reads_line_by_line(p[1], p[2], region_right)
    }
    if not columnar and not timeline:
        return False
    spans: list[Segment] = []
    for kind, left_part, right_part in pieces:
        if kind == "span" or id(left_part) not in columnar | timeline:
            spans.extend(left_part + right_part)
            continue
        if spans:
            _emit_rows(_rows(spans), layout)
            spans = []
        if id(left_part) in timeline:
            _emit_rows(_timeline_rows(left_part, right_part, gutters[id(left_part)]), layout)
            continue
        _break(layout)
        if _is_table(left_part, right_part):
            layout.tables += 1
            _emit_rows(_rows(left_part + right_part), layout, cell_joiner=" | ")
        else:
            layout.columns += 1
            _read_region(left_part, layout, depth + 1)
            _break(layout)
            _read_region(right_part, layout, depth + 1)
        _break(layout)
    if spans:
        _emit_rows(_rows(spans), layout)
    return True


def _is_column_run(left: list[Segment], right: list[Segment]) -> bool:
    """Both sides hold several rows, and most rows on the right start at one left edge (give
    or take a bullet indent), as a column's lines do; ragged starts are items hanging off the
    lines on the left."""
    right_rows = _rows(right)
    if len(_rows(left)) < _MIN_COLUMN_ROWS or len(right_rows) < _MIN_COLUMN_ROWS:
        return False
    starts = [row[0].x0 for row in right_rows]
    first = min(starts)
    return sum(1 for x in starts if x - first <= 20.0) >= 0.5 * len(starts)


def _is_table(left: list[Segment], right: list[Segment]) -> bool:
    """Rows of the two sides line up one to one, as cells of a grid do, and their blank
    lines fall at the same heights: two columns set on one leading line up too, but each
    breaks between its own sections."""
    left_rows = _rows(left)
    right_rows = _rows(right)
    right_middles = [row[0].middle for row in right_rows]
    matched = 0
    for row in left_rows:
        middle = row[0].middle
        tolerance = 0.25 * (row[0].bottom - row[0].top)
        if any(abs(middle - other) <= tolerance for other in right_middles):
            matched += 1
    if matched < _MIN_COLUMN_ROWS or matched < 0.8 * max(len(left_rows), len(right_rows)):
        return False
    left_gaps, right_gaps = _paragraph_gaps(left_rows), _paragraph_gaps(right_rows)
    pitch = min(row[0].bottom - row[0].top for row in left_rows + right_rows)
    return all(any(abs(a - b) <= pitch for b in right_gaps) for a in left_gaps) and all(
        any(abs(a - b) <= pitch for b in left_gaps) for a in right_gaps
    )


def _paragraph_gaps(rows: list[list[Segment]]) -> list[float]:
    """Heights of the blank lines between rows: a step over 1.6 times the usual one."""
    tops = [min(s.top for s in row) for row in rows]
    steps = [b - a for a, b in pairwise(tops)]
    if not steps:
        return []
    usual = sorted(steps)[len(steps) // 2]
    return [a + step / 2 for a, step in zip(tops, steps, strict=False) if step > 1.6 * usual]


def _is_date_gutter(side: list[Segment]) -> bool:
    """A narrow column of dates ("2019 - 2021", "Jan 2020 – Present") beside the entries."""
    rows = _rows(side)
    dated = sum(1 for row in rows if _DATE_WORD_RE.search(" ".join(s.text for s in row)))
    return dated >= 0.7 * len(rows) and max(s.x1 - s.x0 for s in side) < 160.0


def _reads_line_by_line(left: list[Segment], right: list[Segment], region_right: float) -> bool:
    """Dates beside entries (a timeline), or dates and places flushed right to the text's
    right edge: each item belongs to the line beside it, so these are not columns."""
    if _is_date_gutter(left) or _is_date_gutter(right):
        return True
    edge = max(s.x1 for s in right)
    return edge >= region_right - 3.0 and all(edge - s.x1 <= 3.0 for s in right)


def _label_groups(side: list[Segment], *, dates: bool) -> list[list[list[Segment]]]:
    """Rows of a narrow side column grouped into blocks: a date wrapped over two or three
    lines ("September 2019 –" / "Present") is one block; a label is one row."""
    groups: list[list[list[Segment]]] = []
    for row in _rows(side):
        top = min(s.top for s in row)
        if groups and dates:
            last = groups[-1][-1]
            size = max(s.size for s in last)
            previous = " ".join(s.text for s in last).strip()
            text = " ".join(s.text for s in row).strip()
            if top - max(s.bottom for s in last) <= 0.6 * size and (
                _CONTINUED_RE.search(previous) or _CONTINUING_RE.match(text)
            ):
                groups[-1].append(row)
                continue
        groups.append([row])
    return groups


def _gutter_kind(left: list[Segment], right: list[Segment]) -> str | None:
    """A narrow left column of dates or labels, each block starting on the baseline of a line
    on the right (moderncv's dates, a 職務経歴書's 氏名 / 職務要約 label column): each block
    belongs with the lines beside it, not read as a column of its own."""
    if max(s.x1 - s.x0 for s in left) >= 160.0:
        return None
    if _is_date_gutter(left):
        return "dates"
    groups = _label_groups(left, dates=False)
    right_rows = _rows(right)
    if len(groups) < 2:
        return None
    tops: list[int] = []
    for group in groups:
        first = group[0][0]
        tolerance = 0.3 * (first.bottom - first.top)
        aligned = [
            i for i, row in enumerate(right_rows) if abs(row[0].top - first.top) <= tolerance
        ]
        if not aligned:
            return None
        tops.append(aligned[0])
    # Labels head blocks: most stand beside more lines than they take, where sidebar lines
    # drawn on the main column's leading stand beside one line each.
    bands = [b - a for a, b in zip(tops, [*tops[1:], len(right_rows)], strict=False)]
    left_rows = sum(len(group) for group in groups)
    beside_more = sum(1 for group, band in zip(groups, bands, strict=True) if band > len(group))
    if left_rows <= 0.6 * len(right_rows) and beside_more >= 0.5 * len(groups):
        return "labels"
    return None


def _timeline_rows(
    left: list[Segment], right: list[Segment], kind: str | None
) -> list[list[Segment]]:
    """The right column's rows with each left block placed at the row it starts beside: in
    front of that row (a date, moderncv's "Languages"), or, for a column of labels (氏名,
    職務要約, スキル), on a line of its own above the lines it labels."""
    right_rows = _rows(right)
    groups = _label_groups(left, dates=kind == "dates")
    before: dict[int, list[Segment]] = {}
    for group in groups:
        parts = [s for row in group for s in row]
        label = Segment(
            " ".join(" ".join(s.text.strip() for s in row) for row in group),
            min(s.x0 for s in parts),
            min(s.top for s in parts),
            max(s.x1 for s in parts),
            max(s.bottom for s in parts),
            max(s.size for s in parts),
        )
        index = next(
            (i for i, row in enumerate(right_rows) if row[-1].bottom > label.top + 1.0),
            len(right_rows),
        )
        before.setdefault(index, []).append(label)
    rows: list[list[Segment]] = []
    starts = sorted(before)
    for index in range(len(right_rows) + 1):
        labels = before.get(index, [])
        row = right_rows[index] if index < len(right_rows) else []
        next((start for start in starts if start > index), len(right_rows))
        for label in labels[:-1]:
            rows.append([label])
        if labels:
            label = labels[-1]
            if kind == "labels" or not row:
                rows.append([label])
            else:
                row = [label, *row]
        if row:
            rows.append(row)
    return rows


def _break(layout: PageLayout) -> None:
    if layout.lines and layout.lines[-1].text:
        layout.lines.append(Line(""))


def _emit_rows(rows: list[list[Segment]], layout: PageLayout, cell_joiner: str = " ") -> None:
    previous: Line | None = None
    previous_size = 0.0
    for row in rows:
        top = min(s.top for s in row)
        bottom = max(s.bottom for s in row)
        if previous is not None and previous.text:
            size = max(max(s.size for s in row), previous_size)
            if top - previous.bottom > 0.9 * size:
                _break(layout)
        for part in _split_by_size(row):
            line = Line(cell_joiner.join(s.text.strip() for s in part), top, bottom)
            layout.lines.append(line)
            previous = line
        previous_size = max(s.size for s in row)


def _split_by_size(row: list[Segment]) -> list[list[Segment]]:
    """A row cut where the type size jumps (a large name beside small contact details): the
    parts are separate lines, read left to right."""
    parts: list[list[Segment]] = [[row[0]]]
    for item in row[1:]:
        last = parts[-1][-1]
        large, small = max(last.size, item.size), min(last.size, item.size)
        if small > 0 and large >= 1.6 * small and item.x0 - last.x1 > small:
            parts.append([item])
        else:
            parts[-1].append(item)
    return parts
