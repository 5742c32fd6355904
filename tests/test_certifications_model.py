"""Certifications model: the sourced rows, the plan section and the cost calculator."""

from __future__ import annotations

import csv
import json
import re
import shutil
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.certifications import model
from widgets.certifications.model import (
    EMPTY_SECTION,
    MAX_HOURS_PER_WEEK,
    MIN_HOURS_PER_WEEK,
    CostOption,
    about_text,
    by_id,
    cheapest_segments,
    compare,
    cumulative_costs,
    expected_retake_cost,
    filter_certifications,
    gaps,
    load_certifications,
    months_needed,
    option_cost,
    payments,
    read_entries,
    read_fail_chance,
    read_horizon,
    read_hours_per_week,
    read_max_price,
    read_study_hours,
    renewals_due,
    results_table,
    shown_threshold,
    sort_certifications,
    study_time_text,
    subscription_cost,
    summarise,
    typical_cost_text,
    validate_section,
    whole_periods,
)
from widgets.data import DataError
from widgets.validation import InputError

DATA = Path(__file__).resolve().parent.parent / "data"
CERTS = load_certifications()
KNOWN = by_id(CERTS)


def entry(slot, cert_id, study_hours="", **figures):
    return {"slot": slot, "id": cert_id, "study_hours": study_hours, "price": "",
            "retake_price": "", "renewal_cost": "", "renewal_years": "", **figures}


def section(options, hours="", fail="", horizon=""):
    return validate_section({"chosen": options, "settings": {
        "hours_per_week": hours, "fail_chance_percent": fail, "horizon_years": horizon}})


def edited_data(tmp_path, cells: dict[tuple[str, str], str]) -> Path:
    """A copy of data/ with some cells of certifications.csv changed, as an instructor
    would in a spreadsheet: {(row id, column): new text}."""
    shutil.copytree(DATA, tmp_path, dirs_exist_ok=True)
    path = tmp_path / "certifications.csv"
    with open(path, encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    for (row_id, column), text in cells.items():
        row = next(row for row in rows if row["id"] == row_id)
        assert column in row, column
        row[column] = text
    with open(path, "w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return tmp_path


# --- the shipped data ------------------------------------------------------------------

def test_shipped_file_covers_the_fields_and_pricing_models_the_lesson_needs():
    assert len(CERTS) >= 15
    assert {c.field for c in CERTS} >= {"cloud", "it_support", "networking", "security",
                                        "project_management", "data", "marketing"}
    assert {c.pricing_model for c in CERTS} == {"exam_fee", "subscription", "free"}
    assert all(c.source and c.status and c.currency == "USD" for c in CERTS)


def test_rows_where_sources_disagree_keep_both_values():
    conflicts = {c.id: (c.price, c.other_price) for c in CERTS if c.status == "conflict"}
    assert conflicts == {
        "azure_fundamentals": (Decimal(99), Decimal(165)),
        "comptia_security_plus": (Decimal(425), Decimal(439)),
        "pmi_pmp": (Decimal(575), Decimal(555)),
    }


def test_figures_match_the_reference_sheet():
    assert KNOWN["pmi_capm"].retake_price == Decimal(200)
    assert KNOWN["salesforce_administrator"].retake_price == Decimal(100)
    assert KNOWN["google_career_certificate"].typical_months == Decimal(6)
    assert KNOWN["linkedin_learning"].price == Decimal("39.99")
    assert KNOWN["hubspot_academy"].price == 0


def test_a_row_without_a_stated_study_time_offers_no_estimate():
    google = KNOWN["google_career_certificate"]
    assert google.listed_study_hours is None  # months are stated, weekly hours are not
    assert "your own estimate" in google.listed_study_hours_note()


def test_study_hours_are_derived_only_from_what_a_row_states(tmp_path):
    directory = edited_data(tmp_path, {("google_career_certificate", "hours_per_week_assumed"): "5"})
    google = by_id(load_certifications(directory))["google_career_certificate"]
    # 6 months (the longer end of 3-6) x 5 hours a week x 52/12 weeks a month = 130 hours.
    assert google.listed_study_hours == Decimal(130)
    assert "about 6 months (the longer end) at 5 hours a week" in google.listed_study_hours_note()


def test_a_typical_duration_given_as_a_range_is_shown_as_one():
    """Google said about 3-6 months; the explorer said "about 6 months typical"."""
    google = KNOWN["google_career_certificate"]
    assert study_time_text(google) == "about 3 to 6 months typical; weekly hours not stated"
    assert typical_cost_text(google, "USD") == (
        "Over 3 to 6 months, the typical duration Google's announcement gives (2020; see its "
        "notes), it would cost 3 × $49.00 = $147.00 to 6 × $49.00 = $294.00.")


@pytest.mark.parametrize("cells, where", [
    ({("hubspot_academy", "price"): "49"},
     "line 15, column 'price': is 49 but pricing_model is 'free'"),
    ({("pmi_capm", "price"): "0"}, "line 10, column 'price': is 0 but pricing_model is 'exam_fee'"),
    ({("azure_fundamentals", "other_price"): ""},
     "line 4, column 'other_price': is empty but status is 'conflict'"),
    ({("cisco_ccna", "other_price"): "310"}, "line 9, column 'status': is 'secondary' but"),
    ({("aws_cloud_practitioner", "renewal_years"): "3"},
     "line 2, column 'renewal_cost': renewal_years and renewal_cost go together"),
    ({("google_career_certificate", "retake_price"): "20"},
     "line 12, column 'retake_price': is set for a subscription"),
    ({("cisco_ccna", "hours_per_week_assumed"): "5"},
     "line 9, column 'typical_months': is empty but hours_per_week_assumed is set"),
    ({("google_career_certificate", "typical_months_min"): "6"},
     "line 12, column 'typical_months_min': is the shorter end of a range"),
    ({("cisco_ccna", "typical_months_min"): "2"},
     "line 9, column 'typical_months_min': is the shorter end of a range"),
    ({("pmi_capm", "retake_price"): "2OO"}, "line 10, column 'retake_price': '2OO' is not a number"),
    ({("pmi_pmp", "price"): "$575"}, "line 11, column 'price': '$575' is not a number"),
    ({("comptia_a_plus", "price"): "4920000"}, "line 5, column 'price': 4920000 is above"),
    ({("comptia_a_plus", "status"): "probably"}, "line 5, column 'status'"),
])
def test_an_edited_row_that_would_give_a_wrong_total_is_named_by_line_and_column(
        tmp_path, cells, where):
    with pytest.raises(DataError) as caught:
        load_certifications(edited_data(tmp_path, cells))
    assert f"certifications.csv, {where}" in str(caught.value)


def test_every_problem_of_an_edited_file_is_reported_at_once(tmp_path):
    directory = edited_data(tmp_path, {("azure_fundamentals", "other_price"): "",
                                       ("hubspot_academy", "price"): "49"})
    with pytest.raises(DataError) as caught:
        load_certifications(directory)
    assert str(caught.value).startswith("2 problems in the reference data:")
    assert "line 4, column 'other_price'" in str(caught.value)  # AZ-900 is the third row
    assert "line 15, column 'price'" in str(caught.value)


# --- typed entries -------------------------------------------------------------------

@pytest.mark.parametrize("typed, message", [
    ("0", "must be more than 0"),
    ("-3", "cannot be negative"),
    ("0.2", "at least 0.5"),
    ("200", "at most 80"),
    ("five", "must be a number"),
    ("nan", "ordinary number"),
])
def test_bad_weekly_hours_get_a_plain_message(typed, message):
    with pytest.raises(InputError, match=message):
        read_hours_per_week(typed)


@pytest.mark.parametrize("reader, typed, message", [
    (read_study_hours, "-10", "more than 0"),
    (read_study_hours, "5000", "from 1 to 2000"),
    (read_fail_chance, "120", "from 0 to 100"),
    (read_fail_chance, "-5", "from 0 to 100"),
    (read_horizon, "2.5", "whole number"),
    (read_horizon, "40", "from 1 to 10"),
    (model.option_readers("USD")["price"], "1e9", "written out in digits"),
    (model.option_readers("USD")["price"], "1000000000", "at most $10,000.00"),
    (model.option_readers("USD")["price"], "1,250.505", "at most 2 decimals"),
    (model.option_readers("INR")["price"], "1000001", "at most ₹1,000,000.00"),
    (model.option_readers("USD")["price"], "-99", "cannot be negative"),
    (model.option_readers("USD")["price"], "150 EUR", "counted in USD"),
    (model.option_readers("USD")["renewal_years"], "0", "from 1 to 10"),
])
def test_other_bad_entries_get_a_plain_message(reader, typed, message):
    with pytest.raises(InputError, match=re.escape(message)):
        reader(typed)


def test_entries_are_normalised_as_people_type_them():
    assert read_hours_per_week(" 7.50 ") == "7.5"
    assert read_hours_per_week("") == ""
    assert read_fail_chance("25%") == "25"
    assert model.option_readers("USD")["price"]("$1,234.5") == "1234.50"
    assert model.option_readers("INR")["price"]("₹30,000") == "30000.00"  # about $360
    assert model.option_readers("USD")["price"]("USD 150") == "150.00"
    assert read_study_hours("120") == "120"
    assert read_max_price("  ", {"USD"}) is None
    assert read_max_price("200", {"USD"}) == Decimal(200)
    assert read_max_price("$200", {"USD"}) == Decimal(200)
    assert read_max_price("200 usd", {"USD"}) == Decimal(200)


def test_study_hours_a_point_may_split_into_thousands_are_refused():
    """1.500 study hours is 1,500 where a point groups thousands; it was read as 1.5."""
    with pytest.raises(InputError, match="can be read two ways.*1500 or 1,500.*or 1.5 if"):
        read_study_hours("1.500")
    assert read_study_hours("1.5") == "1.5"
    assert read_study_hours("1500") == "1500"


@pytest.mark.parametrize("read, typed, message", [
    (read_hours_per_week, "1.500", "Hours a week can be read two ways.*type 1.5 if the point"),
    (read_hours_per_week, "12.345", r"more than the most allowed \(80\)"),
    (read_fail_chance, "12.345%", "The chance of failing can be read two ways.*'12.345%'"),
])
def test_the_settings_read_a_point_between_thousands_as_the_study_hours_do(read, typed, message):
    """Lesson 03's weekly hours and chance of failing took 1.500 as 1.5 without a word,
    while its study hours refused it as readable two ways."""
    with pytest.raises(InputError, match=message):
        read(typed)
    assert read("1.5") == "1.5" and read("12.35") == "12.35"


def test_a_price_limit_in_another_currency_than_the_listed_prices_is_refused():
    """₹5000 was read as a limit of $5000, and showed every certification."""
    with pytest.raises(InputError, match="counted in USD, the currency of the listed prices.*INR"):
        read_max_price("₹5000", {"USD"})
    with pytest.raises(InputError, match="convert EUR"):
        read_max_price("150 EUR", {"USD"})


# --- the plan section ----------------------------------------------------------------

def test_empty_section_and_the_foundation_shape_are_accepted():
    assert validate_section(json.loads(json.dumps(EMPTY_SECTION))) == EMPTY_SECTION
    assert validate_section({"chosen": [], "settings": {}}) == EMPTY_SECTION


def test_section_keeps_money_as_decimal_strings_in_slot_order():
    checked = validate_section({"chosen": [entry(2, "pmi_capm", 80, price=225),
                                           entry(1, "comptia_a_plus", "150")],
                                "settings": {"hours_per_week": 6}})
    assert [option["slot"] for option in checked["chosen"]] == [1, 2]
    assert checked["chosen"][1]["price"] == "225.00"
    assert checked["chosen"][1]["study_hours"] == "80"
    assert checked["settings"] == {"hours_per_week": "6", "fail_chance_percent": "",
                                   "horizon_years": ""}


@pytest.mark.parametrize("data, message", [
    ({"chosen": [entry(1, "a"), entry(1, "b")], "settings": {}}, "share slot 1"),
    ({"chosen": [entry(4, "a")], "settings": {}}, "slot from 1 to 3"),
    ({"chosen": [entry(True, "a")], "settings": {}}, "slot from 1 to 3"),
    ({"chosen": [entry(1, "")], "settings": {}}, "cannot be empty"),
    ({"chosen": [entry(1, "a", hours="5")], "settings": {}}, "unknown fields: hours"),
    ({"chosen": [entry(i % 3 + 1, "a") for i in range(4)], "settings": {}}, "at most 3"),
    ({"chosen": [], "settings": {"hours_per_week": "0"}}, "more than 0"),
    ({"chosen": [entry(1, "a", price="-5")], "settings": {}}, "cannot be negative"),
    ({"chosen": {}, "settings": {}}, "must be a list"),
])
def test_a_bad_section_is_refused_with_a_message(data, message):
    with pytest.raises(InputError, match=message):
        validate_section(data)


def test_one_bad_entry_keeps_its_previous_value_and_the_rest_is_taken():
    previous = section([entry(1, "pmi_capm", "80", price="225.00")], hours="5")
    new, errors = read_entries(
        previous,
        {"hours_per_week": "0", "fail_chance_percent": "10", "horizon_years": ""},
        {1: entry(1, "pmi_capm", "90", price="-1"),
         2: {"id": "", "study_hours": "junk"}, 3: entry(3, "hubspot_academy", "12")})
    assert set(errors) == {("settings", "hours_per_week"), (1, "price")}
    assert new["settings"] == {"hours_per_week": "5", "fail_chance_percent": "10",
                               "horizon_years": ""}
    assert new["chosen"][0]["price"] == "225.00" and new["chosen"][0]["study_hours"] == "90"
    assert [option["slot"] for option in new["chosen"]] == [1, 3]
    assert validate_section(new) == new


def test_a_bad_entry_for_a_newly_chosen_certification_is_left_blank():
    previous = section([entry(1, "pmi_capm", "80", price="225.00")])
    new, errors = read_entries(previous, {}, {1: entry(1, "pmi_pmp", "x")})
    assert errors == {(1, "study_hours"): "Study hours must be a number (you typed 'x')."}
    assert new["chosen"][0]["study_hours"] == ""


# --- the arithmetic ------------------------------------------------------------------

def test_months_and_billing_periods_are_exact():
    assert months_needed(130, 5) == Fraction(6)
    assert whole_periods(Fraction(6)) == 6
    assert whole_periods(Fraction(6) + Fraction(1, 10**9)) == 7
    assert whole_periods(Fraction(1, 1000)) == 1
    assert whole_periods(Fraction(13), period_months=12) == 2
    assert subscription_cost(Decimal("49"), months_needed(150, 5)) == Decimal("343.00")


def test_retake_and_renewals():
    assert expected_retake_cost(Decimal(492), Decimal(20)) == Decimal("98.40")
    assert expected_retake_cost(Decimal("39.99"), Decimal("33.3")) == Decimal("13.32")
    assert renewals_due(3, 3) == 1  # a renewal due exactly at the end is counted
    assert renewals_due(5, 3) == 1
    assert renewals_due(6, 2) == 3
    assert renewals_due(3, None) == 0


prices = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(10_000), places=2)
study_hours = st.decimals(min_value=Decimal(1), max_value=Decimal(2000), places=1)
weekly_hours = st.decimals(min_value=MIN_HOURS_PER_WEEK, max_value=MAX_HOURS_PER_WEEK, places=2)
chances = st.decimals(min_value=Decimal(0), max_value=Decimal(100), places=1)
renewal_years = st.none() | st.integers(1, 10)
horizons = st.integers(1, 10)


def cost_option(cert_id, slot=1, *, price=None, retake=None, hours=Decimal(100),
                renewal_cost=None, years=None) -> CostOption:
    cert = KNOWN[cert_id]
    price = cert.price if price is None else price
    return CostOption(slot=slot, cert=cert, price=price, price_is_yours=False,
                      retake_price=price if retake is None else retake, retake_origin="yours",
                      renewal_cost=renewal_cost if years else None, renewal_years=years,
                      renewal_origin="yours" if years else "none", study_hours=hours)


@st.composite
def options(draw, smallest=2):
    kinds = ["google_career_certificate", "linkedin_learning", "comptia_a_plus", "pmi_capm",
             "hubspot_academy"]
    made = []
    for slot in range(1, draw(st.integers(smallest, 3)) + 1):
        years = draw(renewal_years)
        made.append(cost_option(draw(st.sampled_from(kinds)), slot, price=draw(prices),
                                retake=draw(prices), hours=draw(study_hours),
                                renewal_cost=draw(prices) if years else None, years=years))
    return made


@given(prices, study_hours, weekly_hours, weekly_hours, chances, renewal_years, horizons)
def test_more_study_hours_a_week_never_makes_a_subscription_dearer(
        price, hours, weekly_a, weekly_b, chance, years, horizon):
    option = cost_option("google_career_certificate", price=price, hours=hours,
                         renewal_cost=price, years=years)
    slow, fast = sorted([weekly_a, weekly_b])
    assert (option_cost(option, fast, chance, horizon).total
            <= option_cost(option, slow, chance, horizon).total)


@given(prices, prices, study_hours, weekly_hours, renewal_years, horizons)
def test_a_zero_retake_chance_adds_nothing(price, retake, hours, weekly, years, horizon):
    option = cost_option("comptia_a_plus", price=price, retake=retake, hours=hours,
                         renewal_cost=price, years=years)
    cost = option_cost(option, weekly, Decimal(0), horizon)
    assert cost.expected_retake == 0
    assert cost.total == price + cost.renewal_total


@given(prices, study_hours, weekly_hours)
def test_rounding_up_to_billing_periods_is_exact(price, hours, weekly):
    months = months_needed(hours, weekly)
    periods = whole_periods(months)
    assert periods - 1 < months <= periods
    option = cost_option("google_career_certificate", price=price, hours=hours)
    cost = option_cost(option, weekly, Decimal(0), 3)
    assert cost.study_cost == price * periods == cost.total
    assert cost.billed_months == periods


@given(options(smallest=1), weekly_hours, chances, horizons)
def test_totals_are_the_sum_of_the_payments_and_never_negative(made, weekly, chance, horizon):
    for option in made:
        cost = option_cost(option, weekly, chance, horizon)
        paid = payments(option, cost)
        last = max(month for month, _ in paid) if paid else 0
        running = cumulative_costs(paid, list(range(last + 1)))
        assert cost.total >= 0 and cost.per_study_hour >= 0
        assert running == sorted(running)
        assert (running[-1] if running else 0) == cost.total
        assert cost.total == cost.study_cost + cost.expected_retake + cost.renewal_total


@settings(max_examples=60, deadline=None)
@given(options(), weekly_hours, chances, horizons)
def test_the_cheapest_option_at_any_weekly_time_is_the_one_the_segments_name(
        made, weekly, chance, horizon):
    segments = cheapest_segments(made, chance, horizon)
    totals = [option_cost(option, weekly, chance, horizon).total for option in made]
    hours = Fraction(weekly)
    here = next(s for s in segments if s.start <= hours and (s.end is None or hours < s.end))
    assert here.cheapest == tuple(i for i, total in enumerate(totals) if total == min(totals))
    for before, after in zip(segments, segments[1:], strict=False):
        assert before.end == after.start and before.cheapest != after.cheapest
        # The flip point shown to the participant really is on the new side of the flip.
        shown = shown_threshold(after)
        at_shown = [option_cost(option, shown, chance, horizon).total for option in made]
        assert after.cheapest == tuple(i for i, t in enumerate(at_shown) if t == min(at_shown))
        # And the one said with "below that" has only the old side of the flip below it.
        below = Fraction(shown_threshold(after, before))
        assert before.start < below <= after.start
        just_below = (max(before.start, below - Fraction(1, 10 ** 6)) + below) / 2
        at_below = [option_cost(option, just_below, chance, horizon).total for option in made]
        assert before.cheapest == tuple(i for i, t in enumerate(at_below) if t == min(at_below))


# --- the comparison the participant reads ---------------------------------------------

GOOGLE_VS_A_PLUS = [entry(1, "google_career_certificate", "150"),
                    entry(2, "comptia_a_plus", "150")]


def test_subscription_vs_upfront_fee_names_the_cheaper_option_and_the_flip():
    result = compare(section(GOOGLE_VS_A_PLUS, hours="5", fail="20"), CERTS)
    google, a_plus = (r.cost for r in result.options)
    assert (google.billed_months, google.total) == (7, Decimal("343.00"))
    assert (a_plus.expected_retake, a_plus.total) == (Decimal("98.40"), Decimal("590.40"))
    assert google.per_study_hour == Decimal("2.29")
    assert result.verdict[0] == ("At 5 hours a week, A: Google Career Certificates is the cheaper "
                                 "option for you: $343.00 in total (against B: CompTIA A+ "
                                 "$590.40).")
    # 12 months x $49 = $588 <= $590.40 from 150 / (12 x 52/12) = 2.88 hours a week up.
    assert result.verdict[1].startswith("The answer flips at about 2.8 hours a week: below "
                                        "that, B: CompTIA A+ would be cheaper")
    slow = compare(section(GOOGLE_VS_A_PLUS, hours="2", fail="20"), CERTS)
    assert "B: CompTIA A+ is the cheaper option" in slow.verdict[0]
    assert "If you could study 2.9 hours a week or more, A: Google Career Certificates" in slow.verdict[1]


def test_the_chart_series_end_at_each_total():
    result = compare(section(GOOGLE_VS_A_PLUS, hours="5", fail="20"), CERTS)
    assert result.series["A"][0] == (0, Decimal("49.00"))
    assert result.series["A"][-1][1] == Decimal("343.00")
    assert result.series["B"][0] == (0, Decimal("492.00"))
    assert result.series["B"][7] == (7, Decimal("590.40"))  # the expected retake, at the end of study
    assert result.series["B"][-1] == (12 * 3 + 7, Decimal("590.40"))
    assert result.chart_key == ("In the chart: A = Google Career Certificates (on Coursera) "
                                "(monthly subscription); B = CompTIA A+ (one-off exam fee).")


def test_the_chart_has_each_options_last_payment_as_a_point():
    """The chart's text says when each option reaches its total; sampled every few months,
    it named the sample after the payment ("172 months from now" for a renewal at 170)."""
    chosen = [*GOOGLE_VS_A_PLUS, entry(3, "linkedin_learning", "150")]
    for hours, horizon in (("5", "10"), ("0.7", "9"), ("3", "7")):
        result = compare(section(chosen, hours=hours, fail="20", horizon=horizon), CERTS)
        for option in result.options:
            series = result.series[option.label]
            total = series[-1][1]
            reached = min(month for month, paid in series if paid == total)
            assert reached == max(month for month, _amount in payments(
                option.option, option.cost)), (hours, horizon, option.label)


def test_three_options_name_the_cheapest_and_where_it_changes():
    chosen = [*GOOGLE_VS_A_PLUS, entry(3, "linkedin_learning", "150")]
    result = compare(section(chosen, hours="5", fail="20"), CERTS)
    # LinkedIn Learning: 7 months x $39.99 = $279.93, below Google's $343.00 at any pace.
    assert result.verdict[0] == ("At 5 hours a week, C: LinkedIn Learning is the cheapest "
                                 "option for you: $279.93 in total (against A: Google Career "
                                 "Certificates $343.00; B: CompTIA A+ $590.40).")
    # 14 months x $39.99 = $559.86 <= $590.40 from 150 / (14 x 52/12) = 2.47 hours a week.
    assert result.verdict[1].startswith("The answer flips at about 2.4 hours a week: below "
                                        "that, B: CompTIA A+ would be cheapest")


def test_equal_totals_are_called_equal():
    result = compare(section([entry(1, "hubspot_academy", "10"),
                              entry(2, "google_analytics", "5")], hours="2"), CERTS)
    assert result.verdict[0] == ("At 2 hours a week, A: HubSpot Academy and B: Google Analytics "
                                 "cost the same: $0.00 each.")


def test_options_without_a_subscription_do_not_depend_on_weekly_hours():
    result = compare(section([entry(1, "comptia_itf_plus", "40"), entry(2, "pmi_capm", "60")],
                             hours="3", fail="50"), CERTS)
    assert [r.cost.total for r in result.options] == [Decimal("201.00"), Decimal("400.00")]
    assert "changes how soon you finish, not which is cheaper" in result.verdict[1]


def test_what_is_assumed_and_what_is_disputed_is_said():
    result = compare(section([entry(1, "azure_fundamentals", "20"),
                              entry(2, "pmi_capm", "60")], hours="5"), CERTS)
    azure, capm = result.options
    assert any("Sources disagree: $99.00 here, $165.00 elsewhere" in n for n in azure.notes)
    assert any("full price again ($99.00)" in n for n in azure.notes)
    assert not any("full price again" in n for n in capm.notes)
    assert any("no renewal figure" in n for n in capm.notes)
    assert any("not entered a chance of failing" in n for n in result.notes)
    assert azure.cost.expected_retake == 0


def test_your_own_figures_replace_the_listed_ones():
    chosen = [entry(1, "azure_fundamentals", "20", price="165", renewal_cost="50",
                    renewal_years="1")]
    result = compare(section(chosen, hours="5", fail="10", horizon="3"), CERTS)
    cost = result.options[0].cost
    assert (cost.study_cost, cost.expected_retake) == (Decimal("165.00"), Decimal("16.50"))
    assert (cost.renewals, cost.renewal_total, cost.total) == (3, Decimal("150.00"),
                                                               Decimal("331.50"))
    assert "Choose another certification to compare" in result.verdict[0]


def test_usd_figures_are_labelled_when_the_profile_uses_another_currency():
    result = compare(section(GOOGLE_VS_A_PLUS, hours="5"), CERTS, profile_currency="EUR")
    assert "not converted" in result.notes[0] and "EUR" in result.notes[0]
    assert "$343.00 USD" in result.verdict[0]


def test_missing_study_hours_or_an_unknown_row_give_a_message_not_a_total():
    result = compare(section([entry(1, "comptia_a_plus"), entry(2, "gone_from_the_file", "9")],
                             hours="5"), CERTS)
    assert [r.cost for r in result.options] == [None, None]
    assert "enter your estimate of the total study hours" in result.options[0].missing
    assert "no longer in the certifications data file" in result.options[1].missing
    assert not result.series
    no_hours = compare(section(GOOGLE_VS_A_PLUS), CERTS)
    assert no_hours.verdict == ["Enter the hours a week you can study to see the totals."]


def test_a_free_certification_costs_nothing_even_with_a_retake_chance():
    result = compare(section([entry(1, "hubspot_academy", "10")], hours="2", fail="50"), CERTS)
    assert result.options[0].cost.total == 0


# --- the explorer ------------------------------------------------------------------

def test_filters_combine():
    shown = filter_certifications(CERTS, field="project_management", max_price=Decimal(400))
    assert [c.id for c in shown] == ["pmi_capm"]
    assert {c.id for c in filter_certifications(CERTS, pricing_model="free")} == {
        "hubspot_academy", "google_analytics"}
    assert filter_certifications(CERTS, level="professional", field="cloud") == []


def test_sorting_by_price_and_by_hours():
    by_price = sort_certifications(CERTS, "price_low")
    assert [c.price for c in by_price] == sorted(c.price for c in CERTS)
    assert sort_certifications(CERTS, "price_high")[0].id == "pmi_pmp"
    # No row has sourced hours, so sorting by hours keeps the file's order.
    assert sort_certifications(CERTS, "hours_low") == CERTS
    assert "keeps the order" in model.explorer_summary(CERTS, len(CERTS), "hours_low")


# --- the plan summary ----------------------------------------------------------------

def test_summary_and_gaps_for_lesson_07():
    assert summarise(EMPTY_SECTION) == []
    assert gaps(EMPTY_SECTION) == ["No certification chosen yet (lesson 03)."]
    half = section([entry(1, "comptia_a_plus")])
    assert gaps(half) == [
        "No weekly study time entered for the certification costs yet (lesson 03).",
        "No study-hours estimate yet for CompTIA A+ (lesson 03)."]
    full = section(GOOGLE_VS_A_PLUS, hours="5", fail="20")
    sentences = summarise(full)
    assert sentences[0] == ("Certifications you are weighing: Google Career Certificates (on "
                            "Coursera) (monthly subscription), CompTIA A+ (one-off exam fee).")
    assert any("A: Google Career Certificates is the cheaper option" in s for s in sentences)
    # Read without the profile (a participant may work in euros): amounts name their currency.
    assert any("$343.00 USD in total" in s for s in sentences)
    assert "A, Google Career Certificates (on Coursera): 150 study hours (your estimate)." in sentences
    own = section([entry(1, "pmi_capm", "80", price="225.00", renewal_years="3")], hours="5")
    assert ("A, Certified Associate in Project Management (CAPM): 80 study hours (your "
            "estimate); your price $225.00 USD; renewed every 3 years (yours).") in summarise(own)
    assert all("<" not in s for s in sentences)
    assert gaps(full) == []


def test_a_plan_that_recorded_the_currency_of_own_prices_still_opens():
    """Plans saved on 2026-12-02 before own prices followed the listed price recorded the
    profile's currency: prices typed in it (₹30,000, more than the $10,000 a USD price may
    be) cannot be counted with listed dollars, so they go and the rest stays."""
    capm = entry(1, "pmi_capm", "80", price="30000.00", renewal_cost="15000.00",
                 renewal_years="3")
    opened = validate_section({"chosen": [capm], "settings": {}, "currency": "INR"})
    assert opened["chosen"][0] == {**capm, "price": "", "renewal_cost": ""}
    assert "currency" not in opened
    in_dollars = entry(1, "pmi_capm", "80", price="225.00")
    assert validate_section({"chosen": [in_dollars], "settings": {}, "currency": "USD"}
                            )["chosen"][0]["price"] == "225.00"


def test_the_results_table_says_how_each_amount_is_reached():
    entry = {"study_hours": "150", "price": "", "retake_price": "", "renewal_cost": "",
             "renewal_years": ""}
    section = {"chosen": [{**entry, "slot": 1, "id": "google_career_certificate"},
                          {**entry, "slot": 2, "id": "comptia_a_plus"}],
               "settings": {"hours_per_week": "5", "fail_chance_percent": "20",
                            "horizon_years": ""}}
    comparison = compare(section, CERTS)
    headers, rows = results_table(comparison)
    assert headers[5].startswith("Renewals in ") and headers[6] == "Total"
    subscription, exam = rows
    assert subscription[3] == "$343.00 (7 × $49.00)" and subscription[6] == "$343.00"
    assert exam[4] == "$98.40 (20% × $492.00)" and exam[6] == "$590.40"
    # "$98.40" was read as a sum nobody pays: what it is, is said.
    assert any("You pay either nothing or the whole fee" in note for note in comparison.notes)


def test_a_certification_is_said_in_a_few_words():
    assert about_text(by_id(CERTS)["aws_cloud_practitioner"]) == (
        "Cloud, foundational; online or at a test centre")
