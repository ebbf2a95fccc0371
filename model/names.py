"""How a name typed by a user or written in the .mdl is matched to the model's own spelling."""

from __future__ import annotations


def name_key(name) -> str:
    """The form two names are compared in, as Vensim compares them: case, surrounding quotes, and
    runs of spaces, underscores and line-continuation backslashes make no difference."""
    text = str(name).strip().strip('"').replace("_", " ").replace("\\", " ")
    return " ".join(text.split()).lower()
