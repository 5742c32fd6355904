"""Widget tests of the priorities self-assessment (lesson 01)."""

from __future__ import annotations

import json

import widgets
from tests.fakes import browser_says
from widgets.plan import PlanDocument
from widgets.priorities.gui import NOT_RATED, PrioritiesTool


def test_the_lesson_cell_name_opens_the_tool():
    assert widgets.priorities_self_assessment is PrioritiesTool


def test_each_rating_is_saved_to_the_plan_file(session, plan_path):
    tool = PrioritiesTool(session)
    tool.ratings["path_to_offer"].value = 5
    tool.ratings["network"].value = 2
    saved = json.loads(plan_path.read_text())["sections"]["priorities"]
    assert saved == {"ratings": {"path_to_offer": 5, "network": 2}}


def test_ranked_profile_and_chart_with_its_text_alternative(session):
    tool = PrioritiesTool(session)
    assert "Nothing rated yet" in tool.profile.value
    tool.ratings["hard_skills"].value = 4
    tool.ratings["confidence"].value = 5
    html = tool.profile.value
    # The top and bottom lines are read out after each rating (the ranking is further down).
    assert '<div role="status"><p>' in html
    # Not what is not rated yet (up to eight names, again at every rating): only shown.
    said = html.split('<div role="status">', 1)[1].split("</div>", 1)[0]
    assert "What matters least: Hard skills" in said and "Not rated yet" not in said
    assert "<p>Not rated yet: " in html
    assert html.index("Confidence: 5 of 5") < html.index("Hard skills: 4 of 5")
    assert "What matters most to you: Confidence" in html
    assert "<svg" in html and "<figcaption>" in html and "Chart as a table" in html
    assert "How much each benefit matters to you: Confidence 5 of 5; Hard skills 4 of 5." in html
    assert "What to look for" in html and "feedback" in html


def test_choosing_not_rated_removes_a_rating(session):
    tool = PrioritiesTool(session)
    tool.ratings["resume"].value = 3
    tool.ratings["resume"].value = NOT_RATED
    assert session.section("priorities") == {"ratings": {}}
    assert "Nothing rated yet" in tool.profile.value


def test_tool_reopens_with_the_saved_ratings(session):
    PrioritiesTool(session).ratings["company_culture"].value = 1
    again = PrioritiesTool(session)
    assert again.ratings["company_culture"].value == 1
    assert again.ratings["network"].value == NOT_RATED
    assert "Company culture: 1 of 5" in again.profile.value


def test_loading_another_plan_replaces_the_ratings(session):
    tool = PrioritiesTool(session)
    tool.ratings["network"].value = 5
    other = PlanDocument().with_section("priorities", {"ratings": {"resume": 4}})
    session.replace(other)
    assert tool.ratings["network"].value == NOT_RATED
    assert tool.ratings["resume"].value == 4
    assert "A stronger resume: 4 of 5" in tool.profile.value


def test_every_control_is_labelled_and_explained_right_after_it(session):
    tool = PrioritiesTool(session)
    parts = list(tool.widget.children)
    for key, control in tool.ratings.items():
        assert control.description
        assert parts[parts.index(control) + 1] is tool.help[key]
        assert "ck-intro" in tool.help[key].value


def test_under_voila_ratings_wait_for_the_restore_and_drafts_come_back(browser_session):
    session, store = browser_session
    tool = PrioritiesTool(session)
    assert all(control.disabled for control in tool.ratings.values())
    assert set(store.tracked) >= {"priorities.network", "priorities.confidence"}
    saved = json.dumps({"ratings": {"network": 2}})
    # A list's choice is kept as its text (browser_store.js).
    browser_says(store, op="restore", sections={"priorities": saved},
                 drafts={"priorities.confidence": "4 – matters a lot"})
    assert not tool.ratings["network"].disabled
    assert tool.ratings["network"].value == 2
    assert tool.ratings["confidence"].value == 4
    assert session.section("priorities")["ratings"] == {"network": 2, "confidence": 4}
