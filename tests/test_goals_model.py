"""SMART goal logic: the checks that help, the problems that stop a save, milestones typed
as lines, examples, and the plan summary, against a fixed today."""

from __future__ import annotations

from datetime import date

import pytest

from widgets.goals import model
from widgets.goals.model import EXAMPLES
from widgets.plan import PlanError, validate_section
from widgets.validation import InputError

TODAY = date(2027, 3, 10)


def form(**changes):
    values = model.form_values(None)
    values.update({"title": "Publish my portfolio", "specific": "Put two projects online",
                   "measurable": "2 projects published", "achievable": "4 hours a week",
                   "relevant": "Recruiters can see my work", "target_date": "2027-05-01"})
    values.update(changes)
    return values


def add(section, **changes):
    goal, problems = model.check_form(form(**changes), section, TODAY)
    assert problems == {}
    return model.with_item(section, goal)


# --- SMART checks -----------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("3 mock interviews", True), ("two projects", True), ("once a week", True),
    ("portfolio published", True), ("exam passed", True), ("pull request merged", True),
    ("get better at coding", False), ("learn a lot", False), ("", False),
])
def test_measurable_part_must_name_a_number_or_a_checkable_outcome(text, expected):
    assert model.names_a_measure(text) is expected


def test_smart_checks_name_each_part_and_help_with_what_is_missing():
    checks = {c.part: c for c in model.smart_checks(form(), TODAY)}
    assert list(checks) == ["Specific", "Measurable", "Achievable", "Relevant", "Time-bound"]
    assert all(c.ok for c in checks.values())
    vague = {c.part: c for c in model.smart_checks(
        form(specific="Code", measurable="get better", achievable="", relevant="",
             target_date="soon"), TODAY)}
    assert not any(c.ok for c in vague.values())
    assert "does not name a number" in vague["Measurable"].message
    assert "must be a date like 2027-03-31 (year-month-day; you typed 'soon')" in \
        vague["Time-bound"].message
    # A date the calendar does not have was asked for as "YYYY-MM-DD", as if not typed.
    impossible = {c.part: c for c in model.smart_checks(form(target_date="2027-02-30"), TODAY)}
    assert impossible["Time-bound"].message == ("The goal's date: February 2027 has 28 days, "
                                                "so there is no 2027-02-30.")
    assert "(YYYY-MM-DD)" in {c.part: c for c in model.smart_checks(
        form(target_date=""), TODAY)}["Time-bound"].message
    # Saving would refuse it: the hint says so too, instead of a tick.
    today = {c.part: c for c in model.smart_checks(form(target_date=TODAY.isoformat()), TODAY)}
    assert not today["Time-bound"].ok and "not after today" in today["Time-bound"].message


def test_a_goal_missing_smart_parts_is_still_saved_because_checks_only_hint():
    goal, problems = model.check_form(form(specific="", measurable="", achievable="",
                                           relevant="", target_date=""),
                                      model.EMPTY_SECTION, TODAY)
    assert problems == {}
    assert goal["target_date"] == ""


# --- problems that stop a save ----------------------------------------------------------

@pytest.mark.parametrize("changes, field, words", [
    ({"title": "   "}, "title", "cannot be empty"),
    ({"title": "x" * 201}, "title", "too long"),
    ({"measurable": "m" * 501}, "measurable", "too long"),
    ({"target_date": "2027-13-01"}, "target_date", "has month 13, and a year has 12"),
    ({"target_date": "2027-03-10"}, "target_date", "not in the future"),
    ({"target_date": "2026-12-31"}, "target_date", "after today (2027-03-10)"),
    ({"milestones": "next week draft"}, "milestones", "must start with a date"),
    ({"milestones": "2027-04-01"}, "milestones", "say what you will have done"),
    ({"milestones": "2027-03-09 Draft"}, "milestones", "in the past"),
    ({"milestones": "2027-04-01 Draft\n2027-06-01 Too late"}, "milestones",
     "comes after the goal's date (2027-05-01)"),
    ({"phase": "someday"}, "phase", "must be one of"),
])
def test_real_problems_get_a_message_on_their_field(changes, field, words):
    goal, problems = model.check_form(form(**changes), model.EMPTY_SECTION, TODAY)
    assert goal is None
    assert words in problems[field]


def test_a_copy_of_another_goal_is_refused_whatever_its_case_or_punctuation():
    section = add(model.EMPTY_SECTION)
    _, problems = model.check_form(form(title="publish my  PORTFOLIO!"), section, TODAY)
    assert "already have this goal" in problems["title"]
    goal, problems = model.check_form(form(title="Publish my portfolio"), section, TODAY,
                                      editing="goal-1")
    assert problems == {} and goal["id"] == "goal-1"


def test_goals_told_apart_by_a_sign_other_than_punctuation_are_two_goals():
    """"Learn C# basics" was refused as a copy of "Learn C++ basics"."""
    section = add(model.EMPTY_SECTION, title="Learn C++ basics")
    for title in ("Learn C# basics", "Learn C basics", "Learn R&D basics"):
        assert model.check_form(form(title=title), section, TODAY)[1] == {}, title
    assert "already have" in model.check_form(form(title="Learn C++ basics."), section,
                                              TODAY)[1]["title"]


def test_dates_already_saved_may_lie_in_the_past_when_editing_later():
    section = add(model.EMPTY_SECTION, milestones="2027-03-20 First project online")
    later = date(2027, 4, 2)
    goal, problems = model.check_form(
        form(status="active", milestones="2027-03-20 First project online\n"
                                         "2027-04-15 Second project online"),
        section, later, editing="goal-1")
    assert problems == {}
    assert [m["date"] for m in goal["milestones"]] == ["2027-03-20", "2027-04-15"]
    _, problems = model.check_form(form(target_date="2027-04-01"), section, later,
                                   editing="goal-1")
    assert "not in the future" in problems["target_date"]


def test_a_passed_milestone_can_be_reworded_on_its_date_but_no_new_one_added_before_today():
    """A student back after its date wrote "done" on a milestone: refused, as if a past
    date had been chosen anew."""
    section = add(model.EMPTY_SECTION, milestones="2027-03-20 Draft project one")
    later = date(2027, 5, 20)
    reworded = form(target_date="2027-06-01",
                    milestones="2027-03-20 Drafted project one (done)")
    goal, problems = model.check_form(reworded, section, later, editing="goal-1")
    assert problems == {}
    assert goal["milestones"] == [{"date": "2027-03-20", "text": "Drafted project one (done)"}]
    for added in ("2027-04-01 Review", "2027-03-20 Brand new, backdated"):
        _, problems = model.check_form(
            form(target_date="2027-06-01", milestones=f"2027-03-20 Draft\n{added}"),
            section, later, editing="goal-1")
        assert f"is dated {added[:10]}, in the past" in problems["milestones"]


# --- milestones -------------------------------------------------------------------------

def test_milestone_lines_are_read_sorted_and_written_back():
    milestones = model.parse_milestones("2027-04-02: Second\n\n 2027-03-20 - First <b>\n")
    assert milestones == [{"date": "2027-03-20", "text": "First <b>"},
                          {"date": "2027-04-02", "text": "Second"}]
    assert model.milestones_text(milestones) == "2027-03-20 First <b>\n2027-04-02 Second"


@pytest.mark.parametrize("line, message", [
    ("2027-02-30 Draft ready", "Milestone line 1: the date: February 2027 has 28 days, so "
                               "there is no 2027-02-30."),
    ("2027-13-01 Draft ready", "Milestone line 1: the date: 2027-13-01 has month 13"),
    ("next week draft", "Milestone line 1 (“next week draft”) must start with a date like "
                        "2027-03-31"),
])
def test_a_milestone_whose_date_cannot_be_read_says_why(line, message):
    """"2027-02-30" was told to start with a date like 2027-03-31, which it seemed to do."""
    with pytest.raises(InputError) as refused:
        model.parse_milestones(line)
    assert str(refused.value).startswith(message)


def test_too_many_milestones_are_refused():
    text = "\n".join(f"2027-04-{day:02d} Step {day}" for day in range(1, 23))
    with pytest.raises(InputError, match="At most 20 milestones"):
        model.parse_milestones(text)


# --- examples ---------------------------------------------------------------------------

def test_examples_cover_before_and_during_and_the_five_habits():
    phases = {e.phase for e in EXAMPLES}
    assert {"before", "during"} <= phases
    themes = {e.theme for e in EXAMPLES}
    assert {"Set goals", "Seek feedback", "Take initiative", "Build relationships",
            "Document learning"} <= themes


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.title)
def test_every_example_passes_every_smart_check_and_saves(example):
    values = example.form(TODAY)
    assert all(check.ok for check in model.smart_checks(values, TODAY)), example.title
    goal, problems = model.check_form(values, model.EMPTY_SECTION, TODAY)
    assert problems == {}, problems
    assert goal["milestones"][0]["date"] < goal["target_date"]


# --- the section, summary, calendar -----------------------------------------------------

def test_section_validation():
    section = add(model.EMPTY_SECTION)
    assert validate_section("goals", section) == section
    bad = {"items": [{**section["items"][0], "target_date": "May"}]}
    with pytest.raises(PlanError, match="Goal 1's date must be a date"):
        validate_section("goals", bad)
    bad = {"items": [{**section["items"][0], "milestones": [{"date": "2027-04-01"}]}]}
    with pytest.raises(PlanError, match="cannot be empty"):
        validate_section("goals", bad)
    with pytest.raises(PlanError, match="same id"):
        validate_section("goals", {"items": section["items"] * 2})


def test_summary_describes_each_goal_in_full():
    assert model.summarise(model.EMPTY_SECTION) == []
    section = add(model.EMPTY_SECTION, milestones="2027-04-01 First online")
    lines = model.summarise(section)
    assert lines[0] == "1 goal, 0 achieved."
    assert lines[1] == ("Goal: Publish my portfolio (before the internship; in progress); what "
                        "exactly: Put two projects online; measured by: 2 projects published; "
                        "realistic because: 4 hours a week; matters because: Recruiters can see "
                        "my work; by 2027-05-01; milestones: 2027-04-01 First online.")


def test_gaps_name_what_is_missing():
    assert model.gaps(model.EMPTY_SECTION) == ["No goals set yet (lesson 06)."]
    undated = add(model.EMPTY_SECTION, target_date="", measurable="be better")
    assert model.gaps(undated) == [
        "No goal has a date yet (lesson 06).",
        "No goal has milestones yet (lesson 06).",
        "1 goal does not say how progress will be measured (lesson 06).",
    ]
    both = add(undated, title="Second goal", milestones="2027-04-01 Start")
    assert model.gaps(both)[0] == "1 goal has no date yet (lesson 06)."


def test_calendar_items_cover_goals_in_progress_and_their_milestones():
    section = add(model.EMPTY_SECTION, milestones="2027-04-01 First online")
    section = add(section, title="Done already", status="achieved")
    items = model.calendar_items(section)
    assert [(i["date"].isoformat(), i["title"]) for i in items] == [
        ("2027-05-01", "Goal due: Publish my portfolio"),
        ("2027-04-01", "Milestone: First online"),
    ]


def test_a_milestone_keeps_its_calendar_id_when_its_date_or_its_neighbours_change():
    """Imported again, the calendar then moves the event instead of adding a second one,
    and a milestone added before it does not take its id."""
    def uids(milestones: str) -> dict[str, str]:
        items = model.calendar_items(add(model.EMPTY_SECTION, milestones=milestones))
        return {item["title"]: item["uid"] for item in items}

    before = uids("2027-04-01 First online")
    moved = uids("2027-04-15 First online")
    assert before == moved and len(set(before.values())) == 2
    added = uids("2027-03-20 Draft ready\n2027-04-01 First online")
    assert added["Milestone: First online"] == before["Milestone: First online"]
    assert len(set(added.values())) == 3
