"""The figures a result may carry: how typed text becomes a number, and the built-in rules every result obeys
whatever the catalogue says (finite, within bounds, a percentage no more than 100 %, a count whole and not
negative).

Typed numbers are read deliberately, never by Python's `float()`, which takes "nan", "inf", "1_000" and Thai
or Arabic-Indic digits without a word. Accepted: ASCII digits 0-9, an optional sign, one decimal point,
commas that group thousands ("12,150") and an exponent ("1e3"). Everything else is refused with a reason
that says what to write instead: a figure someone typed in Thai digits is easy to retype, a silently
misread one is not.
"""

from __future__ import annotations

import math
import re
import unicodedata

# No figure the ministry reports comes near a trillion (Thailand has about 66 million people), while a sum of
# 77 provinces' figures over 12 periods of this size stays far from overflowing a double.
MAX_FIGURE = 1e12

# [0-9], not \d: Python's \d also matches Thai and Arabic-Indic digits.
_PLAIN = re.compile(r"[+-]?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)?(\.[0-9]+)?([eE][+-]?[0-9]+)?")
_WHOLE = re.compile(r"[+-]?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)")


class NotANumber(ValueError):
    """Text that is not a number written the accepted way; the message says why and what to write."""


def _refusal(text: str) -> str:
    """Why `text` is not an accepted number, in words a person can act on."""
    for char in text:
        if char.isdigit() and not ("0" <= char <= "9"):
            name = unicodedata.name(char, "a non-ASCII digit")
            script = "Thai" if name.startswith("THAI") else ("Arabic-Indic" if "ARABIC" in name else "non-ASCII")
            return f"{text!r} has {script} digits; write the figure with the digits 0-9"
    lowered = text.lower()
    if lowered.lstrip("+-") in ("nan", "inf", "infinity"):
        return f"{text!r} is not a finite number"
    if "_" in text:
        return f"{text!r} uses '_' to group digits; write 1000 or 1,000"
    if "," in text:
        return f"{text!r} groups digits wrongly; commas may only separate thousands (12,150)"
    return f"{text!r} is not a number"


def parse_number(text: str) -> float:
    """A typed figure as a float, or `NotANumber` saying what is wrong with it."""
    stripped = text.strip()
    if not _PLAIN.fullmatch(stripped) or not any("0" <= c <= "9" for c in stripped):
        raise NotANumber(_refusal(stripped))
    number = float(stripped.replace(",", ""))
    if not math.isfinite(number):
        raise NotANumber(f"{text!r} is too large to be a number")
    return number


def parse_whole(text: str) -> int:
    """A typed whole number (a year, a period), or `NotANumber`."""
    stripped = text.strip()
    if _WHOLE.fullmatch(stripped):
        return int(stripped.replace(",", ""))
    try:
        number = parse_number(stripped)
    except NotANumber:
        raise NotANumber(_refusal(stripped)) from None
    if not number.is_integer():
        raise NotANumber(f"{text!r} is not a whole number")
    return int(number)


def _shown(number: float) -> str:
    return f"{number:,.0f}" if float(number).is_integer() and abs(number) < 1e15 else f"{number:g}"


def figure_problems(
    unit: str, aggregation: str, multiplier: float, value: float | None, numerator: float | None, denominator
) -> dict[str, str]:
    """The built-in rules a result breaks, as {field: "the rule, with the figures"}; empty when it keeps them.

    The bounds on each figure alone (finite, 0 to MAX_FIGURE) are checked before, by the request model."""
    problems: dict[str, str] = {}
    if aggregation == "ratio" and numerator is not None and denominator:
        if unit == "percent" and numerator > denominator:
            problems["numerator"] = (
                f"numerator {_shown(numerator)} exceeds denominator {_shown(denominator)}: a percentage cannot pass "
                f"100 % (this would be {numerator / denominator * 100:,.2f} %)"
            )
        computed = numerator / denominator * multiplier
        if not math.isfinite(computed) or computed > MAX_FIGURE:
            problems["denominator"] = (
                f"numerator {_shown(numerator)} / denominator {_shown(denominator)} gives a value beyond "
                f"{_shown(MAX_FIGURE)}; check the denominator"
            )
    if unit == "count" and value is not None:
        if value < 0:
            problems["value"] = f"a count cannot be negative, got {_shown(value)}"
        elif not float(value).is_integer():
            problems["value"] = f"a count must be a whole number, got {value:g}"
    return problems
