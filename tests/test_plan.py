"""The plan document: validation, refusal of bad or newer documents, migration."""

from __future__ import annotations

import json

import pytest

from widgets.plan import (
    SCHEMA_VERSION,
    SECTION_OWNERS,
    PlanDocument,
    PlanError,
    plan_from_dict,
    plan_from_json,
)


def test_new_plan_has_every_section_and_round_trips():
    plan = PlanDocument()
    assert set(plan.sections) == set(SECTION_OWNERS)
    again = plan_from_json(plan.to_json())
    assert again.to_dict() == plan.to_dict()


def test_with_section_validates_and_leaves_the_original_untouched():
    plan = PlanDocument()
    changed = plan.with_section("profile", {**plan.section("profile"), "name": "Sam"})
    assert changed.section("profile")["name"] == "Sam"
    assert plan.section("profile")["name"] == ""
    with pytest.raises(PlanError, match="Field of interest"):
        plan.with_section("profile", {**plan.section("profile"), "field": "astrology"})


def test_section_copy_cannot_change_the_plan():
    plan = PlanDocument()
    copy = plan.section("profile")
    copy["name"] = "changed"
    assert plan.section("profile")["name"] == ""


def test_nested_section_copy_cannot_change_the_plan():
    plan = PlanDocument()
    option = {"id": "opt-1", "organisation": "Acme", "weeks": 10, "hours_per_week": "40",
              "ratings": {"network": 4}}
    plan = plan.with_section("shortlist", {**plan.section("shortlist"), "options": [option]})
    copy = plan.section("shortlist")
    copy["options"][0]["ratings"]["network"] = 1
    copy["options"].append({})
    assert plan.section("shortlist")["options"][0]["ratings"]["network"] == 4
    assert len(plan.section("shortlist")["options"]) == 1
    assert plan.to_dict()["sections"] is not plan.sections


def test_newer_schema_version_is_refused_with_a_clear_message():
    document = PlanDocument().to_dict()
    document["schema_version"] = SCHEMA_VERSION + 1
    with pytest.raises(PlanError, match="newer version of the kit"):
        plan_from_dict(document)


@pytest.mark.parametrize("text, message", [
    ("{not json", "not readable JSON"),
    ("[1, 2]", "no JSON object"),
    ('{"schema_version": "two"}', "no valid schema_version"),
    ('{"schema": "somebody-else", "schema_version": 2}', "not a career workshop plan"),
    ('{"schema_version": 2}', "no 'sections'"),
    ('{"schema_version": 2, "sections": {"horoscope": {}}}', "does not know: horoscope"),
    ('{"schema_version": 2, "sections": {"profile": "Sam"}}', "Section 'profile'"),
])
def test_malformed_documents_are_refused(text, message):
    with pytest.raises(PlanError, match=message):
        plan_from_json(text)


def test_binary_and_huge_files_are_refused():
    with pytest.raises(PlanError, match="not text"):
        plan_from_json(b"\xff\xfe\x00garbage")
    with pytest.raises(PlanError, match="too large"):
        plan_from_json(b" " * 3_000_000)


def test_version_1_plan_is_migrated():
    old = {"schema_version": 1, "profile": {"name": "Ana", "field": "data", "stage": "",
                                           "season": "", "currency": "EUR"}}
    plan = plan_from_dict(old)
    assert plan.section("profile")["name"] == "Ana"
    assert plan.section("profile")["currency"] == "EUR"
    assert plan.to_dict()["schema_version"] == SCHEMA_VERSION


def test_missing_sections_get_their_empty_value():
    plan = plan_from_json(json.dumps({"schema_version": 2, "sections": {}}))
    assert plan.is_empty()
