"""Widget tests of the readiness checklist: answers saved as given, scores shown as a chart
with its text alternative, next steps for the weakest areas."""

from __future__ import annotations

import json

from widgets.readiness.gui import ReadinessChecklist
from widgets.readiness.model import AREAS, QUESTIONS


def test_every_question_has_a_labelled_control_with_its_full_question(session):
    view = ReadinessChecklist(session)
    assert set(view.answers) == set(QUESTIONS)
    for question_id, control in view.answers.items():
        assert control.description == QUESTIONS[question_id].label
        assert control.value == ""


def test_an_answer_is_saved_at_once_and_shown_again(session, plan_path):
    view = ReadinessChecklist(session)
    view.answers["resume.current"].value = "partly"
    saved = json.loads(plan_path.read_text())["sections"]["readiness"]
    assert saved == {"answers": {"resume.current": "partly"}}
    assert ReadinessChecklist(session).answers["resume.current"].value == "partly"
    view.answers["resume.current"].value = ""
    assert session.section("readiness") == {"answers": {}}


def test_scores_chart_and_next_steps_for_the_weakest_areas(session):
    view = ReadinessChecklist(session)
    assert "Answer a question to see your scores" in view.chart.value
    for question in AREAS[0].questions:
        view.answers[question.id].value = "yes"
    view.answers["network.contacts"].value = "no"
    view.answers["interview.mock"].value = "partly"
    chart = view.chart.value
    assert "<svg" in chart and "<figcaption>" in chart
    assert "Academic record 100%; Networking 0%; Interview preparation 50%." in chart
    steps = view.steps.value
    assert steps.index("Networking") < steps.index("Interview preparation")
    assert QUESTIONS["network.contacts"].next_step.split(":")[0] in steps
    assert "Academic record" not in steps
    assert "Not answered yet: Projects and portfolio" in steps


def test_a_replaced_plan_updates_the_controls_without_saving_back(session):
    from widgets.plan import PlanDocument

    view = ReadinessChecklist(session)
    view.answers["cover.draft"].value = "yes"
    session.replace(PlanDocument())
    assert view.answers["cover.draft"].value == ""
    assert session.section("readiness") == {"answers": {}}
