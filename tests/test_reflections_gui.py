"""Widget tests of a lesson's question: the answer kept in the plan as it is typed."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import widgets
from tests.fakes import browser_restores, browser_says
from tests.test_my_plan_gui import shown
from widgets.my_plan import model as my_plan
from widgets.my_plan.gui import PlanSummary
from widgets.reflections.gui import LessonQuestion

NOW = datetime(2027, 3, 10, 9, 30, tzinfo=timezone.utc)


def type_in(box, text: str) -> None:
    """Each keystroke's value in turn, as the page sends them."""
    for end in range(1, len(text) + 1):
        box.value = text[:end]


def saved(plan_path) -> dict:
    return json.loads(plan_path.read_text())["sections"]["reflections"]


def test_the_lesson_cell_shows_its_question_and_keeps_the_answer_as_it_is_typed(
        session, plan_path):
    assert widgets.lesson_question is LessonQuestion
    view = LessonQuestion("07", session)
    lead = view.fields["07"].children[0]
    assert "one thing in your plan you will do in the next seven days" in lead.value
    # Quoted by the lesson's text right above: read out with the box, not shown twice.
    assert "ck-visually-hidden" in lead._dom_classes
    assert view.boxes["07"].description == "Your answer"
    type_in(view.boxes["07"], "Email Ana")
    assert saved(plan_path) == {"07": "Email Ana"}


def test_two_questions_get_two_named_boxes_each_kept_apart(session, plan_path):
    view = LessonQuestion("04", session)
    assert [box.description for box in view.boxes.values()] == [
        "Answer to question 1", "Answer to question 2"]
    view.boxes["04-gut"].value = "Yes"
    view.boxes["04-fact"].value = "The team size"
    assert saved(plan_path) == {"04-gut": "Yes", "04-fact": "The team size"}


def test_a_refused_answer_is_marked_beside_its_box_and_the_plan_keeps_the_last_good_one(
        session, plan_path):
    view = LessonQuestion("04", session)
    view.boxes["04-gut"].value = "Yes"
    view.boxes["04-fact"].value = "Salary"
    view.boxes["04-gut"].value = "z" * 1001
    assert "This answer is too long (1001 characters; at most 1000)" in view.fields["04-gut"].message.value
    assert view.fields["04-fact"].message.value == ""
    assert view.boxes["04-gut"].value == "z" * 1001  # what was typed stays to be shortened
    assert saved(plan_path) == {"04-gut": "Yes", "04-fact": "Salary"}
    view.boxes["04-gut"].value = "No"
    assert view.fields["04-gut"].message.value == ""
    assert saved(plan_path)["04-gut"] == "No"
    view.boxes["04-gut"].value = ""
    assert saved(plan_path) == {"04-fact": "Salary"}


def test_a_plan_loaded_or_another_tabs_answer_shows_in_the_box(session):
    view = LessonQuestion("00", session)
    session.replace(session.plan.with_section("reflections", {"00": "An offer"}))
    assert view.boxes["00"].value == "An offer"


def test_lesson_07_and_the_take_home_files_print_the_question_beside_its_answer(session):
    summary = PlanSummary(session)
    assert "you will do in the next seven days" in shown(summary.content)  # still to do
    LessonQuestion("07", session).boxes["07"].value = "Email <b>Ana</b>"
    html = shown(summary.content)
    assert "Your answer: Email &lt;b&gt;Ana&lt;/b&gt;" in html
    assert "No answer yet to the question at the end of lesson 07" not in html
    printable = my_plan.export("html", session.plan, NOW)
    assert "Your answers to the lessons’ questions" in printable
    assert "next seven days? Your answer: Email &lt;b&gt;Ana&lt;/b&gt;" in printable
    assert "Your answer: Email \\<b>Ana\\</b>" in my_plan.export("markdown", session.plan, NOW)


def test_another_tabs_answer_to_another_question_leaves_the_box_being_typed_in_alone(
        browser_session):
    """Lessons 03 and 07 open in two tabs: each answer saved in 07 rewrote 03's box as the
    plan held it, its last space gone ("I would pay " then "monthly": "I would paymonthly"),
    and keys typed meanwhile lost."""
    session, store = browser_session
    browser_restores(store, {}, {})
    view = LessonQuestion("03", session)
    view.boxes["03"].value = "I would pay "
    assert session.section("reflections") == {"03": "I would pay"}
    browser_says(store, op="external", section="reflections",
                 text=json.dumps({"03": "I would pay", "07": "Email Ana"}))
    assert view.boxes["03"].value == "I would pay "
    view.boxes["03"].value = "I would pay monthly"
    assert session.section("reflections") == {"03": "I would pay monthly", "07": "Email Ana"}
    # Its own question answered in the other tab is shown, as any tool shows another tab's.
    browser_says(store, op="external", section="reflections",
                 text=json.dumps({"03": "Upfront", "07": "Email Ana"}))
    assert view.boxes["03"].value == "Upfront"
