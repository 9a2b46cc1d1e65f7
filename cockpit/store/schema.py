"""The store's tables, declared in code (reflection does not work through duckdb-engine with SQLAlchemy 2.1).

One schema serves DuckDB (the embedded default) and PostgreSQL. Numbers are `Double`: DuckDB's FLOAT is
4 bytes, too coarse for a province's summed scores. Ids come from `sa.Sequence` because
`sa.Identity()` does not parse on DuckDB. Results are kept at province level with numerator and
denominator so that every higher level is a ratio of sums, never an average of percentages.
"""

import sqlalchemy as sa

SCHEMA_VERSION = 18

metadata = sa.MetaData()

TZ = sa.DateTime(timezone=True)

schema_info = sa.Table(
    "schema_info",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False, comment="v5: text (a catalogue's description may be long)"),
    comment="schema_version, dataset kind (demo or live), demo seed, created_at",
)

data_version = sa.Table(
    "data_version",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("version", sa.BigInteger, nullable=False),
    sa.Column("updated_at", TZ, nullable=False),
    comment="one row; every write bumps it in the same transaction so screens know when to refresh",
)

agency = sa.Table(
    "agency",
    metadata,
    sa.Column("code", sa.String(16), primary_key=True),
    sa.Column("abbr_th", sa.String(32), nullable=False),
    sa.Column("name_th", sa.String(200), nullable=False),
    sa.Column("name_en", sa.String(200), nullable=False),
    sa.Column("retired_at", TZ, comment="v5: left out of an imported catalogue but still referred to"),
)

province = sa.Table(
    "province",
    metadata,
    sa.Column("code", sa.String(8), primary_key=True, comment="ISO 3166-2:TH, e.g. TH-50"),
    sa.Column("name_th", sa.String(100), nullable=False),
    sa.Column("name_en", sa.String(100), nullable=False),
    sa.Column("abbr_th", sa.String(16)),
)

region_scheme = sa.Table(
    "region_scheme",
    metadata,
    sa.Column("code", sa.String(16), primary_key=True),
    sa.Column("name_th", sa.String(200), nullable=False),
    sa.Column("name_en", sa.String(200), nullable=False),
    sa.Column("is_default", sa.Boolean, nullable=False),
    sa.Column("source", sa.String(1000), nullable=False),
    sa.Column("as_of", sa.String(32), nullable=False),
    sa.Column("retired_at", TZ, comment="v5: left out of an imported catalogue"),
)

region = sa.Table(
    "region",
    metadata,
    sa.Column("scheme_code", sa.String(16), sa.ForeignKey("region_scheme.code"), primary_key=True),
    sa.Column("code", sa.String(16), primary_key=True),
    sa.Column("name_th", sa.String(200), nullable=False),
    sa.Column("name_en", sa.String(200), nullable=False),
    sa.Column("sort_order", sa.Integer, nullable=False),
    sa.Column("retired_at", TZ, comment="v5: left out of an imported catalogue"),
)

region_province = sa.Table(
    "region_province",
    metadata,
    sa.Column("scheme_code", sa.String(16), primary_key=True),
    sa.Column("province_code", sa.String(8), sa.ForeignKey("province.code"), primary_key=True),
    sa.Column("region_code", sa.String(16), nullable=False),
    sa.ForeignKeyConstraint(["scheme_code", "region_code"], ["region.scheme_code", "region.code"]),
    comment="primary key (scheme, province): a province lies in exactly one region of each scheme",
)

service_area = sa.Table(
    "service_area",
    metadata,
    sa.Column("code", sa.String(16), primary_key=True),
    sa.Column("kind", sa.String(16), nullable=False, comment="primary (สพป.) or secondary (สพม.)"),
    sa.Column("name_th", sa.String(200), nullable=False),
    sa.Column("name_en", sa.String(200), nullable=False),
    sa.Column("is_demo", sa.Boolean, nullable=False),
    sa.Column("retired_at", TZ, comment="v5: left out of an imported catalogue but still referred to"),
)

service_area_province = sa.Table(
    "service_area_province",
    metadata,
    sa.Column("service_area_code", sa.String(16), sa.ForeignKey("service_area.code"), primary_key=True),
    sa.Column("province_code", sa.String(8), sa.ForeignKey("province.code"), primary_key=True),
    comment="a secondary service area (สพม.) may span two provinces",
)

chain_node = sa.Table(
    "chain_node",
    metadata,
    sa.Column("code", sa.String(32), primary_key=True),
    sa.Column("level", sa.String(4), nullable=False, comment="Z, Y2, Y1 or X"),
    sa.Column("parent_code", sa.String(32), sa.ForeignKey("chain_node.code")),
    sa.Column("name_th", sa.String(400), nullable=False),
    sa.Column("name_en", sa.String(400), nullable=False),
    sa.Column("value_chain_stage", sa.String(16), comment="X only: upstream, midstream or downstream"),
    sa.Column("host_agency_code", sa.String(16), sa.ForeignKey("agency.code")),
    sa.Column("sort_order", sa.Integer, nullable=False),
    sa.Column("retired_at", TZ, comment="v5: left out of an imported catalogue but still referred to"),
)

indicator = sa.Table(
    "indicator",
    metadata,
    sa.Column("code", sa.String(32), primary_key=True),
    sa.Column("name_th", sa.String(400), nullable=False),
    sa.Column("name_en", sa.String(400), nullable=False),
    sa.Column("question_th", sa.String(400), comment="the question a view of it answers"),
    sa.Column("question_en", sa.String(400)),
    sa.Column("definition_th", sa.Text, nullable=False),
    sa.Column("definition_en", sa.Text, nullable=False),
    sa.Column("numerator_th", sa.String(400)),
    sa.Column("denominator_th", sa.String(400)),
    sa.Column("unit", sa.String(16), nullable=False, comment="percent, score, count or ratio"),
    sa.Column("unit_label_th", sa.String(32), nullable=False),
    sa.Column("unit_label_en", sa.String(32), nullable=False),
    sa.Column("aggregation", sa.String(8), nullable=False, comment="ratio: sum(num)/sum(den)*multiplier; sum"),
    sa.Column("multiplier", sa.Double, nullable=False),
    sa.Column("decimals", sa.Integer, nullable=False),
    sa.Column("direction", sa.String(8), nullable=False, comment="higher, lower or range"),
    sa.Column("frequency", sa.String(16), nullable=False, comment="monthly, quarterly, term or yearly"),
    sa.Column("yellow_gap", sa.Double, nullable=False, comment="distance from target still 'below target' (count: %)"),
    sa.Column("orange_gap", sa.Double, nullable=False, comment="distance from target still 'at risk' (count: %)"),
    sa.Column("chain_node_code", sa.String(32), sa.ForeignKey("chain_node.code"), nullable=False),
    sa.Column("value_chain_stage", sa.String(16), nullable=False),
    sa.Column("host_agency_code", sa.String(16), sa.ForeignKey("agency.code"), nullable=False),
    sa.Column("source_system", sa.String(200), nullable=False),
    sa.Column("is_key", sa.Boolean, nullable=False, comment="shown on the nation page"),
    sa.Column("sort_order", sa.Integer, nullable=False),
    sa.Column("is_demo", sa.Boolean, nullable=False),
    # Schema version 4, last as ALTER TABLE ... ADD COLUMN puts them in an upgraded store.
    sa.Column("numerator_en", sa.String(400)),
    sa.Column("denominator_en", sa.String(400)),
    sa.Column("accumulates", sa.Boolean, comment="a flow: the year's figure is the sum of its periods to date"),
    sa.Column("retired_at", TZ, comment="v5: left out of an imported catalogue but has results"),
    sa.Column("stale_after_days", sa.Integer, comment="v8: allowance before the data is stale (null: by frequency)"),
    sa.Column("calendar", sa.String(16), comment="v11: a term indicator's calendar (null: the school year)"),
    sa.Column(
        "report_due_days", sa.Integer, comment="v12: days after a period ends by which it is due (null: by frequency)"
    ),
    sa.Column("minimum", sa.Double, comment="v14: the lowest value a result may hold (null: no bound)"),
    sa.Column("maximum", sa.Double, comment="v14: the highest value a result may hold (null: no bound)"),
    sa.Column(
        "approval_steps",
        sa.Integer,
        comment="v15: 0 none, 1 regional approval, 2 then national acceptance (null: the store-wide setting)",
    ),
)

indicator_target = sa.Table(
    "indicator_target",
    metadata,
    sa.Column("indicator_code", sa.String(32), sa.ForeignKey("indicator.code"), primary_key=True),
    sa.Column("fiscal_year_be", sa.Integer, primary_key=True),
    sa.Column("area_code", sa.String(16), primary_key=True, comment="TH = the nation, the default for every area"),
    sa.Column("target_value", sa.Double, comment="higher / lower"),
    sa.Column("target_low", sa.Double, comment="range"),
    sa.Column("target_high", sa.Double, comment="range"),
)

indicator_result = sa.Table(
    "indicator_result",
    metadata,
    sa.Column("indicator_code", sa.String(32), sa.ForeignKey("indicator.code"), primary_key=True),
    sa.Column("province_code", sa.String(8), sa.ForeignKey("province.code"), primary_key=True),
    sa.Column("fiscal_year_be", sa.Integer, primary_key=True),
    sa.Column("period_no", sa.Integer, primary_key=True, comment="1-based within the fiscal year at the frequency"),
    sa.Column("period_end", sa.Date, nullable=False),
    sa.Column("numerator", sa.Double),
    sa.Column("denominator", sa.Double),
    sa.Column("value", sa.Double),
    sa.Column("source", sa.String(64), nullable=False, comment="demo, api, import:<file>"),
    sa.Column("updated_at", TZ, nullable=False),
    # Schema version 10, last as ALTER TABLE ... ADD COLUMN puts them in an upgraded store.
    sa.Column("written_by", sa.String(200), comment="v10: who wrote this value (the audit trail's actor)"),
    sa.Column("batch_id", sa.String(32), comment="v10: the write (request or import) that stored it"),
    # Schema version 15.
    sa.Column("approval", sa.String(16), comment="v15: approved or accepted (null: reported, not yet approved)"),
    sa.Column("approval_at", TZ, comment="v15: when its last approval step was taken"),
    sa.Column("approval_by", sa.String(200), comment="v15: who took it"),
)

crisis_event = sa.Table(
    "crisis_event",
    metadata,
    sa.Column("id", sa.Integer, sa.Sequence("crisis_event_id_seq"), primary_key=True),
    sa.Column("type", sa.String(32), nullable=False),
    sa.Column("severity", sa.Integer, nullable=False, comment="DDPM level 1 small .. 4 extremely severe"),
    sa.Column("title", sa.String(400), nullable=False),
    sa.Column("description", sa.Text),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("occurred_at", TZ, nullable=False),
    sa.Column("reported_at", TZ, nullable=False),
    sa.Column("updated_at", TZ, nullable=False),
    sa.Column("reporter", sa.String(200), nullable=False),
    sa.Column("schools_affected", sa.Integer),
    sa.Column("schools_closed", sa.Integer),
    sa.Column("students_affected", sa.Integer),
    sa.Column("staff_affected", sa.Integer),
    sa.Column("injuries", sa.Integer),
    sa.Column("deaths", sa.Integer),
    sa.Column("damage_thb", sa.Double),
    sa.Column("shelter_schools", sa.Integer, comment="schools serving as shelters"),
    sa.Column("learning_mode", sa.String(16), comment="on-site, on-air, on-demand, online, on-hand"),
    sa.Column("help_given", sa.Text),
    sa.Column("is_demo", sa.Boolean, nullable=False),
)

crisis_province = sa.Table(
    "crisis_province",
    metadata,
    sa.Column("crisis_id", sa.Integer, sa.ForeignKey("crisis_event.id"), primary_key=True),
    sa.Column("province_code", sa.String(8), sa.ForeignKey("province.code"), primary_key=True),
)

crisis_service_area = sa.Table(
    "crisis_service_area",
    metadata,
    sa.Column("crisis_id", sa.Integer, sa.ForeignKey("crisis_event.id"), primary_key=True),
    sa.Column("service_area_code", sa.String(16), sa.ForeignKey("service_area.code"), primary_key=True),
)

crisis_status_log = sa.Table(
    "crisis_status_log",
    metadata,
    sa.Column("id", sa.Integer, sa.Sequence("crisis_status_log_id_seq"), primary_key=True),
    sa.Column("crisis_id", sa.Integer, sa.ForeignKey("crisis_event.id"), nullable=False),
    sa.Column("from_status", sa.String(16)),
    sa.Column("to_status", sa.String(16), nullable=False),
    sa.Column("changed_at", TZ, nullable=False),
    sa.Column("changed_by", sa.String(200), nullable=False),
    sa.Column("note", sa.Text),
)

# --- schema version 2: writers and their requests -------------------------------------------------------------

api_token = sa.Table(
    "api_token",
    metadata,
    sa.Column("id", sa.Integer, sa.Sequence("api_token_id_seq"), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("scope", sa.String(32), nullable=False, comment="national, region:<code> or province:<ISO code>"),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True, comment="sha256 of the token; never the token"),
    sa.Column("created_at", TZ, nullable=False),
    sa.Column("revoked_at", TZ),
    sa.Column("expires_at", TZ, comment="v6; NULL: never"),
    sa.Column("last_used_at", TZ, comment="v6"),
    sa.Column("created_by", sa.String(200), comment="v6"),
)

idempotent_request = sa.Table(
    "idempotent_request",
    metadata,
    sa.Column("token_id", sa.Integer, sa.ForeignKey("api_token.id"), primary_key=True),
    sa.Column("key", sa.String(200), primary_key=True),
    sa.Column("method", sa.String(8), nullable=False),
    sa.Column("path", sa.String(400), nullable=False),
    sa.Column("status", sa.Integer, nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("created_at", TZ, nullable=False),
    sa.Column(
        "request_sha256",
        sa.String(64),
        comment="v7: sha256 of the request's body, so a repeat with another body is refused, not replayed",
    ),
    comment="the first answer to a request with an Idempotency-Key, replayed for repeats",
)

SCHEMA_2_TABLES = (api_token, idempotent_request)

# --- schema version 3: the Management Cockpit room ------------------------------------------------------------

project = sa.Table(
    "project",
    metadata,
    sa.Column("code", sa.String(32), primary_key=True),
    sa.Column("name_th", sa.String(400), nullable=False),
    sa.Column("name_en", sa.String(400), nullable=False),
    sa.Column(
        "chain_node_code", sa.String(32), sa.ForeignKey("chain_node.code"), nullable=False, comment="its X factor"
    ),
    sa.Column("host_agency_code", sa.String(16), sa.ForeignKey("agency.code"), nullable=False),
    sa.Column("fiscal_year_be", sa.Integer, nullable=False),
    sa.Column("budget_thb", sa.Double, nullable=False),
    sa.Column("disbursed_thb", sa.Double, nullable=False),
    sa.Column("progress_pct", sa.Double, nullable=False, comment="work done, % of the whole project"),
    sa.Column("planned_pct", sa.Double, nullable=False, comment="work planned by now, %"),
    sa.Column("updated_at", TZ, nullable=False),
    sa.Column("is_demo", sa.Boolean, nullable=False),
    sa.Column("retired_at", TZ, comment="v5: kept for symmetry with the other catalogue rows"),
    comment="projects acting on the X factors (eMENSCR), for the white wall",
)

service_area_score = sa.Table(
    "service_area_score",
    metadata,
    sa.Column("service_area_code", sa.String(16), sa.ForeignKey("service_area.code"), primary_key=True),
    sa.Column("fiscal_year_be", sa.Integer, primary_key=True),
    sa.Column("performance_base", sa.Double, nullable=False, comment="0-100; 70 % of the total (cabinet 15 Sep 2563)"),
    sa.Column("potential_base", sa.Double, nullable=False, comment="0-100; 30 % of the total"),
    sa.Column("pmqa_results", sa.Double, nullable=False, comment="PMQA 4.0 category 7 (results), 0-100"),
    sa.Column("updated_at", TZ, nullable=False),
    sa.Column("is_demo", sa.Boolean, nullable=False),
    comment="service-area performance, for the blue wall",
)

deck_state = sa.Table(
    "deck_state",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("show", sa.String(200), comment="what every wall shows; NULL: each wall its own rotation"),
    sa.Column("paused", sa.Boolean, nullable=False),
    sa.Column("updated_at", TZ, nullable=False),
    sa.Column("updated_by", sa.String(200), nullable=False),
    comment="one row: the flight deck's choice for the room",
)

SCHEMA_3_TABLES = (project, service_area_score, deck_state)

# --- schema version 5: the catalogue as data ---------------------------------------------------------------------

school = sa.Table(
    "school",
    metadata,
    sa.Column("code", sa.String(32), primary_key=True),
    sa.Column("name_th", sa.String(400), nullable=False),
    sa.Column("name_en", sa.String(400)),
    sa.Column("province_code", sa.String(8), sa.ForeignKey("province.code"), nullable=False),
    sa.Column("service_area_code", sa.String(16), sa.ForeignKey("service_area.code"), nullable=False),
    sa.Column("retired_at", TZ),
    comment="schools of the catalogue, each in a province and a service area covering it",
)

catalogue_import = sa.Table(
    "catalogue_import",
    metadata,
    sa.Column("id", sa.Integer, sa.Sequence("catalogue_import_id_seq"), primary_key=True),
    sa.Column("imported_at", TZ, nullable=False),
    sa.Column("imported_by", sa.String(200), nullable=False),
    sa.Column("source", sa.String(400), nullable=False, comment="the file or folder name"),
    sa.Column("checksum", sa.String(64), nullable=False, comment="sha256 of the file (a folder: of its CSV files)"),
    sa.Column("kind", sa.String(16), nullable=False, comment="demo, starter or ministry"),
    sa.Column("summary", sa.Text, nullable=False, comment="JSON: added, changed, retired, deleted per kind"),
    comment="every catalogue import: who, when, which file and what changed",
)

SCHEMA_5_TABLES = (school, catalogue_import)
# Tables that gain `retired_at` in version 5, added last by ALTER TABLE in an upgraded store.
RETIRABLE_TABLES = ("agency", "region_scheme", "region", "service_area", "chain_node", "indicator", "project")

# --- schema version 6: people ------------------------------------------------------------------------------------

app_user = sa.Table(
    "app_user",
    metadata,
    sa.Column("id", sa.Integer, sa.Sequence("app_user_id_seq"), primary_key=True),
    sa.Column("username", sa.String(64), nullable=False, unique=True),
    sa.Column("display_name", sa.String(200), nullable=False),
    sa.Column("password_hash", sa.String(200), comment="argon2id; NULL: signs in only through single sign-on"),
    sa.Column("role", sa.String(16), nullable=False, comment="administrator, executive, operator, officer, reporter"),
    sa.Column("view_scope", sa.String(32), nullable=False, comment="national, region:<code> or province:<ISO code>"),
    sa.Column("write_scope", sa.String(32), comment="the same forms; NULL: writes nothing"),
    sa.Column("created_at", TZ, nullable=False),
    sa.Column("created_by", sa.String(200), nullable=False),
    sa.Column("password_changed_at", TZ, comment="sessions from before it are no longer valid"),
    sa.Column("last_login_at", TZ),
    sa.Column("disabled_at", TZ),
    comment="people who sign in to the cockpit",
)

device_link = sa.Table(
    "device_link",
    metadata,
    sa.Column("id", sa.Integer, sa.Sequence("device_link_id_seq"), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False, comment="which screen, e.g. 'ห้องประชุม จอซ้าย'"),
    sa.Column("key_hash", sa.String(64), nullable=False, unique=True, comment="sha256 of the link's key"),
    sa.Column("created_at", TZ, nullable=False),
    sa.Column("created_by", sa.String(200), nullable=False),
    sa.Column("last_used_at", TZ),
    sa.Column("revoked_at", TZ),
    comment="links that open /wall on a screen with no login, and nothing else",
)

audit_entry = sa.Table(
    "audit_entry",
    metadata,
    sa.Column("id", sa.BigInteger, sa.Sequence("audit_entry_id_seq"), primary_key=True),
    sa.Column("recorded_at", TZ, nullable=False),
    sa.Column("actor", sa.String(200), nullable=False, comment="user:<name>, token:<id> <name>, device:<id> or -"),
    sa.Column("address", sa.String(64), comment="the client's address"),
    sa.Column("action", sa.String(64), nullable=False, comment="e.g. login, login_failed, user_add, result_write"),
    sa.Column("subject", sa.String(400), comment="what it was about: a user, a token, an indicator and area…"),
    sa.Column("outcome", sa.String(16), nullable=False, comment="ok, refused or failed"),
    sa.Column("detail", sa.Text, comment="JSON: before and after, or why it was refused"),
    sa.Column("areas", sa.Text, comment="v10: the provinces it concerns, as ',TH-50,TH-51,' (NULL: none)"),
    comment="every write and every refused attempt: who, when, from where, what",
)

SCHEMA_6_TABLES = (app_user, device_link, audit_entry)

# --- schema version 9: the room remembers its meetings -------------------------------------------------------

meeting = sa.Table(
    "meeting",
    metadata,
    sa.Column("id", sa.Integer, sa.Sequence("meeting_id_seq"), primary_key=True),
    sa.Column("started_at", TZ, nullable=False),
    sa.Column("started_by", sa.String(200), nullable=False),
    sa.Column("title", sa.String(400)),
    sa.Column("fiscal_year_be", sa.Integer, comment="the year the room showed; NULL: no results yet"),
    comment="a meeting of the room, marked by the operator on the deck",
)

meeting_snapshot = sa.Table(
    "meeting_snapshot",
    metadata,
    sa.Column("meeting_id", sa.Integer, sa.ForeignKey("meeting.id"), primary_key=True),
    sa.Column("indicator_code", sa.String(32), primary_key=True),
    sa.Column("level", sa.String(16), primary_key=True, comment="nation, region or province"),
    sa.Column("area_code", sa.String(16), primary_key=True),
    sa.Column("value", sa.Double),
    sa.Column("status", sa.String(16), nullable=False),
    comment="each indicator's figure and status per area as the meeting began: what 'since then' compares with",
)

SCHEMA_9_TABLES = (meeting, meeting_snapshot)

# --- schema version 10: results keep their history ---------------------------------------------------------------

indicator_result_revision = sa.Table(
    "indicator_result_revision",
    metadata,
    sa.Column("id", sa.BigInteger, sa.Sequence("indicator_result_revision_id_seq"), primary_key=True),
    sa.Column("indicator_code", sa.String(32), nullable=False),
    sa.Column("province_code", sa.String(8), nullable=False),
    sa.Column("fiscal_year_be", sa.Integer, nullable=False),
    sa.Column("period_no", sa.Integer, nullable=False),
    sa.Column("numerator", sa.Double),
    sa.Column("denominator", sa.Double),
    sa.Column("value", sa.Double),
    sa.Column("source", sa.String(64), nullable=False, comment="where the replaced value came from"),
    sa.Column("written_at", TZ, nullable=False, comment="when the replaced value was written"),
    sa.Column("written_by", sa.String(200), comment="who wrote it (NULL: before version 10)"),
    sa.Column("batch_id", sa.String(32), comment="the write that stored it"),
    sa.Column("replaced_at", TZ, nullable=False),
    sa.Column("replaced_by", sa.String(200), nullable=False),
    sa.Column("replaced_batch_id", sa.String(32), nullable=False, comment="the write that replaced it"),
    sa.Index("ix_indicator_result_revision_key", "indicator_code", "province_code", "fiscal_year_be", "period_no"),
    sa.Index("ix_indicator_result_revision_batch", "replaced_batch_id"),
    comment="every value a result held before an update replaced it; no foreign keys, so that keeping history "
    "never stops the catalogue retiring or deleting what it names",
)

SCHEMA_10_TABLES = (indicator_result_revision,)

# --- schema version 13: what the room decides, and how it is followed up ----------------------------------------

decision = sa.Table(
    "decision",
    metadata,
    sa.Column("id", sa.Integer, sa.Sequence("decision_id_seq"), primary_key=True),
    sa.Column("what", sa.Text, nullable=False, comment="what was decided, as typed (plain text, never markup)"),
    sa.Column("owner_kind", sa.String(16), nullable=False, comment="agency, region or province"),
    sa.Column("owner_code", sa.String(32), nullable=False, comment="an agency, a regional office or a province"),
    sa.Column("deadline", sa.Date, nullable=False, comment="a day in Bangkok"),
    sa.Column("about_kind", sa.String(16), nullable=False, comment="indicator, area, crisis or chain"),
    sa.Column("about_code", sa.String(32), nullable=False, comment="TH, a region or province code, a crisis id…"),
    sa.Column("areas", sa.Text, comment="',TH-50,TH-51,': the provinces it concerns; NULL: the whole country"),
    sa.Column("status", sa.String(16), nullable=False, comment="open, in_progress or done"),
    sa.Column("meeting_id", sa.Integer, comment="the meeting under way when it was recorded, if any"),
    sa.Column("recorded_at", TZ, nullable=False),
    sa.Column("recorded_by", sa.String(200), nullable=False),
    sa.Column("updated_at", TZ, nullable=False),
    sa.Column("updated_by", sa.String(200), nullable=False),
    sa.Index("ix_decision_about", "about_kind", "about_code"),
    comment="a decision of the room: what, who is responsible, by when, about what; no foreign keys, so that "
    "the catalogue may still retire what it names",
)

decision_update = sa.Table(
    "decision_update",
    metadata,
    sa.Column("id", sa.BigInteger, sa.Sequence("decision_update_id_seq"), primary_key=True),
    sa.Column("decision_id", sa.Integer, nullable=False),
    sa.Column("from_status", sa.String(16), comment="NULL: the decision was recorded"),
    sa.Column("to_status", sa.String(16), nullable=False),
    sa.Column("note", sa.Text),
    sa.Column("changed_at", TZ, nullable=False),
    sa.Column("changed_by", sa.String(200), nullable=False),
    sa.Index("ix_decision_update_decision", "decision_id"),
    comment="each status change of a decision with its note: who, when",
)

SCHEMA_13_TABLES = (decision, decision_update)
# --- schema version 14: validation rules, and values to check -------------------------------------------------------

validation_rule = sa.Table(
    "validation_rule",
    metadata,
    sa.Column("code", sa.String(32), primary_key=True),
    sa.Column("name_th", sa.String(400), nullable=False),
    sa.Column("name_en", sa.String(400), nullable=False),
    sa.Column("indicator_code", sa.String(32), comment="the indicator it checks; NULL: every indicator"),
    sa.Column("left_side", sa.String(64), nullable=False, comment="a term: value, numerator, indicator:CODE, 12.5 …"),
    sa.Column("operator", sa.String(8), nullable=False, comment="<, <=, >, >=, == or !="),
    sa.Column("right_side", sa.String(64), nullable=False),
    sa.Column("importance", sa.String(8), nullable=False, comment="high refuses the write; medium, low flag it"),
    sa.Column("skip_when_missing", sa.Boolean, nullable=False, comment="false: a missing term counts as 0"),
    sa.Column("active", sa.Boolean, nullable=False),
    sa.Column("sort_order", sa.Integer, nullable=False),
    comment="what a result must satisfy, from the catalogue's validation_rules sheet (DHIS2's model); no foreign "
    "key, so a rule never stops the catalogue retiring the indicator it names",
)

flagged_value = sa.Table(
    "flagged_value",
    metadata,
    sa.Column("id", sa.BigInteger, sa.Sequence("flagged_value_id_seq"), primary_key=True),
    sa.Column("indicator_code", sa.String(32), nullable=False),
    sa.Column("province_code", sa.String(8), nullable=False),
    sa.Column("fiscal_year_be", sa.Integer, nullable=False),
    sa.Column("period_no", sa.Integer, nullable=False),
    sa.Column("rule_code", sa.String(32), nullable=False),
    sa.Column("importance", sa.String(8), nullable=False),
    sa.Column("condition", sa.String(200), nullable=False, comment="the rule as it stood: value <= 100"),
    sa.Column("left_value", sa.Double, comment="the figures that broke it (NULL: missing)"),
    sa.Column("right_value", sa.Double),
    sa.Column("flagged_at", TZ, nullable=False),
    sa.Column("flagged_by", sa.String(200), nullable=False),
    sa.Column("resolved_at", TZ, comment="NULL: still to check"),
    sa.Column("resolved_by", sa.String(200)),
    sa.Index("ix_flagged_value_key", "indicator_code", "province_code", "fiscal_year_be", "period_no"),
    comment="a result accepted although it broke a rule of medium or low importance: to check by its region's "
    "office; a later write that satisfies the rule resolves it",
)

SCHEMA_14_TABLES = (validation_rule, flagged_value)

# --- schema version 15: approval of results --------------------------------------------------------------------------

approval_log = sa.Table(
    "approval_log",
    metadata,
    sa.Column("id", sa.BigInteger, sa.Sequence("approval_log_id_seq"), primary_key=True),
    sa.Column("indicator_code", sa.String(32), nullable=False),
    sa.Column("province_code", sa.String(8), nullable=False),
    sa.Column("fiscal_year_be", sa.Integer, nullable=False),
    sa.Column("period_no", sa.Integer, nullable=False),
    sa.Column("step", sa.String(16), nullable=False, comment="approve, accept or unapprove"),
    sa.Column("from_state", sa.String(16), nullable=False, comment="reported, approved or accepted"),
    sa.Column("to_state", sa.String(16), nullable=False),
    sa.Column("value", sa.Double, comment="the value as it stood at this step"),
    sa.Column("changed_at", TZ, nullable=False),
    sa.Column("changed_by", sa.String(200), nullable=False),
    sa.Column("reason", sa.Text, comment="why it was un-approved (required then)"),
    sa.Index("ix_approval_log_key", "indicator_code", "province_code", "fiscal_year_be", "period_no"),
    comment="every approval step of a result: who, when, from which state to which, and why for an un-approval; "
    "no foreign keys, so that keeping the log never stops the catalogue retiring what it names",
)

SCHEMA_15_TABLES = (approval_log,)

# --- schema version 16: comments on figures (interpretations) -----------------------------------------------------

figure_comment = sa.Table(
    "figure_comment",
    metadata,
    sa.Column("id", sa.Integer, sa.Sequence("figure_comment_id_seq"), primary_key=True),
    sa.Column("indicator_code", sa.String(32), nullable=False),
    sa.Column("area_level", sa.String(16), nullable=False, comment="nation, region or province"),
    sa.Column("area_code", sa.String(32), nullable=False, comment="TH, a regional office (REO08) or a province"),
    sa.Column("fiscal_year_be", sa.Integer, nullable=False),
    sa.Column("period_no", sa.Integer, comment="the reporting period; NULL: the fiscal year as a whole"),
    sa.Column("parent_id", sa.Integer, comment="the thread's first comment; NULL: it starts a thread"),
    sa.Column("text", sa.Text, nullable=False, comment="as typed: plain text, shown escaped, never markup"),
    sa.Column("author", sa.String(200), nullable=False, comment="who wrote it, as the audit trail names them"),
    sa.Column("author_user_id", sa.Integer, comment="the signed-in user (NULL: an API token)"),
    sa.Column("created_at", TZ, nullable=False),
    sa.Column("deleted_at", TZ, comment="NULL: shown; else withdrawn by its author or an administrator (kept)"),
    sa.Column("deleted_by", sa.String(200)),
    sa.Index("ix_figure_comment_subject", "indicator_code", "area_code", "fiscal_year_be"),
    comment="an interpretation of a figure (DHIS2's term): one indicator, area and period, threaded one level "
    "deep; no foreign keys, so that the catalogue may still retire the indicator it names",
)

SCHEMA_16_TABLES = (figure_comment,)

# --- schema version 17: alerts, their recipients and every delivery attempt ------------------------------------------

alert_rule = sa.Table(
    "alert_rule",
    metadata,
    sa.Column("id", sa.Integer, sa.Sequence("alert_rule_id_seq"), primary_key=True),
    sa.Column(
        "kind",
        sa.String(24),
        nullable=False,
        comment="status_enters, crisis_reported, crisis_escalated, crisis_stale or value_to_check",
    ),
    sa.Column("level", sa.String(8), comment="status_enters: red, or orange (orange or red)"),
    sa.Column("severity", sa.Integer, comment="crisis_escalated: this DDPM level or more"),
    sa.Column("hours", sa.Integer, comment="crisis_stale: not updated for this many hours"),
    sa.Column("indicator_code", sa.String(32), comment="only this indicator; NULL: every indicator"),
    sa.Column("area_code", sa.String(16), comment="only this region or province; NULL: the whole country"),
    sa.Column("enabled", sa.Boolean, nullable=False),
    sa.Column("created_at", TZ, nullable=False),
    sa.Column("created_by", sa.String(200), nullable=False),
    comment="when an alert fires, as an administrator set it; no foreign keys, so that the catalogue may still "
    "retire what it names",
)

alert_recipient = sa.Table(
    "alert_recipient",
    metadata,
    sa.Column("id", sa.Integer, sa.Sequence("alert_recipient_id_seq"), primary_key=True),
    sa.Column("kind", sa.String(8), nullable=False, comment="webhook or email"),
    sa.Column("address", sa.String(1000), nullable=False, comment="an http(s) URL or an e-mail address"),
    sa.Column("area_code", sa.String(16), comment="the office's region or province; NULL: the whole country"),
    sa.Column("enabled", sa.Boolean, nullable=False),
    sa.Column("created_at", TZ, nullable=False),
    sa.Column("created_by", sa.String(200), nullable=False),
    comment="who is told of alerts in their scope, and how",
)

alert = sa.Table(
    "alert",
    metadata,
    sa.Column("id", sa.BigInteger, sa.Sequence("alert_id_seq"), primary_key=True),
    sa.Column("rule_id", sa.Integer, nullable=False),
    sa.Column("condition_key", sa.String(200), nullable=False, comment="what holds: status:TR01:TH-50:2568 …"),
    sa.Column(
        "open_key",
        sa.String(240),
        unique=True,
        comment="rule id and condition key while the condition holds, NULL once cleared: at most one open alert "
        "per condition, whichever worker evaluates",
    ),
    sa.Column("subject_kind", sa.String(16), nullable=False, comment="indicator, crisis or value"),
    sa.Column("subject_code", sa.String(64), nullable=False, comment="what a click on it opens: a path"),
    sa.Column("areas", sa.Text, comment="',TH-50,': the provinces it concerns; NULL: the whole country"),
    sa.Column("level", sa.String(8), nullable=False, comment="red or orange: how it is shown"),
    sa.Column("message_th", sa.Text, nullable=False),
    sa.Column("message_en", sa.Text, nullable=False),
    sa.Column("fired_at", TZ, nullable=False),
    sa.Column("cleared_at", TZ, comment="NULL: the condition still holds"),
    sa.Index("ix_alert_fired", "fired_at"),
    comment="an alert fired once when its condition began to hold; cleared when it stopped, so that it may fire again",
)

alert_delivery = sa.Table(
    "alert_delivery",
    metadata,
    sa.Column("id", sa.BigInteger, sa.Sequence("alert_delivery_id_seq"), primary_key=True),
    sa.Column("alert_id", sa.BigInteger, nullable=False),
    sa.Column("recipient_id", sa.Integer, nullable=False),
    sa.Column("attempt", sa.Integer, nullable=False, comment="1, 2, … one row per attempt"),
    sa.Column("status", sa.String(12), nullable=False, comment="due, sending, delivered, failed or gave_up"),
    sa.Column("next_attempt_at", TZ, nullable=False, comment="when a due attempt may be made"),
    sa.Column("attempted_at", TZ),
    sa.Column("delivered_at", TZ),
    sa.Column("http_status", sa.Integer, comment="a webhook's answer"),
    sa.Column("error", sa.Text, comment="why it failed: no answer, an HTTP status, the SMTP server's refusal"),
    sa.Index("ix_alert_delivery_due", "status", "next_attempt_at"),
    comment="each attempt to tell a recipient of an alert: a failure schedules the next with a longer wait",
)

SCHEMA_17_TABLES = (alert_rule, alert_recipient, alert, alert_delivery)

# --- schema version 18: results below the province -----------------------------------------------------------------

school_result = sa.Table(
    "school_result",
    metadata,
    sa.Column("indicator_code", sa.String(32), sa.ForeignKey("indicator.code"), primary_key=True),
    sa.Column("school_code", sa.String(32), sa.ForeignKey("school.code"), primary_key=True),
    sa.Column("fiscal_year_be", sa.Integer, primary_key=True),
    sa.Column("period_no", sa.Integer, primary_key=True, comment="1-based within the fiscal year at the frequency"),
    sa.Column("period_end", sa.Date, nullable=False),
    sa.Column("numerator", sa.Double),
    sa.Column("denominator", sa.Double),
    sa.Column("value", sa.Double),
    sa.Column("source", sa.String(64), nullable=False, comment="demo, api, import:<file>"),
    sa.Column("updated_at", TZ, nullable=False),
    sa.Column("written_by", sa.String(200)),
    sa.Column("batch_id", sa.String(32)),
    comment="a school's result; its province's row in indicator_result is the ratio of sums of its schools, "
    "rewritten in the same transaction as each school write (source 'schools')",
)

SCHEMA_18_TABLES = (school_result,)
