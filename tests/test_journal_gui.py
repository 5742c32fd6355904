"""Widget tests of the learning journal: dated entries, newest first, editable."""

from __future__ import annotations

from datetime import date

from widgets.journal.gui import LearningJournal

TODAY = date(2027, 3, 10)


def write(view, **values):
    for name, value in values.items():
        view.controls[name].value = value
    view.save_button.click()


def test_a_new_entry_is_dated_today_and_listed_newest_first(session):
    view = LearningJournal(session, today=TODAY)
    assert view.controls["date"].value == "2027-03-10"
    write(view, date="2027-03-01", did="Set up my laptop")
    write(view, did="Presented <b>my</b> chart", feedback="Explain the axis first")
    html = view.listing.value
    assert html.index("2027-03-10") < html.index("2027-03-01")
    assert "Presented &lt;b&gt;my&lt;/b&gt; chart" in html
    assert view.controls["date"].value == "2027-03-10"  # the form is ready for the next one
    assert [e["id"] for e in session.section("journal")["entries"]] == ["entry-1", "entry-2"]
    # The chooser lists them as the journal does (it listed the oldest first).
    assert [value for _label, value in view.chooser.options] == ["", "entry-2", "entry-1"]


def test_a_future_date_or_an_empty_entry_gets_a_message_and_keeps_the_text(session):
    view = LearningJournal(session, today=TODAY)
    write(view, date="2027-03-11", learned="keep this")
    assert "in the future" in view.fields["date"].message.value
    assert view.controls["learned"].value == "keep this"
    write(view, date="2027-03-10", learned="")
    assert "at least one part" in view.fields["did"].message.value
    assert session.section("journal")["entries"] == []


def test_an_entry_can_be_edited_and_removed(session):
    view = LearningJournal(session, today=TODAY)
    write(view, did="First week")
    view.chooser.value = "entry-1"
    assert view.controls["did"].value == "First week"
    # Its hover text said "Add entry" while it read "Save changes".
    assert (view.save_button.description, view.save_button.tooltip) == ("Save changes", None)
    write(view, next_step="Ask for feedback")
    assert session.section("journal")["entries"][0]["next_step"] == "Ask for feedback"
    view.chooser.value = "entry-1"
    view.remove_button.click()
    view.confirm.yes.click()
    assert session.section("journal")["entries"] == []


def test_choosing_another_entry_never_throws_away_what_is_typed_and_not_saved(session):
    view = LearningJournal(session, today=TODAY)
    write(view, did="First week")
    view.controls["learned"].value = "A long reflection, not saved yet"
    view.chooser.value = "entry-1"
    assert view.controls["learned"].value == "A long reflection, not saved yet"
    assert view.chooser.value == "" and view.editing.value == ""
    # Said under the chooser that went back, and read out.
    refusal = view.chooser_field.message.value
    assert "changes that are not saved yet" in refusal and 'role="status"' in refusal
    assert "Press “Add entry” to keep them, or “Clear the entry form” to drop them" in refusal
    view.save_button.click()
    view.chooser.value = "entry-1"  # saved: the entry opens
    assert view.controls["did"].value == "First week"
    view.controls["did"].value = "First week, changed"
    view.chooser.value = "entry-2"
    assert view.editing.value == "entry-1" and view.chooser.value == "entry-1"
    view.clear_button.click()  # dropping the change is the participant's own choice
    view.chooser.value = "entry-2"
    assert view.controls["learned"].value == "A long reflection, not saved yet"
    assert session.section("journal")["entries"][0]["did"] == "First week"


def test_a_new_entry_is_dated_by_the_participants_clock_not_the_servers(browser_session):
    """A dashboard's server often keeps UTC: on a California evening its date is
    tomorrow's, and a new entry took that date without a word."""
    from datetime import datetime, timedelta, timezone

    from tests.fakes import browser_says

    session, store = browser_session
    view = LearningJournal(session)
    browser_says(store, op="restore", sections={}, drafts={}, utc_offset_minutes=-12 * 60)
    utc_now = datetime.now(timezone.utc)
    assert view.controls["date"].value == (utc_now - timedelta(hours=12)).date().isoformat()
    assert session.today() == (utc_now - timedelta(hours=12)).date()
    session.use_participants_clock(14 * 60)  # the other end of the world's time zones
    assert session.today() == (utc_now + timedelta(hours=14)).date()
    assert session.now().utcoffset() == timedelta(hours=14)  # lesson 07's files are made then
    for nonsense in ("-720", 15 * 60, True, None, 1.5):
        session.use_participants_clock(nonsense)
        assert session.today() == (utc_now + timedelta(hours=14)).date()


def test_in_jupyterlab_the_page_gives_the_participants_date_once_the_tools_are_drawn(
        session, monkeypatch):
    """JupyterLab on a JupyterHub or Binder: the server's date (often UTC's) was the only
    one, so a new entry in a California evening was dated tomorrow and refused."""
    from datetime import datetime, timedelta, timezone

    import widgets.session
    from widgets.page_support import page_support

    monkeypatch.setattr(widgets.session, "_current", session)
    view = LearningJournal(session)
    utc_now = datetime.now(timezone.utc)
    # The end of the world's time zones whose date is not the server's now.
    hours = 14 if (utc_now + timedelta(hours=14)).date() != date.today() else -12
    page_support().utc_offset_minutes = hours * 60  # as the page sets it
    assert view.controls["date"].value == (utc_now + timedelta(hours=hours)).date().isoformat()
