"""Validation rules as data (DHIS2's model): a left side, an operator and a right side that a result must
satisfy, an importance, and whether to skip the rule when a side is missing.

The language is deliberately small and is parsed here, never evaluated as code. A side is one term:
`value`, `numerator`, `denominator`, `previous_value` (the same province's previous period), `change_pct`
(how far the value moved from the previous period, in % of it, without sign), a number, or
`indicator:CODE` (another indicator's value for the same province and period).
"""

from __future__ import annotations

import math
import operator as op
import re
from collections.abc import Callable
from dataclasses import dataclass

OPERATORS: dict[str, Callable[[float, float], bool]] = {
    "<": op.lt,
    "<=": op.le,
    ">": op.gt,
    ">=": op.ge,
    "==": lambda a, b: math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9),
    "!=": lambda a, b: not math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9),
}
IMPORTANCES = ("high", "medium", "low")
TERMS = ("value", "numerator", "denominator", "previous_value", "change_pct")
_NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
_OTHER = re.compile(r"^indicator:([A-Za-z0-9][A-Za-z0-9._-]{0,31})$")


class BadSide(ValueError):
    """A side that is not a term of the language; carries the reason in Thai and English."""

    def __init__(self, th: str, en: str):
        super().__init__(en)
        self.th, self.en = th, en


@dataclass(frozen=True)
class Side:
    """One parsed side: a term name, a number, or another indicator's code."""

    kind: str  # "term", "number" or "indicator"
    term: str | None = None
    number: float | None = None
    indicator: str | None = None


def parse_side(text: str) -> Side:
    """A side as written in the catalogue, or BadSide saying what may be written instead."""
    stripped = text.strip()
    if stripped in TERMS:
        return Side("term", term=stripped)
    if _NUMBER.match(stripped):
        return Side("number", number=float(stripped))
    found = _OTHER.match(stripped)
    if found:
        return Side("indicator", indicator=found.group(1))
    listed = ", ".join(TERMS)
    raise BadSide(
        f"'{stripped}' ไม่ใช่พจน์ที่รับได้ ({listed}, ตัวเลข หรือ indicator:รหัส)",
        f"'{stripped}' is not a term ({listed}, a number or indicator:CODE)",
    )


@dataclass(frozen=True)
class Rule:
    code: str
    name_th: str
    name_en: str
    indicator: str | None
    left: str
    operator: str
    right: str
    importance: str
    skip_when_missing: bool

    @property
    def condition(self) -> str:
        return f"{self.left} {self.operator} {self.right}"

    def applies_to(self, indicator: str) -> bool:
        return self.indicator is None or self.indicator == indicator


@dataclass(frozen=True)
class Broken:
    """A rule a result breaks, with the two figures compared (None: missing, counted as 0)."""

    rule: Rule
    left: float | None
    right: float | None

    def figures(self) -> str:
        """The compared figures that are not written in the rule itself: "value = 150"."""
        sides = ((self.rule.left, self.left), (self.rule.right, self.right))
        return ", ".join(
            f"{side.strip()} = {shown(number)}" for side, number in sides if parse_side(side).kind != "number"
        )

    def reason(self) -> str:
        """The refusal in English, naming the rule and the figures (layouts/reasons.py says it in Thai)."""
        said = f"breaks rule {self.rule.code} «{self.rule.name_en}»: {self.rule.condition} does not hold"
        return f"{said} ({self.figures()})" if self.figures() else said


def shown(number: float | None) -> str:
    if number is None:
        return "missing"
    return f"{number:,.0f}" if float(number).is_integer() and abs(number) < 1e15 else f"{number:,.4g}"


def change_pct(value: float | None, previous: float | None) -> float | None:
    """How far a value moved from the previous period, in % of it; None without a previous non-zero value."""
    if value is None or previous is None or previous == 0:
        return None
    return abs(value - previous) / abs(previous) * 100


def check(rule: Rule, term: Callable[[Side], float | None]) -> Broken | None:
    """Whether a result breaks `rule`; `term` gives each side's figure (None when missing). A rule with a
    missing side is skipped when it says so, else the missing side counts as 0 (DHIS2's 'never skip')."""
    left, right = term(parse_side(rule.left)), term(parse_side(rule.right))
    if left is None or right is None:
        if rule.skip_when_missing:
            return None
    if OPERATORS[rule.operator](left or 0.0, right or 0.0):
        return None
    return Broken(rule, left, right)
