"""JSON API of resumes: upload versions, read text and sections, download, bulk import."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterable
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Request, Response, UploadFile, status

from hireflow.auth.dependencies import CurrentUser, Meta, require
from hireflow.auth.permissions import Action, Resource
from hireflow.automation import progress
from hireflow.candidates.flows import intake
from hireflow.candidates.flows.importer import (
    files_in_zip,
    import_report,
    import_resumes,
)
from hireflow.db.dependencies import DbSession
from hireflow.kit.errors import BadRequest
from hireflow.resumes import repository, service
from hireflow.resumes.dependencies import Storage, read_upload, refuse_oversized_body, upload_limit
from hireflow.resumes.schemas import (
    ImportReport,
    ResumeDetail,
    ResumeOut,
    SectionOut,
    UploadOut,
)
from hireflow.resumes.service import IncomingFile

router = APIRouter(prefix="/api", tags=["resumes"])


@router.post(
    "/candidates/{candidate_id}/resumes",
    response_model=UploadOut,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Depends(refuse_oversized_body)],
)
async def upload_resume(
    candidate_id: uuid.UUID,
    request: Request,
    response: Response,
    session: DbSession,
    storage: Storage,
    meta: Meta,
    file: Annotated[UploadFile, File()],
    user: Annotated[CurrentUser, require(Action.CREATE, Resource.RESUME)],
) -> UploadOut:
    """Add a resume version (PDF, DOCX or text). The same file again returns 200, no new version."""
    incoming = await read_upload(file, upload_limit(request))
    added = await intake.add_resume(
        session,
        storage,
        candidate_id,
        incoming,
        actor_id=user.id,
        meta=meta,
        max_bytes=upload_limit(request),
    )
    if not added.created:
        response.status_code = status.HTTP_200_OK
    tracked = (
        await service.track_parsing(
            session,
            [added.resume.id],
            kind=progress.Kind.RESUME_PARSE,
            label=f"Parsing {added.resume.original_filename}",
            actor_id=user.id,
            link=f"/candidates/{candidate_id}",
        )
        if added.created
        else None
    )
    return UploadOut(
        resume=ResumeOut.model_validate(added.resume), created=added.created, progress_id=tracked
    )


@router.get(
    "/candidates/{candidate_id}/resumes",
    response_model=list[ResumeOut],
    dependencies=[require(Action.VIEW, Resource.RESUME)],
)
async def list_versions(candidate_id: uuid.UUID, session: DbSession) -> list[ResumeOut]:
    """Every version, newest first."""
    return [ResumeOut.model_validate(r) for r in await repository.resumes_of(session, candidate_id)]


@router.get(
    "/resumes/{resume_id}",
    response_model=ResumeDetail,
    dependencies=[require(Action.VIEW, Resource.RESUME)],
)
async def get_resume(resume_id: uuid.UUID, session: DbSession) -> ResumeDetail:
    """Status, progress, text, extraction facts and parsed fields of one version."""
    return ResumeDetail.model_validate(await service.get_resume(session, resume_id))


@router.get(
    "/resumes/{resume_id}/sections",
    response_model=list[SectionOut],
    dependencies=[require(Action.VIEW, Resource.RESUME)],
)
async def get_sections(resume_id: uuid.UUID, session: DbSession) -> list[SectionOut]:
    await service.get_resume(session, resume_id)
    return [SectionOut.model_validate(s) for s in await repository.sections_of(session, resume_id)]


@router.get("/resumes/{resume_id}/file")
async def download_resume(
    resume_id: uuid.UUID,
    session: DbSession,
    storage: Storage,
    meta: Meta,
    user: Annotated[CurrentUser, require(Action.DOWNLOAD, Resource.RESUME)],
) -> Response:
    """The original file, as uploaded (never rendered inline)."""
    resume, data = await service.download(session, storage, resume_id, actor_id=user.id, meta=meta)
    return Response(
        data,
        media_type="application/octet-stream",
        headers={
            "Content-Disposition": "attachment; filename*=UTF-8''"
            + quote(resume.original_filename),
            "X-Content-Type-Options": "nosniff",
        },
    )


@router.post("/resumes/import", response_model=ImportReport)
async def import_files(
    request: Request,
    session: DbSession,
    storage: Storage,
    meta: Meta,
    files: Annotated[list[UploadFile], File(description="Resumes, or one .zip of resumes")],
    user: Annotated[CurrentUser, require(Action.CREATE, Resource.CANDIDATE)],
) -> ImportReport:
    """Create one candidate per person from many resumes; people already here get a new version."""
    settings = request.app.state.settings
    limit = upload_limit(request)
    if not files:
        raise BadRequest("Send at least one file.")
    if len(files) > settings.max_import_files:
        raise BadRequest(f"At most {settings.max_import_files} files per import.")
    incoming: list[Iterable[IncomingFile]] = []
    for upload in files:
        item = await read_upload(upload, limit * (50 if _is_zip(upload) else 1))
        if item.data[:4] == b"PK\x03\x04" and item.filename.lower().endswith(".zip"):
            incoming.append(
                files_in_zip(item.data, max_files=settings.max_import_files, max_file_bytes=limit)
            )
        else:
            incoming.append([item])
    results = [
        r
        async for r in import_resumes(
            session,
            storage,
            itertools.chain.from_iterable(incoming),
            actor_id=user.id,
            actor_role=user.role,
            meta=meta,
            max_bytes=limit,
        )
    ]
    report = import_report(results)
    report.progress_id = await service.track_parsing(
        session,
        [r.resume_id for r in results if r.resume_id is not None],
        kind=progress.Kind.IMPORT,
        label=f"Parsing the imported resumes ({len(results)} files)",
        actor_id=user.id,
        link="/candidates",
    )
    return report


def _is_zip(upload: UploadFile) -> bool:
    return (upload.filename or "").lower().endswith(".zip")
