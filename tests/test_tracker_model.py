"""Application tracker logic: the status pipeline, the form's checks, deadline sorting and
what is highlighted against a fixed today, and the plan summary."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from widgets.plan import PlanError, validate_section
from widgets.tracker import model
from widgets.tracker.model import STATUSES
from widgets.validation import InputError

TODAY = date(2027, 3, 10)


def form(**changes):
    values = model.form_values(None)
    values.update({"organisation": "City Library", "role": "Data intern"})
    values.update(changes)
    return values


def add(section, **changes):
    item, problems = model.check_form(form(**changes), section, TODAY)
    assert problems == {}
    return model.with_item(section, item)


def app(**changes):
    item = {**model.FIELDS, "id": "app-1", "organisation": "Org", "role": "Intern",
            "history": [{"status": changes.get("status", "interested"), "date": "2027-01-01"}]}
    item.update(changes)
    return item


# --- the pipeline -----------------------------------------------------------------------

def test_statuses_form_the_pipeline_of_the_issue():
    assert STATUSES == ("interested", "applied", "interview", "offer", "accepted", "rejected",
                        "withdrawn")



def test_the_status_hint_says_where_an_application_can_go():
    assert model.status_hint(None) == "A new application can start at any stage."
    moved = model.move(app(status="applied"), "interview", TODAY)
    assert model.status_hint(moved) == (
        "Now interview; it can move on to: offer, rejected, withdrawn. Choosing applied "
        "undoes the last move.")
    assert model.status_hint(app(status="rejected")).endswith("it can move on to: nothing (closed).")

@pytest.mark.parametrize("old, new", [
    ("interested", "applied"), ("applied", "interview"), ("interview", "offer"),
    ("offer", "accepted"), ("applied", "offer"), ("applied", "rejected"),
    ("interview", "withdrawn"), ("offer", "rejected"), ("accepted", "withdrawn"),
])
def test_forward_and_closing_moves_are_allowed(old, new):
    assert model.can_move(old, new)
    moved = model.move(app(status=old), new, TODAY)
    assert moved["status"] == new
    assert moved["history"][-1] == {"status": new, "date": "2027-03-10"}


@pytest.mark.parametrize("old, new", [
    ("applied", "interested"), ("offer", "interview"), ("rejected", "applied"),
    ("withdrawn", "offer"), ("accepted", "offer"), ("interested", "accepted"),
])
def test_backward_moves_and_reopening_are_refused_with_the_allowed_ones_named(old, new):
    assert not model.can_move(old, new)
    with pytest.raises(InputError, match=f"cannot go from {old} to {new}"):
        model.move(app(status=old), new, TODAY)


def test_going_back_to_the_previous_stage_undoes_the_last_move():
    item = model.move(app(status="applied"), "interview", TODAY)
    assert model.previous_status(item) == "applied"
    undone = model.move(item, "applied", TODAY)
    assert undone["status"] == "applied"
    assert undone["history"] == [{"status": "applied", "date": "2027-01-01"}]


def test_moving_does_not_change_the_original():
    item = app(status="applied")
    model.move(item, "interview", TODAY)
    assert item["status"] == "applied" and len(item["history"]) == 1


# --- the form ---------------------------------------------------------------------------

def test_a_new_application_gets_an_id_and_its_first_stage_dated_today():
    section = add(model.EMPTY_SECTION, status="applied", deadline="2027-04-01")
    [item] = section["items"]
    assert item["id"] == "app-1"
    assert item["history"] == [{"status": "applied", "date": "2027-03-10"}]
    assert add(section, role="Another role")["items"][1]["id"] == "app-2"


@pytest.mark.parametrize("changes, field, words", [
    ({"organisation": "  "}, "organisation", "cannot be empty"),
    ({"role": ""}, "role", "cannot be empty"),
    ({"deadline": "31/03/2027"}, "deadline", "like 2027-03-31"),
    ({"deadline": "2027-02-30"}, "deadline", "February 2027 has 28 days"),
    ({"next_action": "Call", "next_action_date": "2027-03-09"}, "next_action_date", "in the past"),
    ({"next_action_date": "2027-03-20"}, "next_action", "Say what the next action is"),
    ({"notes": "x" * 2001}, "notes", "too long"),
    ({"organisation": "y" * 201}, "organisation", "too long"),
    ({"status": "hired"}, "status", "must be one of"),
])
def test_bad_input_gets_a_message_on_its_own_field(changes, field, words):
    item, problems = model.check_form(form(**changes), model.EMPTY_SECTION, TODAY)
    assert item is None
    assert words in problems[field]


def test_all_problems_are_reported_at_once():
    _, problems = model.check_form(form(organisation="", role="", deadline="soon"),
                                   model.EMPTY_SECTION, TODAY)
    assert set(problems) == {"organisation", "role", "deadline"}


def test_a_past_deadline_is_accepted_and_shown_as_passed():
    section = add(model.EMPTY_SECTION, deadline="2027-03-01")
    assert model.alerts(section["items"][0], TODAY) == ["Deadline passed"]


def test_the_same_organisation_and_role_twice_is_refused():
    section = add(model.EMPTY_SECTION)
    _, problems = model.check_form(form(organisation="city  LIBRARY"), section, TODAY)
    assert "already track" in problems["role"]


def test_editing_keeps_the_id_records_the_move_and_allows_an_old_action_date():
    section = add(model.EMPTY_SECTION, next_action="Email Ana", next_action_date="2027-03-12")
    later = date(2027, 3, 20)
    changed, problems = model.check_form(
        form(status="applied", next_action="Email Ana", next_action_date="2027-03-12",
             notes="sent"), section, later, editing="app-1")
    assert problems == {}
    assert changed["id"] == "app-1"
    assert [s["status"] for s in changed["history"]] == ["interested", "applied"]
    assert model.with_item(section, changed)["items"] == [changed]


def test_editing_refuses_a_move_the_pipeline_does_not_allow():
    section = add(model.EMPTY_SECTION, status="rejected")
    _, problems = model.check_form(form(status="interview"), section, TODAY, editing="app-1")
    assert "cannot go from rejected to interview" in problems["status"]


@pytest.mark.parametrize("typed, note", [
    ("1999-03-05", "1999-03-05 was 28 years ago: check the year"),
    ("2026-03-10", "2026-03-10 was a year ago"),
    ("2062-03-05", "2062-03-05 is 34 years away: check the year"),
    ("2030-03-10", "2030-03-10 is 3 years away"),
    ("2026-04-20", "2026-04-20 has passed: check the year, if you meant 2027-04-20."),
    ("2026-06-01", "2026-06-01 has passed: check the year, if you meant 2027-06-01."),
    ("2026-03-11", "2026-03-11 has passed: check the year, if you meant 2027-03-11."),
    ("2030-03-09", ""), ("2027-03-01", ""), ("2026-06-09", ""),
    ("2027-03-10", ""),
    ("", ""), ("abc", ""), ("2027-02-30", ""),  # no date: the save says what is wrong
])
def test_a_deadline_far_from_today_gets_a_word_about_its_year(typed, note):
    """A slip in the year (2062 for 2026, or last year's date) was kept without a word: a
    deadline may lie in the past, so it is kept, with a note beside it. So is one that
    passed whose date next year is near: in December, January's typed with this year."""
    found = model.deadline_note(typed, TODAY)
    assert found.startswith(note) if note else found == ""


def test_links_are_kept_but_only_web_links_count_as_links():
    assert model.link_note("https://example.org/jobs/1") == ""
    assert "not made clickable" in model.link_note("javascript:alert(1)")
    # Not while a web link is being typed ("h", "http", "https:/"), only once it cannot be.
    assert [model.link_note(typed) for typed in ("h", "HTTP", "https:/", "http://")] == [""] * 4
    assert "not made clickable" in model.link_note("www.x.com")
    section = add(model.EMPTY_SECTION, link="javascript:alert(1)")
    assert section["items"][0]["link"] == "javascript:alert(1)"


def test_removing_an_application():
    section = add(add(model.EMPTY_SECTION), role="Second")
    assert [i["role"] for i in model.without_item(section, "app-1")["items"]] == ["Second"]


# --- sorting and highlighting -----------------------------------------------------------

def test_sorted_by_deadline_with_undated_last_by_organisation():
    items = [app(id="a", organisation="Zeta", deadline=""),
             app(id="b", organisation="Beta", deadline="2027-05-01"),
             app(id="c", organisation="alpha", deadline=""),
             app(id="d", organisation="Delta", deadline="2027-03-15")]
    assert [i["id"] for i in model.by_deadline(items)] == ["d", "b", "c", "a"]


@given(st.permutations([app(id=f"x{n}", organisation=f"Org {n % 3}", role=f"R{n}",
                            deadline=["", "2027-03-11", "2027-04-01"][n % 3]) for n in range(7)]))
def test_deadline_order_does_not_depend_on_the_order_entered(items):
    first = [i["id"] for i in model.by_deadline(items)]
    again = [i["id"] for i in model.by_deadline(list(reversed(items)))]
    assert first == again


@pytest.mark.parametrize("changes, expected", [
    ({"deadline": "2027-03-10"}, ["Deadline today"]),
    ({"deadline": "2027-03-11"}, ["Deadline in 1 day"]),
    ({"deadline": "2027-03-17"}, ["Deadline in 7 days"]),
    ({"deadline": "2027-03-18"}, []),
    ({"deadline": "2027-03-01", "status": "applied"}, []),
    ({"deadline": "2027-03-12", "status": "rejected"}, []),
    ({"next_action": "Call", "next_action_date": "2027-03-09"},
     ["Next action overdue (was due 2027-03-09)"]),
    ({"next_action": "Call", "next_action_date": "2027-03-10"}, ["Next action due today"]),
    ({"next_action": "Call", "next_action_date": "2027-03-09", "status": "withdrawn"}, []),
    ({"next_action": "Sign", "next_action_date": "2027-03-01", "status": "accepted"},
     ["Next action overdue (was due 2027-03-01)"]),
    ({"deadline": "2027-03-12", "next_action": "Call", "next_action_date": "2027-03-01"},
     ["Next action overdue (was due 2027-03-01)", "Deadline in 2 days"]),
])
def test_alerts_against_a_fixed_today(changes, expected):
    assert model.alerts(app(**changes), TODAY) == expected


def test_counts_per_stage_include_every_stage():
    counts = model.counts_by_stage([app(status="applied"), app(status="applied"),
                                    app(status="offer")])
    assert list(counts) == list(STATUSES)
    assert counts["applied"] == 2 and counts["offer"] == 1 and counts["interested"] == 0


# --- the section, summary and calendar --------------------------------------------------

def test_section_validation_reports_bad_shapes_plainly():
    with pytest.raises(PlanError, match="Application 1's deadline must be a date"):
        validate_section("applications", {"items": [app(deadline="next week")]})
    with pytest.raises(PlanError, match="unknown fields: salary"):
        validate_section("applications", {"items": [{**app(), "salary": 1}]})
    with pytest.raises(PlanError, match="same id"):
        validate_section("applications", {"items": [app(), app()]})
    with pytest.raises(PlanError, match="organisation cannot be empty"):
        validate_section("applications", {"items": [app(organisation="")]})


def test_an_old_short_application_gets_the_missing_fields():
    section = validate_section("applications", {"items": [{"id": "app-1", "organisation": "O",
                                                           "role": "R"}]})
    assert section["items"][0]["status"] == "interested"
    assert section["items"][0]["history"] == []


def test_summary_and_gaps():
    assert model.summarise(model.EMPTY_SECTION) == []
    assert model.gaps(model.EMPTY_SECTION) == ["No applications tracked yet (lesson 05)."]
    section = add(model.EMPTY_SECTION, deadline="2027-04-01", link="https://example.org/a",
                  notes="Met <Ana>\nat the fair")
    section = add(section, role="Web intern", status="applied", next_action="Follow up",
                  next_action_date="2027-03-20")
    lines = model.summarise(section)
    assert lines[0] == "2 applications tracked: 1 interested, 1 applied."
    assert lines[1] == ("Data intern at City Library: interested (marked on 2027-03-10); deadline "
                        "2027-04-01; link: https://example.org/a; notes: Met <Ana> at the fair.")
    assert lines[2] == ("Web intern at City Library: applied (marked on 2027-03-10); next: "
                        "Follow up by 2027-03-20.")
    assert model.gaps(section) == ["1 open application has no next action (lesson 05)."]
    undated = add(model.EMPTY_SECTION, next_action="Ask")
    assert ("1 application you are interested in has no deadline yet (lesson 05)."
            in model.gaps(undated))


def test_calendar_items_cover_open_deadlines_and_next_actions_only():
    section = add(model.EMPTY_SECTION, deadline="2027-04-01", next_action="Ask Ana",
                  next_action_date="2027-03-15", link="javascript:x")
    section = add(section, role="Closed", status="rejected", deadline="2027-04-02",
                  next_action="x", next_action_date="2027-03-16")
    items = model.calendar_items(section)
    assert [(i["date"].isoformat(), i["title"]) for i in items] == [
        ("2027-04-01", "Deadline: Data intern at City Library"),
        ("2027-03-15", "Next step for Data intern at City Library: Ask Ana"),
    ]
    assert {i["link"] for i in items} == {""}
    assert items[0]["uid"] != items[1]["uid"]
