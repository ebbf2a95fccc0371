"""How figures cite their sources: document titles instead of file codes, each source once, web
pages counted; the full reference (title, code, section, address) for the run's sources.csv."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

from .words import word


def document_sources(codes, lang: str, limit: int | None = None) -> str:
    """Titles of the cited source documents (innovsd/present/documents.csv), not their file codes;
    all of them unless ``limit``."""
    from innovsd.present.brief import document_titles

    titles = document_titles()
    names = [titles[c][lang] if c in titles else c for c in dict.fromkeys(codes)]
    if not names:
        return ""
    shown = names if limit is None else names[:limit]
    return "; ".join(shown) + ("; …" if len(names) > len(shown) else "")


DOCUMENT = re.compile(r"\b\d{3}_[0-9a-f]{16}\.txt\b|[\w./-]+\.csv\b")  # a source document or a data file
WEB_PAGE = re.compile(r"https?://[^\s;,)]+")
# A path of this repository in brackets ("(scenarios/portfolio.py)"): the reader cannot open it.
REPOSITORY_PATH = re.compile(r"\s*\([\w.-]+/[\w./-]+\.\w+\)")


def short_citations(sources: Iterable[str], lang: str) -> str:
    """A figure's source line: each document, data file or reference named in words (a law, a
    resolution) cited once by its title in innovsd/present/documents.csv, the web pages counted,
    any other reference as written without repository paths; the full references (sections, addresses) are in the run's
    sources.csv (compare_files.source_rows)."""
    from innovsd.present.brief import document_titles

    titles = document_titles()
    names: dict[str, None] = {}
    pages: set[str] = set()
    for source in sources:
        for piece in filter(None, (p.strip() for p in (source or "").split(";"))):
            documents = DOCUMENT.findall(piece)
            addresses = WEB_PAGE.findall(piece)
            for code in documents:
                names[titles[code][lang] if code in titles else Path(code).name] = None
            pages.update(addresses)
            if not documents and not addresses:
                named = named_references(piece, titles)
                for code in named or [REPOSITORY_PATH.sub("", piece)]:
                    names[titles[code][lang] if code in titles else code] = None
    if pages:
        names[word("web pages", lang, n=len(pages))] = None
    return "; ".join(names)


def named_references(piece: str, titles) -> list[str]:
    """The references of documents.csv a source text names in words (a law, a resolution, a plan),
    not by a file code: their codes, in the order they appear."""
    found = [(piece.find(code), code) for code in titles if not DOCUMENT.fullmatch(code) and code in piece]
    return [code for _, code in sorted(found)]


def full_reference(source: str, lang: str) -> str:
    """A source text with each document and data file named before its code, 'Title (002_….txt) §V.1':
    the reference a reader of sources.csv can both read and find."""
    from innovsd.present.brief import document_titles

    titles = document_titles()
    return DOCUMENT.sub(lambda m: f"{titles[m[0]][lang]} ({m[0]})" if m[0] in titles else m[0], source or "")
