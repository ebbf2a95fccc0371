"""The one error of the kernel and the engine about a model's constructs."""

from innovsd.errors import InputError, Problem


class Unsupported(InputError):
    """The model uses a construct the kernel does not compile (the engine then takes pysd's numpy
    path), or that no path runs as Vensim does (the engine raises it: one line naming the construct
    and, where known, its line in the .mdl)."""

    def __init__(self, construct, /, *, source: str | None = None, field: str | None = None):
        if not isinstance(construct, Problem):  # one line, whatever the text it quotes
            construct = Problem("unsupported construct", construct=" ".join(str(construct).split()))
        super().__init__(construct, source=source, field=field)

    @property
    def construct(self) -> str:
        return str(self.message.values.get("construct", self.message))
