"""Placeholder until the wall page is built."""

from dash import html


def render(view: dict, query: dict, lang: str):
    return [], html.Div("wall", className="placeholder")
