"""Learning journal logic: dated entries, newest first, editing, and the plan summary."""

from __future__ import annotations

from datetime import date

import pytest

from widgets.journal import model
from widgets.plan import PlanError, validate_section

TODAY = date(2027, 3, 10)


def add(section, **values):
    form = {**model.form_values(None, TODAY), "did": "Cleaned data", **values}
    entry, problems = model.check_form(form, section, TODAY)
    assert problems == {}
    return model.with_item(section, entry)


def test_an_empty_form_is_dated_today():
    assert model.form_values(None, TODAY) == {"date": "2027-03-10", "did": "", "learned": "",
                                              "feedback": "", "next_step": ""}


@pytest.mark.parametrize("values, field, words", [
    ({"date": ""}, "date", "is needed"),
    ({"date": "10.03.2027"}, "date", "like 2027-03-31"),
    ({"date": "2027-03-11"}, "date", "in the future"),
    ({"did": "", "learned": " ", "feedback": "", "next_step": ""}, "did", "at least one part"),
    ({"feedback": "f" * 1001}, "feedback", "too long"),
])
def test_bad_entries_get_a_message_on_their_field(values, field, words):
    form = {**model.form_values(None, TODAY), "did": "Something", **values}
    entry, problems = model.check_form(form, model.EMPTY_SECTION, TODAY)
    assert entry is None
    assert words in problems[field]


def test_entries_are_listed_newest_first_and_same_day_by_order_written():
    section = add(model.EMPTY_SECTION, date="2027-03-01", did="first")
    section = add(section, date="2027-03-08", did="second")
    section = add(section, date="2027-03-01", did="third")
    assert [e["did"] for e in model.newest_first(section["entries"])] == ["second", "third", "first"]
    assert [e["id"] for e in section["entries"]] == ["entry-1", "entry-2", "entry-3"]


def test_editing_changes_only_that_entry():
    section = add(add(model.EMPTY_SECTION, did="one"), did="two")
    form = {**model.form_values(model.find(section, "entry-1"), TODAY), "learned": "more"}
    entry, problems = model.check_form(form, section, TODAY, editing="entry-1")
    assert problems == {}
    changed = model.with_item(section, entry)
    assert [(e["did"], e["learned"]) for e in changed["entries"]] == [("one", "more"), ("two", "")]
    assert model.without_item(changed, "entry-1")["entries"][0]["did"] == "two"



def test_an_entry_dated_tomorrow_where_it_was_written_can_still_be_edited():
    """Written in Auckland on its 11 March, opened in Honolulu on the 10th: adding the
    feedback was refused for a date the participant had not touched."""
    written = add(model.EMPTY_SECTION, did="Mock interview")["entries"][0]
    section = model.with_item(model.EMPTY_SECTION, {**written, "date": "2027-03-11"})
    form = {**model.form_values(model.find(section, "entry-1"), TODAY), "feedback": "Good"}
    entry, problems = model.check_form(form, section, TODAY, editing="entry-1")
    assert problems == {} and entry["date"] == "2027-03-11"
    moved = model.check_form({**form, "date": "2027-03-12"}, section, TODAY, editing="entry-1")
    assert "in the future" in moved[1]["date"]

def test_section_validation():
    with pytest.raises(PlanError, match="Journal entry 1 is empty"):
        validate_section("journal", {"entries": [{"id": "e", "date": "2027-01-01"}]})
    with pytest.raises(PlanError, match="date is needed"):
        validate_section("journal", {"entries": [{"id": "e", "did": "x"}]})
    with pytest.raises(PlanError, match="what I learned is too long"):
        validate_section("journal", {"entries": [{"id": "e", "date": "2027-01-01",
                                                  "learned": "x" * 100_000}]})
    with pytest.raises(PlanError, match="same id"):
        validate_section("journal", {"entries": [{"id": "e", "date": "2027-01-01", "did": "x"}] * 2})


def test_summary_and_gaps():
    assert model.summarise(model.EMPTY_SECTION) == []
    assert model.gaps(model.EMPTY_SECTION) == ["No journal entries yet (lesson 06)."]
    section = add(model.EMPTY_SECTION, date="2027-03-01", did="Set up <b>", learned="Git\nrebase")
    assert model.gaps(section) == ["No feedback recorded in the journal yet (lesson 06)."]
    section = add(section, date="2027-03-08", did="", feedback="Clear report", next_step="Ask Ana")
    assert model.summarise(section) == [
        "2 journal entries from 2027-03-01 to 2027-03-08, 1 with feedback.",
        "2027-03-08: Feedback received: Clear report; Next step: Ask Ana.",
        "2027-03-01: What I did: Set up <b>; What I learned: Git rebase.",
    ]
    assert model.gaps(section) == []


def test_chooser_label_is_short():
    section = add(model.EMPTY_SECTION, did="x" * 80)
    label = model.chooser_label(section["entries"][0])
    assert label.startswith("2027-03-10: xxx") and label.endswith("…") and len(label) < 70
