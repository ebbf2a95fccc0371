"""The `innovsd` command. Thin: it parses options, calls the public API (`innovsd.run`, …),
prints and saves through `innovsd.present`. Command modules import their heavy dependencies
inside the commands, so `innovsd --help` starts fast."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from innovsd.errors import InputError

app = typer.Typer(
    name="innovsd",
    help="System-dynamics model of Hai Phong's science, technology and innovation ecosystem.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

# The API names its arguments; the user typed these flags.
FLAGS = {"set": "--set", "lang": "--lang", "method": "--method", "n": "-n", "output": "--output",
         "lever": "--lever", "by": "--by", "probability": "--probability", "year": "--year", "target": "TARGET",
         "scenario": "SCENARIO", "until": "--until", "data": "--data", "priors": "--priors", "out": "--out",
         "generations": "--generations", "walkers": "--walkers", "steps/burn": "--steps/--burn", "params": "--params"}


class _Settings:
    quiet = False
    output_dir: Path | None = None


settings = _Settings()


class _LazyConsole:
    """rich's Console, created on first use (importing rich costs startup time)."""

    def __init__(self, stderr: bool = False):
        self._stderr, self._console = stderr, None

    def get(self):
        """The rich Console itself (for progress bars)."""
        self.file  # noqa: B018 - creates it
        return self._console

    def reset(self) -> None:
        self._console = None

    def __getattr__(self, name):
        if self._console is None:
            from rich.console import Console

            self._console = Console(stderr=self._stderr, quiet=settings.quiet and not self._stderr)
        return getattr(self._console, name)


console = _LazyConsole()
errors = _LazyConsole(stderr=True)


def new_run_folder(kind: str, label: str = "") -> Path:
    """A new folder for this command's files under --output-dir (or ./outputs)."""
    from innovsd.present.outputs import new_run_folder as make

    return make(kind, label, settings.output_dir)


def emit_json(text: str) -> None:
    """Machine-readable output: printed even with --quiet, never wrapped or coloured."""
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def _version(value: bool) -> None:
    if value:
        from innovsd import __version__

        print(f"innovsd {__version__}")
        raise typer.Exit()


@app.callback()
def _global(
    debug: bool = typer.Option(False, "--debug", help="Show full tracebacks on errors."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only results and errors: no tables, no progress."),
    output_dir: Optional[Path] = typer.Option(None, "--output-dir", envvar="INNOVSD_OUTPUTS",
                                              help="Where each command's new folder goes (default: ./outputs)."),
    version: Optional[bool] = typer.Option(None, "--version", callback=_version, is_eager=True,
                                           help="Print the version and exit."),
):
    """Compare ST&I policies for Hai Phong against the 2030 targets."""
    settings.quiet = quiet
    settings.output_dir = output_dir
    console.reset()


# Sub-command modules register themselves on `app` when imported (they import little).
from innovsd.cli import model_commands  # noqa: E402,F401
from innovsd.cli import scenario_commands  # noqa: E402,F401
from innovsd.cli import analysis_commands  # noqa: E402,F401
from innovsd.cli import calibration_commands  # noqa: E402,F401
from innovsd.cli import deliverable_commands  # noqa: E402,F401


def _kind(error: BaseException) -> str | None:
    """typer ships its own copy of click's exceptions (typer._click) and may also raise
    click's: recognise both by class name."""
    names = {cls.__name__ for cls in type(error).__mro__}
    for kind in ("UsageError", "Abort", "Exit", "ClickException"):
        if kind in names:
            return kind
    return None


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def main() -> None:
    debug = "--debug" in sys.argv
    try:
        result = app(prog_name="innovsd", standalone_mode=False)
    except InputError as error:
        if debug:
            raise
        error.field = FLAGS.get(error.field, error.field)
        error.source = FLAGS.get(error.source, error.source)
        errors.print(f"[bold red]error:[/] {error}", markup=True, highlight=False, soft_wrap=True)
        sys.exit(2)
    except KeyboardInterrupt:
        errors.print("interrupted")
        sys.exit(130)
    except OSError as error:
        if debug:
            raise
        errors.print(f"[bold red]error:[/] {getattr(error, 'filename', '') or ''}: {error.strerror or error}",
                     highlight=False, soft_wrap=True)
        sys.exit(1)
    except Exception as error:
        kind = _kind(error)
        if kind is None or debug and kind != "UsageError":
            raise
        if kind == "Abort":
            errors.print("interrupted")
            sys.exit(130)
        if kind == "Exit":
            sys.exit(getattr(error, "exit_code", 0))
        message = _one_line(error.format_message())
        ctx = getattr(error, "ctx", None)
        hint = f" (see `{ctx.command_path} --help`)" if kind == "UsageError" and ctx is not None else ""
        sys.stderr.write(f"error: {message}{hint}\n")
        sys.exit(2 if kind == "UsageError" else getattr(error, "exit_code", 1))
    sys.exit(result if isinstance(result, int) else 0)
