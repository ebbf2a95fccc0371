"""Presentation: what a result looks like on the terminal, in files and in figures.
Never computes: it receives results from the API (innovsd.run, compare, …)."""
