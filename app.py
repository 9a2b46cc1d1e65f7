"""The cockpit's web app: Dash pages on top of the read API, served from one process.

`python app.py` serves http://127.0.0.1:8050 (`--host`, `--port`) with waitress, a production WSGI server: one
process with threads, which is what DuckDB allows (one process per file). On an empty store it creates the schema
and loads the demo dataset first, showing progress. For several worker processes on PostgreSQL use the factory
`gunicorn "app:create_server()"`.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys

import dash
import waitress
from flask import Flask

from callbacks import register_callbacks
from cockpit import config
from cockpit.bootstrap import prepare_store
from cockpit.catalogue import geo
from cockpit.errors import CockpitError
from cockpit.room.delivery import AlertWorker
from cockpit.store.database import Store
from cockpit.web.alerts_api import create_alerts_api
from cockpit.web.api import create_api, create_api_fallback, install_store_busy_answer
from cockpit.web.catalogue_api import create_catalogue_api
from cockpit.web.gate import configure_sessions, install_gate
from cockpit.web.login import create_login
from cockpit.web.people_api import create_people_api
from cockpit.web.reporting_api import create_reporting_api
from cockpit.web.security import SERVER_NAME, protect
from cockpit.web.sso import SsoSettings, create_sso
from cockpit.web.transfer import install_transfer
from layouts.shell import app_shell


def _say(message: str) -> None:
    print(f"[cockpit] {message}", flush=True)


def create_app(store: Store) -> dash.Dash:
    """The Dash app with every asset served by itself (no CDN): the war room may have no internet."""
    app = dash.Dash(
        __name__,
        title="Management Cockpit · กระทรวงศึกษาธิการ",
        assets_folder=str(config.ASSETS_DIR),
        serve_locally=True,
        suppress_callback_exceptions=True,
        update_title=None,
        meta_tags=[{"name": "cockpit-geojson", "content": geo.geojson_url()}],
    )
    install_transfer(app.server)  # first: it compresses what every later hook has finished
    app.layout = app_shell()
    # Thai until the URL says otherwise (callbacks/navigation.py follows ?lang= in the browser).
    app.index_string = app.index_string.replace("<html>", '<html lang="th">', 1)

    @app.server.after_request
    def name_the_worker(response):
        """Which process answered: lets a multi-worker deployment (and its test) see who served what."""
        response.headers["X-Cockpit-Worker"] = str(os.getpid())
        return response

    install_store_busy_answer(app.server)
    alert_worker = AlertWorker(store)  # evaluates alert rules and delivers alerts in this process's background
    store.on_dispose(alert_worker.stop)
    alert_worker.ensure_running()
    app.server.before_request(alert_worker.ensure_running)  # again in each worker after a fork

    configure_sessions(app.server, store)
    install_gate(app.server, store)
    sso = SsoSettings.from_env()  # single sign-on, when COCKPIT_OIDC_* name a provider
    app.server.register_blueprint(create_login(store, sso))
    app.server.register_blueprint(create_sso(app.server, store, sso))
    app.server.register_blueprint(create_api(store))
    app.server.register_blueprint(create_reporting_api(store))
    app.server.register_blueprint(create_catalogue_api(store))
    app.server.register_blueprint(create_people_api(store))
    app.server.register_blueprint(create_alerts_api(store))
    app.server.register_blueprint(create_api_fallback())
    register_callbacks(app, store)
    protect(app)  # last: the Content-Security-Policy lists the hashes of the inline scripts the callbacks added
    return app


def create_server() -> Flask:
    """WSGI factory for gunicorn."""
    return create_app(prepare_store(progress=_say)).server


# Threads answer requests side by side (a slow page does not hold up the walls' version checks); DuckDB gives each
# thread its own connection and the store serialises writes.
SERVER_THREADS = 16
# Every wall and browser tab keeps connections open; waitress's default (100) would turn the 50-wall room away.
CONNECTION_LIMIT = 1000


def serve(host: str = config.DEFAULT_HOST, port: int = config.DEFAULT_PORT) -> None:
    store = prepare_store(progress=_say)
    app = create_app(store)
    server = waitress.create_server(
        app.server,
        host=host,
        port=port,
        threads=SERVER_THREADS,
        connection_limit=CONNECTION_LIMIT,
        ident=SERVER_NAME,  # `Server: cockpit`, no server name or version
        clear_untrusted_proxy_headers=False,  # COCKPIT_PROXIES decides which forwarded headers to trust
    )
    logging.basicConfig(level=logging.WARNING)  # the server's warnings (a full queue, say) reach the console
    _say(f"Serving on http://{host}:{port} from {store.description} (Ctrl+C stops)")
    server.run()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve the Management Cockpit.")
    parser.add_argument("--host", default=config.DEFAULT_HOST, help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=config.DEFAULT_PORT, help="port to listen on (default 8050)")
    args = parser.parse_args(argv)
    try:
        serve(args.host, args.port)
    except CockpitError as error:
        print(f"cockpit: error: {error}", file=sys.stderr, flush=True)
        return error.exit_code
    except KeyboardInterrupt:
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
