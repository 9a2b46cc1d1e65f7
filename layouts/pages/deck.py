"""Placeholder until the deck page is built."""

from dash import html


def render(view: dict, query: dict, lang: str):
    return [], html.Div("deck", className="placeholder")
