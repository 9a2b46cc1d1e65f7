"""Callbacks stay thin: read the inputs, call cockpit, hand the result to layouts."""

from callbacks.alerts import register_alerts
from callbacks.approval import register_approval
from callbacks.audit import register_audit
from callbacks.briefing import register_briefing
from callbacks.catalogue import register_catalogue
from callbacks.chain_indicator_crisis import register_chain_indicator_crisis
from callbacks.comments import register_comments
from callbacks.decisions import register_decisions
from callbacks.exports import register_exports
from callbacks.forecast import register_forecast
from callbacks.navigation import register_navigation
from callbacks.people import register_people
from callbacks.reporting import register_reporting
from callbacks.routing import register_routing
from callbacks.upload import register_upload
from callbacks.wall import register_wall


def register_callbacks(app, store) -> None:
    register_routing(app, store)
    register_navigation(app)
    register_exports(app)
    register_chain_indicator_crisis(app)
    register_upload(app, store)
    register_reporting(app, store)
    register_catalogue(app, store)
    register_wall(app, store)
    register_decisions(app, store)
    register_forecast(app, store)
    register_comments(app, store)
    register_approval(app, store)
    register_people(app, store)
    register_audit(app, store)
    register_briefing(app, store)
    register_alerts(app, store)
