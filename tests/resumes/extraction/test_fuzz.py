"""Arbitrary bytes never crash extraction: a document or one of the typed errors."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hireflow.resumes.extraction import RESUME_ERRORS, extract_document
from tests.resumes import samples

_PDF = samples.text_pdf("Jane Doe\nEXPERIENCE\nEngineer, Acme Corp\n2019 - 2021")
_DOCX = samples.docx_resume()


def _check(data: bytes) -> None:
    try:
        document = extract_document(data, "upload.bin")
    except RESUME_ERRORS:
        return
    assert document.text
    assert document.page_offsets[0] == 0
    assert document.word_count >= 0


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4096))
def test_arbitrary_bytes(data: bytes) -> None:
    _check(data)


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=len(_PDF) - 1), st.binary(min_size=1, max_size=64))
def test_mutated_pdf(position: int, patch: bytes) -> None:
    _check(_PDF[:position] + patch + _PDF[position + len(patch) :])


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=len(_DOCX) - 1), st.binary(min_size=1, max_size=64))
def test_mutated_docx(position: int, patch: bytes) -> None:
    _check(_DOCX[:position] + patch + _DOCX[position + len(patch) :])


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=500))
def test_arbitrary_text(text: str) -> None:
    for encoding in ("utf-8", "utf-16"):
        _check(text.encode(encoding, errors="surrogatepass"))
