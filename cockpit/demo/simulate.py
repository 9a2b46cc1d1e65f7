"""`cockpit simulate`: invented but plausible events streamed into a running app, to show the room live.

Everything goes through the app's reporting API, exactly as an office's system would send it: new crisis
reports for the season (types, places and scale after domain brief §5 and the demo generator), status
changes of open crises along the lifecycle, and updated indicator figures for a few provinces. Every
invented record says so: titles and notes end in "(จำลอง)", reporters are "ศธจ.<จังหวัด> (จำลอง)".

The simulator refuses a store holding live data, runs a bounded number of events, and makes every choice
from its seed, so a run can be repeated. It talks through any object with `get` and `send` (see `Http`);
the CLI passes `cockpit.client.ApiSession`.
"""

from __future__ import annotations

import datetime as dt
import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from cockpit.demo import generate as demo
from cockpit.errors import CockpitError
from cockpit.read import crises
from cockpit.rules.thai_time import to_bangkok

MARK = "(จำลอง)"
MAX_COUNT = 10_000


REFUSED_TOKEN = (
    "the app refused the token (401): create one with "
    "`cockpit token create --name … --scope national` and pass it with --token"
)


class Reply(Protocol):
    status: int
    body: object


class Http(Protocol):
    """What the simulator needs of an HTTP client: reads, and writes carrying an Idempotency-Key."""

    def get(self, path: str, params: dict | None = None) -> Reply: ...

    def send(self, method: str, path: str, body: dict, key: str) -> Reply: ...


class SimulationError(CockpitError):
    """The simulation cannot go on (token refused, live data, the app answering nonsense)."""


@dataclass
class Event:
    kind: str  # crisis | status | results
    line: str  # what, where, HTTP status: one line for the console
    status: int

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


# --- the seasons (domain brief §5) --------------------------------------------------------------------------------


def _codes(*numbers: int) -> tuple[str, ...]:
    return tuple(f"TH-{n}" for n in numbers)


NORTH = _codes(50, 51, 52, 53, 54, 55, 56, 57, 58, 63, 64, 65, 66, 67)
NORTH_HAZE = _codes(50, 51, 52, 54, 55, 56, 57, 58, 63)
NORTHEAST = _codes(*range(30, 50))
CENTRAL_PLAIN = _codes(14, 15, 16, 17, 18, 60, 61, 62, 72, 13, 12)
SOUTH = _codes(80, 81, 82, 84, 85, 86, 90, 91, 92, 93, 94, 95, 96)
SOUTHERN_BORDER = _codes(94, 95, 96)
EAST_BORDER = _codes(23, 22, 27, 31, 32, 33, 34)
ANYWHERE: tuple[str, ...] = ()  # every province

# Severity weights for levels 1..4.
BIG = (40, 38, 18, 4)
SMALL = (75, 25, 0, 0)

# (type, weight, province pool, how many provinces (min, max), severity weights)
Kind = tuple[str, int, tuple[str, ...], tuple[int, int], tuple[int, ...]]
ALL_YEAR: tuple[Kind, ...] = (
    ("unrest", 6, SOUTHERN_BORDER, (1, 1), SMALL),
    ("accident", 5, ANYWHERE, (1, 1), (55, 40, 5, 0)),
    ("violence", 4, ANYWHERE, (1, 1), SMALL),
    ("drugs", 3, ANYWHERE, (1, 1), SMALL),
    ("bullying", 4, ANYWHERE, (1, 1), (90, 10, 0, 0)),
    ("border_conflict", 1, EAST_BORDER, (1, 3), (30, 40, 25, 5)),
)
SEASONS: dict[tuple[int, ...], tuple[Kind, ...]] = {
    # Northern and northeastern floods, the central plain as the water goes down, landslides in the hills.
    (8, 9, 10): (
        ("flood", 30, NORTH + NORTHEAST, (1, 3), BIG),
        ("flood", 10, CENTRAL_PLAIN, (1, 3), BIG),
        ("landslide", 6, NORTH, (1, 1), (50, 40, 10, 0)),
        ("storm", 4, NORTH + NORTHEAST, (1, 2), SMALL),
    ),
    # Southern floods and landslides.
    (11, 12, 1): (
        ("flood", 38, SOUTH, (1, 4), BIG),
        ("landslide", 6, SOUTH, (1, 1), (50, 40, 10, 0)),
        ("epidemic", 3, ANYWHERE, (1, 1), SMALL),
    ),
    # Northern haze and wildfires; drought and summer storms towards the hot season.
    (2, 3, 4): (
        ("haze", 32, NORTH_HAZE, (1, 5), (25, 45, 25, 5)),
        ("fire", 10, NORTH_HAZE, (1, 1), SMALL),
        ("drought", 8, NORTHEAST + NORTH, (1, 3), (50, 40, 10, 0)),
        ("storm", 5, NORTHEAST, (1, 2), SMALL),
    ),
    # Hot season and the first rains: storms, drought, epidemics when schools open (hand, foot and mouth).
    (5, 6, 7): (
        ("storm", 18, NORTHEAST + NORTH, (1, 2), SMALL),
        ("drought", 8, NORTHEAST, (1, 3), (50, 40, 10, 0)),
        ("epidemic", 12, ANYWHERE, (1, 1), SMALL),
        ("flood", 8, NORTH + SOUTH, (1, 2), (60, 35, 5, 0)),
    ),
}

TITLES = {
    "flood": (
        "น้ำท่วมฉับพลัน โรงเรียนหลายแห่งต้องหยุดเรียน",
        "น้ำป่าไหลหลากท่วมโรงเรียน",
        "แม่น้ำล้นตลิ่ง โรงเรียนริมน้ำได้รับผลกระทบ",
        "น้ำท่วมขังเส้นทางไปโรงเรียน",
    ),
    "landslide": ("ดินโคลนถล่มเส้นทางไปโรงเรียน", "ดินสไลด์ใกล้อาคารเรียน"),
    "storm": ("พายุฤดูร้อน หลังคาอาคารเรียนเสียหาย", "พายุฝนฟ้าคะนอง ต้นไม้ล้มทับอาคารเรียน"),
    "haze": ("ค่าฝุ่น PM2.5 เกินมาตรฐาน 37.5 มคก./ลบ.ม. งดกิจกรรมกลางแจ้ง", "หมอกควันปกคลุม โรงเรียนปรับการเรียนการสอน"),
    "fire": ("ไฟป่าลุกลามใกล้โรงเรียน", "ไฟไหม้อาคารเรียน"),
    "drought": ("ภัยแล้ง โรงเรียนขาดแคลนน้ำอุปโภคบริโภค",),
    "border_conflict": ("สถานการณ์ชายแดน สั่งปิดโรงเรียนแนวชายแดนชั่วคราว",),
} | {kind: titles for kind, titles in demo._SCATTERED_TITLES.items() if kind not in ("fire", "storm")}

# Next status and its weight: mostly forward, sometimes dismissed or back to active (the water came back).
NEXT_WEIGHTS = {
    "reported": {"verified": 85, "dismissed": 15},
    "verified": {"active": 85, "dismissed": 15},
    "active": {"recovering": 75, "closed": 25},
    "recovering": {"closed": 70, "active": 30},
}
NOTES = {
    "verified": "ตรวจสอบข้อเท็จจริงกับพื้นที่แล้ว",
    "active": "ยกระดับการติดตามสถานการณ์ ห้องปฏิบัติการติดตามรายวัน",
    "recovering": "สถานการณ์คลี่คลาย เริ่มฟื้นฟูสถานศึกษา",
    "closed": "เปิดเรียนได้ตามปกติครบทุกแห่ง ปิดเหตุการณ์",
    "dismissed": "ตรวจสอบแล้วเป็นรายงานซ้ำหรือข้อมูลคลาดเคลื่อน ยกเลิกรายงาน",
}
NATURAL = ("flood", "storm", "landslide", "haze", "drought", "fire", "border_conflict")


def season_of(month: int) -> tuple[Kind, ...]:
    for months, kinds in SEASONS.items():
        if month in months:
            return kinds + ALL_YEAR
    raise ValueError(f"no month {month}")


def _places(names: list[str]) -> str:
    return "จ." + " ".join(names)


class Simulator:
    """Makes one event at a time through `http`; all choices come from `rng`."""

    def __init__(self, http: Http, rng: random.Random, now: Callable[[], dt.datetime]):
        self.http = http
        self.rng = rng
        self.now = now
        self._provinces: dict[str, str] | None = None
        self._indicators: list[dict] | None = None

    # --- reads ---

    def _read(self, path: str, params: dict | None = None):
        reply = self.http.get(path, params)
        if reply.status != 200 or reply.body is None:
            raise SimulationError(f"GET {path} answered {reply.status}: is --url the cockpit app?")
        return reply.body

    def provinces(self) -> dict[str, str]:
        if self._provinces is None:
            self._provinces = {p["code"]: p["name_th"] for p in self._read("/api/v1/provinces")}
        return self._provinces

    def indicators(self) -> list[dict]:
        if self._indicators is None:
            self._indicators = sorted(self._read("/api/v1/indicators"), key=lambda i: i["code"])
        return self._indicators

    def _send(self, method: str, path: str, body: dict, key: str):
        reply = self.http.send(method, path, body, key)
        if reply.status == 401:
            raise SimulationError(REFUSED_TOKEN)
        return reply

    @staticmethod
    def _why(reply) -> str:
        if 200 <= reply.status < 300 or not isinstance(reply.body, dict):
            return ""
        fields = reply.body.get("fields") or {}
        detail = "; ".join(f"{k}: {v}" for k, v in list(fields.items())[:3])
        return f" — {reply.body.get('error', '')}{': ' + detail if detail else ''}"

    # --- events ---

    def new_crisis(self, key: str) -> Event:
        rng = self.rng
        names = self.provinces()
        kinds = season_of(to_bangkok(self.now()).month)
        ctype, _, pool, (low, high), severities = rng.choices(kinds, weights=[k[1] for k in kinds])[0]
        pool = sorted(c for c in (pool or names) if c in names)
        provinces = rng.sample(pool, min(len(pool), rng.randint(low, high)))
        severity = rng.choices((1, 2, 3, 4), weights=severities)[0]
        impact = demo._impacts(rng, ctype, severity, len(provinces))
        closed = min(impact["closed"], impact["schools"])
        place_names = [names[c] for c in provinces]
        occurred = self.now() - dt.timedelta(minutes=rng.randint(10, 6 * 60))
        body = {
            "type": ctype,
            "severity": severity,
            "title": f"{rng.choice(TITLES[ctype])} {_places(place_names)} {MARK}",
            "provinces": provinces,
            "occurred_at": occurred.astimezone(dt.UTC).isoformat(),
            "reporter": f"ศธจ.{place_names[0]} {MARK}",
            "schools_affected": impact["schools"],
            "schools_closed": closed,
            "students_affected": impact["students"],
            "staff_affected": impact["staff"],
            "injuries": impact["injuries"],
            "deaths": impact["deaths"],
            "shelter_schools": impact["shelter"],
            "damage_thb": None if impact["damage"] is None else round(impact["damage"], -3),
            "learning_mode": demo._learning_mode(rng, ctype, severity, closed),
            "help_given": demo._HELP_TH[ctype],
            "description": f"เหตุการณ์จำลองเพื่อสาธิตห้องปฏิบัติการ (cockpit simulate) ไม่ใช่เหตุการณ์จริง {MARK}",
        }
        reply = self._send("POST", "/api/v1/crises", body, key)
        made = f" (id {reply.body['id']})" if reply.status == 201 and isinstance(reply.body, dict) else ""
        line = (
            f"new crisis: {crises.TYPES[ctype][1]}, level {severity}, {impact['schools']:,} schools — "
            f"{', '.join(place_names)} → HTTP {reply.status}{made}{self._why(reply)}"
        )
        return Event("crisis", line, reply.status)

    def advance_crisis(self, key: str) -> Event | None:
        """Move one open crisis to an allowed next status; None when no crisis is open."""
        rng = self.rng
        open_ones = sorted(
            self._read("/api/v1/crises", {"status": ",".join(crises.OPEN_STATUSES)}), key=lambda e: e["id"]
        )
        if not open_ones:
            return None
        event = rng.choice(open_ones)
        current = event["status"]
        choices = {s: w for s, w in NEXT_WEIGHTS[current].items() if s in crises.LIFECYCLE[current]}
        new = rng.choices(list(choices), weights=list(choices.values()))[0]
        body: dict = {"status": new, "note": f"{NOTES[new]} {MARK}"}
        body |= self._impact_update(event, new)
        reply = self._send("PATCH", f"/api/v1/crises/{event['id']}", body, key)
        names = self.provinces()
        where = ", ".join(names.get(c, c) for c in event["provinces"]) or "?"
        extra = [f"{k} {event.get(k)}→{v}" for k, v in body.items() if k not in ("status", "note")]
        line = (
            f"status change: crisis {event['id']} ({crises.TYPES[event['type']][1]}) {current} → {new}"
            f"{' (' + ', '.join(extra) + ')' if extra else ''} — {where} → HTTP {reply.status}{self._why(reply)}"
        )
        return Event("status", line, reply.status)

    def _impact_update(self, event: dict, new: str) -> dict:
        """Sometimes new figures with the status change, consistent with it (closed ≤ affected)."""
        rng = self.rng
        affected, closed = event.get("schools_affected"), event.get("schools_closed")
        if affected is None or closed is None or new == "dismissed":
            return {}
        if new == "closed":
            return {"schools_closed": 0, "learning_mode": "on-site"} if closed else {}
        if rng.random() < 0.4:
            return {}
        if new == "active":
            grown = affected + max(1, round(affected * rng.uniform(0.05, 0.3)))
            update = {
                "schools_affected": grown,
                "schools_closed": min(grown, closed + round((grown - closed) * rng.uniform(0.1, 0.5))),
            }
            if event.get("students_affected") is not None and affected:
                update["students_affected"] = round(event["students_affected"] * grown / affected)
            if event["type"] in NATURAL and event["severity"] < 4 and rng.random() < 0.25:
                update["severity"] = event["severity"] + 1
            return update
        if new == "recovering" and closed:
            return {"schools_closed": int(closed * rng.uniform(0.2, 0.6))}
        return {}

    def new_results(self, key: str) -> Event:
        rng = self.rng
        names = self.provinces()
        for _attempt in range(5):
            indicator = rng.choice(self.indicators())
            rows = self._read("/api/v1/results", {"indicator": indicator["code"], "level": "province"})
            rows = sorted((r for r in rows if r.get("value") is not None), key=lambda r: r["area"])
            chosen = sorted(rng.sample(rows, min(len(rows), rng.randint(3, 5))), key=lambda r: r["area"])
            chosen = [row for row in chosen if not self._summed(indicator, row)]
            if chosen:
                break
        else:
            line = "results: no indicator has province figures to update → nothing sent"
            return Event("results", line, 0)
        results, changes = [], []
        for row in chosen:
            item, new_value = self._nudged(indicator, row)
            results.append(item)
            changes.append(
                f"{names.get(row['area'], row['area'])} {row['value']:,.{indicator['decimals']}f}"
                f"→{new_value:,.{indicator['decimals']}f}"
            )
        reply = self._send("POST", "/api/v1/results", {"results": results}, key)
        counts = ""
        if reply.status == 200 and isinstance(reply.body, dict):
            counts = f" ({reply.body.get('inserted', 0)} new, {reply.body.get('updated', 0)} updated)"
        line = (
            f"results: {indicator['code']} FY {chosen[0]['fiscal_year_be']} period {chosen[0]['period_no']}, "
            f"{'; '.join(changes)} → HTTP {reply.status}{counts}{self._why(reply)}"
        )
        return Event("results", line, reply.status)

    def _summed(self, ind: dict, row: dict) -> bool:
        """Whether the province's figure is summed from its schools' results (a province write may not change it)."""
        found = self._read(
            "/api/v1/school-results",
            {"indicator": ind["code"], "fy": row["fiscal_year_be"], "period": row["period_no"],
             "province": row["area"], "limit": 1},
        )  # fmt: skip
        return bool(found)

    def _nudged(self, ind: dict, row: dict) -> tuple[dict, float]:
        """A province's figure moved by a couple of percent, a little more often for the better."""
        rng = self.rng
        better = 1 if ind.get("direction") != "lower" else -1
        if ind.get("direction") == "range":
            sign = rng.choice((1, -1))
        else:
            sign = better if rng.random() < 0.6 else -better
        factor = 1 + sign * abs(rng.gauss(0, 0.025))
        item = {
            "indicator": ind["code"],
            "area": row["area"],
            "fiscal_year_be": row["fiscal_year_be"],
            "period_no": row["period_no"],
        }
        if ind["aggregation"] == "ratio" and row.get("denominator"):
            denominator = float(row["denominator"])
            if denominator >= 100:
                denominator = float(round(denominator * rng.uniform(0.99, 1.01)))
            value = row["value"] * factor
            if ind.get("unit") in ("percent", "score"):
                value = min(value, 100.0)
            numerator = round(max(value, 0.0) / ind["multiplier"] * denominator, 2)
            new_value = numerator / denominator * ind["multiplier"]
            return item | {"numerator": numerator, "denominator": denominator}, new_value
        value = float(max(0, round(row["value"] * factor)))
        return item | {"value": value}, value

    def event(self, kind: str, key: str) -> Event:
        if kind == "status":
            made = self.advance_crisis(key)
            if made is not None:
                return made
            kind = "crisis"
        return self.new_crisis(key) if kind == "crisis" else self.new_results(key)


def check_bounds(count: int, interval: float) -> None:
    """A run is bounded: 1 to MAX_COUNT events, a non-negative pause."""
    if not 1 <= count <= MAX_COUNT:
        raise SimulationError(f"--count must be 1 to {MAX_COUNT:,}, got {count}")
    if not interval >= 0:
        raise SimulationError(f"--interval must be 0 or more seconds, got {interval}")


def run(
    http: Http,
    count: int = 30,
    interval: float = 3.0,
    seed: int = 0,
    say: Callable[[str], None] = print,
    sleep: Callable[[float], None] = time.sleep,
    now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
) -> list[Event]:
    """Send `count` events, `interval` seconds apart; each block of three holds one of each kind in a seeded
    order. Refuses a store holding live data: invented crises must never mix with real reports."""
    check_bounds(count, interval)
    version = http.get("/api/v1/version")
    if version.status == 401:
        raise SimulationError(REFUSED_TOKEN)
    if version.status != 200 or not isinstance(version.body, dict):
        raise SimulationError(f"GET /api/v1/version answered {version.status}: is this a cockpit app?")
    if version.body.get("dataset") != "demo":
        raise SimulationError(
            "the app serves live data; simulate writes invented events and only runs against "
            "the demo dataset (cockpit init with demo data)"
        )
    rng = random.Random(seed)
    simulator = Simulator(http, rng, now)
    run_id = uuid.uuid4().hex[:12]
    events: list[Event] = []
    kinds: list[str] = []
    for number in range(1, count + 1):
        if not kinds:
            kinds = ["crisis", "status", "results"]
            rng.shuffle(kinds)
        event = simulator.event(kinds.pop(), f"simulate-{run_id}-{number}")
        events.append(event)
        say(f"{number}/{count} {event.line}")
        if number < count and interval:
            sleep(interval)
    return events
