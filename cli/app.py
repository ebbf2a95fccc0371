"""The `innovsd` command. Thin: it parses options, calls the public API (`innovsd.run`, …),
prints and saves through `innovsd.present`. Command modules import their heavy dependencies
inside the commands, so `innovsd --help` starts fast."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from innovsd.errors import InputError

# click's plain help formatter: its headings go through gettext when the help is shown (typer's
# rich panels fix theirs when first imported), so --lang vi translates them.
app = typer.Typer(
    name="innovsd",
    help="System-dynamics model of Hai Phong's science, technology and innovation ecosystem.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

# The API names its arguments; the user typed these flags.
FLAGS = {"overrides": "--set", "format": "--format", "lang": "--lang", "method": "--method", "n": "-n", "output": "--output",
         "lever": "--lever", "by": "--by", "probability": "--probability", "year": "--year", "target": "TARGET",
         "scenario": "SCENARIO", "until": "--until", "data": "--data", "priors": "--priors", "out": "--out",
         "generations": "--generations", "chains": "--chains", "steps/ess": "--steps/--ess", "params": "--params",
         "seed": "--seed", "ess": "--ess", "steps": "--steps", "kind": "--kind", "formats": "--formats",
         "dask": "--dask"}


class _Settings:
    lang = "en"  # of everything printed: --lang anywhere on the command line, else INNOVSD_LANG
    quiet = False
    output_dir: Path | None = None
    partial: list[Path] = []  # this command's output folders not yet complete
    interrupted = 0  # the signal that stopped the command (Ctrl-C: SIGINT), 0 while none did
    interrupt_reported = False  # the command already said so in its own words


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
    """A new ``<name>.partial`` folder for this command's files under --output-dir (or ./outputs);
    ``finish`` (or the end of a successful command) renames it, so a folder without
    ``.partial`` is always complete."""
    from innovsd.present.outputs import new_run_folder as make

    folder = make(kind, label, settings.output_dir)
    settings.partial.append(folder)
    return folder


def finish(folder: Path) -> Path:
    """Rename a completed ``.partial`` folder to its final name; returns that name."""
    from innovsd.present.outputs import complete

    if folder in settings.partial:
        settings.partial.remove(folder)
    return complete(folder)


def final_path(path: Path | str) -> str:
    """What a file inside this command's ``.partial`` folder will be called once it is complete."""
    from innovsd.present.outputs import PARTIAL

    path = Path(path)
    for folder in settings.partial:
        if path == folder or folder in path.parents:
            return str(folder.with_name(folder.name[: -len(PARTIAL)]) / path.relative_to(folder))
    return str(path)


def shown_path(path: Path | str) -> str:
    """A completed output's path as printed: relative to the working folder when inside it (short
    enough for an 80-column line), else whole."""
    import os

    final = Path(final_path(path))
    try:
        return str(final.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return os.fspath(final)


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
    # main() reads --lang from anywhere on the line before parsing; declared here for --help.
    lang: str = typer.Option("en", "--lang", help="Language of everything printed: en or vi. Accepted anywhere on the "
                                                  "command line; default: the INNOVSD_LANG variable, else en."),
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
    import click

    for kind in (click.UsageError, click.exceptions.Abort, click.exceptions.Exit, click.ClickException):
        if isinstance(error, kind):
            return kind.__name__
    return None


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _take_language(argv: list[str]) -> tuple[str, list[str], str]:
    """The language asked for (the last --lang anywhere on the command line, else INNOVSD_LANG,
    else English), where it came from, and the command line without it: each command then gets it
    as its --lang default, so `innovsd --lang vi run` and `innovsd run --lang vi` say the same."""
    import os

    lang, source, rest, skip = os.environ.get("INNOVSD_LANG") or "en", "INNOVSD_LANG", [], False
    for i, arg in enumerate(argv):
        if skip:
            skip = False
        elif arg == "--lang" and i + 1 < len(argv):
            lang, source, skip = argv[i + 1], "--lang", True
        elif arg.startswith("--lang="):
            lang, source = arg.partition("=")[2], "--lang"
        else:
            rest.append(arg)
    return lang, rest, source


def _localised(lang: str):
    """The click command tree of ``app`` with every help text in ``lang``."""
    from typer.main import get_command

    from innovsd.i18n import help_text

    def translate(command) -> None:
        command.help = command.help and help_text(command.help, lang)
        for param in command.params:
            if getattr(param, "help", None):
                param.help = help_text(param.help, lang)
        for sub in getattr(command, "commands", {}).values():
            translate(sub)

    command = get_command(app)
    translate(command)
    return command


def _language_defaults(command) -> dict:
    """click's default_map giving every --lang the language asked for."""
    defaults = {"lang": settings.lang} if any(p.name == "lang" for p in command.params) else {}
    for name, sub in getattr(command, "commands", {}).items():
        defaults[name] = _language_defaults(sub)
    return defaults


def _phrase(key: str, **values) -> str:
    from innovsd.errors import Problem, Said

    return Problem(key, **{k: Said(v) if isinstance(v, str) else v for k, v in values.items()}).text(settings.lang)


def _say(text: str) -> None:
    """One plain line on stderr: never parsed as markup, without control characters, at most
    300 characters, whatever the user typed."""
    from innovsd.cli.failures import one_line

    sys.stderr.write(one_line(text) + "\n")
    sys.stderr.flush()


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    from innovsd.errors import InputWarning

    if issubclass(category, InputWarning):
        error = getattr(message, "error", None)
        _say(_phrase("warning line", text=error.text(settings.lang) if error else message))
    else:
        _default_showwarning(message, category, filename, lineno, file, line)


def _to_ascii(error: UnicodeError):
    """Encoding error handler: Vietnamese letters lose their accents ("Năm" -> "Nam"), other
    characters become '?', so a terminal that cannot show them still gets readable text."""
    import unicodedata

    text = error.object[error.start:error.end]
    plain = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c if ord(c) < 128 else ("" if unicodedata.combining(c) else "?") for c in plain)
    return plain, error.end


def _ascii_safe_streams() -> None:
    """A terminal that cannot show Vietnamese or box characters gets them transliterated instead
    of a UnicodeEncodeError."""
    import codecs

    codecs.register_error("innovsd-ascii", _to_ascii)
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure") and (stream.encoding or "").lower().replace("-", "") not in ("utf8",):
            stream.reconfigure(errors="innovsd-ascii")


def _finish_outputs() -> None:
    """A command that ended normally has complete folders (safety net for commands that did not
    call ``finish``); one that failed or was interrupted leaves them ``.partial``."""
    for folder in list(settings.partial):
        finish(folder)


def _interrupted() -> None:
    from innovsd.cli.failures import exit_code, ignore_signals

    ignore_signals()
    if not settings.interrupt_reported:
        _say(_phrase("interrupted"))
    sys.exit(exit_code(settings))


def main() -> None:
    import warnings

    from innovsd.cli.failures import catch_signals, restore
    from innovsd.i18n import parser_language

    global _default_showwarning
    settings.partial, settings.interrupted, settings.interrupt_reported = [], 0, False
    lang, argv, source = _take_language(sys.argv[1:])
    settings.lang = lang if lang in _languages() else "en"
    _ascii_safe_streams()
    _default_showwarning, warnings.showwarning = warnings.showwarning, _show_warning
    previous, unraisable = catch_signals(settings), sys.unraisablehook
    try:
        with parser_language(settings.lang):
            _main(argv, "--debug" in argv, lang, source)
    finally:  # in-process callers (tests, notebooks) get their handlers back
        warnings.showwarning = _default_showwarning
        restore(previous)
        sys.unraisablehook = unraisable


def _languages() -> tuple[str, ...]:
    from innovsd.i18n import languages

    return languages()


def _main(argv: list[str], debug: bool, lang: str, source: str) -> None:
    try:
        if lang != settings.lang:
            raise InputError("unknown language", lang=lang, known=", ".join(_languages()), field=source)
        command = _localised(settings.lang)
        from innovsd.cli.progress import status
        from innovsd.notices import showing

        with showing(status):
            result = command.main(argv, prog_name="innovsd", standalone_mode=False,
                                  default_map=_language_defaults(command))
        if settings.interrupted:
            _interrupted()
        code = result if isinstance(result, int) else 0
        if code == 0:
            _finish_outputs()
    except InputError as error:
        if debug:
            raise
        if error.source is None:  # an option's problem; a file's field keeps the file's name for it
            error.field = FLAGS.get(error.field, error.field)
        error.source = FLAGS.get(error.source, error.source)
        _say(_phrase("error line", text=error.text(settings.lang)))
        sys.exit(2)
    except KeyboardInterrupt:
        _interrupted()
    except Exception as error:
        kind = _kind(error)
        if kind is None and not debug:
            _failed(error)
        if kind is None or debug and kind != "UsageError":
            raise
        if kind == "Abort":  # end of input at a prompt, or Ctrl-C in click's own code
            _interrupted()
        if kind == "Exit":
            if settings.interrupted:
                _interrupted()
            code = getattr(error, "exit_code", 0)
            if code == 0:
                _finish_outputs()
            sys.exit(code)
        from click.exceptions import NoArgsIsHelpError

        if isinstance(error, NoArgsIsHelpError):  # `innovsd` or a group alone: its help, as a mistake
            sys.stdout.write(error.ctx.get_help() + "\n")
            sys.exit(2)
        message = _one_line(error.format_message())
        ctx = getattr(error, "ctx", None)
        if kind == "UsageError" and ctx is not None:
            message = _phrase("usage hint", text=message, command=ctx.command_path)
        _say(_phrase("error line", text=message))
        sys.exit(2 if kind == "UsageError" else getattr(error, "exit_code", 1))
    sys.exit(code)


def _failed(error: Exception) -> None:
    """Any other error: one line (see cli/failures.py), never a traceback without --debug."""
    from innovsd.cli.failures import failure

    line, code = failure(error, settings.partial[-1] if settings.partial else None)
    if line is not None:
        _say(_phrase("error line", text=line.text(settings.lang)))
    sys.exit(code)


_default_showwarning = None
