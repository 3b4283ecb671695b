"""``hireflow ml train-no-show``: fit the no-show model and compare it with the prior."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from hireflow.cli_common import DatabaseUrlOption, lazy_console, load_settings

if TYPE_CHECKING:
    from hireflow.noshow.training import RecordedOutcome, TrainingReport

app = typer.Typer(help="Models trained on this installation's own data.")
_out = lazy_console(highlight=False, soft_wrap=True)


def _print(report: TrainingReport) -> None:
    from rich.table import Table

    from hireflow.noshow.training import LEAKAGE_AUC

    _out.print(
        f"trained on {report.trained_on} older interviews, tested on the {report.tested_on} "
        f"newest (no-show rate {report.test_no_show_rate:.1%})"
    )
    table = Table("", "ROC-AUC", "PR-AUC", "Brier")
    for label, metrics in (
        ("calibrated logistic regression", report.model),
        ("prior", report.prior),
    ):
        table.add_row(
            label, f"{metrics.roc_auc:.3f}", f"{metrics.pr_auc:.3f}", f"{metrics.brier:.4f}"
        )
    _out.print(table)
    if report.leakage_warning:
        _out.print(
            f"[yellow]warning: ROC-AUC above {LEAKAGE_AUC} — a feature probably leaks the "
            "outcome; check the inputs before trusting this model.[/yellow]"
        )


@app.command("train-no-show")
def train_no_show(
    generate: Annotated[
        int | None,
        typer.Option(
            "--generate",
            min=1,
            help="Train on a generated history of N interviews instead of the outcomes "
            "recorded in this installation (the default).",
        ),
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of the generated history.")] = 7,
    save: Annotated[
        bool | None,
        typer.Option(
            help="Store the model when it beats the prior (default: yes for recorded "
            "outcomes, no for a generated history)."
        ),
    ] = None,
    database_url: DatabaseUrlOption = None,
) -> None:
    """Fit a calibrated logistic regression (time-based split) and print it next to the prior.

    The stored model scores interviews from then on; it is stored only when it has the
    better ROC-AUC and the better Brier score on the newest quarter of the history."""
    import asyncio

    from hireflow.db.engine import Database
    from hireflow.db.server import resolve_database
    from hireflow.db.session import SYSTEM, unit_of_work
    from hireflow.interviews import service as interviews
    from hireflow.kit.errors import BadRequest
    from hireflow.kit.time import utcnow
    from hireflow.noshow import service as noshow
    from hireflow.noshow.training import MIN_OUTCOMES, generate_history, train_no_show_model

    settings = load_settings(database_url)
    now = utcnow()
    keep = save if save is not None else generate is None
    history: list[RecordedOutcome] = generate_history(generate, seed=seed) if generate else []
    target = resolve_database(settings) if keep or generate is None else None

    async def recorded() -> list[RecordedOutcome]:
        assert target is not None
        database = Database.connect(target, pool_size=1)
        try:
            async with unit_of_work(database.system_sessions, SYSTEM) as session:
                return await interviews.recorded_outcomes(session)
        finally:
            await database.dispose()

    async def store(report: TrainingReport) -> bool:
        assert target is not None
        database = Database.connect(target, pool_size=1)
        try:
            async with unit_of_work(database.system_sessions, SYSTEM) as session:
                source = "generated" if generate else "database"
                return await noshow.save_model(session, report, source=source, now=now)
        finally:
            await database.dispose()

    try:
        if generate is None:
            history = asyncio.run(recorded())
            _out.print(
                f"{len(history)} recorded outcomes (attended / no-show) in this installation"
            )
            if len(history) < MIN_OUTCOMES:
                _out.print(
                    f"[red]at least {MIN_OUTCOMES} are needed to train; the prior stays in use."
                    "[/red] (--generate N trains on a generated history.)"
                )
                raise typer.Exit(2)
        try:
            report = train_no_show_model(history, now=now)
        except BadRequest as error:
            _out.print(f"[red]{error.message}[/red]")
            raise typer.Exit(2) from None
        _print(report)
        if not report.beats_prior:
            _out.print("the model does not beat the prior: the prior stays in use")
        elif keep and asyncio.run(store(report)):
            _out.print("the model beats the prior and is stored: it scores interviews from now on")
        else:
            hint = "--save stores it" if generate else "--no-save"
            _out.print(f"the model beats the prior (not stored: {hint})")
    finally:
        if target is not None:
            target.stop_if_started()
