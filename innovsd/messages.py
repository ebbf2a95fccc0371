"""Every error and warning innovsd can give a user, and the title and finding of each validity
check, in English, under the key code uses: the sibling of the phrase table innovsd/present/words.py for problems. Code raises
``InputError(KEY, **values)`` or calls ``warn(KEY, **values)`` (innovsd/errors.py); the CLI shows
the sentence in the language of --lang, from the gettext catalogues (innovsd/locale/<lang>/
LC_MESSAGES/innovsd.po, the key as context; `python tools/i18n.py all` after adding one).
{placeholders} take format specs ({value:g}); numbers get the language's format (Babel). A
(singular, plural) pair is chosen by its {n} with the language's plural rule.
tests/test_messages.py fails when a call site uses a key or a placeholder missing here, or a
problem is written as a literal outside this table; tests/test_translations.py when a catalogue
lacks a sentence. Model names, file names, options and YAML keys stay as typed: they are what
users write."""

PROBLEMS = {
    # how the CLI frames a message (cli/app.py)
    "error line": "error: {text}",
    "warning line": "warning: {text}",
    "interrupted": "interrupted",
    # a mistyped command line: click's own sentence (its catalogue: innovsd/locale/*/LC_MESSAGES/click.po)
    "usage hint": "{text} (see `{command} --help`)",
    # kinds of input file (innovsd/tables.py read_input)
    "file": "file",
    "data file": "data file",
    "scenario file": "scenario file",
    "parameter file": "parameter file",
    "the calibrated parameter set": "the calibrated parameter set",
    # calibration stages, as an interrupted parameter set records them
    "stage search": "search",
    "stage global search": "global search",
    "stage polish": "polish",
    "stage posterior": "posterior",
    # reading files (innovsd/tables.py)
    "file not found": "{what} not found",
    "cannot read file": "cannot read the {what} ({reason})",
    "is a folder": "is a folder, not a {what}",
    "not a regular file": "is not a regular file (a device or pipe cannot be a {what})",
    "file too large": "{size:.1f} MB is larger than the {limit:g} MB allowed for a {what}",
    "file over limit": "larger than the {limit:g} MB allowed for a {what}",
    "utf-16": "is UTF-16 text; save it as UTF-8",
    "not utf-8": "is not UTF-8 text (byte {byte:#04x} on line {line}); save it as UTF-8",
    "line too long": "line longer than {limit:,} characters",
    "missing column(s)": "missing column(s) {columns}",
    "wrong number of fields": "wrong number of fields",
    "field too long": "a field is longer than {limit:,} characters",
    "duplicate row": "duplicates the row on line {line}",
    "not valid CSV": "not valid CSV ({detail})",
    "not valid JSON": "not valid JSON ({detail})",
    # writing files and folders (innovsd/tables.py, innovsd/present/outputs.py)
    "exists already": "exists already; earlier results are never overwritten",
    "cannot write here": "cannot write here ({reason})",
    "too many output folders": "too many output folders with the same name",
    "cannot create output folder": "cannot create an output folder ({reason})",
    "output folder name taken": "cannot complete the output folder: its final name is taken",
    "cannot complete output folder": "cannot complete the output folder ({reason})",
    "cannot use cache": "cannot use the cache folder ({reason}); set INNOVSD_CACHE",
    "cache not a folder": "the cache folder is not a folder; set INNOVSD_CACHE",
    "cache of another user": "the cache folder belongs to another user; set INNOVSD_CACHE to a private folder",
    "cache writable by others": "the cache folder is writable by other users; make it private (chmod 700; on Windows "
                                "only you, SYSTEM and Administrators may write to it) or set INNOVSD_CACHE",
    # values typed by the user (model/fields.py, options)
    "not a number": "'{text}' is not a number",
    "not a finite number": "'{text}' is not a finite number",
    "not a year": "'{text}' is not a year",
    "not a whole year": "'{text}' is not a whole year",
    "not NAME=VALUE": "'{text}' is not NAME=VALUE",
    "not one of": "'{value}' is not one of {known}",
    "unknown language": "language '{lang}' is not one of {known}",
    "not a probability": "{probability:g} is not a probability in (0, 1]",
    "not a positive sample size": "{n} is not a positive sample size",
    "generations option": "--generations {generations}: need at least 1",
    "steps options": "--steps {steps}, --ess {ess}: need --steps >= 0 (0: no posterior) and --ess >= 1",
    "out must be json": "the parameter set is written as JSON: give a .json file",
    # the model (model/)
    "model file not found": "model file not found",
    "not a variable": "'{name}' is not a variable of the model",
    "not a constant": "'{name}' is not a constant of the model",
    "not a lever": "'{name}' is not a lever (a time path) of the model",
    "not a saved time": "year {year:g} is not a saved time ({first:g}-{last:g})",
    "ensemble arrays differ": "ensemble arrays differ in length: {sizes}",
    "unsupported construct": "not supported (the engine would not give Vensim's answer): {construct}",
    "net flow not a sum": "a stock's net flow is not a sum of flows ({kind})",
    # parameters and parameter sets (model/parameters.py)
    "unknown parameter": "unknown parameter '{name}' (see `innovsd describe`)",
    "unknown basis": "basis '{basis}' is not one of {known}",
    "value outside its range": "value {value:g} outside its range [{low:g}, {high:g}]",
    "outside plausible range": "{value:g} is outside the plausible range [{low:g}, {high:g}] {unit}",
    "expected values object": "expected an object with a 'values' object",
    "expected an object": "expected an object",
    "expected ensemble object": "expected an object of name: [values]",
    "ensemble lists differ": "ensemble lists differ in length",
    "expected list of numbers": "expected a non-empty list of numbers",
    "made for another model": "made for another version of the model (model_sha256 differs); recalibrate or check it",
    "calibration was interrupted": "its calibration was interrupted during the {stage}: "
                                   "the values may be far from the best fit",
    # history data (calibration/history.py)
    "unknown kind": "kind '{kind}' is not one of {known}",
    "end before start": "end {end} is before start {start}",
    "point needs end = start": "a point observation needs end = start",
    "growth needs end > start": "a growth observation needs end > start",
    "starts before the model": "starts in {start}, before the model's initial time {initial:g}",
    "ends after the model": "needs the model up to {last}, beyond its final time {final:g}",
    "too close to 0": "{value:g} is too close to 0 to be fitted as a relative error",
    "no observations": "no observations",
    "weight not in (0, 1]": "weight {weight:g} is not in (0, 1]",
    "sd not positive": "sd {sd:g} is not positive",
    # calibration and sensitivity (calibration/)
    "no uncertain parameters": "no uncertain parameters left to vary",
    "unknown method": "method '{method}' is not one of {known}",
    "no finite output": "no run gave a finite output",
    "no ensemble, calibrate first": "has no ensemble of parameter draws (calibrate with an ensemble first)",
    "no ensemble to sample": "has no ensemble of parameter draws to sample",
    "generations": "{generations} generations: need at least 1",
    "no observation until": "no observation ends by {until}",
    "sample too small": "{n} is too small a sample for {method} (at least {least})",
    "too much memory": "{runs:,} runs would need about {need:,.1f} GB of memory (limit {limit:g} GB); "
                       "choose a smaller sample",
    # scenarios (scenarios/)
    "no scenario": "no scenario '{name}' (known: {known})",
    "and more": "{first} (and {n} more: {more})",
    "expected fields": "expected a mapping of fields (name, title, levers ...)",
    "yaml anchors": "YAML anchors and aliases (&, *) are not allowed in scenario files",
    "nested too deep": "nested deeper than {limit} levels",
    "key given twice": "key '{key}' given twice",
    "invalid YAML": "invalid YAML: {detail}",
    "circular extends": "circular extends: {cycle}",
    "extends too long": "extends chain longer than {limit} scenarios",
    "extends unknown": "extends a scenario that does not exist: '{name}'",
    "scenario given twice": "scenario '{name}' given twice",
    "name differs": "name '{name}' differs from the file name '{stem}'",
    "year outside the horizon": "year {year:g} is outside the model horizon {first:g}-{last:g}",
    "not a share": "{number:g} is not a share between 0 and 100 percent",
    "negative": "{number:g} is negative ({units} cannot be)",
    "above the lever's range": "{number:g} is above the lever's range (up to {high:g} {units}, "
                               "its lookup range in the .mdl)",
    "unknown scenario lever": "unknown lever '{name}' (known: {known}; constants go under params)",
    "ramp ends before it starts": "the ramp ends ({end:g}) before it starts ({start:g})",
    "outside the parameter's range": "{value:g} is outside the parameter's range [{low:g}, {high:g}] {unit}",
    "unknown scenario parameter": "unknown parameter '{name}' (see model/parameters.csv)",
    "sets every varied constant": "the scenario sets every constant the ensemble varies",
    # the structure of a scenario file (scenarios/spec.py)
    "english required": "the English text is required (vi is optional)",
    "missing field": "missing required field '{name}'",
    "unknown field": "unknown field (allowed: {allowed})",
    "unknown language key": "unknown language (allowed: en, vi)",
    "unknown key here": "unknown key here (see scenarios/README.md for the pieces)",
    "empty table": "a table needs at least one YEAR: VALUE entry",
    "no piece": "expected at least one piece",
    "expected a mapping": "expected a mapping, got {got}",
    "expected a text": "expected a text, got {got}",
    "expected a list": "expected a list, got {got}",
    "expected texts": "expected a text or a mapping {{en: ..., vi: ...}}, got {got}",
    "expected a number": "expected a number, got {got}",
    "expected non-empty text": "expected a non-empty text, got {got}",
    "expected names": "expected a scenario name or a list of names",
    "expected one piece": "expected one piece: {{value: V, from: YEAR}}, {{ramp: {{...}}}}, {{step: {{...}}}} "
                          "or {{table: {{YEAR: V, ...}}}}",
    "invalid value": "{detail}",
    # seek and explore (scenarios/seek.py, scenarios/explore.py)
    "unknown seek lever": "unknown lever '{name}' (one of {known})",
    "no lookup range": "no lookup range for '{name}'",
    "not a target": "'{text}' is neither a target id ({targets}) nor VARIABLE>=VALUE",
    "not after the base year": "by {year} is not after the growth target's base year {start}",
    "not after the policy start": "by {year} is not after the policy start year {start:g}",
    "ramp or constant": "kind '{kind}' is not ramp or constant",
    "not a seek lever": "'{name}' is not a seek lever ({known})",
    "levels not numbers": "levels '{levels}' are not numbers separated by ;",
    "levels must rise": "levels must rise within the lever's range {low:g}-{high:g}",
    # targets (scenarios/targets.py)
    "level or growth": "kind '{kind}' is not level or growth",
    "growth target needs a base year": "a growth target needs a base year before its year",
    # run folders, exports (innovsd/present/rundiff.py, innovsd/present/vensim.py)
    "not a run folder": "no {name}: not a compare or report output folder",
    "missing columns": "missing columns {columns}",
    "not a lookup lever": "'{name}' is not a WITH LOOKUP (Time, ...) lever in the model",
    "not constants or levers": "not constants or levers of the model: {names}",
    "simlin cannot convert": "Simlin cannot convert the model: {detail}",
    # validity checks (model/checks.py, scenarios/validity.py): each one's title and finding
    "check units and documentation": "units and documentation present",
    "all have units and documentation": ("{n} variable has units and documentation",
                                         "{n} variables all have units and documentation"),
    "without units or documentation": "no units: {units}; no documentation: {documentation}",
    "check dimensions": "dimensional consistency",
    "units match": "Simlin's unit checker: every equation's units match its declared units",
    "unit problems": ("{n} problem: {first}", "{n} problems; first: {first}"),
    "no unit checking": "units were not checked: install the optional Simlin (pip install \"innovsd[vensim]\"; "
                        "it has no Windows wheel)",
    "check extreme": "extreme: {condition}",
    "extreme holds": "no negative stock, all finite, expectations met ({expected}); TFP growth 2030 = {growth:.2%}/yr, "
                     "TFP contribution 2030 = {tfp:.1f}%",
    "extreme fails": "negative: {negative}; not finite: {not_finite}; expectations not met: {unmet}",
    "check integration": "integration error (time step halved)",
    "largest change": "largest change {change:.3%} ({variable}) at dt={dt:g} vs {half:g}",
    "check mass balance": "mass balance: {stock}",
    "balance error": "max |stock - (initial + inflows - outflows)| = {error:.1e} of its scale",
    "check history": "history: {observation}",
    "observed and simulated": "observed {observed:g} {unit}, simulated {simulated:.4g} ({error:+.1%}); {document}",
    "check frontier bound": "frontier bound under a {share:g}% S&T budget",
    "highest TFP growth": "highest TFP growth {growth:.2%}/yr (bound {bound:.0%}/yr; {ceiling})",
    "never above the ceiling": "never above the model's ceiling",
    "above the ceiling": "above the model's ceiling",
    "check return to R&D": "implied return to R&D: {scenario}",
    "implied return": "implied social return {implied:.0%}/yr (literature {low:.0%}-{high:.0%}); multiplier {multiplier:.2f} "
                      "(extra real GRDP {grdp:,.0f} / extra city S&T outlays {cost:,.0f} bn VND, {first}-{last})",
    # exports (innovsd/present/vensim.py)
    "needs the vensim extra": "{format} needs the optional Simlin: pip install \"innovsd[vensim]\" (it has no Windows wheel)",
    "steps and ess": "steps {steps}, ess {ess}: need steps >= 0 (0: no posterior) and ess >= 1",
    "too few chains": "{chains} chains: need at least 2 (R-hat compares them)",
    # limits, schemas, paths and how a command fails (innovsd/schema.py, innovsd/tables.py,
    # model/budget.py, innovsd/cache.py, cli/failures.py)
    "at line": "line {line}",
    "cache is a link": "the cache folder is a symbolic link; set INNOVSD_CACHE to the folder itself",
    "cache not ours": "holds files innovsd did not write, so it is not innovsd's cache "
                      "folder; set INNOVSD_CACHE to an empty or new folder",
    "calibration memory": "{chains:,} chains of up to {steps:,} steps would need about "
                          "{need:,.1f} GB of memory (limit {limit:g} GB); use fewer chains or steps",
    "control characters": "the folder's name has control characters",
    "ensemble memory": "{members:,} parameter draws in {runs:,} run(s) would need about "
                       "{need:,.1f} GB of memory (limit {limit:g} GB); use a parameter set with fewer draws",
    "ess beyond draws": "an effective sample size of {ess:,} cannot be reached with "
                        "{chains:,} chains of at most {steps:,} steps",
    "expected true or false": "expected true or false, got {got}",
    "internal error": "unexpected {kind}: {detail} (a fault of innovsd: run with --debug for "
                      "the traceback and report it)",
    "library failed": "{library} could not finish: {detail}",
    "not a whole number": "'{text}' is not a whole number",
    "number too large": "'{text}' is too large a number (at most {limit:g} in size)",
    "out of memory": "not enough memory for this command; try smaller inputs (a smaller "
                     "sample, fewer scenarios or parameter draws)",
    "path not relative": "'{path}' must be a path relative to this file's folder",
    "path outside": "'{path}' leads outside the folders innovsd reads (this file's folder, "
                    "the working folder, your home folder)",
    "same name twice": "'{name}' names the same as '{other}' (given twice)",
    "seed": "seed {seed}: need a whole number from 0 to {limit}",
    "symlink loop": "a loop of symbolic links",
    "text too long": "longer than {limit:,} characters",
    "too deep to process": "the input is nested too deeply to process",
    "too few items": "expected at least {n} item(s)",
    "too many items": "more than {n:,} items",
    "too many members": "{n:,} parameter draws: at most {limit:,} are read",
    "too many rows": "more than {limit:,} rows",
    "too many scenario files": "needs more than {limit} scenario files (inherited ones included)",
    "dask missing": "--dask needs Dask, the optional extra: pip install 'innovsd[dask]'",
    "dask unreachable": "cannot reach the Dask scheduler at {address}: {reason}",
    "not a dask address": "'{value}' is not a Dask scheduler address (tcp://HOST:PORT) or local[:N]",
}
