"""The reader's language: gettext catalogues and numbers in each language's format.

English is the source language: the phrase table (present/words.py), the problem table
(messages.py) and the command-line help hold it, each sentence under its key, which is the
catalogue's context (msgctxt). Translations are gettext catalogues, edited in Poedit or Weblate:
innovsd/locale/<lang>/LC_MESSAGES/innovsd.po, compiled to .mo with Babel (docs/translating.md).
click's and typer's own messages (usage errors, "Options", …) come from their gettext calls, through
the domain ``click`` beside it. A language is any folder with a compiled catalogue. Numbers are
written by Babel from CLDR's data (decimal mark, grouping, percent sign) for that language."""

from __future__ import annotations

import gettext
import os
from contextlib import contextmanager
from decimal import Decimal
from functools import cache
from importlib.resources import files
from pathlib import Path

DOMAIN = "innovsd"
CLICK_DOMAIN = "click"
SOURCE_LANGUAGE = "en"


def locale_folder() -> Path:
    return Path(str(files("innovsd").joinpath("locale")))


@cache
def languages() -> tuple[str, ...]:
    """English and every language with a compiled catalogue."""
    found = sorted(p.parents[1].name for p in locale_folder().glob(f"*/LC_MESSAGES/{DOMAIN}.mo"))
    return (SOURCE_LANGUAGE, *found)


@cache
def catalogue(lang: str) -> gettext.NullTranslations:
    if lang == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, str(locale_folder()), languages=[lang], fallback=True)


def translated(key: str, english: str, lang: str) -> str:
    """``english`` (the entry ``key`` of a table) in ``lang``; English when not translated."""
    return catalogue(lang).pgettext(key, english)


def translated_plural(key: str, forms: tuple[str, str], n: int, lang: str) -> str:
    """The form of a (singular, plural) entry that ``n`` takes in ``lang`` (Vietnamese has one)."""
    return catalogue(lang).npgettext(key, forms[0], forms[1], n)


HELP = "help"  # the catalogue context of command-line help texts


def help_text(english: str, lang: str) -> str:
    return catalogue(lang).pgettext(HELP, english)


@contextmanager
def parser_language(lang: str):
    """click and typer say their own sentences ("Missing argument", "Options") through gettext's
    current domain and the LANGUAGE variable: point both at our ``click`` catalogue in ``lang``
    while the command line is parsed, and put them back after."""
    saved_domain, saved_language = gettext.textdomain(), os.environ.get("LANGUAGE")
    gettext.bindtextdomain(CLICK_DOMAIN, str(locale_folder()))
    gettext.textdomain(CLICK_DOMAIN)
    os.environ["LANGUAGE"] = lang
    try:
        yield
    finally:
        gettext.textdomain(saved_domain)
        if saved_language is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = saved_language


# -- numbers ---------------------------------------------------------------------------------------

def _exact(value: float) -> Decimal:
    """The float's exact value: Babel then rounds it as Python's own formatting does."""
    return Decimal(value)


def decimal(value: float, lang: str, digits: int = 1, grouping: bool = True) -> str:
    """51.5 in English, 51,5 in Vietnamese; thousands 1,234 / 1.234."""
    from babel.numbers import format_decimal

    pattern = ("#,##0" if grouping else "0") + ("." + "0" * digits if digits > 0 else "")
    return format_decimal(_exact(value), format=pattern, locale=lang)


def significant(value: float, lang: str, digits: int = 6, sign: bool = False) -> str:
    """``digits`` significant digits, trailing zeros dropped (Python's ``g``, without exponents)."""
    from babel.numbers import format_decimal

    text = format_decimal(_exact(value), format="@" + "#" * (digits - 1), locale=lang)
    return "+" + text if sign and value > 0 else text


def percent(share: float, lang: str, digits: int = 0) -> str:
    """0.07 as '7%' (the language's percent pattern)."""
    from babel import Locale
    from babel.numbers import format_percent

    pattern = Locale.parse(lang).percent_formats[None].pattern.replace("#,##0", "#,##0" + ("." + "0" * digits if digits else ""))
    return format_percent(_exact(share), format=pattern, locale=lang)


def scientific(value: float, lang: str, digits: int = 1) -> str:
    """3.0e-16 as Python writes it, with the language's decimal mark (3,0e-16)."""
    from babel.numbers import get_decimal_symbol

    mantissa, _, exponent = f"{value:.{digits}e}".partition("e")
    return mantissa.replace(".", get_decimal_symbol(lang)) + "e" + exponent


def formatted(value, spec: str, lang: str) -> str:
    """A value for a ``{placeholder:spec}`` of a sentence: numbers in ``lang``'s format for the
    specs the tables use (``g``, ``.1f``, ``,``, ``,.0f``, ``.0%``, ``+.1%``, ``.1e``); other values
    and specs (``#04x``) as Python formats them."""
    if lang == SOURCE_LANGUAGE or isinstance(value, bool) or not isinstance(value, (int, float)):
        return format(value, spec)
    sign = spec.startswith("+")
    body, kind = (spec[1:] if sign else spec), ""
    if body[-1:].isalpha() or body[-1:] == "%":
        body, kind = body[:-1], body[-1]
    grouping = body.startswith(",")
    precision = body[len("," if grouping else ""):]
    if (precision and not (precision.startswith(".") and precision[1:].isdigit())) or kind not in ("", "f", "g", "%", "d", "e"):
        return format(value, spec)  # alignment, fill, width, another base: Python's own
    digits = int(precision[1:]) if precision else 6
    if kind == "f":
        text = decimal(value, lang, digits, grouping)
    elif kind == "%":
        text = percent(value, lang, digits)
    elif kind == "g":
        text = significant(value, lang, digits or 1)
    elif kind == "e":
        text = scientific(value, lang, digits)
    else:
        from babel.numbers import format_decimal

        shown = Decimal(repr(value)) if isinstance(value, float) else value  # str()'s digits
        text = format_decimal(shown, format=("#,##0" if grouping else "0") + ".#################", locale=lang)
    return "+" + text if sign and value >= 0 else text
