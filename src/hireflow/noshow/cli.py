"""``hireflow ml train-no-show``: fit the no-show model and compare it with the prior."""

from __future__ import annotations

from typing import Annotated

import typer

from hireflow.cli_common import lazy_console, load_settings

app = typer.Typer(help="Models trained on this installation's own data.")
_out = lazy_console(highlight=False, soft_wrap=True)


@app.command("train-no-show")
def train_no_show(
    generate: Annotated[
        int,
        typer.Option(
            "--generate",
            min=1,
            help="Train on a generated history of N interviews. (Training on outcomes "
            "recorded in the database arrives with the interviews domain.)",
        ),
    ],
    seed: Annotated[int, typer.Option(help="Seed of the generated history.")] = 7,
    save: Annotated[bool, typer.Option(help="Save the model when it beats the prior.")] = True,
) -> None:
    """Fit a calibrated logistic regression (time-based split) and print it next to the prior."""
    from rich.table import Table

    from hireflow.kit.errors import BadRequest
    from hireflow.kit.time import utcnow
    from hireflow.noshow.service import model_dir_for
    from hireflow.noshow.training import LEAKAGE_AUC, generate_history, train_no_show_model

    settings = load_settings()
    history = generate_history(generate, seed=seed)
    model_dir = model_dir_for(settings.data_dir) if save else None
    try:
        report = train_no_show_model(history, model_dir=model_dir, now=utcnow())
    except BadRequest as error:
        _out.print(f"[red]{error.message}[/red]")
        raise typer.Exit(2) from None
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
    if report.beats_prior:
        where = f", saved to {report.saved_to}" if report.saved_to else " (not saved: --no-save)"
        _out.print(f"the model beats the prior and will be used{where}")
    else:
        _out.print("the model does not beat the prior: the prior stays in use")
