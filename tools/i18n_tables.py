"""The phrase and problem tables' source, for tools/i18n.py: entries written the former way,
{"en": ..., "vi": ...}, become English only with their Vietnamese in vi's catalogue (convert), and
during a merge the entries the other side added, changed or removed come into the tables
(adopt)."""

from __future__ import annotations

import ast
import json
import re
import subprocess

import i18n as catalogues
from babel.messages.catalog import Catalog


def _line_starts(source: bytes) -> list[int]:
    starts = [0]
    for line in source.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    return starts


def _old_entries(source: str, table: str):
    """(key, English node, Vietnamese text, value node) of every {"en": ..., "vi": ...} entry."""
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == table for t in node.targets) \
                and isinstance(node.value, ast.Dict):
            for key, value in zip(node.value.keys, node.value.values):
                if isinstance(value, ast.Dict):
                    langs = {ast.literal_eval(k): v for k, v in zip(value.keys, value.values)}
                    yield ast.literal_eval(key), langs["en"], ast.literal_eval(langs.get(catalogues.CONVERTED_LANGUAGE)), value


def convert() -> int:
    """Rewrite old-style entries as English only; their Vietnamese goes into vi's innovsd.po."""
    po = catalogues.po_path(catalogues.CONVERTED_LANGUAGE, catalogues.DOMAIN)
    catalog = catalogues.read_catalog(po, catalogues.CONVERTED_LANGUAGE) if po.exists() \
        else Catalog(locale=catalogues.CONVERTED_LANGUAGE, **catalogues.HEADER)
    converted = 0
    for relative, _, table in catalogues.TABLES:
        path = catalogues.ROOT / relative
        source = path.read_text(encoding="utf-8")
        raw = source.encode("utf-8")
        starts = _line_starts(raw)
        edits = []
        for key, english, vietnamese, value in _old_entries(source, table):
            offset = lambda line, col: starts[line - 1] + col  # noqa: E731 - ast columns are UTF-8 bytes
            text = raw[offset(english.lineno, english.col_offset):offset(english.end_lineno, english.end_col_offset)]
            shift = english.col_offset - value.col_offset  # keep continuation lines under the first one
            text = re.sub(rb"\n" + b" " * shift, b"\n", text) if shift > 0 else text
            edits.append((offset(value.lineno, value.col_offset), offset(value.end_lineno, value.end_col_offset), text))
            message = catalog.get(ast.literal_eval(english), context=key)
            if message is not None and message.string and message.string != vietnamese:
                print(f"{relative}: '{key}': the Vietnamese written in the table replaces the catalogue's")
            catalog.add(ast.literal_eval(english), vietnamese, context=key)
        for start, end, text in sorted(edits, reverse=True):
            raw = raw[:start] + text + raw[end:]
        if edits:
            path.write_bytes(raw)
            print(f"{relative}: {len(edits)} entries converted")
            converted += len(edits)
    if converted:
        catalogues.write_catalog(catalog, po)
    return converted


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=catalogues.ROOT, capture_output=True, text=True, check=True).stdout


def _table_at(ref: str, relative: str, table: str) -> dict:
    """The table's entries as the file is at ``ref`` (empty when it is not there)."""
    try:
        source = _git("show", f"{ref}:{relative}")
    except subprocess.CalledProcessError:
        return {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == table for t in node.targets):
            return {ast.literal_eval(k): ast.literal_eval(v) for k, v in zip(node.value.keys, node.value.values)}
    return {}


def _literal(value, column: int) -> str:
    """Python source of a table value in the tables' style: double quotes, a long text split into
    adjacent pieces of at most about 100 characters, continued under the first at ``column``."""
    if isinstance(value, dict):
        inner = ", ".join(f"{_literal(k, column)}: {_literal(v, column + len(json.dumps(k)) + 3)}" for k, v in value.items())
        return "{" + inner + "}"
    if isinstance(value, tuple):
        return "(" + ", ".join(_literal(v, column + 1) for v in value) + ")"
    pieces, piece = [], ""
    for word in re.findall(r"\S+\s*", value):
        if piece and len(piece) + len(word) > 100 - column:
            pieces.append(piece)
            piece = ""
        piece += word
    if len(pieces) and len(piece) < 20:  # no short last piece
        pieces[-1] += piece
    else:
        pieces.append(piece)
    return ("\n" + " " * column).join(json.dumps(p, ensure_ascii=False) for p in pieces)


def adopt(side: str) -> int:
    """The entries ``side`` added, changed or removed since the merge base, into this checkout's
    tables (resolved to the side with catalogues), then converted into the catalogues."""
    base = _git("merge-base", "HEAD", "MERGE_HEAD").strip()
    adopted = 0
    for relative, _, table in catalogues.TABLES:
        before, after = _table_at(base, relative, table), _table_at(side, relative, table)
        changed = {k: v for k, v in after.items() if before.get(k) != v}
        removed = [k for k in before if k not in after]
        path = catalogues.ROOT / relative
        raw = path.read_bytes()
        starts = _line_starts(raw)
        offset = lambda line, col: starts[line - 1] + col  # noqa: E731
        (node,) = [n for n in ast.parse(raw.decode("utf-8")).body if isinstance(n, ast.Assign)
                   and any(getattr(t, "id", None) == table for t in n.targets)]
        spans = {ast.literal_eval(k): (k, v) for k, v in zip(node.value.keys, node.value.values)}
        edits = []
        for key in removed:
            if key in spans:
                k, v = spans[key]
                start, end = offset(k.lineno, 0), offset(v.end_lineno + 1, 0)  # the entry's whole lines
                edits.append((start, end, b""))
        for key, value in changed.items():
            name = json.dumps(key, ensure_ascii=False)
            if key in spans:
                k, v = spans[key]
                literal = _literal(value, 4 + len(name) + 2).encode("utf-8")
                edits.append((offset(v.lineno, v.col_offset), offset(v.end_lineno, v.end_col_offset), literal))
            else:
                closing = offset(node.value.end_lineno, node.value.end_col_offset - 1)
                literal = _literal(value, 4 + len(name) + 2)
                edits.append((closing, closing, f"    {name}: {literal},\n".encode("utf-8")))
        for start, end, text in sorted(edits, reverse=True):
            raw = raw[:start] + text + raw[end:]
        if edits:
            path.write_bytes(raw)
            print(f"{relative}: {len(changed)} entries added or changed, {len(removed)} removed, from {side}")
        adopted += len(edits)
    return adopted + convert()
