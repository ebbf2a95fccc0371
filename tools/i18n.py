"""The translation catalogues, built with Babel (docs/translating.md says when to run what).

    python tools/i18n.py convert    entries written {"en": ..., "vi": ...} in words.py or messages.py:
                                    the English stays in the table, the Vietnamese moves into vi's .po
    python tools/i18n.py adopt SIDE during a merge whose words.py/messages.py conflict, resolved to the
                                    side with catalogues: bring in the entries SIDE added, changed or
                                    removed since the merge base, then convert them
    python tools/i18n.py extract    innovsd/locale/innovsd.pot from the phrase and problem tables and the
                                    command-line help; click.pot from click's and typer's gettext calls
    python tools/i18n.py update     merge the templates into every language's .po (new entries empty,
                                    entries whose English changed marked fuzzy with the old translation)
    python tools/i18n.py compile    every .po to its .mo
    python tools/i18n.py check      exit 1 when an entry lacks its translation or is fuzzy, a template
                                    is out of date, or a .mo differs from its .po
    python tools/i18n.py init LANG  the catalogues of a new language, from the templates
    python tools/i18n.py all        convert, extract, update, compile, check

Run from the repository with the project's environment (.venv/bin/python tools/i18n.py ...)."""

from __future__ import annotations

import ast
import importlib
import io
import re
import string
import sys
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "innovsd" / "locale"
DOMAIN, CLICK_DOMAIN = "innovsd", "click"
# (source file, module, table): every entry is key -> English, or key -> (singular, plural)
# A table that includes another (WORDS includes RECORD_WORDS and BRIEF_WORDS) comes after it: an entry is
# listed where written.
TABLES = [("innovsd/present/record_words.py", "innovsd.present.record_words", "RECORD_WORDS"),
          ("innovsd/present/brief_words.py", "innovsd.present.brief_words", "BRIEF_WORDS"),
          ("innovsd/present/words.py", "innovsd.present.words", "WORDS"),
          ("innovsd/messages.py", "innovsd.messages", "PROBLEMS")]
HELP_CONTEXT = "help"
CONVERTED_LANGUAGE = "vi"  # the second language of the old {"en", "vi"} entries
HEADER = {"project": "innovsd", "version": "0.1", "copyright_holder": "The innovsd maintainers",
          "msgid_bugs_address": "", "last_translator": "", "language_team": "", "charset": "utf-8", "fuzzy": False}


def template_path(domain: str) -> Path:
    return LOCALE / f"{domain}.pot"


def po_path(lang: str, domain: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{domain}.po"


def read_catalog(path: Path, lang: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=lang)


def write_catalog(catalog: Catalog, path: Path, template: bool = False) -> None:
    if path.exists():  # dates move only when the content does
        before = read_catalog(path, None if template else catalog.locale_identifier)
        catalog.creation_date = before.creation_date
        if not template:
            catalog.revision_date = before.revision_date
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, omit_header=False, ignore_obsolete=True, include_previous=True,
             sort_output=False)
    text = buffer.getvalue()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_bytes() != text:
        path.write_bytes(text)


def languages() -> list[str]:
    return sorted(p.name for p in LOCALE.iterdir() if (p / "LC_MESSAGES").is_dir()) if LOCALE.is_dir() else []


# -- extract ---------------------------------------------------------------------------------------

def _flags(*texts: str) -> tuple[str, ...]:
    placeholders = any(name is not None for text in texts for _, name, _, _ in string.Formatter().parse(text))
    return ("python-brace-format",) if placeholders else ()


def _table_lines(relative: str, table: str) -> dict[str, int]:
    tree = ast.parse((ROOT / relative).read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == table for t in node.targets):
            return {ast.literal_eval(k): k.lineno for k in node.value.keys}
    return {}


def help_texts():
    """(help text, where) for the root command, every command and every option, as click holds them."""
    import typer

    from innovsd.cli.app import app

    def walk(command, path):
        if command.help:
            yield command.help, path
        for param in command.params:
            if getattr(param, "help", None):
                yield param.help, f"{path} {param.opts[0]}"
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            yield from walk(sub, f"{path} {name}")

    yield from walk(typer.main.get_command(app), "innovsd")


def project_template() -> Catalog:
    catalog = Catalog(**HEADER)
    for relative, module, table in TABLES:
        entries = getattr(importlib.import_module(module), table)
        lines = _table_lines(relative, table)
        for key, english in entries.items():
            if isinstance(english, dict):
                raise SystemExit(f"{relative}: '{key}' is written {{'en': ..., 'vi': ...}}: run `python tools/i18n.py convert`")
            texts = english if isinstance(english, tuple) else (english,)
            if catalog.get(texts[0], context=key) is not None:
                continue
            catalog.add(english, context=key, locations=[(relative, lines.get(key, 0))], flags=_flags(*texts))
    for text, where in help_texts():
        message = catalog.get(text, context=HELP_CONTEXT)
        if message is None:
            catalog.add(text, context=HELP_CONTEXT, auto_comments=[where], flags=_flags(text))
        else:
            message.auto_comments.append(where)
    return catalog


def click_template() -> Catalog:
    """Every gettext call of the installed click and typer (their usage errors, help headings)."""
    import click
    import typer

    catalog = Catalog(**HEADER)
    for package in (click, typer):
        folder = Path(package.__file__).parent
        for path in sorted(folder.rglob("*.py")):
            relative = path.relative_to(folder.parent).as_posix()
            for line, message, comments, context in extract_from_file("python", str(path), keywords=DEFAULT_KEYWORDS):
                text = message if isinstance(message, str) else tuple(message)
                if isinstance(text, tuple) and len(text) == 1:
                    text = text[0]
                if not text or (isinstance(text, tuple) and not all(text)):
                    continue  # a gettext call on a variable
                flags = ("python-format",) if re.search(r"%\(?\w*\)?[sd]", str(text)) else _flags(*([text] if isinstance(text, str) else text))
                existing = catalog.get(text if isinstance(text, str) else text[0], context=context)
                if existing is None:
                    catalog.add(text, context=context, locations=[(relative, line)], flags=flags)
                else:
                    existing.locations.append((relative, line))
    return catalog


def templates() -> dict[str, Catalog]:
    return {DOMAIN: project_template(), CLICK_DOMAIN: click_template()}


def extract() -> None:
    for domain, catalog in templates().items():
        write_catalog(catalog, template_path(domain), template=True)


# -- update, compile, init -------------------------------------------------------------------------

def update() -> None:
    for domain in (DOMAIN, CLICK_DOMAIN):
        template = read_catalog(template_path(domain))
        for lang in languages():
            catalog = read_catalog(po_path(lang, domain), lang) if po_path(lang, domain).exists() \
                else Catalog(locale=lang, **HEADER)
            catalog.update(template, update_header_comment=False)
            write_catalog(catalog, po_path(lang, domain))


def mo_bytes(po: Path, lang: str) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, read_catalog(po, lang), use_fuzzy=False)
    return buffer.getvalue()


def compile_all() -> None:
    for lang in languages():
        for po in sorted((LOCALE / lang / "LC_MESSAGES").glob("*.po")):
            mo = po.with_suffix(".mo")
            data = mo_bytes(po, lang)
            if not mo.exists() or mo.read_bytes() != data:
                mo.write_bytes(data)


def _declare_package(lang: str) -> None:
    """The language's folder in pyproject.toml's packages and package data, so the wheel carries it."""
    path = ROOT / "pyproject.toml"
    text = path.read_text(encoding="utf-8")
    package = f"innovsd.locale.{lang}.LC_MESSAGES"
    if f'"{package}"' in text:
        return
    text = text.replace('"innovsd.locale.vi.LC_MESSAGES"]', f'"innovsd.locale.vi.LC_MESSAGES",\n            "{package}"]', 1)
    text = text.replace('"innovsd.locale.vi.LC_MESSAGES" = ["*.po", "*.mo"]',
                        f'"innovsd.locale.vi.LC_MESSAGES" = ["*.po", "*.mo"]\n"{package}" = ["*.po", "*.mo"]', 1)
    path.write_text(text, encoding="utf-8")


def init(lang: str) -> None:
    Locale.parse(lang)  # an unknown code fails here
    for domain in (DOMAIN, CLICK_DOMAIN):
        if not po_path(lang, domain).exists():
            write_catalog(Catalog(locale=lang, **HEADER), po_path(lang, domain))
    _declare_package(lang)
    update()
    print(f"{lang}: translate {po_path(lang, DOMAIN).relative_to(ROOT)} and {po_path(lang, CLICK_DOMAIN).relative_to(ROOT)}, "
          "then run `python tools/i18n.py compile`")


# -- check -----------------------------------------------------------------------------------------

def _placeholders(text) -> set[str]:
    texts = text if isinstance(text, (tuple, list)) else (text,)
    return {name for t in texts if t for _, name, _, _ in string.Formatter().parse(t) if name is not None}


def _compiled_from(mo: Path, catalog: Catalog) -> bool:
    """Whether the .mo says every translation of the .po as the .po has it (compared by meaning, not
    bytes: another Babel version lays the file out otherwise)."""
    import gettext

    with mo.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        if message.pluralizable:
            counts = {compiled.plural(n): n for n in reversed(range(200))}  # a count that takes each form
            for index, form in enumerate(message.string):
                n = counts.get(index, index)
                said = compiled.npgettext(message.context, message.id[0], message.id[1], n) if message.context \
                    else compiled.ngettext(message.id[0], message.id[1], n)
                if form and said != form:
                    return False
        elif message.string:
            said = compiled.pgettext(message.context, message.id) if message.context else compiled.gettext(message.id)
            if said != message.string:
                return False
    return True


def _same_placeholders(message) -> bool:
    """The same {placeholders} as the English; a plural's forms may use any of its English forms'
    (a language with one form keeps the plural's)."""
    if message.pluralizable:
        return all(_placeholders(s) <= _placeholders(message.id) for s in message.string)
    return _placeholders(message.string) == _placeholders(message.id)


def _shown(path: Path) -> Path:
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


def problems(third_party_as_locked: bool = True) -> list[str]:
    """Everything that stops the catalogues from being complete and current. Without
    ``third_party_as_locked`` (click and typer of other versions than constraints.txt's, whose
    sentences and completion help differ), the templates are compared on innovsd's own tables only."""
    found = []
    current = templates()
    if not third_party_as_locked:
        current.pop(CLICK_DOMAIN)
    for domain, template in current.items():
        committed = read_catalog(template_path(domain)) if template_path(domain).exists() else Catalog()
        ids = lambda c: {(m.context, m.id if isinstance(m.id, str) else tuple(m.id)) for m in c  # noqa: E731
                         if m.id and (third_party_as_locked or m.context != HELP_CONTEXT)}
        if ids(committed) != ids(template):
            found.append(f"{_shown(template_path(domain))} is out of date: run `python tools/i18n.py extract update`")
    for lang in languages():
        for domain in (DOMAIN, CLICK_DOMAIN):
            po = po_path(lang, domain)
            if not po.exists():
                found.append(f"{_shown(po)} is missing: run `python tools/i18n.py init {lang}`")
                continue
            catalog = read_catalog(po, lang)
            template = read_catalog(template_path(domain))
            have = {(m.context, m.id if isinstance(m.id, str) else tuple(m.id)) for m in catalog if m.id}
            for message in template:
                if message.id and (message.context, message.id if isinstance(message.id, str) else tuple(message.id)) not in have:
                    found.append(f"{_shown(po)}: '{message.context or ''}' {message.id!r} is not in the catalogue")
            for message in catalog:
                if not message.id:
                    continue
                where = f"{_shown(po)}: '{message.context or ''}' {message.id!r}"
                strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
                if not all(s for s in strings):
                    found.append(f"{where} has no translation")
                elif message.fuzzy:
                    found.append(f"{where} is fuzzy (its English changed): check the translation, remove the fuzzy mark")
                elif "python-brace-format" in message.flags and not _same_placeholders(message):
                    found.append(f"{where}: the translation's {{placeholders}} differ from the English ones")
            mo = po.with_suffix(".mo")
            if not mo.exists() or not _compiled_from(mo, catalog):
                found.append(f"{_shown(mo)} is stale: run `python tools/i18n.py compile`")
    return found


def check() -> int:
    found = problems()
    for line in found:
        print(line)
    return 1 if found else 0


def main(argv: list[str]) -> int:
    commands = argv or ["all"]
    if commands[0] == "init":
        init(commands[1])
        return 0
    if commands[0] == "adopt":
        from i18n_tables import adopt

        adopt(commands[1])
        return main(["extract", "update", "compile", "check"])
    for command in (["convert", "extract", "update", "compile", "check"] if commands == ["all"] else commands):
        if command == "convert":
            from i18n_tables import convert

            convert()
        elif command == "extract":
            extract()
        elif command == "update":
            update()
        elif command == "compile":
            compile_all()
        elif command == "check":
            return check()
        else:
            print(__doc__)
            return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
