"""Options several commands share, written once: their flags and help texts."""

from __future__ import annotations

import typer

PARAMS_HELP = "Parameter-set file (JSON from `innovsd calibrate`); default: the shipped calibrated set."


def params_option(help: str = PARAMS_HELP):
    return typer.Option(None, "--params", help=help)


def lang_option(help: str = "Language of the tables and figures: en or vi."):
    return typer.Option("en", "--lang", help=help)


def json_option(help: str = "Machine-readable output."):
    return typer.Option(False, "--json", help=help)


def year_option(help: str = "Year the scorecard reads."):
    return typer.Option(2030, "--year", help=help)


def formats_option(help: str = "Figure formats, comma-separated: png (300 dpi), svg, pdf."):
    return typer.Option("png,pdf", "--formats", help=help)
