"""Zip containers (DOCX) opened defensively: no zip bombs, no path tricks."""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass

from hireflow.resumes.extraction.errors import CorruptResume, UnsafeArchive

_DRIVE_RE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True, slots=True)
class ArchiveLimits:
    max_entries: int = 1000
    max_total_uncompressed: int = 100 * 1024 * 1024
    max_ratio: float = 100.0  # uncompressed / compressed, for entries above ratio_floor
    ratio_floor: int = 1024 * 1024
    max_part_bytes: int = 20 * 1024 * 1024  # one XML part read into memory


class SafeArchive:
    """A zip whose directory was checked; parts are read with a hard size cap."""

    def __init__(self, data: bytes, limits: ArchiveLimits | None = None) -> None:
        self.limits = limits or ArchiveLimits()
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError) as exc:
            # NotImplementedError: a zip version newer than the reader's ("zip file version 6.4")
            raise CorruptResume("The Word document is damaged or truncated.") from exc
        _check_directory(infos, self.limits)
        self.names = frozenset(info.filename for info in infos)

    def read(self, name: str) -> bytes:
        """One part's bytes, refusing parts that inflate past the cap whatever they declare."""
        try:
            with self._zip.open(name) as part:
                data = part.read(self.limits.max_part_bytes + 1)
        except (
            zipfile.BadZipFile,
            zlib.error,
            ValueError,
            OSError,
            EOFError,
            NotImplementedError,
        ) as exc:
            raise CorruptResume(f"The Word document is damaged: cannot read {name}.") from exc
        if len(data) > self.limits.max_part_bytes:
            raise UnsafeArchive(
                f"The Word document part {name} inflates beyond "
                f"{self.limits.max_part_bytes // (1024 * 1024)} MiB (a zip bomb?)."
            )
        return data


def _check_directory(infos: list[zipfile.ZipInfo], limits: ArchiveLimits) -> None:
    if len(infos) > limits.max_entries:
        raise UnsafeArchive(
            f"The Word document holds {len(infos)} parts (limit {limits.max_entries}); "
            "it is not a normal document."
        )
    total = 0
    for info in infos:
        name = info.filename
        segments = name.replace("\\", "/").split("/")
        if name.startswith(("/", "\\")) or _DRIVE_RE.match(name) or ".." in segments:
            raise UnsafeArchive(
                f"The Word document contains an unsafe path {name!r} (absolute or with '..')."
            )
        total += info.file_size
        if total > limits.max_total_uncompressed:
            raise UnsafeArchive(
                "The Word document inflates to more than "
                f"{limits.max_total_uncompressed // (1024 * 1024)} MiB (a zip bomb?)."
            )
        if info.file_size > limits.ratio_floor and (
            info.file_size > limits.max_ratio * max(info.compress_size, 1)
        ):
            ratio = info.file_size // max(info.compress_size, 1)
            raise UnsafeArchive(
                f"The Word document part {name} is compressed {ratio}:1 "
                f"(limit {limits.max_ratio:.0f}:1), a sign of a zip bomb."
            )
