"""The four walls of the Management Cockpit room (Patrick Georges), as plain data.

Each wall answers one question and holds at most six frames: black — where we stand against the goals of
the XYZ chain; red — what stands in the way (open crises, red indicators); blue — resources and processes
(service-area performance); white — the X factors, the projects acting on them, the decisions taken on them and
who has not reported (the monitoring the regional offices drive with their provinces).
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from cockpit.read import crises, queries, views
from cockpit.read.completeness import not_reported
from cockpit.room import alerts, decisions, freshness
from cockpit.room.deck import WALLS, get_deck
from cockpit.rules.status import COUNTED, Target, project_status, roll_up, status_of
from cockpit.store import schema

QUESTIONS = {
    "black": ("เราอยู่ตรงไหนเทียบกับเป้าหมาย?", "Where do we stand against our goals?"),
    "red": ("อะไรขวางทางเราอยู่?", "What stands in our way?"),
    "blue": ("เขตพื้นที่การศึกษาพร้อมแค่ไหน?", "How ready are our service areas?"),
    "white": ("โครงการตามห่วงโซ่คุณค่าคืบหน้าแค่ไหน?", "How far have the value-chain projects come?"),
}
MAX_FRAMES = 6
WALL_ALERTS = 6

# Service-area scores (0-100): the cabinet framework weighs Performance Base 70 % and Potential Base 30 %.
# Target and gaps follow the OEC's bands (>= 80 very good, 70-79.99 good, 60-69.99 fair); adjust here.
PERFORMANCE_WEIGHT, POTENTIAL_WEIGHT = 0.7, 0.3
SCORE_TARGET, SCORE_YELLOW_GAP, SCORE_ORANGE_GAP = 80.0, 10.0, 20.0


def count_statuses(statuses: list[str]) -> dict[str, int]:
    return {s: statuses.count(s) for s in COUNTED}


def black_wall(conn: Connection, fiscal_year: int, national: dict) -> list[dict]:
    """The chain's goals and the key indicators against their targets."""
    tree = views.chain_tree(conn, fiscal_year, national)
    goals = [n for n in views.flatten_tree(tree["roots"]) if n["level"] in ("Z", "Y2")]
    inds = [i for i in queries.indicators(conn) if i["is_key"]][: MAX_FRAMES - 1]
    trends = queries.series(conn, "nation", [i["code"] for i in inds])
    updated = queries.results_updated_at(conn, fiscal_year)
    frames = [{"kind": "goals", "goals": goals, "as_of": max(updated.values(), default=None)}]
    for ind in inds:
        frames.append(
            {
                "kind": "indicator",
                "indicator": ind,
                "result": national[ind["code"]][0],
                "trend": trends.get((ind["code"], queries.NATION), []),
                "as_of": updated.get(ind["code"]),
            }
        )
    return frames


def red_wall(conn: Connection, fiscal_year: int, national: dict) -> list[dict]:
    """Open crises and what is red: their totals, map and list; red indicators; provinces most in the red; the
    latest alerts (the room is national: every alert)."""
    events = crises.list_crises(conn, statuses=crises.OPEN_STATUSES)
    worst: dict[str, int] = {}
    for event in events:
        for code in event["provinces"]:
            worst[code] = max(worst.get(code, 0), event["severity"])
    province_table = queries.results_table(conn, "province", fiscal_year)
    red_by_province: dict[str, list[str]] = {}
    for code, rows in province_table.items():
        for row in rows:
            if row["status"] == "red":
                red_by_province.setdefault(row["area"], []).append(code)
    names = {p["code"]: p for p in queries.provinces(conn)}
    all_inds = {i["code"]: i for i in queries.indicators(conn)}
    red_indicators = [
        {"indicator": all_inds[code], "result": rows[0]}
        for code, rows in national.items()
        if rows[0]["status"] in ("red", "orange")
    ]
    red_indicators.sort(key=lambda item: (item["result"]["status"] != "red", item["indicator"]["sort_order"]))
    most_red = sorted(red_by_province.items(), key=lambda item: (-len(item[1]), item[0]))[:10]
    crises_as_of = max((e["updated_at"] for e in events), default=None)
    results_as_of = max(queries.results_updated_at(conn, fiscal_year).values(), default=None)
    return [
        {"kind": "crisis_totals", "totals": crises.totals(events), "as_of": crises_as_of},
        {"kind": "crisis_map", "severity_by_province": worst, "provinces": names, "as_of": crises_as_of},
        {
            "kind": "crisis_list",
            "crises": sorted(events, key=lambda e: (-e["severity"], e["occurred_at"]), reverse=False)[:6],
            "as_of": crises_as_of,
        },
        {"kind": "red_indicators", "items": red_indicators[:8], "as_of": results_as_of},
        {
            "kind": "red_provinces",
            "items": [names[code] | {"red": codes, "red_count": len(codes)} for code, codes in most_red],
            "indicator_count": len(all_inds),
            "as_of": results_as_of,
        },
        alert_frame(conn),
    ]


def alert_frame(conn: Connection) -> dict:
    items = alerts.feed(conn, None, WALL_ALERTS)
    return {"kind": "alerts", "items": items, "as_of": max((a["fired_at"] for a in items), default=None)}


def service_area_scores(conn: Connection, fiscal_year: int) -> list[dict]:
    """Each service area's scores, weighted total, status and region (default scheme) for a fiscal year."""
    score, area, link = schema.service_area_score, schema.service_area, schema.service_area_province
    rows = conn.execute(
        sa.select(
            area.c.code,
            area.c.kind,
            area.c.name_th,
            area.c.name_en,
            score.c.performance_base,
            score.c.potential_base,
            score.c.pmqa_results,
            score.c.updated_at,
        )
        .join(score, score.c.service_area_code == area.c.code)
        .where(score.c.fiscal_year_be == fiscal_year, area.c.retired_at.is_(None))
        .order_by(area.c.code)
    ).all()
    first_province = {}
    for link_row in conn.execute(
        sa.select(link.c.service_area_code, link.c.province_code).order_by(link.c.province_code)
    ):
        first_province.setdefault(link_row.service_area_code, link_row.province_code)
    region_of = {p: r["code"] for r in queries.regions(conn) for p in r["provinces"]}
    target = Target(value=SCORE_TARGET)
    out = []
    for row in rows:
        total = PERFORMANCE_WEIGHT * row.performance_base + POTENTIAL_WEIGHT * row.potential_base
        out.append(
            dict(row._mapping)
            | {
                "total": total,
                "status": status_of(total, "higher", target, SCORE_YELLOW_GAP, SCORE_ORANGE_GAP),
                "region": region_of.get(first_province.get(row.code)),
            }
        )
    return out


def blue_wall(conn: Connection, fiscal_year: int) -> list[dict]:
    """Service-area performance: the spread of totals, the weakest areas, and each region's mean."""
    scores = service_area_scores(conn, fiscal_year)
    if not scores:
        return [{"kind": "no_scores"}]
    by_region: dict[str, list[dict]] = {}
    for item in scores:
        by_region.setdefault(item["region"], []).append(item)
    regions = []
    for region in queries.regions(conn):
        members = by_region.get(region["code"], [])
        if not members:
            regions.append(region | {"areas": 0, "total": None, "pmqa": None, "status": "no_data"})
            continue
        # A score is a grade per organisation, not a rate: the region's is the mean over its service areas.
        mean_total = sum(m["total"] for m in members) / len(members)
        regions.append(
            region
            | {
                "areas": len(members),
                "total": mean_total,
                "pmqa": sum(m["pmqa_results"] for m in members) / len(members),
                "status": status_of(
                    mean_total, "higher", Target(value=SCORE_TARGET), SCORE_YELLOW_GAP, SCORE_ORANGE_GAP
                ),
            }
        )
    statuses = [s["status"] for s in scores]
    as_of = max(s["updated_at"] for s in scores)
    frames = [
        {
            "kind": "score_summary",
            "areas": len(scores),
            "counts": count_statuses(statuses),
            "target": SCORE_TARGET,
            "mean_total": sum(s["total"] for s in scores) / len(scores),
            "weights": (PERFORMANCE_WEIGHT, POTENTIAL_WEIGHT),
        },
        {"kind": "region_scores", "regions": regions},
        {"kind": "weakest_areas", "areas": sorted(scores, key=lambda s: s["total"])[:8]},
        {"kind": "pmqa_by_region", "regions": regions},
    ]
    return [frame | {"as_of": as_of} for frame in frames]


def projects(conn: Connection) -> list[dict]:
    p, node = schema.project, schema.chain_node
    rows = conn.execute(
        sa.select(p, node.c.name_th.label("x_name_th"), node.c.name_en.label("x_name_en"), node.c.value_chain_stage)
        .join(node, node.c.code == p.c.chain_node_code)
        .where(p.c.retired_at.is_(None))
        .order_by(p.c.code)
    ).all()
    out = []
    for row in rows:
        item = dict(row._mapping)
        item["status"] = project_status(item["progress_pct"], item["planned_pct"])
        item["disbursed_pct"] = item["disbursed_thb"] / item["budget_thb"] * 100 if item["budget_thb"] else None
        out.append(item)
    return out


def white_wall(conn: Connection, fiscal_year: int, national: dict) -> list[dict]:
    """The X factors (status rolled up from their indicators and projects), the projects' progress, the
    room's decisions due within a week or overdue (what the room said it would do about them), and the
    provinces that have not reported the indicators due (who to chase before the next meeting)."""
    tree = views.chain_tree(conn, fiscal_year, national)
    x_nodes = [n for n in views.flatten_tree(tree["roots"]) if n["level"] == "X"]
    items = projects(conn)
    by_x: dict[str, list[dict]] = {}
    for item in items:
        by_x.setdefault(item["chain_node_code"], []).append(item)
    factors = [
        x
        | {
            "projects": by_x.get(x["code"], []),
            "status": roll_up([x["status"]] + [p["status"] for p in by_x.get(x["code"], [])]),
        }
        for x in x_nodes
    ]
    budget = sum(p["budget_thb"] for p in items)
    disbursed = sum(p["disbursed_thb"] for p in items)
    projects_as_of = max((p["updated_at"] for p in items), default=None)
    results_as_of = max(queries.results_updated_at(conn, fiscal_year).values(), default=None)
    return [
        {
            "as_of": projects_as_of,
            "kind": "project_totals",
            "projects": len(items),
            "counts": count_statuses([p["status"] for p in items]),
            "budget_thb": budget,
            "disbursed_thb": disbursed,
            "disbursed_pct": disbursed / budget * 100 if budget else None,
        },
        {
            "kind": "x_factors",
            "factors": factors,
            "as_of": max(filter(None, (projects_as_of, results_as_of)), default=None),
        },
        {
            "as_of": projects_as_of,
            "kind": "behind_plan",
            "projects": sorted(
                (p for p in items if p["status"] in ("red", "orange")),
                key=lambda p: p["progress_pct"] - p["planned_pct"],
            )[:8],
        },
        decisions.due_and_overdue(conn),
        not_reported(conn, fiscal_year, queries.indicators(conn))
        | {"kind": "not_reported", "fiscal_year_be": fiscal_year, "as_of": results_as_of},
    ]


def wall_view(conn: Connection, wall: str, fiscal_year: int | None = None) -> dict:
    """One wall's frames for a fiscal year (by default the latest in which most indicators have data)."""
    if wall not in WALLS:
        raise queries.NotFound(f"unknown wall {wall!r}; one of {', '.join(WALLS)}")
    years = queries.fiscal_years(conn)
    if fiscal_year not in years:
        fiscal_year = queries.default_fiscal_year(conn)["fiscal_year_be"]
    national = queries.results_table(conn, "nation", fiscal_year) if fiscal_year else {}
    builders = {
        "black": lambda: black_wall(conn, fiscal_year, national),
        "red": lambda: red_wall(conn, fiscal_year, national),
        "blue": lambda: blue_wall(conn, fiscal_year),
        "white": lambda: white_wall(conn, fiscal_year, national),
    }
    frames = freshness.mark_frames(conn, builders[wall]()) if fiscal_year else []
    assert len(frames) <= MAX_FRAMES
    assert all("as_of" in frame for frame in frames if frame["kind"] != "no_scores"), "every frame says when"
    return {
        "wall": wall,
        "question_th": QUESTIONS[wall][0],
        "question_en": QUESTIONS[wall][1],
        "fiscal_year_be": fiscal_year,
        "frames": frames,
    }


def room_view(conn: Connection, fiscal_year: int | None = None) -> dict:
    """All four walls and the flight deck's current choice: what /wall renders."""

    return {
        "walls": {wall: wall_view(conn, wall, fiscal_year) for wall in WALLS},
        "deck": get_deck(conn),
        "dataset": queries.dataset_info(conn),
    }
