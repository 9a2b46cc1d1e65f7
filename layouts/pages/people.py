"""/people — an administrator's users, API tokens and wall screens' links; an operator sees the screens' links
only. Each table is an AG Grid; each form chooses scopes and roles from lists, so only what exists can be
sent. A new token's secret and a new screen's link are shown once, with a copy button.

The callbacks (callbacks/people.py) act through cockpit.people.admin as the signed-in person and refresh the
tables with the row builders below.
"""

from __future__ import annotations

import dash_ag_grid as dag
from dash import dcc, html

from cockpit.people.access import ROLE_NAMES, Role
from cockpit.rules.thai_time import format_datetime_be
from layouts.common import GRID_THEME, dropdown, href, section
from layouts.i18n import short_name, t
from layouts.table_export import exportable
from layouts.words_admin import grid_words

NO_WRITE = "none"  # the write-scope choice of someone who reports nothing


def scope_label(scope: str | None, scopes: list[dict], lang: str) -> str:
    """A scope named for a person: ทั้งประเทศ, ศธภ. 8, เชียงใหม่ (no write scope: writes nothing)."""
    if not scope:
        return t("ad_no_write", lang)
    if scope == "national":
        return t("pe_scope_national", lang)
    row = next((s for s in scopes if s["scope"] == scope), None)
    if row is None:
        return scope
    return short_name(row, lang) if row["kind"] == "region" else (row["name_en"] if lang == "en" else row["name_th"])


def scope_options(scopes: list[dict], lang: str, with_none: bool = False) -> list[dict]:
    options = [{"label": scope_label(s["scope"], scopes, lang), "value": s["scope"]} for s in scopes]
    return options + ([{"label": t("ad_no_write", lang), "value": NO_WRITE}] if with_none else [])


def role_label(role: str, lang: str) -> str:
    th, en = ROLE_NAMES.get(Role(role), (role, role)) if role in {r.value for r in Role} else (role, role)
    return en if lang == "en" else th


def _when(moment, lang: str, empty: str = "") -> str:
    return format_datetime_be(moment, lang) if moment is not None else empty


def user_rows(users: list[dict], scopes: list[dict], lang: str) -> list[dict]:
    return [
        {
            "key": u["username"],
            "username": u["username"],
            "display_name": u["display_name"],
            "role": role_label(u["role"], lang),
            "view_scope": scope_label(u["view_scope"], scopes, lang),
            "write_scope": scope_label(u["write_scope"], scopes, lang),
            "enabled": t("ad_is_disabled" if u["disabled_at"] else "ad_is_enabled", lang),
            "created": _when(u["created_at"], lang),
            "last_login": _when(u["last_login_at"], lang, t("ad_never", lang)),
        }
        for u in users
    ]


def token_rows(tokens: list[dict], scopes: list[dict], lang: str) -> list[dict]:
    return [
        {
            "key": str(row["id"]),
            "id": row["id"],
            "name": row["name"],
            "scope": scope_label(row["scope"], scopes, lang),
            "created_by": row["created_by"] or "",
            "created": _when(row["created_at"], lang),
            "expires": _when(row["expires_at"], lang, t("ad_no_expiry", lang)),
            "last_used": _when(row["last_used_at"], lang, t("ad_never", lang)),
            "revoked": _when(row["revoked_at"], lang, t("ad_not_revoked", lang)),
        }
        for row in reversed(tokens)
    ]


def device_rows(links: list[dict], lang: str) -> list[dict]:
    return [
        {
            "key": str(row["id"]),
            "id": row["id"],
            "name": row["name"],
            "created_by": row["created_by"] or "",
            "created": _when(row["created_at"], lang),
            "last_used": _when(row["last_used_at"], lang, t("ad_never", lang)),
            "revoked": _when(row["revoked_at"], lang, t("ad_not_revoked", lang)),
        }
        for row in reversed(links)
    ]


def empty_hint(rows: list, key: str, lang: str) -> str | None:
    return t(key, lang) if not rows else None


def refusal(reason: str, lang: str) -> str:
    key = f"ad_why_{reason}"
    try:
        return "✖ " + t(key, lang)
    except KeyError:
        return "✖ " + t("ad_why_invalid", lang)


def grid(grid_id: str, rows: list[dict], columns: list[tuple[str, str, int]], lang: str, **options):
    """A table of the admin pages: rows chosen by a click, paged, in the page's language; each row has `key`."""
    return dag.AgGrid(
        id=grid_id,
        rowData=rows,
        columnDefs=[
            {"field": field, "headerName": t(word, lang), "minWidth": width, "flex": 1}
            for field, word, width in columns
        ],
        defaultColDef={"sortable": True, "resizable": True, "filter": True},
        getRowId="params.data.key",
        dashGridOptions={
            "theme": {"function": GRID_THEME},
            "domLayout": "autoHeight",
            "rowSelection": {"mode": "singleRow", "checkboxes": False, "enableClickSelection": True},
            "enableCellTextSelection": True,
            "pagination": True,
            "paginationPageSize": 20,
            "paginationPageSizeSelector": False,
            "localeText": grid_words(lang),
        }
        | options,
        style={"width": "100%"},
        className="ad-grid",
    )


def _field(label: str, control) -> html.Label:
    return html.Label([html.Span(label, className="ad-label"), control], className="ad-field")


def _text(element_id: str, max_length: int = 200, kind: str = "text", **props) -> dcc.Input:
    return dcc.Input(
        id=element_id,
        type=kind,
        maxLength=max_length,
        debounce=False,
        className="ad-input",
        autoComplete="off",
        **props,
    )


def choice(element_id: str, options: list[dict], placeholder: str, lang: str, clearable: bool = False):
    return dropdown(
        lang,
        id=element_id,
        options=options,
        placeholder=placeholder,
        searchable=True,
        clearable=clearable,
        className="ad-select",
    )


def _message(element_id: str) -> html.Div:
    return html.Div(id=element_id, className="ad-message", role="status", **{"aria-live": "polite"})


def _once(element_id: str) -> html.Div:
    """Where a secret or a link is shown once, with a copy button (callbacks/people.py fills it)."""
    return html.Div(id=element_id, className="ad-once")


def once_box(value_id: str, value: str, lang: str) -> html.Div:
    return html.Div(
        [
            dcc.Input(id=value_id, value=value, readOnly=True, className="ad-input ad-secret", type="text"),
            dcc.Clipboard(target_id=value_id, title=t("ad_copy", lang), className="ad-copy", id=f"{value_id}-copy"),
        ],
        className="ad-once-box",
    )


USER_COLUMNS = [
    ("username", "ad_username", 180),
    ("display_name", "ad_display_name", 200),
    ("role", "ad_role", 170),
    ("view_scope", "ad_view_scope", 170),
    ("write_scope", "ad_write_scope", 170),
    ("enabled", "ad_enabled", 150),
    ("created", "ad_created", 220),
    ("last_login", "ad_last_login", 220),
]
TOKEN_COLUMNS = [
    ("name", "ad_token_name", 200),
    ("scope", "ad_scope", 150),
    ("created_by", "ad_created_by", 180),
    ("created", "ad_created", 210),
    ("expires", "ad_expires", 210),
    ("last_used", "ad_last_used", 210),
    ("revoked", "ad_revoked", 210),
]
DEVICE_COLUMNS = [
    ("name", "ad_screen_name", 240),
    ("created_by", "ad_created_by", 200),
    ("created", "ad_created", 210),
    ("last_used", "ad_last_used", 210),
    ("revoked", "ad_revoked", 210),
]


def _users(view: dict, lang: str) -> html.Div:
    scopes = view["scopes"]
    rows = user_rows(view["users"], scopes, lang)
    roles = [{"label": role_label(r.value, lang), "value": r.value} for r in Role]
    return html.Div(
        [
            exportable(grid("ad-users", rows, USER_COLUMNS, lang), "users", lang),
            html.P(empty_hint(rows, "ad_no_users", lang), id="ad-users-empty", className="ad-empty"),
            html.P(t("ad_choose_user", lang), className="ad-hint"),
            html.Div(
                [
                    html.Button(t("ad_disable", lang), id="ad-disable", className="ad-button ad-danger", n_clicks=0),
                    html.Button(t("ad_enable", lang), id="ad-enable", className="ad-button", n_clicks=0),
                    _field(t("ad_new_password", lang), _text("ad-user-password", 200, "password")),
                    html.Button(t("ad_set_password", lang), id="ad-set-password", className="ad-button", n_clicks=0),
                ],
                className="ad-row-actions",
            ),
            _message("ad-user-message"),
            html.H3(t("ad_add_user_title", lang), className="ad-form-title"),
            html.Div(
                [
                    _field(t("ad_username", lang), _text("ad-new-username", 63, placeholder="reo08.somchai")),
                    _field(t("ad_display_name", lang), _text("ad-new-display", 200)),
                    _field(t("ad_role", lang), choice("ad-new-role", roles, t("ad_choose_role", lang), lang)),
                    _field(
                        t("ad_view_scope", lang),
                        choice("ad-new-view", scope_options(scopes, lang), t("ad_choose_scope", lang), lang),
                    ),
                    _field(
                        t("ad_write_scope", lang),
                        choice("ad-new-write", scope_options(scopes, lang, True), t("ad_choose_scope", lang), lang),
                    ),
                    _field(t("ad_password", lang), _text("ad-new-password", 200, "password")),
                ],
                className="ad-form",
            ),
            html.Button(t("ad_add_user", lang), id="ad-add-user", className="ad-button ad-primary", n_clicks=0),
            _message("ad-add-message"),
        ]
    )


def _tokens(view: dict, lang: str) -> html.Div:
    scopes = view["scopes"]
    rows = token_rows(view["tokens"], scopes, lang)
    return html.Div(
        [
            exportable(grid("ad-tokens", rows, TOKEN_COLUMNS, lang), "api-tokens", lang),
            html.P(empty_hint(rows, "ad_no_tokens", lang), id="ad-tokens-empty", className="ad-empty"),
            html.Button(t("ad_revoke_token", lang), id="ad-revoke-token", className="ad-button ad-danger", n_clicks=0),
            html.H3(t("ad_make_token_title", lang), className="ad-form-title"),
            html.Div(
                [
                    _field(t("ad_token_name", lang), _text("ad-token-name", 200)),
                    _field(
                        t("ad_scope", lang),
                        choice("ad-token-scope", scope_options(scopes, lang), t("ad_choose_scope", lang), lang),
                    ),
                    _field(t("ad_expires_days", lang), _text("ad-token-days", 4, "number", min=1, max=3650, step=1)),
                ],
                className="ad-form",
            ),
            html.Button(t("ad_make_token", lang), id="ad-make-token", className="ad-button ad-primary", n_clicks=0),
            _message("ad-token-message"),
            _once("ad-token-once"),
        ]
    )


def _devices(view: dict, lang: str) -> html.Div:
    rows = device_rows(view["devices"], lang)
    return html.Div(
        [
            exportable(grid("ad-devices", rows, DEVICE_COLUMNS, lang), "wall-screens", lang),
            html.P(empty_hint(rows, "ad_no_devices", lang), id="ad-devices-empty", className="ad-empty"),
            html.Button(
                t("ad_revoke_device", lang), id="ad-revoke-device", className="ad-button ad-danger", n_clicks=0
            ),
            html.H3(t("ad_make_device_title", lang), className="ad-form-title"),
            html.Div([_field(t("ad_screen_name", lang), _text("ad-device-name", 200))], className="ad-form"),
            html.Button(t("ad_make_device", lang), id="ad-make-device", className="ad-button ad-primary", n_clicks=0),
            _message("ad-device-message"),
            _once("ad-device-once"),
        ]
    )


def render(view: dict, query: dict, lang: str):
    manages = view["manages_people"]
    title = t("ad_title" if manages else "ad_screens_title", lang)
    viewer = view.get("viewer") or {}
    acting = html.P(
        [f"{t('ad_acting_as', lang)} ", html.Span(viewer.get("name", "-"), className="viewer-name")],
        id="ad-acting-as",
        className="acting-as",
    )
    parts = [html.Div([html.P(t("ad_intro", lang)), acting], className="ad-intro")]
    if manages:
        parts += [
            section(t("ad_users", lang), _users(view, lang), "ad-panel", "ad-users-panel"),
            section(t("ad_tokens", lang), _tokens(view, lang), "ad-panel", "ad-tokens-panel"),
        ]
    parts.append(section(t("ad_devices", lang), _devices(view, lang), "ad-panel", "ad-devices-panel"))
    return [(t("nation", lang), href("/", query)), (title, None)], html.Div(parts, className="people-page")
