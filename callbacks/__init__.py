"""Callbacks stay thin: read the inputs, call cockpit, hand the result to layouts."""

from callbacks.navigation import register_navigation
from callbacks.routing import register_routing


def register_callbacks(app, store) -> None:
    register_routing(app, store)
    register_navigation(app)
