"""Upload plumbing: the storage backend and early refusal of oversized request bodies."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, UploadFile

from hireflow.kit.errors import PayloadTooLarge
from hireflow.resumes.service import IncomingFile
from hireflow.resumes.storage import ResumeStorage

_MULTIPART_OVERHEAD = 64 * 1024


def get_storage(request: Request) -> ResumeStorage:
    storage: ResumeStorage = request.app.state.storage
    return storage


Storage = Annotated[ResumeStorage, Depends(get_storage)]


def upload_limit(request: Request) -> int:
    limit: int = request.app.state.settings.max_upload_bytes
    return limit


def refuse_oversized_body(request: Request, files: int = 1) -> None:
    """Say 413 from the Content-Length header, before a huge body is even read."""
    declared = request.headers.get("content-length")
    limit = upload_limit(request) * files + _MULTIPART_OVERHEAD
    if declared and declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge(
            f"The upload is {int(declared) / 1048576:.1f} MiB; the limit is "
            f"{upload_limit(request) / 1048576:.0f} MiB per file."
        )


async def read_upload(upload: UploadFile, limit: int) -> IncomingFile:
    """The file's bytes, reading at most ``limit + 1`` of them."""
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise PayloadTooLarge(
            f"{upload.filename or 'The file'} is larger than the {limit / 1048576:.0f} MiB limit."
        )
    return IncomingFile(filename=upload.filename or "resume", data=data)
