"""The `innovsd` command. Thin: it parses options, calls the packages, prints and saves."""

from __future__ import annotations

import sys

import click
import typer
from rich.console import Console

from innovsd.model.errors import InputError

app = typer.Typer(
    name="innovsd",
    help="System-dynamics model of Hai Phong's science, technology and innovation ecosystem.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
errors = Console(stderr=True)


@app.callback()
def _global(debug: bool = typer.Option(False, "--debug", help="Show full tracebacks on errors.")):
    """Compare ST&I policies for Hai Phong against the 2030 targets."""


# Sub-command modules register themselves on `app` when imported.
from innovsd.cli import model_commands  # noqa: E402,F401
from innovsd.cli import scenario_commands  # noqa: E402,F401
from innovsd.cli import analysis_commands  # noqa: E402,F401
from innovsd.cli import calibration_commands  # noqa: E402,F401
from innovsd.cli import deliverable_commands  # noqa: E402,F401


def main() -> None:
    debug = "--debug" in sys.argv
    try:
        result = app(prog_name="innovsd", standalone_mode=False)
    except InputError as error:
        if debug:
            raise
        errors.print(f"[bold red]error:[/] {error}", markup=True, highlight=False, soft_wrap=True)
        sys.exit(2)
    except click.exceptions.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except (click.exceptions.Abort, KeyboardInterrupt):
        errors.print("interrupted")
        sys.exit(130)
    except OSError as error:
        if debug:
            raise
        errors.print(f"[bold red]error:[/] {getattr(error, 'filename', '') or ''}: {error.strerror or error}", highlight=False, soft_wrap=True)
        sys.exit(1)
    sys.exit(result if isinstance(result, int) else 0)
