"""The priorities section: validation, the ranked profile, summary sentences and gaps."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from widgets.plan import PlanDocument, PlanError, plan_from_json
from widgets.priorities.model import (
    BENEFIT_KEYS,
    BENEFITS,
    EMPTY_SECTION,
    default_weights,
    gaps,
    profile_sentences,
    ranked_profile,
    summarise,
    tips,
    unrated,
    validate_section,
)
from widgets.validation import InputError

ratings_strategy = st.dictionaries(st.sampled_from(BENEFIT_KEYS), st.integers(0, 5))


def section(**ratings) -> dict:
    return validate_section({"ratings": ratings})


def test_empty_section_is_valid_and_has_one_gap():
    assert validate_section(json.loads(json.dumps(EMPTY_SECTION))) == EMPTY_SECTION
    assert gaps(EMPTY_SECTION) == ["No priorities rated yet (lesson 01)."]
    assert summarise(EMPTY_SECTION) == []


def test_ratings_typed_as_text_or_float_become_whole_numbers():
    assert section(network="4", resume=2.0)["ratings"] == {"network": 4, "resume": 2}


@pytest.mark.parametrize("bad", [6, -1, 2.5, "lots", True, [3]])
def test_out_of_range_or_odd_ratings_are_refused(bad):
    with pytest.raises(InputError):
        validate_section({"ratings": {"network": bad}})


def test_unknown_benefit_is_refused_with_its_name():
    with pytest.raises(InputError, match="salary"):
        validate_section({"ratings": {"salary": 5}})


def test_a_bad_section_in_a_plan_file_is_reported_not_raised_raw():
    document = PlanDocument().to_dict()
    document["sections"]["priorities"] = {"ratings": {"network": 9}}
    with pytest.raises(PlanError, match="at most 5"):
        plan_from_json(json.dumps(document))


def test_ranked_profile_puts_the_highest_first_and_ties_share_a_rank():
    ranked = ranked_profile(section(network=3, resume=5, confidence=5, hard_skills=1))
    assert [(item.rank, item.key) for item in ranked] == [
        (1, "resume"), (1, "confidence"), (3, "network"), (4, "hard_skills")]
    assert ranked[0].words == "essential"
    # "1. … 1. …" read as a numbering mistake: a shared place says so.
    assert [item.place for item in ranked] == ["1 (tied)", "1 (tied)", "3", "4"]
    assert "1 (tied). A stronger resume (5 of 5); 1 (tied). Confidence (5 of 5); 3. " in (
        summarise(section(network=3, resume=5, confidence=5, hard_skills=1))[-1])


def test_profile_sentences_name_top_least_and_unrated():
    sentences = profile_sentences(section(network=5, resume=1))
    assert sentences[0] == "What matters most to you: Professional network (5 of 5, essential)."
    assert sentences[1] == "What matters least: A stronger resume (1 of 5)."
    assert sentences[2].startswith("Not rated yet: Real-world experience, Hard skills")


def test_rating_everything_the_same_gets_a_nudge():
    every = {key: 3 for key in BENEFIT_KEYS}
    assert "the same" in profile_sentences(section(**every))[0]
    assert gaps(section(**every)) == []


def test_tips_cover_only_top_benefits_that_matter():
    assert [label for label, _ in tips(section(network=5, hard_skills=4, resume=3,
                                              confidence=5))] == [
        "Professional network", "Confidence", "Hard skills"]
    assert tips(section(network=2, resume=1)) == []


def test_gaps_list_what_is_still_unrated():
    rated = {key: 3 for key in BENEFIT_KEYS if key not in ("confidence", "company_culture")}
    assert gaps(section(**rated)) == [
        "2 of 9 priorities not rated yet: Confidence and Company culture (lesson 01)."]


def test_summary_is_plain_text_in_rank_order():
    lines = summarise(section(network=2, path_to_offer=5))
    assert lines[-1] == ("Your priorities in order: 1. Path to a full-time offer (5 of 5); "
                         "2. Professional network (2 of 5).")
    assert all("<" not in line for line in lines)


def test_default_weights_are_the_rated_benefits_only():
    assert default_weights(section(network=0, resume=4)) == {"network": 0, "resume": 4}


@given(ratings_strategy)
def test_validation_is_idempotent_and_json_safe(ratings):
    once = validate_section({"ratings": ratings})
    assert validate_section(json.loads(json.dumps(once))) == once


@given(ratings_strategy)
def test_ranked_profile_is_sorted_and_covers_every_rated_benefit(ratings):
    checked = section(**ratings)
    ranked = ranked_profile(checked)
    assert [item.rating for item in ranked] == sorted(ratings.values(), reverse=True)
    assert {item.key for item in ranked} == set(ratings)
    assert len(unrated(checked)) == len(BENEFITS) - len(ratings)
    for item in ranked:
        assert item.rank == 1 + sum(1 for value in ratings.values() if value > item.rating)
