"""Subject walls: what the room shows when the flight deck points it at one region, province, indicator, crisis
or chain node — a wall made for that subject, not the top of its page.

Like the four walls, a subject wall holds at most six frames, each titled by the question it answers, and each
saying when its data was written. The frames reuse the walls' kinds (crisis list, red indicators, ...) where
one fits, so a symbol or a figure reads the same on every wall. The nation ("/") is the black wall and the
crisis overview ("/crisis") the red wall.
"""

from __future__ import annotations

import re

from sqlalchemy.engine import Connection

from cockpit.read import crises, queries, views
from cockpit.room import freshness, meetings, walls
from cockpit.room.deck import get_deck
from cockpit.rules.thai_time import format_datetime_be

MAX_ROWS = 8
BAD = ("red", "orange")

_SUBJECTS = (
    ("nation", re.compile(r"^/$")),
    ("crises", re.compile(r"^/crisis$")),
    ("region", re.compile(r"^/region/(?P<code>[A-Za-z0-9_-]+)$")),
    ("province", re.compile(r"^/province/(?P<code>TH-\d{2})$")),
    ("indicator", re.compile(r"^/indicator/(?P<code>[A-Za-z0-9_-]+)$")),
    ("crisis", re.compile(r"^/crisis/(?P<code>\d+)$")),
    ("chain", re.compile(r"^/chain(\?node=(?P<code>[A-Za-z0-9_-]+))?$")),
    ("since", re.compile(r"^/since$")),
)


def _q(th: str, en: str, subject: dict | None = None) -> tuple[str, str]:
    """A frame's question in Thai and English, naming the subject where it has a name."""
    if subject is None:
        return th, en
    return th.format(name=subject.get("name_th") or ""), en.format(name=subject.get("name_en") or "")


def _latest(*moments) -> object:
    return max((m for m in moments if m is not None), default=None)


def _bad_first(items: list[dict], status_of) -> list[dict]:
    order = {"red": 0, "orange": 1}
    return sorted((i for i in items if status_of(i) in BAD), key=lambda i: order[status_of(i)])


def province_wall(conn: Connection, code: str, fiscal_year: int | None) -> dict:
    """Where the province stands, what is red and why, its crises, its service areas, its trend."""
    view = views.province_view(conn, code, fiscal_year)
    province, region = view["province"], view["region"]
    cards = [card for stage in view["stages"].values() for card in stage]
    updated = queries.results_updated_at(conn, view["fiscal_year_be"]) if view["fiscal_year_be"] else {}
    results_as_of = _latest(*updated.values())
    statuses = [(c["result"] or {}).get("status", "no_data") for c in cards]
    red = _bad_first(cards, lambda c: (c["result"] or {}).get("status"))
    open_crises = [e for e in view["crises"] if e["status"] in crises.OPEN_STATUSES]
    mine = {a["code"] for a in view["service_areas"]}
    areas = sorted(
        (s for s in walls.service_area_scores(conn, view["fiscal_year_be"]) if s["code"] in mine),
        key=lambda s: s["total"],
    )
    trended = (red or [c for c in cards if c["indicator"]["is_key"]])[:3]
    return {
        "title": _q("{name}", "{name}", province),
        "frames": [
            {
                "kind": "status_mix",
                "question": _q("{name} อยู่ตรงไหน?", "Where does {name} stand?", province),
                "counts": walls.count_statuses(statuses),
                "total": len(cards),
                "of": "indicators",
                "region": region,
                "as_of": results_as_of,
            },
            {
                "kind": "red_indicators",
                "question": _q("อะไรเป็นสีแดง และเพราะอะไร?", "What is red, and why?"),
                "items": [
                    {"indicator": c["indicator"], "result": c["result"], "agency": c["agency"]} for c in red[:MAX_ROWS]
                ],
                "as_of": results_as_of,
            },
            {
                "kind": "crisis_list",
                "question": _q("มีภาวะวิกฤติอะไรใน{name}?", "What crises hit {name}?", province),
                "crises": sorted(open_crises, key=lambda e: -e["severity"])[:6],
                "as_of": _latest(*(e["updated_at"] for e in open_crises)),
            },
            {
                "kind": "weakest_areas",
                "question": _q("เขตพื้นที่การศึกษาของ{name}พร้อมแค่ไหน?", "How ready are {name}'s service areas?", province),
                "areas": areas[:MAX_ROWS],
                "as_of": _latest(*(a["updated_at"] for a in areas)),
            },
            {
                "kind": "trends",
                "question": _q("แนวโน้มดีขึ้นหรือแย่ลง?", "Is the trend getting better or worse?"),
                "items": [{"indicator": c["indicator"], "trend": c["trend"]} for c in trended],
                "as_of": results_as_of,
            },
        ],
    }


def region_wall(conn: Connection, code: str, fiscal_year: int | None) -> dict:
    """Where the region stands, which provinces are most in the red, its red indicators, crises, service areas."""
    view = views.region_view(conn, code, fiscal_year)
    region, year = view["region"], view["fiscal_year_be"]
    updated = queries.results_updated_at(conn, year) if year else {}
    results_as_of = _latest(*updated.values())
    cells = [cell for row in view["grid"] for cell in row["cells"].values()]
    statuses = [c["status"] for c in cells]
    red_count: dict[str, int] = {}
    for cell in cells:
        if cell["status"] == "red":
            red_count[cell["area"]] = red_count.get(cell["area"], 0) + 1
    provinces = sorted(view["provinces"], key=lambda p: (-red_count.get(p["code"], 0), p["code"]))
    own = queries.results_table(conn, "region", year, view["scheme"]) if year else {}
    by_code = {i["code"]: i for i in view["indicators"]}
    results = [
        {"indicator": by_code[ind], "result": row}
        for ind, rows in own.items()
        if ind in by_code
        for row in rows
        if row["area"] == code
    ]
    red = _bad_first(results, lambda item: item["result"]["status"])
    areas = sorted(
        (s for s in walls.service_area_scores(conn, year) if s["region"] == code) if year else [],
        key=lambda s: s["total"],
    )
    return {
        "title": _q("{name}", "{name}", region),
        "frames": [
            {
                "kind": "status_mix",
                "question": _q("{name} อยู่ตรงไหน?", "Where does {name} stand?", region),
                "counts": walls.count_statuses(statuses),
                "total": len(cells),
                "of": "results",
                "provinces": len(view["provinces"]),
                "as_of": results_as_of,
            },
            {
                "kind": "red_provinces",
                "question": _q("จังหวัดไหนมีตัวชี้วัดวิกฤติมากที่สุด?", "Which provinces are most in the red?"),
                "items": [p | {"red_count": red_count.get(p["code"], 0)} for p in provinces[:MAX_ROWS]],
                "indicator_count": len(view["indicators"]),
                "as_of": results_as_of,
            },
            {
                "kind": "red_indicators",
                "question": _q("ตัวชี้วัดใดของภาควิกฤติหรือเสี่ยง?", "Which of the region's indicators are at risk?"),
                "items": red[:MAX_ROWS],
                "as_of": results_as_of,
            },
            {
                "kind": "crisis_list",
                "question": _q("มีภาวะวิกฤติอะไรในภาค?", "What crises hit the region?"),
                "crises": sorted(view["crises"], key=lambda e: -e["severity"])[:6],
                "as_of": _latest(*(e["updated_at"] for e in view["crises"])),
            },
            {
                "kind": "weakest_areas",
                "question": _q("เขตพื้นที่ใดของภาคอ่อนที่สุด?", "Which of its service areas are weakest?"),
                "areas": areas[:MAX_ROWS],
                "as_of": _latest(*(a["updated_at"] for a in areas)),
            },
        ],
    }


def indicator_wall(conn: Connection, code: str, fiscal_year: int | None) -> dict:
    """The indicator nationally with its trend, the spread of provinces, the weakest provinces, the regions."""
    view = views.indicator_view(conn, code, fiscal_year)
    ind, year = view["indicator"], view["fiscal_year_be"]
    as_of = queries.results_updated_at(conn, year).get(ind["code"]) if year else None
    league = view["league"]
    ranked = [row for row in league if row.get("rank")]
    return {
        "title": _q("{name}", "{name}", ind),
        "frames": [
            {
                "kind": "indicator",
                "question": (ind.get("question_th") or ind["name_th"], ind.get("question_en") or ind["name_en"]),
                "indicator": ind,
                "result": view["national"] or {"status": "no_data", "value": None},
                "trend": view["national_trend"],
                "as_of": as_of,
            },
            {
                "kind": "status_mix",
                "question": _q("จังหวัดถึงเป้าหมายกี่จังหวัด?", "How many provinces meet the target?"),
                "counts": walls.count_statuses([row["status"] for row in league]),
                "total": len(league),
                "of": "provinces",
                "indicators": [ind["code"]],
                "as_of": as_of,
            },
            {
                "kind": "area_results",
                "question": _q("จังหวัดใดอยู่ท้ายสุด?", "Which provinces trail?"),
                "indicator": ind,
                "rows": list(reversed(ranked))[:MAX_ROWS],
                "as_of": as_of,
            },
            {
                "kind": "area_results",
                "question": _q("ภาคใดนำ ภาคใดตาม?", "Which regions lead, which trail?"),
                "indicator": ind,
                "rows": ends(view_regions(conn, ind, year)),
                "as_of": as_of,
            },
        ],
    }


def ends(ranked: list[dict], each: int = MAX_ROWS // 2) -> list[dict]:
    """The leaders and the trailers of a ranking, when all of it would not fit."""
    return ranked if len(ranked) <= 2 * each else ranked[:each] + ranked[-each:]


def view_regions(conn: Connection, ind: dict, year: int | None) -> list[dict]:
    """The regions on one indicator, best first: what the region comparison of the indicator page ranks."""
    if not year:
        return []
    rows = queries.results_table(conn, "region", year, None, [ind["code"]]).get(ind["code"], [])
    return views.rank_areas(ind, rows)


def crisis_wall(conn: Connection, crisis_id: int) -> dict:
    """One crisis: its toll, where it is, what it is, and its lifecycle so far."""
    view = views.crisis_view(conn, True, crisis_id=crisis_id)
    event = view["crises"][0]
    return {
        "title": (event["title"], event["title"]),
        "frames": [
            {
                "kind": "crisis_totals",
                "question": _q("กระทบเท่าใด?", "How many are affected?"),
                "totals": view["totals"],
                "as_of": event["updated_at"],
            },
            {
                "kind": "crisis_map",
                "question": _q("เกิดที่ไหน?", "Where is it?"),
                "severity_by_province": {code: event["severity"] for code in event["provinces"]},
                "provinces": view["provinces"],
                "as_of": event["updated_at"],
            },
            {
                "kind": "crisis_facts",
                "question": _q("เป็นเหตุอะไร และรับมืออย่างไร?", "What is it, and how is learning going on?"),
                "crisis": event,
                "provinces": view["provinces"],
                "as_of": event["updated_at"],
            },
            {
                "kind": "crisis_log",
                "question": _q("ดำเนินการถึงขั้นไหนแล้ว?", "How far has it come?"),
                "log": event.get("log", [])[-MAX_ROWS:],
                "as_of": event["updated_at"],
            },
        ],
    }


def chain_wall(conn: Connection, code: str | None, fiscal_year: int | None) -> dict:
    """A node of the XYZ chain: what lies under it, its indicators, the provinces in the red, the host agencies."""
    view = views.chain_view(conn, fiscal_year, code)
    detail = view["detail"]
    if detail is None:
        raise queries.NotFound("no chain in the catalogue")
    node = views.find_node(view["tree"], detail["node"]["code"])
    updated = queries.results_updated_at(conn, view["fiscal_year_be"]) if view["fiscal_year_be"] else {}
    as_of = _latest(*(updated.get(i["code"]) for i in detail["indicators"]))
    by_code = {i["code"]: i for i in view["indicators"]}
    codes = [i["code"] for i in detail["indicators"]]
    indicators = [{"indicator": by_code[i["code"]], "result": i} for i in detail["indicators"] if i["code"] in by_code]
    return {
        "title": (f"{node['level']} {node['name_th']}", f"{node['level']} {node['name_en']}"),
        "frames": [
            {
                "kind": "goals",
                "question": _q("อะไรอยู่ใต้เป้าหมายนี้ และบรรลุหรือไม่?", "What lies under this goal, and is it met?"),
                "indicators": codes,
                "goals": [{k: v for k, v in n.items() if k != "children"} for n in (node["children"] or [node])],
                "as_of": as_of,
            },
            {
                "kind": "red_indicators",
                "question": _q("ตัวชี้วัดใดวิกฤติหรือเสี่ยง?", "Which of its indicators are at risk?"),
                "items": _bad_first(indicators, lambda item: item["result"]["status"])[:MAX_ROWS],
                "as_of": as_of,
            },
            {
                "kind": "red_provinces",
                "question": _q("จังหวัดไหนวิกฤติ?", "Which provinces are in the red?"),
                "indicators": codes,
                "items": [
                    {"code": p["area"], "name_th": p["name_th"], "name_en": p["name_en"]}
                    | {"red_count": len(p["indicators"])}
                    for p in detail["red_provinces"][:MAX_ROWS]
                ],
                "indicator_count": len(detail["indicators"]),
                "as_of": as_of,
            },
            {
                "kind": "host_agencies",
                "question": _q("หน่วยงานเจ้าภาพใดต้องเร่ง?", "Which host agencies must act?"),
                "indicators": codes,
                "agencies": sorted(detail["host_agencies"], key=lambda a: -a["counts"].get("red", 0)),
                "as_of": as_of,
            },
        ],
    }


def since_wall(conn: Connection) -> dict:
    """What changed since the last meeting began: areas that turned red or recovered, national figures that
    moved beyond their threshold, crises reported and closed meanwhile (cockpit.room.meetings)."""
    changes = meetings.changes_since(conn)
    meeting = changes["meeting"]
    year = changes["fiscal_year_be"]
    updated = queries.results_updated_at(conn, year) if year else {}
    results_as_of = _latest(*updated.values())
    crises_as_of = _latest(*(e["updated_at"] for e in changes["reported"] + changes["closed"]))
    codes = sorted({c["indicator"]["code"] for key in ("turned_red", "recovered", "moved") for c in changes[key]})

    def listed(key: str, question: tuple[str, str]) -> dict:
        return {
            "kind": "changes",
            "question": question,
            "change": key,
            "items": changes[key][:MAX_ROWS],
            "more": max(0, len(changes[key]) - MAX_ROWS),
            "meeting": meeting,
            "indicators": codes,
            "as_of": results_as_of,
        }

    if meeting is None:
        title = ("ยังไม่ได้เริ่มการประชุม: เริ่มได้ที่แผงควบคุม", "No meeting started yet: start one on the deck")
    else:
        title = (
            f"อะไรเปลี่ยนไปตั้งแต่การประชุม {format_datetime_be(meeting['started_at'], 'th')}",
            f"What has changed since the meeting of {format_datetime_be(meeting['started_at'], 'en')}",
        )
    return {
        "title": title,
        "frames": [
            listed("turned_red", _q("พื้นที่ใดเข้าสู่วิกฤติ?", "Which areas turned red?")),
            listed("recovered", _q("พื้นที่ใดพ้นวิกฤติ?", "Which areas recovered?")),
            listed("moved", _q("ตัวชี้วัดระดับประเทศใดเปลี่ยนเกินเกณฑ์?", "Which national figures moved most?")),
            {
                "kind": "crisis_list",
                "question": _q("เหตุใดรายงานเข้ามาใหม่?", "Which crises were reported?"),
                "crises": changes["reported"][:MAX_ROWS],
                "none": "since_none_reported",
                "as_of": crises_as_of,
            },
            {
                "kind": "crisis_list",
                "question": _q("เหตุใดปิดแล้ว?", "Which crises were closed?"),
                "crises": changes["closed"][:MAX_ROWS],
                "none": "since_none_closed",
                "as_of": crises_as_of,
            },
        ],
    }


def subject_of(show: str | None) -> tuple[str, str | None] | None:
    """(kind, code) of a deck target that has a subject wall; None for the four walls and for no target."""
    for kind, pattern in _SUBJECTS:
        match = pattern.match(show or "")
        if match:
            return kind, match.groupdict().get("code")
    return None


def subject_wall(conn: Connection, show: str | None, fiscal_year: int | None = None) -> dict | None:
    """The wall the deck's target calls for, as plain data ({"path", "subject", "grid", "title", "frames"}),
    or None when the deck shows one of the four walls or nothing."""
    found = subject_of(show)
    if found is None:
        return None
    kind, code = found
    if kind in ("nation", "crises"):
        wall = walls.wall_view(conn, "black" if kind == "nation" else "red", fiscal_year)
        built = {"title": (wall["question_th"], wall["question_en"]), "frames": wall["frames"]}
        grid = wall["wall"]
    else:
        builders = {
            "province": lambda: province_wall(conn, code, fiscal_year),
            "region": lambda: region_wall(conn, code, fiscal_year),
            "indicator": lambda: indicator_wall(conn, code, fiscal_year),
            "crisis": lambda: crisis_wall(conn, int(code)),
            "chain": lambda: chain_wall(conn, code, fiscal_year),
            "since": lambda: since_wall(conn),
        }
        built = builders[kind]()
        freshness.mark_frames(conn, built["frames"])
        grid = kind
    assert len(built["frames"]) <= walls.MAX_FRAMES
    return {"path": show, "subject": kind, "grid": grid, "title": built["title"], "frames": built["frames"]}


def room_view(conn: Connection, fiscal_year: int | None = None) -> dict:
    """What /wall renders: the four walls, or only the subject wall when the deck points the room at a subject
    (the walls are not drawn meanwhile, so they are not read either). A subject that has gone since the deck
    chose it (a retired indicator, say) leaves the room on its four walls."""
    found = None
    try:
        found = subject_wall(conn, get_deck(conn)["show"], fiscal_year)
    except queries.NotFound:
        pass
    if found is None:
        return walls.room_view(conn, fiscal_year) | {"focus": None}
    years = queries.fiscal_years(conn)
    return {
        "walls": {},
        "deck": get_deck(conn),
        "dataset": queries.dataset_info(conn),
        "focus": found,
        "fiscal_year_be": fiscal_year if fiscal_year in years else (years[0] if years else None),
    }
