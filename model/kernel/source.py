"""The .mdl read with pysd's parser, with Vensim's reading of a negated number under ``^``.

pysd's parser folds ``-2`` into the number -2 before it sees ``^``, and its builder then writes
``-2**2``; so ``-2^2`` comes out -4 (right: Vensim's unary minus binds looser than ``^``) but
``(-2)^2`` comes out -4 too (Vensim: 4). Equations with ``^`` are parsed again here keeping the
minus as an operator, which puts it where the source has it. Equations that pysd's code computes
otherwise than Vensim (that one, random numbers, ...) are named, so that the engine never runs them
through pysd's code."""

from __future__ import annotations

from pathlib import Path


def _signed_visitor():
    from pysd.translators.vensim.vensim_element import EquationVisitor

    class SignedVisitor(EquationVisitor):
        """pysd's visitor, except that a minus before a number stays an operator."""

        def visit_neg_expr(self, n, vc):
            if vc[0] == "-":
                self.negatives.add(vc[2])
            return vc[2]

    return SignedVisitor


def _pysd_differs(ast) -> str | None:
    """A construct pysd's code computes otherwise than Vensim, found in a tree: a negated number
    raised to a power (pysd: -(x^y)), random numbers (another generator), ALLOCATE AVAILABLE (other
    allocations than Vensim's), DATA read from a file named only at run time."""
    from pysd.translators.structures import abstract_expressions as ae

    if isinstance(ast, ae.ArithmeticStructure) and "^" in ast.operators:
        for base in ast.arguments[:-1]:
            if (isinstance(base, ae.ArithmeticStructure) and base.operators == ["negative"]
                    and isinstance(base.arguments[0], (int, float))):
                return "a negated number raised to a power, which pysd reads as -(x^y)"
    if isinstance(ast, ae.CallStructure) and ast.function.reference.startswith("random"):
        return f"{ast.function.reference.upper()} (pysd's random numbers are not Vensim's)"
    if isinstance(ast, ae.AllocateAvailableStructure):
        return "ALLOCATE AVAILABLE (pysd's allocations differ from Vensim's)"
    if isinstance(ast, ae.DataStructure):
        return "DATA read from a file given at run time"
    children = ([getattr(ast, f) for f in ast.__dataclass_fields__] if hasattr(ast, "__dataclass_fields__")
                else list(ast) if isinstance(ast, (tuple, list)) else [])
    return next((found for found in map(_pysd_differs, children) if found), None)


def parse(mdl_path: Path):
    """pysd's abstract model of the .mdl, and the constructs (with their equations) that pysd's own
    code computes otherwise than Vensim. A parse the translation just made is used, not repeated."""
    from pysd.translators.vensim import vensim_utils
    from pysd.translators.vensim.vensim_element import parsing_ops
    from pysd.translators.vensim.vensim_file import VensimFile

    from ..translation import take_parse

    vensim = take_parse(mdl_path)
    if vensim is None:
        vensim = VensimFile(str(mdl_path))
        vensim.parse()
    visitor = _signed_visitor()
    differs = []
    for section in vensim.sections:
        for component in getattr(section, "components", []):
            if "^" in (getattr(component, "expression", None) or ""):
                tree = vensim_utils.Grammar.get("components", parsing_ops).parse(component.expression)
                component.ast = visitor(tree).translation
            found = _pysd_differs(component.ast)
            if found:
                differs.append(f"{found}, in '{component.name}'")
    return vensim.get_abstract_model(), differs


def equation_lines(text: str) -> dict[str, int]:
    """The line of the .mdl where each equation starts, by pysd's key of its name (for messages)."""
    lines, offset = {}, 0
    for block in text.split("|"):
        head = block.split("~", 1)[0]
        cut = min((i for i in (head.find(c) for c in "=[(:") if i >= 0), default=0)
        name = head[:cut].replace("{UTF-8}", " " * 7)
        if name.strip():
            lead = len(name) - len(name.lstrip())
            key = " ".join(name.replace('"', " ").split()).lower().replace(" ", "_")
            lines.setdefault(key, text.count("\n", 0, offset + lead) + 1)
        offset += len(block) + 1
    return lines
