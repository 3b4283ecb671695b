"""Where resume files live: a small interface, a local directory, and S3-compatible storage.

Files are content-addressed (``sha256/ab/cd/<hash>``): the same bytes are stored once, and a
key never points at different content. The local directory sits in the data directory,
outside anything the web server serves.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from hireflow.config import Settings


def storage_key(file_hash: str) -> str:
    return f"sha256/{file_hash[:2]}/{file_hash[2:4]}/{file_hash}"


class ResumeStorage(Protocol):
    def put(self, key: str, data: bytes) -> None: ...

    def get(self, key: str) -> bytes: ...

    def delete(self, key: str) -> None: ...

    def exists(self, key: str) -> bool: ...

    def stored_before(self, cutoff: datetime) -> Iterator[str]:
        """Keys of the files written before ``cutoff`` (for the orphan sweep)."""
        ...


class StoredFileMissing(LookupError):
    """The database names a file that storage does not hold."""


class LocalStorage:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if self.root.resolve() not in path.parents:
            raise ValueError(f"unsafe storage key: {key!r}")
        return path

    def put(self, key: str, data: bytes) -> None:
        path = self._path(key)
        if path.exists():
            return  # content-addressed: already there, identical
        if not self.root.exists():
            self.root.mkdir(parents=True, mode=0o700)  # private: nothing below is listable
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            Path(tmp).replace(path)
        finally:
            Path(tmp).unlink(missing_ok=True)

    def get(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError as exc:
            raise StoredFileMissing(key) from exc

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        return self._path(key).exists()

    def stored_before(self, cutoff: datetime) -> Iterator[str]:
        if not self.root.exists():
            return
        for path in self.root.rglob("*"):
            if path.is_file() and path.stat().st_mtime < cutoff.timestamp():
                yield path.relative_to(self.root).as_posix()


class S3Storage:
    """Any S3-compatible object store (AWS, MinIO, Ceph, moto in tests)."""

    def __init__(self, client: Any, bucket: str, prefix: str = "") -> None:
        self.client = client
        self.bucket = bucket
        self.prefix = prefix

    @classmethod
    def from_settings(cls, settings: Settings) -> S3Storage:
        import boto3

        if not settings.s3_bucket:
            raise ValueError("HIREFLOW_S3_BUCKET is required for the s3 storage backend")
        secret = settings.s3_secret_access_key
        client = boto3.client(
            "s3",
            endpoint_url=settings.s3_endpoint_url,
            region_name=settings.s3_region,
            aws_access_key_id=settings.s3_access_key_id,
            aws_secret_access_key=secret.get_secret_value() if secret else None,
        )
        return cls(client, settings.s3_bucket, settings.s3_prefix)

    def put(self, key: str, data: bytes) -> None:
        self.client.put_object(Bucket=self.bucket, Key=self.prefix + key, Body=data)

    def get(self, key: str) -> bytes:
        try:
            response = self.client.get_object(Bucket=self.bucket, Key=self.prefix + key)
        except self.client.exceptions.NoSuchKey as exc:
            raise StoredFileMissing(key) from exc
        body: bytes = response["Body"].read()
        return body

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self.prefix + key)

    def exists(self, key: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=self.prefix + key)
        except self.client.exceptions.ClientError:
            return False
        return True

    def stored_before(self, cutoff: datetime) -> Iterator[str]:
        pages = self.client.get_paginator("list_objects_v2")
        for page in pages.paginate(Bucket=self.bucket, Prefix=self.prefix):
            for item in page.get("Contents", []):
                if item["LastModified"] < cutoff:
                    yield str(item["Key"])[len(self.prefix) :]


def storage_from_settings(settings: Settings) -> ResumeStorage:
    if settings.storage_backend == "s3":
        return S3Storage.from_settings(settings)
    return LocalStorage(settings.files_dir)
