"""Certifications: the sourced reference rows, the plan section, and the cost calculator.

Pure core logic (no widget imports). The reference rows come from data/certifications.csv
(checked by ``widgets.data`` and, for rules that span columns, by ``load_certifications``).
The calculator compares what each chosen certification costs a participant:

- a one-off exam fee (or a free certificate) is paid at the start; the expected cost of a
  retake is the chance of failing the first attempt times the retake price, paid when
  studying ends;
- a subscription is paid at the start of every month of study: the months needed are the
  participant's own study-hours estimate divided by the hours they study a week, rounded
  up to whole billing months;
- renewals fall due every N years after the certification is earned; those due within
  the chosen horizon (a renewal due exactly at its end included) are counted.

Hours and months are exact fractions; money is Decimal cents (``widgets.money``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from widgets.data import DataError, load_table
from widgets.facts import STATUS_WORDS
from widgets.markup import counted, in_sentence, in_words, number_text
from widgets.money import (
    DEFAULT_CURRENCY,
    amount_text,
    format_money,
    largest_amount,
    refuse_other_currency,
    to_money,
)
from widgets.validation import (
    InputError,
    decimal_text,
    list_of,
    mapping,
    parse_decimal,
    parse_text,
    refuse_point_between_thousands,
)

# A month of study is 52 weeks / 12 months (about 4.33 weeks).
WEEKS_PER_MONTH = Fraction(52, 12)
MIN_HOURS_PER_WEEK = Decimal("0.5")
MAX_HOURS_PER_WEEK = Decimal(80)
MIN_STUDY_HOURS = Decimal(1)
MAX_STUDY_HOURS = Decimal(2000)
MAX_PRICE = Decimal(10_000)
MAX_HORIZON_YEARS = 10
DEFAULT_HORIZON_YEARS = 3
MAX_RENEWAL_YEARS = 10
MAX_OPTIONS = 3
SLOT_LABELS = ("A", "B", "C")

FIELD_LABELS = {
    "cloud": "Cloud", "it_support": "IT support", "networking": "Networking",
    "security": "Security", "project_management": "Project management", "data": "Data",
    "marketing": "Marketing", "business": "Business",
}
LEVEL_LABELS = {"foundational": "Foundational", "associate": "Associate",
                "professional": "Professional"}
PRICING_LABELS = {"exam_fee": "One-off exam fee", "subscription": "Monthly subscription",
                  "free": "Free"}
DELIVERY_LABELS = {
    "online": "Online exam", "test_centre": "Test centre",
    "online_or_test_centre": "Online or at a test centre", "online_course": "Online course",
}
SORTS = {
    "listed": "Order of the data file",
    "price_low": "Listed price, lowest first",
    "price_high": "Listed price, highest first",
    "hours_low": "Study hours, fewest first",
    "name": "Name, A to Z",
}
REPUTATION_NOTE = (
    "Before you pay, check the provider: who issues it (the company or professional body "
    "that owns the skill), whether employers ask for it (search job ads in your field for "
    "its name), and what recent holders say in independent reviews, not only on the "
    "provider's own site."
)


# --- reference rows ------------------------------------------------------------------

@dataclass(frozen=True)
class Certification:
    """One row of data/certifications.csv, typed."""

    id: str
    name: str
    short_name: str
    issuer: str
    field: str
    level: str
    pricing_model: str
    price: Decimal
    other_price: Decimal | None
    currency: str
    retake_price: Decimal | None
    study_hours: Decimal | None
    typical_months_min: Decimal | None  # where the source gives a range: its lower end
    typical_months: Decimal | None
    hours_per_week_assumed: Decimal | None
    renewal_years: int | None
    renewal_cost: Decimal | None
    delivery: str
    notes: str
    source: str
    source_url: str | None
    as_of: str | None
    status: str

    @classmethod
    def from_row(cls, row: dict) -> Certification:
        values = {name: row.get(name) for name in cls.__dataclass_fields__}
        values["short_name"] = row.get("short_name") or row["name"]
        values["notes"] = row.get("notes") or ""
        return cls(**values)

    @property
    def year(self) -> str:
        return self.as_of[:4] if self.as_of else "undated"

    @property
    def citation(self) -> str:
        """'certmag.com (trade press), 2023; quoted by a third party' (plain text)."""
        return f"{self.source}, {self.year}; {STATUS_WORDS[self.status]}"

    @property
    def listed_study_hours(self) -> Decimal | None:
        """Study hours the row itself states, or derives from months and weekly hours."""
        if self.study_hours is not None:
            return self.study_hours
        if self.typical_months is not None and self.hours_per_week_assumed is not None:
            hours = Fraction(self.typical_months) * Fraction(self.hours_per_week_assumed)
            return Decimal(math.ceil(hours * WEEKS_PER_MONTH))
        return None

    def listed_study_hours_note(self) -> str:
        """Where the row's study-hours figure comes from, or why there is none."""
        if self.study_hours is not None:
            return (f"The data file gives about {number_text(self.study_hours)} study hours "
                    f"({self.citation}).")
        hours = self.listed_study_hours
        if hours is not None:
            upper = " (the longer end)" if self.typical_months_min is not None else ""
            return (f"Worked out from the data file: about {number_text(self.typical_months)} "
                    f"months{upper} at {number_text(self.hours_per_week_assumed)} hours a week "
                    f"is about {number_text(hours)} hours ({self.citation}).")
        return ("The sources used here give no study-hours figure for it, so the calculator "
                "uses your own estimate.")


def row_problems(cert: Certification) -> list[tuple[str, str]]:
    """Rules that span columns: (column, message) for each one this row breaks."""
    problems = []
    if cert.pricing_model == "free" and cert.price != 0:
        problems.append(("price", f"is {cert.price} but pricing_model is 'free': "
                                  "a free certification has price 0"))
    if cert.pricing_model != "free" and cert.price == 0:
        problems.append(("price", f"is 0 but pricing_model is '{cert.pricing_model}': "
                                  "use pricing_model 'free' for a free certification"))
    if cert.pricing_model == "subscription" and cert.retake_price is not None:
        problems.append(("retake_price", "is set for a subscription, which has no exam fee "
                                         "to retake: leave it empty"))
    if (cert.renewal_years is None) != (cert.renewal_cost is None):
        problems.append(("renewal_cost" if cert.renewal_cost is None else "renewal_years",
                         "renewal_years and renewal_cost go together: fill in both or "
                         "neither"))
    if cert.hours_per_week_assumed is not None and cert.typical_months is None:
        problems.append(("typical_months", "is empty but hours_per_week_assumed is set: "
                                           "the weekly hours belong to a typical duration"))
    if cert.typical_months_min is not None and (cert.typical_months is None
                                                or cert.typical_months_min >= cert.typical_months):
        problems.append(("typical_months_min", "is the shorter end of a range: fill in "
                                               "typical_months with the longer end"))
    largest = largest_amount(MAX_PRICE, cert.currency)  # as for what participants type
    for column in ("price", "other_price", "retake_price", "renewal_cost"):
        amount = getattr(cert, column)
        if amount is not None and amount > largest:
            problems.append((column, f"{amount} is above the maximum {largest} for "
                                     f"{cert.currency} (an extra zero?)"))
    if cert.status == "conflict" and cert.other_price is None:
        problems.append(("other_price", "is empty but status is 'conflict': give the other "
                                        "reported price so the lesson can show both"))
    if cert.other_price is not None and cert.status != "conflict":
        problems.append(("status", f"is '{cert.status}' but other_price is set: use "
                                   "'conflict' when sources disagree"))
    return problems


def row_rule_problems(row: dict) -> list[tuple[str, str]]:
    """The cross-column rules for one row of the data file (``TABLES`` applies them)."""
    return row_problems(Certification.from_row(row))


def load_certifications(directory: Path | None = None) -> list[Certification]:
    """Every certification, or DataError naming each problem with its line and column."""
    return [Certification.from_row(row) for row in load_table("certifications", directory)]


def by_id(certs: list[Certification]) -> dict[str, Certification]:
    return {cert.id: cert for cert in certs}


# --- words and numbers ---------------------------------------------------------------

def money_text(amount, currency: str, profile_currency: str | None) -> str:
    """'$100.00', or '$100.00 USD' when the participant works in another currency (or
    the reader's currency is not known: None)."""
    text = format_money(amount, currency)
    return text if currency == profile_currency else f"{text} {currency}"


def currency_note(currencies: set[str], profile_currency: str | None) -> str:
    """Why amounts are not in the participant's own currency, if they are not (nothing
    when that currency is not known)."""
    foreign = sorted(currencies - {profile_currency})
    if not foreign or profile_currency is None:
        return ""
    return (f"These prices are in {', '.join(foreign)}, as the sources give them; your "
            f"profile uses {profile_currency}. They are not converted, because the kit has "
            "no sourced exchange rate.")


def about_text(cert: Certification) -> str:
    """What a certification is for, in a few words: "Cloud, foundational; online or at a
    test centre"."""
    return (f"{FIELD_LABELS[cert.field]}, {in_sentence(LEVEL_LABELS[cert.level])}; "
            f"{in_sentence(DELIVERY_LABELS[cert.delivery])}")


def price_text(cert: Certification, profile_currency: str) -> str:
    """'$100.00 exam fee', '$49.00 a month', 'Free'."""
    if cert.pricing_model == "free":
        return "Free"
    amount = money_text(cert.price, cert.currency, profile_currency)
    return f"{amount} a month" if cert.pricing_model == "subscription" else f"{amount} exam fee"


def conflict_text(cert: Certification, profile_currency: str) -> str:
    if cert.other_price is None:
        return ""
    return (f"Sources disagree: {money_text(cert.price, cert.currency, profile_currency)} "
            f"here, {money_text(cert.other_price, cert.currency, profile_currency)} elsewhere.")


def retake_text(cert: Certification, profile_currency: str) -> str:
    if cert.pricing_model == "subscription":
        return "none (no exam fee)"
    if cert.pricing_model == "free":
        return "free"
    if cert.retake_price is None:
        return "not in sources (full price assumed)"
    return money_text(cert.retake_price, cert.currency, profile_currency)


def study_time_text(cert: Certification) -> str:
    if cert.study_hours is not None:
        return f"about {number_text(cert.study_hours)} hours"
    if cert.typical_months is not None:
        weekly = (f" at {number_text(cert.hours_per_week_assumed)} hours a week"
                  if cert.hours_per_week_assumed is not None else "; weekly hours not stated")
        return f"about {months_text(cert)} months typical{weekly}"
    return "not in sources"


def renewal_text(cert: Certification, profile_currency: str) -> str:
    if cert.renewal_years is None:
        return "not in sources"
    return (f"{money_text(cert.renewal_cost, cert.currency, profile_currency)} every "
            f"{counted(cert.renewal_years, 'year')}")


def typical_cost_text(cert: Certification, profile_currency: str) -> str:
    """For a subscription with a stated typical duration: what that duration costs."""
    if cert.pricing_model != "subscription" or cert.typical_months is None:
        return ""
    def cost(months) -> str:
        paid = math.ceil(Fraction(months))
        return (f"{paid} × {money_text(cert.price, cert.currency, profile_currency)} = "
                f"{money_text(to_money(cert.price * paid), cert.currency, profile_currency)}")

    ends = [end for end in (cert.typical_months_min, cert.typical_months) if end is not None]
    costs = " to ".join(cost(months) for months in ends)
    return (f"Over {months_text(cert)} months, the typical duration {cert.source} gives "
            f"({cert.year}; see its notes), it would cost {costs}.")


def months_text(cert: Certification) -> str:
    """'6', or '3 to 6' where the source gives a range."""
    if cert.typical_months_min is None:
        return number_text(cert.typical_months)
    return f"{number_text(cert.typical_months_min)} to {number_text(cert.typical_months)}"


# --- the explorer -------------------------------------------------------------------

def filter_certifications(certs: list[Certification], *, field: str = "", level: str = "",
                          pricing_model: str = "", max_price: Decimal | None = None
                          ) -> list[Certification]:
    """Rows matching every filter given ('' or None means any)."""
    return [
        cert for cert in certs
        if (not field or cert.field == field)
        and (not level or cert.level == level)
        and (not pricing_model or cert.pricing_model == pricing_model)
        and (max_price is None or cert.price <= max_price)
    ]


def offered_sorts(certs: list[Certification]) -> list[tuple[str, str]]:
    """The sort choices, as (label, key): by study hours only when some row gives them
    (the kit's own list gives none, and the choice then changed nothing)."""
    has_hours = any(cert.listed_study_hours is not None for cert in certs)
    return [(label, key) for key, label in SORTS.items() if key != "hours_low" or has_hours]


def sort_certifications(certs: list[Certification], sort: str) -> list[Certification]:
    """Rows in the chosen order; rows without a figure to sort by keep their order, last."""
    if sort == "price_low":
        return sorted(certs, key=lambda cert: cert.price)
    if sort == "price_high":
        return sorted(certs, key=lambda cert: -cert.price)
    if sort == "hours_low":
        with_hours = [cert for cert in certs if cert.listed_study_hours is not None]
        return (sorted(with_hours, key=lambda cert: cert.listed_study_hours)
                + [cert for cert in certs if cert.listed_study_hours is None])
    if sort == "name":
        return sorted(certs, key=lambda cert: cert.name.casefold())
    return list(certs)


def read_max_price(text, listed_in: set[str]) -> Decimal | None:
    """The explorer's price limit: blank means no limit. It is compared with the listed
    prices as they stand, so when they share one currency (``listed_in``) a limit typed
    in another is refused: ₹5000 read as $5000 would show the wrong certifications."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    if len(listed_in) == 1:
        refuse_other_currency(text, next(iter(listed_in)), "The maximum price",
                              "the currency of the listed prices")
    return parse_decimal(amount_text(text, "The maximum price", MAX_PRICE), minimum=0, maximum=MAX_PRICE,
                         what="The maximum price")


def explorer_summary(shown: list[Certification], total: int, sort: str) -> str:
    text = f"Showing {len(shown)} of {total} certifications."
    if sort == "hours_low" and shown and all(c.listed_study_hours is None for c in shown):
        text += (" None of these has a sourced study-hours figure, so sorting by hours keeps "
                 "the order of the data file.")
    if not shown:
        text += " No certification matches every filter: loosen one of them."
    return text


# --- typed entries -------------------------------------------------------------------

def _blank(text) -> bool:
    return text is None or (isinstance(text, str) and not text.strip())


def read_hours_per_week(text) -> str:
    if _blank(text):
        return ""
    if isinstance(text, str):  # as the study hours are read
        refuse_point_between_thousands(text, "Hours a week", maximum=MAX_HOURS_PER_WEEK)
    hours = parse_decimal(text, what="Hours a week")
    if hours < 0:
        raise InputError("Hours a week cannot be negative.")
    if hours == 0:
        raise InputError("Hours a week must be more than 0: with no study time you would "
                         "never finish.")
    if hours < MIN_HOURS_PER_WEEK:
        raise InputError(f"Hours a week must be at least {MIN_HOURS_PER_WEEK} (half an hour).")
    if hours > MAX_HOURS_PER_WEEK:
        raise InputError(f"Hours a week must be at most {MAX_HOURS_PER_WEEK}: a week has "
                         "only so many waking hours.")
    return decimal_text(hours)


def read_fail_chance(text) -> str:
    if _blank(text):
        return ""
    number = text.replace("%", "") if isinstance(text, str) else text
    if isinstance(text, str):
        refuse_point_between_thousands(number, "The chance of failing", typed=text, maximum=100)
    chance = parse_decimal(number, what="The chance of failing")
    if chance < 0 or chance > 100:
        raise InputError("The chance of failing is a percentage from 0 to 100.")
    return decimal_text(chance)


def _whole_years(text, what: str, maximum: int) -> str:
    if _blank(text):
        return ""
    number = parse_decimal(text, what=what)
    if number != number.to_integral_value():
        raise InputError(f"{what} must be a whole number of years.")
    if number < 1 or number > maximum:
        raise InputError(f"{what} must be from 1 to {maximum} years.")
    return str(int(number))


def read_horizon(text) -> str:
    return _whole_years(text, "The years to count", MAX_HORIZON_YEARS)


def read_renewal_years(text) -> str:
    return _whole_years(text, "The renewal period", MAX_RENEWAL_YEARS)


def read_study_hours(text) -> str:
    if _blank(text):
        return ""
    if isinstance(text, str):
        refuse_point_between_thousands(text, "Study hours", maximum=MAX_STUDY_HOURS)
    hours = parse_decimal(text, what="Study hours")
    if hours <= 0:
        raise InputError("Study hours must be more than 0.")
    if hours < MIN_STUDY_HOURS or hours > MAX_STUDY_HOURS:
        raise InputError(f"Study hours must be from {MIN_STUDY_HOURS} to {MAX_STUDY_HOURS} "
                         "(2,000 hours is about a year of full-time work).")
    return decimal_text(hours)


def _money_reader(what: str, currency: str):
    largest = largest_amount(MAX_PRICE, currency)

    def read(text) -> str:
        if _blank(text):
            return ""
        refuse_other_currency(text, currency, what, "the currency of the listed price")
        amount = parse_decimal(amount_text(text, what, largest), places=2, what=what)
        if amount < 0:
            raise InputError(f"{what} cannot be negative.")
        if amount > largest:
            raise InputError(f"{what} must be at most {format_money(largest, currency)}: "
                             "check for an extra zero.")
        return str(to_money(amount))
    return read


SETTING_READERS = {
    "hours_per_week": read_hours_per_week,
    "fail_chance_percent": read_fail_chance,
    "horizon_years": read_horizon,
}
def option_readers(currency: str) -> dict:
    """How each entry of a chosen certification is read. The participant's own prices
    replace listed ones, so they are in the listed price's ``currency``: the calculator
    adds them to the listed figures they do not replace."""
    return {
        "study_hours": read_study_hours,
        "price": _money_reader("The price", currency),
        "retake_price": _money_reader("The retake price", currency),
        "renewal_cost": _money_reader("The renewal cost", currency),
        "renewal_years": read_renewal_years,
    }


# --- the plan section ----------------------------------------------------------------

OWN_PRICES = ("price", "retake_price", "renewal_cost")
SETTING_DEFAULTS = {name: "" for name in SETTING_READERS}
OPTION_DEFAULTS = {"slot": None, "id": "", **{name: "" for name in option_readers(DEFAULT_CURRENCY)}}
EMPTY_SECTION = {"chosen": [], "settings": dict(SETTING_DEFAULTS)}


def listed_currency(cert_id: str) -> str:
    """The currency of a certification's listed price (and so of the participant's own
    prices for it); the default for one no longer in the data file. Read on every
    keystroke in lesson 03: from the table's rows, not built certifications."""
    try:
        rows = load_table("certifications")
    except DataError:
        return DEFAULT_CURRENCY
    return next((row["currency"] for row in rows if row["id"] == cert_id), DEFAULT_CURRENCY)


def validate_section(data) -> dict:
    """The section normalised (numbers as decimal strings, options in slot order)."""
    # Plans saved on 2026-12-02 before 50889b6 record "currency": the profile's, which
    # own prices were then typed in. Own prices are now in the listed price's currency;
    # ones typed in another can only be dropped (counted as listed, ₹300 was $300).
    section = mapping(data, {"chosen": [], "settings": {}, "currency": None},
                      what="The certifications")
    typed_in = section["currency"]
    settings = mapping(section["settings"], SETTING_DEFAULTS, what="The calculator settings")
    settings = {name: reader(settings[name]) for name, reader in SETTING_READERS.items()}
    chosen = list_of(section["chosen"], what="The chosen certifications", max_items=MAX_OPTIONS)
    options, slots = [], set()
    for entry in chosen:
        option = mapping(entry, OPTION_DEFAULTS, what="A chosen certification")
        slot = option["slot"]
        if not isinstance(slot, int) or isinstance(slot, bool) or not 1 <= slot <= MAX_OPTIONS:
            raise InputError(f"A chosen certification needs a slot from 1 to {MAX_OPTIONS}.")
        if slot in slots:
            raise InputError(f"Two chosen certifications share slot {slot}.")
        slots.add(slot)
        option["id"] = parse_text(option["id"], required=True, max_length=100,
                                  what="A chosen certification's id")
        currency = listed_currency(option["id"])
        if typed_in not in (None, currency):
            option.update({name: "" for name in OWN_PRICES})
        for name, reader in option_readers(currency).items():
            option[name] = reader(option[name])
        options.append(option)
    options.sort(key=lambda option: option["slot"])
    return {"chosen": options, "settings": settings}


def read_entries(previous: dict, settings_text: dict, options_text: dict[int, dict]
                 ) -> tuple[dict, dict]:
    """A new section from what is typed in the form, and a message per bad entry.

    ``options_text`` maps a slot to its typed entries (``id`` plus the option fields);
    a slot whose ``id`` is blank holds nothing. A bad entry keeps its previous value in
    the section, so one mistake never changes the rest of the plan. Error keys are
    ``("settings", name)`` or ``(slot, name)``.
    """
    errors: dict = {}
    settings = {}
    for name, reader in SETTING_READERS.items():
        try:
            settings[name] = reader(settings_text.get(name, ""))
        except InputError as error:
            errors[("settings", name)] = str(error)
            settings[name] = previous["settings"][name]
    before = {option["slot"]: option for option in previous["chosen"]}
    chosen = []
    for slot in sorted(options_text):
        entries = options_text[slot]
        if _blank(entries.get("id")):
            continue
        old = before.get(slot) if before.get(slot, {}).get("id") == entries["id"] else None
        option = {"slot": slot, "id": entries["id"]}
        for name, reader in option_readers(listed_currency(entries["id"])).items():
            try:
                option[name] = reader(entries.get(name, ""))
            except InputError as error:
                errors[(slot, name)] = str(error)
                option[name] = old[name] if old else ""
        chosen.append(option)
    return {"chosen": chosen, "settings": settings}, errors


# --- the calculator -------------------------------------------------------------------

def months_needed(study_hours, hours_per_week) -> Fraction:
    """Exact months of study: hours / (hours a week x 52/12 weeks a month)."""
    return Fraction(study_hours) / (Fraction(hours_per_week) * WEEKS_PER_MONTH)


def whole_periods(months: Fraction, period_months: int = 1) -> int:
    """Billing periods to pay for ``months`` of use: always rounded up, never less than 1."""
    return max(1, math.ceil(Fraction(months) / period_months))


def subscription_cost(monthly_fee, months: Fraction) -> Decimal:
    return to_money(monthly_fee) * whole_periods(months)


def expected_retake_cost(retake_price, fail_chance_percent) -> Decimal:
    """The chance of failing the first attempt times what a retake costs."""
    return to_money(Decimal(retake_price) * Decimal(fail_chance_percent) / 100)


def renewals_due(horizon_years: int, renewal_years: int | None) -> int:
    """Renewals falling due within the horizon after earning it (one due at its end counts)."""
    return horizon_years // renewal_years if renewal_years else 0


@dataclass(frozen=True)
class CostOption:
    """One chosen certification with the figures the calculator uses and their origin."""

    slot: int
    cert: Certification
    price: Decimal
    price_is_yours: bool
    retake_price: Decimal
    retake_origin: str  # "listed", "yours" or "assumed" (no figure: full price again)
    renewal_cost: Decimal | None
    renewal_years: int | None
    renewal_origin: str  # "listed", "yours" or "none"
    study_hours: Decimal | None

    @property
    def label(self) -> str:
        return SLOT_LABELS[self.slot - 1]

    @property
    def name(self) -> str:
        return f"{self.label}: {self.cert.short_name}"

    @property
    def is_subscription(self) -> bool:
        return self.cert.pricing_model == "subscription"


@dataclass(frozen=True)
class CostBreakdown:
    """What one option costs at given weekly hours, failure chance and horizon."""

    months: Fraction
    finish_month: int
    billed_months: int
    study_cost: Decimal
    expected_retake: Decimal
    renewals: int
    renewal_total: Decimal
    total: Decimal
    per_study_hour: Decimal


def option_cost(option: CostOption, hours_per_week, fail_chance_percent,
                horizon_years: int) -> CostBreakdown:
    months = months_needed(option.study_hours, hours_per_week)
    finish = whole_periods(months)
    if option.is_subscription:
        billed, study_cost, retake = finish, subscription_cost(option.price, months), Decimal("0.00")
    else:
        billed, study_cost = 0, to_money(option.price)
        retake = expected_retake_cost(option.retake_price, fail_chance_percent)
    renewals = renewals_due(horizon_years, option.renewal_years)
    renewal_total = to_money(option.renewal_cost or 0) * renewals
    total = study_cost + retake + renewal_total
    return CostBreakdown(months, finish, billed, study_cost, retake, renewals, renewal_total,
                         total, to_money(total / option.study_hours))


def payments(option: CostOption, cost: CostBreakdown) -> list[tuple[int, Decimal]]:
    """(month from now, amount) of every payment counted in the total (the renewals
    within the years to count are already in ``cost.renewals``)."""
    paid = ([(month, to_money(option.price)) for month in range(cost.billed_months)]
            if option.is_subscription
            else [(0, cost.study_cost), (cost.finish_month, cost.expected_retake)])
    if option.renewal_years:
        paid += [(cost.finish_month + 12 * option.renewal_years * k, to_money(option.renewal_cost))
                 for k in range(1, cost.renewals + 1)]
    return [(month, amount) for month, amount in paid if amount]


def months_from_now_text(month: int) -> str:
    """'now', '1 month from now', '5 months from now': a point of the cost chart in words
    (the first payment is now, so six monthly payments end 5 months from now)."""
    return "now" if month == 0 else f"{counted(month, 'month')} from now"


def cumulative_costs(paid: list[tuple[int, Decimal]], months: list[int]) -> list[Decimal]:
    """Money paid by the end of each given month."""
    return [sum((amount for when, amount in paid if when <= month), Decimal("0.00"))
            for month in months]


def chart_months(last_month: int, max_points: int = 61) -> list[int]:
    """0 .. last_month in whole steps, at most ``max_points`` points, the last included."""
    step = max(1, math.ceil(last_month / (max_points - 1)))
    months = list(range(0, last_month + 1, step))
    if months[-1] != last_month:
        months.append(last_month)
    return months


# --- which option is cheaper, and where the answer flips -------------------------------

@dataclass(frozen=True)
class Segment:
    """Weekly hours from ``start`` (inclusive) to ``end`` (exclusive; None = to the top)
    over which the cheapest options (indices into the options) stay the same."""

    start: Fraction
    end: Fraction | None
    cheapest: tuple[int, ...]


def _month_counts(option: CostOption, low: Fraction, high: Fraction) -> range:
    """Billed months this subscription can need between ``low`` and ``high`` hours a week."""
    hours = Fraction(option.study_hours)
    return range(max(1, math.ceil(hours / (high * WEEKS_PER_MONTH))),
                 math.floor(hours / (low * WEEKS_PER_MONTH)) + 1)


def _cheapest(totals: list[Decimal]) -> tuple[int, ...]:
    lowest = min(totals)
    return tuple(index for index, total in enumerate(totals) if total == lowest)


def cheapest_segments(options: list[CostOption], fail_chance_percent, horizon_years: int,
                      low=MIN_HOURS_PER_WEEK, high=MAX_HOURS_PER_WEEK) -> list[Segment]:
    """The cheapest option(s) for every weekly study time from ``low`` to ``high``.

    Totals change only where a subscription needs one billing month fewer: subscription
    ``i`` needs ``k`` months from ``H_i / (k x weeks a month)`` hours a week up. Checking
    those points (exactly) covers every weekly time in between. At such a point another
    subscription ``j`` needs ``ceil(k x H_j / H_i)`` months, which is whole-number arithmetic.
    """
    low, high = Fraction(low), Fraction(high)
    fixed = []  # each total is a fixed part plus, for a subscription, fee x billed months
    for option in options:
        cost = option_cost(option, low, fail_chance_percent, horizon_years)
        fixed.append(cost.total - cost.study_cost if option.is_subscription else cost.total)
    subscriptions = [index for index, option in enumerate(options) if option.is_subscription]
    hours = {index: Fraction(options[index].study_hours) for index in subscriptions}

    def totals(months: dict[int, int]) -> list[Decimal]:
        return [fixed[index] + options[index].price * months.get(index, 0)
                for index in range(len(options))]

    at_low = {index: whole_periods(months_needed(hours[index], low)) for index in subscriptions}
    points = [(hours[i] / (k * WEEKS_PER_MONTH), i, k) for i in subscriptions
              for k in _month_counts(options[i], low, high)]
    points = [point for point in points if low < point[0] <= high]
    points.sort(key=lambda point: point[0])
    segments = [Segment(low, None, _cheapest(totals(at_low)))]
    ratios = {(i, j): (hours[j] / hours[i]).as_integer_ratio()
              for i in subscriptions for j in subscriptions}
    for point, i, k in points:
        months = {}
        for j in subscriptions:
            numerator, denominator = ratios[i, j]
            months[j] = -(-(numerator * k) // denominator)
        cheapest = _cheapest(totals(months))
        if cheapest != segments[-1].cheapest:
            segments[-1] = Segment(segments[-1].start, point, segments[-1].cheapest)
            segments.append(Segment(point, None, cheapest))
    return segments


def shown_threshold(segment: Segment, before: Segment | None = None) -> Decimal:
    """Where ``segment`` starts, as a short decimal that keeps true what is said of it:
    rounded up and still inside ``segment``, for "X hours or more"; given the segment
    ``before`` it, rounded down and still inside that one, for "below X hours" (rounded up,
    it said "below 7.3" where 7.25 was already past the flip at 7.23)."""
    for places in range(1, 5):
        step = Fraction(1, 10 ** places)
        if before is None:
            value = math.ceil(segment.start / step) * step
            inside = segment.end is None or value < segment.end
        else:
            value = math.floor(segment.start / step) * step
            inside = value > before.start
        if inside:
            return Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(segment.start.numerator) / Decimal(segment.start.denominator)


# --- the whole comparison ----------------------------------------------------------------

@dataclass
class OptionResult:
    slot: int
    label: str
    title: str
    option: CostOption | None = None
    cost: CostBreakdown | None = None
    missing: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass
class Comparison:
    options: list[OptionResult]
    hours_per_week: Decimal | None
    fail_chance: Decimal
    horizon_years: int
    profile_currency: str | None
    notes: list[str] = field(default_factory=list)
    verdict: list[str] = field(default_factory=list)
    series: dict[str, list[tuple[int, Decimal]]] = field(default_factory=dict)
    chart_key: str = ""
    currency: str = "USD"

    @property
    def complete(self) -> list[OptionResult]:
        return [result for result in self.options if result.cost is not None]

    def money(self, amount) -> str:
        return money_text(amount, self.currency, self.profile_currency)


RESULT_HEADERS = ("Option", "Pricing", "Months of study", "Fee or subscription",
                  "Expected retake", "Renewals in {years} years", "Total", "Per study hour")
TOTAL_COLUMN = RESULT_HEADERS.index("Total")


def results_table(comparison: Comparison) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of what each complete option costs, each amount with how it is
    reached (a subscription's months × its price, a retake's chance × its price)."""
    money, rows = comparison.money, []
    for result in comparison.complete:
        option, cost = result.option, result.cost
        rows.append([
            result.title,
            PRICING_LABELS[option.cert.pricing_model]
            + (" (your price)" if option.price_is_yours else ""),
            number_text(cost.months),
            money(cost.study_cost) + (f" ({cost.billed_months} × {money(option.price)})"
                                      if option.is_subscription else ""),
            # How it is reached, so it is not read as a retake's price.
            money(cost.expected_retake) + (
                f" ({number_text(comparison.fail_chance)}% × {money(option.retake_price)})"
                if not option.is_subscription and comparison.fail_chance else ""),
            f"{cost.renewals} × {money(option.renewal_cost or 0)}" if cost.renewals
            else money(0),
            money(cost.total),
            money(cost.per_study_hour),
        ])
    headers = [header.format(years=comparison.horizon_years) for header in RESULT_HEADERS]
    return headers, rows


def resolve_option(entry: dict, cert: Certification) -> CostOption:
    """The figures one option uses: the participant's where given, else the data file's."""
    price = Decimal(entry["price"]) if entry["price"] else cert.price
    if entry["retake_price"]:
        retake, retake_origin = Decimal(entry["retake_price"]), "yours"
    elif cert.retake_price is not None:
        retake, retake_origin = cert.retake_price, "listed"
    elif cert.pricing_model == "free" and not entry["price"]:
        retake, retake_origin = Decimal(0), "listed"
    else:
        retake, retake_origin = price, "assumed"
    if entry["renewal_cost"] or entry["renewal_years"]:
        renewal_cost = Decimal(entry["renewal_cost"] or 0)
        renewal_years = int(entry["renewal_years"]) if entry["renewal_years"] else None
        renewal_origin = "yours"
    elif cert.renewal_years is not None:
        renewal_cost, renewal_years, renewal_origin = cert.renewal_cost, cert.renewal_years, "listed"
    else:
        renewal_cost, renewal_years, renewal_origin = None, None, "none"
    return CostOption(
        slot=entry["slot"], cert=cert, price=to_money(price), price_is_yours=bool(entry["price"]),
        retake_price=to_money(retake), retake_origin=retake_origin,
        renewal_cost=None if renewal_cost is None else to_money(renewal_cost),
        renewal_years=renewal_years, renewal_origin=renewal_origin,
        study_hours=Decimal(entry["study_hours"]) if entry["study_hours"] else None,
    )


def _option_notes(option: CostOption, cost: CostBreakdown | None, comparison: Comparison
                  ) -> list[str]:
    cert, money = option.cert, comparison.money
    notes = []
    listed = f"Listed: {price_text(cert, comparison.profile_currency)} ({cert.citation})."
    if option.price_is_yours:
        notes.append(f"{listed} You use your own price, {money(option.price)}.")
    else:
        notes.append(listed)
    if cert.other_price is not None:
        notes.append(f"{conflict_text(cert, comparison.profile_currency)} The total uses "
                     f"{money(option.price)}; type the other value as your price to compare.")
    if option.is_subscription:
        notes.append("A subscription has no exam fee, so no retake cost is added.")
    elif option.retake_origin == "assumed":
        notes.append(f"No retake price in the sources: a retake is assumed to cost the full "
                     f"price again ({money(option.retake_price)}).")
    if option.renewal_origin == "none":
        notes.append("The sources give no renewal figure: check the issuer's page. No renewal "
                     "cost is counted.")
    elif option.renewal_years is None:
        notes.append("Enter how often it renews to count the renewal cost.")
    elif cost is not None:
        whose = "your figure" if option.renewal_origin == "yours" else "from the data file"
        notes.append(
            f"Renewal: {money(option.renewal_cost)} every {counted(option.renewal_years, 'year')} "
            f"({whose}); "
            f"{cost.renewals} due within {comparison.horizon_years} years of earning it.")
    typical = typical_cost_text(cert, comparison.profile_currency)
    if typical:
        notes.append(typical)
    if cost is not None and comparison.hours_per_week is not None:
        notes.append(f"At {number_text(comparison.hours_per_week)} hours a week, "
                     f"{number_text(option.study_hours)} study hours take about "
                     f"{number_text(cost.months)} months"
                     + (f", so {counted(cost.billed_months, 'billed month')}." if option.is_subscription
                        else "."))
    return notes


def _names(results: list[OptionResult], indices) -> str:
    return in_words([results[index].title for index in indices])


def _verdict(comparison: Comparison) -> list[str]:
    results = comparison.complete
    if comparison.hours_per_week is None:
        return ["Enter the hours a week you can study to see the totals."]
    if not results:
        return []
    if len(results) == 1:
        only = results[0]
        return [f"{only.title} costs {comparison.money(only.cost.total)} in total. Choose "
                "another certification to compare."]
    if len({result.option.cert.currency for result in results}) > 1:
        return ["These options are priced in different currencies, so the kit does not say "
                "which is cheaper."]
    options = [result.option for result in results]
    totals = [result.cost.total for result in results]
    cheapest = _cheapest(totals)
    hours = Fraction(comparison.hours_per_week)
    best = "cheaper" if len(results) == 2 else "cheapest"

    def would_be(indices) -> str:
        if len(indices) == 1:
            return f"{_names(results, indices)} would be {best}"
        return f"{_names(results, indices)} would cost the same, and the least"

    if len(cheapest) == len(results):
        sentences = [f"At {number_text(hours)} hours a week, {_names(results, cheapest)} cost the "
                     f"same: {comparison.money(totals[0])} each."]
    elif len(cheapest) > 1:
        sentences = [f"At {number_text(hours)} hours a week, {_names(results, cheapest)} are the "
                     f"cheapest, at {comparison.money(totals[cheapest[0]])} each."]
    else:
        others = [index for index in range(len(results)) if index not in cheapest]
        against = "; ".join(f"{results[i].title} {comparison.money(totals[i])}" for i in others)
        sentences = [f"At {number_text(hours)} hours a week, {results[cheapest[0]].title} is the "
                     f"{best} option for you: {comparison.money(totals[cheapest[0]])} in total "
                     f"(against {against})."]
    if not any(option.is_subscription for option in options):
        sentences.append("None of these is paid by the month, so your weekly study time "
                         "changes how soon you finish, not which is cheaper.")
        return sentences
    segments = cheapest_segments(options, comparison.fail_chance, comparison.horizon_years)
    if len(segments) == 1:
        sentences.append(f"The answer does not flip: from {number_text(MIN_HOURS_PER_WEEK)} to "
                         f"{number_text(MAX_HOURS_PER_WEEK)} hours a week, "
                         f"{_names(results, segments[0].cheapest)} stay"
                         f"{'s' if len(segments[0].cheapest) == 1 else ''} cheapest.")
        return sentences
    here = next(index for index, segment in enumerate(segments)
                if segment.start <= hours and (segment.end is None or hours < segment.end))
    if here > 0:
        threshold = number_text(shown_threshold(segments[here], segments[here - 1]))
        sentences.append(f"The answer flips at about {threshold} hours a week: below that, "
                         f"{would_be(segments[here - 1].cheapest)}, because a subscription "
                         "costs more the longer you take.")
    if here + 1 < len(segments):
        threshold = number_text(shown_threshold(segments[here + 1]))
        sentences.append(f"If you could study {threshold} hours a week or more, "
                         f"{would_be(segments[here + 1].cheapest)}.")
    return sentences


def compare(section: dict, certs: list[Certification], profile_currency: str | None = "USD"
            ) -> Comparison:
    """Everything the calculator shows for a plan section, in plain numbers and words."""
    settings = section["settings"]
    comparison = Comparison(
        options=[],
        hours_per_week=Decimal(settings["hours_per_week"]) if settings["hours_per_week"] else None,
        fail_chance=Decimal(settings["fail_chance_percent"] or 0),
        horizon_years=int(settings["horizon_years"] or DEFAULT_HORIZON_YEARS),
        profile_currency=profile_currency,
    )
    known = by_id(certs)
    for entry in section["chosen"]:
        label = SLOT_LABELS[entry["slot"] - 1]
        cert = known.get(entry["id"])
        if cert is None:
            comparison.options.append(OptionResult(
                entry["slot"], label, f"{label}: {entry['id']}",
                missing=f"Option {label}: '{entry['id']}' is no longer in the certifications "
                        "data file; choose another."))
            continue
        option = resolve_option(entry, cert)
        result = OptionResult(entry["slot"], label, option.name, option)
        if option.study_hours is None:
            ended = cert.short_name if cert.short_name.endswith(".") else f"{cert.short_name}."
            result.missing = (f"Option {label}: enter your estimate of the total study hours "
                              f"for {ended} {cert.listed_study_hours_note()}")
        elif comparison.hours_per_week is not None:
            result.cost = option_cost(option, comparison.hours_per_week, comparison.fail_chance,
                                      comparison.horizon_years)
        result.notes = _option_notes(option, result.cost, comparison)
        comparison.options.append(result)
    currencies = {result.option.cert.currency for result in comparison.options if result.option}
    if len(currencies) == 1:
        comparison.currency = currencies.pop()
        note = currency_note({comparison.currency}, profile_currency)
    else:
        note = currency_note(currencies, profile_currency)
    if note:
        comparison.notes.append(note)
    if any(r.option and not r.option.is_subscription for r in comparison.options):
        if not settings["fail_chance_percent"]:
            comparison.notes.append("You have not entered a chance of failing the first "
                                    "attempt, so no retake cost is counted.")
        else:
            # A student read "$20.00 (20% × $100.00)" as a sum they would never pay.
            comparison.notes.append(
                "The expected retake is the retake fee times your chance of failing: what a "
                "retake costs on average, to plan with. You pay either nothing or the whole "
                "fee.")
    if not settings["horizon_years"]:
        comparison.notes.append(f"Renewals are counted over {DEFAULT_HORIZON_YEARS} years after "
                                "you earn each certification (change the years to count).")
    comparison.notes.append("A month of study counts as 52 weeks / 12 = about 4.33 weeks; "
                            "subscriptions are paid for every month started.")
    comparison.verdict = _verdict(comparison)
    complete = comparison.complete
    if complete:
        plans = {r.label: payments(r.option, r.cost) for r in complete}
        last = max(r.cost.finish_month for r in complete) + 12 * comparison.horizon_years
        # Each option's last payment is a point of its own: the chart's text says when the
        # option reaches its total, and a sample a few months later named the wrong month.
        months = sorted(set(chart_months(last)) | {max(month for month, _ in paid)
                                                   for paid in plans.values() if paid})
        comparison.series = {label: list(zip(months, cumulative_costs(paid, months), strict=True))
                             for label, paid in plans.items()}
        comparison.chart_key = "In the chart: " + "; ".join(
            f"{r.label} = {r.option.cert.name} ({in_sentence(PRICING_LABELS[r.option.cert.pricing_model])})"
            for r in complete) + "."
    return comparison


# --- the plan summary (lesson 07) ------------------------------------------------------

def _certs_or_none() -> list[Certification]:
    """The reference rows, or none if the data file has problems (shown in lesson 03)."""
    try:
        return load_certifications()
    except DataError:
        return []


def _chosen_name(entry: dict, known: dict[str, Certification]) -> str:
    cert = known.get(entry["id"])
    return cert.name if cert else entry["id"]


def _entered_text(entry: dict) -> str:
    """What the participant entered for one option: '150 study hours (your estimate);
    your price $300.00 USD'."""
    currency = listed_currency(entry["id"])
    parts = []
    if entry["study_hours"]:
        parts.append(f"{number_text(Decimal(entry['study_hours']))} study hours (your estimate)")
    for name, words in zip(OWN_PRICES, ("your price", "your retake price", "your renewal cost"),
                           strict=True):
        if entry[name]:
            parts.append(f"{words} {money_text(Decimal(entry[name]), currency, None)}")
    if entry["renewal_years"]:
        years = entry["renewal_years"]
        parts.append(f"renewed every {years} year{'s' if years != '1' else ''} (yours)")
    return "; ".join(parts)


def summarise(section: dict) -> list[str]:
    """Plain sentences for the plan summary."""
    if not section["chosen"]:
        return []
    certs = _certs_or_none()
    known = by_id(certs)
    names = []
    for entry in section["chosen"]:
        cert = known.get(entry["id"])
        kind = f" ({in_sentence(PRICING_LABELS[cert.pricing_model])})" if cert else ""
        names.append(_chosen_name(entry, known) + kind)
    sentences = [f"Certifications you are weighing: {', '.join(names)}."]
    for entry in section["chosen"]:
        entered = _entered_text(entry)
        if entered:
            sentences.append(f"{SLOT_LABELS[entry['slot'] - 1]}, {_chosen_name(entry, known)}: "
                             f"{entered}.")
    # The summary is read without the profile: every amount names its currency.
    comparison = compare(section, certs, profile_currency=None)
    complete = comparison.complete
    if len(complete) == 1:
        only = complete[0]
        sentences.append(
            f"{only.option.cert.name} would cost {comparison.money(only.cost.total)} in total "
            f"at {number_text(comparison.hours_per_week)} study hours a week, with renewals "
            f"over {comparison.horizon_years} years.")
    elif complete:
        sentences.append(f"Totals include the expected retake cost at a "
                         f"{number_text(comparison.fail_chance)}% chance of failing and "
                         f"renewals over {comparison.horizon_years} years.")
        sentences.extend(comparison.verdict)
    return sentences


def gaps(section: dict) -> list[str]:
    """What is still missing, in words a participant can act on."""
    if not section["chosen"]:
        return ["No certification chosen yet (lesson 03)."]
    missing = []
    if not section["settings"]["hours_per_week"]:
        missing.append("No weekly study time entered for the certification costs yet "
                       "(lesson 03).")
    known = by_id(_certs_or_none()) if any(not e["study_hours"] for e in section["chosen"]) else {}
    for entry in section["chosen"]:
        if not entry["study_hours"]:
            missing.append(f"No study-hours estimate yet for {_chosen_name(entry, known)} "
                           "(lesson 03).")
    return missing
