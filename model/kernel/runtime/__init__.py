"""What a generated kernel calls: the same functions compiled (``compiled``) or in plain Python
(``plain``), giving the same bits. A generated module starts with ``from <one of them> import *``."""

LANES = 32  # members simulated side by side in one thread (vector lanes of the compiled loops)
