"""The Python API as a notebook would use it: run a scenario, read a value, compare scenarios.

Run it with the project's Python: `.venv/bin/python examples/notebook_api.py`.
"""

import innovsd

# One run: an xarray Dataset, one variable per model variable, dims member × time.
ds = innovsd.run("st-budget-3pct")
tfp = ds["TFP contribution to GRDP growth"]
print(f"{tfp.attrs['description'][:60]}… [{tfp.attrs['units']}]")
print(f"TFP contribution to GRDP growth, 2030, 3 % S&T budget: {tfp.sel(time=2030).item():.2f}")

# Override a constant for one run (checked against its plausible range).
bolder = innovsd.run("st-budget-3pct", overrides={"rate of return to research": 0.8})
print(f"... with research returning 80 %/yr instead of 40 %: {bolder['TFP contribution to GRDP growth'].sel(time=2030).item():.2f}")

# The scorecard against the 2030 targets: a pandas DataFrame, one row per target and scenario.
card = innovsd.compare(["baseline", "st-budget-3pct"], year=2030)
print(card[["target", "scenario", "value", "met", "probability_met"]].to_string(index=False))
