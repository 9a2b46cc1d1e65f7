"""Comments on figures (cockpit.room.comments, issue 13 item 2): on an indicator for an area and period, threaded
one level deep, by signed-in people inside their view scope, kept as typed and shown as text beside the figure
and on the pages of the indicator and the area — on DuckDB and PostgreSQL."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from cockpit.people import settings
from cockpit.people.access import Principal, Role
from cockpit.people.tokens import create_token
from cockpit.room import comments
from cockpit.rules.thai_time import to_bangkok
from cockpit.store import schema
from cockpit.store.database import stored_schema_version, utc_now
from cockpit.write import audit
from layouts.reasons import translated
from tests.factories import add_minimal_catalogue, add_result
from tests.signin import ADMINISTRATOR, signed_in_client
from tests.test_decisions import Bearer, _components

INSIDE, OUTSIDE = "TH-20", "TH-50"  # a province of ศธภ.8 (REO08), and one of another region
YEAR = 2568
MARKUP = '<script>alert("x")</script><b>ตัวเลขนี้</b> **ไม่ใช่** [ลิงก์](http://x)'


def _comment(**changes) -> dict:
    body = {"indicator": "TR01", "area": INSIDE, "fiscal_year_be": YEAR, "period_no": 1,
            "text": "ค่าต่ำเพราะโรงเรียนปิดช่วงน้ำท่วม"}  # fmt: skip
    return {k: v for k, v in (body | changes).items() if v is not None}


@pytest.fixture(scope="module")
def rooms(small_served):
    made = {}

    def get(backend):
        if backend not in made:
            store, app = small_served(backend)
            with store.write(bump_version=False) as conn:
                add_result(conn, "TR01", INSIDE, YEAR, numerator=80.0, denominator=100.0)
                add_result(conn, "TR01", OUTSIDE, YEAR, numerator=60.0, denominator=100.0)
                secrets = {
                    "national": create_token(conn, "กระทรวง", "national"),
                    "reo08": create_token(conn, "ศธภ.8", "region:REO08"),
                    "outside": create_token(conn, "ศธจ.เชียงใหม่", f"province:{OUTSIDE}"),
                }
            clients = {name: Bearer(app.server.test_client(), s) for name, s in secrets.items()}
            made[backend] = (store, app, clients)
        return made[backend]

    return get


@pytest.fixture(params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def room(request, rooms):
    return rooms(request.param)


def _count(store) -> int:
    with store.read() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(schema.figure_comment)).scalar()


def _render(store, path: str, search: str = "", who=ADMINISTRATOR):
    from callbacks.routing import ROUTES, _routes, render_path

    ROUTES[:] = _routes()
    return render_path(store, path, search, who)[2]


def test_comment_reply_and_read_the_thread(room):
    """A comment on a province's figure, a reply to it (and a reply to the reply joins the same thread); the
    list filters by figure; each write moves the data version and leaves an audit entry naming the province."""
    store, _, clients = room
    version = store.data_version()
    answer = clients["reo08"].post("/api/v1/comments", json=_comment())
    assert answer.status_code == 201, answer.get_json()
    made = answer.get_json()
    assert made["area_level"] == "province" and made["parent_id"] is None and made["author"] == "token:ศธภ.8"
    assert str(to_bangkok(utc_now()).year + 543) in made["created_at_be"], "Buddhist Era"
    assert store.data_version() > version, "open screens refresh"
    with store.read() as conn:
        entry = audit.entries(conn, action="POST /api/v1/comments", limit=1)[0]
    assert entry["areas"] == [INSIDE] and entry["detail"]["comment"] == made["id"]

    reply = clients["national"].post("/api/v1/comments", json=_comment(parent_id=made["id"], text="รับทราบ"))
    assert reply.status_code == 201, reply.get_json()
    deeper = clients["reo08"].post("/api/v1/comments", json=_comment(parent_id=reply.get_json()["id"], text="ขอบคุณ"))
    assert deeper.status_code == 201 and deeper.get_json()["parent_id"] == made["id"], "one level of replies"

    listed = clients["reo08"].get(f"/api/v1/comments?indicator=TR01&area={INSIDE}&fiscal_year_be={YEAR}")
    assert listed.status_code == 200
    ids = [c["id"] for c in listed.get_json()]
    assert ids[-3:] == [made["id"], reply.get_json()["id"], deeper.get_json()["id"]], "oldest first"
    assert clients["reo08"].get(f"/api/v1/comments?fiscal_year_be={YEAR - 1}").get_json() == []
    with store.read() as conn:
        threads = comments.thread(conn, "TR01", INSIDE, YEAR)
    mine = next(t for t in threads if t["id"] == made["id"])
    assert [r["text"] for r in mine["replies"]] == ["รับทราบ", "ขอบคุณ"]


def test_reading_and_writing_follow_the_view_scope(room):
    store, _, clients = room
    inside = clients["national"].post("/api/v1/comments", json=_comment(text="ในภาค 8")).get_json()["id"]
    outside = clients["national"].post("/api/v1/comments", json=_comment(area=OUTSIDE, text="นอกภาค")).get_json()
    nation = clients["national"].post("/api/v1/comments", json=_comment(area="TH", text="ทั้งประเทศ")).get_json()
    region = clients["reo08"].post("/api/v1/comments", json=_comment(area="REO08", text="ทั้งภาค"))
    assert region.status_code == 201 and region.get_json()["area_level"] == "region"
    seen = {c["id"] for c in clients["reo08"].get("/api/v1/comments").get_json()}
    assert inside in seen and region.get_json()["id"] in seen
    assert outside["id"] not in seen and nation["id"] not in seen
    assert {inside, outside["id"], nation["id"]} <= {
        c["id"] for c in clients["national"].get("/api/v1/comments").get_json()
    }

    before = _count(store)
    refused = clients["reo08"].post("/api/v1/comments", json=_comment(area=OUTSIDE))
    assert refused.status_code == 403 and OUTSIDE in refused.get_json()["error"]
    national = clients["reo08"].post("/api/v1/comments", json=_comment(area="TH"))
    assert national.status_code == 403 and "whole country" in national.get_json()["error"]
    hidden_parent = clients["reo08"].post("/api/v1/comments", json=_comment(area=OUTSIDE, parent_id=outside["id"]))
    assert hidden_parent.status_code == 422 and "no comment" in hidden_parent.get_json()["fields"]["parent_id"]
    assert _count(store) == before


def test_no_anonymous_comment_even_with_public_read(room):
    store, app, _ = room
    with store.write() as conn:
        settings.set_public_read(conn, True)
    try:
        anonymous = app.server.test_client()
        assert anonymous.get("/api/v1/comments").status_code == 200, "public read: the comments are readable"
        before = _count(store)
        answer = anonymous.post("/api/v1/comments", json=_comment())
        assert answer.status_code == 401
        assert _count(store) == before
        by_hand = comments.write_by_hand(
            store, Principal("public", None, "public", None, "national", None), _comment(), "แอบเขียน"
        )
        assert by_hand == {"ok": False, "refused": "sign in to comment"}
        assert _count(store) == before
    finally:
        with store.write() as conn:
            settings.set_public_read(conn, False)


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        (_comment(text=""), "text", "at least 1"),
        (_comment(text="  \n "), "text", "blank"),
        (_comment(text=None), "text", "is required"),
        (_comment(text="x" * 2001), "text", "at most 2000"),
        (_comment(indicator="XX99"), "indicator", "unknown indicator"),
        (_comment(area="TH-99"), "area", "unknown area"),
        (_comment(area="REO99"), "area", "unknown area"),
        (_comment(fiscal_year_be=1999), "fiscal_year_be", ""),
        (_comment(period_no=13), "period_no", ""),
        (_comment(parent_id=2_000_000_000), "parent_id", "no comment"),
        (_comment(text=["ข้อความ"]), "text", ""),
        (_comment(extra=1), "extra", ""),
    ],
    ids=["empty", "blank", "missing", "too long", "unknown indicator", "unknown province", "unknown region",
         "year", "period", "unknown parent", "not text", "unknown field"],
)  # fmt: skip
def test_bad_input_names_the_field_and_stores_nothing(room, body, field, words):
    store, _, clients = room
    before = _count(store)
    answer = clients["national"].post("/api/v1/comments", json=body)
    assert answer.status_code == 422, answer.get_json()
    assert words in answer.get_json()["fields"][field]
    assert _count(store) == before


def test_a_megabyte_comment_is_refused_with_a_bounded_answer(room):
    store, _, clients = room
    before = _count(store)
    answer = clients["national"].post("/api/v1/comments", json=_comment(text="ก" * 1_000_000))
    assert answer.status_code in (413, 422)
    assert "text" in answer.get_json()["fields"]
    assert len(answer.data) < 2_000, "the error does not echo the megabyte back"
    assert _count(store) == before


def test_a_reply_on_another_figure_is_refused(room):
    store, _, clients = room
    made = clients["national"].post("/api/v1/comments", json=_comment()).get_json()
    before = _count(store)
    for other in (_comment(indicator="TC01"), _comment(area="REO08"), _comment(fiscal_year_be=YEAR - 1),
                  _comment(period_no=None)):  # fmt: skip
        answer = clients["national"].post("/api/v1/comments", json=other | {"parent_id": made["id"]})
        assert answer.status_code == 422 and "another figure" in answer.get_json()["fields"]["parent_id"]
    assert _count(store) == before


def test_bad_queries_are_named(room):
    _, _, clients = room
    answer = clients["national"].get("/api/v1/comments?fiscal_year_be=abc&period_no=0&indicator=XX99&area=" + "x" * 40)
    assert answer.status_code == 422
    assert set(answer.get_json()["fields"]) == {"fiscal_year_be", "period_no", "area"}
    answer = clients["national"].get("/api/v1/comments?indicator=XX99&area=TH-99")
    assert answer.status_code == 422 and set(answer.get_json()["fields"]) == {"indicator", "area"}


def test_markup_is_stored_as_typed_and_shown_as_text(room):
    """Stored exactly as typed; on the page it is a plain string child (React escapes it), never Markdown or
    HTML; the count beside the province's figure on its card and in the indicator's league counts it."""
    store, _, clients = room
    made = clients["national"].post("/api/v1/comments", json=_comment(area=OUTSIDE, text=MARKUP)).get_json()
    assert made["text"] == MARKUP
    body = _render(store, f"/province/{OUTSIDE}", "?ind=TR01&fy=2568")
    shown = [c.children for c in _components(body) if "fc-text" in (getattr(c, "className", None) or "").split()]
    assert MARKUP in shown
    assert not any(type(c).__name__ in ("Markdown", "Iframe") for c in _components(body))
    with store.read() as conn:
        n = comments.counts(conn, YEAR)[("TR01", OUTSIDE)]
    counts = [c for c in _components(body) if "fc-count" in (getattr(c, "className", None) or "").split()]
    mine = next(c for c in counts if c.href.startswith(f"/province/{OUTSIDE}?") and "ind=TR01" in c.href)
    assert str(mine.to_plotly_json()).count(f"'{n}'") == 1 and mine.title == f"{n} ความเห็น"
    league = next(c for c in _components(_render(store, "/indicator/TR01", "?fy=2568")) if getattr(c, "id", None)
                  == "indicator-league")  # fmt: skip
    assert next(r for r in league.rowData if r["area"] == OUTSIDE)["comments"] == str(n)


def test_pages_show_the_thread_and_a_form_only_to_the_signed_in(room):
    store, _, clients = room
    clients["national"].post("/api/v1/comments", json=_comment(area="TH", text="ภาพรวมประเทศดีขึ้น"))
    body = _render(store, "/indicator/TR01", "?fy=2568")
    text = str(body.to_plotly_json())
    assert "ภาพรวมประเทศดีขึ้น" in text and "fc-submit" in text
    assert "ค่าต่ำเพราะโรงเรียนปิดช่วงน้ำท่วม" not in text, "a province's comment is on its own thread"
    assert "ค่าต่ำเพราะโรงเรียนปิดช่วงน้ำท่วม" in str(_render(store, "/indicator/TR01", f"?fy=2568&area={INSIDE}"))
    public = Principal("public", None, "public", None, "national", None)
    anonymous = str(_render(store, "/indicator/TR01", "?fy=2568&lang=en", public).to_plotly_json())
    assert "ภาพรวมประเทศดีขึ้น" in anonymous and "fc-submit" not in anonymous and "Sign in to comment" in anonymous
    region = str(_render(store, "/region/REO08", "?ind=TR01&fy=2568").to_plotly_json())
    assert "fc-submit" in region


def test_the_page_form_saves_as_the_person_and_names_problems_in_thai(room):
    from layouts.reasons import reason

    store, _, _ = room
    officer = Principal("user", 7, "reo8-officer", Role.OFFICER, "region:REO08", frozenset({INSIDE}), "region:REO08",
                        frozenset({INSIDE}))  # fmt: skip
    subject = {"indicator": "TR01", "area": INSIDE, "fiscal_year_be": YEAR, "period_no": 1}
    before = _count(store)
    blank = comments.write_by_hand(store, officer, subject, "   ")
    assert reason(blank["problems"]["text"], "th") == "ต้องพิมพ์ความเห็น"
    outside = comments.write_by_hand(store, officer, subject | {"area": OUTSIDE}, "นอกเขต")
    assert OUTSIDE in outside["refused"] and translated(outside["refused"])
    assert _count(store) == before
    made = comments.write_by_hand(store, officer, subject, "  จะติดตามในการประชุมหน้า ")
    assert made["ok"]
    reply = comments.write_by_hand(store, officer, None, "เพิ่มเติม", parent_id=made["id"])
    assert reply["ok"]
    with store.read() as conn:
        stored = comments.comment(conn, made["id"])
        answer = comments.comment(conn, reply["id"])
        entry = audit.entries(conn, action="comment", limit=1)[0]
    assert stored["text"] == "จะติดตามในการประชุมหน้า" and stored["author"] == "user:reo8-officer"
    assert stored["author_user_id"] == 7
    assert answer["parent_id"] == made["id"] and answer["period_no"] == 1
    assert entry["outcome"] == "ok" and entry["areas"] == [INSIDE]


def test_a_signed_in_person_comments_through_the_api(room):
    store, app, _ = room
    executive = signed_in_client(app, store, "executive")
    answer = executive.post("/api/v1/comments", json=_comment(area="TH", text="ผู้บริหารเห็นด้วย"))
    assert answer.status_code == 201, answer.get_json()
    assert answer.get_json()["author"].startswith("user:") and answer.get_json()["author_user_id"]


def test_a_version_14_store_gains_the_comment_table(stores):
    store = stores.prepared(demo=False)
    url = store.url.render_as_string(hide_password=False)
    with store.write() as conn:
        add_minimal_catalogue(conn)
        schema.figure_comment.drop(conn)
        conn.execute(schema.schema_info.update().where(schema.schema_info.c.key == "schema_version").values(value="14"))
    store.dispose()
    upgraded = stores.prepared(demo=False, url=url)
    with upgraded.read() as conn:
        assert stored_schema_version(conn) == schema.SCHEMA_VERSION
    with upgraded.write() as conn:
        made = comments.post_comment(conn, comments.CommentRequest(**_comment()), ADMINISTRATOR)
    with upgraded.read() as conn:
        assert comments.comment(conn, made["id"])["text"] == _comment()["text"]


def test_its_author_or_an_administrator_withdraws_a_comment(room):
    """Withdrawn: hidden from the list, the count and the page (its replies with it), kept in the store with who
    and when; another person may not, nor may anyone reply to it; the page shows "withdraw" to its author."""
    store, app, clients = room
    made = clients["reo08"].post("/api/v1/comments", json=_comment(text="จะถอนภายหลัง")).get_json()
    reply = clients["national"].post("/api/v1/comments", json=_comment(parent_id=made["id"], text="คำตอบที่หายไปด้วย"))
    with store.read() as conn:
        before = comments.counts(conn, YEAR)[("TR01", INSIDE)]
    officer = Principal("token", 1, "ศธภ.8", None, "region:REO08", frozenset({INSIDE}), "region:REO08",
                        frozenset({INSIDE}))  # fmt: skip
    from callbacks.routing import viewer_of

    page = str(_render(store, f"/province/{INSIDE}", "?ind=TR01&fy=2568", officer).to_plotly_json())
    assert "fc-withdraw" in page and viewer_of(officer)["name"] == "ศธภ.8"

    refused = clients["outside"].open(f"/api/v1/comments/{made['id']}", "DELETE")
    assert refused.status_code == 404, "outside the view scope: not even said to exist"
    other = signed_in_client(app, store, "officer", f"province:{INSIDE}", f"province:{INSIDE}")
    assert other.delete(f"/api/v1/comments/{made['id']}").status_code == 403

    gone = clients["reo08"].open(f"/api/v1/comments/{made['id']}", "DELETE")
    assert gone.status_code == 200 and gone.get_json()["deleted_by"] == "token:ศธภ.8"
    again = clients["reo08"].open(f"/api/v1/comments/{made['id']}", "DELETE")
    assert again.status_code == 200, "again: nothing changes"
    listed = [c["id"] for c in clients["national"].get("/api/v1/comments?indicator=TR01").get_json()]
    assert made["id"] not in listed and reply.get_json()["id"] not in listed, "its replies go with it"
    with store.read() as conn:
        assert comments.counts(conn, YEAR)[("TR01", INSIDE)] == before - 2
        assert all(t["id"] != made["id"] for t in comments.thread(conn, "TR01", INSIDE, YEAR))
        assert comments.comment(conn, made["id"])["text"] == "จะถอนภายหลัง", "kept"
        entry = audit.entries(conn, action="DELETE /api/v1/comments", limit=1)[0]
    assert entry["areas"] == [INSIDE] and entry["detail"]["comment"] == made["id"]
    late = clients["national"].post("/api/v1/comments", json=_comment(parent_id=made["id"]))
    assert late.status_code == 422 and "parent_id" in late.get_json()["fields"]

    second = clients["reo08"].post("/api/v1/comments", json=_comment(text="ผู้ดูแลถอน")).get_json()
    assert clients["national"].open(f"/api/v1/comments/{second['id']}", "DELETE").status_code == 200, "a national token"
    assert clients["national"].open("/api/v1/comments/99999999", "DELETE").status_code == 404
    assert clients["national"].open("/api/v1/comments/abc", "DELETE").status_code == 404
    assert comments.withdraw_by_hand(store, officer, second["id"])["ok"]
    stranger = Principal("user", 99, "someone", Role.OFFICER, "national", None, "national", None)
    made = comments.write_by_hand(store, officer, {"indicator": "TR01", "area": INSIDE, "fiscal_year_be": YEAR}, "x")
    refusal = comments.withdraw_by_hand(store, stranger, made["id"])
    assert not refusal["ok"] and translated(refusal["refused"])


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_region_grid_counts_the_comments_on_each_province_s_figure(room, lang):
    """The region page's province × indicator grid: beside a figure with comments, how many (withdrawn ones not
    counted) and the link to the province's thread on that indicator; a figure without comments shows none."""
    from layouts.pages.region import comments_field

    store, _, clients = room
    made = clients["reo08"].post("/api/v1/comments", json=_comment(text="ตัวเลขในกริดของภาค")).get_json()
    clients["reo08"].post("/api/v1/comments", json=_comment(text="ตอบ", parent_id=made["id"]))
    with store.read() as conn:
        n = comments.counts(conn, YEAR)[("TR01", INSIDE)]
    assert n >= 2
    search = "?fy=2568" + ("&lang=en" if lang == "en" else "")
    body = _render(store, "/region/REO08", search)
    grids = [c for c in _components(body) if type(c).__name__ == "AgGrid"]
    rows = {row["area"]: row for grid in grids for row in grid.rowData if "TR01" in row}
    field = comments_field("TR01")
    counted = rows[INSIDE][field]
    noun = "ความเห็น" if lang == "th" else "comments"
    assert counted["n"] == n and counted["noun"] == noun and counted["title"] == f"{n} {noun}"
    assert counted["href"].startswith(f"/province/{INSIDE}?") and "ind=TR01" in counted["href"]
    assert counted["href"].endswith("#comments")
    assert all(field not in row for area, row in rows.items() if area != INSIDE), "no comment, no count"
    column = next(c for grid in grids for c in grid.columnDefs if c.get("field") == "TR01")
    assert column["cellRenderer"] == "CommentedCell" and column["cellRendererParams"] == {"comments": field}
    assert field in column["valueFormatter"]["function"], "the files say it in words too"

    assert clients["reo08"].open(f"/api/v1/comments/{made['id']}", "DELETE").status_code == 200
    body = _render(store, "/region/REO08", search)
    rows = {row["area"]: row for c in _components(body) if type(c).__name__ == "AgGrid" for row in c.rowData}
    assert rows[INSIDE].get(field, {"n": 0})["n"] == n - 2, "a withdrawn thread leaves the count"
