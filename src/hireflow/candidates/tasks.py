"""Background jobs of the candidates domain: the import page's bulk import."""

from __future__ import annotations

from hireflow import queue
from hireflow.candidates.flows import background_import
from hireflow.resumes.storage import storage_from_settings


@queue.app.task(name=background_import.TASK, pass_context=False, retry=2)
async def import_resumes_task(
    progress_id: str,
    files: list[dict[str, str]],
    max_bytes: int,
    requested_by: dict[str, str] | None = None,
) -> None:
    """Import the staged files one per transaction; their progress record shows it."""
    await background_import.run_import(
        queue.database(),
        storage_from_settings(queue.settings()),
        progress_id,
        files,
        max_bytes=max_bytes,
        requested_by=requested_by,
    )
