from dash import html


def render(view: dict, query: dict, lang: str):
    return [], html.Div("region", className="placeholder")
