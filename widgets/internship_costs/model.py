"""Internship cost calculator: what an internship pays, what it costs, and what is left.

Pure core logic. Money is Decimal in cents; pay is rounded to the cent once per week
(as a payslip would be) and then multiplied by the number of weeks, so totals are exact
and scale with the weeks. The plan's 'cost_scenarios' section keeps every amount as a
decimal string ("22.06"), never a float.

Section shape (plan JSON)::

    {"scenarios": [{"id": "a1b2c3d4", "name": "Paid on-site", "weeks": 12,
                    "hours_per_week": "40", "pay_kind": "hourly", "hourly_pay": "22.06",
                    "stipend": "0.00", "relocation": "400.00", "deposit": "0.00",
                    "equipment": "0.00", "housing_per_week": "250.00",
                    "commute_per_week": "30.00", "food_per_week": "40.00",
                    "income_given_up_per_week": "0.00"}, ...],
     "currency": "USD"}                        # the profile's currency when last saved
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from functools import cache
from operator import attrgetter

from widgets.markup import counted, in_sentence, in_words
from widgets.money import (
    CENT,
    CURRENCIES,
    DEFAULT_CURRENCY,
    US_FIGURES_CURRENCY,
    format_money,
    largest_amount,
    parse_money,
    to_money,
)
from widgets.validation import (
    InputError,
    choice,
    decimal_text,
    items_with_unique_ids,
    mapping,
    parse_decimal,
    parse_int,
    parse_text,
)

PAY_KINDS = (("Hourly pay", "hourly"), ("A fixed stipend", "stipend"), ("Unpaid", "unpaid"))
PAY_KIND_VALUES = tuple(value for _, value in PAY_KINDS)
MAX_SCENARIOS = 4
MAX_NAME_LENGTH = 60
MIN_WEEKS, MAX_WEEKS = 1, 104
MIN_HOURS, MAX_HOURS = Decimal(1), Decimal(80)
ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,40}$")

# Amount fields: name -> (label, largest amount accepted).
ONE_OFF_COSTS = {
    "relocation": ("Relocation or travel", Decimal(100_000)),
    "deposit": ("Lost deposits and fees", Decimal(100_000)),
    "equipment": ("Equipment", Decimal(100_000)),
}
WEEKLY_COSTS = {
    "housing_per_week": ("Extra housing per week", Decimal(10_000)),
    "commute_per_week": ("Commute per week", Decimal(10_000)),
    "food_per_week": ("Extra food per week", Decimal(10_000)),
}
PAY_FIELDS = {
    "hourly_pay": ("Hourly pay", Decimal(500)),
    "stipend": ("Stipend (total)", Decimal(200_000)),
}
GIVEN_UP = {"income_given_up_per_week": ("Income given up per week", Decimal(10_000))}
MONEY_FIELDS = {**PAY_FIELDS, **ONE_OFF_COSTS, **WEEKLY_COSTS, **GIVEN_UP}
# The pay field each kind of pay reads; the other keeps what was typed but counts for nothing.
PAY_FIELD_OF_KIND = {"hourly": "hourly_pay", "stipend": "stipend"}

# The text fields of the editor, in the order they are shown.
FIELD_LABELS = {
    "name": "Scenario name",
    "weeks": "Length in weeks",
    "hours_per_week": "Hours per week",
    **{field: label for field, (label, _) in MONEY_FIELDS.items()},
}

EMPTY_SECTION = {"scenarios": [], "currency": DEFAULT_CURRENCY}


@dataclass(frozen=True)
class InternshipCostScenario:
    """One way an internship could go, with everything that changes the money."""

    id: str
    name: str
    weeks: int
    hours_per_week: Decimal
    pay_kind: str = "hourly"
    hourly_pay: Decimal = Decimal("0.00")
    stipend: Decimal = Decimal("0.00")
    relocation: Decimal = Decimal("0.00")
    deposit: Decimal = Decimal("0.00")
    equipment: Decimal = Decimal("0.00")
    housing_per_week: Decimal = Decimal("0.00")
    commute_per_week: Decimal = Decimal("0.00")
    food_per_week: Decimal = Decimal("0.00")
    income_given_up_per_week: Decimal = Decimal("0.00")

    def to_dict(self) -> dict:
        """The plan's form of the scenario: numbers as decimal strings, weeks a whole number."""
        data = dict(vars(self))  # not dataclasses.asdict, which deep-copies every value
        data["hours_per_week"] = decimal_text(self.hours_per_week)
        for field in MONEY_FIELDS:
            data[field] = f"{to_money(data[field]):.2f}"
        return data


def read_weeks(value) -> int:
    """An internship's length as typed (lesson 02's scenarios and lesson 04's options)."""
    if isinstance(value, bool):
        raise InputError("Length in weeks must be a whole number.")
    return parse_int(value, minimum=MIN_WEEKS, maximum=MAX_WEEKS, what="Length in weeks")


def read_hours_per_week(value) -> Decimal:
    """An internship's weekly hours as typed (lesson 02's scenarios and lesson 04's options)."""
    return parse_decimal(value, minimum=MIN_HOURS, maximum=MAX_HOURS, places=2, what="Hours per week")


def _field_value(field: str, value, currency: str):
    """One field of a scenario, read and checked (InputError with a message for a person);
    amounts in ``currency``."""
    if field == "name":
        return parse_text(value, required=True, max_length=MAX_NAME_LENGTH, what="The scenario name")
    if field == "weeks":
        return read_weeks(value)
    if field == "hours_per_week":
        return read_hours_per_week(value)
    if field == "pay_kind":
        if value not in PAY_KIND_VALUES:
            raise InputError("Pay must be hourly, a stipend, or unpaid.")
        return value
    label, dollars = MONEY_FIELDS[field]
    return parse_money(value, currency, what=label,
                       maximum=largest_amount(dollars, currency))


def scenario_from_dict(data, currency: str) -> InternshipCostScenario:
    """A scenario from the plan (or anything shaped like it), checked field by field;
    amounts in ``currency``."""
    defaults = {key: None for key in InternshipCostScenario.__dataclass_fields__}
    raw = mapping(data, defaults, what="A cost scenario")
    scenario_id = raw["id"]
    if not isinstance(scenario_id, str) or not ID_PATTERN.match(scenario_id):
        raise InputError("A cost scenario has a missing or malformed id.")
    values = {"id": scenario_id}
    for field in defaults:
        if field == "id":
            continue
        value = raw[field]
        if value is None and field in MONEY_FIELDS:
            value = "0"
        if value is None and field == "pay_kind":
            value = "hourly"
        if value is None:
            raise InputError(f"A cost scenario has no {in_sentence(FIELD_LABELS[field])}.")
        values[field] = _field_value(field, value, currency)
    return InternshipCostScenario(**values)


def missing_pay(texts: dict, pay_kind, labels: dict) -> dict:
    """{field: message} when the pay of the kind chosen was left empty: counted as
    nothing, it would make a paid internship look unpaid."""
    field = PAY_FIELD_OF_KIND.get(pay_kind)
    text = texts.get(field)
    if isinstance(text, str) and not text.strip():
        return {field: f"Enter the {in_sentence(labels[field])}, or choose “Unpaid” under Pay."}
    return {}


def parse_scenario(scenario_id: str, texts: dict, currency: str
                   ) -> tuple[InternshipCostScenario | None, dict]:
    """What a participant typed into the editor -> (scenario or None, {field: message}).

    Every field is checked, so each bad entry gets its own message beside its control.
    Amounts left empty count as zero, except the pay of the kind chosen (an empty hourly
    pay read as nothing would look like an unpaid internship); the name, weeks and hours
    are needed.
    """
    values = {}
    errors = missing_pay(texts, texts.get("pay_kind"),
                         {field: label for field, (label, _most) in PAY_FIELDS.items()})
    for field, text in texts.items():
        if field in errors:
            continue
        if field in MONEY_FIELDS and isinstance(text, str) and not text.strip():
            text = "0"
        try:
            values[field] = _field_value(field, text, currency)
        except InputError as error:
            errors[field] = str(error)
    if errors:
        return None, errors
    return InternshipCostScenario(id=scenario_id, **values), {}


def editor_texts(scenario: InternshipCostScenario) -> dict:
    """The scenario as the editor shows it: every field as text, pay kind as its value."""
    texts = {"name": scenario.name, "weeks": str(scenario.weeks),
             "hours_per_week": decimal_text(scenario.hours_per_week),
             "pay_kind": scenario.pay_kind}
    for field in MONEY_FIELDS:
        texts[field] = f"{getattr(scenario, field):.2f}"
    return texts


# --- the money ------------------------------------------------------------------------------
def weekly_pay(pay_kind: str, hourly_pay: Decimal, hours_per_week: Decimal) -> Decimal:
    """One week's pay for hourly work, rounded to the cent (0 for a stipend or unpaid)."""
    return to_money(hourly_pay * hours_per_week) if pay_kind == "hourly" else Decimal("0.00")


def pay_for(pay_kind: str, hourly_pay: Decimal, stipend: Decimal, weeks: int,
            hours_per_week: Decimal) -> Decimal:
    """Total pay: weekly pay times weeks, the whole stipend, or nothing."""
    if pay_kind == "stipend":
        return to_money(stipend)
    return weekly_pay(pay_kind, hourly_pay, hours_per_week) * weeks


def total_hours(scenario: InternshipCostScenario) -> Decimal:
    return scenario.hours_per_week * scenario.weeks


def total_income(scenario: InternshipCostScenario) -> Decimal:
    return pay_for(scenario.pay_kind, scenario.hourly_pay, scenario.stipend, scenario.weeks,
                   scenario.hours_per_week)


def one_off_costs(scenario: InternshipCostScenario) -> Decimal:
    return sum((getattr(scenario, field) for field in ONE_OFF_COSTS), Decimal("0.00"))


def weekly_costs(scenario: InternshipCostScenario) -> Decimal:
    return sum((getattr(scenario, field) for field in WEEKLY_COSTS), Decimal("0.00"))


def total_cost(scenario: InternshipCostScenario) -> Decimal:
    """Everything the internship costs you, including income you give up to do it."""
    per_week = weekly_costs(scenario) + scenario.income_given_up_per_week
    return one_off_costs(scenario) + per_week * scenario.weeks


def net_result(scenario: InternshipCostScenario) -> Decimal:
    return total_income(scenario) - total_cost(scenario)


def effective_hourly_value(scenario: InternshipCostScenario) -> Decimal:
    """Net result per hour worked (negative: what each hour costs you), to the cent."""
    return to_money(net_result(scenario) / total_hours(scenario))


def break_even_hourly_pay(scenario: InternshipCostScenario) -> Decimal:
    """The lowest whole-cent hourly pay at which the internship costs you nothing.

    Pay is rounded to the cent each week, so this is the smallest rate whose weekly pay
    times the weeks covers the total cost; one cent less would leave you out of pocket.
    """
    cost = total_cost(scenario)
    if cost <= 0:
        return Decimal("0.00")
    weekly_needed = (cost / scenario.weeks).quantize(CENT, rounding=ROUND_CEILING)
    rate = (weekly_needed / scenario.hours_per_week).quantize(CENT, rounding=ROUND_CEILING)
    # Weekly rounding to the nearest cent can let a cent less still cover the cost.
    while rate > 0 and weekly_pay("hourly", rate - CENT, scenario.hours_per_week) * \
            scenario.weeks >= cost:
        rate -= CENT
    while weekly_pay("hourly", rate, scenario.hours_per_week) * scenario.weeks < cost:
        rate += CENT
    return rate


@dataclass(frozen=True)
class CostResult:
    """The money side of one scenario, every amount exact to the cent."""

    scenario: InternshipCostScenario
    total_hours: Decimal
    income: Decimal
    one_off_costs: Decimal
    weekly_costs_total: Decimal
    income_given_up: Decimal
    total_cost: Decimal
    net: Decimal
    effective_hourly_value: Decimal
    break_even_hourly_pay: Decimal


def calculate(scenario: InternshipCostScenario) -> CostResult:
    return CostResult(
        scenario=scenario,
        total_hours=total_hours(scenario),
        income=total_income(scenario),
        one_off_costs=one_off_costs(scenario),
        weekly_costs_total=weekly_costs(scenario) * scenario.weeks,
        income_given_up=scenario.income_given_up_per_week * scenario.weeks,
        total_cost=total_cost(scenario),
        net=net_result(scenario),
        effective_hourly_value=effective_hourly_value(scenario),
        break_even_hourly_pay=break_even_hourly_pay(scenario),
    )


def describe(result: CostResult, currency: str = DEFAULT_CURRENCY) -> list[str]:
    """The result in plain sentences (the caller escapes them for HTML)."""
    scenario = result.scenario

    def money(amount):
        return format_money(amount, currency)

    sentences = [
        f"Over {counted(scenario.weeks, 'week')} at "
        f"{decimal_text(scenario.hours_per_week)} hours a week ({decimal_text(result.total_hours)} "
        f"hours in all) you receive {money(result.income)} and it costs you "
        f"{money(result.total_cost)}."
    ]
    if result.net > 0:
        sentences.append(f"You end up {money(result.net)} ahead: about "
                         f"{money(result.effective_hourly_value)} for each hour you work.")
    elif result.net < 0:
        sentences.append(f"You end up {money(-result.net)} out of pocket: each hour you work "
                         f"costs you about {money(-result.effective_hourly_value)}.")
    else:
        sentences.append("You break even: the pay covers the costs exactly.")
    if result.total_cost == 0:
        sentences.append("It costs you nothing, so any pay is a gain.")
    else:
        stipend = (f" (or a stipend of at least {money(result.total_cost)})"
                   if scenario.pay_kind == "stipend" else "")
        sentences.append(f"To break even it would need to pay at least "
                         f"{money(result.break_even_hourly_pay)} an hour{stipend}.")
    return sentences


def pay_text(pay_kind: str, hourly_pay: Decimal, stipend: Decimal,
             currency: str = DEFAULT_CURRENCY) -> str:
    if pay_kind == "hourly":
        return f"{format_money(hourly_pay, currency)} an hour"
    if pay_kind == "stipend":
        return f"{format_money(stipend, currency)} stipend"
    return "Unpaid"


COMPARISON_ROWS = (
    ("Pay", None),
    ("Length", None),
    ("Total income", "income"),
    ("One-off costs", "one_off_costs"),
    ("Weekly costs, all weeks", "weekly_costs_total"),
    ("Income given up", "income_given_up"),
    ("Total cost", "total_cost"),
    ("Net result", "net"),
    ("Value per hour worked", "effective_hourly_value"),
    ("Break-even hourly pay", "break_even_hourly_pay"),
)


RESULT_FIGURES = (("Total income", "income"), ("Total cost", "total_cost"),
                  ("Net result", "net"), ("Value per hour worked", "effective_hourly_value"),
                  ("Break-even hourly pay", "break_even_hourly_pay"))


def result_table(result: CostResult, currency: str = DEFAULT_CURRENCY
                 ) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of one scenario's figures, beside its sentences (``describe``)."""
    return ["Figure", "Amount"], [[label, format_money(getattr(result, attribute), currency)]
                                  for label, attribute in RESULT_FIGURES]


def comparison_table(results: list[CostResult], currency: str = DEFAULT_CURRENCY
                     ) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of the side-by-side table: one column per scenario."""
    headers = ["Scenario", *(result.scenario.name for result in results)]
    rows = []
    for label, attribute in COMPARISON_ROWS:
        row = [label]
        for result in results:
            scenario = result.scenario
            if label == "Pay":
                row.append(pay_text(scenario.pay_kind, scenario.hourly_pay, scenario.stipend,
                                    currency))
            elif label == "Length":
                row.append(f"{counted(scenario.weeks, 'week')} × {decimal_text(scenario.hours_per_week)} h")
            else:
                row.append(format_money(getattr(result, attribute), currency))
        rows.append(row)
    return headers, rows


def chart_items(results: list[CostResult]) -> list[tuple[str, float]]:
    """(label, amount) pairs for the chart: income and total cost of each scenario.

    Both are never negative, so a bar's length always means what its label says; the
    net result is in the table and the sentences.
    """
    items = []
    for result in results:
        items.append((f"{result.scenario.name}: income", float(result.income)))
        items.append((f"{result.scenario.name}: cost", float(result.total_cost)))
    return items


def best_net(results: list[CostResult]) -> str:
    """A sentence naming the scenario with the best net result (or the tie)."""
    if len(results) < 2:
        return ""
    best = max(result.net for result in results)
    names = [result.scenario.name for result in results if result.net == best]
    if len(names) == len(results):
        return "All your scenarios have the same net result."
    if len(names) > 1:
        return f"Best net result: {', '.join(names)} (tied)."
    return f"Best net result: {names[0]}."


# --- scenarios in the plan ------------------------------------------------------------------
def presets(ids: tuple[str, str, str] = ("example-paid", "example-unpaid", "example-virtual")
            ) -> list[InternshipCostScenario]:
    """Three examples to start from: paid on-site, unpaid on-site, paid virtual.

    The pay of the first is the 2023 NACE average for bachelor's-level interns ($22.06);
    the costs are illustrative amounts for a participant to replace with their own.
    """
    paid, unpaid, virtual = ids
    return [
        InternshipCostScenario(
            id=paid, name="Paid on-site", weeks=12, hours_per_week=Decimal(40),
            pay_kind="hourly", hourly_pay=Decimal("22.06"), relocation=Decimal("400.00"),
            deposit=Decimal("150.00"), housing_per_week=Decimal("250.00"),
            commute_per_week=Decimal("30.00"), food_per_week=Decimal("40.00")),
        InternshipCostScenario(
            id=unpaid, name="Unpaid on-site", weeks=10, hours_per_week=Decimal(20),
            pay_kind="unpaid", commute_per_week=Decimal("25.00"), food_per_week=Decimal("20.00"),
            income_given_up_per_week=Decimal("150.00")),
        InternshipCostScenario(
            id=virtual, name="Paid virtual", weeks=10, hours_per_week=Decimal(20),
            pay_kind="hourly", hourly_pay=Decimal("18.00"), equipment=Decimal("250.00")),
    ]


def name_taken(scenarios: list[InternshipCostScenario], scenario: InternshipCostScenario
               ) -> str | None:
    """Why ``scenario``'s name cannot be used, if another scenario has it: two of one name
    could not be told apart in the chooser, the table, or lesson 04's copy list."""
    wanted = scenario.name.casefold()
    if any(other.id != scenario.id and other.name.strip().casefold() == wanted
           for other in scenarios):
        return f"You already have a scenario called “{scenario.name}”: give this one another name."
    return None


def amounts_counted(scenario: InternshipCostScenario) -> dict[str, Decimal]:
    """The scenario's amounts that enter its result and are not zero: {field: amount}."""
    unused_pay = set(PAY_FIELDS) - {PAY_FIELD_OF_KIND.get(scenario.pay_kind)}
    return {field: getattr(scenario, field) for field in MONEY_FIELDS
            if field not in unused_pay and getattr(scenario, field)}


def us_figures_note(scenarios: list[InternshipCostScenario], currency: str) -> str | None:
    """A warning naming the amounts that are still an example's (US figures in US dollars)
    while amounts are shown in another currency, where they are not real amounts; None if
    there are none. Each amount is checked, so one changed figure does not hide the rest."""
    if currency == US_FIGURES_CURRENCY:
        return None
    still = []
    for scenario in scenarios:
        counted = amounts_counted(scenario)
        fields = _example_amounts_kept(counted)
        if fields:
            which = ("all its amounts" if len(fields) == len(counted)
                     else in_words([in_sentence(MONEY_FIELDS[field][0]) for field in fields]))
            still.append(f"“{scenario.name}” ({which})")
    if not still:
        return None
    return (f"Some amounts are still the examples' US figures in US dollars: {'; '.join(still)}. "
            f"Shown in {currency} they are not real amounts: put in figures for where you live.")


@cache
def _examples_amounts() -> tuple[dict[str, Decimal], ...]:
    return tuple(amounts_counted(example) for example in presets())


def _example_amounts_kept(counted: dict[str, Decimal]) -> list[str]:
    """The fields whose amounts (a scenario's ``amounts_counted``) are still those of the
    example the scenario was made from: one with at least half of an example's amounts
    as they were. A single amount alike is the participant's own (20 a week for food was
    flagged in a scenario of their own, and nothing they typed could clear it)."""
    kept = []
    for theirs in _examples_amounts():
        alike = [field for field, amount in counted.items() if theirs.get(field) == amount]
        if len(alike) * 2 >= len(theirs) and len(alike) > len(kept):
            kept = alike
    return kept


def new_scenario(scenario_id: str, taken_names) -> InternshipCostScenario:
    """A blank scenario for a participant's own numbers, with a name not used yet."""
    number = 1
    while f"My scenario {number}" in taken_names:
        number += 1
    return InternshipCostScenario(id=scenario_id, name=f"My scenario {number}", weeks=10,
                                  hours_per_week=Decimal(40), pay_kind="hourly")


def scenarios_in(section: dict) -> list[InternshipCostScenario]:
    return [scenario_from_dict(item, section["currency"]) for item in section["scenarios"]]


def section_from(scenarios: list[InternshipCostScenario], currency: str = DEFAULT_CURRENCY) -> dict:
    """The plan's form of the scenarios, with the currency their amounts were typed in."""
    return {"scenarios": [scenario.to_dict() for scenario in scenarios], "currency": currency}


def with_scenario(scenarios: list[InternshipCostScenario], changed: InternshipCostScenario
                  ) -> list[InternshipCostScenario]:
    """The list with one scenario replaced (matched by id), in the same place."""
    return [changed if scenario.id == changed.id else scenario for scenario in scenarios]


def validate_section(data) -> dict:
    section = mapping(data, EMPTY_SECTION, what="The cost scenarios")
    currency = choice(section["currency"], list(CURRENCIES),
                      what="The currency of the cost scenarios")
    scenarios = items_with_unique_ids(
        section["scenarios"], lambda item, _number: scenario_from_dict(item, currency),
        what="The cost scenarios", items_are="cost scenarios", max_items=MAX_SCENARIOS,
        id_of=attrgetter("id"))
    return section_from(scenarios, currency)


def summarise(section: dict) -> list[str]:
    """Plain sentences for the plan summary (lesson 07): one per scenario, amounts in the
    currency the scenarios were last saved in."""
    currency = section["currency"]
    sentences, scenarios = [], scenarios_in(section)
    for scenario in scenarios:
        result = calculate(scenario)
        pay = pay_text(scenario.pay_kind, scenario.hourly_pay, scenario.stipend, currency)
        sentences.append(
            f"{scenario.name}: {counted(scenario.weeks, 'week')} at {decimal_text(scenario.hours_per_week)} "
            f"hours a week, {in_sentence(pay)}; "
            f"income {format_money(result.income, currency)}, cost "
            f"{format_money(result.total_cost, currency)}, net result "
            f"{format_money(result.net, currency)}; break-even pay "
            f"{format_money(result.break_even_hourly_pay, currency)} an hour."
        )
    note = us_figures_note(scenarios, currency)
    return [*sentences, note] if note else sentences


def gaps(section: dict) -> list[str]:
    if not section["scenarios"]:
        return ["No internship cost scenarios saved yet (lesson 02)."]
    return []
