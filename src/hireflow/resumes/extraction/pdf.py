"""PDF resumes through pdfium: visible text in reading order, hidden text, layout hazards."""

from __future__ import annotations

import ctypes
import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from hireflow.resumes.document import HiddenKind, HiddenText, LayoutHazard
from hireflow.resumes.extraction.errors import (
    CorruptResume,
    EmptyResume,
    EncryptedResume,
    ScannedResume,
)
from hireflow.resumes.extraction.layout import Fragment, Line, lay_out_page
from hireflow.resumes.extraction.pdf_metadata import document_metadata

_TINY_POINTS = 2.0
_NEAR_WHITE = 240
_INVISIBLE_MODES = {3, 7}  # FPDF_TEXTRENDERMODE_INVISIBLE, _CLIP
_BAND = 0.055  # share of the page height counted as header / footer band (~0.6 inch)
_CONTACT_RE = re.compile(r"@|https?://|www\.|\+?\d[\d\s().-]{7,}\d")
_DIGITS_RE = re.compile(r"\d+")
_MAX_PAGES = 50
_MAX_LINKS = 200
PDFIUM_LOCK = threading.Lock()
_MAX_OBJECTS = 100_000  # per page, forms included: more is not a resume but a denial of service


@dataclass(frozen=True, slots=True)
class _Box:
    x0: float
    top: float
    x1: float
    bottom: float
    order: int  # paint order on the page

    @property
    def area(self) -> float:
        return max(self.x1 - self.x0, 0.0) * max(self.bottom - self.top, 0.0)

    def intersects(self, other: _Box) -> bool:
        return (
            other.x1 > self.x0
            and other.x0 < self.x1
            and other.bottom > self.top
            and other.top < self.bottom
        )

    def overlap(self, other: _Box) -> float:
        width = min(self.x1, other.x1) - max(self.x0, other.x0)
        height = min(self.bottom, other.bottom) - max(self.top, other.top)
        return width * height if width > 0 and height > 0 else 0.0


@dataclass(slots=True)
class _PageObjects:
    texts: list[tuple[Fragment, _Box, HiddenKind | None, bool]] = field(default_factory=list)
    images: list[_Box] = field(default_factory=list)
    dark_fills: list[_Box] = field(default_factory=list)
    rejoined: int = 0  # text objects whose pdfium-generated spaces inside words were dropped


@dataclass(slots=True)
class PdfContent:
    pages: list[list[Line]] = field(default_factory=list)
    hidden: list[HiddenText] = field(default_factory=list)
    hazards: list[LayoutHazard] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    corrections: list[str] = field(default_factory=list)
    metadata: list[str] = field(default_factory=list)


def open_pdf(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            raise EncryptedResume(
                "This PDF is password-protected. Remove the password and upload it again."
            ) from exc
        if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_SECURITY:
            raise EncryptedResume("This PDF uses an unsupported encryption scheme.") from exc
        raise CorruptResume("The PDF is damaged or truncated and cannot be read.") from exc


def read_pdf(data: bytes) -> PdfContent:
    """Read a PDF. pdfium is not thread-safe: calls are serialised within a process (run
    extraction in worker processes for parallelism, as ``bench/ingest.py`` does)."""
    with PDFIUM_LOCK:
        document = open_pdf(data)
        try:
            content = _read_document(document)
            content.metadata.extend(document_metadata(document, data))
            return content
        finally:
            document.close()


def _read_document(document: pdfium.PdfDocument) -> PdfContent:
    content = PdfContent()
    page_count = len(document)
    if page_count == 0:
        raise CorruptResume("The PDF has no pages.")
    if page_count > _MAX_PAGES:
        raise CorruptResume(f"The PDF has {page_count} pages; a resume has at most {_MAX_PAGES}.")
    image_pages: list[int] = []
    bands: list[tuple[int, list[str]]] = []
    rejoined = 0
    for number in range(1, page_count + 1):
        try:
            page = document[number - 1]
        except pdfium.PdfiumError as exc:
            raise CorruptResume(f"Page {number} of the PDF is damaged.") from exc
        try:
            width, height = page.get_size()
            textpage = page.get_textpage()
            try:
                objects = _collect_objects(page, textpage)
            finally:
                textpage.close()
            content.links.extend(_page_links(document, page))
        finally:
            page.close()
        rejoined += objects.rejoined
        hidden: list[HiddenText] = []
        visible = _visible_fragments(objects, number, hidden)
        ocr_layer = not visible and _ocr_layer(objects, width * height)
        if ocr_layer:
            visible = [fragment for fragment, _, _, _ in objects.texts]
        else:
            content.hidden.extend(h for h in hidden if is_readable(h.text))
        layout = lay_out_page(visible)
        content.pages.append(layout.lines)
        if ocr_layer:
            content.hazards.append(
                LayoutHazard(
                    kind="scanned_page",
                    page=number,
                    detail="The page is a scanned image with an invisible OCR text layer; the text "
                    "may hold recognition errors and cannot be checked against the image.",
                )
            )
        elif objects.images:
            image_pages.append(number)
            text_chars = sum(len(line.text) for line in layout.lines)
            image_area = sum(box.area for box in objects.images)
            if text_chars < 100 and image_area > 0.3 * width * height:
                content.hazards.append(
                    LayoutHazard(
                        kind="scanned_page",
                        page=number,
                        detail="The page is mostly an image with little text (scanned?); "
                        "text in the image cannot be read.",
                    )
                )
            else:
                content.hazards.append(
                    LayoutHazard(
                        kind="image",
                        page=number,
                        detail=f"{len(objects.images)} image(s) on the page; "
                        "text in images is not read.",
                    )
                )
        if layout.columns:
            content.hazards.append(
                LayoutHazard(
                    kind="multi_column",
                    page=number,
                    detail="Text in columns side by side; many ATS read across the columns.",
                )
            )
        if layout.tables:
            content.hazards.append(
                LayoutHazard(
                    kind="table",
                    page=number,
                    detail="Text laid out as a table; ATS often scramble table cells.",
                )
            )
        bands.append(
            (
                number,
                [
                    line.text
                    for line in layout.lines
                    if line.text
                    and (line.bottom <= height * _BAND or line.top >= height * (1 - _BAND))
                ],
            )
        )
    if not any(line.text for page_lines in content.pages for line in page_lines):
        if image_pages:
            raise ScannedResume(
                "This PDF has no text layer: it looks like a scanned image, and OCR is not "
                "available. Upload the original document (DOCX, or a PDF saved from it)."
            )
        if content.hidden:
            raise EmptyResume(
                "This PDF has no visible text, only hidden text (white, tiny, invisible or "
                "off-page), which is not accepted as a resume."
            )
        raise EmptyResume("This PDF contains no text.")
    content.hazards.extend(_band_hazards(bands))
    if rejoined:
        content.corrections.append(
            f"{rejoined} text run(s) with spaces inside words (letter-spacing, kerning) rejoined"
        )
    return content


def _collect_objects(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage) -> _PageObjects:
    """Every text, image and filled path on the page, in paint order, in top-down coordinates."""
    objects = _PageObjects()
    left, bottom_edge, right, top_edge = page.get_cropbox()
    page_box = _Box(left, 0.0, right, top_edge - bottom_edge, -1)
    collector = _ObjectCollector(objects, textpage.raw, top_edge, page_box)
    collector.sizes = _font_sizes(page.raw)
    collector.drops = _rejoined_objects(textpage.raw, collector.sizes)
    collector.walk_page(page.raw)
    return objects


_SEPARATORS = str.maketrans({"\t": " ", "\r": " ", "\n": " ", "\xa0": " "})


def _address(obj: object) -> int:
    return ctypes.cast(obj, ctypes.c_void_p).value or 0  # type: ignore[arg-type]


def _rejoined_objects(textpage: object, sizes: dict[int, float]) -> dict[int, set[int]]:
    """Per text object, the offsets (within the object's text) of spaces PDFium generated
    inside a word, to drop.

    PDFium adds a space wherever glyphs are further apart than it expects, so letter-spaced
    headings ("S EN I O R") and kerned words ("Ku bernetes") come back split. A word gap is
    wider than the gaps between the letters beside it (the tracking) by a good part of a
    space (0.15 em); narrower generated spaces are dropped. Only spaces are looked at, so a
    page costs a few calls per word, not per character.
    """
    count = pdfium_c.FPDFText_CountChars(textpage)
    if count <= 0 or count > 200_000:
        return {}
    buffer = (ctypes.c_ushort * (count + 1))()
    pdfium_c.FPDFText_GetText(textpage, 0, count, buffer)
    text = bytes(buffer).decode("utf-16-le", errors="replace")[:count]
    rect = pdfium_c.FS_RECTF()

    extents: dict[int, tuple[float, float] | None] = {}

    def extent(index: int) -> tuple[float, float] | None:
        if index not in extents:
            extents[index] = None
            readable = 0 <= index < count and not text[index].isspace()
            if readable and pdfium_c.FPDFText_GetLooseCharBox(textpage, index, rect):
                extents[index] = (rect.left, rect.right)
        return extents[index]

    starts: dict[int, int] = {}
    drops: dict[int, set[int]] = {}
    for index, char in enumerate(text):
        if char != " " or pdfium_c.FPDFText_IsGenerated(textpage, index) != 1:
            continue
        owner = _address(pdfium_c.FPDFText_GetTextObject(textpage, index - 1))
        if not owner or owner != _address(pdfium_c.FPDFText_GetTextObject(textpage, index + 1)):
            continue  # between two objects: the layout decides
        before, after = extent(index - 1), extent(index + 1)
        size = sizes.get(owner, 0.0)
        if before is None or after is None or size <= 0:
            continue
        # The tracking: the usual gap between neighbouring letters nearby, spaced or not.
        window = [
            box
            for i in range(max(index - 6, 0), min(index + 7, count))
            if i not in (index - 1, index + 1) and (box := extent(i)) is not None
        ]
        window = sorted([*window, before, after])
        gaps = [b[0] - a[1] for a, b in pairwise(window) if (a, b) != (before, after)]
        tracking = max(sorted(gaps)[len(gaps) // 2], 0.0) if gaps else 0.0
        if after[0] - before[1] - tracking >= 0.15 * size:
            continue
        if owner not in starts:
            start = index - 1
            while (
                start > 0
                and _address(pdfium_c.FPDFText_GetTextObject(textpage, start - 1)) == owner
            ):
                start -= 1
            starts[owner] = start
        drops.setdefault(owner, set()).add(index - starts[owner])
    return drops


class _ObjectCollector:
    def __init__(
        self, objects: _PageObjects, textpage: object, height: float, page_box: _Box
    ) -> None:
        self.objects = objects
        self.textpage = textpage
        self.height = height
        self.page_box = page_box
        self.order = 0
        self._l, self._b = ctypes.c_float(), ctypes.c_float()
        self._r, self._t = ctypes.c_float(), ctypes.c_float()
        self._rgba = [ctypes.c_uint() for _ in range(4)]
        self._size = ctypes.c_float()
        self._matrix = pdfium_c.FS_MATRIX()
        self.sizes: dict[int, float] = {}
        self.drops: dict[int, set[int]] = {}

    def walk_page(self, page: object) -> None:
        count = pdfium_c.FPDFPage_CountObjects(page)
        for index in range(max(count, 0)):
            self._visit(pdfium_c.FPDFPage_GetObject(page, index), None)

    def _visit(self, obj: object, form: tuple[float, ...] | None) -> None:
        if not obj:
            return
        self.order += 1
        if self.order > _MAX_OBJECTS:
            raise CorruptResume(
                f"A page of the PDF holds more than {_MAX_OBJECTS} drawing objects; "
                "it is not a normal resume."
            )
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            matrix = self._get_matrix(obj)
            combined = matrix if form is None else _multiply(matrix, form)
            count = pdfium_c.FPDFFormObj_CountObjects(obj)
            for index in range(max(count, 0)):
                self._visit(pdfium_c.FPDFFormObj_GetObject(obj, index), combined)
            return
        if kind not in (
            pdfium_c.FPDF_PAGEOBJ_TEXT,
            pdfium_c.FPDF_PAGEOBJ_IMAGE,
            pdfium_c.FPDF_PAGEOBJ_PATH,
            pdfium_c.FPDF_PAGEOBJ_SHADING,
        ):
            return
        box = self._bounds(obj, form)
        if box is None:
            return
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            self.objects.images.append(box)
        elif kind == pdfium_c.FPDF_PAGEOBJ_SHADING:
            self.objects.dark_fills.append(box)  # a gradient: white text on it can be seen
        elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            self._path(obj, box)
        else:
            self._text(obj, box, form)

    def _bounds(self, obj: object, form: tuple[float, ...] | None) -> _Box | None:
        if not pdfium_c.FPDFPageObj_GetBounds(obj, self._l, self._b, self._r, self._t):
            return None
        x0, y0, x1, y1 = self._l.value, self._b.value, self._r.value, self._t.value
        if form is not None:
            xs, ys = [], []
            for x, y in ((x0, y0), (x0, y1), (x1, y0), (x1, y1)):
                xs.append(form[0] * x + form[2] * y + form[4])
                ys.append(form[1] * x + form[3] * y + form[5])
            x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
        return _Box(x0, self.height - y1, x1, self.height - y0, self.order)

    def _get_matrix(self, obj: object) -> tuple[float, ...]:
        m = self._matrix
        if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
            return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        return (m.a, m.b, m.c, m.d, m.e, m.f)

    def _fill(self, obj: object) -> tuple[int, int, int, int]:
        r, g, b, a = self._rgba
        if not pdfium_c.FPDFPageObj_GetFillColor(obj, r, g, b, a):
            return (0, 0, 0, 255)
        return (r.value, g.value, b.value, a.value)

    def _path(self, obj: object, box: _Box) -> None:
        fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
        if not pdfium_c.FPDFPath_GetDrawMode(obj, fill_mode, stroke) or fill_mode.value == 0:
            return
        r, g, b, a = self._fill(obj)
        if a > 128 and min(r, g, b) < _NEAR_WHITE and box.area > 50:
            self.objects.dark_fills.append(box)

    def _text(self, obj: object, box: _Box, form: tuple[float, ...] | None) -> None:
        length = pdfium_c.FPDFTextObj_GetText(obj, self.textpage, None, 0)
        if length <= 2:
            return
        buffer = (pdfium_c.FPDF_WCHAR * (length // 2))()
        pdfium_c.FPDFTextObj_GetText(obj, self.textpage, buffer, length)
        text = bytes(buffer).decode("utf-16-le", errors="replace").rstrip("\x00")
        drops = self.drops.get(_address(obj))
        if drops:
            text = "".join(ch for i, ch in enumerate(text) if i not in drops)
            self.objects.rejoined += 1
        text = text.translate(_SEPARATORS)
        if not text.strip():
            return
        size = 0.0
        # The line box comes from the baseline and the font size, not from the glyphs, so that
        # "nano" and "Typography" on one baseline get the same box (glyph bounds differ).
        line_top, line_bottom = box.top, box.bottom
        if pdfium_c.FPDFTextObj_GetFontSize(obj, self._size):
            matrix = self._get_matrix(obj)
            if form is not None:
                matrix = _multiply(matrix, form)
            a, b, c, d, _, f = matrix
            size = self._size.value * abs(a * d - b * c) ** 0.5
            if size and a > 0 and d > 0 and abs(b) + abs(c) < 1e-3 * (a + d):
                line_top = self.height - f - 0.8 * size
                line_bottom = self.height - f + 0.2 * size
        if size and (box.bottom - box.top < 0.3 * size or box.x1 - box.x0 <= 0):
            # Fonts without glyph metrics (non-embedded CID fonts) give empty bounds.
            box = _Box(
                box.x0,
                line_top,
                max(box.x1, box.x0 + 0.5 * size * len(text)),
                line_bottom,
                box.order,
            )
        hidden: HiddenKind | None = None
        mode = pdfium_c.FPDFTextObj_GetTextRenderMode(obj)
        red, green, blue, alpha = self._fill(obj)
        if mode in _INVISIBLE_MODES or alpha == 0:
            hidden = "invisible_render"
        elif 0 < size < _TINY_POINTS:
            hidden = "tiny_text"
        elif not self.page_box.intersects(box):
            hidden = "off_page"
        near_white = min(red, green, blue) >= _NEAR_WHITE and mode in (0, 4)
        fragment = Fragment(
            text, box.x0, line_top, box.x1, line_bottom, size or line_bottom - line_top
        )
        self.objects.texts.append((fragment, box, hidden, near_white))


def is_readable(text: str) -> bool:
    """Whether hidden text says something: three letters or digits. A white bullet, a tiny
    spacer dot or a rule drawn with dashes hides nothing from a reader."""
    return sum(1 for ch in text if ch.isalnum()) >= 3


def _font_sizes(page: object) -> dict[int, float]:
    """Each top-level text object's font size in points (form contents are rare here)."""
    sizes: dict[int, float] = {}
    size = ctypes.c_float()
    count = pdfium_c.FPDFPage_CountObjects(page)
    matrix = pdfium_c.FS_MATRIX()
    for index in range(min(max(count, 0), _MAX_OBJECTS)):
        obj = pdfium_c.FPDFPage_GetObject(page, index)
        is_text = pdfium_c.FPDFPageObj_GetType(obj) == pdfium_c.FPDF_PAGEOBJ_TEXT
        if is_text and pdfium_c.FPDFTextObj_GetFontSize(obj, size):
            scale = 1.0
            if pdfium_c.FPDFPageObj_GetMatrix(obj, matrix):
                scale = abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
            sizes[_address(obj)] = size.value * scale
    return sizes


def _multiply(inner: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, ...]:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer  # noqa: N806 - matrix notation
    return (
        a * A + b * C,
        a * B + b * D,
        c * A + d * C,
        c * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


def _visible_fragments(
    objects: _PageObjects, page: int, hidden: list[HiddenText]
) -> list[Fragment]:
    """Fragments a reader can see; the others are reported in ``hidden``."""
    visible: list[Fragment] = []
    previous: Fragment | None = None
    for fragment, box, kind, near_white in objects.texts:
        if (
            kind is None
            and near_white
            and not any(
                fill.order < box.order and fill.overlap(box) >= 0.5 * box.area
                for fill in objects.dark_fills + objects.images
            )
        ):
            kind = "white_text"
        if (
            kind is None
            and box.area > 0
            and any(
                image.order > box.order and image.overlap(box) >= 0.8 * box.area
                for image in objects.images
            )
        ):
            kind = "under_image"
        if kind is None:
            visible.append(fragment)
            previous = None
            continue
        text = fragment.text.strip()
        if previous is not None and hidden and hidden[-1].kind == kind:
            same_line = abs(previous.top - fragment.top) < 0.5 * fragment.size
            text = f"{hidden[-1].text}{' ' if same_line else chr(10)}{text}"
            hidden[-1] = HiddenText(kind=kind, text=text, page=page)
        else:
            hidden.append(HiddenText(kind=kind, text=text, page=page))
        previous = fragment
    return visible


def _page_links(document: pdfium.PdfDocument, page: pdfium.PdfPage) -> list[str]:
    """URI targets of the page's link annotations."""
    links: list[str] = []
    position = ctypes.c_int(0)
    link = pdfium_c.FPDF_LINK()
    while len(links) < _MAX_LINKS and pdfium_c.FPDFLink_Enumerate(page.raw, position, link):
        action = pdfium_c.FPDFLink_GetAction(link)
        if not action or pdfium_c.FPDFAction_GetType(action) != pdfium_c.PDFACTION_URI:
            continue
        size = pdfium_c.FPDFAction_GetURIPath(document.raw, action, None, 0)
        if 0 < size <= 4096:
            buffer = ctypes.create_string_buffer(size)
            pdfium_c.FPDFAction_GetURIPath(document.raw, action, buffer, size)
            links.append(buffer.value.decode("latin-1"))
    return links


def _ocr_layer(objects: _PageObjects, page_area: float) -> bool:
    """Whether the page is a scan with an OCR text layer: every text is invisible or under a
    picture that covers most of the page, and lies on that picture."""
    pictures = [image for image in objects.images if image.area >= 0.5 * page_area]
    return bool(pictures and objects.texts) and all(
        kind in ("invisible_render", "under_image")
        and any(picture.overlap(box) >= 0.5 * box.area for picture in pictures)
        for _, box, kind, _ in objects.texts
    )


def _band_hazards(bands: list[tuple[int, list[str]]]) -> list[LayoutHazard]:
    """Repeated header/footer lines across pages, or contact details in a page's band."""
    hazards: list[LayoutHazard] = []
    seen = Counter(_DIGITS_RE.sub("#", text) for _, lines in bands for text in set(lines))
    repeated = [text for text, count in seen.items() if count >= 2]
    if repeated:
        hazards.append(
            LayoutHazard(
                kind="header_footer_content",
                detail="Text repeated in the page header/footer: " + " / ".join(repeated[:3]),
            )
        )
    for number, lines in bands:
        contact = [text for text in lines if _CONTACT_RE.search(text)]
        if contact:
            hazards.append(
                LayoutHazard(
                    kind="header_footer_content",
                    page=number,
                    detail="Contact details in the header/footer band, which many ATS skip: "
                    + " / ".join(contact[:2]),
                )
            )
    return hazards
