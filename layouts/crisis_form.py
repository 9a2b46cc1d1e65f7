"""The crisis forms: a new report (/crisis/new) and the panel on an event's page that moves it along its
lifecycle. Every control is `{"type": "<form>-field", "field": <the API's field name>}` and has its problem
line `{"type": "<form>-problem", "field": …}` beside it, so one callback reads every field and places every
reason. Typed values persist in the browser's memory: a page rendered again under a new data version keeps
them."""

from __future__ import annotations

import datetime as dt

from dash import dcc, html

from cockpit.read import crises
from cockpit.rules.thai_time import to_bangkok
from cockpit.store.database import utc_now
from layouts.common import acting_as, dropdown, first_crumb, href, section
from layouts.crisis_list import SEVERITY_SYMBOLS
from layouts.i18n import name, t
from layouts.reasons import reason

COUNT_FIELDS = crises.IMPACT_FIELDS
REPORT, UPDATE = "cr", "cu"


def _label(table: dict, key, lang: str) -> str:
    th, en = table[key]
    return en if lang == "en" else th


def moment_be(moment: dt.datetime) -> str:
    """A moment as the form expects it back: day/month/year BE hour:minute, Bangkok time."""
    local = to_bangkok(moment)
    return f"{local.day}/{local.month}/{local.year + 543} {local:%H:%M}"


def _field_words(field: str, lang: str) -> str:
    if field in COUNT_FIELDS:
        return t(f"cic_{field}", lang)
    special = {"damage_thb": "cic_damage", "learning_mode": "cic_learning_mode", "help_given": "cic_help"}
    return t(special.get(field, f"cr_field_{field}"), lang)


def field(form: str, key: str, control, lang: str, wide: bool = False) -> html.Div:
    """One labelled control and the line where its problem is shown."""
    return html.Div(
        [
            html.Label(_field_words(key, lang), className="cr-label"),
            control,
            html.Div(id={"type": f"{form}-problem", "field": key}, className="cr-problem", role="alert"),
        ],
        className="cr-field" + (" cr-field-wide" if wide else ""),
    )


def _id(form: str, key: str) -> dict:
    return {"type": f"{form}-field", "field": key}


KEEP = {"persistence": True, "persistence_type": "memory"}


def text_input(form: str, key: str, value: str | None = None, numeric: bool = False) -> dcc.Input:
    return dcc.Input(
        id=_id(form, key),
        type="text",
        value=value,
        inputMode="numeric" if numeric else None,
        className="cr-input" + (" cr-input-number" if numeric else ""),
        debounce=False,
        **KEEP,
    )


def text_area(form: str, key: str, value: str | None = None) -> dcc.Textarea:
    return dcc.Textarea(id=_id(form, key), value=value, className="cr-textarea", **KEEP)


def choice(form: str, key: str, options: list[dict], value=None, multi: bool = False, lang: str = "th"):
    return dropdown(
        lang,
        id=_id(form, key),
        options=options,
        value=value,
        multi=multi,
        placeholder=t("cr_choose", lang),
        className="cr-dropdown",
        **KEEP,
    )


def severity_choice(form: str, value: int | None, lang: str) -> dcc.RadioItems:
    return dcc.RadioItems(
        id=_id(form, "severity"),
        options=[
            {"label": f"{SEVERITY_SYMBOLS[level]} {_label(crises.SEVERITIES, level, lang)}", "value": level}
            for level in crises.SEVERITIES
        ],
        value=value,
        className="cr-radio",
        inputClassName="cr-radio-input",
        labelClassName="cr-radio-label",
        **KEEP,
    )


def impact_fields(form: str, lang: str, event: dict | None = None) -> list:
    event = event or {}

    def shown(value) -> str | None:
        if value is None:
            return None
        return f"{value:g}" if isinstance(value, float) else str(value)

    return [
        *(field(form, f, text_input(form, f, shown(event.get(f)), numeric=True), lang) for f in COUNT_FIELDS),
        field(form, "damage_thb", text_input(form, "damage_thb", shown(event.get("damage_thb")), numeric=True), lang),
        field(
            form,
            "learning_mode",
            choice(
                form,
                "learning_mode",
                [{"label": _label(crises.LEARNING_MODES, m, lang), "value": m} for m in crises.LEARNING_MODES],
                event.get("learning_mode"),
                lang=lang,
            ),
            lang,
        ),
        field(form, "help_given", text_area(form, "help_given", event.get("help_given")), lang, wide=True),
    ]


def crisis_crumbs(view: dict, query: dict, lang: str) -> list[tuple[str, str]]:
    """The trail to a crisis page: the nation and its crises, or one's own area for those who see only that."""
    viewer = view.get("viewer")
    if viewer and viewer["view_scope"] != "national":
        return [first_crumb(view, query, lang)]
    return [(t("nation", lang), href("/", query)), (t("crises", lang), href("/crisis", query))]


def report_form(view: dict, query: dict, lang: str):
    """/crisis/new: every field POST /api/v1/crises takes; provinces only from the write scope."""
    provinces = view["provinces"]
    crumbs = [*crisis_crumbs(view, query, lang), (t("cr_title", lang), None)]
    if not provinces:
        body = html.Div(t("cr_no_provinces", lang), className="empty", id="cr-no-provinces")
        return crumbs, html.Div(section(t("cr_title", lang), body, "cr-panel"), className="cr-page")
    form = html.Div(
        [
            html.P(t("cr_intro", lang), className="cr-intro"),
            acting_as(view, lang, "cr-acting-as"),
            html.Div(
                [
                    field(
                        REPORT,
                        "type",
                        choice(
                            REPORT,
                            "type",
                            [{"label": _label(crises.TYPES, k, lang), "value": k} for k in crises.TYPES],
                            lang=lang,
                        ),
                        lang,
                    ),
                    field(REPORT, "severity", severity_choice(REPORT, None, lang), lang),
                    field(REPORT, "title", text_input(REPORT, "title"), lang, wide=True),
                    field(
                        REPORT,
                        "provinces",
                        choice(
                            REPORT,
                            "provinces",
                            [{"label": name(p, lang), "value": p["code"]} for p in provinces],
                            [provinces[0]["code"]] if len(provinces) == 1 else None,
                            multi=True,
                            lang=lang,
                        ),
                        lang,
                        wide=True,
                    ),
                    field(
                        REPORT,
                        "service_areas",
                        choice(
                            REPORT,
                            "service_areas",
                            [{"label": name(a, lang), "value": a["code"]} for a in view["service_areas"]],
                            multi=True,
                            lang=lang,
                        ),
                        lang,
                        wide=True,
                    ),
                    field(REPORT, "occurred_at", text_input(REPORT, "occurred_at", moment_be(utc_now())), lang),
                    field(REPORT, "reporter", text_input(REPORT, "reporter"), lang),
                    *impact_fields(REPORT, lang),
                    field(REPORT, "description", text_area(REPORT, "description"), lang, wide=True),
                ],
                className="cr-fields",
            ),
            html.Div(id="cr-outcome", className="cr-outcome", role="status", **{"aria-live": "polite"}),
            html.Button(t("cr_submit", lang), id="cr-submit", className="cr-submit", n_clicks=0),
        ],
        className="cr-form",
    )
    return crumbs, html.Div(section(t("cr_title", lang), form, "cr-panel"), className="cr-page")


def update_panel(event: dict, lang: str) -> html.Section:
    """On an event's page, for those whose write scope covers its provinces: the next statuses the lifecycle
    allows, severity, a note, and the impact figures as stored (changed ones are logged)."""
    allowed = crises.LIFECYCLE[event["status"]]
    status = (
        dcc.RadioItems(
            id=_id(UPDATE, "status"),
            options=[{"label": t("cu_keep_status", lang), "value": ""}]
            + [{"label": _label(crises.STATUSES, s, lang), "value": s} for s in allowed],
            value="",
            className="cr-radio",
            inputClassName="cr-radio-input",
            labelClassName="cr-radio-label",
            **KEEP,
        )
        if allowed
        else html.Div(t("cu_final", lang), className="cr-final", id="cu-final")
    )
    body = html.Div(
        [
            html.Div(
                [
                    html.Div(
                        [
                            html.Label(t("cu_next_status", lang), className="cr-label"),
                            status,
                            html.Div(id={"type": f"{UPDATE}-problem", "field": "status"}, className="cr-problem"),
                        ],
                        className="cr-field cr-field-wide",
                    ),
                    field(UPDATE, "severity", severity_choice(UPDATE, event["severity"], lang), lang, wide=True),
                    field(UPDATE, "note", text_area(UPDATE, "note"), lang, wide=True),
                    *impact_fields(UPDATE, lang, event),
                ],
                className="cr-fields",
            ),
            html.Div(id="cu-outcome", className="cr-outcome", role="status", **{"aria-live": "polite"}),
            html.Button(t("cu_submit", lang), id="cu-submit", className="cr-submit", n_clicks=0),
            dcc.Store(id="cu-crisis", data=event["id"]),
        ],
        className="cr-form",
    )
    return section(t("cu_title", lang), body, "cu-panel", "crisis-update")


def problem_lines(ids: list[dict], problems: dict[str, str], lang: str) -> list:
    """Each field's problem (its own, or one of its items such as provinces[1]) beside it, else nothing."""
    out = []
    for item in ids:
        key = item["field"]
        found = [v for k, v in problems.items() if k == key or k.startswith(f"{key}[") or k.startswith(f"{key}.")]
        out.append(reason(found[0], lang) if found else None)
    return out


def outcome(result: dict, lang: str, ok_words: str) -> html.Div:
    """Under a form: done, refused as a whole (and why), or not sent because of the fields marked."""
    if result.get("ok"):
        return html.Div(ok_words, className="cr-ok")
    if "refused" in result:
        return html.Div(f"{t('cr_refused', lang)}: {reason(result['refused'], lang)}", className="cr-bad cr-refused")
    body = result["problems"].get("body")
    words = t("cr_not_sent", lang) + (f" — {reason(body, lang)}" if body else "")
    return html.Div(words, className="cr-bad cr-not-sent")
