"""The `cockpit` command: set up the store and serve the app. Errors are one line and a non-zero exit."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from cockpit import config
from cockpit.errors import CockpitError

cli = typer.Typer(help="Management Cockpit of the Ministry of Education.", no_args_is_help=True, add_completion=False)


def say(message: str) -> None:
    """Progress on the console, flushed so a slow step shows as it happens."""
    print(f"[cockpit] {message}", flush=True)


def fail(error: CockpitError) -> None:
    print(f"cockpit: error: {error}", file=sys.stderr, flush=True)
    raise typer.Exit(error.exit_code)


@cli.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = config.DEFAULT_HOST,
    port: Annotated[int, typer.Option(help="Port to listen on.")] = config.DEFAULT_PORT,
) -> None:
    """Serve the cockpit (the same as `python app.py`); an empty store is created and filled with demo data."""
    from app import serve as serve_app

    try:
        serve_app(host, port)
    except CockpitError as error:
        fail(error)


@cli.command()
def init(
    demo: Annotated[bool, typer.Option(help="Load the demo dataset into an empty store.")] = True,
) -> None:
    """Create the schema in an empty store (or upgrade an old one) without starting the app."""
    from cockpit.bootstrap import prepare_store

    try:
        store = prepare_store(demo=demo, progress=say)
    except CockpitError as error:
        fail(error)
    with store.read() as conn:
        from cockpit.queries import dataset_info

        info = dataset_info(conn)
    say(f"Store ready: {store.description}, dataset {info['dataset']}, data version {info['version']}")
    store.dispose()


def main() -> None:
    cli()
