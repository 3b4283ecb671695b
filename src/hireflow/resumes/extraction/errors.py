"""Typed errors for resume files a user uploaded; each carries its HTTP status."""

from __future__ import annotations

from hireflow.kit.errors import PayloadTooLarge, Unprocessable, UnsupportedMediaType


class UnsupportedResumeType(UnsupportedMediaType):
    code = "unsupported_resume_type"


class ResumeTooLarge(PayloadTooLarge):
    code = "resume_too_large"


class CorruptResume(Unprocessable):
    code = "corrupt_resume"


class EncryptedResume(Unprocessable):
    code = "encrypted_resume"


class UnsafeArchive(Unprocessable):
    code = "unsafe_archive"


class ScannedResume(Unprocessable):
    code = "scanned_resume"


class EmptyResume(Unprocessable):
    code = "empty_resume"


RESUME_ERRORS: tuple[type[Exception], ...] = (
    UnsupportedResumeType,
    ResumeTooLarge,
    CorruptResume,
    EncryptedResume,
    UnsafeArchive,
    ScannedResume,
    EmptyResume,
)
