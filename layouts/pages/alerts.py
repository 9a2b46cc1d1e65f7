"""/alerts — the administrator sets alert rules and recipients and the SMTP server, and reads the delivery log
(every attempt, failures with their reason). callbacks/alerts.py saves through cockpit.room.alerts."""

from __future__ import annotations

from dash import dcc, html

from cockpit.room.alerts import KIND_NAMES, KINDS, SMTP_SECURITIES
from cockpit.rules.thai_time import format_datetime_be
from layouts.common import dropdown, href, section
from layouts.i18n import name, t
from layouts.pages.people import choice
from layouts.table_export import exportable_table

STATUS_WORDS = {"due", "sending", "delivered", "failed", "gave_up"}


def _kind(kind: str, lang: str) -> str:
    th, en = KIND_NAMES.get(kind, (kind, kind))
    return en if lang == "en" else th


def _table(headers: list[str], rows: list[list], empty: str, table_id: str, lang: str) -> html.Div:
    """A table with its CSV and XLSX (named after its id: alert-rules, ...), which leave out the on/off buttons."""
    if not rows:
        return html.Div(empty, className="wall-empty", id=table_id)
    table = html.Table(
        [
            html.Thead(html.Tr([html.Th(h) for h in headers])),
            html.Tbody([html.Tr([html.Td(cell) for cell in row]) for row in rows]),
        ],
        className="data-table al-table",
    )
    return html.Div(exportable_table(table, table_id.replace("al-", "alert-", 1), lang), id=table_id)


def _area(code: str | None, areas: dict[str, dict], lang: str) -> str:
    if not code:
        return t("al_nationwide", lang)
    return f"{code} · {name(areas[code], lang)}" if code in areas else code


def switch(what: str, item: dict, lang: str) -> html.Span:
    """Whether a rule or recipient is on, and the button that turns it off (or on again): nothing is deleted."""
    on = item["enabled"]
    return html.Span(
        [
            html.Span("✔ " + t("al_on", lang) if on else "✖ " + t("al_off", lang), className="al-state"),
            html.Button(
                t("al_turn_off" if on else "al_turn_on", lang),
                id={"type": "al-switch", "what": what, "id": item["id"]},
                className="al-switch",
            ),
        ],
        className="al-switch-cell",
    )


def rules_table(view: dict, lang: str) -> html.Div:
    areas = {a["code"]: a for a in view["areas"]}
    rows = []
    for rule in view["rules"]:
        what = {
            "status_enters": t(f"al_{rule['level']}", lang) if rule["level"] else "",
            "crisis_escalated": f"{t('al_severity', lang)} {rule['severity']}",
            "crisis_stale": f"{rule['hours']} {t('al_hours', lang)}",
        }.get(rule["kind"], "")
        rows.append(
            [
                str(rule["id"]),
                _kind(rule["kind"], lang),
                what,
                rule["indicator_code"] or t("al_every_indicator", lang),
                _area(rule["area_code"], areas, lang),
                switch("rule", rule, lang),
            ]
        )
    headers = ["#", t("al_kind", lang), t("al_level", lang), t("al_indicator", lang), t("al_area", lang)]
    return _table(headers + [t("al_enabled", lang)], rows, t("al_none_rules", lang), "al-rules", lang)


def recipients_table(view: dict, lang: str) -> html.Div:
    areas = {a["code"]: a for a in view["areas"]}
    rows = [
        [
            str(r["id"]),
            t(f"al_{r['kind']}", lang),
            html.Span(r["address"], className="al-address"),
            _area(r["area_code"], areas, lang),
            switch("recipient", r, lang),
        ]
        for r in view["recipients"]
    ]
    headers = ["#", t("al_kind", lang), t("al_address", lang), t("al_area", lang), t("al_enabled", lang)]
    return _table(headers, rows, t("al_none_recipients", lang), "al-recipients", lang)


def retry_button(delivery: dict, lang: str):
    """Beside a delivery that gave up and was not tried again since: make a new attempt now."""
    if not delivery.get("retryable"):
        return None
    return html.Button(
        t("al_retry", lang), id={"type": "al-retry", "id": delivery["id"]}, className="al-switch al-retry"
    )


def log_table(view: dict, lang: str) -> html.Div:
    rows = []
    for d in view["deliveries"]:
        moment = d["delivered_at"] or d["attempted_at"] or d["next_attempt_at"]
        status = d["status"] if d["status"] in STATUS_WORDS else "failed"
        detail = d["error"] or (f"HTTP {d['http_status']}" if d["http_status"] else "")
        rows.append(
            [
                format_datetime_be(moment, lang),
                html.Span(d["address"], className="al-address"),
                str(d["attempt"]),
                html.Span(
                    [
                        html.Span(t(f"al_st_{status}", lang), className=f"al-status al-status-{status}"),
                        retry_button(d, lang),
                    ],
                    className="al-switch-cell",
                ),
                html.Span(detail, className="al-address"),
                d["message_en"] if lang == "en" else d["message_th"],
            ]
        )
    headers = [t(w, lang) for w in ("al_when", "al_address", "al_attempt", "al_status", "al_detail", "al_message")]
    return _table(headers, rows, t("al_none_deliveries", lang), "al-log", lang)


def _input(element_id: str, kind: str = "text", **props) -> dcc.Input:
    return dcc.Input(id=element_id, type=kind, className="ad-input", autoComplete="off", debounce=False, **props)


def _field(label: str, control) -> html.Label:
    return html.Label([html.Span(label, className="ad-label"), control], className="ad-field")


def _message(element_id: str) -> html.Div:
    return html.Div(id=element_id, className="ad-message", role="status", **{"aria-live": "polite"})


def rule_form(view: dict, lang: str) -> html.Div:
    kinds = [{"label": _kind(k, lang), "value": k} for k in KINDS]
    levels = [{"label": t(f"al_{level}", lang), "value": level} for level in ("red", "orange")]
    indicators = [{"label": f"{i['code']} · {name(i, lang)}", "value": i["code"]} for i in view["indicators"]]
    areas = [{"label": f"{a['code']} · {name(a, lang)}", "value": a["code"]} for a in view["areas"]]
    return html.Div(
        [
            _field(t("al_kind", lang), choice("al-rule-kind", kinds, t("al_kind", lang), lang)),
            _field(t("al_level", lang), choice("al-rule-level", levels, t("al_level", lang), lang, clearable=True)),
            _field(t("al_severity", lang), _input("al-rule-severity", "number", min=1, max=4, step=1)),
            _field(t("al_hours", lang), _input("al-rule-hours", "number", min=1, step=1)),
            _field(t("al_indicator", lang), choice("al-rule-indicator", indicators, "", lang, clearable=True)),
            _field(t("al_area", lang), choice("al-rule-area", areas, "", lang, clearable=True)),
            html.Button(t("al_add_rule", lang), id="al-add-rule", className="deck-button"),
            _message("al-rule-message"),
        ],
        className="ad-form",
    )


def recipient_form(view: dict, lang: str) -> html.Div:
    kinds = [{"label": t(f"al_{k}", lang), "value": k} for k in ("webhook", "email")]
    areas = [{"label": f"{a['code']} · {name(a, lang)}", "value": a["code"]} for a in view["areas"]]
    return html.Div(
        [
            _field(t("al_kind", lang), choice("al-recipient-kind", kinds, t("al_kind", lang), lang)),
            _field(t("al_address", lang), _input("al-recipient-address", maxLength=1000)),
            _field(t("al_area", lang), choice("al-recipient-area", areas, "", lang, clearable=True)),
            html.Button(t("al_add_recipient", lang), id="al-add-recipient", className="deck-button"),
            _message("al-recipient-message"),
        ],
        className="ad-form",
    )


def smtp_form(view: dict, lang: str) -> html.Div:
    """The SMTP server; the password field is always empty (it is never sent back), saying whether one is set."""
    smtp = view["smtp"] or {}
    securities = [{"label": t(f"al_sec_{s}", lang), "value": s} for s in SMTP_SECURITIES]
    password_note = t("al_password_set" if smtp.get("password_set") else "al_password_none", lang)
    return html.Div(
        [
            html.P(t("al_smtp_none", lang), className="subtitle") if not view["smtp"] else None,
            _field(t("al_smtp_host", lang), _input("al-smtp-host", value=smtp.get("host", ""), maxLength=200)),
            _field(t("al_smtp_port", lang), _input("al-smtp-port", "number", value=smtp.get("port", 25), min=1)),
            _field(t("al_smtp_from", lang), _input("al-smtp-from", value=smtp.get("sender", ""), maxLength=200)),
            _field(
                t("al_smtp_security", lang),
                dropdown(
                    lang,
                    id="al-smtp-security",
                    options=securities,
                    value=smtp.get("security", "none"),
                    clearable=False,
                    searchable=False,
                    className="ad-select",
                ),
            ),
            _field(
                t("al_smtp_username", lang), _input("al-smtp-username", value=smtp.get("username", ""), maxLength=200)
            ),
            _field(
                t("al_smtp_password", lang),
                _input("al-smtp-password", "password", value="", maxLength=200, placeholder=password_note),
            ),
            html.Span(password_note, className="subtitle", id="al-smtp-password-note"),
            html.Button(t("al_save_smtp", lang), id="al-save-smtp", className="deck-button"),
            _message("al-smtp-message"),
        ],
        className="ad-form",
    )


def render(view: dict, query: dict, lang: str):
    body = html.Div(
        [
            html.H1(t("al_title", lang)),
            html.P(t("al_intro", lang), className="subtitle"),
            _message("al-switch-message"),
            section(t("al_rules", lang), html.Div([rules_table(view, lang), rule_form(view, lang)]), "ad-panel"),
            section(
                t("al_recipients", lang),
                html.Div([recipients_table(view, lang), recipient_form(view, lang)]),
                "ad-panel",
            ),
            section(t("al_smtp", lang), smtp_form(view, lang), "ad-panel"),
            section(
                t("al_log", lang),
                html.Div([_message("al-retry-message"), log_table(view, lang)], id="al-log-panel"),
                "ad-panel",
            ),
        ],
        className="people-page alerts-page",
    )
    return [(t("nation", lang), href("/", query)), (t("al_title", lang), None)], body
