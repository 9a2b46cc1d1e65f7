"""The room's decisions on screen: the deck's "record a decision" form, and the list each page of an indicator,
area, crisis or chain node shows of the decisions about it — with, for whoever may update one, its status and
a note to save. What people typed is a plain string child (React escapes it), never markup. Typed values
persist in the browser's memory, so a page rendered again under a new data version keeps them."""

from __future__ import annotations

from dash import dcc, html

from cockpit.room.decisions import STATUSES, viewer_may_update, viewer_writes
from cockpit.rules.thai_time import format_date_be, format_datetime_be
from layouts.common import dropdown, section
from layouts.i18n import name, t
from layouts.reasons import reason

KEEP = {"persistence": True, "persistence_type": "memory"}
FORM_FIELDS = ("what", "owner", "deadline", "about")
STATUS_SYMBOLS = {"open": "○", "in_progress": "◐", "done": "●"}


def _field(key: str, control, lang: str, wide: bool = False) -> html.Div:
    """One labelled control of the form and the line where its problem is shown."""
    return html.Div(
        [
            html.Label(t(f"dc_field_{key}", lang), className="cr-label"),
            control,
            html.Div(id={"type": "dc-problem", "field": key}, className="cr-problem", role="alert"),
        ],
        className="cr-field" + (" cr-field-wide" if wide else ""),
    )


def _id(key: str) -> dict:
    return {"type": "dc-field", "field": key}


def owner_options(view: dict, lang: str) -> list[dict]:
    return [
        {"label": f"{t('dc_owner_' + o['kind'], lang)} · {name(o, lang)}", "value": o["code"]}
        for o in view.get("decision_owners", [])
    ]


def about_label(subject: dict, lang: str) -> str:
    """ "ตัวชี้วัด · JI01 name", "พื้นที่ · เชียงใหม่": what a decision is about, with its kind."""
    shown = (
        f"{subject['code']} {name(subject, lang)}" if subject["kind"] in ("indicator", "chain") else name(subject, lang)
    )
    return f"{t('dc_kind_' + subject['kind'], lang)} · {shown}"


def about_options(view: dict, lang: str) -> list[dict]:
    return [{"label": about_label(s, lang), "value": s["value"]} for s in view.get("decision_subjects", [])]


def record_form(view: dict, lang: str, about: dict | None = None) -> html.Div:
    """The form: what, owner, deadline (BE), what it is about — any subject on the deck, the page's own
    subject on a page (`about`); saved by callbacks/decisions.py."""
    what = dcc.Textarea(id=_id("what"), maxLength=2000, className="cr-textarea dc-what-input", **KEEP)
    owner = dropdown(
        lang,
        id=_id("owner"),
        options=owner_options(view, lang),
        searchable=True,
        placeholder=t("dc_choose", lang),
        className="deck-select dc-select",
        **KEEP,
    )
    deadline = dcc.Input(
        id=_id("deadline"),
        type="text",
        inputMode="numeric",
        placeholder="31/12/2569",
        className="cr-input",
        debounce=False,
        **KEEP,
    )
    if about is None:
        subject = dropdown(
            lang,
            id=_id("about"),
            options=about_options(view, lang),
            searchable=True,
            placeholder=t("dc_choose", lang),
            className="deck-select dc-select",
            **KEEP,
        )
    else:
        subject = dropdown(
            lang,
            id=_id("about"),
            options=[{"label": about_label(about, lang), "value": about["value"]}],
            value=about["value"],
            clearable=False,
            className="deck-select dc-select",
        )
    fields = [
        _field("what", what, lang, wide=True),
        _field("owner", owner, lang),
        _field("deadline", deadline, lang),
        _field("about", subject, lang),
    ]
    return html.Div(
        [
            html.Div(fields, className="cr-fields"),
            html.Button(t("dc_record", lang), id="dc-submit", className="deck-button dc-submit"),
            html.Div(id="dc-outcome", role="status", **{"aria-live": "polite"}),
        ],
        className="cr-form dc-form",
    )


def outcome(result: dict, lang: str) -> html.Div:
    """Under the form: recorded (and what), refused as a whole and why, or not sent for the fields marked."""
    if result.get("ok"):
        return html.Div("✔ " + t("dc_saved", lang).format(what=result["what"]), className="cr-ok dc-saved")
    if "refused" in result:
        return html.Div(f"✖ {t('dc_refused', lang)}: {reason(result['refused'], lang)}", className="cr-bad")
    return html.Div("✖ " + t("dc_not_saved", lang), className="cr-bad cr-not-sent")


def due_words(item: dict, lang: str) -> str:
    """ "Due 31 Dec 2569 BE · 3 days left" — or overdue by how many days; a done one only its date."""
    words = t("dc_due", lang).format(date=format_date_be(item["deadline"], lang))
    if item["status"] == "done":
        return words
    if item["overdue"]:
        return f"{words} · {t('dc_days_over', lang).format(n=-item['days_left'])}"
    if item["days_left"] == 0:
        return f"{words} · {t('dc_due_today', lang)}"
    return f"{words} · {t('dc_days_left', lang).format(n=item['days_left'])}"


def status_badge(item: dict, lang: str) -> html.Span:
    status = "overdue" if item["overdue"] else item["status"]
    words = t("dc_overdue", lang) if item["overdue"] else t(f"dc_status_{item['status']}", lang)
    symbol = "⚠" if item["overdue"] else STATUS_SYMBOLS[item["status"]]
    return html.Span([html.Span(symbol, **{"aria-hidden": "true"}), f" {words}"], className=f"dc-badge dc-{status}")


def _who(actor: str) -> str:
    return actor.partition(":")[2] or actor


def _update_controls(item: dict, lang: str) -> html.Div:
    n = item["id"]
    return html.Div(
        [
            dropdown(
                lang,
                id={"type": "dc-status", "id": n},
                options=[{"label": t(f"dc_status_{s}", lang), "value": s} for s in STATUSES],
                value=item["status"],
                clearable=False,
                className="deck-select dc-status-select",
                **KEEP,
            ),
            dcc.Input(
                id={"type": "dc-note", "id": n},
                type="text",
                maxLength=2000,
                placeholder=t("dc_note", lang),
                className="cr-input dc-note-input",
                **KEEP,
            ),
            html.Button(t("dc_update", lang), id={"type": "dc-save", "id": n}, className="deck-button dc-save"),
            html.Div(id={"type": "dc-saved", "id": n}, className="dc-saved-line", role="status"),
        ],
        className="dc-update",
    )


def decision_item(item: dict, viewer: dict | None, lang: str) -> html.Li:
    last = item["log"][-1] if item["log"] else None
    lines = [
        html.Div([status_badge(item, lang), html.Span(item["what"], className="dc-what")], className="dc-head"),
        html.Div(
            [
                f"{t('dc_owner', lang)}: ",
                html.Span(name(item, lang, "owner_name"), className="dc-owner"),
                f" · {due_words(item, lang)}",
            ],
            className="dc-sub",
        ),
    ]
    if last is not None and last["note"]:
        when = format_datetime_be(last["changed_at"], lang)
        lines.append(
            html.Div(
                [
                    html.Span(last["note"], className="dc-note"),
                    f" — {when} · ",
                    html.Span(_who(last["changed_by"]), className="identifier"),
                ],
                className="dc-sub",
            )
        )
    if viewer_may_update(viewer, item):
        lines.append(_update_controls(item, lang))
    return html.Li(lines, className=f"dc-item dc-item-{'overdue' if item['overdue'] else item['status']}")


def decisions_panel(items: list[dict], viewer: dict | None, lang: str, form: dict | None = None) -> html.Section:
    """A page's decisions about its subject (an empty list says so in words), and for whoever may write about
    it, a form to record one more."""
    body = [
        html.Ul([decision_item(i, viewer, lang) for i in items], className="dc-list")
        if items
        else html.P(t("dc_none", lang), className="dc-none")
    ]
    if form is not None and viewer_writes(viewer, form["provinces"]):
        body.append(
            html.Details(
                [
                    html.Summary(t("dc_record", lang), className="dc-record-summary"),
                    record_form(form, lang, form["about"]),
                ],
                className="dc-record",
            )
        )
    return section(t("dc_title", lang), html.Div(body), "dc-panel", "decisions")


def with_decisions(rendered: tuple, view: dict, lang: str) -> tuple:
    """A page's (breadcrumb, body) with the decisions panel at the foot of the body, when the view has them."""
    crumbs, body = rendered
    if "decisions" not in view:
        return rendered
    panel = decisions_panel(view["decisions"], view.get("viewer"), lang, view.get("decision_form"))
    children = body.children if isinstance(body.children, list) else [body.children]
    body.children = [*children, panel]
    return crumbs, body
