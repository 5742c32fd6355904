"""Widget tests of the application tracker: add, edit, remove, messages beside the
controls, the sorted list with words for what needs attention, and safe links."""

from __future__ import annotations

import json
from datetime import date
from html.parser import HTMLParser

from tests.fakes import browser_says
from widgets import ui
from widgets.tracker.gui import ApplicationTracker

TODAY = date(2027, 3, 10)


class _Rows(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows: list[tuple[str, list[str]]] = []
        self.cell: list[str] | None = None
        self.in_body = False

    def handle_starttag(self, tag, attrs):
        if tag == "tbody":
            self.in_body = True
        elif tag == "tr" and self.in_body:
            self.rows.append((dict(attrs).get("class") or "", []))
        elif tag == "td" and self.in_body:
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "td" and self.cell is not None:
            self.rows[-1][1].append("".join(self.cell))
            self.cell = None
        elif tag == "tbody":
            self.in_body = False

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def table_rows(html: str) -> list[tuple[str, list[str]]]:
    """Body rows of the tables in ``html``, in order."""
    parser = _Rows()
    parser.feed(html)
    return parser.rows


def fill(view, **values):
    for name, value in values.items():
        view.controls[name].value = value


def add(view, **values):
    fill(view, **{"organisation": "City Library", "role": "Data intern", **values})
    view.save_button.click()


def test_adding_an_application_saves_it_to_the_plan_file_and_clears_the_form(session, plan_path):
    view = ApplicationTracker(session, today=TODAY)
    add(view, deadline="2027-03-14", next_action="Ask for a referral",
        next_action_date="2027-03-12")
    saved = json.loads(plan_path.read_text())["sections"]["applications"]["items"]
    assert [(a["organisation"], a["deadline"], a["status"]) for a in saved] == [
        ("City Library", "2027-03-14", "interested")]
    assert view.controls["organisation"].value == ""
    assert "Added “City Library – Data intern (interested)”" in view.message.value
    assert "City Library – Data intern (interested)" in [label for label, _ in view.chooser.options]


def test_bad_input_gets_messages_beside_the_controls_and_keeps_what_was_typed(session):
    view = ApplicationTracker(session, today=TODAY)
    fill(view, organisation="", role="Intern", deadline="next Friday", notes="keep me")
    view.save_button.click()
    assert "cannot be empty" in view.fields["organisation"].message.value
    assert "like 2027-03-31" in view.fields["deadline"].message.value
    assert view.fields["role"].message.value == ""
    assert "Everything you typed is still in the form" in view.message.value
    # One alert for the refused save; the entries' own errors wait their turn (three
    # alerts at once cut each other off).
    assert 'role="alert"' in view.message.value
    assert all('role="status"' in view.fields[name].message.value
               for name in ("organisation", "deadline"))
    assert view.controls["notes"].value == "keep me"
    assert session.section("applications")["items"] == []


def test_the_list_is_sorted_by_deadline_and_flags_attention_in_words(session):
    view = ApplicationTracker(session, today=TODAY)
    add(view, organisation="Later Org", deadline="2027-04-30")
    add(view, organisation="Soon Org", deadline="2027-03-12")
    add(view, organisation="No Date Org")
    rows = table_rows(view.listing.value)
    assert [cells[0] for _, cells in rows] == ["Soon Org", "Later Org", "No Date Org"]
    assert rows[0] == ("ck-row-alert", ["Soon Org", "Data intern", "Interested",
                                        "Deadline in 2 days", "2027-03-12", "—", "—", ""])
    assert rows[1][0] == "" and rows[1][1][3] == "—"
    assert "Interested 3" in view.stages.value  # the chart's text alternative


def test_the_chooser_lists_the_applications_as_the_table_does(session):
    view = ApplicationTracker(session, today=TODAY)
    add(view, organisation="Later Lab", deadline="2027-05-01")
    add(view, organisation="Soon Corp", deadline="2027-03-20")
    assert [label for label, _value in view.chooser.options][1:] == [
        "Soon Corp – Data intern (interested)", "Later Lab – Data intern (interested)"]


def test_overdue_next_action_shows_on_a_later_day(session):
    add(ApplicationTracker(session, today=TODAY), next_action="Call", next_action_date="2027-03-11")
    later = ApplicationTracker(session, today=date(2027, 3, 15))
    assert "Next action overdue (was due 2027-03-11)" in later.listing.value


def test_a_deadline_far_from_today_is_kept_with_a_word_beside_it(session):
    view = ApplicationTracker(session, today=TODAY)
    fill(view, deadline="2062-03-05")
    assert "2062-03-05 is 34 years away: check the year" in view.deadline_hint.value
    add(view)
    assert view.items()[0]["deadline"] == "2062-03-05"
    assert view.deadline_hint.value == ""  # the form is empty again
    fill(view, deadline="2027-04-01")
    assert view.deadline_hint.value == ""


def test_only_web_links_are_clickable_and_typed_html_is_escaped(session):
    view = ApplicationTracker(session, today=TODAY)
    add(view, organisation="<img src=x onerror=alert(1)>", link="https://example.org/a?b=1&c=2")
    fill(view, link="javascript:alert(1)")
    assert "not made clickable" in view.link_hint.value
    add(view, role="Other")
    assert view.link_hint.value == ""
    html = view.listing.value
    assert '<a href="https://example.org/a?b=1&amp;c=2"' in html
    assert table_rows(html)[1][1][6] == "javascript:alert(1)"  # kept, shown as text
    assert 'href="javascript' not in html and "javascript:alert(1)" in html
    assert "<img" not in html and "&lt;img src=x" in html
    # Every row's link says "Open the posting"; a screen reader hears whose posting it is.
    assert 'aria-label="Open the posting: &lt;img src=x onerror=alert(1)&gt;, ' in html


def test_editing_moves_along_the_pipeline_and_refuses_a_wrong_move(session):
    view = ApplicationTracker(session, today=TODAY)
    add(view)
    view.chooser.value = "app-1"
    assert view.controls["organisation"].value == "City Library"
    assert view.save_button.description == "Save changes"
    assert "it can move on to: applied" in view.status_hint.value
    view.controls["status"].value = "applied"
    view.save_button.click()
    assert session.section("applications")["items"][0]["status"] == "applied"
    view.chooser.value = "app-1"
    view.controls["status"].value = "interested"  # one step back undoes the slip
    view.save_button.click()
    assert session.section("applications")["items"][0]["history"] == [
        {"status": "interested", "date": "2027-03-10"}]
    view.chooser.value = "app-1"
    view.controls["status"].value = "accepted"
    view.save_button.click()
    assert "cannot go from interested to accepted" in view.fields["status"].message.value
    assert session.section("applications")["items"][0]["status"] == "interested"


def test_an_edit_restored_after_a_reload_still_saves_to_the_same_application(session):
    add(ApplicationTracker(session, today=TODAY))
    view = ApplicationTracker(session, today=TODAY)
    # Under Voila the browser puts back the drafts: which entry was being changed, and the text.
    view.editing.value = "app-1"
    fill(view, organisation="City Library", role="Data intern", notes="typed before the reload")
    assert view.save_button.description == "Save changes"
    view.save_button.click()
    items = session.section("applications")["items"]
    assert [(a["id"], a["notes"]) for a in items] == [("app-1", "typed before the reload")]


def test_removing_asks_first_and_then_removes(session):
    view = ApplicationTracker(session, today=TODAY)
    add(view)
    view.chooser.value = "app-1"
    view.remove_button.click()
    assert ui.is_shown(view.confirm)
    view.confirm.no.click()
    assert len(session.section("applications")["items"]) == 1
    view.remove_button.click()
    view.confirm.yes.click()
    assert session.section("applications")["items"] == []
    assert "Removed" in view.message.value
    assert view.save_button.description == "Add application"


def test_clearing_the_form_returns_to_a_new_application(session):
    view = ApplicationTracker(session, today=TODAY)
    add(view)
    view.chooser.value = "app-1"
    view.clear_button.click()
    assert view.editing.value == "" and view.controls["organisation"].value == ""
    assert view.chooser.value == ""


def test_a_loaded_plan_replaces_the_list_but_keeps_the_form(session):
    view = ApplicationTracker(session, today=TODAY)
    add(view)
    fill(view, organisation="half typed")
    from widgets.plan import PlanDocument

    session.replace(PlanDocument())
    assert "No applications yet" in view.listing.value
    assert view.controls["organisation"].value == "half typed"


def _another_tab_saves(store, session, **changes):
    """Another tab changes app-1 and saves the list; this page hears of it."""
    items = [dict(item, **changes) if item["id"] == "app-1" else item
             for item in session.section("applications")["items"]]
    browser_says(store, op="external", section="applications", text=json.dumps({"items": items}))


def test_an_entry_changed_in_another_tab_is_taken_into_the_form_never_undone(browser_session):
    """With the form left open on an entry, a note saved to it in another tab was undone
    without a word by the next "Save changes" here."""
    session, store = browser_session
    view = ApplicationTracker(session, today=TODAY)
    browser_says(store, op="restore", sections={}, drafts={})
    add(view, notes="")
    view.chooser.value = "app-1"
    _another_tab_saves(store, session, notes="from the other tab")
    assert view.controls["notes"].value == "from the other tab"  # untouched here: follows
    assert "was changed in another tab or lesson: the form shows it as saved now" in \
        view.message.value
    fill(view, next_action="Call Ana")  # changed here, not saved yet
    _another_tab_saves(store, session, notes="changed again there", role="Analyst")
    assert view.controls["next_action"].value == "Call Ana"
    assert view.controls["role"].value == "Analyst"
    assert "shows that change, and keeps yours, not saved yet" in view.message.value
    view.save_button.click()
    [saved] = session.section("applications")["items"]
    assert (saved["notes"], saved["role"], saved["next_action"]) == (
        "changed again there", "Analyst", "Call Ana")


def test_a_loaded_plan_ends_the_edit_of_an_entry_of_the_plan_it_replaced(session):
    """Ids start again at app-1 in every plan: the form kept the old plan's entry, in
    "Save changes" mode, and saved it over the loaded plan's entry of that id."""
    view = ApplicationTracker(session, today=TODAY)
    add(view, organisation="ACME")
    view.chooser.value = "app-1"
    loaded = {"items": [dict(session.section("applications")["items"][0],
                             organisation="OtherOrg", notes="from the file")]}
    session.replace(session.plan.with_section("applications", loaded))
    assert view.editing.value == "" and view.controls["organisation"].value == ""
    assert view.save_button.description == "Add application"
    assert session.section("applications") == loaded


def test_clearing_the_plan_empties_the_form(session):
    """On a shared computer the next person found the last one's half-typed notes."""
    view = ApplicationTracker(session, today=TODAY)
    fill(view, organisation="Private Co", notes="my salary hopes")
    session.clear()
    assert all(view.controls[name].value == "" for name in ("organisation", "notes"))


def test_a_question_about_an_entry_another_tab_changed_goes_and_never_removes_another(
        browser_session):
    """The question names the entry when asked: once another tab changed the list, a Yes
    pressed late must not remove whichever entry is chosen by then."""
    session, store = browser_session
    view = ApplicationTracker(session, today=TODAY)
    browser_says(store, op="restore", sections={}, drafts={})
    add(view, organisation="City Library")
    add(view, organisation="Town Museum")
    view.chooser.value = "app-1"
    view.remove_button.click()
    yes = view.confirm.yes
    other_tab = {"items": [item for item in session.section("applications")["items"]
                           if item["id"] != "app-1"]}
    browser_says(store, op="external", section="applications", text=json.dumps(other_tab))
    assert not view.confirm.asking
    yes.click()  # a click already on its way
    assert [item["organisation"] for item in session.section("applications")["items"]] == [
        "Town Museum"]


def test_the_question_names_its_entry_and_goes_when_another_is_chosen(session):
    """A helper chose another application while the question was open, answered Yes, and
    the one first asked about was removed, although the form showed the other."""
    view = ApplicationTracker(session, today=TODAY)
    add(view, organisation="Alpha Lab")
    add(view, organisation="Beta Corp")
    view.chooser.value = "app-1"
    view.remove_button.click()
    assert "Remove “Alpha Lab – Data intern" in view.confirm.question.value
    yes = view.confirm.yes
    view.chooser.value = "app-2"
    assert not view.confirm.asking
    yes.click()
    assert len(session.section("applications")["items"]) == 2
