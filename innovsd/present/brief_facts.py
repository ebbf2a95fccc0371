"""What the brief reads from a compare run besides its scorecard: each scenario's cost as scenarios/costs.py
counts it (the one accounting the workbook and `compare` use), the levers each scenario moves and
which it sets at the top of their published range, and the finding under each competing structure."""

from __future__ import annotations

from typing import Callable

from .brief_reading import Facts, Verdict, headline_targets


def _level(pieces: list[dict]) -> float | None:
    """The level a lever's path ends at (its last piece)."""
    if not pieces:
        return None
    last = pieces[-1]
    return last.get("end", last.get("value"))


def lever_facts(run, lang: str) -> tuple[dict[str, set[str]], dict[str, list[str]], set[str]]:
    """scenario -> lever ids it changes; scenario -> titles of levers at their top; scenarios moving
    a lever without a city cost."""
    from innovsd.scenarios.costs import uncosted_levers
    from innovsd.scenarios.levers import load_levers

    levers = load_levers(run.engine, run.table)
    free = uncosted_levers(run.engine)
    moved, top, uncosted = {}, {}, set()
    for s in run.scenarios:
        moved[s.name], top[s.name] = set(), []
        for lever in levers.values():
            level = s.params.get(lever.variable) if lever.kind == "constant" else _level(s.levers.get(lever.variable, []))
            if level is None:
                continue
            moved[s.name].add(lever.id)
            if lever.variable in free:
                uncosted.add(s.name)
            if level >= lever.high * (1 - 1e-6):
                top[s.name].append(lever.title.get(lang, lever.title["en"]).split(" (")[0])  # its name, not its gloss
    return moved, top, uncosted


def verdicts(run, best: str, progress: Callable[[int], None] | None = None) -> dict[str, Verdict]:
    """structure name -> the 2030 headline value of the baseline (central run) and of ``best`` (central
    run, 5–95 % range and probability over the structure's own calibrated parameter sets) under it."""
    from innovsd.model.parameters import ParameterTable
    from innovsd.scenarios import pipeline
    from innovsd.scenarios.structures import chosen_structures, structure_set

    first = headline_targets(run.targets)[0]
    found = {}
    table = ParameterTable()
    for k, chosen in enumerate(chosen_structures("all")):
        if k == 0:  # the default structure: the run itself
            found[chosen.name] = _verdict(chosen, run.card[first.id][best])
            continue
        pset, calibrated = structure_set(chosen, None, table)
        if not calibrated:
            continue
        # The best mix with its ensemble; the baseline's central run is the reference it is compared with.
        refs = [str(s.file) if s.file else s.name for s in run.scenarios if s.name == best]
        other = pipeline.prepare(run.engine, refs, pset, run.year, progress)
        found[chosen.name] = _verdict(chosen, other.card[first.id][best])
    return found


def _verdict(chosen, score) -> Verdict:
    return Verdict(dict(chosen.title), score.value - (score.vs_baseline or 0.0), score.value, score.band,
                   score.probability)


def brief_facts(run, lang: str, structures: bool = True) -> Facts:
    a = run.appraisal
    costs = run.policy_costs or {}
    moved, top, uncosted = lever_facts(run, lang)
    facts = Facts(pv={n: c.cost for n, c in costs.items()}, total={n: c.cost_sum for n, c in costs.items()},
                  uncosted=uncosted, levers=moved, bounds=top, rate=a.rate, cost_from=a.cost_from, cost_to=a.cost_to,
                  price_year=a.price_year, present_year=a.present_year, rate_source=a.source)
    if structures and "baseline" in [s.name for s in run.scenarios]:
        from .brief_reading import Reading

        reading = Reading(run.targets, run.card, run.scenarios, facts, lang)
        best = reading.best(reading.headline[0])
        if best is not None and best != "baseline":
            facts.verdicts = verdicts(run, best)
    return facts
