"""The header strip: title, demo marker, data time."""

from dash import html

from cockpit.thai_time import format_datetime_be
from layouts.i18n import t


def header(dataset: dict, lang: str) -> list:
    parts = [html.Div(t("app_title", lang), className="app-title")]
    if dataset["dataset"] == "demo":
        parts.append(html.Div(t("demo_banner", lang), className="demo-banner", id="demo-banner"))
    parts.append(
        html.Div(f"{t('updated', lang)} {format_datetime_be(dataset['updated_at'], lang)}", className="data-time")
    )
    return parts
