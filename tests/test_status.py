"""The status rule at every threshold boundary, for each direction."""

import pytest

from cockpit.rules.status import GREEN, NO_DATA, NO_TARGET, ORANGE, RED, YELLOW, Target, roll_up, status_of

# The OEC gross-intake bands: >= 80 very good, 70-79.99 good, 60-69.99 fair, < 60 improve.
HIGHER = Target(value=80)


@pytest.mark.parametrize(
    ("value", "status"),
    [(85, GREEN), (80, GREEN), (79.99, YELLOW), (70, YELLOW), (69.99, ORANGE), (60, ORANGE), (59.99, RED), (0, RED)],
)
def test_higher_is_better(value, status):
    assert status_of(value, "higher", HIGHER, yellow_gap=10, orange_gap=20) == status


# Dropout bands < 4 / 4-5 / 5-6 / > 6, lower is better.
@pytest.mark.parametrize(
    ("value", "status"),
    [(0, GREEN), (4, GREEN), (4.01, YELLOW), (5, YELLOW), (5.01, ORANGE), (6, ORANGE), (6.01, RED), (30, RED)],
)
def test_lower_is_better(value, status):
    assert status_of(value, "lower", Target(value=4), yellow_gap=1, orange_gap=2) == status


@pytest.mark.parametrize(
    ("value", "status"),
    [
        (20, GREEN),
        (25, GREEN),
        (22.5, GREEN),
        (19.99, YELLOW),
        (18, YELLOW),
        (25.01, YELLOW),
        (27, YELLOW),
        (17.99, ORANGE),
        (15, ORANGE),
        (27.01, ORANGE),
        (30, ORANGE),
        (14.99, RED),
        (30.01, RED),
    ],
)
def test_within_a_range(value, status):
    assert status_of(value, "range", Target(low=20, high=25), yellow_gap=2, orange_gap=5) == status


def test_floating_point_noise_on_a_boundary_keeps_the_better_status():
    assert status_of(0.1 + 0.2, "higher", Target(value=0.3), 0.1, 0.2) == GREEN
    assert status_of(70.00000000001 - 1e-11, "higher", HIGHER, 10, 20) == YELLOW


def test_missing_value_is_no_data_never_a_colour():
    assert status_of(None, "higher", HIGHER, 10, 20) == NO_DATA
    assert status_of(None, "lower", Target(), 1, 2) == NO_DATA


def test_value_without_target_has_no_colour():
    assert status_of(50, "higher", Target(), 10, 20) == NO_TARGET
    assert status_of(50, "range", Target(low=20), 1, 2) == NO_TARGET


def test_roll_up_takes_the_level_nearest_the_mean_and_ties_go_worse():
    assert roll_up([GREEN, GREEN, GREEN, RED]) == YELLOW
    assert roll_up([GREEN, RED]) == ORANGE
    assert roll_up([RED, RED, GREEN]) == ORANGE
    assert roll_up([NO_DATA, GREEN]) == GREEN
    assert roll_up([NO_DATA, NO_TARGET]) == NO_DATA


def test_a_count_reads_its_gaps_as_percent_of_the_target():
    # Teachers trained, target 130,000, gaps 10 % / 25 %: 117,000 is the last "below target".
    target = Target(value=130_000)
    assert status_of(130_000, "higher", target, 10, 25, relative=True) == GREEN
    assert status_of(117_000, "higher", target, 10, 25, relative=True) == YELLOW
    assert status_of(116_999, "higher", target, 10, 25, relative=True) == ORANGE
    assert status_of(97_500, "higher", target, 10, 25, relative=True) == ORANGE
    assert status_of(97_499, "higher", target, 10, 25, relative=True) == RED
    # Schools closed, lower is better, target 400: 500 (25 % over) is still yellow with gaps 25 / 75.
    assert status_of(500, "lower", Target(value=400), 25, 75, relative=True) == YELLOW
    assert status_of(701, "lower", Target(value=400), 25, 75, relative=True) == RED


def test_one_shown_number_has_one_colour():
    # Target 44, gaps 10 / 20: 34 is the last yellow. 33.96 and 34.04 both show as "34.0".
    target = Target(value=44)
    assert status_of(33.96, "higher", target, 10, 20) == ORANGE, "unrounded, the two sides of 34 differ"
    assert status_of(33.96, "higher", target, 10, 20, decimals=1) == YELLOW
    assert status_of(34.04, "higher", target, 10, 20, decimals=1) == YELLOW
    assert status_of(33.94, "higher", target, 10, 20, decimals=1) == ORANGE, "33.9 is shown, and is orange"
    # Lower is better, shown without decimals: 4.4 shows as "4" and meets a target of 4.
    assert status_of(4.4, "lower", Target(value=4), 1, 2, decimals=0) == GREEN
    assert status_of(4.6, "lower", Target(value=4), 1, 2, decimals=0) == YELLOW
