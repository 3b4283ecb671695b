"""DOCX resumes read from their WordprocessingML: body, tables, text boxes, headers, footers.

lxml reads the XML directly (docx2python and python-docx drop the run properties that mark
hidden text). Hidden runs (``w:vanish``, white colour, size under 2pt) are left out of the
text and reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from hireflow.resumes.document import HiddenKind, HiddenText, LayoutHazard
from hireflow.resumes.extraction.archive import SafeArchive
from hireflow.resumes.extraction.errors import CorruptResume

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_W = f"{{{W}}}"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TINY_HALF_POINTS = 4  # w:sz is in half-points: under 4 is under 2pt
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
)
_HEADER_RE = re.compile(r"^word/(header|footer)(\d*)\.xml$")
_BLOCK_CONTAINERS = {f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}smartTag"}


@dataclass(slots=True)
class DocxContent:
    pages: list[list[str]] = field(default_factory=lambda: [[]])  # lines per page
    hidden: list[HiddenText] = field(default_factory=list)
    hazards: list[LayoutHazard] = field(default_factory=list)
    tables: int = 0
    text_boxes: int = 0
    images: int = 0
    links: list[str] = field(default_factory=list)
    metadata: list[str] = field(default_factory=list)


_CORE_FIELDS = ("title", "subject", "keywords", "description", "creator", "category")


def read_docx(data: bytes) -> DocxContent:
    archive = SafeArchive(data)
    hidden_styles = _hidden_styles(archive)
    content = DocxContent()
    reader = _PartReader(content, hidden_styles)
    headers: list[str] = []
    footers: list[str] = []
    for name in sorted(archive.names):
        match = _HEADER_RE.match(name)
        if match:
            lines = reader.read_part(_parse(archive, name), paged=False)
            text = "\n".join(line for line in lines if line)
            target = headers if match.group(1) == "header" else footers
            if text and text not in target:
                target.append(text)
    for name in sorted(archive.names):
        if name.startswith("word/_rels/") and name.endswith(".rels"):
            content.links.extend(_external_links(_parse(archive, name)))
    if "docProps/core.xml" in archive.names:
        content.metadata.extend(_core_properties(_parse(archive, "docProps/core.xml")))
    body = _parse(archive, "word/document.xml").find(f"{_W}body")
    if body is None:
        raise CorruptResume("The Word document has no body.")
    if headers:
        content.pages[0].extend(headers)
    reader.read_part(body, paged=True)
    content.pages[-1].extend(footers)
    if headers or footers:
        content.hazards.append(
            LayoutHazard(
                kind="header_footer_content",
                detail="Text in the page header/footer; many ATS ignore it: "
                + " / ".join(h.replace("\n", " ")[:80] for h in headers + footers),
            )
        )
    if content.tables:
        content.hazards.append(
            LayoutHazard(
                kind="table", detail=f"{content.tables} table(s); ATS often scramble table cells."
            )
        )
    if content.text_boxes:
        content.hazards.append(
            LayoutHazard(
                kind="text_box", detail=f"{content.text_boxes} text box(es); many ATS skip them."
            )
        )
    if content.images:
        content.hazards.append(
            LayoutHazard(
                kind="image", detail=f"{content.images} image(s); text in images is not read."
            )
        )
    return content


def _parse(archive: SafeArchive, name: str) -> etree._Element:
    try:
        return etree.fromstring(archive.read(name), _PARSER)
    except etree.XMLSyntaxError as exc:
        raise CorruptResume(f"The Word document is damaged: {name} is not valid XML.") from exc


def _core_properties(root: etree._Element) -> list[str]:
    """Title, subject, keywords, description… of ``docProps/core.xml`` as ``Key: value``."""
    found: list[str] = []
    for element in root:
        if not isinstance(element.tag, str):
            continue
        name = etree.QName(element).localname
        value = " ".join("".join(str(part) for part in element.itertext()).split())
        if name in _CORE_FIELDS and value:
            found.append(f"{name.title()}: {value[:20_000]}")
    return found


def _external_links(relationships: etree._Element) -> list[str]:
    """Targets of a part's external hyperlink relationships."""
    return [
        relation.get("Target", "")
        for relation in relationships.iter(f"{{{_RELS}}}Relationship")
        if relation.get("TargetMode") == "External"
        and relation.get("Type", "").endswith("/hyperlink")
    ]


def _hidden_styles(archive: SafeArchive) -> dict[str, HiddenKind]:
    """Style ids whose run properties hide text (following ``basedOn`` chains)."""
    if "word/styles.xml" not in archive.names:
        return {}
    root = _parse(archive, "word/styles.xml")
    own: dict[str, HiddenKind | None] = {}
    based_on: dict[str, str] = {}
    for style in root.iter(f"{_W}style"):
        style_id = style.get(f"{_W}styleId")
        if not style_id:
            continue
        own[style_id] = _hidden_kind(style.find(f"{_W}rPr"))
        parent = style.find(f"{_W}basedOn")
        if parent is not None and parent.get(f"{_W}val"):
            based_on[style_id] = parent.get(f"{_W}val", "")
    hidden: dict[str, HiddenKind] = {}
    for style_id in own:
        current: str | None = style_id
        for _ in range(20):
            if current is None:
                break
            kind = own.get(current)
            if kind is not None:
                hidden[style_id] = kind
                break
            current = based_on.get(current)
    return hidden


def _on(element: etree._Element | None) -> bool:
    if element is None:
        return False
    return element.get(f"{_W}val", "true").lower() not in {"0", "false", "off"}


def _hidden_kind(rpr: etree._Element | None) -> HiddenKind | None:
    if rpr is None:
        return None
    if _on(rpr.find(f"{_W}vanish")) or _on(rpr.find(f"{_W}specVanish")):
        return "invisible_render"
    size = rpr.find(f"{_W}sz")
    if size is not None:
        try:
            if int(size.get(f"{_W}val", "24")) < _TINY_HALF_POINTS:
                return "tiny_text"
        except ValueError:
            pass
    color = rpr.find(f"{_W}color")
    if color is not None and (
        _is_near_white(color.get(f"{_W}val", ""))
        or color.get(f"{_W}themeColor") in {"background1", "light1"}
    ):
        shading = rpr.find(f"{_W}shd")
        highlight = rpr.find(f"{_W}highlight")
        on_dark = shading is not None and not _is_near_white(shading.get(f"{_W}fill", ""))
        highlighted = highlight is not None and highlight.get(f"{_W}val") not in {"none", "white"}
        if not on_dark and not highlighted:
            return "white_text"
    return None


def _shaded_dark(shading: etree._Element | None) -> bool:
    """Whether a ``w:shd`` fills with a colour white text shows on."""
    if shading is None:
        return False
    fill = shading.get(f"{_W}fill", "auto")
    return len(fill) == 6 and fill.lower() != "auto" and not _is_near_white(fill)


def _is_near_white(value: str) -> bool:
    if len(value) != 6:
        return False
    try:
        return all(int(value[i : i + 2], 16) >= 0xF0 for i in (0, 2, 4))
    except ValueError:
        return False


class _PartReader:
    """Walks one XML part in document order, appending lines to the current page."""

    def __init__(self, content: DocxContent, hidden_styles: dict[str, HiddenKind]) -> None:
        self.content = content
        self.hidden_styles = hidden_styles
        self.lines: list[str] = []
        self.paged = False
        self.dark_background = False  # inside a table cell shaded dark

    def read_part(self, root: etree._Element, *, paged: bool) -> list[str]:
        self.paged = paged
        self.lines = self.content.pages[-1] if paged else []
        self._blocks(root)
        return self.lines

    def _new_page(self) -> None:
        if self.paged and self.lines:
            self.content.pages.append([])
            self.lines = self.content.pages[-1]

    def _blocks(self, parent: etree._Element) -> None:
        for child in parent:
            tag = child.tag
            if tag == f"{_W}p":
                self._paragraph(child)
            elif tag == f"{_W}tbl":
                self.content.tables += 1
                self._table(child)
            elif tag in _BLOCK_CONTAINERS:
                self._blocks(child)

    def _table(self, table: etree._Element) -> None:
        """A table row of one-line cells is one line, cells joined by " | " (a grid of data,
        a label beside its value). A row whose cells hold paragraphs is the page laid out as
        a table: each cell is read whole, left to right, a blank line between cells."""
        for row in table.iter(f"{_W}tr"):
            if row.getparent() is not table:
                continue
            cells: list[str] = []
            cell_lines: list[list[str]] = []
            for cell in row.findall(f"{_W}tc"):
                saved = self.lines
                self.lines = []
                paged, self.paged = self.paged, False
                dark, self.dark_background = (
                    self.dark_background,
                    (self.dark_background or _shaded_dark(cell.find(f"{_W}tcPr/{_W}shd"))),
                )
                self._blocks(cell)
                self.paged, self.dark_background = paged, dark
                lines = [line.strip() for line in self.lines if line.strip()]
                self.lines = saved
                if lines:
                    cells.append(" ".join(lines))
                    cell_lines.append(lines)
            if any(len(lines) > 1 for lines in cell_lines):
                for lines in cell_lines:
                    if self.lines and self.lines[-1]:
                        self.lines.append("")
                    self.lines.extend(lines)
                self.lines.append("")
            elif cells:
                self.lines.append(" | ".join(cells))

    def _paragraph(self, paragraph: etree._Element) -> None:
        paragraph_hidden = self._paragraph_style_hidden(paragraph)
        on_dark = self.dark_background or _shaded_dark(paragraph.find(f"{_W}pPr/{_W}shd"))
        buffer: list[str] = []
        hidden_run: list[str] = []
        hidden_kind: list[HiddenKind] = []
        floating: list[etree._Element] = []

        def flush_hidden() -> None:
            text = "".join(hidden_run).strip()
            if sum(1 for ch in text if ch.isalnum()) >= 3:  # a hidden space or bullet says nothing
                self.content.hidden.append(HiddenText(kind=hidden_kind[0], text=text))
            hidden_run.clear()
            hidden_kind.clear()

        for run in self._runs(paragraph, floating):
            kind = self._run_hidden(run) or paragraph_hidden
            if kind == "white_text" and on_dark:
                kind = None  # white on a dark cell or paragraph shading is plainly visible
            pieces: list[str] = []
            for node in run:
                tag = node.tag
                if tag == f"{_W}t":
                    pieces.append(node.text or "")
                elif tag in (f"{_W}tab", f"{_W}ptab"):
                    pieces.append("\t")
                elif tag in (f"{_W}br", f"{_W}cr"):
                    if node.get(f"{_W}type") == "page":
                        self._emit(buffer)
                        self._new_page()
                    else:
                        pieces.append("\n")
                elif tag == f"{_W}lastRenderedPageBreak" and self.paged and (buffer or self.lines):
                    self._emit(buffer)
                    self._new_page()
                elif tag == f"{_W}noBreakHyphen":
                    pieces.append("-")
            text = "".join(pieces)
            if kind is not None:
                if hidden_kind and hidden_kind[0] != kind:
                    flush_hidden()
                hidden_kind.append(kind)
                hidden_run.append(text)
            else:
                flush_hidden()
                buffer.append(text)
        flush_hidden()
        self._emit(buffer)
        for box in floating:
            self.content.text_boxes += 1
            dark, self.dark_background = (
                self.dark_background,
                (self.dark_background or _box_on_dark(box)),
            )
            self._blocks(box)
            self.dark_background = dark
        section_break = paragraph.find(f"{_W}pPr/{_W}sectPr")
        if section_break is not None:
            break_type = section_break.find(f"{_W}type")
            if break_type is None or break_type.get(f"{_W}val") != "continuous":
                self._new_page()

    def _emit(self, buffer: list[str]) -> None:
        text = "".join(buffer)
        buffer.clear()
        self.lines.extend(text.split("\n"))

    def _runs(
        self, element: etree._Element, floating: list[etree._Element]
    ) -> list[etree._Element]:
        """Runs of a paragraph in order; text-box contents go to ``floating``."""
        runs: list[etree._Element] = []
        for child in element:
            tag = child.tag
            if tag == f"{_W}r":
                runs.append(child)
                self._drawings(child, floating)
            elif tag in (f"{_W}del", f"{_W}moveFrom", f"{_W}pPr") or not isinstance(tag, str):
                continue
            elif tag == f"{{{MC}}}AlternateContent":
                choice = child.find(f"{{{MC}}}Choice")
                if choice is not None:
                    runs.extend(self._runs(choice, floating))
            else:
                runs.extend(self._runs(child, floating))
        return runs

    def _drawings(self, run: etree._Element, floating: list[etree._Element]) -> None:
        for node in run.iter(f"{_W}txbxContent", f"{_W}drawing", f"{{{MC}}}Fallback"):
            if node.tag == f"{_W}txbxContent":
                if not _inside(node, run, {f"{{{MC}}}Fallback", f"{_W}txbxContent"}):
                    floating.append(node)
            elif (
                node.tag == f"{_W}drawing"
                and not any(d.tag == f"{_W}txbxContent" for d in node.iter(f"{_W}txbxContent"))
                and any(str(d.tag).endswith("}pic") for d in node.iter())
            ):
                self.content.images += 1

    def _run_hidden(self, run: etree._Element) -> HiddenKind | None:
        rpr = run.find(f"{_W}rPr")
        kind = _hidden_kind(rpr)
        if kind is None and rpr is not None:
            style = rpr.find(f"{_W}rStyle")
            if style is not None:
                kind = self.hidden_styles.get(style.get(f"{_W}val", ""))
        return kind

    def _paragraph_style_hidden(self, paragraph: etree._Element) -> HiddenKind | None:
        style = paragraph.find(f"{_W}pPr/{_W}pStyle")
        if style is None:
            return None
        return self.hidden_styles.get(style.get(f"{_W}val", ""))


def _box_on_dark(box: etree._Element) -> bool:
    """Whether a text box's shape is filled with a colour white text shows on (a dark
    sidebar drawn as a shape): DrawingML ``spPr/solidFill`` or VML ``fillcolor``."""
    parent = box.getparent()
    while parent is not None:
        name = etree.QName(parent).localname if isinstance(parent.tag, str) else ""
        if name in {"wsp", "shape", "rect", "roundrect"}:
            fill = (parent.get("fillcolor") or "").lstrip("#")
            if len(fill) == 6 and not _is_near_white(fill):
                return True
            for child in parent:
                if isinstance(child.tag, str) and etree.QName(child).localname == "spPr":
                    for paint in child:
                        if (
                            isinstance(paint.tag, str)
                            and etree.QName(paint).localname == "solidFill"
                        ):
                            return _paint_is_dark(paint)
            return False
        parent = parent.getparent()
    return False


def _paint_is_dark(fill: etree._Element) -> bool:
    for colour in fill:
        if not isinstance(colour.tag, str):
            continue
        kind = etree.QName(colour).localname
        value = colour.get("val", "")
        if kind == "srgbClr":
            return len(value) == 6 and not _is_near_white(value)
        if kind == "schemeClr":
            return value not in {"bg1", "lt1", "background1", "light1"}
    return False


def _inside(node: etree._Element, stop: etree._Element, tags: set[str]) -> bool:
    """Whether an ancestor of ``node`` below ``stop`` has one of ``tags``."""
    parent = node.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in tags:
            return True
        parent = parent.getparent()
    return False
