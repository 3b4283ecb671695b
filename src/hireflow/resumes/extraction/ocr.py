"""Scanned resumes read by OCR: pages rasterised with pypdfium2, text recognised by RapidOCR.

RapidOCR 3.x ships its PP-OCR detection, orientation and recognition models inside the
wheel (the recognition model reads Latin script and Japanese) and runs them on onnxruntime,
so nothing is downloaded at run time. A page takes a few seconds on two cores: OCR runs in
the background resume job, one page at a time, never at upload. The recognised boxes go
through the same layout reader as a PDF's text (columns, tables, reading order).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from hireflow.resumes.document import ExtractedDocument, LayoutHazard
from hireflow.resumes.extraction.errors import EmptyResume
from hireflow.resumes.extraction.layout import Fragment, lay_out_page
from hireflow.resumes.extraction.normalize import (
    count_words,
    detect_language,
    join_pages,
    normalise_text,
)
from hireflow.resumes.extraction.pdf import PDFIUM_LOCK, open_pdf
from hireflow.resumes.extraction.text import normalise_typography

_DPI = 200
_MIN_SCORE = 0.5  # recognitions below this are noise (specks, rules), not text
_ENGINE_LOCK = threading.Lock()
_engine: Any = None


def ocr_available() -> bool:
    """Whether the OCR engine is installed (it is a dependency; a trimmed install may lack it)."""
    try:
        import rapidocr  # noqa: F401
    except ImportError:
        return False
    return True


def _ocr_engine() -> Any:
    global _engine
    with _ENGINE_LOCK:
        if _engine is None:
            import logging

            from rapidocr import RapidOCR

            _engine = RapidOCR(params={"Global.log_level": "error"})
            logging.getLogger("RapidOCR").setLevel(logging.ERROR)
        return _engine


@dataclass(frozen=True, slots=True)
class OcrPage:
    text: str  # the page's lines in reading order, not yet normalised
    confidence: float  # mean recognition score, weighted by characters; 0 with no text
    characters: int


@dataclass(slots=True)
class _Recognised:
    fragments: list[Fragment] = field(default_factory=list)
    weighted: float = 0.0
    characters: int = 0


def page_count(data: bytes) -> int:
    with PDFIUM_LOCK:
        document = open_pdf(data)
        try:
            return len(document)
        finally:
            document.close()


def ocr_page(data: bytes, number: int) -> OcrPage:
    """Rasterise page ``number`` (1-based) at 200 dpi and read its text."""
    import numpy as np

    scale = _DPI / 72
    with PDFIUM_LOCK:  # pdfium is not thread-safe
        document = open_pdf(data)
        try:
            page = document[number - 1]
            try:
                image = page.render(scale=scale).to_pil().convert("RGB")
            finally:
                page.close()
        finally:
            document.close()
    result = _ocr_engine()(np.asarray(image))
    recognised = _Recognised()
    boxes = getattr(result, "boxes", None)
    texts = getattr(result, "txts", None) or ()
    scores = getattr(result, "scores", None) or ()
    if boxes is not None:
        for box, text, score in zip(boxes, texts, scores, strict=False):
            if not text.strip() or float(score) < _MIN_SCORE:
                continue
            xs = [float(point[0]) / scale for point in box]
            ys = [float(point[1]) / scale for point in box]
            height = max(ys) - min(ys)
            recognised.fragments.append(
                Fragment(text, min(xs), min(ys), max(xs), max(ys), max(height * 0.8, 1.0))
            )
            recognised.weighted += float(score) * len(text)
            recognised.characters += len(text)
    layout = lay_out_page(recognised.fragments)
    text = "\n".join(line.text for line in layout.lines)
    confidence = recognised.weighted / recognised.characters if recognised.characters else 0.0
    return OcrPage(text=text, confidence=round(confidence, 3), characters=recognised.characters)


def scanned_document(pages: list[OcrPage], *, filename: str | None = None) -> ExtractedDocument:
    """The document made of OCR'd pages, with a ``scanned_page`` hazard on each page."""
    texts: list[str] = []
    corrections: list[str] = []
    for page in pages:
        repaired, notes = normalise_typography(page.text)
        corrections.extend(note for note in notes if note not in corrections)
        texts.append(normalise_text(repaired))
    text, offsets = join_pages(texts)
    if not text:
        label = f"{filename!r} " if filename else ""
        raise EmptyResume(f"The scanned file {label}holds no text that OCR could read.")
    characters = sum(page.characters for page in pages)
    confidence = (
        sum(page.confidence * page.characters for page in pages) / characters if characters else 0.0
    )
    hazards = tuple(
        LayoutHazard(
            kind="scanned_page",
            page=number,
            detail=f"The page is a scanned image; its text was read by OCR (confidence "
            f"{page.confidence:.0%}) and may hold recognition errors. ATS without OCR "
            "read nothing here.",
        )
        for number, page in enumerate(pages, start=1)
    )
    return ExtractedDocument(
        text=text,
        kind="pdf",
        mime_type="application/pdf",
        page_count=len(pages),
        page_offsets=offsets,
        word_count=count_words(text),
        language=detect_language(text),
        hazards=hazards,
        corrections=(f"text read by OCR from {len(pages)} scanned page(s)", *corrections),
        ocr_confidence=round(confidence, 3),
    )


def read_scanned_pdf(data: bytes, filename: str | None = None) -> ExtractedDocument:
    """OCR every page of an image-only PDF (blocking; the job runs it page by page)."""
    return scanned_document(
        [ocr_page(data, number) for number in range(1, page_count(data) + 1)],
        filename=filename,
    )


def awaiting_ocr(data: bytes) -> ExtractedDocument:
    """The stand-in document of an image-only PDF accepted at upload, until the background
    job has read it: no text yet, one ``scanned_page`` hazard per page."""
    pages = page_count(data)
    return ExtractedDocument(
        text="",
        kind="pdf",
        mime_type="application/pdf",
        page_count=pages,
        page_offsets=(0,) * pages,
        word_count=0,
        language="unknown",
        hazards=tuple(
            LayoutHazard(
                kind="scanned_page",
                page=number,
                detail="The page is a scanned image with no text layer; it is read by OCR.",
            )
            for number in range(1, pages + 1)
        ),
        needs_ocr=True,
    )
