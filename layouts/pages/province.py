from dash import html


def render(view: dict, query: dict, lang: str):
    return [], html.Div("province", className="placeholder")
