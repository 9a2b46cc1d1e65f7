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
    catalogue: Annotated[
        str | None,
        typer.Option(help="Then import a catalogue: 'starter' (real definitions, no targets), 'demo', or a path."),
    ] = None,
    demo_scale: Annotated[
        str,
        typer.Option(
            help="'small' (77 provinces' results, seconds) or 'national' (about 29,000 demo schools, "
            "11 million school results over 5 fiscal years; a few minutes and a few hundred MB)."
        ),
    ] = "small",
    schools: Annotated[
        int | None, typer.Option(hidden=True, help="Schools of the national demo (default 29,000; tests use a few).")
    ] = None,
) -> None:
    """Create the schema in an empty store (or upgrade an old one) without starting the app.

    `cockpit init --no-demo --catalogue starter` gives a live store ready for the ministry's real results."""
    from cockpit.bootstrap import prepare_store

    if demo_scale not in ("small", "national"):
        fail(CockpitError(f"--demo-scale must be 'small' or 'national', not {demo_scale!r}"))
    if demo_scale == "national" and not demo:
        fail(CockpitError("--demo-scale national builds a demo store: leave out --no-demo"))
    if schools is not None and schools < 1:
        fail(CockpitError("--schools must be 1 or more"))
    from cockpit.demo.national import NATIONAL_SCHOOLS

    try:
        store = prepare_store(
            demo=demo,
            progress=say,
            national_schools=(schools or NATIONAL_SCHOOLS) if demo_scale == "national" else None,
        )
    except CockpitError as error:
        fail(error)
    if catalogue:
        from cockpit.catalogue import files
        from cockpit.catalogue.apply import import_catalogue
        from cockpit.catalogue.problems import CatalogueRejected

        try:
            report = import_catalogue(
                store, files.read_path(files.shipped_catalogue(catalogue)), "cockpit init", progress=say
            )
            from cockpit.web.catalogue_api import catalogue_change
            from cockpit.write import audit

            with store.write(bump_version=False) as conn:
                audit.record(conn, cli_actor(), "catalogue_import", catalogue, "ok", catalogue_change(report))
        except CatalogueRejected as error:
            store.dispose()
            _print_problems(str(error), [p.line() for p in error.problems])
        for line in catalogue_report_lines(report):
            say(line)
    with store.read() as conn:
        from cockpit.read.queries import dataset_info
        from cockpit.store.database import get_info

        info = dataset_info(conn)
        scale = get_info(conn, "demo_scale")
    if demo_scale == "national" and scale != "national":
        say("The store already held data: --demo-scale national builds only into an empty store; nothing was added")
    say(f"Store ready: {store.description}, dataset {info['dataset']}, data version {info['version']}")
    store.dispose()


token_cli = typer.Typer(help="API tokens for the reporting API.", no_args_is_help=True)
cli.add_typer(token_cli, name="token")


APP_URL = f"http://{config.DEFAULT_HOST}:{config.DEFAULT_PORT}"
UrlOption = Annotated[str, typer.Option(help="The running app; the change goes through it when it answers.")]
TokenOption = Annotated[
    str, typer.Option(envvar="COCKPIT_TOKEN", help="While the app runs: a national token (or use --as).")
]
AsOption = Annotated[
    str,
    typer.Option(
        "--as",
        envvar="COCKPIT_USER",
        help="While the app runs: an administrator's user name; the password is read from COCKPIT_PASSWORD or asked.",
    ),
]


def _credentials(url: str, token: str, as_user: str) -> tuple[str, str] | str:
    """How to prove to the running app that an administrator asks: a token, or a user and password."""
    if token:
        return token
    if as_user:
        import getpass
        import os

        password = os.environ.get("COCKPIT_PASSWORD") or getpass.getpass(f"Password of {as_user}: ")
        return (as_user, password)
    fail(
        CockpitError(
            f"the app is running at {url} and holds the store: pass --as <administrator> (password from "
            "COCKPIT_PASSWORD or asked) or --token <national token> to make the change through it"
        )
    )
    raise AssertionError("unreachable")


def cli_actor() -> str:
    """How the audit trail names a command run on the store directly: the account that ran it."""
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli:-"


def _through_app_or_store(
    url: str, token: str, as_user: str, remote, local, action: str | None = None, subject: str | None = None
):
    """Run `remote(auth)` against the running app (which records it in the audit trail), or `local(conn)` on
    the store when no app answers; a local change named by `action` is recorded here, in its transaction."""
    from cockpit.web import client
    from cockpit.write import audit

    try:
        if client.app_is_running(url):
            return remote(_credentials(url, token, as_user))
        store = prepare_store_quietly()
        try:
            with store.write(bump_version=False) as conn:
                done = local(conn)
                if action:
                    audit.record(conn, cli_actor(), action, subject, "ok", {"through": "cockpit (no app running)"})
                return done
        finally:
            store.dispose()
    except client.Rejected as error:
        fail(CockpitError(error.message + "".join(f"; {k}: {v}" for k, v in error.fields.items())))
    except CockpitError as error:
        fail(error)


user_cli = typer.Typer(help="People who sign in: add, list, disable.", no_args_is_help=True)
cli.add_typer(user_cli, name="user")


@user_cli.command("add")
def user_add(
    name: Annotated[str, typer.Argument(help="User name: lower-case letters, digits, '.', '_' or '-'.")],
    role: Annotated[str, typer.Option(help="administrator, executive, operator, officer or reporter.")],
    view: Annotated[str, typer.Option(help="View scope: national, region:<code> or province:<ISO code>.")],
    write: Annotated[str, typer.Option(help="Write scope (same forms) or 'none'.")] = "none",
    display_name: Annotated[str, typer.Option(help="The name shown on pages, e.g. 'สมชาย ใจดี (ศธภ.8)'.")] = "",
    sso_only: Annotated[
        bool, typer.Option("--sso-only", help="No password: the person signs in only through single sign-on.")
    ] = False,
    url: UrlOption = APP_URL,
    token: TokenOption = "",
    as_user: AsOption = "",
) -> None:
    """Add a user; the new password is read from standard input (one line), so it stays out of the shell's
    history: `printf '%s\\n' \"$PASSWORD\" | cockpit user add reo08.somchai --role officer --view region:REO08
    --write region:REO08`. With `--sso-only` no password is read: the user name must equal the identity
    provider's claim (COCKPIT_OIDC_USERNAME_CLAIM)."""
    from cockpit.people import users
    from cockpit.web import client

    password = None if sso_only else sys.stdin.readline().rstrip("\r\n")
    if password == "":
        fail(CockpitError("give the new user's password on standard input (one line), or --sso-only"))
    write_scope = None if write == "none" else write
    body = {"username": name, "password": password, "role": role, "view_scope": view, "write_scope": write_scope}
    if display_name:
        body["display_name"] = display_name
    _through_app_or_store(
        url,
        token,
        as_user,
        lambda auth: client.people_call(url, auth, "POST", "/users", body),
        lambda conn: users.add_user(
            conn, name, password, role, view, write_scope, "cockpit user add", display_name or None
        ),
        "user_add",
        name.lower(),
    )
    say(f"User {name.lower()} added: {role}, view {view}, write {write}")


@user_cli.command("list")
def user_list(url: UrlOption = APP_URL, token: TokenOption = "", as_user: AsOption = "") -> None:
    """Every user with role, scopes, last sign-in and whether disabled."""
    from cockpit.people import users
    from cockpit.web import client

    rows = _through_app_or_store(
        url,
        token,
        as_user,
        lambda auth: client.people_call(url, auth, "GET", "/users"),
        users.list_users,
    )
    print(f"{'user':<24} {'role':<14} {'view':<18} {'write':<18} {'last sign-in':<26} state")
    for row in rows:
        state = "disabled" if row["disabled_at"] else "active"
        print(
            f"{row['username']:<24} {row['role']:<14} {row['view_scope']:<18} {row['write_scope'] or '-':<18} "
            f"{str(row['last_login_at'] or '-'):<26} {state}"
        )


@user_cli.command("disable")
def user_disable(
    name: Annotated[str, typer.Argument(help="The user to disable; their sessions end at their next request.")],
    enable: Annotated[bool, typer.Option("--enable", help="Enable the user again instead.")] = False,
    url: UrlOption = APP_URL,
    token: TokenOption = "",
    as_user: AsOption = "",
) -> None:
    """Disable (or with --enable, enable again) a user; nothing is deleted, their history stays."""
    from cockpit.people import users
    from cockpit.web import client

    _through_app_or_store(
        url,
        token,
        as_user,
        lambda auth: client.people_call(url, auth, "PATCH", f"/users/{name}", {"disabled": not enable}),
        lambda conn: users.set_disabled(conn, name, not enable),
        "user_change",
        name,
    )
    say(f"User {name} {'enabled' if enable else 'disabled'}")


device_cli = typer.Typer(help="Device links: a wall screen opens /wall with no login.", no_args_is_help=True)
cli.add_typer(device_cli, name="device")


@device_cli.command("add")
def device_add(
    name: Annotated[str, typer.Argument(help="Which screen, e.g. 'ห้องประชุม จอซ้าย'.")],
    url: UrlOption = APP_URL,
    token: TokenOption = "",
    as_user: AsOption = "",
) -> None:
    """Make a screen's link and print it once (the last word of the output); open it on the screen."""
    from cockpit.people import devices
    from cockpit.web import client

    def local(conn):
        link_id, key = devices.create_device_link(conn, name, "cockpit device add")
        return {"id": link_id, "link": f"{url.rstrip('/')}{devices.DEVICE_PREFIX}{key}"}

    made = _through_app_or_store(
        url,
        token,
        as_user,
        lambda auth: client.people_call(url, auth, "POST", "/devices", {"name": name}),
        local,
        "device_add",
        name,
    )
    print(f"Device link {made['id']} for {name}; shown only now, open it on the screen: {made['link']}")


@device_cli.command("list")
def device_list(url: UrlOption = APP_URL, token: TokenOption = "", as_user: AsOption = "") -> None:
    from cockpit.people import devices
    from cockpit.web import client

    rows = _through_app_or_store(
        url, token, as_user, lambda auth: client.people_call(url, auth, "GET", "/devices"), devices.list_device_links
    )
    for row in rows:
        state = "revoked" if row["revoked_at"] else "active"
        print(f"{row['id']:>4}  {row['name']:<30} last used {str(row['last_used_at'] or '-'):<26} {state}")


@device_cli.command("revoke")
def device_revoke(
    link_id: Annotated[int, typer.Argument(help="The link's number from `cockpit device list`.")],
    url: UrlOption = APP_URL,
    token: TokenOption = "",
    as_user: AsOption = "",
) -> None:
    """Revoke a screen's link: the screen is refused at its next request."""
    from cockpit.people import devices
    from cockpit.web import client

    _through_app_or_store(
        url,
        token,
        as_user,
        lambda auth: client.people_call(url, auth, "POST", f"/devices/{link_id}/revoke"),
        lambda conn: devices.revoke_device_link(conn, link_id),
        "device_revoke",
        str(link_id),
    )
    say(f"Device link {link_id} revoked")


@token_cli.command("create")
def token_create(
    name: Annotated[str, typer.Option(help="Who holds it, e.g. 'ศธจ.เชียงใหม่'.")],
    scope: Annotated[str, typer.Option(help="national, region:<code> (e.g. region:REO08) or province:<ISO code>.")],
    expires_days: Annotated[int, typer.Option(help="Days until it stops working; 0: never.")] = 0,
    url: UrlOption = APP_URL,
    token: TokenOption = "",
    as_user: AsOption = "",
) -> None:
    """Create a token and print it once (the last word of the output); the store keeps only its hash.

    With no app running it is written to the store directly; while the app runs (and holds a DuckDB store)
    it is made through the app by an administrator (--as admin, password from COCKPIT_PASSWORD or asked) or
    a national token.
    """
    import datetime as dt

    from cockpit.people.tokens import create_token
    from cockpit.store.database import utc_now
    from cockpit.web import client

    if expires_days < 0:
        fail(CockpitError("--expires-days must be 0 (never) or more"))
    expires_at = utc_now() + dt.timedelta(days=expires_days) if expires_days else None
    body = {"name": name, "scope": scope} | ({"expires_days": expires_days} if expires_days else {})
    made = _through_app_or_store(
        url,
        token,
        as_user,
        lambda auth: client.people_call(url, auth, "POST", "/tokens", body),
        lambda conn: {"token": create_token(conn, name, scope, expires_at, "cockpit token create")},
        "token_create",
        f"{name} {scope}",
    )
    until = f", until {expires_at:%Y-%m-%d}" if expires_at else ""
    print(f"Token for {name} (scope {scope}{until}); shown only now, keep it safe: {made['token']}")


@token_cli.command("list")
def token_list(
    url: UrlOption = APP_URL,
    token: TokenOption = "",
    as_user: AsOption = "",
) -> None:
    """Every token: scope, expiry, last use, revoked or not (never the token itself)."""
    from cockpit.people.tokens import list_tokens
    from cockpit.web import client

    rows = _through_app_or_store(
        url, token, as_user, lambda auth: client.people_call(url, auth, "GET", "/tokens"), list_tokens
    )
    for row in rows:
        state = "revoked" if row["revoked_at"] else "active"
        print(
            f"{row['id']:>4}  {row['name']:<30} {row['scope']:<18} expires {str(row['expires_at'] or 'never'):<26} "
            f"last used {str(row['last_used_at'] or '-'):<26} {state}"
        )


@token_cli.command("revoke")
def token_revoke(
    token_id: Annotated[int, typer.Argument(help="The token's number from `cockpit token list`.")],
    url: UrlOption = APP_URL,
    token: TokenOption = "",
    as_user: AsOption = "",
) -> None:
    """Revoke a token: the next request with it is refused (401)."""
    from cockpit.people.tokens import revoke_token
    from cockpit.web import client

    _through_app_or_store(
        url,
        token,
        as_user,
        lambda auth: client.people_call(url, auth, "POST", f"/tokens/{token_id}/revoke"),
        lambda conn: revoke_token(conn, token_id),
        "token_revoke",
        str(token_id),
    )
    say(f"Token {token_id} revoked")


def prepare_store_quietly():
    from cockpit.bootstrap import prepare_store

    return prepare_store(progress=say)


@cli.command("import")
def import_file(
    file: Annotated[str, typer.Argument(help="CSV or Excel (.xlsx) file of indicator results.")],
    url: Annotated[str, typer.Option(help="The running app; the file goes through it when it answers.")] = (
        f"http://{config.DEFAULT_HOST}:{config.DEFAULT_PORT}"
    ),
    token: Annotated[str, typer.Option(envvar="COCKPIT_TOKEN", help="API token, needed when the app is running.")] = "",
) -> None:
    """Import results all or nothing: through the running app if it answers at --url, else into the store."""
    from pathlib import Path

    from cockpit.web import client
    from cockpit.write.importer import report_lines

    path = Path(file)
    if not path.is_file():
        fail(CockpitError(f"{file}: no such file"))
    try:
        if client.app_is_running(url):
            if not token:
                fail(
                    CockpitError(
                        f"the app is running at {url} and holds the store: pass --token (or COCKPIT_TOKEN) "
                        "to send the file through it"
                    )
                )
            say(f"Sending {path.name} ({path.stat().st_size:,} bytes) through the running app at {url}")
            report = client.import_through_app(url, token, path)
        else:
            say(f"No app answers at {url}: writing to the store directly")
            report = _import_directly(path)
    except client.Rejected as error:
        print(f"cockpit: error: {error.message}", file=sys.stderr)
        for line in report_lines(error.fields):
            print(f"  {line}", file=sys.stderr)
        raise typer.Exit(1) from None
    except CockpitError as error:
        fail(error)
    say(
        f"Imported {report['file']}: {report['inserted']:,} new, {report['updated']:,} updated, "
        f"{report['unchanged']:,} unchanged, {report['skipped_without_figures']:,} rows without figures skipped"
    )


def _import_directly(path):
    from cockpit.people.tokens import Token
    from cockpit.web.client import Rejected
    from cockpit.write.importer import import_results
    from cockpit.write.ingest import InvalidInput

    store = prepare_store_quietly()
    from cockpit.write import audit

    local = Token(id=0, name="cockpit import (local)", scope="national", provinces=None)
    try:
        with store.write() as conn:
            report = import_results(conn, path.read_bytes(), path.name, local, progress=say)
            audit.record(conn, cli_actor(), "results_import", path.name, "ok")
            return report
    except InvalidInput as error:
        raise Rejected(str(error).split(":")[0], error.fields) from None
    finally:
        store.dispose()


@cli.command()
def simulate(
    url: Annotated[str, typer.Option(help="The running app (demo dataset) to send events to.")] = (
        f"http://{config.DEFAULT_HOST}:{config.DEFAULT_PORT}"
    ),
    token: Annotated[str, typer.Option(envvar="COCKPIT_TOKEN", help="API token with national scope.")] = "",
    count: Annotated[int, typer.Option(help="How many events to send, then stop (1 to 10,000).")] = 30,
    interval: Annotated[float, typer.Option(help="Seconds between events.")] = 3.0,
    seed: Annotated[int | None, typer.Option(help="Repeat an earlier run's choices (its seed is printed).")] = None,
) -> None:
    """Stream invented, plausible events into a running demo app through its API: new crisis reports for the
    season, status changes along the lifecycle, updated indicator figures. Every record is marked (จำลอง)."""
    import random

    from cockpit.demo import simulate as simulation
    from cockpit.web import client

    if not token:
        fail(
            CockpitError(
                "pass --token (or COCKPIT_TOKEN): create one with "
                "`cockpit token create --name 'ห้องปฏิบัติการ (จำลอง)' --scope national`"
            )
        )
    try:
        simulation.check_bounds(count, interval)
    except CockpitError as error:
        fail(error)
    if not client.app_is_running(url):
        fail(CockpitError(f"no cockpit app answers at {url}: start it with `python app.py` or pass --url"))
    seed = random.SystemRandom().randrange(1_000_000) if seed is None else seed
    say(f"Simulating {count:,} events every {interval:g} s into {url} (seed {seed}; Ctrl+C stops)")
    session = client.ApiSession(url, token)
    try:
        events = simulation.run(session, count=count, interval=interval, seed=seed, say=say)
    except KeyboardInterrupt:
        say("Stopped.")
        raise typer.Exit(130) from None
    except CockpitError as error:
        fail(error)
    finally:
        session.close()
    failed = [e for e in events if not e.ok]
    say(f"Done: {len(events) - len(failed):,} of {len(events):,} events accepted")
    if failed:
        raise typer.Exit(1)


catalogue_cli = typer.Typer(
    help="The catalogue: agencies, regions, service areas, schools, the XYZ chain, indicators, targets, projects.",
    no_args_is_help=True,
)
cli.add_typer(catalogue_cli, name="catalogue")


def _catalogue_epilog() -> str:
    from cockpit.catalogue.sheets import help_text

    return "Sheets and columns · ชีตและคอลัมน์ (docs/catalogue.md):\n\n" + help_text()


@catalogue_cli.command("export", epilog=_catalogue_epilog())
def catalogue_export(
    path: Annotated[str, typer.Argument(help="An .xlsx file to write, or a folder for one CSV file per sheet.")],
    url: Annotated[str, typer.Option(help="The running app; the catalogue is read through it when it answers.")] = (
        f"http://{config.DEFAULT_HOST}:{config.DEFAULT_PORT}"
    ),
    token: Annotated[
        str, typer.Option(envvar="COCKPIT_TOKEN", help="A national token, needed when the app is running.")
    ] = "",
) -> None:
    """Write the store's catalogue (active rows; retired ones are listed on the catalogue page)."""
    from pathlib import Path

    from cockpit.catalogue import files
    from cockpit.web import client

    target = Path(path)
    as_workbook = target.suffix.lower() == ".xlsx"
    try:
        if client.app_is_running(url):
            say(f"Reading the catalogue through the running app at {url}")
            tables = client.catalogue_through_app(url, token)["sheets"]
        else:
            from cockpit.catalogue.export import catalogue_tables

            store = prepare_store_quietly()
            with store.read() as conn:
                tables = catalogue_tables(conn)
            store.dispose()
    except CockpitError as error:
        fail(error)
    if as_workbook:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(files.workbook_bytes(tables))
    else:
        files.write_folder(tables, target)
    counts = ", ".join(f"{sheet} {len(rows):,}" for sheet, rows in tables.items() if rows)
    say(f"Wrote {target} ({counts})")


@catalogue_cli.command("import", epilog=_catalogue_epilog())
def catalogue_import(
    path: Annotated[str, typer.Argument(help="An .xlsx workbook, a folder of CSV files, or a .zip of that folder.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check and report only; nothing is written.")] = False,
    url: Annotated[str, typer.Option(help="The running app; the file goes through it when it answers.")] = (
        f"http://{config.DEFAULT_HOST}:{config.DEFAULT_PORT}"
    ),
    token: Annotated[
        str, typer.Option(envvar="COCKPIT_TOKEN", help="A national token, needed when the app is running.")
    ] = "",
) -> None:
    """Import a catalogue all or nothing: creates and updates; what the file leaves out is retired when results
    refer to it, else deleted. Every problem is one line: sheet, row, column, why (Thai and English)."""
    from pathlib import Path

    from cockpit.catalogue.problems import CatalogueRejected
    from cockpit.web import client

    source = Path(path)
    if not source.exists():
        fail(CockpitError(f"{path}: no such file or folder"))
    try:
        if client.app_is_running(url):
            if not token:
                fail(
                    CockpitError(
                        f"the app is running at {url} and holds the store: pass --token (or COCKPIT_TOKEN), "
                        "an administrator's national token, to import through it"
                    )
                )
            say(f"Sending {source.name} through the running app at {url}{' (dry run)' if dry_run else ''}")
            report = client.import_catalogue_through_app(url, token, source, dry_run)
        else:
            from cockpit.catalogue import files
            from cockpit.catalogue.apply import import_catalogue

            say(f"No app answers at {url}: working on the store directly{' (dry run)' if dry_run else ''}")
            store = prepare_store_quietly()
            try:
                report = import_catalogue(
                    store, files.read_path(source), "cockpit catalogue import (local)", dry_run, progress=say
                )
                if not dry_run:
                    from cockpit.web.catalogue_api import catalogue_change
                    from cockpit.write import audit

                    with store.write(bump_version=False) as conn:
                        audit.record(conn, cli_actor(), "catalogue_import", source.name, "ok", catalogue_change(report))
            finally:
                store.dispose()
    except CatalogueRejected as error:
        _print_problems(str(error), [p.line() for p in error.problems])
    except client.CatalogueProblems as error:
        _print_problems(error.message, error.lines)
    except CockpitError as error:
        fail(error)
    for line in catalogue_report_lines(report):
        say(line)


def _print_problems(headline: str, lines: list[str]) -> None:
    print(f"cockpit: error: {headline}", file=sys.stderr)
    for line in lines:
        print(f"  {line}", file=sys.stderr)
    raise typer.Exit(1)


def catalogue_report_lines(report: dict) -> list[str]:
    """What an import did (or would do), one line per kind that changes."""
    verb = "Would change" if report.get("dry_run") else "Imported"
    lines = [f"{verb} {report['source']} (sha256 {report['checksum'][:12]}…):"]
    for kind, counts in report["changes"].items():
        parts = [f"{count:,} {what}" for what, count in counts.items() if count]
        if parts:
            lines.append(f"  {kind}: {', '.join(parts)}")
    if len(lines) == 1:
        lines.append("  nothing changes")
    for kind, codes in report.get("codes", {}).items():
        if codes.get("retired"):
            lines.append(f"  retired {kind} (kept for their results, hidden from pages): {', '.join(codes['retired'])}")
    if report.get("dry_run"):
        lines.append("Dry run: nothing was written.")
    return lines


export_cli = typer.Typer(help="Exports for other systems.", no_args_is_help=True)
cli.add_typer(export_cli, name="export")


@export_cli.command("emenscr")
def export_emenscr(
    path: Annotated[str, typer.Argument(help="The CSV file to write (columns: docs/emenscr.md).")],
    fy: Annotated[int | None, typer.Option(help="Fiscal year (BE); default the year the pages show.")] = None,
    url: Annotated[str, typer.Option(help="The running app; the figures are read through it when it answers.")] = (
        f"http://{config.DEFAULT_HOST}:{config.DEFAULT_PORT}"
    ),
    token: Annotated[
        str, typer.Option(envvar="COCKPIT_TOKEN", help="A national token, needed when the app is running.")
    ] = "",
) -> None:
    """Joint indicator results and project progress per XYZ node, for the ministry's entry into eMENSCR."""
    from pathlib import Path

    from cockpit.read import emenscr
    from cockpit.web import client

    try:
        if client.app_is_running(url):
            say(f"Reading the figures through the running app at {url}")
            data = client.emenscr_through_app(url, token, fy)
        else:
            store = prepare_store_quietly()
            with store.read() as conn:
                _, rows = emenscr.export_rows(conn, fy)
            store.dispose()
            data = emenscr.to_csv(rows)
    except CockpitError as error:
        fail(error)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    rows = data.count(b"\n") - 1
    say(f"Wrote {target} ({rows:,} rows)")


def main() -> None:
    cli()
