"""Figures as Vietnamese documents print them: thousands grouped with "." and
percentages with two decimals, rounded half up.

Decisions never use these strings; they compare the exact integers.
"""

from decimal import ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")


def pct(part: int, whole: int) -> str:
    """Per cent of `whole`: pct(1, 3) == "33.33"; "0.00" when whole is 0."""
    if not whole:
        return "0.00"
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(TWO_PLACES, ROUND_HALF_UP)
    return f"{value:.2f}"


def grouped(value: int) -> str:
    """12345 -> "12.345": thousands grouped with "." as Vietnamese writes them."""
    return f"{value:,}".replace(",", ".")
