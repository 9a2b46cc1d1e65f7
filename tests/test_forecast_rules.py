"""The forecast rule on cases computed by hand: a flow at its run-rate, a level on its least-squares line,
lower is better, too few periods, a range that straddles the target; and the what-if's moved targets."""

import pytest

from cockpit.read.forecast import moved_target, what_if
from cockpit.rules.forecast import AT_RISK, FLOW, LEVEL, NO_TARGET_SET, NOT_ENOUGH, ON_COURSE, UNCERTAIN, project
from cockpit.rules.status import Target


def _ind(**kw):
    base = {
        "code": "X",
        "frequency": "quarterly",
        "direction": "higher",
        "aggregation": "ratio",
        "accumulates": False,
        "yellow_gap": 5,
        "orange_gap": 10,
        "decimals": 2,
    }
    return base | kw


FLOW_IND = _ind(aggregation="sum", accumulates=True, decimals=0, yellow_gap=10, orange_gap=20)


def test_a_flow_goes_on_at_its_run_rate_with_the_range_of_its_lowest_and_highest_periods():
    # Q1 100, Q2 140: 240 so far, 120 a quarter -> 480 by Q4; range 240 + 2x100 .. 240 + 2x140.
    p = project(FLOW_IND, [(2, 140), (1, 100)], Target(value=450))
    assert p.method == FLOW
    assert (p.value, p.low, p.high) == (480, 440, 520)
    assert p.verdict == UNCERTAIN  # 440 misses 450, 520 meets it
    assert p.status == "green"
    on_course = project(FLOW_IND, [(1, 100), (2, 140)], Target(value=440))
    assert on_course.verdict == ON_COURSE
    at_risk = project(FLOW_IND, [(1, 100), (2, 140), (3, 120)], Target(value=600))
    # 360 so far / 3 x 4 = 480; range 360 + 100 .. 360 + 140: all below 600; 480 is 20 % short: orange.
    assert (at_risk.value, at_risk.low, at_risk.high) == (480, 460, 500)
    assert at_risk.verdict == AT_RISK
    assert at_risk.status == "orange"


def test_a_level_follows_its_least_squares_line_to_the_last_period_within_its_largest_residual():
    ind = _ind(frequency="monthly")
    # Months 1..4: 50, 52, 53, 55 -> slope 1.6, intercept 48.5; month 12: 67.7; residuals 0.1/0.3/0.1/0.1 -> +-0.3.
    p = project(ind, [(1, 50), (2, 52), (3, 53), (4, 55)], Target(value=65))
    assert p.method == LEVEL
    assert p.value == pytest.approx(67.7)
    assert p.low == pytest.approx(67.4)
    assert p.high == pytest.approx(68.0)
    assert p.verdict == ON_COURSE
    assert project(ind, [(1, 50), (2, 52), (3, 53), (4, 55)], Target(value=67.8)).verdict == UNCERTAIN
    assert project(ind, [(1, 50), (2, 52), (3, 53), (4, 55)], Target(value=70)).verdict == AT_RISK


def test_two_periods_give_the_line_through_them_and_a_range_over_the_periods_and_the_projection():
    p = project(_ind(), [(1, 40), (2, 42)], Target(value=45))
    assert (p.value, p.low, p.high) == (pytest.approx(46), 40, pytest.approx(46))
    assert p.verdict == UNCERTAIN


def test_lower_is_better_judges_a_falling_line_against_its_ceiling():
    ind = _ind(direction="lower", frequency="quarterly", yellow_gap=1, orange_gap=2)
    # Dropout 6, 5.5, 5 -> slope -0.5; Q4 4.5, exact line: no residual.
    falling = project(ind, [(1, 6), (2, 5.5), (3, 5)], Target(value=4.5))
    assert falling.value == pytest.approx(4.5)
    assert falling.verdict == ON_COURSE
    assert falling.status == "green"
    rising = project(ind, [(1, 4), (2, 5), (3, 6)], Target(value=4.5))
    assert rising.value == pytest.approx(7)
    assert rising.verdict == AT_RISK
    assert rising.status == "red"


def test_too_few_periods_or_a_yearly_indicator_give_no_number():
    one = project(_ind(), [(1, 40)], Target(value=45))
    assert (one.verdict, one.value, one.low, one.high) == (NOT_ENOUGH, None, None, None)
    none_reported = project(FLOW_IND, [(1, None), (2, 10)], Target(value=45))
    assert none_reported.verdict == NOT_ENOUGH
    yearly = project(_ind(frequency="yearly"), [(1, 40), (1, 41)], Target(value=45))
    assert yearly.verdict == NOT_ENOUGH and yearly.value is None


def test_a_complete_year_projects_its_own_figure():
    flow = project(FLOW_IND, [(1, 1), (2, 2), (3, 3), (4, 4)], Target(value=10))
    assert (flow.value, flow.low, flow.high, flow.verdict) == (10, 10, 10, ON_COURSE)
    level = project(_ind(frequency="term"), [(1, 40), (2, 44)], Target(value=45))
    assert (level.value, level.low, level.high, level.verdict) == (44, 44, 44, AT_RISK)


def test_a_projection_stays_within_what_the_indicator_can_hold():
    share = _ind(unit="percent", frequency="monthly")
    p = project(share, [(1, 80), (2, 90), (3, 96)], Target(value=95))
    assert (p.value, p.low, p.high) == (100, 100, 100)  # the line reaches 168 by month 12
    falling = project(
        _ind(aggregation="sum", direction="lower", frequency="monthly"), [(1, 9), (2, 5)], Target(value=1)
    )
    assert falling.value == 0 and falling.low == 0
    declared = project(_ind(maximum=50.0), [(1, 40), (2, 45)], Target(value=48))
    assert declared.value == 50


def test_a_range_target_and_a_missing_target():
    ind = _ind(direction="range")
    inside = project(ind, [(1, 20), (2, 21), (3, 22)], Target(low=20, high=25))
    assert inside.value == pytest.approx(23) and inside.verdict == ON_COURSE
    above = project(ind, [(1, 20), (2, 22), (3, 24)], Target(low=20, high=25))
    assert above.value == pytest.approx(26) and above.verdict == AT_RISK
    # 20, 22.5, 23: Q4 24.83 within +-0.67 -> 24.17 .. 25.5 straddles the band's top.
    straddling = project(ind, [(1, 20), (2, 22.5), (3, 23)], Target(low=20, high=25))
    assert straddling.high == pytest.approx(25.5) and straddling.verdict == UNCERTAIN
    assert project(_ind(), [(1, 20), (2, 22)], Target()).verdict == NO_TARGET_SET


def test_a_moved_national_target_moves_a_rate_by_its_amount_and_a_count_by_its_share():
    rate = _ind()
    assert moved_target(rate, Target(value=72), Target(value=72), 80) == Target(value=80)
    assert moved_target(rate, Target(value=66), Target(value=72), 80) == Target(value=74)
    count = _ind(aggregation="sum")
    assert moved_target(count, Target(value=50), Target(value=1000), 1100) == Target(value=pytest.approx(55))
    band = _ind(direction="range")
    assert moved_target(band, Target(low=20, high=25), Target(low=20, high=25), 22) == Target(None, 22, 27)
    assert moved_target(rate, Target(), Target(), 60) == Target(value=60)


def test_what_if_judges_every_row_again_and_leaves_the_rows_given_alone():
    ind = _ind()
    rows = [
        {"area": "A", "value": 70.0, "target": 72.0, "target_low": None, "target_high": None, "status": "yellow"},
        {"area": "B", "value": 60.0, "target": 66.0, "target_low": None, "target_high": None, "status": "orange"},
        {"area": "C", "value": None, "target": 72.0, "target_low": None, "target_high": None, "status": "no_data"},
    ]
    moved = what_if(ind, rows, Target(value=72), 69)
    assert [(r["target"], r["status"]) for r in moved] == [(69, "green"), (63, "yellow"), (69, "no_data")]
    assert all(r["what_if"] for r in moved)
    assert rows[0]["status"] == "yellow" and "what_if" not in rows[0]
    assert what_if(ind, rows, Target(value=72), None) == rows
