"""The catalogue over HTTP (/api/v1/catalogue): read it as JSON, download it as a workbook or a zip of CSV
files, and import one (an administrator or a national token; a dry run first if asked) — what `cockpit
catalogue` uses while the app runs and holds the store."""

from __future__ import annotations

from flask import Blueprint, Response, request

from cockpit.catalogue import files
from cockpit.catalogue.apply import import_catalogue
from cockpit.catalogue.export import catalogue_tables, catalogue_view
from cockpit.catalogue.problems import CatalogueRejected
from cockpit.catalogue.sheets import help_text
from cockpit.people.access import Can, Principal
from cockpit.store.database import Store
from cockpit.web.api import API_PREFIX, error_response, json_response
from cockpit.web.auth import principal_or_401
from cockpit.write import audit

DOWNLOADS = {
    "xlsx": ("cockpit-catalogue.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "zip": ("cockpit-catalogue.zip", "application/zip"),
}


def create_catalogue_api(store: Store) -> Blueprint:
    api = Blueprint("api_v1_catalogue", __name__, url_prefix=API_PREFIX)

    @api.get("/catalogue")
    def get_catalogue():
        """JSON by default; ?format=xlsx or ?format=zip downloads the same content as files."""
        form = request.args.get("format", "json")
        if form not in ("json", *DOWNLOADS):
            return error_response(422, "invalid query parameters", {"format": "one of json, xlsx, zip"})
        with store.read() as conn:
            if form == "json":
                return json_response(catalogue_view(conn))
            tables = catalogue_tables(conn)
        filename, mimetype = DOWNLOADS[form]
        data = files.workbook_bytes(tables) if form == "xlsx" else files.zip_bytes(tables)
        return Response(data, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})

    @api.get("/catalogue/columns")
    def catalogue_columns():
        """Every sheet and column in Thai and English, as `cockpit catalogue import --help` prints them."""
        return Response(help_text() + "\n", mimetype="text/plain; charset=utf-8")

    @api.post("/catalogue")
    def post_catalogue():
        """Import a workbook or a zip of CSV files all or nothing; `dry_run=1` checks and reports only."""
        token = principal_or_401()
        if isinstance(token, Response):
            return token
        if not token.can(Can.MANAGE_CATALOGUE):
            return _refused(
                store, token, f"only an administrator or a national token imports the catalogue, not {token.actor}"
            )
        upload = request.files.get("file")
        if upload is None:
            return error_response(422, "no file", {"file": "send the workbook or zip as multipart field 'file'"})
        dry_run = request.form.get("dry_run", request.args.get("dry_run", "0")) in ("1", "true", "yes")
        data = upload.read(files.MAX_BYTES + 1)
        raw = files.read_bytes(data, upload.filename or "catalogue")
        try:
            report = import_catalogue(store, raw, token.actor, dry_run=dry_run)
        except CatalogueRejected as error:
            _record(store, token, "catalogue_import", upload.filename, "refused", {"problems": len(error.problems)})
            return json_response(
                {
                    "error": str(error),
                    "problems": [problem.as_dict() | {"line": problem.line()} for problem in error.problems],
                },
                status=422,
            )
        if not dry_run:
            _record(store, token, "catalogue_import", upload.filename, "ok", catalogue_change(report))
        return json_response(report)

    return api


# The codes an audit entry lists per kind and change; the catalogue's import record keeps every one.
AUDIT_CODES = 50


def catalogue_change(report: dict) -> dict:
    """What an import changed, from its report: counts per kind, the codes added, changed, retired, deleted and
    restored (the first AUDIT_CODES of each), and which file (its checksum)."""
    codes = {
        kind: {what: listed[:AUDIT_CODES] for what, listed in whats.items() if listed}
        for kind, whats in (report.get("codes") or {}).items()
    }
    return {
        "changes": report.get("changes"),
        "codes": {kind: whats for kind, whats in codes.items() if whats},
        "checksum": report.get("checksum"),
        "source": report.get("source"),
    }


def _record(store: Store, who: Principal, action: str, subject: str | None, outcome: str, detail: dict) -> None:
    with store.write(bump_version=False) as conn:
        audit.record(conn, who.actor, action, subject, outcome, detail, request.remote_addr)


def _refused(store: Store, who: Principal, message: str) -> Response:
    _record(store, who, "catalogue_import", None, "refused", {"why": message})
    return error_response(403, message)


def import_as(store: Store, who: Principal | None, data: bytes, filename: str, dry_run: bool) -> dict:
    """The catalogue page's import: the same rule and the same import as POST /api/v1/catalogue, as a plain
    report for the page (ok with the changes, or every problem)."""
    failure = {"file": filename, "ok": False, "problems": []}
    if who is None or not who.can(Can.MANAGE_CATALOGUE):
        return failure | {"message": "only an administrator imports the catalogue · เฉพาะผู้ดูแลระบบนำเข้าแคตตาล็อกได้"}
    try:
        report = import_catalogue(store, files.read_bytes(data, filename), who.actor, dry_run=dry_run)
    except CatalogueRejected as error:
        return failure | {"message": str(error), "problems": [problem.as_dict() for problem in error.problems]}
    if not dry_run:
        with store.write(bump_version=False) as conn:
            audit.record(conn, who.actor, "catalogue_import", filename, "ok", catalogue_change(report))
    return report | {"file": filename, "ok": True}
