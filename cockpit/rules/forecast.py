"""Where an indicator will stand at the end of the fiscal year, from the periods reported so far.

The method is simple and stated, so a meeting can check it by hand:
- a flow (an indicator that accumulates: the year's figure is the sum of its periods) goes on at its run-rate:
  the year-to-date total ÷ periods reported × periods in the year; the range adds the remaining periods at the
  lowest and at the highest period figure seen so far;
- a level (a percentage, a score, a stock) follows the least-squares line through its periods so far,
  extended to the year's last period; the range is that ± the largest distance of a period from the line
  (with only two periods the line passes through both, so the range spans the periods and the projection).
A projection never leaves the values the indicator can hold: its declared minimum and maximum, else 0–100 for
a percentage and 0 upwards for a count. Fewer than two periods, or a yearly indicator, give no projection ("not
enough periods"), never a made-up number. Once the last period is in, the projection is the year's own figure.

The verdict reads the projection (and its range) against the year's target with the indicator's direction:
"on course" when it meets the target, "at risk" when it does not, "uncertain" when the range straddles it. The
status colour of the projection follows the indicator's thresholds (cockpit.rules.status).
"""

from __future__ import annotations

from dataclasses import dataclass

from cockpit.rules.status import NO_DATA, NO_TARGET, Target, as_shown, shortfall, status_of
from cockpit.rules.thai_time import PERIODS_PER_YEAR

ON_COURSE, AT_RISK, UNCERTAIN = "on_course", "at_risk", "uncertain"
NOT_ENOUGH, NO_TARGET_SET = "not_enough", "no_target"
VERDICTS = (ON_COURSE, AT_RISK, UNCERTAIN, NOT_ENOUGH, NO_TARGET_SET)
FLOW, LEVEL = "flow", "level"
MINIMUM_PERIODS = 2


@dataclass(frozen=True)
class Projection:
    """A projection to the fiscal year's last period: `value` within [`low`, `high`], by `method`."""

    method: str
    periods_used: int
    periods_in_year: int
    value: float | None = None
    low: float | None = None
    high: float | None = None
    verdict: str = NOT_ENOUGH
    status: str = NO_DATA


def method_of(ind: dict) -> str:
    """A flow when the year's figure is the sum of its periods (an accumulating count); else a level.

    An accumulating rate (sum of numerators over sum of denominators) is not a sum of its period figures,
    so it is projected as a level of its year-to-date rate."""
    return FLOW if ind.get("accumulates") and ind.get("aggregation", "sum") == "sum" else LEVEL


def project(ind: dict, points: list[tuple[int, float]], target: Target) -> Projection:
    """The projection of one area's figures of one fiscal year.

    `points` are (period number, figure) of the periods reported so far, in any order: a flow's figure is the
    period's own (not to date), a level's the period's value. `target` is the whole year's target.
    """
    per_year = PERIODS_PER_YEAR[ind["frequency"]]
    points = sorted((p, v) for p, v in points if v is not None)
    method = method_of(ind)
    base = {"method": method, "periods_used": len(points), "periods_in_year": per_year}
    if per_year < 2 or len(points) < MINIMUM_PERIODS:
        return Projection(**base)
    if method == FLOW:
        value, low, high = _flow(points, per_year)
    else:
        value, low, high = _level(points, per_year)
    value, low, high = (_within(ind, v) for v in (value, low, high))
    return Projection(**base, value=value, low=low, high=high, **judge(ind, value, low, high, target))


def bounds(ind: dict) -> tuple[float | None, float | None]:
    """The values an indicator can hold: declared, else 0-100 for a percentage, 0 upwards for a count."""
    low, high = ind.get("minimum"), ind.get("maximum")
    if ind.get("unit") == "percent":
        low, high = (0.0 if low is None else low), (100.0 if high is None else high)
    if ind.get("aggregation") == "sum" and low is None:
        low = 0.0
    return low, high


def _within(ind: dict, value: float) -> float:
    low, high = bounds(ind)
    if low is not None:
        value = max(low, value)
    if high is not None:
        value = min(high, value)
    return value


def _flow(points: list[tuple[int, float]], per_year: int) -> tuple[float, float, float]:
    figures = [v for _, v in points]
    so_far, remaining = sum(figures), max(0, per_year - len(points))
    if remaining == 0:
        return so_far, so_far, so_far
    return so_far / len(figures) * per_year, so_far + min(figures) * remaining, so_far + max(figures) * remaining


def _level(points: list[tuple[int, float]], per_year: int) -> tuple[float, float, float]:
    last = dict(points).get(per_year)
    if last is not None:
        return last, last, last
    xs, ys = [p for p, _ in points], [v for _, v in points]
    n = len(points)
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    spread = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
    value = mean_y + slope * (per_year - mean_x)
    if n < 3:
        return value, min(*ys, value), max(*ys, value)
    widest = max(abs(y - (mean_y + slope * (x - mean_x))) for x, y in zip(xs, ys, strict=True))
    return value, value - widest, value + widest


def judge(ind: dict, value: float, low: float, high: float, target: Target) -> dict:
    """The verdict and status colour of a projection against the year's target (values judged as shown)."""
    if not target.is_set or (ind["direction"] != "range" and target.value is None):
        return {"verdict": NO_TARGET_SET, "status": NO_TARGET}
    decimals = ind.get("decimals", 2)
    met = [shortfall(as_shown(v, decimals), ind["direction"], target) <= 1e-9 for v in (low, value, high)]
    if all(met):
        verdict = ON_COURSE
    elif not any(met):
        verdict = AT_RISK
    else:
        verdict = UNCERTAIN
    status = status_of(
        value,
        ind["direction"],
        target,
        ind["yellow_gap"],
        ind["orange_gap"],
        relative=ind.get("aggregation") == "sum",
        decimals=decimals,
    )
    return {"verdict": verdict, "status": status}
