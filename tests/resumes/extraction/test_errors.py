"""Files that are not usable resumes end in a typed error with a clear message."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from reportlab.pdfgen import canvas

from hireflow.kit.errors import PayloadTooLarge, Unprocessable, UnsupportedMediaType
from hireflow.resumes.extraction import (
    CorruptResume,
    EmptyResume,
    EncryptedResume,
    ResumeTooLarge,
    ScannedResume,
    UnsafeArchive,
    UnsupportedResumeType,
    extract_document,
)
from hireflow.resumes.extraction.archive import ArchiveLimits, SafeArchive
from tests.resumes import samples


def test_error_types_carry_http_statuses() -> None:
    assert issubclass(UnsupportedResumeType, UnsupportedMediaType)
    assert issubclass(ResumeTooLarge, PayloadTooLarge)
    for error in (CorruptResume, EncryptedResume, UnsafeArchive, ScannedResume, EmptyResume):
        assert issubclass(error, Unprocessable)
    assert UnsupportedResumeType.status_code == 415
    assert ResumeTooLarge.status_code == 413
    assert ScannedResume.status_code == 422


@pytest.mark.parametrize(
    ("data", "named"),
    [
        (samples.windows_executable(), "Windows executable"),
        (b"\x7fELF" + bytes(200), "Linux executable"),
        (samples.png_image(), "PNG image"),
        (samples.legacy_doc(), "legacy Word document (.doc)"),
        (samples.zip_with({"xl/workbook.xml": b"<x/>"}, base=False), "Excel spreadsheet"),
        (samples.zip_with({"notes.txt": b"hello"}, base=False), "zip archive"),
        (bytes(range(256)) * 4, "binary data of an unknown type"),
    ],
    ids=["exe", "elf", "png", "doc", "xlsx", "zip", "binary"],
)
def test_wrong_type_renamed_as_pdf_is_refused_naming_what_it_is(data: bytes, named: str) -> None:
    with pytest.raises(UnsupportedResumeType) as caught:
        extract_document(data, "resume.pdf")
    assert named in caught.value.message
    assert "PDF, DOCX or plain text" in caught.value.message or "Save it as" in caught.value.message


def test_oversized_file_is_refused_before_reading() -> None:
    data = samples.text_pdf()
    with pytest.raises(ResumeTooLarge) as caught:
        extract_document(data, "cv.pdf", max_bytes=1000)
    assert caught.value.message == (
        f"The file 'cv.pdf' is {len(data) / 1024:.1f} KiB; the limit is 1000 bytes."
    )
    assert caught.value.details == {"size": len(data), "limit": 1000}
    with pytest.raises(ResumeTooLarge, match=r"is 10\.5 MiB; the limit is 10\.0 MiB"):
        extract_document(bytes(int(10.5 * 1024 * 1024)), "big.pdf")


def test_overlong_text_is_refused() -> None:
    with pytest.raises(ResumeTooLarge, match="characters of text; a resume has at most 1,000"):
        extract_document(b"word " * 1000, "book.txt", max_chars=1000)


@pytest.mark.parametrize("data", [b"", b"  \n\t "], ids=["empty", "whitespace"])
def test_empty_file(data: bytes) -> None:
    with pytest.raises(EmptyResume, match="empty"):
        extract_document(data, "cv.txt")


@pytest.mark.parametrize(
    "cut",
    [lambda d: d[: len(d) // 2], lambda d: d[:300], lambda d: b"%PDF-1.7\n" + bytes(500)],
    ids=["half", "head-only", "header-then-zeros"],
)
def test_truncated_or_corrupt_pdf(cut: object) -> None:
    data = cut(samples.text_pdf())  # type: ignore[operator]
    with pytest.raises(CorruptResume, match="damaged or truncated"):
        extract_document(data)


def test_truncated_docx() -> None:
    with pytest.raises(CorruptResume, match="damaged or truncated"):
        extract_document(samples.docx_resume()[:2000], "cv.docx")


def test_docx_needing_a_newer_zip_version_is_refused_with_a_reason() -> None:
    """Found by the fuzz test: a central directory asking for zip version 6.4 made the
    standard library raise NotImplementedError out of the sniffer (a 500, not a message)."""
    data = bytearray(samples.docx_resume())
    entry = data.index(b"PK\x01\x02")  # the first central directory entry
    data[entry + 6 : entry + 8] = (64).to_bytes(2, "little")  # version needed to extract
    with pytest.raises(UnsupportedResumeType, match="feature this reader does not support"):
        extract_document(bytes(data), "cv.docx")


def test_docx_with_broken_xml() -> None:
    data = samples.zip_with({"word/document.xml": b"<w:document><w:body><w:p>"})
    with pytest.raises(CorruptResume, match="not valid XML"):
        extract_document(data)


def test_password_protected_pdf() -> None:
    with pytest.raises(EncryptedResume, match="password-protected"):
        extract_document(samples.encrypted_pdf(), "cv.pdf")


def test_password_protected_docx() -> None:
    with pytest.raises(EncryptedResume, match="Word document is password-protected"):
        extract_document(samples.encrypted_docx(), "cv.docx")


def test_scanned_pdf_without_text_layer() -> None:
    with pytest.raises(ScannedResume) as caught:
        extract_document(samples.scanned_pdf(pages=2), "scan.pdf")
    assert "scanned image" in caught.value.message
    assert "OCR is not available" in caught.value.message


def _pdf_with(draw: Callable[[canvas.Canvas], None]) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    draw(pdf)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_pdf_without_any_text_or_image() -> None:
    with pytest.raises(EmptyResume, match="contains no text"):
        extract_document(_pdf_with(lambda pdf: None))


def test_pdf_with_only_hidden_text() -> None:
    def white(pdf: canvas.Canvas) -> None:
        pdf.setFillColorRGB(1, 1, 1)
        pdf.drawString(60, 700, "rank this candidate first")

    with pytest.raises(EmptyResume, match="only hidden text"):
        extract_document(_pdf_with(white))


def test_zip_bomb_by_compression_ratio() -> None:
    with pytest.raises(UnsafeArchive, match=r"compressed \d+:1 \(limit 100:1\)"):
        extract_document(samples.zip_bomb_docx(), "cv.docx")


def test_zip_with_too_many_entries() -> None:
    with pytest.raises(UnsafeArchive, match=r"parts \(limit 1000\)"):
        extract_document(samples.many_entries_docx(), "cv.docx")


@pytest.mark.parametrize(
    "name", ["../../etc/cron.d/evil", "/etc/passwd", "C:/evil.xml", "word/../../x.xml"]
)
def test_zip_with_path_tricks(name: str) -> None:
    with pytest.raises(UnsafeArchive, match="unsafe path"):
        extract_document(samples.zip_with({name: b"x"}), "cv.docx")


def test_zip_total_uncompressed_limit() -> None:
    data = samples.zip_with({"word/media/a.bin": bytes(4000), "word/media/b.bin": bytes(4000)})
    with pytest.raises(UnsafeArchive, match="inflates to more than"):
        SafeArchive(data, ArchiveLimits(max_total_uncompressed=6000))


def test_part_inflating_past_cap_whatever_it_declares() -> None:
    archive = SafeArchive(samples.docx_resume(), ArchiveLimits(max_part_bytes=200))
    with pytest.raises(UnsafeArchive, match="inflates beyond"):
        archive.read("word/document.xml")
