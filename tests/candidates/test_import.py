"""Bulk import of a zip of resumes: one candidate per person, a report of every file."""

from __future__ import annotations

import io
import zipfile

import httpx

from tests.factories import SignedIn
from tests.resumes import samples


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


async def test_import_zip_creates_merges_and_rejects(
    client: httpx.AsyncClient, people: dict[str, SignedIn]
) -> None:
    junior = people["junior"]
    jane_pdf = samples.text_pdf()  # reportlab stamps each PDF: build it once, reuse the bytes
    archive = _zip(
        {
            "batch/jane.pdf": jane_pdf,
            "batch/jane-again.txt": samples.ENGLISH_RESUME.replace("Go.", "Go and Rust.").encode(),
            "batch/tom.txt": samples.HEADINGLESS_RESUME.encode(),
            "batch/photo.pdf": samples.png_image(),
            "__MACOSX/._jane.pdf": b"junk",
        }
    )
    response = await client.post(
        "/api/resumes/import",
        headers=junior.headers,
        files=[("files", ("batch.zip", archive, "application/zip"))],
    )
    assert response.status_code == 200, response.text
    report = response.json()
    outcomes = {f["filename"]: f["outcome"] for f in report["files"]}
    # Files are taken in name order: "jane-again.txt" comes before "jane.pdf".
    assert outcomes == {
        "jane-again.txt": "created",
        "jane.pdf": "added_version",
        "tom.txt": "created",
        "photo.pdf": "rejected",
    }
    assert (report["created"], report["added_versions"], report["rejected"]) == (2, 1, 1)
    rejected = next(f for f in report["files"] if f["outcome"] == "rejected")
    assert "PNG" in rejected["reason"]
    jane = next(f for f in report["files"] if f["filename"] == "jane.pdf")
    candidate = (
        await client.get(f"/api/candidates/{jane['candidate_id']}", headers=junior.headers)
    ).json()
    assert (candidate["first_name"], candidate["last_name"]) == ("Jane", "Doe")
    versions = (
        await client.get(f"/api/candidates/{jane['candidate_id']}/resumes", headers=junior.headers)
    ).json()
    assert [v["status"] for v in versions] == ["completed", "completed"]

    again = await client.post(
        "/api/resumes/import", headers=junior.headers, files=[("files", ("jane.pdf", jane_pdf))]
    )
    assert again.json()["files"][0]["outcome"] == "already_present"
