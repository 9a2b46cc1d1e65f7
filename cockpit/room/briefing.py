"""The meeting's briefing as a PDF: the four walls as they stand, the subjects the flight deck showed during the
meeting, and the decisions the room made in it — each figure with the time its data was written.

Gathering is plain data (the walls' own frames, the meeting, the deck's entries in the audit trail, the
decisions); the page is self-contained HTML (Sarabun inlined, no network), printed by Debian's Chromium, which
shapes Thai with HarfBuzz (tone marks stacked over vowels) and embeds the font. One page per wall (A4 landscape),
then the subjects and decisions.
"""

from __future__ import annotations

import base64
import html
import json
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from cockpit.errors import CockpitError
from cockpit.read import crises, queries
from cockpit.room import decisions, walls
from cockpit.room.deck import WALLS, get_deck
from cockpit.room.meetings import latest_meeting
from cockpit.rules.thai_time import be_year, format_date_be, format_datetime_be, to_bangkok
from cockpit.store import schema
from cockpit.store.database import utc_now

FONTS = Path(__file__).resolve().parents[2] / "assets" / "fonts"
FONT_FILES = (
    ("sarabun-thai-400-normal.woff2", 400, "U+0E01-0E5B, U+200C-200D, U+25CC"),
    ("sarabun-thai-700-normal.woff2", 700, "U+0E01-0E5B, U+200C-200D, U+25CC"),
    ("sarabun-latin-400-normal.woff2", 400, "U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+2000-206F, U+20AC"),
    ("sarabun-latin-700-normal.woff2", 700, "U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+2000-206F, U+20AC"),
)
PRINT_TIMEOUT_S = 90
# The blue wall's two lists of 18 regions side by side; the other walls in three columns.
COLUMNS = {"blue": 4}
SHORT_FIGURE = 18  # a longer figure (several numbers, a list of names) goes under its label, not beside it
# Deck changes, as the flight deck's buttons and POST /api/v1/deck record them in the audit trail.
DECK_ACTIONS = ("deck", "POST /api/v1/deck")
# Chromium takes a few hundred MB while it prints: one briefing at a time per process; the others wait.
_PRINTING = threading.Lock()

WORDS = {
    "title": ("สรุปการประชุม", "Meeting briefing"),
    "demo": ("ข้อมูลสาธิต — ไม่ใช่ข้อมูลจริง", "DEMO DATA — not real figures"),
    "fiscal_year": ("ปีงบประมาณ", "Fiscal year"),
    "made_at": ("จัดทำเมื่อ", "Made"),
    "as_of": ("ข้อมูล ณ", "as of"),
    "stale": ("ข้อมูลเก่ากว่ารอบรายงาน", "older than its reporting cycle"),
    "no_data": ("ไม่มีข้อมูล", "No data"),
    "no_target": ("ไม่มีค่าเป้าหมาย", "No target"),
    "target": ("เป้าหมาย", "Target"),
    "none": ("ไม่มี", "None"),
    "wall_black": ("ผนังดำ", "Black wall"),
    "wall_red": ("ผนังแดง", "Red wall"),
    "wall_blue": ("ผนังน้ำเงิน", "Blue wall"),
    "wall_white": ("ผนังขาว", "White wall"),
    "green": ("บรรลุค่าเป้าหมาย", "Met target"),
    "yellow": ("ต่ำกว่าค่าเป้าหมาย", "Below target"),
    "orange": ("เสี่ยง", "At risk"),
    "red": ("วิกฤติ", "Critical"),
    "goals": ("เป้าหมายตามห่วงโซ่ XYZ บรรลุหรือไม่", "Are the XYZ chain's goals on target?"),
    "crisis_totals": ("ภาวะวิกฤติที่ยังไม่ปิดกระทบเท่าใด", "How much do open crises hit?"),
    "crisis_map": ("ความรุนแรงสูงสุดรายจังหวัด", "Highest severity by province"),
    "crisis_list": ("เหตุการณ์ที่รุนแรงที่สุด", "The most severe open crises"),
    "red_indicators": ("ตัวชี้วัดระดับประเทศที่วิกฤติหรือเสี่ยง", "National indicators critical or at risk"),
    "red_provinces": ("จังหวัดที่มีตัวชี้วัดวิกฤติมากที่สุด", "Provinces with the most critical indicators"),
    "score_summary": ("เขตพื้นที่ฯ ผ่านเกณฑ์กี่เขต", "How many service areas are on target?"),
    "region_scores": ("คะแนนเฉลี่ยราย ศธภ.", "Mean score by region"),
    "weakest_areas": ("เขตพื้นที่ฯ ที่คะแนนต่ำสุด", "Weakest service areas"),
    "pmqa_by_region": ("PMQA หมวด 7 (ผลลัพธ์) ราย ศธภ.", "PMQA category 7 (results) by region"),
    "project_totals": ("โครงการและงบประมาณ", "Projects and budget"),
    "x_factors": ("ปัจจัย X และความคืบหน้าของโครงการ", "X factors and their projects' progress"),
    "behind_plan": ("โครงการที่ล่าช้ากว่าแผน", "Projects behind plan"),
    "decisions": ("มติที่ครบกำหนดภายในสัปดาห์หรือเลยกำหนด", "Decisions due within a week or overdue"),
    "no_scores": ("ยังไม่มีคะแนนเขตพื้นที่ฯ", "No service-area scores yet"),
    "events": ("เหตุการณ์", "Events"),
    "schools_closed": ("โรงเรียนปิด", "Schools closed"),
    "students_affected": ("นักเรียนกระทบ", "Pupils hit"),
    "schools_affected": ("โรงเรียนกระทบ", "Schools hit"),
    "staff_affected": ("ครูและบุคลากร", "Staff hit"),
    "shelter_schools": ("ศูนย์พักพิง", "Shelters"),
    "areas": ("เขตพื้นที่ฯ", "Service areas"),
    "mean_total": ("คะแนนเฉลี่ย", "Mean score"),
    "points": ("คะแนน", "points"),
    "projects": ("โครงการ", "Projects"),
    "budget_m": ("งบประมาณ (ล้านบาท)", "Budget (THB m)"),
    "disbursed": ("เบิกจ่าย", "Disbursed"),
    "progress": ("ผลงาน", "Done"),
    "plan": ("แผน", "plan"),
    "red_of": ("วิกฤติ {n} จาก {total} ตัวชี้วัด", "{n} of {total} indicators critical"),
    "severity": ("ระดับ {n}", "Level {n}"),
    "due": ("ครบกำหนด {date}", "Due {date}"),
    "overdue": ("เลยกำหนด", "Overdue"),
    "due_soon": ("ใกล้ครบกำหนด", "Due soon"),
    "open": ("ยังไม่เริ่ม", "Open"),
    "in_progress": ("กำลังดำเนินการ", "In progress"),
    "done": ("เสร็จแล้ว", "Done"),
    "meeting": ("การประชุม", "Meeting"),
    "meeting_started": ("เริ่มประชุม {when} โดย {who}", "Began {when}, by {who}"),
    "no_meeting": (
        "ยังไม่ได้เริ่มการประชุมจากแผงควบคุม: ไม่มีเรื่องที่แสดงหรือมติของการประชุม",
        "No meeting was started on the flight deck: no subjects shown or decisions of a meeting",
    ),
    "shown": ("เรื่องที่แสดงบนผนังระหว่างการประชุม", "Subjects the walls showed during the meeting"),
    "shown_none": ("ผนังหมุนตามปกติตลอดการประชุม", "The walls rotated as usual throughout the meeting"),
    "shown_at": ("แสดงเมื่อ", "shown"),
    "rotation": ("ผนังทั้งสี่หมุนตามปกติ", "The four walls in rotation"),
    "nation": ("ภาพรวมประเทศ", "The nation"),
    "crises": ("ภาวะวิกฤติที่ยังไม่ปิด", "Open crises"),
    "since": ("สิ่งที่เปลี่ยนไปตั้งแต่เริ่มประชุม", "What changed since the meeting began"),
    "decided": ("มติของที่ประชุม", "Decisions made in the meeting"),
    "decided_none": ("ไม่มีมติที่บันทึกระหว่างการประชุม", "No decision was recorded during the meeting"),
    "col_what": ("มติ", "Decision"),
    "col_owner": ("ผู้รับผิดชอบ", "Responsible"),
    "col_about": ("เรื่อง", "About"),
    "col_deadline": ("กำหนดเสร็จ", "Deadline"),
    "col_status": ("สถานะ", "Status"),
    "recorded": ("บันทึกเมื่อ", "recorded"),
    "page_of": ("หน้า", "page"),
}
SYMBOLS = {"green": "✔", "yellow": "▼", "orange": "▲", "red": "✖", "no_data": "–", "no_target": "○"}


class BriefingUnavailable(CockpitError):
    """The briefing cannot be printed here: Chromium is missing, or it failed or took too long."""


def w(key: str, lang: str) -> str:
    th, en = WORDS[key]
    return en if lang == "en" else th


def _name(row: dict, lang: str, field: str = "name") -> str:
    return (row.get(f"{field}_en") if lang == "en" else None) or row.get(f"{field}_th") or ""


# --- gathering ---------------------------------------------------------------------------------------------------


def subjects_shown(conn: Connection, meeting: dict | None) -> list[dict]:
    """What the flight deck pointed the room at from the meeting's start: the target in force when it began,
    then each change, in order ({"show", "at"}; show None: the four walls in rotation). Read from the audit
    trail, where every deck change notes its state before and after."""
    if meeting is None:
        return []
    a = schema.audit_entry
    rows = conn.execute(
        sa.select(a.c.recorded_at, a.c.detail)
        .where(a.c.action.in_(DECK_ACTIONS), a.c.outcome == "ok", a.c.recorded_at >= meeting["started_at"])
        .order_by(a.c.recorded_at, a.c.id)
    ).all()
    changes = []
    for row in rows:
        detail = json.loads(row.detail or "{}")
        if isinstance(detail.get("after"), dict) and isinstance(detail.get("before"), dict):
            changes.append((row.recorded_at, detail["before"].get("show"), detail["after"].get("show")))
    first = changes[0][1] if changes else get_deck(conn)["show"]
    shown = [{"show": first, "at": meeting["started_at"]}]
    for at, _before, after in changes:
        if after != shown[-1]["show"]:
            shown.append({"show": after, "at": at})
    return shown


def _subject_key(show: str | None) -> tuple[str, str] | None:
    """The decisions' (kind, code) naming a deck target's subject, for its name; None for the walls' own."""
    if not show:
        return None
    path, _, query = show.partition("?")
    parts = path.strip("/").split("/")
    if parts[0] in ("region", "province") and len(parts) == 2:
        return "area", parts[1]
    if parts[0] in ("indicator", "crisis") and len(parts) == 2:
        return parts[0], parts[1]
    if parts[0] == "chain" and query.startswith("node="):
        return "chain", query[5:]
    return None


def subject_words(show: str | None, names: dict, lang: str) -> str:
    """A deck target in words: a wall's name, the nation, or the subject's name (its path when it has gone)."""
    if not show:
        return w("rotation", lang)
    if show.startswith("/wall/") and show[6:] in WALLS:
        return w(f"wall_{show[6:]}", lang)
    fixed = {"/": "nation", "/crisis": "crises", "/since": "since"}
    if show in fixed:
        return w(fixed[show], lang)
    key = _subject_key(show)
    subject = names.get(key) if key else None
    return _name(subject, lang) if subject else show


def gather(conn: Connection, fiscal_year: int | None = None) -> dict:
    """Everything the briefing shows, as plain data: the four walls (as /wall draws them), the latest meeting,
    the subjects shown since it began, the decisions recorded in it, the dataset and when this was made."""
    room = {wall: walls.wall_view(conn, wall, fiscal_year) for wall in WALLS}
    meeting = latest_meeting(conn)
    decided = []
    if meeting is not None:
        decided = [d for d in decisions.list_decisions(conn) if d["meeting_id"] == meeting["id"]]
        decided.sort(key=lambda d: (d["recorded_at"], d["id"]))
    return {
        "walls": room,
        "fiscal_year_be": next(iter(room.values()))["fiscal_year_be"],
        "meeting": meeting,
        "shown": subjects_shown(conn, meeting),
        "subject_names": decisions.subjects(conn),
        "decisions": decided,
        "dataset": queries.dataset_info(conn, with_emptiness=False),
        "made_at": utc_now(),
    }


# --- the page ----------------------------------------------------------------------------------------------------


def _e(value) -> str:
    return html.escape(str(value), quote=True)


def _short(region: dict, lang: str) -> str:
    """'ศธภ. 2' / 'REO 2', as the wall's charts name a region."""
    return _name(region, lang).replace("สำนักงานศึกษาธิการภาค", "ศธภ.").replace("Regional Education Office", "REO")


def _fmt(value: float | None, decimals: int, lang: str) -> str:
    return w("no_data", lang) if value is None else f"{value:,.{decimals}f}"


def _status(status: str | None, lang: str) -> str:
    if not status:
        return ""
    words = w(status, lang) if status in ("green", "yellow", "orange", "red") else w("no_data", lang)
    return f'<span class="st st-{_e(status)}">{SYMBOLS.get(status, "–")} {_e(words)}</span>'


def _target(result: dict, ind: dict, lang: str) -> str:
    if result.get("target_low") is not None and result.get("target_high") is not None:
        low, high = (_fmt(result[k], ind["decimals"], lang) for k in ("target_low", "target_high"))
        return f"{low}–{high}"
    if result.get("target") is not None:
        return _fmt(result["target"], ind["decimals"], lang)
    return w("no_target", lang)


def _figure(result: dict, ind: dict, lang: str) -> str:
    value = result.get("value")
    unit = ind["unit_label_en"] if lang == "en" else ind["unit_label_th"]
    shown = _fmt(value, ind["decimals"], lang) + (f" {unit}" if value is not None else "")
    return f"{shown} · {w('target', lang)} {_target(result, ind, lang)}"


def _rows(frame: dict, lang: str) -> tuple[str, list[tuple[str, str, str | None]]]:
    """A frame as its title and rows of (label, figure, status): the same figures the wall shows, in print."""
    kind = frame["kind"]
    if kind == "indicator":
        ind, result = frame["indicator"], frame["result"]
        title = (ind.get("question_en") if lang == "en" else None) or ind.get("question_th") or _name(ind, lang)
        return title, [(_name(ind, lang), _figure(result, ind, lang), result.get("status", "no_data"))]
    title = w(kind, lang) if kind in WORDS else kind
    if kind == "goals":
        return title, [(f"{g['level']} {_name(g, lang)}", "", g["status"]) for g in frame["goals"]]
    if kind == "crisis_totals":
        totals = frame["totals"]
        fields = ("events", "schools_closed", "students_affected", "schools_affected", "staff_affected",
                  "shelter_schools")  # fmt: skip
        return title, [(w(f, lang), _fmt(totals.get(f), 0, lang), None) for f in fields]
    if kind == "crisis_map":
        by_level: dict[int, list[str]] = {}
        for code, level in frame["severity_by_province"].items():
            province = frame["provinces"].get(code, {"name_th": code, "name_en": code})
            by_level.setdefault(level, []).append(_name(province, lang))
        return title, [
            (w("severity", lang).format(n=level), ", ".join(sorted(names)), None)
            for level, names in sorted(by_level.items(), reverse=True)
        ]
    if kind == "crisis_list":
        return title, [
            (
                e["title"],
                f"{w('severity', lang).format(n=e['severity'])} · "
                f"{crises.STATUSES.get(e['status'], (e['status'], e['status']))[lang == 'en']} · "
                f"{w('schools_closed', lang)} {_fmt(e.get('schools_closed'), 0, lang)}",
                None,
            )
            for e in frame["crises"]
        ]
    if kind == "red_indicators":
        return title, [
            (_name(i["indicator"], lang), _figure(i["result"], i["indicator"], lang), i["result"]["status"])
            for i in frame["items"]
        ]
    if kind == "red_provinces":
        total = frame.get("indicator_count") or 0
        return title, [
            (_name(p, lang), w("red_of", lang).format(n=p["red_count"], total=total), None) for p in frame["items"]
        ]
    if kind == "score_summary":
        counts = ", ".join(f"{SYMBOLS[s]} {w(s, lang)} {n}" for s, n in frame["counts"].items() if n and s in SYMBOLS)
        return title, [
            (w("areas", lang), str(frame["areas"]), None),
            (w("mean_total", lang), f"{_fmt(frame['mean_total'], 1, lang)} {w('points', lang)}", None),
            (w("target", lang), _fmt(frame["target"], 0, lang), None),
            ("", counts, None),
        ]
    if kind == "region_scores":
        return title, [(_short(r, lang), _fmt(r["total"], 1, lang), r["status"]) for r in frame["regions"]]
    if kind == "pmqa_by_region":
        return title, [(_short(r, lang), _fmt(r["pmqa"], 1, lang), None) for r in frame["regions"]]
    if kind == "weakest_areas":
        return title, [(_name(a, lang), _fmt(a["total"], 1, lang), a["status"]) for a in frame["areas"]]
    if kind == "project_totals":
        pct = frame["disbursed_pct"]
        budget = None if frame["budget_thb"] is None else frame["budget_thb"] / 1e6
        return title, [
            (w("projects", lang), str(frame["projects"]), None),
            (w("budget_m", lang), _fmt(budget, 1, lang), None),
            (w("disbursed", lang), _fmt(pct, 1, lang) + ("%" if pct is not None else ""), None),
        ]
    if kind == "x_factors":
        return title, [
            (
                _name(x, lang),
                " ".join(f"{SYMBOLS[p['status']]} {_fmt(p['progress_pct'], 0, lang)}%" for p in x["projects"]),
                x["status"],
            )
            for x in frame["factors"]
        ]
    if kind == "behind_plan":
        return title, [
            (
                _name(p, lang),
                f"{w('progress', lang)} {_fmt(p['progress_pct'], 1, lang)}% · "
                f"{w('plan', lang)} {_fmt(p['planned_pct'], 0, lang)}%",
                p["status"],
            )
            for p in frame["projects"]
        ]
    if kind == "decisions":
        return title, [
            (
                d["what"],
                f"{_name(d, lang, 'owner_name')} · {w('due', lang).format(date=format_date_be(d['deadline'], lang))}",
                "red" if d["overdue"] else "yellow",
            )
            for d in frame["items"]
        ]
    return title, []


def _frame_html(frame: dict, lang: str) -> str:
    title, rows = _rows(frame, lang)
    stamp = ""
    if frame.get("as_of") is not None:
        stamp = f'<span class="asof">{_e(w("as_of", lang))} {_e(format_datetime_be(frame["as_of"], lang))}</span>'
    if frame.get("stale"):
        stamp += f' <span class="stale">⚠ {_e(w("stale", lang))}</span>'
    body = "".join(
        f'<tr><td class="label">{_e(label)}</td><td class="fig">{_e(figure)}</td><td>{_status(status, lang)}</td></tr>'
        if len(figure) <= SHORT_FIGURE
        else f'<tr><td class="label" colspan="2">{_e(label)}<div class="sub">{_e(figure)}</div></td>'
        f"<td>{_status(status, lang)}</td></tr>"
        for label, figure, status in rows
    )
    table = f"<table>{body}</table>" if rows else f'<p class="empty">{_e(w("none", lang))}</p>'
    return f'<section class="frame frame-{_e(frame["kind"])}"><h3>{_e(title)}</h3>{stamp}{table}</section>'


def _font_faces() -> str:
    """Sarabun inlined as data: URLs, so Chromium prints it with no network and no file access."""
    faces = []
    for file_name, weight, unicode_range in FONT_FILES:
        data = base64.b64encode((FONTS / file_name).read_bytes()).decode("ascii")
        faces.append(
            f"@font-face{{font-family:Sarabun;font-style:normal;font-weight:{weight};"
            f"src:url(data:font/woff2;base64,{data}) format('woff2');unicode-range:{unicode_range};}}"
        )
    return "".join(faces)


STYLE = """
@page { size: A4 landscape; margin: 10mm 12mm; }
* { box-sizing: border-box; }
body { font-family: Sarabun, sans-serif; font-size: 8.5pt; line-height: 1.25; color: #111; margin: 0; }
.page { page-break-after: always; break-after: page; }
.page:last-child { page-break-after: auto; break-after: auto; }
.top { display: flex; justify-content: space-between; align-items: baseline; border-bottom: 2pt solid #222;
       margin-bottom: 3mm; }
.top h1 { font-size: 15pt; margin: 0; }
.top h2 { font-size: 12pt; margin: 0 0 0 4mm; font-weight: 400; flex: 1; }
.top .meta { font-size: 8.5pt; color: #333; text-align: right; }
.demo { color: #b00020; font-weight: 700; }
.wall-black .top { border-color: #111; } .wall-red .top { border-color: #c62828; }
.wall-blue .top { border-color: #1565c0; } .wall-white .top { border-color: #9e9e9e; }
.frames { display: grid; grid-template-columns: repeat(3, 1fr); gap: 3mm 4mm; align-items: start; }
.frames-4 { grid-template-columns: repeat(4, 1fr); }
.frame { break-inside: avoid; page-break-inside: avoid; border: 0.6pt solid #bbb; border-radius: 2mm;
         padding: 1.2mm 2.2mm; }
.frame h3 { font-size: 9.5pt; margin: 0; line-height: 1.25; }
.asof { font-size: 7pt; color: #555; }
.stale { font-size: 7pt; color: #b00020; }
table { width: 100%; border-collapse: collapse; margin-top: 0.8mm; }
td { padding: 0.2mm 0.8mm; vertical-align: top; border-top: 0.3pt solid #e0e0e0; }
td.fig { text-align: right; white-space: nowrap; }
.sub { font-size: 7.5pt; color: #333; }
.st { white-space: nowrap; font-size: 7.5pt; font-weight: 700; }
.st-green { color: #1b5e20; } .st-yellow { color: #8d6e00; } .st-orange { color: #e65100; }
.st-red { color: #b00020; } .st-no_data { color: #666; }
.empty { color: #666; margin: 1mm 0; }
.list th { text-align: left; font-size: 8.5pt; border-bottom: 0.8pt solid #333; padding: 0.5mm 1mm; }
.list td { font-size: 9.5pt; }
h3.part { font-size: 12pt; margin: 4mm 0 1mm; }
"""


def _top(data: dict, heading: str, sub: str, lang: str) -> str:
    meta = [f"{w('fiscal_year', lang)} {data['fiscal_year_be'] or w('no_data', lang)}"]
    meta.append(f"{w('made_at', lang)} {format_datetime_be(data['made_at'], lang)}")
    demo = f'<div class="demo">{_e(w("demo", lang))}</div>' if data["dataset"]["dataset"] == "demo" else ""
    return (
        f'<div class="top"><h1>{_e(heading)}</h1><h2>{_e(sub)}</h2>'
        f'<div class="meta">{demo}{"<br>".join(_e(m) for m in meta)}</div></div>'
    )


def _meeting_page(data: dict, lang: str) -> str:
    meeting = data["meeting"]
    parts = [_top(data, w("title", lang), meeting["title"] or "" if meeting else "", lang)]
    if meeting is None:
        parts.append(f'<p class="empty">{_e(w("no_meeting", lang))}</p>')
        return f'<div class="page meeting">{"".join(parts)}</div>'
    when = format_datetime_be(meeting["started_at"], lang)
    who = meeting["started_by"].partition(":")[2] or meeting["started_by"]  # "user:somchai" as the deck shows it
    parts.append(f"<p>{_e(w('meeting_started', lang).format(when=when, who=who))}</p>")
    parts.append(f'<h3 class="part">{_e(w("shown", lang))}</h3>')
    shown = data["shown"]
    if len(shown) == 1 and shown[0]["show"] is None:
        parts.append(f'<p class="empty">{_e(w("shown_none", lang))}</p>')
    else:
        rows = "".join(
            f"<tr><td>{_e(format_datetime_be(s['at'], lang))}</td>"
            f"<td>{_e(subject_words(s['show'], data['subject_names'], lang))}</td></tr>"
            for s in shown
        )
        parts.append(f'<table class="list"><tr><th>{_e(w("shown_at", lang))}</th><th></th></tr>{rows}</table>')
    parts.append(f'<h3 class="part">{_e(w("decided", lang))}</h3>')
    if not data["decisions"]:
        parts.append(f'<p class="empty">{_e(w("decided_none", lang))}</p>')
    else:
        head = "".join(f"<th>{_e(w(k, lang))}</th>" for k in ("col_what", "col_owner", "col_about", "col_deadline",
                                                               "col_status"))  # fmt: skip
        rows = []
        for d in data["decisions"]:
            status = w(d["status"], lang) + (f" · {w('overdue', lang)}" if d["overdue"] else "")
            rows.append(
                f'<tr class="decision"><td>{_e(d["what"])}<br><span class="asof">{_e(w("recorded", lang))} '
                f"{_e(format_datetime_be(d['recorded_at'], lang))}</span></td>"
                f"<td>{_e(_name(d, lang, 'owner_name'))}</td><td>{_e(_name(d, lang, 'about_name'))}</td>"
                f"<td>{_e(format_date_be(d['deadline'], lang))}</td><td>{_e(status)}</td></tr>"
            )
        parts.append(f'<table class="list"><tr>{head}</tr>{"".join(rows)}</table>')
    return f'<div class="page meeting">{"".join(parts)}</div>'


def render_html(data: dict, lang: str = "th") -> str:
    """The briefing as one self-contained HTML document, in one language: a page per wall, then the meeting."""
    pages = []
    for wall in WALLS:
        view = data["walls"][wall]
        question = view["question_en"] if lang == "en" else view["question_th"]
        frames = "".join(_frame_html(frame, lang) for frame in view["frames"]) or (
            f'<p class="empty">{_e(w("no_data", lang))}</p>'
        )
        pages.append(
            f'<div class="page wall-{wall}" data-wall="{wall}">{_top(data, w(f"wall_{wall}", lang), question, lang)}'
            f'<div class="frames frames-{COLUMNS.get(wall, 3)}">{frames}</div></div>'
        )
    pages.append(_meeting_page(data, lang))
    return (
        f'<!DOCTYPE html><html lang="{"en" if lang == "en" else "th"}"><head><meta charset="utf-8">'
        f"<title>{_e(w('title', lang))}</title><style>{_font_faces()}{STYLE}</style></head>"
        f"<body>{''.join(pages)}</body></html>"
    )


# --- printing ----------------------------------------------------------------------------------------------------


def chromium_path() -> str | None:
    """Debian's Chromium (COCKPIT_CHROMIUM names another); None when there is none."""
    named = os.environ.get("COCKPIT_CHROMIUM")
    if named:
        return named if Path(named).is_file() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


def print_pdf(document: str, timeout: float = PRINT_TIMEOUT_S) -> bytes:
    """Print an HTML document to PDF with headless Chromium, in a fresh profile (no shared lock, no network);
    BriefingUnavailable says why when it cannot."""
    browser = chromium_path()
    if browser is None:
        raise BriefingUnavailable(
            "Chromium is not installed, so the briefing cannot be printed: apt-get install -y chromium "
            "(or set COCKPIT_CHROMIUM to its path)"
        )
    with _PRINTING, tempfile.TemporaryDirectory(prefix="cockpit-briefing-") as work:
        page, pdf = Path(work) / "briefing.html", Path(work) / "briefing.pdf"
        page.write_text(document, encoding="utf-8")
        command = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-pdf-header-footer",
            f"--user-data-dir={Path(work) / 'profile'}",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ]
        # Its own process group, so that a timeout ends Chromium's helper processes too, not only the first one.
        with subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
        ) as chromium:
            try:
                _, errors = chromium.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(chromium.pid, signal.SIGKILL)
                chromium.communicate()
                raise BriefingUnavailable(f"Chromium took more than {timeout:.0f} s to print the briefing") from None
        if not pdf.is_file() or pdf.stat().st_size == 0:
            tail = errors.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
            raise BriefingUnavailable(f"Chromium did not print the briefing (exit {chromium.returncode}): {tail[0]}")
        return pdf.read_bytes()


def make_briefing(store, fiscal_year: int | None = None, lang: str = "th") -> bytes:
    """The briefing PDF: gathered in one read, printed after the connection is given back."""
    with store.read() as conn:
        data = gather(conn, fiscal_year)
    return print_pdf(render_html(data, lang))


def file_name(made_at=None) -> str:
    """briefing-2569-12-03.pdf: the Thai date (Buddhist Era) it was made."""
    local = to_bangkok(made_at or utc_now())
    return f"briefing-{be_year(local.year)}-{local:%m-%d}.pdf"
