"""H3: import zips are inflated entry by entry, under per-entry and total caps."""

from __future__ import annotations

import io
import os
import time
import tracemalloc
import zipfile

import httpx
import pytest

from hireflow.candidates.flows.importer import files_in_zip
from hireflow.kit.errors import Unprocessable
from tests.factories import SignedIn

MIB = 1024 * 1024


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _peak_while(action: object) -> int:
    tracemalloc.start()
    try:
        assert callable(action)
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_many_small_bombs_are_refused_fast_with_bounded_memory() -> None:
    bomb = _zip({f"cv{i:03}.txt": b"\0" * MIB for i in range(400)})
    assert len(bomb) < MIB

    def consume() -> None:
        with pytest.raises(Unprocessable, match="zip bomb"):
            for _ in files_in_zip(bomb, max_files=2000, max_file_bytes=10 * MIB):
                pass

    started = time.monotonic()
    assert _peak_while(consume) < 16 * MIB
    assert time.monotonic() - started < 5


def test_entries_are_inflated_one_at_a_time() -> None:
    archive = _zip({f"cv{i:02}.pdf": os.urandom(256 * 1024) for i in range(60)})

    def consume() -> None:
        count = 0
        for incoming in files_in_zip(archive, max_files=100, max_file_bytes=MIB):
            assert len(incoming.data) == 256 * 1024
            count += 1
        assert count == 60

    assert _peak_while(consume) < 4 * MIB  # 15 MiB would all be in memory at once before


def test_the_total_inflation_is_capped_whatever_the_entries() -> None:
    archive = _zip({f"cv{i:02}.pdf": os.urandom(512 * 1024) for i in range(30)})
    read = 0
    with pytest.raises(Unprocessable, match="inflates beyond 4 MiB in all"):
        for incoming in files_in_zip(
            archive, max_files=100, max_file_bytes=MIB, max_inflated_bytes=4 * MIB
        ):
            read += len(incoming.data)
    assert read <= 4 * MIB


async def test_a_bomb_import_is_refused_with_a_message_about_the_archive(
    client: httpx.AsyncClient, people: dict[str, SignedIn]
) -> None:
    bomb = _zip({f"cv{i:03}.txt": b"\0" * MIB for i in range(400)})
    response = await client.post(
        "/api/resumes/import",
        headers=people["junior"].headers,
        files={"files": ("batch.zip", bomb, "application/zip")},
    )
    assert response.status_code == 422, response.text
    message = response.json()["error"]["message"]
    assert "zip bomb" in message and "Word document" not in message
