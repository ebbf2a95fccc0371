"""How a name typed by a user or written in the .mdl is matched to the model's own spelling."""

from __future__ import annotations


def name_key(name) -> str:
    """The form two names are compared in, as Vensim compares them: case, surrounding quotes, and
    runs of spaces, underscores and line-continuation backslashes make no difference; a subscript
    keeps its elements (``capital output ratio 2013[HaiPhong]``), compared the same way."""
    text = str(name).strip().strip('"')
    base, bracket, elements = text.partition("[")
    key = _words(base)
    if bracket:
        key += "[" + ",".join(_words(e) for e in elements.rstrip().removesuffix("]").split(",")) + "]"
    return key


def _words(text: str) -> str:
    return " ".join(text.replace("_", " ").replace("\\", " ").split()).lower()
