"""The comparison's logic: weighted scores, ranking, filters, explanation, validation."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from widgets.comparison.model import (
    CRITERION_KEYS,
    EMPTY_SECTION,
    EQUAL_WEIGHT,
    MAX_OPTIONS,
    InternshipOption,
    best_possible,
    breakdown_table,
    chart_items,
    copied_entries,
    default_weights,
    editor_texts,
    effective_weights,
    explain,
    filter_options,
    gaps,
    locations,
    new_option,
    option_row,
    options_from_examples,
    parse_option,
    rank_options,
    scenarios_to_copy,
    score,
    section_from,
    sort_ranked,
    summarise,
    total_pay,
    validate_section,
    weights_sentence,
)
from widgets.data import load_table
from widgets.internship_costs import model as costs
from widgets.validation import InputError

EQUAL = {key: EQUAL_WEIGHT for key in CRITERION_KEYS}
ratings = st.fixed_dictionaries({key: st.integers(1, 5) for key in CRITERION_KEYS})
weights = st.fixed_dictionaries({key: st.integers(0, 5) for key in CRITERION_KEYS})


def option(option_id: str, organisation: str = "", **changes) -> InternshipOption:
    base = InternshipOption(id=option_id, organisation=organisation or f"Org {option_id}")
    if "ratings" in changes:
        changes["ratings"] = {**base.ratings, **changes["ratings"]}
    return replace(base, **changes)


options = st.lists(
    st.builds(lambda number, rated, name: option(f"o{number}", name, ratings=rated),
              st.integers(0, 10_000), ratings, st.sampled_from(["Acme", "Beta", "acme", "Zed"])),
    min_size=1, max_size=8, unique_by=lambda item: item.id,
)


def examples() -> list[InternshipOption]:
    counter = iter(range(100))
    added, _ = options_from_examples(load_table("internships"), [],
                                     lambda taken: f"e{next(counter)}")
    return added


# --- scoring and ranking -------------------------------------------------------------------
def test_score_is_weight_times_rating_summed():
    first = option("a", ratings={"hard_skills": 5, "network": 1})
    weights_used = {**{key: 0 for key in CRITERION_KEYS}, "hard_skills": 5, "network": 2}
    assert score(first, weights_used) == 5 * 5 + 2 * 1
    assert best_possible(weights_used) == 35


def test_heavier_weight_decides_like_the_lesson_example():
    # The worked example in lesson 04: A 24 points, B 20 points.
    weights_used = {**{key: 0 for key in CRITERION_KEYS}, "hard_skills": 5, "network": 2}
    a = option("a", "Option A", ratings={"hard_skills": 4, "network": 2})
    b = option("b", "Option B", ratings={"hard_skills": 2, "network": 5})
    ranked = rank_options([b, a], weights_used)
    assert [(item.option.id, item.points, item.rank) for item in ranked] == [
        ("a", 24, 1), ("b", 20, 2)]
    words = " ".join(explain(ranked, weights_used))
    assert "What put Option A ahead: Hard skills (weight 5: rated 4 vs 2)" in words
    assert "Option B is stronger on Professional network (weight 2: rated 5 vs 2)" in words


@given(options, weights, st.randoms())
def test_ranking_does_not_depend_on_the_order_options_were_entered(entered, used, random):
    shuffled = list(entered)
    random.shuffle(shuffled)
    first = [(item.option.id, item.rank, item.points) for item in rank_options(entered, used)]
    second = [(item.option.id, item.rank, item.points) for item in rank_options(shuffled, used)]
    assert first == second


@given(st.lists(st.integers(0, 10_000), min_size=2, max_size=8, unique=True),
       st.integers(1, 5), st.integers(0, 5))
def test_equal_weights_and_equal_ratings_tie(numbers, rating, weight):
    same = [option(f"o{n}", ratings={key: rating for key in CRITERION_KEYS}) for n in numbers]
    ranked = rank_options(same, {key: weight for key in CRITERION_KEYS})
    assert {item.rank for item in ranked} == {1}
    assert len({item.points for item in ranked}) == 1
    assert "tie" in explain(ranked, {key: weight for key in CRITERION_KEYS})[0]


@given(options, weights)
def test_ranks_follow_scores_and_percent_stays_in_range(entered, used):
    ranked = rank_options(entered, used)
    assert [item.points for item in ranked] == sorted((item.points for item in ranked),
                                                      reverse=True)
    for item in ranked:
        assert item.rank == 1 + sum(1 for other in ranked if other.points > item.points)
        assert Decimal(0) <= item.percent <= Decimal(100)


@given(options, weights, st.sampled_from(CRITERION_KEYS))
def test_rating_an_option_higher_never_lowers_its_rank(entered, used, criterion):
    target = entered[0]
    assume_higher = min(5, target.ratings[criterion] + 1)
    better = replace(target, ratings={**target.ratings, criterion: assume_higher})
    before = next(item.rank for item in rank_options(entered, used) if item.option.id == target.id)
    after = next(item.rank for item in rank_options([better, *entered[1:]], used)
                 if item.option.id == target.id)
    assert after <= before


def test_explanation_names_the_gap_and_how_close_it_is():
    top = option("a", "Alpha", ratings={"hard_skills": 5})
    near = option("b", "Beta", ratings={"hard_skills": 4})
    far = option("c", "Gamma", ratings={key: 1 for key in CRITERION_KEYS})
    words = explain(rank_options([top, near], EQUAL), EQUAL)
    assert words[1].startswith("The runner-up, Beta, is 3 points behind (2.0 percentage points).")
    assert "very close" in words[1]
    assert "clear lead" in explain(rank_options([top, far], EQUAL), EQUAL)[1]


def test_explanation_for_no_option_one_option_and_zero_weights():
    assert "No options" in explain([], EQUAL)[0]
    alone = explain(rank_options([option("a", "Solo")], EQUAL), EQUAL)
    assert alone[0].startswith("Solo scores 90 of 150 points (60.0% of the best possible).")
    assert alone[-1] == "Add another option to compare."
    zero = {key: 0 for key in CRITERION_KEYS}
    assert "Every weight is 0" in explain(rank_options([option("a")], zero), zero)[0]


def test_breakdown_shows_rating_and_points_per_criterion():
    ranked = rank_options([option("a", "Alpha", ratings={"network": 5})], EQUAL)
    headers, rows = breakdown_table(ranked, EQUAL)
    assert headers == ["Criterion (weight)", "1. Alpha"]
    assert rows[1] == ["Professional network (3)", "5 → 15"]
    assert rows[-1] == ["Total", "96 (64.0%)"]


def test_chart_labels_are_rank_and_whole_organisation():
    ranked = rank_options(examples(), EQUAL)
    items = chart_items(ranked)
    assert items[0] == ("1. Example Robotics Co. (fictional)", 80.0)
    assert [value for _, value in items] == sorted((value for _, value in items), reverse=True)


# --- filters and sorting -------------------------------------------------------------------
def test_filters_paid_remote_and_location():
    listed = examples()
    assert len(listed) == 8
    paid = filter_options(listed, paid_only=True)
    assert {item.pay_kind for item in paid} == {"hourly", "stipend"}
    remote = filter_options(listed, remote_only=True)
    assert all(item.remote for item in remote) and len(remote) == 3
    assert [item.location for item in filter_options(listed, location="chicago, il")] == [
        "Chicago, IL"]
    assert "Remote" in locations(listed) and locations(listed) == sorted(locations(listed))


def test_zero_hourly_pay_is_not_paid():
    assert filter_options([option("a", pay_kind="hourly", hourly_pay=Decimal(0))],
                          paid_only=True) == []


def test_sorting_keeps_the_ranks():
    ranked = rank_options(examples(), EQUAL)
    by_pay = sort_ranked(ranked, "pay")
    assert [total_pay(item.option) for item in by_pay] == sorted(
        (total_pay(item.option) for item in ranked), reverse=True)
    assert sorted(item.rank for item in by_pay) == sorted(item.rank for item in ranked)
    by_length = sort_ranked(ranked, "length")
    assert by_length[0].option.weeks == 8
    names = [item.option.title.casefold() for item in sort_ranked(ranked, "name")]
    assert names == sorted(names)
    with pytest.raises(InputError):
        sort_ranked(ranked, "colour")


def test_options_without_a_net_result_sort_last_by_net():
    ranked = rank_options([option("a"), option("b", net_result=Decimal("-5")),
                           option("c", net_result=Decimal("10"))], EQUAL)
    assert [item.option.id for item in sort_ranked(ranked, "net")] == ["c", "b", "a"]


def test_table_row_escaping_is_left_to_the_table_and_money_is_formatted():
    row = option_row(rank_options([option("a", "<b>Bold</b>", hourly_pay=Decimal("24.75"),
                                          weeks=10, net_result=Decimal("-120"))], EQUAL)[0],
                     "EUR")
    assert row[0] == "1. <b>Bold</b>" and row[3] == "€24.75 an hour"
    assert row[5] == "€9,900.00" and row[6] == "-€120.00"


# --- weights -------------------------------------------------------------------------------
def test_weights_default_to_lesson_01_priorities_else_equal():
    assert default_weights(None) == (EQUAL, "equal")
    assert default_weights({"ratings": {}}) == (EQUAL, "equal")
    weights_used, source = default_weights({"ratings": {"network": 5, "resume": 0}})
    assert source == "priorities"
    assert weights_used["network"] == 5 and weights_used["resume"] == 0
    assert weights_used["affordability"] == EQUAL_WEIGHT
    assert weights_used["confidence"] == EQUAL_WEIGHT
    assert "Not rated there" in weights_sentence("priorities", {"ratings": {"network": 5}})


def test_own_weights_win_over_priorities_and_following_weights_stay_current():
    own = {**EQUAL, "network": 1}
    section = section_from([], own, "own")
    assert effective_weights(section, {"ratings": {"network": 5}}) == (own, "own")
    following = section_from([], {**EQUAL, "network": 4}, "priorities")
    assert effective_weights(following, {"ratings": {"network": 2}})[0]["network"] == 2
    # Without the priorities at hand, the saved copy is what the ranking used.
    assert effective_weights(following)[0]["network"] == 4


# --- editing and validation ----------------------------------------------------------------
def typed(**changes) -> dict:
    return {**editor_texts(option("a", "Acme", role="Intern")), **changes}


def parse(currency="USD", **changes):
    return parse_option("a", typed(**changes), remote=False, pay_kind="hourly",
                        ratings={key: 3 for key in CRITERION_KEYS}, currency=currency)


@pytest.mark.parametrize("field, text, words", [
    ("organisation", "  ", "cannot be empty"),
    ("role", "r" * 121, "too long"),
    ("hourly_pay", "lots", "must be a number"),
    ("hourly_pay", "600", "at most 500"),
    ("weeks", "0", "at least 1"),
    ("hours_per_week", "100", "at most 80"),
    ("hours_per_week", "1.500", "read two ways"),
    ("net_result", "abc", "must be a number"),
    ("net_result", "-99999999", "at least"),
    ("notes", "n" * 601, "too long"),
])
def test_each_bad_entry_gets_its_own_message(field, text, words):
    parsed, errors = parse(**{field: text})
    assert parsed is None and list(errors) == [field] and words in errors[field]


def test_net_result_may_be_negative_or_empty():
    assert parse(net_result="-1,950.5")[0].net_result == Decimal("-1950.50")
    assert parse(net_result="−80")[0].net_result == Decimal("-80.00")
    assert parse(net_result="")[0].net_result is None


def test_a_missing_rating_is_reported():
    _, errors = parse_option("a", typed(), remote=False, pay_kind="hourly", ratings={},
                             currency="USD")
    assert errors == {"ratings": "Rate every criterion."}


def test_examples_are_fictional_rows_with_fresh_ids_and_no_duplicates():
    added = examples()
    assert all("(fictional)" in item.organisation for item in added)
    assert len({item.id for item in added}) == 8 and all(item.example for item in added)
    again, skipped = options_from_examples(load_table("internships"), added,
                                           lambda taken: "z" + str(len(taken)))
    assert again == [] and skipped == 8


def test_new_option_gets_a_free_name():
    assert new_option("n", {"New option 1", "New option 2"}).organisation == "New option 3"


def test_section_round_trips_and_empty_meets_the_contract():
    assert validate_section(json.loads(json.dumps(EMPTY_SECTION))) == EMPTY_SECTION
    saved = validate_section(section_from(examples(), EQUAL, "equal"))
    assert validate_section(json.loads(json.dumps(saved))) == saved
    first = saved["options"][0]
    assert first["hourly_pay"] == "24.00" and first["net_result"] == ""


MINIMAL = {"id": "a", "organisation": "A", "weeks": 10, "hours_per_week": "40"}


def test_a_minimal_option_gets_neutral_ratings_and_no_pay():
    checked = validate_section({**EMPTY_SECTION, "options": [MINIMAL]})["options"][0]
    assert checked["ratings"] == {key: 3 for key in CRITERION_KEYS}
    assert checked["pay_kind"] == "hourly" and checked["hourly_pay"] == "0.00"


@pytest.mark.parametrize("change, words", [
    ({"weights": {"network": 9}}, "at most 5"),
    ({"weights": {"network": 3}}, "every criterion"),
    ({"weights_from": "guess"}, "must be one of"),
    ({"currency": "XYZ"}, "currency"),
    ({"options": [{**MINIMAL, "ratings": {"network": 0}}]}, "at least 1"),
    ({"options": [{**MINIMAL, "id": "a b"}]}, "id"),
    ({"options": [{**MINIMAL, "remote": "yes"}]}, "true or false"),
    ({"options": [{**MINIMAL, "weeks": None}]}, "no length in weeks"),
    ({"options": [MINIMAL, MINIMAL]}, "same id"),
    ({"options": [{**MINIMAL, "id": f"x{n}"} for n in range(MAX_OPTIONS + 1)]}, "at most"),
])
def test_bad_sections_are_refused_with_a_message(change, words):
    with pytest.raises(InputError, match=words):
        validate_section({**EMPTY_SECTION, **change})


def test_lesson_02s_scenarios_are_offered_only_in_the_shortlists_currency():
    """The kit never converts: a net result in euros is no amount for a dollar shortlist."""
    scenarios = costs.section_from(costs.presets()[:2], "EUR")
    assert scenarios_to_copy(scenarios, "EUR") == [
        ("Paid on-site: net result €6,198.80", "example-paid"),
        ("Unpaid on-site: net result -€1,950.00", "example-unpaid")]
    assert scenarios_to_copy(scenarios, "USD") == []
    assert copied_entries(scenarios, "example-paid") == {
        "pay_kind": "hourly", "hourly_pay": "22.06", "stipend": "0.00", "weeks": "12",
        "hours_per_week": "40", "net_result": "6198.80"}
    assert copied_entries(scenarios, "removed in another tab") == {}


def test_summary_and_gaps():
    assert gaps(EMPTY_SECTION) == ["No internships on your shortlist yet (lesson 04)."]
    one = section_from([option("a", "Solo")], EQUAL, "equal")
    assert "Only one" in gaps(one)[0]
    noted = [replace(examples()[0], notes="Ask about housing <b>help</b>"), *examples()[1:]]
    lines = summarise(section_from(noted, EQUAL, "equal"))
    assert lines[0] == "Your shortlist has 8 options, ranked with equal weights."
    assert "ranks first" in lines[1]
    # Every option, with what was entered for it: the printed plan is made from these.
    details = [line for line in lines if line[0].isdigit()]
    assert len(details) == 8
    assert details[0].startswith("1. Example Robotics Co. (fictional) – Mechanical engineering "
                                 "intern (score ")
    assert "Pittsburgh, PA; $24.00 an hour; 12 weeks × 40 h; total pay $11,520.00" in details[0]
    assert details[0].endswith("Your notes: Ask about housing <b>help</b>")
    one_week = [replace(examples()[0], weeks=1)]
    assert "; 1 week × 40 h;" in summarise(section_from(one_week, EQUAL, "equal"))[-1]
    assert gaps(section_from(examples(), EQUAL, "equal")) == []
    in_pounds = summarise(section_from(examples(), EQUAL, "equal", "GBP"))
    assert "£24.00 an hour" in " ".join(in_pounds) and "£24.00 an hour" not in " ".join(lines)
    # Lesson 07 and the take-home files warn as lesson 04 does: these are US dollars.
    assert in_pounds[-1].startswith("The example options are US internships, paid "
                                    "in US dollars: shown in GBP")
    assert not any("example options are US internships" in line for line in lines)


def test_pay_typed_in_another_currency_is_refused_not_read_as_the_profiles():
    option, errors = parse(currency="INR", hourly_pay="$20")
    assert option is None and "counted in INR" in errors["hourly_pay"]
    option, errors = parse(currency="INR", hourly_pay="INR 600")
    assert errors == {} and option.hourly_pay == Decimal("600.00")


def test_an_empty_pay_of_the_kind_chosen_is_refused_not_read_as_no_pay():
    """An empty hourly pay counted as nothing: the option read as unpaid, with no message."""
    option, errors = parse(hourly_pay="", stipend="")
    assert option is None and list(errors) == ["hourly_pay"]
    assert "Enter the hourly pay, or choose “Unpaid” under Pay." == errors["hourly_pay"]
    option, errors = parse_option("a", typed(hourly_pay="", stipend=""), remote=False,
                                  pay_kind="unpaid", ratings={key: 3 for key in CRITERION_KEYS},
                                  currency="USD")
    assert errors == {} and option.hourly_pay == option.stipend == 0


def test_the_largest_pay_accepted_follows_the_currency():
    assert "at most 500" in parse(hourly_pay="600")[1]["hourly_pay"]
    option, errors = parse(currency="INR", hourly_pay="600")
    assert errors == {} and option.hourly_pay == Decimal("600.00")
