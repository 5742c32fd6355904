"""The internship cost calculator's logic: exact money, break-even, scaling, validation."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from widgets.charts import bar_chart
from widgets.internship_costs.model import (
    EMPTY_SECTION,
    MAX_SCENARIOS,
    ONE_OFF_COSTS,
    InternshipCostScenario,
    best_net,
    break_even_hourly_pay,
    calculate,
    chart_items,
    comparison_table,
    describe,
    editor_texts,
    effective_hourly_value,
    gaps,
    net_result,
    new_scenario,
    parse_scenario,
    presets,
    result_table,
    section_from,
    summarise,
    total_cost,
    total_income,
    us_figures_note,
    validate_section,
)
from widgets.plan import PlanDocument
from widgets.validation import InputError

CENT = Decimal("0.01")


def money(maximum: int):
    return st.decimals(min_value=0, max_value=maximum, places=2, allow_nan=False,
                       allow_infinity=False)


hours = st.decimals(min_value=1, max_value=80, places=2, allow_nan=False, allow_infinity=False)
scenarios = st.builds(
    InternshipCostScenario,
    id=st.just("s1"), name=st.just("Test"), weeks=st.integers(1, 104), hours_per_week=hours,
    pay_kind=st.sampled_from(["hourly", "stipend", "unpaid"]), hourly_pay=money(500),
    stipend=money(200_000), relocation=money(100_000), deposit=money(100_000),
    equipment=money(100_000), housing_per_week=money(10_000), commute_per_week=money(10_000),
    food_per_week=money(10_000), income_given_up_per_week=money(10_000),
)


def example(**changes) -> InternshipCostScenario:
    return replace(presets()[0], **changes)


def typed(**changes) -> dict:
    """What the editor would send for the paid example, with some fields retyped."""
    return {**editor_texts(presets()[0]), **changes}


# --- worked examples -----------------------------------------------------------------------
def test_paid_example_worked_by_hand():
    result = calculate(presets()[0])  # 12 weeks x 40 h at $22.06
    assert result.income == Decimal("10588.80")          # 882.40 a week x 12
    assert result.total_cost == Decimal("4390.00")       # 550 one-off + 320 a week x 12
    assert result.net == Decimal("6198.80")
    assert result.effective_hourly_value == Decimal("12.91")  # 6198.80 / 480 h
    assert result.break_even_hourly_pay == Decimal("9.15")    # 9.14 pays 4387.20


def test_unpaid_example_costs_money_and_needs_pay_to_break_even():
    result = calculate(presets()[1])
    assert result.income == 0
    assert result.total_cost == Decimal("1950.00")  # (25 + 20 + 150 given up) x 10 weeks
    assert result.net == Decimal("-1950.00")
    assert result.effective_hourly_value == Decimal("-9.75")
    assert result.break_even_hourly_pay == Decimal("9.75")


def test_stipend_is_one_amount_for_the_whole_internship():
    scenario = example(pay_kind="stipend", stipend=Decimal("2000"), weeks=10,
                       hours_per_week=Decimal(20), relocation=Decimal(0), deposit=Decimal(0),
                       housing_per_week=Decimal(0), commute_per_week=Decimal(0),
                       food_per_week=Decimal(0))
    assert total_income(scenario) == Decimal("2000.00")
    assert effective_hourly_value(scenario) == Decimal("10.00")
    assert "or a stipend of at least" not in " ".join(describe(calculate(scenario)))


def test_cents_add_up_without_floating_point_drift():
    scenario = example(relocation=Decimal("0.10"), deposit=Decimal("0.20"),
                       equipment=Decimal("0.00"), housing_per_week=Decimal("0.10"),
                       commute_per_week=Decimal("0.20"), food_per_week=Decimal("0"), weeks=3)
    assert total_cost(scenario) == Decimal("1.20")  # 0.30 + 0.30 x 3, not 1.2000000000000002


def test_nothing_to_pay_means_break_even_at_zero():
    free = InternshipCostScenario(id="f", name="Free", weeks=4, hours_per_week=Decimal(10),
                                  pay_kind="unpaid")
    result = calculate(free)
    assert result.break_even_hourly_pay == 0 and result.net == 0
    assert "costs you nothing" in " ".join(describe(result))


def test_describe_says_ahead_or_out_of_pocket_in_the_currency():
    ahead = " ".join(describe(calculate(presets()[0]), "EUR"))
    assert "€6,198.80 ahead" in ahead and "€9.15 an hour" in ahead
    behind = " ".join(describe(calculate(presets()[1])))
    assert "$1,950.00 out of pocket" in behind


# --- properties ----------------------------------------------------------------------------
@given(scenarios)
def test_break_even_pay_is_the_lowest_cent_that_does_not_lose_money(scenario):
    rate = break_even_hourly_pay(scenario)
    at_rate = replace(scenario, pay_kind="hourly", hourly_pay=rate)
    assert net_result(at_rate) >= 0
    if rate > 0:
        assert net_result(replace(at_rate, hourly_pay=rate - CENT)) < 0


@given(st.integers(1, 104), st.integers(1, 80), money(500), st.integers(0, 3))
def test_break_even_pay_gives_a_net_of_exactly_zero(weeks, whole_hours, rate, split):
    assume(rate > 0)
    # Costs that some whole-cent hourly pay covers exactly: break-even finds that pay.
    cost = rate * whole_hours * weeks
    fields = ("relocation", "deposit", "equipment")
    one_off = {name: Decimal(0) for name in fields}
    one_off[fields[split % 3]] = cost
    scenario = InternshipCostScenario(id="x", name="X", weeks=weeks,
                                      hours_per_week=Decimal(whole_hours), pay_kind="unpaid",
                                      **one_off)
    assert break_even_hourly_pay(scenario) == rate
    paid = replace(scenario, pay_kind="hourly", hourly_pay=rate)
    assert net_result(paid) == 0
    assert effective_hourly_value(paid) == 0


@given(scenarios, st.integers(1, 4))
def test_pay_and_weekly_costs_scale_linearly_with_weeks(scenario, factor):
    scenario = replace(scenario, weeks=min(scenario.weeks, 104 // factor))
    longer = replace(scenario, weeks=scenario.weeks * factor)
    one_off = sum(getattr(scenario, name) for name in ONE_OFF_COSTS)
    assert total_cost(longer) - one_off == factor * (total_cost(scenario) - one_off)
    if scenario.pay_kind == "hourly":
        assert total_income(longer) == factor * total_income(scenario)
    else:  # a stipend is one amount, and unpaid is nothing, however long it lasts
        assert total_income(longer) == total_income(scenario)


@given(scenarios)
def test_totals_are_exact_cents_and_never_negative(scenario):
    result = calculate(scenario)
    for amount in (result.income, result.total_cost, result.break_even_hourly_pay):
        assert amount >= 0
        assert amount == amount.quantize(CENT)
    assert result.net == result.income - result.total_cost
    assert result.total_cost == (result.one_off_costs + result.weekly_costs_total
                                 + result.income_given_up)
    assert (result.effective_hourly_value > 0) <= (result.net > 0)
    assert (result.effective_hourly_value < 0) <= (result.net < 0)


@settings(max_examples=50)
@given(st.lists(scenarios, min_size=1, max_size=MAX_SCENARIOS))
def test_saved_section_round_trips_through_json_as_decimal_strings(items):
    items = [replace(item, id=f"id{index}") for index, item in enumerate(items)]
    saved = validate_section(section_from(items))
    again = validate_section(json.loads(json.dumps(saved)))
    assert again == saved
    for item in saved["scenarios"]:
        assert isinstance(item["hourly_pay"], str) and isinstance(item["weeks"], int)


# --- validation ----------------------------------------------------------------------------
def test_empty_section_meets_the_contract():
    assert validate_section(json.loads(json.dumps(EMPTY_SECTION))) == EMPTY_SECTION
    assert gaps(EMPTY_SECTION) == ["No internship cost scenarios saved yet (lesson 02)."]
    assert summarise(EMPTY_SECTION) == []


@pytest.mark.parametrize("field, text, words", [
    ("weeks", "0", "at least 1"),
    ("weeks", "200", "at most 104"),
    ("weeks", "10.5", "whole number"),
    ("hours_per_week", "ninety", "must be a number"),
    ("hours_per_week", "81", "at most 80"),
    ("hours_per_week", "37.5555", "at most 2 decimals"),
    ("hours_per_week", "1.500", "read two ways"),
    ("hourly_pay", "-5", "at least 0"),
    ("hourly_pay", "5000", "at most 500"),
    ("housing_per_week", "1e9", "written out in digits"),
    ("housing_per_week", "1000000000", "at most 10000"),
    ("housing_per_week", "0.125", "at most 2 decimals"),
    ("relocation", "NaN", "ordinary number"),
    ("name", "   ", "cannot be empty"),
    ("name", "x" * 61, "too long"),
])
def test_each_bad_entry_gets_its_own_message(field, text, words):
    scenario, errors = parse_scenario("s1", typed(**{field: text}), "USD")
    assert scenario is None
    assert list(errors) == [field]
    assert words in errors[field]


def test_empty_amounts_count_as_zero_and_symbols_are_allowed():
    scenario, errors = parse_scenario("s1", typed(equipment="", relocation="$1,000"), "USD")
    assert errors == {}
    assert scenario.equipment == 0 and scenario.relocation == Decimal("1000.00")


@pytest.mark.parametrize("pay_kind, field", [("hourly", "hourly_pay"), ("stipend", "stipend")])
def test_the_pay_of_the_kind_chosen_is_needed_the_other_may_stay_empty(pay_kind, field):
    """An empty hourly pay counted as nothing: the result read as an unpaid internship."""
    scenario, errors = parse_scenario("s1", typed(pay_kind=pay_kind, hourly_pay="", stipend=""),
                                      "USD")
    assert scenario is None and list(errors) == [field]
    assert "or choose “Unpaid” under Pay" in errors[field]
    scenario, errors = parse_scenario("s1", typed(pay_kind="unpaid", hourly_pay="", stipend=""),
                                      "USD")
    assert errors == {} and scenario.hourly_pay == scenario.stipend == 0


@pytest.mark.parametrize("currency, text", [
    ("USD", "€500"), ("USD", "500 EUR"), ("INR", "$1,500"), ("INR", "usd 1500"), ("CAD", "$40"),
])
def test_an_amount_typed_in_another_currency_is_refused_not_read_as_the_profiles(currency,
                                                                                  text):
    """The kit has no exchange rates: €500 in a dollar plan was counted as $500."""
    scenario, errors = parse_scenario("s1", typed(relocation=text), currency)
    assert scenario is None
    assert f"counted in {currency}, like the other amounts here" in errors["relocation"]


@pytest.mark.parametrize("currency, text", [
    ("USD", "USD 1,000"), ("USD", "1000 usd"), ("INR", "₹1,000"), ("CAD", "CA$1000"),
    ("AUD", "A$1000"), ("GBP", "1000GBP"),
])
def test_an_amount_may_carry_the_profiles_own_sign_or_code(currency, text):
    scenario, errors = parse_scenario("s1", typed(relocation=text), currency)
    assert errors == {} and scenario.relocation == Decimal("1000.00")


def test_several_bad_entries_are_all_reported():
    _, errors = parse_scenario("s1", typed(weeks="x", food_per_week="-1", name=""), "USD")
    assert set(errors) == {"weeks", "food_per_week", "name"}


def test_plan_with_a_float_or_a_bad_kind_is_refused_or_normalised():
    scenario = presets()[0].to_dict()
    assert validate_section({"scenarios": [{**scenario, "hourly_pay": 22.06}]})[
        "scenarios"][0]["hourly_pay"] == "22.06"
    with pytest.raises(InputError):
        validate_section({"scenarios": [{**scenario, "pay_kind": "barter"}]})
    with pytest.raises(InputError, match="same id"):
        validate_section({"scenarios": [scenario, scenario]})
    with pytest.raises(InputError, match="at most 4"):
        validate_section({"scenarios": [{**scenario, "id": f"x{n}"} for n in range(5)]})
    with pytest.raises(InputError, match="id"):
        validate_section({"scenarios": [{**scenario, "id": "<script>"}]})
    with pytest.raises(InputError, match="no length in weeks"):
        validate_section({"scenarios": [{**scenario, "weeks": None}]})


def test_section_is_accepted_by_the_plan_document():
    plan = PlanDocument().with_section("cost_scenarios", section_from(presets()))
    assert len(plan.section("cost_scenarios")["scenarios"]) == 3


# --- comparison and summary ----------------------------------------------------------------
def test_one_scenarios_figures_are_a_table_in_its_currency():
    headers, rows = result_table(calculate(presets()[0]), "EUR")
    assert headers == ["Figure", "Amount"]
    assert rows == [["Total income", "€10,588.80"], ["Total cost", "€4,390.00"],
                    ["Net result", "€6,198.80"], ["Value per hour worked", "€12.91"],
                    ["Break-even hourly pay", "€9.15"]]


def test_side_by_side_table_has_one_column_per_scenario():
    results = [calculate(scenario) for scenario in presets()]
    headers, rows = comparison_table(results)
    assert headers == ["Scenario", "Paid on-site", "Unpaid on-site",
                       "Paid virtual"]
    net = dict((row[0], row[1:]) for row in rows)["Net result"]
    assert net == ["$6,198.80", "-$1,950.00", "$3,350.00"]
    assert best_net(results) == "Best net result: Paid on-site."
    assert chart_items(results)[:2] == [("Paid on-site: income", 10588.8),
                                        ("Paid on-site: cost", 4390.0)]
    long_name = replace(presets()[0], name="A very long scenario name indeed, for a summer")
    assert chart_items([calculate(long_name)])[0][0] == \
        "A very long scenario name indeed, for a summer: income"
    chart = bar_chart(chart_items([calculate(long_name)]), title="Income and cost",
                      value_label="USD")
    # Cut in the picture only, keeping what tells the two bars apart.
    assert ">A very long scenario name indee…: income</text>" in chart.svg
    assert ">A very long scenario name indeed,…: cost</text>" in chart.svg
    assert "A very long scenario name indeed, for a summer: income" in chart.summary


def test_new_scenarios_get_a_free_name():
    assert new_scenario("n1", {"My scenario 1"}).name == "My scenario 2"


def test_summary_shows_amounts_in_the_currency_they_were_saved_in():
    saved = section_from(presets(), "EUR")
    assert "net result €6,198.80" in summarise(saved)[0]
    with pytest.raises(InputError, match="currency"):
        validate_section({**saved, "currency": "XYZ"})


def test_the_us_figures_note_names_each_amount_still_an_examples():
    paid, unpaid, virtual = presets()
    own = new_scenario("own", [])
    assert us_figures_note([paid, own], "USD") is None
    assert us_figures_note([own], "EUR") is None  # a blank scenario holds nothing of theirs
    note = us_figures_note([replace(paid, hourly_pay=Decimal("19.50"), deposit=Decimal(0)), own],
                           "EUR")
    assert ("“Paid on-site” (relocation or travel, extra housing per week, commute per week and "
            "extra food per week). Shown in EUR they are not real amounts") in note
    assert "Scenario" not in note
    # An hourly pay left behind when the pay became a stipend counts for nothing.
    stipend = replace(paid, name="Stipend", pay_kind="stipend", stipend=Decimal(3000),
                      relocation=Decimal(0), deposit=Decimal(0), housing_per_week=Decimal(0),
                      commute_per_week=Decimal(0), food_per_week=Decimal(0))
    assert us_figures_note([stipend], "EUR") is None
    assert "(equipment)" in us_figures_note([replace(virtual, hourly_pay=Decimal(15))], "EUR")
    # One amount alike in a scenario of the participant's own is theirs: nothing typed
    # could clear the note before.
    own_food = replace(own, name="Unpaid at local NGO", pay_kind="unpaid",
                       food_per_week=Decimal(20), commute_per_week=Decimal(12))
    assert us_figures_note([own_food], "EUR") is None
    assert "(commute per week and extra food per week)" in us_figures_note(
        [replace(unpaid, income_given_up_per_week=Decimal(90))], "EUR")


def test_one_week_is_said_in_the_singular_everywhere():
    one_week = replace(presets()[1], weeks=1)
    assert summarise(section_from([one_week]))[0].startswith(
        "Unpaid on-site: 1 week at 20 hours a week")
    assert describe(calculate(one_week))[0].startswith("Over 1 week at 20 hours a week")


def test_summary_has_one_plain_sentence_per_scenario():
    lines = summarise(section_from(presets(), "GBP"))
    assert len(lines) == 4
    assert lines[1].startswith("Unpaid on-site: 10 weeks at 20 hours a week, unpaid;")
    assert "net result -£1,950.00" in lines[1]
    # Lesson 07 and the take-home files warn as lesson 02 does: these are US dollars.
    assert lines[3].startswith("Some amounts are still the examples' US figures in US dollars: "
                               "“Paid on-site” (all its amounts)") and "Shown in GBP" in lines[3]
    assert len(summarise(section_from(presets()))) == 3
    assert gaps(section_from(presets())) == []
