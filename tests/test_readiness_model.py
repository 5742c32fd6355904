"""Readiness checklist logic: answers, scores per area, weakest areas and next steps."""

from __future__ import annotations

import json

import pytest

from widgets.plan import PlanError, plan_from_dict, validate_section
from widgets.readiness import model
from widgets.readiness.model import AREAS, QUESTIONS
from widgets.validation import InputError


def answers(**by_area):
    """Every question of each named area answered the same way."""
    found = {}
    for area in AREAS:
        if area.id in by_area:
            for question in area.questions:
                found[question.id] = by_area[area.id]
    return {"answers": found}


def test_every_area_named_in_the_issue_has_a_few_questions():
    titles = [area.title for area in AREAS]
    assert titles == ["Academic record", "Projects and portfolio", "Resume tailored to the role",
                      "Cover letter", "Networking", "Interview preparation"]
    for area in AREAS:
        assert 3 <= len(area.questions) <= 4, area.id
    interview = " ".join(q.text for q in AREAS[-1].questions).lower()
    for topic in ("coding challenges", "thinking", "role"):
        assert topic in interview


def test_question_labels_are_unique_so_each_control_is_told_apart():
    labels = [q.label for q in QUESTIONS.values()]
    assert len(labels) == len(set(labels))
    assert all(len(label) <= 30 for label in labels)


def test_scores_count_yes_as_full_partly_as_half_over_answered_questions():
    section = {"answers": {"academic.grades": "yes", "academic.courses": "partly"}}
    academic = model.area_scores(section)[0]
    assert (academic.answered, academic.points, academic.percent) == (2, 3, 75)
    assert model.area_scores(section)[1].percent is None


def test_a_half_percent_is_rounded_up_in_every_area():
    area = model.AREAS[0]
    assert model.AreaScore(area, answered=4, points=5).percent == 63  # 62.5
    assert model.AreaScore(area, answered=4, points=3).percent == 38  # 37.5
    assert model.AreaScore(area, answered=3, points=1).percent == 17  # 16.7


def test_weakest_areas_are_the_two_lowest_below_full_marks():
    section = answers(academic="yes", projects="partly", resume="no", networking="partly")
    weakest = [s.area.id for s in model.weakest_areas(section)]
    assert weakest == ["resume", "projects"]  # 0% first, then the first of the 50% ties


def test_next_steps_list_no_answers_before_partly_ones():
    section = {"answers": {"network.profile": "partly", "network.contacts": "no",
                           "network.events": "yes"}}
    [(area, steps)] = model.next_steps(section)
    assert area.id == "networking"
    assert steps == [QUESTIONS["network.contacts"].next_step, QUESTIONS["network.profile"].next_step]


def test_an_all_yes_checklist_has_no_next_steps():
    section = answers(**{area.id: "yes" for area in AREAS})
    assert model.next_steps(section) == []
    assert model.gaps(section) == []


def test_with_answer_sets_and_clears_one_answer():
    section = model.with_answer(model.EMPTY_SECTION, "resume.current", "partly")
    assert section == {"answers": {"resume.current": "partly"}}
    assert model.with_answer(section, "resume.current", "") == {"answers": {}}
    with pytest.raises(InputError):
        model.with_answer(section, "resume.current", "maybe")
    with pytest.raises(InputError):
        model.with_answer(section, "no.such.question", "yes")


def test_validation_rejects_unknown_questions_and_answers_with_a_plain_message():
    with pytest.raises(PlanError, match="unknown questions: made.up"):
        validate_section("readiness", {"answers": {"made.up": "yes"}})
    with pytest.raises(PlanError, match="must be one of: yes, partly, no"):
        validate_section("readiness", {"answers": {"resume.current": "<b>yes</b>"}})
    with pytest.raises(PlanError):
        validate_section("readiness", {"answers": ["yes"]})


def test_validation_keeps_checklist_order_so_a_plan_round_trips():
    section = validate_section("readiness", {"answers": {"interview.mock": "no",
                                                         "academic.grades": "yes"}})
    assert list(section["answers"]) == ["academic.grades", "interview.mock"]
    plan = plan_from_dict({"schema_version": 2, "sections": {"readiness": section}})
    assert plan_from_dict(json.loads(plan.to_json())).section("readiness") == section


def test_chart_items_leave_out_unanswered_areas():
    section = answers(cover_letter="partly")
    assert model.chart_items(section) == [("Cover letter", 50)]


def test_summary_sentences_and_gaps():
    assert model.summarise(model.EMPTY_SECTION) == []
    assert model.gaps(model.EMPTY_SECTION) == ["The readiness checklist is not started yet (lesson 05)."]
    section = answers(resume="no")
    lines = model.summarise(section)
    assert lines[0] == f"Readiness checklist: 4 of {len(QUESTIONS)} questions answered."
    assert lines[1] == ("Resume tailored to the role: 0% (up-to-date resume no, tailored to "
                        "each role no, results, not duties no, reviewed by someone no).")
    assert lines[2].startswith("Next steps for resume tailored to the role:")
    assert model.gaps(section) == [f"{len(QUESTIONS) - 4} readiness questions are not answered "
                                   "yet (lesson 05)."]
