"""Comments on figures on screen: the count beside a figure (a speech bubble and a number), and the thread panel
of one indicator's figure for an area and fiscal year with, for whoever is signed in, a form to comment and to
reply. What people typed is a plain string child (React escapes it): markup shows as the characters typed, never
rendered."""

from __future__ import annotations

from dash import dcc, html

from cockpit.rules.thai_time import format_datetime_be, period_label
from layouts.common import href, section
from layouts.i18n import name, t

KEEP = {"persistence": True, "persistence_type": "memory"}
MAX_TEXT = 2000


def count_text(n: int) -> str:
    """The count as a table cell shows it, under a column titled in words."""
    return str(n)


def count_link(n: int, link: str, lang: str) -> dcc.Link:
    """Beside a figure: a speech bubble (drawn in CSS, no emoji font needed on a wall's machine) and how many
    comments the figure has, leading to its thread."""
    words = t("fc_count_title", lang).format(n=n)
    return dcc.Link(
        [html.Span(className="fc-bubble", **{"aria-hidden": "true"}), html.Span(str(n), className="fc-count-n")],
        href=link,
        className="fc-count" + (" fc-count-none" if not n else ""),
        title=words,
    )


def thread_href(path: str, query: dict, **changes) -> str:
    return href(path, query, **changes) + "#comments"


def _who(actor: str) -> str:
    return actor.partition(":")[2] or actor


def _period(row: dict, ind: dict, lang: str) -> str:
    if row["period_no"] is None:
        return f"{t('fiscal_year', lang)} {row['fiscal_year_be']}"
    return period_label(row["fiscal_year_be"], ind["frequency"], row["period_no"], lang, ind.get("calendar"))


def may_withdraw(viewer: dict | None, row: dict) -> bool:
    """Whether to show "withdraw": its author or an administrator (the callback asks the person again)."""
    if not may_comment(viewer):
        return False
    return f"{viewer['kind']}:{viewer['name']}" == row["author"] or "manage_people" in viewer.get("can", [])


def _withdraw(row: dict, lang: str) -> html.Span:
    return html.Span(
        [
            html.Button(t("fc_withdraw", lang), id={"type": "fc-withdraw", "id": row["id"]}, className="fc-withdraw"),
            html.Span(id={"type": "fc-withdraw-outcome", "id": row["id"]}, role="status"),
        ]
    )


def _comment(row: dict, ind: dict, lang: str, viewer: dict | None = None) -> list:
    return [
        html.Div(
            [
                html.Span(_who(row["author"]), className="fc-author identifier"),
                html.Span(f" · {format_datetime_be(row['created_at'], lang)} · ", className="fc-when"),
                html.Span(_period(row, ind, lang), className="fc-period"),
                _withdraw(row, lang) if may_withdraw(viewer, row) else None,
            ],
            className="fc-meta",
        ),
        html.P(row["text"], className="fc-text"),
    ]


def _reply_form(comment_id: int, lang: str) -> html.Details:
    return html.Details(
        [
            html.Summary(t("fc_reply", lang), className="fc-reply-summary"),
            dcc.Textarea(
                id={"type": "fc-reply-text", "id": comment_id},
                maxLength=MAX_TEXT,
                placeholder=t("fc_reply_placeholder", lang),
                className="cr-textarea fc-reply-text",
                **KEEP,
            ),
            html.Button(
                t("fc_send_reply", lang), id={"type": "fc-reply-submit", "id": comment_id}, className="deck-button"
            ),
            html.Div(id={"type": "fc-reply-outcome", "id": comment_id}, role="status", className="fc-outcome"),
        ],
        className="fc-reply",
    )


def may_comment(viewer: dict | None) -> bool:
    """Signed in (a person or a token), not an anonymous reader or a wall screen; the callback asks again."""
    return bool(viewer) and viewer.get("kind") not in ("public", "device")


def thread_item(row: dict, ind: dict, viewer: dict | None, lang: str) -> html.Li:
    body = _comment(row, ind, lang, viewer)
    if row["replies"]:
        body.append(
            html.Ul(
                [html.Li(_comment(r, ind, lang, viewer), className="fc-item fc-answer") for r in row["replies"]],
                className="fc-replies",
            )  # fmt: skip
        )
    if may_comment(viewer):
        body.append(_reply_form(row["id"], lang))
    return html.Li(body, className="fc-item fc-thread", id={"type": "fc-thread", "id": row["id"]})


def comments_panel(panel: dict, viewer: dict | None, lang: str) -> html.Section:
    """The figure's threads (none: said in words) and the form to comment on it."""
    ind, area, subject = panel["indicator"], panel["area"], panel["subject"]
    title = (
        f"{t('fc_title', lang)} · {ind['code']} {name(ind, lang)} · {name(area, lang)} · "
        f"{t('fiscal_year', lang)} {subject['fiscal_year_be']}"
    )
    threads = panel["threads"]
    body = [
        html.Ul([thread_item(r, ind, viewer, lang) for r in threads], className="fc-list")
        if threads
        else html.P(t("fc_none", lang), className="fc-none")
    ]
    if may_comment(viewer):
        body.append(
            html.Div(
                [
                    html.Label(t("fc_new", lang), htmlFor="fc-text", className="cr-label"),
                    dcc.Textarea(id="fc-text", maxLength=MAX_TEXT, className="cr-textarea fc-new-text", **KEEP),
                    html.Div(id="fc-problem", className="cr-problem", role="alert"),
                    html.Button(t("fc_send", lang), id="fc-submit", className="deck-button fc-submit"),
                    html.Div(id="fc-outcome", role="status", className="fc-outcome", **{"aria-live": "polite"}),
                    dcc.Store(id="fc-subject", data=subject),
                ],
                className="cr-form fc-form",
            )
        )
    else:
        body.append(html.P(t("fc_sign_in", lang), className="fc-none"))
    return section(title, html.Div(body), "fc-panel", "comments")


def with_comments(rendered: tuple, view: dict, lang: str) -> tuple:
    """A page's (breadcrumb, body) with the comments panel at the foot of the body, when the view has one."""
    crumbs, body = rendered
    if not view.get("comments_panel"):
        return rendered
    panel = comments_panel(view["comments_panel"], view.get("viewer"), lang)
    children = body.children if isinstance(body.children, list) else [body.children]
    body.children = [*children, panel]
    return crumbs, body


def outcome(result: dict, lang: str, reason) -> html.Div:
    if result.get("ok"):
        return html.Div("✔ " + t("fc_saved", lang), className="cr-ok fc-saved")
    why = result.get("refused") or next(iter(result.get("problems", {}).values()), "")
    return html.Div(f"✖ {t('fc_not_saved', lang)}: {reason(why, lang)}", className="cr-bad")
