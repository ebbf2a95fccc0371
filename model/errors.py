"""InputError lives in innovsd.errors (shared by every layer); this name stays for existing imports."""

from innovsd.errors import InputError

__all__ = ["InputError"]
