"""Phases of the v1.0 -> v1.1 migration as they run: observers and a rich progress display."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

OBSERVER_ATTRIBUTE = "legacy_migration_observer"
DISCARD_NEW_DATA_ATTRIBUTE = "discard_new_data"


@dataclass(frozen=True)
class PhaseReport:
    phase: str
    rows: int
    seconds: float


class MigrationObserver(Protocol):
    """Told when each phase starts (with the migration's own connection) and ends."""

    def phase_started(self, phase: str, connection: Any) -> None: ...

    def phase_finished(self, report: PhaseReport) -> None: ...


class RecordingObserver:
    """Keeps the phase reports (the benchmark prints them)."""

    def __init__(self) -> None:
        self.reports: list[PhaseReport] = []

    def phase_started(self, phase: str, connection: Any) -> None:
        return None

    def phase_finished(self, report: PhaseReport) -> None:
        self.reports.append(report)


class RichPhaseProgress(RecordingObserver):
    """One progress bar per phase, shown from the first phase on (never for other revisions)."""

    def __init__(self, phases: Sequence[str], console: Console) -> None:
        super().__init__()
        self.phases = list(phases)
        self.progress = Progress(
            TextColumn("{task.description:<18}"),
            BarColumn(),
            TextColumn("{task.fields[rows]}"),
            TimeElapsedColumn(),
            console=console,
        )
        self.tasks: dict[str, TaskID] = {}
        self.started = False

    def _task(self, phase: str) -> TaskID:
        if phase not in self.tasks:
            self.tasks[phase] = self.progress.add_task(phase, total=1, start=False, rows="")
        return self.tasks[phase]

    def phase_started(self, phase: str, connection: Any) -> None:
        if not self.started:
            self.progress.start()
            self.started = True
            for name in self.phases:
                self._task(name)
        self.progress.start_task(self._task(phase))

    def phase_finished(self, report: PhaseReport) -> None:
        super().phase_finished(report)
        self.progress.update(
            self._task(report.phase),
            completed=1,
            rows=f"{report.rows:>10,} rows {report.seconds:7.2f}s",
        )

    def stop(self) -> None:
        if self.started:
            self.progress.stop()


@contextmanager
def rich_phase_progress(phases: Sequence[str], console: Console) -> Iterator[RichPhaseProgress]:
    observer = RichPhaseProgress(phases, console)
    try:
        yield observer
    finally:
        observer.stop()
