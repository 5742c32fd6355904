"""Money as Decimal rounded to cents, so totals never drift, shown in a chosen currency."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from widgets.validation import parse_decimal

CENT = Decimal("0.01")
CURRENCIES = {"USD": "$", "CAD": "CA$", "AUD": "A$", "EUR": "€", "GBP": "£", "INR": "₹"}
DEFAULT_CURRENCY = "USD"
MAX_AMOUNT = Decimal("10000000")
# Roughly how many units of each currency a US dollar is worth, rounded up: only to scale
# the largest amounts a field accepts (they catch an extra zero typed by mistake) to the
# currency, never to convert an amount.
UNITS_PER_DOLLAR = {"USD": 1, "CAD": 2, "AUD": 2, "EUR": 1, "GBP": 1, "INR": 100}


def largest_amount(dollars: Decimal, currency: str) -> Decimal:
    """A field's largest amount, set in US dollars, for amounts typed in ``currency``."""
    return dollars * UNITS_PER_DOLLAR.get(currency, 1)


def to_money(value) -> Decimal:
    """An exact amount in cents from a number or its text (not from float arithmetic)."""
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


# (code, sign), longest sign first: CA$ is found before $.
_SIGNS = sorted(CURRENCIES.items(), key=lambda item: len(item[1]), reverse=True)


def without_currency_sign(text):
    """Typed text without the currency sign an amount is shown with (-€1,950.00, CA$40):
    the sign is not part of the number."""
    if not isinstance(text, str):
        return text
    for _code, sign in _SIGNS:
        text = text.replace(sign, "")
    return text.strip()


def currency_of_sign(text) -> str | None:
    """The currency whose sign typed text carries (₹1,500 -> INR), or None."""
    if not isinstance(text, str):
        return None
    for code, sign in _SIGNS:
        if sign in text:
            return code
    return None


def parse_money(text, *, what: str = "This amount", maximum=MAX_AMOUNT,
                allow_negative: bool = False) -> Decimal:
    """An amount typed by a participant, with a plain message if it cannot be used."""
    return to_money(parse_decimal(without_currency_sign(text),
                                  minimum=-maximum if allow_negative else 0,
                                  maximum=maximum, what=what))


def format_money(amount, currency: str = DEFAULT_CURRENCY, *, cents: bool = True) -> str:
    """'$1,234.50', '-$80.00', '€12.00'; unknown codes are written after the number."""
    value = to_money(amount)
    sign = "-" if value < 0 else ""
    digits = f"{abs(value):,.2f}" if cents else f"{abs(value):,.0f}"
    symbol = CURRENCIES.get(currency)
    return f"{sign}{symbol}{digits}" if symbol else f"{sign}{digits} {currency}"
