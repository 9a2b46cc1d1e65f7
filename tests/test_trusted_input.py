"""Data that can be trusted on its way in, on each store: every write path (the API's POST /results, its file
import, the upload page's import) keeps the built-in rules — finite figures, a percentage no more than 100 %,
whole counts that are not negative, figures typed with the digits 0-9 — and a refusal names the field, the
rule and the figures, lists the bad lines of a file (the first 200, with the count of all) and writes
nothing."""

import io
import json

import pytest
import sqlalchemy as sa

from cockpit.read import queries
from cockpit.room import walls
from cockpit.store import schema
from cockpit.write import figures
from cockpit.write.importer import import_as
from tests.signin import ADMINISTRATOR

HEADER = "indicator,area,fiscal_year_be,period_no,value,numerator,denominator"


def auth(token):
    return {"Authorization": f"Bearer {token}"}


def stored_results(store):
    r = schema.indicator_result
    with store.read() as conn:
        return conn.execute(sa.select(r).order_by(*r.primary_key)).all()


def snapshot(store):
    return stored_results(store), store.data_version()


def post_results(client, token, *results):
    return client.post("/api/v1/results", json={"results": list(results)}, headers=auth(token))


def import_csv(client, token, text: str, name: str = "results.csv"):
    return client.post(
        "/api/v1/import",
        headers=auth(token),
        data={"file": (io.BytesIO(text.encode()), name)},
        content_type="multipart/form-data",
    )


def strict_json(response):
    """The body parsed as JSON proper: NaN and Infinity are not JSON, and a strict client refuses them."""

    def refuse(constant):
        raise ValueError(f"{constant} in a JSON answer")

    return json.loads(response.get_data(as_text=True), parse_constant=refuse)


def rate(indicator="JI24", numerator=30, denominator=1000, area="TH-50", fiscal_year=2569):
    return {
        "indicator": indicator,
        "area": area,
        "fiscal_year_be": fiscal_year,
        "period_no": 1,
        "numerator": numerator,
        "denominator": denominator,
    }


def count(value, indicator="JI29", area="TH-50", fiscal_year=2569):
    return {"indicator": indicator, "area": area, "fiscal_year_be": fiscal_year, "period_no": 1, "value": value}


def test_a_percentage_cannot_pass_100(api):
    store, tokens, client = api
    before = snapshot(store)
    response = post_results(client, tokens["national"], rate(numerator=15000, denominator=12150), rate(area="TH-51"))
    assert response.status_code == 422
    body = strict_json(response)
    assert set(body["fields"]) == {"results[0].numerator"}
    reason = body["fields"]["results[0].numerator"]
    assert "15,000" in reason and "12,150" in reason and "123.46 %" in reason and "100 %" in reason
    response = post_results(client, tokens["national"], rate(numerator=900, denominator=100))
    assert response.status_code == 422 and "900.00 %" in response.get_json()["fields"]["results[0].numerator"]
    assert snapshot(store) == before
    equal = post_results(client, tokens["national"], rate(numerator=12150, denominator=12150, area="TH-52"))
    assert equal.status_code == 200, "100 % itself is a percentage"


def test_a_count_is_whole_and_not_negative(api):
    store, tokens, client = api
    before = snapshot(store)
    fields = post_results(client, tokens["national"], count(-500), count(12.5, area="TH-51")).get_json()["fields"]
    assert fields == {
        "results[0].value": "a count cannot be negative, got -500",
        "results[1].value": "a count must be a whole number, got 12.5",
    }
    assert snapshot(store) == before
    assert post_results(client, tokens["national"], count(12.0, area="TH-53")).status_code == 200


def test_figures_that_overflow_are_refused_and_answers_stay_json(api):
    store, tokens, client = api
    before = snapshot(store)
    huge = post_results(client, tokens["national"], rate("JI01", numerator=1e308, denominator=1e-300))
    assert huge.status_code == 422
    assert strict_json(huge)["fields"]["results[0].numerator"] == "must be ≤ 1000000000000.0, got 1e+308"
    # Each figure within bounds, but their ratio beyond any storable score.
    ratio = post_results(client, tokens["national"], rate("JI01", numerator=1e12, denominator=1e-300))
    assert "gives a value beyond" in ratio.get_json()["fields"]["results[0].denominator"]
    raw = '{"results": [{"indicator": "JI29", "area": "TH-50", "fiscal_year_be": 2569, "value": NaN}]}'
    nan = client.post("/api/v1/results", data=raw, content_type="application/json", headers=auth(tokens["national"]))
    assert nan.status_code == 422 and "finite" in strict_json(nan)["fields"]["results[0].value"]
    strings = post_results(client, tokens["national"], count("1000") | {"fiscal_year_be": "2569"})
    assert set(strings.get_json()["fields"]) == {"results[0].value", "results[0].fiscal_year_be"}, "JSON numbers only"
    assert snapshot(store) == before
    strict_json(client.get("/api/v1/results?indicator=JI01&level=province"))


def test_a_stored_infinity_is_answered_as_null_never_as_infinity(api):
    """A row written before these rules (or by hand) cannot make an answer that is not JSON."""
    store, tokens, client = api
    r = schema.indicator_result
    with store.write() as conn:
        conn.execute(
            r.update()
            .where(r.c.indicator_code == "JI29", r.c.province_code == "TH-10", r.c.fiscal_year_be == 2568)
            .values(value=float("inf"))
        )
    body = strict_json(client.get("/api/v1/results?indicator=JI29&level=province&fy=2568"))
    assert next(a for a in body if a["area"] == "TH-10")["value"] is None
    national = strict_json(client.get("/api/v1/results?indicator=JI29&level=nation&fy=2568"))
    assert national[0]["value"] is None


BAD_FILE = "\n".join(
    [
        HEADER,
        "JI29,TH-50,2569,1,๑๒,,",  # line 2: Thai digits
        "JI29,TH-51,2569,1,١٢,,",  # line 3: Arabic-Indic digits
        "JI29,TH-52,2569,1,1_000,,",  # line 4
        "JI29,TH-53,2569,1,nan,,",  # line 5
        "JI24,TH-50,2569,1,,15000,12150",  # line 6: 123.46 %
        "JI29,TH-54,2569,1,-500,,",  # line 7
        "JI29,TH-55,2569,1,2.5,,",  # line 8
        "JI29,TH-56,๒๕๖๙,1,3,,",  # line 9: a Thai year
        "JI01,TH-50,2569,1,,1e308,1e-300",  # line 10
        'JI29,TH-57,2569,1,"12,150",,',  # line 11: a grouped thousand is a number
        'JI29,TH-58,2569,1,"1,2,3",,',  # line 12: commas that group nothing
    ]
)


def test_an_import_lists_every_bad_figure_by_line_and_column_and_writes_nothing(api):
    store, tokens, client = api
    before = snapshot(store)
    response = import_csv(client, tokens["national"], BAD_FILE)
    assert response.status_code == 422
    body = strict_json(response)
    fields = body["fields"]
    assert set(fields) == {
        "line 2.value",
        "line 3.value",
        "line 4.value",
        "line 5.value",
        "line 6.numerator",
        "line 7.value",
        "line 8.value",
        "line 9.fiscal_year_be",
        "line 10.numerator",
        "line 12.value",
    }
    assert "Thai digits" in fields["line 2.value"] and "0-9" in fields["line 2.value"]
    assert "Arabic-Indic digits" in fields["line 3.value"]
    assert "'_'" in fields["line 4.value"]
    assert "not a finite number" in fields["line 5.value"]
    assert "123.46 %" in fields["line 6.numerator"]
    assert fields["line 7.value"] == "a count cannot be negative, got -500"
    assert fields["line 8.value"] == "a count must be a whole number, got 2.5"
    assert "Thai digits" in fields["line 9.fiscal_year_be"]
    assert "1e+308" in fields["line 10.numerator"]
    assert "thousands" in fields["line 12.value"]
    assert body["problem_count"] == 10
    assert body["error"].startswith("10 bad line(s) in results.csv; nothing was written")
    assert snapshot(store) == before
    good = BAD_FILE.splitlines()[0:1] + BAD_FILE.splitlines()[10:11]
    written = import_csv(client, tokens["national"], "\n".join(good))
    assert written.status_code == 200 and written.get_json()["inserted"] == 1
    rows = client.get("/api/v1/results?indicator=JI29&level=province&fy=2569").get_json()
    assert next(a for a in rows if a["area"] == "TH-57")["value"] == 12150


def test_the_upload_page_keeps_the_same_rules(api):
    store, tokens, _ = api
    before = snapshot(store)
    report = import_as(store, ADMINISTRATOR, BAD_FILE.encode(), "results.csv")
    assert report["ok"] is False and report["problem"] == "invalid"
    assert ["line 7", "value: a count cannot be negative, got -500"] in report["lines"]
    assert len(report["lines"]) == 10 and report["more"] == 0
    assert snapshot(store) == before


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (f'{HEADER}\nJI29,TH-50,2569,1,4,,\nJI29,"TH-51,2569,1,5,,\nJI29,TH-52,2569,1,6,,\n', 3),
        (f"{HEADER}\nJI29,TH-50,2569,1,4,,\nJI29,TH-51,2569\nJI29,TH-52,2569,1,6,,\n", 3),
        (f"{HEADER}\nJI29,TH-50,2569,1,4,,\nJI29,TH-51,2569,1,5,,,7\n", 3),
    ],
    ids=["unclosed quote", "short row", "long row"],
)
def test_a_malformed_csv_is_refused_naming_the_line(api, text, line):
    store, tokens, client = api
    before = snapshot(store)
    response = import_csv(client, tokens["national"], text)
    assert response.status_code == 422
    fields = response.get_json()["fields"]
    assert any(f"line {line}" in key or f"line {line}" in reason for key, reason in fields.items()), fields
    assert snapshot(store) == before


def test_a_trailing_empty_cell_is_not_a_malformed_row(api):
    _, tokens, client = api
    response = import_csv(client, tokens["national"], f"{HEADER}\nJI29,TH-60,2569,1,4,,,\n")
    assert response.status_code == 200 and response.get_json()["inserted"] == 1


def test_a_refusal_lists_the_first_200_problems_and_counts_them_all(api):
    store, tokens, client = api
    before = snapshot(store)
    lines = [HEADER] + [f"JI29,TH-50,2569,1,-{n},," for n in range(1, 20_001)]
    response = import_csv(client, tokens["national"], "\n".join(lines))
    assert response.status_code == 422
    body = strict_json(response)
    assert len(body["fields"]) == 200 and body["problem_count"] == 20_000
    assert set(body["fields"]) == {f"line {n}.value" for n in range(2, 202)}, "the first problems in the file"
    assert len(response.data) < 40_000
    assert "20,000 bad line(s)" in body["error"] and "the first 200 problems are listed" in body["error"]
    report = import_as(store, ADMINISTRATOR, "\n".join(lines).encode(), "many.csv")
    assert len(report["lines"]) == 200 and report["more"] == 20_000 - 200
    batch = post_results(client, tokens["national"], *[count(-n, area="TH-50") for n in range(1, 1001)])
    assert batch.status_code == 422 and len(batch.get_json()["fields"]) == 200
    assert snapshot(store) == before


@pytest.mark.parametrize(
    ("text", "number"),
    [("0", 0.0), ("12150", 12150.0), ("12,150", 12150.0), ("1,234,567.5", 1234567.5), ("-3.25", -3.25)]
    + [("1e3", 1000.0), (" 7 ", 7.0), ("+4", 4.0), (".5", 0.5)],
)
def test_numbers_written_the_accepted_way(text, number):
    assert figures.parse_number(text) == number


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("๑๒", "Thai digits"),
        ("١٢", "Arabic-Indic digits"),
        ("1_000", "'_'"),
        ("nan", "not a finite number"),
        ("-Infinity", "not a finite number"),
        ("1e999", "too large"),
        ("12,15", "thousands"),
        ("1.2.3", "not a number"),
        ("", "not a number"),
        ("12 %", "not a number"),
    ],
)
def test_numbers_refused_with_a_reason(text, why):
    with pytest.raises(figures.NotANumber, match=why):
        figures.parse_number(text)


def test_whole_numbers():
    assert figures.parse_whole("2,569") == 2569 and figures.parse_whole("3.0") == 3
    with pytest.raises(figures.NotANumber, match="not a whole number"):
        figures.parse_whole("2.5")
    with pytest.raises(figures.NotANumber, match="Thai digits"):
        figures.parse_whole("๒๕๖๙")


def test_one_result_for_a_new_year_does_not_move_the_pages_to_it(api):
    """The demo's catalogue has data for FY 2568; one early row for FY 2569 leaves the pages and walls there."""
    store, tokens, client = api
    assert post_results(client, tokens["national"], count(5, area="TH-70", fiscal_year=2569)).status_code == 200
    with store.read() as conn:
        default = queries.default_fiscal_year(conn)
        wall = walls.wall_view(conn, "black")
    assert (default["fiscal_year_be"], default["latest_fiscal_year_be"]) == (2568, 2569)
    assert default["indicators_with_data"] == default["indicators"] == 30
    assert wall["fiscal_year_be"] == 2568
