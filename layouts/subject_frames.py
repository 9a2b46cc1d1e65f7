"""The frames of a subject wall (cockpit.room.subjects): the walls' own frame kinds where one fits, titled by
the subject wall's questions and placed in its grid, and the few kinds only a subject has (a status mix,
trends, ranked areas, a crisis's facts and log, host agencies)."""

from __future__ import annotations

from dash import html

from cockpit.read import crises
from cockpit.rules.thai_time import format_datetime_be
from layouts.common import fmt, unit
from layouts.i18n import name, short_name, t
from layouts.wall_frames import (
    _label,
    badge,
    frame,
    frame_sections,
    sparkline_src,
    status_counts,
    trend_box,
    with_as_of,
)


def _nothing(lang: str) -> html.Div:
    return html.Div(t("no_data", lang), className="wall-empty")


def status_mix_frame(item: dict, lang: str) -> html.Section:
    """How many of the subject's indicators (or areas) are on target, and how many at each status."""
    counts, total = item["counts"], item["total"]
    # Indicators without data are counted on the line under the figure, not as a fifth cell: four cells fit the
    # frame in two rows on every screen, and the missing ones still show as missing.
    missing = counts.get("no_data", 0)
    incomplete = counts.get("incomplete", 0)
    counts = {status: n for status, n in counts.items() if status not in ("no_data", "incomplete")}
    where = []
    if item.get("region"):
        where.append(short_name(item["region"], lang))
    if item.get("provinces"):
        where.append(t("rp_provinces_count", lang).format(n=item["provinces"]))
    if missing:
        where.append(f"{t('no_data', lang)} {missing}")
    if incomplete:
        where.append(f"{t('incomplete', lang)} {incomplete}")
    head = html.Div(
        [
            html.Div(
                [
                    html.Span(str(counts.get("green", 0)), className="wall-big"),
                    html.Span(f"/ {total}", className="wall-unit"),
                ]
            ),
            html.Div(" · ".join([t(f"wall_on_target_{item['of']}", lang), *where]), className="wall-sub"),
        ],
        className="wall-score-head",
    )
    return frame("", [head, status_counts(counts, lang, total)], "status_mix", "")


def trends_frame(item: dict, lang: str) -> html.Section:
    rows = [
        html.Li(
            [
                html.Div(name(entry["indicator"], lang), className="wall-wrap wall-sub"),
                trend_box(
                    entry["trend"],
                    sparkline_src(entry["trend"]),
                    entry["indicator"]["frequency"],
                    lang,
                    entry["indicator"].get("calendar"),
                ),
            ],
            className="wall-trend",
        )
        for entry in item["items"]
    ]
    body = (
        html.Ul(rows, className="wall-list wall-trends")
        if rows
        else html.Div(t("no_data", lang), className="wall-empty")
    )
    return frame("", body, "trends", "")


def area_results_frame(item: dict, lang: str) -> html.Section:
    """Areas on one indicator with their rank, value and status."""
    ind = item["indicator"]
    rows = [
        html.Li(
            [
                html.Span(str(row["rank"]) if row.get("rank") else "–", className="wall-rank"),
                html.Span(short_name(row, lang), className="wall-wrap wall-row-name"),
                html.Span(f"{fmt(row['value'], ind['decimals'], lang)}", className="wall-row-figure"),
                badge(row["status"], lang, compact=True),
            ],
            className=f"wall-row wall-edge-{row['status']}",
        )
        for row in item["rows"]
    ]
    body = (
        html.Ul(rows, className="wall-list wall-fit") if rows else html.Div(t("no_data", lang), className="wall-empty")
    )
    return frame("", [html.Div(f"{unit(ind, lang)}", className="wall-sub"), body], "area_results", "")


def crisis_facts_frame(item: dict, lang: str) -> html.Section:
    event, provinces = item["crisis"], item["provinces"]
    facts = [
        (t("wall_crisis_type", lang), _label(crises.TYPES, event["type"], lang)),
        (t("wall_crisis_severity", lang), _label(crises.SEVERITIES, event["severity"], lang)),
        (t("wall_crisis_status", lang), _label(crises.STATUSES, event["status"], lang)),
        (
            t("wall_crisis_provinces", lang),
            ", ".join(name(provinces[c], lang) for c in event["provinces"] if c in provinces),
        ),
        (
            t("wall_crisis_learning", lang),
            _label(crises.LEARNING_MODES, event.get("learning_mode"), lang) if event.get("learning_mode") else "–",
        ),
        (t("wall_crisis_since", lang), format_datetime_be(event["occurred_at"], lang)),
    ]
    rows = [
        html.Div([html.Div(label, className="wall-fact-label"), html.Div(value, className="wall-wrap wall-fact")])
        for label, value in facts
    ]
    return frame("", html.Div(rows, className="wall-facts"), "crisis_facts", "")


def crisis_log_frame(item: dict, lang: str) -> html.Section:
    rows = [
        html.Li(
            [
                html.Div(_label(crises.STATUSES, entry["to_status"], lang), className="wall-row-name"),
                html.Div(format_datetime_be(entry["changed_at"], lang), className="wall-sub"),
            ],
            className="wall-row wall-log",
        )
        for entry in item["log"]
    ]
    body = (
        html.Ul(rows, className="wall-list wall-fit") if rows else html.Div(t("no_data", lang), className="wall-empty")
    )
    return frame("", body, "crisis_log", "")


def host_agencies_frame(item: dict, lang: str) -> html.Section:
    rows = [
        html.Li(
            [
                badge(agency["status"], lang, compact=True),
                html.Span(agency["abbr_th"] if lang == "th" else agency["code"], className="wall-row-figure"),
                html.Span(name(agency, lang), className="wall-wrap wall-row-name wall-sub"),
                html.Span(f"{agency['counts'].get('red', 0)} {t('red', lang)}", className="wall-count"),
            ],
            className=f"wall-row wall-edge-{agency['status']}",
        )
        for agency in item["agencies"]
    ]
    body = (
        html.Ul(rows, className="wall-list wall-fit") if rows else html.Div(t("no_data", lang), className="wall-empty")
    )
    return frame("", body, "host_agencies", "")


def changes_frame(item: dict, lang: str) -> html.Section:
    """Areas or national figures that changed since the meeting began: before → now, with today's status."""
    rows = []
    for change in item["items"]:
        ind = change["indicator"]
        before, now = fmt(change["before"], ind["decimals"], lang), fmt(change["now"], ind["decimals"], lang)
        rows.append(
            html.Li(
                [
                    html.Div(
                        [
                            html.Div(f"{name(change, lang)} · {name(ind, lang)}", className="wall-wrap wall-row-name"),
                            html.Div(f"{before} → {now} {unit(ind, lang)}", className="wall-wrap wall-sub"),
                        ],
                        className="wall-row-text",
                    ),
                    badge(change["status"], lang),
                ],
                className=f"wall-row wall-edge-{change['status']}",
            )
        )
    if item.get("more"):
        rows.append(html.Li(t("since_more", lang).format(n=item["more"]), className="wall-row wall-sub"))
    if item.get("meeting") is None:
        body = html.Div(t("since_no_meeting", lang), className="wall-empty")
    elif not rows:
        body = html.Div(t(f"since_none_{item['change']}", lang), className="wall-empty")
    else:
        body = html.Ul(rows, className="wall-list wall-fit")
    return frame("", body, "changes", "")


OWN_KINDS = {
    "status_mix": status_mix_frame,
    "trends": trends_frame,
    "area_results": area_results_frame,
    "crisis_facts": crisis_facts_frame,
    "crisis_log": crisis_log_frame,
    "host_agencies": host_agencies_frame,
    "changes": changes_frame,
}


def _retitle(section: html.Section, question: str, area: str) -> html.Section:
    title, *rest = section.children
    section.children = [html.H3(question, className=title.className), *rest]
    section.style = {"gridArea": area}
    return section


def render_subject(subject: dict, lang: str) -> list[html.Section]:
    """Every frame of a subject wall, titled by its question, in grid areas s0..s5, saying when its data was
    written."""
    frames = subject["frames"]
    if subject["grid"] in ("black", "red"):  # the nation and the crisis overview are the walls themselves
        sections = frame_sections({"frames": frames}, lang)
        return [with_as_of(s, f, lang) for s, f in zip(sections, frames, strict=True)]
    walls_own = [f for f in frames if f["kind"] not in OWN_KINDS]
    built = iter(frame_sections({"frames": walls_own}, lang))
    out = []
    for index, item in enumerate(frames):
        section = OWN_KINDS[item["kind"]](item, lang) if item["kind"] in OWN_KINDS else next(built)
        question = item["question"][1 if lang == "en" else 0]
        out.append(with_as_of(_retitle(section, question, f"s{index}"), item, lang))
    return out
