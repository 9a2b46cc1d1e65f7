"""Which frames of a wall show stale data, by the rules of cockpit.rules.freshness: a frame of indicator
results is stale when one of its indicators has missed its next period; crisis, score and project frames when
their data has not been written for longer than it is expected to be."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.engine import Connection

from cockpit.read import queries, views
from cockpit.rules import freshness

CRISIS_KINDS = ("crisis_totals", "crisis_map", "crisis_list", "crisis_facts", "crisis_log")
SCORE_KINDS = ("score_summary", "region_scores", "weakest_areas", "pmqa_by_region")
PROJECT_KINDS = ("project_totals", "behind_plan")
SCORES_EVERY, PROJECTS_EVERY = "yearly", "quarterly"  # how often service-area scores and project progress come


def frame_indicators(frame: dict) -> list[str] | None:
    """The indicators a frame draws on; None for a frame drawn from all of them (the goals, say)."""
    if frame.get("indicator"):
        return [frame["indicator"]["code"]]
    if frame["kind"] in ("red_indicators", "trends"):
        return [item["indicator"]["code"] for item in frame["items"]]
    return frame.get("indicators")


def indicator_freshness(conn: Connection, today: dt.date) -> dict[str, dict]:
    return views.indicator_freshness(conn, queries.indicators(conn), today)


def mark_frames(conn: Connection, frames: list[dict], today: dt.date | None = None) -> list[dict]:
    """Each frame with "stale" (and, for indicator results, how many of its indicators are stale)."""
    today = today or freshness.bangkok_today()
    by_indicator: dict[str, dict] | None = None
    for frame in frames:
        kind, as_of = frame["kind"], frame.get("as_of")
        if kind in CRISIS_KINDS:
            frame["stale"] = freshness.written_freshness(as_of, freshness.CRISIS_UPDATE_DAYS, today).stale
        elif kind in SCORE_KINDS:
            every = freshness.WRITE_EVERY_DAYS[SCORES_EVERY]
            frame["stale"] = freshness.written_freshness(as_of, every, today).stale
        elif kind in PROJECT_KINDS:
            every = freshness.WRITE_EVERY_DAYS[PROJECTS_EVERY]
            frame["stale"] = freshness.written_freshness(as_of, every, today).stale
        elif kind in ("decisions", "alerts"):
            frame["stale"] = False  # decisions and alerts come when they happen, not on a schedule
        elif "as_of" in frame:
            if by_indicator is None:
                by_indicator = indicator_freshness(conn, today)
            codes = frame_indicators(frame)
            codes = list(by_indicator) if codes is None else codes
            stale = [c for c in codes if c in by_indicator and by_indicator[c]["stale"]]
            frame["stale"] = bool(stale)
            frame["stale_indicators"] = len(stale)
    return frames
