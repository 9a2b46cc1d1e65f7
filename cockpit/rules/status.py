"""Status rules: where a value stands against its target, aware of the indicator's direction.

Four levels as in NESDC reports: green met the target, yellow below target, orange at risk, red critical.
Thresholds are per indicator: `yellow_gap` and `orange_gap` are distances from the target in the
indicator's own unit — or, for a count (whose target differs by orders of magnitude between a small
province and the nation), in percent of the target. A value exactly on a boundary gets the better
status (so with target 80 and gaps 10/20 the OEC bands come out: >= 80 green, 70-79.99 yellow,
60-69.99 orange, < 60 red). The rule reads the value as the screens show it, rounded to the indicator's
decimals, so one shown number has one colour ("34.0" is never red in one place and orange in another). No
value means "no_data", never a colour; a value without a target means "no_target". A flow (an indicator
that accumulates) whose area lacks some of the periods up to the reporting period is "incomplete": its sum
lacks data, so it is shown but never judged (for a lower-is-better flow a missing quarter would look better).
"""

from dataclasses import dataclass

GREEN, YELLOW, ORANGE, RED = "green", "yellow", "orange", "red"
NO_DATA, NO_TARGET, INCOMPLETE = "no_data", "no_target", "incomplete"
LEVELS = (GREEN, YELLOW, ORANGE, RED)
ALL_STATUSES = (*LEVELS, NO_DATA, NO_TARGET, INCOMPLETE)
# What a count of statuses tallies (a wall's or a goal's): the colours, then the figures that have none.
COUNTED = (*LEVELS, INCOMPLETE, NO_DATA)
DIRECTIONS = ("higher", "lower", "range")

# Floating-point noise (e.g. 0.1 + 0.2) must not push a value that is on a boundary to the worse side.
_EPSILON = 1e-9


@dataclass(frozen=True)
class Target:
    value: float | None = None
    low: float | None = None
    high: float | None = None

    @property
    def is_set(self) -> bool:
        return self.value is not None or (self.low is not None and self.high is not None)


def shortfall(value: float, direction: str, target: Target) -> float:
    """How far the value is on the wrong side of its target, in the indicator's unit (0 when met)."""
    if direction == "higher":
        return max(0.0, target.value - value)
    if direction == "lower":
        return max(0.0, value - target.value)
    if direction == "range":
        return max(0.0, target.low - value, value - target.high)
    raise ValueError(f"unknown direction {direction!r}; expected one of {DIRECTIONS}")


def as_shown(value: float, decimals: int) -> float:
    """The value a screen shows, rounded as its figures are formatted (f"{value:,.{decimals}f}")."""
    return float(f"{value:.{decimals}f}")


def status_of(
    value: float | None,
    direction: str,
    target: Target,
    yellow_gap: float,
    orange_gap: float,
    relative: bool = False,
    decimals: int | None = None,
) -> str:
    """The status of one value; see the module docstring for the rule and its boundaries.

    `relative=True` reads the gaps as percentages of the target (of the middle of a range); `decimals` judges
    the value as shown with that many decimals.
    """
    if value is None:
        return NO_DATA
    if decimals is not None:
        value = as_shown(value, decimals)
    if direction == "range":
        if target.low is None or target.high is None:
            return NO_TARGET
    elif target.value is None:
        return NO_TARGET
    gap = shortfall(value, direction, target)
    if relative:
        reference = abs(target.value if direction != "range" else (target.low + target.high) / 2)
        yellow_gap, orange_gap = yellow_gap * reference / 100, orange_gap * reference / 100
    if gap <= _EPSILON:
        return GREEN
    if gap <= yellow_gap + _EPSILON:
        return YELLOW
    if gap <= orange_gap + _EPSILON:
        return ORANGE
    return RED


def gaps_problem(yellow_gap: float | None, orange_gap: float | None) -> str | None:
    """Why a pair of thresholds cannot judge (None when it can): both set, not negative, orange at least yellow."""
    if yellow_gap is None or orange_gap is None:
        return "both gaps are needed"
    if yellow_gap < 0 or orange_gap < 0:
        return "a gap cannot be negative"
    if orange_gap < yellow_gap:
        return "the orange gap must be at least the yellow gap"
    return None


def roll_up(statuses: list[str]) -> str:
    """A chain node's status from its children's: the level nearest their mean (green 0 .. red 3).

    The mean, not the worst, so one red child among many green ones shows yellow rather than painting every
    goal red; a tie between two levels goes to the worse one. Children without a colour (no data, no target,
    an incomplete flow) do not count; no colour at all gives no_data.
    """
    scores = [LEVELS.index(s) for s in statuses if s in LEVELS]
    if not scores:
        return NO_DATA
    mean = sum(scores) / len(scores)
    return LEVELS[min(3, int(mean + 0.5))]


# A project is judged on work done against work planned by now, in percentage points.
PROJECT_YELLOW_GAP, PROJECT_ORANGE_GAP = 10.0, 25.0


def project_status(progress_pct: float | None, planned_pct: float | None) -> str:
    """A project's status: its work done against the work planned by now (the white wall, the eMENSCR export)."""
    return status_of(progress_pct, "higher", Target(value=planned_pct), PROJECT_YELLOW_GAP, PROJECT_ORANGE_GAP)


def incomplete_status(status: str, accumulates: bool, periods_missing: int) -> str:
    """A flow's status once its missing periods are known: incomplete if any is missing, else as judged."""
    return INCOMPLETE if accumulates and periods_missing > 0 else status
