"""The read API (JSON, /api/v1): the same figures the screens show, for other systems and for tests."""

from __future__ import annotations

import datetime as dt
import math
import re
import time

from flask import Blueprint, Response, current_app, g, json, request, send_file
from werkzeug.exceptions import HTTPException

from cockpit.catalogue import geo
from cockpit.errors import StoreBusyError
from cockpit.people.access import visible_areas
from cockpit.read import checks, emenscr, history, queries, views
from cockpit.room import briefing
from cockpit.store.database import Store
from cockpit.write.importer import export_csv

API_PREFIX = "/api/v1"
# After the version moved, how long the answer to /version may name the dataset read before (it changes only when a
# store is loaded with the demo or emptied, rarely while screens watch).
DATASET_RECHECK_S = 5.0


def _plain(value):
    """JSON-ready values: ISO 8601 times; no NaN or Infinity, which are not JSON (a strict client would refuse
    the whole answer): a figure that is not a finite number is shown as null."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def json_response(payload, status: int = 200) -> Response:
    body = json.dumps(_plain(payload), ensure_ascii=False, allow_nan=False)
    return Response(body, status=status, mimetype="application/json")


def _readable(text: str) -> str:
    """Text safe to send back: a lone surrogate someone sent cannot be encoded as UTF-8."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def error_response(
    status: int, message: str, fields: dict[str, str] | None = None, total: int | None = None
) -> Response:
    """{"error": why, "fields": {field: reason}, "problem_count": all problems (fields lists the first 200)}."""
    payload: dict = {"error": _readable(message)}
    if fields:
        payload["fields"] = {_readable(k): _readable(v) for k, v in fields.items()}
        payload["problem_count"] = max(total or 0, len(fields))
    return json_response(payload, status)


def install_store_busy_answer(server) -> None:
    """A write refused because the store is busy (cockpit/store/write_queue.py) answers 503 with Retry-After, in
    both languages, from the API and from a page's form alike: nothing was written, the client may send it again."""

    @server.errorhandler(StoreBusyError)
    def store_busy(error: StoreBusyError):
        thai = f"ระบบกำลังบันทึกข้อมูลอื่นอยู่ ยังไม่ได้บันทึกรายการนี้ โปรดส่งอีกครั้งใน {error.retry_after} วินาที"
        response = json_response(
            {"error": f"{error} · {thai}", "error_en": str(error), "error_th": thai, "retry_after": error.retry_after},
            503,
        )
        response.headers["Retry-After"] = str(error.retry_after)
        return response


# Query parameters are compared with stored text: PostgreSQL refuses NUL in it.
def refuse_nul_in_query() -> Response | None:
    bad = {
        name: "must not contain the NUL character (\\u0000)"
        for name, v in request.args.items(multi=True)
        if "\x00" in v
    }
    return error_response(422, "invalid query parameters", bad) if bad else None


def create_api(store: Store) -> Blueprint:
    api = Blueprint("api_v1", __name__, url_prefix=API_PREFIX)
    api.before_request(refuse_nul_in_query)

    @api.errorhandler(queries.NotFound)
    def not_found(exc: queries.NotFound):
        return error_response(404, str(exc))

    @api.get("/health")
    def health():
        """Open to anyone: whether the app answers (the CLI asks before writing through it)."""
        return json_response({"ok": True})

    dataset: dict = {}

    @api.get("/version")
    def version():
        """Asked every second by every open screen: the version and its time from memory (Store.known_version);
        which dataset the store holds is read once, and again at most every `DATASET_RECHECK_S` seconds after the
        version moved (a demo load or reset in another process), so that a stream of writes costs no query here."""
        known, at = store.known_version(), store.known_updated_at()
        now = time.monotonic()
        if not dataset or (dataset["version"] < known and now - dataset["read_at"] >= DATASET_RECHECK_S):
            with store.read() as conn:
                info = queries.dataset_info(conn, with_emptiness=False)
            dataset.update(info | {"read_at": now})
        if at is None or dataset["version"] >= known:  # the read saw this version (or a newer one) itself
            at = dataset["updated_at"]
        return json_response(
            {
                "version": max(known, dataset["version"]),
                "updated_at": at,
                "dataset": dataset["dataset"],
                "demo_seed": dataset["demo_seed"],
            }
        )

    @api.get("/provinces")
    def provinces():
        with store.read() as conn:
            return json_response(queries.provinces(conn))

    @api.get("/regions")
    def regions():
        with store.read() as conn:
            return json_response(queries.regions(conn, request.args.get("scheme")))

    @api.get("/schemes")
    def schemes():
        with store.read() as conn:
            return json_response(queries.schemes(conn))

    @api.get("/indicators")
    def indicators():
        with store.read() as conn:
            return json_response(queries.indicators(conn))

    @api.get("/results")
    def results():
        args = request.args
        problems = {}
        level = args.get("level", "nation")
        if level not in queries.LEVELS:
            problems["level"] = f"must be one of {', '.join(queries.LEVELS)}"
        if not args.get("indicator"):
            problems["indicator"] = "is required (an indicator code from /api/v1/indicators)"
        fiscal_year = _int_arg("fy", problems, YEARS)
        period_no = _int_arg("period", problems, PERIODS)
        if problems:
            return error_response(422, "invalid query parameters", problems)
        if args.get("format", "json") not in ("json", "csv"):
            return error_response(422, "invalid query parameters", {"format": "must be json or csv"})
        who = g.principal
        if level == "nation" and not who.sees_all:
            return error_response(403, f"the nation's figure lies outside the view scope {who.view_scope}")
        with store.read() as conn:
            regions = {r["code"]: r["provinces"] for r in queries.regions(conn, args.get("scheme"))}
        if args.get("format") == "csv":
            with store.read() as conn:
                result = queries.period_results(
                    conn, args["indicator"], level, fiscal_year, args.get("scheme"), period_no
                )
            areas = visible_areas(who, level, result["areas"], regions)
            filename = f"{args['indicator']}-{level}-{result['fiscal_year_be']}.csv"
            return Response(
                export_csv([a | {"fiscal_year_be": result["fiscal_year_be"]} for a in areas], args["indicator"]),
                mimetype="text/csv",
                headers={"Content-Disposition": f'attachment; filename="{filename}"'},
            )
        with store.read() as conn:
            result = queries.area_results(conn, args["indicator"], level, fiscal_year, args.get("scheme"), period_no)
        result["areas"] = visible_areas(who, level, result["areas"], regions)
        rows = [
            {
                "area": a["area"],
                "name_th": a["name_th"],
                "name_en": a["name_en"],
                "value": a["value"],
                "numerator": a["numerator"],
                "denominator": a["denominator"],
                "target": a["target"],
                "target_low": a["target_low"],
                "target_high": a["target_high"],
                "status": a["status"],
                "periods_missing": a["periods_missing"],
                "fiscal_year_be": result["fiscal_year_be"],
                "period_no": result["period_no"],
                "provinces_reporting": a["provinces_reporting"],
                "provinces_expected": a["provinces_expected"],
            }
            for a in result["areas"]
        ]
        return json_response(rows)

    @api.get("/results/history")
    def results_history():
        """Each result's current value and the values it replaced (who wrote each, when, from where, and who
        replaced it), newest first, inside the reader's view scope; `batch` gives one write's before and after."""
        args = request.args
        problems: dict[str, str] = {}
        if not args.get("indicator") and not args.get("batch"):
            problems["indicator"] = "is required (an indicator code), unless batch is given"
        fiscal_year = _int_arg("fy", problems, YEARS)
        period_no = _int_arg("period", problems, PERIODS)
        limit = _int_arg("limit", problems, (1, 10_000))
        if args.get("batch") and not re.fullmatch(r"[0-9a-f]{32}", args["batch"]):
            problems["batch"] = "must be a write's batch id (32 hexadecimal digits, from the audit trail)"
        who = g.principal
        provinces = who.view_provinces
        with store.read() as conn:
            if args.get("area"):
                covered = area_provinces(conn, args["area"])
                if covered is None:
                    problems["area"] = "must be a province ISO code (TH-50) or a region code of the default scheme"
                elif not who.sees(covered):
                    return error_response(403, f"{args['area']} lies outside the view scope {who.view_scope}")
                else:
                    provinces = covered
            if problems:
                return error_response(422, "invalid query parameters", problems)
            rows = history.result_history(
                conn, args.get("indicator"), provinces, fiscal_year, period_no, args.get("batch"), limit or 1000
            )
        return json_response(rows)

    @api.get("/checks")
    def values_to_check():
        """The values to check (accepted though they broke a rule of medium or low importance) inside the
        reader's view scope; `region` narrows them to one regional office's provinces."""
        with store.read() as conn:
            provinces = scoped_region(conn)
            if isinstance(provinces, Response):
                return provinces
            return json_response(checks.values_to_check(conn, provinces))

    @api.get("/geo/provinces.geojson")
    def province_polygons():
        """The polygons under a stable name, for API clients; map figures use the fingerprinted URL below."""
        return send_file(geo.GEOJSON_PATH, mimetype="application/geo+json", max_age=3600)

    @api.get("/geo/provinces.<fingerprint>.geojson")
    def fingerprinted_province_polygons(fingerprint: str):
        """Cached by the browser for a year: the URL changes whenever the file does."""
        if fingerprint != geo.geojson_fingerprint():
            return error_response(404, f"no such polygons file: {request.path} (current: {geo.geojson_url()})")
        response = send_file(geo.GEOJSON_PATH, mimetype="application/geo+json", max_age=31_536_000)
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        return response

    @api.get("/chain")
    def chain():
        """The chain's figures are the nation's: a national view only."""
        if not g.principal.sees_all:
            return error_response(
                403, f"the chain's national figures lie outside the view scope {g.principal.view_scope}"
            )
        fiscal_year = _int_arg("fy", problems := {}, YEARS)
        if problems:
            return error_response(422, "invalid query parameters", problems)
        with store.read() as conn:
            return json_response(views.chain_tree(conn, fiscal_year))

    @api.get("/exports/emenscr.csv")
    def emenscr_export():
        """Nation and province figures of every joint indicator and the projects, per XYZ node, for the ministry's
        entry into eMENSCR (docs/emenscr.md): a national view, like the chain."""
        if not g.principal.sees_all:
            return error_response(
                403, f"the eMENSCR export holds national figures, outside the view scope {g.principal.view_scope}"
            )
        fiscal_year = _int_arg("fy", problems := {}, YEARS)
        if problems:
            return error_response(422, "invalid query parameters", problems)
        with store.read() as conn:
            year, rows = emenscr.export_rows(conn, fiscal_year)
        return Response(
            emenscr.to_csv(rows),
            mimetype="text/csv",
            headers={"Content-Disposition": f'attachment; filename="emenscr-{year or "empty"}.csv"'},
        )

    @api.get("/briefing.pdf")
    def briefing_pdf():
        """The meeting's briefing as a PDF: the four walls, so whoever may see the walls (a national view)."""
        if not g.principal.sees_all:
            scope = g.principal.view_scope
            return error_response(403, f"the briefing shows the four walls: outside the view scope {scope}")
        problems: dict[str, str] = {}
        fiscal_year = _int_arg("fy", problems, YEARS)
        lang = request.args.get("lang", "th")
        if lang not in LANGUAGES:
            problems["lang"] = f"must be one of {', '.join(LANGUAGES)}"
        if problems:
            return error_response(422, "invalid query parameters", problems)
        try:
            pdf = briefing.make_briefing(store, fiscal_year, lang)
        except briefing.BriefingUnavailable as error:
            return error_response(503, str(error))
        return Response(
            pdf,
            mimetype="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="{briefing.file_name()}"'},
        )

    @api.errorhandler(404)
    def unknown_route(_exc):
        return error_response(404, f"no such API route: {request.path}")

    return api


# Fiscal years (BE) a query may name: the stores keep 32-bit integers, and no report predates BE 2400.
YEARS = (2400, 2800)
PERIODS = (1, 12)
LANGUAGES = ("th", "en")


def _int_arg(name: str, problems: dict[str, str], bounds: tuple[int, int]) -> int | None:
    raw = request.args.get(name)
    if raw is None:
        return None
    if not re.fullmatch(r"-?[0-9]{1,9}", raw):
        problems[name] = f"must be a whole number {bounds[0]}..{bounds[1]}, got {raw[:40]!r}"
        return None
    number = int(raw)
    if not bounds[0] <= number <= bounds[1]:
        problems[name] = f"must be {bounds[0]}..{bounds[1]}, got {number}"
        return None
    return number


def scoped_region(conn) -> frozenset[str] | None | Response:
    """The provinces a read covers: the reader's view scope, narrowed by the `region` query parameter if given
    (422 for an unknown region, 403 for one outside the view scope)."""
    who, region = g.principal, request.args.get("region")
    if not region:
        return who.view_provinces
    covered = area_provinces(conn, region)
    if covered is None:
        return error_response(
            422,
            "invalid query parameters",
            {"region": "must be a region code of the default scheme (or a province ISO code)"},
        )
    if not who.sees(covered):
        return error_response(403, f"{region} lies outside the view scope {who.view_scope}")
    return covered


def area_provinces(conn, area: str) -> frozenset[str] | None:
    """The provinces an area code covers: a province itself, or a region of the default scheme; None: unknown."""
    if area in {p["code"] for p in queries.provinces(conn)}:
        return frozenset({area})
    region = next((r for r in queries.regions(conn) if r["code"] == area), None)
    return frozenset(region["provinces"]) if region else None


def create_api_fallback() -> Blueprint:
    """An /api/v1 path that names no route answers as an API does (JSON 404, or 405 when only the method is
    wrong), not with the Dash page a browser gets for any other path. Registered after every API blueprint."""
    fallback = Blueprint("api_v1_fallback", __name__, url_prefix=API_PREFIX)
    methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]

    @fallback.route("/", methods=methods, defaults={"rest": ""})
    @fallback.route("/<path:rest>", methods=methods)
    def unknown(rest: str):
        allowed = _methods_for(request.path)
        if allowed:
            response = error_response(405, f"method {request.method} not allowed on {request.path}")
            response.headers["Allow"] = ", ".join(sorted(allowed))
            return response
        return error_response(404, f"no API route {_readable(request.path)}; see {API_PREFIX}/openapi.json")

    return fallback


def _methods_for(path: str) -> set[str]:
    """The methods other rules of this server accept on `path` (the fallback itself left out)."""
    adapter = current_app.url_map.bind("localhost")
    allowed: set[str] = set()
    for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
        try:
            endpoint, _ = adapter.match(path, method=method)
        except HTTPException:
            continue
        if not endpoint.startswith("api_v1_fallback."):
            allowed.add(method)
    return allowed
