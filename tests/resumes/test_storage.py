"""Resume storage backends: the local directory and S3 (a real moto server on loopback)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from moto.server import ThreadedMotoServer

from hireflow.resumes.storage import (
    LocalStorage,
    ResumeStorage,
    S3Storage,
    StoredFileMissing,
    storage_key,
)

KEY = storage_key("ab" * 32)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture(params=["local", "s3"])
def storage(request: pytest.FixtureRequest, tmp_path: Path) -> ResumeStorage:
    if request.param == "local":
        return LocalStorage(tmp_path / "files")
    endpoint = request.getfixturevalue("s3_endpoint")
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    bucket = f"resumes-{tmp_path.name.lower()[-20:].replace('_', '-')}"
    client.create_bucket(Bucket=bucket)
    return S3Storage(client, bucket, prefix="hireflow/")


def test_put_get_exists_delete(storage: ResumeStorage) -> None:
    assert not storage.exists(KEY)
    storage.put(KEY, b"resume bytes")
    storage.put(KEY, b"resume bytes")  # idempotent
    assert storage.exists(KEY)
    assert storage.get(KEY) == b"resume bytes"
    storage.delete(KEY)
    assert not storage.exists(KEY)
    with pytest.raises(StoredFileMissing):
        storage.get(KEY)


def test_local_storage_refuses_keys_that_escape_its_root(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path / "files")
    with pytest.raises(ValueError, match="unsafe"):
        storage.put("../../etc/passwd", b"x")


def test_local_files_are_private(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path / "files")
    storage.put(KEY, b"x")
    assert (tmp_path / "files").stat().st_mode & 0o077 == 0
