"""The catalogue's validation rules applied to results as they are written: a rule of high importance refuses
the write (ingest.check_results), a lower one lets it through and flags the value "to check" until a later
write satisfies the rule.

Every figure a rule needs (the previous period, another indicator for the same province and period) is read
in one statement for the whole batch, and the batch's own rows count before the stored ones.
"""

from __future__ import annotations

import operator

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from cockpit.rules import validation
from cockpit.rules.thai_time import PERIODS_PER_YEAR
from cockpit.rules.validation import Broken, Rule, Side
from cockpit.store import schema
from cockpit.store.database import utc_now

KEY = ("indicator_code", "province_code", "fiscal_year_be", "period_no")


def active_rules(conn: Connection) -> list[Rule]:
    """The rules in force, in the catalogue's order."""
    table = schema.validation_rule
    rows = conn.execute(sa.select(table).where(table.c.active.is_(True)).order_by(table.c.sort_order, table.c.code))
    return [
        Rule(
            r.code,
            r.name_th,
            r.name_en,
            r.indicator_code,
            r.left_side,
            r.operator,
            r.right_side,
            r.importance,
            bool(r.skip_when_missing),
        )
        for r in rows
    ]


_key = operator.itemgetter(*KEY)  # a row's key (a dict or a row mapping): called several times per imported row


class Checker:
    """The rules in force and the stored figures they may compare a batch's rows with."""

    def __init__(self, conn: Connection, rows: list[dict], frequency: dict[str, str] | None = None):
        self.rules = active_rules(conn)
        if frequency is None and self.rules:
            i = schema.indicator
            frequency = {row.code: row.frequency for row in conn.execute(sa.select(i.c.code, i.c.frequency))}
        self.frequency = frequency or {}
        self.known: dict[tuple, dict] = {}
        if self.rules and rows:
            self._load(conn, rows)
        for row in rows:
            self.known[_key(row)] = row

    def _load(self, conn: Connection, rows: list[dict]) -> None:
        others = {
            side.indicator
            for rule in self.rules
            for side in (validation.parse_side(rule.left), validation.parse_side(rule.right))
            if side.kind == "indicator"
        }
        r = schema.indicator_result
        codes = sorted({row["indicator_code"] for row in rows} | others)
        provinces = sorted({row["province_code"] for row in rows})
        years = sorted({y for row in rows for y in (row["fiscal_year_be"], row["fiscal_year_be"] - 1)})
        query = sa.select(*(r.c[k] for k in KEY), r.c.numerator, r.c.denominator, r.c.value).where(
            r.c.indicator_code.in_(codes), r.c.province_code.in_(provinces), r.c.fiscal_year_be.in_(years)
        )
        for found in conn.execute(query):
            self.known[_key(found._mapping)] = dict(found._mapping)

    def _previous(self, row: dict) -> dict | None:
        code, province, year, period = _key(row)
        if period > 1:
            return self.known.get((code, province, year, period - 1))
        last = PERIODS_PER_YEAR.get(self.frequency.get(code, "yearly"), 1)
        return self.known.get((code, province, year - 1, last))

    def breaks(self, row: dict) -> list[Broken]:
        """The rules `row` breaks, of any importance."""

        def term(side: Side) -> float | None:
            if side.kind == "number":
                return side.number
            if side.kind == "indicator":
                other = self.known.get((side.indicator, *_key(row)[1:]))
                return other["value"] if other else None
            if side.term in ("value", "numerator", "denominator"):
                return row[side.term]
            previous = self._previous(row)
            before = previous["value"] if previous else None
            return before if side.term == "previous_value" else validation.change_pct(row["value"], before)

        found = []
        for rule in self.rules:
            if rule.applies_to(row["indicator_code"]):
                broken = validation.check(rule, term)
                if broken is not None:
                    found.append(broken)
        return found


def flag(conn: Connection, rows: list[dict], actor: str) -> dict[str, int]:
    """After a write: flag each row that breaks a rule of medium or low importance, and resolve the open flags
    of rows that now satisfy their rule. Returns how many were flagged and resolved."""
    if not rows:
        return {"flagged": 0, "resolved": 0}
    table = schema.flagged_value
    keys = {_key(row) for row in rows}
    open_flags: dict[tuple, dict[str, int]] = {}
    if keys:
        query = sa.select(table.c.id, *(table.c[k] for k in KEY), table.c.rule_code).where(
            table.c.resolved_at.is_(None),
            table.c.indicator_code.in_(sorted({k[0] for k in keys})),
            table.c.province_code.in_(sorted({k[1] for k in keys})),
            table.c.fiscal_year_be.in_(sorted({k[2] for k in keys})),
        )
        for found in conn.execute(query):
            key = _key(found._mapping)
            if key in keys:
                open_flags.setdefault(key, {})[found.rule_code] = found.id
    checker = Checker(conn, rows)
    now, new, resolved = utc_now(), [], []
    for row in rows:
        key = _key(row)
        still = {b.rule.code: b for b in checker.breaks(row) if b.rule.importance != "high"}
        flagged = open_flags.get(key, {})
        resolved += [flag_id for code, flag_id in flagged.items() if code not in still]
        for code, broken in still.items():
            if code in flagged:
                conn.execute(
                    table.update()
                    .where(table.c.id == flagged[code])
                    .values(left_value=broken.left, right_value=broken.right, condition=broken.rule.condition)
                )
                continue
            new.append(
                dict(zip(KEY, key, strict=True))
                | {
                    "rule_code": code,
                    "importance": broken.rule.importance,
                    "condition": broken.rule.condition[:200],
                    "left_value": broken.left,
                    "right_value": broken.right,
                    "flagged_at": now,
                    "flagged_by": actor[:200],
                }
            )
    if resolved:
        conn.execute(table.update().where(table.c.id.in_(resolved)).values(resolved_at=now, resolved_by=actor[:200]))
    if new:
        conn.execute(table.insert(), new)
    return {"flagged": len(new), "resolved": len(resolved)}
