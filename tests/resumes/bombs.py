"""Hostile files for the resource-limit tests: a PDF whose one content stream inflates hugely."""

from __future__ import annotations

import struct
import zlib

MIB = 1024 * 1024


def inflating_pdf(inflated_bytes: int) -> bytes:
    """A one-page PDF, about 1/1000 of ``inflated_bytes``, whose page content inflates to it."""
    stream = inflating_zlib_stream(inflated_bytes)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def inflating_zlib_stream(inflated_bytes: int) -> bytes:
    """A zlib stream of ``inflated_bytes`` of "q Q " operators, made without compressing
    them all: one fully flushed deflate block (no back-references) repeated, then the end."""
    chunk = b"q Q " * (MIB // 4)
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = squeeze.compress(chunk) + squeeze.flush(zlib.Z_FULL_FLUSH)
    end = zlib.compressobj(9, zlib.DEFLATED, -15).flush(zlib.Z_FINISH)
    count, checksum = inflated_bytes // MIB, 1
    for _ in range(count):
        checksum = zlib.adler32(chunk, checksum)
    return b"\x78\xda" + block * count + end + struct.pack(">I", checksum)
