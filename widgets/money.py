"""Money as Decimal rounded to cents, so totals never drift, shown in a chosen currency."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from widgets.validation import InputError, parse_decimal, refuse_point_between_thousands

CENT = Decimal("0.01")
CURRENCIES = {"USD": "$", "CAD": "CA$", "AUD": "A$", "EUR": "€", "GBP": "£", "INR": "₹"}
DEFAULT_CURRENCY = "USD"
# The kit's own figures (facts, example scenarios and internships) are US figures, in US
# dollars whatever currency new plans start in.
US_FIGURES_CURRENCY = "USD"
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
# A currency's code typed before or after the number: "USD 150", "150 inr".
_CODE = re.compile(r"^\s*([A-Za-z]{3})(?![A-Za-z])|(?<![A-Za-z])([A-Za-z]{3})\s*$")


def _code_in(text: str) -> str | None:
    found = _CODE.search(text)
    code = found and (found.group(1) or found.group(2)).upper()
    return code if code in CURRENCIES else None


def amount_text(text, what: str, maximum=None):
    """Typed text of an amount, for ``parse_decimal``: without the currency sign it is
    shown with (-€1,950.00, CA$40) or the code typed with it (USD 150), neither part of
    the number. An amount a point may split into thousands is refused, as a comma
    marking decimals is: read either way, one reading would be silently wrong."""
    if not isinstance(text, str):
        return text
    typed = text.strip()
    for _code, sign in _SIGNS:
        text = text.replace(sign, "")
    if _code_in(text):
        text = _CODE.sub("", text, count=1)
    text = text.strip()
    refuse_point_between_thousands(text, what, typed, maximum)
    return text


def currency_named(text) -> str | None:
    """The currency typed text names by its sign or code (₹1,500 and 1500 inr -> INR), or None."""
    if not isinstance(text, str):
        return None
    for code, sign in _SIGNS:
        if sign in text:
            return code
    return _code_in(text)


def refuse_other_currency(text, currency: str, what: str, whose: str) -> None:
    """An InputError when typed text names another currency than ``currency``: the kit
    has no exchange rates, and reading €500 as $500 would be a silently wrong number."""
    typed_in = currency_named(text)
    if typed_in not in (None, currency):
        raise InputError(f"{what} is counted in {currency}, {whose}: type it in {currency} "
                         f"(the kit has no exchange rate to convert {typed_in}).")


def parse_money(text, currency: str, *, what: str = "This amount", maximum=MAX_AMOUNT,
                allow_negative: bool = False) -> Decimal:
    """An amount typed by a participant in ``currency`` (the profile's, or the one the
    tool's amounts were saved in: ``amounts_currency``), with a plain message if it cannot
    be used; one typed in another currency is refused."""
    refuse_other_currency(text, currency, what, "like the other amounts here")
    return to_money(parse_decimal(amount_text(text, what, maximum),
                                  minimum=-maximum if allow_negative else 0,
                                  maximum=maximum, places=2, what=what))


def format_money(amount, currency: str = DEFAULT_CURRENCY, *, cents: bool = True) -> str:
    """'$1,234.50', '-$80.00', '€12.00'; unknown codes are written after the number."""
    value = to_money(amount)
    sign = "-" if value < 0 else ""
    digits = f"{abs(value):,.2f}" if cents else f"{abs(value):,.0f}"
    symbol = CURRENCIES.get(currency)
    return f"{sign}{symbol}{digits}" if symbol else f"{sign}{digits} {currency}"


def amounts_currency(saved_in: str, has_amounts: bool, profile_currency: str) -> str:
    """The currency of a section's amounts: the one they were saved in, once there are
    any; for a section with none yet, the profile's (lesson 00). The kit never converts,
    so a later change of the profile's currency must not relabel what was typed."""
    return saved_in if has_amounts else profile_currency


def kept_currency_note(saved_in: str, profile_currency: str, what: str) -> str | None:
    """What to tell a participant whose profile currency is not the one their ``what``
    (e.g. "scenarios") were typed in; None when they are the same."""
    if saved_in == profile_currency:
        return None
    return (f"Your {what} were typed in {saved_in}, and your profile now says "
            f"{profile_currency}. The kit does not convert between currencies, so they stay "
            f"in {saved_in}. If their amounts are in fact {profile_currency} amounts, use the "
            f"button below; to go on in {saved_in}, choose it again in lesson 00.")
