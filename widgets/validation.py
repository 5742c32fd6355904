"""Reading what a participant typed: numbers, money, dates and text, with plain messages.

Pure core logic. Every parser returns the value or raises ``InputError`` whose
message is written for the person who typed it; views show it beside the control.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from decimal import Decimal, InvalidOperation

MAX_TEXT_LENGTH = 2000
MAX_SHORT_TEXT_LENGTH = 200
# A career plan's dates: a year outside is a slip of the keyboard (1900, 9999), and the
# calendar export could not count a day past 9999-12-31.
EARLIEST_DATE = date(1950, 1, 1)
LATEST_DATE = date(2099, 12, 31)


class InputError(ValueError):
    """Something a participant typed that cannot be used, with a message for them."""


# Commas only as thousands separators (1,500 or 12,000.50).
GROUPED_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")
# Spaces as thousands separators (1 500, 12 000.50; also the no-break spaces that
# French and other keyboards and spreadsheets put there): only one reading.
THOUSANDS_SPACES = "[ \u00a0\u202f]"
SPACE_GROUPED_THOUSANDS = re.compile(rf"[+-]?\d{{1,3}}({THOUSANDS_SPACES}\d{{3}})+(\.\d*)?")
# 1e3 is a number to Python but a slip to a participant (a stray e), read as 1000.
EXPONENT = re.compile(r"\d[eE][+-]?\d")
# 1.000 or 12.500: where a point groups thousands (much of Europe, Latin America,
# Indonesia) that is 1000 or 12500; read with the point as decimals it is 1 or 12.5.
POINT_BETWEEN_THOUSANDS = re.compile(r"([+-]?)([1-9]\d{0,2})\.(\d{3})")


def _clean_number_text(text, what: str) -> str:
    if isinstance(text, (int, float, Decimal)) and not isinstance(text, bool):
        return str(text)
    if not isinstance(text, str):
        raise InputError("Enter a number.")
    cleaned = text.strip().replace("_", "")
    if not cleaned:
        raise InputError("Enter a number.")
    if EXPONENT.search(cleaned):
        raise InputError(f"{what} must be written out in digits, like 1500 (you typed "
                         f"'{text.strip()[:30]}').")
    if SPACE_GROUPED_THOUSANDS.fullmatch(cleaned):
        cleaned = re.sub(THOUSANDS_SPACES, "", cleaned)
    if "," in cleaned:
        # 7,5 is 7.5 where a comma marks decimals: dropping the comma would read 75.
        if not GROUPED_THOUSANDS.fullmatch(cleaned):
            raise InputError(f"{what} must use a point for decimals, like 7.5 (you typed "
                             f"'{text.strip()[:30]}'); a comma may only group thousands, "
                             "like 1,500.")
        cleaned = cleaned.replace(",", "")
    return cleaned


def refuse_point_between_thousands(text: str, what: str, typed: str | None = None,
                                   maximum=None) -> None:
    """An InputError for a number a point may split into thousands (1.500): like a decimal
    comma, one reading would be silently wrong. ``typed`` is what the participant typed,
    if ``text`` is a cleaned form of it; a thousands reading above ``maximum`` is not
    offered, since typing it would only be refused in turn."""
    grouped = POINT_BETWEEN_THOUSANDS.fullmatch(text.strip())
    if grouped:
        sign, thousands, units = grouped.groups()
        whole = int(thousands + units)
        decimals = decimal_text(Decimal(f"{thousands}.{units}").quantize(Decimal("0.01")))
        shown = (typed or text).strip()[:30]
        if maximum is not None and whole > maximum:
            raise InputError(
                f"{what} can be read two ways (you typed '{shown}'): as {sign}{whole:,} it "
                f"would be more than the most allowed ({decimal_text(Decimal(maximum))}); "
                f"type {sign}{decimals} if the point marks decimals (at most two decimals).")
        raise InputError(
            f"{what} can be read two ways (you typed '{shown}'): type "
            f"{sign}{whole} or {sign}{whole:,} for thousands, or {sign}{decimals} if the point "
            "marks decimals (at most two decimals).")


def parse_decimal(text, *, minimum=None, maximum=None, places: int | None = None,
                  what: str = "This value") -> Decimal:
    """A Decimal within bounds, with at most ``places`` decimals if given: more are
    refused, not rounded away without a word. Typed text a point may split into
    thousands (1.500) is refused too."""
    if isinstance(text, str):
        refuse_point_between_thousands(text, what, maximum=maximum)
    cleaned = _clean_number_text(text, what)
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise InputError(f"{what} must be a number (you typed '{str(text)[:30]}').") from None
    if not number.is_finite():
        raise InputError(f"{what} must be an ordinary number.")
    if minimum is not None and number < Decimal(str(minimum)):
        raise InputError(f"{what} must be at least {minimum}.")
    if maximum is not None and number > Decimal(str(maximum)):
        raise InputError(f"{what} must be at most {maximum}.")
    if places is not None and -number.normalize().as_tuple().exponent > places:
        raise InputError(f"{what} can have at most {places} decimals (you typed "
                         f"'{str(text).strip()[:30]}').")
    return number


def decimal_text(number: Decimal) -> str:
    """A number as a person writes it: no exponent, no trailing zeros (37.5, 40, 0)."""
    text = format(number.normalize(), "f")
    return "0" if text == "-0" else text


def parse_int(text, *, minimum=None, maximum=None, what: str = "This value") -> int:
    number = parse_decimal(text, minimum=minimum, maximum=maximum, what=what)
    if number != number.to_integral_value():
        raise InputError(f"{what} must be a whole number.")
    return int(number)


# C0 and C1 controls and DEL, but not the tab and the line breaks typed in notes.
_CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_HALF_CHARACTER = re.compile("[\ud800-\udfff]")


def whole_characters(text: str) -> str:
    """``text`` with each half of a character (an emoji cut in two: JSON and browsers can
    carry one) made U+FFFD, as text readers show it; Python cannot write a half as UTF-8,
    so a message or a plan holding one would fail to go out."""
    return _HALF_CHARACTER.sub("\ufffd", text)


def parse_text(text, *, required: bool = False, max_length: int = MAX_SHORT_TEXT_LENGTH,
               what: str = "This field") -> str:
    """Text with surrounding spaces removed; empty is allowed unless required. Control
    characters (pasted from elsewhere, invisible) are dropped: calendar apps may refuse a
    file with them."""
    if not (isinstance(text, str) or text is None):
        raise InputError(f"{what} must be text.")
    value = whole_characters(_CONTROL_CHARACTER.sub("", text or "")).strip()
    if required and not value:
        raise InputError(f"{what} cannot be empty.")
    if len(value) > max_length:
        raise InputError(f"{what} is too long ({len(value)} characters; at most {max_length}).")
    return value


def parse_date(value, *, required: bool = False, not_before: date | None = None,
               what: str = "This date") -> date | None:
    """A date from a date object or ISO text (YYYY-MM-DD)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise InputError(f"{what} is needed.")
        return None
    if isinstance(value, date):
        result = value
    elif isinstance(value, str):
        result = _date_from_text(value.strip(), what)
    else:
        raise InputError(f"{what} must be a date.")
    if not EARLIEST_DATE <= result <= LATEST_DATE:
        raise InputError(f"{what} must be between {EARLIEST_DATE.year} and {LATEST_DATE.year} "
                         f"(you typed {result.isoformat()}).")
    if not_before is not None and result < not_before:
        raise InputError(f"{what} must be on or after {not_before.isoformat()}.")
    return result


# Year-month-day, the month and day with one digit or two ("2027-3-5" is read too).
DATE_PARTS = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def _date_from_text(text: str, what: str) -> date:
    """A date typed as year-month-day; the message says what does not fit: a month or a
    day the calendar does not have, or another way of writing dates."""
    parts = DATE_PARTS.fullmatch(text)
    if parts is None or int(parts[1]) < 1:
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise InputError(f"{what} must be a date like 2027-03-31 (year-month-day; you "
                             f"typed '{text[:30]}').") from None
    year, month, day = (int(part) for part in parts.groups())
    if not 1 <= month <= 12:
        raise InputError(f"{what}: {text} has month {month}, and a year has 12 (dates are "
                         "year-month-day: the month comes second).")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise InputError(f"{what}: {calendar.month_name[month]} {year} has {days} days, "
                         f"so there is no {text}.")
    return date(year, month, day)


def iso_date(value, *, what: str = "This date") -> str:
    """A date as the plan stores it (YYYY-MM-DD), or "" when none was given."""
    parsed = parse_date(value, what=what)
    return parsed.isoformat() if parsed else ""


def choice(value, options, *, what: str = "This choice"):
    """``value`` if it is one of ``options``."""
    if value not in options:
        raise InputError(f"{what} must be one of: {', '.join(map(str, options))}.")
    return value


def mapping(data, keys: dict, *, what: str = "This entry") -> dict:
    """A dict holding only ``keys`` (name -> default); missing keys get their default."""
    if not isinstance(data, dict):
        raise InputError(f"{what} must be an object with named fields.")
    unknown = set(data) - set(keys)
    if unknown:
        raise InputError(f"{what} has unknown fields: {', '.join(sorted(map(str, unknown)))}.")
    return {key: data.get(key, default) for key, default in keys.items()}


def list_of(data, *, what: str = "This list", max_items: int = 200) -> list:
    if not isinstance(data, list):
        raise InputError(f"{what} must be a list.")
    if len(data) > max_items:
        raise InputError(f"{what} has {len(data)} entries; at most {max_items} are kept.")
    return data


def items_with_unique_ids(data, read_item, *, what: str, items_are: str, max_items: int,
                          id_of=lambda item: item["id"]) -> list:
    """Each entry of a plan's list read by ``read_item(entry, number)`` (from 1, for its
    messages); two with one id are refused, as editors and exports find an item by it."""
    items = [read_item(item, number)
             for number, item in enumerate(list_of(data, what=what, max_items=max_items), start=1)]
    ids = [id_of(item) for item in items]
    if len(set(ids)) != len(ids):
        raise InputError(f"Two {items_are} have the same id.")
    return items
