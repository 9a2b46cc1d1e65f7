"""Demo rows for the cockpit room's blue wall: the service areas' scores, deterministic from the seed like the
rest of the demo and marked as demo. (The white wall's projects are catalogue data: data/catalogues/demo.)
"""

from __future__ import annotations

import random

from cockpit.demo.generate import DEMO_AS_OF, DEMO_FISCAL_YEARS_BE

# The generator once drew the figures of the demo's 21 projects from this stream before the scores; the
# projects now come from the catalogue, and the scores still start after those draws, so a seed keeps its scores.
_PROJECT_DRAWS = 21


def _round(value: float, places: int = 1) -> float:
    return round(value, places)


def _skip_project_draws(rng: random.Random) -> None:
    for _ in range(_PROJECT_DRAWS):
        rng.choice((12, 25, 40, 65, 90, 150, 240, 380))
        rng.uniform(0.8, 1.2)
        rng.gauss(86, 14)
        rng.uniform(0.85, 1.05)


def build_scores(service_area_codes: list[str], seed: int) -> list[dict]:
    """service_area_score rows for the demo fiscal years; pure and deterministic."""
    rng = random.Random(seed * 7919 + 17)
    _skip_project_draws(rng)
    scores = []
    for code in sorted(service_area_codes):
        base = rng.gauss(78, 7)
        for year_index, fiscal_year in enumerate(DEMO_FISCAL_YEARS_BE):
            performance = min(100.0, max(45.0, base + year_index * rng.uniform(0, 2.5) + rng.gauss(0, 3)))
            potential = min(100.0, max(40.0, base + rng.gauss(2, 6)))
            pmqa = min(100.0, max(40.0, (performance + potential) / 2 + rng.gauss(-3, 5)))
            scores.append(
                {
                    "service_area_code": code,
                    "fiscal_year_be": fiscal_year,
                    "performance_base": _round(performance),
                    "potential_base": _round(potential),
                    "pmqa_results": _round(pmqa),
                    "updated_at": DEMO_AS_OF,
                    "is_demo": True,
                }
            )
    return scores
