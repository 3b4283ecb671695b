"""A PDF's document information and XMP metadata, as text to check for injected instructions.

A reader never sees them, but a model given the file might.
"""

from __future__ import annotations

import ctypes
import re
import zlib

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

_META_KEYS = ("Title", "Author", "Subject", "Keywords", "Creator", "Producer")
_XMP_RE = re.compile(rb"<x:xmpmeta\b.*?</x:xmpmeta>", re.DOTALL)
_XMP_STREAM_RE = re.compile(
    rb"/Type\s*/Metadata\b(?P<dict>[^>]*(?:>(?!>)[^>]*)*)>>\s*stream\r?\n(?P<body>.*?)endstream",
    re.DOTALL,
)
_TAG_RE = re.compile(r"<[^>]{0,2000}>")
_MAX_METADATA_CHARS = 20_000


def document_metadata(document: pdfium.PdfDocument, data: bytes) -> list[str]:
    """The document information entries and the XMP packet's text values, as ``Key: value``.

    A reader never sees them, but a model given the file might: they are checked for
    injected instructions like the text is.
    """
    found: list[str] = []
    for key in _META_KEYS:
        size = pdfium_c.FPDF_GetMetaText(document.raw, key.encode(), None, 0)
        if size <= 2 or size > 2 * _MAX_METADATA_CHARS:
            continue
        buffer = ctypes.create_string_buffer(size)
        pdfium_c.FPDF_GetMetaText(document.raw, key.encode(), buffer, size)
        value = buffer.raw[: size - 2].decode("utf-16-le", errors="replace").strip()
        if value:
            found.append(f"{key}: {value}")
    for packet in _xmp_packets(data):
        text = " ".join(_TAG_RE.sub(" ", packet).split())
        if text:
            found.append(f"XMP: {text[:_MAX_METADATA_CHARS]}")
    return found


def _xmp_packets(data: bytes) -> list[str]:
    """XMP packets stored plainly (as the PDF standard recommends) or Flate-compressed."""
    packets = [m.group().decode("utf-8", errors="replace") for m in _XMP_RE.finditer(data)]
    if packets:
        return packets[:3]
    for match in list(_XMP_STREAM_RE.finditer(data))[:3]:
        if b"FlateDecode" not in match.group("dict"):
            continue
        try:
            body = zlib.decompressobj().decompress(match.group("body"), 1_000_000)
        except zlib.error:
            continue
        packets.extend(m.group().decode("utf-8", errors="replace") for m in _XMP_RE.finditer(body))
    return packets[:3]
