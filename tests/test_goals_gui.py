"""Widget tests of the SMART goal setter: examples, checks as you type, saving, editing."""

from __future__ import annotations

from datetime import date

from widgets.goals.gui import SmartGoals
from widgets.goals.model import EXAMPLES

TODAY = date(2027, 3, 10)


def fill(view, **values):
    for name, value in values.items():
        view.controls[name].value = value


def test_checks_follow_what_is_typed_before_saving(session):
    view = SmartGoals(session, today=TODAY)
    assert view.checks.value.count("(to do)") == 5
    fill(view, title="Get better", measurable="be good")
    assert "does not name a number" in view.checks.value
    fill(view, measurable="3 mock interviews done", target_date="2027-04-01")
    assert "✓ <strong>Measurable</strong> (done)" in view.checks.value
    assert "✓ <strong>Time-bound</strong> (done)" in view.checks.value


def test_an_example_fills_an_empty_form_but_never_overwrites_typing(session):
    view = SmartGoals(session, today=TODAY)
    view.use_example.click()
    assert "Choose an example" in view.example_message.value
    view.example.value = 2
    view.use_example.click()
    assert view.controls["title"].value == EXAMPLES[2].title
    assert view.controls["target_date"].value == "2027-03-24"
    fill(view, title="My own words")
    view.example.value = 3
    view.use_example.click()
    assert "already holds a goal" in view.example_message.value
    assert view.controls["title"].value == "My own words"
    view.save_button.click()
    assert view.example_message.value == ""  # no longer about the form as it is now
    assert "Added “My own words (by 2027-03-24)”" in view.message.value
    view.use_example.click()  # the next goal: the form is not the one just added
    assert view.message.value == "" and "Example copied" in view.example_message.value


def test_saving_a_goal_with_a_past_date_shows_why_and_keeps_it(session):
    view = SmartGoals(session, today=TODAY)
    fill(view, title="Finish <script>x</script>", target_date="2027-01-01",
         milestones="2027-02-01 start")
    view.save_button.click()
    assert "not in the future" in view.fields["target_date"].message.value
    assert "in the past" in view.fields["milestones"].message.value
    assert session.section("goals")["items"] == []
    fill(view, target_date="2027-06-01", milestones="2027-04-01 start")
    view.save_button.click()
    [goal] = session.section("goals")["items"]
    assert goal["milestones"] == [{"date": "2027-04-01", "text": "start"}]
    assert "Finish &lt;script&gt;x&lt;/script&gt;" in view.listing.value
    assert "<script>" not in view.listing.value


def test_a_copy_of_a_goal_is_refused_and_a_goal_can_be_edited(session):
    view = SmartGoals(session, today=TODAY)
    fill(view, title="Publish my portfolio")
    view.save_button.click()
    fill(view, title="publish my portfolio")
    view.save_button.click()
    assert "already have this goal" in view.fields["title"].message.value
    view.clear_button.click()
    view.chooser.value = "goal-1"
    assert view.controls["title"].value == "Publish my portfolio"
    fill(view, status="achieved")
    view.save_button.click()
    assert session.section("goals")["items"][0]["status"] == "achieved"
    assert "Achieved" in view.listing.value


def test_a_goals_passed_dates_are_marked_while_it_is_in_progress(session):
    """Back two months later, a goal's own date had passed with nothing beside it, while
    its milestones right below said "(date passed)"."""
    view = SmartGoals(session, today=TODAY)
    fill(view, title="Publish my portfolio", target_date="2027-04-01",
         milestones="2027-03-20 Draft")
    view.save_button.click()
    later = SmartGoals(session, today=date(2027, 5, 1))
    assert "Done by:</strong> 2027-04-01 (date passed)" in later.listing.value
    assert "2027-03-20: Draft (date passed)" in later.listing.value
    later.chooser.value = session.section("goals")["items"][0]["id"]
    fill(later, status="achieved")
    later.save_button.click()
    assert "(date passed)" not in later.listing.value  # done: its dates are a record
